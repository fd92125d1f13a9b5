"""The errors a screen or a command may catch, from one place, and ``error_text``: the one way
to turn any of them into the sentence a person reads.

The app's own errors carry one plain sentence (an ``N_`` text or a ``Msg``), translated when
shown; details for developers go on ``error.detail`` and to the log, never on screen. Anything
else (a library's error, a bug) is shown as a plain "something went wrong": its details belong in
the log (see ``advisor_app.logs``), where no personal data is written either.
"""

from __future__ import annotations

from pydantic import ValidationError

from advisor_app.domain.provider_files import ProviderFileInvalid
from advisor_app.domain.validation import errors_from
from advisor_app.i18n import _
from advisor_app.store.errors import (
    BackupInvalid, StoreCorrupt, StoreError, StoreExists, StoreLocked, StoreNotFound, StoreTooNew,
    VersionConflict, WrongKey, WrongPassphrase, from_os_error,
)
from advisor_app.sync.errors import BundleError, EnrollmentError, RelayError, SyncError

SOMETHING_WENT_WRONG = "Something went wrong. Please try again."

# What a sync can fail with: each says why, and nothing was lost.
SYNC_FAILURES = (SyncError, BundleError, EnrollmentError, RelayError, StoreError, OSError)


def is_plain(exc: BaseException) -> bool:
    """An error this app raised on purpose, whose message is a sentence for a person."""
    return type(exc).__module__.startswith("advisor_app.") and bool(exc.args) and isinstance(exc.args[0], str) \
        and bool(exc.args[0])


def error_text(exc: BaseException, fallback: str = SOMETHING_WENT_WRONG) -> str:
    """The sentence to show for ``exc``, translated now."""
    if isinstance(exc, ValidationError):  # a model refused what was given: its first plain reason
        return _(next(iter(errors_from(exc).values()), fallback))
    if isinstance(exc, OSError) and exc.strerror:  # a file or a connection: the system's reason
        return _("{problem} ({reason}).", problem=_("The file or the connection could not be used"),
                 reason=exc.strerror)
    if is_plain(exc):
        return _(exc.args[0])
    return _(fallback)


__all__ = [
    "BackupInvalid", "BundleError", "EnrollmentError", "ProviderFileInvalid", "RelayError", "SOMETHING_WENT_WRONG",
    "SYNC_FAILURES", "StoreCorrupt", "StoreError", "StoreExists", "StoreLocked", "StoreNotFound", "StoreTooNew",
    "SyncError", "VersionConflict", "WrongKey", "WrongPassphrase", "error_text", "from_os_error", "is_plain",
]
