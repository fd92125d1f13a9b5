"""The demo cases, built once per test session (once per worker with pytest-xdist) and copied for
each test that wants them: building them (six cases, documents, signatures) costs about half a
second, copying the encrypted store a few milliseconds. The ``demo_template`` fixture is in
tests/conftest.py; ``copy_demo`` makes a test's own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from advisor_app.store import KdfParams

PASSPHRASE = "kettle harbour violet"
ADVISOR = "Test Advisor"
FAST_KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)  # Argon2id at test cost (the real one: tests/store)


def build(directory: Path) -> Path:
    from advisor_app.demo import fill_demo
    from advisor_app.services import AdvisorService

    service = AdvisorService.create(directory, PASSPHRASE, advisor_name=ADVISOR, kdf=FAST_KDF)
    try:
        fill_demo(service)
    finally:
        service.lock()
    return directory


def copy_demo(template: Path, target: Path) -> Path:
    """A store of the test's own with the demo cases (the same store and device ids as the template)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(template, target)
    return target
