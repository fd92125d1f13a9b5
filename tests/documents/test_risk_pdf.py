"""The risk and opportunity assessment as a PDF laid out like the paper form: every section in the
form's order, the person's words intact, the severities in words on their colours, the 5 x 5
matrix with the residual risk marked, the manager's decision read from its own record; one PDF
per assessment, stored encrypted and versioned, and made headlessly by ``documents --kind risk``."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from advisor_app.cli import documents as documents_cli
from advisor_app.documents import risk as risk_pdf
from advisor_app.documents.common import DocumentInput
from advisor_app.domain.provider import ProviderProfile
from advisor_app.services import AdvisorService
from advisor_app.services import documents as docs
from advisor_app.services import risk
from tests.documents import case_data
from tests.documents.case_data import MADE_ON
from tests.documents.conftest import (
    PASS,
    flat,
    font_sizes,
    info,
    outline,
    page_count,
    qpdf_check,
    reader,
    run,
    text_of,
)
from tests.domain.risk_examples import data as complete_form

UTC = dt.timezone.utc
SENT = dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
DECIDED = dt.datetime(2026, 3, 4, 11, 0, tzinfo=UTC)

# Her words, with the characters that break careless PDF code: quotes, &, <, £ and accents.
SHE_SAYS = "Bus on my own — like my friends! “Just in case” I keep £5 & my card <3"
SECTIONS = [
    "1. What the risk is, and who might be harmed", "2. Important to and important for", "3. The 4+1 questions",
    "4. Capacity and who decided", "5. Deprivation of liberty", "6. The consequences of doing nothing",
    "7. Triggers", "8. Support measures", "9. The residual risk", "10. Monitoring and success", "11. Reviews",
    "12. Assessors", "13. Instructions to staff", "14. Completed by and next review", "15. Consultation",
    "16. The manager’s decision",
]
BAND_COLOURS = {"low": (0x2E, 0x7D, 0x32), "moderate": (0xFB, 0xC0, 0x2D), "high": (0xF5, 0x7C, 0x00),
                "very_high": (0xC6, 0x28, 0x28)}


def layout_text(pdf: bytes) -> str:
    result = run("pdftotext", "-layout", "-enc", "UTF-8", "-", "-", data=pdf)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8")


def _pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.convert("RGB").tobytes()
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]


def _full_form() -> dict:
    form = complete_form(deprivation_of_liberty=True)
    form["capacity"] = {**form["capacity"], "in_their_words": SHE_SAYS,
                        "notes": "Talked it through with her picture board and Jo Marsh, her advocate."}
    form["doing_nothing"]["community"]["rating"] = {"likelihood": "almost_certain", "impact": "severe"}
    form["doing_nothing"]["provider"]["rating"] = {"likelihood": "rare", "impact": "minor"}
    form["important_to"] = ["Choosing my own clothes", "Café Rosé on Saturdays"]
    return form


@pytest.fixture(scope="module")
def case(priya):
    """Priya's case with three assessments: complete and approved, a bare draft, and one not approved."""
    service, case_id = priya
    full = risk.new_assessment(service, case_id, "activity")
    assert risk.save_assessment(service, case_id, full, _full_form()).ok
    assert risk.send_for_decision(service, full, now=SENT).ok
    assert risk.record_decision(service, full, {
        "decision": "approved_with_conditions", "conditions": "Staff follow on the next bus for two weeks.",
        "manager_name": "Maria Lopez", "author_id": "m-1", "decided_at": DECIDED.isoformat(),
        "signature_id": "sig-m", "signed_on": "2026-03-04"}).ok
    draft = risk.new_assessment(service, case_id, "decision")
    refused = risk.new_assessment(service, case_id, "activity")
    assert risk.save_assessment(service, case_id, refused, complete_form(
        title="Using the oven at the café", capacity={"has_capacity": "no"}, deprivation_of_liberty=False)).ok
    assert risk.send_for_decision(service, refused, now=SENT).ok
    assert risk.record_decision(service, refused, {
        "decision": "not_approved", "notes": "Not yet: the café's burns training first, then send it again.",
        "manager_name": "Maria Lopez", "author_id": "m-1", "decided_at": DECIDED.isoformat()}).ok
    return service, case_id, {"full": full, "draft": draft, "refused": refused}


@pytest.fixture(scope="module")
def built(case) -> dict[str, bytes]:
    service, case_id, ids = case
    return {name: docs.make_document(service, case_id, "risk", made_on=MADE_ON, part=assessment_id)
            for name, assessment_id in ids.items()}


def test_every_section_of_the_form_is_there_in_order_and_bookmarked(built) -> None:
    for pdf in built.values():
        text = flat(text_of(pdf))
        positions = [text.find(heading) for heading in SECTIONS]
        assert -1 not in positions, [h for h, p in zip(SECTIONS, positions) if p == -1]
        assert positions == sorted(positions)
        titles = [title for _, title in outline(pdf)]
        assert titles[0] == "Risk and opportunity assessment" and titles[1:] == SECTIONS


