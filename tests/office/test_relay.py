"""The sync relay as a real uvicorn process on loopback, on SQLite and on PostgreSQL.

Each test starts ``python -m advisor_app.cli.relay`` on a free port, talks to it with
`RelayClient` (and raw http.client where the client would hide what is under test), and kills
it at the end.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import secrets
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from advisor_app.sync.relay_client import RelayClient, RelayError

OFFICE_CREDENTIAL = secrets.token_urlsafe(32)
CREDENTIAL_ENV = "TEST_RELAY_OFFICE_CREDENTIAL"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RelayServer:
    """One relay process; `url` is where it listens, `log()` what uvicorn printed."""

    def __init__(self, database_url: str, log_path: Path, *, max_bundle_mb: float | None = None,
                 certfile: Path | None = None, keyfile: Path | None = None, extra_args: tuple[str, ...] = ()):
        self.port = free_port()
        self.cafile = certfile
        self.url = f"{'https' if certfile else 'http'}://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [sys.executable, "-m", "advisor_app.cli.relay", "--port", str(self.port),
                   "--database-url", database_url, "--office-credential-env", CREDENTIAL_ENV]
        if max_bundle_mb is not None:
            command += ["--max-bundle-mb", str(max_bundle_mb)]
        if certfile:
            command += ["--certfile", str(certfile), "--keyfile", str(keyfile)]
        command += list(extra_args)
        env = {**os.environ, CREDENTIAL_ENV: OFFICE_CREDENTIAL}
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_healthy()

    def connection(self, timeout: float = 10) -> http.client.HTTPConnection:
        if self.cafile:
            context = ssl.create_default_context(cafile=str(self.cafile))
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=context)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the relay exited with {self.process.returncode}:\n{self.log()}")
            conn = self.connection(timeout=1)
            try:
                conn.request("GET", "/v1/health")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"the relay did not become healthy:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, like a power cut for the process."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()

    def office(self) -> RelayClient:
        return RelayClient(self.url, OFFICE_CREDENTIAL, timeout=10, cafile=self.cafile, office=True)

    def device(self, device_id: str) -> RelayClient:
        """Enroll a device with a fresh credential and return its client."""
        credential = secrets.token_urlsafe(24)
        self.office().register_device(device_id, credential)
        return RelayClient(self.url, credential, timeout=10, cafile=self.cafile)

    def request(self, method: str, path: str, *, body: bytes | None = None, credential: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """A raw request, for status codes and headers the client turns into exceptions."""
        all_headers = dict(headers or {})
        if credential is not None:
            all_headers["Authorization"] = f"Bearer {credential}"
        conn = self.connection()
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            return response.status, dict(response.headers), response.read()
        finally:
            conn.close()


@pytest.fixture
def start_relay(tmp_path) -> Iterator:
    """start_relay(database_url=None, **options) -> RelayServer; every one is stopped at the end."""
    started: list[RelayServer] = []

    def start(database_url: str | None = None, **options) -> RelayServer:
        url = database_url or f"sqlite:///{tmp_path / 'relay.db'}"
        server = RelayServer(url, tmp_path / f"relay-{len(started)}.log", **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def error(body: bytes) -> str:
    return json.loads(body)["error"]


def test_devices_and_office_exchange_bundles(start_relay, database_url, tmp_path):
    relay = start_relay(database_url)
    office, laptop = relay.office(), relay.device("laptop-1")
    first, second = os.urandom(3000), os.urandom(5000)

    first_id = laptop.upload(first)
    second_id = laptop.upload(second)
    assert first_id == hashlib.sha256(first).hexdigest()
    listed = office.list()
    assert [(b["id"], b["size"], b["from"]) for b in listed] == [(first_id, 3000, "laptop-1"),
                                                                 (second_id, 5000, "laptop-1")]
    assert listed[0]["cursor"] < listed[1]["cursor"]
    assert [b["id"] for b in office.list(after=listed[0]["cursor"])] == [second_id]
    assert laptop.list() == []  # the laptop's own mailbox is separate

    assert office.download(first_id, partial_path=tmp_path / "partial") == first
    assert not (tmp_path / "partial").exists()
    assert laptop.download(first_id, partial_path=tmp_path / "mine") == first  # the sender may read it
    office.delete(first_id)
    office.delete(first_id)  # deleting twice is fine
    assert [b["id"] for b in office.list()] == [second_id]

    reply = os.urandom(2000)
    reply_id = office.upload(reply, to="laptop-1")
    assert [(b["id"], b["from"]) for b in laptop.list()] == [(reply_id, "office")]
    assert laptop.download(reply_id, partial_path=tmp_path / "reply") == reply
    laptop.delete(reply_id)
    assert laptop.list() == []

    status, _, body = relay.request("GET", f"/v1/bundles/{first_id}", credential=OFFICE_CREDENTIAL)
    assert (status, error(body)) == (404, "This relay has no bundle with that id for you.")


def test_upload_is_idempotent_and_the_id_must_be_the_hash(start_relay, database_url, tmp_path):
    relay = start_relay(database_url)
    office, laptop, other = relay.office(), relay.device("laptop-1"), relay.device("laptop-2")
    bundle = b"opaque ciphertext " * 100
    bundle_id = laptop.upload(bundle)
    assert laptop.upload(bundle) == bundle_id
    assert [b["id"] for b in office.list()] == [bundle_id]

    credential = laptop._credential
    status, _, body = relay.request("PUT", f"/v1/bundles/{bundle_id}?to=office", body=bundle, credential=credential)
    assert (status, json.loads(body)["status"]) == (200, "already here")
    # Same id, different bytes: the id is the hash, so this is the mismatch, refused.
    status, _, body = relay.request("PUT", f"/v1/bundles/{bundle_id}?to=office", body=b"other bytes",
                                    credential=credential)
    assert (status, error(body)) == (400, "The bundle's id is not the SHA-256 of its bytes.")
    wrong_id = hashlib.sha256(b"something else").hexdigest()
    status, _, body = relay.request("PUT", f"/v1/bundles/{wrong_id}?to=office", body=b"other bytes",
                                    credential=credential)
    assert status == 400
    status, _, body = relay.request("PUT", "/v1/bundles/NOT-A-HASH?to=office", body=b"x", credential=credential)
    assert (status, error(body)) == (400, "A bundle id is the 64-character lowercase hex SHA-256 "
                                          "of the bundle's bytes.")
    assert [b["id"] for b in office.list()] == [bundle_id]

    with pytest.raises(RelayError) as refused:  # the same bytes from another sender
        other.upload(bundle)
    assert refused.value.status == 409
    assert office.download(bundle_id, partial_path=tmp_path / "partial") == bundle  # still the original


def test_credentials_and_mailboxes_are_enforced(start_relay, database_url, tmp_path):
    relay = start_relay(database_url)
    office, laptop, other = relay.office(), relay.device("laptop-1"), relay.device("laptop-2")
    to_office = laptop.upload(b"for the office")
    to_laptop = office.upload(b"for laptop 1", to="laptop-1")

    stranger = RelayClient(relay.url, "not-a-real-credential-at-all", timeout=10)
    with pytest.raises(RelayError) as refused:
        stranger.list()
    assert (refused.value.status, str(refused.value)) == (
        401, "The relay refused the credential: ask the office to enroll this laptop again.")
    status, headers, body = relay.request("GET", "/v1/mailbox")
    assert (status, error(body)) == (401, "Send the relay credential in an 'Authorization: Bearer' header.")
    assert headers["www-authenticate"] == "Bearer"
    status, _, _ = relay.request("GET", "/v1/health")
    assert status == 200

    # Another device sees neither mailbox and cannot touch the bundles in them.
    assert other.list() == []
    for bundle_id in (to_office, to_laptop):
        with pytest.raises(RelayError) as refused:
            other.download(bundle_id, partial_path=tmp_path / "p")
        assert refused.value.status == 404
        other.delete(bundle_id)  # not in its mailbox: nothing happens
    assert [b["id"] for b in office.list()] == [to_office]
    assert [b["id"] for b in laptop.list()] == [to_laptop]
    with pytest.raises(RelayError, match="A device can only send bundles to the office."):
        other.upload(b"sideways", to="laptop-1")
    with pytest.raises(RelayError, match="Only the office can enroll devices."):
        other.register_device("laptop-3", secrets.token_urlsafe(24))
    with pytest.raises(RelayError, match="No device is enrolled on this relay with the id 'nobody'."):
        office.upload(b"x", to="nobody")

    # Revoking works at once; enrolling again with a new credential works, the old one does not.
    office.revoke_device("laptop-1")
    with pytest.raises(RelayError) as refused:
        laptop.list()
    assert refused.value.status == 401
    again = relay.device("laptop-1")
    assert [b["id"] for b in again.list()] == [to_laptop]
    with pytest.raises(RelayError):
        laptop.list()
    with pytest.raises(RelayError) as refused:
        office.register_device("laptop-4", again._credential)
    assert refused.value.status == 409

    wrong_office = RelayClient(relay.url, "x" * 40, timeout=10, office=True)
    with pytest.raises(RelayError, match="check the office credential the relay was started with"):
        wrong_office.revoke_device("laptop-2")


def test_size_limits(start_relay, database_url):
    relay = start_relay(database_url, max_bundle_mb=1)
    office, laptop = relay.office(), relay.device("laptop-1")
    credential = laptop._credential
    assert relay.office().health()["max_bundle_bytes"] == 1024 * 1024

    # The relay answers from the headers, before the body: with "Expect: 100-continue" the body
    # is never sent (without it, the relay may close the connection while the body is sent).
    conn = relay.connection()
    try:
        conn.putrequest("PUT", f"/v1/bundles/{'0' * 64}?to=office")
        for name, value in (("Authorization", f"Bearer {credential}"), ("Content-Length", str(1024 * 1024 + 1)),
                            ("Expect", "100-continue")):
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        assert (response.status, error(response.read())) == (
            413, "The bundle is 1048577 bytes; this relay accepts bundles of at most 1048576 bytes.")
    finally:
        conn.close()
    with pytest.raises(RelayError) as refused:  # far too big: the relay may cut the upload short
        laptop.upload(os.urandom(8 * 1024 * 1024))
    assert refused.value.status == 413
    assert "accepts bundles of at most 1048576 bytes" in str(refused.value)

    status, _, body = relay.request("PUT", f"/v1/bundles/{hashlib.sha256(b'').hexdigest()}?to=office",
                                    body=b"", credential=credential)
    assert (status, error(body)) == (400, "The bundle is empty.")
    # Without Content-Length (chunked) the relay cannot check the size first.
    conn = relay.connection()
    try:
        conn.request("PUT", f"/v1/bundles/{hashlib.sha256(b'abc').hexdigest()}?to=office", body=iter([b"abc"]),
                     headers={"Authorization": f"Bearer {credential}"}, encode_chunked=True)
        response = conn.getresponse()
        assert (response.status, error(response.read())) == (411, "Send the bundle with a Content-Length header.")
    finally:
        conn.close()
    assert office.list() == []

    just_right = os.urandom(1024 * 1024)
    assert laptop.upload(just_right) in [b["id"] for b in office.list()]
