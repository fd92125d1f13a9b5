"""The office's day, the rules: what counts as work, in what order, and the office's settings."""

from __future__ import annotations

import datetime as dt

from advisor_app.domain.office_settings import LAPTOP_QUIET_DAYS, SETTINGS
from advisor_app.domain.worklist import (
    SignedCopy, WorkItem, WorkKind, counts, handover_waiting, in_order, laptop_quiet, ready_to_countersign,
)

TODAY = dt.date(2026, 12, 6)


def copy(sha: str, previous: str | None = None, fields=("person", "advisor"), still=("office",)) -> SignedCopy:
    return SignedCopy(sha, "case", TODAY, previous, tuple(fields), None if still is None else tuple(still))


def test_only_the_newest_copy_signed_by_everyone_but_the_office_waits_for_the_countersignature():
    chain = [copy("a", None, ("person",), ("advisor", "office")), copy("b", "a"),  # signed onto: superseded
             copy("c", "b", ("person", "advisor", "office"), ())]  # countersigned
    assert ready_to_countersign(chain) == []
    assert [c.sha256 for c in ready_to_countersign(chain[:2])] == ["b"]
    assert ready_to_countersign([copy("d", still=("person", "office"))]) == []  # the family has not all signed
    assert ready_to_countersign([copy("e", still=None)]) == []  # not checked: the office cannot say


def test_a_handover_waits_until_its_pack_is_acknowledged():
    assert handover_waiting(TODAY, "p1", set())
    assert not handover_waiting(TODAY, "p1", {"p1"})
    assert handover_waiting(TODAY, "p2", {"p1"})  # a new pack after the acknowledgement
    assert not handover_waiting(None, "", set())


def test_a_laptop_is_quiet_after_the_set_days_since_its_last_sync_or_its_enrollment():
    enrolled = TODAY - dt.timedelta(days=40)
    assert laptop_quiet(enrolled, TODAY - dt.timedelta(days=14), TODAY, 14)
    assert not laptop_quiet(enrolled, TODAY - dt.timedelta(days=13), TODAY, 14)
    assert laptop_quiet(enrolled, None, TODAY, 14)  # never synced since
    assert not laptop_quiet(TODAY - dt.timedelta(days=2), None, TODAY, 14)


def test_the_worklist_puts_what_holds_a_person_up_first_and_the_longest_waiting_first():
    items = [WorkItem(WorkKind.REVIEW_DUE, "r", "c1", TODAY, ""), WorkItem(WorkKind.CONFLICT, "x", "c2", None, ""),
             WorkItem(WorkKind.RISK_DECISION, "late", "c3", TODAY, ""),
             WorkItem(WorkKind.RISK_DECISION, "early", "c3", TODAY - dt.timedelta(days=9), ""),
             WorkItem(WorkKind.REVIEW_OVERDUE, "o", "c4", TODAY - dt.timedelta(days=30), "")]
    assert [i.key for i in in_order(items)] == ["o", "early", "late", "x", "r"]
    assert counts(items)[WorkKind.RISK_DECISION] == 2 and counts(items)[WorkKind.HANDOVER] == 0


def test_the_office_setting_is_read_safely_and_checked():
    assert SETTINGS["laptop_quiet_days"] is LAPTOP_QUIET_DAYS
    assert [LAPTOP_QUIET_DAYS.read(v) for v in (None, "21", "0", "many", "999")] == [14, 21, 14, 14, 14]
    assert LAPTOP_QUIET_DAYS.problem(21) is None
    for bad in (0, 366, "21", True, 2.5):
        assert LAPTOP_QUIET_DAYS.problem(bad) == ("“Days without a sync before a laptop is listed” is a whole number "
                                                  "from 1 to 365, so nothing was changed.")
