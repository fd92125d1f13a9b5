"""The agreement pack and its signatures: a pack from each demo case (or the list of what is
missing), the four parts with the accepted proposal's exact figures and no guidance notes, empty
signature fields; then the demo's signed agreement verified (pyHanko, pdfsig, qpdf) and each kind
of tampering after signing caught, by ``verify_pdf`` and by the CLI."""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
import subprocess
import time

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.embed import EmbeddedFileObject, FileSpec, embed_file
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from advisor_app.cli import verify as verify_cli
from advisor_app.demo import case_named
from advisor_app.documents import agreement as builder
from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole
from advisor_app.services import AdvisorService, agreement, costing, documents
from advisor_app.signing.pdf import evidence_files, signature_fields, verify_pdf
from tests.demo_template import ADVISOR, PASSPHRASE as DEMO_PASSPHRASE, copy_demo
from tests.documents.conftest import flat, font_sizes, outline, qpdf_check, run, text_of

logging.getLogger("pyhanko").setLevel(logging.CRITICAL)


@pytest.fixture(scope="module")
def demo(private_dirs, demo_template):
    directory = copy_demo(demo_template, private_dirs / "demo")
    service = AdvisorService.unlock(directory, DEMO_PASSPHRASE)
    yield service
    service.lock()


@pytest.fixture(scope="module")
def priya(demo):
    return case_named(demo, "Priya Sharma")


@pytest.fixture(scope="module")
def pack(demo, priya):
    return agreement.make_pack(demo, priya, made_on=dt.date(2026, 11, 20))


@pytest.fixture(scope="module")
def signed(demo, priya):
    record = agreement.newest_signed(demo, priya)
    assert record is not None, "the demo has a signed agreement for Priya"
    return demo.store.document(record.sha256).content


@pytest.fixture(scope="module")
def ca(demo):
    return agreement.identity(demo).ca_cert_pem


# ---- the pack -------------------------------------------------------------------------------------


def test_a_pack_from_each_demo_case_or_the_list_of_what_is_missing(demo):
    made = 0
    for case in demo.list_cases():
        lacking = agreement.missing(demo, case.id)
        if lacking:
            with pytest.raises(agreement.AgreementNotReady) as caught:
                agreement.make_pack(demo, case.id)
            assert caught.value.missing == lacking
            assert all(m.stage and m.field_path and m.message for m in lacking)
            with pytest.raises(documents.DocumentNotReady):
                documents.make_document(demo, case.id, "agreement")
            continue
        pdf = documents.make_document(demo, case.id, "agreement")
        assert pdf.startswith(b"%PDF-") and "Part 1" in text_of(pdf)
        made += 1
    assert made >= 1


def test_missing_lists_each_thing_with_where_to_go(demo):
    tom = case_named(demo, "Tom Brennan")
    lacking = agreement.missing(demo, tom)
    assert [(m.stage, m.field_path) for m in lacking] == [("costing", "proposal")]


def test_the_pack_holds_the_four_parts_and_the_accepted_proposal_s_exact_figures(demo, priya, pack):
    text = flat(text_of(pack))
    for title in ("Part 1: The Individual Service Fund agreement", "Part 2: The individual support agreement",
                  "Part 3: What we promise to do", "Part 4: What Priya promises to do"):
        assert title in text
    proposal = next(p for p in costing.list_proposals(demo, priya) if p.status == "accepted")
    quote = proposal.price()
    pct = quote.percentages
    for figure in (f"£{quote.first_year_total:,}", f"£{quote.weekly_ongoing_total:,}", f"£{quote.contingency:,}",
                   f"£{quote.first_year_charges.total:,}", f"{pct.central + pct.regional + pct.surplus}%"):
        assert figure in text, figure
    assert f"proposal number {proposal.number}" in text
    assert "Anita Sharma, the nominated person" in text and "48 Emm Lane, Bradford" in text
    # how Priya wants to be supported, from her support plan
    plan = demo.load_case(priya).sections["support_plan"].data
    assert flat(plan["how_to_support_me_well"][0]["text"])[:40] in text


def test_no_guidance_note_is_printed_but_the_advisor_sees_them(demo, priya, pack):
    text = flat(text_of(pack))
    notes = [c["guidance"] for p in builder.wording()["parts"] for c in p["clauses"] if c.get("guidance")]
    assert notes
    for note in notes:
        assert flat(note)[:30] not in text
    view = builder.advisor_view(documents.document_input(demo, demo.load_case(priya)))
    assert [p.id for p in view] == ["isf", "support", "provider", "person"]
    assert sum(1 for p in view for c in p.clauses if c.guidance) == len(notes)
    assert "{" not in text and "}" not in text  # every placeholder filled


