"""The week: time bands with their own rates, the seven days, and hours as people write them.

Shared by the service design (weekly patterns, hours by band) and the support plan's timetable.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model

HUNDREDTH = Decimal("0.01")


def two_places(message: str) -> AfterValidator:
    """Refuse more than two decimal places, with ``message`` saying how to write the number."""

    def check(value: Decimal) -> Decimal:
        if value != value.quantize(HUNDREDTH):
            raise ValueError(message)
        return value

    return AfterValidator(check)


_HOURS_PLACES = two_places(N_("Please give hours like 7.5 or 7.25."))
DayHours = Annotated[Decimal, Field(ge=0, le=24), _HOURS_PLACES]
WeeklyHours = Annotated[Decimal, Field(ge=0, le=168), _HOURS_PLACES]
TotalHours = Annotated[Decimal, Field(gt=0, le=1000), _HOURS_PLACES]  # a piece of work, start to finish
NightsPerWeek = Annotated[int, Field(ge=0, le=7)]


class Band(StrEnum):
    """Time bands with their own rates (sleep-ins and waking nights are priced per night)."""

    DAY = "day"
    EVENING = "evening"
    WEEKEND = "weekend"
    BANK_HOLIDAY = "bank_holiday"


BAND_LABELS = {
    Band.DAY: N_("Weekday daytime"),
    Band.EVENING: N_("Evening"),
    Band.WEEKEND: N_("Weekend daytime"),
    Band.BANK_HOLIDAY: N_("Bank holiday"),
}

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKEND_DAYS = frozenset({"saturday", "sunday"})
DAY_LABELS = {
    "monday": N_("Monday"),
    "tuesday": N_("Tuesday"),
    "wednesday": N_("Wednesday"),
    "thursday": N_("Thursday"),
    "friday": N_("Friday"),
    "saturday": N_("Saturday"),
    "sunday": N_("Sunday"),
}


class BandHours(Model):
    day: WeeklyHours = Decimal(0)
    evening: WeeklyHours = Decimal(0)
    weekend: WeeklyHours = Decimal(0)
    bank_holiday: WeeklyHours = Decimal(0)

    def by_band(self) -> dict[Band, Decimal]:
        return {band: getattr(self, band.value) for band in Band}

    def total(self) -> Decimal:
        return sum(self.by_band().values(), Decimal(0))


class NightCover(StrEnum):
    NONE = "none"
    SLEEP_IN = "sleep-in"
    WAKING_NIGHT = "waking-night"


class DayPattern(Model):
    daytime: DayHours = Decimal(0)  # 08:00-17:00; at the weekend rate on Saturday and Sunday
    evening: DayHours = Decimal(0)  # 17:00-22:00
    night: NightCover = NightCover.NONE  # the night starting that day, 22:00-08:00


class WeekPattern(Model):
    monday: DayPattern = Field(default_factory=DayPattern)
    tuesday: DayPattern = Field(default_factory=DayPattern)
    wednesday: DayPattern = Field(default_factory=DayPattern)
    thursday: DayPattern = Field(default_factory=DayPattern)
    friday: DayPattern = Field(default_factory=DayPattern)
    saturday: DayPattern = Field(default_factory=DayPattern)
    sunday: DayPattern = Field(default_factory=DayPattern)

    def days(self) -> list[tuple[str, DayPattern]]:
        return [(day, getattr(self, day)) for day in DAYS]
