"""The screenshot tour runs end to end (here offscreen; `make screenshots` runs it under Xvfb), and
the log it leaves holds none of the demo's personal data."""

from __future__ import annotations

import logging

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtGui import QImage

from advisor_app import logs
from advisor_app.demo import fill_demo
from advisor_app.services import AdvisorService
from advisor_app.ui import errors
from tests.ui.helpers import PASSPHRASE


def demo_names(directory) -> set[str]:
    """Every name, address, phone number and postcode the demo cases hold (three letters or more)."""
    service = AdvisorService.create(directory, PASSPHRASE)
    try:
        fill_demo(service)
        found: set[str] = set()
        for case in service.list_cases():
            view = service.load_case(case.id)
            person = view.sections.get("person")
            enquiry = view.sections.get("enquiry")
            circle = view.sections.get("circle")
            for data in (person.data if person else {}, enquiry.data if enquiry else {}):
                for key in ("first_name", "last_name", "preferred_name", "contact_name", "address", "phone",
                            "contact_phone", "email", "postcode"):
                    found.update(part.strip() for part in str(data.get(key) or "").splitlines())
            for member in (circle.data.get("members") or []) if circle else []:
                found.add(str(member.get("name") or ""))
        return {name for name in found if len(name) >= 3}
    finally:
        service.lock()


def test_screenshot_tour_saves_every_screen_and_logs_no_personal_data(qtbot, tmp_path, monkeypatch):
    from devtools.screenshots import take_all

    monkeypatch.setenv("ADVISOR_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_APP_CONFIG_DIR", str(tmp_path / "config"))
    log = logs.setup_logging(tmp_path / "data", level=logging.DEBUG)  # everything the app says, to search
    previous = qInstallMessageHandler(errors.qt_message)
    try:
        out = tmp_path / "shots"
        out.mkdir()
        saved = take_all(out, tmp_path)
        names = demo_names(tmp_path / "names")
        assert {"Priya", "Sharma", "Tom", "Brennan"} <= names
        try:  # the way an error carrying a name reaches the log, to prove the search can fail
            raise ValueError("Priya Sharma")
        except ValueError as exc:
            errors.show_error(exc).reject()
    finally:
        qInstallMessageHandler(previous)
        logs.stop_logging()
    shots = {p.stem for p in saved}
    for expected in ("01-first-run", "03-unlock-wrong-passphrase", "04-case-list", "07-enquiry",
                     "08-enquiry-messages-beside-fields", "12-person", "13-circle", "16-funding",
                     "17-funding-message-beside-amount", "18-settings", "19-high-contrast-case-list",
                     "22-auto-locked", "23-demo-unlock"):
        assert expected in shots
    for path in saved:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 500 and image.height() >= 400, path

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(log.parent.iterdir()))
    assert "Started" in text and "builtins.ValueError (message not logged)" in text
    leaked = sorted(name for name in names if name in text)
    assert leaked == [], leaked
