"""The Store façade: lifecycle, records, documents, keys, and that nothing leaks to disk."""

import json
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from advisor_app.store import (
    CASE, DatabaseMissing, KeyFileMissing, Store, StoreCorrupt, StoreExists, StoreLocked, StoreNotFound, VersionConflict,
    WrongKey, WrongPassphrase, keys, recovery,
)
from advisor_app.store.connection import DatabaseError

from .conftest import FAST_KDF, MARKER, PASSPHRASE, file_states, files_containing, mode, public_bytes


def reopen(store: Store, passphrase: str = PASSPHRASE) -> Store:
    directory = store.directory
    store.close()
    return Store.open(directory, passphrase)


# --- lifecycle -----------------------------------------------------------------------------

def test_create_lays_out_a_private_folder(store, store_dir):
    assert Store.exists(store_dir)
    assert mode(store_dir) == 0o700 and mode(store_dir / "store.key") == 0o600
    assert {p.name for p in store_dir.iterdir()} >= {"store.db", "store.key"}
    key_file = json.loads((store_dir / "store.key").read_text())
    assert key_file["store_id"] == store.store_id and key_file["device_id"] == store.device_id
    assert key_file["wrap"]["kdf"] == "argon2id" and key_file["office"] is None
    assert len({store.store_id, store.device_id, store.advisor_id}) == 3
    assert store.db["meta"].get("advisor_name")["value"] == "Sam Advisor"


def test_the_real_kdf_cost_end_to_end(tmp_path):
    with Store.create(tmp_path / "s", PASSPHRASE) as store:  # Argon2id 64 MiB, 3 passes, 4 lanes
        store.put(CASE, {"name": MARKER}, case_id="c")
    assert json.loads((tmp_path / "s" / "store.key").read_text())["wrap"]["memory_kib"] == 65536
    with Store.open(tmp_path / "s", PASSPHRASE) as store:
        assert store.get(CASE, "c").data == {"name": MARKER}


def test_the_database_is_unreadable_without_the_key(store, store_dir):
    import sqlite3

    store.put(CASE, {"name": MARKER}, case_id="c")
    store.close()
    plain = sqlite3.connect(store_dir / "store.db")
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()


def test_a_missing_key_file_is_a_clean_error_and_changes_nothing(store, store_dir, capfd):
    store.close()
    (store_dir / "store.key").rename(store_dir.parent / "elsewhere.key")
    before = file_states(store_dir)
    with pytest.raises(KeyFileMissing) as refused:  # not "no store here": never offer to start afresh
        Store.open(store_dir, PASSPHRASE)
    assert "key file (store.key) is missing" in str(refused.value)
    assert file_states(store_dir) == before and capfd.readouterr() == ("", "")


def test_create_refuses_an_existing_store(store, store_dir):
    before = file_states(store_dir)
    with pytest.raises(StoreExists):
        Store.create(store_dir, "other", kdf=FAST_KDF)
    assert file_states(store_dir) == before


def test_open_a_missing_store(tmp_path):
    assert not Store.exists(tmp_path / "none")
    with pytest.raises(StoreNotFound):
        Store.open(tmp_path / "none", PASSPHRASE)
    assert not (tmp_path / "none").exists()


def test_open_with_the_database_missing_does_not_create_one(store, store_dir):
    store.close()
    (store_dir / "store.db").unlink()
    with pytest.raises(DatabaseMissing) as refused:
        Store.open(store_dir, PASSPHRASE)
    assert "database (store.db) is missing" in str(refused.value)
    assert not (store_dir / "store.db").exists()


def test_wrong_passphrase_changes_nothing_and_prints_nothing(store, store_dir, capfd):
    store.put(CASE, {"name": MARKER}, case_id="case-1")
    store.close()
    before = file_states(store_dir)
    with pytest.raises(WrongPassphrase) as raised:
        Store.open(store_dir, "wrong passphrase")
    assert str(raised.value) == "That passphrase is not right. Nothing has been changed."
    assert file_states(store_dir) == before
    assert capfd.readouterr() == ("", "")


def test_a_key_file_from_another_store_is_refused(tmp_path, capfd):
    one = Store.create(tmp_path / "one", PASSPHRASE, kdf=FAST_KDF)
    two = Store.create(tmp_path / "two", PASSPHRASE, kdf=FAST_KDF)
    one.close(), two.close()
    (tmp_path / "one" / "store.key").write_bytes((tmp_path / "two" / "store.key").read_bytes())
    before = file_states(tmp_path / "one")
    with pytest.raises(StoreCorrupt):
        Store.open(tmp_path / "one", PASSPHRASE)
    assert file_states(tmp_path / "one") == before
    assert capfd.readouterr() == ("", "")


