"""Communication needs entered on the advisor's screens and flagged on the case; the app in Polish
and in Urdu (mirrored), with Qt's own strings translated and nothing cut off at 1366x768."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from advisor_app import i18n
from advisor_app.domain.journey import Stage
from advisor_app.ui import qt_locale
from advisor_app.ui.screens.case_list import COMMUNICATION_COLUMN
from tests.ui.helpers import choose_in, open_stage, saved, section, unlock
from tests.ui.helpers import PASSPHRASE

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots" / "languages"


def test_the_persons_needs_are_entered_saved_and_flagged_on_the_case_and_in_the_list(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Ngozi", Stage.FIRST_MEETINGS)
    ws = window.workspace
    case_id = ws.case_id
    assert not ws.header.communication.isVisible()
    language = page.person_form.binding("communication.language")
    choose_in(language.control(), "Urdu")
    page.person_form.binding("communication.interpreter").control().click()
    page.person_form.binding("communication.formats").boxes["large_print"].click()
    saved(qtbot, ws)
    needs = section(window, "person")["communication"]
    assert needs["language"] == "ur" and needs["interpreter"] and "large_print" in needs["formats"]
    qtbot.waitUntil(lambda: ws.header.communication.isVisible())
    assert ws.header.communication.text() == "\u2691 Urdu \u00b7 Interpreter \u00b7 Large print"
    assert ws.header.communication.accessibleName() == "Communication needs: Urdu, Interpreter, Large print"
    window.show_case_list()
    model = window.case_list.model
    qtbot.waitUntil(lambda: model.row_of(case_id) >= 0)
    row = model.row_of(case_id)
    assert "Urdu" in model.data(model.index(row, COMMUNICATION_COLUMN))


def test_a_circle_members_needs_are_counted_in_the_flag(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.FIRST_MEETINGS)
    page.show_tab(1)
    card = page.members.cards[1]  # Sophie
    card.form.binding("communication.formats").boxes["bsl"].click()
    saved(qtbot, window.workspace)
    members = section(window, "circle")["members"]
    assert members[1]["communication"]["formats"] == ["bsl"]
    qtbot.waitUntil(lambda: "Circle: 1 with needs" in window.workspace.header.communication.text())


@pytest.fixture
def in_language(qtbot, make_window, existing_store, settings):
    """The main window in a language, unlocked; English again afterwards."""
    made = []

    def make(language: str):
        settings.set("language", language)
        window = make_window(existing_store)
        window.resize(1366, 768)
        unlock(qtbot, window, PASSPHRASE)
        made.append(window)
        return window

    yield make
    qt_locale.set_language(QApplication.instance(), "en")


def _clipped(root) -> list[str]:
    """Labels and buttons whose text is wider than the room they were given (on screen now)."""
    out = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text() or widget.width() < 4:
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        text = widget.text().replace("&", "")
        needed = widget.fontMetrics().horizontalAdvance(text.splitlines()[0] if text else "")
        room = widget.contentsRect().width()
        if needed > room + 2 and not widget.toolTip():
            out.append(f"{type(widget).__name__} {text[:40]!r}: {needed} > {room}")
    return out


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_the_app_in_polish_and_urdu_mirrored_for_urdu_with_nothing_cut_off(qtbot, in_language, language):
    window = in_language(language)
    assert i18n.app_language() == language
    rtl = language == "ur"
    assert QApplication.layoutDirection() == (Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    expected_title = {"pl": "Sprawy", "ur": "کیس"}[language]
    assert any(label.text() == expected_title for label in window.case_list.findChildren(QLabel))
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / f"{language}-case-list.png"))
    assert _clipped(window.case_list) == []
    page = open_stage(window, "Priya", Stage.FIRST_MEETINGS)
    qtbot.waitUntil(lambda: window.workspace.header.communication.isVisible())
    window.grab().save(str(SHOTS / f"{language}-first-meetings.png"))
    assert _clipped(window.workspace.header if hasattr(window.workspace, "header") else window.workspace) == []
    language_box = page.person_form.binding("communication.language")
    assert language_box.control().currentText() == {"pl": "angielski", "ur": "انگریزی"}[language]
    from advisor_app.ui.widgets.forms import ensure_visible

    ensure_visible(page.person_form.binding("communication.notes").row)
    QApplication.processEvents()
    window.grab().save(str(SHOTS / f"{language}-communication-needs.png"))
    assert _clipped(page) == []


def test_qt_own_strings_come_in_polish_and_urdu():
    from PySide6.QtCore import QCoreApplication

    app = QApplication.instance()
    try:
        for language, cancel in (("pl", "Anuluj"), ("ur", "منسوخ کریں")):
            qt_locale.set_language(app, language)
            assert QCoreApplication.translate("QPlatformTheme", "Cancel") == cancel
    finally:
        qt_locale.set_language(app, "en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_menu_of_support_in_urdu_is_translated_mirrored_and_searchable_either_way(qtbot):
    from advisor_app.services.documents import component_menu
    from advisor_app.ui.widgets.menu_picker import MenuPicker

    app = QApplication.instance()
    qt_locale.set_language(app, "ur")
    try:
        picker = MenuPicker(component_menu(), already=["life-skills-training"])
        qtbot.addWidget(picker)
        picker.resize(760, 640)
        picker.show()
        qtbot.waitExposed(picker)
        names = [picker.list.item(i).text() for i in range(picker.list.count())]
        assert "زندگی کی مہارتوں کی تربیت" in names  # Life skills training, from the provider's menu
        picker.search.setText("skills")  # the English name still finds it
        qtbot.waitUntil(lambda: picker.list.count() >= 1)
        assert picker.list.item(0).text() == "زندگی کی مہارتوں کی تربیت"
        SHOTS.mkdir(parents=True, exist_ok=True)
        picker.grab().save(str(SHOTS / "ur-menu-picker.png"))
    finally:
        qt_locale.set_language(app, "en")


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_the_sync_dialog_is_never_narrower_than_its_buttons(qtbot, in_language, language):
    from advisor_app.ui.screens.sync_dialog import SyncDialog

    window = in_language(language)
    dialog = SyncDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(200, dialog.height())  # as narrow as a user could drag it
    QApplication.processEvents()
    assert dialog.width() >= dialog.minimumSizeHint().width()
    assert _clipped(dialog) == []
