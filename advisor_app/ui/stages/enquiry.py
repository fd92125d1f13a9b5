"""Stage 1, the enquiry: who got in touch, how, what they are looking for, and our answer."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from advisor_app.domain.enquiry import (
    DECISION_LABELS,
    METHOD_LABELS,
    ROUTE_LABELS,
    SIGNPOSTER_LABELS,
    URGENCY_LABELS,
    ContactRoute,
    Decision,
)
from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.messages import N_
from advisor_app.services import CaseView
from advisor_app.ui.stages.base import StageContext, StagePage
from advisor_app.ui.widgets.fields import ChoiceBinding, DateBinding, LineBinding, TextAreaBinding
from advisor_app.ui.widgets.forms import FormLayout, FormSection, scroll_page
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

CHOOSE = N_("Choose…")


class EnquiryPage(StagePage):
    stage = Stage.ENQUIRY
    watches = frozenset({"case"})  # closed or open

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.form = FormSection("enquiry", self)
        self._closed = False
        f = self.form

        content = QWidget()
        form = FormLayout(content)
        form.addWidget(heading(N_("Enquiry"), 1))
        form.addWidget(TrLabel(N_("Who got in touch, and what they are looking for. Everything saves as you type."),
                               object_name="lead"))
        form.addWidget(f.message)

        form.heading(N_("First contact"))
        self.received_on = f.add(DateBinding("received_on", N_("Date the en&quiry came in")))
        form.field(self.received_on)
        self.route = f.add(ChoiceBinding("route", N_("&Who got in touch"), ROUTE_LABELS, placeholder=CHOOSE))
        self.signposter = f.add(ChoiceBinding("signposter_type", N_("&Kind of signposter"), SIGNPOSTER_LABELS,
                                              placeholder=CHOOSE))
        form.pair(self.route, self.signposter)
        self.method = f.add(ChoiceBinding("method", N_("How they &got in touch"), METHOD_LABELS, placeholder=CHOOSE))
        form.field(self.method)

        form.heading(N_("Who to reply to"))
        self.contact_name = f.add(LineBinding("contact_name", N_("&Name of the person who got in touch")))
        self.contact_org = f.add(LineBinding("contact_organisation", N_("&Organisation, if any")))
        form.pair(self.contact_name, self.contact_org)
        self.phone = f.add(LineBinding("contact_phone", N_("&Phone"), placeholder=N_("For example, 0113 496 0000")))
        self.email = f.add(LineBinding("contact_email", N_("&Email"), placeholder=N_("For example, name@example.org")))
        form.pair(self.phone, self.email)

        form.heading(N_("What they are looking for"))
        self.looking_for = f.add(TextAreaBinding(
            "looking_for", N_("What they are &looking for, in their words"),
            hint=N_("What they hope for, what is happening now, anything that worries them.")))
        form.field(self.looking_for)
        self.urgency = f.add(ChoiceBinding("urgency", N_("How &urgent is it"), URGENCY_LABELS, placeholder=CHOOSE))
        form.field(self.urgency)

        form.heading(N_("Where the person lives"))
        self.lives_in = f.add(LineBinding("lives_in", N_("Town or &area"), placeholder=N_("For example, Headingley, Leeds")))
        self.postcode = f.add(LineBinding("postcode", N_("Po&stcode"), empty=None, placeholder=N_("For example, LS6 2AB"), max_width=260))
        form.pair(self.lives_in, self.postcode)

        form.heading(N_("Our answer"))
        self.decision = f.add(ChoiceBinding("decision", N_("W&ill we take it forward?"), DECISION_LABELS))
        form.field(self.decision)
        self.reason = f.add(TextAreaBinding(
            "decision_reason", N_("The honest answer we ga&ve"),
            hint=N_("In plain words, as you said it to the family."), lines=3))
        form.field(self.reason)
        self.pointed_to = f.add(LineBinding("pointed_to", N_("The o&rganisation we pointed them to")))
        form.field(self.pointed_to)

        self.close_panel = QFrame()
        self.close_panel.setObjectName("panel")
        panel = QHBoxLayout(self.close_panel)
        panel.setContentsMargins(18, 14, 14, 14)
        panel.addWidget(TrLabel(N_("When the honest answer and the organisation are recorded, you can close "
                                   "the case. It can be reopened later."), object_name="lead"), 1)
        self.close_button = TrButton(N_("Close this case"))
        self.close_button.clicked.connect(self.context.close_case)
        panel.addWidget(self.close_button)
        form.addWidget(self.close_panel)
        form.addStretch(1)

        f.show_when([self.signposter], lambda d: d.get("route") == ContactRoute.SIGNPOSTER)
        not_pursued = lambda d: d.get("decision") == Decision.NOT_PURSUE  # noqa: E731
        f.show_when([self.reason, self.pointed_to], not_pursued)
        f.show_when([self.close_panel], lambda d: not_pursued(d) and not self._closed)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))

    def forms(self) -> list[FormSection]:
        return [self.form]

    def refresh(self, view: CaseView) -> None:
        self._closed = view.header.status == Status.CLOSED
        self.form.apply_rules()
