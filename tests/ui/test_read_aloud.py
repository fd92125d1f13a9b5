"""Reading the agreement aloud: with the real speech engine (speech-dispatcher and espeak-ng,
installed by ``make test``, speaking into a file here) every phrase of the pages is spoken and
highlighted in order, turning the pages; where there is no speech, nothing is offered; an engine
that fails stops quietly; an engine that says which word gets that word highlighted too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtTest import QTest

from advisor_app.domain.journey import Stage
from advisor_app.domain.read_aloud import phrases
from advisor_app.services import agreement
from advisor_app.ui.widgets import read_aloud
from tests.ui.helpers import open_stage
from tests.ui.signing_helpers import LEFT


def words(text: str) -> str:
    return " ".join(text.replace("\u2029", " ").split())


@pytest.fixture
def pack(unlocked) -> bytes:
    open_stage(unlocked, "Priya Sharma", Stage.AGREEMENT)
    return agreement.make_pack(unlocked.session.service, unlocked.workspace.case_id)


def reading_view(qtbot, pdf: bytes, **options):
    from advisor_app.ui.stages.agreement.reading import ReadingView

    view = ReadingView(pdf, "Our agreement", **options)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_pages_are_spoken_and_highlighted_phrase_by_phrase(qtbot, pack, speech):
    view = reading_view(qtbot, pack)
    assert view.reader is not None, "no speech engine: `make test` installs speech-dispatcher and espeak-ng"
    assert view.read_aloud.isVisible() and not view.words.isVisible()
    first = view.page_count() - 2
    view.go(first)
    expected = [p.text for page in (first, first + 1) for p in phrases(view.page_text(page))]
    assert len(expected) >= 4
    highlighted: list[str] = []
    pages: list[int] = []
    view.reader.phraseStarted.connect(lambda _i: (highlighted.append(words(view.highlighted())),
                                                  pages.append(view.page())))
    before = len(speech.samples())

    QTest.mouseClick(view.read_aloud, LEFT)
    assert view.reading() and view.words.isVisible() and view.stop_reading.isVisible()
    qtbot.waitUntil(lambda: not view.reading(), timeout=120_000)

    assert highlighted == expected  # every phrase, in order, highlighted as it was said
    assert pages == sorted(pages) and pages[0] == first and pages[-1] == first + 1  # the pages turned
    spoken = speech.samples()[before:]
    assert len(spoken) > 8000 * len(expected) and any(spoken)  # real sound was made for each
    assert view.read_aloud.isVisible() and not view.words.isVisible()


def test_stop_and_turning_the_page_stop_the_voice(qtbot, pack):
    view = reading_view(qtbot, pack)
    assert view.reader is not None
    assert view.read_from_here()
    QTest.mouseClick(view.stop_reading, LEFT)
    assert not view.reading() and view.read_aloud.isVisible()
    assert view.read_from_here()
    view.go(view.page() + 1)  # a person turned the page
    assert not view.reading()


def test_no_speech_on_this_computer_offers_nothing(qtbot, pack, monkeypatch):
    monkeypatch.setattr(read_aloud, "speech_engines", lambda: ())
    view = reading_view(qtbot, pack)
    assert view.reader is None and not view.read_aloud.isVisible() and not view.stop_reading.isVisible()
    assert view.read_from_here() is False and not view.words.isVisible()
    silent = reading_view(qtbot, pack, speech=None)
    assert not silent.read_aloud.isVisible()


class StandIn(QObject):
    """An engine that reports each word (as some do), or fails when asked to speak."""

    stateChanged = Signal(object)
    sayingWord = Signal(str, int, int, int)

    def __init__(self, *, fails: bool = False):
        super().__init__()
        self.fails = fails
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)
        if self.fails:
            self.stateChanged.emit(type("State", (), {"name": "Error"})())

    def stop(self) -> None:
        pass

    def setLocale(self, _locale) -> None:  # noqa: N802 (Qt API)
        pass


def test_a_failing_engine_stops_quietly_and_words_are_highlighted_where_the_engine_says(qtbot, pack):
    broken = StandIn(fails=True)
    view = reading_view(qtbot, pack, speech=broken)
    assert view.read_aloud.isVisible()
    view.read_from_here()
    assert broken.said and view.reader is None  # no error shown: reading aloud is simply no longer offered
    assert not view.read_aloud.isVisible() and not view.words.isVisible()

    engine = StandIn()
    view = reading_view(qtbot, pack, speech=engine)
    view.read_from_here()
    phrase = view.reader.phrase()
    said = engine.said[0]
    start = said.index(said.split()[1])  # the second word, as the engine counts
    engine.sayingWord.emit(said.split()[1], 0, start, len(said.split()[1]))
    selections = view.words.extraSelections()
    assert len(selections) == 2 and words(selections[1].cursor.selectedText()) == said.split()[1]
    assert words(selections[0].cursor.selectedText()) == phrase.text


def never_answering(runtime):
    """A socket where speech-dispatcher's would be that takes the connection and never answers (a
    dispatcher whose sound output blocked, say): libspeechd would wait for it for ever."""
    import socket

    (runtime / "speech-dispatcher").mkdir(parents=True)
    listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listening.bind(str(runtime / "speech-dispatcher" / "speechd.sock"))
    listening.listen(8)
    return listening


@pytest.fixture
def short_dir():
    """A folder with a short path: a Unix socket's path has at most 107 bytes."""
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="sd"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def stuck_dispatcher(short_dir, monkeypatch):
    listening = never_answering(short_dir)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short_dir))
    monkeypatch.delenv("SPEECHD_ADDRESS", raising=False)
    monkeypatch.setattr(read_aloud, "_failed_engines", set())
    yield
    listening.close()


def test_a_speech_dispatcher_that_never_answers_leaves_reading_aloud_out_not_the_window_frozen(qtbot, pack,
                                                                                            stuck_dispatcher):
    import time

    from advisor_app.services.speech import Dispatcher, dispatcher_state

    started = time.monotonic()
    assert dispatcher_state(answer_within_s=0.5) == Dispatcher.SILENT
    view = reading_view(qtbot, pack)  # QTextToSpeech would block here for ever
    assert view.reader is None and not view.read_aloud.isVisible()
    assert time.monotonic() - started < 10
    view.go(1)
    assert view.page() == 1  # the reading itself goes on


def test_a_speech_dispatcher_that_stops_answering_mid_reading_ends_the_reading_quietly(qtbot, pack, speech,
                                                                                      short_dir, monkeypatch):
    view = reading_view(qtbot, pack)
    assert view.reader is not None
    view.go(view.page_count() - 2)
    QTest.mouseClick(view.read_aloud, LEFT)
    qtbot.waitUntil(lambda: view.reader.index >= 0, timeout=30_000)
    # From here, the dispatcher the next phrase would go to takes the connection and never answers.
    with never_answering(short_dir):
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(short_dir))
        with qtbot.waitSignal(view.reader.failed, timeout=120_000):
            pass
        assert not view.reading()
        view.go(0)
        assert view.page() == 0
