"""The case workspace: the header, the journey navigator and the stage page, and the case's saved
state.

Every edit autosaves (``Autosaver``) as an operation (``ui/operations.py``); so do moving on,
closing and reopening, and what the pages do (a proposal, an assessment). Each operation says
what it changed, and the workspace refreshes only that: it reads again just the changed sections
(``services.refresh_view``), reloads a form only when someone else changed its section, and asks
only the pages that show what changed to refresh (``StagePage.watches``).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.services.changes import Changes
from advisor_app.services.errors import StoreError, error_text
from advisor_app.services.risk import RISK_ENTITIES, case_risk_alerts

from advisor_app.ui.operations import Op
from advisor_app.ui.screens.workspace.header import HeaderBar
from advisor_app.ui.screens.workspace.navigator import Navigator
from advisor_app.ui.screens.workspace.pages import StagePages
from advisor_app.ui.session import Session
from advisor_app.ui.stages import PAGES, StageContext, StagePage
from advisor_app.ui.widgets.autosave import Autosaver
from advisor_app.ui.widgets.forms import FormSection
from advisor_app.ui.widgets.text import TrLabel, shortcut

# What the header's alerts are read from: risk assessments and their decisions, the handover and reviews.
ALERT_ENTITIES = RISK_ENTITIES | {"setup", "review"}

log = logging.getLogger(__name__)
T = TypeVar("T")


class WorkspaceScreen(QWidget):
    backRequested = Signal()
    handOver = Signal(object)  # a family view (reading, signing): the window hands the laptop over

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screen")
        self.session = session
        self.case_id: str | None = None
        self.view: CaseView | None = None
        self.pages = StagePages(self._build_page)
        self._context: StageContext | None = None
        self.current_stage: Stage | None = None
        self._leave_warned = False
        self.autosaver = Autosaver(self._save, parent=self)
        self.autosaver.stateChanged.connect(self._show_save_state)
        self.autosaver.saved.connect(self._after_save)
        self.documents_dialog = None
        session.operationDone.connect(self._on_changes)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = HeaderBar()
        self.header.back_button.clicked.connect(self.request_back)
        self.header.documents_button.clicked.connect(lambda: self.open_documents())
        self.header.reopen_button.clicked.connect(self.reopen_case)
        self.header.move_button.clicked.connect(self.move_on)
        outer.addWidget(self.header)
        splitter = self.splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        nav_box = QWidget()
        nav_box.setObjectName("navBox")
        nav_layout = QVBoxLayout(nav_box)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.setSpacing(0)
        self.navigator = Navigator()
        self.nav_label = TrLabel(N_("&Journey"), object_name="subheading", buddy=self.navigator)
        self.nav_label.setContentsMargins(20, 14, 12, 0)
        nav_layout.addWidget(self.nav_label)
        nav_layout.addWidget(self.navigator, 1)
        self.navigator.stageChosen.connect(self.show_stage)
        splitter.addWidget(nav_box)
        self.stack = QStackedWidget()
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        outer.addWidget(splitter, 1)

        for keys in ("Esc", "Alt+Left"):
            shortcut(keys, self, self.request_back)
        shortcut("Ctrl+S", self, self._save_key)
        shortcut("Ctrl+D", self, lambda: self.open_documents())
        shortcut("Ctrl+PgDown", self, lambda: self._step_stage(+1))
        shortcut("Ctrl+PgUp", self, lambda: self._step_stage(-1))
        self.retranslate_self()

    # -- operations -------------------------------------------------------------------------------
    def run(self, work: Callable[[Any], T], *, initiator: object = None) -> T | None:
        """Run a write on the open store as an operation (``ui/operations.py``): every screen
        then refreshes what it changed. Raises what the service raised."""
        return Op(self.session, work).run(initiator=initiator)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if self.case_id is None or self.view is None or not self.session.is_unlocked:
            return
        if changes.touches(self.case_id):
            try:
                self.view = self.session.service.refresh_view(self.view, changes)
            except StoreError as exc:
                self.show_message(error_text(exc), error=True)
                return
            self._reload_forms(changes, initiator)
            self.navigator.update_view(self.view)
            for page in self.pages.values():
                page.apply_changes(self.view, changes, initiator)
            self._refresh_header(risk=changes.everything or changes.touches(self.case_id, ALERT_ENTITIES))
        if changes.office_status:
            self._show_unsent()

    def _reload_forms(self, changes: Changes, initiator: object) -> None:
        """A section someone else wrote (the office's decision after a sync, another page) shows
        what was saved; the form that saved it, and a form with edits waiting, keep theirs."""
        written = changes.entities(self.case_id) if self.case_id else frozenset()
        for page in self.pages.values():
            for form in page.forms():
                if form.name not in written or initiator in (form, page) or self.autosaver.is_pending(form):
                    continue
                state = self.view.sections.get(form.name) if self.view else None
                data = state.data if state else None
                if data != form.data():
                    form.load(data)

    # -- opening and closing a case -------------------------------------------------------------
    def open_case(self, case_id: str, stage: Stage | None = None) -> None:
        self.drop_case()
        self.case_id = case_id
        self.view = self.session.service.load_case(case_id)
        self._context = StageContext(
            close_case=self.close_case, reopen_case=self.reopen_case, show_message=self.show_message,
            open_stage=self.open_stage, open_documents=self.open_documents,
            service=lambda: self.session.service, case_id=lambda: self.case_id, reload=self.session.changed,
            run=self.run, session=self.session, hand_over=self.handOver.emit)  # pages are built when first shown (see ``StagePages``)
        self._refresh_header(risk=True)
        self._show_unsent()
        self._show_save_state()
        self.navigator.update_view(self.view)
        target = stage or self.view.header.stage
        if target not in self.pages:
            # The furthest built stage the case has reached (its own stage may not be built yet).
            reached = journey.ORDER[: journey.ORDER.index(target) + 1]
            target = next((s for s in reversed(reached) if s in self.pages), next(iter(self.pages)))
        self._fit_navigator()
        self.show_stage(target, focus=True)

    def _build_page(self, stage: Stage) -> StagePage:
        if self._context is None or self.view is None:
            raise KeyError(stage)
        page = PAGES[stage](self._context)
        self.stack.addWidget(page)
        page.load(self.view)
        for form in page.forms():
            self.autosaver.attach(form)
        return page

    def _fit_navigator(self) -> None:
        """Make the navigator wide enough for the longest stage title at the current text size."""
        metrics = QFontMetrics(self.font())
        widest = max(metrics.horizontalAdvance(f"10. {_(info.title)}") for info in journey.STAGES)
        wanted = int(widest * 1.12) + 64
        total = sum(self.splitter.sizes()) or self.width()
        self.splitter.setSizes([wanted, max(total - wanted, 400)])

    def drop_case(self) -> None:
        """Forget the case: stop autosave timers, destroy the pages, clear every label."""
        self.autosaver.reset()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.hide()
            page.setParent(None)
            page.deleteLater()
        self.pages.clear()
        self._context = None
        self.case_id = None
        self.view = None
        self.current_stage = None
        self._leave_warned = False
        self.header.clear()
        self.navigator.update_view(None)
        self._show_save_state()

    def flush(self) -> None:
        if self.case_id is not None and self.session.is_unlocked:
            self.autosaver.flush()
            for page in self.pages.values():  # pages saving records of their own (risk assessments)
                own = getattr(page, "flush", None)
                if callable(own):
                    own()

    def _save_key(self) -> None:
        """Ctrl+S saves what is waiting; a page with its own "save" (a new proposal) does that too."""
        self.flush()
        page = self.pages.get(self.current_stage) if self.current_stage else None
        action = getattr(page, "save_key", None)
        if callable(action):
            action()

    def request_back(self) -> None:
        if self.try_leave():
            self.backRequested.emit()

    def try_leave(self) -> bool:
        """Save what is waiting. If some answers could not be saved, say so once and stay."""
        self.flush()
        invalid = self.autosaver.invalid_forms()
        if invalid and not self._leave_warned:
            self._leave_warned = True
            self.show_message(_("Some answers are not saved yet because they need checking (highlighted). "
                                "Press Esc again to leave without them."), error=True)
            self._focus_first_problem()
            return False
        return True

    def _focus_first_problem(self) -> None:
        """Go to the first answer marked beside its field: refused, or still needed."""
        for stage, page in self.pages.items():
            if any(form.has_errors() for form in page.forms()):
                self.show_stage(stage)
                page.focus_first_problem()
                return

    # -- stages -----------------------------------------------------------------------------------
    def show_stage(self, stage: Stage, *, focus: bool = False) -> None:
        if stage not in self.pages:
            return
        if self.current_stage is not None and stage != self.current_stage:
            self.flush()
        self.current_stage = stage
        page = self.pages[stage]
        self.stack.setCurrentWidget(page)
        self.navigator.select(stage)
        if focus:
            page.focus_first()

    def open_stage(self, stage: Stage, tab: int | None = None) -> None:
        """Go to another stage (for a page's "go to ..." link), and to one of its tabs."""
        if stage not in self.pages:
            self.show_message(_("“{stage}” is not ready in this version yet.", stage=_(journey.info(stage).title)))
            return
        self.show_stage(stage, focus=tab is None)
        if tab is not None:
            self.pages[stage].show_tab(tab)
            self.pages[stage].focus_first()

    def open_documents(self, kind: str | None = None):
        """The case's documents: make, preview, save to the case, save a copy, print."""
        if self.case_id is None or not self.session.is_unlocked:
            return None
        from advisor_app.ui.screens.documents import DocumentsDialog

        self.flush()
        dialog = DocumentsDialog(self.session, self.case_id, kind=kind, parent=self)
        self.documents_dialog = dialog
        try:
            dialog.exec()
        finally:
            self.documents_dialog = None
            dialog.deleteLater()
        return dialog

    def _step_stage(self, delta: int) -> None:
        stages = list(self.pages)
        if self.current_stage in stages:
            index = (stages.index(self.current_stage) + delta) % len(stages)
            self.show_stage(stages[index], focus=True)

    def next_stage(self) -> Stage | None:
        if self.view is None:
            return None
        index = journey.ORDER.index(self.view.header.stage)
        return journey.ORDER[index + 1] if index + 1 < len(journey.ORDER) else None

    def move_on(self) -> None:
        target = self.next_stage()
        if target is None or self.case_id is None:
            return
        self.flush()  # what was typed just now counts (the view follows each save)
        reason = self.view.why_not_move(target) if self.view else None
        if reason:
            self.show_message(self._blocked_text(reason), error=True)
            return
        case_id = self.case_id
        result = self.run(lambda service: service.move_stage(case_id, target), initiator=self)
        if not result.ok:
            self.show_message(_(next(iter(result.errors.values()))), error=True)
            return
        self.show_message(_("Moved on to “{stage}”.", stage=_(journey.info(target).title)))
        if target in self.pages:
            self.show_stage(target, focus=True)

    def _blocked_text(self, reason: str) -> str:
        """The journey's reason; an unfinished stage is shown as a list of what is still needed."""
        here = self.view.header.stage if self.view else None
        target = self.next_stage()
        detail = self.view.blocked(target) if (self.view and here and target) else None
        if detail is not None and detail.still_needed:
            lines = [_("Before moving on, “{stage}” still needs:", stage=_(journey.info(here).title))]
            lines += [f"\u2022 {_(item)}" for item in detail.still_needed]
            return "\n".join(lines)
        return _(reason)

    def close_case(self) -> None:
        if self.case_id is None:
            return
        self.flush()
        if self.autosaver.invalid_forms():
            self.show_message(_("Please check the highlighted answers first: they are not saved yet."), error=True)
            self._focus_first_problem()
            return
        case_id = self.case_id
        result = self.run(lambda service: service.close_case(case_id), initiator=self)
        if not result.ok:
            self.show_message(_(next(iter(result.errors.values()))), error=True)
            self._focus_first_problem()
            return
        self.show_message(_("The case is closed. The honest answer and where the family was pointed are kept."))
        self.header.reopen_button.setFocus()

    def reopen_case(self) -> None:
        if self.case_id is None:
            return
        case_id = self.case_id
        result = self.run(lambda service: service.reopen_case(case_id), initiator=self)
        if not result.ok:
            self.show_message(_(next(iter(result.errors.values()))), error=True)
            return
        self.show_message(_("The case is open again."))

    # -- saving -----------------------------------------------------------------------------------
    def _save(self, form: FormSection) -> Op:
        """The autosaver's operation for ``form`` (it runs it, then announces what it wrote)."""
        if self.case_id is None:
            raise StoreError(N_("No case is open."))
        case_id, section, data = self.case_id, form.name, form.data()
        return Op(self.session, lambda service: service.save(case_id, section, data))

    def _after_save(self, _section: str) -> None:
        self._leave_warned = False
        self.header.hide_message()  # what it said may no longer be true

    def _show_save_state(self) -> None:
        self.header.show_save_state(self.autosaver.state, self.autosaver.failure, self.autosaver.saved_at,
                                    open_case=self.case_id is not None)

    def save_state_text(self) -> str:
        return self.header.save_state.text()

    # -- the header -------------------------------------------------------------------------------
    def _refresh_header(self, *, risk: bool) -> None:
        view = self.view
        if view is None:
            return
        self.header.show_case(view, self.next_stage())
        if risk:
            from advisor_app.services.reviews import case_review_alerts  # on first use: not needed at launch

            try:
                alerts = (case_risk_alerts(self.session.service, view.id)
                          + case_review_alerts(self.session.service, view.id))
            except StoreError:
                alerts = []
            self.header.show_risk_alerts(alerts)
        if self.isVisible():  # not while the family has the laptop (another screen is shown)
            self.show_title()

    def show_title(self) -> None:
        """The window's title names the open case."""
        window = self.window()
        if self.view is not None and window is not None and window is not self:
            window.setWindowTitle(_("{name} ({reference}) – Support Advisor",
                                    name=self.header.title.text(), reference=self.view.header.reference))

    def _show_unsent(self) -> None:
        try:
            count = self.session.service.unsent_count()
        except StoreError:
            count = 0
        self.header.show_unsent(count)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.header.show_message(text, error=error)

    def message_text(self) -> str:
        return self.header.message_text()

    def retranslate_self(self) -> None:
        self.navigator.setAccessibleName(_("Journey: the stages of this case"))
        self.navigator.update_view(self.view)
        self._show_save_state()
        self._refresh_header(risk=self.view is not None)
        if self.view is not None:
            self._show_unsent()
