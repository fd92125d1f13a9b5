"""What a signature box shows, drawn with reportlab in the documents' own font and imported into
the box's widget as a form XObject (no temporary file: the page is read from memory).

- A signed box: the drawn signature (or the mark) in ink, and under it who signed, as what,
  how (a mark witnessed, a hand guided), and the date; "Signed for Priya by Anita Sharma,
  nominated person" where someone signs for the box's owner.
- An unsigned box (drawn when the pack is made): whose box it is, and that it is to be signed.

The page content around the box never says "Sign here": only the unsigned box's own appearance
does, and a signature replaces that appearance.
"""

from __future__ import annotations

import io
from typing import Callable

from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from advisor_app.domain.agreement import SIGNER_ROLE_LABELS, STAND_IN_WORDS, SignatureEvidence, SigningMethod
from advisor_app.i18n import _

INK = colors.HexColor("#0D2673")  # the pen's ink
TEXT = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#3D3D3D")
CAPTION_SIZE = 11
PAD = 4.0
# Inside the box's printed border (the page draws it; the appearance must not cover it).
INSIDE_BORDER = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                                    margins=Margins.uniform(2))


class PdfPageContent(PdfContent):
    """The first page of a small PDF held in memory, as appearance content."""

    def __init__(self, pdf: bytes, width: float, height: float) -> None:
        super().__init__(box=BoxConstraints(width, height))
        self.pdf = pdf

    def render(self) -> bytes:
        xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)), page_ix=0)
        self.resources.xobject["/Box"] = xobj
        return b"/Box Do"


def _page(width: float, height: float, draw: Callable[[Canvas], None]) -> bytes:
    from advisor_app.documents.easyread import register_fonts

    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=True, pageCompression=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width`` (never cut)."""
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _strokes(canvas: Canvas, evidence: SignatureEvidence, x: float, y: float, width: float, height: float) -> None:
    """The drawing scaled to fit the area, keeping its shape; a little thicker where pressed harder."""
    points = [(p[0], p[1]) for s in evidence.strokes for p in s]
    if not points:
        return
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0 = min(xs), min(ys)
    span_x, span_y = max(max(xs) - x0, 1.0), max(max(ys) - y0, 1.0)
    scale = min(width / span_x, height / span_y)
    off_x = x + (width - span_x * scale) / 2
    top = y + height - (height - span_y * scale) / 2
    canvas.setStrokeColor(INK)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    for stroke in evidence.strokes:
        if len(stroke) < 2:
            continue
        pressures = [p[3] for p in stroke if p[3] is not None]
        canvas.setLineWidth(1.2 + 1.3 * (sum(pressures) / len(pressures) if pressures else 0.5))
        path = canvas.beginPath()
        for i, (px, py, _t, _p) in enumerate(stroke):
            point = (off_x + (px - x0) * scale, top - (py - y0) * scale)  # the drawing's y runs down
            path.lineTo(*point) if i else path.moveTo(*point)
        canvas.drawPath(path, stroke=1, fill=0)


def caption(evidence: SignatureEvidence, box_owner: str = "") -> list[str]:
    """The words under a signature: who, as what, how, when."""
    from advisor_app.documents.common import format_date

    role = _(SIGNER_ROLE_LABELS[evidence.role])
    if evidence.on_behalf_of:
        owner = box_owner or evidence.on_behalf_of
        words = STAND_IN_WORDS.get(evidence.authority)
        who = _("Signed for {owner} by {name}, {authority}", owner=owner.split()[0], name=evidence.signer_name,
                authority=_(words)) if words else _("Signed for {owner} by {name}", owner=owner.split()[0],
                                                      name=evidence.signer_name)
    else:
        who = _("{name}, {role}", name=evidence.signer_name, role=role[:1].lower() + role[1:])
    day = format_date(evidence.signed_at.date())
    if evidence.method == SigningMethod.MARK:
        how = _("A mark, witnessed by {name}, on {date}", name=evidence.witness_name, date=day)
    elif evidence.method == SigningMethod.ASSISTED:
        how = _("Helped by {name}, who guided the hand, on {date}", name=evidence.supporter_name, date=day)
    else:
        how = _("Signed on {date}", date=day)
    return [who, how]


def signed_box(evidence: SignatureEvidence, width: float, height: float) -> PdfPageContent:
    from advisor_app.documents.easyread import FONT, FONT_BOLD

    lines = caption(evidence)

    def draw(canvas: Canvas) -> None:
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, width, height, stroke=0, fill=1)  # the box, opaque: nothing shows through
        text_height = len(lines) * (CAPTION_SIZE + 2) + PAD
        _strokes(canvas, evidence, PAD + 2, text_height + PAD, width - 2 * PAD - 4, height - text_height - 2 * PAD)
        y = text_height - CAPTION_SIZE
        for i, line in enumerate(lines):
            font = FONT_BOLD if i == 0 else FONT
            canvas.setFont(font, _fit(canvas, line, font, CAPTION_SIZE, width - 2 * PAD))
            canvas.setFillColor(TEXT if i == 0 else MUTED)
            canvas.drawString(PAD, y, line)
            y -= CAPTION_SIZE + 2

    return PdfPageContent(_page(width, height, draw), width, height)


def unsigned_box(owner: str, role_label: str, office: bool, width: float, height: float) -> bytes:
    """The unsigned box's appearance page (a PDF): whose box it is, to be signed."""
    from advisor_app.documents.easyread import FONT, FONT_BOLD

    first = _("For the manager to sign at our office") if office else (
        _("For {name} to sign", name=owner) if owner else _("For the {role} to sign", role=role_label.lower()))
    second = role_label

    def draw(canvas: Canvas) -> None:
        canvas.setFillColor(MUTED)
        size = _fit(canvas, first, FONT_BOLD, 12, width - 2 * PAD - 8)
        canvas.setFont(FONT_BOLD, size)
        canvas.drawString(PAD + 4, height / 2 + 2, first)
        canvas.setFont(FONT, _fit(canvas, second, FONT, 11, width - 2 * PAD - 8))
        canvas.drawString(PAD + 4, height / 2 - 14, second)

    return _page(width, height, draw)
