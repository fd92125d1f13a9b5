"""Provider files edited at the office: the copy in use (the one the office last published, else the
shipped file), each field checked by the file's own loader, the effect of new rates on the families'
open proposals, and publishing, which keeps the office's copy and queues the file for every laptop."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from advisor_app.domain.proposals import ProposalStatus
from advisor_app.office import provider_data
from advisor_app.office.service import NotAllowed, OfficeError
from advisor_app.paths import resource
from tests.office.helpers import Laptop, new_office

PASS = "office passphrase 1"


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    """An office holding the demo laptop's cases (Tom's proposals are still open)."""
    tmp = tmp_path_factory.mktemp("provider-data")
    office = new_office(tmp / "office", PASS)
    laptop = Laptop(tmp, office, "Jess laptop", demo=True)
    assert laptop.send(office).result.state == "imported"
    yield office, laptop
    laptop.close()
    office.lock()


def test_the_copy_in_use_is_the_shipped_file_until_the_office_publishes_one(tmp_path):
    office = new_office(tmp_path / "office", PASS)
    try:
        shipped = resource("provider", "managers.json").read_text(encoding="utf-8")
        assert provider_data.current_text(office, "managers.json") == shipped
        data = provider_data.current(office, "managers.json")
        data["managers"].append({"id": "nia-jones", "name": "Nia Jones", "role": "Team manager", "area": "Hull",
                                 "phone": "01482 496 0101", "email": "nia.jones@example.org"})
        assert provider_data.publish(office, {"managers.json": data}) == 0  # no laptop yet
        assert json.loads(provider_data.current_text(office, "managers.json"))["managers"][-1]["name"] == "Nia Jones"
        assert office.audit_log(newest_first=True)[0].action == "publish"
    finally:
        office.lock()


def test_each_field_is_checked_by_the_files_own_loader(tmp_path):
    office = new_office(tmp_path / "office", PASS)
    try:
        costing = provider_data.current(office, "costing.json")
        assert provider_data.problems("costing.json", costing) == {}
        assert isinstance(costing["rates"]["day"], str)  # money as text, never a float
        costing["rates"]["day"] = "eighteen"
        costing["weeks_per_year"] = 60
        found = provider_data.problems("costing.json", costing)
        assert set(found) == {"rates.day", "weeks_per_year"}
        bands = provider_data.current(office, "risk_matrix.json")
        bands["bands"][0]["max_score"] = 2  # score 3 now in no band
        assert provider_data.problems("risk_matrix.json", bands)
        menu = provider_data.current(office, "components.json")
        menu["components"][1]["kind"] = "sometimes"
        assert "components.1.kind" in provider_data.problems("components.json", menu)
        with pytest.raises(OfficeError, match="weeks_per_year|rates.day"):
            provider_data.publish(office, {"costing.json": costing})
        with pytest.raises(OfficeError, match="not one of the provider's files the office edits here"):
            provider_data.publish(office, {"agreement.json": {}})
        assert office.store.published_file("costing.json") is None  # nothing was published
    finally:
        office.lock()


def test_new_rates_are_previewed_on_every_open_proposal(synced):
    office, _laptop = synced
    costing = provider_data.current(office, "costing.json")
    same = provider_data.preview(office, {"costing.json": costing})
    assert same and all(e.change == Decimal(0) for e in same)
    assert {e.status for e in same} <= {ProposalStatus.DRAFT.value, ProposalStatus.OFFERED.value}
    assert {e.person_name for e in same} == {"Tom Brennan"}  # Priya's accepted one is not open
    costing["rates"]["day"] = str(Decimal(costing["rates"]["day"]) + 1)
    dearer = provider_data.preview(office, {"costing.json": costing})
    assert all(e.new_total is not None and e.change > 0 for e in dearer)
    menu = provider_data.current(office, "components.json")
    menu["components"] = [c for c in menu["components"] if c["id"] != "life-skills-training"]
    gone = provider_data.preview(office, {"components.json": menu})
    assert any("“life-skills-training” is no longer on the menu." in e.problems for e in gone)


def test_publishing_sends_the_file_to_every_laptop_and_only_an_administrator_may(synced, tmp_path):
    office, laptop = synced
    data = provider_data.current(office, "risk_matrix.json")
    data["bands"][0]["words"] = "Low risk: go ahead"
    assert provider_data.publish(office, {"risk_matrix.json": data}) == 1
    laptop.send(office)  # the laptop takes it at its next sync
    from advisor_app.services import provider_files

    assert provider_files.risk_matrix().bands[0].words == "Low risk: go ahead"
    office.add_user("Mo Manager", ["manager"], "manager passphrase 1")
    from advisor_app.office.service import OfficeService

    manager = OfficeService.unlock(str(office.store.engine.url.database).rsplit("/", 1)[0], "manager passphrase 1",
                                   user="Mo Manager")
    try:
        with pytest.raises(NotAllowed, match="Only an administrator can publish provider files"):
            provider_data.publish(manager, {"risk_matrix.json": data})
    finally:
        manager.lock()