def test_close_wipes_the_key_and_locks(store):
    key = store._key
    store.close()
    assert key == bytearray(32) and not store.is_open  # wiped in place
    with pytest.raises(StoreLocked):
        store.get(CASE, "x")
    with pytest.raises(StoreLocked):
        store.raw_key_hex()
    store.close()  # twice is fine


# --- records -------------------------------------------------------------------------------

def test_put_get_find_delete(store):
    case = store.put(CASE, {"stage": "enquiry"}, case_id="case-1")
    assert (case.id, case.version, case.deleted) == ("case-1", 1, False)
    person = store.put("person", {"name": "Ann"}, case_id="case-1")
    assert len(person.id) == 36 and person.version == 1
    updated = store.put("person", {"name": "Ann B"}, case_id="case-1", entity_id=person.id,
                        base_version=1)
    assert updated.version == 2 and updated.created_at == person.created_at
    assert store.get("person", person.id) == updated
    assert store.get(CASE, person.id) is None  # wrong entity
    store.put("person", {"name": "Other"}, case_id="case-2")
    assert [r.data["name"] for r in store.find("person", case_id="case-1")] == ["Ann B"]
    assert len(store.find("person")) == 2
    store.delete("person", person.id, base_version=2)
    assert store.get("person", person.id) is None
    gone = store.get("person", person.id, include_deleted=True)
    assert gone.deleted and gone.version == 3
    assert store.find("person", case_id="case-1") == []
    assert store.find("person", case_id="case-1", include_deleted=True) == [gone]
    assert [r.entity for r in store.find_case("case-1")] == [CASE]
    assert [r.entity for r in store.find_case("case-1", include_deleted=True)] == [CASE, "person"]
    assert [c.op for c in store.changes_after(0)] == ["create", "create", "update", "create",
                                                      "delete"]
    store = reopen(store)
    assert store.get(CASE, "case-1").data == {"stage": "enquiry"}
    store.close()


def test_returned_data_is_a_copy(store):
    data = {"items": [1]}
    record = store.put("person", data, case_id="c")
    data["items"].append(2)
    record.data["items"].append(3)
    assert store.get("person", record.id).data == {"items": [1]}


def test_stale_base_version_is_a_conflict_and_writes_nothing(store):
    record = store.put("person", {"name": "Ann"}, case_id="c")
    store.put("person", {"name": "Ann B"}, case_id="c", entity_id=record.id, base_version=1)
    before = (store.changes_after(0), store.get("person", record.id))
    for kwargs in ({"entity_id": record.id, "base_version": 1},   # stale
                   {"entity_id": record.id, "base_version": None},  # "new" but exists
                   {"entity_id": "missing", "base_version": 1}):    # update of nothing
        with pytest.raises(VersionConflict):
            store.put("person", {"name": "Lost"}, case_id="c", **kwargs)
    with pytest.raises(VersionConflict):
        store.delete("person", record.id, base_version=1)
    assert (store.changes_after(0), store.get("person", record.id)) == before


def test_a_record_cannot_move_case_or_entity(store):
    record = store.put("person", {}, case_id="c")
    with pytest.raises(ValueError):
        store.put("person", {}, case_id="other", entity_id=record.id, base_version=1)
    with pytest.raises(ValueError):
        store.put("funding", {}, case_id="c", entity_id=record.id, base_version=1)
    with pytest.raises(ValueError):
        store.put(CASE, {}, case_id="c", entity_id="not-c")
    assert len(store.changes_after(0)) == 1


def test_transaction_groups_writes_and_nested_calls_join(store):
    with store.transaction():
        store.put(CASE, {}, case_id="c")
        with store.transaction():
            store.put("person", {}, case_id="c")
    assert store.unsent_count() == 2
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put("person", {"n": 1}, case_id="c")
            raise RuntimeError("boom")
    assert store.unsent_count() == 2 and len(store.find("person")) == 1
    # A nested failure the caller handles undoes only the nested part.
    with store.transaction():
        store.put("person", {"n": 2}, case_id="c")
        with pytest.raises(VersionConflict):
            with store.transaction():
                store.put("person", {"n": 3}, case_id="c")
                store.put(CASE, {}, case_id="c")  # exists: conflict
    assert sorted(r.data.get("n", 0) for r in store.find("person")) == [0, 2]
    assert store.check() == []


