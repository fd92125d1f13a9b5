"""A proposal as the agreement sets it out: each service with how much of it there is, what it
is for and what it costs; then the first year added up in a way a family can check on paper.

Pure. Every figure comes from the proposal's own quote, priced again by the engine, and
``itemise`` refuses a proposal whose figures no longer match the quote it was accepted with,
so what the family signs is the accepted proposal to the penny.

Two workings, each adding up exactly to the first year's total:

- by when it is paid: a week of on-going support x the weeks in a year, each fixed-term part,
  each one-off, each year's management support, the emergency amount;
- by where the money goes: the support itself, our management charges, the emergency amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from advisor_app.domain.costing import Line, Quote
from advisor_app.domain.costing.money import ZERO, plain_number
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.proposals.costing_input import MANAGEMENT_WORDS
from advisor_app.domain.proposals.model import OfferedPart, Proposal, ProposalError
from advisor_app.domain.proposals.words import pounds

# What a week of a component buys, by time of day (the costing's bands).
BAND_WORDS = {
    "day": N_("{hours} a week in the daytime on weekdays"),
    "evening": N_("{hours} a week in the evening"),
    "weekend": N_("{hours} a week in the daytime at the weekend"),
    "bank_holiday": N_("{hours} a week on bank holidays"),
}


def hours_words(value: Decimal) -> str:
    """"1 hour", "7.5 hours"."""
    value = Decimal(value)
    return N_("1 hour") if value == 1 else Msg("{n} hours", n=plain_number(value))


def _nights(count: Decimal, one: str, many: str) -> str:
    return Msg(one) if count == 1 else Msg(many, n=plain_number(count))


def amount_words(component: Mapping[str, Any], line: Line) -> list[str]:
    """How much is bought, one short phrase each: hours by time of day, nights, weeks, shared."""
    if line.part == "management":
        out = [Msg("{hours} of management support a year", hours=hours_words(line.management_hours or ZERO))]
    else:
        out = []
        for band, hours in (component.get("hours_per_week") or {}).items():
            if Decimal(str(hours)) and band in BAND_WORDS:
                out.append(Msg(BAND_WORDS[band], hours=hours_words(Decimal(str(hours)))))
        sleep_ins = Decimal(str(component.get("sleep_ins_per_week") or 0))
        if sleep_ins:
            out.append(_nights(sleep_ins, N_("1 sleep-in night a week"), N_("{n} sleep-in nights a week")))
        waking = Decimal(str(component.get("waking_nights_per_week") or 0))
        if waking:
            out.append(_nights(waking, N_("1 waking night a week"), N_("{n} waking nights a week")))
        function = component.get("optional_function", "")
        if component.get("function_hours_per_week"):
            out.append(Msg("{hours} a week from our {function}", function=function,
                           hours=hours_words(Decimal(str(component["function_hours_per_week"])))))
        if component.get("hours"):
            out.append(Msg("{hours} in all", hours=hours_words(Decimal(str(component["hours"])))))
        if component.get("function_hours"):
            out.append(Msg("{hours} in all from our {function}", function=function,
                           hours=hours_words(Decimal(str(component["function_hours"])))))
        if line.period == "term" and line.weeks:
            out.append(Msg("We expect it to take {weeks} weeks", weeks=line.weeks) if line.fixed_price
                       else Msg("For {weeks} weeks", weeks=line.weeks))
    if line.shared_by > 1:
        out.append(Msg("Shared by {n} people", n=line.shared_by))
    return out


def price_words(line: Line) -> str:
    """What the line costs for its period: "£494.37 a week", "£1,059.69 for the 12 weeks"."""
    money = pounds(line.price)
    if line.period == "week":
        return Msg("{money} a week", money=money)
    if line.period == "year":
        return Msg("{money} a year", money=money)
    if line.period == "term":
        if line.fixed_price:
            return Msg("{money} for the outcome, all included", money=money)
        return Msg("{money} for the {weeks} weeks", money=money, weeks=line.weeks) if line.weeks else \
            Msg("{money} in all", money=money)
    return Msg("{money} once", money=money)


def base_name(name: str, part: OfferedPart | None) -> str:
    """The service's own name: the costing tells two parts of one kind apart by adding the start
    of the advisor's note ("Personal care and support: Baking and…"); the agreement prints the
    note in full under the name instead, so nothing is cut."""
    head, sep, tail = name.partition(": ")
    note = " ".join((part.note if part else "").split())
    if sep and note and note.startswith(tail.rstrip("\u2026").rstrip(" .")):
        return head
    return name


def purpose(part: OfferedPart | None, line: Line) -> str:
    """What a service is for: the outcome, else the advisor's note, else the menu's words."""
    if part is not None:
        for text in (part.outcome, part.note, part.description):
            if text.strip():
                return " ".join(text.split())
    return MANAGEMENT_WORDS if line.part == "management" else ""


def numbered_names(proposal: Proposal, quote: Quote) -> list[str]:
    """Each line's name as a family reads it: numbered, never cut ("2. Personal care and
    support"); "" for the emergency amount, which is not a service."""
    out, n = [], 0
    for line in quote.lines:
        if line.part == "contingency":
            out.append("")
            continue
        n += 1
        out.append(f"{n}. {base_name(line.name, proposal.part(line.component))}")
    return out


