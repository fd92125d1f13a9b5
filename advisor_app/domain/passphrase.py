"""How strong a passphrase is, in words a person understands; and the one hard minimum."""

from __future__ import annotations

import math

from advisor_app.domain.messages import N_, Msg

MIN_PASSPHRASE_LENGTH = 10

STRENGTH_WORDS = {
    0: N_("Too short"),
    1: N_("Weak"),
    2: N_("Fair"),
    3: N_("Strong"),
    4: N_("Very strong"),
}
STRENGTH_ADVICE = {
    0: N_("Use at least {n} characters. A few unrelated words work well."),
    1: N_("Easy to guess. Try four or more words that have nothing to do with each other."),
    2: N_("Good enough to start. Another word would make it much stronger."),
    3: N_("A good passphrase."),
    4: N_("An excellent passphrase."),
}

_COMMON = {
    "password", "password1", "password12", "password123", "passw0rd", "qwerty", "qwertyuiop",
    "1234567890", "12345678910", "letmein", "iloveyou", "welcome", "admin", "abc123",
    "trustno1", "football", "sunshine", "monkey", "dragon", "baseball", "princess",
}


def passphrase_problem(passphrase: str) -> str | None:
    """The reason a new passphrase cannot be used, or None."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return Msg("Please use a passphrase of at least {n} characters.", n=MIN_PASSPHRASE_LENGTH)
    return None


def passphrase_strength(passphrase: str) -> int:
    """0 too short, 1 weak, 2 fair, 3 strong, 4 very strong: a rough guide, not a guarantee."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return 0
    folded = passphrase.lower().strip()
    if folded in _COMMON or folded.rstrip("0123456789!") in _COMMON:
        return 1
    pool = 0
    pool += 26 if any(c.islower() for c in passphrase) else 0
    pool += 26 if any(c.isupper() for c in passphrase) else 0
    pool += 10 if any(c.isdigit() for c in passphrase) else 0
    pool += 33 if any(not c.isalnum() for c in passphrase) else 0
    bits = len(passphrase) * math.log2(max(pool, 2))
    tokens = passphrase.split()
    if len(tokens) >= 2 and all(t.isalpha() or t.isdigit() for t in tokens):
        # Words from a dictionary: about 17 bits each, however long they are.
        bits = min(bits, sum(17 if t.isalpha() else len(t) * 3.3 for t in tokens))
    if len(set(folded)) <= len(folded) / 3:
        bits /= 2  # "aaaaaaaaaaaa", "abcabcabcabc"
    if folded.isdigit():
        bits = min(bits, 40)
    if bits < 50:
        return 1
    if bits < 65:
        return 2
    if bits < 90:
        return 3
    return 4
