"""Save a PNG of every screen, to look at: ``python -m devtools.screenshots OUTDIR [LANG [WxH]]``
(e.g. ``out/ur ur 1366x768``: the tour in Urdu, mirrored, at the smallest screen we support).

Uses a throwaway store in a temporary data folder (never the advisor's own), fills it with the
demo cases, and walks through first run, unlock (with a wrong passphrase), the case list, each
form (also with messages beside fields), the settings, high contrast and large text.
Works offscreen (``QT_QPA_PLATFORM=offscreen``) and under ``xvfb-run`` with the xcb platform.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

WIDTH, HEIGHT = 1280, 860


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not 1 <= len(argv) <= 3:
        print("usage: python -m devtools.screenshots OUTDIR [LANG [WxH]]", file=sys.stderr)
        return 2
    global WIDTH, HEIGHT
    out, language = Path(argv[0]), argv[1] if len(argv) > 1 else "en"
    if len(argv) > 2:
        WIDTH, HEIGHT = (int(n) for n in argv[2].lower().split("x"))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="advisor-app-shots-") as tmp:
        os.environ["ADVISOR_APP_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["ADVISOR_APP_CONFIG_DIR"] = str(Path(tmp) / "config")
        saved = take_all(out, Path(tmp), language)
    for path in saved:
        print(path)
    return 0


def take_all(out: Path, tmp: Path, language: str = "en") -> list[Path]:
    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtWidgets import QWidget

    from advisor_app.demo import DEMO_PASSPHRASE, fill_demo
    from advisor_app.domain.journey import Stage
    from advisor_app.settings import Settings
    from advisor_app.ui.app import application, build_window
    from advisor_app.ui.main_window import ShortcutsDialog
    from advisor_app.ui.screens.settings_dialog import SettingsDialog

    app = application(["screenshots"])
    settings = Settings(Path(tmp) / "config" / "settings.json")
    settings.set("language", language)
    store_dir = tmp / "data" / "store"
    window = build_window(store_dir, settings=settings, app=app)
    window.family_full_screen = False  # the family's screens at the size being looked at
    window.resize(WIDTH, HEIGHT)
    window.show()
    saved: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
        # processEvents() leaves deleteLater() to the event loop: without one, closed pages pile up.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def shot(name: str, widget: QWidget | None = None) -> None:
        settle()
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        saved.append(path)

    def type_into(line, text: str) -> None:
        line.setFocus()
        line.setText(text)
        line.textEdited.emit(text)

    # -- first run ---------------------------------------------------------------------------
    shot("01-first-run")
    fr = window.first_run
    type_into(fr.name, "Jess Advisor")
    fr.passphrase.line.setText("kettle harbour")
    fr.again.line.setText("kettle harb")
    fr.create()
    shot("02-first-run-typed-with-message")
    fr.passphrase.line.setText(DEMO_PASSPHRASE)
    fr.again.line.setText(DEMO_PASSPHRASE)
    fr.create()
    fill_demo(window.session.service)
    window.lock()

    # -- unlock ------------------------------------------------------------------------------
    window.unlock_screen.passphrase.line.setText("bluebell meadows")
    window.unlock_screen.unlock()
    shot("03-unlock-wrong-passphrase")
    window.unlock_screen.passphrase.line.setText(DEMO_PASSPHRASE)
    window.unlock_screen.unlock()

    # -- case list ---------------------------------------------------------------------------
    shot("04-case-list")
    cl = window.case_list
    cl.search.setText("leeds")
    cl.refresh()
    shot("05-case-list-search-no-match")
    cl.search.setText("LS6")
    cl.refresh()
    shot("05b-case-list-search-postcode")
    cl.search.setText("")
    cl.set_stage_filter(Stage.FIRST_MEETINGS)
    cl.refresh()
    shot("06-case-list-stage-filter")
    cl.set_stage_filter(None)
    cl.refresh()

    def open_case(name: str) -> None:
        case = next((c for c in cl.model.cases if name in c.person_name or name in c.reference), None)
        if case is None:  # the demo no longer has this case: the next shots show the one open before
            print(f"screenshots: no demo case matching {name!r}", file=sys.stderr)
            return
        window.open_case(case.id)

    # -- enquiry -----------------------------------------------------------------------------
    open_case("Callum")
    ws = window.workspace
    page = ws.pages[Stage.ENQUIRY]
    shot("07-enquiry")
    shot("07b-enquiry-full-form", page.findChild(QWidget, "page"))
    type_into(page.postcode.edit, "LS6 ZZZ")
    type_into(page.email.edit, "helen.price@")
    ws.flush()
    page.focus_first_problem()
    shot("08-enquiry-messages-beside-fields")
    type_into(page.postcode.edit, "YO31 7EP")
    type_into(page.email.edit, "helen.price@example.org")
    ws.flush()
    ws.move_on()
    shot("09-moved-on")

    # a new case, blocked from moving on
    window.new_case()
    page = window.workspace.pages[Stage.ENQUIRY]
    type_into(page.contact_name.edit, "Sam Patel")
    ws.flush()
    ws.move_on()
    shot("10-new-case-move-on-blocked")
    ws.request_back()

    open_case("Adeyemi")
    shot("11-enquiry-closed-case")
    ws.request_back()

    # -- first meetings ----------------------------------------------------------------------
    open_case("Whitlock")
    ws.show_stage(Stage.FIRST_MEETINGS)
    fm = ws.pages[Stage.FIRST_MEETINGS]
    fm.show_tab(0)
    shot("12-person")
    fm.show_tab(1)
    shot("13-circle")
    card = fm.members.cards[1]
    type_into(card.form.binding("email").edit, "sophie at example")
    ws.flush()
    shot("14-circle-message-beside-field")
    type_into(card.form.binding("email").edit, "sophie.w@example.org")
    ws.flush()
    fm.members.remove(fm.members.cards[1])
    shot("15-circle-removed-undo")
    fm.members.undo()
    ws.flush()
    ws.request_back()

    open_case("Brennan")
    ws.show_stage(Stage.FIRST_MEETINGS)
    fm = ws.pages[Stage.FIRST_MEETINGS]
    fm.show_tab(2)
    shot("16-funding")
    shot("16b-funding-full-form", fm.tabs.currentWidget().findChild(QWidget, "page"))
    card = fm.sources.cards[0]
    type_into(card.form.binding("amount").edit, "18,500.505")
    ws.flush()
    shot("17-funding-message-beside-amount")
    type_into(card.form.binding("amount").edit, "18500.00")
    ws.flush()
    ws.request_back()

    # -- getting to know the person, service design, support plan, documents, provider ---------
    take_person_design_plan(window, shot, open_case)
    take_documents_and_provider(window, shot, open_case)

    # -- risk and opportunity ------------------------------------------------------------------
    take_risk(window, shot, open_case)

    # -- costing and proposals -----------------------------------------------------------------
    take_costing(window, shot, open_case)

    # -- the agreement: reading together and signing -------------------------------------------
    take_agreement(window, shot, open_case)

    # -- after the signature: setting up, handover, reviews, budget statement ------------------
    take_after_signature(window, shot, open_case)

    # -- settings, high contrast, large text --------------------------------------------------
    def grab_dialog(name: str, make=lambda: SettingsDialog(window.settings, window)) -> None:
        dialog = make()

        def take() -> None:
            shot(name, dialog)
            dialog.reject()

        QTimer.singleShot(0, take)
        dialog.exec()

    grab_dialog("18-settings")
    grab_dialog("18b-keyboard-shortcuts", lambda: ShortcutsDialog(window))

    window.apply_settings({"high_contrast": True})
    shot("19-high-contrast-case-list")
    open_case("Sharma")
    ws.show_stage(Stage.FIRST_MEETINGS)
    ws.pages[Stage.FIRST_MEETINGS].show_tab(1)
    shot("20-high-contrast-circle")
    ws.request_back()
    window.apply_settings({"high_contrast": False, "text_scale": 1.5})
    open_case("Ngozi")
    shot("21-large-text-enquiry")
    ws.request_back()
    window.apply_settings({"text_scale": 1.0})

    # -- auto-lock and the demo unlock screen --------------------------------------------------
    window.lock(auto=True)
    shot("22-auto-locked")
    window.close()

    demo_window = build_window(tmp / "data" / "demo-store", demo=True, settings=settings, app=app)
    demo_window.resize(WIDTH, HEIGHT)
    demo_window.show()
    settle()
    path = out / "23-demo-unlock.png"
    demo_window.grab().save(str(path))
    saved.append(path)
    demo_window.close()
    return saved


def _settle(rounds: int = 12) -> None:
    """Let lazily built tabs and their layouts finish before a picture is taken."""
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):
        QApplication.processEvents()


def _wait(ms: int) -> None:
    """Let Qt work for a while (the PDF view draws its pages in a thread of its own)."""
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _finish(operation, timeout_s: float = 60) -> bool:
    """Let a background operation (ui/operations.py) end and call back: the app never waits for
    one, so the tour does, while Qt goes on working."""
    import time

    from PySide6.QtWidgets import QApplication

    if operation is None:
        return False
    ended: list[bool] = []
    operation.finished.connect(lambda: ended.append(True))
    deadline = time.monotonic() + timeout_s
    while not ended and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    return bool(ended)


def _full(page):
    """The whole scrolling content of a stage page's current tab (or of the page itself)."""
    from PySide6.QtWidgets import QWidget

    holder = page.tabs.currentWidget() if hasattr(page, "tabs") else page
    return holder.findChild(QWidget, "page")


