"""Proposals: a priced design of support, kept as numbered versions of one case.

A proposal holds everything it was priced from (the whole costing file, the provider's rates
included) and the quote it gave, so it prices the same forever, whatever later happens to the
rates, the menu or the design. The rules are pure functions that either return the proposals
they change or raise ``ProposalError`` with the reason in plain words:

- a draft may be changed; an offered, accepted, declined or replaced proposal never is: a change
  makes the next numbered version;
- one version at a time is offered to the family (offering another replaces the earlier offer);
- only an offered proposal can be accepted, by someone who decides about the money or the
  contract (or the person); accepting one replaces the one accepted before;
- only an offered proposal can be declined.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from advisor_app.domain.costing import CostingInput, Quote, cost, parse_costing
from advisor_app.domain.entries import UniqueIds
from advisor_app.domain.fields import Id, Money, Text, new_id
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.people import Circle, CircleRole, Person
from advisor_app.domain.service_design import ServiceDesign
from advisor_app.domain.validation import Model, validate
from advisor_app.domain.week import two_places

PERSON = "person"  # accepted_by: the person themselves (else a circle member's id)


class CostingMode(StrEnum):
    PRICE = "price"  # price the design as it is
    FIT = "fit-to-budget"  # work back from the budget: the management support it affords


MODE_LABELS = {
    CostingMode.PRICE: N_("Price the support as designed"),
    CostingMode.FIT: N_("Work back from the budget"),
}


class PricingWay(StrEnum):
    """How a fixed-term outcome is sold: by the hour, or at a fixed price for the outcome."""

    HOURLY = "hourly"
    FIXED = "fixed"


PRICING_WAY_LABELS = {
    PricingWay.HOURLY: N_("By the hour"),
    PricingWay.FIXED: N_("Fixed price for the outcome"),
}


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"


STATUS_LABELS = {
    ProposalStatus.DRAFT: N_("Draft"),
    ProposalStatus.OFFERED: N_("Offered to the family"),
    ProposalStatus.ACCEPTED: N_("Accepted"),
    ProposalStatus.DECLINED: N_("Declined"),
    ProposalStatus.SUPERSEDED: N_("Replaced by a newer version"),
}

_HOURS = two_places(N_("Please give hours like 7.5 or 7.25."))
FunctionHours = Annotated[Decimal, Field(ge=0, le=1000), _HOURS]
ManagementHours = Annotated[Decimal, Field(ge=0, le=10000), _HOURS]
Contingency = Annotated[Money, Field(le=10_000_000)]
FunctionName = Annotated[str, Field(min_length=1, max_length=80)]


class FunctionUse(Model):
    """Hours of a business function only some people use (the behaviour support team, the
    finance team), bought with one part of the design and charged only to this person.

    ``hours`` are a week's for on-going and fixed-term support (for the term's weeks), and the
    total for a one-off.
    """

    id: Id = Field(default_factory=new_id)
    function: FunctionName  # a name from the provider's optional functions
    for_component: Id  # the chosen component's id in the service design
    hours: FunctionHours = Decimal(0)


class CostingOptions(Model):
    """What the advisor decides when costing, beside the design: the ``costing`` section.

    In fit-to-budget mode the management support is what the budget affords, so
    ``management_hours_per_year`` is set aside.
    """

    mode: CostingMode = CostingMode.PRICE
    contingency: Contingency = Decimal("0.00")  # £ a year kept for emergencies
    management_hours_per_year: ManagementHours = Decimal(0)
    management_shared_by: Annotated[int, Field(ge=1, le=50)] = 1
    functions: Annotated[list[FunctionUse], Field(max_length=50), UniqueIds] = Field(default_factory=list)
    # Fixed-term outcomes: the chosen component's id -> hourly or fixed. Not given: the design
    # decides (a fixed price for the outcome when it has one).
    pricing: dict[Id, PricingWay] = Field(default_factory=dict)

    def field_rules(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()
        for i, use in enumerate(self.functions):
            key = (use.function, use.for_component)
            if key in seen:
                errors[f"functions.{i}.function"] = N_("This service is already added for this part of support.")
            seen.add(key)
        return errors


class OfferedPart(Model):
    """What one part of the costing is, in words, as it was offered: where it came from, the
    menu's plain description, and for a fixed-term outcome the outcome itself."""

    # A chosen component's id, "function:<component id>:<function>", "management", or None.
    source: str | None = None
    menu_id: str | None = None  # the menu component it is
    description: Text = ""  # the menu's plain words for it
    outcome: Text = ""  # a fixed-term outcome, as the design says it
    note: Text = ""  # the advisor's note on this part in the design


