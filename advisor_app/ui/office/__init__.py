"""The office's screens (``advisor-app office``): the same PySide6 app, in the office role.

First the office passphrase (or, the first time, setting the office up), then one tab each for
the inbox of bundles, every case (read-only), the conflicts queue (both versions side by side),
risk approvals, signed agreements (countersigning), the laptops (enroll, revoke) and publishing
provider files. The screens only present and call ``OfficeService`` and
``advisor_app.office.queries``; file and folder choices go through small methods
(``import_folder(path)``, ``enroll_laptop(name, path)``, ``publish_files(paths)``) that tests
call directly.
"""

from advisor_app.ui.office.window import OfficeWindow, prepare_application, run_office_app

__all__ = ["OfficeWindow", "prepare_application", "run_office_app"]
