"""Progress for Providers (Appendix I of the provider's book): the provider's self-assessment for
delivering Individual Service Funds, and what the cases themselves show of it.

The tool has sections (leadership and strategy, culture, community, support planning and review,
finance, human resources, marketing, quality), each with indicators graded 1 (becoming aware) to 5
(excellent). The office records a grade for an indicator with its date and the evidence, and keeps
every grade: the history is the progress.

Some indicators the cases can evidence, and the office computes them (``figures``): people with a
costed, outcome-focused plan; with a signed individual contract; reviews done on time; people
involved in recruiting their staff; budget statements given at reviews; risk assessments reviewed
on time. Each is a numerator over a denominator, both counts of cases (or assessments), so a figure
can always be checked.

Pure: the office's services read the cases (``office/progress.py``) into ``CaseEvidence``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from advisor_app.domain.fields import Id, new_id
from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model

GRADES = (1, 2, 3, 4, 5)
GRADE_WORDS: dict[int, str] = {
    1: N_("1: becoming aware"),
    2: N_("2: getting started"),
    3: N_("3: making some progress"),
    4: N_("4: making good progress"),
    5: N_("5: excellent, goal achieved"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str  # N_
    title: str  # N_
    grades: tuple[str, str, str, str, str]  # what each grade looks like, 1 to 5 (N_)


def _i(code: str, section: str, title: str, *grades: str) -> Indicator:
    assert len(grades) == 5
    return Indicator(code, section, title, grades)  # type: ignore[arg-type]


LEADERSHIP = N_("1. Leadership and strategy")
CULTURE = N_("2. Creating a person-centred culture")
COMMUNITY = N_("3. Community focus")
PLANNING = N_("4. Support planning and review")
FINANCE = N_("5. Finance")
PEOPLE = N_("6. Human resources")
MARKETING = N_("7. Marketing")
QUALITY = N_("8. Reviewing and improving our service (quality)")

INDICATORS: tuple[Indicator, ...] = (
    _i("strategy", LEADERSHIP, N_("Strategy"),
       N_("We have not considered the impact of personalisation on our organisation."),
       N_("We think personalisation will affect us, but not how, and not all senior managers are convinced."),
       N_("We know some areas it affects and have started working with commissioners and the people we support."),
       N_("We have a strategic plan for the changes, agreed by the senior team, including back office functions."),
       N_("We have a clear vision and a strategy for a sustainable model, built on what people want, that we "
          "are all held to.")),
    _i("culture", CULTURE, N_("Changing the culture"),
       N_("We do not think we need to change our culture."),
       N_("Personalisation will affect our culture, but maybe only our finances and contracts."),
       N_("We have started to think what being person-centred means for us, but not with back office staff."),
       N_("We have a plan for the change and are working with all staff, back office staff too."),
       N_("Our leaders model the change with staff, people and families, and everyone hears the same message.")),
    _i("risk", CULTURE, N_("A person-centred approach to risk"),
       N_("We try to make sure people avoid risks; activities need authorising first."),
       N_("We need a new approach to risk so people can do what they want, but not sure how."),
       N_("We are reviewing our approach, to take account of each person's circumstances and wishes."),
       N_("Our approach starts from people having the chance to do what they want, with our support."),
       N_("Our approach was made with people and families, is used everywhere, and we learn without blame.")),
    _i("community", COMMUNITY, N_("Community focus"),
       N_("We focus on keeping people healthy and safe."),
       N_("We know we should promote community connections but not where to start."),
       N_("We have begun to think about community connections and why they matter."),
       N_("We are actively promoting community connections and learning from examples."),
       N_("Community is central: we develop community activities from people's plans and commit locally.")),
    _i("planning", PLANNING, N_("Person-centred planning and support plans"),
       N_("We support groups of people to the funder's specification."),
       N_("We know we should support people as individuals but not how to move to it."),
       N_("We are making care plans more person-centred and training some staff."),
       N_("Everyone has an up-to-date person-centred support plan that staff act on."),
       N_("Everyone has a costed, outcome-focused person-centred support plan, linked to their funding.")),
    _i("reviews", PLANNING, N_("Outcome-focused reviews"),
       N_("Our reviews are about services and contracts, with the funder."),
       N_("We know reviews should focus on outcomes but not how."),
       N_("We have begun to identify outcomes with some people and train staff in person-centred reviews."),
       N_("Everyone has an outcome-focused person-centred review, and reviews how they spend their money."),
       N_("We use what reviews tell us to see how well we meet people's outcomes, and change how we work.")),
    _i("costing", FINANCE, N_("Costing services"),
       N_("We cost services by location or group, through block contracts."),
       N_("We know we need to understand each person's cost but not how."),
       N_("We cost by an hourly rate that includes running costs, and have begun individual costs."),
       N_("We know each person's cost, tell them, and can cost a support plan for anyone interested."),
       N_("We give detailed costs to everyone, and people buy as much or as little as they want.")),
    _i("contracts", FINANCE, N_("Contracts"),
       N_("Our contracts are with the local authority, for hours or tasks."),
       N_("We might need other contracts but not where to start."),
       N_("Some contracts are with people who control their funding, and we make them easier to read."),
       N_("Every new customer gets an individual contract based on their plan and personal budget."),
       N_("Everyone has an easy-read individual contract based on their person-centred support plan.")),
    _i("invoicing", FINANCE, N_("Invoicing"),
       N_("Our invoicing suits contracts with funding authorities."),
       N_("We need to invoice individuals but not how to start."),
       N_("We can invoice block contracts and individual services, with a cost centre for each service."),
       N_("We can produce individual invoices, with a cost centre for each person with a budget."),
       N_("We invoice flexibly, take payment in several ways, and our invoices are accessible.")),
    _i("accounting", FINANCE, N_("Accounting"),
       N_("We track money by service or cost centre."),
       N_("We need to account for each person's support but our systems cannot."),
       N_("We have begun to monitor staff time and spending on each person's support."),
       N_("We link what people spend to the outcomes in their support plan."),
       N_("Each person knows how they spend their budget against their plan, under or over, in easy words.")),
    _i("recruitment", PEOPLE, N_("Selecting and recruiting staff"),
       N_("Managers recruit staff from formal job descriptions."),
       N_("We should involve people in recruitment but not where to start."),
       N_("We are exploring how people and families can help select staff; some have."),
       N_("People and families sit on interview panels and help with job descriptions and adverts."),
       N_("People are as involved as they want, some leading; adverts and questions come from their plan.")),
    _i("supervision", PEOPLE, N_("Supporting, supervising and appraising staff"),
       N_("Supervision and appraisal is the manager's feedback only."),
       N_("We supervise in meetings and should take people's views into account."),
       N_("Regular supervision and yearly appraisal, with some voice for people and families."),
       N_("Managers use people's support plans in supervision; people can take part."),
       N_("Supervision rests on support plans and on asking the person how their staff are doing.")),
    _i("workforce", PEOPLE, N_("Workforce development"),
       N_("Our training meets the legal minimum."),
       N_("We have begun to think about the new skills staff need."),
       N_("We have started training in person-centred thinking and Individual Service Funds."),
       N_("We are reviewing every part of our service with senior managers and building a training plan."),
       N_("Our workforce strategy and training were made with staff, people and families.")),
    _i("policies", PEOPLE, N_("Policies and procedures"),
       N_("Our policies meet the legal minimum and do not take account of personalisation."),
       N_("Our policies need to change, but we have not started."),
       N_("We have begun to review our policies so they are person-centred."),
       N_("We work with staff and people to change our policies, and to have as few as possible."),
       N_("Our policies promote choice and control, were made with people, and are easy to read.")),
    _i("customers", MARKETING, N_("Customer focus"),
       N_("Our customers are the local authority or health trust."),
       N_("We say people and families are our customers, but our services do not always show it."),
       N_("We are rethinking how we work with people, and their customer journey."),
       N_("We are changing our service for the journey we want people to have with us."),
       N_("People are at the centre; we work with every customer in a person-centred way and learn.")),
    _i("promotion", MARKETING, N_("Communication and promotion"),
       N_("We focus on selling to the local authority or health trust."),
       N_("We need to talk to people who might buy from us, but not where to start."),
       N_("We have begun to market ourselves to people and families directly."),
       N_("We are making information for different people, accessible and meaningful."),
       N_("We have a clear, accessible way of telling everyone about us, made with people, and act on feedback.")),
    _i("standards", QUALITY, N_("Mission and standards"),
       N_("We focus on the regulator's standards."),
       N_("We have a mission and standards, but do not measure them."),
       N_("We measure some standards and want to connect them with our mission."),
       N_("Our mission and standards reflect person-centredness and we act on what we measure."),
       N_("Our mission was made with people, families and staff, and we evaluate our services with them.")),
    _i("outcomes", QUALITY, N_("Improving people's lives and achieving their outcomes"),
       N_("Staff are busy keeping people healthy and safe."),
       N_("We try to help people change things, without a process for it."),
       N_("Most people have some review; we are beginning to work on outcomes with them."),
       N_("Everyone has a person-centred plan and review on what is and is not working, and we show it."),
       N_("Plans and reviews help people change their lives; managers make sure the actions happen.")),
    _i("learning", QUALITY, N_("Learning from individuals to inform strategic change"),
       N_("We do not review our organisation strategically."),
       N_("We review our strategy with employees and know we should involve people and families."),
       N_("We have begun to involve people and families when we review our service."),
       N_("People can comment on our performance and direction, and their experience informs our plans."),
       N_("Everyone's review counts: we gather reviews together with people, set direction, and report back.")),
)
BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(i.section for i in INDICATORS))


class SelfAssessment(Model):
    """One grade the office gave itself for one indicator, on a day, with its evidence. A new grade
    is a new assessment: the earlier ones are kept."""

    id: Id = Field(default_factory=new_id)
    indicator: Annotated[str, Field(min_length=1, max_length=40)]
    grade: Annotated[int, Field(ge=1, le=5)]
    assessed_on: dt.date
    evidence: Annotated[str, Field(max_length=4000)] = ""

    def field_rules(self) -> dict[str, str]:
        if self.indicator not in BY_CODE:
            return {"indicator": N_("Choose one of the indicators of Progress for Providers.")}
        return {}


def latest_grades(assessments: Iterable[SelfAssessment]) -> dict[str, SelfAssessment]:
    """Each indicator's latest grade (by date, then the order recorded)."""
    out: dict[str, SelfAssessment] = {}
    for a in assessments:
        current = out.get(a.indicator)
        if current is None or a.assessed_on >= current.assessed_on:
            out[a.indicator] = a
    return out


