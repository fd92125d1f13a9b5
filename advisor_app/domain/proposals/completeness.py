"""How far the costing stage has got, from the case's sections as stored.

``sections["proposal"]`` is the list of the case's proposals (each a stored dict); a single dict
is read as a list of one, so the rule also works with a view that holds one record per entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor_app.domain.completeness import Completeness
from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.proposals.model import design_digest, for_quote, parse_proposals, ProposalStatus
from advisor_app.domain.service_design import ServiceDesign, component_problems
from advisor_app.domain.validation import validate

PROPOSAL = "proposal"  # the entity (and the name in ``sections``) of a case's proposals


def case_costing_completeness(sections: Mapping[str, Any], menu: ComponentMenu | None = None) -> Completeness:
    """Complete when the design prices in full and a proposal for that design is offered to the
    family or accepted."""
    proposals, unreadable = parse_proposals(sections.get(PROPOSAL))
    design = validate(ServiceDesign, sections.get("service_design") or {}).value
    ready = design is not None and bool(design.components) and not any(
        component_problems(c, menu) for c in design.components)
    shown = for_quote(proposals)
    on_table = shown if shown is not None and shown.status in (
        ProposalStatus.OFFERED, ProposalStatus.ACCEPTED) else None
    current = on_table is not None and (not on_table.design_digest
                                        or on_table.design_digest == design_digest(design))
    checks: list[tuple[bool, str | None]] = [
        (ready, N_("A service design with the details of every part, so it can be priced")),
        (bool(proposals), N_("At least one priced proposal, saved as a version")),
        (on_table is not None, N_("A proposal offered to the family, or accepted")),
        (current, Msg("A new version of the proposal: the service design has changed since proposal "
                      "{number} was priced", number=on_table.number) if on_table and not current else None),
    ]
    if unreadable:
        checks.append((False, N_("Some proposals need checking")))
    return Completeness.from_checks(checks)
