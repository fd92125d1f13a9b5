"""Bundles: what travels between a laptop and the office, signed by the sender and readable
only by the recipient (docs/sync.md, resources/schemas/bundle-*.schema.json).

A bundle file is a small JSON envelope (format, version, sender, recipient key id) around an
HPKE-sealed body; the envelope's own fields are the HPKE ``info``, so changing any of them in
transit makes the body refuse to open. The body is the canonical JSON of the content and the
sender's Ed25519 signature over it. A bundle is named by the SHA-256 of its bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from advisor_app.sync.errors import BundleError
from advisor_app import bounded_json
from advisor_app.domain.messages import N_, Msg
from advisor_app.store.canonical import canonical_json, sha256_hex
from advisor_app.store.keys import HPKE_SUITE
from advisor_app.sync import format as wire
from advisor_app.sync.keys import b64, raw_public, unb64

FORMAT = "advisor-app-bundle"
VERSION = 1
CONTENT_SCHEMA_VERSION = 1  # the version of the content inside (docs/sync.md)
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
SUITE = HPKE_SUITE
DEVICE_CHANGES, OFFICE_MESSAGES = "device-changes", "office-messages"


def key_id(public_key: bytes) -> str:
    return sha256_hex(public_key)[:16]


def bundle_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _header(sender: str, recipient: str) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "sender": sender, "recipient": recipient}


def seal(content: dict[str, Any], *, sender: str, signing_key: Ed25519PrivateKey,
         recipient_key: bytes) -> bytes:
    """The bundle file's bytes: ``content`` signed by the sender, sealed to the recipient."""
    text = canonical_json(content).encode("utf-8")
    body = canonical_json({"content": content, "signature": b64(signing_key.sign(text))})
    header = _header(sender, key_id(recipient_key))
    sealed = SUITE.encrypt(body.encode("utf-8"), X25519PublicKey.from_public_bytes(recipient_key),
                           info=canonical_json(header).encode("utf-8"))
    return canonical_json({**header, "sealed": b64(sealed)}).encode("utf-8")


@dataclass(frozen=True)
class Opened:
    bundle_id: str
    sender: str
    content: dict[str, Any]
    signature: bytes

    def verify(self, public_key: bytes | Ed25519PublicKey) -> None:
        """Raise ``BundleError`` unless ``public_key`` made the signature over the content."""
        if isinstance(public_key, bytes):
            public_key = Ed25519PublicKey.from_public_bytes(public_key)
        try:
            public_key.verify(self.signature, canonical_json(self.content).encode("utf-8"))
        except InvalidSignature:
            raise BundleError(N_("The bundle's signature does not match its sender: it was changed "
                                 "or made by someone else. Nothing was imported.")) from None


def read_header(data: bytes, *, max_bytes: int = MAX_BUNDLE_BYTES) -> dict[str, Any]:
    """The envelope, checked for shape; ``BundleError`` for anything that is not a bundle."""
    if len(data) > max_bytes:
        raise BundleError(Msg("The bundle is too large ({size} bytes; the limit is {max_bytes}). Nothing "
                              "was imported.",
                              size=format(len(data), ','), max_bytes=format(max_bytes, ',')))
    try:
        envelope = bounded_json.loads(data)
    except bounded_json.JsonRefused as exc:
        raise BundleError(Msg("The bundle is damaged or incomplete (it is not readable: {reason}). "
                              "Nothing was imported.", reason=str(exc).rstrip("."))) from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise BundleError(N_("This file is not an advisor-app bundle. Nothing was imported."))
    if envelope.get("version") != VERSION:
        raise BundleError(Msg("This bundle uses format version {get}, which this version of the app "
                              "does not know. Update the app. Nothing was imported.",
                              get=repr(envelope.get('version'))))
    wrong = wire.problem(wire.Envelope, envelope)
    if wrong:
        raise BundleError(Msg("The bundle is damaged or incomplete (its envelope: {wrong}). Nothing was "
                              "imported.",
                              wrong=wrong))
    return envelope


def open_bundle(data: bytes, recipient: X25519PrivateKey, *,
                max_bytes: int = MAX_BUNDLE_BYTES) -> Opened:
    """Decrypt and parse a bundle. The caller then checks the signature with the sender's key
    (``Opened.verify``), which it looks up by ``Opened.sender``."""
    envelope = read_header(data, max_bytes=max_bytes)
    if envelope["recipient"] != key_id(raw_public(recipient)):
        raise BundleError(N_("This bundle was encrypted for another key (another office or laptop), "
                             "so it cannot be read here. Nothing was imported."))
    header = _header(envelope["sender"], envelope["recipient"])
    try:
        body = SUITE.decrypt(unb64(envelope["sealed"]), recipient,
                             info=canonical_json(header).encode("utf-8"))
        parsed = bounded_json.loads(body)
        content, signature = parsed["content"], unb64(parsed["signature"])
    except bounded_json.JsonRefused as exc:
        raise BundleError(Msg("The bundle's content cannot be read ({reason}). Nothing was imported.",
                              reason=str(exc).rstrip("."))) from None
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise BundleError(N_("The bundle is damaged: it does not decrypt and check out. "
                             "Nothing was imported.")) from None
    if not isinstance(content, dict):
        raise BundleError(N_("The bundle is damaged: its content is not readable. Nothing was imported."))
    version = content.get("schema_version")
    if not isinstance(version, int) or version > CONTENT_SCHEMA_VERSION:
        raise BundleError(Msg("The bundle was made by a newer version of the app (content version "
                              "{version}). Update this app first. Nothing was imported.",
                              version=repr(version)))
    model = {DEVICE_CHANGES: wire.DeviceChanges, OFFICE_MESSAGES: wire.OfficeMessages}.get(content.get("kind"))
    wrong = wire.problem(model, content) if model else f"unknown kind {content.get('kind')!r}"
    if wrong:
        raise BundleError(Msg("The bundle's content does not follow the bundle format ({wrong}). "
                              "Nothing was imported.", wrong=wrong))
    return Opened(bundle_id(data), envelope["sender"], content, signature)
