"""Three-way merge of one record: two edits of it, against the version both were made from.

Pure. ``merge(base, office, laptop)`` walks the record field by field: a nested object (a dict)
is merged field by field too; anything else (text, a number, a list) is one value. A field that
only one side changed takes that side's value; a field both changed to the same value takes it;
a field both changed differently is a conflict, kept with the base and both values for a person
to choose from. Nothing is dropped: every value either side wrote is in the result or in a
conflict. ``resolve`` puts the person's choices in and gives the record to save.

A field missing from a version is ``MISSING`` (not ``None``, which is a value). With no base (two
records made separately under one id, a case imported on a second laptop, say), the base is
empty: fields the two agree on merge, fields they fill differently conflict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FieldPath = tuple[str, ...]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class FieldConflict:
    """One field both edits changed, differently."""

    path: FieldPath
    base: Any  # MISSING where the field was not there
    office: Any
    laptop: Any

    @property
    def name(self) -> str:
        return dotted(self.path)


@dataclass(frozen=True)
class Merge:
    merged: dict[str, Any]  # every field that merged; a conflicting field holds the office's value
    conflicts: tuple[FieldConflict, ...]
    changed: tuple[FieldPath, ...] = ()  # fields the laptop changed that merged in

    @property
    def clean(self) -> bool:
        return not self.conflicts


def dotted(path: FieldPath) -> str:
    return ".".join(path)


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``1`` is not ``True`` and ``1`` is not ``1.0``."""
    if a is MISSING or b is MISSING:
        return a is b
    return _key(a) == _key(b)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _is_object(value: Any) -> bool:
    return isinstance(value, Mapping)


def merge(base: Mapping[str, Any] | None, office: Mapping[str, Any], laptop: Mapping[str, Any]) -> Merge:
    """Merge the laptop's edit into the office's version; ``base`` is the version the laptop
    edited (None when there is none)."""
    conflicts: list[FieldConflict] = []
    changed: list[FieldPath] = []
    merged = _merge(MISSING if base is None else base, office, laptop, (), conflicts, changed)
    return Merge(dict(merged), tuple(conflicts), tuple(changed))


def _merge(base: Any, office: Any, laptop: Any, path: FieldPath, conflicts: list[FieldConflict],
           changed: list[FieldPath]) -> Any:
    if same(office, laptop):
        return office
    if _is_object(office) and _is_object(laptop) and (_is_object(base) or base is MISSING):
        before = base if _is_object(base) else {}
        keys = [*office, *(k for k in laptop if k not in office)]
        out: dict[str, Any] = {}
        for key in keys:
            value = _merge(before.get(key, MISSING), office.get(key, MISSING), laptop.get(key, MISSING),
                           (*path, key), conflicts, changed)
            if value is not MISSING:
                out[key] = value
        return out
    if same(office, base):
        changed.append(path)
        return laptop
    if same(laptop, base):
        return office
    conflicts.append(FieldConflict(path, base, office, laptop))
    return office


def resolve(result: Merge, choices: Mapping[FieldPath, Any]) -> dict[str, Any]:
    """The record with each conflicting field set to the value chosen for it (``MISSING``
    leaves the field out). Every conflict needs a choice; raises ``KeyError`` naming the first
    without one."""
    record = json.loads(_key(result.merged))  # a deep copy: the merge result stays as it was
    for conflict in result.conflicts:
        if conflict.path not in choices:
            raise KeyError(conflict.name)
        _set(record, conflict.path, choices[conflict.path])
    return record


def _set(record: dict[str, Any], path: FieldPath, value: Any) -> None:
    if not path:
        raise ValueError("a whole record is not a field")
    node = record
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    if value is MISSING:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def value_at(record: Mapping[str, Any] | None, path: FieldPath) -> Any:
    """The value at ``path`` in a record, or ``MISSING``."""
    node: Any = record if record is not None else MISSING
    for key in path:
        if not _is_object(node) or key not in node:
            return MISSING
        node = node[key]
    return node
