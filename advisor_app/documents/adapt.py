"""A document made to meet the reader's needs: large print, and right-to-left scripts (Urdu).

The builders lay a document out once, in left-to-right English terms; ``adapt`` then walks the
finished flowables and, for a large-print reader, sets every paragraph at 18 pt or more (sizes
and spacing scaled together), and for a right-to-left language sets every paragraph in a font
that covers the script (Amiri: Arabic script, Latin letters, £ and punctuation), right-aligned,
its words in right-to-left order and its letters joined, and mirrors tables and lists so they read
from the right. ``draw_text`` does the same for text drawn straight onto the page (headers,
footers, charts).

reportlab orders the words of a right-to-left paragraph only when the paragraph is one run of
text (no line break) and is not shaped (with HarfBuzz shaping on, or across a line break, the words
stay in logical order, drawn from the left). So a paragraph's Arabic-script text is joined
beforehand, letter by letter into the Unicode presentation forms that Amiri draws
(``arabic_reshaper``), and laid out unshaped; a paragraph with line breaks becomes one paragraph
per line, stacked (``RightToLeftLines``). A single line drawn on the canvas is shaped by HarfBuzz,
which orders its words itself.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

import arabic_reshaper
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table
from reportlab.platypus.flowables import LIIndenter

from advisor_app.paths import resource

LARGE_PRINT_SIZE = 18  # the smallest text in a large-print document (the RNIB's guidance: 16-18 pt)
BASE_SIZE = 14  # the easy-read body the large-print scale starts from

RTL_FONT, RTL_FONT_BOLD = "Amiri", "Amiri-Bold"
RTL_FONT_FILES = {RTL_FONT: "Amiri-Regular.ttf", RTL_FONT_BOLD: "Amiri-Bold.ttf"}
# Each left-to-right font the builders use and its right-to-left stand-in.
RTL_FONTS = {"DejaVuSans": RTL_FONT, "DejaVuSans-Bold": RTL_FONT_BOLD}

# A word that mixes Arabic-script letters with digits or Latin letters ("2026۔") is shaped by
# HarfBuzz as one run in one direction, which turns the digits round: such words are split.
_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_MIXED = re.compile(rf"(?<=[{_ARABIC}])(?=[0-9A-Za-z\u00c0-\u024f£])|(?<=[0-9A-Za-z\u00c0-\u024f%])(?=[{_ARABIC}])")
_FONT_NAME = re.compile(r"""(name\s*=\s*['"])([^'"]+)(['"])""")
_TAG = re.compile(r"(<[^>]*>)")
_BREAK = re.compile(r"<br\s*/?>")
_INLINE = re.compile(r"<(?!br\s*/?>)[^>]*>")  # any tag but a line break
_WHOLE = re.compile(r"^\s*<(\w+)[^>]*>([^<]*)</\1>\s*$", re.S)
# Symbols the documents use that Amiri has no glyph for (reportlab cannot fall back to another font
# within a line), and what a right-to-left document shows instead.
_STAND_INS = str.maketrans({"\u2610": "[\u2002]", "\u2612": "[\u00d7]", "\u25cf": "\u2022"})
# Joins Arabic-script letters (Urdu's too) into their presentation forms; marks are kept.
_JOIN = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


@dataclass(frozen=True)
class Layout:
    """How a document is printed for its reader."""

    right_to_left: bool = False
    large_print: bool = False

    @property
    def plain(self) -> bool:
        return not (self.right_to_left or self.large_print)


def register_rtl_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in RTL_FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    pdfmetrics.registerFontFamily(RTL_FONT, normal=RTL_FONT, bold=RTL_FONT_BOLD, italic=RTL_FONT,
                                  boldItalic=RTL_FONT_BOLD)


def scaled(size: float, layout: Layout) -> float:
    """A type size for this reader: large print takes 14 pt to 18 pt and never goes below 18."""
    return max(size * LARGE_PRINT_SIZE / BASE_SIZE, LARGE_PRINT_SIZE) if layout.large_print else size


def font(name: str, layout: Layout) -> str:
    return RTL_FONTS.get(name, name) if layout.right_to_left else name


def rtl_markup(text: str) -> str:
    """Paragraph markup for a right-to-left paragraph: its fonts swapped, mixed words split, its
    Arabic-script letters joined (presentation forms: see the module docstring).

    reportlab orders the words of a right-to-left line only when the line is in one style: a line
    mixing styles (a bold label before plain words) comes out with the later words backwards. So a
    paragraph styled in parts is set plain (its words in the right order matter more than the bold);
    one styled as a whole keeps its style."""
    if _INLINE.search(text) and not _WHOLE.match(text):
        text = _INLINE.sub("", text)
    parts = _TAG.split(text)
    for i, part in enumerate(parts):
        if part.startswith("<"):
            parts[i] = _FONT_NAME.sub(lambda m: m.group(1) + RTL_FONTS.get(m.group(2), m.group(2)) + m.group(3), part)
        else:
            parts[i] = _JOIN.reshape(_MIXED.sub(" ", part).translate(_STAND_INS))
    return "".join(parts)


def rtl_text(text: str) -> str:
    return _MIXED.sub(" ", text).translate(_STAND_INS)


class Adapter:
    """Adapts one document's flowables; styles are made once per style and kept."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._styles: dict[int, ParagraphStyle] = {}
        if layout.right_to_left:
            register_rtl_fonts()

    def style(self, style: ParagraphStyle) -> ParagraphStyle:
        key = id(style)
        if style.name.endswith("-adapted"):  # already this document's (a flowable seen twice)
            return style
        if key in self._styles:
            return self._styles[key]
        layout, changes = self.layout, {}
        if layout.large_print:
            size = scaled(style.fontSize, layout)
            ratio = size / style.fontSize
            changes.update(fontSize=size, leading=style.leading * ratio, spaceBefore=style.spaceBefore * ratio,
                           spaceAfter=style.spaceAfter * ratio, bulletFontSize=scaled(style.bulletFontSize, layout))
        if layout.right_to_left:
            alignment = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(style.alignment, style.alignment)
            changes.update(fontName=font(style.fontName, layout), alignment=alignment, wordWrap="RTL", shaping=0,
                           leftIndent=style.rightIndent, rightIndent=style.leftIndent)
        made = self._styles[key] = style.clone(f"{style.name}-adapted", **changes)
        return made

    def flowables(self, flowables: Iterable[Flowable]) -> list[Flowable]:
        out = list(flowables)
        if not self.layout.plain:
            for flowable in out:
                self.flowable(flowable)
        return out

    def flowable(self, item: object) -> None:
        if isinstance(item, (list, tuple)):
            for each in item:
                self.flowable(each)
        elif isinstance(item, Paragraph) and self.layout.right_to_left and _BREAK.search(item.text):
            style = self.style(item.style)
            lines = _BREAK.split(rtl_markup(item.text))
            item.__class__ = RightToLeftLines  # in place: it may sit in a table's cell or a list's item
            RightToLeftLines.__init__(item, [
                Paragraph(line if line.strip() else "\u00a0", style.clone(
                    style.name, spaceBefore=style.spaceBefore if n == 0 else 0,
                    spaceAfter=style.spaceAfter if n == len(lines) - 1 else 0))
                for n, line in enumerate(lines)])
        elif isinstance(item, Paragraph):
            text = rtl_markup(item.text) if self.layout.right_to_left else item.text
            Paragraph.__init__(item, text, self.style(item.style))
        elif isinstance(item, Table):
            for row in item._cellvalues:
                self.flowable(row)
            if self.layout.right_to_left:
                mirror_table(item)
        elif isinstance(item, LIIndenter):
            self.flowable(item._flowable)
            bullet = item._bullet
            if bullet is not None:
                bullet._bulletFontSize = scaled(bullet._bulletFontSize, self.layout)
                if self.layout.right_to_left:
                    item._leftIndent, item._rightIndent = item._rightIndent, item._leftIndent
                    bullet._bulletDir, bullet._bulletAlign = "rtl", "right"
                    bullet._bulletFontName = font(bullet._bulletFontName, self.layout)
        elif isinstance(item, CondPageBreak) and self.layout.large_print:
            item.height = item.height * LARGE_PRINT_SIZE / BASE_SIZE
        else:
            for attribute in ("_content", "_flowables", "_flowable"):
                inner = getattr(item, attribute, None)
                if isinstance(inner, (list, tuple, Flowable)):
                    self.flowable(inner)
            hook = getattr(item, "adapt", None)
            if callable(hook):
                hook(self.layout)


