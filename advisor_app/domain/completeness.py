"""How far a stage has got: pure rules over the sections as stored (raw JSON dicts)."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, TypeVar

from pydantic import BaseModel

from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.progress import Completeness
from advisor_app.domain.picture import (
    PICTURE_SECTIONS,
    CommunicationChart,
    DecisionMaking,
    GoodDayBadDay,
    ImportantToFor,
    OnePageProfile,
    View,
    WorkingNotWorking,
)
from advisor_app.domain.service_design import ServiceDesign, component_name, component_problems
from advisor_app.domain.support_plan import SupportPlan, timetable_clashes, unlinked_outcomes, weekly_timetable
from advisor_app.domain.validation import validate

M = TypeVar("M", bound=BaseModel)


# ---- Rules for the picture, the service design and the support plan -------------------------
# Each takes the case's sections as stored ({name: dict or None}) so the navigator can call it
# with what it has.

Sections = Mapping[str, Any]
Check = tuple[bool, str | None]


def _every(items: list[Any], ok: Callable[[Any], bool], message: str) -> Check:
    """"Every X has Y": not done while there is no X, but then "at least one X" already says so."""
    return bool(items) and all(ok(item) for item in items), message if items else None


def _parsed(model: type[M], data: Any) -> M | None:
    """The stored section as a model; an empty one when not saved yet; None when it fails to parse."""
    return validate(model, data or {}).value


def _section(model: type[M], data: Any, rule: Callable[[M], list[Check]], needs_checking: str) -> Completeness:
    value = _parsed(model, data)
    if value is None:  # e.g. saved by an older version: the advisor has to look at it
        return Completeness(done=0, total=len(rule(model())), missing=[needs_checking])
    return Completeness.from_checks(rule(value))


def _combined(parts: Iterable[Completeness]) -> Completeness:
    parts = list(parts)
    return Completeness(
        done=sum(p.done for p in parts),
        total=sum(p.total for p in parts),
        missing=[message for p in parts for message in p.missing],
    )


def _one_page_profile(p: OnePageProfile) -> list[Check]:
    return [
        (bool(p.like_and_admire), N_("What people like and admire about the person")),
        (bool(p.important_to), N_("What is important to the person")),
        (bool(p.how_to_support), N_("How best to support the person")),
    ]


def _important_to_for(p: ImportantToFor) -> list[Check]:
    return [(bool(p.important_to and p.important_for), N_("What is important to the person and for them, side by side"))]


def _working_not_working(p: WorkingNotWorking) -> list[Check]:
    statements = p.working + p.not_working
    return [
        (bool(p.working and p.not_working), N_("What is working and what is not working")),
        (any(s.view == View.PERSON for s in statements), N_("What is working and not working from the person's own view")),
    ]


def _communication(p: CommunicationChart) -> list[Check]:
    return [
        (bool(p.rows), N_("How the person communicates")),
        _every(p.rows, lambda r: bool(r.usually_means and r.others_should),
               N_("What each way of communicating usually means, and what others should do")),
    ]


def _decision_making(p: DecisionMaking) -> list[Check]:
    return [
        (bool(p.how_to_offer_information), N_("How best to give the person information to make decisions")),
        (bool(p.decisions), N_("The important decisions in the person's life and who is involved")),
        _every(p.decisions, lambda d: d.final_say is not None, N_("Who has the final say on each decision")),
    ]


def _good_day_bad_day(p: GoodDayBadDay) -> list[Check]:
    return [
        (bool(p.good_day), N_("A good day")),
        (bool(p.bad_day), N_("A bad day")),
        (bool(p.hopes_for_future), N_("Hopes for the future")),
    ]


_PICTURE_RULES: dict[str, tuple[Callable[[Any], list[Check]], str]] = {
    "one_page_profile": (_one_page_profile, N_("Some answers in the one-page profile need checking")),
    "important_to_for": (_important_to_for, N_("Some answers in important to and for need checking")),
    "working_not_working": (_working_not_working, N_("Some answers in working and not working need checking")),
    "communication": (_communication, N_("Some answers in the communication chart need checking")),
    "decision_making": (_decision_making, N_("Some answers in decision making need checking")),
    "good_day_bad_day": (_good_day_bad_day, N_("Some answers in good days, bad days and hopes need checking")),
}


def picture_completeness(sections: Sections) -> Completeness:
    return _combined(
        _section(PICTURE_SECTIONS[name], sections.get(name), rule, needs_checking)
        for name, (rule, needs_checking) in _PICTURE_RULES.items()
    )


def service_design_completeness(sections: Sections, menu: ComponentMenu | None = None) -> Completeness:
    """With the menu, components no longer on it (or of another kind) count as unfinished too."""

    def rule(design: ServiceDesign) -> list[Check]:
        checks: list[Check] = [(bool(design.components), N_("At least one part of support chosen from the menu"))]
        checks += [(not component_problems(c, menu), Msg("The details of “{name}”", name=component_name(c, menu)))
                   for c in design.components]
        # Specialists and what we cannot offer are optional: checked once the advisor adds one.
        if design.specialists:
            checks.append((all(s.why for s in design.specialists), N_("Why each specialist is needed")))
        if design.cannot_offer:
            checks.append((all(g.pointed_to for g in design.cannot_offer),
                           N_("Where the family was pointed to for what we cannot offer")))
        return checks

    return _section(ServiceDesign, sections.get("service_design"), rule,
                    N_("Some answers in the service design need checking"))


def support_plan_completeness(sections: Sections, menu: ComponentMenu | None = None) -> Completeness:
    design = _parsed(ServiceDesign, sections.get("service_design")) or ServiceDesign()

    def rule(plan: SupportPlan) -> list[Check]:
        unlinked = {o.id for o in unlinked_outcomes(plan, design)}
        return [
            (bool(plan.outcomes), N_("At least one outcome, in the person's words")),
            _every(plan.outcomes, lambda o: bool(o.success_looks_like), N_("What success looks like for each outcome")),
            _every(plan.outcomes, lambda o: o.by_when is not None, N_("By when each outcome should be reached")),
            _every(plan.outcomes, lambda o: o.id not in unlinked, N_("The support that delivers each outcome")),
            (not timetable_clashes(weekly_timetable(design, menu)), N_("A weekly timetable without clashes")),
            (bool(plan.how_to_support_me_well), N_("How to support the person well")),
            (not plan.wanted_in_supporters.is_empty(), N_("What the person wants in the people who support them")),
            (bool(plan.what_matters_day_to_day), N_("What matters to the person day to day")),
        ]

    return _section(SupportPlan, sections.get("support_plan"), rule,
                    N_("Some answers in the support plan need checking"))
