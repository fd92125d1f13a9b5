"""Every family-facing document passes the easy-read check, read back from the real PDF: body text
at least 14 pt, our sentences at most 15 words (people's own words are theirs), every glossary
term explained, pictures beside the words with the symbols' credit, and no more pages than each
document's limit. The agreement's totals are added up again from its own text."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from advisor_app.demo import case_named
from advisor_app.documents.symbols import attribution, symbol_map
from advisor_app.paths import resource
from advisor_app.services import costing, documents
from tests.documents.conftest import flat, text_of
from tests.documents.easyread_check import check, their_words

ROOT = Path(__file__).resolve().parents[2]
MADE_ON = dt.date(2026, 11, 20)
# The most pages each family document may have for the demo's fullest case.
PAGE_LIMITS = {"expression-of-interest": 5, "one-page-profile": 1, "support-plan": 8, "quote": 10, "agreement": 12}
# Our own sentences allowed to be longer than 15 words, each with why. Keep this list short.
ALLOWED: list[str] = []


@pytest.fixture(scope="module")
def built(demo):
    """Priya's five family documents, and the words in her case that are not ours."""
    priya = case_named(demo, "Priya Sharma")
    data = demo.load_case(priya).data()
    # what people said, names, notes and addresses; never our menu or wording stored with a proposal
    exempt = their_words({k: v for k, v in data.items() if k not in ("proposal", "costing")})
    pdfs = {kind: documents.make_document(demo, priya, kind, made_on=MADE_ON) for kind in PAGE_LIMITS}
    return pdfs, exempt, priya


@pytest.mark.parametrize("kind", sorted(PAGE_LIMITS))
def test_each_family_document_passes_the_easy_read_check(built, kind, record_property):
    pdfs, exempt, _ = built
    report = check(pdfs[kind], max_pages=PAGE_LIMITS[kind], exempt=exempt, allowed=ALLOWED)
    record_property("easy_read", report.summary())  # the longest sentence, for the report
    print(f"{kind}: {report.summary()}")
    assert report.problems() == [], report.summary()
    assert report.longest is not None and report.longest.words <= 15


@pytest.mark.parametrize("kind", sorted(PAGE_LIMITS))
def test_the_symbols_are_credited_in_each_document_that_shows_them(built, kind):
    assert attribution() in flat(text_of(built[0][kind]))


def test_the_check_fails_a_document_that_breaks_the_rules(built):
    """The checker can fail: the same quote with a page limit too low, a term left unexplained
    and a long sentence no longer exempt."""
    pdfs, _, _ = built
    report = check(pdfs["quote"], max_pages=1, exempt=[])
    problems = "\n".join(report.problems())
    assert "more than 1" in problems
    from advisor_app.domain.glossary import Term
    extra = Term("budget check", "A meaning printed nowhere in the quote.")
    assert extra in check(pdfs["quote"], max_pages=20, terms=[extra]).unexplained


def test_the_one_page_profile_is_one_page(built):
    pdfs, _, _ = built
    assert check(pdfs["one-page-profile"], max_pages=1).pages == 1


def _amounts(lines: list[str]) -> list[Decimal]:
    return [Decimal(m.group(1).replace(",", "")) for line in lines
            for m in [re.search(r"£([\d,]+\.\d\d)(?: a week)?\s*$", line)] if m]


def _between(text: str, start: str, end: str) -> list[str]:
    body = text.split(start, 1)[1].split(end, 1)[0]
    return body.splitlines()


def test_the_agreement_s_totals_add_up_from_its_own_text(demo, built):
    pdfs, _, priya = built
    layout = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdfs["agreement"], capture_output=True,
                            check=True).stdout.decode()
    proposal = next(p for p in costing.list_proposals(demo, priya) if p.status == "accepted")
    accepted_total = Decimal(proposal.quote["first_year_total"])

    week = _amounts(_between(layout, "\nEvery week\n", "Adding up the first year"))
    assert len(week) >= 3 and sum(week[:-1]) == week[-1] == Decimal(proposal.quote["weekly_ongoing_total"])

    by_period = _amounts(_between(layout, "Adding up the first year", "Where the money goes"))
    assert sum(by_period[:-1]) == by_period[-1] == accepted_total
    times = re.search(r"\(£([\d,]+\.\d\d) x (\d+)\)", layout)
    assert times and Decimal(times.group(1).replace(",", "")) * int(times.group(2)) == by_period[0]
    assert Decimal(times.group(1).replace(",", "")) == week[-1]

    by_use = _amounts(_between(layout, "Where the money goes", "Both ways add up"))
    assert sum(by_use[:-1]) == by_use[-1] == accepted_total
    assert f"Both ways add up to £{accepted_total:,}." in flat(layout)
    assert f"This is the same as proposal {proposal.number}." in flat(layout)


def test_the_agreement_prints_each_service_whole_with_how_much_and_what_for(built):
    pdfs, _, _ = built
    text = flat(text_of(pdfs["agreement"]))
    assert "\u2026" not in text  # nothing cut
    assert "1. Personal care and support" in text and "2. Personal care and support" in text
    assert "What it is for: Baking and getting out in the day; Friday evening and the night at home" in text
    assert "3 hours a week in the evening" in text and "1 sleep-in night a week" in text
    assert "Shared by 3 people" in text


def test_the_glossary_explains_individual_service_fund_nominated_person_surplus_appraise(built):
    text = flat(text_of(built[0]["agreement"]))
    terms = {t["term"]: t["means"] for t in json.loads(resource("provider", "glossary.json").read_text())["terms"]}
    for term in ("Individual Service Fund", "nominated person", "management charge", "appraise", "supervise",
                 "emergency contingency" if "contingency" in text.lower() else "confidential"):
        assert flat(terms[term]) in text, term
    # the words are explained before anyone signs
    assert text.index("Words we use") < text.index("Signing the agreement")


def test_the_symbols_are_bundled_with_their_licence_and_every_point_has_one():
    folder = resource("symbols")
    mapping = symbol_map()["points"]
    files = {p.stem for p in folder.glob("*.svg")}
    assert set(mapping.values()) == files  # each picture used, and each one there
    assert "Creative Commons Attribution-Share Alike" in (folder / "LICENSE.txt").read_text()
    for svg in folder.glob("*.svg"):
        assert "<text" not in svg.read_text(encoding="utf-8"), svg.name  # no small print inside a picture
    wording = json.loads(resource("provider", "agreement.json").read_text())
    keys = {c["symbol"] for p in wording["parts"] for c in p["clauses"] if c.get("symbol")}
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "advisor_app" / "documents").glob("*.py"))
    keys |= set(re.findall(r'(?:Point\(|pictured\(|symbol=)"([a-z_.-]+)"', code))
    assert len(keys) > 30 and keys <= set(mapping), keys - set(mapping)


@pytest.mark.parametrize("kind", ["expression-of-interest", "one-page-profile", "support-plan"])
def test_the_test_case_s_documents_pass_too(priya, kind):
    """A second case, with its own words (£, curly quotes, an ampersand): the same check."""
    service, case_id = priya
    pdf = documents.make_document(service, case_id, kind, made_on=MADE_ON)
    exempt = their_words(service.load_case(case_id).data())
    report = check(pdf, max_pages=PAGE_LIMITS[kind], exempt=exempt, allowed=ALLOWED)
    assert report.problems() == [], report.summary()
