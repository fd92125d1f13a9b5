"""Errors sync raises. ``str(error)`` is one plain sentence; nothing was changed when one is raised.

Kept apart from the modules that raise them (which pull in cryptography and HTTP), so a screen
can name them without paying for those at launch.
"""

from __future__ import annotations


class SyncError(Exception):
    """Sync cannot go on; ``str()`` says why in plain words, and nothing was changed."""


class BundleError(Exception):
    """A bundle that cannot be used; ``str()`` is the plain reason, and nothing was changed."""


class EnrollmentError(Exception):
    """The enrollment file cannot be used; ``str()`` says why, and nothing was changed."""


class RelayError(Exception):
    """A failure talking to the relay, as a plain sentence; `status` is the HTTP status if any."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status
