"""Case references unique across the organisation, made offline: each laptop numbers its cases
with the code the office gave it at enrollment. Two laptops never make the same reference
(hypothesis); a store from before (schema 1) keeps its references as former ones, still found by
search on the laptop and at the office; a laptop enrolled before codes existed gets one by message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.domain.case import CaseHeader, case_matches, next_reference, parse_reference, reference_code, with_code
from advisor_app.office import queries
from advisor_app.services import AdvisorService, sync
from advisor_app.store import migrations
from advisor_app.store.keys import KdfParams
from advisor_app.sync.enrollment import Enrollment, EnrollmentError
from tests.office.helpers import new_office

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "kettle harbour lantern"

laptop_names = st.text(alphabet=st.sampled_from("ab JjSsLl'-"), max_size=12)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(laptop_names, min_size=2, max_size=6),
       work=st.lists(st.tuples(st.integers(0, 5), st.sampled_from([2025, 2026, 2027])), max_size=60),
       before=st.lists(st.tuples(st.integers(0, 5), st.sampled_from([2025, 2026])), max_size=10))
def test_laptops_creating_cases_offline_never_share_a_reference(names, work, before):
    """The office gives each laptop a code (by name, never one already given); each laptop, offline,
    numbers its own cases, including those made before it was enrolled, renumbered with its code."""
    codes: list[str] = []
    for name in names:
        codes.append(reference_code(name, codes))
    assert len(set(codes)) == len(codes) and all(parse_reference(f"C-{c}-2026-0001") for c in codes)
    made: list[list[str]] = [[] for _ in names]
    for who, year in before:  # made before enrollment: no code yet
        if who < len(names):
            made[who].append(next_reference(made[who], year))
    for who in range(len(names)):
        for index, reference in enumerate(list(made[who])):
            header = with_code(CaseHeader(reference=reference, opened_on=dt.date(2026, 1, 1)), codes[who], made[who])
            made[who][index] = header.reference
            made[who].append(reference)  # the old one stays the laptop's, as a former reference
    for who, year in work:
        if who < len(names):
            made[who].append(next_reference(made[who], year, codes[who]))
    current = [ref for refs in made for ref in refs if parse_reference(ref)[0] is not None]
    assert len(current) == len(set(current))


def test_a_reference_code_from_the_laptop_s_name_and_never_one_taken():
    assert reference_code("Jess Lowe's laptop", []) == "JL"
    assert reference_code("Jess Lowe's laptop", ["JL"]) == "JA"
    assert reference_code("", ["AA"]) == "AB"
    assert next_reference(["C-JL-2026-0007", "C-2026-0009", "C-SB-2026-0010"], 2026, "JL") == "C-JL-2026-0008"
    with pytest.raises(ValueError):
        next_reference([], 2026, "jl")


def test_a_case_keeps_its_old_reference_and_is_found_by_it():
    header = CaseHeader(reference="C-2026-0003", opened_on=dt.date(2026, 2, 1), person_name="Ann Lee",
                        postcode="LS6 2AB")
    coded = with_code(header, "JL", ["C-2026-0003"])
    assert (coded.reference, coded.former_references) == ("C-JL-2026-0001", ["C-2026-0003"])
    assert with_code(coded, "SB", []) == coded  # a reference with a code keeps it
    data = coded.model_dump(mode="json")
    for search in ("c-2026-0003", "JL-2026", "ann", "ls62ab", ""):
        assert case_matches(data, search), search
    assert not case_matches(data, "C-2026-0004") and coded.known_as("c-2026-0003")


def test_an_enrollment_file_with_a_bad_code_is_refused(tmp_path):
    office = new_office(tmp_path / "office", "office passphrase 1")
    data = office.enroll("Jess laptop").as_dict()
    assert data["reference_code"] == "JL"
    with pytest.raises(EnrollmentError, match="damaged or incomplete"):
        Enrollment.from_dict({**data, "reference_code": "j-1"})
    office.store.close()


def _store_from_before(tmp_path) -> AdvisorService:
    """A laptop store as the app before reference codes left it: schema 1, references C-2026-0001..."""
    service = AdvisorService.create(tmp_path / "old", PASSPHRASE, advisor_name="Jess", kdf=FAST)
    for first in ("Ann", "Bo", "Cy"):
        service.create_case(first_name=first, last_name="Lee")
    conn = service.store.db.conn
    conn.execute("DROP TABLE moved_cases")
    conn.execute("PRAGMA user_version = 1")
    service.lock()
    return AdvisorService.unlock(tmp_path / "old", PASSPHRASE)  # migrates to the latest


def test_a_store_from_before_keeps_its_references_as_former_ones_found_on_the_laptop_and_at_the_office(tmp_path):
    service = _store_from_before(tmp_path)
    office = new_office(tmp_path / "office", "office passphrase 1")
    try:
        assert migrations.schema_version(service.store.db.conn) == migrations.LATEST
        old = {c.person_name: c.reference for c in service.list_cases()}
        assert sorted(old.values()) == [f"C-{dt.date.today().year}-000{n}" for n in (1, 2, 3)]
        sync.enroll(service, office.enroll("Jess Lowe").to_bytes())
        now = {c.person_name: c for c in service.list_cases()}
        for name, reference in old.items():
            assert now[name].reference.startswith("C-JL-") and now[name].former_references == (reference,)
            assert [c.person_name for c in service.list_cases(search=reference)] == [name]
        fresh = service.load_case(service.create_case(first_name="Di", last_name="Lee")).header.reference
        assert fresh == f"C-JL-{dt.date.today().year}-0004"
        assert len({c.reference for c in service.list_cases()}) == 4

        data, last = sync.device(service).outgoing()
        assert office.receive(data).result.state == "imported"
        for name, reference in old.items():  # the office finds each case by its old reference too
            [row] = queries.cases(office, search=reference)
            assert row.person_name == name and row.former_references == (reference,)
    finally:
        service.lock()
        office.store.close()


def test_a_laptop_enrolled_before_codes_existed_gets_one_by_message(tmp_path):
    office = new_office(tmp_path / "office", "office passphrase 1")
    service = AdvisorService.create(tmp_path / "sam", PASSPHRASE, advisor_name="Sam", kdf=FAST)
    try:
        enrollment = office.enroll("Sam Brook")
        record = office._enrollment(enrollment.enrollment_id)
        office._save_enrollment(enrollment.enrollment_id, {**record, "reference_code": None})  # as before codes
        data = {**enrollment.as_dict()}
        data.pop("reference_code")
        sync.enroll(service, Enrollment.from_dict(data).to_bytes())
        case_id = service.create_case(first_name="Ruth", last_name="Okafor")
        device = sync.device(service)
        outgoing, _ = device.outgoing()
        office.receive(outgoing)
        applied = device.apply(office.reply_for(service.store.device_id))
        assert applied.kinds.get("reference_code") == 1 and not applied.skipped
        header = service.load_case(case_id).header
        assert header.reference.startswith("C-SB-") and header.former_references[0].startswith("C-20")
    finally:
        service.lock()
        office.store.close()
