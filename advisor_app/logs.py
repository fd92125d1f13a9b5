"""The app's log: a small rotating file in the data folder that never holds personal data.

What goes in: the time, the level, where (the logger's name) and the message as the code wrote it.
What never goes in: an exception's message or a value it carries (a refused form's input, a
name in a path): an error is logged as its type and the file, line and function of each frame of
its traceback, which is what a developer needs. A value passed to a log message that is an
exception is written as its type only. Messages themselves are written by this app's code, which
passes no case data to them (``tests/ui/test_log_privacy.py`` walks the whole demo and searches
the log for every demo name).

Third-party warnings (``warnings.warn``) and Qt's own messages (``ui/errors.py``) come here too.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

LOG_NAME = "advisor-app.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3  # advisor-app.log.1 .. .3: about 2 MB at most
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"



def log_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"


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


class PrivateFormatter(logging.Formatter):
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


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Only the user may read the log (like everything else in the data folder)."""

    def _open(self):  # noqa: ANN202 (logging's API)
        stream = super()._open()
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return stream


_handler: logging.Handler | None = None


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``<data_dir>/logs/advisor-app.log`` (rotated), with Python's warnings. Calling it
    again moves the log to the new folder. Returns the log file's path."""
    global _handler
    folder = log_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / LOG_NAME
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    _handler.setFormatter(PrivateFormatter(FORMAT))
    root.addHandler(_handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # third-party warnings to the log, not to a terminal nobody reads
    logging.getLogger("advisor_app.logs").info("Started (Python %s, %s)", sys.version.split()[0], sys.platform)
    return path


def stop_logging() -> None:
    """Close the log file (the app at exit; tests)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None
    logging.captureWarnings(False)
