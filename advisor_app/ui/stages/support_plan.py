"""Stage 5, the support plan: outcomes in the person's words, the week, and how to support well.

Outcomes link to the parts of support chosen in the service design (ticked by name). The week is
built by the domain from the design (``weekly_timetable``) and shown read only, with its clashes
and gaps, and any outcome with no support behind it, listed as warnings.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain.components import KIND_LABELS, ComponentMenu
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.service_design import (
    OnGoingDetails,
    ServiceDesign,
    component_name,
)
from advisor_app.domain.support_plan import SupportPlan, outcome_warnings, timetable_warnings, weekly_timetable
from advisor_app.domain.validation import validate
from advisor_app.domain.week import BAND_LABELS
from advisor_app.i18n import _, ngettext
from advisor_app.services import CaseView
from advisor_app.services.documents import component_menu
from advisor_app.ui.stages.base import StageContext, TabbedStagePage
from advisor_app.ui.stages.picture import tab_top
from advisor_app.ui.widgets.fields import ChecksBinding, ChoiceBinding, DateBinding, TextAreaBinding
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList, first_line
from advisor_app.ui.widgets.lists import EntryList, panel, person_name, section_data, speaker_options
from advisor_app.ui.widgets.text import TrButton, TrLabel, retranslate_all
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.timetable import Legend, TimetableGrid

WARNING_MARK = "\u26a0"
TICK = "\u2713"


def hours_text(value) -> str:
    return f"{value.normalize():f}"


def format_date(value) -> str:
    return value.strftime("%d/%m/%Y")


class Warnings(QFrame):
    """A list of warnings from the domain, or a quiet line saying there are none."""

    def __init__(self, none_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("warnings")
        self.none_text = none_text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)
        self.messages: list[str] = []

    def show_messages(self, messages: list[str]) -> None:
        self.messages = [_(m) for m in messages]
        if self.messages:
            self.label.setText("\n".join(f"{WARNING_MARK} {m}" for m in self.messages))
        else:
            self.label.setText(f"{TICK} " + _(self.none_text))
        self.setProperty("state", "warn" if self.messages else "ok")
        repolish(self)
        self.label.setAccessibleName(self.label.text())


class SupportPlanPage(TabbedStagePage):
    stage = Stage.SUPPORT_PLAN
    watches = frozenset({"service_design", "person", "circle"})  # the week, names, speakers

    TAB_OUTCOMES, TAB_WEEK, TAB_WELL, TAB_PEOPLE = range(4)

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.menu: ComponentMenu | None = component_menu()
        self._name = ""
        self._view: CaseView | None = None
        self.design: ServiceDesign | None = None
        self.form = FormSection("support_plan", self)
        self.entry_lists: list[EntryList] = []
        self.add_tab(self._outcomes_page, N_("Outcomes"))
        self.add_tab(self._week_page, N_("The week"), max_width=1040)
        self.add_tab(self._well_page, N_("Supporting me well"))
        self.add_tab(self._people_page, N_("The people who support me"))
        self.retranslate_self()

    def who(self) -> str:
        return self._name or _("the person")

    # -- outcomes -------------------------------------------------------------------------------
    def _outcomes_page(self) -> QWidget:
        f = self.form
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Outcomes"), lambda: _("What {name} wants from their support, in their own words: what "
                                                "success looks like, by when, and which parts of the support "
                                                "deliver it.", name=self.who()), f)
        self.outcome_warnings = Warnings(N_("Every outcome has support behind it, and every part of the support "
                                            "helps with an outcome."))
        form.addWidget(self.outcome_warnings)
        self.outcomes = f.add(RecordList(
            "outcomes", self._outcome_fields, title_for=self._outcome_title,
            name_for=lambda d: "“" + (first_line(d.get("in_my_words") or "", 40) or _("a new outcome")) + "”",
            new_record=lambda: {"id": str(uuid.uuid4())},
            blank=lambda d: not any((d.get(k) or "") for k in ("in_my_words", "success_looks_like", "by_when"))
            and not d.get("component_ids"),
            texts={"add": N_("&Add an outcome"), "empty": N_("No outcomes yet. Start with what the person "
                                                             "wants, in their words."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        form.field(self.outcomes)
        form.addStretch(1)
        return content

    def _outcome_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        words = f.add(TextAreaBinding("in_my_words", lambda: _("In {name}'s words", name=self.who()), lines=2,
                                      placeholder=N_("For example, “I want to get the bus to work by myself”")))
        form.field(words)
        whose = f.add(ChoiceBinding("whose_words", N_("Whose words"), speaker_options(self._view),
                                    placeholder=N_("Not recorded")))
        card.whose = whose  # type: ignore[attr-defined]
        when = f.add(DateBinding("by_when", N_("By when"), future=True))
        form.pair(whose, when)
        form.field(f.add(TextAreaBinding("success_looks_like", N_("What success looks like"), lines=2,
                                         hint=N_("How everyone will know it has happened."))))
        links = f.add(ChecksBinding("component_ids", N_("The support that delivers it"), self._component_options(),
                                    columns=1, empty=N_("Choose parts of support in the service design first."),
                                    missing=N_("A part of support no longer in the design")))
        card.links = links  # type: ignore[attr-defined]
        form.field(links)

    def _outcome_title(self, data: dict[str, Any], index: int) -> str:
        return f"{index + 1}. " + (first_line(data.get("in_my_words") or "", 70) or _("New outcome"))

    def _component_options(self) -> list[tuple[str, Any]]:
        options = []
        for chosen in self.design.components if self.design else []:
            name = _(component_name(chosen, self.menu))
            kind = f" ({_(KIND_LABELS[chosen.kind]).lower()})" if chosen.kind else ""
            note = first_line(chosen.notes, 50)
            label = f"{name}{kind}" + (f": {note}" if note else "")
            options.append((chosen.id, (lambda text=label: text)))
        return options

    # -- the week -------------------------------------------------------------------------------
    def _week_page(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("The week"), lambda: _("When {name}'s support happens in a usual week, built from the "
                                                "service design. Change it there.", name=self.who()))
        self.week_warnings = Warnings(N_("No clashes or gaps in the week."))
        form.addWidget(self.week_warnings)
        self.grid = TimetableGrid()
        self.grid.setAccessibleName(_("The weekly timetable: days across, times of day down"))
        form.addWidget(self.grid)
        self.legend = Legend()
        self.legend_panel = panel(TrLabel(N_("Key"), object_name="subheading"), self.legend)
        form.addWidget(self.legend_panel)
        self.not_fixed = TrLabel("", object_name="lead")
        self.not_fixed_panel = panel(TrLabel(N_("Not on a fixed day"), object_name="subheading"), self.not_fixed)
        form.addWidget(self.not_fixed_panel)
        self.design_button = TrButton(N_("Change the &weekly pattern in the service design"))
        self.design_button.clicked.connect(lambda: self.context.open_stage(Stage.SERVICE_DESIGN))
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.design_button)
        layout.addStretch(1)
        form.addWidget(row)
        form.addStretch(1)
        return content

    def _show_week(self) -> None:
        design = self.design or ServiceDesign()
        timetable = weekly_timetable(design, self.menu)
        plan = validate(SupportPlan, section_data(self._view, "support_plan")).value or SupportPlan()
        about_outcomes = outcome_warnings(plan, design, self.menu)
        if hasattr(self, "outcome_warnings"):
            self.outcome_warnings.show_messages(about_outcomes)
        if not hasattr(self, "grid"):
            return
        self.grid.show_timetable(timetable, [c.id for c in design.components if isinstance(c.details, OnGoingDetails)])
        self.week_warnings.show_messages(timetable_warnings(timetable) + about_outcomes)
        parts = []
        on_going = [c for c in design.components if isinstance(c.details, OnGoingDetails)]
        names = [_(component_name(c, self.menu)) for c in on_going]
        for chosen, name in zip(on_going, names):
            details = chosen.details
            bands = [_("{hours} h {band}", hours=hours_text(h), band=_(BAND_LABELS[b]).lower())
                     for b, h in details.hours_per_week().by_band().items() if h]
            if details.sleep_ins_per_week:
                bands.append(ngettext("{n} sleep-in", "{n} sleep-ins", details.sleep_ins_per_week))
            if details.waking_nights_per_week:
                bands.append(ngettext("{n} waking night", "{n} waking nights", details.waking_nights_per_week))
            detail = _("Each week: {parts}", parts=", ".join(bands)) if bands else _("Nothing planned yet")
            if details.live_in:
                detail += ". " + _("Someone lives in.")
            if chosen.shared_by > 1:
                detail += " " + _("(shared by {n})", n=chosen.shared_by)
            if names.count(name) > 1 and chosen.notes:  # two of the same: the notes tell them apart
                detail += " \u2014 " + " ".join(chosen.notes.split())  # the key wraps: the whole note
            parts.append((self.grid.colour_for(chosen.id), name, detail))
        self.legend.show_parts(parts)
        self.legend_panel.setVisible(bool(parts))
        lines = []
        for weekly in timetable.weekly:
            bands = [_("{hours} h {band}", hours=hours_text(h), band=_(BAND_LABELS[b]).lower())
                     for b, h in weekly.hours_per_week.by_band().items() if h]
            if weekly.sleep_ins_per_week:
                bands.append(ngettext("{n} sleep-in", "{n} sleep-ins", weekly.sleep_ins_per_week))
            if weekly.waking_nights_per_week:
                bands.append(ngettext("{n} waking night", "{n} waking nights", weekly.waking_nights_per_week))
            lines.append(_("{name}: {parts} a week, on days to suit", name=_(weekly.name),
                           parts=", ".join(bands) or _("a fixed price for the outcome")))
        for one_off in timetable.one_offs:
            lines.append(_("{name}: once, on {date}", name=_(one_off.name), date=format_date(one_off.date))
                         if one_off.date else _("{name}: once, date to be agreed", name=_(one_off.name)))
        if timetable.bank_holiday_hours_per_week:
            lines.append(_("Bank holidays: {hours} hours a week on average",
                           hours=hours_text(timetable.bank_holiday_hours_per_week)))
        self.not_fixed.setText("\n".join(f"\u2022 {line}" for line in lines))
        self.not_fixed_panel.setVisible(bool(lines))

    # -- supporting me well -----------------------------------------------------------------------
    def _entries(self, path: str, label: Any, **kwargs: Any) -> EntryList:
        entries = self.form.add(EntryList(path, label, **kwargs))
        self.entry_lists.append(entries)
        return entries

    def _well_page(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("Supporting me well"), lambda: _("How {name} wants to be supported, and what matters to "
                                                          "them day to day.", name=self.who()))
        self.how_to_support = self._entries(
            "how_to_support_me_well", lambda: _("How to support {name} well", name=self.who()),
            hint=N_("In their words where you can: “Give me time to answer.”"),
            empty=N_("Nothing yet."), add=N_("Add a way to support them well"))
        self.day_to_day = self._entries(
            "what_matters_day_to_day", N_("What matters day to day"),
            hint=N_("The small things that make a day go well."),
            empty=N_("Nothing yet."), add=N_("Add something that matters"))
        form.addWidget(panel(self.how_to_support.row))
        form.addWidget(panel(self.day_to_day.row))
        form.addStretch(1)
        return content

    def _people_page(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content, spacing=16)
        tab_top(form, N_("The people who support me"),
                lambda: _("What {name} wants in the people who support them. Recruitment starts from this.",
                          name=self.who()))
        self.qualities = self._entries("wanted_in_supporters.qualities", N_("Qualities"),
                                       hint=N_("Kind, patient, fun…"), empty=N_("Nothing yet."), add=N_("Add"))
        self.skills = self._entries("wanted_in_supporters.skills", N_("Skills"),
                                    hint=N_("Makaton, driving, cooking…"), empty=N_("Nothing yet."), add=N_("Add"))
        self.interests = self._entries("wanted_in_supporters.shared_interests", N_("Shared interests"),
                                       hint=N_("Music, football, baking…"), empty=N_("Nothing yet."), add=N_("Add"))
        for entries in (self.qualities, self.skills, self.interests):
            form.addWidget(panel(entries.row))
        form.addStretch(1)
        return content

    # -- the page -------------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return [self.form]

    def _take_view(self, view: CaseView) -> None:
        self._view = view
        self._name = person_name(view)
        self.design = validate(ServiceDesign, section_data(view, "service_design")).value
        speakers = speaker_options(view)
        for entries in self.entry_lists:
            entries.set_speakers(speakers)
        options = self._component_options()
        for card in self.outcomes.cards if hasattr(self, "outcomes") else []:
            card.whose.set_options(speakers)  # type: ignore[attr-defined]
            card.links.set_options(options)  # type: ignore[attr-defined]

    def load(self, view: CaseView) -> None:
        self._take_view(view)
        super().load(view)
        self._take_view(view)
        retranslate_all(self)
        self._show_week()

    def tab_built(self, index: int) -> None:
        if self._view is not None:
            self._take_view(self._view)
            retranslate_all(self.tabs.widget(index))
            self._show_week()

    def refresh(self, view: CaseView) -> None:
        self._take_view(view)
        if person_name(view) != getattr(self, "_shown_name", None):
            self._shown_name = person_name(view)
            retranslate_all(self)
        self._show_week()
