"""Verification that cannot be fooled. A genuine pack (signed on an enrolled laptop for the
person, the nominated person and the advisor, countersigned at the office by a named manager,
with PAdES B-LT data) verifies with no modification beyond each signer's own field; each hostile
file below, built here, fails ``advisor-app verify`` with the laptop's default anchors and with
``--trust`` naming the office CA."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.embed import EmbeddedFileObject, FileSpec, embed_file
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from advisor_app.cli import verify as verify_cli
from advisor_app.demo import DEMO_PASSPHRASE, case_named, create_demo_store
from advisor_app.demo.agreement import synthetic_strokes
from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole, text_sha256
from advisor_app.services import AdvisorService, agreement
from advisor_app.signing import ltv
from advisor_app.signing.device_identity import (
    LOCAL_TRUST_FILE,
    TRUST_FILE,
    DeviceIdentity,
    ca_certificate,
    make_identity,
    signing_certificate,
)
from advisor_app.signing.evidence import OfficeRecipient, open_pen_samples
from advisor_app.signing.pdf import sign_pdf, sign_revision
from advisor_app.signing.verify import TrustAnchors, verify_pdf
from advisor_app.sync.keys import (
    issue_crl,
    issue_device_certificate,
    issue_manager_certificate,
    make_office_keys,
)
from tests.documents.conftest import private_dirs, qpdf_check  # noqa: F401 (a fixture)

PEM = serialization.Encoding.PEM


def _key() -> tuple[ec.EllipticCurvePrivateKey, bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    return (key, key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
            key.public_key().public_bytes(PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


@dataclass
class World:
    pack: bytes
    office: object  # OfficeKeys
    laptop: DeviceIdentity  # the enrolled laptop: its office certificate
    manager: DeviceIdentity
    local_ca: bytes  # the laptop's own CA (its default anchors hold it too)
    local_ca_key: bytes
    recipient: OfficeRecipient
    steps: list[bytes]  # the pack after each signature: person, nominated person, advisor, office
    genuine: bytes  # countersigned, with B-LT data


def evidence(pdf: bytes, field: str, name: str, role: SignerRole, seed: int, **more) -> SignatureEvidence:
    return SignatureEvidence(strokes=synthetic_strokes(seed), signer_name=name, role=role,
                             authority=more.pop("authority", Authority.OWN_CAPACITY),
                             signed_at=dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.timezone.utc),
                             device_id="laptop-1", document_sha256=hashlib.sha256(pdf).hexdigest(),
                             statement_sha256=text_sha256(f"{name} agrees"), **more)


PERSON = dict(field="person", name="Anita Sharma", role=SignerRole.PERSON, seed=2,
              authority=Authority.NOMINATED_PERSON, on_behalf_of="Priya Sharma", signs_for_themselves=False)
NOMINATED = dict(field="nominated_person", name="Anita Sharma", role=SignerRole.NOMINATED_PERSON, seed=1,
                 authority=Authority.NOMINATED_PERSON, signs_for_themselves=True)
ADVISOR = dict(field="advisor", name="Jess Demo", role=SignerRole.ADVISOR, seed=3, authority=Authority.FOR_PROVIDER)
OFFICE = dict(field="office", name="Maya Patel", role=SignerRole.OFFICE, seed=4, authority=Authority.FOR_PROVIDER)


def sign(pdf: bytes, who: dict, identity: DeviceIdentity, recipient: OfficeRecipient | None, change=None) -> bytes:
    who = dict(who)
    field, name, role, seed = who.pop("field"), who.pop("name"), who.pop("role"), who.pop("seed")
    ev = evidence(pdf, field, name, role, seed, **who)
    if change is None:
        return sign_pdf(pdf, field, ev, identity, recipient).pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)  # the hostile signer's extra, in their own signing revision
    out = sign_revision(writer, field, ev, identity, recipient).pdf
    return out


@pytest.fixture(scope="module")
def world(private_dirs) -> World:
    directory = private_dirs / "demo-verify"
    create_demo_store(directory)
    service = AdvisorService.unlock(directory, DEMO_PASSPHRASE)
    try:
        pack = agreement.make_pack(service, case_named(service, "Priya Sharma"), made_on=dt.date(2026, 11, 20))
    finally:
        service.lock()
    office = make_office_keys("office-1", "Bluebell Support")
    local, local_ca_key = make_identity("laptop-1", "Bluebell Support")
    _k, key_pem, public = _key()
    laptop = DeviceIdentity("laptop-1", key_pem, issue_device_certificate(
        office, device_id="laptop-1", device_name="Jess's laptop", public_key_pem=public), office.public.ca_cert_pem)
    _k, key_pem, public = _key()
    manager = DeviceIdentity("office", key_pem, issue_manager_certificate(
        office, user_id="maya-1", user_name="Maya Patel", public_key_pem=public), office.public.ca_cert_pem)
    recipient = OfficeRecipient("office-1", office.public.encryption_key)
    steps = [sign(pack, PERSON, laptop, recipient)]
    steps.append(sign(steps[-1], NOMINATED, laptop, recipient))
    steps.append(sign(steps[-1], ADVISOR, laptop, recipient))
    steps.append(sign(steps[-1], OFFICE, manager, recipient))
    ca_der = x509.load_pem_x509_certificate(office.public.ca_cert_pem).public_bytes(serialization.Encoding.DER)
    genuine = ltv.add_validation_data(steps[-1], certs=[ca_der], crls=[issue_crl(office, [])])
    return World(pack, office, laptop, manager, local.ca_cert_pem, local_ca_key, recipient, steps, genuine)


@pytest.fixture
def laptop_store(world, tmp_path) -> Path:
    """A laptop's store folder as the app leaves it: the public list of the CAs it trusts."""
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / TRUST_FILE).write_bytes(world.office.public.ca_cert_pem)
    (folder / LOCAL_TRUST_FILE).write_bytes(world.local_ca)
    return folder


