"""Reading the agreement together: the pack over the whole screen, one large page at a time.

Built on ``PdfPreviewDialog`` (Qt's own PDF viewer, no file written). Page Up / Page Down and
the Left / Right arrow keys turn the pages; plus and minus zoom; Esc leaves. "Read aloud" reads
the page shown with the system's text to speech, when Qt's QtTextToSpeech loads and has an
engine; otherwise the button is not shown at all.
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _, language
from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog
from advisor_app.ui.widgets.text import TrButton, shortcut

log = logging.getLogger(__name__)
READING_ZOOM = 1.5


@functools.lru_cache(maxsize=1)
def speech_engines() -> tuple[str, ...]:
    """The text to speech engines, looked for once (loading their plug-ins takes a while)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except Exception:  # e.g. libpulse missing: reading aloud is simply not offered
        log.info("Text to speech is not available on this computer")
        return ()
    try:
        return tuple(e for e in QTextToSpeech.availableEngines() if e != "mock")
    except Exception:
        log.info("Text to speech could not start", exc_info=True)
        return ()


_failed_engines: set[str] = set()  # listed, but would not start: not tried again


def make_speech(parent=None):
    """A QTextToSpeech with a working engine, or None (no module, no library, no engine)."""
    engines = [e for e in speech_engines() if e not in _failed_engines]
    if not engines:
        return None
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speech = QTextToSpeech(engines[0], parent)
        if speech.state() == QTextToSpeech.State.Error:
            _failed_engines.add(engines[0])
            speech.deleteLater()
            return None
        return speech
    except Exception:
        log.info("Text to speech could not start", exc_info=True)
        return None


class ReadingView(PdfPreviewDialog):
    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None, *, speech: object | None = "auto"):
        super().__init__(pdf, title, lead=_("Read it together, page by page. Page Down or the right arrow for the "
                                            "next page; plus and minus to make it bigger or smaller; Esc to leave."),
                         parent=parent)
        self.setObjectName("readingView")
        self.close_button.set_source(N_("Close (Esc)"))
        self.speech = make_speech(self) if speech == "auto" else speech
        self.read_aloud = TrButton(N_("\U0001F50A Read &aloud"), accessible_name=N_("Read this page aloud"),
                                   tooltip=N_("Read the page shown aloud"))
        self.stop_reading = TrButton(N_("S&top reading"))
        self.read_aloud.clicked.connect(self.read_page)
        self.stop_reading.clicked.connect(self.stop)
        buttons = self.layout().itemAt(self.layout().count() - 1).layout()  # the row with Close
        buttons.insertWidget(0, self.read_aloud)
        buttons.insertWidget(1, self.stop_reading)
        self.read_aloud.setVisible(self.speech is not None)
        self.stop_reading.setVisible(False)
        if self.speech is not None:
            self.speech.stateChanged.connect(self._speech_state)

        context = Qt.ShortcutContext.WindowShortcut
        for keys in ("Right", "Space"):
            shortcut(keys, self, lambda: self.go(self.page() + 1), context)
        for keys in ("Left", "Shift+Space"):
            shortcut(keys, self, lambda: self.go(self.page() - 1), context)
        for keys in ("+", "="):
            shortcut(keys, self, lambda: self.step_zoom(+1), context)
        shortcut("-", self, lambda: self.step_zoom(-1), context)
        shortcut("Home", self, lambda: self.go(0), context)
        shortcut("End", self, lambda: self.go(self.page_count() - 1), context)
        self.view.setAccessibleName(_("The agreement, page by page"))
        self.view.setAccessibleDescription(_("Page Up, Page Down and the left and right arrows turn the pages; "
                                             "plus and minus zoom; Esc leaves."))
        self.view.setZoomMode(self.view.ZoomMode.Custom)
        self.view.setZoomFactor(READING_ZOOM)
        self._update()

    def page_text(self, page: int | None = None) -> str:
        page = self.page() if page is None else page
        return self.document.getAllText(page).text() if 0 <= page < self.page_count() else ""

    def read_page(self) -> None:
        if self.speech is None:
            return
        text = " ".join(self.page_text().split())
        if text:
            try:
                self.speech.setLocale(self.speech.locale().__class__(language()))
            except Exception:
                pass
            self.speech.say(text)

    def stop(self) -> None:
        if self.speech is not None:
            self.speech.stop()

    def _speech_state(self, state) -> None:
        speaking = getattr(state, "name", "") == "Speaking"
        self.stop_reading.setVisible(speaking)

    def go(self, page: int) -> None:
        changed = page != self.page()
        super().go(page)
        if changed and self.speech is not None and self.stop_reading.isVisible():
            self.stop()

    def show_full(self) -> None:
        self.setWindowModality(Qt.WindowModality.WindowModal)  # the case behind waits
        self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        self.show()
        self.view.setFocus()

    def done(self, result: int) -> None:  # noqa: D401 (Qt API): stop reading when leaving
        self.stop()
        super().done(result)
