"""Errors the store raises. ``str(error)`` is one plain sentence a person can read.

Details for developers (paths, SQLite messages) go on ``error.detail``, never into the message.
"""

from __future__ import annotations

import errno
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


class KeyFileMissing(StoreError):
    # Not a StoreNotFound: the store is here, and must never be mistaken for "start a new one".
    message = ("The store's key file (store.key) is missing beside its database, so the store cannot "
               "be opened. Restore it from a backup, or ask the office for a recovery file.")


class DatabaseMissing(StoreError):
    message = ("The store's database (store.db) is missing beside its key file, so the store cannot "
               "be opened. Restore it from a backup.")


class StoreReadOnly(StoreError):
    message = ("The store's folder cannot be written to (the disk is read-only or you may not change "
               "that folder), so the store cannot be opened. Nothing has been changed.")


class FolderNotWritable(StoreError):
    message = ("That folder cannot be written to (the disk is read-only or you may not change it). "
               "Nothing has been changed.")


class DiskFull(StoreError):
    message = ("The disk is full, so this could not be saved. Everything saved before is safe: free "
               "some space and try again.")


class KeyFileRefused(StoreError):
    message = ("The key file asks for key settings far beyond what this app uses (memory, time or "
               "lanes), so it was not used: it may have been tampered with.")


class StoreExists(StoreError):
    message = "There is already a store here, so nothing has been changed."


class StoreCorrupt(StoreError):
    message = "The store is damaged and cannot be used safely. Please contact the office."


class StoreDamaged(StoreCorrupt):
    """Pages of the database fail their check; ``pages`` says how many."""

    def __init__(self, pages: int = 1, *, detail: str = "") -> None:
        super().__init__(f"Part of the store is damaged ({pages} page{'s' if pages != 1 else ''} cannot be "
                         "read safely), so it cannot be used. `advisor-app salvage` copies every record "
                         "still readable into a new store; please contact the office.", detail=detail)
        self.pages = pages


class KeyOutdated(StoreCorrupt):
    message = ("This key file and this database do not belong together (one is from before the store's "
               "key was changed), so the store cannot be opened. Use the key file that came with the "
               "database, or a recovery file from the office.")


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


def from_os_error(exc: OSError, *, store_folder: bool = True) -> StoreError:
    """The plain error for a failed file operation: a full disk, a read-only folder, or (for
    anything else) the general one with the system's words kept in ``detail``."""
    detail = f"{exc.filename or ''}: {exc.strerror or exc}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(detail=detail)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreReadOnly(detail=detail) if store_folder else FolderNotWritable(detail=detail)
    return StoreError(detail=detail)
