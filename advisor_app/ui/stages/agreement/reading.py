"""Reading the agreement together: the pack one large page at a time, for the family (shown in
family mode, ``ui/family``).

Built on ``PdfPager`` (Qt's own PDF viewer, no file written). Page Up / Page Down, the arrow
keys and Space turn the pages; plus and minus zoom; Home and End go to the first and last page.
"Read aloud" reads from the page shown to the end of the pack with the system's speech, where
there is one (``widgets/read_aloud.py``): the words being read are shown large under the page,
the phrase being said highlighted (and the word, where the engine says which), and the pages
turn as it reads. Without speech the button is not there at all.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QTextEdit, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _, language
from advisor_app.ui import theme
from advisor_app.ui.widgets.pdf_preview import PdfPager
from advisor_app.ui.widgets.read_aloud import Reader, forget_speech, make_speech, speech_offered
from advisor_app.ui.widgets.text import TrButton, enlarge, heading, shortcut

log = logging.getLogger(__name__)
READING_ZOOM = 1.5
WORDS_SCALE = 1.4  # the words being read, larger than the app's text


class ReadingView(QWidget):
    signRequested = Signal()  # "We have read it: sign"

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None, *, speech: object | None = "auto",
                 can_sign: bool = True):
        super().__init__(parent)
        self.setObjectName("readingView")
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(10)
        context = Qt.ShortcutContext.WindowShortcut
        self.pager = PdfPager(pdf, self, shortcut_context=context)
        # the title on the row of page buttons: on a laptop's screen the height is for the page
        title_label = heading(lambda: title, 2)
        title_label.setWordWrap(False)
        self.pager.bar.insertWidget(0, title_label)
        self.pager.bar.insertSpacing(1, 18)
        self.document, self.view = self.pager.document, self.pager.view
        self.page_count, self.page, self.page_text = self.pager.page_count, self.pager.page, self.pager.page_text
        self.zoom, self.step_zoom = self.pager.zoom, self.pager.step_zoom
        layout.addWidget(self.pager, 1)

        # the words being read, under the page
        self.words = QTextEdit()
        self.words.setObjectName("wordsRead")
        self.words.setReadOnly(True)
        self.words.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.words.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.words.setMaximumHeight(190)
        self.words.hide()
        layout.addWidget(self.words)

        row = QHBoxLayout()
        # The system's speech is made when reading aloud is first asked for (making Qt's speechd
        # engine takes a second or two on the screen's thread), and shared: see read_aloud.py.
        self._speech_source = speech
        self._reader: Reader | None = None
        self._offered = speech is not None and (speech != "auto" or speech_offered())
        self.read_aloud = TrButton(N_("\U0001F50A Read &aloud"), accessible_name=N_("Read aloud from this page"),
                                   tooltip=N_("Read aloud from the page shown, turning the pages"))
        self.stop_reading = TrButton(N_("S&top reading"))
        self.read_aloud.clicked.connect(self.read_from_here)
        self.stop_reading.clicked.connect(self.stop)
        row.addWidget(self.read_aloud)
        row.addWidget(self.stop_reading)
        row.addStretch(1)
        self.sign_button = TrButton(N_("We have read it: &sign \u2192"), primary=True,
                                    accessible_name=N_("We have read it: go on to signing"))
        self.sign_button.clicked.connect(self._sign)
        self.sign_button.setVisible(can_sign)
        row.addWidget(self.sign_button)
        layout.addLayout(row)
        self.read_aloud.setVisible(self._offered)
        self.stop_reading.setVisible(False)
        if speech not in (None, "auto"):  # an engine given (the tests' stand-ins): ready at once
            self._start_reader()

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
        self.view.setAccessibleDescription(_("Read it together, page by page. Page Up, Page Down and the left and "
                                             "right arrows turn the pages; plus and minus make it bigger or smaller."))
        self.view.setToolTip(self.view.accessibleDescription())
        self.pager.set_zoom(READING_ZOOM)
        self._words_font()

    # -- pages --------------------------------------------------------------------------------------
    def go(self, page: int) -> None:
        """Turn to ``page``; reading aloud stops when a person turns the page."""
        if page != self.page() and self.reading():
            self.stop()
        self.pager.go(page)

    def focus_first(self) -> None:
        self.view.setFocus()

    def _sign(self) -> None:
        self.stop()
        self.signRequested.emit()

    # -- reading aloud --------------------------------------------------------------------------------
    @property
    def reader(self) -> Reader | None:
        """What reads aloud, made when first asked for; None where there is no speech."""
        if self._reader is None and self._offered:
            self._start_reader()
        return self._reader

    def _start_reader(self) -> None:
        source = self._speech_source
        speech = make_speech() if source == "auto" else source
        if speech is None:
            self._speech_failed()
            return
        self._reader = Reader(speech, self)
        self._reader.phraseStarted.connect(self._phrase)
        self._reader.wordStarted.connect(self._word)
        self._reader.finished.connect(self._page_read)
        self._reader.failed.connect(self._speech_failed)

    def reading(self) -> bool:
        return self._reader is not None and self._reader.reading

    def read_from_here(self) -> bool:
        """Read the page shown aloud, then the next ones; False when there is nothing to read."""
        if self.reader is None:
            return False
        return self._read_page()

    def _read_page(self) -> bool:
        text = self.page_text()
        self.words.setPlainText(text)
        self.words.setAccessibleName(_("The words being read"))
        if not (self.reader.read(text, language()) and self.reading()):  # (an engine may fail at once)
            return False
        self.words.show()
        self.stop_reading.show()
        self.read_aloud.hide()
        self.stop_reading.setFocus()
        return True

    def stop(self) -> None:
        if self._reader is not None:
            self._reader.stop()
        self._stopped()

    def _stopped(self) -> None:
        self.stop_reading.setVisible(False)
        self.read_aloud.setVisible(self._offered)
        self.words.setExtraSelections([])
        self.words.hide()

    def _page_read(self) -> None:
        """The page is read: on to the next, until the last."""
        if self.page() + 1 < self.page_count():
            self.pager.go(self.page() + 1)
            if self._read_page():
                return
        self._stopped()
        self.read_aloud.setFocus()

    def _speech_failed(self) -> None:
        """The engine stopped working: reading aloud is no longer offered (quietly)."""
        if self._reader is not None and self._speech_source == "auto":
            forget_speech()  # not shared with the next reading either
        self._reader = None
        self._offered = False
        self._stopped()

    def highlighted(self) -> str:
        """The words highlighted now (the phrase being said)."""
        selections = self.words.extraSelections()
        return selections[0].cursor.selectedText() if selections else ""

    def _position(self, index: int) -> int:
        """Where character ``index`` of the page's text is in the words shown (Qt counts UTF-16)."""
        return len(self._reader.text[:index].encode("utf-16-le")) // 2 if self._reader is not None else index

    def _select(self, start: int, end: int, colour: str, *, bold: bool = False) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.words.document())
        cursor.setPosition(self._position(start))
        cursor.setPosition(self._position(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(theme.current()[colour]))
        fmt.setForeground(QColor("#000000"))  # dark on the highlighter's colour, in both themes
        if bold:
            fmt.setFontUnderline(True)
            fmt.setFontWeight(700)
        selection.format = fmt
        return selection

    def _phrase(self, index: int) -> None:
        phrase = self.reader.phrases[index]
        self.words.setExtraSelections([self._select(phrase.start, phrase.end, "focus_on_accent")])
        cursor = QTextCursor(self.words.document())
        cursor.setPosition(self._position(phrase.end))
        self.words.setTextCursor(cursor)
        self.words.ensureCursorVisible()
        self.words.setAccessibleDescription(phrase.text)

    def _word(self, start: int, length: int) -> None:
        phrase = self.reader.phrase() if self.reader is not None else None
        if phrase is None:
            return
        self.words.setExtraSelections([self._select(phrase.start, phrase.end, "focus_on_accent"),
                                       self._select(start, start + length, "focus_on_accent", bold=True)])

    def _words_font(self) -> None:
        enlarge(self.words, WORDS_SCALE)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API): paused or left: the voice stops too
        self.stop()
        super().hideEvent(event)
