"""One assessment as a guided form: fourteen steps down the left, one at a time on the right, Next
and Back (Alt+Right, Alt+Left). Every edit autosaves as an operation; the reasons that still stop
"send for the manager's decision" are shown at the send step, each with a jump to its field."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.risk import (
    DECISION_LABELS,
    DOING_NOTHING_PARTIES,
    MAX_REVIEWS,
    Status,
)
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.services import risk as risk_service
from advisor_app.services.errors import StoreError
from advisor_app.ui.operations import Op
from advisor_app.ui.stages.base import StageContext
from advisor_app.ui.widgets.autosave import Autosaver
from advisor_app.ui.widgets.fields import (
    Binding,
    HiddenBinding,
)
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordList, ensure_visible, scroll_page
from advisor_app.ui.widgets.risk_matrix import PILL_ROLE
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

from advisor_app.ui.stages.risk.common import (
    REVIEW_STEP,
    SEND_STEP,
    STEPS,
    date_text,
    serves_links,
    status_pill_style,
    step_of,
)
from advisor_app.ui.stages.risk.steps import StepForms
from advisor_app.ui.widgets.read_only import mark_reads


class _StepKeys(QObject):
    """Alt+Right / Alt+Left step through the form while focus is inside the editor (the workspace's
    own Alt+Left, back to the cases, still works everywhere else)."""

    def __init__(self, editor: "AssessmentEditor"):
        super().__init__(editor)
        self.editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if event.modifiers() != Qt.KeyboardModifier.AltModifier or event.key() not in (Qt.Key.Key_Left,
                                                                                     Qt.Key.Key_Right):
            return False
        focus = QApplication.focusWidget()
        if not self.editor.isVisible() or focus is None or not self.editor.isAncestorOf(focus) or watched is not focus:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        self.editor.step(+1 if event.key() == Qt.Key.Key_Right else -1)
        return True


class AssessmentEditor(StepForms, QWidget):
    closed = Signal()  # back to the list

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.matrix = risk_service.risk_matrix()
        self.view: risk_service.AssessmentView | None = None
        self.case_view: CaseView | None = None
        self.form = FormSection("risk_assessment", self)
        self.autosaver = Autosaver(self._save, parent=self)
        self.autosaver.saved.connect(lambda _n: self._after_save())
        self.autosaver.stateChanged.connect(self._show_save_state)
        self.step_rows: list[QWidget] = []
        self._needed_shown = False
        self._step_widgets: list[QWidget] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_top())
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        side = QWidget()
        side.setObjectName("navBox")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 12, 8, 12)
        self.steps = QListWidget()
        self.steps.setObjectName("riskSteps")
        self.steps.setStyleSheet("QListWidget#riskSteps::item { padding: 7px 6px; }")
        self.steps.setWordWrap(True)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps_label = TrLabel(N_("Steps"), object_name="subheading", buddy=self.steps)
        side_layout.addWidget(self.steps_label)
        side_layout.addWidget(self.steps, 1)
        for note in self._build_notes():
            side_layout.addWidget(note)
        side.setFixedWidth(270)
        body.addWidget(side)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        right.addWidget(self.pages, 1)
        nav = QHBoxLayout()
        nav.setContentsMargins(32, 8, 32, 12)
        self.back_button = TrButton(N_("\u2190 Back"), tooltip=N_("The step before (Alt+Left)"))
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.step_label = QLabel()
        self.step_label.setObjectName("hint")
        self.next_button = TrButton(N_("Next \u2192"), primary=True, tooltip=N_("The next step (Alt+Right)"))
        self.next_button.clicked.connect(lambda: self.step(+1))
        mark_reads(self.back_button, self.next_button)  # they only move through the form
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.step_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right.addLayout(nav)
        body.addLayout(right, 1)
        outer.addLayout(body, 1)

        builders: list[Callable[[FormLayout], None]] = [
            self._what, self._important, self._four_plus_one, self._capacity, self._liberty, self._doing_nothing,
            self._measures, self._residual, self._monitoring, self._assessors, self._instructions,
            self._consultation, self._reviews, self._send]
        for index, build in enumerate(builders):
            content = QWidget()
            layout = FormLayout(content)
            layout.addWidget(heading(lambda i=index: f"{i + 1}. {_(STEPS[i][0])}", 1))
            build(layout)
            layout.addStretch(1)
            self._step_widgets.append(content)
            self.pages.addWidget(scroll_page(content, max_width=960))
            self.steps.addItem(QListWidgetItem(""))
        self.steps.currentRowChanged.connect(self._show_step)
        self.autosaver.attach(self.form)
        self.form.show_when([self.person_decision, self.in_their_words], self._has_capacity)
        # Watching the whole application only while the editor is on screen: an application-wide
        # filter sees every event, so a hidden editor must not keep one.
        self.step_keys = _StepKeys(self)
        self.steps.setCurrentRow(0)
        self.retranslate_self()

    # -- loading and saving -----------------------------------------------------------------------------
    def open(self, assessment_id: str, case_view: CaseView | None) -> None:
        self.autosaver.flush()
        self.case_view = case_view
        self.serves.set_links(serves_links(case_view))
        self.view = risk_service.load_assessment(self.context.service(), assessment_id)
        self.form.load(self.view.data)
        self.review_form.load({"reviewed_on": None})
        self.review_message.hide()
        self.send_message.hide()
        self._needed_shown = False
        self.refresh()
        self.steps.setCurrentRow(0)

    def _save(self, form: FormSection) -> Op:
        """The autosaver's operation (it runs it, then announces what it wrote, this form the initiator)."""
        if self.view is None:
            raise StoreError(N_("No assessment is open."))
        case_id, assessment_id, data = self.view.case_id, self.view.id, form.data()
        return Op(self.context.session,
                  lambda service: risk_service.save_assessment(service, case_id, assessment_id, data))

    def flush(self) -> None:
        if self.view is not None:
            self.autosaver.flush()

    def _after_save(self) -> None:
        self.reload()  # the editor made the change: it reads its assessment again itself

    def reload(self) -> None:
        if self.view is None:
            return
        try:
            self.view = risk_service.load_assessment(self.context.service(), self.view.id)
        except StoreError:
            return
        self.refresh()

    def _show_save_state(self) -> None:
        state = self.autosaver.state.value
        texts = {"pending": _("Saving…"), "invalid": _("Not saved: check the highlighted answers"),
                 "failed": _("Not saved: {problem}", problem=_(self.autosaver.failure or ""))}
        self.save_state.setText(texts.get(state, "\u2713 " + _("Saved")))
        self.save_state.setProperty("state", state)
        self.save_state.setAccessibleName(self.save_state.text())

    # -- what is shown from the view ---------------------------------------------------------------------
    def step_issues(self) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = {i: [] for i in range(len(STEPS))}
        for issue in self.view.send_issues if self.view else []:
            out[step_of(issue.field)].append(issue)
        return out

    def refresh(self) -> None:
        view = self.view
        if view is None:
            return
        issues = self.step_issues()
        for index, (title, _paths) in enumerate(STEPS):
            item = self.steps.item(index)
            count = len(issues[index])
            if index == SEND_STEP:
                mark = "\u2713" if view.status != Status.DRAFT else "\u2192"
                state = _("sent") if view.status != Status.DRAFT else _("not sent yet")
            elif index == REVIEW_STEP:
                mark = "\u21bb"
                state = _("{n} of {most} reviews", n=len(view.assessment.reviews), most=MAX_REVIEWS)
            elif count:
                mark = "\u2022"
                state = _("{n} still needed", n=count)
            else:
                mark, state = "\u2713", _("complete")
            item.setText(f"{mark}  {index + 1}. {_(title)}")
            item.setToolTip(state)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{index + 1}. {_(title)}: {state}")
        self.reference.setText(view.assessment.reference)
        self.heading.setText(view.assessment.title or _("Untitled assessment"))
        self.status.setText(_(view.status_words))
        self.status.setStyleSheet(status_pill_style(view.status))
        self.status.setAccessibleName(_("Status: {status}", status=_(view.status_words)))
        has_capacity = view.assessment.capacity.has_capacity.value == "yes"
        who = _("Who decides: {who}", who=_(view.who_decided))
        self.who_decided.setText(who)
        self.who_decided.setVisible(has_capacity or view.decision is not None)
        self.who_decided_step.setText(who)
        self.who_decided_step.setVisible(has_capacity)
        guidance = view.dols_guidance
        self.dols_banner.setVisible(guidance is not None)
        self.dols_banner.setText("\u26a0 " + _("Deprivation of liberty: follow the separate process (step 5) "
                                               "before the activity goes ahead."))
        self.dols_notice.setVisible(guidance is not None)
        self.dols_title.setVisible(guidance is not None)
        self.dols_text.setVisible(guidance is not None)
        if guidance is not None:
            self.dols_title.setText(_(guidance.title))
            self.dols_text.setText("\n\n".join(_(p) for p in guidance.paragraphs))
        self._refresh_nothing_table()
        self._refresh_reviews()
        self._refresh_send(issues)
        self._show_needed_beside_fields()
        consultation = [f"\u2192 {_(i.message)}" for i in issues[step_of("consultation")]]
        self.consultation_message.setText("\n".join(consultation))
        self.consultation_message.setVisible(bool(consultation))
        self._refresh_decision()
        self._update_nav()

    def _refresh_nothing_table(self) -> None:
        view = self.view
        self.nothing_table.setHorizontalHeaderLabels([_("Who"), _("Impact"), _("Opportunity lost"), _("Severity")])
        for row, (party, label) in enumerate(DOING_NOTHING_PARTIES.items()):
            consequence = getattr(view.assessment.doing_nothing, party)
            sev = view.severities.get(f"doing_nothing.{party}")
            values = [_(label), consequence.impact or "\u2014", consequence.opportunity_lost or "\u2014"]
            for column, text in enumerate(values):
                self.nothing_table.setItem(row, column, QTableWidgetItem(text))
            words = _(sev.words) if sev else _("Not rated yet")
            item = QTableWidgetItem(f"{words} ({sev.score})" if sev else words)
            if sev is not None:
                item.setData(PILL_ROLE, (sev.colour, sev.text_colour))
            self.nothing_table.setItem(row, 3, item)
        self.nothing_table.resizeRowsToContents()
        rows_height = sum(self.nothing_table.rowHeight(r) for r in range(self.nothing_table.rowCount()))
        self.nothing_table.setFixedHeight(self.nothing_table.horizontalHeader().sizeHint().height() + rows_height + 8)

    def _refresh_reviews(self) -> None:
        view = self.view
        reviews = view.assessment.reviews
        self.review_table.setHorizontalHeaderLabels([_("Reviewed on"), _("Changed?"), _("Notes"), _("By")])
        self.review_table.setRowCount(max(len(reviews), 1))
        if not reviews:
            self.review_table.setItem(0, 0, QTableWidgetItem(_("No reviews yet")))
            for column in range(1, 4):
                self.review_table.setItem(0, column, QTableWidgetItem(""))
        for row, review in enumerate(reviews):
            for column, text in enumerate((date_text(review.reviewed_on), _("Yes") if review.changed else _("No"),
                                           review.notes, review.reviewed_by)):
                self.review_table.setItem(row, column, QTableWidgetItem(text))
        self.review_table.resizeRowsToContents()
        rows_height = sum(self.review_table.rowHeight(r) for r in range(self.review_table.rowCount()))
        self.review_table.setFixedHeight(self.review_table.horizontalHeader().sizeHint().height() + rows_height + 8)
        changes = [_("{date}: {what}", date=date_text(c.recorded_on), what=c.what_changed) for c in view.changes]
        self.changes_label.setText(_("Changes in health or circumstances:") + "\n" + "\n".join(changes)
                                   if changes else "")
        self.changes_label.setVisible(bool(changes))
        due = date_text(view.next_review_on) if view.next_review_on else ""
        self.add_review_button.setToolTip(_("Next review by {date}", date=due) if due else "")

    def _refresh_send(self, issues: dict[int, list[Any]]) -> None:
        view = self.view
        for button in self.reason_buttons:
            button.hide()
            button.deleteLater()
        self.reason_buttons = []
        if view.send_issues:
            self.send_status.setText(_("Before it can go to the manager, this is still needed ({n}). Choose one "
                                       "to go to it:", n=len(view.send_issues)))
        elif view.status == Status.AWAITING_MANAGER:
            self.send_status.setText(_("Sent: awaiting the manager's decision. The activity is not approved yet."))
        else:
            self.send_status.setText(_("Everything needed is here. It can go to the manager."))
        for issue in view.send_issues:
            step = step_of(issue.field)
            button = TrButton(lambda i=issue, s=step: f"\u2192 {_(i.message)}  ({_('step {n}', n=s + 1)})",
                              flat=True, accessible_name=lambda i=issue: _("Go to: {reason}", reason=_(i.message)))
            button.setObjectName("reasonLink")
            button.setMinimumWidth(1)  # a long reason is cut, not the page made wider (full text in the tip)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setToolTip(_(issue.message))
            button.setStyleSheet("text-align: left;")
            button.clicked.connect(lambda _c=False, f=issue.field: self.go_to_field(f))
            self.reasons_layout.addWidget(button)
            self.reason_buttons.append(button)
        self.send_button.setEnabled(not view.send_issues and view.status != Status.AWAITING_MANAGER)

    def _show_needed_beside_fields(self) -> None:
        """Once the advisor has looked at the send step, each reason also shows beside its field."""
        if not self._needed_shown or self.view is None:
            return
        needed: dict[str, str] = {}
        for issue in self.view.send_issues:
            binding = self.binding_for(issue.field)
            path = binding.path if binding is not None else issue.field
            needed[path] = f"{needed[path]} {_(issue.message)}" if path in needed else _(issue.message)
        self.form.show_reminders({k: v for k, v in needed.items() if "." not in k or k.startswith(
            ("four_plus_one.", "capacity.", "residual_risk.", "doing_nothing."))})

    def _refresh_decision(self) -> None:
        view = self.view
        decision = view.decision
        if decision is None or not view.decision_applies:
            text = (_("Awaiting the manager's decision.") if view.status == Status.AWAITING_MANAGER
                    else _("No decision yet: send the assessment first."))
            self.decision_banner.hide()
        else:
            lines = [_("{decision}, by {manager} on {date}", decision=_(DECISION_LABELS[decision.decision]),
                       manager=decision.manager_name, date=date_text(decision.decided_on))]
            if decision.conditions:
                lines.append(_("Conditions: {details}", details=decision.conditions))
            if decision.notes:
                lines.append(_("Notes: {details}", details=decision.notes))
            text = "\n".join(lines)
            self.decision_banner.setText(_("The manager's decision: {details}", details=lines[0]))
            self.decision_banner.show()
        self.decision_text.setText(text)
        self.decision_text.setAccessibleName(_("The manager's decision: {details}", details=text))

    # -- moving about ---------------------------------------------------------------------------------
    def current_step(self) -> int:
        return self.steps.currentRow()

    def _show_step(self, index: int) -> None:
        if index < 0:
            return
        if index == SEND_STEP and not self._needed_shown:
            self._needed_shown = True
            self._show_needed_beside_fields()
        self.pages.setCurrentIndex(index)
        self._update_nav()

    def _update_nav(self) -> None:
        index = self.current_step()
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(STEPS) - 1)
        self.step_label.setText(_("Step {n} of {total}", n=index + 1, total=len(STEPS)))

    def step(self, delta: int) -> None:
        target = self.current_step() + delta
        if 0 <= target < len(STEPS):
            self.show_step(target, focus=True)

    def show_step(self, index: int, *, focus: bool = False) -> None:
        self.steps.setCurrentRow(index)
        if focus:
            self.focus_step(index)

    def focus_step(self, index: int) -> None:
        page = self._step_widgets[index]
        for binding in self.form.bindings:
            if page.isAncestorOf(binding.row) and binding.row.isVisibleTo(page):
                control = binding.control()
                if control.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    binding.focus()
                    return
        if index == SEND_STEP:
            (self.reason_buttons[0] if self.reason_buttons else self.send_button).setFocus()
        elif index == REVIEW_STEP:
            self.review_on.focus()

    def binding_for(self, path: str) -> Binding | None:
        """The field a reason is about: the binding of ``path``, or the first one under it."""
        bindings = [b for b in self.form.bindings if not isinstance(b, HiddenBinding)]
        exact = next((b for b in bindings if b.path == path), None)
        if exact is not None:
            return exact
        under = next((b for b in bindings if b.path.startswith(path + ".")), None)
        if under is not None:
            return under
        return next((b for b in bindings if path.startswith(b.path + ".")), None)

    def go_to_field(self, path: str) -> None:
        index = step_of(path)
        self.show_step(index)
        binding = self.binding_for(path)
        if binding is None:
            self.focus_step(index)
            return
        focus_path = path
        if isinstance(binding, RecordList):
            parts = path.split(".")
            cards = binding.cards
            if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(cards):
                card = cards[int(parts[1])]
                first = card.first_field()
                if first is not None:
                    first.focus()
                    QTimer.singleShot(0, lambda: ensure_visible(card))
                    return
        binding.focus()
        del focus_path
        QTimer.singleShot(0, lambda: ensure_visible(binding.row))

    # -- actions ----------------------------------------------------------------------------------------
    def send(self) -> None:
        if self.view is None:
            return
        self.flush()
        assessment_id = self.view.id
        result = self.context.run(lambda service: risk_service.send_for_decision(service, assessment_id),
                                  initiator=self)
        self.reload()
        if result.ok:
            self.send_message.setObjectName("inlineInfo")
            self.send_message.setText(_("Sent for the manager's decision. It goes to the office when you sync."))
        else:
            self.send_message.setObjectName("inlineError")
            self.send_message.setText("\n".join(_(m) for m in result.errors.values()))
        self.send_message.setStyleSheet("")
        self.send_message.show()
        self.send_status.setFocus()

    def add_review(self) -> None:
        if self.view is None:
            return
        self.flush()
        data = self.review_form.data()
        if not data.get("reviewed_on"):
            data.pop("reviewed_on", None)
        assessment_id = self.view.id
        result = self.context.run(lambda service: risk_service.add_review(service, assessment_id, data),
                                  initiator=self)
        if result.ok:
            self.review_message.hide()
            self.review_form.load({})
            self.open(self.view.id, self.case_view)
            self.show_step(REVIEW_STEP)
            self.review_on.focus()
            return
        routed = {k.removeprefix("review."): v for k, v in result.errors.items()}
        self.review_form.show_errors(routed)
        leftover = [v for k, v in routed.items() if k not in ("reviewed_on", "changed", "notes", "reviewed_by")]
        self.review_message.setText("\n".join(f"\u26a0 {_(m)}" for m in leftover))
        self.review_message.setVisible(bool(leftover))

    def close_editor(self) -> None:
        self.flush()
        self.closed.emit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        QApplication.instance().installEventFilter(self.step_keys)
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        QApplication.instance().removeEventFilter(self.step_keys)
        try:
            self.flush()
        except Exception:  # the store locked underneath: nothing can be written now
            pass
        super().hideEvent(event)

    def retranslate_self(self) -> None:
        self._show_save_state()
        if self.view is not None:
            self.refresh()
        else:
            for index, (title, _paths) in enumerate(STEPS):
                self.steps.item(index).setText(f"{index + 1}. {_(title)}")
            self._update_nav()
