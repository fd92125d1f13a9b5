"""Bad bundles at the office: each is refused with its reason, shown in the inbox, and nothing of
it is imported."""

from __future__ import annotations

import copy

import pytest

from advisor_app.services import AdvisorService, sync
from advisor_app.store.journal import change_hash
from advisor_app.store.keys import KdfParams
from advisor_app.sync import bundle
from advisor_app.sync.keys import DeviceKeys
from tests.office.helpers import new_office

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)


@pytest.fixture
def setup(tmp_path):
    office = new_office(tmp_path / "office", "office passphrase 1", name="Bluebell")
    laptop = AdvisorService.create(tmp_path / "laptop", "kettle harbour lantern", kdf=FAST)
    sync.enroll(laptop, office.enroll("Sam laptop").to_bytes())
    for name in ("Ruth", "Ada", "Lena"):
        laptop.create_case(first_name=name, last_name="Okafor")
    device = sync.device(laptop)
    data, _ = device.outgoing()
    content = bundle.open_bundle(data, office.keys.encryption).content
    return office, device, content


def _reseal(office, device, content, signing_key=None):
    return bundle.seal(content, sender=device.enrollment.enrollment_id,
                       signing_key=signing_key or device.keys().signing,
                       recipient_key=office.public.encryption_key)


def _refused(office, data, reason):
    received = office.receive(data)
    assert received.result.state == "refused", received
    assert reason in received.result.reason
    assert office.store.cases() == [] and office.store.records() == []
    assert any(b["state"] == "refused" and reason in (b["reason"] or "") for b in office.store.bundles())


def test_a_flipped_byte_or_a_cut_short_bundle(setup):
    office, device, content = setup
    data = bytearray(_reseal(office, device, content))
    data[len(data) // 2] ^= 0x20
    _refused(office, bytes(data), "damaged")
    _refused(office, _reseal(office, device, content)[:-40], "damaged or incomplete")


def test_a_wrong_signature(setup):
    office, device, content = setup
    _refused(office, _reseal(office, device, content, DeviceKeys.generate().signing), "signature does not match")


def test_a_gap_a_fork_and_an_altered_change(setup):
    office, device, content = setup
    gap = copy.deepcopy(content)
    del gap["changes"][1]
    _refused(office, _reseal(office, device, gap), "missing")
    altered = copy.deepcopy(content)
    altered["changes"][2]["payload"]["data"]["first_name"] = "Someone else"
    _refused(office, _reseal(office, device, altered), "altered")
    # The real bundle still imports afterwards: nothing of the refused ones stuck.
    assert office.receive(_reseal(office, device, content)).result.state == "imported"
    fork = copy.deepcopy(content)  # a change 1 that is whole, but not the one received before
    fork["changes"][0]["payload"]["data"]["reference"] = "C-2026-0099"
    fork["changes"][0]["hash"] = change_hash(fork["changes"][0])
    received = office.receive(_reseal(office, device, fork))
    assert received.result.state == "refused" and "forked" in received.result.reason


def test_content_from_a_newer_app_is_refused(setup):
    office, device, content = setup
    newer = {**content, "schema_version": 2}
    _refused(office, _reseal(office, device, newer), "newer version")
    changes = copy.deepcopy(content)
    for change in changes["changes"]:
        change["schema_version"] = 99
    _refused(office, _reseal(office, device, changes), "newer version")
