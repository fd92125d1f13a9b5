"""What the engine answers: a quote whose every visible figure adds up exactly.

Frozen dataclasses holding ``Decimal``; ``quote_to_json`` turns one into plain JSON with money
as strings with two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from advisor_app.domain.costing.inputs import IfLongerRule
from advisor_app.domain.costing.money import ZERO, money_str, plain_number

# A line's period: "week" (on-going support), "year" (management, contingency), "term" (the
# whole of a fixed-term component), "once" (a one-off).
Period = Literal["week", "year", "term", "once"]
# What a line is: a component's support, its management hours, or the contingency.
Part = Literal["support", "management", "contingency"]
# The charges are worked out separately for each group of lines that share a period.
ChargeGroup = Literal["week", "year", "once"]
CHARGE_GROUPS: tuple[ChargeGroup, ...] = ("week", "year", "once")


@dataclass(frozen=True)
class Charges:
    central: Decimal = ZERO
    regional: Decimal = ZERO
    surplus: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.central + self.regional + self.surplus

    def times(self, n: int) -> Charges:
        return Charges(self.central * n, self.regional * n, self.surplus * n)

    def plus(self, other: Charges) -> Charges:
        return Charges(
            self.central + other.central,
            self.regional + other.regional,
            self.surplus + other.surplus,
        )


@dataclass(frozen=True)
class Percentages:
    """The charges' percentages the quote was made with, stated openly."""

    central: Decimal
    regional: Decimal
    surplus: Decimal


@dataclass(frozen=True)
class IfLongerTerms:
    """The fixed-price outcome's rule if it takes longer, with the refund worked out."""

    rule: IfLongerRule
    refund: Decimal | None = None
    pct: Decimal | None = None
    hourly_rate: Decimal | None = None


@dataclass(frozen=True)
class Line:
    name: str
    component: int | None  # index into the costing's components; None for added lines
    kind: str  # the component's kind, or "contingency"
    part: Part
    period: Period
    direct_cost: Decimal  # this person's share, for the period
    charges: Charges
    price: Decimal  # direct_cost + charges, for the period
    first_year: Decimal  # what the line adds to the first year
    shared_by: int = 1
    weeks: int | None = None
    management_hours: Decimal | None = None
    fixed_price: bool = False
    if_longer: IfLongerTerms | None = None


@dataclass(frozen=True)
class GroupCharges:
    """One charge group: the direct cost the percentages were taken of, and the charges."""

    group: ChargeGroup
    direct_cost: Decimal
    charges: Charges


@dataclass(frozen=True)
class BudgetCheck:
    amount: Decimal
    period: Literal["week", "year"]
    annual: Decimal
    difference: Decimal  # annual budget minus first-year total
    status: Literal["under", "over", "exact"]


@dataclass(frozen=True)
class Quote:
    mode: str
    title: str | None
    weeks_per_year: int
    percentages: Percentages
    lines: tuple[Line, ...]
    groups: tuple[GroupCharges, ...]
    weekly_ongoing_total: Decimal
    annual_ongoing_total: Decimal
    fixed_term_total: Decimal
    one_off_total: Decimal
    contingency: Decimal
    first_year_total: Decimal
    budget: BudgetCheck | None
    management_hours_affordable: int | None = None

    def group(self, name: ChargeGroup) -> GroupCharges:
        return next(g for g in self.groups if g.group == name)

    @property
    def first_year_charges(self) -> Charges:
        """Charges over the first year: weeks_per_year weeks, the year's, and the once-only."""
        total = Charges()
        for g in self.groups:
            weeks = self.weeks_per_year if g.group == "week" else 1
            total = total.plus(g.charges.times(weeks))
        return total


def _charges_json(c: Charges) -> dict[str, str]:
    return {
        "central": money_str(c.central),
        "regional": money_str(c.regional),
        "surplus": money_str(c.surplus),
    }


def _line_json(line: Line) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": line.name,
        "component": line.component,
        "kind": line.kind,
        "part": line.part,
        "period": line.period,
        "shared_by": line.shared_by,
        "fixed_price": line.fixed_price,
        "direct_cost": money_str(line.direct_cost),
        "charges": _charges_json(line.charges),
        "price": money_str(line.price),
        "first_year": money_str(line.first_year),
    }
    if line.weeks is not None:
        out["weeks"] = line.weeks
    if line.management_hours is not None:
        out["management_hours"] = plain_number(line.management_hours)
    if line.if_longer is not None:
        terms = line.if_longer
        out["if_longer"] = {"rule": terms.rule}
        if terms.refund is not None:
            out["if_longer"]["refund"] = money_str(terms.refund)
        if terms.pct is not None:
            out["if_longer"]["pct"] = plain_number(terms.pct)
        if terms.hourly_rate is not None:
            out["if_longer"]["hourly_rate"] = money_str(terms.hourly_rate)
    return out


def quote_to_json(quote: Quote) -> dict[str, Any]:
    """The quote as plain JSON data: money as strings with two decimals."""
    charges: dict[str, Any] = {
        "central_pct": plain_number(quote.percentages.central),
        "regional_pct": plain_number(quote.percentages.regional),
        "surplus_pct": plain_number(quote.percentages.surplus),
    }
    for g in quote.groups:
        charges[g.group] = {"direct_cost": money_str(g.direct_cost), **_charges_json(g.charges)}
    charges["first_year"] = _charges_json(quote.first_year_charges)
    out: dict[str, Any] = {
        "mode": quote.mode,
        "title": quote.title,
        "weeks_per_year": quote.weeks_per_year,
        "lines": [_line_json(line) for line in quote.lines],
        "charges": charges,
        "weekly_ongoing_total": money_str(quote.weekly_ongoing_total),
        "annual_ongoing_total": money_str(quote.annual_ongoing_total),
        "fixed_term_total": money_str(quote.fixed_term_total),
        "one_off_total": money_str(quote.one_off_total),
        "contingency": money_str(quote.contingency),
        "first_year_total": money_str(quote.first_year_total),
        "budget": None,
    }
    if quote.budget is not None:
        b = quote.budget
        out["budget"] = {
            "amount": money_str(b.amount),
            "period": b.period,
            "annual": money_str(b.annual),
            "difference": money_str(b.difference),
            "status": b.status,
        }
    if quote.mode == "fit-to-budget":
        out["management_hours_affordable"] = quote.management_hours_affordable
    return out
