"""The office's day over generated cases, on SQLite and PostgreSQL: the worklist finds what each case
was made to need (reviews overdue and due, decisions, countersignatures, handovers, quiet laptops),
the case filters find what they say, the casebook opens a record again only when it changed, and
the office's setting is an administrator's act in the audit log."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor_app.domain.case_filters import CaseFilter
from advisor_app.domain.journey import Stage
from advisor_app.domain.office_users import Role
from advisor_app.domain.reviews import DueState, review_due
from advisor_app.domain.worklist import WorkKind, counts
from advisor_app.office import day
from advisor_app.office.service import NotAllowed, OfficeError, OfficeService
from tests.office import generated as g
from tests.office.helpers import new_office

TODAY = dt.date.today()
PASS = "office passphrase 1"


def made_cases(rnd: random.Random, laptops: list[str], n: int) -> list[g.Made]:
    cases = []
    for i in range(n):
        start = TODAY - dt.timedelta(days=rnd.randint(0, 900)) if rnd.random() < 0.7 else None
        reviews = [g.Review(TODAY - dt.timedelta(days=rnd.randint(-30, 700)),
                            [g.Statement(rnd.choice(g.KINDS), rnd.choice(g.VIEWS), f"{rnd.choice(g.WORDS)} matters")
                             for _ in range(rnd.randint(0, 3))], rnd.random() < 0.5)
                   for _ in range(rnd.randint(0, 2))] if start else []
        risks = [g.Risk(dt.datetime(2026, 1, rnd.randint(1, 28), tzinfo=dt.timezone.utc) if rnd.random() < 0.8 else None,
                        dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc) if rnd.random() < 0.5 else None)
                 for _ in range(rnd.randint(0, 2))]
        signed = rnd.random() < 0.4
        cases.append(g.Made(f"case-{i:05d}-{rnd.randint(0, 10**6)}", f"C-GN-2026-{i + 1:04d}",
                            rnd.choice(["Ann Lee", "Bo Ng", "Cara Dunn", "Dev Patel"]), f"LS{i % 7} 2AB",
                            stage=rnd.choice(g.STAGES), status="closed" if rnd.random() < 0.1 else "open",
                            laptop=rnd.choice(laptops), signed=signed, countersigned=signed and rnd.random() < 0.5,
                            start_on=start, acknowledged=start is not None and rnd.random() < 0.5,
                            reviews=reviews, risks=risks))
    return cases


def expected(cases: list[g.Made]) -> dict[WorkKind, int]:
    """What each case was made to need, counted from how it was made."""
    out = dict.fromkeys(WorkKind, 0)
    for c in cases:
        if c.start_on and c.status == "open":
            due = review_due(c.start_on, [r.held_on for r in c.reviews], TODAY)
            out[WorkKind.REVIEW_OVERDUE] += due.state == DueState.OVERDUE
            out[WorkKind.REVIEW_DUE] += due.state == DueState.DUE
        out[WorkKind.HANDOVER] += bool(c.start_on and not c.acknowledged)
        out[WorkKind.COUNTERSIGN] += c.signed and not c.countersigned
        out[WorkKind.RISK_DECISION] += sum(1 for r in c.risks if r.sent_at and not (r.decided_at and r.decided_at >= r.sent_at))
    return out


@pytest.fixture
def office(database_url):
    service = new_office(database_url, PASS)
    yield service
    service.lock()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_worklist_finds_what_each_case_needs(office, seed):
    laptops = g.add_laptops(office.store, ["Jess", "Sam"])
    cases = made_cases(random.Random(seed), laptops, 60)
    g.write(office.store, cases)
    assert g.sealed(office.store)
    lines = day.worklist(office)
    found = counts(line.item for line in lines)
    want = expected(cases)
    assert {k: found[k] for k in want if k != WorkKind.QUIET_LAPTOP} == {k: v for k, v in want.items()
                                                                       if k != WorkKind.QUIET_LAPTOP}
    assert found[WorkKind.QUIET_LAPTOP] == 0  # enrolled today: not quiet yet
    by_ref = {c.case_id: c.reference for c in cases}
    assert all(line.reference == by_ref[line.item.case_id] for line in lines if line.item.case_id)
    overdue = [line for line in lines if line.item.kind == WorkKind.REVIEW_OVERDUE]
    assert overdue == sorted(overdue, key=lambda line: line.item.when)  # the longest overdue first


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.integers(0, 25))
def test_the_worklist_adds_up_for_any_cases(seed, n):
    with tempfile.TemporaryDirectory() as folder:
        office = new_office(Path(folder) / "office", PASS)
        try:
            cases = made_cases(random.Random(seed), g.add_laptops(office.store, ["Jess"]), n)
            g.write(office.store, cases)
            found = counts(line.item for line in day.worklist(office))
            assert found == {**expected(cases), WorkKind.QUIET_LAPTOP: 0}
        finally:
            office.lock()


def test_the_filters_find_by_name_reference_postcode_advisor_stage_and_overdue(office):
    jess, sam = g.add_laptops(office.store, ["Jess", "Sam"])
    long_ago = TODAY - dt.timedelta(days=500)
    g.write(office.store, [
        g.Made("c1", "C-JL-2026-0001", "Leah Moss", "LS6 2AB", stage="reviews", laptop=jess, start_on=long_ago),
        g.Made("c2", "C-JL-2026-0002", "Tom Brennan", "BD1 1AA", stage="support_plan", laptop=jess),
        g.Made("c3", "C-SN-2026-0001", "Priya Sharma", "LS9 8XY", stage="reviews", laptop=sam,
               start_on=long_ago, reviews=[g.Review(TODAY - dt.timedelta(days=20))])])

    def found(**kw) -> list[str]:
        return sorted(line.reference for line in day.find_cases(office, CaseFilter(**kw)))

    assert found(text="moss") == ["C-JL-2026-0001"] and found(text="ls62ab") == ["C-JL-2026-0001"]
    assert found(text="C-SN") == ["C-SN-2026-0001"]
    assert found(advisor="Jess") == ["C-JL-2026-0001", "C-JL-2026-0002"]
    assert found(stage=Stage.REVIEWS) == ["C-JL-2026-0001", "C-SN-2026-0001"]
    assert found(overdue=True) == ["C-JL-2026-0001"]  # Priya's review was held twenty days ago
    assert found(advisor="Sam", stage=Stage.SUPPORT_PLAN) == []
    assert day.advisors(day.case_lines(office)) == ["Jess", "Sam"]


def test_a_record_is_opened_again_only_when_it_changed(office, monkeypatch):
    g.write(office.store, [g.Made(f"c{i}", f"C-2026-{i:04d}", "Ann Lee", "LS1 1AA", start_on=TODAY) for i in range(5)])
    opened: list[int] = []
    records_data = office.store.records_data
    monkeypatch.setattr(office.store, "records_data", lambda ids: opened.append(len(list(ids))) or records_data(ids))
    stamped: list[int] = []
    record_stamps = office.store.record_stamps
    monkeypatch.setattr(office.store, "record_stamps", lambda entities: stamped.append(1) or record_stamps(entities))
    day.worklist(office)
    first = sum(opened)
    assert first > 0 and stamped
    opened.clear()
    stamped.clear()
    day.worklist(office)
    assert sum(opened) == 0 and not stamped  # no record written since: nothing opened, not even the stamps read
    setup = next(r for r in office.store.records(case_id="c0") if r["entity"] == "setup")
    office.store.put_record("setup", {**setup["data"], "start_on": None, "handed_over_on": None,
                                      "handover_pack_sha256": ""}, case_id="c0", by="test",
                            entity_id=setup["entity_id"], base_version=setup["version"])
    found = counts(line.item for line in day.worklist(office))
    assert sum(opened) == 1 and found[WorkKind.HANDOVER] == 4  # only the changed setup, read again
    assert stamped  # a record was written: the stamps were read to find which


def test_the_quiet_laptop_setting_is_an_administrators_act(office, database_url):
    enrollment = office.enroll("Jess laptop")
    assert day.setting(office, day.SETTINGS["laptop_quiet_days"]) == 14
    later = TODAY + dt.timedelta(days=20)
    assert [line.item.key for line in day.worklist(office, later)] == [enrollment.enrollment_id]
    assert day.change_setting(office, "laptop_quiet_days", 30) == 30
    assert day.worklist(office, later) == []
    assert office.audit_log(newest_first=True)[0].action == "office-setting"
    with pytest.raises(OfficeError, match="is a whole number from 1 to 365, so nothing was changed"):
        day.change_setting(office, "laptop_quiet_days", 0)
    with pytest.raises(OfficeError, match="is not one of the office's settings"):
        day.change_setting(office, "colour", 1)
    office.add_user("Mo Manager", [Role.MANAGER], "manager passphrase 1")
    manager = OfficeService.unlock(database_url, "manager passphrase 1", user="Mo Manager")
    try:
        with pytest.raises(NotAllowed, match="Only an administrator can change the office's settings"):
            day.change_setting(manager, "laptop_quiet_days", 3)
        assert day.setting(manager, day.SETTINGS["laptop_quiet_days"]) == 30
    finally:
        manager.lock()


def test_the_office_counts_every_write_its_readers_depend_on(office):
    """Records, documents and their checks: the casebook gives an answer again only while the count
    stays the same, so each of them must move it."""
    seen = [office.store.records_generation()]

    def moved() -> bool:
        seen.append(office.store.records_generation())
        return seen[-1] != seen[-2]

    g.write(office.store, [g.Made("c1", "C-2026-0001", "Ann Lee", "LS1 1AA", start_on=TODAY)])
    assert moved()
    document = office.store.put_office_document(case_id="c1", kind="signed-agreement", title="Agreement",
                                                content=b"%PDF-1.7 made up", meta={})
    assert moved()
    office.store.add_document_check(document["sha256"], {"still_to_sign": []})
    assert moved()
    office.store.put_office_document(case_id="c1", kind="signed-agreement", title="Agreement",
                                     content=b"%PDF-1.7 made up", meta={})  # the same bytes: nothing written
    assert not moved()
