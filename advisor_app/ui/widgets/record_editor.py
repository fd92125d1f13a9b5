"""What an editor of one record shares (a risk assessment, a review): its own autosaver writes
through a service, and after each save the record is read again and shown.

A subclass is a QWidget with ``context`` (its stage's), ``autosaver`` (made with ``self._save``),
``view`` (None until a record is open; its ``id`` and ``case_id``), ``changed`` (a Signal) and
``refresh()``, and says how its record is read and saved. The save runs as an operation
(``ui/operations.py``), so what it wrote is announced to the other screens.
"""

from __future__ import annotations

from typing import Any

from advisor_app.services.errors import StoreError
from advisor_app.ui.operations import Op
from advisor_app.ui.widgets.forms import FormSection


class RecordEditing:
    NOT_OPEN = "No record is open."  # marked with N_ by each subclass

    view: Any

    def load_view(self, record_id: str) -> Any:
        raise NotImplementedError

    def save_record(self, service: Any, case_id: str, record_id: str, data: dict[str, Any]) -> Any:
        """The service call that saves the record (its result: a SaveResult)."""
        raise NotImplementedError

    def _save(self, form: FormSection) -> Op:
        """The autosaver's operation for ``form``."""
        if self.view is None:
            raise StoreError(self.NOT_OPEN)
        case_id, record_id, data = self.view.case_id, self.view.id, form.data()
        return Op(self.context.session,  # type: ignore[attr-defined]
                  lambda service: self.save_record(service, case_id, record_id, data))

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
