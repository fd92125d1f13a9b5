"""The Laptops tab: the enrolled laptops, enrolling a new one (an enrollment file) and revoking one."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QMessageBox

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.ui.office.common import OfficeTab, button_row
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "laptop"


class LaptopsTab(OfficeTab):
    COLUMNS = (N_("Laptop"), N_("Advisor"), N_("Enrolled"), N_("Last bundle"), N_("State"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Laptops"), N_("Each advisor's laptop is enrolled with an enrollment file "
                                                   "from here. Revoke a laptop that is lost or handed on."))
        row = QHBoxLayout()
        self.name = QLineEdit()
        self.name_label = TrLabel(N_("New laptop's na&me, for example the advisor's name"),
                                  object_name="fieldLabel", buddy=self.name)
        self.enroll_button = TrButton(N_("&Enroll a laptop…"), primary=True,
                                      tooltip=N_("Make an enrollment file for a laptop and save it"))
        self.revoke_button = TrButton(N_("Re&voke…"), danger=True,
                                      tooltip=N_("Stop accepting the chosen laptop's bundles"))
        row.addWidget(self.name, 1)
        row.addWidget(self.enroll_button)
        row.addStretch(1)
        self.layout_.addWidget(self.name_label)
        self.layout_.addLayout(row)
        self.table = self.add_table(N_("Enrolled laptops"), stretch=1)
        self.layout_.addLayout(button_row(self.revoke_button))
        self.enroll_button.clicked.connect(self.choose_enrollment_file)
        self.name.returnPressed.connect(self.choose_enrollment_file)
        self.revoke_button.clicked.connect(self.confirm_revoke)
        self.table.itemSelectionChanged.connect(self._update)
        self._items: dict[str, queries.Laptop] = {}
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {laptop.enrollment_id: laptop for laptop in queries.laptops(self.service)}
        self.table.set_rows([(l.enrollment_id, [l.name, l.advisor_name, when_text(l.created_at),
                                                when_text(l.last_bundle_at) if l.last_bundle_at else "",
                                                self.state_text(l)]) for l in self._items.values()])
        self._update()

    @staticmethod
    def state_text(laptop: queries.Laptop) -> str:
        if laptop.revoked_at:
            return _("Revoked ({when})", when=when_text(laptop.revoked_at))
        if laptop.device_id is None:
            return _("Waiting for its first sync")
        return _("Enrolled")

    def _update(self) -> None:
        key = self.table.current_key()
        laptop = self._items.get(key) if key else None
        self.revoke_button.setEnabled(laptop is not None and not laptop.revoked_at)
        if self.office.service is not None:
            self.guard(Action.ENROLL, self.enroll_button, self.revoke_button)

    def choose_enrollment_file(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_message(_("Give the laptop a name, for example the advisor's name."), error=True)
            self.name.setFocus()
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the enrollment file"),
                                                    str(Path.home() / f"{_slug(name)}-enrollment.json"),
                                                    _("Enrollment files (*.json)"))
        if path:
            self.enroll_laptop(name, path)

    def enroll_laptop(self, name: str, path: str | os.PathLike[str]) -> bool:
        enrollment = self.attempt(lambda: self.service.enroll(name))
        if enrollment is None:
            return False
        try:  # 0600 from the start: it holds the laptop's relay credential
            enrollment.save(Path(path))
        except OSError as exc:
            self.attempt(lambda: self.service.revoke(enrollment.enrollment_id))
            self.show_message(_("The enrollment file could not be saved ({reason}), so the enrollment was "
                                "withdrawn. Choose another place and try again.", reason=exc.strerror or exc),
                              error=True)
            self.changed.emit()
            return False
        self.name.clear()
        self.show_message(_("Saved the enrollment file for “{name}” as {path}. Give it to the advisor on a USB "
                            "stick: it holds a secret, so delete other copies once the laptop is enrolled.",
                            name=name, path=str(path)))
        self.changed.emit()
        return True

    def confirm_revoke(self) -> None:
        key = self.table.current_key()
        laptop = self._items.get(key) if key else None
        if laptop is None:
            return
        answer = QMessageBox.question(self, _("Revoke this laptop?"),
                                      _("From now on the office refuses bundles from “{name}”, and tells the laptop "
                                        "at its next sync. This cannot be undone: the laptop would need a new "
                                        "enrollment.", name=laptop.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.revoke(laptop.enrollment_id)

    def revoke(self, enrollment_id: str) -> bool:
        laptop = self._items.get(enrollment_id)
        if self.attempt(lambda: self.service.revoke(enrollment_id) or True) is None:
            return False
        self.show_message(_("“{name}” is revoked.", name=laptop.name if laptop else enrollment_id))
        self.changed.emit()
        return True

    def retranslate_self(self) -> None:
        self.name.setAccessibleName(_("New laptop's name"))
