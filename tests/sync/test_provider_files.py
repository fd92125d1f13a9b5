"""Provider files the office sends: checked before publishing, checked again on the laptop,
which keeps its last good file (and says so) when a new one cannot be used."""

from __future__ import annotations

import json

import pytest

from advisor_app.office.service import OfficeError
from advisor_app.paths import resource
from advisor_app.services import provider_files, sync
from advisor_app.services.risk import risk_matrix
from advisor_app.store import provider_files as on_disk
from tests.sync.helpers import laptop


def bundled(name: str) -> dict:
    return json.loads(resource("provider", name).read_text(encoding="utf-8"))


def broken_matrix() -> str:
    matrix = bundled("risk_matrix.json")
    matrix["bands"] = matrix["bands"][:1]  # the other scores fall in no band
    matrix["likelihood"] = "often"
    return json.dumps(matrix)


def test_the_office_refuses_a_bad_risk_matrix_and_sends_nothing(tmp_path, office):
    laptop(tmp_path, "jess", office)
    with pytest.raises(OfficeError) as refused:
        office.publish_provider_files({"risk_matrix.json": broken_matrix()})
    assert "risk_matrix.json cannot be published" in str(refused.value)
    assert "likelihood" in str(refused.value)


def test_a_laptop_takes_a_good_file_and_keeps_it_when_a_bad_one_follows(tmp_path, office):
    stick = tmp_path / "stick"
    stick.mkdir()
    jess = laptop(tmp_path, "jess", office)
    jess.create_case(first_name="Ruth", last_name="Okafor")  # the office hears from the laptop once
    sync.sync_folder(jess, stick)
    office.import_folder(stick)

    better = bundled("risk_matrix.json")
    better["bands"][0]["words"] = "Very low indeed"
    office.publish_provider_files({"risk_matrix.json": json.dumps(better)})
    office.import_folder(stick)
    report = sync.sync_folder(jess, stick)
    assert not any(applied.skipped for applied in report.received), report.received
    assert risk_matrix().bands[0].words == "Very low indeed"

    # An office that skipped the check (an older version, a damaged copy) sends a bad file.
    device_id = jess.store.device_id
    office.store.queue_message(device_id, "provider", {"files": {"risk_matrix.json": broken_matrix(),
                                                                 "components.json": json.dumps(
                                                                     bundled("components.json"))}})
    office.import_folder(stick)
    report = sync.sync_folder(jess, stick)
    skipped = [reason for applied in report.received for reason in applied.skipped]
    assert len(skipped) == 1
    assert "risk_matrix.json" in skipped[0] and "keeps the one it had" in skipped[0]
    assert risk_matrix().bands[0].words == "Very low indeed", "the last good file is still in use"
    assert not (on_disk.published_dir() / "components.json").exists(), "files go together or not at all"


def test_a_published_copy_damaged_on_disk_gives_way_to_the_bundled_one(caplog):
    target = on_disk.published_dir()
    target.mkdir(parents=True, exist_ok=True)
    (target / "risk_policy.json").write_text("{ not json", encoding="utf-8")
    assert provider_files.risk_policy().stance == provider_files.FILES["risk_policy.json"].load(
        bundled("risk_policy.json")).stance
    assert "risk_policy.json cannot be read" in caplog.text
