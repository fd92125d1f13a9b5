"""The use cases, on a real encrypted store: every save validated, written and journaled together."""

import datetime as dt

import pytest

from advisor_app.domain.journey import Stage, Status
from advisor_app.services import AdvisorService

PASS = "a long enough passphrase"
TODAY = dt.date.today().isoformat()
ENQUIRY = {"received_on": TODAY, "route": "family", "contact_phone": "0113 496 0000",
           "looking_for": "Help to get out", "urgency": "soon", "lives_in": "Leeds", "decision": "pursue"}


@pytest.fixture
def service(tmp_path):
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name="Jess")
    yield service
    service.lock()


def journal(service):
    return list(service.store.db.query("select entity, op, base_version, payload from journal order by seq"))


def test_a_save_writes_the_section_and_one_change_record(service):
    case = service.create_case(first_name="Amara", last_name="Okafor")
    before = len(journal(service))
    result = service.save(case, "enquiry", ENQUIRY)
    assert result.ok and result.version == 1
    changes = journal(service)[before:]
    assert [(c["entity"], c["op"], c["base_version"]) for c in changes] == [("enquiry", "create", None)]
    assert service.load_case(case).sections["enquiry"].data["looking_for"] == "Help to get out"
    again = service.save(case, "enquiry", {**ENQUIRY, "urgency": "urgent"})
    assert again.version == 2
    assert journal(service)[-1]["base_version"] == 1


def test_a_bad_answer_is_refused_with_its_field_and_nothing_written(service):
    case = service.create_case()
    before = service.unsent_count()
    result = service.save(case, "enquiry", {**ENQUIRY, "postcode": "nowhere"})
    assert not result.ok
    assert result.errors == {"postcode": "Please enter a UK postcode, like LS6 2AB."}
    assert service.unsent_count() == before
    assert "enquiry" not in service.load_case(case).sections


def test_saving_the_same_thing_twice_records_no_change(service):
    case = service.create_case()
    service.save(case, "enquiry", ENQUIRY)
    count = service.unsent_count()
    assert service.save(case, "enquiry", dict(ENQUIRY)).ok
    assert service.unsent_count() == count


def test_a_stale_edit_is_not_saved_over_a_newer_one(service):
    case = service.create_case()
    service.save(case, "enquiry", ENQUIRY)
    service.save(case, "enquiry", {**ENQUIRY, "urgency": "urgent"})
    stale = service.save(case, "enquiry", {**ENQUIRY, "urgency": "routine"}, base_version=1)
    assert stale.errors == {"_conflict": "This was changed somewhere else. Please reload it."}
    assert service.load_case(case).sections["enquiry"].data["urgency"] == "urgent"


def test_case_list_searches_name_reference_and_postcode_newest_first(service):
    first = service.create_case(first_name="Priya", last_name="Sharma")
    service.save(first, "person", {"first_name": "Priya", "last_name": "Sharma", "postcode": "BD9 5JE"})
    second = service.create_case(first_name="Tom", last_name="Brennan")
    assert [c.person_name for c in service.list_cases()] == ["Tom Brennan", "Priya Sharma"]
    service.save(first, "enquiry", ENQUIRY)
    assert [c.id for c in service.list_cases()] == [first, second]
    assert [c.person_name for c in service.list_cases("bd95j")] == ["Priya Sharma"]
    assert [c.person_name for c in service.list_cases("brenn")] == ["Tom Brennan"]
    reference = service.load_case(second).header.reference
    assert [c.id for c in service.list_cases(reference.lower())] == [second]
    assert service.list_cases(stage=Stage.FIRST_MEETINGS) == []


def test_moving_on_needs_the_stage_complete(service):
    case = service.create_case()
    blocked = service.move_stage(case, Stage.FIRST_MEETINGS)
    assert not blocked.ok and "Still needed" in blocked.errors["_stage"]
    service.save(case, "enquiry", ENQUIRY)
    assert service.move_stage(case, Stage.FIRST_MEETINGS).ok
    assert service.load_case(case).header.stage == Stage.FIRST_MEETINGS


def test_closing_and_reopening_a_case(service):
    case = service.create_case()
    service.save(case, "enquiry", {**ENQUIRY, "decision": "not_pursue", "decision_reason": "No nurses.",
                                   "pointed_to": "Nursing Partnership"})
    assert service.close_case(case).ok
    assert service.load_case(case).header.status == Status.CLOSED
    assert service.reopen_case(case).ok
    assert service.load_case(case).header.status == Status.OPEN


def test_every_change_is_in_the_journal_chain(service):
    from advisor_app.demo import fill_demo

    fill_demo(service)
    assert service.check() == []
    assert service.unsent_count() == len(journal(service)) > 20
