"""Example risk assessments and decisions for the risk tests: a complete one to break rule by rule."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

from advisor_app.domain.risk import ManagerDecision, RiskAssessment, load_risk_matrix, load_risk_policy
from advisor_app.paths import resource

UTC = dt.timezone.utc
SENT_AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

COMPLETE: dict[str, Any] = {
    "id": "ra-1",
    "case_id": "case-1",
    "reference": "RA-2026-0001",
    "subject": "activity",
    "title": "Travelling to work by bus alone",
    "serves": {"kind": "outcome", "id": "outcome-7", "label": "Get to work on my own"},
    "assessed_on": "2026-03-01",
    "risk_description": "Sam may get lost or be approached by strangers on the bus.",
    "risks_identified": ["Getting off at the wrong stop", "Being approached by strangers"],
    "who_might_be_harmed": ["person", "public"],
    "important_to": ["Going to work at the garden centre", "Doing things on my own"],
    "important_for": ["Being safe near roads"],
    "four_plus_one": {
        "tried": "Travelling together twice a week.",
        "learned": "Sam knows the route and the stop.",
        "pleased": "Sam paid the fare himself.",
        "concerned": "Busy buses at 5pm.",
        "next_steps": "Staff follow on the next bus for two weeks.",
    },
    "capacity": {"has_capacity": "yes", "person_decision": "go_ahead", "in_their_words": "I want to do it myself."},
    "deprivation_of_liberty": False,
    "doing_nothing": {
        party: {"impact": "Sam stays dependent on lifts.", "opportunity_lost": "Independence at work.",
                "rating": {"likelihood": "likely", "impact": "moderate"}}
        for party in ("person", "friends_and_family", "community", "provider")
    },
    "benefit_vs_risk": "benefit_outweighs_risk",
    "important_personal_goal": True,
    "triggers": ["Crowds", "Buses running late"],
    "support_measures": [
        {"who": "Keyworker", "what": "Practise what to do if the bus is late.", "by_when": "2026-04-01",
         "is_training": True},
    ],
    "residual_risk": {"description": "Small chance of a missed stop.",
                      "rating": {"likelihood": "unlikely", "impact": "minor"}},
    "monitoring": "Sam texts his keyworker when he arrives.",
    "success_looks_like": "Sam travels alone three days a week.",
    "assessors": [
        {"name": "Jo Patel", "role": "Keyworker", "is_keyworker": True, "signature_id": "sig-1",
         "signed_on": "2026-03-01"},
        {"name": "Alex Brown", "role": "Support advisor", "signature_id": "sig-2", "signed_on": "2026-03-01"},
    ],
    "person_has_keyworker": True,
    "instructions_to_staff": "Follow on the next bus for the first two weeks only.",
    "completed_by": "Alex Brown",
    "consultation": {
        "individual": {"name": "Sam", "should_consult": True, "consulted_on": "2026-02-20", "strategy_agreed": True},
        "family": {"name": "Mrs Ahmed", "should_consult": True, "consulted_on": "2026-02-21",
                   "strategy_agreed": False},
        "care_manager": {"should_consult": False},
    },
}


def data(**overrides: Any) -> dict[str, Any]:
    result = copy.deepcopy(COMPLETE)
    result.update(overrides)
    return result


def assessment(**overrides: Any) -> RiskAssessment:
    return RiskAssessment.model_validate(data(**overrides))


def sent(**overrides: Any) -> RiskAssessment:
    return assessment(**{"sent_for_decision_at": SENT_AT.isoformat(), **overrides})


def decision(kind: str = "approved", on: dt.date = dt.date(2026, 3, 10), **fields: Any) -> ManagerDecision:
    values: dict[str, Any] = {"assessment_id": "ra-1", "decision": kind, "manager_name": "Pat Green",
                              "author_id": "manager-3", "decided_at": dt.datetime(on.year, on.month, on.day, 15, tzinfo=UTC)}
    if kind == "approved_with_conditions":
        values["conditions"] = "Review after the first month."
    values.update(fields)
    return ManagerDecision.model_validate(values)


def shipped_matrix():
    return load_risk_matrix(json.loads(resource("provider", "risk_matrix.json").read_text(encoding="utf-8")))


def shipped_policy():
    return load_risk_policy(json.loads(resource("provider", "risk_policy.json").read_text(encoding="utf-8")))