@dataclass(frozen=True)
class Item:
    number: int  # the services are numbered, so the working can refer to them
    name: str
    purpose: str
    amount: tuple[str, ...]
    price: str  # for its period: "£494.37 a week"
    line: Line


@dataclass(frozen=True)
class Step:
    label: str
    working: str  # how the amount is reached, like "£540.73 x 52"; "" when it is the amount itself
    amount: Decimal


@dataclass(frozen=True)
class Working:
    steps: tuple[Step, ...]
    total: Decimal

    def adds_up(self) -> bool:
        return sum((s.amount for s in self.steps), ZERO) == self.total


@dataclass(frozen=True)
class Itemised:
    items: tuple[Item, ...]
    by_period: Working  # a week x 52, the fixed-term parts, one-offs, management, emergencies
    by_use: Working  # the support itself, our management charges, emergencies
    quote: Quote

    @property
    def weekly(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.line.period == "week")


def _by_period(quote: Quote, items: tuple[Item, ...]) -> Working:
    weeks = quote.weeks_per_year
    steps: list[Step] = []
    weekly = [i for i in items if i.line.period == "week"]
    if weekly:
        numbers = ", ".join(str(i.number) for i in weekly)
        steps.append(Step(Msg("Every week (services {numbers}), for {weeks} weeks", numbers=numbers, weeks=weeks),
                          Msg("{week} x {weeks}", week=pounds(quote.weekly_ongoing_total), weeks=weeks),
                          quote.weekly_ongoing_total * weeks))
    labels = {"term": N_("Service {n}: {name}, for a set time"), "once": N_("Service {n}: {name}, once"),
              "year": N_("Service {n}: {name}, for a year")}
    for period in ("term", "once", "year"):
        for item in (i for i in items if i.line.period == period):
            steps.append(Step(Msg(labels[period], n=item.number, name=item.name), "", item.line.first_year))
    if quote.contingency:
        steps.append(Step(N_("Kept for emergencies"), "", quote.contingency))
    return Working(tuple(steps), quote.first_year_total)


def _by_use(quote: Quote) -> Working:
    support = sum((line.direct_cost * (quote.weeks_per_year if line.period == "week" else 1)
                   for line in quote.lines if line.part != "contingency"), ZERO)
    pct = quote.percentages
    steps = [Step(N_("The support itself"), "", support),
             Step(Msg("Our management charges ({pct}%)", pct=plain_number(pct.central + pct.regional + pct.surplus)),
                  "", quote.first_year_charges.total)]
    if quote.contingency:
        steps.append(Step(N_("Kept for emergencies"), "", quote.contingency))
    return Working(tuple(steps), quote.first_year_total)


STALE = N_("The accepted proposal's figures have changed since it was accepted. Please price it again and "
           "ask the family to accept the new version.")


def itemise(proposal: Proposal) -> Itemised:
    """The proposal's services and its two workings. Raises ``ProposalError`` when pricing it
    again does not give the quote it was accepted with, or a working does not add up."""
    quote = proposal.price()
    if Decimal(proposal.quote.get("first_year_total", "-1")) != quote.first_year_total or \
            Decimal(proposal.quote.get("weekly_ongoing_total", "-1")) != quote.weekly_ongoing_total:
        raise ProposalError(STALE)
    components = proposal.costing.get("components") or []
    items: list[Item] = []
    for line in quote.lines:
        if line.part == "contingency":
            continue
        part = proposal.part(line.component)
        component = components[line.component] if line.component is not None else {}
        items.append(Item(len(items) + 1, base_name(line.name, part), purpose(part, line),
                          tuple(amount_words(component, line)), price_words(line), line))
    result = Itemised(tuple(items), _by_period(quote, tuple(items)), _by_use(quote), quote)
    if not (result.by_period.adds_up() and result.by_use.adds_up()):
        raise ProposalError(STALE)
    return result
