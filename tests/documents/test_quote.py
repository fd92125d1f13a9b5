"""The quote: built from Priya's priced proposal in a real store and read back as text. Every
section there, the exact figures of the quote, the terms for the fixed-price outcome, charges
and contingency stated openly, a valid PDF in easy-read type, and made headlessly by
``advisor-app documents --kind quote``."""

from __future__ import annotations

import copy
import io
import os
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from advisor_app.cli import documents as documents_cli
from advisor_app.documents import quote as quote_doc
from advisor_app.domain.proposals import pounds
from advisor_app.domain.proposals.itemised import numbered_names
from advisor_app.services import AdvisorService
from advisor_app.services import costing
from advisor_app.services import documents as docs
from tests.documents import case_data
from tests.documents.case_data import MADE_ON
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

OPTIONS = {"contingency": "500.00", "management_hours_per_year": "24",
           "functions": [{"function": "Finance team (money management)", "for_component": "care", "hours": "0.5"}]}
HEADINGS = ["Priya’s support: our offer", "What we will do", "What it costs", "Our charges, said openly",
            "The budget check", "Shared support", "If an outcome takes longer", "What happens next",
            "How to contact us"]


@pytest.fixture(autouse=True)
def quote_kind(monkeypatch):
    """The quote kind as services/documents.py will declare it (that registry is the lead's)."""
    monkeypatch.setitem(docs.KINDS, costing.QUOTE, costing.quote_kind())


def fill(service) -> str:
    """Priya's case with its holiday dated, so the whole design prices, and every date fixed."""
    case_id = case_data.fill(service)
    design = copy.deepcopy(case_data.SERVICE_DESIGN)
    design["components"][6]["one_off"]["date"] = "2026-08-01"
    assert service.save(case_id, "service_design", design).ok
    return case_id


