"""Identity kept from laptop to laptop: a case exported on one laptop and imported on another is the
same case at the office (one "The person", one enquiry, one circle), and importing a case that is
already there is refused, never doubled."""

from __future__ import annotations

import json

import pytest

from advisor_app.services.cases import ImportRefused
from tests.office.test_trust import ENQUIRY, laptops, sqlite_office  # noqa: F401  (fixtures)


def test_an_exported_case_imported_on_another_laptop_is_the_same_case_at_the_office(sqlite_office, laptops):
    office = sqlite_office
    jess, sam = laptops(office, "jess"), laptops(office, "sam")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    jess.service.save(case_id, "enquiry", ENQUIRY)
    jess.service.save(case_id, "circle", {"members": [{"name": "Helen Price"}]})
    jess.send(office)
    exported = jess.service.export_case(case_id)
    assert exported["version"] == 2 and set(exported["section_ids"]) == {"person", "enquiry", "circle"}

    raw = json.dumps(exported).encode("utf-8")
    assert sam.service.import_case(raw) == case_id
    with pytest.raises(ImportRefused, match="is already in this store, so nothing was imported"):
        sam.service.import_case(raw)
    result = sam.send(office)
    assert (result.state, result.conflicts) == ("imported", 0)
    entities = sorted(r["entity"] for r in office.store.records(case_id=case_id))
    assert entities == ["case", "circle", "enquiry", "person"]

    # Sam changes the phone number; Jess changes hers too: one record, the two versions side by side.
    person = sam.service.load_case(case_id).sections["person"].data
    sam.service.save(case_id, "person", {**person, "phone": "0113 496 0001"})
    jess.service.save(case_id, "person", {**person, "phone": "0113 496 0002"})
    jess.send(office)
    assert sam.send(office).conflicts == 1
    assert sorted(r["entity"] for r in office.store.records(case_id=case_id)) == entities
    [conflict] = office.store.conflicts()
    assert [c.name for c in office.conflict_merge(conflict["id"]).conflicts] == ["phone"]


def test_a_case_file_from_before_still_imports_and_a_record_of_another_case_is_refused(sqlite_office, laptops):
    jess, sam = laptops(sqlite_office, "jess"), laptops(sqlite_office, "sam")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    exported = jess.service.export_case(case_id)
    old = {k: v for k, v in exported.items() if k != "section_ids"} | {"version": 1}
    assert sam.service.import_case(json.dumps(old).encode()) == case_id
    other = jess.service.create_case(first_name="Bo", last_name="Ng")
    borrowed = jess.service.export_case(other) | {"section_ids": exported["section_ids"]}
    with pytest.raises(ImportRefused, match="Part of this case is already in this store under another case"):
        jess.service.import_case(json.dumps(borrowed | {"case_id": "0b0b0b0b-0000-4000-8000-000000000009"}).encode())
