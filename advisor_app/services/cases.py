"""Cases: the store's life, cases and their sections, the journey, export and import.

Every edit goes through ``AdvisorService.save``: the domain validates it (field paths and plain
messages, or the normalised section), then the store writes the record and its change record in
one transaction. Nothing here knows about Qt.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor_app import bounded_json
from advisor_app.domain import journey
from advisor_app.domain.case import (
    CaseHeader, case_matches, next_reference, reference_problem, summary_communication, summary_name,
    summary_postcode,
)
from advisor_app.domain.case_format import FORMAT, VERSION, parse_export
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.journey import JourneyError, Stage
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.sections import (
    RECORD_MODELS, keep_protected, normalised, validate_entity, validate_record, validate_section,
)
from advisor_app.domain.passphrase import passphrase_problem
from advisor_app.domain.validation import reminders
from advisor_app.services.changes import Changes
from advisor_app.store import provider_files
from advisor_app.store.errors import CaseMoved, StoreError, VersionConflict
from advisor_app.store.keys import DEFAULT_KDF, KdfParams
from advisor_app.store.records import REFERENCE_CODE
from advisor_app.store.store import DOCUMENT_ENTITY, Store

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
    moved_to: str = ""  # the laptop the office moved the case to: read-only here
    former_references: tuple[str, ...] = ()  # from before this laptop had its reference code
    damaged: bool = False  # its saved header is not valid (it came so from an older app): shown, not opened
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
    moved_to: str = ""  # the laptop the office moved the case to: it is read-only here

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


@dataclass
class Recorded:
    """Filled by ``AdvisorService.recording`` when its block ends."""

    changes: Changes = field(default_factory=Changes)


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


def _summary(case_id: str, data: Any, updated_at: str, moved_to: str) -> CaseSummary:
    """One line of the case list. A header that cannot be read (saved by an older app) is still
    listed, marked damaged, so the list never fails because of one case. (Read field by field, not
    through the model: the list of 5,000 cases has a budget of 0.2 s.)"""
    try:
        former = data.get("former_references") or []
        return CaseSummary(case_id, _text(data["reference"]), _text(data.get("person_name", "")),
                           _text(data.get("postcode", "")), Stage(data["stage"]), journey.Status(data["status"]),
                           updated_at, moved_to, tuple(_text(ref) for ref in former),
                           communication=tuple(_text(code) for code in data.get("communication") or ()))
    except (AttributeError, KeyError, TypeError, ValueError):
        text = {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}
        return CaseSummary(case_id, text.get("reference", ""), text.get("person_name", ""), text.get("postcode", ""),
                           Stage.ENQUIRY, journey.Status.OPEN, updated_at, moved_to, damaged=True)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {type(value).__name__}")
    return value


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
    def unlock(cls, directory: Path, passphrase: str, *, check_pages: bool = True) -> "AdvisorService":
        """The store, unlocked. ``check_pages=False`` opens it even with damaged pages, so a check
        can say which."""
        return cls(Store.open(directory, passphrase, check_pages=check_pages))

    def lock(self) -> None:
        self.store.close()

    # -- what an operation changed (the screens refresh only that: services/changes.py) -------
    @contextmanager
    def recording(self) -> Iterator[Recorded]:
        """Collect what this thread commits until the block ends, in ``recorded.changes``
        (set when the block ends, also when it raises: what was committed before stays)."""
        recorded = Recorded()
        installed = provider_files.generation()
        with self.store.recording() as written:
            try:
                yield recorded
            finally:
                recorded.changes = Changes.of(written, provider=provider_files.generation() != installed)

    def refresh_view(self, view: CaseView, changes: Changes) -> CaseView:
        """``view`` with only what ``changes`` wrote for its case read again (the whole case when
        not known): an autosave re-reads one section, not the case."""
        if changes.everything or changes.provider:
            return self.load_case(view.id)
        entities = changes.entities(view.id) - {DOCUMENT_ENTITY}
        if not entities:
            return view
        header, header_version = view.header, view.header_version
        if CASE in entities:
            record = self.store.get(CASE, view.id)
            if record is None:
                raise StoreError(N_("That case is not in this store."))
            header, header_version = CaseHeader.model_validate(record.data), record.version
        sections, records = dict(view.sections), dict(view.records)
        for entity in entities - {CASE}:
            states = [SectionState(r.id, r.version, r.data) for r in self.store.find(entity, case_id=view.id)]
            if entity in RECORD_MODELS:
                records.pop(entity, None)
                if states:
                    records[entity] = states
            else:
                sections.pop(entity, None)
                if states:
                    sections[entity] = states[0]
        return CaseView(view.id, header, header_version, sections, records)

    @classmethod
    def restore(cls, backup_file: Path, directory: Path, passphrase: str, *,
                overwrite: bool = False) -> "AdvisorService":
        """Restore an encrypted backup into ``directory`` and open it (checked before anything is
        written; ``StoreExists`` unless ``overwrite``)."""
        return cls(Store.restore(backup_file, directory, passphrase, overwrite=overwrite))

    def backup(self, to_file: Path) -> None:
        """One encrypted backup file of the whole store (nothing unencrypted is written)."""
        self.store.backup(to_file)

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the data key under ``new`` (``WrongPassphrase`` if ``old`` is not right)."""
        self.store.change_passphrase(old, new)

    def check_passphrase(self, passphrase: str) -> bool:
        """Whether ``passphrase`` opens this store; the store stays open (family mode's hand-back)."""
        return self.store.check_passphrase(passphrase)

    def raw_key_hex(self) -> str:
        """The data key, for recovery with a standard SQLCipher 4 tool."""
        return self.store.raw_key_hex()

    @property
    def device_id(self) -> str:
        return self.store.device_id

    # -- cases -----------------------------------------------------------------------
    def reference_code(self) -> str | None:
        """This laptop's case reference code, given by the office at enrollment (None before)."""
        return self.store.meta(REFERENCE_CODE)

    def _references(self) -> list[str]:
        """Every reference this laptop's cases have or had (deleted ones too): none is made twice."""
        out: list[str] = []
        for record in self.store.find(CASE, include_deleted=True):
            data = record.data
            out += [str(data.get("reference", "")), *map(str, data.get("former_references") or [])]
        return out

    def create_case(self, *, first_name: str = "", last_name: str = "") -> str:
        header = CaseHeader(reference=next_reference(self._references(), _today().year, self.reference_code()),
                            opened_on=_today(), person_name=f"{first_name} {last_name}".strip())
        with self.store.transaction():
            case_id = self._new_case_record(header)
            if first_name and last_name:
                # Saved as the form saves it, so a copy of the case elsewhere is the same data.
                self.store.put("person", normalised("person", {"first_name": first_name, "last_name": last_name}),
                               case_id=case_id)
        return case_id

    def _new_case_record(self, header: CaseHeader, case_id: str | None = None) -> str:
        # A case's own record carries its id as case_id, so "last change" covers it too.
        problem = reference_problem(header.reference)  # it names files: never a path
        if problem:
            raise StoreError(problem)
        case_id = case_id or str(uuid.uuid4())
        self.store.put(CASE, header.model_dump(mode="json"), case_id=case_id, entity_id=case_id)
        return case_id

    def list_cases(self, search: str = "", stage: Stage | None = None) -> list[CaseSummary]:
        """Every case, most recently changed first; search matches name, reference or postcode."""
        moved = self.store.moved_cases()
        out: list[CaseSummary] = []
        for record, last in self.store.cases_by_last_change():
            data = record.data
            if not case_matches(data, search):
                continue
            summary = _summary(record.id, data, last, moved.get(record.id, ""))
            if stage is None or summary.stage == stage:
                out.append(summary)
        return out

    def count_cases(self) -> int:
        return self.store.count(CASE)

    def _header(self, case_id: str) -> CaseView:
        record = self.store.get(CASE, case_id)
        if record is None or record.deleted:
            raise StoreError(N_("That case is not in this store."))
        header = validate_entity(CASE, record.data)
        if not header.ok:
            raise StoreError(N_("This case's saved details are damaged, so it cannot be opened. "
                                "Please contact the office."), detail=str(header.errors))
        return CaseView(case_id, header.value, record.version,
                        moved_to=self.store.moved_cases().get(case_id, ""))

    def load_case(self, case_id: str) -> CaseView:
        view = self._header(case_id)
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
        # Only what this save needs: the section itself, and for the sections the case's name and
        # postcode come from, those too (an autosave must stay well under its 10 ms budget).
        wanted = {section, *SUMMARY_SECTIONS} if section in SUMMARY_SECTIONS else {section}
        view = self.refresh_view(self._header(case_id), Changes(frozenset((case_id, e) for e in wanted)))
        current = view.sections.get(section)
        if isinstance(data, dict):
            data = keep_protected(section, data, current.data if current else None)
        result = validate_section(section, data)
        if not result.ok:
            return SaveResult(ok=False, errors=result.errors)
        clean = result.value.model_dump(mode="json")
        notes = reminders(result.value)
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
        except CaseMoved as exc:
            return SaveResult.failed("_moved", str(exc))
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
            "section_ids": {name: state.entity_id for name, state in view.sections.items()},
            "records": {entity: [r.data for r in items] for entity, items in view.records.items()},
        }

    def import_case(self, raw: bytes) -> str:
        """Validate the whole file first; write nothing unless every part is right."""
        if len(raw) > MAX_IMPORT_BYTES:
            raise ImportRefused(Msg("The file is too large to be a case ({mb} MB; the limit is 5 MB).",
                                    mb=round(len(raw) / 1048576, 1)))
        try:
            data = bounded_json.loads(raw)
        except bounded_json.NotJson:
            raise ImportRefused(N_("The file is not complete JSON: it may be cut short or damaged.")) from None
        except bounded_json.JsonRefused as exc:  # too deep, a number far too large
            raise ImportRefused(exc.args[0]) from None
        result = parse_export(data)
        if not result.ok:
            path, message = next(iter(result.errors.items()))
            more = len(result.errors) - 1
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
            raise ImportRefused(f"{path}: {message}{suffix}")
        case = result.value
        # Identity is kept (the case's, its sections' and its records' ids), so a case already
        # here is refused, never made twice: the office merges what each laptop changes.
        if self.store.get(CASE, case.case_id, include_deleted=True) is not None:
            raise ImportRefused(Msg("Case {ref} is already in this store, so nothing was imported.",
                                    ref=case.header.reference))
        ids = [*case.section_ids.values(), *(str(item.get("id")) for items in case.records.values() for item in items)]
        if any(self.store.has_record(record_id) for record_id in ids):
            raise ImportRefused(N_("Part of this case is already in this store under another case, so nothing "
                                   "was imported."))
        with self.store.transaction():
            self._new_case_record(case.header, case.case_id)
            for name, section in case.sections.items():
                self.store.put(name, validate_section(name, section).value.model_dump(mode="json"),
                               case_id=case.case_id, entity_id=case.section_ids.get(name))
            for entity, items in case.records.items():
                for item in items:
                    clean = validate_record(entity, item).value.model_dump(mode="json")
                    self.store.put(entity, clean, case_id=case.case_id, entity_id=clean["id"])
        return case.case_id
