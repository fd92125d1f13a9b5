"""The Publish tab: checking provider files and sending them to every enrolled laptop."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QLabel

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _, ngettext
from advisor_app.office import queries
from advisor_app.ui.office.common import SELECTABLE, OfficeTab, button_row
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow


class PublishTab(OfficeTab):
    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Publish"), N_("Send new rates, overheads, the component menu or the "
                                                   "agreement's wording to every enrolled laptop. Each file is "
                                                   "checked first; laptops take it at their next sync."))
        self.names = QLabel(", ".join(queries.publishable_files()))
        self.names.setObjectName("hint")
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(SELECTABLE)
        self.layout_.addWidget(TrLabel(N_("Files the laptops use:"), object_name="fieldLabel"))
        self.layout_.addWidget(self.names)
        self.choose_button = TrButton(N_("Choose provider &files…"), primary=True,
                                      tooltip=N_("Choose one or more provider JSON files to publish"))
        self.choose_button.clicked.connect(self.choose_files)
        self.layout_.addLayout(button_row(self.choose_button))
        self.add_message()
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        self.names.setAccessibleName(self.names.text())
        self.guard(Action.PUBLISH, self.choose_button)

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(self, _("Choose provider files to publish"), str(Path.home()),
                                                      _("Provider files (*.json)"))
        if files:
            self.publish_files(files)

    def publish_files(self, files: list[str | os.PathLike[str]]) -> int | None:
        try:
            contents = queries.read_provider_files(list(files))
        except (OSError, UnicodeError):
            self.show_message(_("A file could not be read. Check that it is there and is a provider file."),
                              error=True)
            return None
        count = self.attempt(lambda: self.service.publish_provider_files(contents))
        if count is None:
            return None
        self.show_message(ngettext("Sent {files} to {n} laptop. It takes it at its next sync.",
                                   "Sent {files} to {n} laptops. They take it at their next sync.",
                                   count, files=", ".join(contents)))
        self.changed.emit()
        return count
