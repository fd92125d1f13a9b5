"""No text from a case or from a file that came in is ever used raw in a file path, and nothing is
written outside the folder given: references are checked when made and on import, file names
are built from safe parts only, and the ids that name sync folders and partial downloads are
checked. Every hostile name is built here."""

from __future__ import annotations

import http.server
import json
import os
import threading
from pathlib import Path

import pytest

from advisor_app.cli import documents as documents_cli
from advisor_app.domain.case import CaseHeader, next_reference, reference_problem
from advisor_app.services import AdvisorService, ImportRefused
from advisor_app.services import agreement, documents
from advisor_app.store import CASE
from advisor_app.store.files import safe_file_part, write_in_folder
from advisor_app.store.keys import KdfParams
from advisor_app.store.records import DocumentRecord
from advisor_app.sync.enrollment import Enrollment, EnrollmentError
from advisor_app.sync.relay_client import RelayClient, RelayError

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASS = "a long enough passphrase"
HOSTILE = ["/tmp/x", "../../x", "..", "C-2026-0001\x00.pdf", "C-2026-0001/../../etc", "A" * 300,
           "C 2026 0001", "C-2026-0001\n", "~/x", "C:\\Windows\\x", "ＣＭ-２０２６", "c-2026-0001"]


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


@pytest.mark.parametrize("reference", HOSTILE)
def test_a_reference_that_could_name_a_path_is_refused(reference):
    assert reference_problem(reference) is not None


def test_references_the_app_makes_are_accepted():
    assert reference_problem(next_reference([], 2026)) is None
    assert reference_problem("C-JL-2026-0007") is None  # with a laptop's code


@pytest.fixture
def service(tmp_path):
    service = AdvisorService.create(tmp_path / "store", PASS, kdf=FAST)
    yield service
    service.lock()


@pytest.mark.parametrize("reference", ["/tmp/x", "../../x", "C-2026-0001\x00", "A" * 300, "C 2026"])
def test_import_refuses_a_hostile_reference_and_writes_nothing(service, reference):
    source = service.create_case(first_name="Ruth", last_name="Okafor")
    exported = service.export_case(source)
    exported["case_id"] = "0b6c0f4e-6a39-4e0f-9f5a-3a2f1f0c9a11"
    exported["header"]["reference"] = reference
    before = service.store.unsent_count()
    with pytest.raises(ImportRefused) as refused:
        service.import_case(json.dumps(exported).encode())
    assert str(refused.value).startswith("header.reference: ")
    assert service.store.unsent_count() == before and len(service.list_cases()) == 1


def _plant(service: AdvisorService, reference: str) -> str:
    """A case whose stored reference is hostile, as one imported before this check, or a record
    from elsewhere, could hold: written past the services, straight into the store."""
    case_id = service.create_case(first_name="Ruth", last_name="Okafor")
    view = service.load_case(case_id)
    header = view.header.model_dump(mode="json") | {"reference": reference}
    service.store.put(CASE, header, case_id=case_id, entity_id=case_id, base_version=view.header_version)
    enquiry = {"received_on": "2026-01-05", "route": "family", "contact_name": "Helen Price",
               "looking_for": "Support at home", "postcode": "YO31 7EP"}
    assert service.save(case_id, "enquiry", enquiry).ok
    return case_id


@pytest.mark.parametrize("reference", ["/tmp/advisor-escape", "../../escape", "C-1\x00x", "R" * 200])
def test_documents_land_only_in_the_folder_given(tmp_path, service, reference):
    case_id = _plant(service, reference)
    service.lock()
    out = tmp_path / "deep" / "out"
    before = files_under(tmp_path)
    done = documents_cli.run(tmp_path / "store", PASS, case_id, out, "expression-of-interest")
    assert done == 0
    written = files_under(tmp_path) - before
    assert written and all(path.parent == out for path in written)
    for path in written:
        assert len(path.name.encode()) <= 255 and "\x00" not in path.name
        assert os.stat(path).st_mode & 0o777 == 0o600  # personal data: private
    assert not Path("/tmp/advisor-escape-expression-of-interest-v1.pdf").exists()


def test_every_file_name_is_made_of_safe_parts():
    assert documents.file_name("../../x", "../kind", "../2", "/tmp/y") == "x-kind-tmp-y-v2.pdf"
    assert safe_file_part("\x00\x00", "case") == "case" and len(safe_file_part("é" * 500 + "A" * 500, "x")) <= 60
    signed = DocumentRecord("0" * 64, "case", agreement.SIGNED, 1, "t", "", {
        "reference": "../../../etc/cron.d/x", "version_of": "../../y", "signed_fields": ["a", "b"]}, 1)
    assert agreement.file_name(signed) == "etc-cron-d-x-signed-agreement-vy-2.pdf"


@pytest.mark.parametrize("name", ["../x", "/tmp/x", "a/b", "..", ".", "", "a\x00b", "x" * 256])
def test_write_in_folder_takes_only_a_plain_name(tmp_path, name):
    with pytest.raises(ValueError):
        write_in_folder(tmp_path, name, b"data")
    assert files_under(tmp_path) == set()


def test_a_link_planted_where_a_file_will_go_is_replaced_not_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "C-2026-0001-quote-v1.pdf").symlink_to(outside)
    path = write_in_folder(folder, "C-2026-0001-quote-v1.pdf", b"%PDF-new")
    assert outside.read_text() == "keep me"
    assert not path.is_symlink() and path.read_bytes() == b"%PDF-new"


@pytest.mark.parametrize("enrollment_id", ["../../x", "/tmp/x", "to-office/../..", "a\x00b", ""])
def test_an_enrollment_id_that_is_not_the_offices_is_refused(enrollment_id):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: F401

    from advisor_app.sync.keys import make_office_keys

    public = make_office_keys("office-1", "Bluebell").public
    data = {"format": "advisor-app-enrollment", "version": 1, "office": public.as_dict(),
            "enrollment_id": enrollment_id, "device_name": "Sam", "credential": "c" * 40, "relay_url": None,
            "created_at": "2026-01-01T00:00:00Z"}
    with pytest.raises(EnrollmentError, match="damaged or incomplete"):
        Enrollment.from_bytes(json.dumps(data).encode())


class _HostileRelay(http.server.BaseHTTPRequestHandler):
    """A relay that lists a bundle whose id is a path."""

    def do_GET(self):  # noqa: N802
        body = json.dumps({"bundles": [{"id": "../../escaped", "size": 1, "cursor": 1, "from": "office"}],
                           "next": 1, "more": False}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_relay_listing_a_path_as_a_bundle_id_is_refused(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HostileRelay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = RelayClient(f"http://127.0.0.1:{server.server_address[1]}", "credential" * 4, timeout=10)
        with pytest.raises(RelayError, match="did not answer like a relay"):
            client.list()
    finally:
        server.shutdown()
        server.server_close()
    assert files_under(tmp_path) == set()


def test_a_case_header_from_elsewhere_still_loads(service):
    """The check is on what is made and imported: a stored case keeps opening whatever it holds,
    so nothing saved becomes unreadable."""
    case_id = _plant(service, "../../x")
    assert service.load_case(case_id).header == CaseHeader.model_validate(
        service.store.get(CASE, case_id).data)