def take_person_design_plan(window, shot, open_case) -> None:
    """Each tool of the person-centred picture, the service design with each kind's details and
    the menu, and the support plan with its week (also with a clash), for the demo's Priya and
    for Dan, whose design is made here from the menu."""
    from PySide6.QtWidgets import QApplication

    from advisor_app.domain.journey import Stage
    from advisor_app.services.documents import component_menu
    from advisor_app.ui.stages.picture import PicturePage
    from advisor_app.ui.stages.support_plan import SupportPlanPage
    from advisor_app.ui.widgets.menu_picker import MenuPicker

    ws = window.workspace

    def stage_page(name: str, stage: Stage):
        open_case(name)
        ws.show_stage(stage, focus=True)
        _settle()
        return ws.pages[stage]

    page = stage_page("Priya", Stage.PICTURE)
    for index, name in ((PicturePage.TAB_PROFILE, "70-picture-one-page-profile"),
                        (PicturePage.TAB_TO_FOR, "71-picture-important-to-and-for"),
                        (PicturePage.TAB_WORKING, "72-picture-working-not-working"),
                        (PicturePage.TAB_COMMUNICATION, "73-picture-communication-chart"),
                        (PicturePage.TAB_DECISIONS, "74-picture-decision-making"),
                        (PicturePage.TAB_RELATIONSHIPS, "75-picture-relationships"),
                        (PicturePage.TAB_DAYS, "76-picture-good-and-bad-days")):
        page.show_tab(index)
        _settle()
        shot(name)
    page.show_tab(PicturePage.TAB_DECISIONS)
    _settle()
    shot("74b-picture-decision-making-full", _full(page))
    page.show_tab(PicturePage.TAB_PROFILE)
    page.like_and_admire.cards[0].form.binding("text").focus()
    page.like_and_admire.remove(page.like_and_admire.cards[1])
    shot("70b-picture-entry-removed-with-undo", _full(page))
    page.like_and_admire.undo()
    ws.flush()

    page = stage_page("Priya", Stage.SERVICE_DESIGN)
    shot("77-service-design")
    shot("77b-service-design-full", _full(page))
    picker = MenuPicker(component_menu(), already=[c.form.data().get("component_id") for c in page.components.cards],
                        parent=window)
    picker.resize(720, 640)
    picker.show()
    picker.search.setText("skills")
    _settle()
    shot("78-service-design-menu-picker", picker)
    picker.close()
    picker.deleteLater()

    # Dan: parts picked from the menu, one of each kind, with what is still needed said beside it.
    page = stage_page("Whitlock", Stage.SERVICE_DESIGN)
    shot("79a-service-design-empty")
    one_off = page.add_component("benefit-review")
    ws.flush()
    _settle()
    shot("79-service-design-one-off-still-needed", _full(page))
    one_off.form.binding("one_off.fixed_price").set_value("120.00")
    one_off.form.binding("one_off.date").set_value("2031-09-14")
    fixed = page.add_component("life-skills-training")
    for path, value in (("fixed_term.weeks", "12"), ("fixed_term.target_outcome", "Dan gets the bus to work on his own"),
                        ("fixed_term.fixed_price_for_outcome", "950.00")):
        fixed.form.binding(path).set_value(value)
    fixed.form.binding("fixed_term.hours_per_week").form.binding("day").set_value("4")
    longer = fixed.form.binding("fixed_term.if_longer")
    longer.form.binding("rule").set_value("refund-partial")
    fixed.form.apply_rules()
    longer.form.apply_rules()
    page.components.move(one_off, +1)
    fixed.form.edited.emit()
    ws.flush()
    _settle()
    page.components.cards[0].first_field().focus()
    _settle()
    shot("80-service-design-fixed-term-if-longer", _full(page))
    going = page.add_component("personal-care-and-support")
    week = going.form.binding("on_going.week")
    for path, value in (("monday.daytime", "6"), ("wednesday.daytime", "4"), ("friday.evening", "3"),
                        ("saturday.daytime", "5")):
        week.form.binding(path).set_value(value)
    week.form.binding("friday.night").set_value("sleep-in")
    going.form.binding("shared_by").set_value(2)
    going.form.edited.emit()
    money = page.add_component("managing-personal-finances")
    money.form.binding("on_going.week").form.binding("monday.daytime").set_value("5")
    money.form.edited.emit()
    ws.flush()
    _settle()
    going.first_field().focus()
    _settle()
    shot("81-service-design-on-going-week", going)

    page = stage_page("Whitlock", Stage.SUPPORT_PLAN)
    page.show_tab(SupportPlanPage.TAB_WEEK)
    _settle()
    shot("84-support-plan-week-with-a-clash")
    page.show_tab(SupportPlanPage.TAB_OUTCOMES)
    page.outcomes.add()
    _settle()
    shot("84b-support-plan-new-outcome")

    page = stage_page("Priya", Stage.SUPPORT_PLAN)
    for index, name in ((SupportPlanPage.TAB_OUTCOMES, "82-support-plan-outcomes"),
                        (SupportPlanPage.TAB_WEEK, "83-support-plan-week"),
                        (SupportPlanPage.TAB_WELL, "85-support-plan-supporting-well"),
                        (SupportPlanPage.TAB_PEOPLE, "86-support-plan-the-people-who-support")):
        page.show_tab(index)
        _settle()
        shot(name)
    page.show_tab(SupportPlanPage.TAB_WEEK)
    _settle()
    shot("83b-support-plan-week-full", _full(page))

    window.apply_settings({"high_contrast": True})
    page = stage_page("Priya", Stage.PICTURE)
    page.show_tab(PicturePage.TAB_TO_FOR)
    _settle()
    shot("87-high-contrast-important-to-and-for")
    page = stage_page("Priya", Stage.SUPPORT_PLAN)
    page.show_tab(SupportPlanPage.TAB_WEEK)
    _settle()
    shot("87b-high-contrast-week")
    window.apply_settings({"high_contrast": False, "text_scale": 1.5})
    page = stage_page("Priya", Stage.SERVICE_DESIGN)
    shot("88-large-text-service-design")
    window.apply_settings({"text_scale": 1.0})
    QApplication.processEvents()
    ws.request_back()


