"""The budget statement: what was actually delivered and spent, against the plan.

A statement covers whole weeks (``period_from`` and ``weeks``: rotas run by the week, and a week
of on-going support is priced exactly in the agreement). Its plan is the accepted proposal it was
made from: each line of that quote is a *part* of the plan, with its price and the hours and
nights it buys. What was delivered arrives in batches of rows (``delivered_hours`` records: typed
in, or imported from the rota's CSV), each row a day, a part, a unit and an amount.

The rules, in the order they are applied (every amount is a whole number of pence):

1. A part's price is split over its units (hours, sleep-ins, waking nights) in proportion to their
   direct cost at the proposal's rates, in whole pence (``money.apportion``), so the shares add
   up to the price exactly.
2. Planned: on-going support is its weekly price x the weeks. Fixed-term and one-off parts are
   bought once: their whole price, when the statement includes them. Management support and the
   emergency amount are their yearly figures x weeks / weeks a year, rounded once, to the penny.
3. Delivered: each unit's share x the units delivered / the units the price buys, rounded once,
   to the penny. Delivered exactly as planned is therefore exactly the plan. A fixed price and
   management support are paid as agreed.
4. Expenses are added as they were spent; those paid from the emergency amount are its use.
5. Totals are sums of the lines shown, so the statement adds up to the penny, and the difference
   is planned minus spent: under (money left) or over.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Iterable, Literal, Mapping

from pydantic import AwareDatetime, Field

from advisor_app.domain.costing import Component, CostingInput
from advisor_app.domain.costing.money import ZERO, apportion, exact, to_penny
from advisor_app.domain.entries import EntryText, Note, UniqueIds
from advisor_app.domain.fields import Id, Money, ShortText, Text, new_id
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.proposals import Proposal
from advisor_app.domain.validation import Model
from advisor_app.domain.week import two_places

ENTITY = "budget_statement"
HOURS_ENTITY = "delivered_hours"
MAX_WEEKS = 104
MAX_ROWS = 10_000  # in one batch: a year of daily rows for more parts than anyone buys
MAX_EXPENSES = 500
MANAGEMENT = "management"
# How a statement is handed to the documents that show it (the statement, the review's summary).
STATEMENT_KEY, PROPOSAL_KEY, ROWS_KEY = "_statement", "_statement_proposal", "_statement_rows"


class Unit(StrEnum):
    HOURS = "hours"
    SLEEP_IN = "sleep_in"
    WAKING_NIGHT = "waking_night"


UNIT_LABELS = {Unit.HOURS: N_("hours"), Unit.SLEEP_IN: N_("sleep-ins"), Unit.WAKING_NIGHT: N_("waking nights")}
NIGHTS = (Unit.SLEEP_IN, Unit.WAKING_NIGHT)
MAX_AMOUNT = {Unit.HOURS: Decimal(24), Unit.SLEEP_IN: Decimal(7), Unit.WAKING_NIGHT: Decimal(7)}

Amount = Annotated[Decimal, Field(gt=0, le=24), two_places(N_("Please give hours like 7.5 or 7.25."))]
Weeks = Annotated[int, Field(ge=1, le=MAX_WEEKS)]


class DeliveredRow(Model):
    """One line of what was delivered: a day, a part of the plan, how much."""

    worked_on: dt.date
    part: Id  # the plan part's key (``PlanPart.key``)
    unit: Unit = Unit.HOURS
    amount: Amount
    staff: ShortText = ""
    note: Note = ""

    def field_rules(self) -> dict[str, str]:
        if self.unit in NIGHTS and self.amount != self.amount.to_integral_value():
            return {"amount": N_("Nights are counted in whole nights.")}
        if self.unit in NIGHTS and self.amount > MAX_AMOUNT[self.unit]:
            return {"amount": N_("Please give at most 7 nights in one line.")}
        return {}


class Source(StrEnum):
    ENTERED = "entered"  # typed in the app
    IMPORTED = "imported"  # from a CSV file of the rota or timesheet system


class DeliveredHours(Model):
    """A batch of rows for one statement. An imported file is one batch (removed as a whole)."""

    id: Id = Field(default_factory=new_id)
    statement_id: Id
    source: Source = Source.ENTERED
    file_name: ShortText = ""
    file_sha256: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")] = ""
    imported_at: AwareDatetime | None = None
    rows: Annotated[list[DeliveredRow], Field(max_length=MAX_ROWS)] = Field(default_factory=list)


class Expense(Model):
    id: Id = Field(default_factory=new_id)
    spent_on: dt.date | None = None
    what: EntryText
    amount: Money = Decimal("0.00")
    from_emergency: bool = False  # paid from the emergency amount the provider keeps


class BudgetStatement(Model):
    id: Id = Field(default_factory=new_id)
    proposal_id: Id  # the accepted proposal whose plan this is measured against
    period_from: dt.date
    weeks: Weeks = 52
    once_parts: Annotated[list[Id], Field(max_length=200)] = Field(default_factory=list)  # fixed-term, one-off
    carry_forward_allowed: bool = False  # the agreement lets hours not used be used later
    expenses: Annotated[list[Expense], Field(max_length=MAX_EXPENSES), UniqueIds] = Field(default_factory=list)
    notes: Text = ""

    @property
    def period_to(self) -> dt.date:
        return self.period_from + dt.timedelta(days=7 * self.weeks - 1)

    def covers(self, day: dt.date) -> bool:
        return self.period_from <= day <= self.period_to

    def reminders(self) -> dict[str, str]:
        notes: dict[str, str] = {}
        for i, expense in enumerate(self.expenses):
            if expense.spent_on is not None and not self.covers(expense.spent_on):
                notes[f"expenses.{i}.spent_on"] = N_("This date is outside the statement's weeks.")
        return notes


PROTECTED = ("id", "proposal_id")


# ---- the plan: one part per line of the accepted proposal's quote --------------------------------


Period = Literal["week", "term", "once", "year"]


@dataclass(frozen=True)
class PlanPart:
    number: int  # as the statement lists it, from 1
    key: str  # what rows name: the chosen component's id, "management", or "line-N"
    name: str
    kind: str  # one-off, fixed-term, on-going
    period: Period
    price: Decimal  # for its period: a week, the whole term, once, a year
    fixed_price: bool
    units: Mapping[Unit, Decimal]  # what the price buys: a week's (on-going), the term's, the one-off's
    shares: Mapping[Unit, Decimal]  # the price split over the units, in whole pence (sum == price)
    weeks: int | None = None  # a fixed term's weeks
    management: bool = False

    @property
    def bought_once(self) -> bool:
        return self.period in ("term", "once")

    def takes(self, unit: Unit) -> bool:
        """Whether rows of this unit can be recorded against the part."""
        return not self.management and self.units.get(unit, ZERO) > 0


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else ZERO


def _units_and_weights(component: Component, costing: CostingInput) -> tuple[dict[Unit, Decimal], dict[Unit, Decimal]]:
    """What one costing component buys a week (or in all, for a one-off) and each unit's direct cost."""
    rates = costing.rates
    units: dict[Unit, Decimal] = {}
    weights: dict[Unit, Decimal] = {}
    function_rate = costing.optional_functions.get(component.optional_function or "", ZERO)
    if component.kind == "one-off":
        hours = _dec(component.hours) + _dec(component.function_hours)
        weight = _dec(component.hours) * rates.get(component.band or "day", ZERO) + \
            _dec(component.function_hours) * function_rate
    else:
        bands = component.hours_per_week or {}
        hours = sum((_dec(h) for h in bands.values()), ZERO) + _dec(component.function_hours_per_week)
        weight = sum((_dec(h) * rates.get(band, ZERO) for band, h in bands.items()), ZERO) + \
            _dec(component.function_hours_per_week) * function_rate
    units[Unit.HOURS], weights[Unit.HOURS] = hours, weight
    for unit, count in ((Unit.SLEEP_IN, component.sleep_ins_per_week),
                        (Unit.WAKING_NIGHT, component.waking_nights_per_week)):
        units[unit] = _dec(count)
        weights[unit] = _dec(count) * rates.get(unit.value, ZERO)
    if component.kind == "fixed-term" and component.weeks:
        units = {u: q * component.weeks for u, q in units.items()}
    return units, weights


