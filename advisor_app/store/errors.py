"""Errors the store raises. ``str(error)`` is one plain sentence a person can read.

Details for developers (paths, SQLite messages) go on ``error.detail``, never into the message.
"""

from __future__ import annotations

from advisor_app.domain.messages import Msg


class StoreError(Exception):
    message = "Something went wrong with the saved information."

    def __init__(self, message: str | None = None, *, detail: str = "") -> None:
        super().__init__(message or self.message)
        self.detail = detail


class WrongPassphrase(StoreError):
    message = "That passphrase is not right. Nothing has been changed."


class WrongKey(StoreError):
    message = "That key does not open this store. Nothing has been changed."


class StoreNotFound(StoreError):
    message = "There is no saved store here yet."


class StoreExists(StoreError):
    message = "There is already a store here, so nothing has been changed."


class StoreCorrupt(StoreError):
    message = "The store is damaged and cannot be used safely. Please contact the office."


class StoreTooNew(StoreError):
    message = "This store was saved by a newer version of the app. Please update the app first."


class StoreLocked(StoreError):
    message = "The store is locked. Please unlock it with your passphrase."


class BackupInvalid(StoreError):
    message = "This backup file is damaged or incomplete, so it cannot be restored. Nothing has been changed."


class CaseMoved(StoreError):
    """An edit of a case the office moved to another laptop: it is kept here, read-only."""

    message = "This case has moved to another advisor's laptop, so it can no longer be changed here."

    def __init__(self, moved_to: str = "", *, case_id: str = "") -> None:
        super().__init__(Msg("This case has moved to {laptop}, so it can no longer be changed here.",
                             laptop=moved_to) if moved_to else None, detail=case_id)
        self.moved_to = moved_to


class VersionConflict(StoreError):
    message = "This was changed somewhere else after you opened it, so your edit was not saved."

    def __init__(
        self, *, entity: str, entity_id: str, expected: int | None, actual: int | None
    ) -> None:
        super().__init__(
            detail=f"{entity} {entity_id}: base_version {expected}, current version {actual}"
        )
        self.entity = entity
        self.entity_id = entity_id
        self.expected = expected
        self.actual = actual
