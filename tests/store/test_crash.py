"""Crash safety: kill a process that is saving, at random moments, and reopen every time.

Each round starts a child that opens the store and saves edits in a loop (crash_child.py),
SIGKILLs it at a random moment (sometimes while it is still opening the store), then checks
that the store opens, passes ``check()`` (encrypted pages, integrity, journal chain) and holds
every edit the child reported saved.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor_app.store import CASE, Store

from .conftest import FAST_KDF, PASSPHRASE
from .crash_child import CASE_ID

ROUNDS = 60
CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]


def run_and_kill(directory: Path, rng: random.Random) -> int:
    """Start a saving child, kill it with SIGKILL at a random moment; the last n it reported."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(directory), PASSPHRASE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    first = b""
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 0.4))  # may land during start-up or Store.open
    else:
        first = child.stdout.readline()  # in the saving loop now
        time.sleep(rng.uniform(0.0, 0.05))
    child.send_signal(signal.SIGKILL)
    # Read through the same buffered file objects as readline() above (communicate() reads the
    # raw pipes and would miss lines readline() had already buffered).
    out, err = child.stdout.read(), child.stderr.read()
    child.wait()
    assert child.returncode == -signal.SIGKILL, err.decode()
    lines = (first + out).decode().splitlines(keepends=True)
    saved = [int(line.split()[1]) for line in lines if line.endswith("\n")]
    return max(saved, default=0)


@pytest.mark.slow
def test_sigkill_while_saving_loses_nothing_reported_saved(tmp_path):
    seed = int(os.environ.get("CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    directory = tmp_path / "store"
    Store.create(directory, PASSPHRASE, kdf=FAST_KDF).close()
    reported = 0
    total_saves = 0
    for round_ in range(ROUNDS):
        last = run_and_kill(directory, rng)
        total_saves += max(0, last - reported)
        reported = max(reported, last)
        where = f"seed {seed}, round {round_}, last reported {reported}"
        with Store.open(directory, PASSPHRASE) as store:
            assert store.check() == [], where
            record = store.get(CASE, CASE_ID)
            n = record.data["n"] if record else 0
            # Everything reported is there; at most one more commit finished unreported.
            assert n in (reported, reported + 1), where
            assert record is None or record.version == n, where
            assert len(store.find("visit", case_id=CASE_ID)) == n, where
            assert len(store.documents(CASE_ID)) == n // 25, where
            assert len(store.changes_after(0)) == 2 * n + n // 25, where
            reported = n
    print(f"crash test: seed {seed}, {total_saves} saves over {ROUNDS} kills")
    # At least one save in most rounds (a loaded CI machine saves far fewer than an idle one).
    assert total_saves > ROUNDS // 2, f"the child hardly saved anything (seed {seed})"