class Proposal(Model):
    id: Id = Field(default_factory=new_id)
    number: Annotated[int, Field(ge=1, le=9999)]
    status: ProposalStatus = ProposalStatus.DRAFT
    created_on: dt.date
    options: CostingOptions = Field(default_factory=CostingOptions)
    costing: dict[str, Any]  # the whole costing file it was priced from
    quote: dict[str, Any]  # quote_to_json of that costing, as it was shown
    # For each of the costing's components, in order: where it came from and what it is in words.
    parts: Annotated[list[OfferedPart], Field(max_length=200)] = Field(default_factory=list)
    design_digest: str = Field("", max_length=64)  # design_digest() of the design it priced
    notes: Text = ""
    offered_on: dt.date | None = None
    accepted_on: dt.date | None = None
    accepted_by: Id | None = None  # "person" or a circle member's id
    declined_on: dt.date | None = None
    superseded_on: dt.date | None = None
    superseded_by: Id | None = None  # the proposal that replaced it

    def field_rules(self) -> dict[str, str]:
        errors = {f"costing.{path}": message for path, message in parse_costing(self.costing).errors.items()}
        components = self.costing.get("components") or []
        if self.parts and len(self.parts) != len(components):
            errors["parts"] = N_("There must be one description for each part of the costing.")
        if self.status != ProposalStatus.DRAFT and self.offered_on is None:
            errors["offered_on"] = N_("Please give the date it was offered.")
        if self.status == ProposalStatus.ACCEPTED and (self.accepted_on is None or not self.accepted_by):
            errors["accepted_by"] = N_("Please say who accepted it, and when.")
        return errors

    @property
    def mode(self) -> CostingMode:
        return self.options.mode

    @property
    def is_fixed(self) -> bool:
        """Offered, accepted, declined or replaced: never changed again."""
        return self.status != ProposalStatus.DRAFT

    def costing_input(self) -> CostingInput:
        result = parse_costing(self.costing)
        assert result.value is not None  # field_rules
        return result.value

    def price(self) -> Quote:
        """The quote again, from the costing it holds: the same figures as ``quote``."""
        return cost(self.costing_input())

    @property
    def first_year_total(self) -> Decimal:
        return Decimal(self.quote["first_year_total"])

    @property
    def weekly_total(self) -> Decimal:
        return Decimal(self.quote["weekly_ongoing_total"])

    @property
    def budget_status(self) -> str | None:
        budget = self.quote.get("budget")
        return budget["status"] if budget else None

    def title(self) -> str:
        return Msg("Proposal {number}", number=self.number)

    def part(self, component: int | None) -> OfferedPart | None:
        """What the costing's component number ``component`` (a quote line's ``component``) is."""
        if component is None or not 0 <= component < len(self.parts):
            return None
        return self.parts[component]

    def source_of(self, component: int | None) -> str | None:
        part = self.part(component)
        return part.source if part else None


class ProposalError(Exception):
    """A move the rules do not allow; the message says why, in plain words."""


# ---- reading a case's proposals ---------------------------------------------------------------


def parse_proposals(data: Any) -> tuple[list[Proposal], int]:
    """The case's proposals from their stored data (a list of dicts; a single dict is taken as a
    list of one), by number, and how many could not be read."""
    if data is None:
        return [], 0
    items = [data] if isinstance(data, Mapping) else list(data)
    out, bad = [], 0
    for item in items:
        result = validate(Proposal, item)
        if result.ok:
            out.append(result.value)
        else:
            bad += 1
    return sorted(out, key=lambda p: p.number), bad


def by_number(proposals: Iterable[Proposal]) -> list[Proposal]:
    return sorted(proposals, key=lambda p: p.number)


def find(proposals: Iterable[Proposal], proposal_id: str) -> Proposal:
    for p in proposals:
        if p.id == proposal_id:
            return p
    raise ProposalError(N_("That proposal is not part of this case."))


