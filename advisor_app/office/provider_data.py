"""The provider's files edited at the office: the rates and charges (and the weeks of the year), the
menu of support, the risk matrix's bands and the list of local managers.

The office's copy in use is the latest it published (kept in its store), else the file the app
ships. An edited file is checked by its one loader (``domain/provider_files.py``) field by field,
its effect on the proposals still open is previewed (each priced again with the new rates, and
checked against the new menu: ``domain/proposals/repricing.py``), then it is published to every
laptop with the office's publish act (``OfficeService.publish_provider_files``, which keeps the copy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.domain.provider_files import COMPONENTS, COSTING, FILES, MANAGERS, RISK_MATRIX, ProviderFileInvalid
from advisor_app.domain.proposals import Proposal
from advisor_app.domain.proposals.repricing import OPEN_STATUSES, menu_problems, reprice
from advisor_app.domain.validation import validate
from advisor_app.office.service import OfficeError, OfficeService, requires
from advisor_app.services import provider_files

EDITABLE = (COSTING.name, COMPONENTS.name, RISK_MATRIX.name, MANAGERS.name)
TITLES = {COSTING.name: N_("Rates, charges and weeks"), COMPONENTS.name: N_("The menu of support"),
          RISK_MATRIX.name: N_("The risk matrix's bands"), MANAGERS.name: N_("The local managers")}


@requires(Action.READ)
def current_text(service: OfficeService, name: str) -> str:
    """The file as the office uses it: its latest published copy, else the one the app ships."""
    if name not in FILES:
        raise OfficeError(N_("That is not one of the provider's files."))
    published = service.store.published_file(name)
    if published is not None:
        return published["content"]
    return provider_files.location(name).read_text(encoding="utf-8")


def current(service: OfficeService, name: str) -> dict[str, Any]:
    """The file's data (JSON, numbers of the rates as text: never a float)."""
    return json.loads(current_text(service, name), parse_float=str)


def problems(name: str, data: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with the edited file, field path -> plain message (empty: it can be published)."""
    try:
        FILES[name].load(json.loads(as_text(data), parse_float=Decimal))
    except ProviderFileInvalid as exc:
        return dict(exc.errors)
    return {}


def as_text(data: Mapping[str, Any]) -> str:
    """The file as it is published: JSON, two-space indents, readable non-ASCII."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class ProposalEffect:
    case_id: str
    reference: str
    person_name: str
    number: int
    status: str
    old_total: Decimal
    new_total: Decimal | None  # None: cannot be priced with the new rates (``problems`` say why)
    problems: tuple[str, ...]

    @property
    def change(self) -> Decimal | None:
        return None if self.new_total is None else self.new_total - self.old_total


@requires(Action.READ)
def preview(service: OfficeService, edited: Mapping[str, Mapping[str, Any]]) -> list[ProposalEffect]:
    """What the edited files would do to every proposal still open (a draft, or offered to the
    family): priced again with the new rates, and what of its design the new menu no longer offers.
    Files not edited stay as the office has them."""
    costing = FILES[COSTING.name].parse(as_text(edited[COSTING.name]) if COSTING.name in edited
                                        else current_text(service, COSTING.name))
    menu = FILES[COMPONENTS.name].parse(as_text(edited[COMPONENTS.name])) if COMPONENTS.name in edited else None
    open_ones = {entity_id: case_id for _entity, case_id, entity_id, (status,)
                 in service.casebook.fields({"proposal": ("$.status",)}) if status in {s.value for s in OPEN_STATUSES}}
    opened = service.store.records_data(open_ones)
    designs = {row[1]: row[3][0] for row in service.casebook.fields({"service_design": ("$.components",)})} \
        if menu is not None else {}
    headers = {c["entity_id"]: c["data"] for c in service.store.case_list()}
    out = []
    for entity_id, data in opened.items():
        proposal = validate(Proposal, data).value
        if proposal is None:
            continue
        case_id = open_ones[entity_id]
        priced = reprice(proposal, costing)
        extra = tuple(menu_problems({"components": designs.get(case_id)}, menu)) if menu is not None else ()
        header = headers.get(case_id, {})
        out.append(ProposalEffect(case_id, str(header.get("reference", "")), str(header.get("person_name", "")),
                                  proposal.number, proposal.status.value, priced.old_total, priced.new_total,
                                  priced.problems + extra))
    return sorted(out, key=lambda e: (e.reference, e.number))


@requires(Action.PUBLISH)
def publish(service: OfficeService, edited: Mapping[str, Mapping[str, Any]]) -> int:
    """Check and publish the edited files to every laptop (an administrator's act); how many laptops."""
    for name, data in edited.items():
        if name not in EDITABLE:
            raise OfficeError(N_("That is not one of the provider's files the office edits here."))
        found = problems(name, data)
        if found:
            path, message = next(iter(found.items()))
            raise OfficeError(f"{path}: {message}" if path != "_form" else message)
    return service.publish_provider_files({name: as_text(data) for name, data in edited.items()})