def test_the_form_s_header_reference_date_and_subject(case, built) -> None:
    service, case_id, ids = case
    text = flat(text_of(built["full"], 1))
    reference = service.store.get("risk_assessment", ids["full"]).data["reference"]
    case_reference = service.load_case(case_id).header.reference
    for words in (f"Reference {reference}", "Date of assessment 1 March 2026", "Person Priya Sharma",
                  f"Case {case_reference}", "☒ An activity ☐ A decision", "About Travelling to work by bus alone",
                  "It serves An outcome in the support plan: Get to work on my own",
                  "Status Approved, next review by 4 March 2027",
                  "We take positive risks: safety matters, but it must not cost people a real life."):
        assert words in text, words
    assert "☐ An activity ☒ A decision" in flat(text_of(built["draft"], 1))


def test_every_field_of_a_complete_form_is_printed(built) -> None:
    text = flat(text_of(built["full"]))
    form = _full_form()
    expected = [
        form["risk_description"], *form["risks_identified"], "☒ The person ☐ Staff ☐ Contractors ☒ The public",
        "Important to Priya Important for Priya", "Choosing my own clothes", "Being safe near roads",
        "What have we tried? Travelling together twice a week.", "What have we learned?",
        "What are we pleased about?", "What are we concerned about?", "Given what we know, what next?",
        *form["four_plus_one"].values(),
        "☒ Yes, the person has capacity for this decision", "What Priya decided The person decided to go ahead",
        "Talked it through with her picture board and Jo Marsh, her advocate.",
        "Who decided The person decided to go ahead. They have capacity for this decision.",
        "Does this amount to a deprivation of liberty? ☒ Yes ☐ No",
        "For Impact Opportunity lost Severity", "Friends and family", "The community", "The provider",
        "Sam stays dependent on lifts.", "Independence at work.",
        "☒ The benefit outweighs the risk", "It is an important personal goal for Priya: ☒ Yes ☐ No",
        *form["triggers"], "Keyworker Practise what to do if the bus is late. Training 1 April 2026",
        "Small chance of a missed stop.", form["monitoring"], form["success_looks_like"],
        "Jo Patel Keyworker (keyworker) Signed in the app 1 March 2026", "Alex Brown Support advisor",
        form["instructions_to_staff"], "Completed by Next review date Alex Brown 4 March 2027",
        "Area manager", "A member of the care team", "Care manager ☐ Yes ☒ No",
    ]
    missing = [words for words in expected if words not in text]
    assert not missing, missing
    # The consultation table, row by row as it is laid out on the page.
    rows = [" ".join(line.split()) for line in layout_text(built["full"]).splitlines()]
    assert "The individual ☒ Yes ☐ No 20 February ☒ Yes ☐ No" in rows  # the year on the line below
    assert "Family ☒ Yes ☐ No 21 February ☐ Yes ☒ No" in rows
    assert "Sam 2026" in rows and "Mrs Ahmed 2026" in rows  # the names under who they are


def test_the_person_s_own_words_are_kept_exactly(built) -> None:
    text = flat(text_of(built["full"]))
    assert f"“{SHE_SAYS}” — Priya" in text
    assert "Café Rosé on Saturdays" in text


def test_severities_are_in_words_with_their_scores_and_the_matrix_is_explained(built) -> None:
    text = flat(text_of(built["full"]))
    assert "High risk (12) Likely, moderate" in text  # the person, doing nothing
    assert "Very high risk (25) Almost certain, severe" in text
    assert "Low risk (2) Rare, minor" in text
    assert "Moderate risk: Unlikely × Minor, score 4 of 25" in text  # the residual risk
    assert "Go ahead, with support measures that everyone involved knows about." in text
    assert ("The residual risk is marked ●: Unlikely × Minor, score 4, Moderate risk.") in text
    assert "Likelihood" in text and "Impact →" in text
    for words in ("Almost certain", "Insignificant", "Severe", "Low risk Scores 1 to 3", "Moderate risk Scores 4 to 6",
                  "High risk Scores 8 to 12", "Very high risk Scores 15 to 25"):
        assert words in text, words


