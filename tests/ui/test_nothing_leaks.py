"""No personal data reaches the disk unencrypted: not the store, its WAL, temp files, settings or caches."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from advisor_app.domain.journey import Stage
from advisor_app.ui.widgets.autosave import SaveState
from tests.ui.helpers import type_here

MARKER = "Zephyrine-Quillfeather-7731"


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_marker_typed_in_the_app_is_in_no_file_on_disk(qtbot, make_window, existing_store, tmp_path,
                                                         monkeypatch):
    from tests.ui.helpers import PASSPHRASE, unlock

    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    for var in ("TMPDIR", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))

    window = make_window(existing_store)
    unlock(qtbot, window, PASSPHRASE)
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_screen() is window.workspace)
    page = window.workspace.pages[Stage.ENQUIRY]
    page.contact_name.control().setFocus()
    type_here(MARKER)
    qtbot.waitUntil(lambda: window.workspace.autosaver.state == SaveState.SAVED, timeout=3000)
    view = window.session.service.load_case(window.workspace.case_id)
    assert view.sections["enquiry"].data["contact_name"] == MARKER  # saved, so it is on disk somewhere

    roots = [existing_store.parent, tmp_path / "config", private_tmp]
    while_open = {root: files_containing(root, MARKER.encode()) for root in roots if root.exists()}
    window.lock()
    after_lock = {root: files_containing(root, MARKER.encode()) for root in roots if root.exists()}
    assert while_open == {root: [] for root in while_open}
    assert after_lock == {root: [] for root in after_lock}
    # The scan does find the marker where it is in plain text.
    (private_tmp / "plain.txt").write_text(MARKER)
    assert files_containing(private_tmp, MARKER.encode()) == [private_tmp / "plain.txt"]
