"""Where an assessment stands, for the case and the case list. Computed, never stored."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import StrEnum
from typing import Iterable

from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.risk.assessment import RiskAssessment
from advisor_app.domain.risk.dates import due_soon_from, next_review_date
from advisor_app.domain.risk.decision import DecisionKind, ManagerDecision, decision_applies


class Status(StrEnum):
    DRAFT = "draft"
    AWAITING_MANAGER = "awaiting_manager"
    NOT_APPROVED = "not_approved"
    APPROVED = "approved"
    REVIEW_DUE = "review_due"
    OVERDUE = "overdue"


STATUS_WORDS: dict[Status, str] = {
    Status.DRAFT: N_("Draft"),
    Status.AWAITING_MANAGER: N_("Awaiting manager"),
    Status.NOT_APPROVED: N_("Not approved"),
    Status.APPROVED: N_("Approved"),
    Status.REVIEW_DUE: N_("Review due"),
    Status.OVERDUE: N_("Review overdue"),
}

APPROVED_STATUSES = frozenset({Status.APPROVED, Status.REVIEW_DUE, Status.OVERDUE})


def review_due_on(assessment: RiskAssessment, decision: ManagerDecision | None,
                  change_recorded_on: dt.date | None = None) -> dt.date | None:
    """The next review date, or None while the assessment is not approved."""
    if decision is None or not decision_applies(assessment, decision) or not decision.approves:
        return None
    started = decision.decided_on
    latest = assessment.latest_review
    if latest is not None and latest.reviewed_on > started:
        started = latest.reviewed_on
    due = next_review_date(started, change_recorded_on)
    planned = assessment.planned_review_on
    if planned is not None and planned > started:  # a plan made before this period is stale
        due = min(due, planned)
    return due


def status(assessment: RiskAssessment, decision: ManagerDecision | None, today: dt.date,
           change_recorded_on: dt.date | None = None) -> Status:
    """``decision`` is the latest one about this assessment (see ``latest_decision``);
    ``change_recorded_on`` the latest change in health or circumstances the advisor recorded."""
    if decision is None or not decision_applies(assessment, decision):
        return Status.AWAITING_MANAGER if assessment.sent_for_decision_at else Status.DRAFT
    if decision.decision == DecisionKind.NOT_APPROVED:
        return Status.NOT_APPROVED
    due = review_due_on(assessment, decision, change_recorded_on)
    assert due is not None
    if today > due:
        return Status.OVERDUE
    if today >= due_soon_from(due):
        return Status.REVIEW_DUE
    return Status.APPROVED


def status_line(state: Status, due: dt.date | None = None) -> Msg:
    """The status in words, with the review date when there is one ("Review due by 2027-03-14")."""
    if due is not None and state == Status.OVERDUE:
        return Msg("Review overdue since {due}", due=due)
    if due is not None and state == Status.REVIEW_DUE:
        return Msg("Review due by {due}", due=due)
    if due is not None and state == Status.APPROVED:
        return Msg("Approved, next review by {due}", due=due)
    if state == Status.AWAITING_MANAGER:
        return Msg("Awaiting manager: the activity is not approved yet")
    return Msg(STATUS_WORDS[state])


def review_alerts(statuses: Iterable[Status]) -> list[Msg]:
    """What the case and the case list show about a case's assessments, most urgent first."""
    counts = Counter(statuses)
    alerts: list[Msg] = []
    if counts[Status.OVERDUE]:
        alerts.append(Msg("Risk assessment reviews overdue: {n}", n=counts[Status.OVERDUE]))
    if counts[Status.REVIEW_DUE]:
        alerts.append(Msg("Risk assessment reviews due soon: {n}", n=counts[Status.REVIEW_DUE]))
    if counts[Status.AWAITING_MANAGER]:
        alerts.append(Msg("Risk assessments awaiting the manager: {n}", n=counts[Status.AWAITING_MANAGER]))
    return alerts
