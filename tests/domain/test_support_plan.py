"""Support plan: outcomes linked to support, the weekly timetable with its clashes and gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from advisor_app.domain.completeness import support_plan_completeness
from advisor_app.domain.service_design import ServiceDesign
from advisor_app.domain.support_plan import (
    Slot,
    SupportPlan,
    outcome_warnings,
    timetable_clashes,
    timetable_gaps,
    timetable_warnings,
    weekly_timetable,
)
from advisor_app.domain.validation import validate
from tests.domain.shipped import shipped_menu

MENU = shipped_menu()
EVERY_DAY = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def on_going(chosen_id: str, component_id: str, live_in: bool = False, **days: dict) -> dict:
    return {"id": chosen_id, "component_id": component_id, "on_going": {"week": days, "live_in": live_in}}


def design(*components: dict) -> ServiceDesign:
    return ServiceDesign.model_validate({"components": list(components)})


def daily_care() -> dict:
    return on_going("care", "personal-care-and-support", **{d: {"daytime": "4", "evening": "2"} for d in EVERY_DAY})


def nights(chosen_id: str, component_id: str, cover: str, *days: str) -> dict:
    return on_going(chosen_id, component_id, **{d: {"night": cover} for d in days})


def bus_training() -> dict:
    return {"id": "bus", "component_id": "life-skills-training",
            "fixed_term": {"weeks": 12, "hours_per_week": {"day": "6"}}}


def plan_data(**changes) -> dict:
    data = {
        "outcomes": [
            {"in_my_words": "I want to get the bus to work on my own", "success_looks_like": "Sam gets to work alone",
             "by_when": "2026-09-01", "component_ids": ["bus"]},
            {"in_my_words": "I want to stay living at home", "success_looks_like": "Sam is still at home next year",
             "by_when": "2027-03-01", "component_ids": ["care", "sleep"]},
        ],
        "how_to_support_me_well": [{"text": "Give me time to answer"}],
        "wanted_in_supporters": {"qualities": [{"text": "Patient"}], "shared_interests": [{"text": "Football"}]},
        "what_matters_day_to_day": [{"text": "A cup of tea when I wake up"}],
    }
    data.update(changes)
    return data


def full_design() -> ServiceDesign:
    return design(daily_care(), nights("sleep", "sleep-in", "sleep-in", *EVERY_DAY), bus_training())


def test_on_going_support_fills_the_cells_of_the_week() -> None:
    timetable = weekly_timetable(full_design(), MENU)
    assert [b.name for b in timetable.cell("monday", Slot.DAYTIME)] == ["Personal care and support"]
    assert [b.name for b in timetable.cell("sunday", Slot.NIGHT)] == ["Sleep-in"]
    assert timetable.day_hours("wednesday") == Decimal(16)  # 4 + 2 + a 10-hour night
    assert [(w.name, w.hours_per_week.total()) for w in timetable.weekly] == [("Life skills training", Decimal(6))]
    assert timetable_warnings(timetable) == []


def test_one_offs_are_listed_by_date() -> None:
    timetable = weekly_timetable(design(
        {"id": "a", "component_id": "holidays", "one_off": {"estimated_hours": "40", "date": "2026-08-01"}},
        {"id": "b", "component_id": "benefit-review", "one_off": {"fixed_price": "90", "date": "2026-04-01"}},
    ), MENU)
    assert [(b.name, b.date) for b in timetable.one_offs] == [
        ("Benefit review", dt.date(2026, 4, 1)), ("Holidays", dt.date(2026, 8, 1))]


def test_too_many_hours_in_a_day_is_a_clash_with_a_specific_message() -> None:
    timetable = weekly_timetable(design(
        on_going("care", "personal-care-and-support", tuesday={"daytime": "9", "evening": "5", "night": "waking-night"}),
        on_going("money", "managing-personal-finances", tuesday={"daytime": "2"}),
    ), MENU)
    assert timetable_clashes(timetable) == [
        "Tuesday daytime has 11 hours of support planned; 08:00 to 17:00 is 9 hours.",
        "Tuesday has 26 hours of support planned; a day has 24.",
    ]


def test_two_components_crowding_an_evening_is_a_clash() -> None:
    timetable = weekly_timetable(design(
        on_going("care", "personal-care-and-support", friday={"evening": "4"}),
        on_going("house", "housing-related-support", friday={"evening": "2.5"}),
    ), MENU)
    assert timetable_clashes(timetable) == ["Friday evening has 6.5 hours of support planned; 17:00 to 22:00 is 5 hours."]


def test_a_sleep_in_and_a_waking_night_on_the_same_night_clash() -> None:
    timetable = weekly_timetable(design(
        nights("sleep", "sleep-in", "sleep-in", "monday", "saturday"),
        nights("awake", "waking-night", "waking-night", "saturday"),
        nights("awake2", "waking-night", "waking-night", "monday"),
    ), MENU)
    assert timetable_clashes(timetable) == [
        "Monday night has both a sleep-in and a waking night planned; only one is needed.",
        "Saturday night has both a sleep-in and a waking night planned; only one is needed.",
    ]


def test_two_sleep_ins_on_one_night_are_questioned() -> None:
    timetable = weekly_timetable(design(
        nights("a", "sleep-in", "sleep-in", "thursday"), nights("b", "live-in-support", "sleep-in", "thursday")), MENU)
    assert timetable_clashes(timetable) == ["Thursday night has 2 sleep-ins planned. Please check they are all needed."]


def test_days_without_any_support_are_gaps_when_support_is_on_going() -> None:
    weekdays = on_going("care", "personal-care-and-support", **{d: {"daytime": "5"} for d in EVERY_DAY[:5]})
    assert timetable_gaps(weekly_timetable(design(weekdays), MENU)) == [
        "Saturday has no support planned.", "Sunday has no support planned."]
    assert timetable_gaps(weekly_timetable(design(bus_training()), MENU)) == []  # nothing on-going: no gaps


def test_someone_living_in_means_no_day_is_without_support() -> None:
    live_in = on_going("home", "live-in-support", live_in=True, monday={"daytime": "3"})
    timetable = weekly_timetable(design(live_in), MENU)
    assert timetable_gaps(timetable) == []
    assert [b.live_in for b in timetable.cell("friday", Slot.NIGHT)] == [True]


def test_outcomes_without_support_and_support_without_outcomes_are_pointed_out() -> None:
    plan = SupportPlan.model_validate(plan_data(outcomes=[
        {"in_my_words": "I want to make friends at the football club", "component_ids": []},
        {"in_my_words": "I want to stay living at home with my mum and my two cats, Tigger and Pooh, for "
                        "as long as I can", "component_ids": ["care", "removed-one"]},
    ]))
    assert outcome_warnings(plan, full_design(), MENU) == [
        "“I want to make friends at the football club” is not linked to any part of the support yet.",
        "“I want to stay living at home with my mum and my two cats…” "
        "is linked to a part of the support that is no longer in the design.",
        "“Sleep-in” does not help with any outcome yet.",
        "“Life skills training” does not help with any outcome yet.",
    ]


def test_a_plan_saves_round_trips_and_refuses_linking_the_same_support_twice() -> None:
    plan = validate(SupportPlan, plan_data()).value
    assert validate(SupportPlan, plan.model_dump(mode="json")).value == plan
    result = validate(SupportPlan, plan_data(outcomes=[{"in_my_words": "Swim", "component_ids": ["care", "care"]}]))
    assert result.errors == {"outcomes.0.component_ids": "The same part of support is linked twice."}
    assert validate(SupportPlan, plan_data(outcomes=[{"in_my_words": "Swim", "by_when": "soon"}])).errors == {
        "outcomes.0.by_when": "Please enter a real date, like 2026-03-14."}


def test_a_finished_plan_is_complete() -> None:
    sections = {"support_plan": plan_data(), "service_design": full_design().model_dump(mode="json")}
    done = support_plan_completeness(sections, MENU)
    assert done.complete and (done.done, done.total) == (8, 8)


def test_an_empty_plan_lists_what_it_needs() -> None:
    done = support_plan_completeness({})
    assert (done.done, done.total) == (1, 8)  # an empty timetable has no clashes
    assert done.missing == [
        "At least one outcome, in the person's words",
        "How to support the person well",
        "What the person wants in the people who support them",
        "What matters to the person day to day",
    ]


def test_a_plan_is_not_complete_with_a_clash_or_an_outcome_without_support() -> None:
    clashing = design(daily_care(), nights("sleep", "sleep-in", "sleep-in", *EVERY_DAY), bus_training(),
                      nights("awake", "waking-night", "waking-night", "friday"))
    data = plan_data()
    data["outcomes"][0]["component_ids"] = []
    data["outcomes"][1]["by_when"] = None
    done = support_plan_completeness({"support_plan": data, "service_design": clashing.model_dump(mode="json")})
    assert done.missing == [
        "By when each outcome should be reached",
        "The support that delivers each outcome",
        "A weekly timetable without clashes",
    ]
