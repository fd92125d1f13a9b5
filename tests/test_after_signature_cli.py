"""The command line after the signature: delivered hours imported from a rota's CSV (a bad file
is one line on stderr, exit 1, nothing written), and every new document made headlessly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from advisor_app.cli import main
from advisor_app.demo import case_named
from advisor_app.services import AdvisorService, statements

PASS = "correct horse battery staple"
KINDS = ("handover", "job-description", "person-specification", "interview-questions", "review",
         "budget-statement")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cli") / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADVISOR_PASS", PASS)
        assert main(["demo-store", "--store", str(directory), "--passphrase-env", "ADVISOR_PASS"]) == 0
    return directory


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ADVISOR_PASS": PASS}
    return subprocess.run([sys.executable, "-m", "advisor_app", *args], capture_output=True, text=True, env=env,
                          timeout=180)


def reference_and_batches(store) -> tuple[str, int]:
    service = AdvisorService.unlock(store, PASS)
    try:
        case = case_named(service, "Leah Moss")
        return service.load_case(case).header.reference, len(service.store.find("delivered_hours", case_id=case))
    finally:
        service.lock()


def test_a_bad_rota_file_is_one_line_and_nothing_is_written(store, tmp_path):
    reference, before = reference_and_batches(store)
    bad = tmp_path / "rota.csv"
    bad.write_text("date,support,amount\n2025-13-01,1,5\n")
    result = run("import-hours", "--store", str(store), "--passphrase-env", "ADVISOR_PASS", "--case", reference,
                 str(bad))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == ["advisor-app: Line 2, date: “2025-13-01” is not a real date."]
    assert reference_and_batches(store)[1] == before


def test_a_good_rota_file_is_imported_into_the_newest_statement(store, tmp_path):
    service = AdvisorService.unlock(store, PASS)
    try:
        case = case_named(service, "Leah Moss")
        day = statements.list_statements(service, case)[-1].period_from
    finally:
        service.lock()
    good = tmp_path / "extra.csv"
    good.write_text(f"date,support,unit,amount,staff\n{day.isoformat()},2,hours,2,Amy Clarke\n")
    reference, before = reference_and_batches(store)
    result = run("import-hours", "--store", str(store), "--passphrase-env", "ADVISOR_PASS", "--case", reference,
                 str(good))
    assert result.returncode == 0, result.stderr
    assert "Imported 1 line(s)" in result.stdout
    assert reference_and_batches(store)[1] == before + 1


@pytest.mark.parametrize("kind", KINDS)
def test_each_new_document_is_made_headlessly(store, tmp_path, kind):
    reference, _ = reference_and_batches(store)
    result = run("documents", "--store", str(store), "--passphrase-env", "ADVISOR_PASS", "--case", reference,
                 "--kind", kind, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = sorted(tmp_path.glob(f"{reference}-{kind}-*.pdf"))
    assert written and written[0].read_bytes().startswith(b"%PDF-")
