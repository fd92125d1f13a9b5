"""The Inbox tab: the bundles the laptops sent, and importing more from a folder or the relay (in a
worker, with progress, stoppable between bundles)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _, ngettext
from advisor_app.office import queries
from advisor_app.services.errors import RelayError, error_text
from advisor_app.ui.office.common import OfficeTab, button_row
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.office.service import Received
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.operations import BackgroundTask

BUNDLE_STATES = {"imported": N_("Imported"), "duplicate": N_("Already here"), "refused": N_("Refused")}


class InboxTab(OfficeTab):
    COLUMNS = (N_("Received"), N_("Laptop"), N_("State"), N_("Applied"), N_("Already here"),
               N_("Same as the office's"), N_("Conflicts"), N_("Why it was refused"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Inbox"), N_("What the laptops sent, newest first. A refused bundle says why; "
                                                 "the laptop sends its changes again at its next sync."))
        self.folder_button = TrButton(N_("Import from a &folder…"), primary=True,
                                      tooltip=N_("Import the bundles on a USB stick or in a shared folder"))
        self.relay_button = TrButton(N_("Import from the &relay"),
                                     tooltip=N_("Fetch the bundles waiting at the relay"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.relay_button.clicked.connect(self.import_relay)
        self.layout_.addLayout(button_row(self.long_work(self.folder_button), self.long_work(self.relay_button)))
        self.relay_hint = TrLabel(N_("No relay is set up for this office, so bundles come on a USB stick or "
                                     "through a shared folder."), object_name="hint")
        self.layout_.addWidget(self.relay_hint)
        self.table = self.add_table(N_("Bundles received"), stretch=1)

    def refresh(self) -> None:
        rows = queries.inbox(self.service)
        self.table.set_rows([(r.bundle_id, [
            when_text(r.received_at), r.laptop or _("Unknown laptop"), _(BUNDLE_STATES.get(r.state, r.state)),
            str(r.applied), str(r.duplicates), str(r.same), str(r.conflicts), _(r.reason) if r.reason else ""])
            for r in rows])
        has_relay = queries.has_relay(self.service)
        self.relay_button.setEnabled(has_relay)
        self.relay_hint.setVisible(not has_relay)
        self.relay_button.setAccessibleDescription("" if has_relay else self.relay_hint.text())
        self.guard(Action.IMPORT, self.folder_button, self.relay_button)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or the shared folder"),
                                                  str(Path.home()))
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str | os.PathLike[str]) -> "BackgroundTask[list[Received]] | None":
        """Import the bundles on the stick in a worker, between bundles stoppable (``ui/office/work.py``)."""
        path = Path(folder)
        return self.in_background(lambda service, progress: service.import_folder(path, progress), self._report,
                                  doing=N_("Importing the bundles…"), stoppable=True, failed=self._folder_failed)

    def _folder_failed(self, exc: BaseException) -> bool:
        if not isinstance(exc, OSError):
            return False
        self.show_message(_("The folder could not be used ({reason}).", reason=exc.strerror or exc), error=True)
        return True

    def import_relay(self) -> "BackgroundTask[list[Received]] | None":
        partial = queries.relay_partial_dir(self.office.location)
        return self.in_background(lambda service, progress: service.import_relay(partial, progress), self._report,
                                  doing=N_("Fetching the bundles from the relay…"), stoppable=True,
                                  failed=self._relay_failed)

    def _relay_failed(self, exc: BaseException) -> bool:
        if not isinstance(exc, (RelayError, OSError)):
            return False
        self.show_message(_("The relay could not be used: {reason} Try again later.", reason=error_text(exc)),
                          error=True)  # it could not be reached, or it refused
        return True

    def _report(self, received: "list[Received]") -> None:
        if not received:
            self.show_message(_("There was nothing new to import."))
        else:
            refused = [r for r in received if r.result.state == "refused"]
            imported = len(received) - len(refused)
            lines = [ngettext("Imported {n} bundle.", "Imported {n} bundles.", imported)] if imported else []
            conflicts = sum(r.result.conflicts for r in received)
            if conflicts:
                lines.append(ngettext("{n} change needs a decision in Conflicts.",
                                      "{n} changes need a decision in Conflicts.", conflicts))
            for r in refused:
                lines.append(_("Refused: {reason}", reason=_(r.result.reason or "")))
            self.show_message(" ".join(lines), error=bool(refused))
        self.changed.emit()
