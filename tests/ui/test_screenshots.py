"""The screenshot tour runs end to end (here offscreen; `make screenshots` runs it under Xvfb)."""

from __future__ import annotations

from PySide6.QtGui import QImage


def test_screenshot_tour_saves_every_screen(qtbot, tmp_path, monkeypatch):
    from devtools.screenshots import take_all

    monkeypatch.setenv("ADVISOR_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_APP_CONFIG_DIR", str(tmp_path / "config"))
    out = tmp_path / "shots"
    out.mkdir()
    saved = take_all(out, tmp_path)
    names = {p.stem for p in saved}
    for expected in ("01-first-run", "03-unlock-wrong-passphrase", "04-case-list", "07-enquiry",
                     "08-enquiry-messages-beside-fields", "12-person", "13-circle", "16-funding",
                     "17-funding-message-beside-amount", "18-settings", "19-high-contrast-case-list",
                     "22-auto-locked", "23-demo-unlock"):
        assert expected in names
    for path in saved:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 500 and image.height() >= 400, path
