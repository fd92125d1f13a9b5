"""Certificates carry the signer's role: a laptop's device certificate, a named manager's."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from advisor_app.signing.device_identity import make_identity
from advisor_app.signing.roles import SignerRole, role_of
from advisor_app.sync.keys import issue_device_certificate, issue_manager_certificate, make_office_keys


def _public_pem() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_the_office_ca_marks_device_and_manager_certificates_apart():
    keys = make_office_keys("office-1", "Example Care")
    device = x509.load_pem_x509_certificate(
        issue_device_certificate(keys, device_id="d" * 32, device_name="Laptop 1", public_key_pem=_public_pem()))
    manager = x509.load_pem_x509_certificate(
        issue_manager_certificate(keys, user_id="u" * 32, user_name="Jo Manager", public_key_pem=_public_pem()))
    assert role_of(device) is SignerRole.DEVICE
    assert role_of(manager) is SignerRole.MANAGER
    assert "Jo Manager" in manager.subject.rfc4514_string()


def test_a_laptops_own_device_certificate_is_a_device_and_its_ca_has_no_role():
    identity, _ = make_identity("device-1", "Example Care")
    assert role_of(x509.load_pem_x509_certificate(identity.cert_pem)) is SignerRole.DEVICE
    assert role_of(x509.load_pem_x509_certificate(identity.ca_cert_pem)) is None
