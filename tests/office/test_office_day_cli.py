"""The office's day and its learning on the command line: ``office worklist``, ``office themes`` and
``office progress``, each signed in as a named user, as text or as JSON; a wrong workshop or an office
with none is one line on stderr and exit 1."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from advisor_app import cli
from advisor_app.office import themes
from tests.office import generated as g
from tests.office.helpers import FAST, new_office

PASS = "office passphrase 1"
TODAY = dt.date.today()


@pytest.fixture
def office_dir(tmp_path, monkeypatch):
    from advisor_app.office import service as office_service

    monkeypatch.setattr(office_service, "DEFAULT_KDF", FAST)
    monkeypatch.setenv("OFFICE_PASS", PASS)
    location = tmp_path / "office"
    office = new_office(location, PASS)
    [laptop] = g.add_laptops(office.store, ["Jess"])
    g.write(office.store, [
        g.Made("c1", "C-JL-2026-0001", "Leah Moss", "LS6 2AB", laptop=laptop, signed=True,
               start_on=TODAY - dt.timedelta(days=400), outcomes=2, linked=2, proposal="accepted", reviews=[
                   g.Review(TODAY - dt.timedelta(days=20), [g.Statement("working", "person", "Swimming on Fridays"),
                                                            g.Statement("not_working", "family", "The late bus")])]),
        g.Made("c2", "C-JL-2026-0002", "Tom Brennan", "BD1 1AA", stage="setup", laptop=laptop,
               risks=[g.Risk(dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc))])])
    office.lock()
    return str(location)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["office", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def signed_in(office_dir: str) -> list[str]:
    return ["--office", office_dir, "--user", "Morgan Hale", "--passphrase-env", "OFFICE_PASS"]


def test_progress_prints_each_figure_with_its_numerator_and_denominator(office_dir, capsys):
    code, out, err = run(capsys, "progress", *signed_in(office_dir), "--json")
    assert (code, err) == (0, "")
    figures = {f["figure"]: f for f in json.loads(out)}
    assert len(figures) == 6
    assert (figures["costed_plans"]["numerator"], figures["costed_plans"]["denominator"],
            figures["costed_plans"]["percent"]) == (1, 2, 50)
    assert figures["signed_contracts"]["indicator"] == "contracts" and figures["signed_contracts"]["numerator"] == 1
    assert figures["risk_reviews"]["percent"] is None  # nothing approved: nothing to count
    code, out, _err = run(capsys, "progress", *signed_in(office_dir))
    assert code == 0 and "People with a costed, outcome-focused plan" in out and "1 of 2" in out


def test_themes_prints_the_newest_workshops_themes_with_their_counts(office_dir, capsys):
    code, _out, err = run(capsys, "themes", *signed_in(office_dir), "--json")
    assert code == 1 and err == ("advisor-app: no themes workshop yet: start one in the office app "
                                 "(the Themes tab)\n")
    from advisor_app.office.service import OfficeService

    office = OfficeService.unlock(office_dir, PASS, user="Morgan Hale")
    workshop = themes.start_workshop(office, "Spring", TODAY - dt.timedelta(days=365), TODAY)
    keys = [s.key for s in themes.board(office, workshop.id).statements]
    themes.add_theme(office, workshop.id, "Getting about", keys[1:])
    office.lock()
    code, out, err = run(capsys, "themes", *signed_in(office_dir), "--json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert found["workshop"]["title"] == "Spring" and found["statements"] == 2
    assert [(t["name"], t["statements"]) for t in found["themes"]] == [("Getting about", 1), ("Not in a theme yet", 1)]
    assert "Swimming" not in out and "Leah" not in out  # counts, not what people said
    code, _out, err = run(capsys, "themes", *signed_in(office_dir), "--workshop", "nope")
    assert code == 1 and err == "advisor-app: no workshop nope at this office\n"


def test_the_worklist_on_the_command_line(office_dir, capsys):
    code, out, err = run(capsys, "worklist", *signed_in(office_dir), "--json")
    assert (code, err) == (0, "")
    kinds = sorted(item["kind"] for item in json.loads(out))
    assert kinds == ["countersign", "handover", "risk_decision"]
    code, out, _err = run(capsys, "worklist", *signed_in(office_dir))
    assert code == 0 and out.strip().endswith("3 thing(s) to do.") and "C-JL-2026-0002" in out


def test_a_wrong_passphrase_is_one_line(office_dir, capsys, monkeypatch):
    monkeypatch.setenv("WRONG", "not it")
    code, out, err = run(capsys, "progress", "--office", office_dir, "--user", "Morgan Hale", "--passphrase-env", "WRONG")
    assert (code, out) == (1, "") and err == "advisor-app: That is not Morgan Hale's passphrase, so nothing was opened.\n"
