"""Edits that met another edit at the office: the version the laptop edited (its base), and the
automatic merge when the two edits touched different fields.

Version numbers are counted on each laptop, so a laptop's base version N is found among that
laptop's own changes the office received: the last one before the edit that left the record at
N (an echo of an office record leaves it at the office's version, any other change at its base
+ 1). An edit whose base is known, of the laptop the case is with, that changed fields the
office did not, merges on its own (``domain/merge.py``): the result, checked by the domain
models, is a recorded office change (reason ``merge``) sent to every laptop holding the record,
and the conflict is kept as resolved ``merged``, with the base and both versions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from advisor_app.domain.merge import merge
from advisor_app.domain.sections import validate_entity
from advisor_app.office.store import AUTOMATIC, MERGED, OfficeStore


def _resulting_version(change: Mapping[str, Any]) -> int:
    office_version = change["payload"].get("office_version")
    if isinstance(office_version, int) and not isinstance(office_version, bool):
        return office_version
    return (change["base_version"] or 0) + 1


def base_of(store: OfficeStore, conn: sa.Connection, change: Mapping[str, Any],
            earlier: Sequence[Mapping[str, Any]]) -> tuple[bool, Any]:
    """(known, data) of the laptop's version the edit was made against: (True, None) for a
    create (no version before it), (False, None) when it cannot be known (it was a deletion)."""
    if change["base_version"] is None:
        return True, None
    mine = [c for c in store.changes(device_id=change["device_id"], entity_id=change["entity_id"], conn=conn)]
    mine += [c for c in earlier if c["entity_id"] == change["entity_id"]]
    for candidate in sorted(mine, key=lambda c: c["seq"], reverse=True):
        if candidate["seq"] < change["seq"] and _resulting_version(candidate) == change["base_version"]:
            if candidate["op"] == "delete":
                return False, None
            return True, candidate["payload"]["data"]
    return False, None


def settle(store: OfficeStore, conn: sa.Connection, conflicts: Sequence[Mapping[str, Any]]) -> list[str]:
    """Merge each of the new ``conflicts`` (``{"id", "entity", "entity_id", "incoming", "laptop_of_case"}``,
    ``incoming`` as a dict) that can merge on its own; returns the ids merged. Runs in the import's
    transaction, after its rows are written, in order: a second edit of one record merges with
    the result of the first."""
    merged: list[str] = []
    for conflict in conflicts:
        incoming = conflict["incoming"]
        if not conflict["laptop_of_case"] or incoming["deleted"] or not incoming["base_known"]:
            continue
        current = store.record(conflict["entity_id"], conn=conn)
        if current is None or current["deleted"] or current["entity"] != conflict["entity"]:
            continue
        result = merge(incoming["base"], current["data"], incoming["data"])
        if not result.clean or not validate_entity(conflict["entity"], result.merged).ok:
            continue
        store.resolve_conflict(conflict["id"], MERGED, AUTOMATIC, data=result.merged, conn=conn)
        merged.append(conflict["id"])
    return merged
