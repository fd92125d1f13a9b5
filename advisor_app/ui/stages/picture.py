"""Stage 3, getting to know the person: the person-centred picture, one tool a tab.

Each tool is its own saved section (``domain/picture.py``), so each autosaves on its own. Every
entry can say whose words it is: the person, someone in their circle (by name), family, staff
or someone else. The circle itself is kept in first meetings and only shown here.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain.entries import OTHER, SPEAKER_LABELS
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.people import ROLE_LABELS
from advisor_app.domain.picture import PICTURE_TITLES, VIEW_LABELS, View
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.ui.stages.base import StageContext, TabbedStagePage
from advisor_app.ui.widgets.circle import RelationshipCircle
from advisor_app.ui.widgets.fields import ChecksBinding, ChoiceBinding, LineBinding, TextAreaBinding
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList
from advisor_app.ui.widgets.lists import (
    EntryList,
    SplitList,
    TableList,
    circle_members,
    panel,
    people_options,
    person_name,
    section_data,
    speaker_options,
)
from advisor_app.ui.widgets.photo_box import PhotoBox
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, resolve, retranslate_all

CHOOSE = N_("Choose…")


def side_by_side(*widgets: QWidget, spacing: int = 20) -> QWidget:
    """Columns of equal width, aligned at the top."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget, 1, Qt.AlignmentFlag.AlignTop)
    return row


def tab_top(form: FormLayout, title: str, lead: Any, section: FormSection | None = None) -> None:
    form.addWidget(heading(title, 1))
    form.addWidget(TrLabel(lead, object_name="lead"))
    if section is not None:
        form.addWidget(section.message)


def working_not_working(section: FormSection, view_title: Callable[[View], str]
                        ) -> tuple[SplitList, SplitList, QWidget, dict[View, QFrame]]:
    """What is working and not working: saved as two lists whose entries say whose view they are,
    shown as one panel per point of view with the two side by side. (The picture and the reviews.)"""

    def making(column: str):
        def make(view: View) -> EntryList:
            title = N_("Working") if column == "working" else N_("Not working")
            return EntryList(f"{column}_{view.value}", title, empty=N_("Nothing yet."), add=N_("Add"),
                             stacked=True, extra={"view": view.value},
                             spoken=lambda: f"{_(title)} ({_(VIEW_LABELS[view])})")
        return make

    working = section.add(SplitList("working", "view", making("working"), list(View)))
    not_working = section.add(SplitList("not_working", "view", making("not_working"), list(View)))
    grid = QWidget()
    rows = QVBoxLayout(grid)
    rows.setContentsMargins(0, 0, 0, 0)
    rows.setSpacing(16)
    panels: dict[View, QFrame] = {}
    for view in View:
        title = TrLabel((lambda v=view: view_title(v)), object_name="subheading")
        panels[view] = panel(title, side_by_side(working.lists[view].row, not_working.lists[view].row))
        rows.addWidget(panels[view])
    working.row = not_working.row = grid
    return working, not_working, grid, panels


