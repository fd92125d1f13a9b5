"""What the office sends is checked on the laptop as the office checks what a laptop sends: an
invalid record is refused on its own, the laptop keeps its last good state, nothing crashes (the
case list, `advisor-app cases`), and the command line says what happened; a case moved away is
kept read-only; a damaged case from an older app is listed, never a crash."""

from __future__ import annotations

import pytest

from advisor_app import cli
from advisor_app.office.service import OfficeService
from advisor_app.services import AdvisorService, cases, sync
from advisor_app.store.errors import CaseMoved, StoreError
from advisor_app.store.keys import KdfParams
from advisor_app.sync.bundle import BundleError
from tests.office.test_trust import sqlite_office  # noqa: F401  (a fixture)

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "kettle harbour lantern"


@pytest.fixture
def office(sqlite_office) -> OfficeService:
    return sqlite_office


@pytest.fixture
def jess(tmp_path, office):
    service = AdvisorService.create(tmp_path / "jess", PASSPHRASE, advisor_name="Jess", kdf=FAST)
    sync.enroll(service, office.enroll("Jess laptop").to_bytes())
    yield service
    service.lock()


def send(office: OfficeService, laptop: AdvisorService):
    device = sync.device(laptop)
    data, last = device.outgoing()
    device.mark_sent(last)
    return office.receive(data).result


def take(office: OfficeService, laptop: AdvisorService):
    return sync.device(laptop).apply(office.reply_for(laptop.store.device_id))


def test_an_invalid_record_from_the_office_is_refused_and_the_laptop_keeps_what_it_had(office, jess, tmp_path,
                                                                                      capsys, monkeypatch):
    case_id = jess.create_case(first_name="Ann", last_name="Lee")
    send(office, jess)
    take(office, jess)
    header = office.store.record(case_id)
    # The office store itself does not check (only the office's service does): as from an old office.
    office.store.put_record("case", {**header["data"], "stage": "nonsense"}, case_id=case_id, by="Maya",
                            base_version=header["version"])
    person = next(r for r in office.store.records(case_id=case_id) if r["entity"] == "person")
    office.store.put_record("person", {**person["data"], "notes": "Likes buses"}, case_id=case_id, by="Maya",
                            entity_id=person["entity_id"], base_version=person["version"])
    before = jess.load_case(case_id)
    applied = take(office, jess)
    assert applied.skipped == ["The office sent “The case” with a problem (“stage”: Please choose one of the "
                               "options.), so it was not saved; this laptop keeps what it had."]
    assert applied.messages == 2  # the good message applied, the bad one is not asked for again
    after = jess.load_case(case_id)
    assert after.header == before.header and after.sections["person"].data["notes"] == "Likes buses"
    assert [c.stage for c in jess.list_cases()] == ["enquiry"]

    # The same through the command line and a folder: the reason on stderr, exit code 1.
    office.store.put_record("case", {**header["data"], "status": "maybe"}, case_id=case_id, by="Maya",
                            base_version=header["version"] + 1)
    stick = tmp_path / "stick"
    office.write_replies(stick)
    jess.lock()
    monkeypatch.setattr(cases, "DEFAULT_KDF", FAST)
    monkeypatch.setenv("LAPTOP_PASS", PASSPHRASE)
    store = str(tmp_path / "jess")
    assert cli.main(["sync", "--store", store, "--passphrase-env", "LAPTOP_PASS", "--from-folder", str(stick)]) == 1
    out, err = capsys.readouterr()
    assert err == ("advisor-app: The office sent “The case” with a problem (“status”: Please choose one of the "
                   "options.), so it was not saved; this laptop keeps what it had.\n")
    assert "Traceback" not in out + err
    assert cli.main(["cases", "--store", store, "--passphrase-env", "LAPTOP_PASS"]) == 0
    assert "Ann Lee" in capsys.readouterr().out


def test_a_damaged_office_bundle_changes_nothing(office, jess):
    jess.create_case(first_name="Ann", last_name="Lee")
    send(office, jess)
    office.store.queue_message(jess.store.device_id, "record", {"entity": "person"})  # no id, no data
    applied = take(office, jess)
    assert applied.skipped == ["A message from the office (record) was incomplete, so it was not used; this laptop "
                               "keeps what it had."]
    from advisor_app.sync import bundle

    content = {"kind": bundle.OFFICE_MESSAGES, "schema_version": 1, "bundle_created_at": "now",
               "office_id": office.public.office_id, "device_id": jess.store.device_id, "ack_seq": "many",
               "messages": [{"office_seq": "x"}]}
    data = bundle.seal(content, sender=office.public.office_id, signing_key=office.keys.signing,
                       recipient_key=_laptop_key(jess))
    status = sync.status(jess)
    with pytest.raises(BundleError, match="does not follow the bundle format .*Nothing was"):
        sync.device(jess).apply(data)
    assert sync.status(jess) == status


def _laptop_key(laptop: AdvisorService) -> bytes:
    from advisor_app.sync.keys import raw_public

    return raw_public(sync.device(laptop).keys().encryption)


def test_a_case_moved_away_is_kept_read_only_and_a_case_moved_back_can_change_again(office, jess, tmp_path):
    case_id = jess.create_case(first_name="Ann", last_name="Lee")
    send(office, jess)
    sam = AdvisorService.create(tmp_path / "sam", PASSPHRASE, advisor_name="Sam", kdf=FAST)
    try:
        sync.enroll(sam, office.enroll("Sam laptop").to_bytes())
        sam.create_case(first_name="Bo", last_name="Ng")
        send(office, sam)
        office.move_case(case_id, sam.store.device_id)
        take(office, jess)
        assert jess.load_case(case_id).moved_to == "Sam laptop"
        assert [c.moved_to for c in jess.list_cases()] == ["Sam laptop"]
        result = jess.save(case_id, "enquiry", {"looking_for": "Days out"})
        assert result.errors == {"_moved": "This case has moved to Sam laptop, so it can no longer be changed here."}
        with pytest.raises(CaseMoved):
            jess.store.put("funding", {}, case_id=case_id)  # any write at all, by any service
        send(office, jess)  # the laptop says it was told
        assert office.store.case_moves(case_id)[0]["acknowledged"]

        take(office, sam)
        send(office, sam)
        office.move_case(case_id, jess.store.device_id)
        take(office, jess)
        assert jess.load_case(case_id).moved_to == "" and jess.save(case_id, "enquiry", {"looking_for": "Days out"}).ok
    finally:
        sam.lock()


def test_a_damaged_case_from_an_older_app_is_listed_not_a_crash(jess, tmp_path, capsys, monkeypatch):
    good = jess.create_case(first_name="Ann", last_name="Lee")
    bad = jess.create_case(first_name="Bo", last_name="Ng")
    record = jess.store.get("case", bad)
    jess.store.put("case", {**record.data, "stage": "nonsense"}, case_id=bad, entity_id=bad,
                   base_version=record.version)
    listed = {c.id: c for c in jess.list_cases()}
    assert not listed[good].damaged and listed[bad].damaged and listed[bad].person_name == "Bo Ng"
    with pytest.raises(StoreError, match="saved details are damaged, so it cannot be opened"):
        jess.load_case(bad)
    jess.lock()
    monkeypatch.setattr(cases, "DEFAULT_KDF", FAST)
    monkeypatch.setenv("LAPTOP_PASS", PASSPHRASE)
    assert cli.main(["cases", "--store", str(tmp_path / "jess"), "--passphrase-env", "LAPTOP_PASS"]) == 0
    out = capsys.readouterr().out
    assert "Ann Lee" in out and "Bo Ng" in out
