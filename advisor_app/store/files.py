"""Small file-system helpers: private folders, crash-safe whole-file replacement, and file names
made from a case's text that cannot lead anywhere but the folder they are written in."""

from __future__ import annotations

import os
import re
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


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
MAX_PART = 60


def safe_file_part(text: object, fallback: str) -> str:
    """``text`` (a reference, a kind, a label: anything a case or a file it came from holds) as
    part of a file name: ASCII letters and digits in groups joined by single dashes, at most
    ``MAX_PART`` characters, or ``fallback`` when nothing is left. So "../../x", "/tmp/x" and a
    NUL byte all become plain names."""
    cleaned = _UNSAFE.sub("-", str(text)).strip("-")[:MAX_PART].rstrip("-")
    return cleaned or fallback


def is_plain_file_name(name: str) -> bool:
    """One file name with no folder in it: not empty, ".", "..", and no separator or NUL."""
    return (name not in ("", ".", "..") and "/" not in name and "\\" not in name and "\x00" not in name
            and len(name.encode("utf-8")) <= 255)


def write_in_folder(folder: Path, name: str, data: bytes | Iterable[bytes]) -> Path:
    """Write ``folder/name`` privately (0600) and atomically; ``name`` must be a plain file name
    (``ValueError`` otherwise), so the file can only land in ``folder``. An existing file or
    symbolic link of that name is replaced, never followed."""
    if not is_plain_file_name(name):
        raise ValueError(f"not a plain file name: {name!r}")
    path = Path(folder) / name
    atomic_write(path, data)
    return path


def remove_database_files(db_path: Path, *, keep_main: bool = False) -> None:
    """Delete a database file and the WAL/SHM/journal files SQLite keeps beside it."""
    for suffix in SQLITE_SIDE_FILES if keep_main else ("", *SQLITE_SIDE_FILES):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