# ---- what the cases evidence --------------------------------------------------------------------

# The people the provider supports, or is agreeing support with: an open case that has reached the
# agreement. Earlier stages are still finding out, so they are not counted.
SUPPORTED_STAGES = frozenset({Stage.AGREEMENT, Stage.SETUP, Stage.REVIEWS})


@dataclass(frozen=True)
class CaseEvidence:
    """What one case shows, read from its records (each fact already decided by the domain's own
    rules: the review's due state, the risk assessments' statuses)."""

    case_id: str
    stage: Stage
    status: Status
    plan_outcomes: int = 0
    plan_outcomes_linked: int = 0  # outcomes with the support that delivers them
    accepted_proposal: bool = False  # the support is costed and agreed
    signed_agreement: bool = False  # every signer but the office has signed
    support_started: bool = False  # handed over with a start date (reviews are due from then)
    review_overdue: bool = False
    recruitment_recorded: bool = False  # how involved they want to be is recorded
    involved_in_recruitment: bool = False  # more than being kept informed
    reviews_held: int = 0
    latest_review_with_statement: bool = False
    risks_approved: int = 0  # assessments approved (in force)
    risks_overdue: int = 0  # of those, overdue for their review

    @property
    def supported(self) -> bool:
        return self.status == Status.OPEN and self.stage in SUPPORTED_STAGES


