"""Notices from the office, kept on the laptop: the easy-read report back of a Working Together for
Change workshop, sent to the laptop of every case whose review statements were used, for the
advisor to read with the families (office message ``notice``, sync/device.py).

A notice lives in the encrypted store's ``meta`` table, with its PDF: never journaled, so it never
travels back. ``office.notices`` lists their ids, oldest first; each is ``office.notice.<id>``.
What the office sent is checked before anything is kept: one that does not hold together is refused
with its reason, and the laptop keeps what it had.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any

from advisor_app.domain.messages import N_
from advisor_app.store.store import Store

INDEX = "office.notices"
PREFIX = "office.notice."
MAX_PDF_BYTES = 8 * 1024 * 1024
MAX_NOTICES = 200  # the oldest go first: the office keeps every report it sent
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}(/[A-Za-z0-9_-]{1,64})?$")  # "<workshop id>/<report>"
REFUSED = N_("The office sent a report this laptop could not read, so it was not kept.")


def _ids(store: Store) -> list[str]:
    try:
        found = json.loads(store.meta(INDEX) or "[]")
    except ValueError:
        return []
    return [str(i) for i in found] if isinstance(found, list) else []


def take(store: Store, body: Any) -> str | None:
    """Keep a notice from the office (in the caller's transaction); a plain reason if refused."""
    if not isinstance(body, dict):
        return REFUSED
    notice_id, title, cases = body.get("notice_id"), body.get("title"), body.get("cases")
    if not (isinstance(notice_id, str) and _ID.match(notice_id) and isinstance(title, str) and 0 < len(title) <= 200
            and isinstance(cases, list) and len(cases) <= 10_000 and all(isinstance(c, str) for c in cases)):
        return REFUSED
    try:
        content = base64.b64decode(str(body.get("content", "")), validate=True)
    except (binascii.Error, ValueError):
        return REFUSED
    if not content.startswith(b"%PDF") or len(content) > MAX_PDF_BYTES \
            or hashlib.sha256(content).hexdigest() != body.get("sha256"):
        return REFUSED
    ids = [i for i in _ids(store) if i != notice_id] + [notice_id]
    dropped, ids = ids[:-MAX_NOTICES], ids[-MAX_NOTICES:]
    notice = {"notice_id": notice_id, "kind": str(body.get("kind", "")), "title": title, "cases": cases,
              "sent_at": str(body.get("sent_at", "")), "sha256": body["sha256"], "read": False}
    store.set_meta({INDEX: json.dumps(ids), PREFIX + notice_id: json.dumps(notice),
                    PREFIX + notice_id + ".pdf": base64.b64encode(content).decode("ascii"),
                    **{PREFIX + old: None for old in dropped}, **{PREFIX + old + ".pdf": None for old in dropped}})
    return None


def notices(store: Store) -> list[dict[str, Any]]:
    """Every notice kept, the newest first (without its PDF)."""
    values = store.meta_values([PREFIX + i for i in _ids(store)])
    out = []
    for notice_id in reversed(_ids(store)):
        try:
            out.append(json.loads(values[PREFIX + notice_id]))
        except (KeyError, ValueError):
            continue
    return out


def pdf(store: Store, notice_id: str) -> bytes | None:
    text = store.meta(PREFIX + notice_id + ".pdf")
    return None if text is None else base64.b64decode(text)


def mark_read(store: Store, notice_id: str) -> None:
    text = store.meta(PREFIX + notice_id)
    if text is None:
        return
    notice = json.loads(text)
    notice["read"] = True
    store.set_meta({PREFIX + notice_id: json.dumps(notice)})
