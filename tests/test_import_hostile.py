"""Hostile or broken case files are refused with a clear message, and the store is unchanged."""

import copy
import json

import pytest

from advisor_app.services import AdvisorService, ImportRefused

PASS = "a long enough passphrase"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    service = AdvisorService.create(tmp_path_factory.mktemp("source") / "store", PASS)
    case = service.create_case(first_name="Callum", last_name="Reid")
    service.save(case, "enquiry", {"received_on": "2026-01-05", "route": "family", "looking_for": "Bus training",
                                   "postcode": "YO31 7EP"})
    data = service.export_case(case)
    service.lock()
    return data


@pytest.fixture
def target(tmp_path):
    service = AdvisorService.create(tmp_path / "target", PASS)
    yield service
    service.lock()


def mutate(data, path, value):
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(out).encode()


CASES = {
    "wrong type": (lambda d: mutate(d, ["sections", "person", "first_name"], 42),
                   "sections.person.first_name: Please enter text here."),
    "huge string": (lambda d: mutate(d, ["sections", "enquiry", "looking_for"], "x" * 100_000),
                    "sections.enquiry.looking_for: Please keep this to 4000 characters or fewer."),
    "unknown field": (lambda d: mutate(d, ["sections", "person", "favourite_colour"], "blue"),
                      "sections.person.favourite_colour: This field is not part of the form."),
    "unknown section": (lambda d: mutate(d, ["sections", "diary"], {}),
                        "sections.diary._section: There is no part of a case called “diary”."),
    "impossible date": (lambda d: mutate(d, ["sections", "enquiry", "received_on"], "2026-02-30"),
                        "sections.enquiry.received_on: Please enter a real date, like 2026-03-14."),
    "truncated json": (lambda d: json.dumps(d).encode()[:-40],
                       "The file is not complete JSON: it may be cut short or damaged."),
    "not a case": (lambda d: b'{"hello": "world"}', "format: This file is not an exported case."),
    "future version": (lambda d: mutate(d, ["version"], 9),
                       "version: This case file is version 9; this app reads versions 1 to 2."),
    "bad case id": (lambda d: mutate(d, ["case_id"], "../../etc/passwd"),
                    "case_id: The case id is not a valid identifier."),
    "binary junk": (lambda d: b"\x00\xff\xfe" * 100, "The file is not complete JSON: it may be cut short or damaged."),
    "too large": (lambda d: b" " * (6 * 1024 * 1024), "The file is too large to be a case (6.0 MB; the limit is 5 MB)."),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_refused_and_nothing_written(name, exported, target):
    make, message = CASES[name]
    before = target.store.unsent_count()
    with pytest.raises(ImportRefused) as refused:
        target.import_case(make(exported))
    assert str(refused.value) == message
    assert target.list_cases() == []
    assert target.store.unsent_count() == before


def test_the_good_file_imports(exported, target):
    case_id = target.import_case(json.dumps(exported).encode())
    view = target.load_case(case_id)
    assert view.sections["person"].data["first_name"] == "Callum"
    assert view.header.reference == exported["header"]["reference"]
