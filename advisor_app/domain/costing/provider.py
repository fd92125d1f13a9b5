"""The provider's default rates and charges (resources/provider/costing.json), and how they
fill in a costing that leaves them out.

A costing section that is given is used exactly as written; a section that is left out comes
whole from the provider's defaults (never merged key by key, so what a file says is what is
priced).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field

from advisor_app.domain.costing.checks import CostingInputError
from advisor_app.domain.costing.inputs import BandName, FunctionName, Money, Overheads
from advisor_app.domain.validation import Model, validate

# The sections a costing may leave to the provider.
DEFAULTED = ("weeks_per_year", "rates", "management_rate", "overheads", "optional_functions")

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "bank_holiday"]
Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")]


class ProviderRates(Model):
    day: Money = Field(description="£ an hour, daytime on weekdays.")
    evening: Money = Field(description="£ an hour, weekday evenings.")
    weekend: Money = Field(description="£ an hour, Saturday and Sunday.")
    bank_holiday: Money = Field(description="£ an hour, any time on a bank holiday.")
    sleep_in: Money = Field(description="£ a night, staff asleep on site and on call.")
    waking_night: Money = Field(description="£ a night, staff awake all night.")


class TimeBand(Model):
    """When a band applies, so a weekly pattern can be turned into hours by band."""

    days: list[Day] = Field(min_length=1)
    start: Clock
    end: Clock


class ProviderDefaults(Model):
    provider: str = Field(min_length=1, max_length=200)
    effective_from: date
    weeks_per_year: int = Field(52, ge=1, le=53)
    rates: ProviderRates
    management_rate: Money
    overheads: Overheads
    optional_functions: dict[FunctionName, Money] = Field(default_factory=dict)
    time_bands: dict[BandName, TimeBand] = Field(default_factory=dict)
    notes: str | None = None


def load_provider_defaults(data: Any) -> ProviderDefaults:
    """Validate the provider's defaults; raises ``CostingInputError`` naming each bad field."""
    result = validate(ProviderDefaults, data)
    if not result.ok:
        raise CostingInputError(result.errors)
    assert result.value is not None
    return result.value


def with_provider_defaults(data: Any, defaults: ProviderDefaults) -> tuple[Any, tuple[str, ...]]:
    """The costing with each section it leaves out taken from ``defaults``, and those sections'
    names. Anything that is not a JSON object is returned as it is, for validation to refuse."""
    if not isinstance(data, dict):
        return data, ()
    filled = tuple(name for name in DEFAULTED if name not in data)
    given = defaults.model_dump(mode="json", include=set(filled))
    return {**data, **given}, filled
