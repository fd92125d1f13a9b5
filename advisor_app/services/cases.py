"""Cases: the store's life, cases and their sections, the journey, export and import.

Every edit goes through ``AdvisorService.save``: the domain validates it (field paths and plain
messages, or the normalised section), then the store writes the record and its change record in
one transaction. Nothing here knows about Qt.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor_app.domain import journey
from advisor_app.domain.case import CaseHeader, next_reference, summary_communication, summary_name, summary_postcode
from advisor_app.domain.case_format import FORMAT, VERSION, parse_export
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.journey import JourneyError, Stage
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.sections import RECORD_MODELS, validate_record, validate_section
from advisor_app.domain.passphrase import passphrase_problem
from advisor_app.domain.validation import reminders
from advisor_app.store.errors import StoreError, VersionConflict
from advisor_app.store.keys import DEFAULT_KDF, KdfParams
from advisor_app.store.store import Store

CASE = "case"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
SUMMARY_SECTIONS = ("person", "enquiry", "circle")


@dataclass(frozen=True)
class CaseSummary:
    id: str
    reference: str
    person_name: str
    postcode: str
    stage: Stage
    status: journey.Status
    updated_at: str
    communication: tuple[str, ...] = ()  # the flag's codes (domain.communication.flag_codes)


@dataclass(frozen=True)
class SectionState:
    entity_id: str
    version: int
    data: dict[str, Any]


@dataclass
class CaseView:
    id: str
    header: CaseHeader
    header_version: int
    sections: dict[str, SectionState] = field(default_factory=dict)
    # Entities the case has many of (proposals, risk assessments...), oldest first.
    records: dict[str, list[SectionState]] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """Everything the domain rules read: single sections as dicts, many-record entities as lists."""
        return {**{name: state.data for name, state in self.sections.items()},
                **{entity: [r.data for r in items] for entity, items in self.records.items()}}

    def completeness(self, stage: Stage) -> Completeness | None:
        return journey.completeness(stage, self.data())

    def why_not_move(self, target: Stage) -> str | None:
        return journey.why_not_move(self.header.state, target, self.data())

    def blocked(self, target: Stage) -> journey.Blocked | None:
        return journey.blocked(self.header.state, target, self.data())


@dataclass(frozen=True)
class SaveResult:
    """``errors`` refused the save; ``reminders`` were saved but still need an answer (soft rules)."""

    ok: bool
    errors: dict[str, str] = field(default_factory=dict)
    version: int | None = None
    reminders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def failed(cls, key: str, message: str) -> "SaveResult":
        return cls(ok=False, errors={key: message})


class ImportRefused(StoreError):
    """An import file that cannot be taken in; the message names the problem."""


def _today() -> dt.date:
    return dt.date.today()


class AdvisorService:
    """An unlocked store and everything the advisor does with it."""

    def __init__(self, store: Store):
        self.store = store

    # -- the store's life ------------------------------------------------------------
    @classmethod
    def create(cls, directory: Path, passphrase: str, *, advisor_name: str = "",
               office_public_key: bytes | None = None, kdf: KdfParams | None = None) -> "AdvisorService":
        """A new store. ``kdf`` lowers Argon2id's cost for tests only; the default is DESIGN.md's."""
        reason = passphrase_problem(passphrase)
        if reason:
            raise StoreError(reason)
        return cls(Store.create(directory, passphrase, advisor_name=advisor_name,
                                office_public_key=office_public_key, kdf=kdf or DEFAULT_KDF))

    @staticmethod
    def store_exists(directory: Path) -> bool:
        return Store.exists(directory)

    @classmethod
    def unlock(cls, directory: Path, passphrase: str) -> "AdvisorService":
        return cls(Store.open(directory, passphrase))

    def lock(self) -> None:
        self.store.close()

    # -- cases -----------------------------------------------------------------------
    def create_case(self, *, first_name: str = "", last_name: str = "") -> str:
        existing = [json.loads(row["data"])["reference"] for row in self.store.db.query(
            "select data from records where entity = ?", [CASE])]
        header = CaseHeader(reference=next_reference(existing, _today().year), opened_on=_today(),
                            person_name=f"{first_name} {last_name}".strip())
        with self.store.transaction():
            case_id = self._new_case_record(header)
            if first_name and last_name:
                self.store.put("person", {"first_name": first_name, "last_name": last_name}, case_id=case_id)
        return case_id

    def _new_case_record(self, header: CaseHeader, case_id: str | None = None) -> str:
        # A case's own record carries its id as case_id, so "last change" covers it too.
        case_id = case_id or str(uuid.uuid4())
        self.store.put(CASE, header.model_dump(mode="json"), case_id=case_id, entity_id=case_id)
        return case_id

    def list_cases(self, search: str = "", stage: Stage | None = None) -> list[CaseSummary]:
        """Every case, most recently changed first; search matches name, reference or postcode."""
        rows = self.store.db.query(
            """select c.id, c.data, max(r.updated_at) as last
               from records c join records r on r.case_id = c.id
               where c.entity = ? and c.deleted = 0
               group by c.id order by last desc""", [CASE])
        needle = search.strip().lower()
        needle_compact = needle.replace(" ", "")
        out: list[CaseSummary] = []
        for row in rows:
            data = json.loads(row["data"])
            if stage is not None and data.get("stage") != stage:
                continue
            if needle:
                name, ref = data.get("person_name", "").lower(), data.get("reference", "").lower()
                postcode = data.get("postcode", "").lower().replace(" ", "")
                if needle not in name and needle not in ref and (not needle_compact or needle_compact not in postcode):
                    continue
            out.append(CaseSummary(row["id"], data["reference"], data.get("person_name", ""),
                                   data.get("postcode", ""), Stage(data["stage"]),
                                   journey.Status(data["status"]), row["last"],
                                   tuple(data.get("communication") or ())))
        return out

    def count_cases(self) -> int:
        return self.store.db.execute(
            "select count(*) from records where entity = ? and deleted = 0", [CASE]).fetchone()[0]

    def load_case(self, case_id: str) -> CaseView:
        record = self.store.get(CASE, case_id)
        if record is None or record.deleted:
            raise StoreError(N_("That case is not in this store."))
        view = CaseView(case_id, CaseHeader.model_validate(record.data), record.version)
        for record in self.store.find_case(case_id):
            state = SectionState(record.id, record.version, record.data)
            if record.entity in RECORD_MODELS:
                view.records.setdefault(record.entity, []).append(state)
            elif record.entity != CASE:
                view.sections[record.entity] = state
        return view

    def save(self, case_id: str, section: str, data: dict[str, Any], *,
             base_version: int | None = None) -> SaveResult:
        """Validate and save one section; with its change record, in one transaction."""
        result = validate_section(section, data)
        if not result.ok:
            return SaveResult(ok=False, errors=result.errors)
        clean = result.value.model_dump(mode="json")
        notes = reminders(result.value)
        view = self.load_case(case_id)
        current = view.sections.get(section)
        if base_version is not None and current is not None and base_version != current.version:
            return SaveResult.failed("_conflict", N_("This was changed somewhere else. Please reload it."))
        if current is not None and current.data == clean:
            return SaveResult(ok=True, version=current.version, reminders=notes)
        try:
            with self.store.transaction():
                record = self.store.put(section, clean, case_id=case_id,
                                        entity_id=current.entity_id if current else None,
                                        base_version=current.version if current else None)
                if section in SUMMARY_SECTIONS:
                    self._refresh_summary(view, {**view.data(), section: clean})
        except VersionConflict as exc:
            return SaveResult.failed("_conflict", str(exc))
        return SaveResult(ok=True, version=record.version, reminders=notes)

    def _refresh_summary(self, view: CaseView, data: dict[str, Any]) -> None:
        header = view.header.model_copy(update={
            "person_name": summary_name(data.get("person"), data.get("enquiry")),
            "postcode": summary_postcode(data.get("person"), data.get("enquiry")),
            "communication": summary_communication(data.get("person"), data.get("circle")),
        })
        if header != view.header:
            self._put_header(view, header)

    def _put_header(self, view: CaseView, header: CaseHeader) -> None:
        self.store.put(CASE, header.model_dump(mode="json"), case_id=view.id,
                       entity_id=view.id, base_version=view.header_version)

    def move_stage(self, case_id: str, target: Stage) -> SaveResult:
        view = self.load_case(case_id)
        try:
            state = journey.move(view.header.state, target, view.data())
        except JourneyError as exc:
            return SaveResult.failed("_stage", str(exc))
        with self.store.transaction():
            self._put_header(view, view.header.model_copy(update={"stage": state.stage}))
        return SaveResult(ok=True)

    def close_case(self, case_id: str) -> SaveResult:
        view = self.load_case(case_id)
        try:
            state = journey.close(view.header.state, view.data())
        except JourneyError as exc:
            return SaveResult.failed("_stage", str(exc))
        with self.store.transaction():
            self._put_header(view, view.header.model_copy(update={"status": state.status, "closed_on": _today()}))
        return SaveResult(ok=True)

    def reopen_case(self, case_id: str) -> SaveResult:
        view = self.load_case(case_id)
        try:
            state = journey.reopen(view.header.state)
        except JourneyError as exc:
            return SaveResult.failed("_stage", str(exc))
        with self.store.transaction():
            self._put_header(view, view.header.model_copy(update={"status": state.status, "closed_on": None}))
        return SaveResult(ok=True)

    # -- the office and the journal --------------------------------------------------
    def unsent_count(self) -> int:
        return self.store.unsent_count()

    def check(self) -> list[str]:
        return self.store.check()

    # -- export and import -----------------------------------------------------------
    def export_case(self, case_id: str) -> dict[str, Any]:
        view = self.load_case(case_id)
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "case_id": view.id,
            "header": view.header.model_dump(mode="json"),
            "sections": {name: state.data for name, state in view.sections.items()},
            "records": {entity: [r.data for r in items] for entity, items in view.records.items()},
        }

    def import_case(self, raw: bytes) -> str:
        """Validate the whole file first; write nothing unless every part is right."""
        if len(raw) > MAX_IMPORT_BYTES:
            raise ImportRefused(Msg("The file is too large to be a case ({mb} MB; the limit is 5 MB).",
                                    mb=round(len(raw) / 1048576, 1)))
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ImportRefused(N_("The file is not complete JSON: it may be cut short or damaged.")) from None
        result = parse_export(data)
        if not result.ok:
            path, message = next(iter(result.errors.items()))
            more = len(result.errors) - 1
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
            raise ImportRefused(f"{path}: {message}{suffix}")
        case = result.value
        if self.store.get(CASE, case.case_id) is not None:
            raise ImportRefused(Msg("Case {ref} is already in this store.", ref=case.header.reference))
        with self.store.transaction():
            self._new_case_record(case.header, case.case_id)
            for name, section in case.sections.items():
                self.store.put(name, validate_section(name, section).value.model_dump(mode="json"),
                               case_id=case.case_id)
            for entity, items in case.records.items():
                for item in items:
                    clean = validate_record(entity, item).value.model_dump(mode="json")
                    self.store.put(entity, clean, case_id=case.case_id, entity_id=clean["id"])
        return case.case_id