def test_the_matrix_is_drawn_in_the_band_colours_with_the_residual_cell_marked(built, tmp_path) -> None:
    pdf = built["full"]
    page = next(n for n in range(1, page_count(pdf) + 1) if "Impact →" in text_of(pdf, n))
    source = tmp_path / "risk.pdf"
    source.write_bytes(pdf)
    result = run("pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), str(source), str(tmp_path / "m"))
    assert result.returncode == 0, result.stderr
    image = Image.open(next(tmp_path.glob("m-*.png"))).convert("RGB")
    counts = {band: 0 for band in BAND_COLOURS}
    cells: list[tuple[int, int]] = []
    width = image.width
    for i, pixel in enumerate(_pixels(image)):
        for band, colour in BAND_COLOURS.items():
            if all(abs(a - b) <= 6 for a, b in zip(pixel, colour)):
                counts[band] += 1
                cells.append((i % width, i // width))
    assert all(n > 300 for n in counts.values()), counts  # each band fills cells of the matrix
    # The residual risk's cell is marked with a dark disc and frame, inside the matrix.
    left, right = min(x for x, _ in cells), max(x for x, _ in cells)
    top, bottom = min(y for _, y in cells), max(y for _, y in cells)
    matrix = image.crop((left, top, right, bottom))
    ink = sum(1 for r, g, b in _pixels(matrix) if max(r, g, b) < 60 and max(r, g, b) - min(r, g, b) < 8)
    assert ink > 150, ink


def test_deprivation_of_liberty_guidance_only_when_the_answer_is_yes(built) -> None:
    yes, no = flat(text_of(built["full"])), flat(text_of(built["refused"]))
    assert "This may amount to a deprivation of liberty. Follow the separate guidance below" in yes
    assert "Deprivation of liberty: what to do next" in yes
    assert "Court of Protection" in yes
    assert "Does this amount to a deprivation of liberty? ☐ Yes ☒ No" in no
    assert "what to do next" not in no


def test_the_manager_s_decision_comes_from_its_own_record(built) -> None:
    approved = flat(text_of(built["full"]))
    assert "Approved with conditions Conditions: Staff follow on the next bus for two weeks." in approved
    assert "Maria Lopez Approved with conditions Signed in the app 4 March 2026" in approved
    refused = flat(text_of(built["refused"]))
    assert "Not approved Not yet: the café's burns training first, then send it again." in refused
    assert "☒ No, the person does not have capacity for this decision" in refused
    draft = flat(text_of(built["draft"]))
    assert "Awaiting the manager's decision. Not sent to the manager yet." in draft


def test_a_bare_draft_shows_every_field_blank_to_fill_in(built) -> None:
    text = flat(text_of(built["draft"]))
    assert text.count("Not written yet.") >= 12
    assert "The residual risk has not been rated yet." in text
    assert "not rated yet, so no cell is marked" in text
    assert "12 months after the manager’s approval, or sooner if health or circumstances change" in text
    assert "Choosing my own clothes" in text  # prefilled from the picture
    assert "Taking her epilepsy medicine at 8 in the morning and 8 at night" in text
    for n in range(1, 5):
        assert f"{n} ☐ Yes ☐ No" in text  # four review rows to fill in
    assert not re.search(r"\bNone\b|\bnull\b|\{|\}|TODO", text)


def test_valid_pdf_with_metadata_and_a_readable_working_form(built, tmp_path) -> None:
    for pdf in built.values():
        result = qpdf_check(pdf, tmp_path)
        assert result.returncode == 0 and b"No syntax or stream encoding errors" in result.stdout, result.stdout
        meta = info(pdf)
        assert meta["Title"] == "Risk and opportunity assessment"
        assert meta["Subject"].startswith("Risk and opportunity assessment RA-")
        assert meta["Author"] == "Northern Lights Support" and meta["Creator"] == "advisor-app"
        assert str(reader(pdf).root["/Lang"]) == "en-GB"
        sizes = font_sizes(pdf)
        assert min(sizes) >= 12 and 14 in sizes  # 12 pt table cells, a 14 pt body


def test_every_page_is_furnished_and_renders_for_a_person_to_look_at(built, tmp_path) -> None:
    """PNGs of every page; kept in $ADVISOR_APP_DOC_PNGS when set, for a person to look at."""
    folder = Path(os.environ.get("ADVISOR_APP_DOC_PNGS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, pdf in built.items():
        total = page_count(pdf)
        for page in range(1, total + 1):
            text = text_of(pdf, page)
            assert "Northern Lights Support" in text and f"Page {page} of {total}" in text
            assert "RA-" in text and "Priya Sharma" in text  # a loose page says whose it is
        source = tmp_path / f"risk-{name}.pdf"
        source.write_bytes(pdf)
        assert run("pdftoppm", "-png", "-r", "60", str(source), str(folder / f"risk-{name}")).returncode == 0
        pngs = sorted(folder.glob(f"risk-{name}-*.png"))
        assert len(pngs) == total
        for png in pngs:
            assert Image.open(png).convert("L").getextrema()[0] < 128


def test_same_assessment_same_day_same_bytes(case, built) -> None:
    service, case_id, ids = case
    assert docs.make_document(service, case_id, "risk", made_on=MADE_ON, part=ids["full"]) == built["full"]


def test_the_builder_works_from_plain_dicts_without_a_store() -> None:
    provider = ProviderProfile(name="Test Provider")
    pdf = risk_pdf.build(DocumentInput(sections={risk_pdf.ASSESSMENT_KEY: complete_form()}, provider=provider,
                                       made_on=MADE_ON))
    text = flat(text_of(pdf))
    assert "Awaiting the manager's decision." in text and "Travelling to work by bus alone" in text


# ---- one PDF per assessment, stored and versioned --------------------------------------------------


def test_a_kind_with_several_documents_asks_which_one(case) -> None:
    service, case_id, ids = case
    parts = docs.document_parts(service, case_id, "risk")
    assert [p.id for p in parts] == [ids["full"], ids["draft"], ids["refused"]]  # in reference order
    assert parts[0].title.endswith(": Travelling to work by bus alone")
    with pytest.raises(docs.DocumentError, match=r"Say which one to make: RA-\d{4}-\d{4}, "):
        docs.make_document(service, case_id, "risk", made_on=MADE_ON)
    assert docs.document_parts(service, case_id, "support-plan") is None
    with pytest.raises(docs.DocumentError):
        docs.make_document(service, case_id, "support-plan", made_on=MADE_ON, part=ids["full"])


def test_a_case_without_assessments_is_told_plainly(fresh) -> None:
    service, case_id = fresh
    with pytest.raises(docs.DocumentNotReady, match="Start a risk and opportunity assessment first."):
        docs.make_document(service, case_id, "risk", made_on=MADE_ON)
    assert dict((k.id, reason) for k, reason in docs.readiness(service.load_case(case_id)))["risk"]


def test_each_assessment_is_stored_encrypted_and_versioned_on_its_own(fresh) -> None:
    service, case_id = fresh
    first, second = risk.new_assessment(service, case_id), risk.new_assessment(service, case_id)
    saved = {}
    for assessment_id in (first, second):
        pdf = docs.make_document(service, case_id, "risk", made_on=MADE_ON, part=assessment_id)
        saved[assessment_id] = docs.save_document(service, case_id, "risk", pdf, part=assessment_id)
    again = docs.save_document(service, case_id, "risk", docs.make_document(
        service, case_id, "risk", made_on=MADE_ON, part=first), part=first)
    assert again.sha256 == saved[first].sha256  # the same bytes: the same stored version
    assert risk.save_assessment(service, case_id, first, {"title": "Cooking tea on my own"}).ok
    changed = docs.save_document(service, case_id, "risk", docs.make_document(
        service, case_id, "risk", made_on=MADE_ON, part=first), part=first)
    records = docs.list_documents(service, case_id)
    assert [(r.meta["part"], r.meta["part_version"]) for r in records] == [(first, 1), (second, 1), (first, 2)]
    assert changed.title.startswith("Risk and opportunity assessment RA-") and "Cooking tea on my own" in changed.title
    reference = service.load_case(case_id).header.reference
    label = service.store.get("risk_assessment", first).data["reference"]
    assert docs.record_file_name(changed) == f"{reference}-risk-{label}-v2.pdf"
    service.store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    on_disk = b"".join(p.read_bytes() for p in service.store.directory.rglob("*") if p.is_file())
    assert b"%PDF-1.4" not in on_disk and b"Cooking tea on my own" not in on_disk


def test_the_documents_command_makes_every_assessment_of_a_case_headlessly(tmp_path) -> None:
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name="Jess Moreno")
    case_id = case_data.fill(service)
    ids = [risk.new_assessment(service, case_id), risk.new_assessment(service, case_id, "decision")]
    refs = [service.store.get("risk_assessment", i).data["reference"] for i in ids]
    reference = service.load_case(case_id).header.reference
    service.lock()

    def documents(out: Path) -> tuple[int, str, str]:
        stdout, stderr = io.StringIO(), io.StringIO()
        code = documents_cli.run(tmp_path / "store", PASS, reference, out, "risk", made_on=MADE_ON,
                                 stdout=stdout, stderr=stderr)
        return code, stdout.getvalue(), stderr.getvalue()

    code, out, err = documents(tmp_path / "out")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{reference}-risk-{r}-v1.pdf" for r in refs]
    assert out.count("Wrote ") == 2
    for r in refs:
        pdf = (tmp_path / "out" / f"{reference}-risk-{r}-v1.pdf").read_bytes()
        assert r in text_of(pdf, 1)
    assert documents(tmp_path / "again")[0] == 0  # the same day again: the same stored versions
    service = AdvisorService.unlock(tmp_path / "store", PASS)
    try:
        assert [(r.kind, r.meta["part_label"], r.meta["part_version"]) for r in docs.list_documents(service, case_id)
                if r.kind == "risk"] == [("risk", refs[0], 1), ("risk", refs[1], 1)]
    finally:
        service.lock()
