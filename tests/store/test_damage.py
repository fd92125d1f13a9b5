"""Every way a store can be unusable says what is wrong, in its own sentence, and changes nothing:
a read-only folder, a missing key file, a missing database, a damaged page, a full disk. A damaged
store is salvaged: every readable row copied into a new store, and what could not be read named.

The damaged files are real SQLCipher files with bytes flipped on disk; the full disk is a real
small file system where one can be mounted here, and SQLite's own page limit (the same
SQLITE_FULL error) everywhere.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor_app.store import (
    CASE, DatabaseMissing, DiskFull, KeyFileMissing, Store, StoreDamaged, StoreReadOnly,
)
from advisor_app.store.connection import DatabaseError, connect_keyed

from .conftest import FAST_KDF, MARKER, PASSPHRASE, file_states, mode

PAGE = 4096
ROOT = Path(__file__).resolve().parents[2]


def filled(directory: Path, cases: int = 150) -> tuple[dict[str, dict], bytes]:
    """A closed store with records, journal entries and a document; its records by id and key."""
    with Store.create(directory, PASSPHRASE, kdf=FAST_KDF) as store:
        for n in range(cases):
            store.put(CASE, {"name": f"{MARKER} {n}", "notes": "x" * 300}, case_id=f"case-{n}")
        store.put_document(case_id="case-1", kind="note", title="Note", content=b"%PDF" + os.urandom(9000), meta={})
        records = {r.id: r.data for r in store.find(CASE)}
        key = bytes(store._key)
    return records, key


def page_of(directory: Path, key: bytes, table: str, rowid: int) -> int:
    """The page holding row ``rowid`` of ``table``: the one page whose damage makes that row, and
    not the table's first row, unreadable (found by trying each page on a copy)."""
    path = directory / "store.db"
    original = path.read_bytes()
    probe = directory.parent / f"probe-{table}.db"
    try:
        for page in range(len(original) // PAGE, 1, -1):
            damaged = bytearray(original)
            damaged[(page - 1) * PAGE + 300] ^= 0x01
            probe.write_bytes(bytes(damaged))
            conn = connect_keyed(probe, key)
            try:
                conn.execute(f"SELECT * FROM {table} WHERE rowid = 1").fetchall()
                conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchall()
            except (DatabaseError, MemoryError):
                return page
            finally:
                conn.close()
    finally:
        probe.unlink(missing_ok=True)
    raise AssertionError(f"no page holds row {rowid} of {table}")


def flip(directory: Path, page: int, offset: int = 300) -> None:
    """Change one byte of page ``page`` (1-based) on disk, as a failing disk would."""
    path = directory / "store.db"
    data = bytearray(path.read_bytes())
    data[(page - 1) * PAGE + offset] ^= 0x01
    path.write_bytes(bytes(data))


def cli(*args: str, stdin: str = PASSPHRASE + "\n") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "advisor_app", *args, "--passphrase-stdin"], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def one_line(done: subprocess.CompletedProcess, words: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and words in done.stderr and "Traceback" not in done.stderr


# --- a damaged page -----------------------------------------------------------------------------

def test_a_damaged_page_is_named_and_salvage_copies_every_readable_row(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    records, key = filled(old)
    page = page_of(old, key, "journal", 75)  # a page of change journal entries
    flip(old, page)
    before = file_states(old)

    with pytest.raises(StoreDamaged) as refused:
        Store.open(old, PASSPHRASE)
    assert str(refused.value).startswith("Part of the store is damaged (1 page cannot be read safely)")
    for command in (["export", "--store", str(old), "--case", "case-1"],
                    ["backup", "--store", str(old), "--to", str(tmp_path / "b")]):
        one_line(cli(*command), "Part of the store is damaged (1 page")
    checked = cli("check", "--store", str(old))
    assert checked.returncode == 1 and f"HMAC verification failed for page {page}" in checked.stderr
    assert "advisor-app salvage" in checked.stderr and "Traceback" not in checked.stderr

    done = cli("salvage", "--store", str(old), "--to", str(new))
    assert done.returncode == 0, done.stderr
    assert "Copied 150 of 150 records." in done.stdout
    assert "journal entries (changes); could not read row(s) " in done.stdout
    assert "had not reached the office yet" in done.stdout
    assert file_states(old) == before  # the damaged store was only read
    with Store.open(new, PASSPHRASE) as salvaged:  # the same passphrase opens the new store
        assert {r.id: r.data for r in salvaged.find(CASE)} == records
        assert salvaged.store_id != "" and len(salvaged.documents()) == 1
        lost = [p for p in salvaged.check() if "missing from the journal" in p]
        assert len(lost) == 1  # one gap, where the damaged page's entries were
    assert {p.name: mode(p) for p in new.iterdir()} == {"store.db": 0o600, "store.key": 0o600}


def test_salvage_reads_around_damage_in_records_and_in_the_last_page(tmp_path):
    old = tmp_path / "old"
    records, key = filled(old, cases=300)
    middle, last = page_of(old, key, "records", 150), page_of(old, key, "records", 300)
    flip(old, middle)
    flip(old, last)  # the table's last rows: its highest row id cannot be read
    report = Store.salvage(old, tmp_path / "new", PASSPHRASE)
    assert report.damaged_pages == 2 and not report.complete
    copied = report.tables["records"]
    assert copied.end_unknown and 150 in copied.unreadable and 300 not in [r for r in range(copied.copied)]
    assert 200 <= copied.copied < 300
    with Store.open(tmp_path / "new", PASSPHRASE) as salvaged:
        for record in salvaged.find(CASE):
            assert record.data == records[record.id]  # whatever was copied is exactly as it was
    assert any("Copied" in line for line in report.lines())


def test_salvage_refuses_to_write_over_a_store(tmp_path):
    filled(tmp_path / "old", cases=3)
    filled(tmp_path / "other", cases=3)
    before = file_states(tmp_path / "other")
    one_line(cli("salvage", "--store", str(tmp_path / "old"), "--to", str(tmp_path / "other")), "already a store")
    assert file_states(tmp_path / "other") == before


# --- missing files ------------------------------------------------------------------------------

def test_a_missing_key_file_and_a_missing_database_each_say_so(tmp_path):
    filled(tmp_path / "a", cases=2)
    filled(tmp_path / "b", cases=2)
    (tmp_path / "a" / "store.key").unlink()
    (tmp_path / "b" / "store.db").unlink()
    with pytest.raises(KeyFileMissing):
        Store.open(tmp_path / "a", PASSPHRASE)
    with pytest.raises(DatabaseMissing):
        Store.open(tmp_path / "b", PASSPHRASE)
    one_line(cli("cases", "--store", str(tmp_path / "a")), "The store's key file (store.key) is missing")
    one_line(cli("cases", "--store", str(tmp_path / "b")), "The store's database (store.db) is missing")
    assert not (tmp_path / "b" / "store.db").exists()  # not created empty


# --- a read-only folder -------------------------------------------------------------------------

@contextlib.contextmanager
def read_only(directory: Path):
    """The folder made read-only: by its mode for an ordinary user; for root (whom modes do not
    stop) by a read-only bind mount, where the system allows one."""
    if os.geteuid() != 0:
        os.chmod(directory, 0o500)
        try:
            yield
        finally:
            os.chmod(directory, 0o700)
        return
    if subprocess.run(["mount", "--bind", str(directory), str(directory)], capture_output=True).returncode:
        pytest.skip("cannot make a read-only folder here (root without mount)")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(directory)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(directory)], check=True, capture_output=True)


