"""Properties that hold for every costing: the lines add up to the totals exactly, and fitting to
a budget never exceeds it and affords the most hours that do not."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from advisor_app.domain.costing import (
    Charges,
    CostingInput,
    Quote,
    apportion,
    fit_to_budget,
    parse_costing,
    percent_of,
    price,
    quote_to_json,
    to_penny,
)

FUNCTIONS = ("Behaviour support team", "Finance team")
BANDS = ("day", "evening", "weekend", "bank_holiday")


def pence(low: int, high: int) -> st.SearchStrategy[D]:
    return st.integers(low, high).map(lambda n: D(n).scaleb(-2))


def money(low: int, high: int) -> st.SearchStrategy[str]:
    return pence(low, high).map(lambda d: f"{d:.2f}")


hours = pence(0, 6000)  # 0 to 60.00 hours, in hundredths
nights = pence(0, 700)
weekly = st.fixed_dictionaries(
    {},
    optional={
        "hours_per_week": st.dictionaries(st.sampled_from(BANDS), hours),
        "sleep_ins_per_week": nights,
        "waking_nights_per_week": nights,
        "function_hours_per_week": hours,
    },
)


def with_function(parts: dict[str, Any], field: str, function: str) -> dict[str, Any]:
    return {**parts, "optional_function": function} if field in parts else parts


ongoing = st.builds(
    lambda parts, management, shared, function: {
        "name": "On-going", "kind": "on-going", "shared_by": shared,
        **with_function(parts, "function_hours_per_week", function), **management,
    },
    weekly,
    st.one_of(st.just({}), st.builds(lambda h: {"management_hours_per_year": h}, pence(0, 50000))),
    st.integers(1, 5),
    st.sampled_from(FUNCTIONS),
)
fixed_term = st.builds(
    lambda parts, weeks, shared, function: {
        "name": "Fixed-term", "kind": "fixed-term", "weeks": weeks, "shared_by": shared,
        **with_function(parts, "function_hours_per_week", function),
    },
    weekly, st.integers(1, 104), st.integers(1, 5), st.sampled_from(FUNCTIONS),
)
one_off = st.builds(
    lambda parts, shared, function: {
        "name": "One-off", "kind": "one-off", "shared_by": shared,
        **with_function(parts, "function_hours", function),
    },
    st.fixed_dictionaries(
        {}, optional={"hours": hours, "band": st.sampled_from(BANDS), "function_hours": hours}
    ),
    st.integers(1, 5),
    st.sampled_from(FUNCTIONS),
)
fixed_price = st.one_of(
    st.builds(lambda p: {"name": "Fixed week", "kind": "on-going", "fixed_price": p}, money(0, 100000)),
    st.builds(lambda p: {"name": "Fixed piece", "kind": "one-off", "fixed_price": p}, money(0, 300000)),
    st.builds(
        lambda p, rule: {"name": "Outcome", "kind": "fixed-term", "fixed_price": p, "if_longer": rule},
        money(0, 300000),
        st.sampled_from([{"rule": "refund-full"}, {"rule": "refund-partial", "pct": "25"},
                         {"rule": "continue-reduced", "hourly_rate": "12.00"}]),
    ),
)
component = st.one_of(ongoing, ongoing, fixed_term, one_off, fixed_price)

costing_data = st.fixed_dictionaries(
    {
        "weeks_per_year": st.integers(50, 53),
        "rates": st.fixed_dictionaries({
            "day": money(1000, 4000),
            "evening": money(1000, 4500),
            "weekend": money(1000, 5000),
            "bank_holiday": money(1500, 8000),
            "sleep_in": money(5000, 20000),
            "waking_night": money(10000, 40000),
        }),
        "management_rate": money(500, 8000),
        "overheads": st.fixed_dictionaries({
            "central_pct": pence(0, 3000), "regional_pct": pence(0, 2000), "surplus_pct": pence(0, 10000),
        }),
        "optional_functions": st.fixed_dictionaries({name: money(0, 9000) for name in FUNCTIONS}),
        "components": st.lists(component, max_size=12),
        "contingency": money(0, 200000),
    }
)


def parsed(data: dict[str, Any]) -> CostingInput:
    result = parse_costing(data)
    assert result.ok, result.errors
    assert result.value is not None
    return result.value


def sum_charges(charges: list[Charges]) -> Charges:
    total = Charges()
    for c in charges:
        total = total.plus(c)
    return total


def assert_adds_up(quote: Quote, inp: CostingInput) -> None:
    weeks = quote.weeks_per_year
    for line in quote.lines:
        assert line.price == line.direct_cost + line.charges.total
        assert line.first_year == (line.price * weeks if line.period == "week" else line.price)
        c = line.charges
        for amount in (line.direct_cost, line.price, c.central, c.regional, c.surplus):
            assert amount == to_penny(amount) and amount >= 0
        if line.fixed_price or line.part == "contingency":
            assert line.charges.total == 0
    group_of = {"week": "week", "year": "year", "term": "once", "once": "once"}
    for group in quote.groups:
        members = [
            line for line in quote.lines
            if group_of[line.period] == group.group and not line.fixed_price and line.part != "contingency"
        ]
        assert group.direct_cost == sum((line.direct_cost for line in members), D(0))
        o = inp.overheads
        assert group.charges == Charges(
            percent_of(group.direct_cost, o.central_pct),
            percent_of(group.direct_cost, o.regional_pct),
            percent_of(group.direct_cost, o.surplus_pct),
        )
        assert sum_charges([line.charges for line in members]) == group.charges
    week_lines = [line for line in quote.lines if line.period == "week"]
    assert quote.weekly_ongoing_total == sum((line.price for line in week_lines), D(0))
    management = sum((line.price for line in quote.lines if line.part == "management"), D(0))
    assert quote.annual_ongoing_total == quote.weekly_ongoing_total * weeks + management
    assert quote.first_year_total == sum((line.first_year for line in quote.lines), D(0))
    assert quote.first_year_total == (
        quote.annual_ongoing_total + quote.fixed_term_total + quote.one_off_total + quote.contingency
    )
    per_year = [line.charges.times(weeks if line.period == "week" else 1) for line in quote.lines]
    assert quote.first_year_charges == sum_charges(per_year)
    if quote.budget is not None:
        assert quote.budget.difference == quote.budget.annual - quote.first_year_total


@settings(max_examples=300)
@given(costing_data)
def test_lines_always_add_up_to_the_totals(data):
    inp = parsed(data)
    quote = price(inp)
    assert_adds_up(quote, inp)
    out = quote_to_json(quote)
    assert out["first_year_total"] == f"{quote.first_year_total:.2f}"
    assert all(len(line["price"].split(".")[1]) == 2 for line in out["lines"])


@settings(max_examples=300)
@given(st.data(), costing_data)
def test_fit_to_budget_never_exceeds_the_budget_and_is_the_maximum(draw, data):
    base = price(parsed(data)).first_year_total
    # Budgets near a whole number of hours (where rounding decides) as well as anywhere.
    o = data["overheads"]
    pct = o["central_pct"] + o["regional_pct"] + o["surplus_pct"]
    hour = D(data["management_rate"]) * (1 + pct / 100)
    hours_near = draw.draw(
        st.one_of(st.integers(-2, -1), st.integers(0, 3), st.integers(0, 300)), label="hours"
    )
    budget = base + to_penny(hours_near * hour) + draw.draw(
        st.one_of(pence(-200, 200), pence(-50000, 50000)), label="and this much more"
    )
    annual = {"amount": f"{max(budget, D(0)):.2f}", "period": "year"}
    data = {**data, "mode": "fit-to-budget", "budget": annual}
    inp = parsed(data)
    quote = fit_to_budget(inp)
    assert_adds_up(quote, inp)
    assert quote.budget is not None
    hours = quote.management_hours_affordable
    event("nothing fits" if hours is None else "no hours fit" if hours == 0 else "some hours fit")

    def first_year_with(extra: int) -> D:
        # The same hours priced the ordinary way, as one more component's management.
        extra_management = {"name": "Extra", "kind": "on-going", "management_hours_per_year": extra}
        components = [*data["components"], extra_management]
        return price(parsed({**data, "mode": "price", "components": components})).first_year_total

    if hours is None:
        assert price(inp).first_year_total > quote.budget.annual
        return
    assert quote.first_year_total <= quote.budget.annual
    assert quote.first_year_total == first_year_with(hours)
    assert first_year_with(hours + 1) > quote.budget.annual


@given(pence(0, 10**7), st.lists(pence(0, 10**6), max_size=30))
def test_apportion_adds_up_and_each_part_is_within_a_penny_of_its_share(total, weights):
    parts = apportion(total, weights)
    whole = sum(weights, D(0))
    if whole == 0:
        assert all(p == 0 for p in parts)
        return
    assert sum(parts, D(0)) == total
    for part, weight in zip(parts, weights):
        assert abs(part - total * weight / whole) < D("0.01")
