"""The store's keys: passphrase rules on every change, rekey (old key files and passphrases stop
working, backups keep theirs), recovery through the office (its copy in its own file and in the
office's record of the enrollment), bounded Argon2 settings, and 0600 on every file that holds a
secret or personal data, whoever wrote it and whatever the umask."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor_app.cli import main
from advisor_app.office.service import OfficeError
from advisor_app.services import AdvisorService, keys, sync
from advisor_app.store import CASE, KeyFileRefused, KeyOutdated, Store, StoreError, WrongPassphrase, recovery
from advisor_app.store.keys import KdfParams
from advisor_app.store.recovery import RecoveryRefused
from tests.office.helpers import OFFICE_USER, new_office

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASS, NEW, OFFICE_PASS = "kettle harbour lantern", "orchard violin pebble", "office passphrase 1"
ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "advisor_app", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def one_line(done: subprocess.CompletedProcess, words: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and words in done.stderr and "Traceback" not in done.stderr


@pytest.fixture
def store_dir(tmp_path) -> Path:
    service = AdvisorService.create(tmp_path / "store", PASS, kdf=FAST)
    service.create_case(first_name="Ruth", last_name="Okafor")
    service.lock()
    return tmp_path / "store"


# --- passphrase rules -----------------------------------------------------------------------------

def test_passwd_and_rekey_apply_the_first_run_rule(store_dir):
    key_file = (store_dir / "store.key").read_bytes()
    for command in ("passwd", "rekey"):
        one_line(cli(command, "--store", str(store_dir), "--passphrase-stdin", stdin=f"{PASS}\nx\n"),
                 "Please use a passphrase of at least 10 characters.")
    one_line(cli("rekey", "--store", str(store_dir), "--passphrase-stdin", stdin=f"{PASS}\n{PASS}\n"),
             "Choose a new passphrase")
    assert (store_dir / "store.key").read_bytes() == key_file  # nothing changed


# --- rekey ----------------------------------------------------------------------------------------

def test_rekey_makes_old_key_files_and_passphrases_useless_but_backups_keep_theirs(store_dir, tmp_path):
    old_key_file = (store_dir / "store.key").read_bytes()
    assert cli("backup", "--store", str(store_dir), "--to", str(tmp_path / "before.advisor"), "--passphrase-stdin",
               stdin=f"{PASS}\n").returncode == 0
    with Store.open(store_dir, PASS) as store:
        old_key = store.raw_key_hex()
    # passwd re-wraps: an old copy of store.key still opens with the old passphrase...
    done = cli("passwd", "--store", str(store_dir), "--passphrase-stdin", stdin=f"{PASS}\n{NEW}\n")
    assert done.returncode == 0 and "rekey" in done.stdout
    (tmp_path / "copy").mkdir()
    shutil.copy(store_dir / "store.db", tmp_path / "copy")
    (tmp_path / "copy" / "store.key").write_bytes(old_key_file)
    Store.open(tmp_path / "copy", PASS).close()
    # ...rekey ends that.
    done = cli("rekey", "--store", str(store_dir), "--passphrase-stdin", stdin=f"{NEW}\nthird passphrase here\n")
    assert done.returncode == 0, done.stderr
    assert "backups made before keep their own key" in done.stdout
    (store_dir / "store.key").rename(tmp_path / "new.key")
    (store_dir / "store.key").write_bytes(old_key_file)  # an old key file put back
    with pytest.raises(KeyOutdated):
        Store.open(store_dir, PASS)
    (store_dir / "store.key").write_bytes((tmp_path / "new.key").read_bytes())
    for passphrase in (PASS, NEW):
        with pytest.raises(WrongPassphrase):
            Store.open(store_dir, passphrase)
    with Store.open(store_dir, "third passphrase here") as store:
        assert store.raw_key_hex() != old_key and store.check() == []
        assert [c.data["person_name"] for c in store.find(CASE)] == ["Ruth Okafor"]
    # The backup from before keeps the key and passphrase it was made with.
    with Store.restore(tmp_path / "before.advisor", tmp_path / "restored", PASS) as restored:
        assert restored.raw_key_hex() == old_key


# --- recovery through the office ------------------------------------------------------------------

@pytest.fixture
def enrolled(tmp_path):
    """An office, and a laptop whose first bundle has reached it (with its recovery copy)."""
    office = new_office(tmp_path / "office", OFFICE_PASS)
    laptop = AdvisorService.create(tmp_path / "sam", PASS, kdf=FAST)
    enrollment = sync.enroll(laptop, office.enroll("Sam").to_bytes())
    laptop.create_case(first_name="Ruth", last_name="Okafor")
    stick = tmp_path / "stick"
    stick.mkdir()
    sync.sync_folder(laptop, stick)
    office.import_folder(stick)
    return office, laptop, enrollment.enrollment_id, stick


def test_the_recovery_copy_lives_beside_the_store_and_in_the_offices_record(enrolled, tmp_path):
    office, laptop, enrollment_id, _stick = enrolled
    copy = json.loads((tmp_path / "sam" / "store.recovery").read_text())
    assert json.loads((tmp_path / "sam" / "store.key").read_text())["office"] is None
    record = next(e for e in office.enrollments() if e["enrollment_id"] == enrollment_id)
    assert record["recovery"] == copy
    assert recovery.open_copy(copy, office.keys.encryption).hex() == laptop.store.raw_key_hex()
    laptop.lock()


def test_recover_a_forgotten_passphrase_with_the_offices_file_and_code(enrolled, tmp_path):
    office, laptop, enrollment_id, stick = enrolled
    laptop.lock()
    data, code = office.recovery_file(enrollment_id)
    path = tmp_path / "recovery.json"
    path.write_bytes(data)
    assert code.replace("-", "") not in data.decode()  # the file alone opens nothing

    store = str(tmp_path / "sam")
    one_line(cli("recover", "--store", store, "--file", str(path), stdin=""), "give the recovery code and the new")
    one_line(cli("recover", "--store", store, "--file", str(path), "--passphrase-stdin",
                 stdin=f"AAAA-BBBB-CCCC-DDDD-EEEE\n{NEW}\n"), "That recovery code does not open this recovery file.")
    one_line(cli("recover", "--store", store, "--file", str(path), "--passphrase-stdin", stdin=f"{code}\nshort\n"),
             "at least 10 characters")
    done = cli("recover", "--store", store, "--file", str(path), "--passphrase-stdin", stdin=f"{code.lower()}\n{NEW}\n")
    assert done.returncode == 0, done.stderr
    with pytest.raises(WrongPassphrase):
        Store.open(tmp_path / "sam", PASS)
    with Store.open(tmp_path / "sam", NEW) as reopened:
        assert [c.data["person_name"] for c in reopened.find(CASE)] == ["Ruth Okafor"]

    # Even with store.key lost, the file (which names the store) and the code get back in.
    (tmp_path / "sam" / "store.key").unlink()
    keys.recover(tmp_path / "sam", data, code, "a fourth passphrase", kdf=FAST).lock()
    Store.open(tmp_path / "sam", "a fourth passphrase").close()


def test_after_a_rekey_the_office_gets_the_new_copy_and_old_recovery_files_stop_working(enrolled, tmp_path):
    office, laptop, enrollment_id, stick = enrolled
    old_file, old_code = office.recovery_file(enrollment_id)
    keys.rekey(laptop, PASS, NEW, kdf=FAST)
    with pytest.raises(StoreError, match="holds an earlier key of this store"):
        keys.recover(tmp_path / "sam", old_file, old_code, "a fourth passphrase", kdf=FAST)
    laptop.create_case(first_name="Ada", last_name="Lowe")  # the next bundle carries the new copy
    sync.sync_folder(laptop, stick)
    office.import_folder(stick)
    laptop.lock()
    data, code = office.recovery_file(enrollment_id)
    keys.recover(tmp_path / "sam", data, code, "a fourth passphrase", kdf=FAST).lock()


def test_the_office_cannot_make_a_file_before_the_laptop_has_sent_its_copy(tmp_path):
    office = new_office(tmp_path / "office", OFFICE_PASS)
    enrollment = office.enroll("Sam")
    with pytest.raises(OfficeError, match="has not sent its recovery copy yet"):
        office.recovery_file(enrollment.enrollment_id)
    with pytest.raises(OfficeError, match="no such enrollment"):
        office.recovery_file("nobody")


def test_a_hostile_recovery_file_is_refused_in_one_sentence(store_dir, tmp_path):
    for content in (b"not json", b'{"format": "advisor-app-recovery", "version": 1}', b"[" * 10000):
        with pytest.raises(RecoveryRefused, match="not a recovery file from the office"):
            keys.recover(store_dir, content, "code", NEW)


# --- Argon2 settings from a key file ----------------------------------------------------------------

@pytest.mark.parametrize("absurd", [{"memory_kib": 4 * 1024 * 1024}, {"iterations": 100_000},
                                    {"lanes": 0}, {"lanes": 1_000_000}, {"memory_kib": 2, "lanes": 1},
                                    {"memory_kib": 1024 * 1024, "iterations": 16}, {"iterations": True},
                                    {"memory_kib": "64"}])
def test_absurd_argon2_settings_are_refused_before_any_work(store_dir, absurd):
    key_file = json.loads((store_dir / "store.key").read_text())
    key_file["wrap"].update(absurd)
    (store_dir / "store.key").write_text(json.dumps(key_file))
    started = time.monotonic()
    with pytest.raises(StoreError) as refused:
        Store.open(store_dir, PASS)
    assert time.monotonic() - started < 5  # generous: refused, not computed for minutes
    assert isinstance(refused.value, KeyFileRefused) or "damaged" in str(refused.value)
    one_line(cli("cases", "--store", str(store_dir), "--passphrase-stdin", stdin=f"{PASS}\n"), "advisor-app: ")


def test_the_refusal_sentence(store_dir):
    key_file = json.loads((store_dir / "store.key").read_text())
    key_file["wrap"]["memory_kib"] = 4 * 1024 * 1024
    (store_dir / "store.key").write_text(json.dumps(key_file))
    one_line(cli("cases", "--store", str(store_dir), "--passphrase-stdin", stdin=f"{PASS}\n"),
             "The key file asks for key settings far beyond what this app uses")


# --- 0600 --------------------------------------------------------------------------------------------

def private(path: Path) -> bool:
    return os.stat(path).st_mode & 0o777 == 0o600


def test_every_file_with_a_secret_or_personal_data_is_0600_whatever_the_umask(tmp_path, monkeypatch):
    old_umask = os.umask(0)  # the most permissive: nothing is private unless the app makes it so
    try:
        monkeypatch.setenv("P", PASS)
        monkeypatch.setenv("O", OFFICE_PASS)
        store, office = tmp_path / "store", tmp_path / "office"
        assert main(["demo-store", "--store", str(store), "--for-office", "--passphrase-env", "P"]) == 0
        assert main(["office", "init", "--office", str(office), "--user", OFFICE_USER, "--role", "manager", "--role", "staff",
                     "--passphrase-env", "O"]) == 0
        assert main(["office", "enroll", "--office", str(office), "--device", "Sam", "--out",
                     str(tmp_path / "enroll.json"), "--user", OFFICE_USER, "--passphrase-env", "O"]) == 0
        assert main(["enroll", "--store", str(store), str(tmp_path / "enroll.json"), "--passphrase-env", "P"]) == 0
        case = AdvisorService.unlock(store, PASS)
        reference = next(c.reference for c in case.list_cases() if c.person_name == "Priya Sharma")
        case.lock()
        assert main(["export", "--store", str(store), "--case", reference, "--out", str(tmp_path / "case.json"),
                     "--passphrase-env", "P"]) == 0
        assert main(["backup", "--store", str(store), "--to", str(tmp_path / "backup.advisor"),
                     "--passphrase-env", "P"]) == 0
        assert main(["documents", "--store", str(store), "--case", reference, "--out", str(tmp_path / "docs"),
                     "--passphrase-env", "P"]) == 0
        (tmp_path / "stick").mkdir()
        assert main(["sync", "--store", str(store), "--to-folder", str(tmp_path / "stick"), "--passphrase-env", "P"]) == 0
        assert main(["office", "import", "--office", str(office), "--from-folder", str(tmp_path / "stick"),
                     "--user", OFFICE_USER, "--passphrase-env", "O"]) == 0
        enrollment_id = json.loads((tmp_path / "enroll.json").read_text())["enrollment_id"]
        assert main(["office", "recovery-file", "--office", str(office), "--enrollment", enrollment_id,
                     "--out", str(tmp_path / "recovery.json"), "--user", OFFICE_USER, "--passphrase-env", "O"]) == 0
        service = AdvisorService.unlock(store, PASS)  # open: the WAL and its index exist now
        try:
            assert {p.name for p in store.iterdir()} >= {"store.db", "store.db-wal", "store.db-shm", "store.key",
                                                         "store.recovery"}
            for path in store.iterdir():
                assert private(path), path
        finally:
            service.lock()
        written = [tmp_path / name for name in ("enroll.json", "case.json", "backup.advisor", "recovery.json")]
        written += list((tmp_path / "docs").iterdir())
        assert len(written) > 5
        for path in written:
            assert private(path), path
    finally:
        os.umask(old_umask)


def test_a_store_left_readable_by_an_older_version_is_made_private(store_dir):
    os.chmod(store_dir / "store.db", 0o644)
    Store.open(store_dir, PASS).close()
    assert private(store_dir / "store.db")


def test_an_enrollment_file_saved_from_the_office_screens_is_private(tmp_path):
    from advisor_app.documents import common  # noqa: F401  (the documents package, as the screens load it)
    from advisor_app.services.documents import save_copy

    office = new_office(tmp_path / "office", OFFICE_PASS)
    old_umask = os.umask(0)
    try:
        office.enroll("Sam").save(tmp_path / "enroll.json")  # what the Laptops tab calls
        save_copy(tmp_path / "copy.pdf", b"%PDF-1.7")  # what the documents screen's "Save a copy" calls
    finally:
        os.umask(old_umask)
    assert private(tmp_path / "enroll.json") and private(tmp_path / "copy.pdf")
