"""Stage 6, risk and opportunity: the case's assessments, and each one as a guided form.

The page shows the case's assessments (reference, title, status, next review, residual risk)
with the case's alerts above them. Opening one shows the editor: fourteen steps down the left,
one step at a time on the right, Next and Back (Alt+Right, Alt+Left). Every edit autosaves
through ``services.risk.save_assessment``; what still stops "send for the manager's decision"
comes from ``why_not_send`` and is shown at the send step, each reason with a jump to its field.
No rule is decided here: statuses, severities, reasons and who decided are the services'.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Callable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.risk import (
    CAPACITY_LABELS,
    CONSULTEE_LABELS,
    DECISION_LABELS,
    DOING_NOTHING_PARTIES,
    DOLS_NOTICE,
    FOUR_PLUS_ONE_QUESTIONS,
    HARMED_PARTY_LABELS,
    MAX_REVIEWS,
    PERSON_DECISION_LABELS,
    WEIGHING_LABELS,
    Status,
    Subject,
)
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.services import risk as risk_service
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.stages.base import StageContext, StagePage
from advisor_app.ui.widgets.autosave import Autosaver
from advisor_app.ui.widgets.fields import (
    Binding,
    CheckBinding,
    ChecksBinding,
    ChoiceBinding,
    DateBinding,
    HiddenBinding,
    LineBinding,
    TextAreaBinding,
    format_date,
)
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList, ensure_visible, scroll_page
from advisor_app.ui.widgets.risk_matrix import PILL_ROLE, MatrixBinding, PillDelegate
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, shortcut

SUBJECT_LABELS = {Subject.ACTIVITY: N_("A planned activity"), Subject.DECISION: N_("A decision")}
YES_NO = [(True, N_("Yes")), (False, N_("No"))]

# Status colours (background, text): words always go with the colour.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.DRAFT: ("#E6E9ED", "#2B333C"),
    Status.AWAITING_MANAGER: ("#DCE8F7", "#173E6B"),
    Status.NOT_APPROVED: ("#F3E1F0", "#5E1F55"),
    Status.APPROVED: ("#DDF0E2", "#17512A"),
    Status.REVIEW_DUE: ("#FCEBC8", "#6B4200"),
    Status.OVERDUE: ("#F9D7D5", "#8A1C16"),
}

# The steps of the form: title, and the field paths whose reasons belong to it.
STEPS: list[tuple[str, tuple[str, ...]]] = [
    (N_("What and who"), ("title", "serves", "assessed_on", "subject", "risk_description", "risks_identified",
                          "who_might_be_harmed")),
    (N_("Important to / for"), ("important_to", "important_for")),
    (N_("The 4+1 questions"), ("four_plus_one",)),
    (N_("Capacity and who decides"), ("capacity",)),
    (N_("Deprivation of liberty"), ("deprivation_of_liberty",)),
    (N_("Doing nothing"), ("doing_nothing", "benefit_vs_risk", "important_personal_goal", "safeguards")),
    (N_("Triggers and support measures"), ("triggers", "support_measures")),
    (N_("Residual risk"), ("residual_risk",)),
    (N_("Monitoring and success"), ("monitoring", "success_looks_like", "planned_review_on")),
    (N_("Assessors"), ("assessors", "person_has_keyworker")),
    (N_("Instructions to staff"), ("instructions_to_staff", "completed_by")),
    (N_("Consultation"), ("consultation",)),
    (N_("Reviews"), ("reviews",)),
    (N_("Send for the manager's decision"), ("sent_for_decision_at",)),
]
SEND_STEP = len(STEPS) - 1
REVIEW_STEP = len(STEPS) - 2


def step_of(path: str) -> int:
    top = path.split(".")[0]
    for index, (_title, paths) in enumerate(STEPS):
        if top in paths:
            return index
    return SEND_STEP


def status_pill_style(state: Status) -> str:
    bg, fg = STATUS_COLOURS.get(state, ("#E6E9ED", "#2B333C"))
    return f"QLabel {{ background: {bg}; color: {fg}; border-radius: 10px; padding: 3px 10px; font-weight: 600; }}"


def date_text(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value) if isinstance(value, dt.date) else ""


# -- field kinds the risk form needs -------------------------------------------------------------


class LinesBinding(TextAreaBinding):
    """A list of short lines, typed one per line."""

    def value(self) -> list[str]:
        return [line for line in self.edit.toPlainText().split("\n")]

    def _show(self, value: Any) -> None:
        super()._show("\n".join(value) if isinstance(value, list) else (value or ""))


class ServesBinding(Binding):
    """Which outcome of the support plan, or part of the service design, this serves."""

    def __init__(self, path: str, label: Any, *, hint: Any = None):
        super().__init__(path, label, hint=hint)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(30)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._links: list[dict[str, Any] | None] = [None]
        self.combo.currentIndexChanged.connect(self._changed)
        self._build_row()

    def set_links(self, links: list[dict[str, Any]]) -> None:
        current = self.value()
        self._loading = True
        try:
            self._links = [None, *links]
            self._fill(current)
        finally:
            self._loading = False

    def _fill(self, current: dict[str, Any] | None) -> None:
        if current is not None and not any(l and l["id"] == current.get("id") for l in self._links):
            self._links.append(current)
        self.combo.clear()
        for link in self._links:
            if link is None:
                self.combo.addItem(_("Choose what it serves…"))
            else:
                kind = _("Outcome") if link.get("kind") == "outcome" else _("Support")
                self.combo.addItem(f"{kind}: {link.get('label') or ''}")
        index = next((i for i, l in enumerate(self._links) if l and current and l["id"] == current.get("id")), 0)
        self.combo.setCurrentIndex(index)

    def control(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        index = self.combo.currentIndex()
        return dict(self._links[index]) if 0 < index < len(self._links) and self._links[index] else None

    def _show(self, value: Any) -> None:
        self._fill(value if isinstance(value, dict) else None)


class PlainList(RecordList):
    """Records without an id of their own (support measures, assessors)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("new_record", lambda: {})
        super().__init__(*args, **kwargs)

    def value(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in d.items() if k != "id"} for d in super().value()]