class RightToLeftLines(Flowable):
    """A right-to-left paragraph with line breaks, as one paragraph per line, stacked: each line is
    then one run of text whose words reportlab orders (see the module docstring). It splits across
    pages between its lines, or inside one."""

    def __init__(self, lines: list[Paragraph]) -> None:
        super().__init__()
        self._lines = lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._heights = [line.wrap(available_width, available_height)[1] for line in self._lines]
        self.width, self.height = available_width, sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for line, height in zip(self._lines, self._heights):
            y -= height
            line.drawOn(self.canv, 0, y)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        used = 0.0
        for n, line in enumerate(self._lines):
            height = line.wrap(available_width, available_height - used)[1]
            if used + height <= available_height:
                used += height
                continue
            pieces = line.split(available_width, available_height - used) if available_height > used else []
            if pieces:  # this line's first part here, the rest on the next page
                first, rest = self._lines[:n] + pieces[:1], pieces[1:] + self._lines[n + 1:]
            else:
                first, rest = self._lines[:n], self._lines[n:]
            return [RightToLeftLines(first), RightToLeftLines(rest)] if first and rest else []
        return [self]

    def minWidth(self) -> float:  # noqa: N802 (reportlab's name: a table sizing its columns asks it)
        return max(line.minWidth() for line in self._lines)

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's names)
        return self._lines[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self._lines[-1].getSpaceAfter()


_SIDES = {"LINEBEFORE": "LINEAFTER", "LINEAFTER": "LINEBEFORE"}


def mirror_table(table: Table) -> None:
    """Reverse a table's columns, with their widths, paddings, alignments, lines and spans."""
    columns = table._ncols
    if getattr(table, "_mirrored", False):
        return
    table._mirrored = True

    def col(c: int) -> int:
        return columns - 1 - (c + columns if c < 0 else c)

    def area(cmd: tuple) -> tuple:
        name, (sc, sr), (ec, er), *rest = cmd
        return (_SIDES.get(name, name), (col(ec), sr), (col(sc), er), *rest)

    table._cellvalues = [list(reversed(row)) for row in table._cellvalues]
    table._cellStyles = [list(reversed(row)) for row in table._cellStyles]
    for row in table._cellStyles:
        for cell in row:
            cell.leftPadding, cell.rightPadding = cell.rightPadding, cell.leftPadding
            cell.alignment = {"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(str(cell.alignment).upper(), cell.alignment)
    table._argW = list(reversed(table._argW))
    table._colWidths = list(reversed(table._colWidths))
    table._bkgrndcmds = [area(c) for c in table._bkgrndcmds]
    table._linecmds = [area(c) for c in table._linecmds]
    table._spanCmds = [area(c) for c in table._spanCmds]
    if hasattr(table, "_spanRanges"):
        table._calcSpanRanges()


def draw_text(canv: Canvas, x: float, y: float, text: str, font_name: str, size: float, layout: Layout,
              align: str = "left") -> float:
    """Draw one line at (x, y) aligned ``left``, ``right`` or ``centre`` to x; returns its width.
    A right-to-left layout shapes and orders the text (the caller mirrors x where it must)."""
    name = font(font_name, layout)
    canv.setFont(name, size)
    extra = dict(direction="RTL", shaping=1) if layout.right_to_left else {}
    if layout.right_to_left:
        text = rtl_text(text)
    draw = {"left": canv.drawString, "right": canv.drawRightString, "centre": canv.drawCentredString}[align]
    draw(x, y, text, **extra)
    return text_width(text, font_name, size, layout)


class DrawnInLayout:
    """For a flowable that draws itself (a chart, a matrix, a box to sign in): it is drawn in left
    to right terms, and a right-to-left layout mirrors it as a whole while its words stay readable.

    ``adapt`` is called by the Adapter; inside ``with self.mirrored(canv, width)`` shapes are drawn
    as usual, and words with ``self.text`` (shaped and ordered, at the mirrored place, anchored on
    the side the line starts)."""

    layout = Layout()

    def adapt(self, layout: Layout) -> None:
        self.layout = layout

    @contextmanager
    def mirrored(self, canv: Canvas, width: float) -> Iterator[None]:
        canv.saveState()
        if self.layout.right_to_left:
            canv.translate(width, 0)
            canv.scale(-1, 1)
        try:
            yield
        finally:
            canv.restoreState()

    def text(self, canv: Canvas, x: float, y: float, text: str, font_name: str, size: float,
             align: str = "left") -> None:
        if not self.layout.right_to_left:
            draw_text(canv, x, y, text, font_name, size, self.layout, align)
            return
        canv.saveState()  # undo the mirror where the words go: they read from the right
        canv.translate(x, y)
        canv.scale(-1, 1)
        draw_text(canv, 0, 0, text, font_name, size, self.layout, {"left": "right", "right": "left"}.get(align, align))
        canv.restoreState()

    def text_width(self, text: str, font_name: str, size: float) -> float:
        return text_width(text, font_name, size, self.layout)


def text_width(text: str, font_name: str, size: float, layout: Layout) -> float:
    if not layout.right_to_left:
        return pdfmetrics.stringWidth(text, font_name, size)
    from reportlab.pdfgen.textobject import bidiShapedText

    return bidiShapedText(rtl_text(text), "RTL", fontName=font(font_name, layout), fontSize=size, shaping=True)[1]
