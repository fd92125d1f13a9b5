"""The local manager's acknowledgement of a handover: recorded at the office (service and command
line), an entity only the office issues, and applied on the laptop through sync."""

from __future__ import annotations

import subprocess
import sys

import pytest

from advisor_app.demo import case_named
from advisor_app.domain.journey import Stage
from advisor_app.office.service import OfficeError, OfficeService
from advisor_app.services import AdvisorService, setup, sync
from advisor_app.store.keys import KdfParams
from tests.office.helpers import OFFICE_USER, new_office

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
SETUP = {
    "start_on": "2026-05-04",
    "tasks": [{"area": "recruitment", "what": "Advertise", "owner": "Jess", "due_on": "2026-04-20"}],
    "recruitment": {"involvement": "on_the_panel", "job_title": "Support worker for Ruth"},
    "manager_id": "maya-patel",
}


@pytest.fixture
def office(tmp_path) -> OfficeService:
    return new_office(tmp_path / "office", "office passphrase 1")


def test_the_manager_acknowledges_a_handover_and_the_laptop_shows_it(tmp_path, office, monkeypatch):
    from advisor_app.demo import fill_demo

    stick = tmp_path / "stick"
    stick.mkdir()
    laptop = AdvisorService.create(tmp_path / "laptop", "kettle harbour lantern", advisor_name="Jess", kdf=FAST)
    sync.enroll(laptop, office.enroll("jess laptop").to_bytes())
    fill_demo(laptop, office_decisions=False)  # only the office decides
    case = case_named(laptop, "Priya Sharma")
    for stage in (Stage.COSTING, Stage.AGREEMENT, Stage.SETUP):
        assert laptop.move_stage(case, stage).ok
    assert laptop.save(case, "setup", SETUP).ok
    sync.sync_folder(laptop, stick)
    office.import_folder(stick)
    with pytest.raises(OfficeError, match="has not been handed over"):
        office.acknowledge_handover(case, "Maya Patel")

    done = setup.hand_over(laptop, case)
    assert done.ok
    sync.sync_folder(laptop, stick)
    office.import_folder(stick)
    record = office.acknowledge_handover(case, "Maya Patel", "Thanks, I have met Priya.")
    assert record["entity"] == "handover_acknowledgement"
    assert record["data"]["pack_sha256"] == done.pack.sha256 and record["data"]["manager_id"] == "maya-patel"
    with pytest.raises(OfficeError):
        office.acknowledge_handover(case, "   ")  # a named manager, always

    office.import_folder(stick)  # fresh replies for the laptop
    assert setup.load(laptop, case).acknowledgement is None
    sync.sync_folder(laptop, stick)
    ack = setup.load(laptop, case).acknowledgement
    assert ack is not None and ack.manager_name == "Maya Patel" and ack.note == "Thanks, I have met Priya."
    office.import_folder(stick)  # the laptop's echo is "already the same", not a conflict
    assert office.store.conflicts() == []
    assert "acknowledge-handover" in [entry.action for entry in office.audit_log()]
    laptop.lock()


def test_the_command_line_records_it_by_case_reference(tmp_path, office):
    location = str(tmp_path / "office")
    env = {"OFFICE_PASS": "office passphrase 1", "PATH": "/usr/bin:/bin",
           "ADVISOR_APP_DATA_DIR": str(tmp_path / "data"), "ADVISOR_APP_CONFIG_DIR": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-m", "advisor_app", "office", "acknowledge-handover", "--office",
                             location, "--user", OFFICE_USER, "--passphrase-env", "OFFICE_PASS", "--case", "C-2026-9999", "--manager",
                             "Maya Patel"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "advisor-app: no case with id or reference C-2026-9999 has reached this office"]
