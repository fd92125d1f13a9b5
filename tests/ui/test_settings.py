"""Settings (declared, versioned, atomic), the settings dialog, translation and accessibility."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from advisor_app import i18n, paths
from advisor_app import settings as settings_module
from advisor_app.domain.journey import Stage
from advisor_app.settings import Settings
from advisor_app.ui.screens.settings_dialog import SettingsDialog
from advisor_app.ui.widgets.text import retranslate_all

# -- the settings file -------------------------------------------------------------------------


def test_defaults_and_location():
    s = Settings()
    assert s.path == paths.config_dir() / "settings.json"
    assert (s.auto_lock_minutes, s.text_scale, s.high_contrast, s.language, s.last_store_dir) == (5, 1.0, False, "en", "")


def test_round_trip_is_atomic_and_versioned(tmp_path):
    path = tmp_path / "config" / "settings.json"
    s = Settings(path)
    s.set("auto_lock_minutes", 10)
    s.set("high_contrast", True)
    s.save()
    raw = json.loads(path.read_text())
    assert raw["version"] == settings_module.VERSION and raw["auto_lock_minutes"] == 10
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary file left
    again = Settings.load(path)
    assert again.auto_lock_minutes == 10 and again.high_contrast is True


def test_bad_values_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "auto_lock_minutes": 0, "text_scale": "huge",
                                "high_contrast": "yes", "language": "../../etc", "surprise": 1}))
    s = Settings.load(path)
    assert (s.auto_lock_minutes, s.text_scale, s.high_contrast, s.language) == (5, 1.0, False, "en")
    with pytest.raises(KeyError):
        s.set("surprise", 1)


def test_a_damaged_file_gives_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert Settings.load(path).auto_lock_minutes == 5


def test_upgrade_from_version_1(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"lock_after_seconds": 600, "font_percent": 150, "language": "en"}))
    s = Settings.load(path)
    assert s.auto_lock_minutes == 10 and s.text_scale == 1.5
    s.save()
    assert "lock_after_seconds" not in json.loads(path.read_text())


def test_every_version_has_an_upgrade_step():
    assert sorted(settings_module.UPGRADES) == list(range(2, settings_module.VERSION + 1))


# -- the dialog and applying settings -----------------------------------------------------------


def test_settings_dialog_opens_by_keyboard_and_applies(qtbot, unlocked, settings):
    window = unlocked
    seen: list[SettingsDialog] = []

    def interact():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog)
        dialog.minutes.setValue(12)
        dialog.high_contrast.setChecked(True)
        dialog.text_size.setCurrentIndex(dialog.text_size.findData(1.3))
        dialog.accept()

    QTimer.singleShot(0, interact)
    QTest.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert seen
    assert window.idle.timeout_ms() == 12 * 60_000
    assert settings.high_contrast and settings.text_scale == 1.3
    assert json.loads(settings.path.read_text())["auto_lock_minutes"] == 12
    assert "#000000" in QApplication.instance().styleSheet().upper()  # the high-contrast palette
    window.apply_settings({"high_contrast": False, "text_scale": 1.0})


def test_settings_dialog_has_labelled_controls(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    for control in (dialog.minutes, dialog.text_size, dialog.high_contrast, dialog.language):
        assert control.accessibleName()
    assert dialog.minutes_label.buddy() is dialog.minutes
    assert dialog.values()["auto_lock_minutes"] == 5


def test_text_scale_makes_text_bigger(qtbot, unlocked):
    window = unlocked
    before = QApplication.font().pointSizeF()
    window.apply_settings({"text_scale": 1.5})
    assert QApplication.font().pointSizeF() == pytest.approx(before * 1.5, rel=0.01)
    window.apply_settings({"text_scale": 1.0})
    assert QApplication.font().pointSizeF() == pytest.approx(before, rel=0.01)


# -- translation --------------------------------------------------------------------------------


class Shouting:
    """A stand-in catalogue: every message comes back in capitals, so untranslated text shows."""

    @staticmethod
    def _shout(text: str) -> str:
        return re.sub(r"[^{}]+(?=\{|$)|(?<=\})[^{}]+", lambda m: m.group(0).upper(), text)

    def gettext(self, text: str) -> str:
        return self._shout(text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._shout(singular if n == 1 else plural)


def test_strings_are_translated_when_shown(qtbot, unlocked, monkeypatch):
    window = unlocked
    case = next(c for c in window.case_list.model.cases if c.person_name == "Dan Whitlock")
    window.open_case(case.id, Stage.ENQUIRY)
    page = window.workspace.pages[Stage.ENQUIRY]
    assert page.route.label.text() == "&Who got in touch"

    monkeypatch.setattr(i18n, "_current", Shouting)  # the catalog in use, whatever the language
    retranslate_all(window)
    window.retranslate_self()
    assert page.route.label.text() == "&WHO GOT IN TOUCH"
    assert page.route.combo.itemText(0) == "CHOOSE…"
    assert page.route.value() == "signposter"  # the choice survives re-translation
    assert window.workspace.header.back_button.text().endswith("BACK TO CASES")
    assert window.case_menu.title() == "&CASE"
    item = window.workspace.navigator.item_for(Stage.REVIEWS)
    assert item.toolTip() == "WHAT IS WORKING, AT LEAST ONCE A YEAR."


# -- accessibility ------------------------------------------------------------------------------

INTERACTIVE = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton, QSpinBox)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(widget, QAbstractButton):
            continue
        if not (widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text())):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return missing


@pytest.mark.parametrize("stage, tab", [(Stage.ENQUIRY, None), (Stage.FIRST_MEETINGS, 0),
                                        (Stage.FIRST_MEETINGS, 1), (Stage.FIRST_MEETINGS, 2)])
def test_every_control_has_an_accessible_name(qtbot, unlocked, stage, tab):
    window = unlocked
    case = next(c for c in window.case_list.model.cases if c.person_name == "Tom Brennan")
    window.open_case(case.id, stage)
    page = window.workspace.pages[stage]
    if tab is not None:
        page.show_tab(tab)
    assert unnamed_controls(window) == []


def test_first_run_and_unlock_controls_have_accessible_names(qtbot, make_window, store_dir):
    window = make_window(store_dir)
    assert unnamed_controls(window.first_run) == []
    assert window.first_run.name_label.buddy() is window.first_run.name
    assert unnamed_controls(window.unlock_screen) == []
    assert window.unlock_screen.label.buddy() is window.unlock_screen.passphrase.line


def test_labels_have_mnemonics_that_reach_their_field(qtbot, unlocked):
    window = unlocked
    window.new_case()
    page = window.workspace.pages[Stage.ENQUIRY]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Po&stcode
    assert QApplication.focusWidget() is page.postcode.control()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)  # &Journey
    assert QApplication.focusWidget() is window.workspace.navigator


def test_no_dialog_boxes_for_typos_or_wrong_passphrase(qtbot, unlocked):
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_checkboxes_are_reachable_by_keyboard(qtbot, unlocked):
    window = unlocked
    case = next(c for c in window.case_list.model.cases if c.person_name == "Tom Brennan")
    window.open_case(case.id, Stage.FIRST_MEETINGS)
    page = window.workspace.pages[Stage.FIRST_MEETINGS]
    boxes = [w for w in page.findChildren(QCheckBox) if w.isVisibleTo(page)]
    assert boxes and all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in boxes)
