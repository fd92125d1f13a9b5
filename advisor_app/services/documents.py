"""Documents: build a case's PDFs for preview, store them encrypted and versioned, list them.

The registry ``KINDS`` maps a kind id to its title, the stage of the journey it belongs to and
the module that builds it. A builder module provides::

    build(data: DocumentInput) -> bytes          # the PDF
    why_not_ready(sections: dict) -> str | None  # a plain reason when the case lacks what it needs

Modules are imported on first use, so the registry costs nothing at start-up. A later document
(the quote, the risk form, the agreement pack) adds itself with ``register(DocumentKind(...))``
and is then made, saved, listed and written by the CLI like the others.

A kind may make several documents for a case, one per record (the risk form: one per
assessment). Such a kind names a ``parts`` module providing::

    document_parts(service, case_id) -> list[DocumentPart]

and each call then says which part (``part=`` the record's id). A part adds what its builder
needs to the sections it is given; its documents are versioned per part (``meta["part_version"]``,
in the file name) while the stored ``version`` still counts every document of the kind for the case.

Building never writes: ``make_document`` returns bytes for the preview. ``save_document`` stores
those bytes under their SHA-256 as the next version of that kind for the case; the same bytes
again are the same record, so saving twice makes no duplicate, and a changed case makes a new
version while the old ones are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from advisor_app.documents.common import DocumentInput
from advisor_app.domain.communication import CommunicationNeeds, DocumentSettings, document_settings
from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.journey import ORDER, Stage
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.provider import ProviderProfile
from advisor_app.domain.validation import validate
from advisor_app.i18n import _
from advisor_app.services import provider_files
from advisor_app.store.provider_profile import load_profile, logo_path
from advisor_app.services.cases import AdvisorService, CaseView
from advisor_app.services import photo
from advisor_app.store.errors import StoreError
from advisor_app.store.files import atomic_write, safe_file_part
from advisor_app.store.records import DocumentRecord

log = logging.getLogger(__name__)


class DocumentError(ValueError):
    """A document that cannot be made or saved; the message says why in plain words."""


class DocumentNotReady(DocumentError):
    pass


@dataclass(frozen=True)
class DocumentKind:
    id: str  # used in file names: C-2026-0003-support-plan-v1.pdf
    title: str  # marked with N_, translated when shown
    stage: Stage  # where in the journey the document is made
    module: str  # the builder module (see the module docstring)
    parts: str | None = None  # for a kind with one document per record: the module with ``document_parts``
    # A module with ``document_extras(service, case_id) -> dict``: what the builder needs beyond the
    # case's sections (the handover pack: the risk statuses and the signed agreement), added to them.
    extras: str | None = None
    builder: str = "build"  # the builder module's functions, when it builds several kinds
    check: str = "why_not_ready"

    def _module(self) -> Any:
        return importlib.import_module(self.module)

    def build(self, data: DocumentInput) -> bytes:
        return getattr(self._module(), self.builder)(data)

    def why_not_ready(self, sections: Mapping[str, Any]) -> str | None:
        check: Callable[[Mapping[str, Any]], str | None] | None = getattr(self._module(), self.check, None)
        return check(sections) if check else None

    def extra_sections(self, service: Any, case_id: str) -> dict[str, Any]:
        return importlib.import_module(self.extras).document_extras(service, case_id) if self.extras else {}


@dataclass(frozen=True)
class DocumentPart:
    """One of the several documents a kind makes for a case (one risk assessment)."""

    id: str  # the record the document is about
    label: str  # short, safe in a file name: RA-2026-0001
    title: str  # for lists and the stored title: "RA-2026-0001: Travelling to college by bus"
    sections: Mapping[str, Any]  # added to the case's sections for the builder


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    KINDS[kind.id] = kind


for _kind in (
    DocumentKind("expression-of-interest", N_("Expression of interest"), Stage.FIRST_MEETINGS,
                 "advisor_app.documents.expression_of_interest"),
    DocumentKind("one-page-profile", N_("One-page profile"), Stage.PICTURE,
                 "advisor_app.documents.one_page_profile"),
    DocumentKind("support-plan", N_("Support plan"), Stage.SUPPORT_PLAN, "advisor_app.documents.support_plan"),
    DocumentKind("risk", N_("Risk and opportunity assessment"), Stage.RISK, "advisor_app.documents.risk",
                 parts="advisor_app.services.risk"),
    DocumentKind("quote", N_("Quote"), Stage.COSTING, "advisor_app.documents.quote"),
    DocumentKind("agreement", N_("Agreement"), Stage.AGREEMENT, "advisor_app.documents.agreement"),
    DocumentKind("job-description", N_("Job description"), Stage.SETUP, "advisor_app.documents.recruitment",
                 builder="build_job_description", check="job_not_ready"),
    DocumentKind("person-specification", N_("Person specification"), Stage.SETUP,
                 "advisor_app.documents.recruitment", builder="build_person_specification", check="person_not_ready"),
    DocumentKind("interview-questions", N_("Interview questions and scoring sheet"), Stage.SETUP,
                 "advisor_app.documents.recruitment", builder="build_interview_questions",
                 check="questions_not_ready"),
    DocumentKind("handover", N_("Handover pack"), Stage.SETUP, "advisor_app.documents.handover",
                 extras="advisor_app.services.setup"),
    DocumentKind("review", N_("Person-centred review"), Stage.REVIEWS, "advisor_app.documents.review",
                 parts="advisor_app.services.reviews"),
    DocumentKind("budget-statement", N_("Budget statement"), Stage.REVIEWS, "advisor_app.documents.budget_statement",
                 parts="advisor_app.services.statements"),
):
    register(_kind)


def get_kind(kind: str) -> DocumentKind:
    found = KINDS.get(kind)
    if found is None:
        raise DocumentError(Msg("There is no document called “{kind}”. The documents are: {kinds}.",
                                kind=kind, kinds=", ".join(KINDS)))
    return found


def kinds_in_order() -> list[DocumentKind]:
    """By the stage they belong to, then in the order they were registered."""
    order = list(KINDS)
    return sorted(KINDS.values(), key=lambda k: (ORDER.index(k.stage), order.index(k.id)))


def readiness(view: CaseView) -> list[tuple[DocumentKind, str | None]]:
    """Each kind with the reason it cannot be made yet for this case (None: it can)."""
    data = view.data()
    return [(k, k.why_not_ready(data)) for k in kinds_in_order()]


# ---- what a builder is given -----------------------------------------------------------------


def component_menu() -> ComponentMenu | None:
    try:
        return provider_files.menu()
    except (OSError, ValueError) as exc:
        log.warning("The component menu cannot be read (%s); documents name components by their ids.", exc)
        return None


def advisor_name(service: AdvisorService) -> str:
    return service.store.advisor_name


def document_input(service: AdvisorService, view: CaseView, *, made_on: dt.date | None = None,
                   provider: ProviderProfile | None = None, language: str | None = None) -> DocumentInput:
    """What a builder is given. The document meets the person's communication needs: their
    language (``language`` overrides it) and large print when they asked for it."""
    provider = provider or load_profile()
    settings = reader_settings(view.data(), language)
    return DocumentInput(
        language=settings.language,
        large_print=settings.large_print,
        sections=view.data(),
        provider=provider,
        made_on=made_on or dt.date.today(),
        reference=view.header.reference,
        menu=component_menu(),
        advisor_name=advisor_name(service),
        logo=logo_path(provider),
        photo=photo.photo_for_document(service, view.data()),  # only with consent recorded
    )


# ---- the use cases ---------------------------------------------------------------------------


def document_parts(service: AdvisorService, case_id: str, kind: str) -> list[DocumentPart] | None:
    """The documents a kind makes for the case, one per record; None for a kind that makes one."""
    document = get_kind(kind)
    if document.parts is None:
        return None
    return list(importlib.import_module(document.parts).document_parts(service, case_id))


def _part(service: AdvisorService, case_id: str, document: DocumentKind, part: str | None) -> DocumentPart | None:
    if document.parts is None:
        if part is not None:
            raise DocumentError(Msg("“{kind}” is one document per case.", kind=document.id))
        return None
    parts = document_parts(service, case_id, document.id) or []
    if part is None and len(parts) == 1:
        return parts[0]
    found = next((p for p in parts if p.id == part), None)
    if found is None and parts:
        raise DocumentError(Msg("Say which one to make: {parts}.", parts=", ".join(p.label for p in parts)))
    return found


def reader_settings(sections: Mapping[str, Any], language: str | None = None) -> DocumentSettings:
    """How documents for this case's person are made (domain.communication.document_settings)."""
    raw = (sections.get("person") or {}).get("communication")
    result = validate(CommunicationNeeds, raw) if isinstance(raw, dict) else None
    return document_settings(result.value if result and result.ok else None, language)


