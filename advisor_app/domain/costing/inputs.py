"""The costing format: what a costing file (or the app) gives the engine.

Pydantic models with plain-English messages. Money is a string of pounds and pence ("12.50")
so no amount ever passes through a float; hours, nights and percentages are numbers (or
strings) with at most two decimal places. The shipped JSON Schema is generated from these
models (``costing_schema``) and a test keeps the file and the models the same.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from advisor_app.domain.costing.money import PENNY, money_str
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.validation import Model

# Negative amounts get past the pattern on purpose: "-5" is then told "Please enter 0 or more."
# rather than that it is badly written.
MONEY_RE = re.compile(r"^-?\d+(\.\d{1,2})?$")
MAX_MONEY = Decimal("10000000")  # caps keep every product far inside Decimal's 28 digits

Band = Literal["day", "evening", "weekend", "bank_holiday"]
NightKind = Literal["sleep_in", "waking_night"]
RateName = Literal["day", "evening", "weekend", "bank_holiday", "sleep_in", "waking_night"]
Kind = Literal["one-off", "fixed-term", "on-going"]
Mode = Literal["price", "fit-to-budget"]
BudgetPeriod = Literal["week", "year"]
IfLongerRule = Literal["refund-full", "refund-partial", "continue-reduced"]

BANDS: tuple[str, ...] = get_args(Band)
RATE_NAMES: tuple[str, ...] = get_args(RateName)
KINDS: tuple[str, ...] = get_args(Kind)


def one_of(options: tuple[str, ...]) -> BeforeValidator:
    """A choice whose refusal lists the choices (pydantic's own message does not)."""
    listed = ", ".join(options)

    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in options:
            raise ValueError(Msg("Please use one of: {options}.", options=listed))
        return value

    return BeforeValidator(check)


def _parse_money(value: Any) -> Decimal:
    if isinstance(value, str) and MONEY_RE.fullmatch(value.strip()):
        return Decimal(value.strip())
    raise ValueError(N_("Please write money as pounds and pence, like 12.50."))


def _two_places(value: Decimal) -> Decimal:
    if value.quantize(PENNY) != value:
        raise ValueError(N_("Please use no more than two decimal places, like 7.25."))
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    Field(ge=0, le=MAX_MONEY),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "examples": ["12.50"]}),
    PlainSerializer(money_str, return_type=str, when_used="json"),
]


def _amount(le: int, description: str) -> Any:
    """A quantity: a JSON number or a string, 0 to ``le``, at most two decimal places."""
    schema = {
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": le},
            {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"},
        ],
        "description": description,
    }
    return Annotated[
        Decimal,
        Field(ge=0, le=le),
        AfterValidator(_two_places),
        WithJsonSchema(schema),
    ]


Hours = _amount(1000, "Hours, up to two decimal places.")
Nights = _amount(100, "Nights, up to two decimal places.")
ManagementHours = _amount(10000, "Hours a year, up to two decimal places.")
Percent = _amount(100, "A percentage from 0 to 100, up to two decimal places.")
BandName = Annotated[Band, one_of(BANDS)]
RateKey = Annotated[RateName, one_of(RATE_NAMES)]
FunctionName = Annotated[str, Field(min_length=1, max_length=80)]


class Overheads(Model):
    """The standard charges, each a percentage of a period's total direct cost."""

    central_pct: Percent = Field(description="Central management charge, % of direct cost.")
    regional_pct: Percent = Field(description="Regional management charge, % of direct cost.")
    surplus_pct: Percent = Field(description="Surplus, % of direct cost.")


class Budget(Model):
    amount: Money
    period: Annotated[BudgetPeriod, one_of(get_args(BudgetPeriod))] = Field(
        description="week: the amount is a week's budget (a year is amount x weeks_per_year)."
    )


class IfLonger(Model):
    """What happens if a fixed-price outcome takes longer than the estimate."""

    rule: Annotated[IfLongerRule, one_of(get_args(IfLongerRule))]
    amount: Money | None = Field(None, description="refund-partial: the refund in pounds.")
    pct: Percent | None = Field(None, description="refund-partial: the refund as % of the price.")
    hourly_rate: Money | None = Field(None, description="continue-reduced: £ an hour after that.")


class Component(Model):
    """One piece of support. Priced by the hour (and night), or at an all-inclusive fixed price."""

    name: str = Field(min_length=1, max_length=120)
    kind: Annotated[Kind, one_of(KINDS)]
    # On-going and fixed-term support: a typical week.
    hours_per_week: dict[BandName, Hours] | None = Field(
        None, description="Staff hours a week by time band (on-going and fixed-term)."
    )
    sleep_ins_per_week: Nights | None = None
    waking_nights_per_week: Nights | None = None
    function_hours_per_week: Hours | None = Field(
        None, description="Hours a week of the optional_function (on-going and fixed-term)."
    )
    weeks: int | None = Field(None, ge=1, le=520, description="Fixed-term: how many weeks.")
    management_hours_per_year: ManagementHours | None = Field(
        None, description="On-going: hours of management a year, at management_rate."
    )
    # One-off work: its total.
    hours: Hours | None = Field(None, description="One-off: total hours, at the band's rate.")
    band: BandName | None = Field(None, description="One-off: the time band of hours (day).")
    function_hours: Hours | None = Field(
        None, description="One-off: total hours of the optional_function."
    )
    optional_function: FunctionName | None = Field(
        None, description="A name from optional_functions, charged only to people who use it."
    )
    shared_by: int = Field(
        1, ge=1, le=50, description="How many people share this support; each pays 1/n."
    )
    fixed_price: Money | None = Field(
        None,
        description="All-inclusive price, no charges added: a week for on-going support, "
        "the whole outcome for fixed-term, the whole piece of work for one-off.",
    )
    if_longer: IfLonger | None = None


class CostingInput(Model):
    """A costing to price: the rates to use, the components, and the budget to check against."""

    schema_ref: str | None = Field(None, alias="$schema", description="Optional, for editors.")
    title: str | None = Field(None, max_length=200)
    weeks_per_year: int = Field(52, ge=1, le=53)
    rates: dict[RateKey, Money] = Field(
        default_factory=dict,
        description="£ an hour for day, evening, weekend, bank_holiday; £ a night for sleep_in, "
        "waking_night. Only the rates the components use are needed.",
    )
    management_rate: Money | None = Field(None, description="£ an hour of management support.")
    overheads: Overheads
    optional_functions: dict[FunctionName, Money] = Field(
        default_factory=dict, description="Optional-use functions: name to £ an hour."
    )
    components: list[Component] = Field(default_factory=list, max_length=200)
    contingency: Money = Field(Decimal("0"), description="Emergency contingency, £ a year.")
    budget: Budget | None = None
    mode: Annotated[Mode, one_of(get_args(Mode))] = "price"


SCHEMA_ID = "https://advisor-app.invalid/schemas/costing.schema.json"


def costing_schema() -> dict[str, Any]:
    """The JSON Schema shipped as resources/schemas/costing.schema.json."""
    schema = CostingInput.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Costing",
        "description": "A costing for `advisor-app cost`. See docs/costing.md.",
    }
