"""The office's own reports as PDFs, beside their CSV files: the case list (as found), a themes
workshop's analysis, and the Progress for Providers evidence with the office's grades. For the
office's staff, not families: landscape A4, compact tables that repeat their header on each page,
the provider's name and "Page 2 of 5" on every page, title, author, language and a bookmark for each
table in the PDF's details. The same bytes for the same input (reportlab's invariant mode).

The office's services make the rows (``office/exports.py``); each table says in words what it holds
before it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from advisor_app.documents.easyread import (  # the look every document shares; its fixed creation date
    FONT, FONT_BOLD, INK, MUTED, PRIMARY, RULE, TINT, _pdf_date, document_language, register_fonts,
)
from advisor_app.domain.provider import ProviderProfile
from advisor_app.i18n import _, format_date

PAGE = landscape(A4)
MARGIN = 36
BODY, SMALL = 9, 8


@dataclass(frozen=True)
class Table:
    heading: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]  # fractions of the page's width
    lead: str = ""  # what the table shows, in words


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=18, leading=22, textColor=PRIMARY),
        "sub": ParagraphStyle("sub", fontName=FONT, fontSize=BODY, leading=12, textColor=MUTED),
        "h": ParagraphStyle("h", fontName=FONT_BOLD, fontSize=12, leading=15, textColor=PRIMARY, spaceBefore=10,
                            spaceAfter=4),
        "lead": ParagraphStyle("lead", fontName=FONT, fontSize=BODY, leading=12, textColor=INK, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=BODY, leading=11, textColor=INK),
        "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=BODY, leading=11, textColor=colors.white),
    }


def build(title: str, tables: Sequence[Table], provider: ProviderProfile, made_on: dt.date, *,
          subtitle: Sequence[str] = (), language: str | None = None) -> bytes:
    register_fonts()
    styles = _styles()
    width = PAGE[0] - 2 * MARGIN
    story = [Paragraph(escape(title), styles["title"])]
    for line in [*subtitle, _("Made on {date}", date=format_date(made_on))]:
        story.append(Paragraph(escape(line), styles["sub"]))
    for table in tables:
        heading = Paragraph(escape(table.heading), styles["h"])
        heading.outline = table.heading  # type: ignore[attr-defined]
        story.append(heading)
        if table.lead:
            story.append(Paragraph(escape(table.lead), styles["lead"]))
        data = [[Paragraph(escape(str(h)), styles["head"]) for h in table.header]]
        data += [[Paragraph(escape(str(c)), styles["cell"]) for c in row] for row in table.rows]
        grid = LongTable(data, colWidths=[f * width for f in table.widths], repeatRows=1)
        grid.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), PRIMARY), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, TINT]), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        story += [grid, Spacer(1, 6)]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 14,
                            bottomMargin=MARGIN, title=title, author=provider.name, subject=title,
                            creator="advisor-app", invariant=1, lang=document_language(language))

    def furniture(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT_BOLD, SMALL)
        canvas.setFillColor(PRIMARY)
        canvas.drawString(MARGIN, PAGE[1] - MARGIN, provider.name)
        canvas.setFont(FONT, SMALL)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, _("Page {page}", page=document.page))
        canvas.drawString(MARGIN, MARGIN / 2, title)
        canvas.restoreState()

    def bookmark(flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            key = f"table-{id(flowable)}"
            doc.canv.bookmarkPage(key)
            doc.canv.addOutlineEntry(outline, key, level=0)

    doc.afterFlowable = bookmark  # type: ignore[method-assign]
    dated = _pdf_date(made_on)

    def canvasmaker(*args, **kw) -> Canvas:
        canvas = Canvas(*args, **kw)
        canvas.setDateFormatter(dated)
        return canvas

    doc.build(story, onFirstPage=furniture, onLaterPages=furniture, canvasmaker=canvasmaker)
    return buffer.getvalue()
