"""Review dates: 12 months after approval across month ends and leap years, sooner on a change."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_app.domain.risk import Status, add_months, next_review_date, review_due_on, status
from tests.domain.risk_examples import decision, sent

dates = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2199, 12, 31))


@pytest.mark.parametrize(("approved", "due"), [
    (dt.date(2024, 2, 29), dt.date(2025, 2, 28)),  # leap day -> last day of February
    (dt.date(2027, 2, 28), dt.date(2028, 2, 28)),  # not pushed to the new leap day
    (dt.date(2023, 3, 1), dt.date(2024, 3, 1)),
    (dt.date(2026, 1, 31), dt.date(2027, 1, 31)),  # month end stays the month end
    (dt.date(2026, 12, 31), dt.date(2027, 12, 31)),  # across the year end
    (dt.date(2026, 4, 30), dt.date(2027, 4, 30)),
    (dt.date(2099, 2, 28), dt.date(2100, 2, 28)),  # 2100 is not a leap year
])
def test_review_is_due_twelve_months_after_approval(approved, due):
    assert next_review_date(approved) == due


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
    (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
    (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
    (dt.date(2026, 1, 15), -1, dt.date(2025, 12, 15)),
])
def test_adding_months_keeps_the_day_or_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


@given(dates)
def test_twelve_months_is_the_same_day_next_year_or_the_28th_for_a_leap_day(approved):
    due = next_review_date(approved)
    assert (due.year, due.month) == (approved.year + 1, approved.month)
    expected_day = 28 if (approved.month, approved.day) == (2, 29) else approved.day
    assert due.day == expected_day
    assert 365 <= (due - approved).days <= 366


@given(dates, st.integers(min_value=-36, max_value=36))
def test_adding_months_lands_in_the_right_month_on_a_real_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == min(day.day, calendar.monthrange(result.year, result.month)[1])


@given(dates, st.integers(min_value=-400, max_value=800))
def test_a_change_after_approval_makes_the_review_due_that_day(approved, offset):
    change = approved + dt.timedelta(days=offset)
    due = next_review_date(approved, change)
    if change <= approved:
        assert due == next_review_date(approved)  # already considered at the approval
    else:
        assert due == min(change, next_review_date(approved))


@given(st.dates(min_value=dt.date(2026, 3, 10), max_value=dt.date(2030, 12, 31)),
       st.integers(min_value=0, max_value=800))
def test_status_moves_from_approved_to_review_due_to_overdue_and_never_back(approved_on, days):
    a = sent()
    d = decision(on=approved_on)
    due = review_due_on(a, d)
    today = approved_on + dt.timedelta(days=days)
    expected = (Status.OVERDUE if today > due
                else Status.REVIEW_DUE if (due - today).days <= 30
                else Status.APPROVED)
    assert status(a, d, today) == expected
    order = [Status.APPROVED, Status.REVIEW_DUE, Status.OVERDUE]
    assert order.index(status(a, d, today + dt.timedelta(days=1))) >= order.index(expected)


@pytest.mark.parametrize(("approved", "today", "expected"), [
    (dt.date(2024, 2, 29), dt.date(2025, 1, 28), Status.APPROVED),
    (dt.date(2024, 2, 29), dt.date(2025, 1, 29), Status.REVIEW_DUE),  # 30 days before 28 Feb
    (dt.date(2024, 2, 29), dt.date(2025, 2, 28), Status.REVIEW_DUE),
    (dt.date(2024, 2, 29), dt.date(2025, 3, 1), Status.OVERDUE),
    (dt.date(2026, 1, 31), dt.date(2026, 12, 31), Status.APPROVED),
    (dt.date(2026, 1, 31), dt.date(2027, 1, 1), Status.REVIEW_DUE),
    (dt.date(2026, 1, 31), dt.date(2027, 2, 1), Status.OVERDUE),
    (dt.date(2027, 3, 30), dt.date(2028, 2, 29), Status.REVIEW_DUE),  # leap day, 30 days before 30 Mar
    (dt.date(2027, 3, 30), dt.date(2028, 2, 28), Status.APPROVED),
])
def test_status_at_month_and_leap_year_edges(approved, today, expected):
    sent_the_day_before = dt.datetime.combine(approved - dt.timedelta(days=1), dt.time(9), tzinfo=dt.timezone.utc)
    a = sent(sent_for_decision_at=sent_the_day_before.isoformat())
    assert status(a, decision(on=approved), today) == expected
