"""Proposals made from a case as the costing stage makes them (the shipped menu and rates): for the
proposal rules' tests and for the office's preview of new rates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from advisor_app.domain.costing import cost, load_provider_defaults, parse_costing, quote_to_json
from advisor_app.domain.proposals import CostingOptions, Proposal, build_costing, new_proposal
from advisor_app.domain.validation import validate
from advisor_app.paths import resource
from tests.domain.shipped import shipped_menu

MENU = shipped_menu()
PROVIDER = load_provider_defaults(json.loads(resource("provider", "costing.json").read_text(encoding="utf-8")))
DAY = dt.date(2026, 3, 14)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def care(day_hours: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"id": "care", "component_id": "personal-care-and-support",
            "on_going": {"week": {day: {"daytime": h} for day, h in day_hours.items()}}, **extra}


BUS = {"id": "bus", "component_id": "life-skills-training", "fixed_term": {
    "weeks": 12, "target_outcome": "Priya gets the bus to the café on her own.", "hours_per_week": {"day": "5"},
    "fixed_price_for_outcome": "1200.00", "if_longer": {"rule": "continue-reduced", "reduced_hourly_rate": "15.00"}}}
PLAN = {"id": "plan", "component_id": "person-centred-plan-facilitation",
        "one_off": {"fixed_price": "420.00", "date": "2026-04-01"}}


def sections(design_components: list[dict[str, Any]] | None = None, **more: Any) -> dict[str, Any]:
    components = design_components if design_components is not None else [
        care({d: "4" for d in WEEKDAYS}), BUS, PLAN]
    return {
        "person": {"first_name": "Priya", "last_name": "Sharma"},
        "circle": {"members": [
            {"id": "anita", "name": "Anita Sharma", "relationship": "Mum",
             "roles": ["nominated_person", "funding_decision_maker", "contract_decision_maker"]},
            {"id": "kiran", "name": "Kiran Sharma", "relationship": "Brother"},
        ]},
        "funding": {"sources": [{"type": "direct_payment", "amount": "612.50", "period": "week"}]},
        "service_design": {"components": components},
        **more,
    }


def priced(case: dict[str, Any], options: dict[str, Any] | None = None, proposals: list[Proposal] = (),
           **kw: Any) -> Proposal:
    built = build_costing(case, MENU, PROVIDER, options)
    assert built.complete, built.problems
    quote = quote_to_json(cost(parse_costing(built.data).value))
    return new_proposal(list(proposals), costing=built.data, quote=quote,
                        options=validate(CostingOptions, options or {}).value, created_on=DAY,
                        parts=built.parts, design_digest=built.digest, **kw)