def plan_parts(proposal: Proposal) -> list[PlanPart]:
    """The parts of the plan, in the quote's order: support and management (not the contingency)."""
    costing = proposal.costing_input()
    parts: list[PlanPart] = []
    for line in proposal.quote.get("lines") or []:
        if line.get("part") not in ("support", "management"):
            continue
        index = line.get("component")
        component = costing.components[index] if isinstance(index, int) and 0 <= index < len(costing.components) else None
        offered = proposal.part(index)
        management = line.get("part") == "management"
        key = offered.source if offered and offered.source else f"line-{len(parts) + 1}"
        if management and key != MANAGEMENT:  # a part's own management hours: a line of their own
            key = f"{MANAGEMENT}:{key}"
        price = Decimal(line["price"])
        fixed = bool(line.get("fixed_price"))
        units: dict[Unit, Decimal] = {}
        shares: dict[Unit, Decimal] = {}
        if component is not None and not management:
            units, weights = _units_and_weights(component, costing)
            units = {u: q for u, q in units.items() if q > 0}
            weights = {u: weights[u] for u in units}
            if units and not fixed:
                if not any(weights.values()):  # no rate given: split by the units themselves
                    weights = dict(units)
                # Weights to six places: a share is exact in pence whatever the rates' decimals.
                split = apportion(price, [w.scaleb(4) for w in weights.values()])
                shares = dict(zip(weights, split))
        elif management and component is not None:
            units = {Unit.HOURS: _dec(component.management_hours_per_year)}
        parts.append(PlanPart(number=len(parts) + 1, key=key, name=str(line.get("name", "")),
                              kind=str(line.get("kind", "")), period=line.get("period", "week"), price=price,
                              fixed_price=fixed, units=units, shares=shares, weeks=line.get("weeks"),
                              management=management))
    return parts


