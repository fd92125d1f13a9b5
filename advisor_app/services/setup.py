"""Setting up and handing over (stage 9): the provider's local managers, what the plan suggests,
the handover itself, and the manager's acknowledgement that arrives from the office.

The ``setup`` section autosaves like any other (``AdvisorService.save``). The handover is one use
case, in one transaction: the handover pack is stored (encrypted, versioned, named by its SHA-256),
the section records the date and the pack, and the case moves on to its reviews. The pack and the
date are protected fields: the form can never change or lose them (``domain.sections.PROTECTED_FIELDS``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.domain.managers import LocalManager, ManagerList
from advisor_app.domain.messages import N_
from advisor_app.domain.recruitment import advert, draft_questions
from advisor_app.domain.setup import (
    ACKNOWLEDGEMENT_ENTITY,
    SECTION,
    HandoverAcknowledgement,
    InterviewQuestion,
    Setup,
    StartTask,
    acknowledgement_for,
    parse_setup,
    setup_completeness,
    still_open,
    suggested_tasks,
    why_not_hand_over,
)
from advisor_app.i18n import _
from advisor_app.services import documents as docs
from advisor_app.services.cases import AdvisorService, SaveResult
from advisor_app.services import provider_files
from advisor_app.store.records import DocumentRecord

log = logging.getLogger(__name__)

HANDOVER = "handover"  # the document kind of the handover pack

def managers() -> ManagerList | None:
    """The provider's local managers (the office's published copy, else the bundled one); None
    when it cannot be read (logged)."""
    try:
        return provider_files.managers()
    except provider_files.ProviderFileInvalid as exc:
        log.warning("The list of managers cannot be read (%s); no manager can be chosen.", exc)
        return None


def manager(manager_id: str | None) -> LocalManager | None:
    found = managers()
    return found.get(manager_id) if found else None


# ---- what the screen is given -------------------------------------------------------------------


@dataclass(frozen=True)
class SetupView:
    setup: Setup
    manager: LocalManager | None
    agreement_signed: bool
    not_ready: list[str]  # why the case cannot be handed over yet (plain sentences); empty: it can
    pack: DocumentRecord | None  # the handover pack, once handed over
    acknowledgement: HandoverAcknowledgement | None  # the manager's, once it arrived from the office
    open_items: list[str] = field(default_factory=list)


def agreement_signed(service: AdvisorService, case_id: str) -> bool:
    """The newest agreement version is signed in every box that must be signed, and still says
    what the case says."""
    from advisor_app.services import agreement

    found = agreement.versions(service, case_id)
    if not found or agreement.needs_new_version(service, case_id):
        return False
    head = agreement.head(service, found[-1].sha256)
    signed = set(head.meta.get("signed_fields", [])) if head is not None else set()
    required = {s.field for s in agreement.signers_for(service, case_id) if s.required}
    return bool(signed) and required <= signed


def load(service: AdvisorService, case_id: str) -> SetupView:
    view = service.load_case(case_id)
    data = view.data()
    setup = parse_setup(data.get(SECTION))
    chosen = manager(setup.manager_id)
    signed = agreement_signed(service, case_id)
    pack = service.store.document(setup.handover_pack_sha256, with_content=False) \
        if setup.handover_pack_sha256 else None
    ack = acknowledgement_for(data.get(ACKNOWLEDGEMENT_ENTITY) or [], setup.handover_pack_sha256) \
        if setup.handover_pack_sha256 else None
    return SetupView(setup, chosen, signed,
                     why_not_hand_over(setup, agreement_signed=signed, manager_known=chosen is not None),
                     pack, ack, still_open(setup))


# ---- drafts from the plan (the page adds them to its form, which saves them) --------------------


def suggested(service: AdvisorService, case_id: str) -> list[StartTask]:
    data = service.load_case(case_id).data()
    tasks = [t.model_copy(update={"what": _(t.what)}) for t in suggested_tasks(data, parse_setup(data.get(SECTION)).tasks)]
    existing = {t.what for t in parse_setup(data.get(SECTION)).tasks}
    return [t for t in tasks if t.what not in existing]


def drafted_questions(service: AdvisorService, case_id: str, existing: list[InterviewQuestion]) -> list[InterviewQuestion]:
    data = service.load_case(case_id).data()
    return [q.model_copy(update={"text": _(q.text)}) for q in draft_questions(data, existing)]


def drafted_advert(service: AdvisorService, case_id: str) -> str:
    from advisor_app.store.provider_profile import load_profile

    data = service.load_case(case_id).data()
    return "\n\n".join(_(paragraph) for paragraph in advert(data, load_profile().name, docs.component_menu()))


# ---- the handover -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverResult:
    ok: bool
    errors: dict[str, str] = field(default_factory=dict)
    pack: DocumentRecord | None = None


def handover_extras(service: AdvisorService, case_id: str) -> dict[str, Any]:
    """What the handover pack shows beyond the case's sections: the risk assessments with their
    status, the signed agreement, the manager (for ``services.documents``' ``extras``)."""
    from advisor_app.services import agreement, risk

    signed = agreement.newest_signed(service, case_id)
    setup = parse_setup(service.load_case(case_id).data().get(SECTION))
    chosen = manager(setup.manager_id)
    return {"_handover": {
        "risks": [{"reference": s.reference, "title": s.title, "status": _(s.status_words),
                   "decision": str(s.decision) if s.decision else None}
                  for s in risk.list_assessments(service, case_id)],
        "agreement": None if signed is None else {
            "title": signed.title, "version": signed.meta.get("version_of", 1), "sha256": signed.sha256,
            "signed_fields": signed.meta.get("signed_fields", []), "signed_at": signed.meta.get("signed_at", "")},
        "manager": chosen.model_dump(mode="json") if chosen else None,
    }}


document_extras = handover_extras  # for services.documents' "handover" kind


def hand_over(service: AdvisorService, case_id: str, *, on: dt.date | None = None,
              made_on: dt.date | None = None) -> HandoverResult:
    """Make the handover pack, store it, record the handover and move the case on to its reviews,
    all in one transaction; or say what is missing and change nothing."""
    current = load(service, case_id)
    if current.setup.handed_over:
        return HandoverResult(False, {"_handover": N_("This case has already been handed over.")})
    if current.not_ready:
        return HandoverResult(False, {"_handover": " ".join(_(r) for r in current.not_ready)})
    on = on or dt.date.today()
    view = service.load_case(case_id)
    state = view.sections[SECTION]
    kind = docs.get_kind(HANDOVER)
    preview = {**view.data(), **handover_extras(service, case_id),
               SECTION: {**state.data, "handed_over_on": on.isoformat()}}
    made = docs.document_input(service, view, made_on=made_on or on)
    pdf = kind.build(dataclasses.replace(made, sections=preview))
    updated = {**state.data, "handed_over_on": on.isoformat(), "handover_pack_sha256": hashlib.sha256(pdf).hexdigest()}
    after = {**view.data(), SECTION: updated}
    unfinished = setup_completeness(after)
    if not unfinished.complete:
        return HandoverResult(False, {"_handover": _("Before handing over, setting up still needs: {items}.",
                                                     items="; ".join(_(m) for m in unfinished.missing))})
    title = _(kind.title) + (f": {view.header.person_name}" if view.header.person_name else "")
    with service.store.transaction():
        pack = service.store.put_document(case_id=case_id, kind=HANDOVER, title=title, content=pdf,
                                          meta={"reference": view.header.reference, "stage": str(Stage.SETUP),
                                                "handed_over_on": on.isoformat(),
                                                "manager_id": current.setup.manager_id or ""})
        service.store.put(SECTION, updated, case_id=case_id, entity_id=state.entity_id, base_version=state.version)
        state_now, version = view.header.state, view.header_version
        for target in (Stage.SETUP, Stage.REVIEWS):  # on to the reviews, one stage at a time
            if journey.ORDER.index(state_now.stage) + 1 != journey.ORDER.index(target) \
                    or journey.why_not_move(state_now, target, after):
                continue
            state_now = journey.move(state_now, target, after)
            header = view.header.model_copy(update={"stage": state_now.stage})
            version = service.store.put("case", header.model_dump(mode="json"), case_id=case_id, entity_id=case_id,
                                        base_version=version).version
    return HandoverResult(True, pack=pack)


def save_setup(service: AdvisorService, case_id: str, data: dict[str, Any]) -> SaveResult:
    return service.save(case_id, SECTION, data)


__all__ = ["HANDOVER", "HandoverResult", "SetupView", "agreement_signed", "drafted_advert", "drafted_questions",
           "hand_over", "handover_extras", "load", "manager", "managers", "save_setup", "suggested"]
