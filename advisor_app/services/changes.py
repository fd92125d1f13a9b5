"""What an operation changed, for the screens to refresh only that (the pattern of Anki's
``OpChanges``). Made from what the store committed (``Store.recording``), so no use case has to
remember to say what it wrote. Qt-free: the screens' side is ``ui/operations.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from advisor_app.store.records import CASE, Written
from advisor_app.store.store import DOCUMENT_ENTITY

SYNC_META = "sync."  # this laptop's sync state (enrollment, what was sent, last sync, revocation)


@dataclass(frozen=True)
class Changes:
    records: frozenset[tuple[str, str]] = frozenset()  # (case_id, entity) written or deleted
    meta: frozenset[str] = frozenset()  # this store's own values set or removed
    journal: bool = False  # a change joined the queue for the office, or the office acknowledged some
    provider: bool = False  # the office's new provider files (menu, rates, wording) were installed
    everything: bool = False  # not known in detail: refresh everything (a screen not converted yet)

    @classmethod
    def of(cls, written: Written, *, provider: bool = False) -> "Changes":
        return cls(frozenset(written.records), frozenset(written.meta), written.journal, provider)

    @classmethod
    def all(cls) -> "Changes":
        return cls(everything=True)

    def __bool__(self) -> bool:
        return bool(self.records or self.meta or self.journal or self.provider or self.everything)

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(self.records | other.records, self.meta | other.meta, self.journal or other.journal,
                       self.provider or other.provider, self.everything or other.everything)

    def cases(self) -> frozenset[str]:
        """The cases something was written for."""
        return frozenset(case_id for case_id, _entity in self.records)

    def entities(self, case_id: str) -> frozenset[str]:
        """What was written for one case: ``"case"`` (its header), section and record entities,
        ``"document"``."""
        return frozenset(entity for case, entity in self.records if case == case_id)

    def touches(self, case_id: str | None, entities: Iterable[str] | None = None) -> bool:
        """Whether a screen showing ``case_id`` (and, if given, only ``entities`` of it) must refresh."""
        if self.everything or self.provider:
            return True
        if case_id is None:
            return False
        written = self.entities(case_id)
        return bool(written) if entities is None else not written.isdisjoint(entities)

    @property
    def case_list(self) -> bool:
        """The list of cases may show something else (a name, a stage, when a case last changed)."""
        return self.everything or bool(self.records)

    @property
    def header(self) -> bool:
        return self.everything or any(entity == CASE for _case, entity in self.records)

    @property
    def documents(self) -> bool:
        return self.everything or any(entity == DOCUMENT_ENTITY for _case, entity in self.records)

    @property
    def office_status(self) -> bool:
        """What the status bar says about the office: changes waiting, enrollment, last sync."""
        return self.everything or self.journal or any(key.startswith(SYNC_META) for key in self.meta)
