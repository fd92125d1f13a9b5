"""What the office screens show, read from the office store, and the few office actions the
service does not have yet (resolving a conflict, whether an office is set up).

Each function takes the unlocked ``OfficeService`` and returns plain dataclasses, so the screens
only present them. Nothing here decides anything: rules stay in the domain, the importer and
the store.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor_app.domain.provider_files import PUBLISHABLE
from advisor_app.office.service import _PUBLIC, _RELAY_URL, OfficeService
from advisor_app.office.store import CURRENT, INCOMING, OfficeStore

SIGNED_AGREEMENT = "signed-agreement"


def office_exists(location: str) -> bool:
    """Whether an office has been set up at ``location`` (a folder or a database URL)."""
    if "://" not in location and not (Path(location) / "office.db").is_file():
        return False
    store = OfficeStore.open(location)
    try:
        return store.get_meta(_PUBLIC) is not None
    finally:
        store.close()


def has_relay(service: OfficeService) -> bool:
    return bool(service.store.get_meta(_RELAY_URL))


def relay_partial_dir(location: str) -> Path:
    """Where half-downloaded relay bundles wait (sealed ciphertext only)."""
    from advisor_app import paths

    if "://" in location:
        return paths.data_dir() / "office-relay-partial"
    return Path(location) / "relay-partial"


def in_model_order(entity: str, data: Any) -> Any:
    """The record's data with its fields in the order its domain model declares them (the store
    keeps them sorted by name), or as stored when no model reads it."""
    from advisor_app.domain.case import CaseHeader
    from advisor_app.domain.sections import RECORD_MODELS, SECTION_MODELS

    model = CaseHeader if entity == "case" else SECTION_MODELS.get(entity) or RECORD_MODELS.get(entity)
    if model is None or not isinstance(data, dict):
        return data
    try:
        return model.model_validate(data).model_dump(mode="json")
    except ValueError:  # pydantic's ValidationError: show what is stored
        return data


def _device_names(service: OfficeService) -> dict[str, dict[str, Any]]:
    return {d["device_id"]: d for d in service.store.devices()}


def _case_labels(service: OfficeService) -> dict[str, tuple[str, str]]:
    """case id -> (reference, person's name)."""
    return {c["entity_id"]: (str(c["data"].get("reference", "")), str(c["data"].get("person_name", "")))
            for c in service.store.records(entity="case")}


# -- inbox ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InboxRow:
    bundle_id: str
    received_at: str
    laptop: str  # the laptop's name; empty when the bundle did not say who sent it
    state: str  # 'imported', 'duplicate' or 'refused'
    reason: str
    applied: int
    duplicates: int
    same: int
    conflicts: int


def inbox(service: OfficeService) -> list[InboxRow]:
    """Bundles received from laptops, newest first."""
    names = _device_names(service)
    out = []
    for row in service.store.bundles():
        if row.get("direction") != "in":
            continue
        device = names.get(row.get("device_id") or "")
        out.append(InboxRow(row["bundle_id"], row["received_at"], device["name"] if device else "",
                            row["state"], row.get("reason") or "", int(row.get("applied") or 0),
                            int(row.get("duplicates") or 0), int(row.get("same") or 0),
                            int(row.get("conflicts") or 0)))
    return out


# -- cases ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseRow:
    case_id: str
    reference: str
    person_name: str
    stage: str
    status: str
    advisor_name: str
    laptop: str
    updated_at: str
    laptop_id: str = ""  # the laptop the case is with
    former_references: tuple[str, ...] = ()
    communication: tuple[str, ...] = ()  # the communication needs flag's codes (domain.communication)


def cases(service: OfficeService, search: str = "") -> list[CaseRow]:
    """Every case from every laptop, most recently changed first; ``search`` matches part of the
    name, the reference or the postcode (the headers are opened in memory: they are sealed)."""
    from advisor_app.domain.case import case_matches

    out = []
    for row in service.store.case_list():
        data = row["data"]
        if not case_matches(data, search):
            continue
        out.append(CaseRow(row["entity_id"], str(data.get("reference", "")), str(data.get("person_name", "")),
                           str(data.get("stage", "")), str(data.get("status", "")),
                           row.get("advisor_name") or "", row.get("device_name") or "", row["updated_at"],
                           row.get("owner_device_id") or "", tuple(map(str, data.get("former_references") or [])),
                           tuple(str(code) for code in data.get("communication") or ())))
    return out


@dataclass(frozen=True)
class Move:
    from_laptop: str  # empty when the case had no laptop to leave
    to_laptop: str
    moved_at: str
    moved_by: str
    acknowledged: bool  # the laptop it left has applied the office's notice


def case_moves(service: OfficeService, case_id: str) -> list[Move]:
    """Each time the case was given to another laptop, oldest first."""
    names = _device_names(service)

    def name(device_id: str | None) -> str:
        return (names.get(device_id or "") or {}).get("name", "")

    return [Move(name(m["from_device_id"]), name(m["to_device_id"]), m["moved_at"], m["moved_by"],
                 bool(m["acknowledged"])) for m in service.store.case_moves(case_id)]


def move_targets(service: OfficeService, case_id: str) -> list[tuple[str, str]]:
    """(device id, laptop name) of every laptop the case could be moved to: enrolled, not
    revoked, synced at least once, and not the one the case is with."""
    current = service.store.case_laptop(case_id)
    return [(d["device_id"], d["name"]) for d in service.store.devices()
            if not d.get("revoked_at") and d["device_id"] != current]


@dataclass(frozen=True)
class Section:
    entity: str
    entity_id: str
    version: int
    deleted: bool
    data: Any


def case_records(service: OfficeService, case_id: str) -> list[Section]:
    """The office's copy of every record of a case."""
    return [Section(r["entity"], r["entity_id"], int(r["version"]), bool(r["deleted"]),
                    in_model_order(r["entity"], r["data"]))
            for r in service.store.records(case_id=case_id)]


# -- conflicts -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConflictView:
    conflict_id: str
    entity: str
    case_id: str
    reference: str
    person_name: str
    laptop: str
    created_at: str
    office_version: int | None
    office_data: Any  # None when the office has no version
    office_deleted: bool
    laptop_data: Any
    laptop_deleted: bool  # the laptop's edit deletes the record
    laptop_made_at: str = ""


def conflicts(service: OfficeService) -> list[ConflictView]:
    """Edits the office could not apply, oldest first, with both versions."""
    names = _device_names(service)
    labels = _case_labels(service)
    out = []
    for row in service.store.conflicts():
        incoming = row.get("incoming") or {}
        current = row.get("current") or None
        device = names.get(row["device_id"])
        reference, person = labels.get(row["case_id"], ("", ""))
        out.append(ConflictView(
            row["id"], row["entity"], row["case_id"], reference, person, device["name"] if device else "",
            row["created_at"], row.get("current_version"),
            in_model_order(row["entity"], current.get("data")) if current else None,
            bool(current.get("deleted")) if current else False,
            in_model_order(row["entity"], incoming.get("data")), incoming.get("op") == "delete",
            _hlc_time(incoming.get("hlc"))))
    return out


@dataclass(frozen=True)
class FieldChoice:
    """One field both edits changed: the value they started from and each side's."""

    name: str  # the dotted field name, the key of a choice
    base: Any  # MISSING (domain/merge.py) where a value was not there
    office: Any
    laptop: Any


@dataclass(frozen=True)
class FieldConflicts:
    fields: list[FieldChoice]
    merged: list[str]  # fields only the laptop changed, taken on their own


def field_conflicts(service: OfficeService, conflict_id: str) -> FieldConflicts | None:
    """The fields of a conflict to choose one by one, or None when it can only be settled as a
    whole version (one side removed the record)."""
    from advisor_app.office.service import OfficeError

    try:
        merge = service.conflict_merge(conflict_id)
    except OfficeError:
        return None
    return FieldConflicts([FieldChoice(c.name, c.base, c.office, c.laptop) for c in merge.conflicts],
                          [".".join(path) for path in merge.changed])


def _hlc_time(text: Any) -> str:
    """The wall time of a hybrid clock stamp, as ISO 8601 UTC ('' if it is not one)."""
    from advisor_app.store.hlc import Hlc

    try:
        return Hlc.parse(str(text)).as_datetime().isoformat()
    except (TypeError, ValueError):
        return ""


def resolve_conflict(service: OfficeService, conflict_id: str, *, keep_laptop: bool) -> dict[str, Any]:
    """Keep the laptop's or the office's version; the result is a recorded office change sent
    back to the laptops, made by the signed-in user. Raises
    ``OfficeStoreError`` or ``OfficeError`` (plain message) if it cannot be done."""
    return service.resolve_conflict(conflict_id, INCOMING if keep_laptop else CURRENT)


# -- risk approvals ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AwaitingDecision:
    assessment_id: str
    case_id: str
    reference: str  # the assessment's own reference
    title: str
    case_reference: str
    person_name: str
    sent_at: str
    data: dict[str, Any] = field(default_factory=dict)


def _when(text: Any) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def awaiting_decision(service: OfficeService) -> list[AwaitingDecision]:
    """Risk assessments sent for the manager's decision that no decision answers yet (a decision
    answers the sending it came after; sending again asks for a new one)."""
    decided: dict[str, list[dt.datetime]] = {}
    for record in service.store.records(entity="risk_decision", include_deleted=False):
        when = _when(record["data"].get("decided_at"))
        if when is not None:
            decided.setdefault(str(record["data"].get("assessment_id")), []).append(when)
    labels = _case_labels(service)
    out = []
    for record in service.store.records(entity="risk_assessment", include_deleted=False):
        data = record["data"]
        sent = _when(data.get("sent_for_decision_at"))
        if sent is None or any(when >= sent for when in decided.get(record["entity_id"], [])):
            continue
        reference, person = labels.get(record["case_id"], ("", ""))
        out.append(AwaitingDecision(record["entity_id"], record["case_id"], str(data.get("reference", "")),
                                    str(data.get("title", "")), reference, person,
                                    str(data.get("sent_for_decision_at")),
                                    in_model_order("risk_assessment", data)))
    return sorted(out, key=lambda a: a.sent_at)


# -- laptops -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Laptop:
    enrollment_id: str
    name: str
    created_at: str
    device_id: str | None  # None until the laptop's first bundle arrives
    advisor_name: str
    last_bundle_at: str
    revoked_at: str


def laptops(service: OfficeService) -> list[Laptop]:
    """Every enrollment the office made, with the laptop that took it up (if it has synced)."""
    names = _device_names(service)
    out = []
    for enrollment in service.enrollments():
        device = names.get(enrollment.get("device_id") or "") or {}
        out.append(Laptop(enrollment["enrollment_id"], enrollment.get("name", ""), enrollment.get("created_at", ""),
                          enrollment.get("device_id"), device.get("advisor_name") or "",
                          device.get("last_bundle_at") or "",
                          enrollment.get("revoked_at") or device.get("revoked_at") or ""))
    return sorted(out, key=lambda laptop: laptop.created_at)


# -- agreements ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignedAgreement:
    sha256: str
    case_id: str
    case_reference: str
    person_name: str
    title: str
    version: int
    imported_at: str
    laptop: str  # empty for a copy the office made (countersigned)
    countersigned: bool  # the office's signature is on this copy
    superseded: bool  # a newer signed copy of it exists (signed again, or countersigned)


def signed_agreements(service: OfficeService) -> list[SignedAgreement]:
    """Every signed copy of every agreement, by case and version; the newest copy is the one to
    countersign."""
    names = _device_names(service)
    labels = _case_labels(service)
    docs = [doc for doc in service.store.documents() if doc["kind"] == SIGNED_AGREEMENT]
    previous = {(doc.get("meta") or {}).get("previous") for doc in docs}
    out = []
    for doc in docs:
        meta = doc.get("meta") or {}
        reference, person = labels.get(doc["case_id"], ("", ""))
        device = names.get(doc.get("device_id") or "")
        out.append(SignedAgreement(doc["sha256"], doc["case_id"], reference, person, doc["title"],
                                   int(doc["version"]), doc["imported_at"], device["name"] if device else "",
                                   "office" in (meta.get("signed_fields") or []), doc["sha256"] in previous))
    return out


def publishable_files() -> tuple[str, ...]:
    """The provider files the office may send to the laptops (the domain's registry)."""
    return PUBLISHABLE


def read_provider_files(paths: list[str | os.PathLike[str]]) -> dict[str, str]:
    """``{file name: text}`` for ``publish_provider_files``; raises ``OSError``/``UnicodeError``."""
    return {Path(p).name: Path(p).read_text(encoding="utf-8") for p in paths}


@dataclass(frozen=True)
class ForCountersigning:
    """A signed agreement as the manager sees it before countersigning: the pack itself and its
    signature check, made now against the office's trust anchors (``signing/verify.py``)."""

    sha256: str
    title: str
    pdf: bytes
    check: list[str]  # the check in plain lines (``services/signature_report.py``)
    intact: bool  # every signature so far intact, trusted and allowed
    only_office_left: bool  # every other box is signed


def for_countersigning(service: OfficeService, sha256: str) -> ForCountersigning | None:
    """The agreement and its signature check; None when the office holds no such signed agreement."""
    from advisor_app.domain.authority import OFFICE_SIGNATURE_FIELDS
    from advisor_app.services.signature_report import report_lines
    from advisor_app.signing.verify import verify_pdf

    document = service.store.document(sha256)
    if document is None or document["kind"] != SIGNED_AGREEMENT:
        return None
    report = verify_pdf(document["content"], service.trust_anchors())
    return ForCountersigning(sha256, document["title"], document["content"], report_lines(report), report.intact,
                             set(report.still_to_sign) <= OFFICE_SIGNATURE_FIELDS)
