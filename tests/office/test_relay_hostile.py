"""The relay against hostile clients, on a real relay process on loopback.

Idle, slow and stalled clients are cut off (the head of a request within a few seconds, a body
while it makes progress); a thousand idle connections do not stop an enrolled laptop from
syncing; malformed or huge Range and query values get a 4xx, never a 500 or a bogus 206; the
space of deleted bundles goes back to the disk; and the log stays bounded under a flood.

Counts and times here are generous bounds that show the behaviour; speed belongs to `make bench`.
"""

from __future__ import annotations

import hashlib
import os
import resource
import socket
import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from advisor_app.office.relay import metadata
from advisor_app.services import AdvisorService, sync
from advisor_app.store.keys import KdfParams
from tests.office.test_relay import error
from tests.relay_server import OFFICE_CREDENTIAL, RelayServer
from tests.office.helpers import new_office

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
QUICK = ("--head-timeout", "1", "--body-timeout", "2")  # short limits, so the tests wait little
CUT_OFF_WITHIN = 15.0  # seconds: far above the limits, for a loaded machine


def connect(relay: RelayServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", relay.port), timeout=10)


def closed_by_relay(sock: socket.socket, *, trickle: bytes = b"", within: float = CUT_OFF_WITHIN) -> bool:
    """Whether the relay closes ``sock`` within ``within`` seconds, while we send ``trickle`` a
    byte at a time (progress that must not keep a request head alive for ever)."""
    deadline = time.monotonic() + within
    sock.settimeout(0.1)
    sent = 0
    while time.monotonic() < deadline:
        try:
            if sent < len(trickle):
                sock.send(trickle[sent:sent + 1])
                sent += 1
            if sock.recv(4096) == b"":
                return True
        except socket.timeout:
            continue
        except OSError:  # reset by the relay
            return True
    return False


def put_head(credential: str, length: int | str) -> bytes:
    return (f"PUT /v1/bundles/{'0' * 64}?to=office HTTP/1.1\r\nHost: relay\r\n"
            f"Authorization: Bearer {credential}\r\nContent-Length: {length}\r\n\r\n").encode()


def test_idle_slow_and_stalled_clients_are_cut_off(start_relay):
    relay = start_relay(extra_args=QUICK)
    laptop = relay.device("laptop-1")

    assert closed_by_relay(connect(relay))  # connects and says nothing
    # A request head sent a byte at a time, steadily: its deadline runs from its first byte.
    head = b"GET /v1/health HTTP/1.1\r\nHost: relay\r\nX-Slow: " + b"a" * 500
    assert closed_by_relay(connect(relay), trickle=head)
    # An upload that stops half-way.
    stalled = connect(relay)
    stalled.sendall(put_head(laptop._credential, 1000) + b"x" * 10)
    assert closed_by_relay(stalled)
    # A keep-alive connection: one good request, then half of the next one.
    kept = connect(relay)
    kept.sendall(b"GET /v1/health HTTP/1.1\r\nHost: relay\r\n\r\n")
    assert b" 200 " in kept.recv(4096)
    kept.sendall(b"GET /v1/health HTTP/1.1\r\nHost: rel")
    assert closed_by_relay(kept)
    assert relay.office().list() == []  # the stalled upload stored nothing
    assert relay.office().health()["status"] == "ok"


def test_a_slow_upload_that_keeps_moving_is_not_cut_off(start_relay):
    """The body limit is on progress, not on the total time: a bundle on a slow line arrives."""
    relay = start_relay(extra_args=QUICK)
    laptop = relay.device("laptop-1")
    bundle = os.urandom(4000)
    sock = connect(relay)
    sock.sendall(put_head(laptop._credential, len(bundle)).replace(b"0" * 64, hashlib.sha256(bundle).hexdigest().encode()))
    started = time.monotonic()
    for start in range(0, len(bundle), 400):  # ten pieces, half a second apart: 4.5 s in all
        time.sleep(0.5)
        sock.sendall(bundle[start:start + 400])
    assert time.monotonic() - started > 2  # longer than the 2 s body limit, in total
    assert b" 201 " in sock.recv(4096)
    sock.close()
    assert [b["size"] for b in relay.office().list()] == [4000]


def test_a_client_that_stops_reading_a_download_is_cut_off(start_relay):
    relay = start_relay(extra_args=(*QUICK, "--send-timeout", "2"))
    laptop = relay.device("laptop-1")
    bundle = os.urandom(16 * 1024 * 1024)
    bundle_id = laptop.upload(bundle)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # so the relay's sending soon stalls
    sock.connect(("127.0.0.1", relay.port))
    sock.sendall(f"GET /v1/bundles/{bundle_id} HTTP/1.1\r\nHost: relay\r\n"
                 f"Authorization: Bearer {laptop._credential}\r\n\r\n".encode())
    deadline = time.monotonic() + CUT_OFF_WITHIN  # not reading; the relay should give up
    while "the client stopped reading the response" not in relay.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "the client stopped reading the response" in relay.log()
    received = 0
    sock.settimeout(10)
    try:
        while chunk := sock.recv(1 << 20):
            received += len(chunk)
    except OSError:  # reset
        pass
    assert received < len(bundle)  # cut off, not served to the end
    assert relay.office().health()["status"] == "ok"


def _raise_open_file_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"this machine allows only {hard} open files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def test_a_thousand_idle_connections_do_not_stop_an_enrolled_laptop_syncing(start_relay, tmp_path):
    _raise_open_file_limit(4096)
    relay = start_relay()  # the real limits: idle connections live 5 s, longer than this sync takes
    office = new_office(f"sqlite:///{tmp_path / 'office.db'}", "office passphrase 1", kdf=FAST,
                        relay_url=relay.url, relay_credential=OFFICE_CREDENTIAL)
    advisor = AdvisorService.create(tmp_path / "sam", "kettle harbour lantern", kdf=FAST)
    sync.enroll(advisor, office.enroll("Sam's laptop").to_bytes())
    advisor.create_case(first_name="Ruth", last_name="Okafor")

    idle = [connect(relay) for _ in range(1000)]
    try:
        report = sync.sync_relay(advisor)  # while the crowd is connected
        assert report.sent_changes > 0
        assert [r.result.state for r in office.import_relay(tmp_path / "partial")] == ["imported"]
        sync.sync_relay(advisor)
        assert sync.status(advisor).waiting == 0
        # Every idle connection is closed by the relay: pushed out by newer ones, or timed out.
        assert all(closed_by_relay(sock, within=30) for sock in idle)
    finally:
        for sock in idle:
            sock.close()
        advisor.lock()
    cuts = relay.log().count("Closed a connection")
    assert 0 < cuts <= 25  # logged, but bounded: not a thousand lines
    assert relay.office().health()["status"] == "ok"


RANGES = ["bytes=-0", "bytes=" + "9" * 5000 + "-", "bytes=0-" + "9" * 5000, "bytes=-" + "9" * 19,
          "bytes=5-2", "bytes=abc", "bytes=-", "bytes=1000-", "bytes=1-2-3"]
QUERIES = ["after=" + "9" * 19, "after=" + "9" * 5000, "after=-1", "after=%C2%B2", "after=%D9%A1",
           "after=1e3", "limit=" + "9" * 19, "limit=x"]


def test_malformed_and_huge_values_get_a_4xx(start_relay, database_url):
    relay = start_relay(database_url)
    laptop = relay.device("laptop-1")
    bundle = os.urandom(1000)
    bundle_id = laptop.upload(bundle)
    path = f"/v1/bundles/{bundle_id}"

    for value in RANGES:
        status, headers, body = relay.request("GET", path, credential=laptop._credential, headers={"Range": value})
        assert (status, headers.get("content-range")) == (416, "bytes */1000"), value[:30]
        assert "not a range of this bundle's 1000 bytes" in error(body)
    for value, expected, content_range in [("bytes=0-0", bundle[:1], "bytes 0-0/1000"),
                                           ("bytes=-5", bundle[-5:], "bytes 995-999/1000"),
                                           ("bytes=990-5000", bundle[990:], "bytes 990-999/1000")]:
        status, headers, body = relay.request("GET", path, credential=laptop._credential, headers={"Range": value})
        assert (status, headers["content-range"], body) == (206, content_range, expected)
    for value in ("items=0-5", "bytes=0-1,5-6"):  # another unit, several ranges: the whole bundle
        assert relay.request("GET", path, credential=laptop._credential, headers={"Range": value})[0] == 200

    for query in QUERIES:
        status, _, body = relay.request("GET", f"/v1/mailbox?{query}", credential=OFFICE_CREDENTIAL)
        assert status == 400, query[:30]
        assert "must be a whole number from 0 to 999999999999999999" in error(body)
    assert relay.request("GET", "/v1/mailbox?after=999999999999999999", credential=OFFICE_CREDENTIAL)[0] == 200

    sock = connect(relay)  # a Content-Length of 5,000 digits
    sock.sendall(put_head(laptop._credential, "9" * 5000))
    assert sock.recv(4096).startswith(b"HTTP/1.1 400 ")
    sock.close()
    assert "500" not in [line.split('" ')[-1][:3] for line in relay.log().splitlines() if '" ' in line]
    assert [b["id"] for b in relay.office().list()] == [bundle_id]


def _disk_size(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())


def test_deleted_bundles_are_given_back_to_the_disk(start_relay, tmp_path):
    db = tmp_path / "relay.db"
    relay = start_relay(f"sqlite:///{db}")
    office, laptop = relay.office(), relay.device("laptop-1")
    ids = [laptop.upload(os.urandom(1024 * 1024)) for _ in range(8)]
    full = _disk_size(db)
    assert full > 8 * 1024 * 1024
    for bundle_id in ids:
        office.delete(bundle_id)
    assert _disk_size(db) < 2 * 1024 * 1024  # the 8 MiB of bundles went back to the disk
    assert laptop.upload(b"still works") in [b["id"] for b in office.list()]


def test_an_older_relay_database_is_converted_to_give_space_back(start_relay, tmp_path):
    db = tmp_path / "relay.db"
    metadata.create_all(sa.create_engine(f"sqlite:///{db}"))  # as an earlier relay made it
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA auto_vacuum").fetchone() == (0,)
    relay = start_relay(f"sqlite:///{db}")
    relay.stop()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA auto_vacuum").fetchone() == (1,)  # full: freed pages go back


def test_the_log_stays_bounded_under_a_flood_of_bad_requests(start_relay):
    relay = start_relay(extra_args=QUICK)
    for _ in range(300):
        sock = connect(relay)
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        sock.recv(4096)
        sock.close()
    assert relay.office().health()["status"] == "ok"
    warnings = relay.log().count("Invalid HTTP request received.")
    assert 0 < warnings <= 20
