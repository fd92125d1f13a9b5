"""The costing services on a real encrypted store: the case priced live, proposals saved as
numbered versions with their change records, offered and accepted by the rules, and still there,
pricing the same, after the store is locked and opened again. And the demo's priced proposals."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from advisor_app.demo import foundation
from advisor_app.demo import costing as demo_costing
from advisor_app.domain.costing import quote_to_json
from advisor_app.domain.proposals import COSTING_SECTION, PERSON, CostingOptions, ProposalStatus, case_costing_completeness
from advisor_app.domain.sections import SECTION_MODELS
from advisor_app.services import AdvisorService
from advisor_app.services import costing

PASS = "a long enough passphrase"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
DESIGN = {"components": [
    {"id": "care", "component_id": "personal-care-and-support",
     "on_going": {"week": {d: {"daytime": "4"} for d in WEEKDAYS}}},
    {"id": "bus", "component_id": "life-skills-training", "fixed_term": {
        "weeks": 12, "target_outcome": "Gets the bus on her own.", "hours_per_week": {"day": "5"},
        "fixed_price_for_outcome": "1200.00", "if_longer": {"rule": "refund-full"}}},
]}
CIRCLE = {"members": [
    {"id": "anita", "name": "Anita Sharma", "relationship": "Mum", "roles": ["funding_decision_maker"]},
    {"id": "kiran", "name": "Kiran Sharma", "relationship": "Brother"},
]}
FUNDING = {"sources": [{"type": "direct_payment", "amount": "612.50", "period": "week"}]}


@pytest.fixture(autouse=True)
def costing_section(monkeypatch):
    """The ``costing`` section as domain/sections.py will declare it (the lead's registry)."""
    monkeypatch.setitem(SECTION_MODELS, COSTING_SECTION, CostingOptions)


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def service(store_dir):
    service = AdvisorService.create(store_dir, PASS, advisor_name="Jess")
    yield service
    if service.store.is_open:
        service.lock()


@pytest.fixture
def case(service):
    case = service.create_case(first_name="Priya", last_name="Sharma")
    for name, data in (("circle", CIRCLE), ("funding", FUNDING), ("service_design", DESIGN)):
        assert service.save(case, name, data).ok
    return case


def journal(service, entity="proposal"):
    rows = service.store.db.query("select entity, entity_id, op, base_version, payload from journal "
                                  "where entity = ? order by seq", [entity])
    return [dict(row, payload=json.loads(row["payload"])) for row in rows]


def test_the_case_is_priced_live_and_an_unfinished_design_never_raises(service, case):
    priced = costing.price_case(service, case)
    assert priced.complete and priced.problems == {}
    # 20 h x 18.95 = 379.00 + 32.22 + 18.95 + 11.37 = 441.54 a week; x 52 + the 1,200.00 outcome
    assert priced.quote.weekly_ongoing_total == Decimal("441.54")
    assert priced.quote.first_year_total == Decimal("22960.08") + 1200
    assert priced.budget.annual_budget == Decimal("31850.00") and priced.budget.status == "under"
    assert priced.part(priced.quote.lines[1]).outcome == "Gets the bus on her own."
    unfinished = copy.deepcopy(DESIGN)
    unfinished["components"].append({"id": "nights", "component_id": "sleep-in", "on_going": {}})
    assert service.save(case, "service_design", unfinished).ok
    partly = costing.price_case(service, case, {"contingency": "100"})
    assert not partly.complete and partly.unpriced == ("Sleep-in",)
    assert list(partly.problems) == ["service_design.components.2.on_going.week"]
    assert partly.quote.first_year_total == Decimal("22960.08") + 1200 + 100
    empty = service.create_case()
    assert costing.price_case(service, empty).problems == {
        "service_design.components": "Please choose at least one part of support from the menu."}


def test_the_menu_and_rates_are_read_once(service, case):
    assert costing.menu() is costing.menu()
    assert costing.provider() is costing.provider()


def test_costing_options_are_a_saved_section(service, case):
    assert costing.save_options(service, case, {"contingency": "250", "mode": "fit-to-budget"}).ok
    assert costing.load_options(service, case).contingency == Decimal("250.00")
    priced = costing.price_case(service, case)  # the saved options by default
    assert priced.quote.mode == "fit-to-budget" and priced.quote.contingency == Decimal("250.00")
    assert priced.quote.management_hours_affordable > 0
    refused = costing.save_options(service, case, {"contingency": "lots"})
    assert not refused.ok and "contingency" in refused.errors


def test_versions_are_numbered_and_each_is_journaled(service, case):
    before = service.unsent_count()
    v1 = costing.save_proposal(service, case, {"contingency": "100"}, notes="First go")
    v2 = costing.save_proposal(service, case, {"contingency": "300"})
    assert v1.ok and v2.ok
    assert (v1.proposal.number, v2.proposal.number) == (1, 2)
    assert service.unsent_count() == before + 2
    changes = journal(service)
    assert [(c["entity_id"], c["op"], c["base_version"]) for c in changes] == [
        (v1.proposal.id, "create", None), (v2.proposal.id, "create", None)]
    assert changes[0]["payload"]["case_id"] == case
    assert changes[0]["payload"]["data"]["number"] == 1
    assert [p.notes for p in costing.list_proposals(service, case)] == ["First go", ""]
    too_long = costing.save_proposal(service, case, notes="x" * 5000)
    assert too_long.errors == {"notes": "Please keep this to 4000 characters or fewer."}
    assert service.unsent_count() == before + 2
    assert [d["number"] for d in costing.proposal_dicts(service, case)] == [1, 2]


def test_an_unfinished_design_is_not_saved_as_a_proposal(service, case):
    unfinished = copy.deepcopy(DESIGN)
    unfinished["components"][1]["fixed_term"]["weeks"] = None
    assert service.save(case, "service_design", unfinished).ok
    before = service.unsent_count()
    result = costing.save_proposal(service, case)
    assert not result.ok and list(result.errors) == ["service_design.components.1.fixed_term.weeks"]
    assert service.unsent_count() == before and costing.list_proposals(service, case) == []


def test_offer_then_accept_by_the_rules(service, case):
    v1 = costing.save_proposal(service, case).proposal
    refused = costing.accept(service, case, v1.id, "anita")
    assert refused.errors == {"_proposal": "Please offer proposal 1 to the family first: only an offered "
                                           "proposal can be accepted."}
    assert costing.offer(service, case, v1.id).ok
    assert costing.accept(service, case, v1.id, "kiran").errors == {
        "accepted_by": "Only the person, or someone who decides about the money or the contract, can accept a "
                       "proposal."}
    assert [a.id for a in costing.who_can_accept(service, case)] == [PERSON, "anita"]
    accepted = costing.accept(service, case, v1.id, "anita")
    assert accepted.ok and accepted.proposal.status == ProposalStatus.ACCEPTED
    assert costing.update_notes(service, case, v1.id, "changed?").errors == {
        "_proposal": "Proposal 1 is accepted, so it stays as it is. A change makes a new version."}

    # A change to an accepted proposal is a new version; accepting it replaces the old one.
    v2 = costing.revise(service, case, v1.id, {"contingency": "400"}).proposal
    assert v2.number == 2 and v2.status == ProposalStatus.DRAFT
    assert costing.offer(service, case, v2.id).ok
    before = len(journal(service))
    assert costing.accept(service, case, v2.id, PERSON).ok
    both = journal(service)[before:]
    assert sorted((c["entity_id"], c["op"], c["base_version"]) for c in both) == sorted(
        [(v2.id, "update", 2), (v1.id, "update", 3)])
    statuses = {p.number: (p.status, p.superseded_by) for p in costing.list_proposals(service, case)}
    assert statuses == {1: ("superseded", v2.id), 2: ("accepted", None)}
    diff = costing.compare_proposals(service, case, v1.id, v2.id)
    assert [c.text for c in diff.changes] == ["Added: an emergency contingency of £400.00 a year."]
    assert diff.effect.first_year == Decimal("400.00")


def test_a_draft_is_revised_in_place_and_can_be_declined_once_offered(service, case):
    v1 = costing.save_proposal(service, case).proposal
    again = costing.revise(service, case, v1.id, {"contingency": "50"}, notes="cheaper")
    assert again.ok and (again.proposal.id, again.proposal.number) == (v1.id, 1)
    assert costing.get_proposal(service, case, v1.id).quote["contingency"] == "50.00"
    assert [c["op"] for c in journal(service)] == ["create", "update"]
    assert costing.decline(service, case, v1.id).errors["_proposal"].startswith("Proposal 1 has not been offered")
    costing.offer(service, case, v1.id)
    declined = costing.decline(service, case, v1.id)
    assert declined.ok and declined.proposal.status == ProposalStatus.DECLINED
    assert costing.offer(service, case, "no-such-id").errors == {"_proposal": "That proposal is not part of this case."}


def test_a_proposal_cannot_be_offered_after_the_design_changed(service, case):
    v1 = costing.save_proposal(service, case).proposal
    changed = copy.deepcopy(DESIGN)
    changed["components"][0]["on_going"]["week"]["saturday"] = {"daytime": "5"}
    assert service.save(case, "service_design", changed).ok
    refused = costing.offer(service, case, v1.id)
    assert refused.errors["_proposal"].startswith("The service design has changed since proposal 1 was priced")


def test_the_accepted_proposal_survives_locking_and_prices_the_same(service, case, store_dir):
    v1 = costing.save_proposal(service, case, {"contingency": "100"}).proposal
    costing.offer(service, case, v1.id)
    costing.accept(service, case, v1.id, "anita")
    service.lock()
    reopened = AdvisorService.unlock(store_dir, PASS)
    try:
        [proposal] = costing.list_proposals(reopened, case)
        assert (proposal.id, proposal.status, proposal.accepted_by) == (v1.id, "accepted", "anita")
        assert proposal.quote == v1.quote and quote_to_json(proposal.price()) == v1.quote
        sections = {**reopened.load_case(case).data(), "proposal": costing.proposal_dicts(reopened, case)}
        assert case_costing_completeness(sections).complete
        assert reopened.check() == []
    finally:
        reopened.lock()


def test_the_demo_has_priced_proposals_one_accepted_and_one_offered(service):
    foundation.fill(service)
    demo_costing.fill(service)
    cases = {c.person_name: c.id for c in service.list_cases()}
    priya = costing.list_proposals(service, cases["Priya Sharma"])
    tom = costing.list_proposals(service, cases["Tom Brennan"])
    assert [(p.number, p.status) for p in priya] == [(1, "superseded"), (2, "accepted")]
    assert [(p.number, p.status) for p in tom] == [(1, "draft"), (2, "offered")]
    assert priya[0].budget_status == "over" and priya[1].budget_status == "under"
    assert priya[1].accepted_by != PERSON  # her mum, who decides about the money
    assert tom[1].quote["lines"][2]["fixed_price"] is True  # the bus outcome at a fixed price
    assert any(line["name"] == demo_costing.FUNCTION for line in tom[1].quote["lines"])
    assert costing.price_case(service, cases["Tom Brennan"]).complete  # the saved options price in full
    assert service.check() == []