def take_documents_and_provider(window, shot, open_case) -> None:
    """The documents of a case (before and after a preview, a saved version) and the
    organisation's details."""
    from PySide6.QtPdf import QPdfDocument

    from advisor_app.ui.screens.documents import DocumentsDialog
    from advisor_app.ui.screens.provider_dialog import ProviderDialog

    ws = window.workspace
    open_case("Priya")
    dialog = DocumentsDialog(window.session, ws.case_id, kind="one-page-profile", parent=window)
    dialog.resize(1200, 820)
    dialog.show()
    _settle()
    shot("89-documents", dialog)
    _finish(dialog.preview())
    for _ in range(200):
        _settle(2)
        if dialog.document.status() == QPdfDocument.Status.Ready:
            break
    _wait(1500)
    shot("90-documents-preview", dialog)
    dialog.save_to_case()
    dialog.kinds.setCurrentRow(2)
    _finish(dialog.preview())
    _wait(800)
    dialog.go_to_page(1)
    dialog.zoom(+1)
    _wait(1500)
    shot("91-documents-support-plan-page-2-zoomed", dialog)
    dialog.kinds.setCurrentRow(1)
    _settle()
    shot("92-documents-saved-version", dialog)
    dialog.close()
    dialog.deleteLater()
    open_case("Ngozi")
    dialog = DocumentsDialog(window.session, ws.case_id, kind="support-plan", parent=window)
    dialog.resize(1200, 820)
    dialog.show()
    _settle()
    shot("93-documents-not-ready-yet", dialog)
    dialog.close()
    dialog.deleteLater()
    ws.request_back()

    provider = ProviderDialog(window)
    provider.show()
    _settle()
    shot("94-provider-details", provider)
    provider.form.binding("email").set_value("hello at northern lights")
    provider.save()
    _settle()
    shot("95-provider-details-message", provider)
    provider.reject()
    provider.deleteLater()