# --- documents -----------------------------------------------------------------------------

def test_documents_are_content_named_versioned_and_insert_only(store):
    first = store.put_document(case_id="c", kind="agreement", title="Agreement",
                               content=b"%PDF-1 one", meta={"signed": False})
    second = store.put_document(case_id="c", kind="agreement", title="Agreement",
                                content=b"%PDF-1 two", meta={"signed": True})
    other = store.put_document(case_id="c", kind="proposal", title="Proposal", content=b"p",
                               meta={})
    assert (first.version, second.version, other.version) == (1, 2, 1)
    import hashlib
    assert first.sha256 == hashlib.sha256(b"%PDF-1 one").hexdigest()
    again = store.put_document(case_id="c", kind="agreement", title="X", content=b"%PDF-1 one",
                               meta={})
    assert again.sha256 == first.sha256 and again.version == 1 and again.title == "Agreement"
    listed = store.documents("c", "agreement")
    assert [d.version for d in listed] == [1, 2] and all(d.content is None for d in listed)
    assert len(store.documents()) == 3 and store.documents(kind="proposal") == [
        store.document(other.sha256, with_content=False)]
    assert store.document(second.sha256).content == b"%PDF-1 two"
    assert store.document("0" * 64) is None
    changes = [c for c in store.changes_after(0) if c.entity == "document"]
    assert len(changes) == 3 and changes[0].payload["sha256"] == first.sha256
    assert "content" not in changes[0].payload
    for sql in ("UPDATE documents SET content = x'00'", "DELETE FROM documents"):
        with pytest.raises(DatabaseError):
            store.db.conn.execute(sql)
    store.db.conn.rollback()
    assert store.document(first.sha256).content == b"%PDF-1 one"


# --- nothing readable on disk ----------------------------------------------------------------

def test_saved_text_appears_in_no_file_of_the_store(store, store_dir, tmp_path):
    for i in range(50):
        store.put("person", {"name": f"{MARKER} {i}", "notes": MARKER * 10}, case_id="c")
    store.put_document(case_id="c", kind="note", title=MARKER, content=MARKER.encode() * 50,
                       meta={"who": MARKER})
    needle = MARKER.encode()
    assert (store_dir / "store.db-wal").stat().st_size > 0  # the edits are in the WAL now
    assert files_containing(store_dir, needle) == []
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert files_containing(store_dir, needle) == []
    store.backup(tmp_path / "backup.advisor")
    assert needle not in (tmp_path / "backup.advisor").read_bytes()
    store.close()
    assert files_containing(store_dir, needle) == []
    assert files_containing(store_dir, MARKER.encode("utf-16-le")) == []


# --- keys ----------------------------------------------------------------------------------

def test_change_passphrase_rewraps_only(store, store_dir):
    store.put(CASE, {"name": MARKER}, case_id="c")
    db_before = (store_dir / "store.db").read_bytes()
    with pytest.raises(WrongPassphrase):
        store.change_passphrase("not it", "new one", kdf=FAST_KDF)
    store.change_passphrase(PASSPHRASE, "new one", kdf=FAST_KDF)
    assert (store_dir / "store.db").read_bytes() == db_before
    assert mode(store_dir / "store.key") == 0o600
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store_dir, PASSPHRASE)
    with Store.open(store_dir, "new one") as reopened:
        assert reopened.get(CASE, "c").data == {"name": MARKER}


def test_rekey_changes_the_data_key(store, store_dir):
    store.put(CASE, {"name": MARKER}, case_id="c")
    old_hex = store.raw_key_hex()
    store.rekey("handover passphrase", kdf=FAST_KDF)
    assert store.raw_key_hex() != old_hex
    assert store.get(CASE, "c").data == {"name": MARKER} and store.check() == []
    store.put(CASE, {"name": "after"}, case_id="c", base_version=1)
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store_dir, PASSPHRASE)
    with Store.open(store_dir, "handover passphrase") as reopened:
        assert reopened.get(CASE, "c").version == 2 and reopened.check() == []
        assert json.loads((store_dir / "store.key").read_text())["pending"] is None
    from advisor_app.store.connection import connect_keyed
    with pytest.raises(WrongKey):
        connect_keyed(store_dir / "store.db", bytes.fromhex(old_hex))


