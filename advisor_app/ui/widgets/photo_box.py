"""The person's photo on the one-page profile tab: choose a file or take one with the camera (where
Qt Multimedia finds one; otherwise the button is simply not there), say who agreed to it being on
their documents, or remove it. The picture goes from memory to ``services.photo``: no file is
written, and the preview is drawn from the bytes the store gives back.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFileDialog, QFrame, QHBoxLayout, QLabel, QVBoxLayout

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.services import photo
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.text import TrButton, TrLabel

log = logging.getLogger(__name__)
PREVIEW = 120


def cameras() -> list[Any]:
    """The cameras Qt Multimedia can see; none where there is no camera or no backend."""
    try:
        from PySide6.QtMultimedia import QMediaDevices

        return list(QMediaDevices.videoInputs())
    except Exception:  # no multimedia backend here: no camera button, nothing else changes
        log.debug("No camera backend", exc_info=True)
        return []


def jpeg_bytes(image: QImage) -> bytes:
    """A captured frame as JPEG bytes, in memory (``QBuffer``), never a file."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 90)
    buffer.close()
    return bytes(data.data())


class PhotoBox(QFrame):
    """``service`` and ``case_id`` are asked for each time; ``people`` gives (id, name) options;
    ``changed`` is called after each save, so the workspace reads the case again."""

    def __init__(self, service: Callable[[], Any], case_id: Callable[[], str | None],
                 people: Callable[[], list[tuple[str, str]]], changed: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("panel")
        self._service, self._case_id, self._people, self._changed = service, case_id, people, changed
        row = QHBoxLayout(self)
        row.setSpacing(16)
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW, PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("hint")
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(TrLabel(N_("A photo for the one-page profile, if they want one"), object_name="fieldLabel"))
        buttons = QHBoxLayout()
        self.choose_button = TrButton(N_("Choose a photo fi&le…"), accessible_name=N_("Choose a photo from a file"))
        self.camera_button = TrButton(N_("Take a photo with the ca&mera…"), accessible_name=N_("Take a photo with the camera"))
        self.remove_button = TrButton(N_("Remove the photo"), flat=True)
        for button in (self.choose_button, self.camera_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.camera_button.setVisible(bool(cameras()))
        self.choose_button.clicked.connect(self.choose_file)
        self.camera_button.clicked.connect(self.take_photo)
        self.remove_button.clicked.connect(self.remove)
        self.agreed = QCheckBox()
        self.agreed.toggled.connect(lambda _checked: self.save_consent())
        column.addWidget(self.agreed)
        self.who = QComboBox()
        self.who.currentIndexChanged.connect(lambda _index: self.agreed.isChecked() and self.save_consent())
        self.who_label = TrLabel(N_("&Who agreed"), buddy=self.who)
        who_row = QHBoxLayout()
        who_row.addWidget(self.who_label)
        who_row.addWidget(self.who, 1)
        column.addLayout(who_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        column.addWidget(self.message)
        row.addLayout(column, 1)
        self._loading = False
        self.retranslate()

    # -- showing ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.agreed.setText(_("They agreed to this photo being on their documents"))
        self.agreed.setAccessibleName(self.agreed.text())
        self.who.setAccessibleName(_("Who agreed to the photo"))

    def refresh(self) -> None:
        service, case_id = self._service(), self._case_id()
        if service is None or case_id is None:
            return
        self._loading = True
        try:
            consent = photo.consent(service, case_id)
            picture = photo.photo_bytes(service, case_id)
            pixmap = QPixmap()
            if picture and pixmap.loadFromData(picture):
                self.preview.setPixmap(pixmap.scaled(PREVIEW, PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                                                     Qt.TransformationMode.SmoothTransformation))
                self.preview.setAccessibleName(_("The photo"))
            else:
                self.preview.clear()
                self.preview.setText(_("No photo"))
                self.preview.setAccessibleName(_("No photo"))
            chosen = consent.given_by or self.who.currentData()  # kept while they are still asked
            self.who.clear()
            for member_id, name in self._people():
                self.who.addItem(name, member_id)
            self.who.setCurrentIndex(max(self.who.findData(chosen), 0))
            self.agreed.setChecked(consent.consent)
            has = picture is not None
            for widget in (self.agreed, self.who, self.who_label, self.remove_button):
                widget.setEnabled(has)
        finally:
            self._loading = False

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        repolish(self.message)
        self.message.setVisible(bool(text))

    # -- acting -------------------------------------------------------------------------------
    def use_bytes(self, data: bytes) -> bool:
        """Keep ``data`` as the photo; a refusal is said in the box and nothing changes."""
        try:
            result = photo.set_photo(self._service(), self._case_id(), data)
        except photo.PhotoError as exc:
            self._say(str(exc), error=True)
            return False
        if not result.ok:
            self._say(" ".join(_(m) for m in result.errors.values()), error=True)
            return False
        self._say(_("Photo kept. Ask if they agree to it being on their documents."))
        self._after()
        return True

    def use_file(self, path: str | Path) -> bool:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self._say(_("That file cannot be read: {reason}", reason=exc.strerror or exc), error=True)
            return False
        return self.use_bytes(data)

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose a photo"), str(Path.home()),
                                                    _("Photos (*.jpg *.jpeg *.png)"))
        if path:
            self.use_file(path)

    def take_photo(self) -> None:
        dialog = CameraDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.image is not None:
            self.use_bytes(jpeg_bytes(dialog.image))

    def save_consent(self) -> None:
        if self._loading:
            return
        result = photo.record_consent(self._service(), self._case_id(), given=self.agreed.isChecked(),
                                      given_by=self.who.currentData(), on=dt.date.today())
        if not result.ok:
            self._say(" ".join(_(m) for m in result.errors.values()), error=True)
            return
        self._say(_("Saved: the photo will be on their documents.") if self.agreed.isChecked()
                  else _("Saved: the photo will not be on their documents."))
        self._after()

    def remove(self) -> None:
        if photo.remove_photo(self._service(), self._case_id()).ok:
            self._say(_("The photo is removed. New documents will not show it."))
            self._after()

    def _after(self) -> None:
        self.refresh()
        self._changed()


class CameraDialog(QDialog):
    """The camera's picture, and a button to take it: the frame arrives as a ``QImage`` in
    memory (``QImageCapture.capture``, never ``captureToFile``)."""

    def __init__(self, parent=None) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self.setWindowTitle(_("Take a photo"))
        self.image: QImage | None = None
        layout = QVBoxLayout(self)
        self.video = QVideoWidget()
        self.video.setMinimumSize(480, 360)
        layout.addWidget(self.video)
        self.take = TrButton(N_("&Take the photo"), primary=True)
        layout.addWidget(self.take)
        self.camera = QCamera(cameras()[0])
        self.capture = QImageCapture()
        self.session = QMediaCaptureSession()
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.video)
        self.capture.imageCaptured.connect(self._captured)
        self.take.clicked.connect(self.capture.capture)
        self.camera.start()

    def _captured(self, _id: int, image: QImage) -> None:
        self.image = image
        self.camera.stop()
        self.accept()
