"""The provider's files on disk: where each one is read from, read once while it stays the same,
and the office's new copies installed only once they are proven good.

Each file (``domain/provider_files.py`` lists them) ships in ``resources/provider/``. A copy the
office published (sync) lives in ``<data>/published/`` and is read instead. A new copy is
checked with the file's own loader before it is written; a bad one changes nothing, so the
laptop keeps its last good file and the sync says why. A published copy that no longer loads
(damaged on disk) is passed over for the bundled one, and the log says so.

Not personal data: the organisation's menu, rates and wording, so these are plain files.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from advisor_app import paths
from advisor_app.domain.messages import Msg
from advisor_app.domain.provider_files import FILES, PUBLISHABLE, ProviderFileInvalid, check
from advisor_app.store.files import atomic_write

log = logging.getLogger(__name__)

_cache: dict[str, tuple[tuple[str, int, int], Any]] = {}
_lock = threading.Lock()  # a worker (documents) and the screens may read at once
_installed = 0  # how many times new files were installed (for "what changed", services/changes.py)


def generation() -> int:
    """Moves on each time the office's new files are installed."""
    return _installed


def published_dir() -> Path:
    return paths.data_dir() / "published"


def bundled_path(name: str) -> Path:
    return paths.resource("provider", name)


def path(name: str) -> Path:
    """The file in use: the office's published copy if there is one, else the bundled one."""
    published = published_dir() / name
    if name in PUBLISHABLE and published.is_file():
        return published
    return bundled_path(name)


def _read(name: str, where: Path) -> Any:
    stat = where.stat()
    stamp = (str(where), stat.st_mtime_ns, stat.st_size)
    with _lock:
        hit = _cache.get(name)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    value = FILES[name].parse(where.read_text(encoding="utf-8"))
    with _lock:
        _cache[name] = (stamp, value)
    return value


def load(name: str) -> Any:
    """The file's model (see the registry), read again only when the file changes.

    Raises ``ProviderFileInvalid`` (or ``OSError``) only when the bundled file itself is bad."""
    where = path(name)
    if where != bundled_path(name):
        try:
            return _read(name, where)
        except (OSError, UnicodeError, ProviderFileInvalid) as exc:
            log.warning("The office's %s cannot be read (%s); using the bundled one.", name, exc)
    return _read(name, bundled_path(name))


def install(files: dict[str, str]) -> str | None:
    """Put the office's new files in place: every one is checked first, and any problem keeps
    every file as it was (they go together: a menu and the rates for it). Returns None, or a
    plain sentence saying what was refused and that this laptop keeps the files it had."""
    for name, text in files.items():
        problem = check(name, text)
        if problem:
            return Msg("The office sent {name}, but it could not be used, so this laptop keeps the one it had. "
                       "{problem}", name=name, problem=problem)
    target = published_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        atomic_write(target / name, text.encode("utf-8"))
    global _installed
    with _lock:
        _installed += 1
    return None
