"""The customer journey as an explicit state machine.

A case sits at one stage of the journey (the furthest it has reached). It moves on only when
that stage is complete; it may step back (a proposal turned down sends the advisor back to the
design); it closes from the enquiry when the provider cannot help, with the honest answer and
the organisation the family was pointed to recorded; and it may be reopened.
The advisor can open any stage that is built, whatever the case's position: real conversations
jump about. Completeness is computed from the case's saved sections, never stored.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Callable, Mapping

from advisor_app.domain.progress import Completeness
from advisor_app.domain.enquiry import Decision, Enquiry
from advisor_app.domain.funding import Funding
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.people import Circle, CircleRole, Person
from advisor_app.domain.validation import validate

Sections = Mapping[str, Any]  # section name -> saved data (dict, or list for many-record sections)


class Stage(StrEnum):
    ENQUIRY = "enquiry"
    FIRST_MEETINGS = "first_meetings"
    PICTURE = "picture"
    SERVICE_DESIGN = "service_design"
    SUPPORT_PLAN = "support_plan"
    RISK = "risk"
    COSTING = "costing"
    AGREEMENT = "agreement"
    SETUP = "setup"
    REVIEWS = "reviews"


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    title: str
    summary: str
    sections: tuple[str, ...]


STAGES: tuple[StageInfo, ...] = (
    StageInfo(Stage.ENQUIRY, N_("Enquiry"), N_("Who got in touch, and what they are looking for."), ("enquiry",)),
    StageInfo(Stage.FIRST_MEETINGS, N_("First meetings"), N_("The person, their circle, and their funding."), ("person", "circle", "funding")),
    StageInfo(Stage.PICTURE, N_("Getting to know the person"), N_("The person-centred picture, in their own words."), ("one_page_profile", "important_to_for", "working_not_working", "communication", "decision_making", "good_day_bad_day")),
    StageInfo(Stage.SERVICE_DESIGN, N_("Service design"), N_("Support broken into parts from our menu."), ("service_design",)),
    StageInfo(Stage.SUPPORT_PLAN, N_("Support plan"), N_("Outcomes, the weekly pattern, and how to support well."), ("support_plan",)),
    StageInfo(Stage.RISK, N_("Risk and opportunity"), N_("Opening doors safely: assessments for new activities."), ("risk_assessment",)),
    StageInfo(Stage.COSTING, N_("Costing and proposal"), N_("What it costs, line by line, against the budget."), ("costing", "proposal")),
    StageInfo(Stage.AGREEMENT, N_("Agreement"), N_("Read together and signed."), ("agreement",)),
    StageInfo(Stage.SETUP, N_("Setting up and handover"), N_("Recruitment, specialists, and handing over."), ("setup",)),
    StageInfo(Stage.REVIEWS, N_("Reviews"), N_("What is working, at least once a year."), ("review",)),
)
ORDER: tuple[Stage, ...] = tuple(info.stage for info in STAGES)


def info(stage: Stage) -> StageInfo:
    return STAGES[ORDER.index(stage)]


def enquiry_completeness(sections: Sections) -> Completeness:
    result = validate(Enquiry, sections.get("enquiry") or {})
    if not result.ok:
        return Completeness(done=0, total=8, missing=[N_("Some answers in the enquiry need checking")])
    missing = result.value.missing()
    return Completeness(done=8 - len(missing), total=8, missing=missing)


def first_meetings_completeness(sections: Sections) -> Completeness:
    person = validate(Person, sections.get("person")).value if sections.get("person") else None
    circle = validate(Circle, sections.get("circle") or {}).value or Circle()
    funding = validate(Funding, sections.get("funding") or {}).value or Funding()

    def decided(flag: str, role: CircleRole) -> bool:
        return bool(person and getattr(person, flag)) or bool(circle.with_role(role))

    return Completeness.from_checks([
        (bool(person and person.first_name and person.last_name), N_("The person's name")),
        (bool(person and (person.address or person.postcode)), N_("Where the person lives")),
        (bool(circle.members) or bool(person and person.decides_about_funding and person.decides_about_contract),
         N_("At least one person in the circle of support")),
        (bool(funding.sources), N_("How the support will be paid for")),
        (decided("decides_about_funding", CircleRole.FUNDING_DECISION_MAKER), N_("Who decides about the money")),
        (decided("decides_about_contract", CircleRole.CONTRACT_DECISION_MAKER), N_("Who decides about the contract")),
        (not circle.reminders(), N_("Only one nominated person in the circle")),
    ])


def _rule(module: str, name: str) -> "CompletenessRule":
    """A stage's rule, imported when first used: the later stages' modules name journey stages
    (so cannot be imported here first), and loading every model at launch costs a third of a
    second the unlock screen does not need."""

    def rule(sections: Sections) -> Completeness:
        return getattr(importlib.import_module(f"advisor_app.domain.{module}"), name)(sections)

    rule.__name__ = name
    return rule


picture_completeness = _rule("completeness", "picture_completeness")
service_design_completeness = _rule("completeness", "service_design_completeness")
support_plan_completeness = _rule("completeness", "support_plan_completeness")
risk_stage_completeness = _rule("risk", "risk_stage_completeness")
case_costing_completeness = _rule("proposals", "case_costing_completeness")
agreement_completeness = _rule("agreement", "agreement_completeness")
setup_completeness = _rule("setup", "setup_completeness")
reviews_completeness = _rule("reviews", "reviews_completeness")


CompletenessRule = Callable[[Sections], Completeness]
RULES: dict[Stage, CompletenessRule] = {
    Stage.ENQUIRY: enquiry_completeness,
    Stage.FIRST_MEETINGS: first_meetings_completeness,
    Stage.PICTURE: picture_completeness,
    Stage.SERVICE_DESIGN: service_design_completeness,
    Stage.SUPPORT_PLAN: support_plan_completeness,
    Stage.RISK: risk_stage_completeness,
    Stage.COSTING: case_costing_completeness,
    Stage.AGREEMENT: agreement_completeness,
    Stage.SETUP: setup_completeness,
    Stage.REVIEWS: reviews_completeness,
}


def register(stage: Stage, rule: CompletenessRule) -> None:
    """Each feature adds the rule for its own stage; a stage without a rule is not built yet."""
    RULES[stage] = rule


def is_built(stage: Stage) -> bool:
    return stage in RULES


def completeness(stage: Stage, sections: Sections) -> Completeness | None:
    rule = RULES.get(stage)
    return rule(sections) if rule else None


@dataclass(frozen=True)
class CaseState:
    stage: Stage = Stage.ENQUIRY
    status: Status = Status.OPEN


class JourneyError(Exception):
    """A move the journey does not allow; the message says why in plain words."""


@dataclass(frozen=True)
class Blocked:
    """Why a move is not allowed: one sentence, and when a stage is unfinished, what it still needs."""

    reason: str
    still_needed: tuple[str, ...] = ()


def blocked(state: CaseState, target: Stage, sections: Sections) -> Blocked | None:
    """None when the case may move to ``target``; otherwise why not, for the screen."""
    if state.status == Status.CLOSED:
        return Blocked(N_("This case is closed. Reopen it first."))
    here, there = ORDER.index(state.stage), ORDER.index(target)
    if there == here:
        return Blocked(N_("The case is already at this stage."))
    if there < here:
        return None
    if there > here + 1:
        return Blocked(Msg("Move on one stage at a time: next is “{stage}”.", stage=info(ORDER[here + 1]).title))
    if not is_built(target):
        return Blocked(Msg("“{stage}” is not available yet.", stage=info(target).title))
    if state.stage == Stage.ENQUIRY and (sections.get("enquiry") or {}).get("decision") == Decision.NOT_PURSUE:
        return Blocked(N_("The enquiry says we cannot help. Close the case instead, or change the decision."))
    done = completeness(state.stage, sections)
    if done is not None and not done.complete:
        return Blocked(Msg("“{stage}” is not finished yet. Still needed: {missing}.",
                           stage=info(state.stage).title, missing="; ".join(done.missing)),
                       tuple(done.missing))
    return None


def why_not_move(state: CaseState, target: Stage, sections: Sections) -> str | None:
    reason = blocked(state, target, sections)
    return reason.reason if reason else None


def move(state: CaseState, target: Stage, sections: Sections) -> CaseState:
    reason = why_not_move(state, target, sections)
    if reason:
        raise JourneyError(reason)
    return CaseState(stage=target, status=state.status)


def why_not_close(state: CaseState, sections: Sections) -> str | None:
    if state.status == Status.CLOSED:
        return N_("This case is already closed.")
    enquiry = sections.get("enquiry") or {}
    if enquiry.get("decision") != Decision.NOT_PURSUE:
        return N_("A case is closed from the enquiry, when we decide we cannot help.")
    parsed = validate(Enquiry, enquiry).value
    if parsed is None or parsed.reminders():
        return N_("Record the honest answer and the organisation the family was pointed to first.")
    return None


def close(state: CaseState, sections: Sections) -> CaseState:
    reason = why_not_close(state, sections)
    if reason:
        raise JourneyError(reason)
    return CaseState(stage=state.stage, status=Status.CLOSED)


def reopen(state: CaseState) -> CaseState:
    if state.status != Status.CLOSED:
        raise JourneyError(N_("This case is already open."))
    return CaseState(stage=state.stage, status=Status.OPEN)
