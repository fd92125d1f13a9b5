"""Costing and proposals: the case priced live as the advisor works, and its proposals kept as
numbered versions that are offered, accepted or declined.

Every proposal is its own record (entity ``proposal``, with the case's id), written with its
change record in one transaction, so the office receives each version and each decision. The
rules are the domain's (``advisor_app.domain.proposals``); a move they refuse comes back as a
``ProposalResult`` with the reason in plain words, never as an exception.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import ValidationError

from advisor_app.domain import proposals as rules
from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.costing import (
    Line, ProviderDefaults, Quote, cost, parse_costing, quote_to_json,
)
from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import (
    COSTING_SECTION,
    PROPOSAL,
    Acceptor,
    BudgetBar,
    CostingOptions,
    FixedTermChoice,
    OfferedPart,
    Proposal,
    ProposalDiff,
    ProposalError,
    SharedShare,
)
from advisor_app.domain.journey import Stage
from advisor_app.domain.proposals.costing_input import MANAGEMENT_WORDS
from advisor_app.domain.validation import errors_from, validate
from advisor_app.services import provider_files
from advisor_app.services.cases import AdvisorService, SaveResult
from advisor_app.store.errors import VersionConflict
from advisor_app.store.records import DocumentRecord, Record

# The costing options are a case section like any other (``costing``: CostingOptions), so they
# autosave, sync and export; and the quote is a document kind like any other. Both are registered
# where their registries are declared (domain/sections.py, services/documents.py), not here, so
# the registries never depend on which modules happen to be imported.
QUOTE = "quote"
QUOTE_TITLE = N_("Quote")
QUOTE_MODULE = "advisor_app.documents.quote"


def quote_kind() -> Any:
    """The quote's entry for ``services.documents.KINDS``. (The documents are imported only when
    one is made: reportlab costs a tenth of a second the costing stage need not pay.)"""
    from advisor_app.services import documents as docs

    return docs.DocumentKind(QUOTE, QUOTE_TITLE, Stage.COSTING, QUOTE_MODULE)


T = TypeVar("T")


def _today() -> dt.date:
    return dt.date.today()


# ---- the provider's menu and rates (the registry reads each once while its file stays the same) --


def menu() -> ComponentMenu:
    return provider_files.menu()


def provider() -> ProviderDefaults:
    """The provider's rates and charges (resources/provider/costing.json), every number a Decimal."""
    return provider_files.costing()


# ---- pricing live ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseQuote:
    """The case priced as it stands, for the costing stage.

    ``quote`` prices every finished part; ``problems`` (field path -> plain message, e.g.
    ``service_design.components.2.fixed_term.weeks``) and ``unpriced`` say what is left out
    until it is finished. Only a ``complete`` quote can be saved as a proposal.
    """

    quote: Quote | None
    options: CostingOptions
    problems: dict[str, str] = field(default_factory=dict)
    unpriced: tuple[str, ...] = ()
    costing: dict[str, Any] | None = None  # the costing file that was priced
    parts: tuple[OfferedPart, ...] = ()  # per costing component: where it came from, in words
    choices: tuple[FixedTermChoice, ...] = ()  # fixed-term outcomes: hourly or fixed price
    digest: str = ""

    @property
    def complete(self) -> bool:
        return self.quote is not None and not self.problems

    @property
    def budget(self) -> BudgetBar | None:
        return rules.budget_bar(self.quote) if self.quote else None

    def budget_words(self) -> list[str]:
        return rules.budget_words(self.quote) if self.quote else []

    @property
    def shared(self) -> list[SharedShare]:
        return rules.shared_shares(self.quote) if self.quote else []

    def part(self, line: Line) -> OfferedPart | None:
        """What a quote line is, in words (its menu description, outcome and note). The lines the
        engine adds: the management the budget affords has words; the contingency has none."""
        if line.component is None:
            if line.part == "management":
                return OfferedPart(source=rules.MANAGEMENT, description=MANAGEMENT_WORDS)
            return None
        if not 0 <= line.component < len(self.parts):
            return None
        return self.parts[line.component]

    def json(self) -> dict[str, Any] | None:
        return quote_to_json(self.quote) if self.quote else None


def price_sections(sections: Mapping[str, Any], options: CostingOptions | Mapping[str, Any] | None = None
                   ) -> CaseQuote:
    """Price a case's sections as they are (saved or still being edited). Never raises for an
    unfinished design: what is not finished is in ``problems``."""
    if options is None:
        options = _saved_options(sections)
    opts = options if isinstance(options, CostingOptions) else validate(CostingOptions, options).value
    built = rules.build_costing(sections, menu(), provider(), options)
    quote = cost(parse_costing(built.data).value) if built.data is not None else None
    return CaseQuote(quote, opts or CostingOptions(), dict(built.problems), built.unpriced, built.data,
                     built.parts, built.choices, built.digest)


