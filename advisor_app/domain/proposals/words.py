"""Money in plain words, the budget check and shared support, as a family reads them.

Shared by the costing stage, the quote document and the comparison of versions, so a figure is
said the same way everywhere. Every sentence is a ``Msg`` (translated where it is shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from advisor_app.domain.costing import Line, Quote, to_penny
from advisor_app.domain.costing.money import plain_number
from advisor_app.domain.messages import N_, Msg

ZERO = Decimal("0.00")
Per = Literal["week", "year", "first_year"]


def pounds(amount: Decimal) -> str:
    """Money as a family reads it: "£1,234.50", "-£3.00"."""
    amount = to_penny(amount)
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def hours(value: Decimal) -> str:
    """Hours and percentages as people write them: "8", "12.5"."""
    return plain_number(Decimal(value))


def change_words(amount: Decimal, per: Per) -> str:
    """A difference in price: "£42.50 a week more", "£120.00 a year less", "The same each week"."""
    if amount == 0:
        return {
            "week": N_("The same each week"),
            "year": N_("The same each year"),
            "first_year": N_("The same in the first year"),
        }[per]
    money = pounds(abs(amount))
    more = amount > 0
    if per == "week":
        return Msg("{money} a week more", money=money) if more else Msg("{money} a week less", money=money)
    if per == "year":
        return Msg("{money} a year more", money=money) if more else Msg("{money} a year less", money=money)
    if more:
        return Msg("{money} more in the first year", money=money)
    return Msg("{money} less in the first year", money=money)


def fraction_words(n: int) -> str:
    """This person's share of support shared by ``n`` people: "half", "a third", "1/7"."""
    names = {2: N_("half"), 3: N_("a third"), 4: N_("a quarter"), 5: N_("a fifth"), 6: N_("a sixth")}
    return names.get(n, Msg("1/{n}", n=n))


# ---- the budget check ------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetBar:
    """The budget check as the stage's bar and the quote's picture draw it.

    ``used`` is the first year's cost as a share of the annual budget (1 = all of it; above 1 is
    over). The weekly figures are an "about" comparison: a week of on-going support against the
    budget shared evenly over the weeks of the year.
    """

    annual_budget: Decimal
    first_year: Decimal
    difference: Decimal  # budget minus first year: above 0 under, below 0 over
    status: Literal["under", "over", "exact"]
    used: Decimal
    weekly_budget: Decimal  # the annual budget / weeks a year, to the penny
    weekly_ongoing: Decimal

    @property
    def over_by(self) -> Decimal:
        return max(-self.difference, ZERO)

    @property
    def under_by(self) -> Decimal:
        return max(self.difference, ZERO)


def budget_bar(quote: Quote) -> BudgetBar | None:
    """The budget check of a quote, or None when the case has no budget recorded."""
    b = quote.budget
    if b is None:
        return None
    if b.annual:
        used = quote.first_year_total / b.annual
    else:  # a budget of nothing: empty if nothing is bought, else drawn as far over
        used = Decimal(2) if quote.first_year_total else Decimal(0)
    return BudgetBar(
        annual_budget=b.annual,
        first_year=quote.first_year_total,
        difference=b.difference,
        status=b.status,
        used=used.quantize(Decimal("0.0001")),
        weekly_budget=to_penny(b.annual / quote.weeks_per_year),
        weekly_ongoing=quote.weekly_ongoing_total,
    )


def budget_words(quote: Quote) -> list[str]:
    """The budget check in sentences: the budget, the first year, under or over by how much, and
    in fit-to-budget mode the management support the budget affords."""
    b = quote.budget
    if b is None:
        return [N_("No budget is recorded yet, so we cannot check the cost against it.")]
    if b.period == "week":
        budget = Msg("The budget is {week} a week. That is {year} a year.", week=pounds(b.amount),
                     year=pounds(b.annual))
    else:
        budget = Msg("The budget is {year} a year.", year=pounds(b.annual))
    out = [budget, Msg("The first year costs {total}.", total=pounds(quote.first_year_total))]
    if b.status == "under":
        out.append(Msg("That is {money} a year under the budget.", money=pounds(b.difference)))
    elif b.status == "over":
        out.append(Msg("That is {money} a year over the budget.", money=pounds(-b.difference)))
    else:
        out.append(N_("That is exactly the budget."))
    if quote.mode == "fit-to-budget":
        affordable = quote.management_hours_affordable
        if affordable is None:
            out.append(N_("The support costs more than the budget even without management "
                          "support, so the budget cannot pay for any management."))
        else:
            out.append(Msg("The budget pays for up to {hours} hours of management support a year, "
                           "with the charges.", hours=affordable))
    return out


# ---- shared support --------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedShare:
    """Support shared by several people: what this person pays for their share."""

    name: str
    shared_by: int
    period: str  # "week", "year", "term" or "once", as the line's
    share: Decimal  # this person's price for the period, charges included
    first_year: Decimal

    def words(self, person: str = "") -> str:
        """"Sleep-in is shared by 3 people. Priya pays a third: £285.43 a week." """
        per = {"week": N_("a week"), "year": N_("a year")}.get(self.period, N_("in all"))
        if person:
            return Msg("{name} is shared by {n} people. {person} pays {fraction}: {money} {per}.",
                       name=self.name, n=self.shared_by, person=person,
                       fraction=fraction_words(self.shared_by), money=pounds(self.share), per=per)
        return Msg("{name} is shared by {n} people. This person pays {fraction}: {money} {per}.",
                   name=self.name, n=self.shared_by, fraction=fraction_words(self.shared_by),
                   money=pounds(self.share), per=per)


def shared_shares(quote: Quote) -> list[SharedShare]:
    """Every line of the quote that is shared, with this person's share."""
    return [SharedShare(line.name, line.shared_by, line.period, line.price, line.first_year)
            for line in quote.lines if line.shared_by > 1]


def line_notes(line: Line) -> list[str]:
    """What a line is, in a few words each: "60 hours a year", "8 weeks", "shared by 3"."""
    notes: list[str] = []
    if line.management_hours is not None:
        notes.append(Msg("{hours} hours a year", hours=hours(line.management_hours)))
    if line.weeks is not None:
        notes.append(Msg("{weeks} weeks", weeks=line.weeks))
    if line.fixed_price:
        notes.append(N_("fixed price, all included"))
    if line.shared_by > 1:
        notes.append(Msg("shared by {n}", n=line.shared_by))
    return notes
