"""The office importer on SQLite and on a real PostgreSQL, fed by real advisor stores' journals.

Each laptop is a real encrypted Store (a cheap KDF); its bundle content is what the journal
holds: ``Change.as_dict()`` for every change, and the bytes of its documents.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor_app.office.importer import ImportResult, import_changes
from advisor_app.office.store import OfficeStore
from tests.office.helpers import keyed_store
from advisor_app.store import Store
from advisor_app.store.journal import GENESIS_HASH, change_hash
from advisor_app.store.migrations import LATEST

from tests.office.importer_helpers import (
    CASE_ID, HEADER, PASSPHRASE, enroll, journal, laptop, rehash, send, snapshot,
)


# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture
def office(database_url: str) -> Iterator[OfficeStore]:
    store = keyed_store(database_url)
    yield store
    store.close()


@pytest.fixture
def sam(tmp_path: Path) -> Iterator[Store]:
    store = laptop(tmp_path / "sam")
    yield store
    store.close()


@pytest.fixture
def kim(tmp_path: Path) -> Iterator[Store]:
    store = laptop(tmp_path / "kim", "Kim Advisor")
    yield store
    store.close()


def fill(store: Store) -> dict[str, Any]:
    """A case with a section edited twice, one deleted, and a signed agreement."""
    store.put("case", {**HEADER, "person_name": "Mrs Pendleton"}, case_id=CASE_ID)
    person = store.put("person", {"notes": "buses"}, case_id=CASE_ID)
    person = store.put("person", {"notes": "buses, music"}, case_id=CASE_ID,
                       entity_id=person.id, base_version=person.version)
    note = store.put("enquiry", {"looking_for": "call back"}, case_id=CASE_ID)
    store.delete("enquiry", note.id, base_version=note.version)
    doc = store.put_document(case_id=CASE_ID, kind="agreement", title="Support agreement",
                             content=b"%PDF-1.7 signed agreement", meta={"signed_by": "family"})
    return {"person": person, "enquiry": note, "doc": doc}


# --- importing -------------------------------------------------------------------------------

def test_import_applies_every_change(office, sam):
    made = fill(sam)
    enroll(office, sam)
    result = send(office, sam, "bundle-1")
    assert result == ImportResult("imported", None, applied=6, duplicates=0, same=0,
                                  conflicts=0, ack_seq=6)
    case = office.record(CASE_ID)
    assert case["data"] == {**HEADER, "person_name": "Mrs Pendleton"} and case["version"] == 1
    person = office.record(made["person"].id)
    assert (person["version"], person["data"], person["deleted"]) == (2, {"notes": "buses, music"}, False)
    note = office.record(made["enquiry"].id)
    assert (note["version"], note["data"], note["deleted"]) == (2, {"looking_for": "call back"}, True)
    assert person["device_id"] == sam.device_id
    doc = office.document(made["doc"].sha256)
    assert doc["content"] == b"%PDF-1.7 signed agreement" and doc["meta"] == {"signed_by": "family"}
    assert doc["verification"] is None and doc["kind"] == "agreement"
    device = office.device(sam.device_id)
    assert device["last_seq"] == 6 and device["last_hash"] == journal(sam)[-1]["hash"]
    assert device["last_bundle_at"] is not None
    [bundle] = office.bundles()
    assert (bundle["state"], bundle["applied"], bundle["first_seq"], bundle["last_seq"]) == ("imported", 6, 1, 6)
    [listed] = office.cases()
    assert listed["advisor_name"] == "Sam Advisor" and listed["owner_device_id"] == sam.device_id


def test_stored_changes_keep_everything_that_was_hashed(office, sam):
    fill(sam)
    enroll(office, sam)
    send(office, sam, "bundle-1")
    stored = office.changes(device_id=sam.device_id)
    assert [c["outcome"] for c in stored] == ["applied"] * 6
    previous = GENESIS_HASH
    for change, original in zip(stored, journal(sam)):
        fields = {key: change[key] for key in original}
        assert fields == original and change_hash(fields) == change["hash"]
        assert change["prev_hash"] == previous
        previous = change["hash"]


def test_replayed_bundle_and_overlapping_changes_are_duplicates(office, sam):
    fill(sam)
    enroll(office, sam)
    first = journal(sam)
    send(office, sam, "bundle-1", changes=first[:3])
    before = snapshot(office)
    again = send(office, sam, "bundle-1", changes=first[:3])
    assert (again.state, again.duplicates, again.applied, again.ack_seq) == ("duplicate", 3, 0, 3)
    rebuilt = send(office, sam, "bundle-1b", changes=first[:3])  # same changes, a new bundle
    assert (rebuilt.state, rebuilt.duplicates, rebuilt.applied) == ("duplicate", 3, 0)
    assert snapshot(office, skip=("bundles", "audit", "devices")) == {
        k: v for k, v in before.items() if k != "devices"}
    overlapping = send(office, sam, "bundle-2", changes=first[1:])
    assert (overlapping.state, overlapping.duplicates, overlapping.applied, overlapping.ack_seq) == (
        "imported", 2, 3, 6)
    assert len(office.changes()) == 6
    assert {b["bundle_id"]: b["state"] for b in office.bundles()} == {
        "bundle-1": "imported", "bundle-1b": "duplicate", "bundle-2": "imported"}


def test_empty_bundle_is_imported_and_acknowledges(office, sam):
    fill(sam)
    enroll(office, sam)
    send(office, sam, "bundle-1")
    result = import_changes(office, device_id=sam.device_id, bundle_id="empty", changes=[],
                            documents={}, office_seq_applied=4)
    assert (result.state, result.ack_seq) == ("imported", 6)
    assert office.device(sam.device_id)["office_seq_applied"] == 4


# --- refusals: nothing of the bundle is applied ----------------------------------------------

def refused(office: OfficeStore, store: Store, bundle_id: str, reason_part: str,
            **send_args: Any) -> ImportResult:
    before = snapshot(office)
    result = send(office, store, bundle_id, **send_args)
    assert result.state == "refused", result
    assert reason_part in result.reason
    assert (result.applied, result.duplicates, result.same, result.conflicts) == (0, 0, 0, 0)
    assert snapshot(office) == before  # every table but the log
    logged = office.bundle(bundle_id)
    assert (logged["state"], logged["reason"]) == ("refused", result.reason)
    return result


def test_gap_is_refused_and_the_bundle_imports_once_the_gap_is_filled(office, sam):
    fill(sam)
    enroll(office, sam)
    changes = journal(sam)
    send(office, sam, "bundle-1", changes=changes[:2])
    result = refused(office, sam, "bundle-3", "Changes 3 to 4 are missing", changes=changes[4:])
    assert result.ack_seq == 2
    assert result.reason == ("Changes 3 to 4 are missing: the laptop will send them again from "
                             "its last acknowledged change.")
    refused(office, sam, "bundle-3", "Change 3 is missing", changes=changes[3:])
    send(office, sam, "bundle-2", changes=changes[2:4])
    retried = send(office, sam, "bundle-3", changes=changes[3:])
    assert (retried.state, retried.duplicates, retried.applied, retried.ack_seq) == ("imported", 1, 2, 6)
    assert office.bundle("bundle-3")["state"] == "imported"


def test_gap_inside_a_bundle_is_refused(office, sam):
    fill(sam)
    enroll(office, sam)
    changes = journal(sam)
    refused(office, sam, "b", "Change 3 is missing", changes=changes[:2] + changes[3:])


def test_fork_is_refused(office, sam, tmp_path):
    """The laptop went back to an old backup and carried on: same seqs, different changes."""
    sam.put("case", HEADER, case_id=CASE_ID)
    sam.put("person", {"notes": ""}, case_id=CASE_ID)
    sam.backup(tmp_path / "old.backup")
    sam.put("enquiry", {"looking_for": "first timeline"}, case_id=CASE_ID)
    enroll(office, sam)
    send(office, sam, "bundle-1")
    restored = Store.restore(tmp_path / "old.backup", tmp_path / "restored", PASSPHRASE)
    try:
        restored.put("enquiry", {"looking_for": "second timeline"}, case_id=CASE_ID)
        restored.put("enquiry", {"looking_for": "and more"}, case_id=CASE_ID)
        assert restored.device_id == sam.device_id
        result = refused(office, restored, "fork-1", "Change 3 differs from the one already received")
        assert result.reason.endswith("the laptop's journal forked.") and result.ack_seq == 3
        refused(office, restored, "fork-2", "Change 4 does not follow on from change 3",
                changes=journal(restored, 3))
    finally:
        restored.close()


def test_altered_change_is_refused(office, sam):
    fill(sam)
    enroll(office, sam)
    changes = journal(sam)
    changes[1]["payload"]["data"]["notes"] = "nothing"
    refused(office, sam, "b", "Change 2 was altered after it was made.", changes=changes)
    send(office, sam, "ok", changes=journal(sam)[:2])
    changes = copy.deepcopy(journal(sam))
    changes[0]["payload"]["data"]["stage"] = "agreed"  # a duplicate, altered: still refused
    refused(office, sam, "b2", "Change 1 was altered after it was made.", changes=changes)


def test_change_from_another_laptop_is_refused(office, sam, kim):
    fill(sam)
    kim.put("case", HEADER, case_id="kims-case")
    enroll(office, sam)
    enroll(office, kim)
    refused(office, sam, "b", "Change 1 was made on another laptop", changes=journal(kim))
    inside = journal(sam)
    inside[2] = rehash({**inside[2], "device_id": kim.device_id})
    refused(office, sam, "b2", "Change 3 was made on another laptop", changes=inside)


def test_newer_schema_version_is_refused(office, sam):
    fill(sam)
    enroll(office, sam)
    changes = journal(sam)
    changes[0] = rehash({**changes[0], "schema_version": LATEST + 1})
    refused(office, sam, "b", "Change 1 was made by a newer version of the app; update the office first.",
            changes=changes)


def test_missing_or_damaged_document_is_refused(office, sam):
    made = fill(sam)
    enroll(office, sam)
    sha = made["doc"].sha256
    refused(office, sam, "b", f"Document {sha} is missing from the bundle.", documents={})
    refused(office, sam, "b", f"Document {sha} in the bundle is damaged",
            documents={sha: b"%PDF-1.7 something else"})


def test_same_document_again_changes_nothing(office, sam, kim):
    made = fill(sam)
    enroll(office, sam)
    enroll(office, kim)
    send(office, sam, "b1")
    content = made["doc"].content
    kim.put_document(case_id=CASE_ID, kind="agreement", title="Support agreement",
                     content=content, meta={"signed_by": "family"})
    result = send(office, kim, "k1", documents={})  # the office has these bytes already
    assert (result.state, result.same, result.applied) == ("imported", 1, 0)
    [doc] = office.documents()
    assert doc["device_id"] == sam.device_id


def test_an_import_that_writes_records_counts_a_generation_and_one_refused_does_not(office, sam):
    """The office's readers skip reading the records' stamps while the count stays the same."""
    fill(sam)
    enroll(office, sam)
    before = office.records_generation()
    refused(office, sam, "b0", "out of order", changes=list(reversed(journal(sam)[:2])))
    assert office.records_generation() == before
    send(office, sam, "b1")
    assert office.records_generation() != before


def test_out_of_order_and_malformed_changes_are_refused(office, sam):
    fill(sam)
    enroll(office, sam)
    changes = journal(sam)
    refused(office, sam, "b", "out of order", changes=[changes[1], changes[0]])
    refused(office, sam, "b2", "out of order", changes=[changes[0], changes[0]])
    broken = {k: v for k, v in changes[0].items() if k != "advisor_id"}
    refused(office, sam, "b3", "Change 1 in the bundle is not a valid change record.",
            changes=[broken])


def test_repeated_change_id_is_refused(office, sam, kim):
    fill(sam)
    kim.put("case", HEADER, case_id="kims-case")
    enroll(office, sam)
    enroll(office, kim)
    send(office, sam, "b1")
    copied = rehash({**journal(kim)[0], "change_id": journal(sam)[0]["change_id"]})
    refused(office, kim, "k1", "Change 1 repeats the id of a change already received.",
            changes=[copied])


def test_unknown_and_revoked_laptops_are_refused(office, sam):
    fill(sam)
    result = refused(office, sam, "b", "This laptop is not enrolled with this office.")
    assert result.ack_seq == 0
    enroll(office, sam)
    send(office, sam, "b1", changes=journal(sam)[:2])
    office.revoke_device(sam.device_id, at="2025-03-04T10:00:00+00:00")
    result = refused(office, sam, "b2", "This laptop's enrollment was revoked on 2025-03-04.")
    assert result.ack_seq == 2
    again = send(office, sam, "b1", changes=journal(sam)[:2])  # even a bundle seen before
    assert again.state == "refused" and "revoked" in again.reason
    assert office.bundle("b1")["state"] == "imported"  # the log of what was imported stays


# --- conflicts, echoes and resolutions -------------------------------------------------------

def shared_person(sam: Store, kim: Store, office: OfficeStore, *, kim_data: dict) -> str:
    """Sam makes a case and a section; Kim writes a section with the same id."""
    sam.put("case", HEADER, case_id=CASE_ID)
    person = sam.put("person", {"notes": "buses"}, case_id=CASE_ID)
    kim.put("person", kim_data, case_id=CASE_ID, entity_id=person.id)
    enroll(office, sam)
    enroll(office, kim, "Kim's laptop")
    send(office, sam, "s1")
    return person.id


def test_edit_against_another_version_goes_to_the_conflicts_queue(office, sam, kim):
    person_id = shared_person(sam, kim, office, kim_data={"notes": "trains"})
    before = office.record(person_id)
    result = send(office, kim, "k1")
    assert (result.state, result.applied, result.conflicts, result.ack_seq) == ("imported", 0, 1, 1)
    assert office.record(person_id) == before  # nothing overwritten
    [conflict] = office.conflicts()
    assert conflict["entity_id"] == person_id and conflict["device_id"] == kim.device_id
    assert conflict["incoming"]["data"] == {"notes": "trains"}
    assert conflict["incoming"]["op"] == "create"
    assert conflict["current"]["data"] == {"notes": "buses"}
    assert (conflict["incoming_base_version"], conflict["current_version"]) == (None, 1)
    [stored] = office.changes(device_id=kim.device_id)
    assert stored["outcome"] == "conflict" and stored["change_id"] == conflict["change_id"]
    assert office.device(kim.device_id)["last_seq"] == 1
    # Sam's later edit still applies: the office version did not move.
    sam.put("person", {"notes": "buses, tea"}, case_id=CASE_ID, entity_id=person_id,
            base_version=1)
    assert send(office, sam, "s2", after=2).applied == 1
    # Kim edits on top of her own version: another conflict, both versions kept.
    kim.put("person", {"notes": "trains, boats"}, case_id=CASE_ID, entity_id=person_id,
            base_version=1)
    kim.delete("person", person_id, base_version=2)
    result = send(office, kim, "k2", after=1)
    assert (result.conflicts, result.applied) == (2, 0)
    assert office.record(person_id)["data"] == {"notes": "buses, tea"}
    assert [c["incoming"]["op"] for c in office.conflicts()] == ["create", "update", "delete"]
    assert office.conflicts()[2]["current"]["version"] == 2


def test_the_same_data_from_another_laptop_is_not_a_conflict(office, sam, kim):
    person_id = shared_person(sam, kim, office, kim_data={"notes": "buses"})
    result = send(office, kim, "k1")
    assert (result.same, result.conflicts) == (1, 0)
    assert office.conflicts() == []
    assert office.record(person_id)["device_id"] == sam.device_id
    # Kim's version 1 is the office's version 1, so her edit on top of it applies.
    assert office.record(person_id)["holders"] == sorted([sam.device_id, kim.device_id])
    kim.put("person", {"notes": "buses, kites"}, case_id=CASE_ID, entity_id=person_id,
            base_version=1)
    assert send(office, kim, "k2", after=1).applied == 1
    assert office.record(person_id)["holders"] == [kim.device_id]


def test_resolving_with_the_laptops_version(office, sam, kim):
    person_id = shared_person(sam, kim, office, kim_data={"notes": "trains"})
    send(office, kim, "k1")
    [conflict] = office.conflicts()
    record = office.resolve_conflict(conflict["id"], "incoming", by="Office manager")
    assert (record["data"], record["version"], record["device_id"]) == ({"notes": "trains"}, 2, "office")
    assert office.record(person_id) == record
    assert office.conflicts() == []
    [done] = office.conflicts(open_only=False)
    assert (done["resolution"], done["resolved_by"]) == ("incoming", "Office manager")
    [change] = office.office_changes()
    assert (change["conflict_id"], change["version"], change["base_version"], change["data"]) == (
        conflict["id"], 2, 1, {"notes": "trains"})
    assert change["made_by"] == "Office manager" and change["reason"] == "resolution"
    # Both laptops hold the case, so both are told.
    for device in (sam, kim):
        [message] = office.messages_for(device.device_id)
        assert message["office_seq"] == 1 and message["type"] == "record"
        assert {k: message["body"][k] for k in ("entity", "entity_id", "case_id", "version", "data")} == {
            "entity": "person", "entity_id": person_id, "case_id": CASE_ID, "version": 2,
            "data": {"notes": "trains"}}
    with pytest.raises(Exception, match="already resolved"):
        office.resolve_conflict(conflict["id"], "current", by="Office manager")


def test_resolution_echoes_back_as_the_same_and_later_edits_apply(office, sam, kim):
    person_id = shared_person(sam, kim, office, kim_data={"notes": "trains"})
    send(office, kim, "k1")
    [conflict] = office.conflicts()
    office.resolve_conflict(conflict["id"], "current", by="Office manager")
    record = office.record(person_id)
    # version = max(office 1, laptop's 0 + 1) + 1
    assert (record["version"], record["data"]) == (2, {"notes": "buses"})
    for device in (sam, kim):
        for message in office.messages_for(device.device_id):
            body = message["body"]
            device.apply_office_record(body["entity"], body["entity_id"], case_id=body["case_id"],
                                       version=body["version"], data=body["data"])
    assert (send(office, kim, "k2", after=1).same, send(office, sam, "s2", after=2).same) == (1, 1)
    assert office.conflicts() == []
    kim.put("person", {"notes": "buses, trains"}, case_id=CASE_ID, entity_id=person_id,
            base_version=2)
    assert send(office, kim, "k3", after=2).applied == 1
    assert office.record(person_id)["version"] == 3


def test_echoes_of_superseded_office_versions_are_the_same(office, sam):
    sam.put("case", HEADER, case_id=CASE_ID)
    enroll(office, sam)
    send(office, sam, "s1")
    first = office.put_record("funding", {"notes": "approved"}, case_id=CASE_ID,
                              by="Manager")
    office.put_record("funding", {"notes": "approved with care"},
                      case_id=CASE_ID, by="Manager", entity_id=first["entity_id"], base_version=1)
    for message in office.messages_for(sam.device_id):
        body = message["body"]
        sam.apply_office_record(body["entity"], body["entity_id"], case_id=body["case_id"],
                                version=body["version"], data=body["data"])
    result = send(office, sam, "s2", after=1)
    assert (result.same, result.conflicts) == (2, 0)


def test_the_same_data_under_another_case_is_a_conflict(office, sam, kim):
    sam.put("case", HEADER, case_id=CASE_ID)
    person = sam.put("person", {"notes": "buses"}, case_id=CASE_ID)
    kim.put("person", {"notes": "buses"}, case_id="another-case", entity_id=person.id)
    enroll(office, sam)
    enroll(office, kim)
    send(office, sam, "s1")
    result = send(office, kim, "k1")
    assert (result.same, result.conflicts) == (0, 1)  # a record never moves case silently
    assert office.record(person.id)["case_id"] == CASE_ID
