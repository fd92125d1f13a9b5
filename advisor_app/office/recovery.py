"""A recovery file for an advisor who has forgotten their passphrase.

The office holds each laptop's recovery copy of its store key (sealed to the office's key, sent
with the laptop's bundles, kept in the record of the enrollment). From it the office makes a
recovery file under a one-time code (store/recovery.py): the file goes to the advisor one way,
the code another (read out on the phone), and ``advisor-app recover`` sets a new passphrase.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from advisor_app.domain.messages import N_
from advisor_app.office.errors import OfficeError
from advisor_app.store import recovery
from advisor_app.store.errors import WrongKey
from advisor_app.store.keys import wipe


def recovery_file(enrollment: dict[str, Any] | None, office_key: X25519PrivateKey) -> tuple[bytes, str]:
    """The recovery file for the laptop of ``enrollment`` (the office's record of it) and the code
    that opens it; ``office_key`` is the office's own encryption key."""
    if enrollment is None:
        raise OfficeError(N_("There is no such enrollment."))
    copy = enrollment.get("recovery")
    if not copy:
        raise OfficeError(N_("This laptop has not sent its recovery copy yet: it sends it with its first "
                             "sync after enrolling."))
    try:
        key = recovery.open_copy(copy, office_key)
    except WrongKey:
        raise OfficeError(N_("The recovery copy this laptop sent was not made for this office's key.")) from None
    code = recovery.new_code()
    try:
        return recovery.make_file(key, code, store_id=copy["store_id"], device_id=copy["device_id"]), code
    finally:
        wipe(key)
