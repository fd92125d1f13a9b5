"""Family mode's rules: what the laptop allows while the family holds it, the family's idle
time, and the PIN that only resumes the session (a few tries, then the passphrase)."""

from __future__ import annotations

import os

import pytest

from advisor_app.domain.family_mode import (
    FAMILY_ACTIONS, PIN_TRIES, Action, PinAnswer, PinLock, allows, idle_minutes, pin_problem,
)

SALT = os.urandom(16)


def test_the_family_reaches_only_their_views_and_the_advisor():
    assert FAMILY_ACTIONS == {Action.READ, Action.SIGN, Action.GIVE_BACK}
    for action in Action:
        assert allows(False, action)  # the advisor: everything
        assert allows(True, action) == (action in FAMILY_ACTIONS)
    for action in (Action.CASE_LIST, Action.OPEN_CASE, Action.NEW_CASE, Action.SETTINGS, Action.SYNC,
                   Action.DOCUMENTS, Action.LOCK, Action.QUIT, Action.HELP, Action.ORGANISATION, Action.CASE_STAGES,
                   Action.BACKUP):
        assert not allows(True, action)


def test_the_familys_idle_time_is_never_shorter_than_the_advisors():
    assert idle_minutes(False, advisor_minutes=5, family_minutes=20) == 5
    assert idle_minutes(True, advisor_minutes=5, family_minutes=20) == 20
    assert idle_minutes(True, advisor_minutes=30, family_minutes=20) == 30


@pytest.mark.parametrize("pin, again, problem", [
    ("2468", None, None),
    ("97531864", "97531864", None),
    ("246", None, "4 to 8 numbers"),
    ("123456789", None, "4 to 8 numbers"),
    ("24a8", None, "4 to 8 numbers"),
    ("２４６８", None, "4 to 8 numbers"),  # full-width digits are not ASCII
    ("", None, "4 to 8 numbers"),
    ("1111", None, "too easy"),
    ("1234", None, "too easy"),
    ("9876", None, "too easy"),
    ("2468", "2469", "not the same"),
])
def test_a_pin_is_a_few_numbers_not_too_easy(pin, again, problem):
    found = pin_problem(pin, again)
    assert (found is None) if problem is None else (problem in found)


def test_the_right_pin_resumes_and_resets_the_tries():
    lock = PinLock.make("2468", SALT)
    assert lock.usable and lock.tries_left == PIN_TRIES
    assert lock.check("1357") == PinAnswer.WRONG and lock.tries_left == PIN_TRIES - 1
    assert lock.check(" 2468 ") == PinAnswer.RIGHT and lock.tries_left == PIN_TRIES


def test_after_the_last_wrong_try_only_the_passphrase_is_left():
    lock = PinLock.make("2468", SALT)
    answers = [lock.check(pin) for pin in ("1357", "abcd", "")]
    assert answers == [PinAnswer.WRONG, PinAnswer.WRONG, PinAnswer.USE_PASSPHRASE]
    assert not lock.usable
    assert lock.check("2468") == PinAnswer.USE_PASSPHRASE  # even the right one: it is forgotten


def test_the_pin_is_kept_only_as_a_salted_slow_hash():
    lock = PinLock.make("2468", SALT)
    other = PinLock.make("2468", os.urandom(16))
    held = [v for v in vars(lock).values() if isinstance(v, (bytes, str))]
    assert all(b"2468" not in (v if isinstance(v, bytes) else v.encode()) for v in held)
    assert lock._digest != other._digest  # salted
    assert "2468" not in repr(lock) and "_digest" not in repr(lock)
    lock.forget()
    assert lock._digest is None and lock.check("2468") == PinAnswer.USE_PASSPHRASE
    with pytest.raises(ValueError, match="too easy"):
        PinLock.make("0000", SALT)
    with pytest.raises(ValueError):
        PinLock.make("2468", b"short")
