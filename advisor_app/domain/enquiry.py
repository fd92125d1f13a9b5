"""The first contact: who got in touch, how, what they are looking for, and the decision."""

from __future__ import annotations

from enum import StrEnum

from advisor_app.domain.fields import Email, PastDate, Phone, Postcode, ShortText, Text
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model


class ContactRoute(StrEnum):
    FAMILY = "family"
    PERSON = "person"
    LOCAL_AUTHORITY = "local_authority"
    SIGNPOSTER = "signposter"
    OTHER = "other"


class SignposterType(StrEnum):
    SOCIAL_WORKER = "social_worker"
    CARE_MANAGER = "care_manager"
    BROKER = "broker"
    HEALTH_PROFESSIONAL = "health_professional"
    TEACHER = "teacher"
    OTHER = "other"


class ContactMethod(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    REFERRAL_FORM = "referral_form"


class Urgency(StrEnum):
    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"


class Decision(StrEnum):
    UNDECIDED = "undecided"
    PURSUE = "pursue"
    NOT_PURSUE = "not_pursue"


ROUTE_LABELS = {
    ContactRoute.FAMILY: N_("Family"),
    ContactRoute.PERSON: N_("The person themselves"),
    ContactRoute.LOCAL_AUTHORITY: N_("Local authority care manager"),
    ContactRoute.SIGNPOSTER: N_("Signposter"),
    ContactRoute.OTHER: N_("Someone else"),
}
SIGNPOSTER_LABELS = {
    SignposterType.SOCIAL_WORKER: N_("Social worker"),
    SignposterType.CARE_MANAGER: N_("Care manager"),
    SignposterType.BROKER: N_("Support broker"),
    SignposterType.HEALTH_PROFESSIONAL: N_("Health professional"),
    SignposterType.TEACHER: N_("Teacher"),
    SignposterType.OTHER: N_("Other"),
}
METHOD_LABELS = {
    ContactMethod.PHONE: N_("Phone"),
    ContactMethod.EMAIL: N_("Email"),
    ContactMethod.LETTER: N_("Letter"),
    ContactMethod.IN_PERSON: N_("In person"),
    ContactMethod.REFERRAL_FORM: N_("Referral form"),
}
URGENCY_LABELS = {
    Urgency.ROUTINE: N_("Routine"),
    Urgency.SOON: N_("Soon (within a month)"),
    Urgency.URGENT: N_("Urgent"),
}
DECISION_LABELS = {
    Decision.UNDECIDED: N_("Not decided yet"),
    Decision.PURSUE: N_("Yes, we will take this forward"),
    Decision.NOT_PURSUE: N_("No, we cannot help"),
}


class Enquiry(Model):
    received_on: PastDate | None = None
    route: ContactRoute | None = None
    signposter_type: SignposterType | None = None
    method: ContactMethod | None = None
    contact_name: ShortText = ""
    contact_organisation: ShortText = ""
    contact_phone: Phone = ""
    contact_email: Email = ""
    looking_for: Text = ""
    urgency: Urgency | None = None
    lives_in: ShortText = ""  # town or area, as the family says it
    postcode: Postcode | None = None
    decision: Decision = Decision.UNDECIDED
    decision_reason: Text = ""  # the honest answer, in plain words
    pointed_to: ShortText = ""  # the trusted organisation the family was pointed to

    def reminders(self) -> dict[str, str]:
        """Answers still needed, shown beside their fields. Soft: the enquiry saves regardless,
        so nothing typed is lost; closing the case waits for them."""
        errors: dict[str, str] = {}
        if self.route == ContactRoute.SIGNPOSTER and self.signposter_type is None:
            errors["signposter_type"] = N_("Please say what kind of signposter got in touch.")
        if self.decision == Decision.NOT_PURSUE:
            if not self.decision_reason:
                errors["decision_reason"] = N_("Please record the honest answer given to the family.")
            if not self.pointed_to:
                errors["pointed_to"] = N_("Please record the organisation the family was pointed to.")
        return errors

    def missing(self) -> list[str]:
        """What the enquiry still needs before the advisor can move on."""
        checks = [
            (self.received_on is None, N_("When the enquiry came in")),
            (self.route is None, N_("Who got in touch")),
            (not (self.contact_phone or self.contact_email), N_("A phone number or email to reply to")),
            (not self.looking_for, N_("What they are looking for")),
            (self.urgency is None, N_("How urgent it is")),
            (not (self.lives_in or self.postcode), N_("Where the person lives")),
            (self.decision == Decision.UNDECIDED, N_("Whether we will take it forward")),
            (self.route == ContactRoute.SIGNPOSTER and self.signposter_type is None,
             N_("What kind of signposter got in touch")),
        ]
        return [label for failed, label in checks if failed]
