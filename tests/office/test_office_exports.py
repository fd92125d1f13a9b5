"""The office's information written to files (the case list, a workshop's themes, the Progress for
Providers figures): CSV for a spreadsheet with no cell run as a formula, or a PDF report; only the
owner may read the file; each in the audit log. And the new history tables refuse changes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import subprocess

import pytest
import sqlalchemy as sa

from advisor_app.office import day, exports, learning_store, progress, themes
from advisor_app.office.tables import INSERT_ONLY
from tests.office import generated as g
from tests.office.helpers import new_office

PASS = "office passphrase 1"
TODAY = dt.date.today()


@pytest.fixture
def office(database_url):
    service = new_office(database_url, PASS)
    yield service
    service.lock()


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_the_case_list_as_a_spreadsheet_and_as_a_report(office, tmp_path):
    [laptop] = g.add_laptops(office.store, ["Jess"])
    g.write(office.store, [g.Made("c1", "C-JL-2026-0001", "Ann Lee", "LS6 2AB", laptop=laptop),
                           g.Made("c2", "C-JL-2026-0002", "=HYPERLINK(x) Evil", "+44 1", laptop=laptop)])
    lines = day.case_lines(office)
    written = exports.export_cases(office, lines, tmp_path / "cases.csv", exports.Format.CSV)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    raw = written.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Person", "Postcode"]
    people = {row[0]: row for row in rows[1:]}
    assert people["C-JL-2026-0001"][1:3] == ["Ann Lee", "LS6 2AB"]
    assert people["C-JL-2026-0002"][1:3] == ["'=HYPERLINK(x) Evil", "'+44 1"]  # text, never a formula
    pdf = exports.export_cases(office, lines, tmp_path / "cases.pdf", exports.Format.PDF, "with Jess").read_bytes()
    assert pdf.startswith(b"%PDF") and "C-JL-2026-0001" in text_of(pdf) and "with Jess" in text_of(pdf)
    entries = [e for e in office.audit_log() if e.action == "export"]
    assert [(e.target, e.details["file"], e.details["rows"]) for e in entries] == [
        ("cases.csv", "cases.csv", 2), ("cases.pdf", "cases.pdf", 2)]


def test_themes_and_figures_as_spreadsheets_and_reports(office, tmp_path):
    g.write(office.store, [g.Made("c1", "C-2026-0001", "Ann Lee", "LS6 2AB", start_on=TODAY - dt.timedelta(days=200),
                                  reviews=[g.Review(TODAY - dt.timedelta(days=5), [
                                      g.Statement("working", "person", "The bus to college"),
                                      g.Statement("not_working", "family", "The bus is late")])])])
    workshop = themes.start_workshop(office, "2026", TODAY - dt.timedelta(days=365), TODAY)
    board = themes.board(office, workshop.id)
    themes.add_theme(office, workshop.id, "Transport", [s.key for s in board.statements])
    board = themes.board(office, workshop.id)
    rows = list(csv.reader(io.StringIO(exports.export_themes(office, board, tmp_path / "t.csv", exports.Format.CSV)
                                       .read_bytes().decode("utf-8-sig"))))
    assert rows[1][:4] == ["Transport", "1", "1", "0"] and rows[2][0] == "Not in a theme yet"
    assert "Transport" in text_of(exports.export_themes(office, board, tmp_path / "t.pdf", exports.Format.PDF).read_bytes())
    found, grades = progress.evidence_figures(office), progress.grades(office)
    figures = list(csv.reader(io.StringIO(exports.export_progress(office, found, grades, tmp_path / "p.csv",
                                                                   exports.Format.CSV).read_bytes().decode("utf-8-sig"))))
    assert len(figures) == 1 + len(found) and figures[1][0] == "People with a costed, outcome-focused plan"
    pdf = exports.export_progress(office, found, grades, tmp_path / "p.pdf", exports.Format.PDF).read_bytes()
    assert "What the cases show" in text_of(pdf)


def test_a_file_that_cannot_be_written_is_one_sentence_and_no_audit_entry(office, tmp_path):
    before = len(office.audit_log())
    with pytest.raises(Exception) as raised:
        exports.export_cases(office, [], tmp_path / "missing" / "cases.csv", exports.Format.CSV)
    assert "\n" not in str(raised.value) and str(raised.value)
    assert len(office.audit_log()) == before


@pytest.mark.parametrize("table", ["report_backs", "self_assessments", "kept_figures", "published_files"])
def test_the_new_history_tables_refuse_changes(office, table):
    assert table in INSERT_ONLY
    progress.record_grade(office, "risk", 3, TODAY)
    progress.keep_figures(office)
    office.store.add_published_file("managers.json", "{}", by="Morgan Hale")
    workshop = themes.start_workshop(office, "2026", TODAY, TODAY)
    with office.store.transaction() as conn:
        learning_store.add_report_back(office.store, conn, workshop_id=workshop.id, sha256="ab" * 32,
                                       content=b"%PDF", cases=1, laptops=1, by="Morgan Hale")
    with office.store.engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
    assert rows >= 1
    for statement in (f"UPDATE {table} SET id = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(sa.exc.DatabaseError, match="never changed or removed"):
            with office.store.transaction() as conn:
                conn.execute(sa.text(statement))
    with office.store.engine.connect() as conn:
        assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == rows
