"""Stage 4, service design: support broken into parts from the provider's menu.

Each chosen part gets the details of its kind: a one-off piece of work (a fixed price or hours,
and a date), a fixed term (weeks or an outcome, hours a week by time of day, or a fixed price for
the outcome with what happens if it takes longer), or on-going support (a weekly pattern by day
and time, nights, bank holidays, living in). What is not finished yet is said beside its field,
from the domain's ``design_problems``; it never stops a save.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from advisor_app.domain.components import (
    KIND_LABELS,
    PRICING_LABELS,
    Pricing,
    SPECIALIST_LABELS,
    ComponentKind,
    ComponentMenu,
)
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.service_design import (
    DETAIL_FIELDS,
    IF_LONGER_LABELS,
    IfLongerRule,
    OnGoingDetails,
    ServiceDesign,
    choose,
    design_problems,
)
from advisor_app.domain.validation import validate
from advisor_app.domain.week import BAND_LABELS, DAY_LABELS, DAYS, WEEKEND_DAYS, Band, NightCover
from advisor_app.i18n import _, ngettext
from advisor_app.services import CaseView
from advisor_app.services.documents import component_menu
from advisor_app.ui.stages.base import StageContext, StagePage
from advisor_app.ui.widgets.fields import (
    CheckBinding,
    ChoiceBinding,
    DateBinding,
    HiddenBinding,
    LineBinding,
    NumberBinding,
    SpinBinding,
    TextAreaBinding,
)
from advisor_app.ui.widgets.forms import (
    FormLayout,
    FormSection,
    GroupBinding,
    RecordCard,
    RecordList,
    get_path,
    label_for,
    scroll_page,
)
from advisor_app.ui.widgets.lists import person_name
from advisor_app.ui.widgets.menu_picker import MenuPicker
from advisor_app.ui.widgets.text import TrLabel, heading, retranslate_all

CHOOSE = N_("Choose…")
NIGHT_LABELS = {
    NightCover.NONE: N_("None"),
    NightCover.SLEEP_IN: N_("Sleep-in"),
    NightCover.WAKING_NIGHT: N_("Waking night"),
}
SLOT_HEADINGS = (N_("Daytime hours\n08:00 to 17:00"), N_("Evening hours\n17:00 to 22:00"),
                 N_("Night\nfrom 22:00"))


def chosen_kind(data: dict[str, Any], menu: ComponentMenu | None) -> ComponentKind | None:
    """The kind whose details a chosen part carries (else the menu's kind for it)."""
    given = [kind for kind, key in DETAIL_FIELDS.items() if data.get(key) is not None]
    if len(given) == 1:
        return given[0]
    item = menu.get(data.get("component_id") or "") if menu else None
    return item.kind if item else None


def hours_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


class ServiceDesignPage(StagePage):
    stage = Stage.SERVICE_DESIGN
    watches = frozenset({"person"})  # the name in its questions

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.menu = component_menu()
        self._name = ""
        self.form = FormSection("service_design", self)
        f = self.form
        content = QWidget()
        form = FormLayout(content)
        form.addWidget(heading(N_("Service design"), 1))
        form.addWidget(TrLabel(lambda: _("Support for {name} broken into parts from our menu, rather than one "
                                         "package. Each part gets the details of its kind; what is still needed "
                                         "is said beside it.", name=self._name or _("the person")),
                               object_name="lead"))
        form.addWidget(f.message)
        self.summary = TrLabel(self._summary_text, object_name="total")
        form.addWidget(self.summary)

        form.heading(N_("Parts of support"))
        self.components = f.add(RecordList(
            "components", self._component_fields, title_for=self._component_title,
            name_for=lambda d: self._component_name(d),
            texts={"add": N_("&Add a part of support from our menu…"),
                   "empty": N_("Nothing chosen yet. Add parts of support from our menu."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        self.components.add_button.setProperty("primary", True)
        self.components.add_button.clicked.disconnect()
        self.components.add_button.clicked.connect(self.pick_from_menu)
        form.field(self.components)

        form.heading(N_("Specialists to involve"),
                     lead=N_("Our own specialists: behaviour support, transitions, housing, assistive technology."))
        self.specialists = f.add(RecordList(
            "specialists", self._specialist_fields, title_for=self._specialist_title,
            name_for=lambda d: label_for(SPECIALIST_LABELS, d.get("kind"), _("a specialist")),
            blank=lambda d: not d.get("kind") and not (d.get("why") or "").strip(),
            texts={"add": N_("Add a s&pecialist"), "empty": N_("No specialists needed so far."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        form.field(self.specialists)

        form.heading(N_("What we cannot offer"),
                     lead=N_("Said plainly, with the organisation the family was pointed to instead."))
        self.cannot_offer = f.add(RecordList(
            "cannot_offer", self._cannot_offer_fields, title_for=self._cannot_offer_title,
            name_for=lambda d: "“" + ((d.get("what") or "").strip() or _("something")) + "”",
            blank=lambda d: not (d.get("what") or "").strip() and not (d.get("pointed_to") or "").strip(),
            texts={"add": N_("Add &something we cannot offer"), "empty": N_("Nothing recorded."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        form.field(self.cannot_offer)

        form.heading(N_("Notes"))
        form.field(f.add(TextAreaBinding("notes", N_("&Notes about the design"), lines=3)))
        form.addStretch(1)
        f.edited.connect(self.summary.retranslate_self)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content, max_width=900))

    # -- the menu -----------------------------------------------------------------------------
    def pick_from_menu(self) -> None:
        if self.menu is None:
            self.context.show_message(_("Our menu of support cannot be read. Please tell the office."))
            return
        picker = MenuPicker(self.menu, already=[c.form.data().get("component_id") for c in self.components.cards],
                            parent=self)
        try:
            if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() is None:
                self.components.add_button.setFocus()
                return
            item = picker.chosen()
        finally:
            picker.deleteLater()
        self.add_component(item.id)

    def add_component(self, component_id: str) -> RecordCard:
        """Add a part of support from the menu, with empty details of its kind (``domain.choose``)."""
        item = self.menu.get(component_id) if self.menu else None
        if item is None:
            raise KeyError(component_id)
        card = self.components.add(choose(item).model_dump(mode="json"))
        listed = {c.form.data().get("kind") for c in self.specialists.cards}
        if item.specialist is not None and item.specialist not in listed:
            self.context.show_message(_("“{name}” usually involves our {specialist} specialist: you can add them "
                                        "under “Specialists to involve”.", name=_(item.name),
                                        specialist=_(SPECIALIST_LABELS[item.specialist]).lower()))
        return card

    def _component_name(self, data: dict[str, Any]) -> str:
        item = self.menu.get(data.get("component_id") or "") if self.menu else None
        return _(item.name) if item else (data.get("component_id") or _("a part of support"))

    def _component_title(self, data: dict[str, Any], index: int) -> str:
        kind = chosen_kind(data, self.menu)
        suffix = f" \u00b7 {_(KIND_LABELS[kind])}" if kind else ""
        return f"{index + 1}. {self._component_name(data)}{suffix}"

    # -- one part of support ------------------------------------------------------------------
    def _component_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        f.add(HiddenBinding("component_id"))
        data = card.initial
        item = self.menu.get(data.get("component_id") or "") if self.menu else None
        kind = chosen_kind(data, self.menu)
        if item is not None:
            about = TrLabel(lambda: _("{description} Usually priced: {pricing}.", description=_(item.description),
                                      pricing=_(PRICING_LABELS[item.pricing]).lower()), object_name="hint")
            form.addWidget(about)
        card.kind = kind  # type: ignore[attr-defined]
        if kind == ComponentKind.ONE_OFF:
            self._one_off_fields(card)
        elif kind == ComponentKind.FIXED_TERM:
            self._fixed_term_fields(card)
        elif kind == ComponentKind.ON_GOING:
            self._on_going_fields(card)
        shared = f.add(SpinBinding("shared_by", N_("Shared by how many people"), minimum=1, maximum=50,
                                   hint=lambda: _("Including {name}. Each person pays their share of shared hours.",
                                                  name=self._name or _("the person"))))
        form.field(shared)
        form.field(f.add(TextAreaBinding("notes", N_("Notes"), lines=2,
                                         hint=N_("What it is for, in the family's words."))))

    def _one_off_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        price = f.add(NumberBinding("one_off.fixed_price", N_("A fixed price"), prefix="£",
                                    hint=N_("Give a fixed price, or the estimated hours.")))
        hours = f.add(NumberBinding("one_off.estimated_hours", N_("Or estimated hours"), suffix=N_("hours"),
                                    hint=N_("Priced at the daytime rate.")))
        form.pair(price, hours)
        form.field(f.add(DateBinding("one_off.date", N_("When it will happen"), future=True)))

    def _fixed_term_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        form.field(f.add(NumberBinding("fixed_term.weeks", N_("For how many weeks"), suffix=N_("weeks"),
                                       width_chars=5,
                                       hint=N_("The term, or the expert estimate of how long the outcome takes."))))
        form.field(f.add(TextAreaBinding("fixed_term.target_outcome", N_("The outcome it is for"), lines=2,
                                         hint=N_("What will be different when it is done, in plain words."))))

        def hours(group: GroupBinding) -> None:
            row = QHBoxLayout(group.body)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(16)
            for band in Band:
                cell = group.form.add(NumberBinding(band.value, BAND_LABELS[band], empty="0", suffix=N_("h"),
                                                    width_chars=5))
                cell.label.setObjectName("subLabel")
                row.addWidget(cell.row, 0, Qt.AlignmentFlag.AlignTop)
            row.addStretch(1)

        form.field(f.add(GroupBinding("fixed_term.hours_per_week", N_("Hours a week, by time of day"), hours)))
        nights = [f.add(SpinBinding("fixed_term.sleep_ins_per_week", N_("Sleep-ins a week"), maximum=7)),
                  f.add(SpinBinding("fixed_term.waking_nights_per_week", N_("Waking nights a week"), maximum=7))]
        nights_row = QWidget()
        pair = QHBoxLayout(nights_row)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.setSpacing(24)
        for binding in nights:
            pair.addWidget(binding.row, 1, Qt.AlignmentFlag.AlignTop)
        form.addWidget(nights_row)
        # Nights are for parts bought by the night (short breaks); shown for others once given.
        item = self.menu.get(card.initial.get("component_id") or "") if self.menu else None
        by_night = item is not None and item.pricing == Pricing.NIGHTLY
        f.show_when([nights_row], lambda d: by_night or bool(
            get_path(d, "fixed_term.sleep_ins_per_week") or get_path(d, "fixed_term.waking_nights_per_week")))
        price = f.add(NumberBinding("fixed_term.fixed_price_for_outcome", N_("Or a fixed price for the outcome"),
                                    prefix="£", hint=N_("Based on an expert estimate. Leave empty to sell it by "
                                                        "the hour.")))
        form.field(price)

        def if_longer(group: GroupBinding) -> None:
            inner = group.layout_fields(spacing=10)
            rule = group.form.add(ChoiceBinding("rule", None, IF_LONGER_LABELS, placeholder=CHOOSE,
                                                accessible=N_("If it takes longer")))
            inner.field(rule)
            amount = group.form.add(NumberBinding("refund_amount", N_("Refund amount"), prefix="£"))
            percent = group.form.add(NumberBinding("refund_percent", N_("Or a percentage"), suffix="%",
                                                   width_chars=5))
            rate = group.form.add(NumberBinding("reduced_hourly_rate", N_("Reduced hourly rate"), prefix="£",
                                                suffix=N_("an hour")))
            inner.pair(amount, percent)
            inner.field(rate)
            group.form.show_when([amount, percent], lambda d: d.get("rule") == IfLongerRule.REFUND_PARTIAL)
            group.form.show_when([rate], lambda d: d.get("rule") == IfLongerRule.CONTINUE_REDUCED)

        longer = f.add(GroupBinding(
            "fixed_term.if_longer", N_("If it takes longer than expected"), if_longer, optional=True,
            hint=N_("What the agreement promises: a full or part refund, or carrying on at a reduced rate."),
            is_empty=lambda d: not d.get("rule") and not any(d.get(k) for k in (
                "refund_amount", "refund_percent", "reduced_hourly_rate"))))
        form.field(longer)
        f.show_when([longer], lambda d: bool(get_path(d, "fixed_term.fixed_price_for_outcome")))

    def _on_going_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields

        def week(group: GroupBinding) -> None:
            # A day to a row (Monday at the top), so it fits at any text size; Tab goes along a day.
            grid = QGridLayout(group.body)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(6)
            for c, text in enumerate(SLOT_HEADINGS, start=1):
                grid.addWidget(TrLabel(text, object_name="columnHeading"), 0, c)
            metrics = group.body.fontMetrics()
            for r, day in enumerate(DAYS, start=1):
                name = TrLabel(DAY_LABELS[day], object_name="fieldLabel", word_wrap=False)
                if day in WEEKEND_DAYS:
                    name.setToolTip(_("Daytime on {day} is at the weekend rate.", day=_(DAY_LABELS[day])))
                grid.addWidget(name, r, 0)
                for c, (slot, words) in enumerate((("daytime", N_("daytime hours")), ("evening", N_("evening hours"))),
                                                  start=1):
                    cell = group.form.add(NumberBinding(
                        f"{day}.{slot}", None, empty="0", width_chars=6,
                        accessible=lambda d=day, w=words: f"{_(DAY_LABELS[d])}, {_(w)}"))
                    cell.edit.setMinimumWidth(metrics.horizontalAdvance("00.00") + 28)
                    grid.addWidget(cell.row, r, c)
                night = group.form.add(ChoiceBinding(
                    f"{day}.night", None, NIGHT_LABELS, min_chars=12,
                    accessible=lambda d=day: _("{day} night", day=_(DAY_LABELS[d]))))
                night.combo.setToolTip(_("The night starting on {day}: none, a sleep-in or a waking night",
                                         day=_(DAY_LABELS[day])))
                grid.addWidget(night.row, r, 3)
            grid.setColumnStretch(4, 1)

        form.field(f.add(GroupBinding("on_going.week", N_("The weekly pattern"), week,
                                      hint=N_("Hours in each part of each day; a night is marked on the day it "
                                              "starts. Saturday and Sunday daytimes are at the weekend rate."))))
        card.week_total = TrLabel(lambda c=card: self._week_total(c), object_name="hint")  # type: ignore[attr-defined]
        form.addWidget(card.week_total)  # type: ignore[attr-defined]
        bank = f.add(NumberBinding("on_going.bank_holiday_hours_per_week", N_("Bank holiday hours a week"),
                                   empty="0", suffix=N_("hours"), width_chars=5,
                                   hint=N_("Averaged over the year: bank holidays fall on no fixed day.")))
        live_in = f.add(CheckBinding("on_going.live_in", N_("Someone lives in"),
                                     hint=N_("A live-in supporter; their hours and nights are still given above.")))
        form.pair(bank, live_in)
        card.form.edited.connect(card.week_total.retranslate_self)  # type: ignore[attr-defined]

    def _week_total(self, card: RecordCard) -> str:
        """Each week's hours and nights, worked out by the domain from the pattern as typed."""
        result = validate(OnGoingDetails, card.form.data().get("on_going") or {})
        if not result.ok:
            return _("The weekly total appears when the hours are numbers like 7.5.")
        details = result.value
        parts = [_("{hours} h {band}", hours=hours_text(h), band=_(BAND_LABELS[b]).lower())
                 for b, h in details.hours_per_week().by_band().items() if h]
        if details.sleep_ins_per_week:
            parts.append(ngettext("{n} sleep-in", "{n} sleep-ins", details.sleep_ins_per_week))
        if details.waking_nights_per_week:
            parts.append(ngettext("{n} waking night", "{n} waking nights", details.waking_nights_per_week))
        if not parts:
            return _("Nothing planned in the week yet.")
        total = details.hours_per_week().total()
        if not total:
            return _("Each week: {parts}.", parts=", ".join(parts))
        return _("Each week: {parts} ({total} hours in all).", parts=", ".join(parts), total=hours_text(total))

    # -- specialists and what we cannot offer ---------------------------------------------------
    def _specialist_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        kind = f.add(ChoiceBinding("kind", N_("Specialist"), SPECIALIST_LABELS, placeholder=CHOOSE))
        form.field(kind)
        form.field(f.add(TextAreaBinding("why", N_("Why they are needed"), lines=2)))

    @staticmethod
    def _specialist_title(data: dict[str, Any], index: int) -> str:
        return f"{index + 1}. " + label_for(SPECIALIST_LABELS, data.get("kind"), _("New specialist"))

    def _cannot_offer_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        what = f.add(LineBinding("what", N_("What we cannot offer")))
        pointed = f.add(LineBinding("pointed_to", N_("The organisation we pointed them to")))
        form.pair(what, pointed)

    @staticmethod
    def _cannot_offer_title(data: dict[str, Any], index: int) -> str:
        return f"{index + 1}. " + ((data.get("what") or "").strip() or _("Something we cannot offer"))

    # -- summary --------------------------------------------------------------------------------
    def _summary_text(self) -> str:
        if not hasattr(self, "components"):
            return ""
        kinds = [chosen_kind(d, self.menu) for d in self.components.value()]
        if not kinds:
            return _("No parts of support chosen yet.")
        counts = [ngettext("{n} one-off", "{n} one-off", kinds.count(ComponentKind.ONE_OFF)),
                  ngettext("{n} fixed term", "{n} fixed term", kinds.count(ComponentKind.FIXED_TERM)),
                  ngettext("{n} on-going", "{n} on-going", kinds.count(ComponentKind.ON_GOING))]
        shown = [text for text, kind in zip(counts, (ComponentKind.ONE_OFF, ComponentKind.FIXED_TERM,
                                                      ComponentKind.ON_GOING)) if kinds.count(kind)]
        return ngettext("{n} part of support: {kinds}", "{n} parts of support: {kinds}", len(kinds),
                        kinds=", ".join(shown))

    # -- the page -------------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return [self.form]

    def load(self, view: CaseView) -> None:
        self._name = person_name(view)
        super().load(view)
        retranslate_all(self)

    def refresh(self, view: CaseView) -> None:
        name = person_name(view)
        if name != self._name:
            self._name = name
            retranslate_all(self)
        self.show_problems(view)
        self.summary.retranslate_self()

    def show_problems(self, view: CaseView) -> None:
        """What the saved design still needs, beside each field (soft: the design is saved)."""
        if self.form.has_refusals():
            return  # the refusal stays until it is put right
        state = view.sections.get("service_design")
        design = validate(ServiceDesign, state.data).value if state else None
        self.form.show_reminders(design_problems(design, self.menu) if design is not None else {})


__all__ = ["ServiceDesignPage", "chosen_kind", "NIGHT_LABELS"]
