"""Stage 9, setting up and handing over: the start plan, recruitment ("you choose, we employ"),
and the handover to the local manager.

Everything on the page is the ``setup`` section and autosaves like any other. Drafts from the plan
(the usual tasks, the advert, interview questions) come from ``services.setup`` and are put into
the form as if typed, so the form stays the one writer of its section. The handover itself is
``services.setup.hand_over``: the pack, the date and the move to reviews in one transaction;
the page only asks for it, after saying plainly what it will do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.setup import (
    DECIDED_BY_LABELS,
    INVOLVEMENT_LABELS,
    MAX_SCORE,
    PANEL_ROLE_LABELS,
    TASK_AREA_LABELS,
    Candidate,
    Recruitment,
    candidate_total,
    recruitment_reminders,
)
from advisor_app.domain.validation import validate
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.services import setup as setup_service
from advisor_app.services.errors import StoreError
from advisor_app.ui.stages.base import StageContext, TabbedStagePage
from advisor_app.ui.stages.picture import tab_top
from advisor_app.ui.stages.support_plan import Warnings, format_date
from advisor_app.ui.widgets.fields import (
    CheckBinding,
    ChoiceBinding,
    DateBinding,
    HiddenBinding,
    LineBinding,
    SpinBinding,
    TextAreaBinding,
)
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList, first_line
from advisor_app.ui.widgets.lists import EntryList, panel, person_name
from advisor_app.ui.widgets.text import TrButton, TrLabel, retranslate_all

CHOOSE = N_("Choose…")
LIST_TEXTS = {"removed": N_("Removed {name}."), "undo": N_("&Undo"), "up": N_("Move up"), "down": N_("Move down"),
              "remove": N_("Remove")}


def button_row(*buttons: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for button in buttons:
        layout.addWidget(button)
    layout.addStretch(1)
    return row


class SetupPage(TabbedStagePage):
    stage = Stage.SETUP

    TAB_START, TAB_RECRUITMENT, TAB_HANDOVER = range(3)

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._view: CaseView | None = None
        self._name = ""
        self._question_ids: list[str] = []
        self.state: setup_service.SetupView | None = None
        self.form = FormSection("setup", self)
        self.form.edited.connect(self._edited)
        self.add_tab(self._start_page, N_("Start plan"))
        self.add_tab(self._recruitment_page, N_("Recruitment"))
        self.add_tab(self._handover_page, N_("Handover"))
        self.retranslate_self()

    def who(self) -> str:
        return self._name or _("the person")

    # -- the start plan -------------------------------------------------------------------------
    def _start_page(self) -> QWidget:
        f = self.form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Start plan"), lambda: _("Everything that has to happen before {name}'s support starts: "
                                                  "recruitment, specialists, housing, equipment. Each task has "
                                                  "someone who does it and a date.", name=self.who()), f)
        self.start_on = f.add(DateBinding("start_on", N_("The date the &support starts"), future=True,
                                          hint=N_("Reviews are due a year from this date.")))
        form.field(self.start_on)
        self.tasks = f.add(RecordList(
            "tasks", self._task_fields, title_for=self._task_title,
            name_for=lambda d: "“" + (first_line(d.get("what") or "", 40) or _("a new task")) + "”",
            blank=lambda d: not (d.get("what") or "").strip() and not d.get("owner"),
            texts={**LIST_TEXTS, "add": N_("&Add a task"), "empty": N_("No tasks yet.")}))
        form.field(self.tasks)
        self.suggest_button = TrButton(N_("Add the usual tasks for this &plan"))
        self.suggest_button.clicked.connect(self.add_suggested_tasks)
        form.addWidget(button_row(self.suggest_button))
        form.addStretch(1)
        return content

    def _task_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        what = f.add(LineBinding("what", N_("What needs doing")))
        area = f.add(ChoiceBinding("area", N_("Area"), TASK_AREA_LABELS))
        form.pair(what, area)
        owner = f.add(LineBinding("owner", N_("Who does it")))
        due = f.add(DateBinding("due_on", N_("By when"), future=True))
        form.pair(owner, due)
        done = f.add(CheckBinding("done", N_("Done")))
        done_on = f.add(DateBinding("done_on", N_("Done on")))
        form.pair(done, done_on)
        f.show_when([done_on], lambda d: bool(d.get("done")))

    def _task_title(self, data: dict[str, Any], index: int) -> str:
        mark = "\u2713 " if data.get("done") else ""
        return f"{index + 1}. {mark}" + (first_line(data.get("what") or "", 70) or _("New task"))

    def add_suggested_tasks(self) -> None:
        try:
            tasks = setup_service.suggested(self.context.service(), self.context.case_id())
        except StoreError as exc:
            self.context.show_message(_(str(exc)))
            return
        have = {(c.form.data().get("what") or "").strip() for c in self.tasks.cards}
        fresh = [t for t in tasks if t.what not in have]
        for task in fresh:
            self.tasks.add(task.model_dump(mode="json"))
        self.context.show_message(_("Added {n} tasks from the plan. Say who does each, and by when.", n=len(fresh))
                                  if fresh else _("The start plan already has the usual tasks."))

    # -- recruitment ----------------------------------------------------------------------------
    def _recruitment_page(self) -> QWidget:
        f = self.form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Recruitment: you choose, we employ"),
                lambda: _("{name} and the family are as involved as they want, up to making the decision. The job "
                          "description, the person specification and the questions come from {name}'s own plan.",
                          name=self.who()))
        self.involvement = f.add(ChoiceBinding("recruitment.involvement", N_("How &involved they want to be"),
                                               INVOLVEMENT_LABELS, placeholder=CHOOSE))
        form.field(self.involvement)
        self.job_title = f.add(LineBinding("recruitment.job_title", N_("Jo&b title"),
                                           placeholder=lambda: _("For example, Support worker for {name}",
                                                                 name=self.who())))
        form.field(self.job_title)
        self.job_button = TrButton(N_("Job description…"))
        self.job_button.clicked.connect(lambda: self.context.open_documents("job-description"))
        self.spec_button = TrButton(N_("Person specification…"))
        self.spec_button.clicked.connect(lambda: self.context.open_documents("person-specification"))
        form.addWidget(button_row(self.job_button, self.spec_button))
        self.advert = f.add(TextAreaBinding("recruitment.advert", N_("The ad&vert"), lines=7,
                                            hint=N_("Draft it from the plan, then change it with the family.")))
        form.field(self.advert)
        self.advert_button = TrButton(N_("Draft the advert from the plan"))
        self.advert_button.clicked.connect(self.draft_advert)
        form.addWidget(button_row(self.advert_button))

        form.heading(N_("Interview questions"), lead=N_("Drawn from the person's own words; change them freely."))
        self.questions = f.add(RecordList(
            "recruitment.questions", self._question_fields,
            title_for=lambda d, i: _("Question {n}", n=i + 1),
            name_for=lambda d: "“" + (first_line(d.get("text") or "", 40) or _("a new question")) + "”",
            blank=lambda d: not (d.get("text") or "").strip(),
            texts={**LIST_TEXTS, "add": N_("Add a &question"), "empty": N_("No questions yet.")}))
        form.field(self.questions)
        self.questions_button = TrButton(lambda: _("Draft questions from {name}'s &words", name=self.who()))
        self.questions_button.clicked.connect(self.draft_questions)
        self.sheet_button = TrButton(N_("Questions and scoring sheet…"))
        self.sheet_button.clicked.connect(lambda: self.context.open_documents("interview-questions"))
        form.addWidget(button_row(self.questions_button, self.sheet_button))

        form.heading(N_("The panel"), lead=N_("Who interviews. The person or their family can be on it."))
        self.panel = f.add(RecordList(
            "recruitment.panel", self._panel_fields,
            title_for=lambda d, i: f"{i + 1}. " + (d.get("name") or _("New panel member")),
            blank=lambda d: not (d.get("name") or "").strip(),
            texts={**LIST_TEXTS, "add": N_("Add to the &panel"), "empty": N_("Nobody on the panel yet.")}))
        form.field(self.panel)
        self.recruitment_notes = Warnings(N_("“You choose, we employ” is kept to."))
        form.addWidget(self.recruitment_notes)

        form.heading(N_("Candidates and their scores"),
                     lead=lambda: _("Each answer scored from 0 to {most}.", most=MAX_SCORE))
        self.candidates = f.add(RecordList(
            "recruitment.candidates", self._candidate_fields, title_for=self._candidate_title,
            blank=lambda d: not (d.get("name") or "").strip(),
            texts={**LIST_TEXTS, "add": N_("Add a ca&ndidate"), "empty": N_("No candidates yet.")}))
        form.field(self.candidates)
        self.questions.structureChanged.connect(self._questions_changed)

        form.heading(N_("The decision"))
        self.chosen = f.add(ChoiceBinding("recruitment.chosen_candidate", N_("&Offered the job:"), [],
                                          placeholder=N_("Not decided yet")))
        self.decided_by = f.add(ChoiceBinding("recruitment.decided_by", N_("Who d&ecided"), DECIDED_BY_LABELS,
                                              placeholder=CHOOSE))
        form.pair(self.chosen, self.decided_by)
        self.decided_on = f.add(DateBinding("recruitment.decided_on", N_("Decided on")))
        form.field(self.decided_on)
        form.field(f.add(TextAreaBinding("recruitment.decision_notes", N_("Notes on the decision"), lines=2)))
        form.addStretch(1)
        return content

    def _question_fields(self, card: RecordCard) -> None:
        f = card.form
        card.fields.field(f.add(TextAreaBinding("text", N_("The question"), lines=2)))
        f.add(HiddenBinding("from_words"))  # the person's words it was drawn from: quoted in the question
        f.add(HiddenBinding("whose_words"))

    def _panel_fields(self, card: RecordCard) -> None:
        f = card.form
        name = f.add(LineBinding("name", N_("Name")))
        role = f.add(ChoiceBinding("role", N_("Role"), PANEL_ROLE_LABELS))
        card.fields.pair(name, role)

    def _candidate_fields(self, card: RecordCard) -> None:
        f = card.form
        card.fields.field(f.add(LineBinding("name", N_("Name"))))
        for n, question_id in enumerate(self._question_ids, start=1):
            card.fields.field(f.add(SpinBinding(f"scores.{question_id}", (lambda n=n: _("Score for question {n}",
                                                                                         n=n)),
                                                minimum=0, maximum=MAX_SCORE)))
        card.fields.field(f.add(TextAreaBinding("notes", N_("Notes"), lines=2)))

    def _recruitment_data(self) -> Recruitment:
        data = self.form.data().get("recruitment") or {}
        return validate(Recruitment, data).value or Recruitment()

    def _candidate_title(self, data: dict[str, Any], index: int) -> str:
        name = data.get("name") or _("New candidate")
        candidate = validate(Candidate, {**data, "name": name}).value
        if candidate is None or not self._question_ids:
            return f"{index + 1}. {name}"
        points, most = candidate_total(self._recruitment_data(), candidate)
        return _("{n}. {name}: {points} of {most}", n=index + 1, name=name, points=points, most=most)

    def _questions_changed(self) -> None:
        """Each candidate card has a score per question: build them again for the questions now asked."""
        ids = [card.form.data().get("id") for card in self.questions.saved_cards()]
        if ids != self._question_ids:
            self._question_ids = ids
            self.candidates.set_value(self.candidates.value())

    def draft_questions(self) -> None:
        from advisor_app.domain.setup import InterviewQuestion

        existing = [q for q in (validate(InterviewQuestion, c.form.data()).value for c in self.questions.saved_cards())
                    if q is not None]
        try:
            drafts = setup_service.drafted_questions(self.context.service(), self.context.case_id(), existing)
        except StoreError as exc:
            self.context.show_message(_(str(exc)))
            return
        for question in drafts:
            self.questions.add(question.model_dump(mode="json"))
        self.context.show_message(_("Drafted {n} questions from {name}'s words. Read them with the family.",
                                    n=len(drafts), name=self.who()) if drafts else
                                  _("There is nothing new in the plan to draw questions from."))

    def draft_advert(self) -> None:
        if self.advert.value():
            self.context.show_message(_("The advert already has words. Clear it first to draft it again."))
            self.advert.focus()
            return
        try:
            text = setup_service.drafted_advert(self.context.service(), self.context.case_id())
        except StoreError as exc:
            self.context.show_message(_(str(exc)))
            return
        self.advert.edit.setPlainText(text)  # as if typed: the form saves it
        self.advert.focus()

    # -- the handover ---------------------------------------------------------------------------
    def _handover_page(self) -> QWidget:
        f = self.form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Handover"), lambda: _("Hand {name}'s support over to the local manager, with everything "
                                                "agreed. You stay the family's named contact.", name=self.who()))
        self.manager = f.add(ChoiceBinding("manager_id", N_("The local &manager who takes over"), [],
                                           placeholder=CHOOSE))
        form.field(self.manager)
        self.manager_contact = QLabel()
        self.manager_contact.setObjectName("hint")
        form.addWidget(self.manager_contact)
        handing = QWidget()  # placed here; filled below, after the fields it refers to
        form.addWidget(handing)
        self.still_open = f.add(EntryList("still_open", N_("Anything else still &open"), whose=False,
                                          hint=N_("The start plan's tasks not done are listed in the pack too."),
                                          empty=N_("Nothing else."), add=N_("Add")))
        form.addWidget(panel(self.still_open.row))
        form.field(f.add(TextAreaBinding("handover_notes", N_("&Notes for the manager"), lines=3)))
        form.addStretch(1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("lead")
        self.preview_button = TrButton(N_("Pre&view the handover pack…"))
        self.preview_button.clicked.connect(lambda: self.context.open_documents("handover"))
        self.hand_over_button = TrButton(N_("&Hand over…"), primary=True)
        self.hand_over_button.clicked.connect(self.ask_hand_over)
        self.confirm = QFrame()
        self.confirm.setObjectName("panel")
        confirm = QVBoxLayout(self.confirm)
        self.confirm_text = QLabel()
        self.confirm_text.setWordWrap(True)
        confirm.addWidget(self.confirm_text)
        self.confirm_button = TrButton(N_("Hand over &now"), primary=True)
        self.confirm_button.clicked.connect(self.hand_over)
        self.cancel_button = TrButton(N_("Not &yet"))
        self.cancel_button.clicked.connect(self._cancel_hand_over)
        confirm.addWidget(button_row(self.confirm_button, self.cancel_button))
        self.confirm.hide()
        inner = QVBoxLayout(handing)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(panel(TrLabel(N_("Handing over"), object_name="subheading"), self.status,
                              button_row(self.preview_button, self.hand_over_button), self.confirm))
        return content

    def ask_hand_over(self) -> None:
        self.context.reload()  # what is saved is what is handed over
        state = self.state
        if state is None:
            return
        if state.not_ready:
            self.context.show_message("\n".join([_("Before handing over, please add:")] +
                                                [f"\u2022 {_(r)}" for r in state.not_ready]))
            return
        manager = state.manager.name if state.manager else _("the local manager")
        self.confirm_text.setText(_("This makes the handover pack, keeps it with the case, and moves the case on "
                                    "to its reviews. {manager} takes over from today; you stay the family's "
                                    "named contact.", manager=manager))
        self.confirm_text.setAccessibleName(self.confirm_text.text())
        self.confirm.show()
        self.confirm_button.setFocus()

    def _cancel_hand_over(self) -> None:
        self.confirm.hide()
        self.hand_over_button.setFocus()

    def hand_over(self) -> None:
        self.confirm.hide()
        try:
            result = setup_service.hand_over(self.context.service(), self.context.case_id())
        except StoreError as exc:
            self.context.show_message(_(str(exc)))
            return
        if not result.ok:
            self.context.show_message(_(next(iter(result.errors.values()))))
            return
        self.context.reload()
        self.context.show_message(_("Handed over. The handover pack is kept with the case, and the case has moved "
                                    "on to its reviews."))
        self.preview_button.setFocus()

    def _show_state(self) -> None:
        state = self.state
        if state is None or not hasattr(self, "status"):
            return
        setup = state.setup
        if setup.handed_over and setup.handed_over_on:
            manager = state.manager.name if state.manager else _("the local manager")
            lines = [_("Handed over to {manager} on {date}.", manager=manager, date=format_date(setup.handed_over_on))]
            if state.acknowledgement is not None:
                ack = state.acknowledgement
                lines.append(_("{manager} acknowledged it on {date}.", manager=ack.manager_name,
                               date=format_date(ack.acknowledged_at.date())) + (f" “{ack.note}”" if ack.note else ""))
            else:
                lines.append(_("Waiting for {manager}'s acknowledgement: it arrives when the laptop syncs with the "
                               "office.", manager=manager))
            lines.append(_("You stay the family's named contact."))
        elif state.not_ready:
            lines = [_("Not ready to hand over yet:")] + [f"\u2022 {_(r)}" for r in state.not_ready]
        else:
            lines = [_("Ready to hand over. Preview the pack first if you like.")]
        self.status.setText("\n".join(lines))
        self.status.setAccessibleName(self.status.text())
        self.hand_over_button.setVisible(not setup.handed_over)
        self.manager.combo.setEnabled(not setup.handed_over)  # the pack names the manager who took over
        self.preview_button.set_source(N_("Open the handover &pack…") if setup.handed_over
                                       else N_("Pre&view the handover pack…"))
        manager = state.manager
        self.manager_contact.setText(", ".join(x for x in (manager.area, manager.phone, manager.email) if x)
                                     if manager else "")
        self.manager_contact.setVisible(bool(self.manager_contact.text()))

    # -- the page -------------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return [self.form]

    def _edited(self) -> None:
        if hasattr(self, "chosen"):
            self.chosen.set_options([(c.form.data().get("id"), (lambda n=c.form.data().get("name") or "": n))
                                     for c in self.candidates.saved_cards()])
            self.recruitment_notes.show_messages(recruitment_reminders(self._recruitment_data()))
            for card in self.candidates.cards:
                card.retranslate_self()

    def _take_view(self, view: CaseView) -> None:
        self._view = view
        self._name = person_name(view)
        questions = ((view.sections.get("setup").data if view.sections.get("setup") else {})
                     .get("recruitment") or {}).get("questions") or []
        if not self.loaded:
            self._question_ids = [q.get("id") for q in questions]
        try:
            self.state = setup_service.load(self.context.service(), view.id) if self.context.service else None
        except StoreError:
            self.state = None
        managers = setup_service.managers()
        options = [(m.id, (lambda m=m: f"{m.name}, {m.role} ({m.area})" if m.area else f"{m.name}, {m.role}"))
                   for m in (managers.managers if managers else [])]
        if hasattr(self, "manager"):
            self.manager.set_options(options)

    def load(self, view: CaseView) -> None:
        self._take_view(view)
        super().load(view)
        self._after_view()

    def tab_built(self, index: int) -> None:
        if self._view is not None:
            self._take_view(self._view)
            self._after_view()
            retranslate_all(self.tabs.widget(index))

    def refresh(self, view: CaseView) -> None:
        self._take_view(view)
        self._after_view()

    def _after_view(self) -> None:
        self._edited()
        self._show_state()
        if person_name(self._view) != getattr(self, "_shown_name", None):
            self._shown_name = person_name(self._view)
            retranslate_all(self)