def test_easy_read_bookmarks_and_empty_signature_fields(pack, tmp_path):
    assert min(font_sizes(pack)) >= 14
    titles = [t for _, t in outline(pack)]
    assert any("Individual Service Fund" in t for t in titles) and "Signing the agreement" in titles
    assert signature_fields(pack) == [("person", False), ("nominated_person", False), ("advisor", False),
                                      ("office", False)]
    assert qpdf_check(pack, tmp_path).returncode == 0


def test_the_same_case_makes_the_same_bytes(demo, priya, pack):
    time.sleep(1.1)  # no clock time may reach the bytes (pyHanko would stamp /ModDate)
    assert agreement.make_pack(demo, priya, made_on=dt.date(2026, 11, 20)) == pack


# ---- the signed agreement -------------------------------------------------------------------------


def test_the_signed_agreement_verifies(signed, ca):
    report = verify_pdf(signed, ca)
    assert report.ok, report.problems
    assert [(c.field, c.signer_name) for c in report.signatures] == [
        ("nominated_person", "Anita Sharma"), ("advisor", ADVISOR)]
    assert all(c.intact and c.valid and c.trusted for c in report.signatures)
    assert report.signatures[-1].covers_whole_file
    assert dict(signature_fields(signed))["office"] is False  # left for the countersignature


def test_the_evidence_is_embedded_and_signed(demo, priya, signed):
    files = evidence_files(signed)
    assert set(files) == {"signature-evidence-nominated_person.json", "signature-evidence-advisor.json"}
    anita = SignatureEvidence.model_validate_json(files["signature-evidence-nominated_person.json"])
    assert anita.role == SignerRole.NOMINATED_PERSON and anita.authority == Authority.OTHER
    assert anita.device_id == demo.store.device_id and len(anita.strokes) == 2
    version = agreement.versions(demo, priya)[-1]
    assert anita.document_sha256 == version.sha256  # the bytes Anita was shown


def test_pdfsig_says_the_signatures_are_valid_and_qpdf_is_clean(signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    assert result.stdout.count("Signature Validation: Signature is Valid.") == 2, result.stdout
    assert "Total document signed" in result.stdout
    assert qpdf_check(signed, tmp_path).returncode == 0


def test_the_cli_says_intact(signed, ca, tmp_path, capsys):
    (tmp_path / "a.pdf").write_bytes(signed)
    (tmp_path / "ca.pem").write_bytes(ca)
    assert verify_cli.run(tmp_path / "a.pdf", tmp_path / "ca.pem") == 0
    out = capsys.readouterr().out
    assert "Anita Sharma" in out and "covers the whole file" in out and "Verdict: intact" in out


def _flipped(pdf: bytes) -> bytes:
    """One byte changed inside the signed text of a page (not in the signature itself)."""
    at = pdf.index(b"stream", 2000) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]


def _annotated(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    annot = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Text"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 50, 80, 80)]),
        generic.NameObject("/Contents"): generic.TextStringObject("changed after signing")}))
    page[generic.NameObject("/Annots")] = generic.ArrayObject([annot])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_evidence_added(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    name = "signature-evidence-office.json"
    embed_file(writer, FileSpec(file_spec_string=name, file_name=name,
                                embedded_data=EmbeddedFileObject.from_file_data(writer, data=b'{"forged": true}')))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("tamper", [_flipped, _annotated, _with_evidence_added],
                         ids=["flipped byte", "appended annotation", "evidence added after signing"])
def test_tampering_after_signing_is_caught(signed, ca, tmp_path, capsys, tamper):
    changed = tamper(signed)
    assert changed != signed
    report = verify_pdf(changed, ca)
    assert not report.ok and report.problems
    (tmp_path / "t.pdf").write_bytes(changed)
    (tmp_path / "ca.pem").write_bytes(ca)
    assert verify_cli.run(tmp_path / "t.pdf", tmp_path / "ca.pem") == 1
    assert "TAMPERED" in capsys.readouterr().out


def test_another_ca_is_not_trusted(signed, tmp_path):
    from advisor_app.signing.device_identity import make_identity

    other, _key = make_identity("someone-else", "Not us")
    report = verify_pdf(signed, other.ca_cert_pem)
    assert not report.ok and all(not c.trusted for c in report.signatures)


def test_an_unsigned_or_broken_file_fails(pack, tmp_path):
    assert not verify_pdf(pack).ok
    assert not verify_pdf(b"%PDF-1.4 nonsense").ok
    (tmp_path / "x.pdf").write_bytes(b"not a pdf")
    assert verify_cli.run(tmp_path / "x.pdf", None) == 1
    assert verify_cli.run(tmp_path / "missing.pdf", None) == 1


def test_the_signed_pages_look_right(signed, tmp_path):
    """The drawn signatures are in the boxes (checked by eye too: pdftoppm -png -r 60)."""
    assert shutil.which("pdftoppm")
    result = run("pdftoppm", "-png", "-r", "30", "-", str(tmp_path / "p"), data=signed)
    assert result.returncode == 0
    assert len(list(tmp_path.glob("p-*.png"))) >= 5