def cli(world, pdf: bytes, tmp_path: Path, store: Path, capsys, *, trust: bool) -> tuple[int, str]:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(pdf)
    (tmp_path / "office-ca.pem").write_bytes(world.office.public.ca_cert_pem)
    empty = tmp_path / "no-store"
    empty.mkdir(exist_ok=True)
    code = verify_cli.run(path, [tmp_path / "office-ca.pem"] if trust else [], store=empty if trust else store)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and "WARNING" not in captured.err
    return code, captured.out


# ---- the genuine pack -----------------------------------------------------------------------------


def test_a_genuine_pack_verifies_with_no_modification_beyond_each_signers_field(world, tmp_path, laptop_store,
                                                                               capsys):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    report = verify_pdf(world.genuine, TrustAnchors.from_pem(world.office.public.ca_cert_pem))
    assert report.ok, report.problems
    assert [(c.field, c.signer_name, c.certificate_role) for c in report.signatures] == [
        ("person", "Anita Sharma", "device"), ("nominated_person", "Anita Sharma", "device"),
        ("advisor", "Jess Demo", "device"), ("office", "Maya Patel", "manager")]
    assert report.long_term == "B-LT" and report.still_to_sign == []
    # pyHanko's own analysis of each signature agrees: nothing suspicious at any revision.
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko_certvalidator import ValidationContext

    (tmp_path / "ca.pem").write_bytes(world.office.public.ca_cert_pem)
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(tmp_path / "ca.pem"))], allow_fetching=False)
    for sig in PdfFileReader(io.BytesIO(world.genuine)).embedded_signatures:
        status = validate_pdf_signature(sig, context, skip_diff=False)
        assert status.intact and status.valid and status.docmdp_ok
        assert status.modification_level.name in ("NONE", "LTA_UPDATES", "FORM_FILLING"), status.modification_level
    for trust in (False, True):
        code, out = cli(world, world.genuine, tmp_path, laptop_store, capsys, trust=trust)
        assert code == 0, out
        assert "person: Anita Sharma for Priya Sharma" in out and "Verdict: intact, 4 signature(s)" in out
    assert qpdf_check(world.genuine, tmp_path).returncode == 0


