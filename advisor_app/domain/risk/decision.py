"""The manager's decision: a separate record with its own author and time, arriving through sync.
It never edits the advisor's assessment. It may not contradict a decision the person made with
capacity: staff may advise but never coerce."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Iterable

from pydantic import AwareDatetime, ConfigDict, Field, ValidationInfo, field_validator

from advisor_app.domain.fields import Id, ShortText, Text, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.risk.assessment import PersonDecision, RiskAssessment, Signed


class DecisionKind(StrEnum):
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"


DECISION_LABELS: dict[DecisionKind, str] = {
    DecisionKind.APPROVED: N_("Approved"),
    DecisionKind.NOT_APPROVED: N_("Not approved"),
    DecisionKind.APPROVED_WITH_CONDITIONS: N_("Approved with conditions"),
}


class ManagerDecision(Signed):
    """The manager's signature and date are the ``Signed`` fields."""

    model_config = ConfigDict(frozen=True)  # a decision is replaced by a newer one, never edited

    id: Id = Field(default_factory=new_id)
    assessment_id: Id
    decision: DecisionKind
    conditions: Text = Field(default="", validate_default=True)
    notes: Text = ""
    manager_name: ShortText = Field(min_length=1)
    author_id: Id
    decided_at: AwareDatetime
    # The version of the assessment record the manager decided on, when known (provenance for
    # the office; the decision still stands for later edits until the assessment is sent again).
    assessment_version: int | None = Field(default=None, ge=1)

    @field_validator("conditions")
    @classmethod
    def _conditions_written(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("decision") == DecisionKind.APPROVED_WITH_CONDITIONS and not value:
            raise ValueError(N_("Write the conditions of the approval."))
        return value

    @property
    def approves(self) -> bool:
        return self.decision != DecisionKind.NOT_APPROVED

    @property
    def decided_on(self) -> dt.date:
        """The day of the decision in the manager's own time zone."""
        return self.decided_at.date()


def latest_decision(decisions: Iterable[ManagerDecision], assessment_id: str) -> ManagerDecision | None:
    """The decision that stands for an assessment: the most recent one made about it."""
    mine = [d for d in decisions if d.assessment_id == assessment_id]
    return max(mine, key=lambda d: d.decided_at, default=None)


def decision_applies(assessment: RiskAssessment, decision: ManagerDecision | None) -> bool:
    """A decision answers the latest sending; sending again after it asks for a new one."""
    if decision is None:
        return False
    if decision.assessment_id != assessment.id:
        raise ValueError(f"decision {decision.id} is about another assessment")
    sent = assessment.sent_for_decision_at
    return sent is None or decision.decided_at >= sent


def decision_conflicts(assessment: RiskAssessment, decision: ManagerDecision) -> list[str]:
    """Why this decision cannot be recorded because it would overrule the person."""
    persons = assessment.capacity.persons_decision
    if persons == PersonDecision.GO_AHEAD and decision.decision == DecisionKind.NOT_APPROVED:
        return [N_("The person has capacity for this decision and has decided to go ahead. "
                   "Staff may advise but never coerce, so the decision cannot be “not approved”. "
                   "Record an approval, with conditions agreed with the person if needed.")]
    if persons == PersonDecision.NOT_GO_AHEAD and decision.approves:
        return [N_("The person has capacity for this decision and has decided not to go ahead. "
                   "An approval cannot overrule them.")]
    return []


def who_decided(assessment: RiskAssessment, decision: ManagerDecision | None) -> str:
    """The line the record shows: the person's own decision where they have capacity."""
    persons = assessment.capacity.persons_decision
    if persons == PersonDecision.GO_AHEAD:
        return N_("The person decided to go ahead. They have capacity for this decision.")
    if persons == PersonDecision.NOT_GO_AHEAD:
        return N_("The person decided not to go ahead. They have capacity for this decision.")
    if decision is None or not decision_applies(assessment, decision):
        return N_("Awaiting the manager's decision.")
    return {
        DecisionKind.APPROVED: N_("The manager approved this."),
        DecisionKind.APPROVED_WITH_CONDITIONS: N_("The manager approved this with conditions."),
        DecisionKind.NOT_APPROVED: N_("The manager did not approve this."),
    }[decision.decision]
