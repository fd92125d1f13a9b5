"""The easy-read look shared by every family-facing document.

A document is a title and a list of ``Section``s, each a heading and a few simple blocks
(``Text``, ``Fact``, ``Said``, ``Bullets``, ``Steps``, ``SubHeading``, ``Panel``, ``Grid``).
``build_pdf`` lays them out the same way every time:

- DejaVu Sans (bundled in ``resources/fonts`` so £, curly quotes and accents always render),
  body 14 pt on 21 pt leading, headings 20-26 pt, generous space, dark text on white;
- the provider's logo and name at the top of every page, "Page 2 of 5" and a short label at
  the bottom, the provider's contact details at the end;
- PDF metadata: title, author (the provider), subject, keywords, language (catalog /Lang),
  creator "advisor-app", and a bookmark for every heading;
- the same bytes for the same input: reportlab's invariant mode, with the creation date taken
  from ``made_on`` rather than the clock, so the SHA-256 a document is stored under is stable.

Which sections appear is one rule for every document: a section the document is about
(``required=True``) is always shown, and says "Not written yet." when there is nothing in it;
an optional section with nothing in it is left out.

Pictures and hard words, for any family document (new ones too):

- ``Point(key, blocks)`` puts a symbol on the left and the blocks on the right. The key names
  the point ("agreement.money"); which picture it gets is data, in
  ``resources/symbols/symbols.json`` (add the key there, and copy the Mulberry SVG into
  ``resources/symbols``). A document with any picture ends with the symbols' attribution line.
- Every document ends with "Words we use": each term of ``resources/provider/glossary.json``
  that its text uses, with what it means (``DocumentSpec(glossary=False)`` leaves it out). A
  ``Flowable`` block has its words found through a ``texts`` attribute (see ``texts_of``).
- ``tests/documents/easyread_check.py`` checks a built PDF against the rules: use it in the
  tests of every family document.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence, Union
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepTogether,
    Frame,
    Image,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from advisor_app import i18n
from advisor_app.documents.adapt import Adapter, Layout, draw_text, scaled, text_width
from advisor_app.documents.symbols import Symbol, attribution, has_symbol
from advisor_app.domain.easyread import flat
from advisor_app.domain.glossary import Term, parse_terms, used
from advisor_app.domain.messages import N_
from advisor_app.domain.provider import ProviderProfile
from advisor_app.i18n import _
from advisor_app.paths import resource

# ---- the look ---------------------------------------------------------------------------------

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

MIN_TEXT_SIZE = 14  # nothing printed is smaller than this
BODY_SIZE = 14
BODY_LEADING = 21  # 1.5 x the body size
TABLE_LEADING = 20  # 1.43 x, in the narrow cells of a table
SUBHEADING_SIZE = 17
HEADING_SIZE = 21
TITLE_SIZE = 26

INK = colors.HexColor("#1A1A1A")  # body text: 17:1 on white
PRIMARY = colors.HexColor("#1B4D5C")  # headings and labels: 9.5:1 on white
MUTED = colors.HexColor("#3D3D3D")  # secondary text: 11:1 on white
ACCENT = colors.HexColor("#E08A3C")  # decoration only, never text
TINT = colors.HexColor("#EEF5F4")  # panels
WARM = colors.HexColor("#FDF5EC")  # the person's words
RULE = colors.HexColor("#B9CFD3")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 54  # 19 mm
HEADER_HEIGHT = 74
FOOTER_HEIGHT = 62
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
COMPACT_MARGIN = 40  # 14 mm
LOGO_SIZE = 40
COMPACT_HEADER, COMPACT_LOGO, COMPACT_FOOTER = 52, 30, 44  # the page furniture of a compact document
SYMBOL_SIZE = 44  # a picture beside a point
SYMBOL_COLUMN = 62  # the picture's column: the words start this far in
HEADING_SYMBOL_SIZE = 36
HEADING_ROOM = 150  # a heading starts a new page unless this much room is left for it and its text
COMPACT_ROOM = 70
SUBHEADING_ROOM = 110

NOT_WRITTEN = N_("Not written yet.")
CREATOR = "advisor-app"


def _style(name: str, **kw) -> ParagraphStyle:
    base = dict(fontName=FONT, fontSize=BODY_SIZE, leading=BODY_LEADING, textColor=INK,
                alignment=TA_LEFT, spaceAfter=10, splitLongWords=1)
    return ParagraphStyle(name, **{**base, **kw})


STYLES: dict[str, ParagraphStyle] = {
    "title": _style("title", fontName=FONT_BOLD, fontSize=TITLE_SIZE, leading=33, textColor=PRIMARY,
                    spaceAfter=8),
    "subtitle": _style("subtitle", fontSize=16, leading=23, textColor=MUTED, spaceAfter=2),
    "heading": _style("heading", fontName=FONT_BOLD, fontSize=HEADING_SIZE, leading=27, textColor=PRIMARY,
                      spaceBefore=22, spaceAfter=10, leftIndent=16, keepWithNext=1),
    "subheading": _style("subheading", fontName=FONT_BOLD, fontSize=SUBHEADING_SIZE, leading=24,
                         textColor=PRIMARY, spaceBefore=10, spaceAfter=6, keepWithNext=1),
    "body": _style("body"),
    "muted": _style("muted", textColor=MUTED),
    "said": _style("said", spaceAfter=0),
    "lead": _style("lead", fontSize=16, leading=24),
    "item": _style("item", spaceAfter=6),
    "cell": _style("cell", leading=TABLE_LEADING, spaceAfter=2),
    "cell_head": _style("cell_head", fontName=FONT_BOLD, leading=TABLE_LEADING, textColor=colors.white,
                        spaceAfter=0),
    "cell_muted": _style("cell_muted", leading=TABLE_LEADING, textColor=MUTED, spaceAfter=0),
    "colophon": _style("colophon", textColor=MUTED, spaceAfter=2),
}


# For a document that must fit a page (the one-page profile): the same sizes, closer together.
COMPACT_STYLES: dict[str, ParagraphStyle] = {
    **STYLES,
    "title": STYLES["title"].clone("c_title", fontSize=24, leading=29, spaceAfter=2),
    "subtitle": STYLES["subtitle"].clone("c_subtitle", fontSize=14, leading=18, spaceAfter=0),
    "heading": STYLES["heading"].clone("c_heading", fontSize=18, leading=22, spaceBefore=2, spaceAfter=2),
    "body": STYLES["body"].clone("c_body", leading=17, spaceAfter=4),
    "muted": STYLES["muted"].clone("c_muted", leading=17, spaceAfter=4),
    "item": STYLES["item"].clone("c_item", leading=17, spaceAfter=2),
    "colophon": STYLES["colophon"].clone("c_colophon", leading=17, spaceAfter=0),
}


def register_fonts() -> None:
    """Register the bundled fonts with reportlab once; ``<b>`` then picks the bold face."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def markup(text: str) -> str:
    """Plain text (anyone's words) made safe for reportlab's paragraph markup; line breaks kept."""
    return "<br/>".join(escape(line) for line in str(text).splitlines() or [""])