def take_risk(window, shot, open_case) -> None:
    """The case list's overdue reviews, a case's assessments, and the steps of the form."""
    from PySide6.QtWidgets import QWidget

    from advisor_app.domain.journey import Stage
    from advisor_app.ui.stages.risk import SEND_STEP

    ws = window.workspace
    window.case_list.refresh()
    shot("30-case-list-overdue-reviews")
    open_case("Brennan")
    ws.show_stage(Stage.RISK)
    page = ws.pages[Stage.RISK]
    shot("31-risk-assessments-with-alerts")
    overdue = next(s for s in page.summaries if "overdue" in s.status.value)
    page.open_assessment(overdue.id)
    editor = page.editor
    for step, name in ((0, "32-risk-step-what-and-who"), (3, "33-risk-step-capacity-who-decides"),
                       (5, "34-risk-step-doing-nothing"), (7, "35-risk-step-residual-matrix"),
                       (11, "36-risk-step-consultation"), (12, "37-risk-step-reviews"),
                       (SEND_STEP, "38-risk-step-send-decided")):
        editor.show_step(step)
        shot(name)
    editor.show_step(5)
    shot("34b-risk-doing-nothing-full", editor.pages.currentWidget().findChild(QWidget, "page"))
    editor.close_editor()
    ws.request_back()
    from advisor_app.domain.risk import Status
    from advisor_app.services import risk

    service = window.session.service
    draft_case = next((c for c in window.case_list.model.cases
                       if any(a.status == Status.DRAFT for a in risk.list_assessments(service, c.id))), None)
    if draft_case is None:
        return
    window.open_case(draft_case.id)
    ws.show_stage(Stage.RISK)
    page = ws.pages[Stage.RISK]
    shot("39-risk-draft-list")
    drafts = [a for a in page.summaries if a.status == Status.DRAFT]
    if drafts:
        page.open_assessment(drafts[0].id, SEND_STEP)
        shot("40-risk-send-blocked-with-reasons")
        page.editor.go_to_field(page.editor.view.send_issues[0].field if page.editor.view.send_issues else "title")
        shot("41-risk-jumped-to-field")
        page.editor.show_step(7)
        matrix = page.editor.residual_matrix.matrix_widget
        matrix.move_focus(1, 3)
        shot("42-risk-matrix-keyboard-focus")
        window.apply_settings({"high_contrast": True})
        page.editor.show_step(5)
        shot("43-high-contrast-risk-doing-nothing")
        window.apply_settings({"high_contrast": False})
        page.editor.close_editor()
    ws.request_back()


