"""The device's signing key and certificate, made at first use and kept inside the encrypted store.

For now (until enrolment with the office's CA exists) a local provider CA is made once per
store, and the device's EC P-256 key is certified by it. Private keys are secrets: they are
written only as rows of the store's ``meta`` table, inside the SQLCipher database (encrypted,
never journaled, so they never travel to the office), never as plain files. The CA certificate
(public) can be exported for ``advisor-app verify --trust CA.pem``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from advisor_app.signing.roles import SignerRole, policy_extension

KEYS = ("signing.ca_key", "signing.ca_cert", "signing.device_key", "signing.device_cert")
YEARS = 10


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: str
    key_pem: bytes  # the device's private key (PKCS#8 PEM, unencrypted: it lives only in the store)
    cert_pem: bytes  # the device's certificate
    ca_cert_pem: bytes  # the local provider CA that issued it: the trust root for verification

    @property
    def common_name(self) -> str:
        cert = x509.load_pem_x509_certificate(self.cert_pem)
        return cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


def certificate_name(common: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64] or "advisor-app"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common[:64])])


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def ca_certificate(key: ec.EllipticCurvePrivateKey, name: x509.Name, *, not_before: dt.datetime,
                   years: int, signs_documents: bool = False) -> x509.Certificate:
    """A self-signed CA. ``signs_documents``: it also signs PDFs itself (the office countersigns
    with its CA key); a laptop's local CA only issues its certificate."""
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_before + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=signs_documents, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     key_cert_sign=True, crl_sign=True, encipher_only=False,
                                     decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def signing_certificate(ca_key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
                        public_key: ec.EllipticCurvePublicKey, subject: x509.Name, *,
                        not_before: dt.datetime, years: int,
                        role: SignerRole = SignerRole.DEVICE, crl_uri: str | None = None) -> x509.Certificate:
    """A document-signing certificate for ``public_key``, issued by the CA ``ca_key``, marked
    with the signer's role (signing/roles.py). ``crl_uri`` names the issuer's revocation list:
    a verifier then checks the certificate against the CRLs it has (the office's travels inside
    every countersigned agreement)."""
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
        .public_key(public_key).serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_before + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(policy_extension(role), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    if crl_uri:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(crl_uri)], None, None, None)]), critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def make_identity(device_id: str, organisation: str, *, now: dt.datetime | None = None) -> tuple[DeviceIdentity, bytes]:
    """A new CA and a device certificate it issued: (identity, the CA's private key PEM)."""
    now = (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = certificate_name(f"{organisation} local signing CA", organisation)
    ca_cert = ca_certificate(ca_key, ca_name, not_before=now, years=YEARS)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = certificate_name(f"advisor-app device {device_id}", organisation)
    cert = signing_certificate(ca_key, ca_name, key.public_key(), subject, not_before=now, years=YEARS)
    identity = DeviceIdentity(device_id, _pem_key(key), cert.public_bytes(serialization.Encoding.PEM),
                              ca_cert.public_bytes(serialization.Encoding.PEM))
    return identity, _pem_key(ca_key)


def _read(store: Any) -> dict[str, str]:
    return store.meta_values(KEYS)


def device_identity(store: Any, organisation: str = "advisor-app") -> DeviceIdentity:
    """The store's device identity, made (and kept in the encrypted store) at first use."""
    found = _read(store)
    if len(found) < len(KEYS):
        with store.transaction():
            found = _read(store)
            if len(found) < len(KEYS):
                identity, ca_key = make_identity(store.device_id, organisation)
                values = dict(zip(KEYS, (ca_key, identity.ca_cert_pem, identity.key_pem, identity.cert_pem)))
                store.set_meta({k: v.decode("ascii") for k, v in values.items()})
                return identity
    return DeviceIdentity(store.device_id, found["signing.device_key"].encode("ascii"),
                          found["signing.device_cert"].encode("ascii"), found["signing.ca_cert"].encode("ascii"))


TRUST_FILE = "signing-trust.pem"  # the office CA: may vouch for any signer
LOCAL_TRUST_FILE = "signing-trust-local.pem"  # this laptop's own CA: vouches for its device certificate only


def split_trust(store: Any, identity: DeviceIdentity) -> tuple[bytes, bytes]:
    """(the office's CA certificates, this laptop's own local CA certificate), as PEM. The local
    CA is the one whose key the store holds; it only ever certified this laptop's key, so a
    verifier lets it vouch for a device certificate and nothing else (not a manager's)."""
    key_pem = _read(store).get("signing.ca_key")
    local_public = serialization.load_pem_private_key(key_pem.encode("ascii"), None).public_key() if key_pem else None
    office, local = [], []
    for cert in x509.load_pem_x509_certificates(identity.ca_cert_pem):
        mine = local_public is not None and cert.public_key() == local_public
        (local if mine else office).append(cert.public_bytes(serialization.Encoding.PEM))
    return b"".join(office), b"".join(local)


def publish_trust(store: Any, identity: DeviceIdentity) -> None:
    """Keep a public copy of the CAs this laptop trusts (its office's; its own, for device
    certificates only) beside the store, so ``advisor-app verify`` can use them without the
    passphrase. Certificates only: nothing secret or personal."""
    from advisor_app.store.files import atomic_write

    for name, pem in zip((TRUST_FILE, LOCAL_TRUST_FILE), split_trust(store, identity)):
        path = store.directory / name
        try:
            if not path.is_file() or path.read_bytes() != pem:
                atomic_write(path, pem)
        except OSError:  # a read-only folder: verify then asks for --trust
            pass


def ca_certificate_pem(store: Any) -> bytes:
    """The local CA's certificate (public), for ``advisor-app verify --trust``."""
    return device_identity(store).ca_cert_pem