class Evidenced(StrEnum):
    COSTED_PLANS = "costed_plans"
    SIGNED_CONTRACTS = "signed_contracts"
    REVIEWS_ON_TIME = "reviews_on_time"
    RECRUITMENT = "recruitment"
    BUDGET_STATEMENTS = "budget_statements"
    RISK_REVIEWS = "risk_reviews"


@dataclass(frozen=True)
class EvidenceRule:
    figure: Evidenced
    indicator: str  # the Progress for Providers indicator it evidences
    title: str  # N_
    counts: str  # N_: what the numerator and denominator count


RULES: tuple[EvidenceRule, ...] = (
    EvidenceRule(Evidenced.COSTED_PLANS, "planning", N_("People with a costed, outcome-focused plan"),
                 N_("people supported whose plan has outcomes, each linked to the support that delivers it, "
                    "and an accepted, costed proposal; of the people supported")),
    EvidenceRule(Evidenced.SIGNED_CONTRACTS, "contracts", N_("People with a signed individual contract"),
                 N_("people supported whose agreement everyone has signed; of the people supported")),
    EvidenceRule(Evidenced.REVIEWS_ON_TIME, "reviews", N_("Person-centred reviews on time"),
                 N_("people whose support has started and whose review is not overdue; of the people whose "
                    "support has started")),
    EvidenceRule(Evidenced.RECRUITMENT, "recruitment", N_("People involved in recruiting their staff"),
                 N_("people supported who help write the job, sit on the panel, decide or lead; of the "
                    "people supported")),
    EvidenceRule(Evidenced.BUDGET_STATEMENTS, "accounting", N_("Budget statements given at reviews"),
                 N_("people whose latest review looked at a budget statement; of the people with a review held")),
    EvidenceRule(Evidenced.RISK_REVIEWS, "risk", N_("Risk assessments reviewed on time"),
                 N_("approved risk assessments not overdue for their review; of the approved risk assessments")),
)
RULE_OF: dict[Evidenced, EvidenceRule] = {r.figure: r for r in RULES}


