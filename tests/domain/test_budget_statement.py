"""The budget statement: the plan's parts from an accepted proposal, delivered against planned to
the penny, and the sums as properties that hold for every costing (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.domain.budget_statement import (
    BudgetStatement,
    DeliveredRow,
    Expense,
    Unit,
    chart_bars,
    default_once_parts,
    plan_parts,
    row_problem,
    rows_problems,
    statement_figures,
)
from advisor_app.domain.costing import cost, parse_costing, quote_to_json, to_penny
from advisor_app.domain.proposals import OfferedPart, Proposal
from tests.domain.test_costing_properties import costing_data, money

START = dt.date(2026, 5, 4)
COSTING = {
    "weeks_per_year": 52,
    "rates": {"day": "20.00", "evening": "22.00", "sleep_in": "100.00"},
    "management_rate": "30.00",
    "overheads": {"central_pct": "10", "regional_pct": "5", "surplus_pct": "2.5"},
    "components": [
        {"name": "Days and a sleep-in", "kind": "on-going", "hours_per_week": {"day": "14", "evening": "3"},
         "sleep_ins_per_week": "1"},
        {"name": "Cooking course", "kind": "fixed-term", "weeks": 10, "hours_per_week": {"day": "2"}},
        {"name": "Benefit review", "kind": "one-off", "fixed_price": "120.00"},
        {"name": "Management support", "kind": "on-going", "management_hours_per_year": "12"},
    ],
    "contingency": "520.00",
}
SOURCES = ("days", "cooking", "benefits", "management")


def proposal_for(costing: dict[str, Any], sources: tuple[str, ...] | None = None) -> Proposal:
    quote = quote_to_json(cost(parse_costing(costing).value))
    parts = [OfferedPart(source=s) for s in sources] if sources else []
    return Proposal(number=1, created_on=START, costing=costing, quote=quote, parts=parts)


PROPOSAL = proposal_for(COSTING, SOURCES)


def statement(**changes: Any) -> BudgetStatement:
    values = {"proposal_id": PROPOSAL.id, "period_from": START, "weeks": 4,
              "once_parts": default_once_parts(PROPOSAL, True)}
    return BudgetStatement.model_validate({**values, **changes})


def row(days: int, part: str, amount: str, unit: Unit = Unit.HOURS) -> DeliveredRow:
    return DeliveredRow(worked_on=START + dt.timedelta(days=days), part=part, unit=unit, amount=D(amount))


def test_the_plan_is_the_accepted_proposals_lines_with_what_each_buys():
    parts = {p.key: p for p in plan_parts(PROPOSAL)}
    assert list(parts) == list(SOURCES)
    days = parts["days"]
    assert days.units == {Unit.HOURS: D(17), Unit.SLEEP_IN: D(1)}
    assert sum(days.shares.values()) == days.price  # the week's price split in whole pence
    # By direct cost at the rates: 14 x 20 + 3 x 22 = 346 for the hours, 100 for the sleep-in.
    assert days.shares[Unit.HOURS] > 3 * days.shares[Unit.SLEEP_IN]
    assert parts["cooking"].units == {Unit.HOURS: D(20)} and parts["cooking"].bought_once
    assert parts["benefits"].fixed_price and parts["benefits"].units == {}
    assert parts["management"].management and not parts["management"].takes(Unit.HOURS)
    assert default_once_parts(PROPOSAL, False) == []


def test_delivered_exactly_as_planned_is_exactly_the_plan():
    days = next(p for p in plan_parts(PROPOSAL) if p.key == "days")
    rows = [row(7 * w, "days", "17") for w in range(4)] + [row(7 * w, "days", "1", Unit.SLEEP_IN) for w in range(4)]
    rows += [row(1, "cooking", "20")]
    figures = statement_figures(statement(), PROPOSAL, rows)
    lines = {line.part.key: line for line in figures.lines}
    assert lines["days"].planned == days.price * 4 == lines["days"].actual
    assert lines["cooking"].actual == lines["cooking"].planned
    assert lines["benefits"].actual == lines["benefits"].planned == D("120.00")  # a fixed price is paid as agreed
    assert lines["management"].planned == to_penny(lines["management"].part.price * 4 / 52)
    assert figures.contingency_planned == D("40.00")  # 520 a year, for 4 of 52 weeks
    assert figures.difference == figures.contingency_planned  # the emergency amount was not used


def test_hours_not_delivered_are_money_left_and_hours_carried_forward_where_allowed():
    rows = [row(7 * w, "days", "15") for w in range(4)]  # 60 of 68 hours, no sleep-ins
    for allowed, carried in ((False, D(0)), (True, D(8))):
        figures = statement_figures(statement(carry_forward_allowed=allowed, once_parts=[]), PROPOSAL, rows)
        days = next(line for line in figures.lines if line.part.key == "days")
        hours = next(u for u in days.units if u.unit == Unit.HOURS)
        assert (hours.planned_units, hours.delivered_units, hours.units_left) == (D(68), D(60), D(8))
        assert hours.actual == to_penny(hours.share * 60 / 17)
        assert days.status == "under" and figures.carried_forward_hours == carried


def test_expenses_and_the_emergency_amount():
    figures = statement_figures(statement(expenses=[
        Expense(what="Swimming pass", amount=D("150.00")),
        Expense(what="Taxi when the bus was cancelled", amount=D("28.50"), from_emergency=True)]), PROPOSAL, [])
    assert (figures.emergency_used, figures.other_expenses, figures.emergency_left) == (
        D("28.50"), D("150.00"), D("11.50"))
    bars = chart_bars(figures)
    assert [b.label for b in bars][-2:] == ["Emergency amount", "Other expenses"]


def test_parts_bought_once_are_in_a_statement_only_when_it_says_so():
    without = statement_figures(statement(once_parts=[]), PROPOSAL, [])
    assert {line.part.key for line in without.lines} == {"days", "management"}


def test_rows_the_plan_does_not_have_are_refused_with_the_field():
    parts = {p.key: p for p in plan_parts(PROPOSAL)}
    current = statement(once_parts=[])
    assert row_problem(row(0, "nothing", "2"), parts, current)[0] == "part"
    assert row_problem(row(0, "management", "2"), parts, current) == (
        "part", "Management support is charged as agreed; its hours are not recorded here.")
    assert row_problem(row(0, "cooking", "2"), parts, current) == (
        "part", "“Cooking course” is bought once and is not part of this statement.")
    assert row_problem(row(0, "days", "1", Unit.WAKING_NIGHT), parts, current) == (
        "unit", "The plan has no waking nights for “Days and a sleep-in”.")
    assert row_problem(row(28, "days", "2"), parts, current)[0] == "worked_on"  # the day after 4 weeks
    assert rows_problems([row(0, "days", "2"), row(40, "days", "2")], parts.values(), current) == {
        "rows.1.worked_on": "This date is outside the statement's weeks (2026-05-04 to 2026-05-31)."}


def test_a_row_is_a_real_amount():
    from advisor_app.domain.validation import validate

    bad = {"worked_on": "2026-05-04", "part": "days"}
    assert "amount" in validate(DeliveredRow, {**bad, "amount": "-1"}).errors
    assert "amount" in validate(DeliveredRow, {**bad, "amount": "25"}).errors
    assert validate(DeliveredRow, {**bad, "amount": "1.5", "unit": "sleep_in"}).errors == {
        "amount": "Nights are counted in whole nights."}
    assert "weeks" in validate(BudgetStatement, {"proposal_id": "p", "period_from": "2026-05-04",
                                                 "weeks": 105}).errors


# ---- the sums, for every costing ---------------------------------------------------------------


def _pennies(amount: D) -> bool:
    return amount == to_penny(amount)


@settings(max_examples=150, deadline=None)
@given(costing_data, st.integers(1, 104), st.data())
def test_every_figure_is_whole_pence_and_the_statement_adds_up(data, weeks, draw):
    proposal = proposal_for(data)
    parts = plan_parts(proposal)
    once = [p.key for p in parts if p.bought_once and draw.draw(st.booleans())]
    current = BudgetStatement(proposal_id=proposal.id, period_from=START, weeks=weeks, once_parts=once,
                              expenses=[Expense(what="x", amount=D(a), from_emergency=e) for a, e in draw.draw(
                                  st.lists(st.tuples(money(0, 50000), st.booleans()), max_size=4))])
    # Delivered: for each unit a part buys, some amount around what it buys (model_construct: the
    # property is about the sums, for any amount, not about what a row may hold).
    rows = []
    for part in parts:
        for unit, bought in part.units.items():
            if part.takes(unit) and (not part.bought_once or part.key in once):
                per = weeks if part.period == "week" else 1
                factor = draw.draw(st.sampled_from([D(0), D("0.5"), D(1), D("1.37")]))
                rows.append(DeliveredRow.model_construct(worked_on=START, part=part.key, unit=unit,
                                                         amount=bought * per * factor, staff="", note=""))
    figures = statement_figures(current, proposal, rows)

    money_figures = [figures.contingency_planned, figures.emergency_used, figures.other_expenses,
                     figures.planned_total, figures.actual_total, figures.difference]
    for line in figures.lines:
        money_figures += [line.planned, line.actual, line.difference]
        money_figures += [u.planned for u in line.units] + [u.actual for u in line.units]
        if line.part.shares and not line.part.fixed_price:
            assert sum((u.planned for u in line.units), D(0)) == line.planned  # the shares add up to the line
            assert line.actual == sum((u.actual for u in line.units), D(0))
    assert all(_pennies(m) for m in money_figures)
    # The totals are the sums of the lines shown, and the difference is planned minus spent.
    assert figures.planned_total == sum((l.planned for l in figures.lines), D(0)) + figures.contingency_planned
    assert figures.actual_total == (sum((l.actual for l in figures.lines), D(0)) + figures.emergency_used
                                    + figures.other_expenses)
    assert figures.difference == sum((l.difference for l in figures.lines), D(0)) + figures.emergency_left \
        - figures.other_expenses
    # The chart shows the same figures as the table.
    bars = chart_bars(figures)
    assert sum((b.planned for b in bars), D(0)) == figures.planned_total
    assert sum((b.actual for b in bars), D(0)) == figures.actual_total


@settings(max_examples=100, deadline=None)
@given(costing_data, st.integers(1, 104))
def test_delivered_as_planned_costs_exactly_the_plan(data, weeks):
    proposal = proposal_for(data)
    parts = plan_parts(proposal)
    current = BudgetStatement(proposal_id=proposal.id, period_from=START, weeks=weeks,
                              once_parts=[p.key for p in parts if p.bought_once])
    rows = [DeliveredRow.model_construct(worked_on=START, part=p.key, unit=u,
                                         amount=q * (weeks if p.period == "week" else 1), staff="", note="")
            for p in parts for u, q in p.units.items() if p.takes(u)]
    figures = statement_figures(current, proposal, rows)
    assert all(line.actual == line.planned for line in figures.lines)
    assert figures.difference == figures.contingency_planned
