"""Service design: support broken into components from the provider's menu, each with its details.

Checking happens at two levels. The model refuses what can never be right (negative hours, a
price with three decimals, details of two kinds at once), so whatever is saved is well formed.
What is not finished yet, or no longer fits the menu (the office changes the menu), is reported
by ``design_problems`` as field messages without stopping a save: the advisor drafts in the
family's home and comes back to it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from advisor_app.domain.components import ComponentKind, ComponentMenu, MenuComponent, Slug, Specialist
from advisor_app.domain.entries import EntryText, Note, UniqueIds
from advisor_app.domain.fields import Id, Money, ShortText, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model, Validation, validate
from advisor_app.domain.week import (
    HUNDREDTH,
    WEEKEND_DAYS,
    Band,
    BandHours,
    NightCover,
    NightsPerWeek,
    TotalHours,
    WeeklyHours,
    WeekPattern,
    two_places,
)

Percent = Annotated[Decimal, Field(gt=0, le=100), two_places(N_("Please give a percentage like 50 or 12.5."))]


class OneOffDetails(Model):
    fixed_price: Money | None = None
    estimated_hours: TotalHours | None = None
    date: dt.date | None = None


class IfLongerRule(StrEnum):
    REFUND_FULL = "refund-full"
    REFUND_PARTIAL = "refund-partial"
    CONTINUE_REDUCED = "continue-reduced"


IF_LONGER_LABELS = {
    IfLongerRule.REFUND_FULL: N_("Refund the fixed price in full"),
    IfLongerRule.REFUND_PARTIAL: N_("Refund part of the fixed price"),
    IfLongerRule.CONTINUE_REDUCED: N_("Carry on at a reduced hourly rate"),
}


class IfLonger(Model):
    """What the agreement promises if a fixed-price outcome takes longer than estimated."""

    rule: IfLongerRule
    refund_amount: Money | None = None  # refund-partial: an amount, or
    refund_percent: Percent | None = None  # ... a percentage of the fixed price
    reduced_hourly_rate: Money | None = None  # continue-reduced


class FixedTermDetails(Model):
    weeks: Annotated[int, Field(ge=1, le=520)] | None = None  # for a fixed price: the expert estimate
    target_outcome: Note = ""
    hours_per_week: BandHours = Field(default_factory=BandHours)
    sleep_ins_per_week: NightsPerWeek = 0  # short breaks are bought by the night
    waking_nights_per_week: NightsPerWeek = 0
    fixed_price_for_outcome: Money | None = None
    if_longer: IfLonger | None = None


class OnGoingDetails(Model):
    """A weekly pattern. Nights are marked on the days they start, so clashes can be found;
    the counts per week are worked out from the marks rather than typed twice."""

    week: WeekPattern = Field(default_factory=WeekPattern)
    bank_holiday_hours_per_week: WeeklyHours = Decimal(0)  # bank holidays fall on no fixed weekday
    live_in: bool = False

    def nights(self, cover: NightCover) -> int:
        return sum(1 for _, day in self.week.days() if day.night == cover)

    @property
    def sleep_ins_per_week(self) -> int:
        return self.nights(NightCover.SLEEP_IN)

    @property
    def waking_nights_per_week(self) -> int:
        return self.nights(NightCover.WAKING_NIGHT)

    def hours_per_week(self) -> BandHours:
        days = self.week.days()
        return BandHours(
            day=sum((d.daytime for name, d in days if name not in WEEKEND_DAYS), Decimal(0)),
            weekend=sum((d.daytime for name, d in days if name in WEEKEND_DAYS), Decimal(0)),
            evening=sum((d.evening for _, d in days), Decimal(0)),
            bank_holiday=self.bank_holiday_hours_per_week,
        )

    def is_empty(self) -> bool:
        """Nothing to cost. Living in is costed from its hours and nights too, so the flag alone is empty."""
        return not (self.hours_per_week().total() or self.sleep_ins_per_week or self.waking_nights_per_week)


DETAIL_FIELDS = {
    ComponentKind.ONE_OFF: "one_off",
    ComponentKind.FIXED_TERM: "fixed_term",
    ComponentKind.ON_GOING: "on_going",
}
Details = OneOffDetails | FixedTermDetails | OnGoingDetails


def _prefixed(prefix: str, errors: dict[str, str]) -> dict[str, str]:
    return {".".join(p for p in (prefix, path) if p): message for path, message in errors.items()}


class ChosenComponent(Model):
    """A component from the menu as chosen for this person. Exactly one of the details is given,
    matching the component's kind on the menu; none while the advisor has only just picked it."""

    id: Id = Field(default_factory=new_id)
    component_id: Slug  # the menu component's id
    one_off: OneOffDetails | None = None
    fixed_term: FixedTermDetails | None = None
    on_going: OnGoingDetails | None = None
    shared_by: Annotated[int, Field(ge=1, le=50)] = 1  # how many people share it, this person included
    notes: Note = ""

    def given_kinds(self) -> list[ComponentKind]:
        return [kind for kind, name in DETAIL_FIELDS.items() if getattr(self, name) is not None]

    @property
    def kind(self) -> ComponentKind | None:
        kinds = self.given_kinds()
        return kinds[0] if len(kinds) == 1 else None

    @property
    def details(self) -> Details | None:
        return getattr(self, DETAIL_FIELDS[self.kind]) if self.kind else None

    def field_rules(self) -> dict[str, str]:
        """Contradictions that can never be right (paths relative to this component)."""
        errors: dict[str, str] = {}
        if len(self.given_kinds()) > 1:
            errors[""] = N_("A part of support is one kind only: one-off, fixed term or on-going.")
        if self.one_off and self.one_off.fixed_price is not None and self.one_off.estimated_hours is not None:
            errors["one_off.estimated_hours"] = N_("Please give a fixed price or estimated hours, not both.")
        rule = self.fixed_term.if_longer if self.fixed_term else None
        if rule and rule.refund_amount is not None and rule.refund_percent is not None:
            errors["fixed_term.if_longer.refund_percent"] = N_("Please give a refund amount or a percentage, not both.")
        price = self.fixed_term.fixed_price_for_outcome if self.fixed_term else None
        if rule and price is not None and rule.refund_amount is not None and rule.refund_amount > price:
            errors["fixed_term.if_longer.refund_amount"] = N_("The refund cannot be more than the fixed price.")
        return errors