def next_number(proposals: Iterable[Proposal]) -> int:
    return max((p.number for p in proposals), default=0) + 1


def accepted(proposals: Iterable[Proposal]) -> Proposal | None:
    return next((p for p in proposals if p.status == ProposalStatus.ACCEPTED), None)


def offered(proposals: Iterable[Proposal]) -> Proposal | None:
    return next((p for p in proposals if p.status == ProposalStatus.OFFERED), None)


def for_quote(proposals: Iterable[Proposal]) -> Proposal | None:
    """The proposal a quote document is made from: the newest offered or accepted one, else the
    newest of all."""
    ordered = by_number(proposals)
    shown = [p for p in ordered if p.status in (ProposalStatus.OFFERED, ProposalStatus.ACCEPTED)]
    return (shown or ordered or [None])[-1]


# ---- the rules --------------------------------------------------------------------------------


def new_proposal(proposals: Sequence[Proposal], *, costing: dict[str, Any], quote: dict[str, Any],
                 options: CostingOptions, created_on: dt.date, notes: str = "",
                 parts: Sequence[OfferedPart] = (), design_digest: str = "",
                 proposal_id: str | None = None) -> Proposal:
    """The next numbered version, a draft."""
    return Proposal(
        id=proposal_id or new_id(), number=next_number(proposals), created_on=created_on,
        options=options, costing=costing, quote=quote, parts=list(parts),
        design_digest=design_digest, notes=notes,
    )


def why_not_edit(proposal: Proposal) -> str | None:
    if proposal.is_fixed:
        return Msg("Proposal {number} is {status}, so it stays as it is. A change makes a new "
                   "version.", number=proposal.number, status=_status_words(proposal.status))
    return None


def edited(proposal: Proposal, **changes: Any) -> Proposal:
    """A draft with ``changes`` (e.g. its notes, or a new price); refuses any other proposal."""
    reason = why_not_edit(proposal)
    if reason:
        raise ProposalError(reason)
    return Proposal.model_validate({**proposal.model_dump(mode="json"), **_plain(changes)})


def why_not_offer(proposal: Proposal, design_digest: str | None = None) -> str | None:
    """Only a draft can be offered, and only while it still prices the current design."""
    if proposal.status == ProposalStatus.OFFERED:
        return Msg("Proposal {number} is already offered.", number=proposal.number)
    if proposal.status != ProposalStatus.DRAFT:
        return Msg("Proposal {number} is {status}. Please make a new version to offer.",
                   number=proposal.number, status=_status_words(proposal.status))
    if design_digest is not None and proposal.design_digest and proposal.design_digest != design_digest:
        return Msg("The service design has changed since proposal {number} was priced. "
                   "Please save a new version and offer that.", number=proposal.number)
    return None


def offer(proposals: Sequence[Proposal], proposal_id: str, on: dt.date,
          design_digest: str | None = None) -> list[Proposal]:
    """Mark one draft as offered; an earlier offer still open is replaced by it.
    Returns the proposals that changed."""
    proposal = find(proposals, proposal_id)
    reason = why_not_offer(proposal, design_digest)
    if reason:
        raise ProposalError(reason)
    changed = [_replaced(p, proposal, on) for p in proposals
               if p.status == ProposalStatus.OFFERED and p.id != proposal.id]
    return [_with(proposal, status=ProposalStatus.OFFERED, offered_on=on), *changed]


def why_not_accept(proposal: Proposal, accepted_by: str | None = None,
                   allowed: Collection[str] | None = None) -> str | None:
    if proposal.status == ProposalStatus.ACCEPTED:
        return Msg("Proposal {number} is already accepted.", number=proposal.number)
    if proposal.status == ProposalStatus.DRAFT:
        return Msg("Please offer proposal {number} to the family first: only an offered proposal "
                   "can be accepted.", number=proposal.number)
    if proposal.status != ProposalStatus.OFFERED:
        return Msg("Proposal {number} is {status}, so it cannot be accepted. Please make a new "
                   "version.", number=proposal.number, status=_status_words(proposal.status))
    if accepted_by is not None and not accepted_by:
        return N_("Please say who accepted it.")
    if accepted_by is not None and allowed is not None and accepted_by not in allowed:
        return N_("Only the person, or someone who decides about the money or the contract, "
                  "can accept a proposal.")
    return None


