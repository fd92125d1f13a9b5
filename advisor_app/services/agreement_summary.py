"""What the family is agreeing to, for the screen they read it on: the accepted proposal's
services with how much and what for, the first year added up (``domain.proposals.itemised``,
the same as the printed agreement), and the words the agreement explains, with their meanings.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor_app.documents import agreement as pack
from advisor_app.documents.easyread import glossary_used
from advisor_app.domain.agreement import accepted_proposal
from advisor_app.domain.glossary import Term
from advisor_app.domain.proposals import ProposalError
from advisor_app.domain.proposals.itemised import Itemised, itemise
from advisor_app.services import documents as docs
from advisor_app.services.cases import AdvisorService


@dataclass(frozen=True)
class AgreementSummary:
    proposal_number: int
    itemised: Itemised
    terms: tuple[Term, ...]  # the glossary terms its words use


def summary(service: AdvisorService, case_id: str) -> AgreementSummary | None:
    """None when the case has no accepted proposal, or its figures no longer match (the
    agreement cannot be made then either, and the stage says why)."""
    view = service.load_case(case_id)
    proposal = accepted_proposal(view.data())
    if proposal is None:
        return None
    try:
        itemised = itemise(proposal)
    except ProposalError:
        return None
    terms = glossary_used(pack.spec(docs.document_input(service, view)))  # the printed agreement's words
    return AgreementSummary(proposal.number, itemised, tuple(terms))
