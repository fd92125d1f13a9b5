"""The office's cases read for answers over all of them (the worklist, the case filters, the themes,
the Progress for Providers figures): just the few fields each answer needs, as the laptop's
``Store.fields`` gives them, so the laptop's own readers of those rows (``services.reviews.read_due``,
``services.risk.assessment_statuses``) answer at the office too.

The office's records are sealed, so each is opened in memory; the casebook keeps what it read of
each record (only the fields asked for) while the record's version stays the same, and reads it
again only when the record changed. The first answer after signing in opens every record it needs
(once); later ones open only what changed since, and when nothing at all has been written since
the same question was last answered (the store counts the writes to records, documents and checks:
``records_generation``), the answer is given again as it was, without reading the records' stamps.
Signed agreements are read the same way (their details never change; their latest signature check
may). A screen and a worker (an export) may ask
at once: one answer is worked out at a time, so neither sees the other's half-filled memory.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from advisor_app.domain.reviews import ReviewDue
from advisor_app.domain.risk.lifecycle import Status as RiskStatus
from advisor_app.domain.worklist import SignedCopy, day_of
from advisor_app.services.reviews import DUE_FIELDS, read_due
from advisor_app.services.risk import OVERVIEW_FIELDS, assessment_statuses

if TYPE_CHECKING:
    from advisor_app.office.store import OfficeStore

Paths = Mapping[str, tuple[str, ...]]  # entity -> JSON paths ("$.a", "$.a.b"), as ``Store.fields`` takes
Row = tuple[str, str, str, list[Any]]  # (entity, case id, record id, [value per path])
SIGNED_AGREEMENT = "signed-agreement"
T = TypeVar("T")


def extract(data: Any, path: str) -> Any:
    """The value at ``$.a.b`` in ``data`` (None when it is not there), as SQLite's ``json_extract``."""
    value = data
    for part in path.removeprefix("$.").split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


@dataclass
class _Read:
    stamp: tuple[int, str, bool]  # version, clock, deleted: any change to the record changes it
    entity: str
    case_id: str
    values: dict[str, Any]  # path -> value, for the paths read so far
    read_with: int  # how many paths its entity had been asked for when it was read (they only grow)