def document_language(language: str | None = None) -> str:
    """A BCP 47 tag for the catalog's /Lang: the app's language, en-GB for plain English."""
    tag = (language or i18n.language() or "en").replace("_", "-")
    return "en-GB" if tag == "en" else tag


# ---- the blocks a section is made of ----------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A paragraph of plain text (escaped: never markup)."""

    text: str
    muted: bool = False
    strong: bool = False


@dataclass(frozen=True)
class Fact:
    """A label and its value on one line, like "By when: 31 July 2026"."""

    label: str
    value: str


@dataclass(frozen=True)
class Said:
    """Someone's own words, quoted, with whose words they are when that was recorded."""

    text: str
    who: str | None = None


@dataclass(frozen=True)
class Bullets:
    items: Sequence[Union[str, Said]]


@dataclass(frozen=True)
class Steps:
    """A numbered list, for things that happen in order."""

    items: Sequence[str]


@dataclass(frozen=True)
class SubHeading:
    text: str
    bookmark: str | None = None  # a shorter title for the bookmark, when the heading is long


@dataclass(frozen=True)
class Panel:
    """A tinted box around a few blocks: an outcome, the contact details."""

    blocks: Sequence["Block"]
    warm: bool = False


CellLine = Union[str, tuple[str, str]]  # a line, or (a bold lead, the line under it)


