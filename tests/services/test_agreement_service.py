"""The agreement service on a real encrypted store: versions, one signature at a time, the freeze
rule (a change to the case after signing makes a new version; the signed one stays as it was),
and the device's signing identity kept inside the encrypted store."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from advisor_app.demo import case_named
from advisor_app.demo.agreement import synthetic_strokes
from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole, agreement_digest
from advisor_app.services import AdvisorService, agreement
from tests.demo_template import PASSPHRASE as DEMO_PASSPHRASE

logging.getLogger("pyhanko").setLevel(logging.CRITICAL)


@pytest.fixture
def demo(demo_store):
    service = AdvisorService.unlock(demo_store, DEMO_PASSPHRASE)
    yield service
    service.lock()


def evidence(service, sha: str, name: str, role: SignerRole, field: str) -> SignatureEvidence:
    return SignatureEvidence(strokes=synthetic_strokes(2), signer_name=name, role=role,
                             authority=Authority.OWN_CAPACITY, signed_at=dt.datetime.now(dt.timezone.utc),
                             device_id=service.store.device_id, document_sha256=sha, field_name=field)


def test_the_demo_version_is_signed_three_times_and_chained(demo):
    priya = case_named(demo, "Priya Sharma")
    [version] = agreement.versions(demo, priya)
    first, second, third = agreement.signed_versions(demo, priya)
    assert first.meta["base"] == second.meta["base"] == third.meta["base"] == version.sha256
    assert first.meta["previous"] == version.sha256 and second.meta["previous"] == first.sha256
    assert third.meta["signed_fields"] == ["person", "nominated_person", "advisor"]
    assert first.meta["on_behalf_of"] == "Priya Sharma" and first.meta["signer"] == "Anita Sharma"
    # an earlier state is intact, and the store says a later signed copy exists
    earlier = agreement.verify_stored(demo, first.sha256)
    assert earlier.intact and earlier.still_to_sign == ["nominated_person", "advisor"]
    assert any(third.sha256[:12] in note for note in earlier.notes)
    second = third
    assert agreement.is_frozen(demo, version.sha256)
    assert not agreement.needs_new_version(demo, priya)
    assert agreement.start_signing(demo, priya).sha256 == version.sha256  # nothing changed: the same one
    assert agreement.verify_stored(demo, second.sha256).ok


def test_a_change_after_signing_makes_a_new_version_and_leaves_the_signed_one_intact(demo):
    priya = case_named(demo, "Priya Sharma")
    signed = agreement.newest_signed(demo, priya)
    before = demo.store.document(signed.sha256).content
    person = demo.load_case(priya).sections["person"].data
    assert demo.save(priya, "person", {**person, "address": "12 New Road, Bradford"}).ok
    assert agreement.needs_new_version(demo, priya)
    with pytest.raises(agreement.AgreementError, match="changed"):  # the old version takes no more signatures
        agreement.add_signature(demo, priya, signed.sha256, "office",
                                evidence(demo, signed.sha256, "Priya Sharma", SignerRole.PERSON, "office"))
    new = agreement.start_signing(demo, priya)
    assert new.version == 2 and new.sha256 != signed.meta["base"]
    assert not agreement.needs_new_version(demo, priya)
    assert demo.store.document(signed.sha256).content == before  # the signed one, byte for byte
    assert agreement.verify_stored(demo, signed.sha256).ok
    record = agreement.add_signature(demo, priya, new.sha256, "nominated_person",
                                     evidence(demo, new.sha256, "Anita Sharma", SignerRole.NOMINATED_PERSON,
                                              "nominated_person"))
    report = agreement.verify_stored(demo, record.sha256)
    assert record.meta["base"] == new.sha256 and report.intact and report.still_to_sign == ["advisor"]
    assert agreement.newest_signed(demo, priya).sha256 == record.sha256


def test_a_change_that_does_not_affect_the_agreement_needs_no_new_version(demo):
    priya = case_named(demo, "Priya Sharma")
    person = demo.load_case(priya).sections["person"].data
    assert demo.save(priya, "person", {**person, "notes": person["notes"] + " Likes chai."}).ok
    assert not agreement.needs_new_version(demo, priya)


def test_the_digest_is_exactly_what_the_agreement_depends_on(demo):
    sections = demo.load_case(case_named(demo, "Priya Sharma")).data()
    base = agreement_digest(sections, "Jess")
    kiran_changed = {**sections, "circle": {"members": [
        {**m, "phone": "07700 900999"} if m["name"] == "Kiran Sharma" else m for m in sections["circle"]["members"]]}}
    assert agreement_digest(kiran_changed, "Jess") == base
    assert agreement_digest(sections, "Someone else") != base
    plan = sections["support_plan"]
    fewer = {**sections, "support_plan": {**plan, "how_to_support_me_well": plan["how_to_support_me_well"][1:]}}
    assert agreement_digest(fewer, "Jess") != base


def test_signing_refuses_a_stale_copy_a_wrong_hash_and_a_signed_field(demo):
    priya = case_named(demo, "Priya Sharma")
    [version] = agreement.versions(demo, priya)
    head = agreement.newest_signed(demo, priya)
    with pytest.raises(agreement.AgreementError, match="since it was opened"):
        agreement.add_signature(demo, priya, version.sha256, "person",
                                evidence(demo, version.sha256, "Priya Sharma", SignerRole.PERSON, "person"))
    with pytest.raises(agreement.AgreementError, match="different copy"):
        agreement.add_signature(demo, priya, head.sha256, "advisor",
                                evidence(demo, version.sha256, "Jess", SignerRole.ADVISOR, "advisor"))
    with pytest.raises(agreement.AgreementError, match="already signed"):
        agreement.add_signature(demo, priya, head.sha256, "advisor",
                                evidence(demo, head.sha256, "Jess", SignerRole.ADVISOR, "advisor"))


def test_a_case_that_is_not_ready_cannot_start_signing(demo):
    tom = case_named(demo, "Tom Brennan")
    with pytest.raises(agreement.AgreementNotReady):
        agreement.start_signing(demo, tom)
    assert agreement.versions(demo, tom) == [] and not agreement.needs_new_version(demo, tom)


def test_the_device_identity_is_kept_inside_the_encrypted_store(demo, tmp_path):
    first = agreement.identity(demo)
    directory = demo.store.directory
    demo.lock()
    again = AdvisorService.unlock(directory, DEMO_PASSPHRASE)
    try:
        assert agreement.identity(again) == first
        # never journaled (it would travel to the office) and never a plain file
        assert not any(b"PRIVATE KEY" in str(c.payload).encode() for c in again.store.changes_after(0))
    finally:
        again.lock()
    for path in Path(directory).rglob("*"):
        if path.is_file():
            assert b"PRIVATE KEY" not in path.read_bytes(), path
    demo.store = AdvisorService.unlock(directory, DEMO_PASSPHRASE).store  # for the fixture's lock


def test_the_cli_writes_the_newest_signed_version(demo, tmp_path, capsys):
    from advisor_app.cli import documents as agreement_cli

    reference = next(c.reference for c in demo.list_cases() if c.person_name == "Priya Sharma")
    tom = next(c.reference for c in demo.list_cases() if c.person_name == "Tom Brennan")
    directory = demo.store.directory
    demo.lock()
    try:
        assert agreement_cli.write_signed(directory, DEMO_PASSPHRASE, reference, tmp_path / "out") == 0
        [written] = list((tmp_path / "out").glob(f"{reference}-signed-agreement-v1-3.pdf"))
        assert written.read_bytes().startswith(b"%PDF-")
        assert agreement_cli.write_signed(directory, DEMO_PASSPHRASE, tom, tmp_path / "out") == 1
        assert "no signed agreement" in capsys.readouterr().err
    finally:
        demo.store = AdvisorService.unlock(directory, DEMO_PASSPHRASE).store


def test_the_ca_is_exported_and_the_documents_cli_renders_the_unsigned_pack(demo, tmp_path, capsys):
    from advisor_app.cli import documents as documents_cli, verify as verify_cli
    agreement_cli = documents_cli

    reference = next(c.reference for c in demo.list_cases() if c.person_name == "Priya Sharma")
    directory = demo.store.directory
    demo.lock()
    try:
        assert agreement_cli.export_ca(directory, DEMO_PASSPHRASE, tmp_path / "ca.pem") == 0
        assert b"BEGIN CERTIFICATE" in (tmp_path / "ca.pem").read_bytes()
        assert b"PRIVATE" not in (tmp_path / "ca.pem").read_bytes()
        assert agreement_cli.write_signed(directory, DEMO_PASSPHRASE, reference, tmp_path / "out") == 0
        [signed] = list((tmp_path / "out").glob("*signed-agreement*.pdf"))
        assert verify_cli.run(signed, tmp_path / "ca.pem") == 0
        assert documents_cli.run(directory, DEMO_PASSPHRASE, reference, tmp_path / "docs", "agreement") == 0
        assert list((tmp_path / "docs").glob(f"{reference}-agreement-v*.pdf"))
    finally:
        demo.store = AdvisorService.unlock(directory, DEMO_PASSPHRASE).store
