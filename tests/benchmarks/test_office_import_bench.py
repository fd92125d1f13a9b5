"""Office import of 10,000 changes into SQLite and into PostgreSQL (budget: 10 s each,
DESIGN.md). The changes come from a real advisor store's journal, made once per session:
1,000 cases, each with its sections created and edited, one deleted or a signed document added.
Each round imports into a fresh office database (made in the untimed setup).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from advisor_app.office.importer import import_changes
from advisor_app.office.store import OfficeStore
from advisor_app.store import CASE, KdfParams, Store
from tests.postgres_server import PostgresServer

IMPORT_BUDGET_S = 10.0
CASES = 1_000
CHANGES = 10 * CASES
# Real sections, valid for the domain models (the office checks every record on arrival), of
# about the size a filled-in one has.
SECTIONS = {
    "enquiry": {"contact_name": "Alex Example", "looking_for": "Seeing my sister on Sundays. " * 10},
    "person": {"first_name": "Alex", "last_name": "Example", "notes": "Give me time to answer. " * 10},
    "circle": {"members": [{"name": f"Friend {n}"} for n in range(8)]},
    "funding": {"notes": "A direct payment from the council, reviewed each spring. " * 6},
    "one_page_profile": {"important_to": [{"text": t} for t in ("buses", "music", "swimming") * 5]},
}
EDITS = {"person": {"notes": "Edited at the second visit. " * 10}, "circle": {"members": [{"name": "Sam"}]},
         "funding": {"status_note": "Agreed with the council."}}
_names = itertools.count(1)


@pytest.fixture(scope="session")
def laptop_bundle(tmp_path_factory) -> dict[str, Any]:
    """device_id, changes and documents of a laptop that made 10,000 changes."""
    directory = tmp_path_factory.mktemp("bench-laptop") / "store"
    store = Store.create(directory, "a passphrase for the benchmark",
                         kdf=KdfParams(memory_kib=64, iterations=1, lanes=1))
    try:
        with store.transaction():  # one commit: the journal is what matters here, not fsyncs
            for i in range(CASES):
                case_id = f"case-{i:04d}"
                store.put(CASE, {"reference": f"C-2026-{i + 1:04d}", "opened_on": "2026-03-01",
                                 "stage": "enquiry"}, case_id=case_id)
                sections = {name: store.put(name, data, case_id=case_id) for name, data in SECTIONS.items()}
                for name, edit in EDITS.items():
                    store.put(name, {**SECTIONS[name], **edit}, case_id=case_id, entity_id=sections[name].id,
                              base_version=1)
                if i % 10 == 0:
                    store.put_document(case_id=case_id, kind="agreement", title="Agreement",
                                       content=b"%PDF-1.7 " + bytes(str(i), "ascii") * 2000,
                                       meta={"signed_by": ["family", "advisor"]})
                else:
                    store.delete("one_page_profile", sections["one_page_profile"].id, base_version=1)
        changes = [change.as_dict() for change in store.changes_after(0)]
        documents = {c["entity_id"]: store.document(c["entity_id"]).content
                     for c in changes if c["entity"] == "document"}
        assert len(changes) == CHANGES
        return {"device_id": store.device_id, "changes": changes, "documents": documents}
    finally:
        store.close()


@pytest.fixture(scope="module")
def postgres_server():
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


def bench_import(benchmark, new_url, bundle: dict[str, Any]) -> None:
    opened: list[OfficeStore] = []

    def setup():
        office = OfficeStore.open(new_url())
        office.add_device(bundle["device_id"], name="Benchmark laptop")
        opened.append(office)
        return (office,), {}

    def run(office: OfficeStore):
        return import_changes(office, device_id=bundle["device_id"], bundle_id="bench",
                              changes=bundle["changes"], documents=bundle["documents"])

    try:
        result = benchmark.pedantic(run, setup=setup, rounds=1, iterations=1)
        assert (result.state, result.applied, result.ack_seq) == ("imported", CHANGES, CHANGES)
        assert len(opened[-1].records()) == 6 * CASES
    finally:
        for office in opened:
            office.close()
    benchmark.extra_info["budget_s"] = IMPORT_BUDGET_S
    assert benchmark.stats.stats.max < IMPORT_BUDGET_S


def test_office_import_sqlite(benchmark, laptop_bundle, tmp_path: Path):
    bench_import(benchmark, lambda: str(tmp_path / f"office-{next(_names)}"), laptop_bundle)


def test_office_import_postgresql(benchmark, laptop_bundle, postgres_server):
    bench_import(benchmark, lambda: postgres_server.create_database(f"bench_{next(_names)}"),
                 laptop_bundle)