@dataclass(frozen=True)
class Grid:
    """A table with a header row; each cell a line or a list of lines; empty cells show ``empty``.
    A header may be (title, detail), like ("Evening", "5pm to 10pm")."""

    header: Sequence[CellLine]
    rows: Sequence[Sequence[Union[CellLine, Sequence[CellLine], None]]]
    widths: Sequence[float]  # fractions of the frame width
    empty: str = ""
    caption: str = ""  # said in words before the table, for anyone who cannot see it


@dataclass(frozen=True)
class Point:
    """A key point: its symbol on the left, its blocks on the right (words alone when the
    mapping file has no picture for ``symbol``)."""

    symbol: str
    blocks: Sequence["Block"]


Block = Union[Text, Fact, Said, Bullets, Steps, SubHeading, Panel, Grid, Point, Flowable]


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: Sequence[Block] = ()
    required: bool = True  # shown even when empty ("Not written yet."); else left out
    symbol: str = ""  # a picture beside the heading (a key in resources/symbols/symbols.json)


def pictured(symbol: str, blocks: Sequence[Block]) -> list[Block]:
    """A section's blocks as one key point with its picture (nothing when there are none)."""
    return [Point(symbol, blocks)] if blocks else []


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    sections: Sequence[Section]
    provider: ProviderProfile
    made_on: dt.date | dt.datetime  # the creation date in the metadata; no clock is read
    subtitle: Sequence[str] = ()
    subject: str = ""
    footer: str = ""  # bottom left of every page, so a loose page says whose it is
    keywords: Sequence[str] = ()
    language: str | None = None  # BCP 47; the app's language when not given
    logo: Path | None = None
    intro: Sequence[Block] = ()  # under the title, before the first section
    contact: bool = True  # end with "How to contact us" and the provider's details
    contact_note: Sequence[Block] = ()  # said before the details, e.g. who the advisor is
    glossary: bool = True  # "Words we use": the glossary terms the document uses, with their meanings
    glossary_at: int | None = None  # before this section (by index); None: after the last section
    compact: bool = False  # the same type sizes on closer lines, for a document that must fit a page
    photo: bytes | None = None  # a photo of the person beside the title (only with their consent)
    large_print: bool = False  # the reader asked for large print: nothing under 18 pt

    @property
    def layout(self) -> Layout:
        return Layout(right_to_left=i18n.is_right_to_left(document_language(self.language)),
                      large_print=self.large_print)


# ---- turning blocks into flowables ------------------------------------------------------------


