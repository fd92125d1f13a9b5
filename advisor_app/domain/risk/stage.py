"""The risk stage of the journey, for ``journey.register(Stage.RISK, risk_stage_completeness)``."""

from __future__ import annotations

from typing import Any, Mapping

from advisor_app.domain.completeness import Completeness
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.risk.assessment import RiskAssessment
from advisor_app.domain.risk.rules import Stage, blocking_reasons
from advisor_app.domain.validation import validate

SECTION = "risk_assessment"  # a many-record section: a list of saved assessments

# The store's entities for risk: assessments (one record each, many per case), the manager's
# decisions and the changes in circumstances (each its own record, never an edit of an
# assessment). None of them is a single case section.
ASSESSMENT_ENTITY = SECTION
DECISION_ENTITY = "risk_decision"
CHANGE_ENTITY = "risk_change"
RECORD_ENTITIES = frozenset({ASSESSMENT_ENTITY, DECISION_ENTITY, CHANGE_ENTITY})


def risk_stage_completeness(sections: Mapping[str, Any]) -> Completeness:
    """Done when there is at least one assessment and each has been sent or could be sent.
    The manager's approval is not waited for: it arrives later, through sync."""
    saved = sections.get(SECTION) or []
    checks: list[tuple[bool, str]] = [(bool(saved), N_("At least one risk and opportunity assessment"))]
    for data in saved:
        result = validate(RiskAssessment, data)
        reference = data.get("reference", "") if isinstance(data, dict) else ""
        ready = result.value is not None and (
            result.value.sent_for_decision_at is not None
            or not blocking_reasons(result.value, Stage.SEND_FOR_DECISION))
        checks.append((ready, Msg("Assessment {reference} ready for the manager", reference=reference)))
    return Completeness.from_checks(checks)
