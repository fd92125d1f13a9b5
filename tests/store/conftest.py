"""Fixtures for the store tests: real SQLCipher stores in temporary folders, with a cheap KDF.

Argon2id at the real cost (64 MiB) runs in test_keys.py::test_default_kdf_parameters; elsewhere
a cheap setting keeps the suite fast on a shared 2-core machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from advisor_app.store import KdfParams, Store

FAST_KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"
MARKER = "Zebra-Marker-9F3A-Mrs-Pendleton"  # stands for personal data that must never leak


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path) -> Iterator[Store]:
    s = Store.create(store_dir, PASSPHRASE, advisor_name="Sam Advisor", kdf=FAST_KDF)
    yield s
    s.close()


def file_states(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``directory`` with its bytes and mtime, to prove nothing changed."""
    return {
        str(p.relative_to(directory)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*")) if p.is_file()
    }


def files_containing(directory: Path, needle: bytes) -> list[str]:
    return [str(p) for p in directory.rglob("*") if p.is_file() and needle in p.read_bytes()]


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def public_bytes(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
