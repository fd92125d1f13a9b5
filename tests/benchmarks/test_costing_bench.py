"""Pricing a 30-component design, as the app does on every edit. Budget: 5 ms.

Run with `make bench` (skipped in normal runs by --benchmark-skip)."""

from __future__ import annotations

from typing import Any

from advisor_app.domain.costing import fit_to_budget, parse_costing, price

BUDGET_SECONDS = 0.005


def design(mode: str = "price") -> dict[str, Any]:
    components: list[dict[str, Any]] = []
    for i in range(18):
        components.append({
            "name": f"On-going {i}", "kind": "on-going", "shared_by": 1 + i % 3,
            "hours_per_week": {"day": 10 + i, "evening": "3.5", "weekend": "6.25", "bank_holiday": "0.5"},
            "sleep_ins_per_week": i % 4, "waking_nights_per_week": i % 2,
            **({"management_hours_per_year": 20 + i} if i % 5 == 0 else {}),
            **({"optional_function": "Behaviour support team", "function_hours_per_week": "1.5"}
               if i % 4 == 0 else {}),
        })
    for i in range(6):
        components.append({"name": f"Fixed-term {i}", "kind": "fixed-term", "weeks": 6 + i,
                           "hours_per_week": {"day": 3, "evening": 1}})
    for i in range(4):
        components.append({"name": f"One-off {i}", "kind": "one-off", "hours": 4 + i, "band": "day"})
    components.append({"name": "Outcome", "kind": "fixed-term", "fixed_price": "1450.00",
                       "if_longer": {"rule": "refund-partial", "pct": "40"}})
    components.append({"name": "Fixed week", "kind": "on-going", "fixed_price": "85.00"})
    assert len(components) == 30
    return {
        "rates": {"day": "18.95", "evening": "19.90", "weekend": "20.85", "bank_holiday": "28.45",
                  "sleep_in": "105.00", "waking_night": "198.00"},
        "management_rate": "32.50",
        "overheads": {"central_pct": "8.5", "regional_pct": "5", "surplus_pct": "3"},
        "optional_functions": {"Behaviour support team": "58.00"},
        "components": components,
        "contingency": "750.00",
        "budget": {"amount": "600000.00", "period": "year"},
        "mode": mode,
    }


def _parsed(mode: str = "price"):
    result = parse_costing(design(mode))
    assert result.ok, result.errors
    return result.value


def test_price_30_components(benchmark):
    inp = _parsed()
    quote = benchmark(price, inp)
    assert len(quote.lines) == 35  # 30 components, 4 management lines, the contingency
    assert benchmark.stats.stats.median < BUDGET_SECONDS


def test_validate_and_price_30_components(benchmark):
    # What an edit costs end to end: the form's data validated, then priced.
    data = design()
    quote = benchmark(lambda: price(parse_costing(data).value))
    assert quote.first_year_total > 0
    assert benchmark.stats.stats.median < BUDGET_SECONDS


def test_fit_30_components_to_a_budget(benchmark):
    inp = _parsed("fit-to-budget")
    quote = benchmark(fit_to_budget, inp)
    assert quote.management_hours_affordable is not None
    assert benchmark.stats.stats.median < BUDGET_SECONDS
