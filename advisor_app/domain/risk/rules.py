"""The provider's risk policy as rules. Each rule that blocks progress says why, in a plain
sentence, and names the form field to go to. Drafts are never blocked from saving: these
rules stand between the advisor and "send for the manager's decision", and between the
manager and "record the decision".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Iterator

from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.risk.assessment import MAX_REVIEWS, CapacityAnswer, RiskAssessment
from advisor_app.domain.risk.decision import ManagerDecision, decision_applies, decision_conflicts


class Stage(StrEnum):
    SEND_FOR_DECISION = "send_for_decision"  # the advisor sends it to the manager
    RECORD_DECISION = "record_decision"  # the manager records a decision
    ADD_REVIEW = "add_review"  # a review is added to an approved assessment


@dataclass(frozen=True)
class Issue:
    field: str  # dotted path of the form field to go to, as in validation errors
    message: str  # a plain sentence (N_ or Msg), translated when shown


def blocking_issues(assessment: RiskAssessment, stage: Stage,
                    decision: ManagerDecision | None = None) -> list[Issue]:
    """Everything that stops ``stage``, in the form's order. Empty means go ahead.
    For ``RECORD_DECISION`` pass the decision about to be recorded; for ``ADD_REVIEW`` the
    latest decision about the assessment."""
    if decision is not None and decision.assessment_id != assessment.id:
        raise ValueError(f"decision {decision.id} is about another assessment")
    if stage == Stage.ADD_REVIEW:
        return list(_review(assessment, decision))
    issues = [issue for check in _FORM_CHECKS for issue in check(assessment)]
    if stage == Stage.RECORD_DECISION:
        if assessment.sent_for_decision_at is None:
            issues.append(Issue("sent_for_decision_at", N_("Send the assessment for the manager's decision first.")))
        if decision is not None:
            issues += [Issue("decision", reason) for reason in decision_conflicts(assessment, decision)]
    return issues


def blocking_reasons(assessment: RiskAssessment, stage: Stage,
                     decision: ManagerDecision | None = None) -> list[str]:
    """The sentences of ``blocking_issues``: what the person sees."""
    return [issue.message for issue in blocking_issues(assessment, stage, decision)]


def _about(a: RiskAssessment) -> Iterator[Issue]:
    if not a.title:
        yield Issue("title", N_("Say which activity or decision this assessment is about."))
    if a.serves is None:
        yield Issue("serves", N_("Link this assessment to the outcome or support it serves."))
    if a.assessed_on is None:
        yield Issue("assessed_on", N_("Enter the date of the assessment."))


def _risk(a: RiskAssessment) -> Iterator[Issue]:
    if not a.risk_description:
        yield Issue("risk_description", N_("Describe what the risk is."))
    if not a.risks_identified:
        yield Issue("risks_identified", N_("List the risks you have identified."))
    if not a.who_might_be_harmed and not a.who_might_be_harmed_other:
        yield Issue("who_might_be_harmed", N_("Say who might be harmed."))


def _important(a: RiskAssessment) -> Iterator[Issue]:
    if not a.important_to:
        yield Issue("important_to", N_("Say what is important to the person."))
    if not a.important_for:
        yield Issue("important_for", N_("Say what is important for the person."))


_UNANSWERED_QUESTION = {
    "tried": N_("Answer the question “What have we tried?”"),
    "learned": N_("Answer the question “What have we learned?”"),
    "pleased": N_("Answer the question “What are we pleased about?”"),
    "concerned": N_("Answer the question “What are we concerned about?”"),
    "next_steps": N_("Answer the question “Given what we know, what next?”"),
}


def _four_plus_one(a: RiskAssessment) -> Iterator[Issue]:
    for key, message in _UNANSWERED_QUESTION.items():
        if not getattr(a.four_plus_one, key):
            yield Issue(f"four_plus_one.{key}", message)


def _capacity(a: RiskAssessment) -> Iterator[Issue]:
    if a.capacity.has_capacity == CapacityAnswer.NOT_ASSESSED:
        yield Issue("capacity.has_capacity", N_("Say whether the person has capacity to make this decision."))
    elif a.capacity.has_capacity == CapacityAnswer.YES and a.capacity.person_decision is None:
        yield Issue("capacity.person_decision",
                    N_("The person has capacity for this decision: record what they decided."))


def _liberty(a: RiskAssessment) -> Iterator[Issue]:
    if a.deprivation_of_liberty is None:
        yield Issue("deprivation_of_liberty", N_("Say whether this amounts to a deprivation of liberty."))


_DOING_NOTHING_INCOMPLETE = {
    "person": N_("Describe the impact of doing nothing on the person, and rate its severity."),
    "friends_and_family": N_("Describe the impact of doing nothing on friends and family, and rate its severity."),
    "community": N_("Describe the impact of doing nothing on the community, and rate its severity."),
    "provider": N_("Describe the impact of doing nothing on the provider, and rate its severity."),
}


def _doing_nothing(a: RiskAssessment) -> Iterator[Issue]:
    for party, message in _DOING_NOTHING_INCOMPLETE.items():
        consequence = getattr(a.doing_nothing, party)
        if not consequence.impact or consequence.rating is None:
            yield Issue(f"doing_nothing.{party}", message)


def _weighing(a: RiskAssessment) -> Iterator[Issue]:
    if a.benefit_vs_risk is None:
        yield Issue("benefit_vs_risk", N_("Say whether the benefit outweighs the risk."))
    if a.needs_safeguards and not a.safeguards:
        yield Issue("safeguards", N_("The risk outweighs the benefit, but this is an important personal goal. "
                                     "Add safeguards that change the risk before a decision is made."))


def _measures(a: RiskAssessment) -> Iterator[Issue]:
    if not a.support_measures:
        yield Issue("support_measures", N_("Add at least one support measure: who will do what, by when."))
    for n, measure in enumerate(a.support_measures, start=1):
        if not (measure.who and measure.what and measure.by_when):
            yield Issue(f"support_measures.{n - 1}", Msg("Support measure {n} needs who, what and by when.", n=n))


def _residual(a: RiskAssessment) -> Iterator[Issue]:
    if a.residual_risk.rating is None:
        yield Issue("residual_risk.rating", N_("Rate the residual risk once the support measures are in place."))
    if not a.monitoring:
        yield Issue("monitoring", N_("Say how this will be monitored."))
    if not a.success_looks_like:
        yield Issue("success_looks_like", N_("Say what success looks like."))


def _assessors(a: RiskAssessment) -> Iterator[Issue]:
    # Two distinct people, so the assessment is more than one person's view.
    people = {assessor.name.casefold() for assessor in a.assessors if assessor.name}
    if len(people) < 2:
        yield Issue("assessors", N_("At least two people must do the assessment, so it is more than one "
                                    "person's view. Add another assessor."))
    if a.person_has_keyworker and not any(x.is_keyworker and x.name for x in a.assessors):
        yield Issue("assessors", N_("The person has a keyworker: one of the assessors must be their keyworker."))
    for n, assessor in enumerate(a.assessors, start=1):
        if not (assessor.name and assessor.role):
            yield Issue(f"assessors.{n - 1}", Msg("Assessor {n} needs a name and a role.", n=n))
        elif not assessor.is_signed:
            yield Issue(f"assessors.{n - 1}",
                        Msg("{name} needs to sign and date the assessment.", name=assessor.name))


def _sign_off(a: RiskAssessment) -> Iterator[Issue]:
    if not a.instructions_to_staff:
        yield Issue("instructions_to_staff", N_("Write the instructions to staff."))
    if not a.completed_by:
        yield Issue("completed_by", N_("Say who completed the assessment."))


_CONSULTATION_INCOMPLETE = {
    "individual": N_("Record when the individual was consulted and whether they agreed the strategy."),
    "family": N_("Record when the family was consulted and whether they agreed the strategy."),
    "area_manager": N_("Record when the area manager was consulted and whether they agreed the strategy."),
    "care_team_member": N_("Record when the member of the care team was consulted and whether they agreed "
                           "the strategy."),
    "care_manager": N_("Record when the care manager was consulted and whether they agreed the strategy."),
}


def _consultation(a: RiskAssessment) -> Iterator[Issue]:
    # Disagreement does not block: the manager decides, and backs staff acting in the
    # person's best interests even where family disagree. Only the record must be complete.
    for key, entry in a.consultation.rows():
        if not entry.should_consult:
            continue
        path = f"consultation.{key}"
        who = entry.name or entry.role
        if key in _CONSULTATION_INCOMPLETE:
            message = _CONSULTATION_INCOMPLETE[key]
        elif not who:
            yield Issue(path, N_("Say who the other person to consult is."))
            continue
        else:
            message = Msg("Record when {who} was consulted and whether they agreed the strategy.", who=who)
        if entry.consulted_on is None or entry.strategy_agreed is None:
            yield Issue(path, message)


_FORM_CHECKS = (_about, _risk, _important, _four_plus_one, _capacity, _liberty, _doing_nothing, _weighing,
                _measures, _residual, _assessors, _sign_off, _consultation)


def _review(a: RiskAssessment, decision: ManagerDecision | None) -> Iterator[Issue]:
    if decision is None or not decision_applies(a, decision) or not decision.approves:
        yield Issue("reviews", N_("Only an approved assessment is reviewed, and this one is not approved."))
    if len(a.reviews) >= MAX_REVIEWS:
        yield Issue("reviews", N_("This assessment already has four reviews. Start a new assessment for the "
                                  "next one."))
