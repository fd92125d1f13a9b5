"""Documents meet the reader's communication needs: their language (Polish, Urdu right to left,
shaped), large print, and the PDF's /Lang, while the app stays in the advisor's language."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import re

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextLine

from advisor_app import i18n
from advisor_app.cli import main
from advisor_app.documents.adapt import LARGE_PRINT_SIZE, RTL_FONT
from advisor_app.services import documents as docs
from tests.documents.conftest import info, outline, reader, run
from tests.documents.easyread_check import paragraphs

MADE_ON = dt.date(2026, 11, 20)
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")  # letters, and their joined forms
JOINED = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
FAMILY_KINDS = ("one-page-profile", "support-plan", "agreement")
AFTER_SIGNATURE_KINDS = ("job-description", "person-specification", "interview-questions", "handover", "review",
                         "budget-statement")


def case_named(service, name: str) -> str:
    return next(c.id for c in service.list_cases() if c.person_name == name)


def set_needs(service, case_id: str, **needs) -> None:
    person = service.load_case(case_id).data()["person"]
    result = service.save(case_id, "person", {**person, "communication": {**person["communication"], **needs}})
    assert result.ok, result.errors


def make(service, case_id: str, kind: str, language: str | None = None) -> bytes:
    return docs.make_document(service, case_id, kind, made_on=MADE_ON, language=language)


def lang_of(pdf: bytes) -> str:
    return str(reader(pdf).root["/Lang"])


def fonts(pdf: bytes) -> str:
    return run("pdffonts", "-", data=pdf).stdout.decode()


@pytest.fixture(scope="module")
def urdu(demo):
    """Priya's one-page profile, support plan and agreement after she said her language is Urdu."""
    priya = case_named(demo, "Priya Sharma")
    set_needs(demo, priya, language="ur", interpreter=True)
    yield {kind: make(demo, priya, kind) for kind in FAMILY_KINDS}
    set_needs(demo, priya, language="en", interpreter=False)


@pytest.mark.parametrize("kind", FAMILY_KINDS)
def test_a_person_whose_language_is_urdu_gets_their_documents_in_urdu(urdu, kind, tmp_path):
    pdf = urdu[kind]
    assert lang_of(pdf) == "ur"
    assert f"{RTL_FONT}-Regular" in fonts(pdf) or f"+{RTL_FONT}" in fonts(pdf)  # the Arabic-script font, embedded
    title = info(pdf)["Title"]
    assert ARABIC.search(title), title  # "Priya کا ایک صفحے کا تعارف"
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    assert run("qpdf", "--check", str(path)).returncode == 0


@pytest.mark.parametrize("kind", AFTER_SIGNATURE_KINDS)
def test_the_documents_after_the_signature_come_in_the_language_asked(demo, kind):
    """Each section heading is in Urdu (the words typed in English, such as the job title, stay so)."""
    pdf = make(demo, case_named(demo, "Leah Moss"), kind, language="ur")
    assert lang_of(pdf) == "ur"
    headings = [title for level, title in outline(pdf) if level == 1]
    assert len(headings) >= 4 and all(ARABIC.search(h) for h in headings), headings


def _lines(pdf: bytes, page: int = 0) -> list[LTTextLine]:
    found: list[LTTextLine] = []

    def walk(item) -> None:
        if isinstance(item, LTTextLine):
            found.append(item)
        for child in getattr(item, "_objs", []) if not isinstance(item, LTTextLine) else []:
            walk(child)

    for number, layout in enumerate(extract_pages(__import__("io").BytesIO(pdf))):
        if number == page:
            walk(layout)
    return found


def test_urdu_lines_start_on_the_right(urdu):
    """Right to left: every Urdu line of the profile ends on the right-hand side of the page (where
    its column's right edge is: headings beside a picture stop short of it), and lines shorter than
    the column do not start at the left margin."""
    lines = [line for line in _lines(urdu["one-page-profile"])
             if ARABIC.search(line.get_text()) and line.y0 > 70]  # the footer's page number sits on the left
    assert len(lines) > 5
    right = max(line.x1 for line in lines)
    assert all(line.x1 > 0.85 * right for line in lines), [(round(line.x0), round(line.x1)) for line in lines]
    assert sum(line.x0 > 150 for line in lines) >= len(lines) / 2


def test_the_app_keeps_its_own_language_while_documents_are_made_in_others(demo):
    priya = case_named(demo, "Priya Sharma")
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:  # a worker thread each, at once
        polish, urdu = pool.map(lambda lang: make(demo, priya, "one-page-profile", lang), ("pl", "ur"))
    assert lang_of(polish) == "pl" and info(polish)["Title"] == "Priya – profil na jednej stronie"
    assert lang_of(urdu) == "ur" and ARABIC.search(info(urdu)["Title"])
    assert i18n.language() == "en" and i18n._("Cancel") == "Cancel"
    english = make(demo, priya, "one-page-profile", "en")
    assert lang_of(english) == "en-GB" and info(english)["Title"] == "Priya’s one-page profile"


def test_large_print_sets_every_word_at_18_point_or_more(demo):
    tom = case_named(demo, "Tom Brennan")
    set_needs(demo, tom, formats=["easy_read", "large_print"])
    try:
        pdf = make(demo, tom, "one-page-profile")
    finally:
        set_needs(demo, tom, formats=["easy_read"])
    sizes = {size for paragraph in paragraphs(pdf) for size in paragraph.sizes}
    assert sizes and min(sizes) >= LARGE_PRINT_SIZE, sorted(sizes)[:5]
    normal = {size for paragraph in paragraphs(make(demo, tom, "one-page-profile")) for size in paragraph.sizes}
    assert min(normal) < LARGE_PRINT_SIZE


