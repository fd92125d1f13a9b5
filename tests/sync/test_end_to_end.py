"""Two laptops and one office, synced by a folder (a USB stick): every edit arrives once, the
office's decisions come back, and nothing readable sits on the stick."""

from __future__ import annotations

import json

import pytest

from advisor_app.demo import fill_demo
from advisor_app.office.service import OfficeError, OfficeService
from advisor_app.services import AdvisorService
from advisor_app.services import sync
from advisor_app.sync.device import SyncError
from advisor_app.sync.enrollment import EnrollmentError
from tests.signing.tsa import TimestampingService
from tests.office.helpers import new_office
from tests.sync.helpers import FAST, PASSPHRASE, laptop

ENQUIRY = {"received_on": "2026-11-02", "route": "family", "contact_name": "Helen Price",
           "contact_phone": "0113 496 0000", "looking_for": "Support at home", "urgency": "soon",
           "lives_in": "York", "decision": "pursue"}


def test_two_laptops_sync_through_a_folder_and_decisions_come_back(tmp_path, office):
    stick = tmp_path / "stick"
    stick.mkdir()
    jess, sam = laptop(tmp_path, "jess", office), laptop(tmp_path, "sam", office)
    fill_demo(jess, office_decisions=False)  # only the office records a manager's decision
    case = sam.create_case(first_name="Ruth", last_name="Okafor")
    assert sam.save(case, "enquiry", ENQUIRY).ok
    waiting = {"jess": sync.status(jess).waiting, "sam": sync.status(sam).waiting}
    assert waiting["jess"] > 50 and waiting["sam"] >= 2

    for service in (jess, sam):
        assert sync.sync_folder(service, stick).sent_changes == sync.status(service).waiting
    for path in (stick / "to-office").glob("*.bundle"):  # sealed: no names, no case data
        text = path.read_text()
        assert "Okafor" not in text and "Priya" not in text and "Helen" not in text

    received = office.import_folder(stick)
    assert [r.result.state for r in received] == ["imported", "imported"]
    assert sum(r.result.applied for r in received) == waiting["jess"] + waiting["sam"]
    names = {c["data"].get("person_name") for c in office.store.cases()}
    assert {"Ruth Okafor", "Priya Sharma", "Tom Brennan"} <= names
    # The signed agreements travelled with their bytes, and the office verified them on arrival
    # (signing/verify.py): signed before the office's certificate arrived, they are trusted as
    # the enrolled laptop's key (the laptop's own CA is not trusted at the office).
    signed_docs = [d for d in office.store.documents() if d["kind"] == "signed-agreement"]
    assert signed_docs
    for doc in signed_docs:
        check = office.store.document(doc["sha256"])["verification"]
        assert check["intact"] and not check["problems"], check
        assert all(s["trusted_as"].startswith("enrolled laptop") for s in check["signatures"])
    # The states before the last say which boxes were still to sign, and that a later one is here.
    earlier = [office.store.document(d["sha256"])["verification"] for d in signed_docs[:-1]]
    assert any(c["still_to_sign"] and any("later signed copy" in n for n in c["notes"]) for c in earlier)

    # The office approves an assessment that awaits the manager's decision.
    awaiting = [r for r in office.store.records(entity="risk_assessment")
                if r["data"].get("sent_for_decision_at")
                and not any(d["data"]["assessment_id"] == r["entity_id"]
                            for d in office.store.records(entity="risk_decision"))]
    assert awaiting, "the demo has an assessment waiting for the manager"
    target = awaiting[0]
    office.approve_risk(target["entity_id"], {"decision": "approved"})
    office.import_folder(stick)  # the stick comes back to the office: fresh replies are written

    # Back on the laptops: acknowledgements, certificate, approval.
    for service in (jess, sam):
        report = sync.sync_folder(service, stick)
        assert report.received and sync.status(service).waiting == report.sent_changes
    from advisor_app.services import risk

    view = risk.load_assessment(jess, target["entity_id"])
    assert view.decision is not None and view.decision.manager_name == "Morgan Hale"
    # The laptop's echo of the approval is "already the same" at the office, not a conflict.
    office.import_folder(stick)
    assert office.store.conflicts() == []

    # The manager countersigns the newest signed agreement; the laptop receives it, and every
    # signature verifies there: those made before enrollment (local CA) and the office's.
    from advisor_app.services import agreement
    from advisor_app.signing.evidence import open_pen_samples
    from advisor_app.signing.verify import verify_pdf

    signed = [d for d in office.store.documents() if d["kind"] == "signed-agreement"]
    newest = next(d for d in signed if not any(o["meta"].get("previous") == d["sha256"] for o in signed))
    tsa = TimestampingService(tmp_path / "tsa")  # the office's timestamping service: PAdES B-LTA
    try:
        office.set_timestamping(tsa.url, tsa.root_pem_text)
        countersigned = office.countersign(newest["sha256"], [[(10.0, 40.0, 0, None), (60.0, 20.0, 80, None), (120.0, 45.0, 160, None)]])
    finally:
        tsa.stop()
    report = verify_pdf(office.store.document(countersigned["sha256"])["content"], office.trust_anchors())
    assert report.ok and not report.problems, report.problems
    assert report.signatures[-1].field == "office" and report.signatures[-1].certificate_role == "manager"
    assert report.long_term == "B-LTA" and report.timestamps[0].trusted
    # Only the office can open the pen samples; they are the ones the laptop recorded.
    person = report.signatures[0].evidence
    assert person["pen"]["sealed_to"] == office.public.office_id
    strokes = open_pen_samples(person, office.keys.encryption)
    assert len(strokes) == person["pen"]["strokes"] and all(len(p) == 4 for s in strokes for p in s)
    office.import_folder(stick)
    sync.sync_folder(jess, stick)
    on_laptop = agreement.verify_stored(jess, countersigned["sha256"])
    assert on_laptop.ok and all(c.intact and c.valid and c.trusted for c in on_laptop.signatures)
    assert [c.field for c in on_laptop.signatures][-1] == "office"

    office.import_folder(stick)
    for service in (jess, sam):
        sync.sync_folder(service, stick)
        assert sync.status(service).waiting == 0


