"""Pounds and pence with ``Decimal``: rounding half-up to the penny and fair splitting.

Every figure the family sees is a whole number of pence, so rounding happens once, here, and
splitting a total across lines is done in whole pence so the parts add up exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
# The engine's own arithmetic context, so a caller's thread context (lower precision, other
# rounding) cannot change a price. The input limits keep every figure far inside 28 digits;
# the only rounding that matters is to_penny's, which names its own.
CONTEXT = Context(
    prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)


def exact() -> AbstractContextManager[Context]:
    return localcontext(CONTEXT)


def to_penny(amount: Decimal) -> Decimal:
    """Round to the penny, halves away from zero (10.005 -> 10.01), as families expect."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, pct: Decimal) -> Decimal:
    return to_penny(amount * pct / HUNDRED)


def money_str(amount: Decimal) -> str:
    """Money as a string with exactly two decimals: "1234.50", "-3.00"."""
    return str(to_penny(amount))


def plain_number(value: Decimal) -> str:
    """Hours and percentages as people write them, without trailing zeros: "8", "12.5"."""
    return format(value.normalize(), "f")


def apportion(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (whole pence) in proportion to ``weights`` so the parts add up exactly.

    Largest-remainder method in pence: each part gets the whole pence of its exact share, then
    the pence left over go one each to the parts with the largest remainders; ties go to the
    earlier part, so the result is the same every time. Integer arithmetic, so it is exact.
    """
    pence = int(total.scaleb(2))
    units = [int(w.scaleb(2)) for w in weights]
    whole = sum(units)
    if whole == 0:
        # Nothing to share a charge over; a charge on nothing is nothing.
        return [ZERO for _ in units]
    floors = [pence * u // whole for u in units]
    remainders = [pence * u % whole for u in units]
    left = pence - sum(floors)
    for i in sorted(range(len(units)), key=lambda i: (-remainders[i], i))[:left]:
        floors[i] += 1
    return [Decimal(p) * PENNY for p in floors]
