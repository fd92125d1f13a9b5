"""Family mode: what the laptop lets the family do while they hold it, and how it goes back to
the advisor.

When the advisor hands the laptop over (to read the agreement together, to sign), the app is
confined to that case's family-facing views. Everything else the window can do is refused until
the advisor is back: by their passphrase, or by a short PIN the advisor set when handing over.

The PIN only resumes the unlocked session on this screen. It never opens the store and nothing
is wrapped with it: ``PinLock`` keeps a salted, slow hash of it in memory only (never on disk),
allows ``PIN_TRIES`` wrong tries and then forgets the hash, so only the passphrase is left.

Pure (no Qt, no I/O): the caller gives the salt (random bytes) and asks these rules.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from enum import StrEnum

from advisor_app.domain.messages import N_, Msg

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
PIN_TRIES = 3  # wrong PINs before the passphrase is needed
SALT_BYTES = 16
# scrypt, as slow as a screen can wait for (tens of milliseconds): the hash lives in memory only.
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}


class Action(StrEnum):
    """Everything the app's window lets a person do, named so family mode can answer for each."""

    # the family's views of the case being read and signed
    READ = "read"  # the agreement page by page, zoom, read aloud
    SIGN = "sign"  # the family's signatures, one person at a time
    GIVE_BACK = "give_back"  # ask for the advisor (PIN or passphrase)
    # the advisor's
    CASE_LIST = "case_list"
    OPEN_CASE = "open_case"
    NEW_CASE = "new_case"
    CASE_STAGES = "case_stages"  # the journey, any stage of the case, moving on
    DOCUMENTS = "documents"
    SETTINGS = "settings"
    ORGANISATION = "organisation"
    SYNC = "sync"
    BACKUP = "backup"
    LOCK = "lock"
    QUIT = "quit"  # the menu's Quit and closing the window
    HELP = "help"  # the shortcuts list and About


FAMILY_ACTIONS = frozenset({Action.READ, Action.SIGN, Action.GIVE_BACK})


def allows(family_mode: bool, action: Action) -> bool:
    """Whether ``action`` may happen now: everything for the advisor, only the family's views
    (and asking for the advisor) while the family holds the laptop."""
    return not family_mode or action in FAMILY_ACTIONS


def idle_minutes(family_mode: bool, advisor_minutes: int, family_minutes: int) -> int:
    """Minutes without a touch before the screen locks (the advisor) or pauses (the family). The
    family's limit is never shorter than the advisor's: reading together is slow."""
    return max(family_minutes, advisor_minutes) if family_mode else advisor_minutes


# -- the PIN ---------------------------------------------------------------------------------------
def pin_problem(pin: str, again: str | None = None) -> str | None:
    """Why ``pin`` cannot be the PIN for handing back (None when it can). ``again`` is the second
    typing, when there is one."""
    if not (pin.isascii() and pin.isdigit()) or not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return Msg("A PIN is {low} to {high} numbers.", low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if len(set(pin)) == 1 or steps in ({1}, {-1}):
        return N_("That PIN is too easy to guess (like 1111 or 1234). Please choose another.")
    if again is not None and again != pin:
        return N_("The two PINs are not the same.")
    return None


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, **_SCRYPT)


class PinAnswer(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"  # tries are left
    USE_PASSPHRASE = "use_passphrase"  # no PIN was set, or the tries ran out


@dataclass
class PinLock:
    """The PIN that resumes this unlocked session, in memory only: a salted slow hash and the
    tries left. After ``PIN_TRIES`` wrong PINs the hash is forgotten: the passphrase is needed."""

    _salt: bytes = field(repr=False)
    _digest: bytes | None = field(repr=False)
    tries_left: int = PIN_TRIES

    @classmethod
    def make(cls, pin: str, salt: bytes) -> "PinLock":
        """Raises ``ValueError`` with the reason when ``pin`` cannot be used."""
        problem = pin_problem(pin)
        if problem:
            raise ValueError(problem)
        if len(salt) < SALT_BYTES:
            raise ValueError("the salt is too short")
        return cls(bytes(salt), _hash(pin, salt))

    @property
    def usable(self) -> bool:
        return self._digest is not None and self.tries_left > 0

    def check(self, pin: str) -> PinAnswer:
        if not self.usable:
            return PinAnswer.USE_PASSPHRASE
        typed = pin.strip()
        right = typed.isascii() and typed.isdigit() and hmac.compare_digest(_hash(typed, self._salt), self._digest)
        if right:
            self.tries_left = PIN_TRIES
            return PinAnswer.RIGHT
        self.tries_left -= 1
        if self.tries_left <= 0:
            self.forget()
            return PinAnswer.USE_PASSPHRASE
        return PinAnswer.WRONG

    def forget(self) -> None:
        """Nothing is left to try (the tries ran out, or the advisor took the laptop back)."""
        self._digest = None
        self.tries_left = 0

