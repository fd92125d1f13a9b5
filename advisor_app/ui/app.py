"""Start the desktop app: the Qt application, translations, the theme and the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from advisor_app import APP_NAME, __version__, paths
from advisor_app.i18n import _
from advisor_app.settings import Settings
from advisor_app.ui import qt_locale, theme
from advisor_app.ui.main_window import MainWindow


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (made if there is none yet)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    return app  # type: ignore[return-value]


def ensure_demo_store(store_dir: Path) -> str:
    """Create the demo store if it is not there yet; return its passphrase."""
    from advisor_app.demo import DEMO_PASSPHRASE, create_demo_store
    from advisor_app.services import AdvisorService

    if not AdvisorService.store_exists(store_dir):
        from advisor_app.ui.widgets.busy import busy

        with busy():
            create_demo_store(store_dir, DEMO_PASSPHRASE)
    return DEMO_PASSPHRASE


def build_window(store_dir: Path, *, demo: bool = False, settings: Settings | None = None,
                 app: QApplication | None = None) -> MainWindow:
    """Apply settings (language, theme, text size) and make the main window, not yet shown."""
    app = app or application()
    settings = settings or Settings.load()
    theme.system_point_size()  # remember the desktop's text size before we change it
    qt_locale.set_language(app, settings.language)
    app.setApplicationDisplayName(_("Support Advisor"))
    theme.apply(app, text_scale=settings.text_scale, high_contrast=settings.high_contrast)
    demo_passphrase = ensure_demo_store(store_dir) if demo else None
    window = MainWindow(store_dir, settings=settings, demo=demo, demo_passphrase=demo_passphrase)
    if not demo:
        settings.set("last_store_dir", str(store_dir))
        try:
            settings.save()
        except OSError:
            pass
    return window


def run_app(store_dir: Path, *, demo: bool = False, argv: list[str] | None = None) -> int:
    """Show the app for the store in ``store_dir`` until it is closed; return the exit code."""
    from advisor_app.logs import setup_logging
    from advisor_app.ui import errors

    setup_logging(paths.data_dir())
    app = application(argv)
    errors.install()  # after the QApplication: Qt's message handler is installed into it
    window = build_window(Path(store_dir), demo=demo, app=app)
    window.show()
    if os.environ.get("ADVISOR_APP_QUIT_WHEN_READY"):
        # For the launch benchmark: stop as soon as the first screen has been painted.
        QTimer.singleShot(0, app.quit)
    return app.exec()