def make_document(service: AdvisorService, case_id: str, kind: str, *, made_on: dt.date | None = None,
                  provider: ProviderProfile | None = None, part: str | None = None,
                  language: str | None = None) -> bytes:
    """Build the document for a preview; nothing is stored. Raises ``DocumentNotReady``.
    For a kind with parts, ``part`` is the id of the record (optional when there is one)."""
    document = get_kind(kind)
    view = service.load_case(case_id)
    chosen = _part(service, case_id, document, part)
    data = {**view.data(), **(chosen.sections if chosen else {})}
    reason = document.why_not_ready(data)
    if reason:
        raise DocumentNotReady(_(reason))
    data.update(document.extra_sections(service, case_id))
    made = document_input(service, view, made_on=made_on, provider=provider, language=language)
    return document.build(dataclasses.replace(made, sections=data))


def save_document(service: AdvisorService, case_id: str, kind: str, pdf: bytes, *,
                  part: str | None = None) -> DocumentRecord:
    """Store the previewed bytes, encrypted, as the next version of this kind for the case
    (the same bytes again return the record already stored)."""
    document = get_kind(kind)
    if not pdf.startswith(b"%PDF-"):
        raise DocumentError(N_("This is not a PDF document."))
    view = service.load_case(case_id)
    chosen = _part(service, case_id, document, part)
    title = _(document.title)
    meta: dict[str, Any] = {"reference": view.header.reference, "stage": str(document.stage)}
    if chosen is not None:
        title = f"{title} {_(chosen.title)}"
        earlier = [r for r in service.store.documents(case_id=case_id, kind=document.id)
                   if r.meta.get("part") == chosen.id]
        same = hashlib.sha256(pdf).hexdigest()
        if any(r.sha256 == same for r in earlier):
            return next(r for r in earlier if r.sha256 == same)
        meta.update(part=chosen.id, part_label=chosen.label,
                    part_version=max((int(r.meta.get("part_version", 0)) for r in earlier), default=0) + 1)
    if view.header.person_name:
        title = f"{title}: {view.header.person_name}" if chosen is None else f"{title} ({view.header.person_name})"
    return service.store.put_document(case_id=case_id, kind=document.id, title=title, content=pdf, meta=meta)


