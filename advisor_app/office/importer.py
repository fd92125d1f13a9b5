"""Apply one device bundle's changes to the office store, in one transaction (DESIGN.md,
"The change journal and sync"; docs/sync.md, "The importer (office)").

The bundle was decrypted and its signature checked before this is called. Here each change's
hash and the chain are checked again, duplicates are acknowledged and ignored, and a gap or a
fork refuses the whole bundle: nothing of it is applied, and the laptop sends again from its
last acknowledged change. An edit applies only when it was made against the office's current
version of the record as that laptop holds it (``records.holders``: version numbers are counted
on each laptop, so another laptop's version 2 is not this one's). Otherwise, if the office
already has the same data, it is "already the same" (typically a laptop's echo of an office
record); if not, it goes to the conflicts queue with both versions kept. Nothing is ever
silently overwritten.

The work is done in memory between a few batched reads and writes (records fetched in chunks,
rows written with executemany), so 10,000 changes import in seconds on SQLite and PostgreSQL.
Personal columns are opened as they are read and sealed as they are written (``store.open_row``,
``store.seal_rows``): the comparisons below are on the plain canonical JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from advisor_app.office import merging, trust
from advisor_app.office.store import OfficeStore
from advisor_app.office.tables import (
    bundles, changes, conflicts, devices, documents, office_changes, records,
)
from advisor_app.store.canonical import canonical_json
from advisor_app.store.hlc import utc_now
from advisor_app.store.ids import new_id
from advisor_app.store.journal import OPS, change_hash
from advisor_app.store.migrations import LATEST as LATEST_SCHEMA

DOCUMENT = "document"
IMPORTED, DUPLICATE, REFUSED = "imported", "duplicate", "refused"
APPLIED, SAME, CONFLICT = "applied", "same", "conflict"
_FIELDS = frozenset(("seq", "change_id", "device_id", "advisor_id", "hlc", "entity", "entity_id",
                     "op", "base_version", "payload", "schema_version", "prev_hash", "hash",
                     "created_at"))
_TEXT_FIELDS = ("change_id", "device_id", "advisor_id", "hlc", "entity", "entity_id",
                "prev_hash", "hash", "created_at")
_CHUNK = 500  # values per IN (...): well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class ImportResult:
    state: str  # 'imported', 'duplicate' (nothing new in it) or 'refused'
    reason: str | None  # why it was refused: a plain sentence for the office and the laptop
    applied: int = 0
    duplicates: int = 0
    same: int = 0
    conflicts: int = 0
    ack_seq: int = 0  # the device's last change the office holds: the laptop resends after it
    merged: int = 0  # edits that met another edit and merged on their own (not in ``conflicts``)


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def import_changes(store: OfficeStore, *, device_id: str, bundle_id: str,
                   changes: Sequence[Mapping[str, Any]], documents: Mapping[str, bytes],
                   office_seq_applied: int | None = None,
                   then: Callable[[sa.Connection, ImportResult], None] | None = None) -> ImportResult:
    """Import a verified bundle from ``device_id``: its journal ``changes`` (``Change.as_dict()``,
    in seq order) and the bytes of its documents by SHA-256. ``office_seq_applied`` is the
    last office message the laptop says it applied, if the bundle said. ``then`` runs in the
    import's transaction once it is done (the office audit log's entry for it)."""
    try:
        with store.transaction() as conn:
            result = _Import(store, conn, device_id, bundle_id, changes, documents,
                             office_seq_applied).run()
            if then is not None:
                then(conn, result)
            return result
    except _Refused as refused:
        # Logged after the rollback, in a transaction of its own: nothing of the bundle stays.
        device = store.device(device_id)
        first_seq, last_seq = _seq_range(changes)
        store.log_refusal(bundle_id, device_id, refused.reason, first_seq=first_seq,
                          last_seq=last_seq)
        return ImportResult(REFUSED, refused.reason, ack_seq=device["last_seq"] if device else 0)


def _date(timestamp: str) -> str:
    try:
        return datetime.fromisoformat(timestamp).date().isoformat()
    except ValueError:
        return timestamp


def _seq_range(items: Sequence[Mapping[str, Any]]) -> tuple[int | None, int | None]:
    seqs = [c.get("seq") for c in items if isinstance(c, Mapping)]
    seqs = [s for s in seqs if isinstance(s, int) and not isinstance(s, bool)]
    return (min(seqs), max(seqs)) if seqs else (None, None)


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _check_shape(change: Any, position: int) -> None:
    """A change record as the journal makes it; anything else is refused before hashing."""
    invalid = _Refused(f"Change {position} in the bundle is not a valid change record.")
    if not isinstance(change, Mapping):
        raise invalid
    seq, schema = change.get("seq"), change.get("schema_version")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > LATEST_SCHEMA:
        raise _Refused(f"Change {seq} was made by a newer version of the app; "
                       "update the office first.")
    payload, base = change.get("payload"), change.get("base_version")
    if (set(change) != _FIELDS
            or not all(isinstance(change[k], str) and change[k] for k in _TEXT_FIELDS)
            or not isinstance(seq, int) or isinstance(seq, bool) or seq < 1
            or not isinstance(schema, int) or isinstance(schema, bool) or schema < 1
            or change["op"] not in OPS
            or not (base is None or (isinstance(base, int) and not isinstance(base, bool)))
            or not isinstance(payload, Mapping) or not isinstance(payload.get("case_id"), str)):
        raise invalid
    if change["entity"] == DOCUMENT:
        if (change["op"] != "create" or payload.get("sha256") != change["entity_id"]
                or not isinstance(payload.get("kind"), str) or not isinstance(payload.get("title"), str)
                or not isinstance(payload.get("version"), int) or not isinstance(payload.get("meta"), Mapping)):
            raise invalid
    elif change["op"] != "delete" and not isinstance(payload.get("data"), Mapping):
        raise invalid
    elif (change["op"] == "create") != (base is None):  # a create has no version before it
        raise invalid


class _Import:
    def __init__(self, store: OfficeStore, conn: sa.Connection, device_id: str, bundle_id: str,
                 items: Sequence[Mapping[str, Any]], document_bytes: Mapping[str, bytes],
                 office_seq_applied: int | None) -> None:
        self.store, self.conn = store, conn
        self.device_id, self.bundle_id = device_id, bundle_id
        self.items, self.document_bytes = items, document_bytes
        self.office_seq_applied = office_seq_applied
        self.now = utc_now()

    def run(self) -> ImportResult:
        device = self._device()
        logged = self.store.bundle(self.bundle_id, conn=self.conn)
        if logged is not None and logged["state"] in (IMPORTED, DUPLICATE):
            return ImportResult(DUPLICATE, None, duplicates=len(self.items),
                                ack_seq=device["last_seq"])
        duplicates, new = self._check(device)
        self._load(new)
        # Who may say what, and is every record valid: before anything is written (trust.py).
        problem = trust.refusal(new, office_versions=self.office_echoes, current=self.current,
                                documents_held=self.known_documents, document_bytes=self.document_bytes)
        if problem:
            raise _Refused(problem)
        outcomes, merged = self._apply(new)
        counts = {kind: sum(1 for o in outcomes if o == kind) for kind in (APPLIED, SAME, CONFLICT)}
        counts[CONFLICT] -= merged
        last = new[-1] if new else None
        device_values: dict[str, Any] = {"last_bundle_at": self.now}
        if last is not None:
            device_values.update(last_seq=last["seq"], last_hash=last["hash"])
        self.conn.execute(devices.update().where(devices.c.device_id == self.device_id)
                          .values(**device_values))
        if self.office_seq_applied is not None:
            self.store.note_device_applied(self.device_id, self.office_seq_applied,
                                           conn=self.conn)
        state = DUPLICATE if self.items and not new else IMPORTED
        first_seq, last_seq = _seq_range(self.items)
        values = {"direction": "in", "device_id": self.device_id, "received_at": self.now,
                  "state": state, "reason": None, "first_seq": first_seq, "last_seq": last_seq,
                  "applied": counts[APPLIED], "duplicates": duplicates, "conflicts": counts[CONFLICT],
                  "same": counts[SAME], "merged": merged}
        if logged is None:
            self.conn.execute(bundles.insert().values(bundle_id=self.bundle_id, **values))
        else:  # refused before (a gap, say), accepted now
            self.conn.execute(bundles.update().where(bundles.c.bundle_id == self.bundle_id)
                              .values(**values))
        return ImportResult(state, None, applied=counts[APPLIED], duplicates=duplicates,
                            same=counts[SAME], conflicts=counts[CONFLICT],
                            ack_seq=last["seq"] if last else device["last_seq"], merged=merged)

    def _device(self) -> dict[str, Any]:
        # Locked until the end, so two imports from one laptop run one after the other.
        row = self.conn.execute(sa.select(devices).where(devices.c.device_id == self.device_id)
                                .with_for_update()).first()
        if row is None:
            raise _Refused("This laptop is not enrolled with this office.")
        if row.revoked_at is not None:
            raise _Refused(f"This laptop's enrollment was revoked on {_date(row.revoked_at)}.")
        return dict(row._mapping)

    # --- checks: nothing is written until every change has passed --------------------------

    def _check(self, device: dict[str, Any]) -> tuple[int, list[Mapping[str, Any]]]:
        """The number of duplicates and the new changes, in order; refuses the bundle if any
        change is malformed, altered, out of order, missing or forked."""
        last_seq, running_hash = device["last_seq"], device["last_hash"]
        previous_seq = 0
        for position, change in enumerate(self.items, start=1):
            _check_shape(change, position)
            seq = change["seq"]
            if change["device_id"] != self.device_id:
                raise _Refused(f"Change {seq} was made on another laptop, not the one that sent "
                               "this bundle.")
            if seq <= previous_seq:
                raise _Refused(f"The changes in this bundle are out of order (change {seq} comes "
                               f"after change {previous_seq}).")
            previous_seq = seq
            if change_hash(change) != change["hash"]:
                raise _Refused(f"Change {seq} was altered after it was made.")
        stored = self._stored_hashes([c["seq"] for c in self.items], last_seq)
        duplicates = 0
        new: list[Mapping[str, Any]] = []
        for change in self.items:
            seq = change["seq"]
            if seq <= last_seq:
                if stored.get(seq) != change["hash"]:
                    raise _Refused(f"Change {seq} differs from the one already received: "
                                   "the laptop's journal forked.")
                duplicates += 1
                continue
            expected = (new[-1]["seq"] if new else last_seq) + 1
            if seq != expected:
                missing = (f"Change {expected} is missing: the laptop will send it"
                           if seq == expected + 1 else
                           f"Changes {expected} to {seq - 1} are missing: the laptop will send them")
                raise _Refused(f"{missing} again from its last acknowledged change.")
            if change["prev_hash"] != running_hash:
                raise _Refused(f"Change {seq} does not follow on from change {seq - 1} as the "
                               "office received it: the laptop's journal forked.")
            running_hash = change["hash"]
            new.append(change)
        self._check_change_ids(new)
        self._check_documents(new)
        return duplicates, new

    def _stored_hashes(self, seqs: list[int], last_seq: int) -> dict[int, str]:
        seqs = [s for s in seqs if s <= last_seq]
        if not seqs:
            return {}
        query = sa.select(changes.c.seq, changes.c.hash).where(
            changes.c.device_id == self.device_id, changes.c.seq.between(min(seqs), max(seqs)))
        return {seq: hash_ for seq, hash_ in self.conn.execute(query)}

    def _check_change_ids(self, new: list[Mapping[str, Any]]) -> None:
        ids = [c["change_id"] for c in new]
        seen: set[str] = set()
        for change in new:
            if change["change_id"] in seen:
                raise _Refused(f"Change {change['seq']} repeats the id of another change.")
            seen.add(change["change_id"])
        known: set[str] = set()
        for chunk in _chunks(ids):
            known.update(self.conn.execute(sa.select(changes.c.change_id)
                                           .where(changes.c.change_id.in_(chunk))).scalars())
        for change in new:
            if change["change_id"] in known:
                raise _Refused(f"Change {change['seq']} repeats the id of a change already "
                               "received.")

    def _check_documents(self, new: list[Mapping[str, Any]]) -> None:
        wanted = [c["entity_id"] for c in new if c["entity"] == DOCUMENT]
        self.known_documents: set[str] = set()
        for chunk in _chunks(sorted(set(wanted))):
            self.known_documents.update(self.conn.execute(
                sa.select(documents.c.sha256).where(documents.c.sha256.in_(chunk))).scalars())
        for sha256 in wanted:
            content = self.document_bytes.get(sha256)
            if content is None:
                if sha256 in self.known_documents:
                    continue  # the office already has these bytes
                raise _Refused(f"Document {sha256} is missing from the bundle.")
            if hashlib.sha256(content).hexdigest() != sha256:
                raise _Refused(f"Document {sha256} in the bundle is damaged: its content does "
                               "not match its name.")

    # --- applying ---------------------------------------------------------------------------

    def _load(self, new: list[Mapping[str, Any]]) -> None:
        """The office's records these changes touch, its own versions they echo, and the cases
        no longer with this laptop."""
        entity_ids = sorted({c["entity_id"] for c in new if c["entity"] != DOCUMENT})
        self.current: dict[str, dict[str, Any]] = self._fetch_records(entity_ids)
        self.existing = set(self.current)
        self.office_echoes = self._office_versions(new)
        self.moved_away = self.store.moved_away_from(self.device_id, conn=self.conn) if new else set()

    def _apply(self, new: list[Mapping[str, Any]]) -> tuple[list[str], int]:
        """Each new change's outcome, in order, and how many conflicts merged on their own.
        Records are worked out in memory and written once each at the end: only the last state
        of a record touched twice is stored."""
        self.dirty: set[str] = set()
        change_rows: list[dict[str, Any]] = []
        conflict_rows: list[dict[str, Any]] = []
        document_rows: list[dict[str, Any]] = []
        outcomes: list[str] = []
        for position, change in enumerate(new):
            payload = change["payload"]
            if change["entity"] == DOCUMENT:
                outcome = self._document(change, document_rows)
            else:
                outcome = self._record(change)
            if outcome == CONFLICT:
                conflict_rows.append(self._conflict_row(change, new[:position]))
            outcomes.append(outcome)
            change_rows.append({
                "change_id": change["change_id"], "device_id": change["device_id"],
                "seq": change["seq"], "advisor_id": change["advisor_id"], "hlc": change["hlc"],
                "entity": change["entity"], "entity_id": change["entity_id"],
                "case_id": payload["case_id"], "op": change["op"],
                "base_version": change["base_version"], "payload": canonical_json(payload),
                "schema_version": change["schema_version"], "prev_hash": change["prev_hash"],
                "hash": change["hash"], "created_at": change["created_at"],
                "imported_at": self.now, "bundle_id": self.bundle_id, "outcome": outcome})
        self._write(change_rows, conflict_rows, document_rows)
        merged = merging.settle(self.store, self.conn, [
            {**row, "incoming": json.loads(row["incoming"]),
             "laptop_of_case": self.store.case_laptop(row["case_id"], conn=self.conn) == self.device_id}
            for row in conflict_rows])
        return outcomes, len(merged)

    def _fetch_records(self, entity_ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(entity_ids):
            # FOR UPDATE (PostgreSQL): another import cannot change these records under us.
            query = sa.select(records).where(records.c.entity_id.in_(chunk)).with_for_update()
            for row in self.conn.execute(query):
                found[row.entity_id] = self.store.open_row(records, row)
        for values in found.values():
            values["deleted"] = bool(values["deleted"])
            values["holders"] = frozenset(json.loads(values["holders"]))
        return found

    def _office_versions(self, new: list[Mapping[str, Any]]) -> dict[tuple[str, int], tuple[str, bool]]:
        """The office's own earlier versions that some of these changes echo (a laptop journals
        an office record it applies, with ``office_version`` in the payload)."""
        wanted = {(c["entity_id"], c["payload"]["office_version"]) for c in new
                  if isinstance(c["payload"].get("office_version"), int)}
        found: dict[tuple[str, int], tuple[str, bool]] = {}
        for chunk in _chunks(sorted({entity_id for entity_id, _ in wanted})):
            query = sa.select(office_changes.c.change_id, office_changes.c.entity_id,
                              office_changes.c.version, office_changes.c.data, office_changes.c.deleted
                              ).where(office_changes.c.entity_id.in_(chunk))
            for row in self.conn.execute(query):
                if (row.entity_id, row.version) in wanted:
                    data = self.store.open_row(office_changes, row)["data"]
                    found[(row.entity_id, row.version)] = (data, bool(row.deleted))
        return found

    def _record(self, change: Mapping[str, Any]) -> str:
        """Apply, "already the same", or conflict. An edit applies only when it was made
        against the office's current version *as this laptop holds it*: version numbers are
        counted on each laptop, so another laptop's version 2 is not this one's."""
        entity_id, op, base = change["entity_id"], change["op"], change["base_version"]
        payload = change["payload"]
        current = self.current.get(entity_id)
        deleted = op == "delete"
        data_json = None if deleted else canonical_json(payload["data"])
        # A laptop that applies an office record journals it with the office's version: an echo.
        office_version = payload.get("office_version")
        echo = isinstance(office_version, int) and not isinstance(office_version, bool)
        laptop_version = office_version if echo else (base or 0) + 1
        if current is None:
            if op == "create":
                self._set(change, data_json=data_json, deleted=False,  # type: ignore[arg-type]
                          version=laptop_version)
                return APPLIED
            return CONFLICT  # an edit of a record the office does not have
        same_kind = (current["entity"], current["case_id"]) == (change["entity"], payload["case_id"])
        # A case moved to another laptop: an edit made here before this laptop was told is kept
        # for a person to settle, and their choice reaches the laptop the case is with.
        with_this_laptop = payload["case_id"] not in self.moved_away
        if (same_kind and op != "create" and not echo and base == current["version"]
                and self.device_id in current["holders"] and with_this_laptop):
            self._set(change, data_json=data_json or current["data"], deleted=deleted,
                      version=laptop_version)
            return APPLIED
        if same_kind and current["deleted"] == deleted and (deleted or data_json == current["data"]):
            if laptop_version == current["version"] and self.device_id not in current["holders"]:
                current["holders"] = current["holders"] | {self.device_id}  # now holds it too
                self.dirty.add(entity_id)
            return SAME  # the office already has exactly this (often an echo of its own record)
        issued = self.office_echoes.get((entity_id, office_version)) if echo else None
        if issued is not None and issued[1] == deleted and (deleted or issued[0] == data_json):
            return SAME  # an echo of an earlier office version, since superseded at the office
        return CONFLICT

    def _set(self, change: Mapping[str, Any], *, data_json: str, deleted: bool,
             version: int) -> None:
        entity_id = change["entity_id"]
        self.current[entity_id] = {
            "entity_id": entity_id, "entity": change["entity"],
            "case_id": change["payload"]["case_id"], "version": version, "data": data_json,
            "deleted": deleted, "updated_at": self.now, "device_id": self.device_id,
            "hlc": change["hlc"], "holders": frozenset((self.device_id,))}
        self.dirty.add(entity_id)

    def _conflict_row(self, change: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        payload = change["payload"]
        current = self.current.get(change["entity_id"])
        deleted = change["op"] == "delete"
        # The laptop's version the edit was made against, for a three-way merge (merging.py).
        base_known, base = merging.base_of(self.store, self.conn, change, earlier)
        incoming = {"op": change["op"], "data": None if deleted else payload["data"],
                    "deleted": deleted, "entity": change["entity"], "case_id": payload["case_id"],
                    "base_version": change["base_version"], "hlc": change["hlc"],
                    "device_id": change["device_id"], "seq": change["seq"],
                    "base_known": base_known, "base": base}
        current_json = None if current is None else canonical_json({
            "entity": current["entity"], "case_id": current["case_id"],
            "version": current["version"], "data": json.loads(current["data"]),
            "deleted": current["deleted"], "device_id": current["device_id"],
            "hlc": current["hlc"], "updated_at": current["updated_at"]})
        return {"id": new_id(), "entity": change["entity"], "entity_id": change["entity_id"],
                "case_id": payload["case_id"], "change_id": change["change_id"],
                "device_id": change["device_id"], "incoming_base_version": change["base_version"],
                "current_version": current["version"] if current else None,
                "incoming": canonical_json(incoming), "current": current_json,
                "created_at": self.now, "resolved_at": None, "resolution": None,
                "resolved_by": None}

    def _document(self, change: Mapping[str, Any], rows: list[dict[str, Any]]) -> str:
        sha256 = change["entity_id"]
        if sha256 in self.known_documents:
            return SAME  # documents are named by their bytes: the same name is the same document
        payload = change["payload"]
        content = self.document_bytes[sha256]
        rows.append({"sha256": sha256, "case_id": payload["case_id"], "kind": payload["kind"],
                     "version": payload["version"], "title": payload["title"],
                     "meta": canonical_json(payload["meta"]), "size": len(content),
                     "device_id": self.device_id, "imported_at": self.now, "content": content})
        self.known_documents.add(sha256)
        return APPLIED

    def _write(self, change_rows: list[dict[str, Any]], conflict_rows: list[dict[str, Any]],
               document_rows: list[dict[str, Any]]) -> None:
        conn, seal = self.conn, self.store.seal_rows
        if change_rows:
            conn.execute(changes.insert(), seal(changes, change_rows))
        if conflict_rows:
            conn.execute(conflicts.insert(), seal(conflicts, conflict_rows))
        if document_rows:
            conn.execute(documents.insert(), seal(documents, document_rows))
        dirty = sorted(self.dirty)
        rows = dict(zip(dirty, seal(records, (
            {**self.current[i], "holders": canonical_json(sorted(self.current[i]["holders"]))}
            for i in dirty))))
        inserts = [rows[i] for i in sorted(self.dirty - self.existing)]
        if inserts:
            conn.execute(records.insert(), inserts)
        updates = [{f"new_{k}": v for k, v in rows[i].items()}
                   for i in sorted(self.dirty & self.existing)]
        if updates:
            # Bind names differ from the column names: SQLAlchemy reserves those for itself.
            columns = [c.name for c in records.c if c.name != "entity_id"]
            conn.execute(records.update()
                         .where(records.c.entity_id == sa.bindparam("new_entity_id"))
                         .values({name: sa.bindparam(f"new_{name}") for name in columns}),
                         updates)
        if inserts or updates or document_rows:
            self.store.bump_records_generation(conn)
