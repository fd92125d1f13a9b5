"""Signing that fits people, on screen: large controls (48 pixels or more) on every step, a mark
witnessed by the advisor and a signature with a supporter guiding the hand, each recorded as such
in that signature's evidence with that signer's own capacity answers, and shown in the signed
PDF's boxes (read with pdftotext; the pages are saved to look at)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from advisor_app.domain import journey
from advisor_app.domain.agreement import SigningMethod
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.journey import Stage
from advisor_app.services import agreement
from advisor_app.ui.widgets.choices import MIN_TARGET
from tests.ui.helpers import open_stage
from tests.ui.signing_helpers import (
    change_address, click, draw, draw_a_cross, next_step, sign_as_advisor, signing_screen, tick,
)


@pytest.fixture(autouse=True)
def agreement_stage_built(monkeypatch):
    if not journey.is_built(Stage.AGREEMENT):
        monkeypatch.setitem(journey.RULES, Stage.AGREEMENT, lambda sections: Completeness(done=0, total=1))


def small_controls(screen) -> list[str]:
    """The controls on the step shown that are smaller than a finger."""
    out = []
    for widget in [w for kind in (QAbstractButton, QLineEdit) for w in screen.findChildren(kind)]:
        if widget.isVisible() and (widget.height() < MIN_TARGET or widget.width() < MIN_TARGET):
            out.append(f"{type(widget).__name__} {widget.accessibleName()!r} {widget.width()}x{widget.height()}")
    return out


def test_a_mark_and_a_guided_hand_each_recorded_as_such(qtbot, unlocked, tmp_path):
    from advisor_app.ui.stages.agreement.signing import (
        STEP_AGREE, STEP_CAPACITY, STEP_DONE, STEP_METHOD, STEP_SIGN, STEP_WHO,
    )

    window = unlocked
    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    service = window.session.service
    change_address(window)
    screen = signing_screen(qtbot, page)
    screen.resize(1366, 768)
    qtbot.waitExposed(screen)
    looked: list[str] = []

    def look(step: int) -> None:
        assert screen.step() == step
        qtbot.wait(10)
        assert small_controls(screen) == [], step
        looked.append(str(step))

    # Priya signs for herself, with a mark the advisor watches her make
    look(STEP_WHO)
    screen.who.choices.focus_choice()
    QTest.keyClick(screen.who.choices.button_for("nominated_person"), Qt.Key.Key_Up)  # the arrow keys choose
    assert screen.who.chosen().field == "person"
    next_step(qtbot, screen, STEP_CAPACITY)
    look(STEP_CAPACITY)
    click(screen.capacity.question.button_for("stand_in"))
    look(STEP_CAPACITY)  # the stand-in's name and authority, large too
    click(screen.capacity.question.button_for("own"))
    next_step(qtbot, screen, STEP_AGREE)
    look(STEP_AGREE)
    tick(screen.confirm)
    next_step(qtbot, screen, STEP_METHOD)
    look(STEP_METHOD)
    assert screen.method.choices.values() == list(SigningMethod)
    assert screen.method.choices.value() == SigningMethod.DRAWN
    click(screen.method.choices.button_for(SigningMethod.MARK))
    assert screen.method.witness.isVisible() and "Test Advisor" in screen.method.witness.text()
    next_step(qtbot, screen, STEP_SIGN)
    look(STEP_SIGN)
    assert "make your mark" in screen.sign_step.title.text() and "Witnessed by Test Advisor" in screen.sign_step.how.text()
    draw_a_cross(screen.pad)
    next_step(qtbot, screen, STEP_DONE)

    # Anita signs with her hand guided by Kiran
    next_step(qtbot, screen, STEP_WHO)
    screen.choose("nominated_person")
    next_step(qtbot, screen, STEP_CAPACITY)
    assert screen.capacity.question.value() == "own"  # nothing carried over from Priya
    next_step(qtbot, screen, STEP_AGREE)
    tick(screen.confirm)
    next_step(qtbot, screen, STEP_METHOD)
    assert screen.method.choices.value() == SigningMethod.DRAWN  # Priya's mark is not Anita's
    method = screen.method.choices
    method.focus_choice()
    QTest.keyClick(method.button_for(SigningMethod.DRAWN), Qt.Key.Key_Down)
    QTest.keyClick(method.button_for(SigningMethod.MARK), Qt.Key.Key_Down)
    assert method.value() == SigningMethod.ASSISTED
    assert not screen.next.isEnabled() and "helps to hold the pen" in screen.need.text()
    look(STEP_METHOD)
    screen.method.supporter.setFocus()
    QTest.keyClicks(screen.method.supporter, "Kiran Sharma")
    next_step(qtbot, screen, STEP_SIGN)
    assert "Kiran Sharma guides the hand" in screen.sign_step.how.text()
    draw(screen.pad)
    next_step(qtbot, screen, STEP_DONE)
    look(STEP_DONE)
    assert screen.signed_by == ["Priya Sharma", "Anita Sharma"]

    assert sign_as_advisor(qtbot, page) == ["Test Advisor"]  # apart, on the advisor's screen

    head = agreement.head(service, screen.base_sha)
    report = agreement.verify_stored(service, head.sha256)
    assert report.ok, report.problems
    priya, anita, advisor = (s.evidence for s in report.signatures)
    assert (advisor["method"], advisor["authority"], advisor["signs_for_themselves"]) == ("drawn", "for_provider", None)
    assert (priya["field"], priya["method"], priya["witness_name"], priya["supporter_name"]) == (
        "person", "mark", "Test Advisor", None)
    assert (anita["field"], anita["method"], anita["supporter_name"], anita["witness_name"]) == (
        "nominated_person", "assisted", "Kiran Sharma", None)
    for evidence in (priya, anita):  # each signature carries its own signer's answers
        assert evidence["signs_for_themselves"] is True and evidence["authority"] == "own_capacity"
        assert evidence["on_behalf_of"] is None or evidence["on_behalf_of"] == ""
    assert [d.meta["method"] for d in agreement.chain(service, screen.base_sha)] == ["mark", "assisted", "drawn"]

    # the signed PDF says so in its boxes (and its pages are saved to look at)
    pdf = service.store.document(head.sha256).content
    folder = Path(os.environ.get("ADVISOR_APP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "signed-with-a-mark-and-a-guided-hand.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "A mark, witnessed by Test Advisor" in text
    assert "Helped by Kiran Sharma, who guided the hand" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(folder / "signed-page")], check=True)
    assert len(looked) == 8  # every step looked at
