import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from advisor_app.store import keys, recovery
from advisor_app.store.errors import StoreNotFound, WrongKey, WrongPassphrase

from .conftest import FAST_KDF, mode, public_bytes

IDS = {"store_id": "store-1", "device_id": "device-1"}


def test_default_kdf_parameters():
    """The real cost from DESIGN.md, stored with the wrap, and still quick enough to unlock."""
    assert keys.DEFAULT_KDF == keys.KdfParams(memory_kib=65536, iterations=3, lanes=4)
    key = keys.new_data_key()
    started = time.perf_counter()
    wrap = keys.wrap_with_passphrase(key, "pass", **IDS)
    elapsed = time.perf_counter() - started
    assert (wrap["memory_kib"], wrap["iterations"], wrap["lanes"]) == (65536, 3, 4)
    assert keys.unwrap_with_passphrase(wrap, "pass", **IDS) == key
    assert elapsed < 2.0  # generous: a shared machine; the budget lives in the benchmarks


def test_wrong_passphrase_and_foreign_binding_are_refused():
    key = keys.new_data_key()
    wrap = keys.wrap_with_passphrase(key, "pass", params=FAST_KDF, **IDS)
    assert len(key) == 32 and keys.unwrap_with_passphrase(wrap, "pass", **IDS) == key
    with pytest.raises(WrongPassphrase):
        keys.unwrap_with_passphrase(wrap, "Pass", **IDS)
    # A wrap copied into another store's or device's key file does not open there.
    with pytest.raises(WrongPassphrase):
        keys.unwrap_with_passphrase(wrap, "pass", store_id="store-2", device_id="device-1")
    with pytest.raises(WrongPassphrase):
        keys.unwrap_with_passphrase(wrap, "pass", store_id="store-1", device_id="device-2")


def test_passphrase_is_unicode_normalised():
    key = keys.new_data_key()
    wrap = keys.wrap_with_passphrase(key, "caf\u00e9", params=FAST_KDF, **IDS)  # composed é
    assert keys.unwrap_with_passphrase(wrap, "cafe\u0301", **IDS) == key  # e + combining accent


def test_office_recovery_copy_round_trip():
    office = X25519PrivateKey.generate()
    key = keys.new_data_key()
    copy = recovery.seal_copy(key, public_bytes(office), **IDS)
    assert recovery.open_copy(copy, office) == key
    assert recovery.open_copy(copy, office.private_bytes_raw()) == key
    assert copy["key_check"] == recovery.key_check(key) and key.hex() not in json.dumps(copy)
    with pytest.raises(WrongKey):
        recovery.open_copy(copy, X25519PrivateKey.generate())
    with pytest.raises(WrongKey):  # bound to the store id
        recovery.open_copy({**copy, "store_id": "other"}, office)


def test_key_file_round_trip_is_private_and_keeps_unknown_fields(tmp_path):
    key = keys.new_data_key()
    key_file = keys.KeyFile(**IDS, wrap=keys.wrap_with_passphrase(key, "p", params=FAST_KDF, **IDS),
                            extra={"future_field": [1, 2]})
    keys.write_key_file(tmp_path, key_file)
    assert mode(tmp_path / "store.key") == 0o600
    assert keys.read_key_file(tmp_path) == key_file
    assert [p.name for p in tmp_path.iterdir()] == ["store.key"]  # no temp file left behind
    with pytest.raises(StoreNotFound):
        keys.read_key_file(tmp_path / "nowhere")