def test_the_evidence_is_in_each_signature_and_the_office_opens_the_pen_samples(world):
    report = verify_pdf(world.genuine, TrustAnchors.from_pem(world.office.public.ca_cert_pem))
    person = report.signatures[0].evidence
    assert person["field"] == "person" and person["on_behalf_of"] == "Priya Sharma"
    assert person["signs_for_themselves"] is False and person["authority"] == "nominated_person"
    assert person["method"] == "drawn" and person["device_id"] == "laptop-1"
    assert person["shown"] == {"pack_sha256": hashlib.sha256(world.pack).hexdigest(),
                               "statement_sha256": text_sha256("Anita Sharma agrees")}
    pen = person["pen"]
    assert pen["sealed_to"] == "office-1" and pen["points"] == 90 and pen["pressure"] is True
    assert pen["rate_hz"] and pen["rate_hz"] > 50
    assert b"0.45" not in world.genuine  # no pen sample in clear anywhere in the file
    strokes = open_pen_samples(person, world.office.encryption)
    assert strokes == [[list(p) for p in s] for s in synthetic_strokes(2)]
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from advisor_app.signing.evidence import EvidenceError

    with pytest.raises(EvidenceError, match="cannot be opened"):
        open_pen_samples(person, X25519PrivateKey.generate())  # another office's key


def test_before_enrollment_the_samples_are_not_in_the_file_but_their_hash_is(world):
    from advisor_app.signing.evidence import kept_matches

    local, _ = make_identity("laptop-1", "Bluebell Support")
    signed = sign_pdf(world.pack, "advisor", evidence(world.pack, "advisor", "Jess Demo", SignerRole.ADVISOR, 3,
                                                      authority=Authority.FOR_PROVIDER), local, None)
    pen = signed.record["pen"]
    assert pen["sealed_to"] is None and pen["sealed"] is None and len(pen["samples_sha256"]) == 64
    assert signed.kept is not None and kept_matches(signed.record, signed.kept)
    report = verify_pdf(signed.pdf, TrustAnchors.from_pem(local.ca_cert_pem))
    assert report.intact and report.signatures[0].evidence == signed.record


def test_the_office_trusts_an_enrolled_laptops_key_and_not_its_own_ca(world):
    """Signed before its office certificate arrived (under the laptop's local CA), the signature
    is the enrolled laptop's at the office: the office knows that key."""
    local, _ = make_identity("laptop-1", "Bluebell Support")
    _k, _pem, public = _key()
    same_key = DeviceIdentity("laptop-1", local.key_pem, local.cert_pem, local.ca_cert_pem)
    signed = sign_pdf(world.pack, "person", evidence(world.pack, **_args(PERSON)), same_key, None).pdf
    enrolled = issue_device_certificate(world.office, device_id="laptop-1", device_name="Jess's laptop",
                                        public_key_pem=_public_of(local))
    office = TrustAnchors.from_pem(world.office.public.ca_cert_pem, enrolled=[enrolled])
    report = verify_pdf(signed, office)
    assert report.intact and report.signatures[0].trusted_as.startswith("enrolled laptop")
    other = issue_device_certificate(world.office, device_id="laptop-2", device_name="Sam's laptop",
                                     public_key_pem=public)
    assert not verify_pdf(signed, TrustAnchors.from_pem(world.office.public.ca_cert_pem, enrolled=[other])).intact


def _args(who: dict) -> dict:
    who = dict(who)
    return dict(field=who.pop("field"), name=who.pop("name"), role=who.pop("role"), seed=who.pop("seed"), **who)


def _public_of(identity: DeviceIdentity) -> bytes:
    return serialization.load_pem_private_key(identity.key_pem, None).public_key().public_bytes(
        PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_an_earlier_state_says_which_boxes_are_still_to_sign(world):
    report = verify_pdf(world.steps[0], TrustAnchors.from_pem(world.office.public.ca_cert_pem))
    assert report.intact and not report.ok
    assert report.still_to_sign == ["nominated_person", "advisor"]
    assert [b.field for b in report.boxes if not b.signed] == ["nominated_person", "advisor", "office"]


# ---- what an attacker tries ------------------------------------------------------------------------


def _first_page(writer: IncrementalPdfFileWriter) -> generic.DictionaryObject:
    return writer.root["/Pages"]["/Kids"][0].get_object()


def overlay(writer: IncrementalPdfFileWriter) -> None:
    page = _first_page(writer)
    annot = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 500, 550, 700)]),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 24 Tf 0 g"),
        generic.NameObject("/Contents"): generic.TextStringObject("Each week: £5.00")}))
    page[generic.NameObject("/Annots")] = generic.ArrayObject([annot])
    writer.update_container(page)


