"""Qt's own strings (standard buttons, context menus, the calendar) in the chosen language, and
the layout's direction: a right-to-left language (Urdu) mirrors every screen."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from advisor_app import i18n
from advisor_app.paths import resource

_installed: list[QTranslator] = []
# Arabic script on screen (Urdu): a bundled font put before the system's for that script only (it has
# no Latin letters). The system's fallback varies (a Kufi face, or DejaVu, whose bold drops Urdu's dots).
ARABIC_UI_FONT = "Noto Sans Arabic"
ARABIC_UI_FILES = ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
_arabic_font_loaded = False


def qt_translation_folders(language: str) -> list[str]:
    """Where Qt's strings for ``language`` are: Qt's own catalogs (Polish is there), then ours
    (``resources/locale/<lang>/qt``: Qt ships none for Urdu, so we keep the strings we show)."""
    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(resource("locale", language, "qt"))]


def set_language(app: QApplication, language: str) -> None:
    """Switch ``_``, Qt's own translations and the layout direction to ``language``."""
    i18n.set_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language if language != "en" else "en_GB"))
    right_to_left = i18n.is_right_to_left(language)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
    _use_arabic_font(app, right_to_left)
    if language == "en":
        return
    for folder in qt_translation_folders(language):
        translator = QTranslator(app)
        if translator.load(QLocale(language), "qtbase", "_", folder):
            app.installTranslator(translator)
            _installed.append(translator)
            return


def _use_arabic_font(app: QApplication, wanted: bool) -> None:
    global _arabic_font_loaded
    if wanted and not _arabic_font_loaded:
        for file in ARABIC_UI_FILES:
            QFontDatabase.addApplicationFont(str(resource("fonts", file)))
        _arabic_font_loaded = True
    font = QFont(app.font())
    families = [f for f in font.families() or [font.family()] if f != ARABIC_UI_FONT]
    font.setFamilies([ARABIC_UI_FONT, *families] if wanted else families)
    app.setFont(font)