def take_costing(window, shot, open_case) -> None:
    """The costing stage: the breakdown with the budget bar, the choices, working back from the
    budget, over budget, the proposals (a blocked move, the comparison, who accepts) and the
    quote's preview, and the breakdown in high contrast."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from advisor_app.domain.journey import Stage
    from advisor_app.domain.proposals import CostingMode
    from advisor_app.ui.stages.costing_proposals import AcceptDialog, CompareDialog
    from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog

    ws = window.workspace

    def modal(kind, name: str, wait_ticks: int = 3, in_context: bool = False) -> None:
        """Shoot the next ``kind`` dialog once it is up (and its contents drawn), then close it.
        ``in_context``: a small dialog is drawn over the window it belongs to, as it is seen."""
        timer = QTimer(window)
        timer.setInterval(40)
        seen = [0]

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, kind):
                return
            seen[0] += 1
            if seen[0] < wait_ticks:
                return
            timer.stop()
            if in_context:
                shot(name, _over_window(window, dialog))
            else:
                shot(name, dialog)
            dialog.reject()

        timer.timeout.connect(poll)
        timer.start()

    def costing_page(name: str):
        open_case(name)
        ws.show_stage(Stage.COSTING)
        return ws.pages[Stage.COSTING]

    def type_contingency(page, text: str) -> None:
        line = page.options.contingency.control()
        line.setText(text)
        line.textEdited.emit(text)
        page.reprice()
        ws.flush()

    page = costing_page("Priya Sharma")
    page.show_tab(0)
    shot("50-costing-breakdown-budget")
    from PySide6.QtCore import QRect

    from advisor_app.ui.widgets.forms import ensure_rect_visible

    table = page.table
    ensure_rect_visible(table, QRect(0, table.height() - 2, 2, 2))  # the page scrolls: the table has no box of its own
    shot("50b-costing-breakdown-totals")
    ensure_rect_visible(page.budget, QRect(0, 0, 2, 2))
    page.show_tab(1)
    shot("51-costing-choices")
    page.show_tab(0)
    page.options.mode.choose(CostingMode.FIT)
    page.reprice()
    ws.flush()
    shot("52-costing-work-back-from-budget")
    page.options.mode.choose(CostingMode.PRICE)
    type_contingency(page, "2000")
    shot("53-costing-over-budget")
    type_contingency(page, "600.00")

    page.show_tab(2)
    shot("54-costing-proposals")
    first = page.proposals.model.at(0)
    if first is not None:
        page.proposals.select(first.id)
        page.decline()
        shot("55-costing-blocked-move-said-inline")
    newest = page.proposals.model.at(len(page.proposals.model.proposals) - 1)
    if newest is not None:
        page.proposals.select(newest.id)
        modal(CompareDialog, "56-costing-compare-versions")
        page.compare()
    ws.request_back()

    page = costing_page("Tom Brennan")
    page.show_tab(1)
    shot("57-costing-choices-fixed-price")
    shot("57b-costing-choices-full", page.options.parentWidget())
    page.show_tab(2)
    offered = next((p for p in page.proposals.model.proposals if p.status == "offered"), None)
    if offered is not None:
        page.proposals.select(offered.id)
        modal(AcceptDialog, "58-costing-who-accepted", in_context=True)
        page.accept()
        modal(PdfPreviewDialog, "59-costing-quote-preview", wait_ticks=12)
        _finish(page.preview_quote())
    ws.request_back()

    page = costing_page("Ngozi")
    page.show_tab(0)
    shot("60-costing-nothing-to-price")
    ws.request_back()

    window.apply_settings({"high_contrast": True})
    page = costing_page("Priya Sharma")
    page.show_tab(0)
    shot("61-costing-high-contrast")
    ws.request_back()
    window.apply_settings({"high_contrast": False})


def _over_window(window, dialog):
    """A label showing ``window`` dimmed with ``dialog`` drawn where it sits: a small dialog as it
    is seen (a grab of the dialog alone is too small to judge)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QLabel

    picture = window.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
    top_left = dialog.geometry().topLeft() - window.geometry().topLeft()
    if not picture.rect().contains(top_left):
        top_left = QPoint((picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 3)
    painter.drawPixmap(top_left, dialog.grab())
    painter.end()
    label = QLabel()
    label.setPixmap(picture)
    label.resize(picture.size())
    return label



def take_after_signature(window, shot, open_case) -> None:
    """Leah's setting up (start plan, recruitment, the handover acknowledged) and her review, a tab
    at a time, with the budget statement's figures and chart."""
    from advisor_app.domain.journey import Stage
    from advisor_app.ui.widgets.forms import ensure_visible

    ws = window.workspace
    open_case("Leah")
    ws.show_stage(Stage.SETUP)
    page = ws.pages[Stage.SETUP]
    for tab, name in ((page.TAB_START, "70-setup-start-plan"), (page.TAB_RECRUITMENT, "71-setup-recruitment"),
                      (page.TAB_HANDOVER, "72-setup-handover-acknowledged")):
        page.show_tab(tab)
        shot(name)
    ws.show_stage(Stage.REVIEWS)
    reviews = ws.pages[Stage.REVIEWS]
    shot("73-reviews-list-next-due")
    reviews.open_current()
    editor = reviews.editor
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        shot(f"{74 + index}-review-tab-{index + 1}")
    ensure_visible(editor.statement.summary)
    shot("81-budget-statement-against-the-plan")
    ensure_visible(editor.statement.chart)
    shot("82-budget-statement-chart")
    editor.close_editor()
    ws.request_back()


def take_agreement(window, shot, open_case) -> None:
    """The agreement stage (not ready, ready, changed); family mode: the PIN set when handing
    over, reading together (and aloud, where there is speech), a wrong PIN, the paused screen,
    each signing step (someone signing for them, a guided hand, a mark, a drawn signature); the
    advisor signing apart; and the versions list once signed."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from advisor_app.domain import journey
    from advisor_app.domain.completeness import Completeness
    from advisor_app.domain.journey import Stage

    ws = window.workspace
    added = not journey.is_built(Stage.AGREEMENT)
    if added:  # until the journey has the agreement's rule, show the page as it will be
        journey.register(Stage.AGREEMENT, lambda sections: Completeness(done=0, total=1))
    try:
        open_case("Tom")
        ws.show_stage(Stage.AGREEMENT)
        if ws.current_stage == Stage.AGREEMENT:
            shot("40-agreement-missing-items")
        ws.request_back()

        open_case("Priya")
        ws.show_stage(Stage.AGREEMENT)
        if ws.current_stage != Stage.AGREEMENT:
            return
        page = ws.pages[Stage.AGREEMENT]
        shot("41-agreement-ready-signed-demo")
        service, case_id = window.session.service, ws.case_id
        person = dict(service.load_case(case_id).sections["person"].data)
        person["address"] = person.get("address", "") + "\nFlat 2"
        ws.run(lambda service: service.save(case_id, "person", person))
        shot("42-agreement-case-changed")

        family = window.family
        _finish(page.read_together())  # the advisor hands the laptop over: a PIN first
        shot("43a-hand-over-pin")
        for line in (family.hand_over_panel.pin, family.hand_over_panel.again):
            line.setText("2468")
        family.hand_over_panel.submit()
        reading = page.reading
        if reading is not None:
            reading.go(1)
            QTest.qWait(800)  # the page is drawn in the background
            shot("43-reading-view")
            if reading.read_from_here():  # where this computer has speech: the words being read
                QTest.qWait(300)
                shot("43b-reading-aloud")
                reading.stop()
            family.ask_advisor()
            family.check.pin.setText("1357")
            family.check.submit()
            shot("43c-give-back-wrong-pin")
            family.check.cancel()
            family.pause()
            shot("43d-paused-nothing-personal")
            family.check.pin.setText("2468")
            family.check.submit()
            reading.signRequested.emit()  # "We have read it: sign"
            _finish(page.working)
        screen = page.signing
        if screen is None:
            return

        def draw(pad) -> None:
            from advisor_app.demo.agreement import synthetic_strokes

            for stroke in synthetic_strokes(2, pad.width(), pad.height()):
                points = [QPoint(int(x), int(y)) for x, y, _t, _p in stroke]
                QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
                for point in points[1:]:
                    QTest.mouseMove(pad, point)
                QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])

        from advisor_app.domain.agreement import SigningMethod

        screen.choose("nominated_person")
        shot("44-signing-1-who")
        screen.go_next()
        screen.capacity.question.choose("stand_in")
        screen.capacity.stand_in_name.setText("Anita Sharma")
        shot("45-signing-2-someone-signs-for-them")
        screen.capacity.question.choose("own")
        screen.go_next()
        screen.confirm.setChecked(True)
        shot("46-signing-3-what-you-agree-to")
        screen.go_next()
        screen.method.choices.choose(SigningMethod.ASSISTED)
        screen.method.supporter.setText("Kiran Sharma")
        shot("46b-signing-4-how-a-guided-hand")
        screen.method.choices.choose(SigningMethod.MARK)
        shot("46c-signing-4-how-a-mark-witnessed")
        screen.method.choices.choose(SigningMethod.DRAWN)
        screen.go_next()
        shot("47-signing-5-empty-pad")
        draw(screen.pad)
        shot("48-signing-5-signature-drawn")
        screen.go_next()
        _finish(screen.applying)
        shot("49-signing-done")
        screen.finished.emit()  # Finish: the laptop goes back to the advisor
        family.check.pin.setText("2468")
        family.check.submit()
        _finish(page.sign_as_advisor(show=False))  # the advisor signs apart, for the provider
        advisor = page.signing
        if advisor is not None:
            advisor.resize(WIDTH, HEIGHT)
            advisor.show()
            advisor.confirm.setChecked(True)
            advisor.go_next()
            draw(advisor.pad)
            shot("49b-signing-the-advisor-apart", advisor)
            advisor.go_next()
            _finish(advisor.applying)
            advisor.deleteLater()
        shot("50-agreement-signed-versions")
        ws.request_back()
    finally:
        if added:
            journey.RULES.pop(Stage.AGREEMENT, None)


if __name__ == "__main__":
    raise SystemExit(main())
