"""The office's errors people read: one plain sentence each, and nothing was changed."""

from __future__ import annotations


class OfficeError(Exception):
    """An office action that cannot be done; ``str()`` says why, and nothing was changed."""


class OfficeStoreError(Exception):
    """An error an office person can read: ``str(error)`` is one plain sentence."""

    message = "Something went wrong with the office's saved information."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
