"""Reusable field types with plain-English validation: names, postcodes, phones, emails, money."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from advisor_app.domain.messages import N_

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
_PHONE = re.compile(r"^\+?[\d\s()\-]{7,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MONEY = re.compile(r"^-?\d{1,9}(\.\d{1,2})?$")


def new_id() -> str:
    return str(uuid.uuid4())


def _postcode(value: str) -> str:
    match = _POSTCODE.match(value.upper().strip())
    if not match:
        raise ValueError(N_("Please enter a UK postcode, like LS6 2AB."))
    return f"{match.group(1)} {match.group(2)}"


def _phone(value: str) -> str:
    if value and not _PHONE.match(value):
        raise ValueError(N_("Please enter a phone number using digits, like 0113 496 0000."))
    return value


def _email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise ValueError(N_("Please enter an email address, like name@example.org."))
    return value


def _money(value: object) -> object:
    """Pounds and pence only: refuse floats (binary fractions) and more than two decimals."""
    if isinstance(value, float):
        raise ValueError(N_("Please write money as pounds and pence, like 12.50."))
    if isinstance(value, (int, Decimal)):
        value = str(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").lstrip("£")
        if not _MONEY.match(text):
            raise ValueError(N_("Please write money as pounds and pence, like 12.50."))
        try:
            return Decimal(text).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValueError(N_("Please write money as pounds and pence, like 12.50.")) from None
    return value


def _not_future(value: dt.date | None) -> dt.date | None:
    # The domain has no clock; "today" is checked against the real date because a future
    # birth or enquiry date is always a typo. Kept here so every form shares the one rule.
    if value is not None and value > dt.date.today():
        raise ValueError(N_("This date is in the future. Please check it."))
    return value


def _plausible_birth(value: dt.date | None) -> dt.date | None:
    if value is not None and value.year < dt.date.today().year - 120:
        raise ValueError(N_("Please check the year of birth."))
    return _not_future(value)


ShortText = Annotated[str, Field(max_length=200)]
Text = Annotated[str, Field(max_length=4000)]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Postcode = Annotated[str, AfterValidator(_postcode)]
Phone = Annotated[str, Field(max_length=30), AfterValidator(_phone)]
Email = Annotated[str, Field(max_length=200), AfterValidator(_email)]
Money = Annotated[Decimal, BeforeValidator(_money), Field(ge=0)]
PastDate = Annotated[dt.date, AfterValidator(_not_future)]
BirthDate = Annotated[dt.date, AfterValidator(_plausible_birth)]
Id = Annotated[str, Field(min_length=1, max_length=64)]
