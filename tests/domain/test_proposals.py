"""Proposals: the costing file built from a case, the version rules, the comparison of two versions
with hand-worked figures, the costing stage's completeness, and the words a family reads."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from advisor_app.domain.costing import cost, parse_costing, quote_to_json
from advisor_app.domain.proposals import (
    PERSON,
    CostingNotReady,
    CostingOptions,
    Proposal,
    ProposalError,
    ProposalStatus,
    accept,
    budget_bar,
    budget_words,
    build_costing,
    case_costing_completeness,
    change_words,
    compare,
    costing_input_for_case,
    decline,
    design_digest,
    edited,
    for_quote,
    new_proposal,
    offer,
    parse_proposals,
    pounds,
    shared_shares,
    who_can_accept,
    why_not_edit,
)
from advisor_app.domain.validation import validate
from tests.domain.proposal_examples import BUS, DAY, MENU, PLAN, PROVIDER, WEEKDAYS, care, priced, sections

# ---- the costing file from the case -----------------------------------------------------------


def test_the_costing_file_takes_the_design_the_options_the_rates_and_the_budget_from_funding() -> None:
    options = {"contingency": "250", "management_hours_per_year": "20",
               "functions": [{"function": "Behaviour support team", "for_component": "bus", "hours": "1"}]}
    data = costing_input_for_case(sections(), MENU, PROVIDER, options)
    assert data["title"] == "Support for Priya Sharma"
    assert data["budget"] == {"amount": "31850.00", "period": "year"}  # 612.50 x 52
    assert data["contingency"] == "250.00" and data["mode"] == "price"
    assert data["rates"]["day"] == "18.95" and data["management_rate"] == "32.50"
    assert data["optional_functions"] == {"Behaviour support team": "58.00"}  # only what is used
    names = [c["name"] for c in data["components"]]
    assert names == ["Personal care and support", "Life skills training", "Person-centred plan facilitation",
                     "Behaviour support team", "Management support"]
    assert data["components"][0]["hours_per_week"] == {"day": "20.00"}
    assert data["components"][3] == {"name": "Behaviour support team", "kind": "fixed-term", "weeks": 12,
                                     "optional_function": "Behaviour support team", "function_hours_per_week": "1"}
    assert data["components"][4]["management_hours_per_year"] == "20"
    quote = cost(parse_costing(data).value)
    # By hand: care 20 x 18.95 = 379.00 + 32.22 + 18.95 + 11.37 = 441.54 a week, x 52 = 22,960.08;
    # the behaviour team 12 x 58.00 = 696.00 + 59.16 + 34.80 + 20.88 = 810.84; management 20 x 32.50 =
    # 650.00 + 55.25 + 32.50 + 19.50 = 757.25; fixed prices 1,200.00 + 420.00; contingency 250.00.
    assert quote.weekly_ongoing_total == Decimal("441.54")
    assert quote.first_year_total == Decimal("22960.08") + Decimal("810.84") + Decimal("757.25") + 1620 + 250


def test_an_unfinished_design_is_priced_as_far_as_it_goes_and_says_what_is_left_out() -> None:
    unfinished = {"id": "nights", "component_id": "sleep-in", "on_going": {}}
    case = sections([care({d: "4" for d in WEEKDAYS}), unfinished, BUS, PLAN])
    built = build_costing(case, MENU, PROVIDER)
    assert not built.complete
    assert built.unpriced == ("Sleep-in",)
    assert built.problems == {"service_design.components.1.on_going.week":
                              "Please say when this support happens: add hours or nights to the weekly pattern."}
    assert [c["name"] for c in built.data["components"]] == [
        "Personal care and support", "Life skills training", "Person-centred plan facilitation"]
    assert [p.source for p in built.parts] == ["care", "bus", "plan"]
    with pytest.raises(CostingNotReady) as refused:
        costing_input_for_case(case, MENU, PROVIDER)
    assert refused.value.errors == built.problems


def test_no_design_at_all_asks_for_a_part_of_support() -> None:
    built = build_costing({"funding": sections()["funding"]}, MENU, PROVIDER)
    assert built.problems == {"service_design.components": "Please choose at least one part of support from the menu."}
    assert cost(parse_costing(built.data).value).first_year_total == 0


def test_a_fixed_term_outcome_switches_between_a_fixed_price_and_by_the_hour() -> None:
    fixed = build_costing(sections(), MENU, PROVIDER)
    assert fixed.data["components"][1]["fixed_price"] == "1200.00"
    assert [(c.component_id, c.way, c.can_be_hourly, c.can_be_fixed) for c in fixed.choices] == [
        ("bus", "fixed", True, True)]
    hourly = build_costing(sections(), MENU, PROVIDER, {"pricing": {"bus": "hourly"}})
    assert hourly.complete and hourly.choices[0].way == "hourly"
    bus = hourly.data["components"][1]
    assert "fixed_price" not in bus and "if_longer" not in bus and bus["hours_per_week"] == {"day": "5.00"}
    line = cost(parse_costing(hourly.data).value).lines[1]
    # 5 x 18.95 = 94.75 a week x 12 = 1,137.00; alone in the once group: 96.65 + 56.85 + 34.11
    assert (line.direct_cost, line.price) == (Decimal("1137.00"), Decimal("1324.61"))
    no_price = copy.deepcopy(BUS)
    del no_price["fixed_term"]["fixed_price_for_outcome"], no_price["fixed_term"]["if_longer"]
    refused = build_costing(sections([no_price]), MENU, PROVIDER, {"pricing": {"bus": "fixed"}})
    assert refused.problems == {"service_design.components.0.fixed_term.fixed_price_for_outcome":
                                "To sell this outcome at a fixed price, please give the price in the service design."}


def test_options_that_do_not_fit_are_reported_at_their_fields() -> None:
    options = {"functions": [{"function": "Astrology team", "for_component": "care", "hours": "1"},
                             {"function": "Housing team", "for_component": "gone", "hours": "1"}]}
    built = build_costing(sections(), MENU, PROVIDER, options)
    assert set(built.problems) == {"costing.functions.0.function", "costing.functions.1.for_component"}
    bad = build_costing(sections(), MENU, PROVIDER, {"contingency": "-5"})
    assert bad.problems == {"costing.contingency": "Please enter 0 or more."}
    twice = {"functions": [{"function": "Housing team", "for_component": "care", "hours": "1"}] * 2}
    assert "costing.functions" in "".join(build_costing(sections(), MENU, PROVIDER, twice).problems)


def test_working_back_from_the_budget_needs_the_funding_and_sets_the_management_hours_aside() -> None:
    options = {"mode": "fit-to-budget", "management_hours_per_year": "40"}
    built = build_costing(sections(), MENU, PROVIDER, options)
    assert built.complete and built.data["mode"] == "fit-to-budget"
    assert all("management_hours_per_year" not in c for c in built.data["components"])
    quote = cost(parse_costing(built.data).value)
    assert quote.management_hours_affordable is not None and quote.budget.difference >= 0
    no_funding = {k: v for k, v in sections().items() if k != "funding"}
    refused = build_costing(no_funding, MENU, PROVIDER, options)
    assert refused.problems == {"funding": "To work back from the budget, please record the funding first."}
    assert refused.data["mode"] == "price" and "budget" not in refused.data


def test_two_parts_from_one_menu_item_are_told_apart_by_the_advisors_note() -> None:
    evenings = {"id": "eve", "component_id": "personal-care-and-support", "shared_by": 2,
                "notes": "Evenings out with Leah.\nShe likes the cinema.",
                "on_going": {"week": {"tuesday": {"evening": "3"}}}}
    third = care({"saturday": "5"}, id="sat")
    data = costing_input_for_case(sections([care({"monday": "4"}), evenings, third]), MENU, PROVIDER)
    assert [c["name"] for c in data["components"]] == [
        "Personal care and support", "Personal care and support: Evenings out with Leah",
        "Personal care and support (3)"]


def test_a_long_note_that_tells_parts_apart_is_cut_after_a_whole_word() -> None:
    long_note = {"id": "long", "component_id": "personal-care-and-support",
                 "notes": "Baking and getting out in the day; Friday evening and the night at home while Anita works.",
                 "on_going": {"week": {"friday": {"evening": "3"}}}}
    data = costing_input_for_case(sections([care({"monday": "4"}), long_note]), MENU, PROVIDER)
    assert data["components"][1]["name"] == (
        "Personal care and support: Baking and getting out in the day; Friday evening and the\u2026")


# ---- a proposal keeps what it was priced from -------------------------------------------------


def test_a_proposal_prices_the_same_forever_and_round_trips() -> None:
    proposal = priced(sections(), {"contingency": "100"})
    assert proposal.number == 1 and proposal.status == ProposalStatus.DRAFT
    assert quote_to_json(proposal.price()) == proposal.quote
    stored = json.loads(json.dumps(proposal.model_dump(mode="json")))
    again = validate(Proposal, stored)
    assert again.ok and again.value == proposal
    assert proposal.first_year_total == Decimal("24680.08")  # 22,960.08 + 1,200 + 420 + 100
    assert proposal.parts[1].outcome == "Priya gets the bus to the café on her own."
    assert proposal.parts[0].description.startswith("Staff help you with everyday things")


def test_a_stored_proposal_whose_costing_no_longer_parses_is_refused_at_the_field() -> None:
    stored = priced(sections()).model_dump(mode="json")
    stored["costing"]["components"][0]["hours_per_week"]["day"] = "-1"
    result = validate(Proposal, stored)
    assert result.errors == {"costing.components.0.hours_per_week.day": "Please enter 0 or more."}
    assert parse_proposals([stored, priced(sections()).model_dump(mode="json")])[1] == 1


# ---- the rules --------------------------------------------------------------------------------


def test_versions_are_numbered_per_case() -> None:
    v1 = priced(sections())
    v2 = priced(sections(), proposals=[v1])
    v3 = priced(sections(), proposals=[v1, v2])
    assert [v1.number, v2.number, v3.number] == [1, 2, 3]


def test_a_proposal_must_be_offered_before_it_is_accepted() -> None:
    v1 = priced(sections())
    with pytest.raises(ProposalError, match="Please offer proposal 1 to the family first"):
        accept([v1], v1.id, "anita", DAY)
    [offered] = offer([v1], v1.id, DAY)
    assert (offered.status, offered.offered_on) == (ProposalStatus.OFFERED, DAY)
    [accepted] = accept([offered], v1.id, "anita", DAY)
    assert (accepted.status, accepted.accepted_by, accepted.accepted_on) == (ProposalStatus.ACCEPTED, "anita", DAY)


def test_only_one_offer_is_open_and_only_one_proposal_is_accepted() -> None:
    v1 = priced(sections())
    v2 = priced(sections(), proposals=[v1])
    [v1] = offer([v1, v2], v1.id, DAY)
    changed = offer([v1, v2], v2.id, DAY)
    assert [(p.number, p.status) for p in changed] == [(2, "offered"), (1, "superseded")]
    assert changed[1].superseded_by == v2.id
    v2, v1 = changed
    v1_again = v1.model_copy(update={"status": ProposalStatus.ACCEPTED, "accepted_by": PERSON, "accepted_on": DAY})
    changed = accept([v1_again, v2], v2.id, PERSON, DAY)
    assert [(p.number, p.status) for p in changed] == [(2, "accepted"), (1, "superseded")]


def test_an_offered_or_accepted_proposal_is_never_edited() -> None:
    v1 = priced(sections(), notes="first")
    assert edited(v1, notes="better").notes == "better"
    [offered] = offer([v1], v1.id, DAY)
    assert why_not_edit(offered) == "Proposal 1 is offered, so it stays as it is. A change makes a new version."
    with pytest.raises(ProposalError):
        edited(offered, notes="sneaky")
    with pytest.raises(ProposalError, match="already offered"):
        offer([offered], v1.id, DAY)


def test_accepting_is_for_the_person_or_someone_who_decides() -> None:
    allowed = {a.id for a in who_can_accept(sections())}
    assert allowed == {PERSON, "anita"}  # not Kiran: he does not decide about money or the contract
    v1 = priced(sections())
    [offered] = offer([v1], v1.id, DAY)
    with pytest.raises(ProposalError, match="Only the person, or someone who decides"):
        accept([offered], offered.id, "kiran", DAY, allowed)
    nobody_decides = {"person": {"first_name": "Tom", "last_name": "Brennan"},
                      "circle": {"members": [{"id": "eileen", "name": "Eileen Brennan", "roles": []}]}}
    assert [a.id for a in who_can_accept(nobody_decides)] == [PERSON, "eileen"]


def test_only_an_offered_proposal_can_be_declined() -> None:
    v1 = priced(sections())
    with pytest.raises(ProposalError, match="has not been offered"):
        decline([v1], v1.id, DAY)
    [offered] = offer([v1], v1.id, DAY)
    [declined] = decline([offered], v1.id, DAY)
    assert (declined.status, declined.declined_on) == (ProposalStatus.DECLINED, DAY)
    with pytest.raises(ProposalError, match="declined, so it cannot be accepted"):
        accept([declined], v1.id, PERSON, DAY)


def test_a_proposal_priced_before_the_design_changed_cannot_be_offered() -> None:
    v1 = priced(sections())
    changed = design_digest({"components": [care({d: "5" for d in WEEKDAYS}), BUS, PLAN]})
    with pytest.raises(ProposalError, match="The service design has changed since proposal 1 was priced"):
        offer([v1], v1.id, DAY, changed)
    notes_only = design_digest({"components": [care({d: "4" for d in WEEKDAYS}, notes="new note"), BUS, PLAN]})
    assert offer([v1], v1.id, DAY, notes_only)[0].status == "offered"  # a note is not a change of price


def test_the_quote_shows_the_newest_offered_or_accepted_else_the_newest() -> None:
    v1 = priced(sections())
    v2 = priced(sections(), proposals=[v1])
    assert for_quote([v1, v2]) is v2
    [v1_offered] = offer([v1, v2], v1.id, DAY)
    assert for_quote([v2, v1_offered]).number == 1
    assert for_quote([]) is None


# ---- comparing two versions -------------------------------------------------------------------


def test_compare_lists_what_changed_and_the_price_effect_worked_by_hand() -> None:
    v1 = priced(sections())
    more = sections([care({**{d: "4" for d in WEEKDAYS}, "monday": "6"}), BUS, PLAN])
    v2 = priced(more, {"contingency": "500"}, proposals=[v1])
    diff = compare(v1, v2)
    # By hand: v1 20 h x 18.95 = 379.00; 8.5% = 32.215 -> 32.22, 5% = 18.95, 3% = 11.37: 441.54 a week.
    # v2 22 h x 18.95 = 416.90; 35.4365 -> 35.44, 20.845 -> 20.85, 12.507 -> 12.51: 485.70 a week.
    # A week 44.16 more; a year 44.16 x 52 = 2,296.32; the first year that and the £500 contingency.
    assert diff.effect.week == Decimal("44.16")
    assert diff.effect.year == Decimal("2296.32")
    assert diff.effect.first_year == Decimal("2796.32")
    assert diff.effect.words() == ["£44.16 a week more", "£2,296.32 a year more", "£2,796.32 more in the first year"]
    assert [(c.kind, c.area, c.text, c.effect) for c in diff.changes] == [
        ("changed", "component", "Personal care and support: weekday daytime hours a week, from 20 to 22.",
         Decimal("2296.32")),
        ("added", "contingency", "Added: an emergency contingency of £500.00 a year.", Decimal("500.00")),
    ]
    assert diff.summary() == "Proposal 2 compared with proposal 1: £44.16 a week more, £2,796.32 more in the first year."
    back = compare(v2, v1)
    assert back.effect.words()[0] == "£44.16 a week less"
    assert back.changes[-1].text == "Taken out: the emergency contingency of £500.00 a year."


def test_compare_names_parts_added_removed_repriced_and_rates_changed() -> None:
    v1 = priced(sections())
    dearer = PROVIDER.model_copy(update={"rates": PROVIDER.rates.model_copy(update={"day": Decimal("19.40")})})
    case = sections([care({d: "4" for d in WEEKDAYS}), BUS])  # the plan facilitation taken out
    built = build_costing(case, MENU, dearer, {"pricing": {"bus": "hourly"}})
    v2 = new_proposal([v1], costing=built.data, quote=quote_to_json(cost(parse_costing(built.data).value)),
                      options=CostingOptions(), created_on=DAY, parts=built.parts, design_digest=built.digest)
    texts = [c.text for c in compare(v1, v2).changes]
    assert texts == [
        "Taken out: Person-centred plan facilitation.",
        "Life skills training is now paid by the hour (it had a fixed price of £1,200.00).",
        "Weekday daytime rate: from £18.95 to £19.40 an hour.",
    ]
    same = compare(v1, v1)
    assert same.unchanged and same.summary() == "Proposal 1 costs the same as proposal 1."


def test_change_words() -> None:
    assert change_words(Decimal("42.5"), "week") == "£42.50 a week more"
    assert change_words(Decimal("-1234.5"), "year") == "£1,234.50 a year less"
    assert change_words(Decimal("0"), "first_year") == "The same in the first year"
    assert pounds(Decimal("-3")) == "-£3.00"


# ---- the costing stage is complete ------------------------------------------------------------


def test_costing_completeness_wants_a_priced_design_and_a_proposal_offered_for_it() -> None:
    case = sections()
    empty = case_costing_completeness(case)
    assert not empty.complete
    assert empty.missing == ["At least one priced proposal, saved as a version",
                             "A proposal offered to the family, or accepted"]
    v1 = priced(case)
    drafted = case_costing_completeness({**case, "proposal": [v1.model_dump(mode="json")]})
    assert drafted.missing == ["A proposal offered to the family, or accepted"]
    [offered] = offer([v1], v1.id, DAY)
    stored = [offered.model_dump(mode="json")]
    done = case_costing_completeness({**case, "proposal": stored})
    assert done.complete and (done.done, done.total) == (4, 4)
    assert case_costing_completeness({**case, "proposal": stored[0]}).complete  # one record, not a list
    changed = {**case, "proposal": stored,
               "service_design": {"components": [care({"monday": "9"}), BUS, PLAN]}}
    assert case_costing_completeness(changed).missing == [
        "A new version of the proposal: the service design has changed since proposal 1 was priced"]
    unfinished = {**case, "proposal": stored,
                  "service_design": {"components": [{"id": "x", "component_id": "sleep-in", "on_going": {}}]}}
    assert "A service design with the details of every part, so it can be priced" in \
        case_costing_completeness(unfinished).missing
    broken = case_costing_completeness({**case, "proposal": [*stored, {"number": "nope"}]})
    assert broken.missing == ["Some proposals need checking"]


# ---- words for the family ---------------------------------------------------------------------


def test_budget_words_bar_and_shared_support_per_person() -> None:
    evenings = {"id": "eve", "component_id": "personal-care-and-support", "shared_by": 3,
                "on_going": {"week": {"friday": {"evening": "4"}}}}
    case = sections([care({d: "4" for d in WEEKDAYS}), evenings])
    quote = cost(parse_costing(costing_input_for_case(case, MENU, PROVIDER)).value)
    # Evenings: 4 x 19.90 / 3 = 26.53 a week (26.5333 rounded once); the week 379.00 + 26.53 = 405.53;
    # charges 34.47 + 20.28 + 12.17 split 379.00 : 26.53.
    [share] = shared_shares(quote)
    assert share.shared_by == 3 and share.period == "week"
    assert share.words("Priya") == f"Personal care and support (2) is shared by 3 people. Priya pays a third: {pounds(share.share)} a week."
    assert quote.lines[1].direct_cost == Decimal("26.53")
    words = budget_words(quote)
    assert words[0] == "The budget is £31,850.00 a year."
    assert words[2] == f"That is {pounds(quote.budget.difference)} a year under the budget."
    bar = budget_bar(quote)
    assert bar.status == "under" and bar.weekly_budget == Decimal("612.50")
    assert bar.first_year + bar.under_by == bar.annual_budget and bar.over_by == 0
    assert budget_words(cost(parse_costing({**costing_input_for_case(case, MENU, PROVIDER),
                                            "budget": None}).value)) == [
        "No budget is recorded yet, so we cannot check the cost against it."]
