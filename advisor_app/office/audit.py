"""The office audit log: every office act (imports, decisions, countersignatures, conflict
resolutions, publishing, enrolling and revoking laptops, user changes), who did it and when,
append-only and hash-chained.

Each entry's ``hash`` is the SHA-256 of the canonical JSON of its stored fields (the details as
sealed, ``prev_hash`` included), like the laptops' change journal (store/journal.py), so an edited,
removed or reordered entry breaks the chain. Its ``mac`` is an HMAC-SHA256 of that hash under a key
derived from the office data key: someone who can write to the database but holds no office key
cannot rebuild the chain after changing it. ``audit.head`` in office_meta names the last entry, so
entries cut from the end show too. The details (which may name people) are sealed; who, when, what
and the ids acted on are in clear. The table refuses UPDATE and DELETE (triggers, migration 0002).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from advisor_app.domain.messages import N_, Msg
from advisor_app.office.sealing import SealBroken
from advisor_app.office.tables import audit
from advisor_app.store.canonical import canonical_json, sha256_hex
from advisor_app.store.hlc import utc_now

if TYPE_CHECKING:
    from advisor_app.office.store import OfficeStore

GENESIS_HASH = "0" * 64
HEAD = "audit.head"
_LOCK = 0xA0D17  # PostgreSQL advisory lock: one writer extends the chain at a time

# What each action is called on screen; the database keeps the short name.
ACTIONS = {
    "office-init": N_("Set up the office"),
    "office-upgrade": N_("Upgraded the office to named users and encryption"),
    "office-recover": N_("Used the recovery key"),
    "relay": N_("Set up the relay"),
    "timestamping": N_("Set up the timestamping service"),
    "import": N_("Imported a bundle"),
    "import-refused": N_("Refused a bundle"),
    "decide-risk": N_("Decided on a risk assessment"),
    "countersign": N_("Countersigned an agreement"),
    "acknowledge-handover": N_("Recorded a manager's acknowledgement of a handover"),
    "certificate": N_("Issued a countersigning certificate"),
    "resolve-conflict": N_("Resolved a conflict"),
    "publish": N_("Published provider files"),
    "enroll": N_("Enrolled a laptop"),
    "revoke": N_("Revoked a laptop"),
    "recovery-file": N_("Made a recovery file for a laptop"),
    "move-case": N_("Moved a case to another laptop"),
    "user-add": N_("Added an office user"),
    "user-remove": N_("Removed an office user"),
    "user-roles": N_("Changed an office user's roles"),
    "user-passphrase": N_("Changed their own passphrase"),
    "user-reset": N_("Set a new passphrase for an office user"),
    "office-setting": N_("Changed an office setting"),
    "export": N_("Wrote the office's information to a file"),
    "workshop-start": N_("Started a themes workshop"),
    "theme-add": N_("Named a theme"),
    "theme-rename": N_("Renamed a theme"),
    "theme-remove": N_("Removed a theme"),
    "theme-place": N_("Placed statements in a theme"),
    "theme-action": N_("Agreed an action for a theme"),
    "theme-action-done": N_("Marked a theme's action done"),
    "report-back": N_("Sent a report back to the advisors"),
    "self-assess": N_("Graded the office on Progress for Providers"),
    "keep-figures": N_("Kept the figures the cases evidence"),
}

# What each detail of an entry is called on screen (ids are left out there: ``office audit`` has them).
DETAILS = {
    "url": N_("Address"), "laptop": N_("Laptop"), "laptops": N_("Laptops"), "reason": N_("Reason"),
    "state": N_("Result"), "applied": N_("Changes applied"), "duplicates": N_("Already here"),
    "same": N_("Same as here"), "conflicts": N_("Conflicts"), "decision": N_("Decision"), "pack": N_("Pack"),
    "manager": N_("Manager"), "files": N_("Files"), "file": N_("File"),
    "choice": N_("Choice"), "entity": N_("Part of the case"), "fields": N_("Fields"), "name": N_("Name"),
    "roles": N_("Roles"), "assessed_on": N_("Assessed on"), "cases": N_("Cases"), "done_on": N_("Done on"),
    "due_on": N_("Due on"), "figures": N_("Figures"), "grade": N_("Grade"), "period_from": N_("From"),
    "period_to": N_("To"), "rows": N_("Rows"), "statements": N_("Statements"), "suggested": N_("Suggested"),
    "value": N_("Value"), "title": N_("Title"), "owner": N_("Owner"), "indicator": N_("Indicator"),
    "setting": N_("Setting"), "kind": N_("Kind"), "recovery": N_("Recovery"),
}


def detail_label(key: str) -> str | None:
    """A detail's name on screen (untranslated: pass it to ``_``); None for one that is not shown."""
    if key.endswith("_id") or key in ("ack_seq", "previous"):  # ids and hashes: `office audit` has them
        return None
    return DETAILS.get(key, key.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    user_id: str
    user_name: str
    action: str
    target: str
    details: dict[str, Any] | None  # None when the sealed details do not open
    hash: str = field(repr=False)


def entry_hash(fields: dict[str, Any]) -> str:
    return sha256_hex(canonical_json({k: v for k, v in fields.items() if k not in ("hash", "mac")}))


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("ascii"), hashlib.sha256).hexdigest()