def test_the_documents_command_renders_in_the_language_asked(demo_dir, tmp_path, monkeypatch):
    from advisor_app.demo import DEMO_PASSPHRASE

    monkeypatch.setenv("ADVISOR_PASS", DEMO_PASSPHRASE)
    out = tmp_path / "out"
    args = ["documents", "--store", str(demo_dir), "--passphrase-env", "ADVISOR_PASS", "--case", "C-2026-0003",
            "--out", str(out), "--kind", "support-plan"]
    assert main([*args, "--language", "pl"]) == 0
    (pdf_path,) = out.iterdir()
    pdf = pdf_path.read_bytes()
    assert lang_of(pdf) == "pl" and info(pdf)["Title"] == "Priya – plan wsparcia"
    with pytest.raises(SystemExit) as usage:  # a language without documents is a usage error
        main([*args, "--language", "de"])
    assert usage.value.code == 2


@pytest.fixture
def demo_dir(tmp_path):
    from advisor_app.demo import create_demo_store

    directory = tmp_path / "demo"
    create_demo_store(directory)
    return directory


def test_right_to_left_is_switched_on_in_reportlab():
    from advisor_app.documents.bidi import log2vis, right_to_left_works

    assert right_to_left_works()
    order: list[int] = []
    assert log2vis("ab \u0627\u0628 12", "RTL", positions_V_to_L=order) == "12 \u0628\u0627 ab"
    assert sorted(order) == list(range(8))


def test_an_urdu_paragraph_reads_from_the_right_with_its_letters_joined(tmp_path):
    """A paragraph's first word sits at its right-hand end and the next ones follow leftwards; its
    letters are joined (presentation forms, as Amiri draws them), not set apart; English quoted in
    it keeps its own order."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from advisor_app.documents import adapt
    from advisor_app.documents.easyread import register_fonts

    register_fonts()
    path = tmp_path / "rtl.pdf"
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=20, leading=26)
    first, middle, last = "Leah", "\u06a9\u0627 \u062c\u0627\u0626\u0632\u06c1", "Anita"
    text = f"{first} {middle} {last}"
    quote = "\u201cI like going swimming with Amy. I am faster.\u201d \u2014\u00a0Leah"
    SimpleDocTemplate(str(path)).build(adapt.Adapter(adapt.Layout(right_to_left=True)).flowables(
        [Paragraph(text, style), Paragraph(quote, style.clone("small", fontSize=12))]))

    lines = _lines(path.read_bytes())
    # Someone's own words quoted in an Urdu document: every word kept, in their order (an opening
    # quote mark once took the first word's place, and the last words came twice).
    assert [line.get_text().strip() for line in lines if "Amy" in line.get_text()] == [quote.replace("\u00a0", " ")]
    [line] = [line for line in lines if "Anita" in line.get_text()]
    seen = line.get_text()  # pdfminer gives a line's letters from left to right
    assert seen.index(last) < seen.index("\ufe8e") < seen.index(first), seen  # Anita leftmost, Leah rightmost
    assert JOINED.search(seen) and not re.search("[\u0600-\u06ff]", seen), "the Urdu letters are not joined"


def test_an_urdu_paragraph_with_line_breaks_reads_from_the_right_on_each_line(tmp_path):
    """reportlab orders no words across a line break: each line of such a paragraph still starts on
    the right."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from advisor_app.documents import adapt
    from advisor_app.documents.easyread import register_fonts

    register_fonts()
    path = tmp_path / "lines.pdf"
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=14, leading=20)
    low_risk = "\u06a9\u0645 \u062e\u0637\u0631\u06c1"  # "low risk": کم (low) first, on the right
    SimpleDocTemplate(str(path)).build(adapt.Adapter(adapt.Layout(right_to_left=True)).flowables(
        [Paragraph(f"{low_risk}<br/>Leah {low_risk}<br/><br/>{low_risk}", style)]))

    lines = [line.get_text().strip() for line in _lines(path.read_bytes()) if line.get_text().strip()]
    drawn = "\ufba6\ufeae\ufec4\ufea7 \ufee2\ufb90"  # pdfminer reads left to right: risk, then low
    assert lines == [drawn, f"{drawn} Leah", drawn], lines


@pytest.mark.parametrize("name, kind, part", [("Leah Moss", "budget-statement", None), ("Priya Sharma", "quote", None),
                                              ("Priya Sharma", "risk", "RA-2026-0001"),
                                              ("Priya Sharma", "agreement", None)])
def test_urdu_words_in_charts_and_boxes_are_set_in_the_urdu_font(demo, name, kind, part):
    """Charts, the risk matrix and the boxes to sign in draw their words themselves: in Urdu those
    words are shaped in Amiri like the rest, never Arabic letters in the Latin font (unjoined,
    left to right)."""
    case_id = case_named(demo, name)
    if part is not None:
        part = next(p.id for p in docs.document_parts(demo, case_id, kind) if p.label == part)
    pdf = docs.make_document(demo, case_id, kind, made_on=MADE_ON, language="ur", part=part)
    latin_font_arabic = set()

    def walk(item) -> None:
        text = getattr(item, "get_text", None)
        if hasattr(item, "fontname") and ARABIC.search(item.get_text()) and "Amiri" not in item.fontname:
            latin_font_arabic.add((item.fontname, item.get_text()))
        for child in getattr(item, "_objs", []) if text is None or not hasattr(item, "fontname") else []:
            walk(child)

    for page in extract_pages(__import__("io").BytesIO(pdf)):
        walk(page)
    assert not latin_font_arabic, sorted(latin_font_arabic)[:10]
