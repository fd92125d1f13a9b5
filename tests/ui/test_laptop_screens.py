"""Screens that fit a laptop, at 1366x768 and 1280x720: the header and banners above a stage take
at most a quarter of the height (with a case's alerts showing, and in the risk assessment's own
top bar); the whole 5x5 risk matrix and the whole costing table are in view with no scroll box
of their own; the family's screens keep nearly all the height for reading and signing; support
shared by several people reads "shared by 3" in words wherever it is shown. Each screen is saved
as a PNG to look at (ADVISOR_APP_SCREENSHOTS=folder keeps them)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QLabel, QScrollArea, QWidget

from advisor_app.domain import journey
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.journey import Stage
from advisor_app.domain.risk import Status
from advisor_app.services import risk
from tests.ui.helpers import finish, open_stage

SIZES = [(1366, 768), (1280, 720)]


@pytest.fixture(autouse=True)
def agreement_stage_built(monkeypatch):
    if not journey.is_built(Stage.AGREEMENT):
        monkeypatch.setitem(journey.RULES, Stage.AGREEMENT, lambda sections: Completeness(done=0, total=1))


@pytest.fixture
def folder(tmp_path) -> Path:
    out = Path(os.environ.get("ADVISOR_APP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def top_of(widget: QWidget, window: QWidget) -> int:
    """How far down the window ``widget`` starts: everything above it is header and banners."""
    return widget.mapTo(window, QPoint(0, 0)).y()


def in_view(widget: QWidget) -> bool:
    """The whole of ``widget`` is inside the visible part of the page that scrolls it."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is None:
        return True
    viewport = area.viewport()
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(rect)


def shown_texts(root: QWidget) -> list[str]:
    """Every text shown under ``root``: labels, buttons, and the cells of tables and lists."""
    out: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            out.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()

            def cells(parent) -> None:
                for row in range(model.rowCount(parent)):
                    for column in range(model.columnCount(parent)):
                        index = model.index(row, column, parent)
                        out.append(str(model.data(index) or ""))
                        cells(index)

            cells(widget.rootIndex())
    return out


@pytest.mark.parametrize("width, height", SIZES)
def test_headers_a_quarter_at_most_and_the_matrix_and_table_whole(qtbot, unlocked, folder, width, height):
    window = unlocked
    window.resize(width, height)
    quarter = height // 4
    size = f"{width}x{height}"

    # Tom: reviews overdue in the header, an assessment with its own top bar, at the residual risk
    page = open_stage(window, "Tom Brennan", Stage.RISK)
    settle(qtbot)
    assert window.workspace.header.risk_alerts.isVisible()
    assert top_of(window.workspace.stack, window) <= quarter
    service, case_id = window.session.service, window.workspace.case_id
    overdue = next(a for a in risk.list_assessments(service, case_id) if a.status != Status.DRAFT)
    page.open_assessment(overdue.id, 7)
    editor = page.editor
    settle(qtbot)
    assert editor.who_decided.isVisible()  # beside the steps, not above them
    assert top_of(editor.pages, window) <= quarter, top_of(editor.pages, window)
    matrix = editor.residual_matrix.matrix_widget
    assert matrix.isVisible()
    assert window.grab().save(str(folder / f"laptop-{size}-risk-matrix.png"))
    if (width, height) == (1366, 768):  # every cell and both axes, without scrolling
        parts = [cell for row in matrix.cells for cell in row] + [matrix.axis_impact, *matrix.column_labels]
        assert all(in_view(part) for part in parts), "the whole matrix is in view"
    editor.close_editor()

    # Priya: two alerts on one line; the costing table whole, the page scrolling rather than the table
    page = open_stage(window, "Priya Sharma", Stage.COSTING)
    page.show_tab(0)
    settle(qtbot)
    header = window.workspace.header
    assert header.risk_alerts.isVisible() and header.risk_alerts.height() <= 40  # one line
    assert top_of(page.tabs, window) <= quarter, top_of(page.tabs, window)
    table = page.table
    assert table.verticalScrollBar().maximum() == 0  # no scroll box of its own
    last = table.indexAbove(table.model().index(table.model().rowCount(), 0))  # (invalid: the end)
    rows, index = 0, table.model().index(0, 0)
    while index.isValid():
        assert table.visualRect(index).bottom() <= table.viewport().height(), "every row is in the table"
        rows, index = rows + 1, table.indexBelow(index)
    assert rows >= 8 and not last.isValid()
    assert window.grab().save(str(folder / f"laptop-{size}-costing.png"))


@pytest.mark.parametrize("width, height", SIZES)
def test_the_family_screens_keep_the_height_for_reading_and_signing(qtbot, unlocked, folder, width, height):
    window = unlocked
    window.family_full_screen = False  # the size under test, not the test machine's screen
    window.resize(width, height)
    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    finish(qtbot, page.read_together())
    window.family.hand_over_panel.submit()  # no PIN: the passphrase takes it back
    reading = page.reading
    settle(qtbot)
    assert window.family.active and top_of(reading.view, window) <= quarter_of(height)
    assert reading.view.height() >= height // 2  # most of the screen is the page being read
    assert window.grab().save(str(folder / f"laptop-{size_of(width, height)}-reading.png"))
    finish(qtbot, page.start_signing())
    screen = page.signing
    settle(qtbot)
    assert window.family.view is screen and screen.isVisible()
    assert top_of(screen.stack, window) <= quarter_of(height)
    assert window.grab().save(str(folder / f"laptop-{size_of(width, height)}-signing-who.png"))


def quarter_of(height: int) -> int:
    return height // 4


def size_of(width: int, height: int) -> str:
    return f"{width}x{height}"


def test_shared_support_reads_shared_by_in_words_everywhere(qtbot, unlocked):
    """Priya's evenings are shared by 3: the design, the week, the costing table, the agreement."""
    window = unlocked
    window.resize(1366, 768)
    seen: list[str] = []
    for stage, tabs in ((Stage.SERVICE_DESIGN, [None]), (Stage.SUPPORT_PLAN, [0, 1, 2, 3]), (Stage.COSTING, [0, 2]),
                        (Stage.AGREEMENT, [None])):
        page = open_stage(window, "Priya Sharma", stage)
        for tab in tabs:
            if tab is not None:
                page.show_tab(tab)
            settle(qtbot)
            seen += shown_texts(page)
    joined = "\n".join(seen)
    assert re.search(r"[Ss]hared by 3", joined)
    multiplied = [t for t in seen if re.search(r"\d\s*h\s*[x\u00d7]\s*\d|\b[x\u00d7]\s?\d\b", t)]
    assert multiplied == []
