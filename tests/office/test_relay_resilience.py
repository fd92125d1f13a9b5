"""The relay when things go wrong: interrupted and resumed downloads, a relay killed mid-upload
or mid-download, a client that goes away mid-upload; and serving over TLS."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import socket
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from advisor_app.sync.relay_client import RelayClient, RelayError
from tests.relay_server import OFFICE_CREDENTIAL, RelayServer, free_port


def served_206(relay: RelayServer) -> bool:
    """Whether uvicorn's access log shows a partial (Range) response."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if '" 206 ' in relay.log():
            return True
        time.sleep(0.02)
    return False


def test_download_resumes_from_the_partial_file(start_relay, database_url, tmp_path):
    relay = start_relay(database_url)
    office, laptop = relay.office(), relay.device("laptop-1")
    bundle = os.urandom(3 * 1024 * 1024 + 17)
    bundle_id = laptop.upload(bundle)
    partial = tmp_path / "downloads" / f"{bundle_id}.part"
    partial.parent.mkdir()

    partial.write_bytes(bundle[:1_000_000])
    assert office.download(bundle_id, partial_path=partial) == bundle
    assert served_206(relay) and not partial.exists()

    partial.write_bytes(bundle)  # a finished download that was never picked up: nothing to fetch
    assert office.download(bundle_id, partial_path=partial) == bundle

    # Wrong bytes in the partial file are caught by the hash, and the file is thrown away.
    partial.write_bytes(os.urandom(1_000_000))
    with pytest.raises(RelayError, match="does not match its id, so it was discarded"):
        office.download(bundle_id, partial_path=partial)
    assert not partial.exists()
    assert office.download(bundle_id, partial_path=partial) == bundle


def test_download_resumes_after_the_relay_is_killed(start_relay, tmp_path):
    relay = start_relay()
    laptop = relay.device("laptop-1")
    bundle = os.urandom(4 * 1024 * 1024)
    bundle_id = laptop.upload(bundle)
    partial = tmp_path / "bundle.part"

    conn = relay.connection()
    conn.request("GET", f"/v1/bundles/{bundle_id}", headers={"Authorization": f"Bearer {OFFICE_CREDENTIAL}"})
    response = conn.getresponse()
    assert response.status == 200
    partial.write_bytes(response.read(1024 * 1024))
    relay.kill()
    conn.close()

    restarted = start_relay()  # the same database
    assert restarted.office().download(bundle_id, partial_path=partial) == bundle
    assert served_206(restarted)


def _half_upload(relay: RelayServer, credential: str, bundle: bytes) -> socket.socket:
    bundle_id = hashlib.sha256(bundle).hexdigest()
    sock = socket.create_connection(("127.0.0.1", relay.port))
    head = (f"PUT /v1/bundles/{bundle_id}?to=office HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {credential}\r\nContent-Length: {len(bundle)}\r\n\r\n")
    sock.sendall(head.encode() + bundle[:len(bundle) // 2])
    relay.office().health()  # one round trip: the relay's event loop has taken in the half body
    return sock


def test_relay_killed_mid_upload_stores_nothing(start_relay, database_url, tmp_path):
    relay = start_relay(database_url)
    laptop = relay.device("laptop-1")
    bundle = os.urandom(2 * 1024 * 1024)
    sock = _half_upload(relay, laptop._credential, bundle)
    relay.kill()
    sock.close()

    restarted = start_relay(database_url)
    office = restarted.office()
    assert office.list() == []
    bundle_id = hashlib.sha256(bundle).hexdigest()
    status, _, _ = restarted.request("GET", f"/v1/bundles/{bundle_id}", credential=OFFICE_CREDENTIAL)
    assert status == 404
    retry = RelayClient(restarted.url, laptop._credential, timeout=10)
    assert retry.upload(bundle) == bundle_id
    assert [b["id"] for b in office.list()] == [bundle_id]
    assert office.download(bundle_id, partial_path=tmp_path / "p") == bundle


def test_client_gone_mid_upload_stores_nothing(start_relay):
    relay = start_relay()
    laptop = relay.device("laptop-1")
    bundle = os.urandom(1024 * 1024)
    _half_upload(relay, laptop._credential, bundle).close()
    office = relay.office()
    assert office.health()["status"] == "ok"
    assert office.list() == []
    bundle_id = laptop.upload(bundle)
    assert [b["id"] for b in office.list()] == [bundle_id]


def _self_signed(tmp_path) -> tuple:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = tmp_path / "relay.crt", tmp_path / "relay.key"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return certfile, keyfile


def test_tls(start_relay, tmp_path):
    certfile, keyfile = _self_signed(tmp_path)
    relay = start_relay(certfile=certfile, keyfile=keyfile)
    assert relay.url.startswith("https://")
    office, laptop = relay.office(), relay.device("laptop-1")  # both trust the certificate (cafile)
    bundle = os.urandom(100_000)
    bundle_id = laptop.upload(bundle)
    assert office.download(bundle_id, partial_path=tmp_path / "p") == bundle

    untrusting = RelayClient(relay.url, laptop._credential, timeout=10)
    with pytest.raises(RelayError, match="showed a certificate this computer does not trust"):
        untrusting.list()
    plain = RelayClient(relay.url.replace("https://", "http://"), laptop._credential, timeout=10)
    with pytest.raises(RelayError, match="^Could not reach the relay at http://127.0.0.1"):
        plain.list()


def test_unreachable_relay_is_a_plain_sentence(tmp_path):
    client = RelayClient(f"http://127.0.0.1:{free_port()}", OFFICE_CREDENTIAL, timeout=5)
    with pytest.raises(RelayError, match=r"^Could not reach the relay at http://127\.0\.0\.1:\d+: .*try again\.$"):
        client.upload(b"bundle")
    with pytest.raises(RelayError, match="^Could not reach the relay"):
        client.download("0" * 64, partial_path=tmp_path / "p")