def accept(proposals: Sequence[Proposal], proposal_id: str, accepted_by: str, on: dt.date,
           allowed: Collection[str] | None = None) -> list[Proposal]:
    """Accept an offered proposal; the one accepted before it is replaced.
    Returns the proposals that changed."""
    proposal = find(proposals, proposal_id)
    reason = why_not_accept(proposal, accepted_by, allowed)
    if reason:
        raise ProposalError(reason)
    changed = [_replaced(p, proposal, on) for p in proposals
               if p.status == ProposalStatus.ACCEPTED and p.id != proposal.id]
    return [_with(proposal, status=ProposalStatus.ACCEPTED, accepted_on=on, accepted_by=accepted_by),
            *changed]


def why_not_decline(proposal: Proposal) -> str | None:
    if proposal.status == ProposalStatus.OFFERED:
        return None
    if proposal.status == ProposalStatus.DRAFT:
        return Msg("Proposal {number} has not been offered, so it cannot be declined.",
                   number=proposal.number)
    return Msg("Proposal {number} is {status}, so it cannot be declined.", number=proposal.number,
               status=_status_words(proposal.status))


def decline(proposals: Sequence[Proposal], proposal_id: str, on: dt.date) -> list[Proposal]:
    proposal = find(proposals, proposal_id)
    reason = why_not_decline(proposal)
    if reason:
        raise ProposalError(reason)
    return [_with(proposal, status=ProposalStatus.DECLINED, declined_on=on)]


def _status_words(status: ProposalStatus) -> str:
    return {
        ProposalStatus.DRAFT: N_("a draft"),
        ProposalStatus.OFFERED: N_("offered"),
        ProposalStatus.ACCEPTED: N_("accepted"),
        ProposalStatus.DECLINED: N_("declined"),
        ProposalStatus.SUPERSEDED: N_("replaced by a newer version"),
    }[status]


def _plain(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.model_dump(mode="json") if isinstance(v, Model) else v for k, v in changes.items()}


def _with(proposal: Proposal, **changes: Any) -> Proposal:
    return proposal.model_copy(update=changes)


def _replaced(old: Proposal, new: Proposal, on: dt.date) -> Proposal:
    return _with(old, status=ProposalStatus.SUPERSEDED, superseded_on=on, superseded_by=new.id)


# ---- who can accept ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Acceptor:
    id: str  # "person" or a circle member's id
    name: str
    relationship: str = ""


def who_can_accept(sections: Mapping[str, Any]) -> list[Acceptor]:
    """Who may accept a proposal: the person and the circle members who decide about the money or
    the contract; when nobody is recorded as deciding, the person and everyone in the circle."""
    person = validate(Person, sections.get("person")).value if sections.get("person") else None
    circle = validate(Circle, sections.get("circle") or {}).value or Circle()
    deciding_roles = {CircleRole.FUNDING_DECISION_MAKER, CircleRole.CONTRACT_DECISION_MAKER}
    me = Acceptor(PERSON, person.display_name if person else N_("The person"), N_("the person"))
    members = [Acceptor(m.id, m.name, m.relationship) for m in circle.members]
    person_decides = bool(person and (person.decides_about_funding or person.decides_about_contract))
    deciders = [Acceptor(m.id, m.name, m.relationship) for m in circle.members
                if deciding_roles & set(m.roles)]
    if not person_decides and not deciders:
        return [me, *members]
    # The person may always say yes to their own support; the deciders with them.
    return [me, *deciders]


# ---- the design a proposal priced ------------------------------------------------------------


def design_digest(design: ServiceDesign | Mapping[str, Any] | None) -> str:
    """A fingerprint of what the design asks to be priced (the parts and their details; not the
    notes, specialists or gaps), to tell whether a proposal still prices the current design."""
    if design is None:
        return ""
    if not isinstance(design, ServiceDesign):
        parsed = validate(ServiceDesign, design).value
        if parsed is None:
            return ""
        design = parsed
    parts = [c.model_dump(mode="json", exclude={"notes"}) for c in design.components]
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
