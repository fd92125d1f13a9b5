"""What the services for a case's many-record entities share: saving one record from its form
(with the fields only a use case writes kept as stored), and reading a whole-store overview once
until the store is next written (the case list asks again on every search and sort).
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, TypeVar

from pydantic import BaseModel

from advisor_app.domain.messages import N_
from advisor_app.domain.validation import reminders, validate
from advisor_app.services.cases import AdvisorService, SaveResult
from advisor_app.store.errors import VersionConflict

T = TypeVar("T")
CONFLICT = N_("This was changed somewhere else. Please reload it.")


def save_record(service: AdvisorService, entity: str, model: type[BaseModel], case_id: str, record_id: str,
                data: dict[str, Any], *, protected: tuple[str, ...], not_found: str) -> SaveResult:
    """Autosave of one record's form: validated by ``model``, ``protected`` fields kept as stored,
    written with its change record only when it changed."""
    record = service.store.get(entity, record_id)
    if record is None or record.case_id != case_id:
        return SaveResult.failed(f"_{entity}", not_found)
    result = validate(model, {**data, **{key: record.data.get(key) for key in protected}})
    if not result.ok:
        return SaveResult(ok=False, errors=result.errors)
    clean = result.value.model_dump(mode="json")
    notes = reminders(result.value)
    if clean == record.data:
        return SaveResult(ok=True, version=record.version, reminders=notes)
    try:
        with service.store.transaction():
            saved = service.store.put(entity, clean, case_id=case_id, entity_id=record_id,
                                      base_version=record.version)
    except VersionConflict:
        return SaveResult.failed("_conflict", CONFLICT)
    return SaveResult(ok=True, version=saved.version, reminders=notes)


def read_once(cache: "weakref.WeakKeyDictionary[Any, tuple[tuple, Any]]", service: AdvisorService, today: Any,
              read: Callable[[], T]) -> T:
    """``read()``, or the answer kept from the last call while nothing has been written (any
    write changes the store's ``revision``). The caller copies what it hands out, so the kept
    answer is never changed."""
    key = (service.store.revision(), today)
    cached = cache.get(service.store)
    if cached is not None and cached[0] == key:
        return cached[1]
    result = read()
    cache[service.store] = (key, result)
    return result
