"""Backing up from the advisor's window (Tools > Back up…, Ctrl+Shift+B): the encrypted backup is
written in the background where the advisor chose, readable only by them, with none of the demo's
names in it in clear; `advisor-app restore` reads it back whole; a failure is one sentence."""

from __future__ import annotations

import json
import stat

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from advisor_app.cli import main
from advisor_app.ui.screens.backup_dialog import BackupDialog
from tests.ui.helpers import PASSPHRASE, finish
from tests.ui.office_fixtures import SCREENSHOTS


def test_back_up_from_the_window_then_restore_it_on_the_command_line(qtbot, unlocked, tmp_path, monkeypatch,
                                                                      capsys):
    window = unlocked
    action = window.backup_action
    assert action.text() == "&Back up…" and action.shortcut() == QKeySequence("Ctrl+Shift+B") and action.isEnabled()
    opened = []

    def close_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        opened.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_the_dialog)
    action.trigger()  # the menu's (and the shortcut's) way in
    assert isinstance(opened[0], BackupDialog)

    names = sorted(c.person_name for c in window.session.service.list_cases())
    assert "Priya Sharma" in names
    dialog = BackupDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.choose_button.accessibleName() == "Choose where to save it…"
    target = tmp_path / "stick" / "laptop.backup"
    target.parent.mkdir()
    operation = dialog.back_up_to(target)
    assert not dialog.choose_button.isEnabled() and dialog.progress.isVisibleTo(dialog)  # working, in a worker
    finish(qtbot, operation)
    assert dialog.choose_button.isEnabled() and not dialog.progress.isVisibleTo(dialog)
    assert dialog.result_text() == (f"The backup is saved in {target}. It is encrypted: restoring it needs the "
                                    "passphrase you use now, so keep the two apart.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SCREENSHOTS / "backup.png"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["laptop.backup"]  # no temporary file left beside it
    data = target.read_bytes()
    for name in names:
        for encoding in ("utf-8", "utf-16-le"):
            assert name.encode(encoding) not in data, name

    monkeypatch.setenv("ADVISOR_PASS", PASSPHRASE)
    restored = tmp_path / "restored"
    assert main(["restore", str(target), "--store", str(restored), "--passphrase-env", "ADVISOR_PASS"]) == 0
    capsys.readouterr()
    assert main(["cases", "--store", str(restored), "--json", "--passphrase-env", "ADVISOR_PASS"]) == 0
    assert sorted(c["name"] for c in json.loads(capsys.readouterr().out)) == names


def test_a_backup_that_cannot_be_written_says_so_in_one_sentence(qtbot, unlocked, tmp_path):
    dialog = BackupDialog(unlocked.session, unlocked)
    qtbot.addWidget(dialog)
    dialog.show()
    finish(qtbot, dialog.back_up_to(tmp_path / "no such folder" / "laptop.backup"))
    text = dialog.result_text()
    assert text.startswith("The backup was not made: ") and "\n" not in text and "Traceback" not in text, text
    assert dialog.result.objectName() == "inlineError"
    assert not (tmp_path / "no such folder").exists()