class _Heading(Paragraph):
    """A heading that bookmarks itself where it is drawn and adds its outline entry."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str, outline: str,
                 bar: bool = False) -> None:
        super().__init__(markup(text), style)
        self.level, self.key, self.outline, self.bar = level, key, outline, bar

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # a heading is never broken across pages: it moves to the next one whole

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height + 8)
        canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=False)
        if self.bar:
            canv.saveState()
            canv.setFillColor(ACCENT)
            right_to_left = self.style.wordWrap == "RTL"  # the bar stands on the side the line starts
            canv.roundRect(self.width - 6 if right_to_left else 0, 3, 6, self.height - 5, 3, stroke=0, fill=1)
            canv.restoreState()
        super().draw()


def _said_markup(said: Said) -> str:
    if not said.who:
        return markup(said.text)
    return (f"\u201c{markup(said.text)}\u201d "
            f"<font color='{PRIMARY.hexval()}'>\u2014\u00a0{markup(said.who)}</font>")


# Tables set a font even for cells holding paragraphs; without this it is Helvetica 10.
CELL_FONT = ("FONT", (0, 0), (-1, -1), FONT, BODY_SIZE, BODY_LEADING)


class _Builder:
    """Turns the blocks of one document into flowables, numbering the bookmarks."""

    def __init__(self, styles: dict[str, ParagraphStyle] | None = None, width: float = FRAME_WIDTH) -> None:
        self.styles = styles or STYLES
        self.width = width
        self.count = 0
        self.level = -1
        self.symbols = False  # a picture was placed: the attribution line is due

    def heading(self, text: str, style: str, level: int, outline: str | None = None,
                bar: bool = False) -> _Heading:
        self.count += 1
        self.level = min(level, self.level + 1)  # the outline may not skip a level
        return _Heading(text, self.styles[style], self.level, f"h{self.count}", _short(outline or text), bar)

    def blocks(self, blocks: Sequence[Block], width: float | None = None, nested: bool = False) -> list[Flowable]:
        width = self.width if width is None else width
        out: list[Flowable] = []
        for block in blocks:
            out.extend(self.block(block, width, nested))
        return out if nested else _keep_headings(out)

    def block(self, block: Block, width: float, nested: bool = False) -> list[Flowable]:
        if isinstance(block, Flowable):
            return [block]
        if isinstance(block, Text):
            text = f"<b>{markup(block.text)}</b>" if block.strong else markup(block.text)
            return [Paragraph(text, self.styles["muted" if block.muted else "body"])]
        if isinstance(block, Fact):
            return [Paragraph(f"<font name='{FONT_BOLD}' color='{PRIMARY.hexval()}'>{markup(block.label)}</font> "
                              f"{markup(block.value)}", self.styles["body"])]
        if isinstance(block, Said):  # in a panel already: larger, rather than a box in a box
            return [Paragraph(_said_markup(block), self.styles["lead"])] if nested else [self._quote(block, width)]
        if isinstance(block, Bullets):
            items = [_said_markup(i) if isinstance(i, Said) else markup(i) for i in block.items]
            if self.styles is COMPACT_STYLES:  # a list an item, so a heading keeps only the first with it
                return [self._list([item], numbered=False, space_after=2) for item in items]
            return [self._list(items, numbered=False)] if items else []
        if isinstance(block, Steps):
            return [self._list([markup(i) for i in block.items], numbered=True)] if block.items else []
        if isinstance(block, SubHeading):
            heading = self.heading(block.text, "subheading", 2, block.bookmark)
            return [heading] if nested else [CondPageBreak(SUBHEADING_ROOM), heading]
        if isinstance(block, Panel):
            panel = self._panel(block, width)
            return [panel] if nested else [KeepTogether([panel])]
        if isinstance(block, Grid):
            return self._grid(block, width) if nested else [KeepTogether(self._grid(block, width))]
        if isinstance(block, Point):
            return self._point(block, width)
        raise TypeError(f"not a document block: {block!r}")

    def _point(self, point: Point, width: float) -> list[Flowable]:
        inner = self.blocks(point.blocks, width - SYMBOL_COLUMN, nested=True)
        if not inner or not has_symbol(point.symbol):
            return inner
        self.symbols = True
        table = Table([[Symbol(point.symbol, SYMBOL_SIZE), inner]], colWidths=[SYMBOL_COLUMN, width - SYMBOL_COLUMN],
                      splitInRow=60)
        table.setStyle(TableStyle([
            CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (0, 0), 2),
        ]))
        table.spaceAfter = 6
        return [table]

    def _list(self, items: list[str], numbered: bool, space_after: float = 8) -> ListFlowable:
        return ListFlowable(
            [ListItem(Paragraph(text, self.styles["item"])) for text in items],
            bulletType="1" if numbered else "bullet",
            start=None if numbered else "\u2022",
            bulletFormat="%s." if numbered else None,
            bulletFontName=FONT_BOLD,
            bulletFontSize=BODY_SIZE,
            bulletColor=PRIMARY if numbered else ACCENT,
            leftIndent=26,
            bulletDedent=20 if numbered else 18,
            spaceAfter=space_after,
        )

    def _quote(self, said: Said, width: float) -> Table:
        rows = [[Paragraph(_said_markup(said), self.styles["said"])]]
        table = Table(rows, colWidths=[width], splitInRow=60, spaceAfter=12)
        table.setStyle(TableStyle([
            CELL_FONT,
            ("BACKGROUND", (0, 0), (-1, -1), WARM),
            ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT),
            ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ]))
        return table

    def _panel(self, panel: Panel, width: float) -> Table:
        inner = width - 30
        rows = [[flowable] for flowable in self.blocks(panel.blocks, inner, nested=True)] or [[Spacer(1, 1)]]
        table = Table(rows, colWidths=[width], splitInRow=60)
        table.setStyle(TableStyle([
            CELL_FONT,
            ("BACKGROUND", (0, 0), (-1, -1), WARM if panel.warm else TINT),
            ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT if panel.warm else PRIMARY),
            ("LEFTPADDING", (0, 0), (-1, -1), 16), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 12), ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ]))
        table.spaceAfter = 14
        return table

    def _grid(self, grid: Grid, width: float) -> list[Flowable]:
        """The caption and the table, kept on one page when they fit on one."""
        out: list[Flowable] = []
        if grid.caption:
            out.append(Paragraph(markup(grid.caption), self.styles["body"]))
        head = [Paragraph(_head_markup(text), self.styles["cell_head"]) for text in grid.header]
        body = []
        for row in grid.rows:
            cells = []
            for i, cell in enumerate(row):
                if not cell:
                    cells.append(Paragraph(markup(grid.empty), self.styles["cell_muted"]))
                    continue
                lines = [cell] if isinstance(cell, (str, tuple)) else list(cell)
                cells.append([Paragraph(_cell_markup(line, whole_bold=i == 0), self.styles["cell"]) for line in lines])
            body.append(cells)
        table = Table([head, *body], colWidths=[width * w for w in grid.widths], repeatRows=1,
                      splitInRow=60)
        commands = [
            ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("LINEBELOW", (0, 0), (-1, -1), 0.75, RULE),
            ("BOX", (0, 0), (-1, -1), 0.75, RULE),
        ]
        commands += [("BACKGROUND", (0, r), (-1, r), TINT) for r in range(2, len(body) + 1, 2)]
        table.setStyle(TableStyle([CELL_FONT, *commands]))
        table.spaceAfter = 14
        out.append(table)
        return out


def _cell_markup(line: CellLine, whole_bold: bool = False) -> str:
    if isinstance(line, tuple):
        lead, rest = line
        return f"<b>{markup(lead)}</b><br/>{markup(rest)}"
    return f"<b>{markup(line)}</b>" if whole_bold else markup(line)


def _head_markup(line: CellLine) -> str:
    """Header cells are bold; the detail under a title is not."""
    if isinstance(line, tuple):
        title, detail = line
        return f"{markup(title)}<br/><font name='{FONT}'>{markup(detail)}</font>"
    return markup(line)


def _short(text: str, limit: int = 70) -> str:
    """A bookmark title: one line, cut between words."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "\u2026"


