"""The agreement's services and workings from a proposal: numbered, never cut, each working adding
up to the penny to the accepted quote, and a proposal whose figures changed refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from advisor_app.domain.costing import quote_to_json
from advisor_app.domain.proposals import OfferedPart, Proposal, ProposalError
from advisor_app.domain.proposals.itemised import base_name, itemise, numbered_names

RATES = {"day": "22.00", "evening": "24.00", "weekend": "25.00", "bank_holiday": "40.00",
         "sleep_in": "95.00", "waking_night": "160.00"}
NOTE = "Baking and getting out in the day; Friday evening and the night at home while Anita works nights."


def _costing(**extra):
    from advisor_app.domain.costing import cost, parse_costing
    data = {
        "title": "Support for Priya", "weeks_per_year": 52, "rates": RATES, "management_rate": "32.50",
        "overheads": {"central_pct": "8.5", "regional_pct": "5", "surplus_pct": "3"},
        "contingency": "600.00", "optional_functions": {},
        "components": [
            {"name": "Personal care and support: Baking and getting out in the day; Friday evening and the n\u2026",
             "kind": "on-going", "hours_per_week": {"day": "6", "evening": "3"}, "sleep_ins_per_week": "1"},
            {"name": "Personal care and support: Friends", "kind": "on-going", "shared_by": 3,
             "hours_per_week": {"evening": "6"}},
            {"name": "Life skills training", "kind": "fixed-term", "weeks": 12, "hours_per_week": {"day": "4"}},
            {"name": "Benefit review", "kind": "one-off", "fixed_price": "120.00"},
            {"name": "Management support", "kind": "on-going", "management_hours_per_year": "20"},
        ], **extra}
    quote = cost(parse_costing(data).value)
    return data, quote


def _proposal(**changes) -> Proposal:
    data, quote = _costing()
    parts = [OfferedPart(source="a", menu_id="personal-care-and-support", note=NOTE),
             OfferedPart(source="b", menu_id="personal-care-and-support", note="Friends' evenings."),
             OfferedPart(source="c", menu_id="life-skills-training", outcome="Priya travels by bus on her own."),
             OfferedPart(source="d", menu_id="benefit-review", description="We check your benefits."),
             OfferedPart(source="management", description="A manager looks after your support.")]
    fields = dict(number=2, created_on=dt.date(2026, 3, 1), costing=data, quote=quote_to_json(quote), parts=parts)
    return Proposal(**{**fields, **changes})


def test_each_service_is_numbered_with_its_whole_purpose_amount_and_price():
    items = itemise(_proposal()).items
    assert [i.number for i in items] == [1, 2, 3, 4, 5]
    care = items[0]
    assert care.name == "Personal care and support" and care.purpose == NOTE  # the note in full, never cut
    assert list(care.amount) == ["6 hours a week in the daytime on weekdays", "3 hours a week in the evening",
                                 "1 sleep-in night a week"]
    assert items[1].amount[-1] == "Shared by 3 people"
    assert items[2].purpose == "Priya travels by bus on her own." and "For 12 weeks" in items[2].amount
    assert items[2].price.startswith("£") and items[2].price.endswith("for the 12 weeks")
    assert items[3].price.endswith(" once") and items[4].amount == ("20 hours of management support a year",)


def test_both_workings_add_up_to_the_accepted_quote_to_the_penny():
    proposal = _proposal()
    result = itemise(proposal)
    quote = result.quote
    total = Decimal(proposal.quote["first_year_total"])
    for working in (result.by_period, result.by_use):
        assert working.total == total and sum(s.amount for s in working.steps) == total
    week = result.by_period.steps[0]
    assert week.amount == quote.weekly_ongoing_total * 52 and week.working.endswith(" x 52")
    assert sum(i.line.price for i in result.weekly) == quote.weekly_ongoing_total
    assert [s.label for s in result.by_use.steps] == ["The support itself", "Our management charges (16.5%)",
                                                      "Kept for emergencies"]


def test_a_proposal_whose_figures_no_longer_match_is_refused():
    proposal = _proposal()
    changed = dict(proposal.quote, first_year_total="1.00")
    with pytest.raises(ProposalError):
        itemise(proposal.model_copy(update={"quote": changed}))


def test_names_are_numbered_and_the_note_added_to_tell_two_apart_is_taken_off():
    proposal = _proposal()
    names = numbered_names(proposal, proposal.price())
    assert names[:2] == ["1. Personal care and support", "2. Personal care and support"] and names[-1] == ""
    part = OfferedPart(note="Friday nights")
    assert base_name("Sleep-in: Friday nights", part) == "Sleep-in"
    assert base_name("Sleep-in: Saturdays", part) == "Sleep-in: Saturdays"  # not its note: kept whole
