"""App-level benchmarks against the DESIGN.md budgets (run with `make bench`).

- case list with 5,000 cases; open a case; one autosave through the services (validate, read,
  write, journal, commit);
- an advisor's visit (list, open a case, twenty autosaved edits, back to the list) on the
  SQLCipher store and on the same code over plain sqlite3, as a ratio (autosaves alone too);
- launch to the unlock screen: a new process of the real app, until the unlock screen shows.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import pytest

from advisor_app.services import AdvisorService
from tests.benchmarks.plain_store import plain_sqlite_store

PASSPHRASE = "a long enough passphrase for the benchmarks"
CASES = 5000
ENQUIRY = {"received_on": "2026-03-02", "route": "family", "contact_phone": "0113 496 0000",
           "looking_for": "Help to get out and about three days a week, and a break for mum.",
           "urgency": "soon", "lives_in": "Leeds", "decision": "pursue"}


def fill(service: AdvisorService, cases: int) -> list[str]:
    ids = []
    with service.store.transaction():
        for i in range(cases):
            case = service.create_case(first_name=f"Person{i}", last_name="Example")
            service.save(case, "enquiry", {**ENQUIRY, "postcode": f"LS{i % 30 + 1} {i % 9}AB"})
            ids.append(case)
    return ids


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    service = AdvisorService.create(tmp_path_factory.mktemp("big") / "store", PASSPHRASE)
    ids = fill(service, CASES)
    yield service, ids
    service.lock()


def test_case_list_with_5000_cases(benchmark, big):
    service, _ = big
    cases = benchmark(service.list_cases)
    assert len(cases) == CASES
    benchmark.extra_info["budget_s"] = 0.2
    assert benchmark.stats["median"] < 0.2


def test_case_list_search_with_5000_cases(benchmark, big):
    service, _ = big
    found = benchmark(service.list_cases, "person4999")
    assert [c.person_name for c in found] == ["Person4999 Example"]
    assert benchmark.stats["median"] < 0.2


def test_open_a_case(benchmark, big):
    service, ids = big
    view = benchmark(service.load_case, ids[1234])
    assert view.sections["enquiry"].data["urgency"] == "soon"
    benchmark.extra_info["budget_s"] = 0.05
    assert benchmark.stats["median"] < 0.05


def test_one_autosave_through_the_services(benchmark, big):
    service, ids = big
    counter = iter(range(10**9))
    result = benchmark(lambda: service.save(ids[42], "enquiry", {**ENQUIRY, "looking_for": f"edit {next(counter)}"}))
    assert result.ok
    benchmark.extra_info["budget_s"] = 0.01
    assert benchmark.stats["median"] < 0.01


def visit(service: AdvisorService, case: str, edits: int) -> None:
    """What an advisor does on a visit: find the case in the list, open it, and edit as they
    talk (each edit one debounced autosave), then back to the list."""
    service.list_cases()
    service.load_case(case)
    for i in range(edits):
        service.save(case, "enquiry", {**ENQUIRY, "looking_for": f"Edit number {i} {time.perf_counter()}"})
    service.list_cases()


def autosaves(service: AdvisorService, case: str, edits: int) -> None:
    for i in range(edits):
        service.save(case, "enquiry", {**ENQUIRY, "looking_for": f"Edit number {i} {time.perf_counter()}"})


def ratio(work, encrypted, plain, cases, rounds: int = 7) -> float:
    """Median of encrypted/plain timings, alternating so machine noise hits both alike."""
    ratios = []
    for _ in range(rounds):
        timings = {}
        for name, service in (("enc", encrypted), ("plain", plain)):
            started = time.perf_counter()
            work(service, cases[name], 20)
            timings[name] = time.perf_counter() - started
        ratios.append(timings["enc"] / timings["plain"])
    return statistics.median(ratios)


def test_sqlcipher_against_plain_sqlite3_same_workload(benchmark, tmp_path):
    """The budget (1.2x) is for the advisor's workload. Autosaves alone are reported too: they
    are bound by commit cost, where SQLCipher's per-page encryption shows most on this VM's
    very fast fsync (about 0.2 ms)."""
    encrypted = AdvisorService.create(tmp_path / "enc", PASSPHRASE)
    plain = AdvisorService(plain_sqlite_store(tmp_path / "plain"))
    try:
        cases = {name: fill(s, 200)[7] for name, s in (("enc", encrypted), ("plain", plain))}
        visit_ratio = ratio(visit, encrypted, plain, cases)
        autosave_ratio = ratio(autosaves, encrypted, plain, cases)
        benchmark.extra_info.update(visit_ratio=round(visit_ratio, 3), autosave_only_ratio=round(autosave_ratio, 3),
                                    budget=1.2)
        benchmark.pedantic(lambda: None, rounds=1)
        print(f"\nSQLCipher / plain sqlite3: advisor's visit {visit_ratio:.3f}x; autosaves alone {autosave_ratio:.3f}x")
        assert visit_ratio <= 1.2
    finally:
        encrypted.lock()
        plain.lock()


def test_launch_to_unlock_screen(benchmark, tmp_path):
    store = tmp_path / "store"
    AdvisorService.create(store, PASSPHRASE).lock()
    env = {**os.environ, "ADVISOR_APP_QUIT_WHEN_READY": "1", "QT_QPA_PLATFORM": "offscreen"}
    # An installed app runs from compiled bytecode (pip and PyInstaller both compile it); this
    # machine's PYTHONDONTWRITEBYTECODE would make every launch compile the app afresh instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def launch() -> None:
        subprocess.run([sys.executable, "-m", "advisor_app", "--store", str(store)], env=env, check=True,
                       timeout=60, capture_output=True)

    benchmark.pedantic(launch, rounds=5, warmup_rounds=1)
    benchmark.extra_info["budget_s"] = 1.0
    assert benchmark.stats["median"] < 1.0
