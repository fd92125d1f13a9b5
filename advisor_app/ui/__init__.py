"""The desktop shell (PySide6 widgets only). Start it with ``advisor_app.ui.app.run_app``.

Layout: ``app`` (QApplication, translations, theme), ``main_window`` (the stack of screens,
menus, auto-lock), ``session`` (the one holder of the unlocked service), ``screens/``,
``stages/`` (one page per built journey stage, registered in ``stages/__init__.py``) and
``widgets/`` (the form framework: field bindings, sections, record lists, autosave).
"""

from advisor_app.ui.qt_compat import protect_none

protect_none()  # before any Qt call: see qt_compat.py