def test_an_interrupted_rekey_is_finished_on_open(store, store_dir):
    """Crash after PRAGMA rekey but before the key file was promoted: the key file still
    has the old wrap, with the new one pending. Open must find the key that works."""
    store.put(CASE, {"name": MARKER}, case_id="c")
    old = keys.read_key_file(store_dir)
    store.rekey("new", kdf=FAST_KDF)
    new = keys.read_key_file(store_dir)
    store.close()
    interrupted = keys.KeyFile(old.store_id, old.device_id, old.wrap, old.office,
                               pending={"wrap": new.wrap, "office": new.office})
    keys.write_key_file(store_dir, interrupted)
    with pytest.raises(StoreCorrupt):  # the old passphrase unwraps a key that no longer fits
        Store.open(store_dir, PASSPHRASE)
    with Store.open(store_dir, "new") as reopened:
        assert reopened.get(CASE, "c").data == {"name": MARKER}
    assert keys.read_key_file(store_dir) == new


def test_a_rekey_interrupted_before_pragma_rekey_keeps_the_old_key(store, store_dir):
    store.put(CASE, {"name": MARKER}, case_id="c")
    current = keys.read_key_file(store_dir)
    unused = keys.with_new_key(current, keys.new_data_key(), "new", FAST_KDF)
    store.close()
    keys.write_key_file(store_dir, keys.KeyFile(
        current.store_id, current.device_id, current.wrap, current.office,
        pending={"wrap": unused.wrap, "office": unused.office}))
    with Store.open(store_dir, PASSPHRASE) as reopened:
        assert reopened.get(CASE, "c").data == {"name": MARKER}
    assert keys.read_key_file(store_dir) == current


def test_office_recovery_copy_recovers_a_forgotten_passphrase(tmp_path):
    office = X25519PrivateKey.generate()
    directory = tmp_path / "s"
    with Store.create(directory, "forgotten", kdf=FAST_KDF,
                      office_public_key=public_bytes(office)) as store:
        store.put(CASE, {"name": MARKER}, case_id="c")
        assert mode(directory / "store.recovery") == 0o600
        store.rekey("forgotten too", kdf=FAST_KDF)  # the office copy follows a rekey
    data_key = recovery.open_copy(recovery.read_copy(directory), office)
    with pytest.raises(WrongKey):
        Store.recover(directory, os.urandom(32), "fresh", kdf=FAST_KDF)
    with Store.recover(directory, data_key, "fresh", kdf=FAST_KDF) as store:
        assert store.get(CASE, "c").data == {"name": MARKER}
    with Store.open(directory, "fresh") as store:
        assert store.raw_key_hex() == data_key.hex()
    assert recovery.open_copy(recovery.read_copy(directory), office) == data_key


def test_set_office_recovery_later(store, store_dir):
    office = X25519PrivateKey.generate()
    assert store.office_recovery_copy() is None
    store.set_office_recovery(public_bytes(office))
    recovered = recovery.open_copy(store.office_recovery_copy(), office)
    assert recovered.hex() == store.raw_key_hex()
    assert json.loads((store_dir / "store.key").read_text())["office"] is None  # its own file


def test_updating_a_deleted_record_restores_it(store):
    record = store.put("person", {"name": "Ann"}, case_id="c")
    store.delete("person", record.id, base_version=1)
    restored = store.put("person", {"name": "Ann"}, case_id="c", entity_id=record.id,
                         base_version=2)
    assert restored.version == 3 and not restored.deleted
    assert store.get("person", record.id) == restored
    assert [c.op for c in store.changes_after(0)] == ["create", "delete", "update"]


def test_an_office_copy_kept_in_an_older_key_file_moves_to_its_own_file(store, store_dir):
    """Key files from before kept the office's recovery copy inside (``office``): opening moves it
    out, and it still opens with the office's key."""
    office = X25519PrivateKey.generate()
    copy = recovery.seal_copy(store._key, public_bytes(office), store_id=store.store_id,
                              device_id=store.device_id)
    legacy = {k: copy[k] for k in ("hpke", "public_key", "key_id", "sealed")}
    key_file = keys.read_key_file(store_dir)
    store.close()
    keys.write_key_file(store_dir, keys.KeyFile(key_file.store_id, key_file.device_id, key_file.wrap, legacy))
    with Store.open(store_dir, PASSPHRASE) as reopened:
        assert recovery.open_copy(reopened.office_recovery_copy(), office).hex() == reopened.raw_key_hex()
    assert keys.read_key_file(store_dir).office is None and mode(store_dir / "store.recovery") == 0o600