class Casebook:
    def __init__(self, store: "OfficeStore") -> None:
        self._store = store
        self._records: dict[str, _Read] = {}
        self._documents: dict[str, tuple[str, dict[str, Any]]] = {}  # sha256 -> (title, meta); never change
        self._checks: dict[str, dict[str, Any]] = {}  # check id -> result
        self._paths: dict[str, set[str]] = {}  # entity -> every path asked of it so far
        self._answers: dict[tuple, tuple[str, Any]] = {}  # question -> (records' generation, answer)
        # The records' stamps, read once per generation for every entity asked about so far.
        self._stamps: tuple[str, dict[str, list[tuple[str, str, str, int, str, bool]]]] = ("", {})
        self._generation = ""  # the generation the answer being worked out is for
        self._lock = threading.RLock()

    def clear(self) -> None:
        """Forget everything read (the office is locked)."""
        with self._lock:
            self._records.clear()
            self._documents.clear()
            self._checks.clear()
            self._paths.clear()
            self._answers.clear()
            self._stamps = ("", {})

    def fields(self, paths: Paths) -> list[Row]:
        """``(entity, case_id, id, [value per path])`` for every record (not removed) of the entities
        in ``paths``, opening only the records not read before at this version."""
        question = ("fields", tuple(sorted((entity, tuple(wanted)) for entity, wanted in paths.items())))
        return list(self.remembered(question, lambda: self._fields(paths)))

    def remembered(self, question: tuple, work_out: Callable[[], T]) -> T:
        """An answer worked out from the records, documents and checks alone (``question`` names it
        and whatever else it depends on, such as the day), worked out again only after one of them
        was written."""
        with self._lock:
            generation = self._store.records_generation()
            answered = self._answers.get(question)
            if answered is not None and answered[0] == generation:
                return answered[1]
            self._generation = generation
            answer = work_out()
            self._answers[question] = (generation, answer)
            return answer

    def reviews_due(self, today: dt.date) -> dict[str, ReviewDue]:
        """Case id -> when its next person-centred review is due, as the laptop's case list says."""
        return self.remembered(("reviews due", today), lambda: read_due(self.fields(DUE_FIELDS), today))

    def risk_statuses(self, today: dt.date) -> list[tuple[str, str, RiskStatus]]:
        """``(case id, assessment id, status)`` of every risk assessment, as the laptop says them."""
        return self.remembered(("risk statuses", today),
                               lambda: list(assessment_statuses(self.fields(OVERVIEW_FIELDS), today)))

    def _stamps_of(self, entities: Iterable[str]) -> list[tuple[str, str, str, int, str, bool]]:
        """The stamps of every record of ``entities``, read from the store once per generation (for
        every entity asked about so far, so the answers worked out after one write share one read)."""
        generation, by_entity = self._stamps
        wanted = list(entities)
        if generation != self._generation or any(e not in by_entity for e in wanted):
            by_entity = {entity: [] for entity in self._paths}
            for row in self._store.record_stamps(list(by_entity)):
                by_entity[row[1]].append(row)
            self._stamps = (self._generation, by_entity)
        return [row for entity in wanted for row in by_entity[entity]]

    def _fields(self, paths: Paths) -> list[Row]:
        for entity, wanted in paths.items():  # every path asked of an entity is read whenever one of its records is
            self._paths.setdefault(entity, set()).update(wanted)
        asked = {entity: len(self._paths[entity]) for entity in paths}
        stamps = self._stamps_of(paths)
        stale: list[str] = []
        for entity_id, entity, case_id, version, clock, deleted in stamps:
            known = self._records.get(entity_id)
            stamp = (version, clock, deleted)
            if known is None or known.stamp != stamp:
                self._records[entity_id] = _Read(stamp, entity, case_id, {}, asked[entity])
                if not deleted:
                    stale.append(entity_id)
            elif not deleted and known.read_with != asked[entity]:  # read before new paths were asked of it
                known.read_with = asked[entity]
                stale.append(entity_id)
        for entity_id, data in self._store.records_data(stale).items():
            known = self._records[entity_id]
            known.values.update({p: extract(data, p) for p in self._paths[known.entity]})
        out: list[Row] = []
        for entity_id, entity, case_id, _version, _clock, deleted in stamps:
            if not deleted:
                values = self._records[entity_id].values
                out.append((entity, case_id, entity_id, [values.get(p) for p in paths[entity]]))
        return out

    def signed_copies(self) -> list[SignedCopy]:
        """Every signed copy of every agreement, with what the office's latest check of it found."""
        with self._lock:
            return self._signed_copies()

    def _signed_copies(self) -> list[SignedCopy]:
        listed = self._store.document_list(SIGNED_AGREEMENT)
        new = [d["sha256"] for d in listed if d["sha256"] not in self._documents]
        self._documents.update(self._store.documents_details(new))
        latest = self._store.latest_check_ids()
        wanted = [check_id for sha, check_id in latest.items() if check_id not in self._checks]
        self._checks.update(self._store.checks(wanted))
        out = []
        for listed_doc in listed:
            sha = listed_doc["sha256"]
            _title, meta = self._documents.get(sha, ("", {}))
            check = self._checks.get(latest.get(sha, ""))
            still = check.get("still_to_sign") if isinstance(check, Mapping) else None
            fields = meta.get("signed_fields") if isinstance(meta, Mapping) else None
            out.append(SignedCopy(sha, listed_doc["case_id"], day_of(listed_doc["imported_at"]),
                                  str(meta.get("previous")) if isinstance(meta, Mapping) and meta.get("previous") else None,
                                  tuple(map(str, fields)) if isinstance(fields, list) else (),
                                  tuple(map(str, still)) if isinstance(still, list) else None))
        return out

    def document_title(self, sha256: str) -> str:
        with self._lock:
            return self._documents.get(sha256, ("", {}))[0]


def by_case(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(row[1], []).append(row)
    return out
