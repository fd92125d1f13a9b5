"""The costing stage: the case priced live against the budget, and its proposals as versions.

Every figure on screen must be the services' own (``services.costing``), so the tests compare
what is shown with ``price_case``/``price_sections`` for the same case and choices.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from advisor_app.domain.journey import Stage
from advisor_app.domain.proposals import ProposalStatus, pounds
from advisor_app.services import costing
from advisor_app.ui.stages.costing import OPTIONS_TAB, PROPOSALS_TAB, CostingPage
from advisor_app.ui.stages.costing_breakdown import FIRST_YEAR, PRICE
from advisor_app.ui.stages.costing_proposals import AcceptDialog, CompareDialog
from advisor_app.ui.widgets.autosave import SaveState
from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.ui.helpers import focused, key, type_here

FIRST_YEAR_TOTAL = "The first year in total"


def open_costing(window, name: str) -> CostingPage:
    case = next(c for c in window.case_list.model.cases if name in c.person_name)
    window.open_case(case.id, Stage.COSTING)
    page = window.workspace.pages[Stage.COSTING]
    assert window.workspace.current_stage == Stage.COSTING
    return page


def service_and_case(window):
    return window.session.service, window.workspace.case_id


def saved(qtbot, ws):
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.SAVED, timeout=3000)


def with_dialog(qtbot, kind, act):
    """Run ``act(dialog)`` on the modal dialog the next call opens, once it is up and has the focus.
    (A repeating timer: the call may run the event loop before the dialog exists.)"""
    seen = []
    timer = QTimer()
    timer.setInterval(20)

    ticks = [0]

    def poll():
        ticks[0] += 1
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            return
        if (focused() is None or not dialog.isAncestorOf(focused())) and ticks[0] < 250:
            return  # not focused yet (after 5 s, go on: the checks then say what is wrong)
        timer.stop()
        seen.append(dialog)
        try:
            act(dialog)
        finally:
            if dialog.isVisible():  # a failed check must not leave the test waiting on the dialog
                dialog.reject()

    timer.timeout.connect(poll)
    timer.start()
    seen.append(timer)  # kept alive with the list; the dialog follows it
    return seen


def test_breakdown_shows_the_services_prices_and_budget(qtbot, unlocked):
    page = open_costing(unlocked, "Priya Sharma")
    service, case_id = service_and_case(unlocked)
    quote = costing.price_case(service, case_id).quote
    model = page.table.breakdown

    assert model.total(FIRST_YEAR_TOTAL) == pounds(quote.first_year_total) == "£31,008.12"
    assert model.total("On-going support, each week") == pounds(quote.weekly_ongoing_total)
    assert model.total("On-going support for a year, with management") == pounds(quote.annual_ongoing_total)
    assert model.total("Kept for emergencies") == pounds(quote.contingency)
    assert page.budget.first_year.text() == f"The first year: {pounds(quote.first_year_total)}"
    # each line: its plain description, direct cost, each charge openly, price and first year
    care = next(r for r in model.rows("line") if r.line.component == 0)
    line = quote.lines[0]
    assert "Staff help you with everyday things" in care.detail
    assert [care.cells[c] for c in range(1, 7)] == [
        pounds(line.direct_cost), pounds(line.charges.central), pounds(line.charges.regional),
        pounds(line.charges.surplus), pounds(line.price), pounds(line.first_year)]
    assert model.headers()[2] == "Central\n8.5%"
    # a shared line says who pays what
    shared = next(r for r in model.rows("line") if r.line.shared_by == 3)
    assert "Shared by 3: Priya pays a third, £46.36 a week." in shared.detail
    # the budget bar, with the same words on screen and for a screen reader
    assert page.budget.headline.text() == "£841.88 a year under budget"
    assert page.budget.bar.accessibleName() == "£841.88 a year under budget"
    assert "That is £841.88 a year under the budget." in page.budget.bar.accessibleDescription()
    assert not page.problems.isVisible()
    assert not page.budget.affords_box.isVisible()


def test_contingency_typed_reprices_at_once_and_autosaves(qtbot, unlocked):
    page = open_costing(unlocked, "Priya Sharma")
    ws = unlocked.workspace
    service, case_id = service_and_case(unlocked)
    page.tabs.setCurrentIndex(OPTIONS_TAB)
    page.options.contingency.control().setFocus()
    page.options.contingency.control().selectAll()
    type_here("2000")
    expected = costing.price_case(service, case_id, {**costing.load_options(service, case_id).model_dump(mode="json"),
                                                      "contingency": "2000"}).quote
    qtbot.waitUntil(lambda: page.table.breakdown.total(FIRST_YEAR_TOTAL) == pounds(expected.first_year_total))
    assert page.budget.headline.text() == "£558.12 a year over budget"
    assert page.budget.headline.property("state") == "over"
    assert page.budget.bar.bar.status == "over"
    saved(qtbot, ws)
    assert costing.load_options(service, case_id).contingency == Decimal("2000.00")

    # money that is not money is explained beside the field; the price keeps the last good choice
    page.options.contingency.control().selectAll()
    type_here("lots")
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.INVALID, timeout=3000)
    assert "pounds and pence" in page.options.contingency.error.text()
    assert page.table.breakdown.total(FIRST_YEAR_TOTAL) == pounds(expected.first_year_total)
    assert not page.stale_note.isHidden()
    page.save_version()  # not with a choice that needs checking
    assert "need checking first" in page.proposals.message_text()
    assert len(costing.list_proposals(service, case_id)) == 2


def test_work_back_from_the_budget_shows_the_management_it_affords(qtbot, unlocked):
    page = open_costing(unlocked, "Priya Sharma")
    ws = unlocked.workspace
    service, case_id = service_and_case(unlocked)
    page.tabs.setCurrentIndex(OPTIONS_TAB)
    page.options.mode.focus()
    assert focused() is page.options.mode.buttons["price"]
    key(Qt.Key.Key_Down)  # the arrow keys choose between the two ways
    assert page.options.mode.value() == "fit-to-budget"
    fit = costing.price_case(service, case_id, {**costing.load_options(service, case_id).model_dump(mode="json"),
                                                 "mode": "fit-to-budget"}).quote
    qtbot.waitUntil(lambda: page.budget.affords_box.isVisible())
    assert fit.management_hours_affordable == 42
    assert page.budget.affords.text() == "The budget affords up to 42 hours of management support a year"
    assert page.budget.affords.accessibleName() == page.budget.affords.text()
    assert page.table.breakdown.total(FIRST_YEAR_TOTAL) == pounds(fit.first_year_total)
    assert page.mode_badge.text() == "Worked back from the budget"
    assert not page.options.fit_note.isHidden()
    saved(qtbot, ws)
    assert costing.load_options(service, case_id).mode == "fit-to-budget"


def test_hourly_or_fixed_price_switch_changes_the_line(qtbot, unlocked):
    page = open_costing(unlocked, "Tom Brennan")
    ws = unlocked.workspace
    service, case_id = service_and_case(unlocked)
    model = page.table.breakdown
    row = model.line_row("Life skills training")
    assert row.line.fixed_price and row.cells[PRICE] == "£620.00" and row.cells[2] == "included"
    assert "If it takes longer, £186.00 is given back (30% of the price)." in row.detail

    page.tabs.setCurrentIndex(OPTIONS_TAB)
    choice = page.options.pricing.rows["tom-bus"]
    assert choice.buttons["hourly"].isEnabled() and choice.buttons["fixed"].isChecked()
    choice.buttons["fixed"].setFocus()
    key(Qt.Key.Key_Left)  # to "By the hour"
    assert choice.buttons["hourly"].isChecked()
    hourly = costing.price_case(service, case_id, {**costing.load_options(service, case_id).model_dump(mode="json"),
                                                    "pricing": {"tom-bus": "hourly"}}).quote
    line = next(l for l in hourly.lines if l.name == "Life skills training")
    qtbot.waitUntil(lambda: not model.line_row("Life skills training").line.fixed_price)
    row = model.line_row("Life skills training")
    assert row.cells[PRICE] == pounds(line.price) != "£620.00"
    assert row.cells[FIRST_YEAR] == pounds(line.first_year)
    assert "by the hour" in row.detail
    saved(qtbot, ws)
    assert costing.load_options(service, case_id).pricing == {"tom-bus": "hourly"}


def test_an_outcome_with_no_fixed_price_can_only_be_hourly_and_says_why(qtbot, unlocked):
    page = open_costing(unlocked, "Priya Sharma")
    choice = page.options.pricing.rows["priya-bus"]
    assert choice.buttons["hourly"].isChecked()
    assert not choice.buttons["fixed"].isEnabled()
    assert "gives no fixed price" in choice.why.text()
    assert "gives no fixed price" in choice.buttons["fixed"].accessibleDescription()


def test_save_offer_and_accept_a_version_by_keyboard(qtbot, unlocked):
    page = open_costing(unlocked, "Priya Sharma")
    ws = unlocked.workspace
    service, case_id = service_and_case(unlocked)
    page.tabs.setCurrentIndex(OPTIONS_TAB)
    page.options.contingency.control().setFocus()
    page.options.contingency.control().selectAll()
    type_here("500")
    key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # saves the choice, then the price as a version
    assert page.tabs.currentIndex() == PROPOSALS_TAB
    proposals = costing.list_proposals(service, case_id)
    assert [p.number for p in proposals] == [1, 2, 3]
    new = proposals[-1]
    assert new.status == ProposalStatus.DRAFT and new.options.contingency == Decimal("500.00")
    assert new.first_year_total == costing.price_case(service, case_id).quote.first_year_total
    assert page.proposals.current().id == new.id
    assert "Saved as proposal 3" in page.proposals.message_text()
    assert ws.autosaver.state == SaveState.SAVED

    # Ctrl+S again with nothing changed makes no copy
    key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(costing.list_proposals(service, case_id)) == 3
    assert "already has this price" in page.proposals.message_text()

    assert focused() is page.proposals.offer_button
    key(Qt.Key.Key_Space)
    assert costing.list_proposals(service, case_id)[-1].status == ProposalStatus.OFFERED
    assert "offered to the family" in page.proposals.message_text()

    anita = next(a for a in costing.who_can_accept(service, case_id) if a.name == "Anita Sharma")

    def choose_anita(dialog: AcceptDialog):
        assert [b.text() for b in dialog.buttons.values()] == ["Priya Sharma (the person)", "Anita Sharma (Mum)"]
        assert focused() is dialog.buttons["person"]
        key(Qt.Key.Key_Down)
        assert dialog.chosen() == anita.id
        key(Qt.Key.Key_Return)

    page.proposals.accept_button.setFocus()
    seen = with_dialog(qtbot, AcceptDialog, choose_anita)
    key(Qt.Key.Key_Space)
    assert len(seen) == 2
    proposals = costing.list_proposals(service, case_id)
    assert proposals[-1].status == ProposalStatus.ACCEPTED and proposals[-1].accepted_by == anita.id
    assert proposals[1].status == ProposalStatus.SUPERSEDED  # the one accepted before
    assert page.proposals.model.cell(proposals[-1], 1) == "Accepted by Anita Sharma (Mum)"
    assert "accepted by Anita Sharma (Mum)" in page.proposals.message_text()
    assert QApplication.activeModalWidget() is None


def test_a_blocked_move_says_why_inline(qtbot, unlocked):
    page = open_costing(unlocked, "Priya Sharma")
    service, case_id = service_and_case(unlocked)
    page.tabs.setCurrentIndex(PROPOSALS_TAB)
    first = costing.list_proposals(service, case_id)[0]
    page.proposals.select(first.id)
    page.proposals.decline_button.setFocus()
    key(Qt.Key.Key_Space)
    assert "Proposal 1 is replaced by a newer version, so it cannot be declined." in page.proposals.message_text()
    assert page.proposals.message.objectName() == "inlineError"
    # accepting one that is not offered: the reason, and no dialog
    page.proposals.accept_button.setFocus()
    key(Qt.Key.Key_Space)
    assert "cannot be accepted" in page.proposals.message_text()
    assert QApplication.activeModalWidget() is None
    assert costing.list_proposals(service, case_id)[0].status == ProposalStatus.SUPERSEDED


def test_an_unfinished_design_is_listed_and_cannot_be_saved(qtbot, unlocked):
    window = unlocked
    service = window.session.service
    case = next(c for c in window.case_list.model.cases if c.person_name == "Priya Sharma")
    design = service.load_case(case.id).sections["service_design"].data
    design["components"][2]["fixed_term"]["weeks"] = None
    assert service.save(case.id, "service_design", design).ok
    page = open_costing(window, "Priya Sharma")
    assert page.problems.isVisible()
    assert page.problems.title.text() == "Not in the price yet: Life skills training"
    assert "Life skills training: Please say how many weeks" in page.problems.text.text()
    assert page.problems.buttons["service_design"].isVisible()
    page.save_version()
    assert "cannot be saved as a version yet" in page.proposals.message_text()
    assert "Life skills training: Please say how many weeks" in page.proposals.message_text()
    assert len(costing.list_proposals(service, case.id)) == 2
    page.tabs.setCurrentIndex(0)
    page.problems.buttons["service_design"].click()
    ws = window.workspace
    if Stage.SERVICE_DESIGN in ws.pages:
        assert ws.current_stage == Stage.SERVICE_DESIGN
    else:
        assert "not ready" in ws.message_text()


def test_compare_lists_what_changed_and_the_price_effect(qtbot, unlocked):
    page = open_costing(unlocked, "Priya Sharma")
    page.tabs.setCurrentIndex(PROPOSALS_TAB)
    texts: list[list[str]] = []

    def look(dialog: CompareDialog):
        texts.append(dialog.change_texts())
        assert dialog.summary.text() == "Proposal 2 compared with proposal 1: £1,157.25 less in the first year."
        assert "£757.25 a year less" in dialog.effect.text()
        assert focused() is dialog.changes
        key(Qt.Key.Key_Escape)

    page.proposals.compare_button.setFocus()
    with_dialog(qtbot, CompareDialog, look)
    key(Qt.Key.Key_Space)
    assert texts
    assert any(t.startswith("Management support: management hours a year, from 40 to 20.") for t in texts[0])
    assert "Emergency contingency: from £1,000.00 to £600.00 a year.\nIn the first year: £400.00 less in the " \
           "first year." in texts[0]


@pytest.fixture
def quote_kind(monkeypatch):
    """The quote as a document kind (services.documents registers it once the lead wires it in)."""
    from advisor_app.services import documents as docs

    monkeypatch.setitem(docs.KINDS, costing.QUOTE, costing.quote_kind())


def test_quote_preview_shows_pages_and_saves_to_the_case(qtbot, unlocked, quote_kind):
    page = open_costing(unlocked, "Tom Brennan")
    service, case_id = service_and_case(unlocked)
    page.tabs.setCurrentIndex(PROPOSALS_TAB)
    looked: list[int] = []

    def look(dialog: PdfPreviewDialog):
        count = dialog.page_count()
        looked.append(count)
        assert count >= 2
        assert dialog.page_label.text() == f"Page 1 of {count}"
        assert focused() is dialog.view
        key(Qt.Key.Key_PageDown)
        assert dialog.page() == 1 and dialog.page_label.text() == f"Page 2 of {count}"
        zoom = dialog.zoom()
        QTest.keyClick(dialog.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert dialog.zoom() != zoom and dialog.zoom_label.text().endswith("%")
        dialog.save_button.setFocus()
        key(Qt.Key.Key_Space)
        assert dialog.message.text() == "Saved to the case as quote version 1."
        key(Qt.Key.Key_Escape)

    page.proposals.preview_button.setFocus()
    with_dialog(qtbot, PdfPreviewDialog, look)
    key(Qt.Key.Key_Space)  # the quote is made in the background; its preview opens when it is ready
    qtbot.waitUntil(lambda: bool(looked) and page._making is None, timeout=30000)
    from advisor_app.services import documents as docs

    stored = docs.list_documents(service, case_id) if hasattr(docs, "list_documents") else None
    if stored is not None:
        assert any(d.kind == costing.QUOTE for d in stored)
    assert page.proposals.message_text() == "Saved to the case as quote version 1."


def test_controls_are_named_for_screen_readers(qtbot, unlocked):
    page = open_costing(unlocked, "Tom Brennan")
    options = page.options
    assert options.contingency.control().accessibleName() == "Emergency contingency, £ a year"
    assert options.mode.buttons["fit-to-budget"].accessibleName() == "Work back from the budget"
    assert options.pricing.rows["tom-bus"].buttons["hourly"].accessibleName() == "Life skills training: By the hour"
    page.tabs.setCurrentIndex(PROPOSALS_TAB)
    assert page.proposals.offer_button.accessibleName() == "Offer proposal 2 to the family"
    assert page.proposals.save_button.accessibleName() == "Save as a new version"
    assert page.table.accessibleName() == "What it costs, line by line"
    index = page.table.breakdown.index(0, 0)
    assert page.table.breakdown.data(index, Qt.ItemDataRole.AccessibleTextRole) == "Every week"


def test_time_from_a_service_only_some_use_is_priced_for_this_person(qtbot, unlocked):
    page = open_costing(unlocked, "Tom Brennan")
    ws = unlocked.workspace
    service, case_id = service_and_case(unlocked)
    page.tabs.setCurrentIndex(OPTIONS_TAB)
    functions = page.options.functions
    functions.add_button.setFocus()
    key(Qt.Key.Key_Space)
    card = functions.cards[-1]
    kind = card.form.binding("function")
    kind.combo.setCurrentIndex(kind.combo.findData("Behaviour support team"))
    assert kind.combo.currentText() == "Behaviour support team (£58.00 an hour)"
    part = card.form.binding("for_component")
    part.combo.setCurrentIndex(part.combo.findData("tom-out"))
    hours = card.form.binding("hours")
    hours.control().setFocus()
    hours.control().selectAll()
    type_here("1.5")
    qtbot.waitUntil(lambda: page.table.breakdown.line_row("Behaviour support team") is not None)
    row = page.table.breakdown.line_row("Behaviour support team")
    assert "Only the people who use it pay for it." in row.detail
    saved(qtbot, ws)
    options = costing.load_options(service, case_id)
    assert [(f.function, f.for_component, f.hours) for f in options.functions][-1] == (
        "Behaviour support team", "tom-out", Decimal("1.5"))
    quote = costing.price_case(service, case_id).quote
    line = next(l for l in quote.lines if l.name == "Behaviour support team")
    assert row.cells[PRICE] == pounds(line.price)
    assert page.table.breakdown.total(FIRST_YEAR_TOTAL) == pounds(quote.first_year_total)
