"""Which kind of signer a signing certificate was issued to, so a verifier can tell a laptop's
signature (the person, the family, the advisor) from a named office manager's countersignature.

The issuing CA marks each certificate with one certificate policy from a private arc (2.25 is the
UUID arc, usable without registration). A certificate without one of these policies has no role.
"""

from __future__ import annotations

from enum import Enum

from cryptography import x509


class SignerRole(str, Enum):
    DEVICE = "device"  # an advisor's laptop: signs the person's, the family's and the advisor's fields
    MANAGER = "manager"  # a named office manager: countersigns in the office field


POLICY_OIDS: dict[SignerRole, x509.ObjectIdentifier] = {
    SignerRole.DEVICE: x509.ObjectIdentifier("2.25.95361823092532786105473339421592405761"),
    SignerRole.MANAGER: x509.ObjectIdentifier("2.25.95361823092532786105473339421592405762"),
}


def policy_extension(role: SignerRole) -> x509.CertificatePolicies:
    return x509.CertificatePolicies([x509.PolicyInformation(POLICY_OIDS[role], None)])


def role_of(cert: x509.Certificate) -> SignerRole | None:
    """The role the issuing CA gave ``cert``, or None when it gave none (or more than one)."""
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return None
    found = {role for role, oid in POLICY_OIDS.items() for p in policies if p.policy_identifier == oid}
    return found.pop() if len(found) == 1 else None
