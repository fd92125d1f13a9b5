"""The sync relay as a real process on loopback (``python -m advisor_app.cli.relay``), for the office,
sync and benchmark tests; ``start_relay`` (tests/conftest.py) starts them and stops them after."""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from advisor_app.sync.relay_client import RelayClient

OFFICE_CREDENTIAL = secrets.token_urlsafe(32)
CREDENTIAL_ENV = "TEST_RELAY_OFFICE_CREDENTIAL"
ROOT = Path(__file__).resolve().parents[1]


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


@contextmanager
def slow_proxy(relay: RelayServer, delay_s: float, lifetime_s: float = 300) -> Iterator[str]:
    """A relay that answers slowly: tests/slow_proxy.py in front of ``relay``, each connection
    waiting ``delay_s`` before it is passed on; yields the proxy's URL."""
    port = free_port()
    proxy = subprocess.Popen([sys.executable, str(ROOT / "tests" / "slow_proxy.py"), str(port), str(relay.port),
                              str(delay_s), str(lifetime_s)], stdout=subprocess.PIPE, text=True)
    try:
        assert proxy.stdout is not None and proxy.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proxy.kill()
        proxy.wait(10)
