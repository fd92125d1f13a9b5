"""Helpers for the signing tests: draw on the pad as a person would, move through the steps, and
sign as one of the family or as the advisor."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.ui.helpers import finish

LEFT = Qt.MouseButton.LeftButton


def draw(pad, seed: int = 0) -> None:
    """A made-up signature, drawn with the mouse as a person would: two lines."""
    y = pad.height() // 2
    for stroke in range(2):
        start = QPoint(30 + stroke * 40, y + stroke * 30)
        QTest.mousePress(pad, LEFT, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, 12):
            QTest.mouseMove(pad, QPoint(start.x() + i * 25, start.y() + ((i + seed) % 3 - 1) * 18))
        QTest.mouseRelease(pad, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(start.x() + 300, start.y()))


def draw_a_cross(pad) -> None:
    """A mark: two lines crossing."""
    for a, b in ((QPoint(40, 30), QPoint(140, 130)), (QPoint(140, 30), QPoint(40, 130))):
        QTest.mousePress(pad, LEFT, Qt.KeyboardModifier.NoModifier, a)
        for i in range(1, 10):
            QTest.mouseMove(pad, QPoint(a.x() + (b.x() - a.x()) * i // 10, a.y() + (b.y() - a.y()) * i // 10))
        QTest.mouseRelease(pad, LEFT, Qt.KeyboardModifier.NoModifier, b)


def next_step(qtbot, screen, step: int) -> None:
    assert screen.next.isEnabled(), (screen.message_text(), screen.need.text())
    QTest.mouseClick(screen.next, LEFT)
    qtbot.waitUntil(lambda: screen.step() == step, timeout=15000)


def click(button) -> None:
    QTest.mouseClick(button, LEFT)


def tick(box) -> None:
    """Tick a check box where a person would: on the box itself."""
    QTest.mouseClick(box, LEFT, pos=QPoint(16, box.height() // 2))
    assert box.isChecked()


def change_address(window) -> None:
    service, case_id = window.session.service, window.workspace.case_id
    person = dict(service.load_case(case_id).sections["person"].data)
    person["address"] = person.get("address", "") + "\nFlat 2"
    assert window.workspace.run(lambda service: service.save(case_id, "person", person)).ok


def signing_screen(qtbot, page, *, family: bool = True):
    """Start signing (the version to sign is made and stored in the background) and show it, here
    on its own (family mode is tested in test_family_mode.py)."""
    finish(qtbot, page.start_signing(show=False, family=family))
    screen = page.signing
    assert screen is not None, page.message.text()
    qtbot.addWidget(screen)
    screen.resize(1280, 860)
    screen.show()
    return screen


def sign_as(qtbot, screen, field: str, *, draw_with=draw) -> None:
    """One of the family signs their own box, drawing their signature."""
    from advisor_app.ui.stages.agreement.signing import STEP_AGREE, STEP_CAPACITY, STEP_DONE, STEP_METHOD, STEP_SIGN

    screen.choose(field)
    next_step(qtbot, screen, STEP_CAPACITY)
    assert screen.capacity.question.value() == "own"
    next_step(qtbot, screen, STEP_AGREE)
    agree_and_sign(qtbot, screen, method_step=STEP_METHOD, sign_step=STEP_SIGN, draw_with=draw_with)
    assert screen.step() == STEP_DONE


def agree_and_sign(qtbot, screen, *, method_step: int | None, sign_step: int, draw_with=draw) -> None:
    from advisor_app.ui.stages.agreement.signing import STEP_DONE

    assert not screen.next.isEnabled()  # not before the tick
    tick(screen.confirm)
    if method_step is not None:
        next_step(qtbot, screen, method_step)
    next_step(qtbot, screen, sign_step)
    assert not screen.next.isEnabled()  # nothing drawn yet
    draw_with(screen.pad)
    next_step(qtbot, screen, STEP_DONE)
    assert screen.message_text() == ""


def sign_as_advisor(qtbot, page) -> list[str]:
    """The advisor signs the provider's box (on the advisor's screen); who signed."""
    from advisor_app.ui.stages.agreement.signing import STEP_AGREE, STEP_SIGN

    screen = signing_screen(qtbot, page, family=False)
    assert screen.step() == STEP_AGREE and [s.field for s in screen.waiting()] == ["advisor"]
    agree_and_sign(qtbot, screen, method_step=None, sign_step=STEP_SIGN)
    return list(screen.signed_by)
