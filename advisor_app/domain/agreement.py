"""The agreement: what the pack needs, who signs it and with what authority, the evidence of a
drawn signature, and the digest of exactly the case data the agreement depends on.

Pure (no Qt, no SQL, no I/O). ``missing_for_signing`` lists what still blocks signing, each with
the stage and field to jump to; ``agreement_digest`` makes "does this change affect the signed
agreement?" a comparison of two strings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Mapping

from pydantic import Field, field_validator, model_validator

from advisor_app.domain.funding import Funding
from advisor_app.domain.journey import Stage
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.messages import N_
from advisor_app.domain.people import Circle, CircleMember, CircleRole, Person
from advisor_app.domain.proposals import PROPOSAL, Proposal, accepted, parse_proposals
from advisor_app.domain.support_plan import SupportPlan
from advisor_app.domain.validation import Model, validate

Sections = Mapping[str, Any]
DIGEST_VERSION = 1


class SignerRole(StrEnum):
    PERSON = "person"
    NOMINATED_PERSON = "nominated_person"
    FUNDING_DECISION_MAKER = "funding_decision_maker"
    ADVISOR = "advisor"
    OFFICE = "office"  # the manager's countersignature, at the office


SIGNER_ROLE_LABELS = {
    SignerRole.PERSON: N_("The person"),
    SignerRole.NOMINATED_PERSON: N_("Nominated person"),
    SignerRole.FUNDING_DECISION_MAKER: N_("Decides about the funding"),
    SignerRole.ADVISOR: N_("Support advisor"),
    SignerRole.OFFICE: N_("Manager, for the provider"),
}


class Authority(StrEnum):
    OWN_CAPACITY = "own_capacity"
    LPA_PROPERTY_FINANCIAL = "lpa_property_financial"
    LPA_HEALTH_WELFARE = "lpa_health_welfare"
    DEPUTY = "deputy"  # appointed by the Court of Protection
    APPOINTEE = "appointee"
    NOMINATED_PERSON = "nominated_person"  # manages the person's direct payment (Care Act 2014, s.32)
    FOR_PROVIDER = "for_provider"  # the advisor or manager, signing for the provider
    OTHER = "other"


AUTHORITY_LABELS = {
    Authority.OWN_CAPACITY: N_("Signing for themselves"),
    Authority.LPA_PROPERTY_FINANCIAL: N_("Lasting power of attorney (property and financial affairs)"),
    Authority.LPA_HEALTH_WELFARE: N_("Lasting power of attorney (health and welfare)"),
    Authority.DEPUTY: N_("Deputy appointed by the Court of Protection"),
    Authority.APPOINTEE: N_("Appointee"),
    Authority.NOMINATED_PERSON: N_("Nominated person for the direct payment"),
    Authority.FOR_PROVIDER: N_("For the provider"),
    Authority.OTHER: N_("Other authority"),
}

# How a signed box names someone who signs for the box's owner: "signed for Priya by Anita
# Sharma, nominated person".
STAND_IN_WORDS = {
    Authority.LPA_PROPERTY_FINANCIAL: N_("attorney"),
    Authority.LPA_HEALTH_WELFARE: N_("attorney"),
    Authority.DEPUTY: N_("deputy"),
    Authority.APPOINTEE: N_("appointee"),
    Authority.NOMINATED_PERSON: N_("nominated person"),
    Authority.OTHER: N_("with authority to sign"),
}

# (x, y, t in ms since the first point, pressure 0..1 or None where the device gives none)
Point = tuple[float, float, int, float | None]

# Which role's box each signature field is, and the field each role signs in.
FIELD_ROLES = {"person": SignerRole.PERSON, "nominated_person": SignerRole.NOMINATED_PERSON,
               "funding_decision_maker": SignerRole.FUNDING_DECISION_MAKER, "advisor": SignerRole.ADVISOR,
               "office": SignerRole.OFFICE}


class SigningMethod(StrEnum):
    DRAWN = "drawn"  # the signer drew their own signature
    MARK = "mark"  # the signer made a mark (an X, say), witnessed by the advisor
    ASSISTED = "assisted"  # a supporter guided the signer's hand


SIGNING_METHOD_LABELS = {
    SigningMethod.DRAWN: N_("Drawn by the signer"),
    SigningMethod.MARK: N_("A mark, witnessed"),
    SigningMethod.ASSISTED: N_("Signed with help: a supporter guided the hand"),
}


class SignatureEvidence(Model):
    """Everything said and drawn when one box is signed; the signing adapter turns it into the
    evidence record the signature itself covers (docs/signatures.md lists each field)."""

    strokes: Annotated[list[Annotated[list[Point], Field(max_length=5000)]], Field(max_length=200)]
    signer_name: Annotated[str, Field(min_length=1, max_length=200)]  # who held the pen
    role: SignerRole
    authority: Authority
    authority_details: Annotated[str, Field(max_length=500)] = ""  # e.g. the LPA's reference
    signed_at: dt.datetime
    device_id: Annotated[str, Field(max_length=100)]
    document_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]  # the bytes shown when signing
    field_name: Annotated[str, Field(max_length=100)] = ""
    viewport: tuple[float, float] = (400.0, 150.0)  # the drawing area the points are in
    # The box's owner when someone else signs for them ("" when they sign themselves).
    on_behalf_of: Annotated[str, Field(max_length=200)] = ""
    # The capacity question's answer: None where it is not asked (the advisor, the office).
    signs_for_themselves: bool | None = None
    method: SigningMethod = SigningMethod.DRAWN
    witness_name: Annotated[str, Field(max_length=200)] = ""  # a mark: who saw it made
    supporter_name: Annotated[str, Field(max_length=200)] = ""  # assisted: who guided the hand
    statement_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None  # the plain statement shown

    @field_validator("strokes")
    @classmethod
    def _drawn(cls, strokes: list[list[Point]]) -> list[list[Point]]:
        if not any(len(s) >= 2 for s in strokes):
            raise ValueError(N_("Please draw the signature."))
        return strokes

    @model_validator(mode="after")
    def _consistent(self) -> "SignatureEvidence":
        if self.method == SigningMethod.MARK and not self.witness_name:
            raise ValueError(N_("A mark needs the name of the person who saw it made."))
        if self.method == SigningMethod.ASSISTED and not self.supporter_name:
            raise ValueError(N_("Say who helped to guide the hand."))
        if self.on_behalf_of and self.authority in (Authority.OWN_CAPACITY, Authority.FOR_PROVIDER):
            raise ValueError(N_("Say what lets them sign for someone else."))
        if self.signs_for_themselves is False and not self.on_behalf_of:
            raise ValueError(N_("Say whose box is signed for them."))
        return self


def text_sha256(text: str) -> str:
    """The hash of a text exactly as it was shown (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Signer:
    """One signature box of the pack."""

    field: str  # the AcroForm field: person, nominated_person, funding_decision_maker, advisor, office
    role: SignerRole
    name: str  # printed under the box ("" for the office: whoever countersigns)
    required: bool = True  # must sign before the agreement is in force (the office: later)


@dataclass(frozen=True)
class Missing:
    stage: Stage  # where to jump to
    field_path: str  # the section and field, like "person.address"
    message: str  # plain words, marked with N_


def _model(sections: Sections, name: str, model: type) -> Any:
    data = sections.get(name)
    if not data:
        return model()
    result = validate(model, data)
    return result.value if result.ok else model()


def _person(sections: Sections) -> Person:
    data = sections.get("person")
    result = validate(Person, data) if data else None
    return result.value if result and result.ok else Person()


def accepted_proposal(sections: Sections) -> Proposal | None:
    return accepted(parse_proposals(sections.get(PROPOSAL))[0])


def nominated_person(circle: Circle) -> CircleMember | None:
    found = circle.with_role(CircleRole.NOMINATED_PERSON)
    return found[0] if found else None


def funding_decision_maker(person: Person, circle: Circle) -> CircleMember | None:
    """The circle member who decides about the money (None when the person does, or nobody is named)."""
    if person.decides_about_funding:
        return None
    found = circle.with_role(CircleRole.FUNDING_DECISION_MAKER)
    return found[0] if found else None


def signers(sections: Sections, advisor_name: str = "") -> list[Signer]:
    """The signature boxes of the pack, in order: the person, their nominated person, the funding
    decision-maker where that is someone else, the advisor, and the office's countersignature."""
    person, circle = _person(sections), _model(sections, "circle", Circle)
    nominated = nominated_person(circle)
    decider = funding_decision_maker(person, circle)
    name = f"{person.first_name} {person.last_name}".strip()
    out = [Signer("person", SignerRole.PERSON, name, required=nominated is None)]
    if nominated is not None:
        out.append(Signer("nominated_person", SignerRole.NOMINATED_PERSON, nominated.name))
    if decider is not None and (nominated is None or decider.id != nominated.id):
        out.append(Signer("funding_decision_maker", SignerRole.FUNDING_DECISION_MAKER, decider.name))
    out.append(Signer("advisor", SignerRole.ADVISOR, advisor_name))
    out.append(Signer("office", SignerRole.OFFICE, "", required=False))
    return out


def missing_for_signing(sections: Sections, advisor_name: str | None = None) -> list[Missing]:
    """What must be filled in before the agreement can be signed; empty when nothing is missing.
    The advisor's name is checked only when given (it is not part of the case)."""
    out: list[Missing] = []
    person, circle = _person(sections), _model(sections, "circle", Circle)
    funding: Funding = _model(sections, "funding", Funding)
    plan: SupportPlan = _model(sections, "support_plan", SupportPlan)
    if not (person.first_name and person.last_name):
        out.append(Missing(Stage.FIRST_MEETINGS, "person.first_name", N_("The person's first and last name.")))
    if not person.address:
        out.append(Missing(Stage.FIRST_MEETINGS, "person.address", N_("The person's address.")))
    if nominated_person(circle) is None and not person.decides_about_contract:
        out.append(Missing(Stage.FIRST_MEETINGS, "circle.members",
                           N_("A nominated person, or a note that the person decides about the contract "
                              "and signs for themselves.")))
    if not person.decides_about_funding and not circle.with_role(CircleRole.FUNDING_DECISION_MAKER):
        out.append(Missing(Stage.FIRST_MEETINGS, "circle.members", N_("Who decides about the funding.")))
    if not funding.sources:
        out.append(Missing(Stage.FIRST_MEETINGS, "funding.sources", N_("How the support will be paid for.")))
    if not plan.how_to_support_me_well:
        out.append(Missing(Stage.SUPPORT_PLAN, "support_plan.how_to_support_me_well",
                           N_("How the person wants to be supported, in the support plan.")))
    if accepted_proposal(sections) is None:
        out.append(Missing(Stage.COSTING, "proposal", N_("An accepted proposal: what we will do, and what it costs.")))
    if advisor_name is not None and not advisor_name.strip():
        out.append(Missing(Stage.AGREEMENT, "advisor_name", N_("The advisor's name, in the settings.")))
    return out


def _member(member: CircleMember | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {"id": member.id, "name": member.name, "relationship": member.relationship, "address": member.address}


def digest_input(sections: Sections, advisor_name: str = "") -> dict[str, Any]:
    """Exactly the case data the agreement is made from (and nothing else): a change to anything
    here means the signed agreement no longer says what the case says."""
    person, circle = _person(sections), _model(sections, "circle", Circle)
    funding: Funding = _model(sections, "funding", Funding)
    plan: SupportPlan = _model(sections, "support_plan", SupportPlan)
    proposal = accepted_proposal(sections)
    return {
        "version": DIGEST_VERSION,
        "person": person.model_dump(mode="json", include={"first_name", "last_name", "preferred_name", "address",
                                                          "postcode", "decides_about_funding",
                                                          "decides_about_contract"}),
        "nominated_person": _member(nominated_person(circle)),
        "funding_decision_maker": _member(funding_decision_maker(person, circle)),
        "contract_decision_makers": [m.name for m in circle.with_role(CircleRole.CONTRACT_DECISION_MAKER)],
        "funding": [s.model_dump(mode="json", exclude={"notes"}) for s in funding.sources],
        "how_to_support": [e.model_dump(mode="json") for e in plan.how_to_support_me_well],
        "outcomes": [o.in_my_words for o in plan.outcomes],
        "proposal": None if proposal is None else {
            "id": proposal.id, "number": proposal.number, "quote": proposal.quote,
            "parts": [p.model_dump(mode="json") for p in proposal.parts],
            "options": proposal.options.model_dump(mode="json"), "accepted_on": str(proposal.accepted_on),
            "accepted_by": proposal.accepted_by},
        "advisor": advisor_name,
    }


def agreement_digest(sections: Sections, advisor_name: str = "", wording: Mapping[str, Any] | None = None) -> str:
    """SHA-256 (hex) of the case data the agreement depends on (and of its wording, when given)."""
    data = digest_input(sections, advisor_name)
    if wording is not None:
        data["wording"] = wording
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def agreement_completeness(sections: Sections) -> Completeness:
    """The agreement stage: everything the pack needs is there, so it can be read and signed.
    Who has signed lives with the signed versions (insert-only documents), not in the sections."""
    return Completeness.from_checks([(False, item.message) for item in missing_for_signing(sections)]
                                    or [(True, N_("Ready to read together and sign"))])
