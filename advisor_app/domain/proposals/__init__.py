"""Proposals: priced versions of a case's support, offered and accepted, and compared.

Pure (no Qt, no SQL, no I/O). The app's API::

    build_costing(sections, menu, provider, options) -> CostingBuild   # live: prices what is finished
    costing_input_for_case(sections, menu, provider, options) -> dict  # strict: raises CostingNotReady
    new_proposal / edited / offer / accept / decline                    # the rules; ProposalError says why not
    compare(a, b) -> ProposalDiff                                        # what changed, the price effect in words
    case_costing_completeness(sections) -> Completeness                  # the COSTING stage
"""

from advisor_app.domain.proposals.compare import Change, PriceEffect, ProposalDiff, compare
from advisor_app.domain.proposals.completeness import PROPOSAL, case_costing_completeness
from advisor_app.domain.proposals.costing_input import (
    MANAGEMENT,
    CostingBuild,
    CostingNotReady,
    FixedTermChoice,
    build_costing,
    costing_input_for_case,
)
from advisor_app.domain.proposals.model import (
    MODE_LABELS,
    PERSON,
    PRICING_WAY_LABELS,
    STATUS_LABELS,
    Acceptor,
    CostingMode,
    CostingOptions,
    FunctionUse,
    OfferedPart,
    PricingWay,
    Proposal,
    ProposalError,
    ProposalStatus,
    accept,
    accepted,
    by_number,
    decline,
    design_digest,
    edited,
    find,
    for_quote,
    new_proposal,
    next_number,
    offer,
    offered,
    parse_proposals,
    who_can_accept,
    why_not_accept,
    why_not_decline,
    why_not_edit,
    why_not_offer,
)
from advisor_app.domain.proposals.words import (
    BudgetBar,
    SharedShare,
    budget_bar,
    budget_words,
    change_words,
    fraction_words,
    line_notes,
    pounds,
    shared_shares,
)

COSTING_SECTION = "costing"  # the case's costing options (CostingOptions), one record

__all__ = [
    "COSTING_SECTION", "MANAGEMENT", "MODE_LABELS", "PERSON", "PRICING_WAY_LABELS", "PROPOSAL",
    "STATUS_LABELS", "Acceptor", "BudgetBar", "Change", "CostingBuild", "CostingMode",
    "CostingNotReady", "CostingOptions", "FixedTermChoice", "FunctionUse", "OfferedPart", "PriceEffect",
    "PricingWay", "Proposal", "ProposalDiff", "ProposalError", "ProposalStatus", "SharedShare",
    "accept", "accepted", "budget_bar", "budget_words", "build_costing", "by_number",
    "case_costing_completeness", "change_words", "compare", "costing_input_for_case", "decline",
    "design_digest", "edited", "find", "for_quote", "fraction_words", "line_notes", "new_proposal",
    "next_number", "offer", "offered", "parse_proposals", "pounds", "shared_shares",
    "who_can_accept", "why_not_accept", "why_not_decline", "why_not_edit", "why_not_offer",
]
