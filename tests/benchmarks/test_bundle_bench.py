"""A bundle of 1,000 changes built, signed and encrypted on the laptop (budget: 0.3 s,
DESIGN.md), and opened and checked at the office."""

from __future__ import annotations

import pytest

from advisor_app.services import AdvisorService
from advisor_app.store.keys import KdfParams
from advisor_app.sync import bundle
from advisor_app.sync.device import DeviceSync
from tests.office.helpers import new_office

BUDGET_S = 0.3
FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
SECTION = {"received_on": "2026-11-02", "route": "family", "contact_name": "Helen Price",
           "contact_phone": "0113 496 0000", "looking_for": "Support at home. " * 8,
           "urgency": "soon", "lives_in": "York", "decision": "pursue"}


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    base = tmp_path_factory.mktemp("bundle-bench")
    office = new_office(base / "office", "office passphrase 1", name="Bench")
    service = AdvisorService.create(base / "store", "kettle harbour lantern", kdf=FAST)
    sync = DeviceSync(service.store)
    sync.enroll(office.enroll("bench laptop").to_bytes())
    with service.store.transaction():
        for n in range(340):  # a case, its person and its enquiry: three changes each
            case = service.create_case(first_name=f"Person{n}", last_name="Example")
            service.store.put("enquiry", SECTION, case_id=case)
    assert service.store.unsent_count() >= 1000
    yield sync, office
    service.lock()


def test_bundle_of_1000_changes_built_signed_and_encrypted(benchmark, laptop):
    sync, _office = laptop
    data, last = benchmark(lambda: sync.outgoing(force=True, max_changes=1000))
    assert last == 1000
    assert benchmark.stats["median"] < BUDGET_S, f"median {benchmark.stats['median']:.3f}s > {BUDGET_S}s"


def test_bundle_of_1000_changes_opened_and_verified_at_the_office(benchmark, laptop):
    sync, office = laptop
    data, _ = sync.outgoing(force=True, max_changes=1000)
    signing_key = sync.keys().signing.public_key()

    def open_and_verify():
        opened = bundle.open_bundle(data, office.keys.encryption)
        opened.verify(signing_key)
        return opened

    assert len(benchmark(open_and_verify).content["changes"]) == 1000