def test_a_read_only_folder_is_not_called_damaged(tmp_path):
    directory = tmp_path / "store"
    filled(directory, cases=2)
    before = file_states(directory)
    with read_only(directory):
        with pytest.raises(StoreReadOnly) as refused:
            Store.open(directory, PASSPHRASE)
        assert "damaged" not in str(refused.value)
        one_line(cli("cases", "--store", str(directory)), "The store's folder cannot be written to")
    assert file_states(directory) == before


# --- a full disk --------------------------------------------------------------------------------

def test_a_full_disk_during_a_save_keeps_everything_saved_before(store):
    for n in range(20):
        store.put(CASE, {"n": n}, case_id=f"c{n}")
    used = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count = {used + 2}")  # SQLite's own SQLITE_FULL
    with pytest.raises(DiskFull) as refused:
        for n in range(100):
            store.put("visit", {"notes": "y" * 3000, "n": n}, case_id="c1")
    assert str(refused.value).startswith("The disk is full, so this could not be saved.")
    saved = len(store.find("visit"))
    assert len(store.find(CASE)) == 20
    assert store.check() == []  # every save is whole, with its journal entry, or not there at all
    assert len(store.changes_after(0)) == 20 + saved


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MiB file system (tmpfs), where one can be mounted here."""
    where = tmp_path / "small"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    yield where
    subprocess.run(["umount", str(where)], check=True, capture_output=True)


def test_a_really_full_disk(small_disk, tmp_path):
    directory = tmp_path / "store"
    filled(directory, cases=150)  # about 400 KB
    (small_disk / "ballast").write_bytes(b"x" * (small_disk.stat().st_size and 1_900_000))
    one_line(cli("backup", "--store", str(directory), "--to", str(small_disk / "backup.advisor")), "The disk is full")
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast"]  # no half-written backup

    store_dir = small_disk / "store"
    (small_disk / "ballast").unlink()
    with Store.create(store_dir, PASSPHRASE, kdf=FAST_KDF) as store:
        (small_disk / "ballast").write_bytes(b"x" * 1_500_000)
        with pytest.raises(DiskFull):
            for n in range(1000):
                store.put("visit", {"notes": os.urandom(1500).hex()}, case_id="c")
        saved = len(store.find("visit"))
    (small_disk / "ballast").unlink()
    with Store.open(store_dir, PASSPHRASE) as store:
        assert store.check() == [] and len(store.find("visit")) == saved
