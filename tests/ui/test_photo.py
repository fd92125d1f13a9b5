"""The photo on the one-page profile tab: chosen from a file, kept, agreed to by someone named,
removed; a file that is no photo refused in the box; no camera here, so no camera button."""

from __future__ import annotations

import os
from pathlib import Path

from advisor_app.domain.journey import Stage
from advisor_app.services import photo
from advisor_app.ui.stages.picture import PicturePage
from tests.services.test_photo import jpeg
from tests.ui.helpers import member_id, open_stage


def test_choose_a_photo_say_who_agreed_and_remove_it(qtbot, unlocked, tmp_path):
    window = unlocked
    window.resize(1366, 768)
    page = open_stage(window, "Priya Sharma", Stage.PICTURE)
    page.show_tab(PicturePage.TAB_PROFILE)
    box = page.photo_box
    service, case_id = window.session.service, window.workspace.case_id
    assert box.camera_button.isHidden()  # no camera on this machine: quietly no button
    assert box.preview.text() == "No photo" and not box.agreed.isEnabled()

    file = tmp_path / "priya.jpg"  # the advisor's own file, chosen in the dialog
    file.write_bytes(jpeg())
    assert box.use_file(file)
    assert box.preview.pixmap() is not None and not box.preview.pixmap().isNull()
    assert box.agreed.isEnabled() and not box.agreed.isChecked()
    assert "Ask if they agree" in box.message.text()

    anita = member_id(window, "Anita Sharma")
    box.who.setCurrentIndex(box.who.findData(anita))
    box.agreed.setChecked(True)
    consent = photo.consent(service, case_id)
    assert consent.consent and consent.given_by == anita and consent.given_on is not None
    assert "will be on their documents" in box.message.text()
    folder = Path(os.environ.get("ADVISOR_APP_SCREENSHOTS") or tmp_path)
    assert window.grab().save(str(folder / "photo-1366x768.png"))

    (tmp_path / "notes.txt").write_text("not a photo")
    assert not box.use_file(tmp_path / "notes.txt")
    assert box.message.text() == "This file is not a photo we can read. Please choose a JPEG or PNG picture."
    assert photo.consent(service, case_id).consent  # nothing changed

    box.remove_button.click()
    assert photo.photo_bytes(service, case_id) is None and box.preview.text() == "No photo"
