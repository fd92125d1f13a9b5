"""A laptop is trusted only for what a laptop may say (on SQLite and a real PostgreSQL): a manager's
decision, a countersignature or an office record it never got are refused from a laptop, with the
reason, and change nothing; every record is checked with the domain models; edits of different
fields merge on their own and the same field is settled field by field, reaching every laptop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole
from advisor_app.office import queries
from advisor_app.office.service import OfficeError, OfficeService
from advisor_app.services import AdvisorService, risk
from advisor_app.store.keys import KdfParams
from advisor_app.sync.device import DeviceSync
from tests.office.helpers import new_office
from tests.office.importer_helpers import snapshot

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "kettle harbour lantern"
ENQUIRY = {"received_on": "2026-11-02", "route": "family", "contact_name": "Helen Price",
           "contact_phone": "0113 496 0000", "looking_for": "Support at home", "urgency": "soon",
           "lives_in": "York", "decision": "pursue"}


class Laptop:
    """An advisor's real store, enrolled with the office, handing its bundles straight over."""

    def __init__(self, tmp_path: Path, office: OfficeService, name: str, *, demo: bool = False):
        self.service = AdvisorService.create(tmp_path / name, PASSPHRASE, advisor_name=name, kdf=FAST)
        if demo:
            from advisor_app.demo import fill_demo

            fill_demo(self.service, office_decisions=False)
        self.sync = DeviceSync(self.service.store)
        self.sync.enroll(office.enroll(f"{name} laptop").to_bytes())
        self.device_id = self.service.store.device_id

    def send(self, office: OfficeService, *, force: bool = False):
        outgoing = self.sync.outgoing(force=force)
        assert outgoing is not None
        data, last_seq = outgoing
        self.sync.mark_sent(last_seq)
        return office.receive(data).result

    def take(self, office: OfficeService):
        return self.sync.apply(office.reply_for(self.device_id))


@pytest.fixture
def office(database_url):
    service = new_office(database_url, "office passphrase 1")
    yield service
    service.store.close()


@pytest.fixture
def sqlite_office(tmp_path):
    service = new_office(tmp_path / "office", "office passphrase 1")
    yield service
    service.store.close()


@pytest.fixture
def laptops(tmp_path):
    made: list[Laptop] = []

    def make(office: OfficeService, name: str, **kwargs: Any) -> Laptop:
        made.append(Laptop(tmp_path, office, name, **kwargs))
        return made[-1]

    yield make
    for laptop in made:
        laptop.service.lock()


def refused_changing_nothing(office: OfficeService, laptop: Laptop, reason: str):
    before = snapshot(office.store, skip=("bundles", "audit", "office_meta"))
    result = laptop.send(office, force=True)
    assert result.state == "refused" and result.reason == reason, result
    assert snapshot(office.store, skip=("bundles", "audit", "office_meta")) == before
    [logged] = [b for b in office.store.bundles() if b["state"] == "refused"][:1]
    assert logged["reason"] == reason
    return result


# -- who may say what --------------------------------------------------------------------------
def test_a_decision_made_on_a_laptop_is_refused_and_one_from_the_office_comes_back(office, laptops, tmp_path):
    jess = laptops(office, "jess", demo=True)
    assert jess.send(office).state == "imported"
    waiting = queries.awaiting_decision(office)
    target = waiting[0]
    jess.take(office)

    # The laptop journals a manager's decision (as the demo would): the office refuses it.
    seq = jess.service.store.changes_after(0)[-1].seq + 1
    forged = risk.record_decision(jess.service, target.assessment_id, {
        "decision": "approved", "manager_name": "Maria Lopez", "author_id": "6f1d2c3e-5b7a-4e21-9a0c-3d8e7f1b2a45",
        "signature_id": "c0ffee00-0000-4000-8000-000000000001", "signed_on": dt.date.today().isoformat()})
    assert forged.ok
    refused_changing_nothing(office, jess, f"Change {seq} is a manager's decision on a risk assessment: only the "
                                           "office records those, never a laptop.")
    assert [a.assessment_id for a in queries.awaiting_decision(office)] == [a.assessment_id for a in waiting]
    assert office.store.records(entity="risk_decision") == []


