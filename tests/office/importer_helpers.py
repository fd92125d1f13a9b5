"""Helpers for the importer tests: laptops as real encrypted stores (cheap KDF), their journals and
documents sent to the office's importer, and a snapshot of every office table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from advisor_app.office import tables
from advisor_app.office.importer import ImportResult, import_changes
from advisor_app.office.store import OfficeStore
from advisor_app.store import KdfParams, Store
from advisor_app.store.journal import change_hash

FAST_KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"
CASE_ID = "case-pendleton"
HEADER = {"reference": "C-2026-0001", "opened_on": "2026-03-01", "stage": "enquiry"}  # a valid case


def laptop(directory: Path, advisor_name: str = "Sam Advisor") -> Store:
    return Store.create(directory, PASSPHRASE, advisor_name=advisor_name, kdf=FAST_KDF)


def enroll(office: OfficeStore, store: Store, name: str = "Sam's laptop") -> dict[str, Any]:
    return office.add_device(store.device_id, name=name, store_id=store.store_id,
                             advisor_id=store.advisor_id, advisor_name="Sam Advisor")


def journal(store: Store, after: int = 0) -> list[dict[str, Any]]:
    return [change.as_dict() for change in store.changes_after(after)]


def document_bytes(store: Store, changes: list[dict[str, Any]]) -> dict[str, bytes]:
    found = {}
    for change in changes:
        if change["entity"] == "document":
            found[change["entity_id"]] = store.document(change["entity_id"]).content
    return found


def send(office: OfficeStore, store: Store, bundle_id: str, after: int = 0, *,
         changes: list[dict[str, Any]] | None = None,
         documents: dict[str, bytes] | None = None) -> ImportResult:
    changes = journal(store, after) if changes is None else changes
    documents = document_bytes(store, changes) if documents is None else documents
    return import_changes(office, device_id=store.device_id, bundle_id=bundle_id,
                          changes=changes, documents=documents)


def rehash(change: dict[str, Any]) -> dict[str, Any]:
    return {**change, "hash": change_hash(change)}


def snapshot(office: OfficeStore, *, skip: tuple[str, ...] = ("bundles", "audit")) -> dict[str, list]:
    """Every row of every table, to prove a refusal changed nothing (but the bundle log and the
    audit log, which record the refusal itself)."""
    with office.engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(sa.select(table))), key=repr)
                for name, table in tables.metadata.tables.items() if name not in skip}