def _contact_blocks(provider: ProviderProfile) -> list[Block]:
    lines: list[Block] = [Text(provider.name, strong=True)]
    if provider.address_lines():
        lines.append(Text(", ".join(provider.address_lines())))
    if provider.phone:
        lines.append(Fact(_("Phone:"), provider.phone))
    if provider.email:
        lines.append(Fact(_("Email:"), provider.email))
    if provider.website:
        lines.append(Fact(_("Website:"), provider.website))
    if provider.registered_number:
        lines.append(Text(provider.registered_number, muted=True))
    return lines


def story(spec: DocumentSpec) -> list[Flowable]:
    """Every flowable of the document, in order (built afresh for each layout pass)."""
    builder = _Builder(COMPACT_STYLES if spec.compact else STYLES, margin_and_width(spec)[1])
    top: list[Flowable] = [builder.heading(spec.title, "title", 0)]
    top += [Paragraph(markup(line), builder.styles["subtitle"]) for line in spec.subtitle if line]
    if not spec.compact:
        top.append(_AccentRule())
    if spec.photo:  # the photo on the right of the title and the words under it
        left = builder.width - PHOTO_SIZE - 12
        out: list[Flowable] = [_beside([*top, *builder.blocks(spec.intro, left, nested=True)], _photo(spec.photo),
                                       builder.width)]
    else:
        out = [*top, *builder.blocks(spec.intro)]
    terms = glossary_used(spec) if spec.glossary else []
    at = len(spec.sections) if spec.glossary_at is None else spec.glossary_at
    room = COMPACT_ROOM if spec.compact else HEADING_ROOM
    for index, section in enumerate(spec.sections):
        if index == at:
            out += _glossary(builder, terms)
        blocks = builder.blocks(section.blocks)
        if not blocks and not section.required:
            continue
        blocks = blocks or [Paragraph(markup(_(NOT_WRITTEN)), builder.styles["muted"])]
        heading: Flowable = builder.heading(section.heading, "heading", 1, bar=not section.symbol)
        if section.symbol and has_symbol(section.symbol):
            builder.symbols = True
            size = HEADING_SYMBOL_SIZE - (8 if spec.compact else 0)
            heading = _HeadingRow([[Symbol(section.symbol, size), heading]],
                                  colWidths=[size + 10, builder.width - size - 10],
                                  style=_TIGHT + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        out += _keep_headings([CondPageBreak(room), heading, *blocks])
    if at >= len(spec.sections):
        out += _glossary(builder, terms)
    if spec.contact:  # short: kept on one page
        heading = builder.heading(_("How to contact us"), "heading", 1, bar=True)
        out += [CondPageBreak(HEADING_ROOM), KeepTogether([
            heading, *builder.blocks([*spec.contact_note, Panel(_contact_blocks(spec.provider))], nested=True)])]
    if builder.symbols:
        out.append(Paragraph(markup(attribution()), builder.styles["colophon"]))
    return Adapter(spec.layout).flowables(out)


# ---- the words we use -------------------------------------------------------------------------

WORDS_WE_USE = N_("Words we use")


@functools.lru_cache(maxsize=1)
def _glossary_file() -> tuple[Term, ...]:
    """The glossary kept beside the agreement wording (``resources/provider/glossary.json``)."""
    return tuple(parse_terms(json.loads(resource("provider", "glossary.json").read_text(encoding="utf-8"))))


def glossary_terms() -> tuple[Term, ...]:
    """The glossary in the language being written (its words are in the catalog: devtools/babel_provider)."""
    return tuple(Term(_(t.term), _(t.means), tuple(_(f) for f in t.forms)) for t in _glossary_file())


def meaning(term: str) -> str:
    """What a glossary term (named in English) means, to explain it where it is used (it then needs no box)."""
    return next((_(t.means) for t in _glossary_file() if t.term == term), "")


def texts_of(blocks: Sequence[Block]) -> list[str]:
    """Every piece of text in ``blocks``; a ``Flowable`` gives its words as ``texts``."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            out.append(block.text)
        elif isinstance(block, Fact):
            out += [block.label, block.value]
        elif isinstance(block, Said):
            out += [block.text, block.who or ""]
        elif isinstance(block, (Bullets, Steps)):
            for item in block.items:
                out += texts_of([item]) if isinstance(item, Said) else [item]
        elif isinstance(block, SubHeading):
            out.append(block.text)
        elif isinstance(block, (Panel, Point)):
            out += texts_of(block.blocks)
        elif isinstance(block, Grid):
            cells = [*block.header, *(c for row in block.rows for c in row if c)]
            for cell in cells:
                lines = [cell] if isinstance(cell, (str, tuple)) else list(cell)
                out += [" ".join(line) if isinstance(line, tuple) else line for line in lines]
            out += [block.caption, block.empty]
        else:
            out += list(getattr(block, "texts", ()))
    return out


def glossary_used(spec: DocumentSpec) -> list[Term]:
    """The glossary terms the document uses, and those their meanings use in turn."""
    texts = [spec.title, *spec.subtitle, *texts_of(spec.intro), *texts_of(spec.contact_note)]
    for section in spec.sections:
        texts += [section.heading, *texts_of(section.blocks)]
    terms = [t for t in glossary_terms() if not any(flat(t.means) in flat(text) for text in texts)]  # explained there
    found = used(texts, terms)
    while True:
        more = used([t.means for t in found], terms)
        grown = [t for t in terms if t in found or t in more]
        if len(grown) == len(found):
            return grown
        found = grown


def _glossary(builder: _Builder, terms: Sequence[Term]) -> list[Flowable]:
    if not terms:
        return []
    if builder.styles is COMPACT_STYLES:  # no heading or box: a line a term
        return [Spacer(1, 6), *(Paragraph(f"<b>{markup(_term_title(t))}</b>: {markup(t.means)}", builder.styles["body"])
                                for t in terms)]
    heading = builder.heading(_(WORDS_WE_USE), "heading", 1, bar=True)
    intro = builder.blocks([Point("glossary", [Text(_("These words are in this document. This is what they mean."))])])
    return _keep_headings([CondPageBreak(HEADING_ROOM), heading, *intro, _glossary_table(terms, builder)])


def _term_title(term: Term) -> str:
    return term.term[:1].upper() + term.term[1:]


def _glossary_table(terms: Sequence[Term], builder: _Builder) -> Table:
    """One row a term, never split across pages, so each meaning is read in one piece."""
    rows = [[Paragraph(f"<b>{markup(_term_title(t))}</b>: {markup(t.means)}", builder.styles["cell"])]
            for t in terms]
    table = Table(rows, colWidths=[builder.width])
    table.setStyle(TableStyle([
        CELL_FONT, ("BACKGROUND", (0, 0), (-1, -1), TINT), ("LINEBEFORE", (0, 0), (0, -1), 4, PRIMARY),
        ("LEFTPADDING", (0, 0), (-1, -1), 16), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, 0), 12), ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
    ]))
    table.spaceAfter = 14
    return table


_TIGHT = [CELL_FONT, ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
PHOTO_SIZE = 96


class _HeadingRow(Table):
    """A section heading with its picture on the left: kept with what follows, like a heading."""


def _photo(data: bytes | None) -> Flowable | None:
    """The person's photo, from bytes in memory (never a file), at most ``PHOTO_SIZE`` square."""
    if not data:
        return None
    reader = ImageReader(io.BytesIO(data))
    w, h = reader.getSize()
    scale = PHOTO_SIZE / max(w, h)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale)


