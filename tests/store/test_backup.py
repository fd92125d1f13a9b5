"""Backup and restore: one encrypted file, checked completely before anything is written."""

import pytest

from advisor_app.store import BackupInvalid, CASE, Store, StoreExists, WrongPassphrase

from .conftest import MARKER, PASSPHRASE, file_states


@pytest.fixture
def backup_path(store, tmp_path):
    store.put(CASE, {"name": MARKER}, case_id="c")
    store.put_document(case_id="c", kind="agreement", title="A", content=b"pdf", meta={})
    path = tmp_path / "out" / "backup.advisor"
    path.parent.mkdir()
    store.backup(path)
    return path


def test_round_trip(store, backup_path, tmp_path):
    assert [p.name for p in (store.directory).iterdir() if "tmp" in p.name] == []
    assert backup_path.stat().st_mode & 0o777 == 0o600
    restored = Store.restore(backup_path, tmp_path / "restored", PASSPHRASE)
    try:
        assert restored.store_id == store.store_id and restored.device_id == store.device_id
        assert restored.get(CASE, "c").data == {"name": MARKER}
        assert restored.documents()[0].title == "A"
        assert restored.changes_after(0) == store.changes_after(0)
        assert restored.check() == []
        assert restored.raw_key_hex() == store.raw_key_hex()
    finally:
        restored.close()


def test_backup_is_a_consistent_snapshot_while_the_store_is_in_use(store, tmp_path):
    for i in range(200):
        store.put("person", {"i": i}, case_id="c")
    store.backup(tmp_path / "b")
    with Store.restore(tmp_path / "b", tmp_path / "r", PASSPHRASE) as restored:
        assert len(restored.find("person")) == 200 and restored.check() == []


def test_wrong_passphrase_writes_nothing(backup_path, tmp_path, capfd):
    target = tmp_path / "restored"
    with pytest.raises(WrongPassphrase):
        Store.restore(backup_path, target, "wrong")
    assert not target.exists()
    assert capfd.readouterr() == ("", "")


def damaged_copies(path):
    data = path.read_bytes()
    yield "truncated", data[: len(data) // 2]
    yield "one byte short", data[:-1]
    yield "empty", b""
    yield "not a backup", b"hello" * 100
    for offset in (len(data) // 2, len(data) - 5, 40):
        flipped = bytearray(data)
        flipped[offset] ^= 0x01
        yield f"bit flipped at {offset}", bytes(flipped)


def test_damaged_backups_are_refused_and_nothing_changes(store, backup_path, tmp_path, capfd):
    existing = store.directory
    store.close()
    existing_before = file_states(existing)
    for name, data in damaged_copies(backup_path):
        bad = tmp_path / f"bad-{name}"
        bad.write_bytes(data)
        for target, overwrite in ((tmp_path / "fresh", False), (existing, True)):
            with pytest.raises((BackupInvalid, WrongPassphrase)) as raised:
                Store.restore(bad, target, PASSPHRASE, overwrite=overwrite)
            # Flipping a bit inside the key wrap looks like a wrong passphrase: also refused.
            assert "Nothing has been changed." in str(raised.value), name
            assert not (tmp_path / "fresh").exists(), name
            assert file_states(existing) == existing_before, name
    assert capfd.readouterr() == ("", "")


def test_restore_refuses_to_overwrite_unless_asked(store, backup_path):
    directory = store.directory
    store.put(CASE, {"name": "after the backup"}, case_id="c", base_version=1)
    store.close()
    before = file_states(directory)
    with pytest.raises(StoreExists):
        Store.restore(backup_path, directory, PASSPHRASE)
    assert file_states(directory) == before
    with Store.restore(backup_path, directory, PASSPHRASE, overwrite=True) as restored:
        assert restored.get(CASE, "c").data == {"name": MARKER}
        assert restored.check() == []
    assert not [p for p in directory.iterdir() if p.name.startswith(".")]
