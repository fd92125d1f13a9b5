"""What an editor of one record shares (a risk assessment, a review): its own autosaver writes
through a service, and after each save the record is read again and shown.

A subclass is a QWidget with ``autosaver``, ``view`` (None until a record is open; its ``id``),
``changed`` (a Signal) and ``refresh()``, and says how its record is read and saved.
"""

from __future__ import annotations

from typing import Any

from advisor_app.store.errors import StoreError


class RecordEditing:
    NOT_OPEN = "No record is open."  # marked with N_ by each subclass

    view: Any

    def load_view(self, record_id: str) -> Any:
        raise NotImplementedError

    def save_view(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _save(self, _name: str, data: dict[str, Any]) -> Any:
        if self.view is None:
            raise StoreError(self.NOT_OPEN)
        return self.save_view(data)

    def flush(self) -> None:
        if self.view is not None:
            self.autosaver.flush()  # type: ignore[attr-defined]

    def _after_save(self) -> None:
        self.reload()
        self.changed.emit()  # type: ignore[attr-defined]

    def reload(self) -> None:
        if self.view is None:
            return
        try:
            self.view = self.load_view(self.view.id)
        except StoreError:
            return
        self.refresh()  # type: ignore[attr-defined]
