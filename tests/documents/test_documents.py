"""The three documents, built from a real case in a real store and read back as text: every
section there, everyone's words intact, no placeholder text, valid PDF, the look kept."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from advisor_app.documents import expression_of_interest, one_page_profile, support_plan
from advisor_app.documents.common import DocumentInput
from advisor_app.domain.provider import ProviderProfile
from advisor_app.services import AdvisorService
from advisor_app.services import documents as docs
from tests.documents import case_data
from tests.documents.case_data import MADE_ON, PRIYA_SAYS
from tests.documents.conftest import (
    ADVISOR,
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

KINDS = ("expression-of-interest", "one-page-profile", "support-plan")
PLACEHOLDERS = re.compile(r"\bNone\b|\[\]|\{|\}|TODO|FIXME|XXX|\bnull\b|\bnan\b|Not recorded|lorem", re.I)

HEADINGS = {
    "expression-of-interest": ["Expression of interest", "Who we are", "What you asked for", "The people involved",
                               "Money for support", "What we can offer next", "Next steps", "How to contact us"],
    "one-page-profile": ["Priya’s one-page profile", "What people like and admire about me",
                         "What is important to me", "How best to support me"],
    "support-plan": ["Priya’s support plan", "What I want to achieve", "My week", "How to support me well",
                     "What I want in the people who support me", "What matters to me day to day",
                     "How to contact us"],
}


@pytest.fixture(scope="module")
def built(priya) -> dict[str, bytes]:
    service, case_id = priya
    return {kind: docs.make_document(service, case_id, kind, made_on=MADE_ON) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_every_section_is_there_in_order_and_bookmarked(built, kind) -> None:
    text = flat(text_of(built[kind]))
    positions = [text.find(heading) for heading in HEADINGS[kind]]
    assert -1 not in positions, [h for h, p in zip(HEADINGS[kind], positions) if p == -1]
    assert positions == sorted(positions)
    titles = [title for _, title in outline(built[kind])]
    for heading in HEADINGS[kind]:
        assert heading in titles


@pytest.mark.parametrize("kind", KINDS)
def test_no_placeholder_text(built, kind) -> None:
    text = text_of(built[kind])
    assert not PLACEHOLDERS.search(text), PLACEHOLDERS.search(text)
    assert "Not written yet" not in text  # every section of Priya's case is filled in


@pytest.mark.parametrize("kind", KINDS)
def test_valid_pdf_with_metadata_and_easy_read_type(built, kind, tmp_path) -> None:
    pdf = built[kind]
    result = qpdf_check(pdf, tmp_path)
    assert result.returncode == 0 and b"No syntax or stream encoding errors" in result.stdout, result.stdout
    meta = info(pdf)
    assert meta["Title"] == HEADINGS[kind][0]
    assert meta["Author"] == "Northern Lights Support"
    assert meta["Creator"] == "advisor-app"
    assert meta["Subject"]
    assert str(reader(pdf).root["/Lang"]) == "en-GB"
    assert min(font_sizes(pdf)) >= 14


@pytest.mark.parametrize("kind", KINDS)
def test_same_case_same_day_same_bytes(priya, built, kind) -> None:
    service, case_id = priya
    assert docs.make_document(service, case_id, kind, made_on=MADE_ON) == built[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_has_the_header_and_its_page_number(built, kind) -> None:
    pdf = built[kind]
    total = page_count(pdf)
    for page in range(1, total + 1):
        text = text_of(pdf, page)
        assert "Northern Lights Support" in text
        assert f"Page {page} of {total}" in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_pages_render_and_can_be_looked_at(built, kind, tmp_path) -> None:
    """PNGs of every page; kept in $ADVISOR_APP_DOC_PNGS when set, for a person to look at."""
    folder = Path(os.environ.get("ADVISOR_APP_DOC_PNGS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"{kind}.pdf"
    source.write_bytes(built[kind])
    result = run("pdftoppm", "-png", "-r", "60", str(source), str(folder / kind))
    assert result.returncode == 0, result.stderr
    pngs = sorted(folder.glob(f"{kind}-*.png"))
    assert len(pngs) == page_count(built[kind])
    for png in pngs:
        image = Image.open(png).convert("L")
        width, height = image.size
        header = image.crop((0, 0, width, height // 10))
        body = image.crop((0, height // 10, width, height * 9 // 10))
        assert header.getextrema()[0] < 128 and body.getextrema()[0] < 128  # ink in both


# ---- the expression of interest ---------------------------------------------------------------


def test_expression_of_interest_says_what_they_asked_for_in_their_words(built) -> None:
    text = flat(text_of(built["expression-of-interest"]))
    assert f"“{case_data.ENQUIRY['looking_for']}” — Adeel Rashid, Heaton Park College" in text
    assert "Adeel Rashid got in touch with us on 3 November 2025." in text
    assert "For Priya Sharma" in text and "Made on 14 March 2026" in text


def test_expression_of_interest_names_who_decides_and_the_money(built) -> None:
    text = flat(text_of(built["expression-of-interest"]))
    assert "Anita Sharma (Mum). Anita is the nominated person." in text
    assert "Anita decides about the money. Anita decides about the agreement." in text
    assert "Jo Marsh (Independent advocate). Jo is an advocate." in text
    assert "Personal budget as a direct payment: £612.50 a week. Anita Sharma manages this money." in text
    assert "That is about £31,850.00 a year in total." in text


def test_expression_of_interest_is_honest_and_says_what_happens_next(built) -> None:
    text = flat(text_of(built["expression-of-interest"]))
    assert "Nursing care at night. We told you about Airedale Community Nursing Partnership." in text
    assert "It is not a contract." in text
    assert "5. You decide. Nothing is agreed until you sign an agreement." in text
    assert f"Your support advisor is {ADVISOR}." in text
    assert "Phone: 0113 496 0500" in text
    assert text.count("Personal care and support:") == 1  # chosen twice, offered once


# ---- the one-page profile ---------------------------------------------------------------------


def test_one_page_profile_keeps_the_words_and_whose_words_they_are(built) -> None:
    text = flat(text_of(built["one-page-profile"]))
    for entry in case_data.ONE_PAGE_PROFILE["important_to"][:-1]:
        assert f"“{entry['text']}” — Priya" in text
    assert "“Priya has the best laugh in the house.” — Kiran Sharma (Brother)" in text
    assert "“Brilliant at baking. Her cardamom biscuits are famous.” — Staff" in text
    assert f"“{PRIYA_SAYS['respect']}” — Priya" in text
    assert f"“{PRIYA_SAYS['mum']}” — Priya" in text  # & and <3 intact
    # whose words were not recorded: shown plainly, not quoted, no attribution
    assert "Having her own money to spend" in text
    assert "“Having her own money to spend”" not in text


# ---- the support plan -------------------------------------------------------------------------


def test_support_plan_goals_in_her_words_with_success_dates_and_support(built) -> None:
    text = flat(text_of(built["support-plan"]))
    assert f"Goal 1 “{PRIYA_SAYS['cafe']}” — Priya" in text
    assert "What success looks like: Priya has a paid Saturday job and is paid every month." in text
    assert "By when: 30 September 2026" in text
    assert "The support that helps: Personal care and support, Life skills training." in text
    assert "“See her friends on Friday nights, not just at home” — Anita Sharma (Mum)" in text
    assert "The support that helps: Personal care and support, Sleep-in." in text
    assert "Goal 5 “Learn to make my nani’s gulab jamun” — Priya" in text
    assert text.count("The support that helps:") == 4  # goal 5 has none yet: no line, no warning


def test_support_plan_timetable_is_a_week_by_time_of_day(built) -> None:
    pdf = built["support-plan"]
    raw = text_of(pdf)
    text = flat(raw)
    assert "Day Daytime 8am to 5pm Evening 5pm to 10pm Night 10pm to 8am" in text
    week = text[text.index("My week"):text.index("Support for a set time")]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert [week.find(day) for day in days] == sorted(week.find(day) for day in days)
    assert -1 not in [week.find(day) for day in days]
    assert "7.5 hours" in week and "Sleep-in" in week
    assert "(shared by 3 people)" in week
    assert "Sunday No support No support No support" in week


def test_support_plan_lists_fixed_term_and_one_off_support_under_the_week(built) -> None:
    text = flat(text_of(built["support-plan"]))
    assert ("Life skills training: 6 hours a week, for 12 weeks. The aim: Priya travels to college and the café "
            "by bus on her own.") in text
    assert "Accessible communication: until the goal is reached (about 10 weeks)." in text
    assert "Benefit review: 14 April 2026." in text
    assert "Holidays: date not set yet." in text
    assert text.index("Support for a set time") > text.index("Sunday")


def test_support_plan_how_to_support_supporters_and_day_to_day(built) -> None:
    text = flat(text_of(built["support-plan"]))
    assert "“Give me time to answer. Count to ten in your head.” — Priya" in text
    assert "What they are like • “Calm and kind” — Priya" in text
    assert "What they know or can do • “Knows Makaton, or will learn it” — Anita Sharma (Mum)" in text
    assert "Things we could enjoy together • “Bollywood films” — Priya" in text
    assert f"“{PRIYA_SAYS['money']}” — Priya" in text  # £ and curly single quotes intact


def test_support_plan_leaves_the_advisors_warnings_off_the_printed_copy(built) -> None:
    text = flat(text_of(built["support-plan"]))
    for warning in ("is not linked to any part", "does not help with any outcome", "has no support planned",
                    "Please check"):
        assert warning not in text
    assert "850" not in text  # money belongs in the quote, not the plan


# ---- what is not written yet ------------------------------------------------------------------


@pytest.fixture
def sparse(tmp_path):
    service = AdvisorService.create(tmp_path / "store", PASS)
    case_id = service.create_case(first_name="Tom", last_name="Brennan")
    yield service, case_id
    service.lock()


def test_a_required_section_with_nothing_in_it_says_not_written_yet(sparse) -> None:
    service, case_id = sparse
    assert service.save(case_id, "one_page_profile",
                        {"important_to": [{"text": "The football on Saturdays", "whose_words": "person"}]}).ok
    text = flat(text_of(docs.make_document(service, case_id, "one-page-profile", made_on=MADE_ON)))
    assert "What people like and admire about me Not written yet." in text
    assert "What is important to me • “The football on Saturdays” — Tom" in text
    assert "How best to support me Not written yet." in text
    assert not PLACEHOLDERS.search(text)


def test_a_plan_without_a_design_says_so_plainly(sparse) -> None:
    service, case_id = sparse
    assert service.save(case_id, "support_plan", {"outcomes": [{"in_my_words": "Go to every home game"}]}).ok
    text = flat(text_of(docs.make_document(service, case_id, "support-plan", made_on=MADE_ON)))
    assert "Goal 1 Go to every home game" in text  # whose words not recorded: not quoted
    assert "My week Not written yet." in text
    assert "What each part of my support is" not in text  # optional: left out
    assert not PLACEHOLDERS.search(text)


def test_an_expression_of_interest_from_the_enquiry_alone(tmp_path) -> None:
    service = AdvisorService.create(tmp_path / "store", PASS)
    try:
        case_id = service.create_case()
        assert service.save(case_id, "enquiry", {"contact_name": "Ngozi Okafor", "route": "family",
                                                 "looking_for": "Help for Amara to get out and about",
                                                 "urgency": "urgent"}).ok
        pdf = docs.make_document(service, case_id, "expression-of-interest", made_on=MADE_ON)
        text = flat(text_of(pdf))
        assert "For Ngozi Okafor" in text
        assert "“Help for Amara to get out and about” — Ngozi Okafor" in text
        assert "You told us this is urgent." in text
        assert "The people involved" not in text and "Money for support" not in text  # optional, empty
        assert "We would like to get to know you better." in text
        assert not PLACEHOLDERS.search(text)
    finally:
        service.lock()


def test_a_case_not_ready_for_a_document_is_told_why(sparse) -> None:
    service, case_id = sparse
    for kind in KINDS:
        with pytest.raises(docs.DocumentNotReady):
            docs.make_document(service, case_id, kind)
    assert service.save(case_id, "enquiry", {**case_data.ENQUIRY, "decision": "not_pursue",
                                             "decision_reason": "We do not employ nurses.",
                                             "pointed_to": "Airedale Community Nursing Partnership"}).ok
    with pytest.raises(docs.DocumentNotReady, match="cannot help"):
        docs.make_document(service, case_id, "expression-of-interest")


# ---- builders take plain data ------------------------------------------------------------------


def test_builders_work_from_plain_section_dicts_without_a_store() -> None:
    data = DocumentInput(sections=case_data.SECTIONS, provider=ProviderProfile(name="Small Steps Co-op"),
                         made_on=MADE_ON, menu=docs.component_menu())
    for builder in (expression_of_interest, one_page_profile, support_plan):
        pdf = builder.build(data)
        assert info(pdf)["Author"] == "Small Steps Co-op"
        assert "Small Steps Co-op" in text_of(pdf, 1)


def test_a_section_that_no_longer_fits_its_model_is_treated_as_not_written() -> None:
    sections = {**case_data.SECTIONS, "one_page_profile": {"like_and_admire": "not a list"}}
    data = DocumentInput(sections=sections, provider=ProviderProfile(name="Small Steps Co-op"), made_on=MADE_ON)
    text = flat(text_of(one_page_profile.build(data)))
    assert text.count("Not written yet.") == 3
