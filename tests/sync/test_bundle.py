"""Bundles open only for their recipient, only as they were made, and say why when they do not."""

from __future__ import annotations

import json

import pytest

from advisor_app.store.canonical import canonical_json
from advisor_app.sync import bundle
from advisor_app.sync.keys import DeviceKeys, b64, raw_public, unb64

CONTENT = {"kind": "office-messages", "schema_version": 1, "bundle_created_at": "2026-11-23T10:00:00+00:00",
           "office_id": "office-1", "device_id": "device-1", "ack_seq": 3, "resend": False,
           "messages": [{"office_seq": 1, "message_id": "m1", "type": "revoked", "body": {"at": "2026-11-23"}}]}


@pytest.fixture
def keys():
    return DeviceKeys.generate(), DeviceKeys.generate()  # sender, recipient


def _seal(keys, content=CONTENT):
    sender, recipient = keys
    return bundle.seal(content, sender="office-1", signing_key=sender.signing,
                       recipient_key=raw_public(recipient.encryption))


def test_a_bundle_opens_for_its_recipient_and_verifies_with_the_senders_key(keys):
    data = _seal(keys)
    opened = bundle.open_bundle(data, keys[1].encryption)
    opened.verify(raw_public(keys[0].signing))
    assert opened.content == CONTENT and opened.sender == "office-1"
    assert opened.bundle_id == bundle.bundle_id(data) and len(opened.bundle_id) == 64
    assert b"revoked" not in data  # the content is sealed


def test_a_signature_from_anyone_else_is_refused(keys):
    opened = bundle.open_bundle(_seal(keys), keys[1].encryption)
    with pytest.raises(bundle.BundleError, match="signature does not match"):
        opened.verify(raw_public(DeviceKeys.generate().signing))


def test_another_recipient_cannot_open_it(keys):
    with pytest.raises(bundle.BundleError, match="encrypted for another key"):
        bundle.open_bundle(_seal(keys), DeviceKeys.generate().encryption)


@pytest.mark.parametrize("where", [0.3, 0.5, 0.9])
def test_a_flipped_byte_anywhere_is_refused(keys, where):
    data = bytearray(_seal(keys))
    index = int(len(data) * where)
    data[index] ^= 0x01
    with pytest.raises(bundle.BundleError) as error:
        bundle.open_bundle(bytes(data), keys[1].encryption)
    assert "Nothing was imported" in str(error.value)


def test_a_changed_header_does_not_open_even_with_the_body_intact(keys):
    envelope = json.loads(_seal(keys))
    envelope["sender"] = "someone-else"
    with pytest.raises(bundle.BundleError, match="does not decrypt"):
        bundle.open_bundle(canonical_json(envelope).encode(), keys[1].encryption)


def test_truncated_oversized_and_foreign_files_are_refused_with_their_reason(keys):
    data = _seal(keys)
    with pytest.raises(bundle.BundleError, match="damaged or incomplete"):
        bundle.open_bundle(data[: len(data) // 2], keys[1].encryption)
    with pytest.raises(bundle.BundleError, match="too large"):
        bundle.open_bundle(data, keys[1].encryption, max_bytes=100)
    with pytest.raises(bundle.BundleError, match="not an advisor-app bundle"):
        bundle.open_bundle(b'{"hello": 1}', keys[1].encryption)
    envelope = json.loads(data)
    envelope["version"] = 2
    with pytest.raises(bundle.BundleError, match="format version 2"):
        bundle.open_bundle(canonical_json(envelope).encode(), keys[1].encryption)


def test_content_from_a_newer_app_or_not_in_the_format_is_refused(keys):
    with pytest.raises(bundle.BundleError, match="newer version of the app"):
        bundle.open_bundle(_seal(keys, {**CONTENT, "schema_version": 2}), keys[1].encryption)
    with pytest.raises(bundle.BundleError, match="does not follow the bundle format.*ack_seq"):
        bundle.open_bundle(_seal(keys, {**CONTENT, "ack_seq": -1}), keys[1].encryption)


def test_keys_round_trip_through_their_stored_form():
    keys = DeviceKeys.generate()
    again = DeviceKeys.from_dict(keys.as_dict())
    assert raw_public(again.signing) == raw_public(keys.signing)
    assert unb64(b64(b"\x00\x01")) == b"\x00\x01"
