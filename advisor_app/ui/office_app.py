"""Kept for ``from advisor_app.ui.office_app import …``: the office's screens are in ``advisor_app.ui.office``."""
from advisor_app.ui.office import OfficeWindow, prepare_application, run_office_app
__all__ = ["OfficeWindow", "prepare_application", "run_office_app"]
