"""When a review is due: 12 months after approval (or the latest review), sooner when the
advisor records a change in health or circumstances.

Decision: a recorded change makes the review due *on the day it was recorded*, so the
assessment shows "review due" at once and "overdue" from the next day. A change recorded on
or before the approval or latest review is taken as already considered there.
"""

from __future__ import annotations

import calendar
import datetime as dt

REVIEW_INTERVAL_MONTHS = 12
DUE_SOON_DAYS = 30  # "review due" shows from this many days before the due date


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter (29 Feb -> 28 Feb)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def next_review_date(approved_on: dt.date, change_in_circumstances_on: dt.date | None = None) -> dt.date:
    """``approved_on`` is when the 12-month clock started: the approval, or the latest review."""
    due = add_months(approved_on, REVIEW_INTERVAL_MONTHS)
    if change_in_circumstances_on is not None and change_in_circumstances_on > approved_on:
        due = min(due, change_in_circumstances_on)
    return due


def due_soon_from(due: dt.date) -> dt.date:
    return due - dt.timedelta(days=DUE_SOON_DAYS)
