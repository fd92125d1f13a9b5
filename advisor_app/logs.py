"""The app's log: a small rotating file in the data folder that never holds personal data, and
nothing on the person's terminal or screen.

``setup()`` runs first thing in every entry point (``advisor_app.cli.main``, which also starts the
app and the office screens; the app moves it to its own data folder with ``setup_logging``). Every
logger's records, ours and third-party libraries' (pyHanko, reportlab, uvicorn, SQLAlchemy...),
every Python warning and Qt's own messages (``ui/errors.py``) go to one handler, and nothing to
stderr.

What goes in: the time, the level, where (the logger, file and line) and the message as the code
wrote it. What never goes in: an exception's message or a value it carries (a refused form's
input, a name in a path): an error is logged as its type and the frames it went through, which is
what a developer needs. Our own messages pass no case data (``tests/ui/test_screenshots.py`` walks
the whole demo and searches the log for every demo name). Third-party text can hold personal data
(a library may quote a value it could not parse; pyHanko names a PDF's keys), so
``WithoutPersonalData`` keeps only its message *template*, without its values (a message made
with an f-string is withheld whole: it cannot be told apart from its values).

``RateLimit`` bounds how often the same kind of record is written (the relay's log under a flood).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from advisor_app import paths

OURS = "advisor_app"
LOG_NAME = "advisor-app.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3  # advisor-app.log.1 .. .3: about 2 MB at most
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(module)s:%(lineno)d]: %(message)s"


def log_dir(data_dir: Path | None = None) -> Path:
    return Path(data_dir or paths.data_dir()) / "logs"


def safe_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """An exception as its type and the frames it went through; never its message or values."""
    lines = [f"{exc_type.__module__}.{exc_type.__qualname__} (message not logged)"]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{_short(frame.filename)}", line {frame.lineno}, in {frame.name}')
    return "\n".join(lines)


def _short(filename: str) -> str:
    """Paths from the package or site-packages onwards: a home folder's name stays out."""
    parts = Path(filename).parts
    for anchor in ("advisor_app", "site-packages", "devtools", "tests"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor):])
    return Path(filename).name


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


class PrivateFormatter(logging.Formatter):
    """An exception passed as a value is written as its type; a traceback as its frames only."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # a copy: other handlers see the record as it was
        if isinstance(record.args, tuple):
            record.args = tuple(_value(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _value(arg) for key, arg in record.args.items()}
        exc_info, record.exc_info, record.exc_text = record.exc_info, None, None
        text = super().format(record)
        if exc_info and exc_info[0] is not None:
            text += "\n" + safe_traceback(exc_info[0], exc_info[2])
        return text


def _value(arg: object) -> object:
    return f"<{type(arg).__name__}>" if isinstance(arg, BaseException) else arg


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


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotated log file only its owner can read (0600), in a private folder (0700)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)

    def _open(self):  # noqa: ANN202 (logging's API)
        stream = super()._open()
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return stream


_installed: logging.Handler | None = None


def setup(handler: logging.Handler | None = None, *, level: int = logging.INFO,
          data_dir: Path | None = None) -> logging.Handler:
    """Send every log record and warning to ``handler`` (default: the rotating log file in
    ``data_dir``'s logs folder) through ``WithoutPersonalData``. Calling it again replaces the
    handler it installed before."""
    global _installed
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
    if handler is None:
        try:
            handler = PrivateRotatingFileHandler(log_dir(data_dir) / LOG_NAME)
        except OSError:  # no writable data folder: records are dropped rather than shown
            handler = logging.NullHandler()
    handler.setFormatter(PrivateFormatter(FORMAT))
    handler.addFilter(WithoutPersonalData())
    root.addHandler(handler)
    root.setLevel(level)
    _installed = handler
    logging.captureWarnings(False)  # reinstall: a showwarning swapped since the last call (by
    logging.captureWarnings(True)   # warnings.catch_warnings, say) would otherwise stay in place
    # Without this, a record with no handler at all is printed to stderr by logging.lastResort.
    logging.lastResort = None
    return handler


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    """The app's log in ``<data_dir>/logs/advisor-app.log`` (rotated); returns its path."""
    setup(level=level, data_dir=data_dir)
    logging.getLogger("advisor_app.logs").info("Started (Python %s, %s)", sys.version.split()[0], sys.platform)
    return log_dir(data_dir) / LOG_NAME


def stop_logging() -> None:
    """Close the log file (the app at exit; tests)."""
    global _installed
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        _installed.close()
        _installed = None
    logging.captureWarnings(False)