def contingency_per_year(proposal: Proposal) -> Decimal:
    return Decimal(proposal.quote.get("contingency") or "0")


def weeks_per_year(proposal: Proposal) -> int:
    return int(proposal.quote.get("weeks_per_year") or 52)


def included(part: PlanPart, statement: BudgetStatement) -> bool:
    return not part.bought_once or part.key in statement.once_parts


# ---- checking rows against the plan (typed in, or read from a file) --------------------------------


def row_problem(row: DeliveredRow, parts: Mapping[str, PlanPart], statement: BudgetStatement) -> tuple[str, str] | None:
    """(field, plain sentence) when the row cannot be recorded against this statement."""
    part = parts.get(row.part)
    if part is None:
        return "part", N_("There is no such part of the plan in this statement.")
    if part.management:
        return "part", N_("Management support is charged as agreed; its hours are not recorded here.")
    if not included(part, statement):
        return "part", Msg("“{name}” is bought once and is not part of this statement.", name=part.name)
    if not part.takes(row.unit):
        return "unit", Msg("The plan has no {unit} for “{name}”.", unit=UNIT_LABELS[row.unit], name=part.name)
    if not statement.covers(row.worked_on):
        return "worked_on", Msg("This date is outside the statement's weeks ({start} to {end}).",
                                start=statement.period_from.isoformat(), end=statement.period_to.isoformat())
    return None


def rows_problems(rows: Iterable[DeliveredRow], plan: Iterable[PlanPart], statement: BudgetStatement) -> dict[str, str]:
    """Field paths (``rows.3.part``) and what is wrong, for a batch typed in."""
    parts = {p.key: p for p in plan}
    errors: dict[str, str] = {}
    for i, row in enumerate(rows):
        problem = row_problem(row, parts, statement)
        if problem:
            errors[f"rows.{i}.{problem[0]}"] = problem[1]
    return errors


# ---- the figures ----------------------------------------------------------------------------------


Status = Literal["under", "over", "exact"]


def status_of(difference: Decimal) -> Status:
    return "under" if difference > 0 else "over" if difference < 0 else "exact"


@dataclass(frozen=True)
class UnitFigures:
    unit: Unit
    planned_units: Decimal  # over the statement (on-going: a week's x weeks)
    delivered_units: Decimal
    share: Decimal | None  # the price's share for this unit (None: a fixed price)
    planned: Decimal
    actual: Decimal

    @property
    def units_left(self) -> Decimal:
        return self.planned_units - self.delivered_units


@dataclass(frozen=True)
class LineFigures:
    part: PlanPart
    planned: Decimal
    actual: Decimal
    units: tuple[UnitFigures, ...] = ()
    carried_forward_hours: Decimal = ZERO  # hours not used, kept for later (where allowed)

    @property
    def difference(self) -> Decimal:
        return self.planned - self.actual

    @property
    def status(self) -> Status:
        return status_of(self.difference)


@dataclass(frozen=True)
class StatementFigures:
    period_from: dt.date
    period_to: dt.date
    weeks: int
    lines: tuple[LineFigures, ...]
    contingency_planned: Decimal  # the emergency amount for these weeks
    emergency_used: Decimal
    other_expenses: Decimal
    carry_forward_allowed: bool
    expenses: tuple[Expense, ...] = ()
    unplanned_rows: int = 0  # rows for a part or unit the plan no longer has: left out of the sums

    @property
    def support_planned(self) -> Decimal:
        return sum((line.planned for line in self.lines), ZERO)

    @property
    def support_actual(self) -> Decimal:
        return sum((line.actual for line in self.lines), ZERO)

    @property
    def planned_total(self) -> Decimal:
        return self.support_planned + self.contingency_planned

    @property
    def actual_total(self) -> Decimal:
        return self.support_actual + self.emergency_used + self.other_expenses

    @property
    def difference(self) -> Decimal:
        return self.planned_total - self.actual_total

    @property
    def status(self) -> Status:
        return status_of(self.difference)

    @property
    def emergency_left(self) -> Decimal:
        return self.contingency_planned - self.emergency_used

    @property
    def carried_forward_hours(self) -> Decimal:
        return sum((line.carried_forward_hours for line in self.lines), ZERO)


