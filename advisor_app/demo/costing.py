"""Demo costing: priced proposals for Priya Sharma and Tom Brennan.

Priya: two versions; the first offered and then replaced, the second (less management time and a
smaller contingency, so it fits her budget) offered and accepted by her mum. Tom: a first draft
selling his bus training by the hour, then a second at a fixed price for the outcome with
management support, offered and waiting for his answer.

Each case gets a service design (and funding) only if it has none yet, so another part of the
demo may write a fuller design for the same person; the costing options then use only the parts
that design has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor_app.domain.proposals import COSTING_SECTION
from advisor_app.domain.sections import SECTION_MODELS

FUNCTION = "Finance team (money management)"


def _in(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


PRIYA_DESIGN = {
    "components": [
        {"id": "priya-care", "component_id": "personal-care-and-support",
         "notes": "Getting out and about, and her Saturday café shift",
         "on_going": {"week": {"monday": {"daytime": "5"}, "wednesday": {"daytime": "5"},
                               "friday": {"daytime": "5"}, "saturday": {"daytime": "6"}}}},
        {"id": "priya-evenings", "component_id": "personal-care-and-support", "shared_by": 2,
         "notes": "Evenings out with her friend Leah",
         "on_going": {"week": {"tuesday": {"evening": "3"}, "thursday": {"evening": "3"}}}},
        {"id": "priya-bus", "component_id": "life-skills-training", "fixed_term": {
            "weeks": 12, "target_outcome": "Priya travels to the café by bus on her own.",
            "hours_per_week": {"day": "4"}, "fixed_price_for_outcome": "950.00",
            "if_longer": {"rule": "continue-reduced", "reduced_hourly_rate": "15.00"}}},
        {"id": "priya-signs", "component_id": "accessible-communication", "fixed_term": {
            "weeks": 8, "target_outcome": "A Makaton word list and a picture timetable for her team.",
            "hours_per_week": {"day": "2"}}},
        {"id": "priya-plan", "component_id": "person-centred-plan-facilitation",
         "one_off": {"fixed_price": "420.00", "date": _in(21)}},
    ],
}

TOM_DESIGN = {
    "components": [
        {"id": "tom-out", "component_id": "personal-care-and-support",
         "notes": "Football on Saturdays and the allotment on Wednesdays",
         "on_going": {"week": {"wednesday": {"daytime": "4"}, "saturday": {"daytime": "6"}}}},
        {"id": "tom-letters", "component_id": "managing-personal-finances",
         "on_going": {"week": {"monday": {"daytime": "1.5"}}}},
        {"id": "tom-bus", "component_id": "life-skills-training", "fixed_term": {
            "weeks": 10, "target_outcome": "Tom takes the bus to the allotment on his own.",
            "hours_per_week": {"day": "3"}, "fixed_price_for_outcome": "620.00",
            "if_longer": {"rule": "refund-partial", "refund_percent": "30"}}},
        {"id": "tom-benefits", "component_id": "benefit-review",
         "one_off": {"fixed_price": "120.00", "date": _in(14)}},
    ],
}

PRIYA_FUNDING = {"sources": [{"type": "direct_payment", "amount": "612.50", "period": "week",
                              "controlled_by": "person"}]}
TOM_FUNDING = {"sources": [{"type": "self_funding", "amount": "18500.00", "period": "year",
                            "controlled_by": "person"}]}


def _save_options(service: Any, case_id: str, options: dict[str, Any]) -> None:
    """The options the costing stage opens with (once the section is registered)."""
    from advisor_app.services import costing

    if COSTING_SECTION in SECTION_MODELS:
        result = costing.save_options(service, case_id, options)
        if not result.ok:
            raise RuntimeError(f"demo costing options: {result.errors}")


def _case(service: Any, name: str) -> str:
    from advisor_app.demo import case_named  # the package imports this module

    return case_named(service, name)


def _ensure(service: Any, case_id: str, section: str, data: dict[str, Any]) -> dict[str, Any]:
    """The case's section, saving ``data`` as it first when the case has none."""
    saved = service.load_case(case_id).data().get(section)
    if saved:
        return saved
    result = service.save(case_id, section, data)
    if not result.ok:
        raise RuntimeError(f"demo {section}: {result.errors}")
    return service.load_case(case_id).data()[section]


def _ids(design: dict[str, Any]) -> set[str]:
    return {c["id"] for c in design.get("components", [])}


def _checked(result: Any, what: str) -> Any:
    if not result.ok:
        raise RuntimeError(f"demo costing, {what}: {result.errors}")
    return result.proposal


def _priya(service: Any) -> None:
    from advisor_app.services import costing

    case = _case(service, "Priya Sharma")
    _ensure(service, case, "service_design", PRIYA_DESIGN)
    _ensure(service, case, "funding", PRIYA_FUNDING)
    first = {"contingency": "1000.00", "management_hours_per_year": "40"}
    v1 = _checked(costing.save_proposal(service, case, first, notes="First version, talked through with "
                                        "Anita and Priya at home."), "Priya v1")
    _checked(costing.offer(service, case, v1.id), "offer Priya v1")
    second = {"contingency": "600.00", "management_hours_per_year": "20"}
    _save_options(service, case, second)
    v2 = _checked(costing.save_proposal(service, case, second, notes="Anita asked to keep more of the budget "
                                        "for Priya's own support: less management time and a smaller "
                                        "contingency."), "Priya v2")
    _checked(costing.offer(service, case, v2.id), "offer Priya v2")
    decider = next((a.id for a in costing.who_can_accept(service, case) if a.id != "person"), "person")
    _checked(costing.accept(service, case, v2.id, decider), "accept Priya v2")


def _tom(service: Any) -> None:
    from advisor_app.services import costing

    case = _case(service, "Tom Brennan")
    ids = _ids(_ensure(service, case, "service_design", TOM_DESIGN))
    _ensure(service, case, "funding", TOM_FUNDING)
    functions = ([{"function": FUNCTION, "for_component": "tom-letters", "hours": "0.5"}]
                 if "tom-letters" in ids else [])
    hourly = {"functions": functions, "pricing": {"tom-bus": "hourly"} if "tom-bus" in ids else {}}
    _checked(costing.save_proposal(service, case, hourly, notes="Bus training by the hour."), "Tom v1")
    fixed = {**hourly, "pricing": {"tom-bus": "fixed"} if "tom-bus" in ids else {},
             "management_hours_per_year": "12", "contingency": "300.00"}
    _save_options(service, case, fixed)
    v2 = _checked(costing.save_proposal(service, case, fixed, notes="Tom liked knowing the price for "
                                        "learning the bus route. Waiting for his answer."), "Tom v2")
    _checked(costing.offer(service, case, v2.id), "offer Tom v2")


def fill(service: Any) -> None:
    _priya(service)
    _tom(service)
