"""Keys for sync: the office's (made once, kept under the office passphrase) and each device's.

The office has three private keys: X25519 to receive bundles (HPKE), Ed25519 to sign what it
sends, and an EC P-256 certificate authority that issues each device's and each manager's
document-signing certificate. They are kept as one secret sealed under the office data key
(office/keyring.py), which each named office user unlocks with their own passphrase. A device's sync keys (X25519 to receive, Ed25519 to
sign) are made on the device and live only inside its encrypted store.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from advisor_app.signing.device_identity import ca_certificate, certificate_name, signing_certificate
from advisor_app.signing.roles import SignerRole
from advisor_app.store.keys import (
    DEFAULT_KDF,
    KdfParams,
    b64,
    unb64,
    unwrap_with_passphrase,
    wrap_with_passphrase,
)

CA_YEARS = 20
DEVICE_CERT_YEARS = 5
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def raw_public(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(*_RAW)


def _raw_private(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def ed25519_public(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


@dataclass(frozen=True)
class OfficePublic:
    """What every device may know about the office (it travels in the enrollment file)."""

    office_id: str
    name: str
    encryption_key: bytes  # X25519 public, raw
    signing_key: bytes  # Ed25519 public, raw
    ca_cert_pem: bytes

    def as_dict(self) -> dict[str, Any]:
        return {"office_id": self.office_id, "name": self.name,
                "encryption_key": b64(self.encryption_key), "signing_key": b64(self.signing_key),
                "ca_cert_pem": self.ca_cert_pem.decode("ascii")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "OfficePublic":
        return cls(str(data["office_id"]), str(data["name"]), unb64(data["encryption_key"]),
                   unb64(data["signing_key"]), str(data["ca_cert_pem"]).encode("ascii"))


@dataclass(frozen=True)
class OfficeKeys:
    public: OfficePublic
    encryption: X25519PrivateKey
    signing: Ed25519PrivateKey
    ca_key: ec.EllipticCurvePrivateKey

    def private_bytes(self) -> bytes:
        """The three private keys as one JSON secret, to be kept sealed (office/keyring.py)."""
        return json.dumps({
            "encryption": b64(_raw_private(self.encryption)),
            "signing": b64(_raw_private(self.signing)),
            "ca_key": self.ca_key.private_bytes(serialization.Encoding.PEM,
                                                serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()).decode("ascii"),
        }).encode("utf-8")

    @classmethod
    def from_private_bytes(cls, public: OfficePublic, secret: bytes) -> "OfficeKeys":
        values = json.loads(secret)
        return cls(public, X25519PrivateKey.from_private_bytes(unb64(values["encryption"])),
                   Ed25519PrivateKey.from_private_bytes(unb64(values["signing"])),
                   serialization.load_pem_private_key(values["ca_key"].encode("ascii"), None))

    def seal(self, passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> dict[str, Any]:
        """The private keys wrapped under one passphrase: how an office kept them before it had
        named users (an office store from then is upgraded with it, office/signin.py)."""
        return wrap_with_passphrase(self.private_bytes(), passphrase, store_id=self.public.office_id,
                                    device_id="office", params=kdf)

    @classmethod
    def unseal(cls, public: OfficePublic, wrap: dict[str, Any], passphrase: str) -> "OfficeKeys":
        """The office keys, or ``WrongPassphrase`` (nothing is changed)."""
        secret = unwrap_with_passphrase(wrap, passphrase, store_id=public.office_id, device_id="office")
        return cls.from_private_bytes(public, bytes(secret))


def make_office_keys(office_id: str, name: str, *, now: dt.datetime | None = None) -> OfficeKeys:
    now = (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=1)
    encryption, signing = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = ca_certificate(ca_key, certificate_name(f"{name} signing CA", name), not_before=now,
                             years=CA_YEARS, signs_documents=True)
    public = OfficePublic(office_id, name, raw_public(encryption), raw_public(signing),
                          ca_cert.public_bytes(serialization.Encoding.PEM))
    return OfficeKeys(public, encryption, signing, ca_key)


def _issue(keys: OfficeKeys, public_key_pem: bytes, common_name: str, role: SignerRole,
           now: dt.datetime | None) -> bytes:
    """A signing certificate from the office CA for someone's own P-256 key, marked with ``role``
    (signing/roles.py) and naming the office's revocation list."""
    now = (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=1)
    public_key = serialization.load_pem_public_key(public_key_pem)
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise ValueError(f"the {role.value}'s signing key is not an EC key")
    ca_cert = x509.load_pem_x509_certificate(keys.public.ca_cert_pem)
    cert = signing_certificate(keys.ca_key, ca_cert.subject, public_key,
                               certificate_name(common_name, keys.public.name), not_before=now,
                               years=DEVICE_CERT_YEARS, role=role, crl_uri=crl_uri(keys.public))
    return cert.public_bytes(serialization.Encoding.PEM)


def issue_device_certificate(keys: OfficeKeys, *, device_id: str, device_name: str,
                             public_key_pem: bytes, now: dt.datetime | None = None) -> bytes:
    """A document-signing certificate for the device's own P-256 key (the person's, the family's
    and the advisor's boxes)."""
    return _issue(keys, public_key_pem, f"{device_name} ({device_id[:8]})", SignerRole.DEVICE, now)


def issue_manager_certificate(keys: OfficeKeys, *, user_id: str, user_name: str,
                              public_key_pem: bytes, now: dt.datetime | None = None) -> bytes:
    """A countersigning certificate for a named office manager's own P-256 key, with the
    manager role and the manager's name on it (the office's box)."""
    return _issue(keys, public_key_pem, f"{user_name} ({user_id[:8]})", SignerRole.MANAGER, now)


@dataclass(frozen=True)
class DeviceKeys:
    encryption: X25519PrivateKey
    signing: Ed25519PrivateKey

    def as_dict(self) -> dict[str, str]:
        return {"encryption": b64(_raw_private(self.encryption)), "signing": b64(_raw_private(self.signing))}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> "DeviceKeys":
        return cls(X25519PrivateKey.from_private_bytes(unb64(data["encryption"])),
                   Ed25519PrivateKey.from_private_bytes(unb64(data["signing"])))

    @classmethod
    def generate(cls) -> "DeviceKeys":
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())


CRL_DAYS = 30


def crl_uri(office: OfficePublic) -> str:
    """Names the office CA's revocation list in the certificates it issues. Not a web address:
    the list travels inside countersigned agreements and from ``advisor-app office crl``."""
    return f"urn:advisor-app:office:{office.office_id}:crl"


def issue_crl(keys: OfficeKeys, revoked: list[tuple[bytes, dt.datetime]], *,
              now: dt.datetime | None = None) -> bytes:
    """The office CA's certificate revocation list (DER): each revoked certificate (PEM) with
    when it was revoked. A verifier years later finds it embedded in countersigned agreements."""
    now = now or dt.datetime.now(dt.timezone.utc)
    ca_cert = x509.load_pem_x509_certificate(keys.public.ca_cert_pem)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
               .last_update(now - dt.timedelta(minutes=5)).next_update(now + dt.timedelta(days=CRL_DAYS))
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(keys.ca_key.public_key()),
                              critical=False)
               .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False))
    for pem, at in revoked:
        cert = x509.load_pem_x509_certificate(pem)
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(cert.serial_number).revocation_date(at).build())
    return builder.sign(keys.ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