def test_a_record_claiming_to_be_the_office_s_is_refused_unless_the_office_sent_it(office, laptops):
    jess = laptops(office, "jess", demo=True)
    jess.send(office)
    jess.take(office)
    target = queries.awaiting_decision(office)[0]
    # The real decision, made at the office, comes back from the laptop as "already the same".
    office.approve_risk(target.assessment_id, {"decision": "approved", "manager_name": "Maya Patel"})
    jess.take(office)
    echo = jess.send(office)
    assert (echo.state, echo.same, echo.conflicts) == ("imported", 1, 0)
    [decision] = office.store.records(entity="risk_decision")

    # A decision the office never made, dressed as one it sent: refused.
    data = {**decision["data"], "id": "0f0f0f0f-0000-4000-8000-000000000002", "manager_name": "Nobody"}
    jess.service.store.apply_office_record("risk_decision", data["id"], case_id=decision["case_id"], version=1,
                                           data=data)
    seq = jess.service.store.changes_after(0)[-1].seq
    refused_changing_nothing(office, jess, f"Change {seq} claims to be a record the office sent, but the office "
                                           "never sent it like that.")


def test_a_countersignature_made_on_a_laptop_is_refused(sqlite_office, laptops):
    from advisor_app.demo.agreement import synthetic_strokes
    from advisor_app.services import agreement
    from advisor_app.signing import pdf as signing

    office = sqlite_office
    jess = laptops(office, "jess", demo=True)
    assert jess.send(office).state == "imported"
    jess.take(office)
    service = jess.service
    [signed] = [d for d in service.store.documents(kind="signed-agreement")][-1:]
    content = service.store.document(signed.sha256).content
    evidence = SignatureEvidence(strokes=synthetic_strokes(7), signer_name="Maria Lopez",
                                 role=SignerRole.OFFICE, authority=Authority.FOR_PROVIDER,
                                 signed_at=dt.datetime.now(dt.timezone.utc), device_id=service.store.device_id,
                                 document_sha256=signed.sha256, field_name="office")
    # The app itself will not sign the office's box on a laptop.
    with pytest.raises(agreement.AgreementError, match="Only a manager at the office countersigns"):
        agreement.add_signature(service, signed.case_id, signed.sha256, "office", evidence)
    # Signed in the office's box with the laptop's own key, its details saying nothing of it.
    forged = signing.sign_pdf(content, "office", evidence, agreement.identity(service)).pdf
    seq = service.store.changes_after(0)[-1].seq + 1
    service.store.put_document(case_id=signed.case_id, kind="signed-agreement", title="Agreement (signed)",
                               content=forged, meta={**signed.meta, "previous": signed.sha256})
    refused_changing_nothing(office, jess, f"Change {seq} is a copy of “Agreement (signed)” countersigned in the "
                                           "office's box that the office never made: only a manager at the office "
                                           "countersigns.")
    assert not any(a.countersigned for a in queries.signed_agreements(office))


def test_a_laptop_s_details_claiming_a_countersignature_are_refused(office, laptops):
    jess = laptops(office, "jess")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    jess.send(office)
    jess.take(office)
    jess.service.store.put_document(case_id=case_id, kind="signed-agreement", title="Agreement (countersigned)",
                                    content=b"%PDF-1.7 not really", meta={"signed_fields": ["person", "office"]})
    seq = jess.service.store.changes_after(0)[-1].seq
    refused_changing_nothing(office, jess, f"Change {seq} is a signed agreement (“Agreement (countersigned)”) "
                                           "that is not a readable PDF.")


def test_an_invalid_record_is_refused_naming_its_kind_and_field(office, laptops):
    jess = laptops(office, "jess")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    jess.send(office)
    jess.take(office)
    header = jess.service.store.get("case", case_id)
    jess.service.store.put("case", {**header.data, "stage": "nonsense"}, case_id=case_id, entity_id=case_id,
                           base_version=header.version)  # behind the service's back
    seq = jess.service.store.changes_after(0)[-1].seq
    refused_changing_nothing(office, jess, f"Change {seq} (The case, field “stage”) is not valid: "
                                           "Please choose one of the options.")
    assert office.store.cases()[0]["data"]["stage"] == "enquiry"

    sam = laptops(office, "sam")
    other = sam.service.create_case(first_name="Bo", last_name="Ng")
    sam.send(office)
    sam.service.store.put("note", {"text": "call back"}, case_id=other)
    refused_changing_nothing(office, sam, "Change 3 (note) is not valid: There is no kind of case record "
                                          "called “note”.")


# -- field-level conflicts ---------------------------------------------------------------------
def _person(office: OfficeService, case_id: str) -> dict:
    return next(r for r in office.store.records(case_id=case_id) if r["entity"] == "person")