def delivered_totals(rows: Iterable[DeliveredRow], statement: BudgetStatement) -> dict[tuple[str, Unit], Decimal]:
    """Units delivered in the statement's weeks, by (part key, unit)."""
    totals: dict[tuple[str, Unit], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if statement.covers(row.worked_on):
            totals[(row.part, row.unit)] += row.amount
    return dict(totals)


def _line(part: PlanPart, statement: BudgetStatement, delivered: Mapping[tuple[str, Unit], Decimal],
          per_year: int) -> LineFigures:
    weeks = statement.weeks
    if part.management:
        planned = to_penny(part.price * weeks / per_year)
        return LineFigures(part, planned, planned)
    per_statement = weeks if part.period == "week" else 1  # how many of the price's periods
    planned = part.price * per_statement
    unit_rows: list[UnitFigures] = []
    for unit, bought in part.units.items():
        got = delivered.get((part.key, unit), ZERO)
        share = part.shares.get(unit)
        unit_planned = share * per_statement if share is not None else ZERO
        unit_actual = to_penny(share * got / bought) if share is not None else ZERO
        unit_rows.append(UnitFigures(unit, bought * per_statement, got, share, unit_planned, unit_actual))
    actual = planned if part.fixed_price or not part.shares else sum((u.actual for u in unit_rows), ZERO)
    left = sum((u.units_left for u in unit_rows if u.unit == Unit.HOURS and u.units_left > 0), ZERO)
    carried = left if statement.carry_forward_allowed and not part.fixed_price and part.period == "week" else ZERO
    return LineFigures(part, planned, actual, tuple(unit_rows), carried)


def statement_figures(statement: BudgetStatement, proposal: Proposal,
                      rows: Iterable[DeliveredRow]) -> StatementFigures:
    """The whole statement: each part planned and delivered, the emergency amount, expenses, totals."""
    with exact():
        parts = [p for p in plan_parts(proposal) if included(p, statement)]
        rows = list(rows)
        known = {(p.key, u) for p in parts for u in p.units if p.takes(u)}
        delivered = delivered_totals(rows, statement)
        per_year = weeks_per_year(proposal)
        lines = tuple(_line(p, statement, delivered, per_year) for p in parts)
        contingency = to_penny(contingency_per_year(proposal) * statement.weeks / per_year)
        emergency = sum((e.amount for e in statement.expenses if e.from_emergency), ZERO)
        other = sum((e.amount for e in statement.expenses if not e.from_emergency), ZERO)
        unplanned = sum(1 for r in rows if statement.covers(r.worked_on) and (r.part, r.unit) not in known)
        return StatementFigures(statement.period_from, statement.period_to, statement.weeks, lines, contingency,
                                emergency, other, statement.carry_forward_allowed, tuple(statement.expenses),
                                unplanned)


# ---- for the person: the statement in words -------------------------------------------------------


def status_words(status: Status) -> str:
    return {"under": N_("under the plan"), "over": N_("over the plan"), "exact": N_("exactly as planned")}[status]


@dataclass(frozen=True)
class ChartBar:
    """One row of the chart of spend against plan."""

    label: str
    planned: Decimal
    actual: Decimal


def chart_bars(figures: StatementFigures) -> list[ChartBar]:
    bars = [ChartBar(line.part.name, line.planned, line.actual) for line in figures.lines]
    if figures.contingency_planned or figures.emergency_used:
        bars.append(ChartBar(N_("Emergency amount"), figures.contingency_planned, figures.emergency_used))
    if figures.other_expenses:
        bars.append(ChartBar(N_("Other expenses"), ZERO, figures.other_expenses))
    return bars


def default_once_parts(proposal: Proposal, first_statement: bool) -> list[str]:
    """Parts bought once belong to the first statement of a plan unless the advisor says otherwise."""
    return [p.key for p in plan_parts(proposal) if p.bought_once] if first_statement else []


@dataclass
class Totals:
    """Sums by part and month, for the screen's table of what was delivered."""

    by_month: dict[tuple[str, str, Unit], Decimal] = field(default_factory=dict)  # (YYYY-MM, part key, unit)

    @classmethod
    def of(cls, rows: Iterable[DeliveredRow]) -> "Totals":
        sums: dict[tuple[str, str, Unit], Decimal] = defaultdict(lambda: ZERO)
        for row in rows:
            sums[(row.worked_on.strftime("%Y-%m"), row.part, row.unit)] += row.amount
        return cls(dict(sorted(sums.items())))
