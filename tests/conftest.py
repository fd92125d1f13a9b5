"""Every test runs headless, with its own temporary data and config folders; shared fixtures (the
real relay process) are here, shared helpers in modules beside the tests (relay_server.py,
postgres_server.py, ui/helpers.py, ...), never in a test module."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.ui.fixtures", "tests.ui.office_fixtures"]  # the desktop shell's fixtures, for the UI tests and the benchmarks


@pytest.fixture(scope="session", autouse=True)
def speech(tmp_path_factory):
    """Text to speech, for the whole session, through a speech-dispatcher of the tests' own that
    speaks into a file (tests/speech_server.py): never the user's, never a sound card."""
    from tests.speech_server import private_speech

    private = private_speech(tmp_path_factory.mktemp("speech"))
    with pytest.MonkeyPatch.context() as mp:
        for name, value in private.environ.items():
            mp.setenv(name, value)
        yield private
        private.stop()


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("appdirs")
    monkeypatch.setenv("ADVISOR_APP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("ADVISOR_APP_CONFIG_DIR", str(base / "config"))
    yield


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo cases in a locked store, built once (tests/demo_template.py); copy it, never change it."""
    from tests.demo_template import build

    base = tmp_path_factory.mktemp("demo-template")
    with pytest.MonkeyPatch.context() as mp:  # session fixtures run before the per-test folders are set
        mp.setenv("ADVISOR_APP_DATA_DIR", str(base / "data"))
        mp.setenv("ADVISOR_APP_CONFIG_DIR", str(base / "config"))
        return build(base / "store")


@pytest.fixture
def demo_store(demo_template, tmp_path) -> Path:
    """A store of the test's own holding the demo cases (passphrase ``demo_template.PASSPHRASE``)."""
    from tests.demo_template import copy_demo

    return copy_demo(demo_template, tmp_path / "demo-store")


@pytest.fixture
def start_relay(tmp_path) -> Iterator:
    """start_relay(database_url=None, **options) -> RelayServer; every one is stopped at the end."""
    from tests.relay_server import RelayServer

    started: list[RelayServer] = []

    def start(database_url: str | None = None, **options) -> RelayServer:
        url = database_url or f"sqlite:///{tmp_path / 'relay.db'}"
        server = RelayServer(url, tmp_path / f"relay-{len(started)}.log", **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