def test_edits_of_different_fields_merge_on_their_own_and_reach_the_laptop(office, laptops):
    jess = laptops(office, "jess")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    assert jess.service.save(case_id, "person", {"first_name": "Ann", "last_name": "Lee"}).ok
    jess.send(office)
    jess.take(office)
    current = _person(office, case_id)
    office.store.put_record("person", {**current["data"], "phone": "0113 496 0001"}, case_id=case_id,
                            by="Maya", entity_id=current["entity_id"], base_version=current["version"])
    assert jess.service.save(case_id, "person", {"first_name": "Ann", "last_name": "Lee",
                                                 "notes": "Likes buses"}).ok
    result = jess.send(office)
    assert (result.conflicts, result.merged) == (0, 1)
    merged = _person(office, case_id)
    assert (merged["data"]["phone"], merged["data"]["notes"]) == ("0113 496 0001", "Likes buses")
    [conflict] = office.store.conflicts(open_only=False)
    assert (conflict["resolution"], conflict["resolved_by"]) == ("merged", "automatic merge")
    assert conflict["incoming"]["base"]["notes"] == "" and conflict["incoming"]["data"]["notes"] == "Likes buses"
    assert office.store.office_changes(entity_id=merged["entity_id"])[-1]["reason"] == "merge"
    assert [b["merged"] for b in office.store.bundles() if b["state"] == "imported"][0] == 1
    jess.take(office)  # the office's edit, then the merged record; their echoes are the same
    person = jess.service.load_case(case_id).sections["person"].data
    assert (person["phone"], person["notes"]) == ("0113 496 0001", "Likes buses")
    echo = jess.send(office)
    assert (echo.same, echo.conflicts, echo.merged) == (2, 0, 0)


def test_the_same_field_is_settled_field_by_field_and_reaches_every_laptop(office, laptops):
    jess = laptops(office, "jess")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    jess.service.save(case_id, "enquiry", ENQUIRY)
    jess.send(office)
    jess.take(office)
    enquiry = next(r for r in office.store.records(case_id=case_id) if r["entity"] == "enquiry")
    office.store.put_record("enquiry", {**enquiry["data"], "urgency": "urgent", "lives_in": "Leeds"},
                            case_id=case_id, by="Maya", entity_id=enquiry["entity_id"], base_version=enquiry["version"])
    assert jess.service.save(case_id, "enquiry", {**ENQUIRY, "urgency": "routine", "looking_for": "Days out"}).ok
    result = jess.send(office)
    assert (result.conflicts, result.merged) == (1, 0)
    [conflict] = office.store.conflicts()
    merge = office.conflict_merge(conflict["id"])
    assert [(c.name, c.base, c.office, c.laptop) for c in merge.conflicts] == [("urgency", "soon", "urgent", "routine")]
    assert merge.merged["lives_in"] == "Leeds" and merge.merged["looking_for"] == "Days out"

    before = snapshot(office.store)
    with pytest.raises(OfficeError, match="Choose a value for “urgency”. Nothing was saved."):
        office.resolve_conflict_fields(conflict["id"], {})
    with pytest.raises(OfficeError, match="not valid .“urgency”: Please choose one of the options.*Nothing was saved"):
        office.resolve_conflict_fields(conflict["id"], {"urgency": ("edited", "whenever")})
    assert snapshot(office.store) == before  # a choice that does not validate changes nothing

    record = office.resolve_conflict_fields(conflict["id"], {"urgency": "laptop"})
    assert {k: record["data"][k] for k in ("urgency", "lives_in", "looking_for")} == {
        "urgency": "routine", "lives_in": "Leeds", "looking_for": "Days out"}
    [done] = office.store.conflicts(open_only=False)
    assert (done["resolution"], done["resolved_by"]) == ("fields", "Morgan Hale")
    jess.take(office)
    assert jess.service.load_case(case_id).sections["enquiry"].data["lives_in"] == "Leeds"
    assert jess.send(office).conflicts == 0


def test_keeping_a_laptop_version_the_domain_refuses_is_not_possible(office, laptops):
    jess = laptops(office, "jess")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    jess.send(office)
    # A conflict kept from before records were checked on arrival, with a stage that does not exist.
    from advisor_app.office.tables import conflicts

    change = office.store.changes()[0]
    with office.store.transaction() as conn:
        conn.execute(conflicts.insert().values(**office.store.sealer.seal_row("conflicts", dict(
            id="old-conflict", entity="case", entity_id=case_id, case_id=case_id, change_id=change["change_id"],
            device_id=jess.device_id, incoming_base_version=1, current_version=1, created_at="2026-01-01",
            incoming='{"op":"update","data":{"reference":"C-2026-0001","opened_on":"2026-01-01","stage":"nonsense"}}',
            current=None))))
    with pytest.raises(OfficeError, match="not valid .“stage”"):
        office.resolve_conflict("old-conflict", "incoming")
    assert office.store.conflict("old-conflict")["resolved_at"] is None
