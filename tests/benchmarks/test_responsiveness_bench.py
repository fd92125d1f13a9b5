"""The window stays responsive (run with `make bench`): the longest time the event loop could not
run, while the advisor syncs with a relay that answers slowly (the real relay process behind a
proxy that waits before passing each connection on), while the agreement pack is made, and while
the office imports many bundles.
Budget: under 100 ms each (a person notices a freeze from about a tenth of a second).
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from advisor_app.domain.journey import Stage
from advisor_app.ui.operations import Op
from advisor_app.ui.screens.sync_dialog import SyncDialog
from tests.relay_server import OFFICE_CREDENTIAL, slow_proxy
from tests.ui.helpers import FAST_KDF, finish, open_stage
from tests.office.helpers import new_office
from tests.ui.office_fixtures import bundles_on_a_stick, unlocked_window

BUDGET_S = 0.1
RELAY_DELAY_S = 1.5  # each connection to the relay waits this long


class StallMeter:
    """Ticks every 5 ms on the screen's thread; the longest gap between ticks is the longest time
    the event loop was kept from running (a tick due in a stall runs when it ends)."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.longest_ms = 0

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest_ms = max(self.longest_ms, now - self.last)
        self.last = now

    def __enter__(self) -> "StallMeter":
        self.clock.start()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()
        self._tick()

    @property
    def longest_s(self) -> float:
        return self.longest_ms / 1000


@pytest.fixture
def slow_relay(start_relay):
    relay = start_relay()
    with slow_proxy(relay, RELAY_DELAY_S) as url:
        yield relay, url


def test_sync_with_a_slow_relay_never_freezes_the_window(benchmark, qtbot, unlocked, slow_relay, tmp_path):
    relay, slow_url = slow_relay
    window = unlocked
    office = new_office(tmp_path / "office", "office passphrase 1", kdf=FAST_KDF,
                        relay_url=relay.url, relay_credential=OFFICE_CREDENTIAL)
    try:
        enrollment = tmp_path / "jess.json"
        enrollment.write_bytes(office.enroll("Jess laptop", relay_url=slow_url).to_bytes())
        dialog = SyncDialog(window.session, window)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.enroll_from(enrollment)
        meters: list[StallMeter] = []
        took: list[float] = []

        def sync() -> None:
            started = time.monotonic()
            with StallMeter() as meter:
                finish(qtbot, dialog.sync_relay(), timeout=120_000)
            took.append(time.monotonic() - started)
            meters.append(meter)

        benchmark.pedantic(sync, rounds=1, iterations=1)
        assert "Sent " in dialog.result_text(), dialog.result_text()
        assert took[0] >= 2 * RELAY_DELAY_S  # the relay was slow indeed (a list and an upload at least)
        benchmark.extra_info.update(longest_stall_s=meters[0].longest_s, budget_s=BUDGET_S, sync_s=took[0])
        assert meters[0].longest_s < BUDGET_S, f"the window froze for {meters[0].longest_ms} ms"
    finally:
        office.store.close()


def test_making_the_agreement_pack_never_freezes_the_window(benchmark, qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    ws = window.workspace
    case_id = ws.case_id
    meters: list[StallMeter] = []

    def make_pack() -> None:
        person = dict(ws.view.sections["person"].data)
        person["address"] = (person.get("address") or "") + "\nFlat 2"  # so the pack is made afresh
        Op(window.session, lambda service: service.save(case_id, "person", person)).run()
        qtbot.wait(1000)  # the page shows the changed case first (its wording is laid out again)
        with StallMeter() as meter:
            finish(qtbot, page.read_together(show=False), timeout=60_000)
        meters.append(meter)
        assert page.reading is not None and page.reading.page_count() > 2
        page.reading.deleteLater()

    benchmark.pedantic(make_pack, rounds=3, iterations=1)
    longest = max(m.longest_s for m in meters)
    benchmark.extra_info.update(longest_stall_s=longest, budget_s=BUDGET_S)
    assert longest < BUDGET_S, f"the window froze for {longest * 1000:.0f} ms"


OFFICE_BUNDLES = 40


def test_an_office_import_of_many_bundles_never_freezes_the_window(benchmark, qtbot, open_window, office, tmp_path):
    """The demo laptop's cases (with their signed agreements, whose signatures the office checks)
    and then one more case in each of 40 bundles, imported from a stick in the office's window.
    Budgeted: the bundles being imported (until the last one is in). Reported beside it: the
    office's tabs reading everything again afterwards, on the screen's thread."""
    stick = bundles_on_a_stick(tmp_path, office, OFFICE_BUNDLES, demo=True)
    window = unlocked_window(qtbot, open_window, office)
    importing, reading = StallMeter(), StallMeter()
    took: list[float] = []

    def imported_all(done: int, total: int, _words: str) -> None:
        if total and done == total and importing.timer.isActive():
            importing.__exit__()
            reading.__enter__()

    def import_them() -> None:
        started = time.monotonic()
        importing.__enter__()
        task = window.inbox.import_folder(stick)
        task.progressed.connect(imported_all)
        finish(qtbot, task, timeout=300_000)
        reading.__exit__()
        took.append(time.monotonic() - started)

    benchmark.pedantic(import_them, rounds=1, iterations=1)
    assert window.inbox.message_text() == f"Imported {OFFICE_BUNDLES} bundles.", window.inbox.message_text()
    benchmark.extra_info.update(longest_stall_s=importing.longest_s, budget_s=BUDGET_S, import_s=took[0],
                                bundles=OFFICE_BUNDLES, reading_again_longest_stall_s=reading.longest_s)
    assert importing.longest_s < BUDGET_S, f"the window froze for {importing.longest_ms} ms"
