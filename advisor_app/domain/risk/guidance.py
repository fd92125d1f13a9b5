"""The provider's words about risk: the positive risk-taking stance and the deprivation of
liberty guidance. Provider data (``resources/provider/risk_policy.json``), loaded from a dict."""

from __future__ import annotations

from typing import Any, Mapping

from pydantic import Field

from advisor_app.domain.fields import ShortText, Text
from advisor_app.domain.messages import N_
from advisor_app.domain.risk.assessment import RiskAssessment
from advisor_app.domain.validation import Model

# Shown beside the question as soon as it is answered "yes"; the full guidance follows it.
DOLS_NOTICE = N_("This may amount to a deprivation of liberty. Follow the separate guidance below "
                 "before the activity goes ahead.")


class DolsGuidance(Model):
    title: ShortText = Field(min_length=1)
    paragraphs: list[Text] = Field(min_length=1)


class RiskPolicy(Model):
    version: int = Field(default=1, ge=1)
    stance: list[Text] = Field(min_length=1)  # positive risk-taking, one line each
    dols_guidance: DolsGuidance


def load_risk_policy(data: Mapping[str, Any]) -> RiskPolicy:
    """From the parsed JSON of ``risk_policy.json``; raises pydantic's ValidationError if it is wrong."""
    return RiskPolicy.model_validate(data)


def dols_guidance(policy: RiskPolicy, assessment: RiskAssessment) -> DolsGuidance | None:
    """The guidance to show, or None when the assessment does not need that process."""
    return policy.dols_guidance if assessment.needs_dols_process else None
