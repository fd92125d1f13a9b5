"""Reading aloud with the system's speech (Qt's QTextToSpeech), where there is one.

``speech_offered`` says whether there is speech to offer; ``make_speech`` gives the run's one
QTextToSpeech with a working engine (made when reading aloud is first asked for, then shared), or
None: no Qt speech module, no engine (on Linux the ``speechd`` engine needs speech-dispatcher and
a voice such as espeak-ng), a speech-dispatcher that does not answer, or an engine that will not
start. Where there is none, reading aloud is simply not offered.

``Reader`` says a text phrase by phrase (``domain.read_aloud.phrases``), one ``say`` after the
other, and tells the screen which phrase is being said (``phraseStarted``) and, where the engine
reports it, which word (``wordStarted``): the screen highlights them. An engine that fails while
speaking stops the reading quietly (``failed``).
"""

from __future__ import annotations

import functools
import logging
import threading

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from advisor_app.domain.read_aloud import Phrase, phrases
from advisor_app.services.speech import Dispatcher, dispatcher_state, still_answers

log = logging.getLogger(__name__)


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
_shared: list = []  # the one QTextToSpeech of this run, once made (see make_speech)


def _engines() -> list[str]:
    """The engines to try, speechd left out while its dispatcher does not answer (for the rest of
    the run once it was found stuck)."""
    engines = [e for e in speech_engines() if e not in _failed_engines]
    if engines and engines[0] == "speechd":
        state = dispatcher_state()
        if state == Dispatcher.SILENT:  # stuck: not asked again this run (each ask waits its time limit)
            _failed_engines.add("speechd")
        if state not in (Dispatcher.ANSWERS, Dispatcher.UNKNOWN):
            engines = engines[1:]
    return engines


def warm_up() -> None:
    """Find the speech engines and start speech-dispatcher in a worker thread (a third of a second
    or more, on the first reading), so that the reading view, made on the screen's thread, finds
    them ready. Called when the agreement's page is made."""
    if "speechd" in speech_engines():  # (listed here, on the screen's thread: a few milliseconds)
        threading.Thread(target=_warm, name="speech warm-up", daemon=True).start()


def _warm() -> None:
    try:
        dispatcher_state()
    except Exception:  # only a head start: the reading view asks again
        log.debug("Warming up the speech failed", exc_info=True)


def speech_offered() -> bool:
    """Whether reading aloud can be offered, without making the engine (which can take seconds)."""
    return bool(_engines())


def _still_there(speech) -> bool:
    return _engine_name(speech) != "speechd" or still_answers()


def forget_speech() -> None:
    """Drop the shared engine (it failed): the next reading makes one afresh, if it can."""
    while _shared:
        _shared.pop().deleteLater()


def make_speech():
    """The QTextToSpeech of this run with a working engine, or None (no module, no library, no
    engine, or a speech-dispatcher that does not answer: services/speech.py).

    Made once and shared by every reading view: making Qt's speechd engine lists every voice of
    the system, a second or two on the screen's thread, so it is made when reading aloud is first
    asked for, not each time the agreement is opened."""
    if _shared and _still_there(_shared[0]):
        return _shared[0]
    forget_speech()
    engines = _engines()
    if not engines:
        return None
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speech = QTextToSpeech(engines[0])
        if speech.state() == QTextToSpeech.State.Error:
            _failed_engines.add(engines[0])
            speech.deleteLater()
            return None
        _shared.append(speech)
        return speech
    except Exception:
        log.info("Text to speech could not start", exc_info=True)
        return None


def _engine_name(speech) -> str:
    try:
        return str(speech.engine())
    except Exception:  # a stand-in engine (the tests') without one
        return ""


def _state_name(state: object) -> str:
    return getattr(state, "name", str(state))


class Reader(QObject):
    """Says ``text`` one phrase at a time (see the module docstring)."""

    phraseStarted = Signal(int)  # the index in ``phrases``
    wordStarted = Signal(int, int)  # start and length in the text (engines that report words)
    finished = Signal()  # every phrase was said
    failed = Signal()  # the engine stopped working

    def __init__(self, speech, parent: QObject | None = None):
        super().__init__(parent)
        self.speech = speech
        self.text = ""
        self.phrases: list[Phrase] = []
        self.index = -1
        self.reading = False
        self._spoken = False  # the phrase being said has started (Speaking was seen)
        speech.stateChanged.connect(self._state)
        saying = getattr(speech, "sayingWord", None)
        if saying is not None:
            saying.connect(self._word)

    def read(self, text: str, language: str = "") -> bool:
        """Start saying ``text``; False when there is nothing to say."""
        self.stop()
        self.text = text
        self.phrases = phrases(text)
        if not self.phrases:
            return False
        if language:
            try:
                self.speech.setLocale(QLocale(language))
            except Exception:  # a locale the engine does not have: its own voice reads
                log.debug("The speech engine has no voice for %s", language, exc_info=True)
        self.reading = True
        self.index = -1
        self._next()
        return True

    def stop(self) -> None:
        was = self.reading
        self.reading = False
        self._spoken = False
        if was and _engine_name(self.speech) == "speechd" and not still_answers():
            log.info("speech-dispatcher does not answer: the reading is left to end by itself")
        elif was:
            try:
                self.speech.stop()
            except Exception:
                log.debug("Stopping the speech failed", exc_info=True)

    def phrase(self) -> Phrase | None:
        return self.phrases[self.index] if self.reading and 0 <= self.index < len(self.phrases) else None

    def _next(self) -> None:
        if not self.reading:
            return
        self.index += 1
        if self.index >= len(self.phrases):
            self.reading = False
            self.finished.emit()
            return
        self._spoken = False
        if _engine_name(self.speech) == "speechd" and not still_answers():
            log.info("speech-dispatcher stopped answering while reading aloud")
            self.reading = False  # not `stop`: asking a stuck dispatcher to stop would wait for ever
            self.failed.emit()
            return
        self.phraseStarted.emit(self.index)
        self.speech.say(self.phrases[self.index].text)

    def _state(self, state: object) -> None:
        name = _state_name(state)
        if name == "Error":
            log.info("The speech engine stopped working while reading aloud")
            self.stop()
            self.failed.emit()
        elif name == "Speaking":
            self._spoken = True
        elif name == "Ready" and self.reading and self._spoken:
            self._spoken = False
            QTimer.singleShot(0, self._next)  # after the engine has finished with this state change

    def _word(self, _word: str, _id: int = 0, start: int = 0, length: int = 0) -> None:
        phrase = self.phrase()
        if phrase is not None:
            # the engine counts in the phrase as said (single spaces); the text may have more
            self.wordStarted.emit(phrase.start + _written_index(self.text[phrase.start:phrase.end], start), length)


def _written_index(written: str, said: int) -> int:
    """Where character ``said`` of the phrase as said (spaces made single) is in ``written``."""
    count, space = 0, False
    for index, char in enumerate(written):
        if char.isspace():
            if not space:
                count += 1
            space = True
            continue
        space = False
        if count >= said:
            return index
        count += 1
    return len(written)
