"""The organisation's details printed on every document: name, address, contacts and logo.

Opened from Tools → Organisation details. The details are checked by the domain
(``ProviderProfile``) and saved with ``services.provider_files.save_profile``; a new logo is copied in
beside the settings. Not personal data: the organisation's public details, kept on this laptop.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.provider import LOGO_SUFFIXES, ProviderProfile
from advisor_app.domain.validation import validate
from advisor_app.i18n import _
from advisor_app.services.provider_files import ProfileError, load_profile, logo_path, save_profile
from advisor_app.ui.widgets.fields import LineBinding, TextAreaBinding
from advisor_app.ui.widgets.forms import FormLayout, FormSection, scroll_page
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

log = logging.getLogger(__name__)


def ask_logo_path(parent: QWidget) -> str | None:
    patterns = " ".join(f"*{suffix}" for suffix in LOGO_SUFFIXES)
    path, _filter = QFileDialog.getOpenFileName(parent, _("Choose the organisation's logo"), str(Path.home()),
                                                _("Pictures ({patterns})", patterns=patterns))
    return path or None


class ProviderDialog(QDialog):
    """See the module docstring. After ``accept`` the saved profile is in ``self.saved_profile``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModal(True)
        self.setWindowTitle(_("Organisation details"))
        self.setMinimumSize(760, 640)
        self.resize(860, 780)
        self.profile = load_profile()
        self.logo_from: Path | None = None  # a newly chosen picture, copied in on save
        self.remove_logo = False
        self.saved_profile: ProviderProfile | None = None
        self.form = FormSection("provider", self)
        f = self.form

        content = QWidget()
        form = FormLayout(content, spacing=14)
        form.addWidget(heading(N_("Organisation details"), 1))
        form.addWidget(TrLabel(N_("Your organisation's name, address and logo, printed on every document the "
                                  "family is given. They apply to documents made from now on."), object_name="lead"))
        form.addWidget(f.message)
        self.name = f.add(LineBinding("name", N_("&Name of the organisation")))
        address = f.add(TextAreaBinding("address", N_("&Address"), lines=5,
                                        hint=N_("One line of the address on each line.")))
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(self.name.row)
        left.addWidget(address.row)
        left.addStretch(1)

        # The logo, beside the name and address as it is printed on the documents.
        logo_box = QFrame()
        logo_box.setObjectName("panel")
        side = QVBoxLayout(logo_box)
        side.setContentsMargins(16, 14, 16, 14)
        side.setSpacing(8)
        side.addWidget(TrLabel(N_("Logo"), object_name="fieldLabel"))
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(220, 100)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side.addWidget(self.logo_preview, 0, Qt.AlignmentFlag.AlignHCenter)
        self.logo_name = QLabel()
        self.logo_name.setObjectName("hint")
        self.logo_name.setWordWrap(True)
        side.addWidget(self.logo_name)
        self.choose_logo = TrButton(N_("&Choose a logo…"))
        self.choose_logo.clicked.connect(self.pick_logo)
        self.clear_logo = TrButton(N_("Remove the &logo"), flat=True, danger=True)
        self.clear_logo.clicked.connect(self.drop_logo)
        side.addWidget(self.choose_logo)
        side.addWidget(self.clear_logo)
        self.logo_error = QLabel()
        self.logo_error.setObjectName("fieldError")
        self.logo_error.setWordWrap(True)
        self.logo_error.hide()
        side.addWidget(self.logo_error)
        side.addWidget(TrLabel(N_("A PNG or JPEG picture, up to 5 MB. A wide logo prints best."), object_name="hint"))
        side.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addLayout(left, 3)
        top.addWidget(logo_box, 2)
        form.addLayout(top)

        phone = f.add(LineBinding("phone", N_("&Phone")))
        email = f.add(LineBinding("email", N_("&Email")))
        form.pair(phone, email)
        website = f.add(LineBinding("website", N_("&Website")))
        number = f.add(LineBinding("registered_number", N_("&Registered number"),
                                   placeholder=N_("For example, Registered charity 1234567")))
        form.pair(website, number)
        form.field(f.add(TextAreaBinding("about", N_("A&bout us"), lines=3,
                                         hint=N_("A sentence or two in plain words, for the expression of "
                                                 "interest."))))
        form.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll_page(content, max_width=800), 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("&Save"))
        save.setProperty("primary", True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        for button in self.buttons.buttons():
            button.setIcon(QIcon())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.setContentsMargins(32, 12, 32, 20)
        bar.addWidget(self.buttons)
        outer.addLayout(bar)

        f.load(self.profile.model_dump(mode="json"))
        self._show_logo()
        self.name.focus()

    # -- the logo ---------------------------------------------------------------------------------
    def current_logo_file(self) -> Path | None:
        if self.logo_from is not None:
            return self.logo_from
        if self.remove_logo:
            return None
        return logo_path(self.profile)

    def _show_logo(self) -> None:
        path = self.current_logo_file()
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
            self.logo_name.setText(_("Documents are made without a logo."))
        else:
            self.logo_preview.setPixmap(pixmap.scaled(self.logo_preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
            self.logo_name.setText(_("New logo: {name}", name=path.name) if self.logo_from else
                                   _("Current logo: {name}", name=path.name))
        self.logo_preview.setAccessibleName(self.logo_name.text())
        self.clear_logo.setEnabled(path is not None)

    def pick_logo(self) -> None:
        path = ask_logo_path(self)
        if not path:
            return
        if QPixmap(path).isNull():
            self._logo_problem(_("This picture cannot be read. Please choose a PNG or JPEG file."))
            return
        self.logo_from = Path(path)
        self.remove_logo = False
        self._logo_problem(None)
        self._show_logo()

    def drop_logo(self) -> None:
        self.logo_from = None
        self.remove_logo = True
        self._show_logo()
        self.choose_logo.setFocus()

    def _logo_problem(self, message: str | None) -> None:
        self.logo_error.setText(f"\u26a0 {message}" if message else "")
        self.logo_error.setVisible(bool(message))

    # -- saving -----------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        data = {**self.profile.model_dump(mode="json"), **self.form.data()}
        if self.remove_logo:
            data["logo"] = ""
        return data

    def save(self) -> None:
        result = validate(ProviderProfile, self.values())
        if not result.ok:
            self.form.show_errors(result.errors)
            self._logo_problem(_(result.errors["logo"]) if "logo" in result.errors else None)
            invalid = self.form.first_invalid()
            if invalid is not None:
                invalid.focus()
            return
        try:
            self.saved_profile = save_profile(result.value, logo_from=self.logo_from)
        except ProfileError as exc:
            self.form.show_errors({k: v for k, v in exc.errors.items() if k != "logo"})
            self._logo_problem(_(exc.errors["logo"]) if "logo" in exc.errors else None)
            return
        except OSError as exc:
            log.exception("Could not save the organisation's details")
            self._logo_problem(_("The details could not be saved ({problem}).", problem=exc.strerror or str(exc)))
            return
        self.accept()