@dataclass(frozen=True)
class Figure:
    figure: Evidenced
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        """Whole per cent, rounded half up; None when there is nothing to count."""
        if not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / Decimal(self.denominator)).quantize(Decimal(1), ROUND_HALF_UP)


def _count(cases: Sequence[CaseEvidence], base: str, hit: str) -> tuple[int, int]:
    chosen = [c for c in cases if getattr(c, base)]
    return sum(1 for c in chosen if getattr(c, hit)), len(chosen)


def figure(rule: Evidenced, cases: Sequence[CaseEvidence]) -> Figure:
    """One figure over ``cases``."""
    if rule == Evidenced.COSTED_PLANS:
        supported = [c for c in cases if c.supported]
        hits = sum(1 for c in supported if c.plan_outcomes and c.plan_outcomes_linked == c.plan_outcomes
                   and c.accepted_proposal)
        return Figure(rule, hits, len(supported))
    if rule == Evidenced.SIGNED_CONTRACTS:
        return Figure(rule, *_count(cases, "supported", "signed_agreement"))
    if rule == Evidenced.REVIEWS_ON_TIME:
        started = [c for c in cases if c.support_started and c.status == Status.OPEN]
        return Figure(rule, sum(1 for c in started if not c.review_overdue), len(started))
    if rule == Evidenced.RECRUITMENT:
        return Figure(rule, *_count(cases, "supported", "involved_in_recruitment"))
    if rule == Evidenced.BUDGET_STATEMENTS:
        held = [c for c in cases if c.reviews_held and c.status == Status.OPEN]
        return Figure(rule, sum(1 for c in held if c.latest_review_with_statement), len(held))
    approved = sum(c.risks_approved for c in cases if c.status == Status.OPEN)
    overdue = sum(c.risks_overdue for c in cases if c.status == Status.OPEN)
    return Figure(rule, approved - overdue, approved)


def figures(cases: Iterable[CaseEvidence]) -> list[Figure]:
    cases = list(cases)
    return [figure(rule.figure, cases) for rule in RULES]