def _beside(left: list[Flowable], right: Flowable | None, width: float) -> Flowable:
    table = Table([[left, right]], colWidths=[width - PHOTO_SIZE - 12, PHOTO_SIZE + 12],
                  style=_TIGHT + [("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    table.spaceAfter = 6
    return table


def _keep_headings(flowables: list[Flowable]) -> list[Flowable]:
    """Each heading kept on the same page as what follows it (the next flowable, whole).
    A KeepTogether is never put inside another: reportlab measures an inner one as endless."""
    out: list[Flowable] = []
    i = 0
    while i < len(flowables):
        item = flowables[i]
        if isinstance(item, (_Heading, _HeadingRow)) and i + 1 < len(flowables):
            following = flowables[i + 1]
            content = following._content if isinstance(following, KeepTogether) else [following]
            out.append(KeepTogether([item, *content]))
            i += 2
        else:
            out.append(item)
            i += 1
    return out


class _AccentRule(Flowable):
    """The short accent bar under the title."""

    right_to_left = False

    def adapt(self, layout: Layout) -> None:  # called by documents.adapt: the bar starts where lines start
        self.right_to_left = layout.right_to_left

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 26

    def draw(self) -> None:
        self.canv.setFillColor(ACCENT)
        self.canv.roundRect(self.width - 72 if self.right_to_left else 0, 12, 72, 5, 2.5, stroke=0, fill=1)


# ---- pages -------------------------------------------------------------------------------------


def _pdf_date(made_on: dt.date | dt.datetime) -> Callable[..., str]:
    when = made_on if isinstance(made_on, dt.datetime) else dt.datetime.combine(made_on, dt.time())
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    fixed = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    return lambda *_ignored: fixed


class _Doc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, spec: DocumentSpec, total_pages: int, **kw) -> None:
        super().__init__(buffer, **kw)
        self.spec, self.total_pages = spec, total_pages
        self.logo = ImageReader(str(spec.logo)) if spec.logo else None
        self.header, self.logo_size = (COMPACT_HEADER, COMPACT_LOGO) if spec.compact else (HEADER_HEIGHT, LOGO_SIZE)
        self.footer = COMPACT_FOOTER if spec.compact else FOOTER_HEIGHT
        self.margin, self.width = margin_and_width(spec)
        frame = Frame(self.margin, self.footer, self.width, PAGE_HEIGHT - self.header - self.footer - 10,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        spec, layout = self.spec, self.spec.layout
        rtl = layout.right_to_left  # the page furniture mirrors: logo and name on the right

        def at(x: float, width: float = 0) -> float:
            return PAGE_WIDTH - x - width if rtl else x

        canv.saveState()
        if canv.getPageNumber() == 1:
            canv.showOutline()
        logo_size = self.logo_size
        top = PAGE_HEIGHT - (14 if spec.compact else 24)
        x = self.margin
        if self.logo is not None:
            w, h = self.logo.getSize()
            scale = logo_size / max(w, h)
            canv.drawImage(self.logo, at(x, w * scale), top - logo_size, w * scale, h * scale, mask="auto")
            x += w * scale + 12
        canv.setFillColor(PRIMARY)
        name_size = scaled(16, layout)
        name = _fit(spec.provider.name, FONT_BOLD, name_size, PAGE_WIDTH - self.margin - x, layout)
        draw_text(canv, at(x), top - logo_size / 2 - 5, name, FONT_BOLD, name_size, layout,
                  align="right" if rtl else "left")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(1)
        canv.line(self.margin, PAGE_HEIGHT - self.header + 2, PAGE_WIDTH - self.margin, PAGE_HEIGHT - self.header + 2)
        # the footer: whose document, and where we are in it
        footer = self.footer
        canv.line(self.margin, footer - 10, PAGE_WIDTH - self.margin, footer - 10)
        canv.setFillColor(MUTED)
        size = scaled(MIN_TEXT_SIZE, layout)
        page = _("Page {page} of {pages}", page=canv.getPageNumber(), pages=self.total_pages or "?")
        page_width = text_width(page, FONT, size, layout)
        draw_text(canv, PAGE_WIDTH - at(self.margin), footer - 30, page, FONT, size, layout,
                  align="left" if rtl else "right")
        room = self.width - page_width - 24
        draw_text(canv, at(self.margin), footer - 30, _fit(spec.footer, FONT, size, room, layout), FONT, size,
                  layout, align="right" if rtl else "left")
        canv.restoreState()


def margin_and_width(spec: DocumentSpec) -> tuple[float, float]:
    margin = COMPACT_MARGIN if spec.compact else MARGIN_X
    return margin, PAGE_WIDTH - 2 * margin


def _fit(text: str, font: str, size: float, width: float, layout: Layout = Layout()) -> str:
    """``text`` cut (with an ellipsis) to fit ``width``; empty if not even a word fits."""
    if text_width(text, font, size, layout) <= width:
        return text
    words = text.split()
    while words:
        words.pop()
        candidate = " ".join(words) + "\u2026"
        if text_width(candidate, font, size, layout) <= width:
            return candidate
    return ""


def _layout(spec: DocumentSpec, total_pages: int) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = _Doc(
        buffer, spec, total_pages,
        pagesize=A4,
        title=spec.title,
        author=spec.provider.name,
        subject=spec.subject or spec.title,
        keywords=list(spec.keywords),
        creator=CREATOR,
        producer=f"{CREATOR} (ReportLab)",
        lang=document_language(spec.language),
        invariant=1,
        displayDocTitle=1,
        initialFontName=FONT,
        initialFontSize=BODY_SIZE,
        initialLeading=BODY_LEADING,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=HEADER_HEIGHT, bottomMargin=FOOTER_HEIGHT,
    )
    date_formatter = _pdf_date(spec.made_on)

    def canvasmaker(*args, **kw) -> Canvas:
        canv = Canvas(*args, **kw)
        canv.setDateFormatter(date_formatter)
        return canv

    doc.build(story(spec), canvasmaker=canvasmaker)
    return buffer.getvalue(), doc.page


def build_pdf(spec: DocumentSpec) -> bytes:
    """The document's PDF bytes. Laid out twice: the first pass counts the pages for "Page 2 of 5"
    (the page furniture sits outside the text frame, so the count cannot change the layout)."""
    register_fonts()
    _, pages = _layout(spec, 0)
    pdf, again = _layout(spec, pages)
    assert again == pages
    return pdf