def serves_links(view: CaseView | None) -> list[dict[str, Any]]:
    """The case's outcomes and parts of its support, as links an assessment can serve."""
    if view is None:
        return []
    links: list[dict[str, Any]] = []
    plan = view.sections.get("support_plan")
    for outcome in (plan.data.get("outcomes") or []) if plan else []:
        if isinstance(outcome, dict) and outcome.get("id"):
            links.append({"kind": "outcome", "id": outcome["id"],
                          "label": str(outcome.get("in_my_words") or "")[:200]})
    design = view.sections.get("service_design")
    for component in (design.data.get("components") or []) if design else []:
        if isinstance(component, dict) and component.get("id"):
            label = component.get("notes") or component.get("component_id") or ""
            links.append({"kind": "component", "id": component["id"], "label": str(label)[:200]})
    return links


# -- the new assessment dialog ---------------------------------------------------------------------


class NewAssessmentDialog(QDialog):
    def __init__(self, links: list[dict[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("New risk and opportunity assessment"))
        self.setMinimumWidth(560)
        self.links = links
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(TrLabel(N_("What is the activity or decision, and what does it serve?"), object_name="lead"))
        self.subject = QComboBox()
        for value, text in SUBJECT_LABELS.items():
            self.subject.addItem(_(text), value.value)
        subject_label = QLabel(_("&Is it an activity or a decision?"))
        subject_label.setBuddy(self.subject)
        layout.addWidget(subject_label)
        layout.addWidget(self.subject)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("For example, going to away matches by train"))
        title_label = QLabel(_("&What is it, in a few words?"))
        title_label.setBuddy(self.title)
        layout.addWidget(title_label)
        layout.addWidget(self.title)
        self.serves = QComboBox()
        self.serves.addItem(_("Not linked yet"), None)
        for link in links:
            kind = _("Outcome") if link["kind"] == "outcome" else _("Support")
            self.serves.addItem(f"{kind}: {link['label']}", link["id"])
        serves_label = QLabel(_("What does it &serve?"))
        serves_label.setBuddy(self.serves)
        layout.addWidget(serves_label)
        layout.addWidget(self.serves)
        if not links:
            layout.addWidget(TrLabel(N_("The support plan has no outcomes yet: you can link it later."),
                                     object_name="hint"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start the assessment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def answer(self) -> tuple[str, dict[str, Any] | None, str]:
        link_id = self.serves.currentData()
        link = next((dict(l) for l in self.links if l["id"] == link_id), None)
        return self.subject.currentData(), link, self.title.text().strip()


# -- the editor --------------------------------------------------------------------------------------


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


class AssessmentEditor(QWidget):
    closed = Signal()  # back to the list
    changed = Signal()  # something was written (the list and the case header are read again)

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
        self.steps_label = TrLabel(N_("S&teps"), object_name="subheading", buddy=self.steps)
        side_layout.addWidget(self.steps_label)
        side_layout.addWidget(self.steps, 1)
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

    # -- the top bar ---------------------------------------------------------------------------------
    def _build_top(self) -> QWidget:
        top = QFrame()
        top.setObjectName("panel")
        layout = QVBoxLayout(top)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.list_button = TrButton(N_("\u2190 All assessments"), flat=True,
                                    accessible_name=N_("Back to the list of assessments"))
        self.list_button.clicked.connect(self.close_editor)
        row.addWidget(self.list_button)
        self.reference = QLabel()
        self.reference.setObjectName("badge")
        row.addWidget(self.reference)
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        row.addWidget(self.heading, 1)
        self.status = QLabel()
        row.addWidget(self.status)
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        row.addWidget(self.save_state)
        layout.addLayout(row)
        self.who_decided = QLabel()
        self.who_decided.setObjectName("inlineInfo")
        self.who_decided.setWordWrap(True)
        layout.addWidget(self.who_decided)
        self.dols_banner = QLabel()
        self.dols_banner.setObjectName("inlineError")
        self.dols_banner.setWordWrap(True)
        self.dols_banner.hide()
        layout.addWidget(self.dols_banner)
        self.decision_banner = QLabel()
        self.decision_banner.setObjectName("inlineInfo")
        self.decision_banner.setWordWrap(True)
        self.decision_banner.hide()
        layout.addWidget(self.decision_banner)
        return top

    # -- steps ----------------------------------------------------------------------------------------
    def _what(self, form: FormLayout) -> None:
        f = self.form
        self.title = f.add(LineBinding("title", N_("&What is the activity or decision?")))
        self.subject = f.add(ChoiceBinding("subject", N_("Is it an activity or a decision?"),
                                           {k.value: v for k, v in SUBJECT_LABELS.items()}))
        form.pair(self.title, self.subject)
        self.serves = f.add(ServesBinding("serves", N_("What it &serves"),
                                          hint=N_("An outcome in the support plan or a part of the support.")))
        self.assessed_on = f.add(DateBinding("assessed_on", N_("Date of the assessment")))
        form.pair(self.serves, self.assessed_on)
        form.field(f.add(TextAreaBinding("risk_description", N_("What is the risk?"), lines=3)))
        form.field(f.add(LinesBinding("risks_identified", N_("The risks identified"), lines=3,
                                      hint=N_("One on each line."))))
        form.field(f.add(ChecksBinding("who_might_be_harmed", N_("Who might be harmed?"),
                                       {k.value: v for k, v in HARMED_PARTY_LABELS.items()})))
        form.field(f.add(LineBinding("who_might_be_harmed_other", N_("Anyone else who might be harmed"))))

    def _important(self, form: FormLayout) -> None:
        form.addWidget(TrLabel(N_("Copied from the person's picture when the assessment was started; change "
                                  "them here for this activity."), object_name="lead"))
        form.field(self.form.add(LinesBinding("important_to", N_("What is important &to the person"), lines=5,
                                              hint=N_("One on each line."))))
        form.field(self.form.add(LinesBinding("important_for", N_("What is important &for the person"), lines=5,
                                              hint=N_("One on each line."))))

    def _four_plus_one(self, form: FormLayout) -> None:
        for key, question in FOUR_PLUS_ONE_QUESTIONS.items():
            form.field(self.form.add(TextAreaBinding(f"four_plus_one.{key}", question, lines=2)))

    @staticmethod
    def _has_capacity(data: dict[str, Any]) -> bool:
        return (data.get("capacity") or {}).get("has_capacity") == "yes"

    def _capacity(self, form: FormLayout) -> None:
        form.addWidget(TrLabel(N_("A person who has capacity to make this decision makes it. Staff may advise "
                                  "but never coerce; everyone has the right to make some bad decisions."),
                               object_name="lead"))
        form.field(self.form.add(ChoiceBinding("capacity.has_capacity", N_("Does the person have &capacity for "
                                                                           "this decision?"),
                                               {k.value: v for k, v in CAPACITY_LABELS.items()})))
        self.person_decision = self.form.add(ChoiceBinding(
            "capacity.person_decision", N_("What the person &decided"),
            {k.value: v for k, v in PERSON_DECISION_LABELS.items()}, placeholder=N_("Not recorded yet")))
        form.field(self.person_decision)
        self.in_their_words = self.form.add(TextAreaBinding("capacity.in_their_words", N_("In their own words"),
                                                            lines=2))
        form.field(self.in_their_words)
        form.field(self.form.add(TextAreaBinding("capacity.notes", N_("How capacity was assessed, or the advice "
                                                                      "given"), lines=2)))
        self.who_decided_step = QLabel()
        self.who_decided_step.setObjectName("inlineInfo")
        self.who_decided_step.setWordWrap(True)
        form.addWidget(self.who_decided_step)

    def _liberty(self, form: FormLayout) -> None:
        form.field(self.form.add(ChoiceBinding("deprivation_of_liberty", N_("Does this amount to a "
                                                                            "&deprivation of liberty?"),
                                               YES_NO, placeholder=N_("Not answered yet"))))
        self.dols_notice = TrLabel(DOLS_NOTICE, object_name="inlineError")
        form.addWidget(self.dols_notice)
        self.dols_title = QLabel()
        self.dols_title.setObjectName("subheading")
        self.dols_title.setWordWrap(True)
        form.addWidget(self.dols_title)
        self.dols_text = QLabel()
        self.dols_text.setWordWrap(True)
        self.dols_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addWidget(self.dols_text)

    def _doing_nothing(self, form: FormLayout) -> None:
        form.addWidget(TrLabel(N_("What happens if we do nothing? Doing nothing has consequences too."),
                               object_name="lead"))
        self.nothing_table = QTableWidget(len(DOING_NOTHING_PARTIES), 4)
        self.nothing_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.nothing_table.verticalHeader().hide()
        self.nothing_table.setItemDelegate(PillDelegate(self.nothing_table))
        self.nothing_table.setWordWrap(True)
        self.nothing_table.setTabKeyNavigation(False)
        self.nothing_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.nothing_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.nothing_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.nothing_table.setAccessibleName(_("Summary of the consequences of doing nothing"))
        form.addWidget(self.nothing_table)
        for party, label in DOING_NOTHING_PARTIES.items():
            form.heading(label)
            impact = self.form.add(TextAreaBinding(f"doing_nothing.{party}.impact", N_("Impact"), lines=2))
            lost = self.form.add(TextAreaBinding(f"doing_nothing.{party}.opportunity_lost", N_("Opportunity lost"),
                                                 lines=2))
            form.pair(impact, lost)
            form.field(self.form.add(MatrixBinding(f"doing_nothing.{party}.rating", N_("How severe"), self.matrix,
                                                   compact=True, name=_(label))))
        form.heading(N_("Weighing it up"))
        form.field(self.form.add(ChoiceBinding("benefit_vs_risk", N_("Benefit and risk"),
                                               {k.value: v for k, v in WEIGHING_LABELS.items()},
                                               placeholder=N_("Not weighed yet"))))
        form.field(self.form.add(CheckBinding("important_personal_goal", N_("This is an important personal goal"))))
        self.safeguards = self.form.add(LinesBinding(
            "safeguards", N_("Safeguards that change the risk"), lines=3,
            hint=N_("Needed when the risk outweighs the benefit but it is an important personal goal. One on each "
                    "line.")))
        form.field(self.safeguards)

    def _measure_fields(self, card: RecordCard) -> None:
        f, layout = card.form, card.fields
        who = f.add(LineBinding("who", N_("Who")))
        by_when = f.add(DateBinding("by_when", N_("By when"), future=True))
        layout.pair(who, by_when)
        layout.field(f.add(TextAreaBinding("what", N_("Will do what"), lines=2)))
        layout.field(f.add(CheckBinding("is_training", N_("This is training"))))
        f.add(HiddenBinding("added_at_review"))

    @staticmethod
    def _measure_title(data: dict[str, Any], index: int) -> str:
        who = (data.get("who") or "").strip() or _("New support measure")
        review = data.get("added_at_review")
        suffix = _(" (added at review {n})", n=review) if review else ""
        return f"{index + 1}. {who}{suffix}"

    def _measures(self, form: FormLayout) -> None:
        form.field(self.form.add(LinesBinding("triggers", N_("Triggers"), lines=3,
                                              hint=N_("For example, behaviours that show things are going wrong. "
                                                      "One on each line."))))
        form.heading(N_("Support measures"), lead=N_("Who will do what, by when (training included). Measures "
                                                     "agreed at a review are added, never replacing these."))
        form.field(self.form.add(PlainList(
            "support_measures", self._measure_fields, title_for=self._measure_title,
            name_for=lambda d: (d.get("who") or "").strip() or _("the support measure"),
            texts={"add": N_("&Add a support measure"), "empty": N_("No support measures yet."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo")})))

    def _residual(self, form: FormLayout) -> None:
        form.field(self.form.add(TextAreaBinding("residual_risk.description", N_("The risk that remains once "
                                                                                 "the measures are in place"),
                                                 lines=3)))
        self.residual_matrix = self.form.add(MatrixBinding("residual_risk.rating", N_("Rate the residual risk"),
                                                           self.matrix, name=_("residual risk")))
        form.field(self.residual_matrix)

    def _monitoring(self, form: FormLayout) -> None:
        form.field(self.form.add(TextAreaBinding("monitoring", N_("How will it be &monitored?"), lines=3)))
        form.field(self.form.add(TextAreaBinding("success_looks_like", N_("What does &success look like?"),
                                                 lines=3)))
        form.field(self.form.add(DateBinding("planned_review_on", N_("Review earlier than 12 months, on"),
                                             future=True, hint=N_("Leave empty for the usual yearly review."))))

    def _assessor_fields(self, card: RecordCard) -> None:
        f, layout = card.form, card.fields
        name = f.add(LineBinding("name", N_("Name")))
        role = f.add(LineBinding("role", N_("Role")))
        layout.pair(name, role)
        layout.field(f.add(CheckBinding("is_keyworker", N_("The person's keyworker"))))
        signature = f.add(HiddenBinding("signature_id"))
        signed_on = f.add(DateBinding("signed_on", N_("Signed on")))
        sign = TrButton(N_("Signed today"), tooltip=N_("They have signed the paper form today"))

        def signed() -> None:
            signature.set_value(signature.value() or str(uuid.uuid4()))
            signed_on.set_value(dt.date.today())
            f._on_edited()

        sign.clicked.connect(signed)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(signed_on.row, 1)
        row.addWidget(sign, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(box)

    @staticmethod
    def _assessor_title(data: dict[str, Any], index: int) -> str:
        name = (data.get("name") or "").strip() or _("New assessor")
        signed = _(" (signed)") if data.get("signature_id") and data.get("signed_on") else ""
        return f"{index + 1}. {name}{signed}"

    def _assessors(self, form: FormLayout) -> None:
        form.addWidget(TrLabel(N_("At least two people, so it is more than one person's view; one of them the "
                                  "person's keyworker where possible."), object_name="lead"))
        form.field(self.form.add(CheckBinding("person_has_keyworker", N_("The person has a keyworker"))))
        form.field(self.form.add(PlainList(
            "assessors", self._assessor_fields, title_for=self._assessor_title,
            name_for=lambda d: (d.get("name") or "").strip() or _("the assessor"),
            texts={"add": N_("&Add an assessor"), "empty": N_("No assessors yet."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo")})))

    def _instructions(self, form: FormLayout) -> None:
        form.field(self.form.add(TextAreaBinding("instructions_to_staff", N_("&Instructions to staff"), lines=6)))
        form.field(self.form.add(LineBinding("completed_by", N_("Completed &by"))))

    def _consultation(self, form: FormLayout) -> None:
        form.addWidget(TrLabel(N_("Who should be consulted, when they were, and whether they agreed the strategy. "
                                  "Disagreement does not stop the assessment: the manager decides."),
                               object_name="lead"))
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        for column, title in enumerate((N_("Who"), N_("Name"), N_("Role"), N_("Consult?"), N_("Consulted on"),
                                        N_("Agreed the strategy?"))):
            grid.addWidget(TrLabel(title, object_name="fieldLabel"), 0, column)
        self.consultation_rows: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(CONSULTEE_LABELS.items(), start=1):
            who = TrLabel(label, object_name="fieldLabel")
            grid.addWidget(who, row, 0, Qt.AlignmentFlag.AlignTop)
            path = f"consultation.{key}"
            cells: list[Binding] = [
                LineBinding(f"{path}.name", None, accessible=lambda l=label: _("{who}: name", who=_(l))),
                LineBinding(f"{path}.role", None, accessible=lambda l=label: _("{who}: role", who=_(l))),
                ChoiceBinding(f"{path}.should_consult", None, YES_NO, placeholder="\u2014", min_chars=3,
                              accessible=lambda l=label: _("{who}: should they be consulted?", who=_(l))),
                DateBinding(f"{path}.consulted_on", N_("Consulted on")),
                ChoiceBinding(f"{path}.strategy_agreed", None, YES_NO, placeholder="\u2014", min_chars=3,
                              accessible=lambda l=label: _("{who}: agreed the strategy?", who=_(l))),
            ]
            date = cells[3]
            line = date.control()
            line.setMinimumWidth(line.fontMetrics().horizontalAdvance("00/00/0000") + 24)
            who.setMaximumWidth(120)
            if date.label is not None:
                date.label.hide()
            date.set_accessible(lambda l=label: _("{who}: consulted on", who=_(l)))
            date._label_source = None
            for column, binding in enumerate(cells, start=1):
                self.form.add(binding)
                grid.addWidget(binding.row, row, column, Qt.AlignmentFlag.AlignTop)
            self.form.add(HiddenBinding(f"{path}.signature_id"))
            self.form.add(HiddenBinding(f"{path}.signed_on"))
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        form.addWidget(grid_box)
        self.consultation_message = QLabel()
        self.consultation_message.setObjectName("fieldReminder")
        self.consultation_message.setWordWrap(True)
        form.addWidget(self.consultation_message)

    def _reviews(self, form: FormLayout) -> None:
        form.addWidget(TrLabel(N_("Reviewed at least every 12 months, or sooner if health or circumstances change. "
                                  "Up to four reviews; then start a new assessment."), object_name="lead"))
        self.review_table = QTableWidget(0, 4)
        self.review_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review_table.verticalHeader().hide()
        self.review_table.setTabKeyNavigation(False)
        self.review_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.review_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.review_table.setWordWrap(True)
        self.review_table.setAccessibleName(_("Review history"))
        form.addWidget(self.review_table)
        self.changes_label = QLabel()
        self.changes_label.setObjectName("hint")
        self.changes_label.setWordWrap(True)
        form.addWidget(self.changes_label)
        form.heading(N_("Add a review"))
        self.review_form = FormSection("review", self)
        self.review_on = self.review_form.add(DateBinding("reviewed_on", N_("Reviewed on")))
        self.review_changed = self.review_form.add(ChoiceBinding("changed", N_("Has anything changed?"), YES_NO,
                                                                 placeholder=N_("Choose…")))
        form.pair(self.review_on, self.review_changed)
        form.field(self.review_form.add(TextAreaBinding("notes", N_("Review notes"), lines=3)))
        form.field(self.review_form.add(LineBinding("reviewed_by", N_("Reviewed by"))))
        self.add_review_button = TrButton(N_("Add the &review"))
        self.add_review_button.clicked.connect(self.add_review)
        form.addWidget(self.add_review_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.review_message = QLabel()
        self.review_message.setObjectName("inlineError")
        self.review_message.setWordWrap(True)
        self.review_message.hide()
        form.addWidget(self.review_message)

    def _send(self, form: FormLayout) -> None:
        self.send_status = QLabel()
        self.send_status.setWordWrap(True)
        self.send_status.setObjectName("lead")
        form.addWidget(self.send_status)
        self.reasons_box = QWidget()
        self.reasons_layout = QVBoxLayout(self.reasons_box)
        self.reasons_layout.setContentsMargins(0, 0, 0, 0)
        self.reasons_layout.setSpacing(6)
        form.addWidget(self.reasons_box)
        self.reason_buttons: list[TrButton] = []
        self.send_button = TrButton(N_("&Send for the manager's decision"), primary=True)
        self.send_button.clicked.connect(self.send)
        form.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.send_message = QLabel()
        self.send_message.setWordWrap(True)
        self.send_message.hide()
        form.addWidget(self.send_message)
        form.heading(N_("The manager's decision"), lead=N_("Recorded at the office; it arrives when you sync."))
        self.decision_text = QLabel()
        self.decision_text.setWordWrap(True)
        self.decision_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addWidget(self.decision_text)

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

    def _save(self, _name: str, data: dict[str, Any]) -> Any:
        if self.view is None:
            raise StoreError(N_("No assessment is open."))
        return risk_service.save_assessment(self.context.service(), self.view.case_id, self.view.id, data)

    def flush(self) -> None:
        if self.view is not None:
            self.autosaver.flush()

    def _after_save(self) -> None:
        self.reload()
        self.changed.emit()

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
        result = risk_service.send_for_decision(self.context.service(), self.view.id)
        self.reload()
        if result.ok:
            self.send_message.setObjectName("inlineInfo")
            self.send_message.setText(_("Sent for the manager's decision. It goes to the office when you sync."))
            self.changed.emit()
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
        result = risk_service.add_review(self.context.service(), self.view.id, data)
        if result.ok:
            self.review_message.hide()
            self.review_form.load({})
            self.open(self.view.id, self.case_view)
            self.show_step(REVIEW_STEP)
            self.changed.emit()
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


# -- the page ----------------------------------------------------------------------------------------


class RiskPage(StagePage):
    stage = Stage.RISK

    COLUMNS = (N_("Reference"), N_("Activity or decision"), N_("Status"), N_("Next review"), N_("Residual risk"))

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.case_view: CaseView | None = None
        self.summaries: list[risk_service.AssessmentSummary] = []
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._build_list())
        self.editor = AssessmentEditor(context)
        self.editor.closed.connect(self.show_list)
        self.editor.changed.connect(self._editor_changed)
        self.stack.addWidget(self.editor)

    def _build_list(self) -> QWidget:
        content = QWidget()
        layout = FormLayout(content)
        layout.addWidget(heading(N_("Risk and opportunity"), 1))
        layout.addWidget(TrLabel(N_("Opening doors safely. No activity is dismissed as too risky without good "
                                    "evidence; every new activity gets an assessment, and the manager approves it."),
                                 object_name="lead"))
        self.alerts = QLabel()
        self.alerts.setObjectName("inlineError")
        self.alerts.setWordWrap(True)
        self.alerts.hide()
        layout.addWidget(self.alerts)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(PillDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table_label = TrLabel(N_("The case's &assessments"), object_name="subheading", buddy=self.table)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table)
        self.empty = TrLabel(N_("No assessments yet. Start one for each new planned activity or decision."),
                             object_name="inlineInfo")
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.new_button = TrButton(N_("&New assessment…"), primary=True)
        self.new_button.clicked.connect(self.new_assessment)
        self.open_button = TrButton(N_("&Open"))
        self.open_button.clicked.connect(self.open_current)
        self.delete_button = TrButton(N_("De&lete draft"), tooltip=N_("Only a draft never sent to the manager "
                                                                      "can be deleted."))
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list_message = QLabel()
        self.list_message.setObjectName("inlineError")
        self.list_message.setWordWrap(True)
        self.list_message.hide()
        layout.addWidget(self.list_message)
        layout.addWidget(TrLabel(N_("Enter opens the chosen assessment."), object_name="hint"))
        shortcut(Qt.Key.Key_Return, self.table, self.open_current, Qt.ShortcutContext.WidgetShortcut)
        shortcut(Qt.Key.Key_Enter, self.table, self.open_current, Qt.ShortcutContext.WidgetShortcut)
        layout.addStretch(1)
        return scroll_page(content, max_width=1100)

    # -- StagePage -------------------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return []  # assessments are records of their own, saved by the editor's autosaver

    def load(self, view: CaseView) -> None:
        self.refresh(view)

    def refresh(self, view: CaseView) -> None:
        self.case_view = view
        self.refresh_list()

    def focus_first(self) -> None:
        if self.stack.currentWidget() is self.editor:
            self.editor.focus_step(self.editor.current_step())
        elif self.summaries:
            self.table.setFocus()
        else:
            self.new_button.setFocus()

    def focus_first_problem(self) -> bool:
        return False

    def flush(self) -> None:
        self.editor.flush()

    # -- the list --------------------------------------------------------------------------------------
    def service(self) -> Any:
        return self.context.service()

    def case_id(self) -> str | None:
        return self.context.case_id()

    def refresh_list(self) -> None:
        case_id = self.case_id()
        if case_id is None or self.context.service is None:
            return
        try:
            self.summaries = risk_service.list_assessments(self.service(), case_id)
            alerts = risk_service.case_risk_alerts(self.service(), case_id)
        except StoreError:
            return
        selected = self.current_id()
        self.alerts.setText("\n".join(f"\u26a0 {_(a)}" for a in alerts))
        self.alerts.setVisible(bool(alerts))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            sev = (risk_service.risk_matrix() and summary.residual_severity)
            cells = [summary.reference, summary.title or _("Untitled"), _(summary.status_words),
                     date_text(summary.next_review_on) if summary.next_review_on else "\u2014",
                     f"{_(sev.words)} ({sev.score})" if sev else _("Not rated yet")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(self.COLUMNS[column])}: {text}")
                self.table.setItem(row, column, item)
            # The status and the residual risk on their colours (the words carry the meaning too).
            colours = [(2, STATUS_COLOURS.get(summary.status))]
            if sev is not None:
                colours.append((4, (sev.colour, sev.text_colour)))
            for column, pair in colours:
                if pair is not None:
                    self.table.item(row, column).setData(PILL_ROLE, pair)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows_height + 8)
        self.table.setVisible(bool(self.summaries))
        self.table_label.setVisible(bool(self.summaries))
        self.empty.setVisible(not self.summaries)
        ids = [s.id for s in self.summaries]
        if self.summaries:
            self.table.selectRow(ids.index(selected) if selected in ids else 0)
        self._update_buttons()

    def current_summary(self) -> risk_service.AssessmentSummary | None:
        row = self.table.currentRow()
        return self.summaries[row] if 0 <= row < len(self.summaries) else None

    def current_id(self) -> str | None:
        summary = self.current_summary()
        return summary.id if summary else None

    def _update_buttons(self) -> None:
        summary = self.current_summary()
        self.open_button.setEnabled(summary is not None)
        self.delete_button.setEnabled(summary is not None and summary.status == Status.DRAFT)

    def new_assessment(self) -> None:
        dialog = NewAssessmentDialog(serves_links(self.case_view), self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            subject, serves, title = dialog.answer()
        finally:
            dialog.deleteLater()
            self.window().activateWindow()
        self.start_assessment(subject, serves, title)

    def start_assessment(self, subject: str, serves: Mapping[str, Any] | None, title: str) -> str | None:
        try:
            assessment_id = risk_service.new_assessment(self.service(), self.case_id(), subject, serves,
                                                        title=title)
        except StoreError as exc:
            self.list_message.setText(error_text(exc))
            self.list_message.show()
            return None
        self.context.reload()
        self.open_assessment(assessment_id)
        return assessment_id

    def open_current(self) -> None:
        assessment_id = self.current_id()
        if assessment_id:
            self.open_assessment(assessment_id)

    def open_assessment(self, assessment_id: str, step: int = 0) -> None:
        self.list_message.hide()
        self.editor.open(assessment_id, self.case_view)
        self.stack.setCurrentWidget(self.editor)
        self.editor.show_step(step)
        self.editor.focus_step(step)
        # After the "new assessment" dialog the window is active again only a moment later.
        QTimer.singleShot(0, lambda: self.editor.focus_step(step) if self.editor.isVisible()
                          and self.editor.current_step() == step else None)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh_list()
        self.table.setFocus()

    def delete_current(self) -> None:
        summary = self.current_summary()
        if summary is None:
            return
        answer = QMessageBox.question(self, _("Delete this draft?"),
                                      _("Delete the draft {reference} ({title})? This cannot be undone.",
                                        reference=summary.reference, title=summary.title or _("Untitled")))
        if answer != QMessageBox.StandardButton.Yes:
            return
        result = risk_service.delete_assessment(self.service(), summary.id, summary.version)
        if not result.ok:
            self.list_message.setText("\n".join(_(m) for m in result.errors.values()))
            self.list_message.show()
            return
        self.context.reload()
        self.refresh_list()

    def _editor_changed(self) -> None:
        self.context.reload()

    def retranslate_self(self) -> None:
        if self.case_view is not None:
            self.refresh_list()
