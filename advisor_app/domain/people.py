"""The person at the centre, and their circle of support with the roles that sign."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from advisor_app.domain.communication import CommunicationNeeds, for_person
from advisor_app.domain.fields import BirthDate, Email, Id, Name, Phone, Postcode, ShortText, Text, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model


class Person(Model):
    """The person who will be supported. Their words come first."""

    # Names may be saved half-typed; first meetings are complete only with both.
    first_name: ShortText = ""
    last_name: ShortText = ""
    preferred_name: ShortText = ""
    date_of_birth: BirthDate | None = None
    address: Text = ""
    postcode: Postcode | None = None
    phone: Phone = ""
    email: Email = ""
    # The person may decide about money or the contract themselves; then they sign.
    decides_about_funding: bool = False
    decides_about_contract: bool = False
    # How they need information (Accessible Information Standard): easy read until told otherwise.
    communication: CommunicationNeeds = Field(default_factory=for_person)
    notes: Text = ""

    def reminders(self) -> dict[str, str]:
        """A half-typed name is saved, with a reminder beside the missing half."""
        if self.first_name and not self.last_name:
            return {"last_name": N_("Please add the last name too.")}
        if self.last_name and not self.first_name:
            return {"first_name": N_("Please add the first name too.")}
        return {}

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()


class CircleRole(StrEnum):
    NOMINATED_PERSON = "nominated_person"
    FUNDING_DECISION_MAKER = "funding_decision_maker"
    CONTRACT_DECISION_MAKER = "contract_decision_maker"
    ADVOCATE = "advocate"


ROLE_LABELS: dict[CircleRole, str] = {
    CircleRole.NOMINATED_PERSON: N_("Nominated person"),
    CircleRole.FUNDING_DECISION_MAKER: N_("Decides about funding"),
    CircleRole.CONTRACT_DECISION_MAKER: N_("Decides about the contract"),
    CircleRole.ADVOCATE: N_("Advocate"),
}


class CircleMember(Model):
    id: Id = Field(default_factory=new_id)
    name: Name
    relationship: ShortText = ""
    roles: list[CircleRole] = Field(default_factory=list, max_length=4)
    phone: Phone = ""
    email: Email = ""
    address: Text = ""
    communication: CommunicationNeeds = Field(default_factory=CommunicationNeeds)
    notes: Text = ""


class Circle(Model):
    """Family, friends and advocates. Order is the advisor's (closest first, usually)."""

    members: list[CircleMember] = Field(default_factory=list, max_length=100)

    def reminders(self) -> dict[str, str]:
        """Soft rules shown beside the field while the advisor sorts the roles out."""
        errors: dict[str, str] = {}
        nominated = [i for i, m in enumerate(self.members) if CircleRole.NOMINATED_PERSON in m.roles]
        for i in nominated[1:]:
            errors[f"members.{i}.roles"] = N_("Only one person can be the nominated person.")
        return errors

    def field_rules(self) -> dict[str, str]:
        ids = [m.id for m in self.members]
        if len(ids) != len(set(ids)):
            return {"members": N_("Each member of the circle must be listed once.")}
        return {}

    def with_role(self, role: CircleRole) -> list[CircleMember]:
        return [m for m in self.members if role in m.roles]

    def member(self, member_id: str) -> CircleMember | None:
        return next((m for m in self.members if m.id == member_id), None)
