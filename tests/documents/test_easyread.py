"""The shared easy-read look: type sizes, fonts, metadata, bookmarks, page numbers, determinism."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_app.documents import easyread
from advisor_app.documents.easyread import (
    Bullets,
    DocumentSpec,
    Fact,
    Grid,
    Panel,
    Said,
    Section,
    Steps,
    SubHeading,
    Text,
    build_pdf,
)
from advisor_app.domain.provider import ProviderProfile
from advisor_app.paths import resource
from tests.documents.conftest import flat, font_sizes, info, outline, page_count, qpdf_check, reader, run, text_of

PROVIDER = ProviderProfile(name="Northern Lights Support", address="Unit 4, Canal Wharf\nLeeds\nLS11 5PS",
                           phone="0113 496 0500", email="hello@northernlights.example.org",
                           registered_number="Registered charity 1234567")
MADE_ON = dt.date(2026, 3, 14)


def spec(**changes) -> DocumentSpec:
    values = dict(
        title="Sam’s test document",
        subtitle=["Made on 14 March 2026"],
        subject="A test of the look",
        footer="Sam’s test document",
        provider=PROVIDER,
        made_on=MADE_ON,
        logo=resource("provider", "logo.png"),
        sections=[
            Section("Words", [Text("Plain words & <b>not markup</b>."), Said("I like £5 “treats”", "Sam")]),
            Section("A list", [Bullets(["One", Said("Two, in Mum’s words", "Mum")]), Steps(["First", "Second"])]),
            Section("A box", [Panel([SubHeading("Inside"), Fact("By when:", "1 May 2026"), Said("Quoted", "Sam")])]),
            Section("A table", [Grid(header=["Day", ("Evening", "5pm to 10pm")], rows=[["Monday", None],
                                     ["Tuesday", [("2 hours", "Support")]]], widths=[0.5, 0.5], empty="No support")]),
            Section("Nothing here yet"),
            Section("Left out when empty", [Bullets([])], required=False),
        ],
    )
    values.update(changes)
    return DocumentSpec(**values)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return build_pdf(spec())


def test_no_style_is_smaller_than_14_pt_and_body_leading_is_generous() -> None:
    assert easyread.MIN_TEXT_SIZE >= 14
    headings = {"title", "heading", "subheading"}
    for name, style in easyread.STYLES.items():
        assert style.fontSize >= 14, name
        assert style.leading >= (1.2 if name in headings else 1.4) * style.fontSize, name
    assert easyread.BODY_SIZE >= 14 and easyread.BODY_LEADING >= 1.4 * easyread.BODY_SIZE
    assert 20 <= easyread.STYLES["heading"].fontSize <= 26
    assert 20 <= easyread.STYLES["title"].fontSize <= 26


def test_every_font_size_in_the_pdf_is_at_least_14_pt(pdf) -> None:
    sizes = font_sizes(pdf)
    assert sizes and min(sizes) >= 14, sizes
    assert easyread.TITLE_SIZE in sizes


def test_only_the_bundled_font_is_used_and_it_is_embedded(pdf) -> None:
    fonts = run("pdffonts", "-", data=pdf).stdout.decode().splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        assert "DejaVuSans" in line and " yes yes yes " in line, line  # embedded, subset, with Unicode map
    assert resource("fonts", "DejaVuSans.ttf").is_file() and resource("fonts", "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in resource("fonts", "LICENSE").read_text()


def test_text_is_escaped_not_interpreted_and_special_characters_survive(pdf) -> None:
    text = flat(text_of(pdf))
    assert "Plain words & <b>not markup</b>." in text
    assert "“I like £5 “treats”” — Sam" in text
    assert "Two, in Mum’s words" in text


def test_metadata_title_author_subject_language_creator(pdf) -> None:
    meta = info(pdf)
    assert meta["Title"] == "Sam’s test document"
    assert meta["Author"] == "Northern Lights Support"
    assert meta["Subject"] == "A test of the look"
    assert meta["Creator"] == "advisor-app"
    assert meta["CreationDate"].startswith("Sat Mar 14 00:00:00 2026")
    root = reader(pdf).root
    assert str(root["/Lang"]) == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_the_language_follows_what_is_asked(pdf) -> None:
    assert str(reader(build_pdf(spec(language="cy"))).root["/Lang"]) == "cy"
    assert easyread.document_language("en") == "en-GB"
    assert easyread.document_language("pt_BR") == "pt-BR"


def test_every_heading_is_bookmarked_in_order_and_empty_optional_sections_are_left_out(pdf) -> None:
    assert outline(pdf) == [
        (0, "Sam’s test document"),
        (1, "Words"), (1, "A list"), (1, "A box"), (2, "Inside"), (1, "A table"),
        (1, "Nothing here yet"), (1, "How to contact us"),
    ]
    text = text_of(pdf)
    assert "Left out when empty" not in text
    assert "Nothing here yet\nNot written yet." in text.replace("\n\n", "\n")


def test_pages_are_numbered_page_n_of_total_with_the_header_on_each(pdf) -> None:
    long = spec(sections=[Section(f"Part {n}", [Bullets([f"Line {i} of part {n}" for i in range(12)])])
                          for n in range(6)])
    out = build_pdf(long)
    total = page_count(out)
    assert total >= 3
    for page in range(1, total + 1):
        text = text_of(out, page)
        assert f"Page {page} of {total}" in text
        assert "Northern Lights Support" in text
        assert "Sam’s test document" in text


def test_the_contact_details_close_the_document(pdf) -> None:
    text = flat(text_of(pdf))
    assert text.index("How to contact us") > text.index("A table")
    for part in ("Unit 4, Canal Wharf, Leeds, LS11 5PS", "Phone: 0113 496 0500",
                 "Email: hello@northernlights.example.org", "Registered charity 1234567"):
        assert part in text


def test_same_input_same_bytes_and_the_date_comes_from_made_on(pdf) -> None:
    assert build_pdf(spec()) == pdf
    later = build_pdf(spec(made_on=dt.date(2026, 3, 15)))
    assert later != pdf
    assert info(later)["CreationDate"].startswith("Sun Mar 15")


def test_very_long_words_and_entries_still_lay_out(tmp_path) -> None:
    essay = "I want to tell you about my week. " * 58  # close to the 2,000 characters an entry allows
    huge = spec(sections=[
        Section("Long", [Said(essay.strip(), "Sam"), Bullets([essay.strip()] * 3),
                         Panel([Fact("What success looks like:", essay.strip())] * 2),
                         Text("Supercalifragilisticexpialidocious" * 8)]),
        Section("Table", [Grid(header=["Day", "Daytime"], rows=[["Monday", [essay[:400]] * 4]] * 7,
                               widths=[0.3, 0.7])]),
    ])
    out = build_pdf(huge)
    assert qpdf_check(out, tmp_path).returncode == 0
    assert "I want to tell you about my week." in flat(text_of(out))


def test_no_logo_is_fine(tmp_path) -> None:
    out = build_pdf(spec(logo=None))
    assert qpdf_check(out, tmp_path).returncode == 0
    assert "Northern Lights Support" in text_of(out, 1)


def test_qpdf_finds_no_problems(pdf, tmp_path) -> None:
    result = qpdf_check(pdf, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"No syntax or stream encoding errors" in result.stdout


def test_a_sub_heading_before_any_section_still_makes_a_valid_outline(tmp_path) -> None:
    out = build_pdf(spec(intro=[SubHeading("Before the sections")], sections=[Section("One", [Text("x")])],
                         contact=False))
    assert outline(out) == [(0, "Sam’s test document"), (1, "Before the sections"), (1, "One")]
    assert qpdf_check(out, tmp_path).returncode == 0


def test_a_heading_is_never_split_across_pages() -> None:
    filler = [Text(f"Line {i}") for i in range(31)]
    out = build_pdf(spec(sections=[Section("Filler", filler),
                                   Section("A long heading that takes two whole lines to say what it says", [
                                       Bullets([f"Item {i}" for i in range(40)])])]))
    for page in range(1, page_count(out) + 1):
        text = flat(text_of(out, page))
        if "A long heading" in text:
            assert "A long heading that takes two whole lines to say what it says" in text
