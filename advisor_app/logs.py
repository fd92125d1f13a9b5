"""Where log records and warnings go: the app's log, never the person's terminal or screen.

``setup()`` runs first thing in every entry point (``advisor_app.cli.main``, which also starts the
app and the office screens). It sends every logger's records, ours and third-party libraries'
(pyHanko, reportlab, uvicorn, SQLAlchemy...), and every Python warning to one handler, the app's
log file by default, and nothing to stderr. Third-party text can hold personal data (a library
may quote a value it could not parse, pyHanko names a PDF's keys), so ``WithoutPersonalData``
keeps only what a developer needs from them: the logger, the level, the file and line that
logged, a message *template* without its values (a message made with an f-string is withheld
whole: it cannot be told apart from its values), and for an exception its type and the files
and lines it passed through, not its message.

Other parts plug in here: a rotating log file replaces ``file_handler`` (``setup(handler=...)``),
and an excepthook logs with ``logging.getLogger("advisor_app")`` so it passes the same filter.
``RateLimit`` bounds how often the same kind of record is written (the relay's log under a flood).
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from pathlib import Path
from types import TracebackType

from advisor_app import paths

OURS = "advisor_app"
LOG_FILE_NAME = "advisor-app.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(module)s:%(lineno)d]: %(message)s"


def log_dir() -> Path:
    return paths.data_dir() / "logs"


def _frames(tb: TracebackType | None) -> str:
    return "".join(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
                   for frame in traceback.extract_tb(tb))


class WithoutPersonalData(logging.Filter):
    """Strip the values from records made outside ``advisor_app`` (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == OURS or record.name.startswith(OURS + "."):
            return True
        if record.name == "py.warnings":
            record.msg, record.args = self._warning(record), None
        elif record.args:
            record.msg, record.args = f"{record.msg} (values withheld)", None
        else:
            record.msg = "(message withheld)"
        if record.exc_info and record.exc_info[0] is not None:
            kind, _exc, tb = record.exc_info
            record.exc_text = f"Traceback (message withheld):\n{_frames(tb)}{kind.__module__}.{kind.__qualname__}"
            record.exc_info = None
        record.stack_info = None
        return True

    @staticmethod
    def _warning(record: logging.LogRecord) -> str:
        # captureWarnings formats "file:line: Category: message\n  source line": keep the place
        # and the category, not the message (it may quote a value).
        text = str(record.args[0]) if isinstance(record.args, tuple) and record.args else str(record.msg)
        place, _, rest = text.partition(": ")
        category = rest.partition(":")[0]
        return f"{category} at {place} (message withheld)"


class RateLimit(logging.Filter):
    """At most ``burst`` records of one kind (logger and message template) per ``period`` seconds;
    the first record after a quiet spell says how many were left out."""

    def __init__(self, burst: int = 20, period: float = 60.0) -> None:
        super().__init__()
        self.burst, self.period = burst, period
        self._seen: dict[tuple[str, object], tuple[float, int, int]] = {}  # start, written, dropped

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, record.msg)
        now = time.monotonic()
        start, written, dropped = self._seen.get(kind, (now, 0, 0))
        if now - start >= self.period:
            if dropped:
                record.msg = f"{record.msg} [{dropped} more like this were not logged]"
            start, written, dropped = now, 0, 0
        if written >= self.burst:
            self._seen[kind] = (start, written, dropped + 1)
            return False
        self._seen[kind] = (start, written + 1, dropped)
        if len(self._seen) > 1000:  # a flood of distinct messages must not grow this without end
            self._seen = {kind: self._seen[kind]}
        return True


class PrivateFileHandler(logging.FileHandler):
    """A log file only its owner can read (0600), in a private folder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        super().__init__(path, encoding="utf-8", delay=True)


def file_handler() -> logging.Handler:
    return PrivateFileHandler(log_dir() / LOG_FILE_NAME)


_installed: logging.Handler | None = None


def setup(handler: logging.Handler | None = None, *, level: int = logging.INFO) -> logging.Handler:
    """Send every log record and warning to ``handler`` (default: the app's log file) through
    ``WithoutPersonalData``. Calling it again replaces the handler it installed before."""
    global _installed
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
    if handler is None:
        try:
            handler = file_handler()
        except OSError:  # no writable data folder: records are dropped rather than shown
            handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(WithoutPersonalData())
    root.addHandler(handler)
    root.setLevel(level)
    _installed = handler
    logging.captureWarnings(False)  # reinstall: a showwarning swapped since the last call (by
    logging.captureWarnings(True)   # warnings.catch_warnings, say) would otherwise stay in place
    # Without this, a record with no handler at all is printed to stderr by logging.lastResort.
    logging.lastResort = None
    return handler
