"""Family mode: the laptop handed to the family reaches nothing but that case's family views
(every menu, every shortcut and the window's close were tried), going back needs the advisor
(the PIN a few times, then the passphrase), and a long pause hides everything personal and then
comes back to the same page, at the same zoom, with the strokes already drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QTextEdit, QWidget

from advisor_app.domain import journey
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.family_mode import PIN_TRIES
from advisor_app.domain.journey import Stage
from advisor_app.ui.main_window import SHORTCUTS
from tests.ui.helpers import PASSPHRASE, finish, open_stage
from tests.ui.signing_helpers import change_address, click, draw, next_step

PIN = "2468"


@pytest.fixture(autouse=True)
def agreement_stage_built(monkeypatch):
    if not journey.is_built(Stage.AGREEMENT):
        monkeypatch.setitem(journey.RULES, Stage.AGREEMENT, lambda sections: Completeness(done=0, total=1))


def words_on_screen(window) -> str:
    """Every word a person can see (or a screen reader can read) in the window now."""
    out = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        out.append(widget.accessibleName())
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            out.append(widget.text())
        elif isinstance(widget, QTextEdit):
            out.append(widget.toPlainText())
    return "\n".join(out)


def other_cases(window, name: str) -> list[str]:
    return [c.person_name for c in window.case_list.model.cases if name not in c.person_name and c.person_name]


def hand_over_reading(qtbot, window, pin: str = PIN):
    """The advisor presses "Read together", sets a PIN and hands the laptop over."""
    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    click(page.read_button)
    qtbot.waitUntil(lambda: window.current_screen() is window.family, timeout=30000)
    family = window.family
    assert family.stack.currentWidget() is family.hand_over_panel and not family.active
    assert not window.menuBar().isVisible()  # confined already, while the advisor sets the PIN
    panel = family.hand_over_panel
    assert panel.pin.hasFocus()
    QTest.keyClicks(panel.pin, pin)
    QTest.keyClick(panel.pin, Qt.Key.Key_Return)
    assert panel.again.hasFocus()
    QTest.keyClicks(panel.again, pin)
    QTest.keyClick(panel.again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: family.active)
    assert family.view is page.reading and page.reading.isVisible()
    return page


def give_back(qtbot, window, *, pin: str | None = PIN, passphrase: str | None = None) -> None:
    family = window.family
    click(family.give_back_button)
    check = family.check
    assert family.stack.currentWidget() is check
    if pin is not None:
        assert check.asking_pin()
        QTest.keyClicks(check.pin, pin)
        QTest.keyClick(check.pin, Qt.Key.Key_Return)
    else:
        QTest.keyClicks(check.passphrase.line, passphrase)
        QTest.keyClick(check.passphrase.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not family.active, timeout=30000)


def test_handed_over_nothing_else_is_reachable(qtbot, unlocked):
    window = unlocked
    others = other_cases(window, "Priya")
    assert "Tom Brennan" in others
    case_id = window.workspace.case_id
    page = hand_over_reading(qtbot, window)
    case_id = window.workspace.case_id
    family = window.family

    def still_with_the_family() -> None:
        assert window.current_screen() is family and family.active
        assert window.session.is_unlocked and window.workspace.case_id == case_id
        assert QApplication.activeModalWidget() is None  # no dialog opened (settings, sync, about...)
        assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
        seen = words_on_screen(window)
        assert not [name for name in others if name in seen]
        if family.stack.currentWidget() is family.check:  # Esc asked for the advisor: back to reading
            click(family.check.back_button)
        assert family.stack.currentWidget() is family.views

    # every menu action, triggered
    assert all(not action.isEnabled() for action in window.actions() if action.property("action"))
    for action in window.actions():
        action.trigger()
        still_with_the_family()
    # every shortcut the app has (the menus' and the list of keyboard shortcuts), pressed
    keys = {action.shortcut().toString() for action in window.actions() if not action.shortcut().isEmpty()}
    keys |= {k for combo, _words in SHORTCUTS for k in combo} | {"Ctrl+W", "Alt+F4", "Alt+C", "Alt+T", "Alt+H"}
    for keys_text in sorted(keys):
        sequence = QKeySequence(keys_text)
        if sequence.isEmpty():
            continue
        combined = sequence[0]
        target = QApplication.focusWidget() or window
        QTest.keyClick(target, combined.key(), combined.keyboardModifiers())
        still_with_the_family()
    # everything the window can be asked to do, asked
    other = next(c.id for c in window.case_list.model.cases if c.person_name == "Tom Brennan")
    for ask in (window.show_case_list, window.new_case, lambda: window.open_case(other), window.open_settings,
                window.open_sync, window.open_documents, window.open_provider, window.show_shortcuts,
                window.show_about, window.workspace.request_back):
        ask()
        still_with_the_family()
    # closing the window asks for the advisor instead
    window.close()
    assert window.isVisible() and family.stack.currentWidget() is family.check
    assert not family.check.back_button.isHidden() and family.check.asking_pin()
    click(family.check.back_button)
    still_with_the_family()

    # the advisor takes the laptop back with the PIN: the agreement page, where it was
    give_back(qtbot, window)
    assert window.current_screen() is window.workspace and window.workspace.current_stage == Stage.AGREEMENT
    assert window.menuBar().isVisible() and window.new_action.isEnabled() and window.settings_action.isEnabled()
    assert page.reading is None or not page.reading.isVisible()  # the family's view is gone
    assert family.pin_lock is None  # the PIN is forgotten
    assert window.idle.timeout_ms() == window.settings.auto_lock_minutes * 60_000


def test_pin_tries_then_the_passphrase(qtbot, unlocked):
    window = unlocked
    hand_over_reading(qtbot, window)
    family, check = window.family, window.family.check
    click(family.give_back_button)
    for left in range(PIN_TRIES - 1, 0, -1):
        QTest.keyClicks(check.pin, "1357")
        QTest.keyClick(check.pin, Qt.Key.Key_Return)
        assert f"{left} more tr" in check.error_message() and check.asking_pin() and family.active
    QTest.keyClicks(check.pin, "1357")
    QTest.keyClick(check.pin, Qt.Key.Key_Return)
    assert not check.asking_pin() and check.passphrase.isVisible()
    assert "passphrase" in check.error_message()
    assert family.pin_lock is not None and not family.pin_lock.usable
    # the PIN never comes back, not even after going back to the family
    click(check.back_button)
    click(family.give_back_button)
    assert not check.asking_pin()
    QTest.keyClicks(check.passphrase.line, "not the passphrase")
    QTest.keyClick(check.passphrase.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: check.checking is None, timeout=30000)
    assert "not right" in check.error_message() and family.active
    check.passphrase.clear()
    QTest.keyClicks(check.passphrase.line, PASSPHRASE)
    QTest.keyClick(check.passphrase.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not family.active, timeout=30000)
    assert window.current_screen() is window.workspace


def test_a_long_pause_hides_everything_and_loses_nothing(qtbot, unlocked):
    from advisor_app.ui.stages.agreement.signing import STEP_AGREE, STEP_CAPACITY, STEP_METHOD, STEP_SIGN

    window = unlocked
    personal = {"Priya", "Sharma", "Anita", "Bradford", "C-2026"}
    open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    change_address(window)  # so there is a new version for the family to sign
    page = hand_over_reading(qtbot, window)
    family, reading = window.family, page.reading
    assert window.idle.timeout_ms() == window.settings.family_idle_minutes * 60_000 > 5 * 60_000
    reading.go(2)
    reading.step_zoom(+1)
    zoom = reading.zoom()

    window.idle.set_timeout_ms(200)  # the family's idle time, run out
    qtbot.waitUntil(lambda: family.is_paused, timeout=5000)
    assert window.session.is_unlocked and family.active  # paused, not locked: nothing is destroyed
    assert not reading.isVisible()
    seen = words_on_screen(window)
    assert "Paused" in seen and not [word for word in personal if word in seen], seen
    assert family.check.back_button.isHidden()  # only the advisor carries on
    assert not window.idle.running
    QTest.keyClick(family.check.pin, Qt.Key.Key_Escape)
    assert family.is_paused
    QTest.keyClicks(family.check.pin, PIN)
    QTest.keyClick(family.check.pin, Qt.Key.Key_Return)
    assert not family.is_paused and family.active and reading.isVisible()
    assert reading.page() == 2 and reading.zoom() == zoom  # the same page, the same zoom
    assert window.idle.running
    window.idle.set_timeout_ms(window.settings.family_idle_minutes * 60_000)

    # from reading to signing: the family stays with the laptop (no PIN asked again)
    click(reading.sign_button)
    qtbot.waitUntil(lambda: page.signing is not None and family.view is page.signing, timeout=30000)
    screen = page.signing
    assert family.active and family.stack.currentWidget() is family.views
    screen.choose("person")
    next_step(qtbot, screen, STEP_CAPACITY)
    next_step(qtbot, screen, STEP_AGREE)
    screen.confirm.setChecked(True)
    next_step(qtbot, screen, STEP_METHOD)
    next_step(qtbot, screen, STEP_SIGN)
    draw(screen.pad)
    strokes = [list(s) for s in screen.pad.strokes]
    assert len(strokes) == 2

    window.idle.set_timeout_ms(200)
    qtbot.waitUntil(lambda: family.is_paused, timeout=5000)
    seen = words_on_screen(window)
    assert not [word for word in personal if word in seen], seen
    QTest.keyClicks(family.check.pin, PIN)
    QTest.keyClick(family.check.pin, Qt.Key.Key_Return)
    assert screen.isVisible() and screen.step() == STEP_SIGN
    assert screen.pad.strokes == strokes  # every stroke drawn before the pause
    assert screen.next.isEnabled()


def test_cancelling_the_hand_over_keeps_the_laptop(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    finish(qtbot, page.start_signing())
    family = window.family
    assert window.current_screen() is family and family.confining and not family.active
    panel = family.hand_over_panel
    QTest.keyClicks(panel.pin, "1111")
    QTest.keyClicks(panel.again, "1111")
    click(panel.hand_over_button)
    assert "too easy" in panel.error.text() and not family.active
    click(panel.cancel_button)
    assert window.current_screen() is window.workspace and not family.confining
    assert window.menuBar().isVisible() and window.new_action.isEnabled()


def test_the_family_mode_by_keyboard(qtbot, unlocked):
    """Handing over, reading, signing (all but drawing) and giving back, with the keyboard."""
    from advisor_app.domain.agreement import SigningMethod
    from advisor_app.ui.stages.agreement.signing import STEP_AGREE, STEP_CAPACITY, STEP_METHOD, STEP_SIGN, STEP_WHO
    from tests.ui.helpers import focused, key, type_here

    def alt(letter: Qt.Key, until) -> None:
        """Alt and an underlined letter (the button is pressed a moment later, as Qt animates it)."""
        key(letter, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(until, timeout=30000)

    window = unlocked
    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    change_address(window)
    page.read_button.setFocus()
    family = window.family
    alt(Qt.Key.Key_R, lambda: window.current_screen() is family)  # "&Read together"
    assert family.stack.currentWidget() is family.hand_over_panel
    type_here(PIN)
    key(Qt.Key.Key_Tab)
    assert focused() is family.hand_over_panel.again
    type_here(PIN)
    key(Qt.Key.Key_Return)
    assert family.active and focused() is page.reading.view
    key(Qt.Key.Key_PageDown)
    assert page.reading.page() == 1
    alt(Qt.Key.Key_S, lambda: page.signing is not None and page.signing.isVisible())  # "We have read it: &sign"
    screen = page.signing
    assert screen.step() == STEP_WHO and focused() in screen.who.choices.buttons()
    key(Qt.Key.Key_Up)  # the arrow keys choose
    assert screen.who.chosen().field == "person"
    alt(Qt.Key.Key_N, lambda: screen.step() == STEP_CAPACITY)  # "&Next"
    assert focused() in screen.capacity.question.buttons()
    alt(Qt.Key.Key_N, lambda: screen.step() == STEP_AGREE)
    assert focused() is screen.confirm
    key(Qt.Key.Key_Space)
    alt(Qt.Key.Key_N, lambda: screen.step() == STEP_METHOD)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    assert screen.method.choices.value() == SigningMethod.ASSISTED
    screen.method.supporter.setFocus()  # (Tab gets there too; its label's Alt+M as well)
    type_here("Kiran Sharma")
    alt(Qt.Key.Key_N, lambda: screen.step() == STEP_SIGN)
    assert focused() is screen.pad  # drawing needs a finger, a pen or a mouse
    draw(screen.pad)
    screen.pad.setFocus()
    alt(Qt.Key.Key_D, lambda: screen.signed_by == ["Priya Sharma"])  # "&Done: sign"
    alt(Qt.Key.Key_G, lambda: family.stack.currentWidget() is family.check)  # "&Give back to the advisor"
    assert focused() is family.check.pin
    type_here(PIN)
    key(Qt.Key.Key_Return)
    assert not family.active and window.current_screen() is window.workspace
