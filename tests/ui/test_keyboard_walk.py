"""A new case taken from the enquiry to a complete support plan, and its three documents made,
saved and printed, with the keyboard alone: Tab to reach a field, typing, arrow keys in lists,
Space on buttons and boxes, Enter, Ctrl+Tab between parts of a stage, Alt+M to move on."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from advisor_app.domain.journey import Stage
from advisor_app.services.documents import list_documents
from advisor_app.ui.screens import documents as documents_screen
from advisor_app.ui.screens.documents import DocumentsDialog
from advisor_app.ui.widgets.menu_picker import MenuPicker
from tests.ui.helpers import choose_in, focused, key, saved, type_here

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def tab_to(target: QWidget, limit: int = 400) -> None:
    """Press Tab until ``target`` has the focus (and fail if the tab order never gets there)."""
    for _ in range(limit):
        if focused() is target:
            return
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target!r}")


def press(target: QWidget) -> None:
    tab_to(target)
    key(Qt.Key.Key_Space)


def entry(entries, text: str, whose: str | None = None) -> None:
    """Tab to a list's "Add", press it, type one entry (and say whose words), end the list."""
    press(entries.add_button)
    type_here(text)
    if whose:
        key(Qt.Key.Key_Tab)
        choose_in(focused(), whose)
        QTest.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    key(Qt.Key.Key_Return)  # Enter: the next entry ...
    key(Qt.Key.Key_Return)  # ... and Enter on it empty ends the list


def next_part() -> None:
    QTest.keyClick(focused(), Qt.Key.Key_Tab, CTRL)


def move_on(qtbot, ws, stage: Stage) -> None:
    saved(qtbot, ws)
    QTest.keyClick(focused(), Qt.Key.Key_M, ALT)  # "&Move on to …"
    qtbot.waitUntil(lambda: ws.view.header.stage == stage and ws.current_stage == stage, timeout=3000)
    assert ws.current_stage == stage, ws.message_text()


def complete(ws, stage: Stage) -> bool:
    return ws.navigator.item_for(stage).data(Qt.ItemDataRole.UserRole + 3).endswith("Complete")


def when_modal(kind, act) -> QTimer:
    """Act in the next ``kind`` dialog once it is up with the focus in it; ``timer.done`` after."""
    timer = QTimer()
    timer.setInterval(20)
    timer.done = False

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible() and dialog.isAncestorOf(QApplication.focusWidget()):
            timer.stop()
            act(dialog)
            timer.done = True

    timer.timeout.connect(poll)
    timer.start()
    return timer


