"""The costing engine: prices a costing, or finds how much management a budget affords.

Pure (``Decimal`` in, ``Quote`` out). The rules, in the order they are applied:

1. Each line's direct cost is worked out and rounded once, half-up, to the penny: a week of
   on-going support, the whole of a fixed-term component (its week, rounded, x weeks), the
   whole of a one-off, a year of a component's management hours. Shared support is divided
   by ``shared_by`` before that one rounding.
2. Lines are grouped by the period their charges are taken over: "week" (on-going support),
   "year" (management hours) and "once" (fixed-term and one-off, bought once). Fixed prices
   and the contingency are all-inclusive and take no charges.
3. In each group, each charge (central, regional, surplus) is its percentage of the group's
   total direct cost, rounded to the penny, then split over the group's lines in proportion to
   their direct cost, in whole pence (``money.apportion``), so the lines add up exactly.
4. A year of on-going support is exactly its weekly figures x ``weeks_per_year``, line by line,
   so the weekly and annual figures a family sees both add up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from advisor_app.domain.costing.checks import ONE_OFF_FIELDS, WEEKLY_FIELDS, require_valid
from advisor_app.domain.costing.inputs import Component, CostingInput, Overheads
from advisor_app.domain.costing.money import ZERO, apportion, exact, percent_of, to_penny
from advisor_app.domain.costing.quote import (
    CHARGE_GROUPS,
    BudgetCheck,
    Charges,
    GroupCharges,
    IfLongerTerms,
    Line,
    Part,
    Percentages,
    Period,
    Quote,
)
from advisor_app.domain.messages import N_

PERIOD_OF_KIND: dict[str, Period] = {"on-going": "week", "fixed-term": "term", "one-off": "once"}
GROUP_OF_PERIOD = {"week": "week", "year": "year", "term": "once", "once": "once"}
MANAGEMENT_SUPPORT = N_("Management support")
CONTINGENCY = N_("Emergency contingency")


def cost(inp: CostingInput) -> Quote:
    """Price the costing, or fit it to its budget, as its ``mode`` asks."""
    return fit_to_budget(inp) if inp.mode == "fit-to-budget" else price(inp)


def price(inp: CostingInput) -> Quote:
    """Price every component as given. Raises ``CostingInputError`` for a costing it refuses."""
    require_valid(inp, fitting=False)
    with exact():
        return _quote(inp, "price", list(_drafts(inp)))


def fit_to_budget(inp: CostingInput) -> Quote:
    """Price the costing plus a "Management support" line of the most whole hours a year that
    keep the first-year total (charges included) within the annual budget.

    Components' own management hours are kept as given (for example a share of a shared team's
    manager). If even no extra hours fit, ``management_hours_affordable`` is None and the quote
    is the costing as given.
    """
    require_valid(inp, fitting=True)
    with exact():
        return _fit(inp)


def _fit(inp: CostingInput) -> Quote:
    assert inp.budget is not None and inp.management_rate  # guaranteed by require_valid
    drafts = list(_drafts(inp))
    base = _quote(inp, "fit-to-budget", drafts)
    assert base.budget is not None
    budget, rate = base.budget.annual, inp.management_rate
    # Only the "year" group changes with the hours, so the rest of the first year is fixed.
    year = base.group("year")
    rest = base.first_year_total - year.direct_cost - year.charges.total

    def first_year(hours: int) -> Decimal:
        direct = year.direct_cost + hours * rate
        return rest + direct + _charge_totals(direct, inp.overheads).total

    if first_year(0) > budget:
        return base
    # Charges never fall as hours rise, so first_year(h) >= first_year(0) + h x rate: that
    # bounds the search, and first_year is monotone, so bisection finds the exact maximum.
    low, high = 0, int((budget - first_year(0)).scaleb(2)) // int(rate.scaleb(2))
    while low < high:
        mid = (low + high + 1) // 2
        if first_year(mid) <= budget:
            low = mid
        else:
            high = mid - 1
    return _quote(inp, "fit-to-budget", list(_drafts(inp, fitted_hours=low)), low)


@dataclass(frozen=True)
class _Draft:
    """A line before its charges."""

    name: str
    component: int | None
    kind: str
    part: Part
    period: Period
    direct: Decimal
    shared_by: int = 1
    weeks: int | None = None
    management_hours: Decimal | None = None
    fixed_price: bool = False
    if_longer: IfLongerTerms | None = None

    @property
    def charged(self) -> bool:
        return not self.fixed_price and self.part != "contingency"


def _drafts(inp: CostingInput, fitted_hours: int | None = None) -> Iterator[_Draft]:
    for i, comp in enumerate(inp.components):
        yield from _component_drafts(inp, i, comp)
    if fitted_hours is not None:
        assert inp.management_rate is not None
        direct = to_penny(fitted_hours * inp.management_rate)
        yield _Draft(MANAGEMENT_SUPPORT, None, "on-going", "management", "year", direct,
                     management_hours=Decimal(fitted_hours))
    if inp.contingency:
        direct = to_penny(inp.contingency)
        yield _Draft(CONTINGENCY, None, "contingency", "contingency", "year", direct)


def _component_drafts(inp: CostingInput, i: int, comp: Component) -> Iterator[_Draft]:
    period = PERIOD_OF_KIND[comp.kind]
    if comp.fixed_price is not None:
        yield _Draft(comp.name, i, comp.kind, "support", period, to_penny(comp.fixed_price),
                     weeks=comp.weeks, fixed_price=True, if_longer=_if_longer_terms(comp))
        return
    only_management = comp.management_hours_per_year is not None and not any(
        getattr(comp, name) is not None for name in (*WEEKLY_FIELDS, *ONE_OFF_FIELDS)
    )
    if not only_management:
        direct = _support_cost(inp, comp)
        if comp.kind == "fixed-term":
            assert comp.weeks is not None
            direct *= comp.weeks  # the week is rounded first, so the term is exactly weeks of it
        yield _Draft(comp.name, i, comp.kind, "support", period, direct, comp.shared_by,
                     weeks=comp.weeks)
    if comp.management_hours_per_year is not None:
        rate = inp.management_rate or ZERO  # require_valid: given whenever the hours are not 0
        direct = to_penny(comp.management_hours_per_year * rate / comp.shared_by)
        yield _Draft(comp.name, i, comp.kind, "management", "year", direct, comp.shared_by,
                     management_hours=comp.management_hours_per_year)


def _support_cost(inp: CostingInput, comp: Component) -> Decimal:
    """A week (a one-off: the whole) of hours x band rate + nights x night rate + function
    hours x function rate, divided by shared_by, rounded once to the penny."""
    if comp.kind == "one-off":
        hours = {comp.band or "day": comp.hours} if comp.hours else {}
        nights: dict[str, Decimal | None] = {}
        function_hours = comp.function_hours
    else:
        hours = comp.hours_per_week or {}
        nights = {"sleep_in": comp.sleep_ins_per_week, "waking_night": comp.waking_nights_per_week}
        function_hours = comp.function_hours_per_week
    total = sum((n * inp.rates[name] for name, n in (*hours.items(), *nights.items()) if n), ZERO)
    if function_hours:
        assert comp.optional_function is not None
        total += function_hours * inp.optional_functions[comp.optional_function]
    return to_penny(total / comp.shared_by)


def _if_longer_terms(comp: Component) -> IfLongerTerms | None:
    rule = comp.if_longer
    if rule is None or comp.fixed_price is None:
        return None
    if rule.rule == "refund-full":
        return IfLongerTerms("refund-full", refund=comp.fixed_price)
    if rule.rule == "refund-partial":
        if rule.amount is not None:
            return IfLongerTerms("refund-partial", refund=to_penny(rule.amount))
        assert rule.pct is not None  # require_valid: an amount or a pct
        return IfLongerTerms("refund-partial", refund=percent_of(comp.fixed_price, rule.pct),
                             pct=rule.pct)
    return IfLongerTerms("continue-reduced", hourly_rate=rule.hourly_rate)


def _charge_totals(direct: Decimal, overheads: Overheads) -> Charges:
    """A group's charges: each its percentage of the group's direct cost, to the penny."""
    return Charges(
        percent_of(direct, overheads.central_pct),
        percent_of(direct, overheads.regional_pct),
        percent_of(direct, overheads.surplus_pct),
    )


def _quote(
    inp: CostingInput, mode: str, drafts: list[_Draft], hours_affordable: int | None = None
) -> Quote:
    charges = [Charges()] * len(drafts)
    groups = []
    for group in CHARGE_GROUPS:
        members = [
            k for k, d in enumerate(drafts) if d.charged and GROUP_OF_PERIOD[d.period] == group
        ]
        weights = [drafts[k].direct for k in members]
        direct = sum(weights, ZERO)
        totals = _charge_totals(direct, inp.overheads)
        shares = zip(
            apportion(totals.central, weights),
            apportion(totals.regional, weights),
            apportion(totals.surplus, weights),
        )
        for k, (central, regional, surplus) in zip(members, shares):
            charges[k] = Charges(central, regional, surplus)
        groups.append(GroupCharges(group, direct, totals))
    lines = tuple(_line(d, c, inp.weeks_per_year) for d, c in zip(drafts, charges))

    def first_year(kind: str) -> Decimal:
        return sum((line.first_year for line in lines if line.kind == kind), ZERO)

    first_year_total = sum((line.first_year for line in lines), ZERO)
    return Quote(
        mode=mode,
        title=inp.title,
        weeks_per_year=inp.weeks_per_year,
        percentages=Percentages(
            inp.overheads.central_pct, inp.overheads.regional_pct, inp.overheads.surplus_pct
        ),
        lines=lines,
        groups=tuple(groups),
        weekly_ongoing_total=sum((line.price for line in lines if line.period == "week"), ZERO),
        annual_ongoing_total=first_year("on-going"),
        fixed_term_total=first_year("fixed-term"),
        one_off_total=first_year("one-off"),
        contingency=first_year("contingency"),
        first_year_total=first_year_total,
        budget=_budget_check(inp, first_year_total),
        management_hours_affordable=hours_affordable,
    )


def _line(draft: _Draft, charges: Charges, weeks_per_year: int) -> Line:
    price = draft.direct + charges.total
    return Line(
        name=draft.name,
        component=draft.component,
        kind=draft.kind,
        part=draft.part,
        period=draft.period,
        direct_cost=draft.direct,
        charges=charges,
        price=price,
        first_year=price * weeks_per_year if draft.period == "week" else price,
        shared_by=draft.shared_by,
        weeks=draft.weeks,
        management_hours=draft.management_hours,
        fixed_price=draft.fixed_price,
        if_longer=draft.if_longer,
    )


def _budget_check(inp: CostingInput, first_year_total: Decimal) -> BudgetCheck | None:
    if inp.budget is None:
        return None
    amount = inp.budget.amount
    annual = amount * inp.weeks_per_year if inp.budget.period == "week" else amount
    difference = annual - first_year_total
    status = "under" if difference > 0 else "over" if difference < 0 else "exact"
    return BudgetCheck(amount, inp.budget.period, annual, difference, status)
