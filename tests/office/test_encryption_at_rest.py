"""Encryption at rest at the office, on SQLite and a real PostgreSQL: after a full demo sync and the
office's own acts, the demo's names, addresses, phone numbers and dates of birth are nowhere in
the office's files (the database, its WAL), in a pg_dump or in the logs; a sealed value moved to
another row or changed does not open; an office from before named users is encrypted in place."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterator

import pytest
import sqlalchemy as sa

from advisor_app.demo import fill_demo
from advisor_app.office import tables
from advisor_app.office.sealing import Sealer, new_data_key
from advisor_app.office.service import OfficeError, OfficeService
from advisor_app.office.store import OfficeDataDamaged, OfficeNeedsUpgrade, OfficeStore
from advisor_app.services import AdvisorService, sync
from tests.office.helpers import FAST, keyed_store, new_office

OFFICE_PASSPHRASE = "office passphrase 1"
PERSONAL_KEYS = {"first_name", "last_name", "preferred_name", "contact_name", "name", "phone", "contact_phone",
                 "address", "postcode", "date_of_birth", "email", "contact_email"}
STROKES = [[(10.0, 40.0, 0, None), (60.0, 20.0, 80, None), (120.0, 45.0, 160, None)]]


def personal_values(value: Any, key: str = "") -> set[str]:
    """Every name, address, phone number, email and date of birth in a record's data."""
    if isinstance(value, dict):
        return set().union(*(personal_values(v, k) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(personal_values(v, key) for v in value))
    return {value} if key in PERSONAL_KEYS and isinstance(value, str) and len(value) >= 5 else set()


def found_in(data: bytes, needles: set[str]) -> set[str]:
    return {needle for needle in needles if needle.encode("utf-8") in data}


def office_files(location: Path) -> bytes:
    """Every file of a SQLite office as it is on disk now: office.db, its WAL and shared memory."""
    return b"".join(path.read_bytes() for path in sorted(location.rglob("*")) if path.is_file())


@pytest.fixture
def demo_laptop(tmp_path) -> Iterator[AdvisorService]:
    service = AdvisorService.create(tmp_path / "jess", "kettle harbour lantern", advisor_name="Jess", kdf=FAST)
    fill_demo(service, office_decisions=False)  # only the office decides
    yield service
    service.lock()


def full_demo_sync(office: OfficeService, laptop: AdvisorService, stick: Path) -> None:
    """The demo laptop's cases to the office and back, with every kind of office act on them."""
    stick.mkdir()
    sync.enroll(laptop, office.enroll("Jess laptop").to_bytes())
    sync.sync_folder(laptop, stick)
    assert [r.result.state for r in office.import_folder(stick)] == ["imported"]
    assessment = next(r for r in office.store.records(entity="risk_assessment")
                      if r["data"].get("sent_for_decision_at"))
    office.approve_risk(assessment["entity_id"], {"decision": "approved_with_conditions",
                                                   "conditions": "Staff travel with her for two weeks."})
    signed = [d for d in office.store.documents() if d["kind"] == "signed-agreement"]
    newest = next(d for d in signed if not any(o["meta"].get("previous") == d["sha256"] for o in signed))
    office.countersign(newest["sha256"], STROKES)
    # A conflict: the office and the laptop both change a person's phone number.
    case_id = next(c["entity_id"] for c in office.store.cases() if c["data"]["person_name"] == "Dan Whitlock")
    person = next(r for r in office.store.records(case_id=case_id) if r["entity"] == "person")
    office.store.put_record("person", {**person["data"], "phone": "07700 900999"}, case_id=case_id,
                            by=office.user.name, entity_id=person["entity_id"], base_version=person["version"])
    assert laptop.save(case_id, "person", {**laptop.load_case(case_id).sections["person"].data,
                                           "phone": "07700 900111"}).ok
    sync.sync_folder(laptop, stick)
    office.import_folder(stick)
    [conflict] = office.store.conflicts()
    office.resolve_conflict(conflict["id"], "incoming")
    office.publish_provider_files({})
    office.import_folder(stick)  # replies with everything for the laptop wait in the outbox
    sync.sync_folder(laptop, stick)


def test_a_full_demo_sync_leaves_no_personal_data_in_clear(database_url, demo_laptop, tmp_path, caplog, request):
    caplog.set_level(logging.DEBUG)
    location = tmp_path / "office" if database_url.startswith("sqlite") else database_url
    office = new_office(location, OFFICE_PASSPHRASE)
    try:
        full_demo_sync(office, demo_laptop, tmp_path / "stick")
        needles = set().union(*(personal_values(r["data"]) for r in office.store.records()),
                              *(personal_values(c["payload"]) for c in office.store.changes()))
        needles |= {"07700 900999", "07700 900111", "Dan Whitlock", "Staff travel with her for two weeks."}
        # The scan looks for what really arrived: names, addresses, phones, dates of birth.
        assert {"Daniel", "Whitlock", "12 Cold Bath Road, Harrogate", "07700 900318", "1994-08-17"} <= needles
        assert len(needles) > 40
        if database_url.startswith("sqlite"):
            assert (tmp_path / "office" / "office.db-wal").stat().st_size > 0  # the WAL is scanned too
            on_disk = office_files(tmp_path / "office")
        else:
            on_disk = request.getfixturevalue("postgres_server").dump(database_url)
            assert b"CREATE TABLE public.records" in on_disk and b"COPY public.records" in on_disk
        assert found_in(on_disk, needles) == set()
        assert found_in(caplog.text.encode("utf-8"), needles) == set()
        assert office.verify_audit() == []
    finally:
        office.lock()
    if database_url.startswith("sqlite"):  # and once closed (WAL checkpointed into office.db)
        assert found_in(office_files(tmp_path / "office"), needles) == set()


def test_a_sealed_value_moved_to_another_row_or_changed_does_not_open(database_url):
    office = keyed_store(database_url)
    try:
        office.put_record("person", {"first_name": "Ann"}, case_id="case-1", by="Morgan", entity_id="p1")
        office.put_record("person", {"first_name": "Bo"}, case_id="case-1", by="Morgan", entity_id="p2")
        with office.engine.connect() as conn:
            sealed = dict(conn.execute(sa.select(tables.records.c.entity_id, tables.records.c.data)).all())
        assert all(value.startswith("s1:") and "Ann" not in value for value in sealed.values())
        with office.transaction() as conn:  # someone with the database copies Ann's data onto Bo's row
            conn.execute(tables.records.update().where(tables.records.c.entity_id == "p2")
                         .values(data=sealed["p1"]))
        with pytest.raises(OfficeDataDamaged, match="does not open with the office's key"):
            office.record("p2")
        flipped = sealed["p1"][:-4] + ("AAAA" if not sealed["p1"].endswith("AAAA") else "BBBB")
        with office.transaction() as conn:
            conn.execute(tables.records.update().where(tables.records.c.entity_id == "p1").values(data=flipped))
        with pytest.raises(OfficeDataDamaged):
            office.record("p1")
    finally:
        office.close()
    other = OfficeStore.open(database_url)
    other.use_key(new_data_key())  # another office's key opens nothing here
    with pytest.raises(OfficeDataDamaged):
        other.records()
    other.close()


def test_sealing_the_same_value_twice_gives_different_ciphertexts():
    sealer = Sealer(new_data_key())
    first, second = (sealer.seal_text("Ann Lee", "records", "data", "p1") for _ in range(2))
    assert first != second
    assert sealer.open_text(first, "records", "data", "p1") == "Ann Lee"
    assert sealer.seal_bytes(b"%PDF", "documents", "content", "ab")[:3] == b"s1:"


# -- an office from before named users ------------------------------------------------------------
def plain_0001_office(database_url: str) -> dict[str, Any]:
    """An office as the app made it before named users (revision 0001): one shared passphrase,
    every column in clear. Built from its own schema, as that version wrote it."""
    from alembic import command

    from advisor_app.office.store import _alembic_config, _sqlite_engine
    from advisor_app.sync.keys import make_office_keys

    url = sa.make_url(database_url)
    engine = _sqlite_engine(database_url) if url.get_backend_name() == "sqlite" else sa.create_engine(database_url)
    config = _alembic_config()
    keys = make_office_keys("office-1", "Bluebell Support")
    person = {"first_name": "Ruth", "last_name": "Okafor", "phone": "0113 496 0777", "address": "3 Mill Lane, York"}
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        meta = {"office.public": json.dumps(keys.public.as_dict()),
                "office.keys": json.dumps(keys.seal(OFFICE_PASSPHRASE, FAST)),
                "enrollment.e1": json.dumps({"name": "Sam laptop", "device_id": "d1", "revoked_at": None})}
        conn.execute(tables.office_meta.insert(), [{"key": k, "value": v} for k, v in meta.items()])
        conn.execute(tables.devices.insert().values(device_id="d1", name="Sam laptop", enrolled_at="2026-01-01",
                                                    advisor_name="Sam Advisor"))
        payload = json.dumps({"case_id": "c1", "data": person})
        conn.execute(tables.changes.insert().values(
            change_id="ch1", device_id="d1", seq=1, advisor_id="a1", hlc="h", entity="person", entity_id="p1",
            case_id="c1", op="create", base_version=None, payload=payload, schema_version=1,
            prev_hash="0" * 64, hash="h1", created_at="2026-01-01", imported_at="2026-01-01", bundle_id="b1",
            outcome="applied"))
        conn.execute(tables.records.insert().values(
            entity_id="p1", entity="person", case_id="c1", version=1, data=json.dumps(person), deleted=False,
            updated_at="2026-01-01", device_id="d1", hlc="h", holders='["d1"]'))
        conn.execute(tables.documents.insert().values(
            sha256="ab" * 32, case_id="c1", kind="signed-agreement", version=1, title="Agreement for Ruth Okafor",
            meta='{"signer": "Ruth Okafor"}', size=9, device_id="d1", imported_at="2026-01-01",
            content=b"%PDF Ruth Okafor"))
        conn.execute(tables.outbox.insert().values(device_id="d1", office_seq=1, message_id="m1", type="record",
                                                   body=json.dumps({"data": person}), created_at="2026-01-01"))
    engine.dispose()
    return person


def test_an_office_from_before_named_users_is_encrypted_in_place(database_url, request, capsys, monkeypatch):
    from advisor_app import cli

    person = plain_0001_office(database_url)
    needles = {*person.values(), "Ruth Okafor", "Sam laptop", "Sam Advisor"}

    def on_disk() -> bytes:
        if database_url.startswith("sqlite"):
            return office_files(Path(sa.make_url(database_url).database).parent)
        return request.getfixturevalue("postgres_server").dump(database_url)

    assert found_in(on_disk(), needles) == needles  # the scan finds them while they are in clear
    with pytest.raises(OfficeNeedsUpgrade, match="advisor-app office upgrade"):
        OfficeStore.open(database_url)  # never opened half-encrypted
    with pytest.raises(OfficeError, match="office passphrase is not right"):
        OfficeService.upgrade(database_url, "not the passphrase", user="Morgan Hale", kdf=FAST)
    with OfficeStore.open(database_url, migrated=False) as untouched:
        assert untouched.revision() == "0001"  # the wrong passphrase changed nothing

    office = OfficeService.upgrade(database_url, OFFICE_PASSPHRASE, user="Morgan Hale", kdf=FAST)
    assert office.recovery_key and office.user.name == "Morgan Hale"
    assert office.store.revision() == "0004"  # upgraded to the newest
    assert office.store.record("p1")["data"] == person
    assert office.store.document("ab" * 32)["content"] == b"%PDF Ruth Okafor"
    assert office.store.messages_for("d1")[0]["body"] == {"data": person}
    assert office.enrollments()[0]["name"] == "Sam laptop"
    assert [e.action for e in office.audit_log()] == ["office-upgrade"]
    office.lock()
    assert found_in(on_disk(), needles) == set()  # nothing left in free pages, the WAL or the dump

    again = OfficeService.unlock(database_url, OFFICE_PASSPHRASE, user="morgan hale")  # the same passphrase
    assert again.store.record("p1")["data"] == person
    again.lock()
    monkeypatch.setenv("OFFICE_PASS", OFFICE_PASSPHRASE)
    assert cli.main(["office", "upgrade", "--office", database_url, "--user", "Morgan Hale",
                     "--passphrase-env", "OFFICE_PASS"]) == 1
    assert capsys.readouterr().err == "advisor-app: This office does not need upgrading, so nothing was changed.\n"
