"""End to end on loopback with a real relay process: two laptops and one office (on SQLite and
on PostgreSQL), edits on both sides, sync, import, a conflict resolved, decisions back; the relay
and the importer killed mid-way and resumed with nothing lost or doubled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from advisor_app.office.service import OfficeService
from advisor_app.services import AdvisorService, sync
from advisor_app.store.keys import KdfParams
from tests.office.helpers import new_office
from tests.relay_server import OFFICE_CREDENTIAL, ROOT, RelayServer

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "kettle harbour lantern"
OFFICE_PASSPHRASE = "office passphrase 1"
ENQUIRY = {"received_on": "2026-11-02", "route": "family", "contact_name": "Helen Price",
           "contact_phone": "0113 496 0000", "looking_for": "Support at home", "urgency": "soon",
           "lives_in": "York", "decision": "pursue"}


def laptop(tmp_path: Path, name: str, office: OfficeService) -> AdvisorService:
    service = AdvisorService.create(tmp_path / name, PASSPHRASE, advisor_name=f"{name} advisor", kdf=FAST)
    sync.enroll(service, office.enroll(f"{name} laptop").to_bytes())
    return service


def test_two_laptops_and_the_office_through_a_real_relay(start_relay, database_url, tmp_path):
    relay = start_relay()
    office = new_office(database_url, OFFICE_PASSPHRASE, relay_url=relay.url, relay_credential=OFFICE_CREDENTIAL)
    jess, sam = laptop(tmp_path, "jess", office), laptop(tmp_path, "sam", office)
    ruth = sam.create_case(first_name="Ruth", last_name="Okafor")
    assert sam.save(ruth, "enquiry", ENQUIRY).ok
    ada = jess.create_case(first_name="Ada", last_name="Lowe")
    for service in (jess, sam):
        assert sync.sync_relay(service).sent_changes > 0
    received = office.import_relay(tmp_path / "partial")
    assert sorted(r.result.state for r in received) == ["imported", "imported"]
    assert {c["data"]["person_name"] for c in office.store.cases()} == {"Ruth Okafor", "Ada Lowe"}

    # Both sides edit Ruth's enquiry: the office from the phone call, Sam offline at the visit.
    enquiry = next(r for r in office.store.records(case_id=ruth) if r["entity"] == "enquiry")
    office.store.put_record("enquiry", {**enquiry["data"], "urgency": "urgent"}, case_id=ruth, by="Maya",
                            entity_id=enquiry["entity_id"], base_version=enquiry["version"])
    assert sam.save(ruth, "enquiry", {**ENQUIRY, "urgency": "routine"}).ok
    jess.save(ada, "enquiry", ENQUIRY)
    for service in (jess, sam):
        sync.sync_relay(service)  # takes the acknowledgement and the office's record, sends the edit
    office.import_relay(tmp_path / "partial")
    conflicts = office.store.conflicts()
    assert len(conflicts) == 1 and conflicts[0]["entity_id"] == enquiry["entity_id"]
    assert conflicts[0]["incoming"]["data"]["urgency"] == "routine"  # both versions kept
    assert conflicts[0]["current"]["data"]["urgency"] == "urgent"
    office.resolve_conflict(conflicts[0]["id"], "incoming")
    assert office.store.conflicts() == []

    office.import_relay(tmp_path / "partial")  # nothing new arrives; the resolution goes out
    for _ in range(2):  # the laptops take the resolution, then their echo is confirmed
        for service in (jess, sam):
            sync.sync_relay(service)
        office.import_relay(tmp_path / "partial")
    for service in (jess, sam):
        sync.sync_relay(service)
        assert sync.status(service).waiting == 0
    saved = sam.load_case(ruth).sections["enquiry"].data
    assert saved["urgency"] == "routine"
    assert office.store.record(enquiry["entity_id"])["data"]["urgency"] == "routine"
    assert office.store.conflicts() == []


def _office_import(database_url: str, relay_url: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "advisor_app", "office", "import", "--office", database_url,
         "--from-relay", relay_url, "--user", "Morgan Hale", "--passphrase-env", "OFFICE_PASSPHRASE"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killing_the_relay_and_the_importer_loses_and_doubles_nothing(start_relay, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'office.db'}"
    relay_db = f"sqlite:///{tmp_path / 'relay.db'}"
    relay = start_relay(relay_db)
    office = new_office(database_url, OFFICE_PASSPHRASE, relay_url=relay.url, relay_credential=OFFICE_CREDENTIAL)
    sam = laptop(tmp_path, "sam", office)
    for n in range(30):
        case = sam.create_case(first_name=f"Person{n}", last_name="Okafor")
        sam.save(case, "enquiry", ENQUIRY)
    sync.sync_relay(sam)
    relay.kill()  # a power cut at the relay: what it acknowledged is kept
    relay = RelayServer(relay_db, tmp_path / "relay-again.log")
    try:
        office.set_relay(relay.url, OFFICE_CREDENTIAL)
        env = {**os.environ, "OFFICE_PASSPHRASE": OFFICE_PASSPHRASE,
               "ADVISOR_APP_DATA_DIR": str(tmp_path / "office-data")}
        first = _office_import(database_url, relay.url, env)
        try:
            first.wait(0.4)
        except subprocess.TimeoutExpired:
            first.send_signal(signal.SIGKILL)  # the importer killed wherever it was
            first.wait()
        second = _office_import(database_url, relay.url, env)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err.decode()
    finally:
        relay.stop()
    changes = office.store.changes(device_id=sync.device(sam).store.device_id)
    assert [c["seq"] for c in changes] == list(range(1, sam.store.changes_after(0)[-1].seq + 1))
    assert len(office.store.cases()) == 30


def test_a_case_moves_between_two_laptops_whole_through_a_real_relay(start_relay, database_url, tmp_path):
    from advisor_app.demo import case_named, fill_demo
    from advisor_app.store.errors import CaseMoved

    relay = start_relay()
    office = new_office(database_url, OFFICE_PASSPHRASE, relay_url=relay.url, relay_credential=OFFICE_CREDENTIAL)
    jess, sam = laptop(tmp_path, "jess", office), laptop(tmp_path, "sam", office)
    fill_demo(jess, office_decisions=False)  # a signed agreement, risk assessments, the picture...
    sam.create_case(first_name="Ruth", last_name="Okafor")
    sync.sync_relay(jess)
    sync.sync_relay(sam)
    office.import_relay(tmp_path / "partial")
    priya = case_named(jess, "Priya Sharma")

    def at_office() -> tuple[list, set]:
        kept = sorted((r["entity"], r["entity_id"], r["version"], json.dumps(r["data"], sort_keys=True))
                      for r in office.store.records(case_id=priya))
        return kept, {d["sha256"] for d in office.store.documents(priya)}

    before_records, before_documents = at_office()
    assert any(d["kind"] == "signed-agreement" for d in office.store.documents(priya))
    sam_device = sam.store.device_id
    office.move_case(priya, sam_device)
    [listed] = [c for c in office.store.cases() if c["entity_id"] == priya]
    assert listed["owner_device_id"] == sam_device and listed["device_name"] == "sam laptop"

    for _ in range(2):  # the replies go out; the laptops take them and send their echoes back
        office.import_relay(tmp_path / "partial")
        for service in (sam, jess):
            report = sync.sync_relay(service)
            assert not report.problems and not any(a.skipped for a in report.received)
    office.import_relay(tmp_path / "partial")

    # Sam has the whole case: every section and record, every document and signed agreement.
    mine, theirs = sam.load_case(priya), jess.load_case(priya)
    assert mine.header == theirs.header
    assert {name: s.data for name, s in mine.sections.items()} == {name: s.data for name, s in theirs.sections.items()}
    for entity, items in theirs.records.items():
        assert sorted(json.dumps(r.data, sort_keys=True) for r in mine.records[entity]) == sorted(
            json.dumps(r.data, sort_keys=True) for r in items)
    assert {d.sha256 for d in sam.store.documents(priya)} == {d.sha256 for d in jess.store.documents(priya)}
    assert {d.sha256 for d in sam.store.documents(priya)} == before_documents
    # Jess keeps it, read-only, and is told where it went.
    [summary] = [c for c in jess.list_cases() if c.id == priya]
    assert summary.moved_to == "sam laptop" and theirs.moved_to == "sam laptop"
    refused = jess.save(priya, "funding", {"notes": "a late edit"})
    assert not refused.ok and "moved to sam laptop" in refused.errors["_moved"]
    with pytest.raises(CaseMoved):
        jess.store.put("funding", {}, case_id=priya)

    # At the office: nothing split or doubled, nothing in conflict; the move acknowledged.
    assert at_office() == (before_records, before_documents)
    entities = [r["entity"] for r in office.store.records(case_id=priya)]
    singles = [e for e in entities if e not in ("proposal", "risk_assessment", "risk_decision", "risk_change")]
    assert len(singles) == len(set(singles))
    assert office.store.conflicts(open_only=False) == []
    [move] = office.store.case_moves(priya)
    assert move["acknowledged"] and move["from_device_id"] == jess.store.device_id
    assert sync.status(sam).waiting == 0 and sync.status(jess).waiting == 0

    # Sam carries on with the case: the edit applies at the office like any of Sam's own.
    enquiry = sam.load_case(priya).sections["enquiry"].data
    assert sam.save(priya, "enquiry", {**enquiry, "urgency": "urgent"}).ok
    sync.sync_relay(sam)
    [received] = office.import_relay(tmp_path / "partial")
    assert (received.result.applied, received.result.conflicts) == (1, 0)
    saved = next(r for r in office.store.records(case_id=priya) if r["entity"] == "enquiry")
    assert saved["data"]["urgency"] == "urgent" and saved["device_id"] == sam_device
