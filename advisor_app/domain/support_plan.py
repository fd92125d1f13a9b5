"""The support plan: outcomes in the person's words linked to the support that delivers them, the
weekly timetable built from the service design, and how the person wants to be supported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.entries import MAX_ENTRIES, Entries, EntryText, Note, UniqueIds, Who
from advisor_app.domain.fields import Id, new_id
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.service_design import (
    FixedTermDetails,
    OneOffDetails,
    OnGoingDetails,
    ServiceDesign,
    component_name,
)
from advisor_app.domain.validation import Model
from advisor_app.domain.week import DAY_LABELS, DAYS, BandHours, NightCover


class Outcome(Model):
    id: Id = Field(default_factory=new_id)
    in_my_words: EntryText  # what the person wants, as they say it
    whose_words: Who | None = None
    success_looks_like: Note = ""
    by_when: dt.date | None = None
    component_ids: Annotated[list[Id], Field(max_length=100)] = Field(default_factory=list)  # chosen components


class WantedInSupporters(Model):
    """What the person wants in the people who support them; recruitment draws on it later."""

    qualities: Entries = Field(default_factory=list)
    skills: Entries = Field(default_factory=list)
    shared_interests: Entries = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.qualities or self.skills or self.shared_interests)


class SupportPlan(Model):
    outcomes: Annotated[list[Outcome], Field(max_length=MAX_ENTRIES), UniqueIds] = Field(default_factory=list)
    how_to_support_me_well: Entries = Field(default_factory=list)
    wanted_in_supporters: WantedInSupporters = Field(default_factory=WantedInSupporters)
    what_matters_day_to_day: Entries = Field(default_factory=list)

    def field_rules(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for i, outcome in enumerate(self.outcomes):
            if len(outcome.component_ids) != len(set(outcome.component_ids)):
                errors[f"outcomes.{i}.component_ids"] = N_("The same part of support is linked twice.")
        return errors


# ---- The weekly timetable -------------------------------------------------------------------


class Slot(StrEnum):
    DAYTIME = "daytime"  # the weekend band on Saturday and Sunday
    EVENING = "evening"
    NIGHT = "night"


SLOT_HOURS = {Slot.DAYTIME: Decimal(9), Slot.EVENING: Decimal(5), Slot.NIGHT: Decimal(10)}
SLOT_LABELS = {
    Slot.DAYTIME: N_("Daytime (08:00 to 17:00)"),
    Slot.EVENING: N_("Evening (17:00 to 22:00)"),
    Slot.NIGHT: N_("Night (22:00 to 08:00)"),
}
DAY_HOURS = sum(SLOT_HOURS.values(), Decimal(0))


@dataclass(frozen=True)
class Booking:
    """One component in one cell of the timetable."""

    chosen_id: str
    name: str
    hours: Decimal  # a night cover fills the whole night
    night: NightCover = NightCover.NONE
    live_in: bool = False  # present because someone lives in, whatever the hours
    shared_by: int = 1


@dataclass(frozen=True)
class WeeklyHoursBooking:
    """Fixed-term support given as hours a week, on no fixed day."""

    chosen_id: str
    name: str
    hours_per_week: BandHours
    sleep_ins_per_week: int
    waking_nights_per_week: int


@dataclass(frozen=True)
class DatedBooking:
    chosen_id: str
    name: str
    date: dt.date | None


@dataclass(frozen=True)
class Timetable:
    """Seven days (Monday first) by three slots; on-going support sits in the cells."""

    cells: dict[tuple[str, Slot], tuple[Booking, ...]]
    weekly: tuple[WeeklyHoursBooking, ...] = ()
    one_offs: tuple[DatedBooking, ...] = ()
    has_on_going: bool = False
    bank_holiday_hours_per_week: Decimal = Decimal(0)  # on no fixed day, so in no cell

    def cell(self, day: str, slot: Slot) -> tuple[Booking, ...]:
        return self.cells.get((day, slot), ())

    def slot_hours(self, day: str, slot: Slot) -> Decimal:
        return sum((b.hours for b in self.cell(day, slot)), Decimal(0))

    def day_hours(self, day: str) -> Decimal:
        return sum((self.slot_hours(day, slot) for slot in Slot), Decimal(0))

    def is_empty_day(self, day: str) -> bool:
        return not any(self.cell(day, slot) for slot in Slot)


def _day_bookings(chosen_id: str, name: str, shared_by: int, d: OnGoingDetails) -> dict[tuple[str, Slot], Booking]:
    bookings: dict[tuple[str, Slot], Booking] = {}
    for day, pattern in d.week.days():
        for slot, hours in ((Slot.DAYTIME, pattern.daytime), (Slot.EVENING, pattern.evening)):
            if hours:
                bookings[(day, slot)] = Booking(chosen_id, name, hours, live_in=d.live_in, shared_by=shared_by)
        if pattern.night != NightCover.NONE:
            bookings[(day, Slot.NIGHT)] = Booking(chosen_id, name, SLOT_HOURS[Slot.NIGHT], pattern.night,
                                                  d.live_in, shared_by)
        elif d.live_in:
            # Someone living in is there at night even when no night is charged.
            bookings[(day, Slot.NIGHT)] = Booking(chosen_id, name, Decimal(0), live_in=True, shared_by=shared_by)
    return bookings


def weekly_timetable(design: ServiceDesign, menu: ComponentMenu | None = None) -> Timetable:
    cells: dict[tuple[str, Slot], list[Booking]] = {}
    weekly: list[WeeklyHoursBooking] = []
    one_offs: list[DatedBooking] = []
    bank_holiday = Decimal(0)
    has_on_going = False
    for chosen in design.components:
        name, details = component_name(chosen, menu), chosen.details
        if isinstance(details, OnGoingDetails):
            has_on_going = True
            bank_holiday += details.bank_holiday_hours_per_week
            for key, booking in _day_bookings(chosen.id, name, chosen.shared_by, details).items():
                cells.setdefault(key, []).append(booking)
        elif isinstance(details, FixedTermDetails):
            weekly.append(WeeklyHoursBooking(chosen.id, name, details.hours_per_week,
                                             details.sleep_ins_per_week, details.waking_nights_per_week))
        elif isinstance(details, OneOffDetails):
            one_offs.append(DatedBooking(chosen.id, name, details.date))
    return Timetable(
        cells={key: tuple(bookings) for key, bookings in cells.items()},
        weekly=tuple(weekly),
        one_offs=tuple(sorted(one_offs, key=lambda b: b.date or dt.date.max)),
        has_on_going=has_on_going,
        bank_holiday_hours_per_week=bank_holiday,
    )


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"  # 26, 7.5: as a person writes hours


def timetable_clashes(timetable: Timetable) -> list[Msg]:
    """Plans that cannot all happen: two kinds of night cover, more hours than a slot or a day has."""
    warnings: list[Msg] = []
    for day in DAYS:
        label = DAY_LABELS[day]
        covers = [b.night for b in timetable.cell(day, Slot.NIGHT) if b.night != NightCover.NONE]
        if NightCover.SLEEP_IN in covers and NightCover.WAKING_NIGHT in covers:
            warnings.append(Msg("{day} night has both a sleep-in and a waking night planned; only one is needed.",
                                day=label))
        elif len(covers) > 1 and covers[0] == NightCover.SLEEP_IN:
            warnings.append(Msg("{day} night has {n} sleep-ins planned. Please check they are all needed.",
                                day=label, n=len(covers)))
        elif len(covers) > 1:
            warnings.append(Msg("{day} night has {n} waking nights planned. Please check they are all needed.",
                                day=label, n=len(covers)))
        daytime, evening = timetable.slot_hours(day, Slot.DAYTIME), timetable.slot_hours(day, Slot.EVENING)
        if daytime > SLOT_HOURS[Slot.DAYTIME]:
            warnings.append(Msg("{day} daytime has {hours} hours of support planned; 08:00 to 17:00 is 9 hours.",
                                day=label, hours=_hours(daytime)))
        if evening > SLOT_HOURS[Slot.EVENING]:
            warnings.append(Msg("{day} evening has {hours} hours of support planned; 17:00 to 22:00 is 5 hours.",
                                day=label, hours=_hours(evening)))
        total = timetable.day_hours(day)
        if total > DAY_HOURS:
            warnings.append(Msg("{day} has {hours} hours of support planned; a day has 24.",
                                day=label, hours=_hours(total)))
    return warnings


def timetable_gaps(timetable: Timetable) -> list[Msg]:
    """Days with no support at all, where on-going support has been chosen."""
    if not timetable.has_on_going:
        return []
    return [Msg("{day} has no support planned.", day=DAY_LABELS[day]) for day in DAYS if timetable.is_empty_day(day)]


def timetable_warnings(timetable: Timetable) -> list[Msg]:
    return timetable_clashes(timetable) + timetable_gaps(timetable)


def _short(text: str, limit: int = 60) -> str:
    """Enough of an outcome to recognise it in a message, cut between words."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def _is_delivered(outcome: Outcome, chosen_ids: set[str]) -> bool:
    return bool(outcome.component_ids) and set(outcome.component_ids) <= chosen_ids


def unlinked_outcomes(plan: SupportPlan, design: ServiceDesign) -> list[Outcome]:
    """Outcomes not delivered by the design: no link yet, or a link to support since removed."""
    chosen_ids = {c.id for c in design.components}
    return [o for o in plan.outcomes if not _is_delivered(o, chosen_ids)]


def outcome_warnings(plan: SupportPlan, design: ServiceDesign, menu: ComponentMenu | None = None) -> list[Msg]:
    """Outcomes with no support behind them, and support that delivers no outcome."""
    warnings: list[Msg] = []
    for outcome in unlinked_outcomes(plan, design):
        words = _short(outcome.in_my_words)
        if outcome.component_ids:
            warnings.append(Msg("“{outcome}” is linked to a part of the support that is no longer in the design.",
                                outcome=words))
        else:
            warnings.append(Msg("“{outcome}” is not linked to any part of the support yet.", outcome=words))
    linked = {cid for outcome in plan.outcomes for cid in outcome.component_ids}
    for chosen in design.components:
        if chosen.id not in linked:
            warnings.append(Msg("“{name}” does not help with any outcome yet.", name=component_name(chosen, menu)))
    return warnings
