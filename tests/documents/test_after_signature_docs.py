"""The documents after the signature, made from the demo's Leah Moss (handed over, reviewed, with a
year's budget statement): each one's words checked, easy-read type, valid PDFs with metadata, and
every page rendered (kept in $ADVISOR_APP_DOC_PNGS when set, for a person to look at)."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from advisor_app.demo import case_named, fill_demo
from advisor_app.domain.proposals import pounds
from advisor_app.services import AdvisorService, reviews, statements
from advisor_app.services import documents as docs
from tests.documents.conftest import PASS, flat, font_sizes, info, outline, page_count, qpdf_check, run, text_of

MADE_ON = dt.date(2026, 12, 6)
KINDS = ("handover", "job-description", "person-specification", "interview-questions", "review",
         "budget-statement")


@pytest.fixture(scope="module")
def leah(private_dirs):
    service = AdvisorService.create(private_dirs / "store", PASS, advisor_name="Jess Demo")
    fill_demo(service)
    yield service, case_named(service, "Leah Moss")
    service.lock()


@pytest.fixture(scope="module")
def built(leah) -> dict[str, bytes]:
    service, case = leah
    return {kind: docs.make_document(service, case, kind, made_on=MADE_ON) for kind in KINDS}


def words(pdf: bytes) -> str:
    return flat(text_of(pdf)).replace("\u2019", "'")


@pytest.mark.parametrize("kind", KINDS)
def test_valid_pdf_with_metadata_and_easy_read_type(built, kind, tmp_path) -> None:
    pdf = built[kind]
    result = qpdf_check(pdf, tmp_path)
    assert result.returncode == 0 and b"No syntax or stream encoding errors" in result.stdout, result.stdout
    meta = info(pdf)
    assert meta["Author"] == "Northern Lights Support" and meta["Creator"] == "advisor-app"
    assert meta["Title"] and meta["Subject"]
    assert outline(pdf)  # bookmarks for every heading
    assert min(font_sizes(pdf)) >= 14
    assert "Not written yet" not in text_of(pdf)  # the demo case has every part filled in


@pytest.mark.parametrize("kind", KINDS)
def test_same_case_same_day_same_bytes(leah, built, kind) -> None:
    service, case = leah
    assert docs.make_document(service, case, kind, made_on=MADE_ON) == built[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_renders_with_its_header_and_number(built, kind, tmp_path) -> None:
    pdf = built[kind]
    total = page_count(pdf)
    folder = Path(os.environ.get("ADVISOR_APP_DOC_PNGS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"{kind}.pdf"
    source.write_bytes(pdf)
    assert run("pdftoppm", "-png", "-r", "60", str(source), str(folder / kind)).returncode == 0
    pngs = sorted(folder.glob(f"{kind}-*.png"))
    assert len(pngs) == total
    for page, png in enumerate(pngs, start=1):
        assert f"Page {page} of {total}" in text_of(pdf, page)
        image = Image.open(png).convert("L")
        assert image.crop((0, image.height // 10, image.width, image.height * 9 // 10)).getextrema()[0] < 128


def test_the_handover_pack_has_everything_the_manager_takes_over(built) -> None:
    text = words(built["handover"])
    assert "Jess Demo hands Leah's support over to Sam Okafor (Service manager)" in text
    assert "Jess Demo stays Leah's named contact after the handover." in text
    for part in ("What is still open", "About Leah: the one-page profile", "The people and their contacts",
                 "The goals in the support plan", "How Leah makes decisions", "How Leah communicates",
                 "Risk and opportunity assessments", "The agreement", "The start plan", "Recruitment"):
        assert part in text, part
    assert "Graham Moss (Dad)" in text and "01274 496 0618" in text
    assert "Swimming with staff on the side, not in the water" in text and "Approved" in text
    assert "Signed by: Nominated person, Support advisor" in text
    assert "Nothing is still open." in text  # every task of the start plan was done
    assert "Leah Moss (The person)" not in text


def test_the_job_description_and_person_specification_use_leahs_words_and_her_week(built) -> None:
    job = words(built["job-description"])
    assert "Support worker for Leah" in job and "Job description" in job
    assert "“Swim 20 lengths without stopping.” — Leah" in job
    assert "Monday: 5 hours in the daytime" in job and "Thursday: 3 hours in the evening" in job
    assert "That is about 17 hours a week." in job
    assert "Northern Lights Support employs you. Leah and the family choose who gets the job with us." in job
    spec = words(built["person-specification"])
    assert "“Cheerful and calm.” — Leah" in spec and "“Can swim well.” — Leah" in spec
    assert "We lead it and make the decision; the provider employs." in spec


def test_the_interview_questions_have_a_scoring_sheet_and_the_decision(built) -> None:
    text = words(built["interview-questions"])
    assert "Leah wants someone who is “Cheerful and calm”. Tell us about a time you were." in text
    assert "Leah Moss (The person)" in text and "Graham Moss (Family or circle)" in text
    assert "Amy Clarke" in text and "Dev Mistry" in text and "Total (most 12)" in text
    assert "Offered the job: Amy Clarke" in text and "Who decided: The person" in text


def test_the_review_follows_appendix_7(built) -> None:
    text = words(built["review"])
    for part in ("Who came", "What is working", "What is not working", "What is important to Leah now",
                 "What is important to Leah in the future", "Questions we need to answer",
                 "How the goals are going", "What happens next", "The money"):
        assert part in text, part
    assert re.search(r"These people could not come, and sent their views: \W* Tariq Aziz", text)
    assert "“Swimming with Amy. I am faster.” — Leah" in text
    assert "How it is going: Achieved" in text
    assert "Ask the library about volunteering on Saturdays" in text


def test_the_budget_statement_adds_up_to_the_penny_as_printed(leah, built) -> None:
    service, case = leah
    statement = statements.load_statement(service, statements.list_statements(service, case)[0].id)
    figures = statement.figures
    text = words(built["budget-statement"])
    assert f"Planned: {pounds(figures.planned_total)}" in text and f"Spent: {pounds(figures.actual_total)}" in text
    assert f"That is {pounds(figures.difference)} under the plan." in text
    # The "Adding it up" table: every line's planned and spent figures, read back from the page,
    # add up to the totals printed under them.
    table = text[text.index("Adding it up"):]
    amounts = [Decimal(a.replace(",", "")) for a in re.findall(r"£([\d,]+\.\d\d)", table)]
    rows = len(figures.lines) + 1 + (1 if figures.other_expenses else 0)
    planned, spent = amounts[0:2 * rows:2], amounts[1:2 * rows:2]
    assert sum(planned) == amounts[2 * rows] == figures.planned_total
    assert sum(spent) == amounts[2 * rows + 1] == figures.actual_total
    assert "The agreement lets these hours be used later" in text
    assert "We kept £" in text and "We used £28.50." in text
    assert "Taxi home when the drama bus was cancelled" in text


def test_a_review_and_a_statement_not_made_are_told_why(tmp_path) -> None:
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name="Jess")
    try:
        case = service.create_case(first_name="Sam", last_name="Lee")
        for kind in ("review", "budget-statement", "interview-questions", "handover"):
            with pytest.raises(docs.DocumentNotReady):
                docs.make_document(service, case, kind)
        assert reviews.list_reviews(service, case) == []
    finally:
        service.lock()