@pytest.fixture(scope="module")
def offered(private_dirs):
    """(service, case_id, proposal): version 1 a draft, version 2 offered and accepted by Anita."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(costing, "_today", lambda: MADE_ON)
        service = AdvisorService.create(private_dirs / "quote-store", PASS, advisor_name=ADVISOR)
        case_id = fill(service)
        assert costing.save_proposal(service, case_id).ok
        v2 = costing.save_proposal(service, case_id, OPTIONS).proposal
        assert costing.offer(service, case_id, v2.id).ok
        assert costing.accept(service, case_id, v2.id, "anita").ok
        yield service, case_id, costing.get_proposal(service, case_id, v2.id)
    service.lock()


@pytest.fixture(scope="module")
def pdf(offered) -> bytes:
    service, case_id, _ = offered
    return costing.make_quote(service, case_id, made_on=MADE_ON)


def test_every_section_is_there_in_order_and_bookmarked(pdf) -> None:
    text = flat(text_of(pdf))
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions) if p == -1]
    assert positions == sorted(positions)
    titles = [title for _, title in outline(pdf)]
    assert all(heading in titles for heading in HEADINGS)


def test_it_is_made_from_the_accepted_version_and_says_so(pdf) -> None:
    text = flat(text_of(pdf))
    assert "Proposal 2, made on 14 March 2026" in text
    assert "Accepted: by Anita Sharma (Mum) on 14 March 2026" in text
    assert "Our reference: C-" in text
    assert "Next we write the agreement for you to read and sign." in text
    assert "draft" not in text.lower()


def test_every_figure_of_the_quote_is_printed_exactly(offered, pdf) -> None:
    _, _, proposal = offered
    quote = proposal.price()
    text = flat(text_of(pdf))
    for line, name in zip(quote.lines, numbered_names(proposal, quote)):
        if line.part != "contingency":
            assert name in text, name  # numbered, never cut
        assert pounds(line.price) in text, (line.name, line.price)
        if line.period == "week":
            assert pounds(line.first_year) in text, (line.name, line.first_year)
    first = quote.first_year_charges
    for amount in (quote.weekly_ongoing_total, quote.weekly_ongoing_total * 52, quote.fixed_term_total,
                   quote.one_off_total, quote.first_year_total, first.central, first.regional, first.surplus,
                   first.total, quote.budget.annual, -quote.budget.difference):
        assert pounds(amount) in text, amount
    # By hand: the picture timetable is £850.00 for the outcome; 50% back if it takes longer.
    assert "If it takes longer than 10 weeks, we will give you back £425.00. That is 50% of the price." in text
    assert "The budget is £612.50 a week. That is £31,850.00 a year." in text or \
        "The budget is £31,850.00 a year." in text
    assert f"That is {pounds(-quote.budget.difference)} a year over the budget." in text


def test_charges_management_and_contingency_are_stated_openly(offered, pdf) -> None:
    _, _, proposal = offered
    quote = proposal.price()
    text = flat(text_of(pdf))
    assert "Central management charge: 8.5%" in text and "Regional management charge: 5%" in text
    assert "Surplus: 3%" in text
    assert "Management support is shown openly too: 24 hours a year at £32.50 an hour" in text
    assert "We keep £500.00 a year of Priya’s budget for emergencies." in text
    support = quote.first_year_total - quote.first_year_charges.total - quote.contingency
    assert (f"Without our charges, the support itself costs {pounds(support)} in the first year. With our "
            f"charges it costs {pounds(support + quote.first_year_charges.total)}. With the £500.00 kept for "
            f"emergencies, the first year is {pounds(quote.first_year_total)}.") in text


def test_each_part_is_described_in_plain_words_with_its_outcome_and_share(pdf) -> None:
    text = flat(text_of(pdf))
    assert "Staff help you with everyday things." in text  # the menu's words
    assert "The outcome: Priya travels to college and the café by bus on her own." in text
    assert "2. Personal care and support" in text and "This one is for: Friday night with Leah and Sam" in text
    assert "Shared by 3 people" in text and "Shared: Priya pays a third." in text
    assert "Priya pays a third: £" in text  # shared support, per person
    for amount in ("24 hours a week in the daytime on weekdays", "2 hours a week in the evening",
                   "7.5 hours a week in the daytime at the weekend", "2 sleep-in nights a week"):
        assert amount in text, amount


def test_valid_pdf_with_metadata_and_easy_read_type(pdf, tmp_path) -> None:
    result = qpdf_check(pdf, tmp_path)
    assert result.returncode == 0 and b"No syntax or stream encoding errors" in result.stdout, result.stdout
    meta = info(pdf)
    assert meta["Title"] == "Priya’s support: our offer"
    assert meta["Author"] == "Northern Lights Support" and meta["Creator"] == "advisor-app"
    assert meta["Subject"]
    assert str(reader(pdf).root["/Lang"]) == "en-GB"
    assert min(font_sizes(pdf)) >= 14


def test_every_page_has_the_header_and_its_page_number(pdf) -> None:
    total = page_count(pdf)
    for page in range(1, total + 1):
        text = text_of(pdf, page)
        assert "Northern Lights Support" in text and f"Page {page} of {total}" in text


def test_the_pages_render_and_can_be_looked_at(pdf, tmp_path) -> None:
    """PNGs of every page; kept in $ADVISOR_APP_DOC_PNGS when set, for a person to look at."""
    folder = Path(os.environ.get("ADVISOR_APP_DOC_PNGS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "quote.pdf"
    source.write_bytes(pdf)
    result = run("pdftoppm", "-png", "-r", "60", str(source), str(folder / "quote"))
    assert result.returncode == 0, result.stderr
    pngs = sorted(folder.glob("quote-*.png"))
    assert len(pngs) == page_count(pdf)
    for png in pngs:
        image = Image.open(png).convert("L")
        width, height = image.size
        assert image.crop((0, height // 10, width, height * 9 // 10)).getextrema()[0] < 128


def test_same_proposal_same_day_same_bytes_and_stored_encrypted_as_versions(offered, pdf) -> None:
    service, case_id, proposal = offered
    assert costing.make_quote(service, case_id, proposal.id, made_on=MADE_ON) == pdf
    first = costing.save_quote(service, case_id, made_on=MADE_ON)
    again = costing.save_quote(service, case_id, made_on=MADE_ON)
    assert (first.kind, first.version) == ("quote", 1) and again.sha256 == first.sha256
    assert docs.document_bytes(service, first.sha256) == pdf
    earlier = costing.list_proposals(service, case_id)[0]
    older = costing.save_quote(service, case_id, earlier.id, made_on=MADE_ON)  # version 1 printed too
    assert older.version == 2 and older.sha256 != first.sha256
    assert "Proposal 1, made on" in flat(text_of(docs.document_bytes(service, older.sha256)))


def test_through_the_documents_registry(offered, pdf) -> None:
    service, case_id, _ = offered
    assert docs.make_document(service, case_id, "quote", made_on=MADE_ON) == pdf


def test_a_draft_says_it_is_not_an_offer_yet(tmp_path) -> None:
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name=ADVISOR)
    try:
        case_id = fill(service)
        assert docs.KINDS["quote"].why_not_ready(service.load_case(case_id).data()) == \
            "Save a priced proposal in the costing stage first."
        with pytest.raises(docs.DocumentNotReady):
            costing.make_quote(service, case_id)
        assert costing.save_proposal(service, case_id, {"mode": "fit-to-budget"}).ok
        text = flat(text_of(costing.make_quote(service, case_id, made_on=MADE_ON)))
        assert "Priya’s support: our offer (draft)" in text
        assert "This is a draft. It is not an offer yet." in text
        # Working back from the budget: her design alone costs more than the budget.
        assert ("The support costs more than the budget even without management support, so the budget "
                "cannot pay for any management.") in text
        assert "The dark red part is the cost over the budget." in text
    finally:
        service.lock()


def test_fit_to_budget_says_the_management_support_the_budget_affords(offered) -> None:
    service, case_id, proposal = offered
    small = {"components": [{"id": "care", "component_id": "personal-care-and-support", "on_going": {
        "week": {"monday": {"daytime": "6"}, "saturday": {"daytime": "5"}}}}]}
    data = costing.quote_input(service, case_id, made_on=MADE_ON)
    sections = {**data.sections, "service_design": small}
    built = costing.price_sections(sections, {"mode": "fit-to-budget"})
    assert built.complete and built.quote.management_hours_affordable
    fitted = proposal.model_copy(update={"costing": built.costing, "quote": built.json(), "parts": list(built.parts)})
    text = flat(text_of(quote_doc.build_for(replace(data, sections=sections), fitted)))
    hours = built.quote.management_hours_affordable
    assert f"The budget pays for up to {hours} hours of management support a year, with the charges." in text
    assert f"{hours} hours of management support a year" in text  # the line itself, under what we will do
    assert "under the budget" in text


def test_advisor_app_documents_kind_quote_writes_and_stores_it(tmp_path) -> None:
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name=ADVISOR)
    case_id = fill(service)
    v1 = costing.save_proposal(service, case_id, OPTIONS).proposal
    costing.offer(service, case_id, v1.id)
    reference = service.load_case(case_id).header.reference
    service.lock()
    stdout, stderr = io.StringIO(), io.StringIO()
    code = documents_cli.run(tmp_path / "store", PASS, reference, tmp_path / "out", "quote", made_on=MADE_ON,
                             stdout=stdout, stderr=stderr)
    assert code == 0, stderr.getvalue()
    written = tmp_path / "out" / f"{reference}-quote-v1.pdf"
    assert written.exists() and f"Wrote {written}" in stdout.getvalue()
    assert "If you are happy with this offer, please tell us." in flat(text_of(written.read_bytes()))
    service = AdvisorService.unlock(tmp_path / "store", PASS)
    try:
        assert [(r.kind, r.version) for r in docs.list_documents(service, case_id)] == [("quote", 1)]
    finally:
        service.lock()
