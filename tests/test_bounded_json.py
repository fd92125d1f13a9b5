"""Deeply nested or enormous JSON and huge numbers are refused in one plain line by every reader of
outside input: `import`, `cost`, the bundle reader (at the office and on a laptop), enrollment,
key and recovery files. Each hostile file is built here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from advisor_app import bounded_json
from advisor_app.services import AdvisorService, ImportRefused
from advisor_app.store.keys import KdfParams
from advisor_app.sync import bundle
from advisor_app.sync.enrollment import Enrollment, EnrollmentError
from advisor_app.sync.keys import raw_public

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
DEEP = "[" * 100_000 + "]" * 100_000
HOSTILE = {
    "nested 100,000 deep": (DEEP, "nested more than 64 levels deep"),
    "nested in an object": ('{"a": ' + '{"b": ' * 5000 + "1" + "}" * 5000 + "}", "nested more than 64 levels deep"),
    "a 5,000-digit number": ('{"n": ' + "9" * 5000 + "}", "a number with more than 40 characters"),
    "a 5,000-digit fraction": ('{"n": 0.' + "1" * 5000 + "}", "a number with more than 40 characters"),
    "an exponent of a million": ('{"n": 1e999999}', "a number with an exponent beyond 40"),
    "NaN": ('{"n": NaN}', "NaN is not a number this file can use."),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_reader_refuses_in_one_sentence(name):
    text, words = HOSTILE[name]
    with pytest.raises(bounded_json.JsonRefused) as refused:
        bounded_json.loads(text)
    message = str(refused.value)
    assert words in message and message.endswith(".") and "\n" not in message


def test_ordinary_json_reads_as_before():
    text = '{"a": [1, -2.5, "x [not a bracket] 12345678901234567890123456789012345678901234567890", {"b": null}]}'
    assert bounded_json.loads(text) == json.loads(text)
    assert str(bounded_json.loads('{"h": 7.5}', decimals=True)["h"]) == "7.5"
    assert bounded_json.loads("[" * 64 + "]" * 64) is not None  # the limit itself is fine
    with pytest.raises(bounded_json.NotJson):
        bounded_json.loads(b"\xff\xfe")
    with pytest.raises(bounded_json.JsonRefused, match="too large"):
        bounded_json.loads("[1]", max_bytes=2)


@pytest.fixture
def service(tmp_path):
    service = AdvisorService.create(tmp_path / "store", "a long enough passphrase", kdf=FAST)
    yield service
    service.lock()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_import_refuses_and_writes_nothing(service, name):
    text, words = HOSTILE[name]
    before = service.store.unsent_count()
    with pytest.raises(ImportRefused) as refused:
        service.import_case(text.encode())
    assert words in str(refused.value)
    assert service.list_cases() == [] and service.store.unsent_count() == before


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "advisor_app", *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, "ADVISOR_PASS": "a long enough passphrase"}, timeout=120)


@pytest.mark.parametrize("name", ["nested 100,000 deep", "a 5,000-digit number", "an exponent of a million"])
def test_cost_and_import_commands_say_one_line_and_exit_1(tmp_path, service, name):
    text, words = HOSTILE[name]
    hostile = tmp_path / "hostile.json"
    hostile.write_text(text)
    for args in (["cost", str(hostile)],
                 ["import", "--store", str(service.store.directory), "--passphrase-env", "ADVISOR_PASS", str(hostile)]):
        if args[0] == "import":
            service.lock()
        done = _cli(*args)
        assert done.returncode == 1, done.stderr
        assert done.stderr.count("\n") == 1 and words in done.stderr and "Traceback" not in done.stderr


def test_the_bundle_reader_refuses_hostile_json_at_both_layers():
    recipient = X25519PrivateKey.generate()
    with pytest.raises(bundle.BundleError, match="not readable: The data is nested more than 64"):
        bundle.read_header(DEEP.encode())
    # Inside the sealed body, where only the recipient can see it: a real HPKE seal of hostile JSON.
    header = {"format": bundle.FORMAT, "version": bundle.VERSION, "sender": "x",
              "recipient": bundle.key_id(raw_public(recipient))}
    from advisor_app.store.canonical import canonical_json
    from advisor_app.sync.keys import b64
    for body, words in ((DEEP, "nested more than 64"), ('{"content": {"n": ' + "9" * 5000 + '}}', "more than 40")):
        sealed = bundle.SUITE.encrypt(body.encode(), recipient.public_key(), info=canonical_json(header).encode())
        data = canonical_json({**header, "sealed": b64(sealed)}).encode()
        with pytest.raises(bundle.BundleError, match=f"content cannot be read .*{words}"):
            bundle.open_bundle(data, recipient)


def test_an_enrollment_file_with_hostile_json_is_refused():
    for text, _words in HOSTILE.values():
        with pytest.raises(EnrollmentError, match="damaged or incomplete"):
            Enrollment.from_bytes(text.encode())