def text_field(writer: IncrementalPdfFileWriter) -> None:
    page = _first_page(writer)
    field = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/FT"): generic.NameObject("/Tx"), generic.NameObject("/T"): generic.TextStringObject("x"),
        generic.NameObject("/Type"): generic.NameObject("/Annot"), generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 50, 300, 80)]),
        generic.NameObject("/V"): generic.TextStringObject("Weekly cost waived"),
        generic.NameObject("/P"): writer.root["/Pages"]["/Kids"][0]}))
    page[generic.NameObject("/Annots")] = generic.ArrayObject([*page.get("/Annots", []), field])
    writer.update_container(page)
    form = writer.root["/AcroForm"]
    form["/Fields"].append(field)
    writer.update_container(form)


def new_content(writer: IncrementalPdfFileWriter) -> None:
    page = _first_page(writer)
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 30 Tf 72 400 Td (Nothing to pay) Tj ET"))
    page[generic.NameObject("/Contents")] = stream
    writer.update_container(page)


def page_box(writer: IncrementalPdfFileWriter) -> None:
    page = _first_page(writer)
    page[generic.NameObject("/MediaBox")] = generic.ArrayObject([generic.NumberObject(v) for v in (0, 300, 595, 842)])
    writer.update_container(page)


def font(writer: IncrementalPdfFileWriter) -> None:
    page = _first_page(writer)
    fonts = page["/Resources"].get_object()["/Font"].get_object()
    fonts[generic.NameObject("/Fx")] = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"), generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")}))
    writer.update_container(fonts)


def evidence_file(writer: IncrementalPdfFileWriter) -> None:
    name = "signature-evidence-person.json"
    embed_file(writer, FileSpec(file_spec_string=name, file_name=name, embedded_data=EmbeddedFileObject.from_file_data(
        writer, data=b'{"signer_name": "Someone else"}')))


def _appended(pdf: bytes, change) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _replaced_evidence(world: World) -> bytes:
    """The person's evidence inside their signature, changed in place (same length)."""
    pdf = world.genuine
    at = pdf.index(b"/Contents <")
    for case in (str.lower, str.upper):
        old = case("Anita Sharma".encode("utf-8").hex()).encode("ascii")
        found = pdf.find(old, at)
        if found > 0:
            new = case("Anita Shxrma".encode("utf-8").hex()).encode("ascii")
            return pdf[:found] + new + pdf[found + len(old):]
    raise AssertionError("the evidence is not in the first signature")


def _cut_back(world: World) -> bytes:
    return world.steps[0]  # the file as it was after the first signature: a genuine prefix


def _laptop_signs_office(world: World) -> bytes:
    return sign(world.steps[2], OFFICE, world.laptop, world.recipient)


def _self_made_certificate(world: World) -> bytes:
    """An attacker's own CA with the office CA's name, issuing a device certificate with the real
    laptop's name and the device role, signing the advisor's box."""
    real_ca = x509.load_pem_x509_certificate(world.office.public.ca_cert_pem)
    real = x509.load_pem_x509_certificate(world.laptop.cert_pem)
    ca_key, _, _ = _key()
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    fake_ca = ca_certificate(ca_key, real_ca.subject, not_before=now, years=5)
    key, key_pem, _ = _key()
    cert = signing_certificate(ca_key, real_ca.subject, key.public_key(), real.subject, not_before=now, years=5)
    fake = DeviceIdentity("laptop-1", key_pem, cert.public_bytes(PEM), fake_ca.public_bytes(PEM))
    return sign(world.steps[1], ADVISOR, fake, world.recipient)


def _local_ca_mints_a_manager(world: World) -> bytes:
    """The laptop's own CA (its key is in the laptop's store) issues itself a manager's
    certificate and countersigns: its own CA vouches for its device certificate only."""
    from advisor_app.signing.roles import SignerRole as CertRole

    ca_key = serialization.load_pem_private_key(world.local_ca_key, None)
    ca = x509.load_pem_x509_certificate(world.local_ca)
    key, key_pem, _ = _key()
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    cert = signing_certificate(ca_key, ca.subject, key.public_key(), x509.load_pem_x509_certificate(
        world.manager.cert_pem).subject, not_before=now, years=1, role=CertRole.MANAGER)
    forged = DeviceIdentity("office", key_pem, cert.public_bytes(PEM), world.local_ca)
    return sign(world.steps[2], OFFICE, forged, world.recipient)