def test_enquiry_to_a_complete_support_plan_and_its_documents_by_keyboard(qtbot, unlocked, monkeypatch):
    window = unlocked
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: window.current_screen() is window.workspace)
    ws = window.workspace

    # 1. The enquiry.
    enquiry = ws.pages[Stage.ENQUIRY]
    assert focused() is enquiry.received_on.control()
    type_here("02/03/2026")
    tab_to(enquiry.route.control())
    choose_in(focused(), "The person themselves")
    tab_to(enquiry.contact_name.control())
    type_here("Leah Banks")
    tab_to(enquiry.phone.control())
    type_here("0113 496 0999")
    tab_to(enquiry.looking_for.control())
    type_here("Leah wants to learn to cook and to get out more in the evenings.")
    tab_to(enquiry.urgency.control())
    choose_in(focused(), "Routine")
    tab_to(enquiry.lives_in.control())
    type_here("Otley")
    tab_to(enquiry.decision.control())
    choose_in(focused(), "Yes, we will take this forward")
    move_on(qtbot, ws, Stage.FIRST_MEETINGS)

    # 2. First meetings: the person, her circle, her funding.
    meetings = ws.pages[Stage.FIRST_MEETINGS]
    assert focused() is meetings.first_name.control()
    type_here("Leah")
    key(Qt.Key.Key_Tab)
    type_here("Banks")
    tab_to(meetings.person_form.binding("address").control())
    type_here("12 Bridge Street, Otley")
    press(meetings.person_form.binding("decides_about_funding").control())
    press(meetings.person_form.binding("decides_about_contract").control())
    next_part()
    press(meetings.members.add_button)
    type_here("Tom Banks")
    key(Qt.Key.Key_Tab)
    type_here("Brother")
    next_part()
    press(meetings.sources.add_button)
    choose_in(focused(), "Paying for it themselves")
    tab_to(meetings.sources.cards[0].form.binding("amount").control())
    type_here("15000.00")
    assert meetings.total.text() == "Total a year: £15,000.00"
    move_on(qtbot, ws, Stage.PICTURE)

    # 3. Getting to know Leah: every tool.
    picture = ws.pages[Stage.PICTURE]
    entry(picture.like_and_admire, "Leah makes everyone laugh", "Tom Banks (Brother)")
    entry(picture.important_to, "My cat, Pepper", "Leah (the person)")
    entry(picture.how_to_support, "Give me time to answer")
    next_part()
    entry(picture.to_list, "Choosing my own clothes", "Leah (the person)")
    entry(picture.for_list, "Taking her inhaler out with her")
    next_part()
    entry(picture.working.lists["person"], "Living near my brother", "Leah (the person)")
    entry(picture.not_working.lists["person"], "Nothing to do in the evenings", "Leah (the person)")
    next_part()
    press(picture.chart.add_button)
    for text in ("At the end of the day", "Goes quiet", "I am tired", "Offer a quiet evening"):
        type_here(text)
        key(Qt.Key.Key_Return)  # across the row
    key(Qt.Key.Key_Return)  # the new row is empty: the chart ends
    next_part()
    entry(picture.offer_information, "One choice at a time, with pictures")
    press(picture.decisions.add_button)
    type_here("What to do in the evenings")
    decision = picture.decisions.cards[0]
    press(decision.form.binding("involved").boxes["person"])
    tab_to(decision.form.binding("final_say").control())
    choose_in(focused(), "Leah (the person)")
    next_part()  # relationships: the circle, shown here
    next_part()
    entry(picture.good_day, "Cooking with Tom")
    entry(picture.bad_day, "Nobody to talk to")
    entry(picture.hopes, "My own flat one day")
    saved(qtbot, ws)
    assert complete(ws, Stage.PICTURE), ws.view.completeness(Stage.PICTURE).missing
    move_on(qtbot, ws, Stage.SERVICE_DESIGN)

    # 4. The service design: one on-going part from the menu.
    design = ws.pages[Stage.SERVICE_DESIGN]

    def pick(picker: MenuPicker) -> None:
        QTest.keyClicks(picker.search, "personal care")
        QTest.keyClick(picker.search, Qt.Key.Key_Return)

    timer = when_modal(MenuPicker, pick)
    QTest.keyClick(focused(), Qt.Key.Key_A, ALT)  # "&Add a part of support from our menu…"
    qtbot.waitUntil(lambda: timer.done)  # (a mnemonic clicks its button a moment later)
    window.activateWindow()
    qtbot.waitUntil(lambda: focused() is not None)
    week = design.components.cards[0].form.binding("on_going.week")
    assert focused() is week.form.binding("monday.evening").control() or focused() is \
        week.form.binding("monday.daytime").control()
    type_here("3")
    saved(qtbot, ws)
    assert complete(ws, Stage.SERVICE_DESIGN), ws.view.completeness(Stage.SERVICE_DESIGN).missing
    move_on(qtbot, ws, Stage.SUPPORT_PLAN)

    # 5. The support plan.
    plan = ws.pages[Stage.SUPPORT_PLAN]
    QTest.keyClick(focused(), Qt.Key.Key_A, ALT)  # "&Add an outcome"
    qtbot.waitUntil(lambda: len(plan.outcomes.cards) == 1)
    outcome = plan.outcomes.cards[0]
    assert focused() is outcome.form.binding("in_my_words").control()
    type_here("I want to cook my tea on my own")
    key(Qt.Key.Key_Tab)
    choose_in(focused(), "Leah (the person)")
    key(Qt.Key.Key_Tab)
    type_here("30/09/2031")
    key(Qt.Key.Key_Tab)
    type_here("Leah cooks her tea twice a week without help")
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Space)  # linked to the part of support
    next_part()  # the week
    assert "Monday" in plan.grid.item(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    next_part()
    entry(plan.how_to_support, "Show me once, then let me try")
    entry(plan.day_to_day, "Tea at six")
    next_part()
    entry(plan.qualities, "Patient")
    saved(qtbot, ws)
    assert complete(ws, Stage.SUPPORT_PLAN), ws.view.completeness(Stage.SUPPORT_PLAN).missing

    # 6. The three documents: previewed, saved to the case, printed.
    printed: list[tuple[str, int]] = []
    monkeypatch.setattr(documents_screen, "print_pdf",
                        lambda parent, document, title: printed.append((title, document.pageCount())))
    made: list[str] = []

    def documents(dialog: DocumentsDialog) -> None:
        for kind in ("expression-of-interest", "one-page-profile", "support-plan"):
            dialog.kinds.setFocus()
            QTest.keyClick(dialog.kinds, Qt.Key.Key_Home)
            while dialog.current_kind() != kind:
                QTest.keyClick(dialog.kinds, Qt.Key.Key_Down)
            QTest.keyClick(dialog.kinds, Qt.Key.Key_Return)  # preview
            qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
            assert dialog.page_count() >= 1
            QTest.keyClick(focused(), Qt.Key.Key_S, CTRL)  # save to the case
            QTest.keyClick(focused(), Qt.Key.Key_P, CTRL)  # print
            made.append(kind)
        QTest.keyClick(focused(), Qt.Key.Key_Escape)

    timer = when_modal(DocumentsDialog, documents)
    QTest.keyClick(focused(), Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: timer.done)
    assert made == ["expression-of-interest", "one-page-profile", "support-plan"]
    stored = list_documents(window.session.service, ws.case_id)
    assert sorted(r.kind for r in stored) == sorted(made) and all(r.version == 1 for r in stored)
    assert [title for title, _pages in printed] == ["Expression of interest", "One-page profile", "Support plan"]
    assert all(pages >= 1 for _title, pages in printed)