def price_case(service: AdvisorService, case_id: str,
               options: CostingOptions | Mapping[str, Any] | None = None) -> CaseQuote:
    """The case as saved, priced with ``options`` (default: the case's saved costing options)."""
    return price_sections(service.load_case(case_id).data(), options)


def _saved_options(sections: Mapping[str, Any]) -> CostingOptions:
    return validate(CostingOptions, sections.get(COSTING_SECTION) or {}).value or CostingOptions()


def load_options(service: AdvisorService, case_id: str) -> CostingOptions:
    return _saved_options(service.load_case(case_id).data())


def save_options(service: AdvisorService, case_id: str, options: CostingOptions | Mapping[str, Any], *,
                 base_version: int | None = None) -> SaveResult:
    """Save the costing options (the ``costing`` section, once it is registered in
    ``domain.sections.SECTION_MODELS``), validated, with its change record."""
    data = options.model_dump(mode="json") if isinstance(options, CostingOptions) else dict(options)
    return service.save(case_id, COSTING_SECTION, data, base_version=base_version)


# ---- proposals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalResult:
    ok: bool
    errors: dict[str, str] = field(default_factory=dict)  # field path or "_proposal" -> plain reason
    proposal: Proposal | None = None

    @classmethod
    def failed(cls, key: str, message: str) -> "ProposalResult":
        return cls(ok=False, errors={key: message})


def _records(service: AdvisorService, case_id: str) -> list[tuple[Proposal, Record]]:
    out = []
    for record in service.store.find(PROPOSAL, case_id=case_id):
        parsed = validate(Proposal, record.data)
        if parsed.ok:
            out.append((parsed.value, record))
    return sorted(out, key=lambda pair: pair[0].number)


def list_proposals(service: AdvisorService, case_id: str) -> list[Proposal]:
    """The case's proposals, by number."""
    return [p for p, _ in _records(service, case_id)]


def proposal_dicts(service: AdvisorService, case_id: str) -> list[dict[str, Any]]:
    """The proposals as stored, for ``sections["proposal"]`` of the journey's completeness."""
    return [r.data for r in sorted(service.store.find(PROPOSAL, case_id=case_id),
                                   key=lambda r: r.data.get("number", 0))]


def get_proposal(service: AdvisorService, case_id: str, proposal_id: str) -> Proposal | None:
    return next((p for p in list_proposals(service, case_id) if p.id == proposal_id), None)


def proposal_for_quote(service: AdvisorService, case_id: str) -> Proposal | None:
    """The one a quote document shows: the newest offered or accepted, else the newest."""
    return rules.for_quote(list_proposals(service, case_id))


def who_can_accept(service: AdvisorService, case_id: str) -> list[Acceptor]:
    return rules.who_can_accept(service.load_case(case_id).data())


def _priced(service: AdvisorService, case_id: str, options: CostingOptions | Mapping[str, Any] | None
            ) -> CaseQuote | ProposalResult:
    sections = service.load_case(case_id).data()
    priced = price_sections(sections, options)
    if not priced.complete:
        return ProposalResult(ok=False, errors=priced.problems or {
            "_proposal": N_("This case cannot be priced yet.")})
    return priced


def save_proposal(service: AdvisorService, case_id: str,
                  options: CostingOptions | Mapping[str, Any] | None = None, notes: str = "") -> ProposalResult:
    """Price the case in full and save it as the next numbered version (a draft). Refused, with
    each problem at its field, while any part of the design or the options is unfinished."""
    priced = _priced(service, case_id, options)
    if isinstance(priced, ProposalResult):
        return priced

    def make(current: list[Proposal]) -> list[Proposal]:
        return [rules.new_proposal(current, costing=priced.costing, quote=priced.json(), options=priced.options,
                                   created_on=_today(), notes=notes, parts=priced.parts,
                                   design_digest=priced.digest)]

    return _write(service, case_id, make)


def revise(service: AdvisorService, case_id: str, proposal_id: str,
           options: CostingOptions | Mapping[str, Any] | None = None, notes: str | None = None) -> ProposalResult:
    """Price the case again for a proposal. A draft is updated in place; an offered, accepted,
    declined or replaced one never changes, so the new price becomes the next version."""
    existing = get_proposal(service, case_id, proposal_id)
    if existing is None:
        return ProposalResult.failed("_proposal", N_("That proposal is not part of this case."))
    priced = _priced(service, case_id, options if options is not None else existing.options)
    if isinstance(priced, ProposalResult):
        return priced
    text = existing.notes if notes is None else notes

    def make(current: list[Proposal]) -> list[Proposal]:
        proposal = rules.find(current, proposal_id)
        fresh = {"costing": priced.costing, "quote": priced.json(), "options": priced.options,
                 "parts": list(priced.parts), "design_digest": priced.digest, "notes": text}
        if proposal.is_fixed:
            return [rules.new_proposal(current, created_on=_today(), **fresh)]
        return [rules.edited(proposal, **fresh)]

    return _write(service, case_id, make)