def _mac_key(store: "OfficeStore") -> bytes:
    return store.sealer.derive("audit")


def append(store: "OfficeStore", conn: sa.Connection, *, user_id: str, user_name: str, action: str,
           target: str = "", details: dict[str, Any] | None = None) -> int:
    """Add the next entry in the caller's transaction (so the act and its entry are saved together
    or not at all); its number."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    last = conn.execute(sa.select(audit.c.seq, audit.c.hash).order_by(audit.c.seq.desc()).limit(1)).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    row = store.sealer.seal_row("audit", {
        "seq": seq, "at": utc_now(), "user_id": user_id, "user_name": user_name, "action": action,
        "target": target, "details": canonical_json(details or {}), "prev_hash": prev_hash})
    row["hash"] = entry_hash(row)
    row["mac"] = _mac(_mac_key(store), row["hash"])
    conn.execute(audit.insert().values(**row))
    store.set_meta(HEAD, f"{seq} {row['hash']}", conn=conn)
    return seq


def entries(store: "OfficeStore", *, newest_first: bool = False) -> list[Entry]:
    order = audit.c.seq.desc() if newest_first else audit.c.seq
    with store.reading() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(audit).order_by(order))]
    out = []
    for row in rows:
        try:
            details = json.loads(store.sealer.open_row("audit", row)["details"])
        except (SealBroken, ValueError):
            details = None
        out.append(Entry(row["seq"], row["at"], row["user_id"], row["user_name"], row["action"],
                         row["target"], details, row["hash"]))
    return out


def verify(store: "OfficeStore") -> list[str]:
    """Problems with the audit log, one plain sentence each; empty when it is whole."""
    problems: list[str] = []
    key = _mac_key(store)
    expected_seq, prev_hash = 1, GENESIS_HASH
    with store.reading() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(audit).order_by(audit.c.seq))]
    for row in rows:
        seq = row["seq"]
        if seq > expected_seq:
            problems.append(Msg("Entries {first} to {last} are missing from the audit log.",
                                first=expected_seq, last=seq - 1) if seq > expected_seq + 1 else
                            Msg("Entry {first} is missing from the audit log.", first=expected_seq))
        if row["prev_hash"] != prev_hash:
            problems.append(Msg("Entry {seq} does not follow on from the entry before it.", seq=seq))
        try:
            store.sealer.open_row("audit", row)
            intact = entry_hash(row) == row["hash"] and hmac.compare_digest(_mac(key, row["hash"]), row["mac"])
        except (SealBroken, UnicodeError):
            intact = False
        if not intact:
            problems.append(Msg("Entry {seq} has been changed since it was written.", seq=seq))
        expected_seq, prev_hash = seq + 1, row["hash"]
    head = (store.get_meta(HEAD) or "").split(" ")
    if head != [""] and (len(head) != 2 or head[0] != str(expected_seq - 1) or head[1] != prev_hash):
        last = head[0] if head[0].isdigit() else "?"
        problems.append(Msg("The audit log ends at entry {end}, but it went up to entry {last}: "
                            "entries were removed from its end.", end=expected_seq - 1, last=last))
    return problems


def describe(action: str) -> str:
    """The action's name on screen (untranslated: pass it to ``_``)."""
    return ACTIONS.get(action, action)


NO_PROBLEMS = N_("The audit log is whole: every entry is in order and unchanged.")
