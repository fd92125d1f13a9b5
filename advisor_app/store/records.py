"""What the store hands back: plain, immutable values (no live database rows)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

CASE = "case"  # the entity whose id is the case_id itself
REFERENCE_CODE = "case.reference_code"  # meta: this laptop's case reference code, from the office

RECORD_COLUMNS = "entity, id, case_id, version, data, created_at, updated_at, deleted"
DOCUMENT_COLUMNS = "sha256, case_id, kind, version, title, created_at, meta, length(content)"


@dataclass(frozen=True)
class Record:
    entity: str
    id: str
    case_id: str
    version: int
    data: dict[str, Any]
    created_at: str
    updated_at: str
    deleted: bool = False

    @classmethod
    def from_row(cls, row: tuple) -> "Record":
        entity, id_, case_id, version, data, created_at, updated_at, deleted = row
        return cls(entity, id_, case_id, version, json.loads(data), created_at, updated_at,
                   bool(deleted))


@dataclass(frozen=True)
class DocumentRecord:
    sha256: str
    case_id: str
    kind: str
    version: int
    title: str
    created_at: str
    meta: dict[str, Any]
    size: int
    content: bytes | None = None  # only filled by Store.document(sha256)

    @classmethod
    def from_row(cls, row: tuple, content: bytes | None = None) -> "DocumentRecord":
        sha256, case_id, kind, version, title, created_at, meta, size = row
        return cls(sha256, case_id, kind, version, title, created_at, json.loads(meta), size,
                   content)


@dataclass
class Written:
    """What one thread's writes committed while ``Store.recording`` watched: the records (as
    ``(case_id, entity)``), the meta keys, and whether the journal moved (a change appended or
    acknowledged). A rolled-back write is never in it."""

    records: set[tuple[str, str]] = field(default_factory=set)
    meta: set[str] = field(default_factory=set)
    journal: bool = False

    def add(self, other: "Written") -> None:
        self.records |= other.records
        self.meta |= other.meta
        self.journal = self.journal or other.journal