def update_notes(service: AdvisorService, case_id: str, proposal_id: str, notes: str) -> ProposalResult:
    """Change a draft's notes; an offered or accepted proposal stays as it is."""
    return _write(service, case_id, lambda current: [rules.edited(rules.find(current, proposal_id), notes=notes)])


def offer(service: AdvisorService, case_id: str, proposal_id: str) -> ProposalResult:
    """Mark a draft as offered to the family (an earlier open offer is replaced by it)."""
    digest = rules.design_digest(service.load_case(case_id).data().get("service_design"))
    return _write(service, case_id, lambda current: rules.offer(current, proposal_id, _today(), digest))


def accept(service: AdvisorService, case_id: str, proposal_id: str, accepted_by: str) -> ProposalResult:
    """Record that ``accepted_by`` ("person" or a circle member's id: see ``who_can_accept``)
    accepted an offered proposal; the one accepted before is replaced."""
    allowed = {a.id for a in who_can_accept(service, case_id)}

    def move(current: list[Proposal]) -> list[Proposal]:
        proposal = rules.find(current, proposal_id)
        if rules.why_not_accept(proposal) is None:  # it can be accepted: is this the right person?
            reason = rules.why_not_accept(proposal, accepted_by, allowed)
            if reason:
                raise _FieldError("accepted_by", reason)
        return rules.accept(current, proposal_id, accepted_by, _today(), allowed)

    return _write(service, case_id, move)


def decline(service: AdvisorService, case_id: str, proposal_id: str) -> ProposalResult:
    """Record that the family said no to an offered proposal."""
    return _write(service, case_id, lambda current: rules.decline(current, proposal_id, _today()))


def compare_proposals(service: AdvisorService, case_id: str, a_id: str, b_id: str) -> ProposalDiff:
    """What changed from proposal ``a_id`` to ``b_id``, and what it did to the price."""
    current = list_proposals(service, case_id)
    return rules.compare(rules.find(current, a_id), rules.find(current, b_id))


class _FieldError(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


def _write(service: AdvisorService, case_id: str, change: Callable[[list[Proposal]], list[Proposal]]
           ) -> ProposalResult:
    """Apply a rule to the case's proposals as they are now and write every proposal it changes,
    with their change records, in one transaction. The first proposal returned is the result."""
    try:
        with service.store.transaction():
            pairs = _records(service, case_id)
            versions = {p.id: r.version for p, r in pairs}
            changed = change([p for p, _ in pairs])
            for proposal in changed:
                service.store.put(PROPOSAL, proposal.model_dump(mode="json"), case_id=case_id,
                                  entity_id=proposal.id, base_version=versions.get(proposal.id))
    except ProposalError as exc:
        return ProposalResult.failed("_proposal", exc.args[0])  # the Msg, for translation
    except _FieldError as exc:
        return ProposalResult.failed(exc.key, exc.message)
    except VersionConflict as exc:
        return ProposalResult.failed("_conflict", str(exc))
    except ValidationError as exc:  # e.g. notes too long: nothing was written
        return ProposalResult(ok=False, errors=errors_from(exc))
    return ProposalResult(ok=True, proposal=changed[0] if changed else None)


# ---- the quote document ------------------------------------------------------------------------


def quote_input(service: AdvisorService, case_id: str, *, made_on: dt.date | None = None) -> Any:
    """What the quote builder is given (a ``documents.common.DocumentInput``): the case's
    sections with all its proposals as a list."""
    from advisor_app.services import documents as docs

    data = docs.document_input(service, service.load_case(case_id), made_on=made_on)
    return replace(data, sections={**data.sections, PROPOSAL: proposal_dicts(service, case_id)})


def make_quote(service: AdvisorService, case_id: str, proposal_id: str | None = None, *,
               made_on: dt.date | None = None) -> bytes:
    """The quote PDF for one proposal (default: the newest offered or accepted, else the newest),
    for a preview; nothing is stored. Raises ``documents.DocumentNotReady`` with no proposal."""
    from advisor_app.documents import quote
    from advisor_app.services import documents as docs

    data = quote_input(service, case_id, made_on=made_on)
    proposals = list_proposals(service, case_id)
    if not proposals:
        raise docs.DocumentNotReady(N_("Save a priced proposal in the costing stage first."))
    chosen = rules.find(proposals, proposal_id) if proposal_id else rules.for_quote(proposals)
    return quote.build_for(data, chosen)


def save_quote(service: AdvisorService, case_id: str, proposal_id: str | None = None, *,
               made_on: dt.date | None = None) -> DocumentRecord:
    """Make the quote and store it, encrypted, as the next version of the case's quotes."""
    from advisor_app.services import documents as docs

    return docs.save_document(service, case_id, QUOTE, make_quote(service, case_id, proposal_id, made_on=made_on))
