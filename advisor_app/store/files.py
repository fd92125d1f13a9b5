"""Small file-system helpers: private folders and crash-safe whole-file replacement."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
DB_FILE_NAME = "store.db"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR_MODE)  # mkdir's mode is masked by umask, and the folder may exist


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` survive a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_for(path: Path) -> Path:
    # Same folder as the target, so os.replace is an atomic rename on one file system.
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def atomic_write(path: Path, chunks: bytes | Iterable[bytes], mode: int = PRIVATE_FILE_MODE) -> None:
    """Write a whole file so that readers see the old content or the new, never a mix."""
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def remove_database_files(db_path: Path, *, keep_main: bool = False) -> None:
    """Delete a database file and the WAL/SHM/journal files SQLite keeps beside it."""
    for suffix in SQLITE_SIDE_FILES if keep_main else ("", *SQLITE_SIDE_FILES):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
