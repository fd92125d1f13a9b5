"""What new provider files would do to the proposals still open (drafts and offers): each priced
again with the new rates, charges and weeks, and each checked against the new menu.

A proposal keeps the rates it was priced with forever (``model.py``), so publishing new rates never
changes a proposal the family has seen: the advisor makes a new version. This is the preview the
office looks at before publishing: which families' offers would cost more or less, and by how much.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.costing import ProviderDefaults, cost, parse_costing
from advisor_app.domain.costing.provider import DEFAULTED
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.proposals.model import Proposal, ProposalStatus

OPEN_STATUSES = frozenset({ProposalStatus.DRAFT, ProposalStatus.OFFERED})


@dataclass(frozen=True)
class Repriced:
    proposal_id: str
    number: int
    status: ProposalStatus
    old_total: Decimal  # the first year, as the proposal says
    new_total: Decimal | None  # with the new rates; None when it cannot be priced with them
    problems: tuple[str, ...] = ()  # why not, or what the new menu no longer offers

    @property
    def change(self) -> Decimal | None:
        return None if self.new_total is None else self.new_total - self.old_total


def is_open(proposal: Proposal) -> bool:
    return proposal.status in OPEN_STATUSES


def reprice(proposal: Proposal, provider: ProviderDefaults) -> Repriced:
    """The proposal's own costing (its design, options and budget as they were) with the provider's
    rates, charges and weeks replaced by ``provider``'s."""
    costing: dict[str, Any] = dict(proposal.costing)
    new = provider.model_dump(mode="json", include=set(DEFAULTED))
    used = set((costing.get("optional_functions") or {}))
    missing = sorted(used - set(new["optional_functions"]))
    new["optional_functions"] = {k: v for k, v in new["optional_functions"].items() if k in used}
    old_total = proposal.first_year_total
    if missing:
        return Repriced(proposal.id, proposal.number, proposal.status, old_total, None, tuple(
            Msg("It uses “{function}”, which the new rates no longer have.", function=f) for f in missing))
    checked = parse_costing({**costing, **new})
    if not checked.ok or checked.value is None:
        path, problem = next(iter(checked.errors.items()), ("", N_("It cannot be priced with the new rates.")))
        return Repriced(proposal.id, proposal.number, proposal.status, old_total, None,
                        (Msg("It cannot be priced with the new rates ({field}: {problem}).", field=path,
                             problem=problem),))
    try:
        quote = cost(checked.value)
    except ValueError as exc:  # the engine's CostingInputError: a budget it cannot fit, say
        return Repriced(proposal.id, proposal.number, proposal.status, old_total, None, (str(exc),))
    return Repriced(proposal.id, proposal.number, proposal.status, old_total, quote.first_year_total)


def menu_problems(design: Mapping[str, Any] | None, menu: ComponentMenu) -> list[str]:
    """What in the case's service design the new menu no longer offers as it is (a part taken off
    the menu, or now of another kind): the advisor has to design that part again."""
    out: list[str] = []
    components = (design or {}).get("components") or []
    for chosen in components if isinstance(components, list) else ():
        if not isinstance(chosen, Mapping):
            continue
        item = menu.get(str(chosen.get("component_id", "")))
        given = [kind for kind in ("one_off", "fixed_term", "on_going") if chosen.get(kind) is not None]
        if item is None:
            out.append(Msg("“{part}” is no longer on the menu.", part=chosen.get("component_id", "")))
        elif given and given[0] != str(item.kind).replace("-", "_"):
            out.append(Msg("“{part}” is now a different kind of support.", part=item.name))
    return out


def open_proposals(proposals: Iterable[Proposal]) -> list[Proposal]:
    return [p for p in proposals if is_open(p)]