def test_replaying_every_bundle_changes_nothing(tmp_path, office):
    stick = tmp_path / "stick"
    stick.mkdir()
    sam = laptop(tmp_path, "sam", office)
    case = sam.create_case(first_name="Ruth", last_name="Okafor")
    sam.save(case, "enquiry", ENQUIRY)
    data, _ = sync.device(sam).outgoing()
    first = office.receive(data)
    assert first.result.state == "imported"
    before = json.dumps(office.store.records(), sort_keys=True, default=str)
    again = office.receive(data)
    assert again.result.state == "duplicate" and again.result.applied == 0
    assert json.dumps(office.store.records(), sort_keys=True, default=str) == before


def test_a_bundle_for_another_office_or_from_an_unknown_laptop_is_refused(tmp_path, office):
    other = new_office(tmp_path / "other", "office passphrase 2", name="Other")
    sam = laptop(tmp_path, "sam", other)
    sam.create_case(first_name="Ruth", last_name="Okafor")
    data, _ = sync.device(sam).outgoing()
    received = office.receive(data)
    assert received.result.state == "refused"
    assert "not enrolled with this office" in received.result.reason
    assert office.store.cases() == []


def test_a_revoked_laptop_is_refused_and_told(tmp_path, office):
    stick = tmp_path / "stick"
    stick.mkdir()
    sam = laptop(tmp_path, "sam", office)
    sam.create_case(first_name="Ruth", last_name="Okafor")
    sync.sync_folder(sam, stick)
    office.import_folder(stick)
    enrollment = sync.device(sam).enrollment
    office.revoke(enrollment.enrollment_id)
    sam.create_case(first_name="Ada", last_name="Lowe")
    sync.sync_folder(sam, stick, receive=False)
    refused = office.import_folder(stick)
    assert refused[0].result.state == "refused" and "revoked" in refused[0].result.reason
    assert "Ada Lowe" not in {c["data"].get("person_name") for c in office.store.cases()}


def test_enrollment_and_passphrase_mistakes_say_what_to_do(tmp_path, office):
    sam = AdvisorService.create(tmp_path / "sam", PASSPHRASE, kdf=FAST)
    with pytest.raises(SyncError, match="not enrolled"):
        sync.sync_folder(sam, tmp_path)
    with pytest.raises(EnrollmentError, match="not an advisor-app enrollment file"):
        sync.enroll(sam, b'{"format": "something else"}')
    with pytest.raises(EnrollmentError, match="damaged or incomplete"):
        sync.enroll(sam, office.enroll("x").to_bytes()[:50])
    with pytest.raises(OfficeError, match="That is not Morgan Hale's passphrase"):
        OfficeService.unlock(str(tmp_path / "office"), "wrong passphrase", user="Morgan Hale")
    assert sync.status(sam).enrolled is False


def test_enrollment_gives_the_office_a_recovery_copy_of_the_store_key(tmp_path, office):
    from advisor_app.store import Store, recovery

    sam = laptop(tmp_path, "sam", office)
    sam.lock()
    key = recovery.open_copy(recovery.read_copy(tmp_path / "sam"), office.keys.encryption)
    store = Store.recover(tmp_path / "sam", key, "a new passphrase 2026")
    assert store.device_id
    store.close()
