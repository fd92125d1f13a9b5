"""Third-party libraries never print warnings or tracebacks to a person's terminal: they go to the
app's log (0600), without personal data; and a flood of one kind of line is bounded."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from advisor_app import logs
from tests.office.helpers import OFFICE_USER, new_office

MARKER = "Zebra-Marker-Pendleton"  # stands for personal data in a library's message


@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logs.setup(logging.StreamHandler(stream))
    yield stream
    logging.getLogger().removeHandler(handler)
    logging.captureWarnings(False)


def test_library_records_keep_the_place_and_lose_the_values(captured, capfd):
    library = logging.getLogger("somelibrary.validation")  # (pyhanko itself: the office import test below)
    library.warning("could not read the field %s", MARKER)
    library.warning(f"Multiple definitions for key /{MARKER}")  # an f-string: its values are inside
    try:
        raise ValueError(f"bad value {MARKER}")
    except ValueError:
        library.exception("validation failed for %r", MARKER)
    warnings.warn(f"deprecated use with {MARKER}", UserWarning, stacklevel=1)
    logging.getLogger("advisor_app.sync").info("sent %d changes", 3)  # ours: kept as written

    text = captured.getvalue()
    assert MARKER not in text
    assert "could not read the field %s (values withheld)" in text
    assert "(message withheld)" in text and "[test_logs:" in text  # where it came from
    assert "builtins.ValueError (message not logged)" in text and 'File "tests/test_logs.py"' in text
    assert "UserWarning at" in text
    assert "sent 3 changes" in text
    assert capfd.readouterr() == ("", "")  # nothing on the terminal


def test_a_flood_of_one_kind_of_line_is_bounded():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RateLimit(burst=5, period=3600))
    logger = logging.getLogger("tests.flood")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for n in range(1000):
            logger.warning("Invalid HTTP request received from %s.", n)
        logger.warning("Another kind of line.")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 6 and lines[-1] == "Another kind of line."


def test_office_import_sends_pyhanko_to_the_log_not_the_terminal(tmp_path):
    """The case from the issue: a signed agreement pyHanko complains about, arriving at the office.
    A laptop sends a PDF whose catalog repeats a key named with personal data."""
    from reportlab.pdfgen import canvas

    from advisor_app.services import AdvisorService, sync
    from advisor_app.store.keys import KdfParams

    fast = KdfParams(memory_kib=64, iterations=1, lanes=1)
    office = new_office(tmp_path / "office", "office passphrase 1", kdf=fast)
    laptop = AdvisorService.create(tmp_path / "sam", "kettle harbour lantern", kdf=fast)
    sync.enroll(laptop, office.enroll("Sam").to_bytes())
    case_id = laptop.create_case(first_name="Ruth", last_name="Okafor")
    pdf = io.BytesIO()
    page = canvas.Canvas(pdf)
    page.drawString(100, 100, "agreement")
    page.save()
    duplicated = f"/{MARKER[:6]} 1 /{MARKER[:6]} 2".encode()  # same length as what it replaces
    content = pdf.getvalue().replace(b"/PageMode /UseNone", duplicated.ljust(len(b"/PageMode /UseNone")))
    assert content != pdf.getvalue()
    laptop.store.put_document(case_id=case_id, kind="signed-agreement", title="Agreement", content=content,
                              meta={"reference": "C-2026-0001"})
    (tmp_path / "stick").mkdir()
    sync.sync_folder(laptop, tmp_path / "stick")
    laptop.lock()

    data_dir = tmp_path / "data"
    done = subprocess.run([sys.executable, "-m", "advisor_app", "office", "import", "--office", str(tmp_path / "office"),
                           "--from-folder", str(tmp_path / "stick"), "--user", OFFICE_USER, "--passphrase-env", "OFFICE_PASS"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "OFFICE_PASS": "office passphrase 1", "ADVISOR_APP_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no warning, no traceback
    log = Path(data_dir / "logs" / "advisor-app.log")
    assert os.stat(log).st_mode & 0o777 == 0o600
    text = log.read_text()
    assert "pyhanko" in text and "(message withheld)" in text
    assert MARKER[:6] not in text


def test_qt_messages_go_to_the_log_too(captured, capfd):
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from advisor_app.ui.errors import qt_message

    previous = qInstallMessageHandler(qt_message)  # what run_app and the office app install
    try:
        qWarning(f"QFont: cannot find {MARKER}")
    finally:
        qInstallMessageHandler(previous)
    assert "WARNING qt.default" in captured.getvalue() and MARKER not in captured.getvalue()
    assert capfd.readouterr().err == ""
