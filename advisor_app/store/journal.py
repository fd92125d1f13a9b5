"""The change journal: every write to the store, in order, hash-chained per device.

A change's ``hash`` is the SHA-256 of the canonical JSON of all its other fields (``payload``
as a JSON value, ``prev_hash`` included), so the office can verify a bundle from the change
dicts alone (``Change.as_dict`` / ``change_hash``). Writers here never commit: they run inside
the caller's transaction, so a record and its change are saved together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from advisor_app.store import hlc
from advisor_app.store.canonical import canonical_json, sha256_hex
from advisor_app.store.ids import new_id
from advisor_app.store.migrations import LATEST

GENESIS_HASH = "0" * 64
OPS = ("create", "update", "delete")
_COLUMNS = ("seq", "change_id", "device_id", "advisor_id", "hlc", "entity", "entity_id", "op",
            "base_version", "payload", "schema_version", "prev_hash", "hash", "created_at")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM journal"


@dataclass(frozen=True)
class Change:
    seq: int
    change_id: str
    device_id: str
    advisor_id: str
    hlc: str
    entity: str
    entity_id: str
    op: str
    base_version: int | None
    payload: dict[str, Any]
    schema_version: int
    prev_hash: str
    hash: str
    created_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def change_hash(fields: Mapping[str, Any]) -> str:
    return sha256_hex(canonical_json({k: v for k, v in fields.items() if k != "hash"}))


def _change(row: tuple) -> Change:
    values = dict(zip(_COLUMNS, row))
    values["payload"] = json.loads(values["payload"])
    return Change(**values)


def _meta(db: sqlite_utils.Database, *keys: str) -> dict[str, str]:
    marks = ", ".join("?" for _ in keys)
    return dict(db.conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys))


def _set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _require_transaction(db: sqlite_utils.Database) -> None:
    if not db.conn.in_transaction:
        raise RuntimeError("journal writes must run inside the caller's transaction")


def last_seq(db: sqlite_utils.Database) -> int:
    return int(db.conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])


def _clock(db: sqlite_utils.Database) -> hlc.Hlc | None:
    """The clock's last stamp: the later of the last change's and meta 'hlc' (set only by
    observe_hlc). Not rewriting meta on every append saves an encrypted page per autosave."""
    last = db.conn.execute("SELECT hlc FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    stamps = [hlc.Hlc.parse(text) for text in (last and last[0], _meta(db, "hlc").get("hlc"))
              if text]
    return max(stamps, default=None)


def append(db: sqlite_utils.Database, *, entity: str, entity_id: str, op: str,
           base_version: int | None, payload: dict[str, Any], created_at: str) -> Change:
    """Add the next change (seq = last + 1, chained to the last hash) in the open transaction."""
    _require_transaction(db)
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}")
    meta = _meta(db, "device_id", "advisor_id")
    last = db.conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    stamp = hlc.tick(_clock(db), meta["device_id"])
    fields: dict[str, Any] = {
        "seq": seq, "change_id": new_id(), "device_id": meta["device_id"],
        "advisor_id": meta["advisor_id"], "hlc": str(stamp), "entity": entity,
        "entity_id": entity_id, "op": op, "base_version": base_version, "payload": payload,
        "schema_version": LATEST, "prev_hash": prev_hash, "created_at": created_at,
    }
    fields["hash"] = change_hash(fields)
    row = {**fields, "payload": canonical_json(payload)}
    db.conn.execute(
        f"INSERT INTO journal ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})",
        [row[c] for c in _COLUMNS],
    )
    # Round-trip the payload so the caller cannot alias (and later mutate) what was hashed.
    return Change(**{**fields, "payload": json.loads(row["payload"])})


def observe_hlc(db: sqlite_utils.Database, remote: str) -> str:
    """Move this device's clock past a stamp seen from elsewhere (e.g. an office change), so
    later local changes sort after it. Runs in the caller's transaction."""
    _require_transaction(db)
    stamp = hlc.receive(_clock(db), hlc.Hlc.parse(remote), _meta(db, "device_id")["device_id"])
    _set_meta(db, "hlc", str(stamp))
    return str(stamp)


def changes_after(db: sqlite_utils.Database, seq: int, limit: int | None = None) -> list[Change]:
    sql = f"{_SELECT} WHERE seq > ? ORDER BY seq"
    params: list[int] = [seq]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_change(row) for row in db.conn.execute(sql, params)]


def acknowledged_seq(db: sqlite_utils.Database) -> int:
    return int(_meta(db, "acked_seq").get("acked_seq", 0))


def unsent_count(db: sqlite_utils.Database) -> int:
    """Changes the office has not acknowledged yet ("not yet at the office")."""
    return int(db.conn.execute("SELECT count(*) FROM journal WHERE seq > ?",
                               (acknowledged_seq(db),)).fetchone()[0])


def mark_acknowledged(db: sqlite_utils.Database, seq: int) -> None:
    """Record the office's acknowledgement up to ``seq``. Never moves backwards."""
    _require_transaction(db)
    if seq > last_seq(db):
        raise ValueError(f"acknowledgement for seq {seq}, beyond the last change {last_seq(db)}")
    if seq > acknowledged_seq(db):
        _set_meta(db, "acked_seq", str(seq))


def verify_chain(db: sqlite_utils.Database) -> list[str]:
    """Problems with the journal (gaps, broken links, altered changes); empty when sound."""
    problems: list[str] = []
    device_id = _meta(db, "device_id").get("device_id")
    expected_seq, prev_hash = 1, GENESIS_HASH
    change_ids: set[str] = set()
    for row in db.conn.execute(f"{_SELECT} ORDER BY seq"):
        values = dict(zip(_COLUMNS, row))
        seq = values["seq"]
        if seq != expected_seq:
            problems.append(f"Change {expected_seq} to {seq - 1} are missing from the journal.")
        if values["prev_hash"] != prev_hash:
            problems.append(f"Change {seq} does not link to the change before it.")
        if values["change_id"] in change_ids:
            problems.append(f"Change {seq} repeats the id of an earlier change.")
        change_ids.add(values["change_id"])
        if values["device_id"] != device_id:
            problems.append(f"Change {seq} was made on another device.")
        try:
            values["payload"] = json.loads(values["payload"])
            valid = change_hash(values) == values["hash"]
        except ValueError:
            valid = False
        if not valid:
            problems.append(f"Change {seq} has been altered since it was saved.")
        expected_seq, prev_hash = seq + 1, values["hash"]
    return problems
