"""The "What you are agreeing to" step of signing: each service whole (never cut), with what it is
for, how much a week and what it costs; the first year added up as the printed agreement adds it
up; the words explained. Looked at, at 1366x768."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from advisor_app.domain import journey
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.journey import Stage
from advisor_app.domain.proposals import pounds
from advisor_app.services import costing
from tests.ui.helpers import finish, open_stage

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def agreement_stage_built(monkeypatch):
    if not journey.is_built(Stage.AGREEMENT):
        monkeypatch.setitem(journey.RULES, Stage.AGREEMENT, lambda sections: Completeness(done=0, total=1))


def test_the_family_sees_every_service_whole_the_working_and_the_words(qtbot, unlocked, tmp_path):
    from advisor_app.ui.stages.agreement.signing import STEP_AGREE, STEP_CAPACITY

    window = unlocked
    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    service, case_id = window.session.service, window.workspace.case_id
    # Priya has moved: the signed agreement no longer matches, so a new version is signed again.
    person = service.load_case(case_id).sections["person"].data
    assert service.save(case_id, "person", {**person, "address": "12 Oak Road, Bradford"}).ok
    finish(qtbot, page.start_signing(show=False))
    screen = page.signing
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    screen.choose("person")
    QTest.mouseClick(screen.next, LEFT)
    qtbot.waitUntil(lambda: screen.step() == STEP_CAPACITY)
    QTest.mouseClick(screen.next, LEFT)
    qtbot.waitUntil(lambda: screen.step() == STEP_AGREE)

    shown = screen.summary.texts()
    joined = " ".join(shown)
    assert "\u2026" not in joined  # nothing cut
    assert "1. Personal care and support" in shown and "2. Personal care and support" in shown
    assert any(t.startswith("What it is for: Baking and getting out in the day; Friday evening and the night at "
                            "home") for t in shown)
    assert "\u2022 3 hours a week in the evening" in shown and "\u2022 Shared by 3 people" in shown

    proposal = next(p for p in costing.list_proposals(service, case_id) if p.status == "accepted")
    total = Decimal(proposal.quote["first_year_total"])
    amounts = [Decimal(t[1:].replace(",", "")) for t in shown if t.startswith("£") and " " not in t]
    end = amounts.index(total) + 1  # two workings, each ending in the total
    by_period, by_use = amounts[:end], amounts[end:]
    assert sum(by_period[:-1]) == by_period[-1] == total
    assert len(by_use) >= 3 and sum(by_use[:-1]) == by_use[-1] == total
    assert f"£{proposal.quote['weekly_ongoing_total']} x 52" in joined.replace(",", "") or \
        f"{pounds(Decimal(proposal.quote['weekly_ongoing_total']))} x 52" in joined
    assert any(t.startswith("Nominated person: Someone you choose") for t in shown)
    assert any(t.startswith("Sleep-in: ") for t in shown)  # a word the summary uses, explained

    # at 1366x768 the words wrap inside the screen: no label wider than the reading column
    for label in screen.summary.findChildren(type(screen.statement)):
        assert label.width() <= screen.width(), label.text()
    # saved to look at: ADVISOR_APP_SCREENSHOTS=folder keeps it
    folder = Path(os.environ.get("ADVISOR_APP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert screen.grab().save(str(folder / "agreeing-to-1366x768.png"))
    area = screen.summary.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    bar = area.verticalScrollBar()
    for name, value in (("middle", bar.maximum() // 2), ("end", bar.maximum())):
        bar.setValue(value)
        assert screen.grab().save(str(folder / f"agreeing-to-1366x768-{name}.png"))
