"""Stage 10, person-centred reviews: the case's reviews and when the next one is due, and each
review in the format of Appendix 7, one tab per part, with its budget statement.

A review is its own record: the editor autosaves it through ``services.reviews.save_review`` (and
its statement through ``ui/stages/statement.py``). Whether a review is complete, when the next is
due, and what has to follow a change to the plan are the services' and the domain's answers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.picture import VIEW_LABELS, View
from advisor_app.domain.reviews import FOLLOW_UP_WORDS, PROGRESS_LABELS, DueState, FollowUp
from advisor_app.i18n import _, ngettext
from advisor_app.services import CaseView
from advisor_app.services import reviews as review_service
from advisor_app.services.errors import StoreError
from advisor_app.ui.stages.base import StageContext, StagePage
from advisor_app.ui.stages.picture import tab_top, working_not_working
from advisor_app.ui.stages.setup import LIST_TEXTS, button_row
from advisor_app.ui.stages.statement import StatementPanel
from advisor_app.ui.stages.support_plan import Warnings, format_date
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.autosave import Autosaver
from advisor_app.ui.widgets.fields import (
    CheckBinding,
    ChoiceBinding,
    DateBinding,
    HiddenBinding,
    LineBinding,
    TextAreaBinding,
)
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList, first_line, scroll_page
from advisor_app.ui.widgets.record_editor import RecordEditing
from advisor_app.ui.widgets.record_table import inline_message, record_table
from advisor_app.ui.widgets.taborder import fix_tab_order
from advisor_app.ui.widgets.lists import EntryList, panel, person_name, speaker_options
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, retranslate_all, shortcut
from advisor_app.ui.widgets.read_only import mark_reads

FOLLOW_UP_STAGES = {FollowUp.NEW_PROPOSAL: (Stage.COSTING, N_("Open &costing")),
                    FollowUp.SIGN_AGAIN: (Stage.AGREEMENT, N_("Open the a&greement"))}


class ReviewEditor(RecordEditing, QWidget):
    """One review, a tab per part of Appendix 7's format, autosaved as it is typed."""

    NOT_OPEN = N_("No review is open.")
    closed = Signal()
    changed = Signal()

    TAB_WHO, TAB_VIEWS, TAB_MATTERS, TAB_OUTCOMES, TAB_ACTIONS, TAB_CHANGES, TAB_MONEY = range(7)

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.view: review_service.ReviewView | None = None
        self.case_view: CaseView | None = None
        self._name = ""
        self.form = FormSection("review", self)
        self.autosaver = Autosaver(self._save, parent=self)
        self.autosaver.saved.connect(lambda _n: self._after_save())
        self.autosaver.stateChanged.connect(self._show_save_state)
        self.autosaver.attach(self.form)
        self.entry_lists: list[Any] = []
        self._watched: set[int] = set()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QWidget()
        top_layout = FormLayout(top, spacing=6)
        top.setContentsMargins(24, 8, 24, 0)
        self.back_button = TrButton(N_("\u2190 All &reviews"), flat=True)
        self.back_button.clicked.connect(self.close_editor)
        mark_reads(self.back_button)
        self.title = QLabel()
        self.title.setObjectName("heading")
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        self.progress = QLabel()
        self.progress.setObjectName("lead")
        self.progress.setWordWrap(True)
        top_layout.addWidget(button_row(self.back_button, self.title, self.save_state))
        top_layout.addWidget(self.progress)
        top_layout.addWidget(self.form.message)
        outer.addWidget(top)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setUsesScrollButtons(True)
        outer.addWidget(self.tabs, 1)
        self.statement = StatementPanel(self.context.session, self.context.case_id,
                                        self.context.open_documents)
        self.statement.changed.connect(self._after_save)
        self.statement.autosaver.stateChanged.connect(self._show_save_state)
        self.statement.rows_saver.stateChanged.connect(self._show_save_state)
        for builder, title, width in (
            (self._who_tab, N_("Who came"), 860), (self._views_tab, N_("Working / not working"), 1040),
            (self._matters_tab, N_("What matters"), 860), (self._outcomes_tab, N_("Outcomes"), 860),
            (self._actions_tab, N_("Actions"), 860), (self._changes_tab, N_("Changes to the plan"), 860),
            (lambda: self.statement, N_("Budget statement"), 1040)):
            self.tabs.addTab(scroll_page(builder(), max_width=width), _(title))
        shortcut("Ctrl+Tab", self, lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count()))
        shortcut("Ctrl+Shift+Tab", self,
                 lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count()))

    def who(self) -> str:
        return self._name or _("the person")

    # -- the tabs -------------------------------------------------------------------------------
    def _who_tab(self) -> QWidget:
        f = self.form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Who came"), lambda: _("{name} invites whom they want. Note who came, and who sent their "
                                                "views instead.", name=self.who()))
        self.held_on = f.add(DateBinding("held_on", N_("The review &was held on")))
        self.facilitator = f.add(LineBinding("facilitator", N_("Led &by")))
        form.pair(self.held_on, self.facilitator)
        self.invited = f.add(RecordList(
            "invited", self._invitee_fields,
            title_for=lambda d, i: f"{i + 1}. " + (d.get("name") or _("Someone new")),
            blank=lambda d: not (d.get("name") or "").strip(),
            texts={**LIST_TEXTS, "add": N_("&Invite someone else"), "empty": N_("Nobody invited yet.")}))
        form.field(self.invited)
        form.addStretch(1)
        return content

    def _invitee_fields(self, card: RecordCard) -> None:
        f = card.form
        name = f.add(LineBinding("name", N_("Name")))
        relationship = f.add(LineBinding("relationship", N_("Who they are")))
        card.fields.pair(name, relationship)
        came = f.add(CheckBinding("came", N_("Came")))
        sent = f.add(CheckBinding("sent_views", N_("Could not come; sent their views")))
        card.fields.pair(came, sent)
        f.add(HiddenBinding("who"))

    def _views_tab(self) -> QWidget:
        f = self.form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("What is working and not working"),
                lambda: _("From each point of view, starting with {name}'s own.", name=self.who()))

        self.working, self.not_working, grid, _panels = working_not_working(
            f, lambda v: _("{name}'s view", name=self._name) if v == View.PERSON and self._name else _(VIEW_LABELS[v]))
        self.entry_lists += [self.working, self.not_working]
        form.addWidget(grid)
        form.addStretch(1)
        return content

    def _entries(self, path: str, label: Any, **kwargs: Any) -> EntryList:
        entries = self.form.add(EntryList(path, label, empty=N_("Nothing yet."), **kwargs))
        self.entry_lists.append(entries)
        return entries

    def _matters_tab(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("What matters"), lambda: _("What is important to {name} now and in the future, and the "
                                                    "questions the review could not answer yet.", name=self.who()))
        now = self._entries("important_now", lambda: _("Important to {name} &now", name=self.who()), add=N_("Add"))
        future = self._entries("important_future", lambda: _("Important to {name} in the &future", name=self.who()),
                               add=N_("Add"))
        questions = self._entries("questions", N_("&Questions to answer"), add=N_("Add a question"))
        for entries in (now, future, questions):
            form.addWidget(panel(entries.row))
        form.addStretch(1)
        return content

    def _outcomes_tab(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("How the goals are going"),
                lambda: _("Progress on each outcome of {name}'s support plan.", name=self.who()))
        self.outcomes = self.form.add(RecordList(
            "outcomes", self._outcome_fields, title_for=self._outcome_title,
            texts={**LIST_TEXTS, "add": N_("Add"), "empty": N_("The support plan has no outcomes.")}))
        self.outcomes.add_button.hide()  # one per outcome of the plan: not added or removed here
        form.field(self.outcomes)
        form.addStretch(1)
        return content

    def _outcome_fields(self, card: RecordCard) -> None:
        for button in (card.up, card.down, card.remove):
            button.hide()
        f = card.form
        f.add(HiddenBinding("outcome_id"))
        progress = f.add(ChoiceBinding("progress", N_("How it is going"), PROGRESS_LABELS, placeholder=N_("Choose…")))
        card.fields.field(progress)
        card.fields.field(f.add(TextAreaBinding("note", N_("What people said"), lines=2)))

    def _outcome_title(self, data: dict[str, Any], index: int) -> str:
        plan = self.view.plan if self.view else None
        outcome = next((o for o in (plan.outcomes if plan else []) if o.id == data.get("outcome_id")), None)
        words = first_line(outcome.in_my_words, 80) if outcome else _("An outcome no longer in the plan")
        return f"{index + 1}. “{words}”"

    def _actions_tab(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Actions"), N_("What will happen next: each action with who does it and by when."))
        self.actions = self.form.add(RecordList(
            "actions", self._action_fields,
            title_for=lambda d, i: f"{i + 1}. " + ("\u2713 " if d.get("done") else "") +
            (first_line(d.get("what") or "", 70) or _("New action")),
            blank=lambda d: not (d.get("what") or "").strip(),
            texts={**LIST_TEXTS, "add": N_("Add an &action"), "empty": N_("No actions yet.")}))
        form.field(self.actions)
        form.addStretch(1)
        return content

    def _action_fields(self, card: RecordCard) -> None:
        f = card.form
        card.fields.field(f.add(LineBinding("what", N_("What will happen"))))
        owner = f.add(LineBinding("owner", N_("Who")))
        when = f.add(DateBinding("by_when", N_("By when"), future=True))
        card.fields.pair(owner, when)
        card.fields.field(f.add(CheckBinding("done", N_("Done"))))

    def _changes_tab(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Changes to the support plan"),
                N_("What the review agreed to change. New outcomes go into the plan in the person's words; a change "
                   "of support is made in the service design."))
        self.changes = self.form.add(RecordList(
            "plan_changes", self._change_fields,
            title_for=lambda d, i: f"{i + 1}. " + (first_line(d.get("what") or "", 70) or _("New change")),
            blank=lambda d: not (d.get("what") or "").strip(),
            texts={**LIST_TEXTS, "add": N_("&Add a change"), "empty": N_("No changes agreed.")}))
        form.field(self.changes)
        self.make_changes_button = TrButton(N_("&Put the changes into the support plan"), primary=True)
        self.make_changes_button.clicked.connect(self.make_plan_changes)
        self.design_button = TrButton(N_("&Open the service design"))
        self.design_button.clicked.connect(lambda: self.context.open_stage(Stage.SERVICE_DESIGN))
        form.addWidget(button_row(self.make_changes_button, self.design_button))
        self.follow_up = Warnings(FOLLOW_UP_WORDS[FollowUp.NOTHING])
        self.follow_buttons: dict[FollowUp, TrButton] = {}
        for step, (stage, text) in FOLLOW_UP_STAGES.items():
            button = TrButton(text)
            button.clicked.connect(lambda _c=False, s=stage: self.context.open_stage(s))
            self.follow_buttons[step] = button
        form.addWidget(panel(TrLabel(N_("What follows"), object_name="subheading"), self.follow_up,
                             button_row(*self.follow_buttons.values())))
        form.addStretch(1)
        return content

    def _change_fields(self, card: RecordCard) -> None:
        f = card.form
        card.fields.field(f.add(LineBinding("what", N_("The change"))))
        card.fields.field(f.add(TextAreaBinding("new_outcome", N_("A new outcome, in the person's words (if any)"),
                                                lines=2)))
        whose = f.add(ChoiceBinding("whose_words", N_("Whose words"), speaker_options(self.case_view),
                                    placeholder=N_("Not recorded")))
        card.fields.field(whose)

    # -- opening and saving ---------------------------------------------------------------------
    def open(self, review_id: str, case_view: CaseView | None) -> None:
        self.flush()
        self.case_view = case_view
        self._name = person_name(case_view)
        for entries in self.entry_lists:
            entries.set_speakers(speaker_options(case_view))
        self.view = review_service.load_review(self.context.service(), review_id)
        data = dict(self.view.data)
        noted = {o.get("outcome_id") for o in data.get("outcomes") or []}
        # Every outcome of the plan has its line (saved with the next edit).
        data["outcomes"] = list(data.get("outcomes") or []) + [
            {"outcome_id": o.id, "progress": None, "note": ""} for o in self.view.plan.outcomes if o.id not in noted]
        self.form.load(data)
        self.statement.open(self.view.review.statement_id)
        self.tabs.setCurrentIndex(0)
        retranslate_all(self)
        self.refresh()
        self._watch_structure()

    def _watch_structure(self) -> None:
        """Tab follows the screen top to bottom, also after a card is added or moved."""
        for form in (self.form, self.statement.form, self.statement.rows_form):
            for binding in form.bindings:
                structure = getattr(binding, "structureChanged", None)
                if structure is not None and id(binding) not in self._watched:
                    self._watched.add(id(binding))
                    structure.connect(lambda: fix_tab_order(self))
        fix_tab_order(self)

    def load_view(self, record_id: str) -> review_service.ReviewView:
        return review_service.load_review(self.context.service(), record_id)

    def save_record(self, service: Any, case_id: str, record_id: str, data: dict[str, Any]) -> Any:
        return review_service.save_review(service, case_id, record_id, data)

    def flush(self) -> None:
        super().flush()
        if self.view is not None:
            self.statement.flush()

    def refresh(self) -> None:
        view = self.view
        if view is None:
            return
        held = view.review.held_on
        self.title.setText(_("Review held on {date}", date=format_date(held)) if held else _("Review not held yet"))
        done = view.completeness
        if done.complete:
            self.progress.setText("\u2713 " + _("Complete: every part of the review is recorded."))
        else:
            self.progress.setText(_("{done} of {total} done. Next: {missing}.", done=done.done, total=done.total,
                                    missing=_(done.missing[0]) if done.missing else ""))
        still = "; ".join(_(m) for m in done.missing)
        self.progress.setToolTip(_("Still needed: {missing}.", missing=still) if still else "")
        self.progress.setAccessibleName(self.progress.text())
        self.progress.setAccessibleDescription(self.progress.toolTip())
        self.follow_up.show_messages([] if view.follow_up == [FollowUp.NOTHING] else
                                     [FOLLOW_UP_WORDS[s] for s in view.follow_up])
        for step, button in self.follow_buttons.items():
            button.setVisible(step in view.follow_up)
        if view.review.plan_version is not None:
            self.make_changes_button.set_source(lambda: _("The changes are in the support plan, version {n}",
                                                          n=view.review.plan_version))
        else:
            self.make_changes_button.set_source(N_("&Put the changes into the support plan"))
        self.make_changes_button.setEnabled(view.review.plan_version is None)
        for card in self.outcomes.cards:
            card.retranslate_self()

    def _show_save_state(self) -> None:
        states = [s.state.value for s in (self.autosaver, self.statement.autosaver, self.statement.rows_saver)]
        texts = {"pending": _("Saving…"), "invalid": _("Not saved: check the highlighted answers"),
                 "failed": _("Not saved")}
        shown = next((texts[s] for s in ("failed", "invalid", "pending") if s in states), "\u2713 " + _("Saved"))
        self.save_state.setText(shown)
        self.save_state.setAccessibleName(shown)

    def make_plan_changes(self) -> None:
        if self.view is None:
            return
        self.flush()
        try:
            result = review_service.make_plan_changes(self.context.service(), self.view.case_id, self.view.id)
        except StoreError as exc:
            self.context.show_message(_(str(exc)))
            return
        if not result.ok:
            self.context.show_message(_(next(iter(result.errors.values()))))
            return
        self.context.reload()
        self.reload()
        data = dict(self.form.data())
        data["outcomes"] = self.view.data.get("outcomes", [])
        self.form.load({**data, "plan_version": self.view.review.plan_version})  # the new outcomes' lines
        self.context.show_message(_("The support plan now has the changes: saved as version {n}.", n=result.version))

    def close_editor(self) -> None:
        self.flush()
        self.closed.emit()

    def focus_first(self) -> None:
        self.held_on.focus()


class ReviewsPage(StagePage):
    stage = Stage.REVIEWS

    COLUMNS = (N_("Held on"), N_("Recorded"), N_("Open actions"))

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.case_view: CaseView | None = None
        self.summaries: list[review_service.ReviewSummary] = []
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._build_list())
        self.editor = ReviewEditor(context)
        self.editor.closed.connect(self.show_list)
        self.editor.changed.connect(self.context.reload)
        self.stack.addWidget(self.editor)

    def _build_list(self) -> QWidget:
        content = QWidget()
        layout = FormLayout(content)
        layout.addWidget(heading(N_("Person-centred reviews"), 1))
        layout.addWidget(TrLabel(N_("At least once a year: what is working and not working from each point of view, "
                                    "what matters now and in future, actions, and how the money is being spent."),
                                 object_name="lead"))
        self.due = QLabel()
        self.due.setWordWrap(True)
        layout.addWidget(self.due)
        self.table = record_table(len(self.COLUMNS), stretch=1, open_current=self.open_current,
                                  selection_changed=self._update_buttons)
        self.table_label = TrLabel(N_("The case's &reviews"), object_name="subheading", buddy=self.table)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table)
        self.empty = TrLabel(N_("No reviews yet."), object_name="inlineInfo")
        layout.addWidget(self.empty)
        self.new_button = TrButton(N_("&New review"), primary=True)
        self.new_button.clicked.connect(self.new_review)
        self.open_button = TrButton(N_("&Open"))
        self.open_button.clicked.connect(self.open_current)
        mark_reads(self.open_button)
        self.delete_button = TrButton(N_("De&lete"), tooltip=N_("Only a review not held yet can be deleted."))
        self.delete_button.clicked.connect(self.delete_current)
        self.document_button = TrButton(N_("The review for the &family…"))
        self.document_button.clicked.connect(lambda: self.context.open_documents("review"))
        layout.addWidget(button_row(self.new_button, self.open_button, self.delete_button, self.document_button))
        self.message = inline_message()
        layout.addWidget(self.message)
        layout.addWidget(TrLabel(N_("Enter opens the chosen review."), object_name="hint"))
        layout.addStretch(1)
        return scroll_page(content, max_width=1000)

    # -- StagePage ------------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return []  # reviews are records of their own, saved by the editor's autosavers

    def load(self, view: CaseView) -> None:
        self.refresh(view)
        self.loaded = True

    def refresh(self, view: CaseView) -> None:
        self.case_view = view
        self.refresh_list()

    def flush(self) -> None:
        self.editor.flush()

    def focus_first(self) -> None:
        if self.stack.currentWidget() is self.editor:
            self.editor.focus_first()
        elif self.summaries:
            self.table.setFocus()
        else:
            self.new_button.setFocus()

    def focus_first_problem(self) -> bool:
        return False

    # -- the list -------------------------------------------------------------------------------
    def refresh_list(self) -> None:
        case_id = self.context.case_id()
        if case_id is None or self.context.service is None:
            return
        try:
            service = self.context.service()
            self.summaries = review_service.list_reviews(service, case_id)
            due = review_service.due_for_case(service, case_id)
        except StoreError:
            return
        self.due.setText(_(due.say(format_date(due.due_on) if due.due_on else None)))
        self.due.setObjectName({DueState.OVERDUE: "inlineError", DueState.DUE: "inlineError"}.get(due.state,
                                                                                                  "inlineInfo"))
        repolish(self.due)
        self.due.setAccessibleName(self.due.text())
        selected = self.current_id()
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            done = summary.completeness
            cells = [format_date(summary.held_on) if summary.held_on else _("Not held yet"),
                     "\u2713 " + _("Complete") if done.complete else _("{done} of {total} done", done=done.done,
                                                                        total=done.total),
                     ngettext("{n} open", "{n} open", summary.open_actions) if summary.open_actions else "\u2014"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(self.COLUMNS[column])}: {text}")
                self.table.setItem(row, column, item)
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows + 8)
        self.table.setVisible(bool(self.summaries))
        self.table_label.setVisible(bool(self.summaries))
        self.empty.setVisible(not self.summaries)
        ids = [s.id for s in self.summaries]
        if self.summaries:
            self.table.selectRow(ids.index(selected) if selected in ids else len(ids) - 1)
        self._update_buttons()
        if self.stack.currentWidget() is self.editor:
            self.editor.refresh()

    def current_id(self) -> str | None:
        row = self.table.currentRow()
        return self.summaries[row].id if 0 <= row < len(self.summaries) else None

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        summary = self.summaries[row] if 0 <= row < len(self.summaries) else None
        self.open_button.setEnabled(summary is not None)
        self.delete_button.setEnabled(summary is not None and summary.held_on is None)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.show()

    def new_review(self) -> str | None:
        try:
            review_id = review_service.new_review(self.context.service(), self.context.case_id())
        except StoreError as exc:
            self._say(_(str(exc)))
            return None
        self.context.reload()
        self.open_review(review_id)
        return review_id

    def open_current(self) -> None:
        review_id = self.current_id()
        if review_id:
            self.open_review(review_id)

    def open_review(self, review_id: str) -> None:
        self.message.hide()
        self.editor.open(review_id, self.case_view)
        self.stack.setCurrentWidget(self.editor)
        self.editor.focus_first()
        QTimer.singleShot(0, lambda: self.editor.focus_first() if self.editor.isVisible() else None)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh_list()
        (self.table if self.summaries else self.new_button).setFocus()

    def delete_current(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.summaries):
            return
        summary = self.summaries[row]
        result = review_service.delete_review(self.context.service(), summary.id, summary.version)
        if not result.ok:
            self._say(_(next(iter(result.errors.values()))))
            return
        self.context.reload()