def _in_revision(change):
    """A later signer with the real laptop's key adds ``change`` in their own signing revision."""
    return lambda world: sign(world.steps[1], ADVISOR, world.laptop, world.recipient, change=change)


TAMPERINGS = {
    "overlay annotation in the advisor's revision": _in_revision(overlay),
    "overlay annotation appended after all": lambda w: _appended(w.genuine, overlay),
    "new text field in the advisor's revision": _in_revision(text_field),
    "replaced page content in the advisor's revision": _in_revision(new_content),
    "replaced evidence inside the signature": _replaced_evidence,
    "evidence file added in the advisor's revision": _in_revision(evidence_file),
    "page box changed in the advisor's revision": _in_revision(page_box),
    "font added in the advisor's revision": _in_revision(font),
    "cut back to the first signature": _cut_back,
    "a laptop key signs the office box": _laptop_signs_office,
    "a self-made certificate with the real laptop's name": _self_made_certificate,
    "the laptop's own CA mints a manager's certificate": _local_ca_mints_a_manager,
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_each_tampering_fails_with_and_without_trust(world, tmp_path, laptop_store, capsys, name):
    hostile = TAMPERINGS[name](world)
    assert hostile != world.genuine
    for trust in (False, True):
        code, out = cli(world, hostile, tmp_path, laptop_store, capsys, trust=trust)
        assert code == 1, f"{name} passed verify (trust={trust}):\n{out}"
        assert "Verdict: intact" not in out
    report = verify_pdf(hostile, TrustAnchors.from_pem(world.office.public.ca_cert_pem))
    assert not report.ok
    expected = {"cut back to the first signature": "NOT COMPLETE"}.get(name, "Problem:")
    assert expected in out, out


def test_the_command_prints_nothing_of_pyhankos_own_on_the_terminal(world, tmp_path):
    """A real process: pyHanko's warnings about the hostile file go to the log, not to stderr."""
    import subprocess
    import sys

    path = tmp_path / "hostile.pdf"
    path.write_bytes(_in_revision(text_field)(world))
    (tmp_path / "ca.pem").write_bytes(world.office.public.ca_cert_pem)
    result = subprocess.run([sys.executable, "-m", "advisor_app", "verify", str(path), "--trust",
                             str(tmp_path / "ca.pem"), "--store", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1 and "Verdict: TAMPERED" in result.stdout
    assert result.stderr == "" and "Traceback" not in result.stdout


def test_the_reasons_are_specific(world):
    anchors = TrustAnchors.from_pem(world.office.public.ca_cert_pem)
    laptop_office = verify_pdf(_laptop_signs_office(world), anchors)
    assert any("named office manager" in p for p in laptop_office.problems)
    fake = verify_pdf(_self_made_certificate(world), anchors)
    assert any("not from a trusted issuer" in p for p in fake.problems)
    overlaid = verify_pdf(_in_revision(overlay)(world), anchors)
    assert any(p.startswith("changed after signing") for p in overlaid.problems)
    replaced = verify_pdf(_replaced_evidence(world), anchors)
    assert any("person" in p and ("changed" in p or "does not match" in p) for p in replaced.problems)


def test_a_file_that_is_not_a_signed_pdf_fails_in_one_line(world, tmp_path, laptop_store, capsys):
    for data in (world.pack, b"%PDF-1.4 nonsense", b"not a pdf", world.genuine[: len(world.genuine) // 2]):
        code, out = cli(world, data, tmp_path, laptop_store, capsys, trust=False)
        assert code == 1 and "Verdict" in out
    assert verify_cli.run(tmp_path / "missing.pdf", []) == 1
    # a signature whose contents are garbage, and a file of a hundred revisions
    at = world.genuine.index(b"/Contents <") + len(b"/Contents <")
    garbage = world.genuine[:at] + b"0badc0de" + world.genuine[at + 8:]
    many = world.genuine
    for _ in range(100):
        many = _appended(many, lambda writer: writer.update_root())
    for data, words in ((garbage, "Problem:"), (many, "far more than an agreement has")):
        code, out = cli(world, data, tmp_path, laptop_store, capsys, trust=False)
        assert code == 1 and words in out, out


def test_a_revoked_laptops_certificate_is_not_trusted_unless_countersigned_before(world):
    office = TrustAnchors.from_pem(world.office.public.ca_cert_pem)
    countersigned_at = verify_pdf(world.genuine, office).signatures[-1].signed_at
    revoked_after = countersigned_at + dt.timedelta(microseconds=1)  # and before now
    crl = issue_crl(world.office, [(world.laptop.cert_pem, revoked_after)])
    anchors = TrustAnchors.from_pem(world.office.public.ca_cert_pem, crls=[crl])
    report = verify_pdf(world.steps[2], anchors)  # not countersigned: judged as of now
    assert not report.intact and all(not c.trusted for c in report.signatures)
    # countersigned before the revocation: the laptop's signatures are judged as of then
    assert verify_pdf(world.genuine, anchors).ok


@pytest.fixture(scope="module")
def timestamping(tmp_path_factory):
    from tests.signing.tsa import TimestampingService

    service = TimestampingService(tmp_path_factory.mktemp("tsa"))
    yield service
    service.stop()


def test_b_lta_a_document_timestamp_from_a_real_service_on_loopback(world, timestamping, tmp_path, laptop_store,
                                                                    capsys):
    stamped = ltv.add_document_timestamp(world.genuine, timestamping.url)
    with_tsa = TrustAnchors.from_pem(world.office.public.ca_cert_pem, timestamping.root_pem_text)
    report = verify_pdf(stamped, with_tsa)
    assert report.ok and report.long_term == "B-LTA", report.problems
    [stamp] = report.timestamps
    assert stamp.intact and stamp.trusted and stamp.authority == "Bluebell timestamping service"
    # A laptop that does not know the timestamping authority still verifies the signatures, and says so.
    code, out = cli(world, stamped, tmp_path, laptop_store, capsys, trust=False)
    assert code == 0 and "authority not among the trust anchors" in out and "PAdES B-LTA" in out
    # Anything appended after the timestamp is still caught.
    assert not verify_pdf(_appended(stamped, overlay), with_tsa).ok
    assert qpdf_check(stamped, tmp_path).returncode == 0


def test_years_later_b_lta_still_proves_the_signatures_and_b_lt_alone_does_not(world, timestamping):
    """Ten years on, every laptop and manager certificate (five years) has expired: the document
    timestamp proves the signatures were good when it was made."""
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=365 * 10)
    with_tsa = TrustAnchors.from_pem(world.office.public.ca_cert_pem, timestamping.root_pem_text)
    stamped = ltv.add_document_timestamp(world.genuine, timestamping.url)
    assert verify_pdf(stamped, with_tsa, at=later).ok
    report = verify_pdf(world.genuine, with_tsa, at=later)
    assert not report.ok and any("office" in p and "trusted issuer" in p for p in report.problems)


def test_an_unreachable_timestamping_service_is_one_clear_error(world):
    with pytest.raises(ltv.LongTermError, match="cannot be reached"):
        ltv.add_document_timestamp(world.genuine, "http://127.0.0.1:9/tsa")


def test_the_signed_pages_show_who_signed_and_no_sign_here(world, tmp_path):
    """Rendered with pdftoppm (looked at by eye too) and read with pdftotext."""
    import subprocess

    path = tmp_path / "signed.pdf"
    path.write_bytes(world.genuine)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "Sign here" not in text
    assert "Signed for Priya by Anita Sharma, nominated person" in text
    assert "Jess Demo, support advisor" in text and "Maya Patel, manager, for the provider" in text
    assert "Signed on 20 November 2026" in text
    unsigned = tmp_path / "pack.pdf"
    unsigned.write_bytes(world.pack)
    text = subprocess.run(["pdftotext", "-layout", str(unsigned), "-"], capture_output=True, text=True).stdout
    assert "For Priya Sharma to sign" in text and "For the manager to sign at our office" in text
    result = subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "p")], capture_output=True)
    assert result.returncode == 0 and list(tmp_path.glob("p-*.png"))