class PicturePage(TabbedStagePage):
    stage = Stage.PICTURE
    watches = frozenset({"person", "circle"})  # the name, and the circle to choose speakers from

    TAB_PROFILE, TAB_TO_FOR, TAB_WORKING, TAB_COMMUNICATION, TAB_DECISIONS, TAB_RELATIONSHIPS, TAB_DAYS = range(7)

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._name = ""
        self.profile_form = FormSection("one_page_profile", self)
        self.to_for_form = FormSection("important_to_for", self)
        self.working_form = FormSection("working_not_working", self)
        self.communication_form = FormSection("communication", self)
        self.decisions_form = FormSection("decision_making", self)
        self.days_form = FormSection("good_day_bad_day", self)
        self.entry_lists: list[EntryList | SplitList] = []
        self._view: CaseView | None = None
        self.add_tab(self._profile_page, N_("One-page profile"))
        self.add_tab(self._to_for_page, N_("To and for"), max_width=1040)
        self.add_tab(self._working_page, N_("Working / not working"), max_width=1040)
        self.add_tab(self._communication_page, N_("Communication"), max_width=1100)
        self.add_tab(self._decisions_page, N_("Decisions"))
        self.add_tab(self._relationships_page, N_("Relationships"))
        self.add_tab(self._days_page, N_("Good and bad days"), max_width=1040)
        self.to_for_form.edited.connect(self.update_balance)
        self.retranslate_self()

    # -- names --------------------------------------------------------------------------------
    def who(self) -> str:
        return self._name or _("the person")

    def _entries(self, section: FormSection, path: str, label: Any, **kwargs: Any) -> EntryList:
        entries = section.add(EntryList(path, label, **kwargs))
        self.entry_lists.append(entries)
        return entries

    # -- one-page profile ---------------------------------------------------------------------
    def _profile_page(self) -> QWidget:
        f = self.profile_form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, PICTURE_TITLES["one_page_profile"],
                lambda: _("A page about {name}, in their words and the words of the people who know them best. "
                          "Type a line and press Enter for the next one.", name=self.who()), f)
        self.like_and_admire = self._entries(
            f, "like_and_admire", lambda: _("What people like and admire about {name}", name=self.who()),
            hint=N_("Their gifts and strengths, as family and friends describe them."),
            empty=N_("Nothing written yet."), add=N_("Add something people admire"))
        self.important_to = self._entries(
            f, "important_to", lambda: _("What is important to {name}", name=self.who()),
            hint=N_("What matters most to them, from their point of view."),
            empty=N_("Nothing written yet."), add=N_("Add something important to them"))
        self.how_to_support = self._entries(
            f, "how_to_support", lambda: _("How best to support {name}", name=self.who()),
            hint=N_("What others need to know and do, so the support fits."),
            empty=N_("Nothing written yet."), add=N_("Add a way to support them well"))
        self.photo_box = PhotoBox(self.context.service or (lambda: None), self.context.case_id,
                                  lambda: [(value, resolve(text)) for value, text in self._people()], self.context.reload)
        form.addWidget(self.photo_box)
        for entries in (self.like_and_admire, self.important_to, self.how_to_support):
            form.addWidget(panel(entries.row))
        form.addStretch(1)
        if self._view is not None:
            self.photo_box.refresh()
        return content

    # -- important to / for -------------------------------------------------------------------
    def _to_for_page(self) -> QWidget:
        f = self.to_for_form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, PICTURE_TITLES["important_to_for"],
                lambda: _("What is important to {name} beside what is important for them (health and safety). "
                          "Good support keeps the two in balance.", name=self.who()), f)
        self.balance = TrLabel(self._balance_text, object_name="total")
        form.addWidget(self.balance)
        self.to_list = self._entries(
            f, "important_to", lambda: _("Important to {name}", name=self.who()),
            hint=N_("What they care about: people, places, routines, things they love."),
            empty=N_("Nothing yet."), add=N_("Add"), stacked=True,
            spoken=lambda: _("Important to {name}", name=self.who()))
        self.for_list = self._entries(
            f, "important_for", lambda: _("Important for {name}", name=self.who()),
            hint=N_("What keeps them healthy and safe, as others see it."),
            empty=N_("Nothing yet."), add=N_("Add"), stacked=True)
        form.addWidget(side_by_side(panel(self.to_list.row), panel(self.for_list.row)))
        form.addStretch(1)
        return content

    def _balance_text(self) -> str:
        if not hasattr(self, "for_list"):
            return ""
        to, for_ = len(self.to_list.value()), len(self.for_list.value())
        if not to and not for_:
            return _("Start with what is important to {name}; then what is important for them.", name=self.who())
        return _("{to} important to {name}, {for_} important for {name}", to=to, for_=for_, name=self.who())

    def update_balance(self) -> None:
        if hasattr(self, "balance"):
            self.balance.retranslate_self()

    # -- working / not working ----------------------------------------------------------------
    def _working_page(self) -> QWidget:
        f = self.working_form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, PICTURE_TITLES["working_not_working"],
                lambda: _("What is working and what is not working in {name}'s life, from each point of view. "
                          "Start with {name}'s own view.", name=self.who()), f)

        self.working, self.not_working, grid, self.view_panels = working_not_working(f, self._view_title)
        self.entry_lists += [self.working, self.not_working]
        form.addWidget(grid)
        form.addStretch(1)
        return content

    def _view_title(self, view: View) -> str:
        if view == View.PERSON and self._name:
            return _("{name}'s view", name=self._name)
        return _(VIEW_LABELS[view])

    # -- communication ------------------------------------------------------------------------
    def _communication_page(self) -> QWidget:
        f = self.communication_form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, PICTURE_TITLES["communication"],
                lambda: _("How {name} tells people things without words, or with few words: what they do, what it "
                          "usually means, and what others should do. Enter moves to the next column.",
                          name=self.who()), f)
        self.chart = f.add(TableList("rows", [
            ("what_is_happening", N_("When this happens")),
            ("person_does", lambda: _("{name} does this", name=self._name or _("The person"))),
            ("usually_means", N_("We think it means")),
            ("others_should", N_("And we should")),
        ], lambda: _("How {name} communicates", name=self.who()), required="person_does",
            empty=N_("No rows yet. Add one for each thing the person does that tells you something."),
            add=N_("Add a row to the chart")))
        self.entry_lists.append(self.chart)
        form.addWidget(panel(self.chart.row))
        form.addStretch(1)
        return content

    # -- decisions ----------------------------------------------------------------------------
    def _decisions_page(self) -> QWidget:
        f = self.decisions_form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, PICTURE_TITLES["decision_making"],
                lambda: _("How {name} makes decisions best, and who decides what. The support must respect "
                          "this agreement.", name=self.who()), f)
        form.heading(N_("How they decide best"))
        self.offer_information = self._entries(
            f, "how_to_offer_information", lambda: _("How to give {name} information", name=self.who()),
            hint=N_("Words, pictures, objects; how much at a time; who explains best."),
            empty=N_("Nothing yet."), add=N_("Add a way to give information"))
        self.good_times = self._entries(f, "good_times_to_decide", N_("Good times to decide"),
                                        empty=N_("Nothing yet."), add=N_("Add"), stacked=True)
        self.bad_times = self._entries(f, "bad_times_to_decide", N_("Times to avoid"),
                                       empty=N_("Nothing yet."), add=N_("Add"), stacked=True)
        form.addWidget(panel(self.offer_information.row))
        form.addWidget(side_by_side(panel(self.good_times.row), panel(self.bad_times.row)))
        form.heading(N_("The decision-making agreement"),
                     lead=N_("The important decisions in their life: who is involved, and who has the final say."))
        self.decisions = f.add(RecordList(
            "decisions", self._decision_fields, title_for=self._decision_title,
            name_for=lambda d: "“" + ((d.get("decision") or "").strip() or _("a new decision")) + "”",
            new_record=lambda: {"id": str(uuid.uuid4())},
            blank=lambda d: not any((d.get(k) or "") for k in ("decision", "how_to_offer_information", "note"))
            and not d.get("involved") and not d.get("final_say"),
            texts={"add": N_("Add a decision"), "empty": N_("No decisions recorded yet."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        form.field(self.decisions)
        form.addStretch(1)
        return content

    def _decision_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        form.field(f.add(LineBinding("decision", N_("The decision"),
                                     placeholder=N_("For example, what to spend my money on"))))
        card.involved = f.add(ChecksBinding(  # type: ignore[attr-defined]
            "involved", N_("Who is involved"), self._people(), columns=2,
            empty=N_("Add people to the circle of support in first meetings to choose them here."),
            missing=N_("Someone no longer in the circle")))
        form.field(card.involved)  # type: ignore[attr-defined]
        form.field(f.add(TextAreaBinding("how_to_offer_information", N_("How to offer information about it"),
                                         lines=2)))
        card.final_say = f.add(ChoiceBinding(  # type: ignore[attr-defined]
            "final_say", N_("Who has the final say"), self._final_say_options(), placeholder=CHOOSE))
        form.field(card.final_say)  # type: ignore[attr-defined]
        form.field(f.add(TextAreaBinding("note", N_("Anything else"), lines=2)))

    @staticmethod
    def _decision_title(data: dict[str, Any], index: int) -> str:
        text = (data.get("decision") or "").strip() or _("New decision")
        return f"{index + 1}. {text}"

    # -- relationships ------------------------------------------------------------------------
    def _relationships_page(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Relationships"),
                lambda: _("The people in {name}'s circle of support, closest first. The circle is kept in first "
                          "meetings, so it is the same everywhere in the case.", name=self.who()))
        self.circle_list = QVBoxLayout()
        self.circle_list.setSpacing(10)
        self.circle_widgets: list[QWidget] = []
        holder = QWidget()
        holder.setLayout(self.circle_list)
        self.circle_list.addStretch(1)
        self.circle_drawing = RelationshipCircle()
        both = QWidget()
        row = QHBoxLayout(both)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(self.circle_drawing, 3)
        row.addWidget(holder, 2)
        self.circle_panel = panel(both)
        form.addWidget(self.circle_panel)
        row = QHBoxLayout()
        self.edit_circle = TrButton(N_("Change the circle &of support"))
        self.edit_circle.clicked.connect(lambda: self.context.open_stage(Stage.FIRST_MEETINGS, 1))
        row.addWidget(self.edit_circle)
        row.addStretch(1)
        form.addLayout(row)
        form.addStretch(1)
        return content

    def _show_circle(self, view: CaseView) -> None:
        if not hasattr(self, "circle_list"):
            return
        for old in self.circle_widgets:
            self.circle_list.removeWidget(old)
            old.hide()
            old.setParent(None)
            old.deleteLater()
        self.circle_widgets = []
        members = section_data(view, "circle").get("members") or []
        self.circle_drawing.set_people(person_name(view), [
            ((m.get("name") or "").strip(), (m.get("relationship") or "").strip()) for m in members
            if (m.get("name") or "").strip()])
        if not members:
            empty = TrLabel(N_("No one in the circle yet."), object_name="lead")
            self.circle_list.insertWidget(self.circle_list.count() - 1, empty)
            self.circle_widgets.append(empty)
            return
        for i, member in enumerate(members):
            name = (member.get("name") or "").strip() or _("Someone")
            relationship = (member.get("relationship") or "").strip()
            roles = [_(ROLE_LABELS[r]) for r in member.get("roles") or [] if r in ROLE_LABELS]
            line = QWidget()
            layout = QVBoxLayout(line)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(2)
            title = QLabel(f"{i + 1}. {name}" + (f" ({relationship})" if relationship else ""))
            title.setObjectName("fieldLabel")
            title.setWordWrap(True)
            layout.addWidget(title)
            if roles:
                detail = QLabel(", ".join(roles))
                detail.setObjectName("hint")
                detail.setWordWrap(True)
                layout.addWidget(detail)
            line.setAccessibleName(title.text() + (": " + ", ".join(roles) if roles else ""))
            self.circle_list.insertWidget(self.circle_list.count() - 1, line)
            self.circle_widgets.append(line)

    # -- good day, bad day, hopes ---------------------------------------------------------------
    def _days_page(self) -> QWidget:
        f = self.days_form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, PICTURE_TITLES["good_day_bad_day"],
                lambda: _("What makes a good day and a bad day for {name}, and their hopes for the future.",
                          name=self.who()), f)
        self.good_day = self._entries(f, "good_day", N_("A good day"), empty=N_("Nothing yet."), add=N_("Add"),
                                      stacked=True, hint=N_("What happens, who is there, how it feels."))
        self.bad_day = self._entries(f, "bad_day", N_("A bad day"), empty=N_("Nothing yet."), add=N_("Add"),
                                     stacked=True, hint=N_("What goes wrong, and what makes it worse."))
        form.addWidget(side_by_side(panel(self.good_day.row), panel(self.bad_day.row)))
        self.hopes = self._entries(f, "hopes_for_future", N_("Hopes for the future"),
                                   hint=N_("Dreams, big and small, in their own words."),
                                   empty=N_("Nothing yet."), add=N_("Add a hope"))
        form.addWidget(panel(self.hopes.row))
        form.addStretch(1)
        return content

    # -- the page -----------------------------------------------------------------------------
    def _people(self) -> list:
        return people_options(getattr(self, "_view", None))

    def _final_say_options(self) -> list:
        return self._people() + [(OTHER, SPEAKER_LABELS[OTHER])]

    def forms(self) -> list[FormSection]:
        return [self.profile_form, self.to_for_form, self.working_form, self.communication_form,
                self.decisions_form, self.days_form]

    def load(self, view: CaseView) -> None:
        self._view = view
        self._name = person_name(view)
        super().load(view)
        self._take_view(view)
        retranslate_all(self)  # headings that name the person
        self._show_circle(view)
        if hasattr(self, "photo_box"):
            self.photo_box.refresh()

    def tab_built(self, index: int) -> None:
        if self._view is not None:
            self._take_view(self._view)
            retranslate_all(self.tabs.widget(index))
            self._show_circle(self._view)
            self.update_balance()

    def _take_view(self, view: CaseView) -> None:
        self._view = view
        self._name = person_name(view)
        speakers = speaker_options(view)
        for entries in self.entry_lists:
            entries.set_speakers(speakers)
        if hasattr(self, "decisions"):
            for card in self.decisions.cards:
                card.involved.set_options(self._people())  # type: ignore[attr-defined]
                card.final_say.set_options(self._final_say_options())  # type: ignore[attr-defined]

    def refresh(self, view: CaseView) -> None:
        if hasattr(self, "photo_box"):
            self.photo_box.refresh()
        names_changed = (person_name(view), circle_members(view)) != (self._name, circle_members(self._view))
        self._view = view
        if names_changed:
            self._take_view(view)
            retranslate_all(self)
        self._show_circle(view)
        self.update_balance()

    def retranslate_self(self) -> None:
        super().retranslate_self()
        if hasattr(self, "photo_box"):
            self.photo_box.retranslate()
        if hasattr(self, "balance"):
            self.update_balance()
