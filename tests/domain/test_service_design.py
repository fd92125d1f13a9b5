"""Service design: components from the menu, their details, what is still missing, and costing input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from advisor_app.domain.completeness import service_design_completeness
from advisor_app.domain.service_design import (
    DesignNotReady,
    OnGoingDetails,
    ServiceDesign,
    choose,
    design_problems,
    to_costing_components,
    validate_design,
)
from advisor_app.domain.validation import validate
from advisor_app.domain.week import DAYS
from tests.domain.shipped import shipped_menu

MENU = shipped_menu()


def chosen(component_id: str, **details) -> dict:
    return {"id": f"c-{component_id}", "component_id": component_id, **details}


def week(**days: dict) -> dict:
    return {"week": days}


def bus_training(**extra) -> dict:
    """The DOMAIN.md example: learning to travel to work by bus alone, for a fixed price."""
    return chosen("life-skills-training", fixed_term={
        "weeks": 12, "target_outcome": "Travels to work by bus on his own",
        "hours_per_week": {"day": "6"}, "fixed_price_for_outcome": "1800.00",
        "if_longer": {"rule": "continue-reduced", "reduced_hourly_rate": "12.50"}, **extra})


def finished_design() -> dict:
    return {
        "components": [
            chosen("benefit-review", one_off={"fixed_price": "150", "date": "2026-04-01"}),
            bus_training(),
            chosen("personal-care-and-support", shared_by=2, on_going=week(
                monday={"daytime": "6", "evening": "3"}, saturday={"daytime": "4"}, sunday={"night": "sleep-in"})),
        ],
        "specialists": [{"kind": "behaviour-support", "why": "Sam hurts himself when plans change"}],
        "cannot_offer": [{"what": "Speech and language therapy", "pointed_to": "NHS community team"}],
    }


def test_a_finished_design_saves_round_trips_and_has_nothing_missing() -> None:
    result = validate_design(finished_design(), MENU)
    assert result.ok, result.errors
    stored = result.value.model_dump(mode="json")
    assert validate(ServiceDesign, stored).value == result.value
    assert stored["components"][0]["one_off"]["fixed_price"] == "150.00"
    completeness = service_design_completeness({"service_design": stored}, MENU)
    assert completeness.complete and (completeness.done, completeness.total) == (6, 6)


def test_a_just_picked_component_saves_and_says_what_it_still_needs() -> None:
    picked = [choose(MENU.get(i)) for i in ("benefit-review", "short-breaks", "sleep-in")]
    design = ServiceDesign(components=picked)
    assert validate(ServiceDesign, design.model_dump(mode="json")).ok  # a draft is never lost
    assert design_problems(design, MENU) == {
        "components.0.one_off.fixed_price": "Please give a fixed price or the estimated hours.",
        "components.0.one_off.date": "Please say when it will happen.",
        "components.1.fixed_term.weeks":
            "Please say how many weeks this is for, or how long the outcome is expected to take.",
        "components.1.fixed_term.hours_per_week":
            "Please say how many hours a week, by time of day, or give a fixed price for the outcome.",
        "components.2.on_going.week":
            "Please say when this support happens: add hours or nights to the weekly pattern.",
    }
    completeness = service_design_completeness({"service_design": design.model_dump(mode="json")}, MENU)
    assert completeness.missing == [
        "The details of “Benefit review”", "The details of “Short breaks”", "The details of “Sleep-in”"]


def test_an_empty_design_needs_a_component() -> None:
    completeness = service_design_completeness({"service_design": None})
    assert (completeness.done, completeness.total) == (0, 1)
    assert completeness.missing == ["At least one part of support chosen from the menu"]


@pytest.mark.parametrize(("price", "message"), [
    (12.5, "Please write money as pounds and pence, like 12.50."),
    ("12.505", "Please write money as pounds and pence, like 12.50."),
    ("-5", "Please enter 0 or more."),
])
def test_money_is_pounds_and_pence_never_a_float(price, message) -> None:
    result = validate(ServiceDesign, {"components": [chosen("benefit-review", one_off={"fixed_price": price})]})
    assert result.errors == {"components.0.one_off.fixed_price": message}


def test_money_written_as_people_write_it_is_understood() -> None:
    design = ServiceDesign.model_validate({"components": [chosen("benefit-review", one_off={"fixed_price": "£1,200.5"})]})
    assert design.components[0].one_off.fixed_price == Decimal("1200.50")


def test_hours_are_refused_when_impossible() -> None:
    result = validate(ServiceDesign, {"components": [chosen("personal-care-and-support", on_going=week(
        monday={"daytime": "25"}, tuesday={"evening": "2.333"}))]})
    assert result.errors == {
        "components.0.on_going.week.monday.daytime": "Please enter 24 or less.",
        "components.0.on_going.week.tuesday.evening": "Please give hours like 7.5 or 7.25.",
    }


def test_contradictions_are_refused_at_once() -> None:
    result = validate(ServiceDesign, {
        "components": [
            chosen("benefit-review", one_off={"fixed_price": "100", "estimated_hours": "3"}),
            chosen("social-skills-training", one_off={}, fixed_term={}),
            bus_training(if_longer={"rule": "refund-partial", "refund_amount": "2000", "refund_percent": "10"}),
        ],
        "specialists": [{"kind": "housing", "why": "Moving out"}, {"kind": "housing", "why": "Tenancy"}],
    })
    assert result.errors == {
        "components.0.one_off.estimated_hours": "Please give a fixed price or estimated hours, not both.",
        "components.1": "A part of support is one kind only: one-off, fixed term or on-going.",
        "components.2.fixed_term.if_longer.refund_percent": "Please give a refund amount or a percentage, not both.",
        "components.2.fixed_term.if_longer.refund_amount": "The refund cannot be more than the fixed price.",
        "specialists.1.kind": "This specialist is already listed.",
    }


def test_a_fixed_price_outcome_must_say_what_happens_if_it_takes_longer() -> None:
    design = ServiceDesign.model_validate({"components": [chosen("life-skills-training", fixed_term={
        "fixed_price_for_outcome": "1800"})]})
    assert design_problems(design, MENU) == {
        "components.0.fixed_term.weeks": "Please say how many weeks the outcome is expected to take, so the "
                                         "agreement can say what happens if it takes longer.",
        "components.0.fixed_term.target_outcome":
            "Please say what the outcome is, so everyone knows when it is reached.",
        "components.0.fixed_term.if_longer": "Please say what happens if it takes longer: a full or part refund, "
                                             "or carrying on at a reduced rate.",
    }


@pytest.mark.parametrize(("if_longer", "problems"), [
    ({"rule": "refund-full"}, {}),
    ({"rule": "refund-partial", "refund_percent": "50"}, {}),
    ({"rule": "refund-partial"},
     {"components.0.fixed_term.if_longer.refund_amount": "Please give the amount or the percentage that will be refunded."}),
    ({"rule": "continue-reduced"},
     {"components.0.fixed_term.if_longer.reduced_hourly_rate": "Please give the reduced hourly rate."}),
])
def test_each_rule_for_taking_longer_needs_its_own_detail(if_longer, problems) -> None:
    design = ServiceDesign.model_validate({"components": [bus_training(if_longer=if_longer)]})
    assert design_problems(design, MENU) == problems


def test_sold_by_the_hour_until_the_outcome_is_reached_with_an_estimate_of_the_weeks() -> None:
    details = {"target_outcome": "Cooks a meal on her own", "hours_per_week": {"evening": "4"}}
    design = ServiceDesign.model_validate({"components": [chosen("life-skills-training", fixed_term=details)]})
    assert design_problems(design, MENU) == {"components.0.fixed_term.weeks":
                                             "Please say how many weeks this is for, or how long the outcome is "
                                             "expected to take."}
    design = ServiceDesign.model_validate({"components": [chosen("life-skills-training", fixed_term={
        **details, "weeks": 20})]})
    assert design_problems(design, MENU) == {}


def test_a_fixed_price_is_not_shared() -> None:
    design = ServiceDesign.model_validate({"components": [bus_training() | {"shared_by": 3}]})
    assert design_problems(design, MENU) == {"components.0.shared_by": "A fixed price is what this person pays, "
                                             "so it is not shared. Please price it by the hour to share it."}


def test_a_rule_for_taking_longer_needs_a_fixed_price() -> None:
    design = ServiceDesign.model_validate({"components": [chosen("life-skills-training", fixed_term={
        "weeks": 10, "hours_per_week": {"day": "3"}, "if_longer": {"rule": "refund-full"}})]})
    assert design_problems(design, MENU) == {
        "components.0.fixed_term.if_longer": "This only applies when the outcome has a fixed price."}


def test_the_menu_decides_what_can_be_chosen_and_its_kind() -> None:
    design = ServiceDesign.model_validate({"components": [
        chosen("dog-walking", one_off={"fixed_price": "20", "date": "2026-05-01"}),
        chosen("sleep-in", fixed_term={"weeks": 4, "sleep_ins_per_week": 2}),
    ]})
    assert design_problems(design, MENU) == {
        "components.0.component_id": "This is no longer on our menu. Please choose another part of support.",
        "components.1.fixed_term": "On our menu this is on-going support. Please give on-going details.",
    }
    assert design_problems(design) == {}  # without a menu, only the details themselves are checked


def test_specialists_say_why_and_what_we_cannot_offer_says_where_the_family_went() -> None:
    data = finished_design()
    data["specialists"].append({"kind": "transitions"})
    data["cannot_offer"][0]["pointed_to"] = ""
    result = validate_design(data, MENU)
    assert result.errors == {
        "specialists.1.why": "Please say why this specialist is needed.",
        "cannot_offer.0.pointed_to": "Please record the organisation the family was pointed to.",
    }
    assert service_design_completeness({"service_design": data}, MENU).missing == [
        "Why each specialist is needed", "Where the family was pointed to for what we cannot offer"]


def test_living_in_is_costed_from_its_hours_and_nights() -> None:
    design = ServiceDesign.model_validate({"components": [chosen("live-in-support", on_going={"live_in": True})]})
    assert design_problems(design, MENU) == {
        "components.0.on_going.week": "Please say when this support happens: add hours or nights to the weekly pattern."}


def test_a_weekly_pattern_counts_its_nights_and_its_weekend_hours() -> None:
    details = OnGoingDetails.model_validate(week(
        monday={"daytime": "6", "night": "sleep-in"}, friday={"evening": "2.5", "night": "waking-night"},
        saturday={"daytime": "4", "evening": "1", "night": "sleep-in"}))
    assert (details.sleep_ins_per_week, details.waking_nights_per_week) == (2, 1)
    assert details.hours_per_week().by_band() == {
        "day": Decimal("6"), "evening": Decimal("3.5"), "weekend": Decimal("4"), "bank_holiday": Decimal("0")}


def test_the_design_becomes_the_costing_engines_component_list() -> None:
    design = validate_design(finished_design(), MENU).value
    assert to_costing_components(design, MENU) == [
        {"name": "Benefit review", "kind": "one-off", "shared_by": 1, "fixed_price": "150.00"},
        {"name": "Life skills training", "kind": "fixed-term", "shared_by": 1, "fixed_price": "1800.00", "weeks": 12,
         "if_longer": {"rule": "continue-reduced", "hourly_rate": "12.50"}},
        {"name": "Personal care and support", "kind": "on-going", "shared_by": 2,
         "hours_per_week": {"day": "6.00", "evening": "3.00", "weekend": "4.00"},
         "sleep_ins_per_week": 1, "waking_nights_per_week": 0},
    ]


def hourly_design() -> dict:
    return {"components": [
        chosen("housing-brokerage", one_off={"estimated_hours": "7.5", "date": "2026-06-01"}),
        chosen("short-breaks", shared_by=2, fixed_term={"weeks": 6, "sleep_ins_per_week": 1,
                                                        "hours_per_week": {"weekend": "8"}}),
        bus_training(if_longer={"rule": "refund-partial", "refund_percent": "50", "reduced_hourly_rate": None}),
    ]}


def test_hourly_one_offs_and_fixed_terms_are_costed_by_their_hours() -> None:
    design = ServiceDesign.model_validate(hourly_design())
    assert to_costing_components(design, MENU) == [
        {"name": "Housing brokerage", "kind": "one-off", "shared_by": 1, "hours": "7.50", "band": "day"},
        {"name": "Short breaks", "kind": "fixed-term", "shared_by": 2, "weeks": 6,
         "hours_per_week": {"weekend": "8.00"}, "sleep_ins_per_week": 1, "waking_nights_per_week": 0},
        {"name": "Life skills training", "kind": "fixed-term", "shared_by": 1, "fixed_price": "1800.00", "weeks": 12,
         "if_longer": {"rule": "refund-partial", "pct": "50"}},
    ]


@pytest.mark.parametrize("data", [finished_design(), hourly_design()], ids=["mixed", "hourly"])
def test_the_costing_engine_accepts_what_the_design_gives_it(data: dict) -> None:
    checks = pytest.importorskip("advisor_app.domain.costing.checks")
    design = validate_design(data, MENU).value
    costing = {
        "overheads": {"central_pct": "5", "regional_pct": "3", "surplus_pct": "2"},
        "rates": {"day": "20.00", "evening": "22.00", "weekend": "24.00", "bank_holiday": "40.00",
                  "sleep_in": "90.00", "waking_night": "150.00"},
        "components": to_costing_components(design, MENU),
    }
    assert checks.parse_costing(costing).errors == {}


def test_an_unfinished_design_is_not_costed() -> None:
    design = ServiceDesign(components=[choose(MENU.get("waking-night"))])
    with pytest.raises(DesignNotReady) as caught:
        to_costing_components(design, MENU)
    assert caught.value.errors == {
        "components.0.on_going.week": "Please say when this support happens: add hours or nights to the weekly pattern."}


hours = st.decimals(min_value=0, max_value=12, places=2)
nights = st.sampled_from(["none", "sleep-in", "waking-night"])
day_pattern = st.fixed_dictionaries({"daytime": hours, "evening": hours, "night": nights})


@given(st.fixed_dictionaries({day: day_pattern for day in DAYS}), st.integers(1, 6))
def test_costing_carries_every_hour_and_night_of_the_week(pattern: dict, shared_by: int) -> None:
    design = ServiceDesign.model_validate({"components": [
        chosen("personal-care-and-support", shared_by=shared_by, on_going={"week": pattern, "live_in": True})]})
    assume(not design.components[0].on_going.is_empty())
    [component] = to_costing_components(design, MENU)
    total = sum(Decimal(h) for h in component["hours_per_week"].values())
    assert total == sum(p["daytime"] + p["evening"] for p in pattern.values())
    assert component["sleep_ins_per_week"] == sum(p["night"] == "sleep-in" for p in pattern.values())
    assert component["waking_nights_per_week"] == sum(p["night"] == "waking-night" for p in pattern.values())
    assert component["shared_by"] == shared_by
    assert validate(ServiceDesign, design.model_dump(mode="json")).value == design


@pytest.mark.parametrize(("pct", "message"), [
    ("12.345", "Please give a percentage like 50 or 12.5."),
    ("150", "Please enter 100 or less."),
])
def test_a_refund_percentage_is_a_plain_percentage(pct: str, message: str) -> None:
    result = validate(ServiceDesign, {"components": [bus_training(if_longer={"rule": "refund-partial",
                                                                             "refund_percent": pct})]})
    assert result.errors == {"components.0.fixed_term.if_longer.refund_percent": message}
