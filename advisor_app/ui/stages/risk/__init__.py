"""Stage 6, risk and opportunity: ``page`` (the case's assessments), ``editor`` (one assessment as a
guided form, its steps built in ``steps``), ``new_dialog`` (starting one) and ``common`` (the steps,
status colours and field kinds they share)."""

from advisor_app.ui.stages.risk.common import REVIEW_STEP, SEND_STEP, STEPS, step_of
from advisor_app.ui.stages.risk.page import RiskPage

__all__ = ["REVIEW_STEP", "RiskPage", "SEND_STEP", "STEPS", "step_of"]
