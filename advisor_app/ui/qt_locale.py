"""Qt's own strings (standard buttons, context menus, the calendar) in the chosen language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from advisor_app import i18n

_installed: list[QTranslator] = []


def set_language(app: QApplication, language: str) -> None:
    """Switch ``_`` and Qt's own translations to ``language``."""
    i18n.set_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language if language != "en" else "en_GB"))
    if language == "en":
        return
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(QLocale(language), "qtbase", "_", path):
        app.installTranslator(translator)
        _installed.append(translator)
