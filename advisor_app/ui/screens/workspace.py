"""The case workspace: the journey navigator, the stage page, and the case's saved state.

Every edit autosaves (``Autosaver``); after each save the case is read again so the navigator's
completeness, the header and the count of changes not yet at the office stay true.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Iterator, Mapping

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.services import CaseView
from advisor_app.services.risk import case_risk_alerts
from advisor_app.store.errors import StoreError
from advisor_app.ui.screens.common import error_text
from advisor_app.ui.session import Session
from advisor_app.ui.stages import PAGES, StageContext, StagePage, has_page
from advisor_app.ui import theme
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets import communication
from advisor_app.ui.widgets.autosave import Autosaver, SaveState
from advisor_app.ui.widgets.text import TrButton, TrLabel, shortcut

log = logging.getLogger(__name__)

STAGE_ROLE = Qt.ItemDataRole.UserRole + 1
TICK = "\u2713"


def completeness_text(view: CaseView | None, stage: Stage) -> str:
    if not has_page(stage) or not journey.is_built(stage):
        return _("Coming soon")
    done = view.completeness(stage) if view is not None else None
    if done is None:
        return ""
    if done.complete:
        return f"{TICK} " + _("Complete")
    return _("{done} of {total} done", done=done.done, total=done.total)


TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
HERE_ROLE = Qt.ItemDataRole.UserRole + 4
COMPLETE_ROLE = Qt.ItemDataRole.UserRole + 5


class StageDelegate(QStyledItemDelegate):
    """Paints a stage as a bold title over a quieter status line, with a "here now" pill."""

    PAD_X, PAD_Y, GAP = 14, 10, 3

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 (Qt API)
        title, small = self._fonts(option)
        height = QFontMetrics(title).lineSpacing() + QFontMetrics(small).lineSpacing() + 2 * self.PAD_Y + self.GAP
        return QSize(200, height + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        c = theme.current()
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver) and enabled
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        rect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected or hover:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c["selection"] if selected else c["hover"]))
            painter.drawRoundedRect(rect, 8, 8)
        if focused and option.widget is not None and option.widget.hasFocus():
            pen = QPen(QColor(c["focus"]), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 8, 8)
        title_font, small_font = self._fonts(option)
        text_colour = QColor(c["selection_text"] if selected else (c["text"] if enabled else c["muted"]))
        x = rect.left() + self.PAD_X
        y = rect.top() + self.PAD_Y
        width = rect.width() - 2 * self.PAD_X
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title_metrics = QFontMetrics(title_font)
        title = title_metrics.elidedText(index.data(TITLE_ROLE) or "", Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, title_metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, title)
        y += title_metrics.lineSpacing() + self.GAP
        painter.setFont(small_font)
        small_metrics = QFontMetrics(small_font)
        status = index.data(STATUS_ROLE) or ""
        complete = bool(index.data(COMPLETE_ROLE))
        status_colour = QColor(c["success"]) if complete and enabled and not selected else (
            text_colour if selected else QColor(c["muted"]))
        painter.setPen(status_colour)
        painter.drawText(QRect(x, y, width, small_metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, status)
        here = index.data(HERE_ROLE)
        if here:
            pill_w = small_metrics.horizontalAdvance(here) + 16
            pill = QRect(rect.right() - self.PAD_X - pill_w + 6, y - 2, pill_w, small_metrics.lineSpacing() + 4)
            pill = QStyle.visualRect(option.direction, rect, pill)  # on the left when the screen mirrors
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c["accent"]))
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(QColor(c["accent_text"]))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, here)
        painter.restore()


class Navigator(QListWidget):
    """Every stage of the journey with its completeness; stages not built yet are disabled."""

    stageChosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setSpacing(0)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(StageDelegate(self))
        self.setMouseTracking(True)
        for info in journey.STAGES:
            item = QListWidgetItem()
            item.setData(STAGE_ROLE, info.stage.value)
            self.addItem(item)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)
        self.currentItemChanged.connect(lambda item, _prev: self._chosen(item) if item else None)

    def _chosen(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.stageChosen.emit(Stage(item.data(STAGE_ROLE)))

    def item_for(self, stage: Stage) -> QListWidgetItem:
        return self.item(journey.ORDER.index(stage))

    def select(self, stage: Stage) -> None:
        self.blockSignals(True)
        self.setCurrentItem(self.item_for(stage))
        self.blockSignals(False)

    def update_view(self, view: CaseView | None) -> None:
        here = view.header.stage if view is not None else None
        for number, info in enumerate(journey.STAGES, start=1):
            item = self.item_for(info.stage)
            built = has_page(info.stage) and journey.is_built(info.stage)
            status = completeness_text(view, info.stage)
            item.setText(f"{number}. {_(info.title)}\n{status}")
            item.setData(TITLE_ROLE, f"{number}. {_(info.title)}")
            item.setData(STATUS_ROLE, status)
            item.setData(HERE_ROLE, _("Here now") if info.stage == here else "")
            done = view.completeness(info.stage) if (view is not None and built) else None
            item.setData(COMPLETE_ROLE, bool(done and done.complete))
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled if built else Qt.ItemFlag.NoItemFlags
            item.setFlags(flags)
            item.setToolTip(_(info.summary) if built else _("Coming soon: {summary}", summary=_(info.summary)))
            spoken = f"{number}. {_(info.title)}: {status}"
            if info.stage == here:
                spoken += ". " + _("The case is at this stage.")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, _(info.summary))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.fontMetrics().horizontalAdvance("0" * 30), 400)


class StagePages(Mapping):
    """The case's stage pages, each built the first time it is asked for (opening a case builds
    only the stage shown). ``stage in pages`` and iterating give every stage that has a page, in
    journey order; ``values()`` and ``items()`` give only the pages built so far."""

    def __init__(self, build: Callable[[Stage], StagePage]):
        self._build = build
        self._built: dict[Stage, StagePage] = {}

    def stages(self) -> list[Stage]:
        return [s for s in journey.ORDER if has_page(s) and journey.is_built(s)]

    def __getitem__(self, stage: Stage) -> StagePage:
        if stage not in self._built:
            if stage not in self.stages():
                raise KeyError(stage)
            self._built[stage] = self._build(stage)
        return self._built[stage]

    def __contains__(self, stage: object) -> bool:
        return stage in self.stages()

    def __iter__(self) -> Iterator[Stage]:
        return iter(self.stages())

    def __len__(self) -> int:
        return len(self.stages())

    def is_built(self, stage: Stage) -> bool:
        return stage in self._built

    def values(self):  # type: ignore[override]
        return list(self._built.values())

    def items(self):  # type: ignore[override]
        return list(self._built.items())

    def clear(self) -> None:
        self._built.clear()


class WorkspaceScreen(QWidget):
    backRequested = Signal()

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

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
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

    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("header")
        layout = QVBoxLayout(header)
        layout.setContentsMargins(24, 12, 24, 16)
        layout.setSpacing(8)

        top = QHBoxLayout()
        self.back_button = TrButton(N_("\u2190 Back to cases"), flat=True,
                                    accessible_name=N_("Back to the list of cases"),
                                    tooltip=N_("Back to the list of cases (Esc or Alt+Left)"))
        self.back_button.clicked.connect(self.request_back)
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.documents_button = TrButton(N_("&Documents…"), flat=True,
                                         tooltip=N_("Make, preview, save and print this case's documents (Ctrl+D)"))
        self.documents_button.clicked.connect(lambda: self.open_documents())
        top.addWidget(self.documents_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(12)
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        self.save_state.setAccessibleName(_("Saved state"))
        top.addWidget(self.save_state, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(18)
        self.unsent = QLabel()
        self.unsent.setObjectName("badge")
        top.addWidget(self.unsent, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)

        title_row = QHBoxLayout()
        title_row.setSpacing(12)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_row.addWidget(self.title)
        self.reference = QLabel()
        self.reference.setObjectName("badge")
        title_row.addWidget(self.reference, 0, Qt.AlignmentFlag.AlignVCenter)
        self.stage_badge = QLabel()
        self.stage_badge.setObjectName("badge")
        title_row.addWidget(self.stage_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.communication = QLabel()  # the communication needs flag (Accessible Information Standard)
        self.communication.setObjectName("badge")
        title_row.addWidget(self.communication, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        self.reopen_button = TrButton(N_("Reopen case"))
        self.reopen_button.clicked.connect(self.reopen_case)
        title_row.addWidget(self.reopen_button)

        self.move_button = TrButton("", primary=True)
        self.move_button.clicked.connect(self.move_on)
        title_row.addWidget(self.move_button)
        layout.addLayout(title_row)

        self.closed_banner = QLabel()
        self.closed_banner.setObjectName("inlineInfo")
        self.closed_banner.setWordWrap(True)
        self.closed_banner.hide()
        layout.addWidget(self.closed_banner)
        self.risk_alerts = QLabel()  # the case's risk assessment reviews overdue, due, awaited
        self.risk_alerts.setObjectName("inlineError")
        self.risk_alerts.setWordWrap(True)
        self.risk_alerts.hide()
        layout.addWidget(self.risk_alerts)
        self.message = QLabel()
        self.message.setObjectName("inlineInfo")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        return header

    # -- opening and closing a case -------------------------------------------------------------
    def open_case(self, case_id: str, stage: Stage | None = None) -> None:
        self.drop_case()
        self.case_id = case_id
        self.view = self.session.service.load_case(case_id)
        context = StageContext(close_case=self.close_case, reopen_case=self.reopen_case,
                               show_message=self.show_message, open_stage=self.open_stage,
                               open_documents=self.open_documents,
                               service=lambda: self.session.service, case_id=lambda: self.case_id,
                               reload=self._after_change)
        self._context = context  # pages are built when first shown (see ``StagePages``)
        self._refresh_header()
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
        self.title.clear()
        self.reference.clear()
        self.stage_badge.clear()
        self.communication.hide()
        self.closed_banner.hide()
        self.risk_alerts.hide()
        self.risk_alerts.clear()
        self.message.hide()
        self.message.clear()
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
        dialog.saved.connect(self._reload)
        self.documents_dialog = dialog
        try:
            dialog.exec()
        finally:
            self.documents_dialog = None
            dialog.deleteLater()
        return dialog

    def _after_change(self) -> None:
        """A page wrote something itself (a proposal): the case is read again everywhere."""
        self.session.changed()
        self._reload()

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
        self.flush()
        self._reload()
        reason = self.view.why_not_move(target) if self.view else None
        if reason:
            self.show_message(self._blocked_text(reason), error=True)
            return
        result = self.session.service.move_stage(self.case_id, target)
        if not result.ok:
            self.show_message(_(next(iter(result.errors.values()))), error=True)
            return
        self.session.changed()
        self._reload()
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
        result = self.session.service.close_case(self.case_id)
        if not result.ok:
            self.show_message(_(next(iter(result.errors.values()))), error=True)
            self._focus_first_problem()
            return
        self.session.changed()
        self._reload()
        self.show_message(_("The case is closed. The honest answer and where the family was pointed are kept."))
        self.reopen_button.setFocus()

    def reopen_case(self) -> None:
        if self.case_id is None:
            return
        result = self.session.service.reopen_case(self.case_id)
        if not result.ok:
            self.show_message(_(next(iter(result.errors.values()))), error=True)
            return
        self.session.changed()
        self._reload()
        self.show_message(_("The case is open again."))

    # -- saving -----------------------------------------------------------------------------------
    def _save(self, section: str, data: dict[str, Any]) -> Any:
        if self.case_id is None:
            raise StoreError(N_("No case is open."))
        return self.session.service.save(self.case_id, section, data)

    def _after_save(self, _section: str) -> None:
        self._leave_warned = False
        self.message.hide()  # what it said may no longer be true
        self.session.changed()
        self._reload()

    def _reload(self) -> None:
        if self.case_id is None or not self.session.is_unlocked:
            return
        try:
            self.view = self.session.service.load_case(self.case_id)
        except StoreError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self._refresh_header()
        self.navigator.update_view(self.view)
        for page in self.pages.values():
            page.refresh(self.view)

    def _show_save_state(self) -> None:
        state = self.autosaver.state
        texts = {
            SaveState.IDLE: f"{TICK} " + _("Saved"),
            SaveState.PENDING: _("Saving…"),
            SaveState.SAVED: f"{TICK} " + _("Saved"),
            SaveState.INVALID: _("Not saved: check the highlighted answers"),
            SaveState.FAILED: _("Not saved: {problem}", problem=_(self.autosaver.failure or "")),
        }
        self.save_state.setText(texts[state] if self.case_id else "")
        self.save_state.setProperty("state", state.value)
        self.save_state.setAccessibleName(self.save_state.text())
        if self.autosaver.saved_at is not None and state == SaveState.SAVED:
            self.save_state.setToolTip(_("Saved at {time}", time=self.autosaver.saved_at.strftime("%H:%M:%S")))
        else:
            self.save_state.setToolTip("")
        repolish(self.save_state)

    def save_state_text(self) -> str:
        return self.save_state.text()

    # -- the header -------------------------------------------------------------------------------
    def _refresh_header(self) -> None:
        view = self.view
        if view is None:
            return
        header = view.header
        self.title.setText(header.person_name or _("Name not known yet"))
        self.reference.setText(header.reference)
        self.reference.setAccessibleName(_("Case reference {reference}", reference=header.reference))
        closed = header.status == Status.CLOSED
        stage_title = _(journey.info(header.stage).title)
        self.stage_badge.setText(_("Closed") if closed else _("Stage: {stage}", stage=stage_title))
        self.stage_badge.setAccessibleName(self.stage_badge.text())
        self.communication.setText(communication.flag_text(header.communication))
        self.communication.setAccessibleName(communication.flag_description(header.communication))
        self.communication.setToolTip(self.communication.accessibleName())
        self.communication.setVisible(bool(header.communication))
        self.reopen_button.setVisible(closed)
        self.documents_button.setVisible(not closed)
        self.closed_banner.setVisible(closed)
        self.closed_banner.setText(_("This case is closed: we could not help this time. You can still correct what "
                                     "was recorded, or reopen the case if things change."))
        target = self.next_stage()
        self.move_button.setVisible(target is not None and not closed)
        if target is not None:
            title = _(journey.info(target).title)
            self.move_button.set_source(lambda: _("&Move on to “{stage}” \u2192", stage=title),
                                        accessible_name=lambda: _("Move on to the next stage, “{stage}”", stage=title))
            reason = view.why_not_move(target)
            self.move_button.setToolTip(_(reason) if reason else _("Everything needed is done."))
        try:
            alerts = case_risk_alerts(self.session.service, view.id)
        except StoreError:
            alerts = []
        self.risk_alerts.setText("\n".join(f"\u26a0 {_(alert)}" for alert in alerts))
        self.risk_alerts.setAccessibleName(self.risk_alerts.text())
        self.risk_alerts.setVisible(bool(alerts))
        try:
            count = self.session.service.unsent_count()
        except StoreError:
            count = 0
        self.unsent.setText(ngettext("{n} change not yet at the office", "{n} changes not yet at the office", count)
                            if count else _("Everything is at the office"))
        self.unsent.setAccessibleName(self.unsent.text())
        window = self.window()
        if window is not None and window is not self:
            window.setWindowTitle(_("{name} ({reference}) – Support Advisor",
                                    name=self.title.text(), reference=header.reference))

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        self.message.setAccessibleName(text)
        repolish(self.message)
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def retranslate_self(self) -> None:
        self.navigator.setAccessibleName(_("Journey: the stages of this case"))
        self.navigator.update_view(self.view)
        self._show_save_state()
        self._refresh_header()