def choose(item: MenuComponent) -> ChosenComponent:
    """A newly picked component, with empty details of the kind the menu gives it."""
    empty = {ComponentKind.ONE_OFF: OneOffDetails, ComponentKind.FIXED_TERM: FixedTermDetails,
             ComponentKind.ON_GOING: OnGoingDetails}[item.kind]()
    return ChosenComponent(component_id=item.id, **{DETAIL_FIELDS[item.kind]: empty})


class SpecialistNeed(Model):
    id: Id = Field(default_factory=new_id)
    kind: Specialist
    why: Note = ""


class CannotOffer(Model):
    """Honesty about what the provider cannot do, and where the family was pointed instead."""

    id: Id = Field(default_factory=new_id)
    what: EntryText
    pointed_to: ShortText = ""


class ServiceDesign(Model):
    components: Annotated[list[ChosenComponent], Field(max_length=100), UniqueIds] = Field(default_factory=list)
    specialists: Annotated[list[SpecialistNeed], Field(max_length=20), UniqueIds] = Field(default_factory=list)
    cannot_offer: Annotated[list[CannotOffer], Field(max_length=50), UniqueIds] = Field(default_factory=list)
    notes: Note = ""

    def field_rules(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for i, chosen in enumerate(self.components):
            errors.update(_prefixed(f"components.{i}", chosen.field_rules()))
        seen: set[Specialist] = set()
        for i, need in enumerate(self.specialists):
            if need.kind in seen:
                errors[f"specialists.{i}.kind"] = N_("This specialist is already listed.")
            seen.add(need.kind)
        return errors

    def component(self, chosen_id: str) -> ChosenComponent | None:
        return next((c for c in self.components if c.id == chosen_id), None)


KIND_MISMATCH = {
    ComponentKind.ONE_OFF: N_("On our menu this is a one-off piece of work. Please give one-off details."),
    ComponentKind.FIXED_TERM: N_("On our menu this is bought for a fixed term. Please give fixed-term details."),
    ComponentKind.ON_GOING: N_("On our menu this is on-going support. Please give on-going details."),
}


def component_name(chosen: ChosenComponent, menu: ComponentMenu | None) -> str:
    item = menu.get(chosen.component_id) if menu else None
    return item.name if item else chosen.component_id


def _one_off_problems(d: OneOffDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if d.fixed_price is None and d.estimated_hours is None:
        errors["fixed_price"] = N_("Please give a fixed price or the estimated hours.")
    if d.date is None:
        errors["date"] = N_("Please say when it will happen.")
    return errors


def _fixed_term_problems(d: FixedTermDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    fixed = d.fixed_price_for_outcome is not None
    # Weeks are needed either way: the term itself, or the estimate for reaching the outcome.
    if fixed and d.weeks is None:
        errors["weeks"] = N_("Please say how many weeks the outcome is expected to take, so the agreement can "
                             "say what happens if it takes longer.")
    elif d.weeks is None:
        errors["weeks"] = N_("Please say how many weeks this is for, or how long the outcome is expected to take.")
    if not fixed and not (d.hours_per_week.total() or d.sleep_ins_per_week or d.waking_nights_per_week):
        errors["hours_per_week"] = N_("Please say how many hours a week, by time of day, or give a fixed price "
                                      "for the outcome.")
    if fixed and not d.target_outcome:
        errors["target_outcome"] = N_("Please say what the outcome is, so everyone knows when it is reached.")
    if fixed and d.if_longer is None:
        errors["if_longer"] = N_("Please say what happens if it takes longer: a full or part refund, or "
                                 "carrying on at a reduced rate.")
    rule = d.if_longer
    if rule and not fixed:
        errors["if_longer"] = N_("This only applies when the outcome has a fixed price.")
    elif rule and rule.rule == IfLongerRule.REFUND_PARTIAL and rule.refund_amount is None and rule.refund_percent is None:
        errors["if_longer.refund_amount"] = N_("Please give the amount or the percentage that will be refunded.")
    elif rule and rule.rule == IfLongerRule.CONTINUE_REDUCED and rule.reduced_hourly_rate is None:
        errors["if_longer.reduced_hourly_rate"] = N_("Please give the reduced hourly rate.")
    return errors


def _on_going_problems(d: OnGoingDetails) -> dict[str, str]:
    if d.is_empty():
        return {"week": N_("Please say when this support happens: add hours or nights to the weekly pattern.")}
    return {}


_DETAIL_PROBLEMS = {
    ComponentKind.ONE_OFF: _one_off_problems,
    ComponentKind.FIXED_TERM: _fixed_term_problems,
    ComponentKind.ON_GOING: _on_going_problems,
}


def component_problems(chosen: ChosenComponent, menu: ComponentMenu | None = None) -> dict[str, str]:
    """What still stops this component being costed, as messages keyed by path within it."""
    item = menu.get(chosen.component_id) if menu else None
    if menu and item is None:
        return {"component_id": N_("This is no longer on our menu. Please choose another part of support.")}
    kind = chosen.kind
    if kind is None:
        return {"": N_("Please add the details for this part of support.")}
    if item and item.kind != kind:
        return {DETAIL_FIELDS[kind]: KIND_MISMATCH[item.kind]}
    errors = _prefixed(DETAIL_FIELDS[kind], _DETAIL_PROBLEMS[kind](chosen.details))
    if chosen.shared_by > 1 and _fixed_price(chosen) is not None:
        errors["shared_by"] = N_("A fixed price is what this person pays, so it is not shared. "
                                 "Please price it by the hour to share it.")
    return errors


def _fixed_price(chosen: ChosenComponent) -> Decimal | None:
    details = chosen.details
    if isinstance(details, OneOffDetails):
        return details.fixed_price
    if isinstance(details, FixedTermDetails):
        return details.fixed_price_for_outcome
    return None


def design_problems(design: ServiceDesign, menu: ComponentMenu | None = None) -> dict[str, str]:
    """Everything not finished in the design, as field paths and plain messages."""
    errors: dict[str, str] = {}
    for i, chosen in enumerate(design.components):
        errors.update(_prefixed(f"components.{i}", component_problems(chosen, menu)))
    for i, need in enumerate(design.specialists):
        if not need.why:
            errors[f"specialists.{i}.why"] = N_("Please say why this specialist is needed.")
    for i, gap in enumerate(design.cannot_offer):
        if not gap.pointed_to:
            errors[f"cannot_offer.{i}.pointed_to"] = N_("Please record the organisation the family was pointed to.")
    return errors


def validate_design(data: Any, menu: ComponentMenu | None = None) -> Validation[ServiceDesign]:
    """Strict: well formed *and* finished, e.g. before a proposal is priced."""
    result = validate(ServiceDesign, data)
    if not result.ok:
        return result
    assert result.value is not None
    problems = design_problems(result.value, menu)
    return Validation(errors=problems) if problems else result


class DesignNotReady(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))
        self.errors = errors


def _hours(value: Decimal) -> str:
    return str(value.quantize(HUNDREDTH))


def _weekly(hours: BandHours, sleep_ins: int, waking_nights: int) -> dict[str, Any]:
    return {
        "hours_per_week": {band.value: _hours(h) for band, h in hours.by_band().items() if h},
        "sleep_ins_per_week": sleep_ins,
        "waking_nights_per_week": waking_nights,
    }


def _if_longer(rule: IfLonger) -> dict[str, Any]:
    terms = {"rule": rule.rule.value, "amount": rule.refund_amount, "pct": rule.refund_percent,
             "hourly_rate": rule.reduced_hourly_rate}
    return {key: str(value) for key, value in terms.items() if value is not None}


def _costing_component(chosen: ChosenComponent, menu: ComponentMenu) -> dict[str, Any]:
    """Only the fields that apply to the kind and way of pricing; the engine refuses the others."""
    out: dict[str, Any] = {"name": component_name(chosen, menu), "kind": str(chosen.kind), "shared_by": chosen.shared_by}
    details, price = chosen.details, _fixed_price(chosen)
    if price is not None:
        out["fixed_price"] = str(price)  # Money is held to the penny, so this is always "n.nn"
    if isinstance(details, OneOffDetails) and price is None:
        assert details.estimated_hours is not None  # design_problems said so otherwise
        out |= {"hours": _hours(details.estimated_hours), "band": Band.DAY.value}
    elif isinstance(details, FixedTermDetails):
        out["weeks"] = details.weeks
        if price is None:
            out |= _weekly(details.hours_per_week, details.sleep_ins_per_week, details.waking_nights_per_week)
        elif details.if_longer is not None:
            out["if_longer"] = _if_longer(details.if_longer)
    elif isinstance(details, OnGoingDetails):
        out |= _weekly(details.hours_per_week(), details.sleep_ins_per_week, details.waking_nights_per_week)
    return out


def to_costing_components(design: ServiceDesign, menu: ComponentMenu) -> list[dict[str, Any]]:
    """The design as the costing engine's component list: plain dicts, money and hours as strings,
    and only the fields each component uses (management and optional business functions are
    decided when costing, not in the design).

    Refuses an unfinished design (``DesignNotReady``): a price for half the support would mislead.
    """
    problems = {path: msg for path, msg in design_problems(design, menu).items() if path.startswith("components.")}
    if problems:
        raise DesignNotReady(problems)
    return [_costing_component(chosen, menu) for chosen in design.components]
