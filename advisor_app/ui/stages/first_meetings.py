"""Stage 2, first meetings: the person, their circle of support, and their funding."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from advisor_app.domain.funding import FUNDING_LABELS, LOCAL_AUTHORITY, PERIOD_LABELS, PERSON, Funding, Period
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.people import ROLE_LABELS
from advisor_app.domain.validation import validate
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.ui.stages.base import StageContext, StagePage
from advisor_app.ui.widgets import communication
from advisor_app.ui.widgets.fields import (
    CheckBinding,
    ChecksBinding,
    ChoiceBinding,
    DateBinding,
    LineBinding,
    TextAreaBinding,
)
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList, label_for, scroll_page
from advisor_app.ui.widgets.text import TrLabel, heading

CHOOSE = N_("Choose…")


def money_text(value: Decimal) -> str:
    return f"£{value:,.2f}"


def checked_funding(funding: dict[str, Any]) -> Funding | None:
    """The funding as the domain reads it, or None while something needs checking."""
    result = validate(Funding, funding)
    return result.value if result.ok else None


def annual_total(funding: dict[str, Any]) -> Decimal | None:
    """The yearly total worked out by the domain (``Funding.annual_total``)."""
    checked = checked_funding(funding)
    return checked.annual_total() if checked is not None else None


def amount_text(raw: Any) -> str:
    """An amount as typed, shown as money when it reads as money (display only)."""
    text = str(raw or "").strip().lstrip("£").replace(",", "")
    try:
        return money_text(Decimal(text)) if text else ""
    except ArithmeticError:
        return f"£{text}"


class FirstMeetingsPage(StagePage):
    stage = Stage.FIRST_MEETINGS
    watches = frozenset()  # only its own sections

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.person_form = FormSection("person", self)
        self.circle_form = FormSection("circle", self)
        self.funding_form = FormSection("funding", self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._tab_titles = (N_("The person"), N_("Circle of support"), N_("Funding"))
        self.tabs.addTab(scroll_page(self._person_page()), "")
        self.tabs.addTab(scroll_page(self._circle_page()), "")
        self.tabs.addTab(scroll_page(self._funding_page()), "")
        self.tabs.currentChanged.connect(lambda _i: self.update_controllers())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.addWidget(self.tabs)
        self.person_form.edited.connect(self.update_controllers)
        self.circle_form.edited.connect(self.update_controllers)
        self.funding_form.edited.connect(self.update_total)
        self.retranslate_self()

    # -- the person -------------------------------------------------------------------------
    def _person_page(self) -> QWidget:
        f = self.person_form
        content = QWidget()
        form = FormLayout(content)
        form.addWidget(heading(N_("The person"), 1))
        form.addWidget(TrLabel(N_("The person at the centre of everything. Their words come first."), object_name="lead"))
        form.addWidget(f.message)
        form.heading(N_("Name"))
        self.first_name = f.add(LineBinding("first_name", N_("&First name")))
        self.last_name = f.add(LineBinding("last_name", N_("&Last name")))
        form.pair(self.first_name, self.last_name)
        self.preferred = f.add(LineBinding("preferred_name", N_("&What they like to be called"),
                                           hint=N_("If different from their first name.")))
        self.birth = f.add(DateBinding("date_of_birth", N_("Date of &birth")))
        form.pair(self.preferred, self.birth)
        form.heading(N_("Where they live and how to reach them"))
        form.field(f.add(TextAreaBinding("address", N_("&Address"), lines=3)))
        form.field(f.add(LineBinding("postcode", N_("&Postcode"), empty=None, placeholder=N_("For example, LS6 2AB"),
                                     max_width=260)))
        self.person_phone = f.add(LineBinding("phone", N_("Ph&one")))
        self.person_email = f.add(LineBinding("email", N_("&Email")))
        form.pair(self.person_phone, self.person_email)
        form.heading(N_("Decisions they make themselves"),
                     lead=N_("Whoever decides about the money or the contract signs the agreement."))
        form.field(f.add(CheckBinding("decides_about_funding", N_("The&y decide about the money themselves"))))
        form.field(f.add(CheckBinding("decides_about_contract", N_("They decide about the co&ntract themselves"))))
        form.heading(N_("How they communicate"),
                     lead=N_("Their language and the ways they need information. Documents for them follow this."))
        communication.add_fields(f, form, about_person=True)
        form.heading(N_("Notes"))
        form.field(f.add(TextAreaBinding("notes", N_("Note&s"),
                                         hint=N_("Anything that helps: how they like to meet, what to avoid."))))
        form.addStretch(1)
        return content

    # -- the circle -------------------------------------------------------------------------
    def _circle_page(self) -> QWidget:
        content = QWidget()
        form = FormLayout(content)
        form.addWidget(heading(N_("Circle of support"), 1))
        form.addWidget(TrLabel(N_("Family, friends and advocates, closest first. Note who speaks for the "
                                  "person and who decides about money and the contract."), object_name="lead"))
        form.addWidget(self.circle_form.message)
        self.members = self.circle_form.add(RecordList(
            "members", self._member_fields, title_for=self._member_title,
            name_for=lambda d: (d.get("name") or "").strip() or _("someone"),
            texts={"add": N_("&Add someone to the circle"),
                   "empty": N_("No one yet. Add the family, friends and advocates who matter to the person."),
                   "removed": N_("Removed {name} from the circle."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        form.field(self.members)
        form.addStretch(1)
        return content

    def _member_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        name = f.add(LineBinding("name", N_("Name")))
        relationship = f.add(LineBinding("relationship", N_("Relationship to the person"),
                                         placeholder=N_("For example, Mum, brother, friend")))
        form.pair(name, relationship)
        form.field(f.add(ChecksBinding("roles", N_("Their roles"), ROLE_LABELS)))
        phone = f.add(LineBinding("phone", N_("Phone")))
        email = f.add(LineBinding("email", N_("Email")))
        form.pair(phone, email)
        form.field(f.add(TextAreaBinding("address", N_("Address"), lines=2)))
        form.heading(N_("How they communicate"))
        communication.add_fields(f, form, about_person=False)
        form.field(f.add(TextAreaBinding("notes", N_("Notes"), lines=2)))

    @staticmethod
    def _member_title(data: dict[str, Any], index: int) -> str:
        name = (data.get("name") or "").strip() or _("New person in the circle")
        relationship = (data.get("relationship") or "").strip()
        return f"{index + 1}. {name}" + (f" ({relationship})" if relationship else "")

    # -- funding ----------------------------------------------------------------------------
    def _funding_page(self) -> QWidget:
        f = self.funding_form
        content = QWidget()
        form = FormLayout(content)
        form.addWidget(heading(N_("Funding"), 1))
        form.addWidget(TrLabel(N_("Where the money comes from, how much, and who controls it."), object_name="lead"))
        form.addWidget(f.message)
        self.total = TrLabel(self._total_text, object_name="total")
        form.addWidget(self.total)
        self.breakdown = TrLabel(self._breakdown_text, object_name="hint")
        self.breakdown.setProperty("hide_when_empty", True)
        form.addWidget(self.breakdown)
        self.sources = f.add(RecordList(
            "sources", self._source_fields, title_for=self._source_title,
            name_for=lambda d: label_for(FUNDING_LABELS, d.get("type"), _("a source of money")),
            new_record=self._new_source,
            texts={"add": N_("&Add a source of money"),
                   "empty": N_("No funding recorded yet."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        form.field(self.sources)
        form.heading(N_("Anything else about the money"))
        form.field(f.add(LineBinding("status_note", N_("If it is still being con&firmed, what is happening"),
                                     placeholder=N_("For example, waiting for the council's assessment"))))
        form.field(f.add(TextAreaBinding("notes", N_("&Notes about funding"), lines=3)))
        form.addStretch(1)
        return content

    @staticmethod
    def _new_source() -> dict[str, Any]:
        return {"id": str(uuid.uuid4()), "period": Period.YEAR, "controlled_by": PERSON}

    def _source_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        kind = f.add(ChoiceBinding("type", N_("Kind of funding"), FUNDING_LABELS, placeholder=CHOOSE))
        controlled = f.add(ChoiceBinding("controlled_by", N_("Who controls this money"), self._controllers()))
        form.pair(kind, controlled)
        amount = f.add(LineBinding("amount", N_("Amount in pounds"), placeholder=N_("For example, 612.50"),
                                   empty="", max_width=260))
        period = f.add(ChoiceBinding("period", N_("How often"), PERIOD_LABELS))
        form.pair(amount, period)
        form.field(f.add(TextAreaBinding("notes", N_("Notes"), lines=2)))
        card.controlled = controlled  # type: ignore[attr-defined]

    @staticmethod
    def _source_title(data: dict[str, Any], index: int) -> str:
        kind = label_for(FUNDING_LABELS, data.get("type"), _("New source of money"))
        amount = amount_text(data.get("amount"))
        if amount:
            return f"{index + 1}. {kind}: {amount} {label_for(PERIOD_LABELS, data.get('period'))}".rstrip()
        return f"{index + 1}. {kind}"

    def _controllers(self) -> list[tuple[str, Callable[[], str]]]:
        person = self.person_form.data()
        name = (person.get("preferred_name") or person.get("first_name") or "").strip()
        options: list[tuple[str, Callable[[], str]]] = [
            (PERSON, (lambda n=name: _("{name} (the person)", name=n)) if name else (lambda: _("The person"))),
            (LOCAL_AUTHORITY, lambda: _("The local authority")),
        ]
        for member in self.circle_form.data().get("members") or []:
            if (member.get("name") or "").strip() and member.get("id"):
                label = member["name"].strip()
                if member.get("relationship"):
                    label += f" ({member['relationship'].strip()})"
                options.append((member["id"], lambda text=label: text))
        return options

    def update_controllers(self) -> None:
        options = self._controllers()
        for card in self.sources.cards:
            card.controlled.set_options(options)  # type: ignore[attr-defined]

    def _total_text(self) -> str:
        total = annual_total(self.funding_form.data()) if hasattr(self, "sources") else None
        if total is None:
            return _("The yearly total appears when every kind and amount is filled in.")
        return _("Total a year: {amount}", amount=money_text(total))

    def _breakdown_text(self) -> str:
        checked = checked_funding(self.funding_form.data()) if hasattr(self, "sources") else None
        if checked is None or len(checked.sources) < 2 and all(s.period == Period.YEAR for s in checked.sources):
            return ""
        parts = []
        for source in checked.sources:
            if source.period == Period.YEAR:
                parts.append(_("{amount} a year", amount=money_text(source.annual())))
            else:
                parts.append(_("{amount} {period} ({yearly} a year)", amount=money_text(source.amount),
                               period=_(PERIOD_LABELS[source.period]), yearly=money_text(source.annual())))
        note = _("Weekly amounts are counted over 52 weeks.") if any(s.period == Period.WEEK for s in checked.sources) else ""
        return _("Made up of {parts}.", parts=" + ".join(parts)) + (f" {note}" if note else "")

    def update_total(self) -> None:
        self.total.retranslate_self()
        if hasattr(self, "breakdown"):
            self.breakdown.retranslate_self()
        self.total.setAccessibleName(self.total.text())

    # -- the page ---------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return [self.person_form, self.circle_form, self.funding_form]

    def load(self, view: CaseView) -> None:
        # The person and circle first: the funding's "who controls it" lists them.
        super().load(view)
        self.update_controllers()
        self.update_total()

    def refresh(self, view: CaseView) -> None:
        self.update_controllers()
        self.update_total()

    def reveal(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                return

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def retranslate_self(self) -> None:
        for index, title in enumerate(self._tab_titles):
            self.tabs.setTabText(index, _(title))
        self.update_total()

