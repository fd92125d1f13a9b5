"""Settings: auto-lock time, the family's pause time, text size, high contrast and language (Ctrl+,)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from advisor_app import settings as settings_module
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.paths import resource
from advisor_app.settings import Settings
from advisor_app.ui.widgets.text import TrLabel, heading, plain

TEXT_SIZE_NAMES = {
    1.0: N_("Standard"),
    1.15: N_("Larger"),
    1.3: N_("Large"),
    1.5: N_("Very large"),
    1.75: N_("Extra large"),
    2.0: N_("Largest"),
}


def available_languages() -> list[tuple[str, str]]:
    """English, and every language that has a catalogue under resources/locale."""
    codes = {"en"}
    locale_dir = resource("locale")
    if locale_dir.is_dir():
        for folder in locale_dir.iterdir():
            if (folder / "LC_MESSAGES" / "advisor_app.mo").is_file():
                codes.add(folder.name)
    out = []
    for code in sorted(codes):
        name = "English" if code == "en" else (QLocale(code).nativeLanguageName() or code)
        out.append((code, name[:1].upper() + name[1:]))
    return out


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setModal(True)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(10)
        layout.addWidget(heading(N_("Settings"), 1))
        layout.addWidget(TrLabel(N_("These apply to this laptop only. Changes take effect when you save."),
                                 object_name="lead"))
        layout.addSpacing(8)

        self.minutes = QSpinBox()
        self.minutes.setRange(settings_module.MIN_AUTO_LOCK_MINUTES, settings_module.MAX_AUTO_LOCK_MINUTES)
        self.minutes.setValue(settings.auto_lock_minutes)
        self.minutes.setMaximumWidth(200)
        self.minutes_label = TrLabel(N_("&Lock automatically after"), object_name="fieldLabel", buddy=self.minutes)
        layout.addWidget(self.minutes_label)
        layout.addWidget(self.minutes)
        layout.addWidget(TrLabel(N_("Minutes without using the laptop. Locking keeps people’s details safe "
                                    "if you step away."), object_name="hint"))
        layout.addSpacing(8)

        self.family_minutes = QSpinBox()
        self.family_minutes.setRange(settings_module.MIN_FAMILY_IDLE_MINUTES,
                                     settings_module.MAX_FAMILY_IDLE_MINUTES)
        self.family_minutes.setValue(settings.family_idle_minutes)
        self.family_minutes.setMaximumWidth(200)
        self.family_minutes_label = TrLabel(N_("While the family has the laptop, &pause after"),
                                            object_name="fieldLabel", buddy=self.family_minutes)
        layout.addWidget(self.family_minutes_label)
        layout.addWidget(self.family_minutes)
        layout.addWidget(TrLabel(N_("Minutes without a touch while reading together or signing. The screen then "
                                    "hides everything until you come back; nothing the family did is lost."),
                                 object_name="hint"))
        layout.addSpacing(8)

        self.text_size = QComboBox()
        for scale in settings_module.TEXT_SCALES:
            self.text_size.addItem("", scale)
        current = min(settings_module.TEXT_SCALES, key=lambda s: abs(s - settings.text_scale))
        self.text_size.setCurrentIndex(settings_module.TEXT_SCALES.index(current))
        self.text_size_label = TrLabel(N_("&Text size"), object_name="fieldLabel", buddy=self.text_size)
        layout.addWidget(self.text_size_label)
        layout.addWidget(self.text_size)
        layout.addSpacing(8)

        self.high_contrast = QCheckBox()
        self.high_contrast.setChecked(settings.high_contrast)
        layout.addWidget(self.high_contrast)
        layout.addWidget(TrLabel(N_("Light text on black, with strong outlines. Easier for some people to read."),
                                 object_name="hint"))
        layout.addSpacing(8)

        self.language = QComboBox()
        for code, name in available_languages():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.language_label = TrLabel(N_("Lan&guage"), object_name="fieldLabel", buddy=self.language)
        layout.addWidget(self.language_label)
        layout.addWidget(self.language)
        layout.addSpacing(16)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setProperty("primary", True)
        for button in self.buttons.buttons():
            button.setIcon(QIcon())  # plain words, no platform icons
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate_self()

    def values(self) -> dict[str, object]:
        return {
            "auto_lock_minutes": self.minutes.value(),
            "family_idle_minutes": self.family_minutes.value(),
            "text_scale": self.text_size.currentData(),
            "high_contrast": self.high_contrast.isChecked(),
            "language": self.language.currentData(),
        }

    def retranslate_self(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.minutes.setSuffix(" " + _("minutes"))
        self.minutes.setAccessibleName(plain(self.minutes_label.text()))
        self.family_minutes.setSuffix(" " + _("minutes"))
        self.family_minutes.setAccessibleName(plain(self.family_minutes_label.text()))
        for index, scale in enumerate(settings_module.TEXT_SCALES):
            self.text_size.setItemText(index, _("{name} ({percent}%)", name=_(TEXT_SIZE_NAMES[scale]),
                                                percent=round(scale * 100)))
        self.text_size.setAccessibleName(plain(self.text_size_label.text()))
        self.high_contrast.setText(_("&High contrast"))
        self.high_contrast.setAccessibleName(_("High contrast"))
        self.language.setAccessibleName(plain(self.language_label.text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