def save_copy(target: Path, pdf: bytes) -> None:
    """A copy outside the store, where the person chose: readable by them only (0600), and never
    half-written (``OSError`` when the place cannot be written)."""
    atomic_write(Path(target), pdf)


def list_documents(service: AdvisorService, case_id: str) -> list[DocumentRecord]:
    """The case's stored documents without their bytes: by kind (journey order), oldest version first."""
    order = {k.id: i for i, k in enumerate(kinds_in_order())}
    records = [r for r in service.store.documents(case_id=case_id) if r.kind != photo.KIND]  # a picture, no PDF
    return sorted(records, key=lambda r: (order.get(r.kind, len(order)), r.kind, r.version))


def document_bytes(service: AdvisorService, sha256: str) -> bytes:
    record = service.store.document(sha256)
    if record is None or record.content is None:
        raise StoreError(N_("That document is not in this store."))
    return record.content


def file_name(reference: str, kind_id: str, version: object, part_label: str = "") -> str:
    """C-2026-0003-support-plan-v1.pdf; with a part, C-2026-0003-risk-RA-2026-0001-v1.pdf
    (``version`` is then the part's own version, ``meta["part_version"]``). Each part is made
    safe first (``safe_file_part``): a reference like "../../x" cannot lead out of the folder."""
    parts = [safe_file_part(reference, "case"), safe_file_part(kind_id, "document")]
    if part_label:
        parts.append(safe_file_part(part_label, "part"))
    return "-".join(parts) + f"-v{safe_file_part(version, '1')}.pdf"


def record_file_name(record: DocumentRecord) -> str:
    """The file name a stored document is written under."""
    if "part_label" in record.meta:
        return file_name(record.meta.get("reference", ""), record.kind, record.meta.get("part_version", 1),
                         str(record.meta["part_label"]))
    return file_name(record.meta.get("reference", ""), record.kind, record.version)
