"""The fourteen steps of the assessment form, built into the editor (``StepForms`` is mixed into
``AssessmentEditor``): each step's fields, bound to the assessment's paths."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.risk import (
    CAPACITY_LABELS,
    CONSULTEE_LABELS,
    DOING_NOTHING_PARTIES,
    DOLS_NOTICE,
    FOUR_PLUS_ONE_QUESTIONS,
    HARMED_PARTY_LABELS,
    PERSON_DECISION_LABELS,
    WEIGHING_LABELS,
)
from advisor_app.i18n import _
from advisor_app.ui.widgets.fields import (
    Binding,
    CheckBinding,
    ChecksBinding,
    ChoiceBinding,
    DateBinding,
    HiddenBinding,
    LineBinding,
    TextAreaBinding,
)
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard
from advisor_app.ui.widgets.risk_matrix import MatrixBinding, PillDelegate
from advisor_app.ui.widgets.text import TrButton, TrLabel, message_line

from advisor_app.ui.stages.risk.common import LinesBinding, PlainList, SUBJECT_LABELS, ServesBinding, YES_NO
from advisor_app.ui.widgets.read_only import mark_reads


class StepForms:
    """The builders of the form's steps, one method each (``AssessmentEditor`` calls them)."""

    # -- the top bar ---------------------------------------------------------------------------------
    def _build_top(self) -> QWidget:
        top = QFrame()
        top.setObjectName("panel")
        layout = QVBoxLayout(top)
        layout.setContentsMargins(16, 4, 16, 4)
        layout.setSpacing(4)
        row = QHBoxLayout()
        self.list_button = TrButton(N_("\u2190 All assessments"), flat=True,
                                    accessible_name=N_("Back to the list of assessments"))
        self.list_button.clicked.connect(self.close_editor)
        mark_reads(self.list_button)
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
        return top

    def _build_notes(self) -> list[QLabel]:
        """Who decides, the manager's decision, the deprivation of liberty warning: beside the
        steps (not above them: on a laptop's screen the step needs the height)."""
        self.who_decided = QLabel()
        self.who_decided.setObjectName("inlineInfo")
        self.dols_banner = QLabel()
        self.dols_banner.setObjectName("inlineError")
        self.dols_banner.hide()
        self.decision_banner = QLabel()
        self.decision_banner.setObjectName("inlineInfo")
        self.decision_banner.hide()
        notes = [self.dols_banner, self.who_decided, self.decision_banner]
        for label in notes:
            label.setWordWrap(True)
            label.setProperty("note", True)
        return notes

    # -- steps ----------------------------------------------------------------------------------------
    def _what(self, form: FormLayout) -> None:
        f = self.form
        self.title = f.add(LineBinding("title", N_("&What is the activity or decision?")))
        self.subject = f.add(ChoiceBinding("subject", N_("Is it an activity or a decision?"),
                                           {k.value: v for k, v in SUBJECT_LABELS.items()}))
        form.pair(self.title, self.subject)
        self.serves = f.add(ServesBinding("serves", N_("What it ser&ves"),
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
        form.field(self.form.add(LinesBinding("important_to", N_("&What is important to the person"), lines=5,
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
        form.field(self.form.add(ChoiceBinding("capacity.has_capacity", N_("Does the &person have capacity for "
                                                                           "this decision?"),
                                               {k.value: v for k, v in CAPACITY_LABELS.items()})))
        self.person_decision = self.form.add(ChoiceBinding(
            "capacity.person_decision", N_("&What the person decided"),
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
        form.field(self.form.add(ChoiceBinding("deprivation_of_liberty", N_("Does this &amount to a "
                                                                            "deprivation of liberty?"),
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
        form.field(self.form.add(TextAreaBinding("monitoring", N_("How &will it be monitored?"), lines=3)))
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
        self.review_message = message_line(error=True)
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
