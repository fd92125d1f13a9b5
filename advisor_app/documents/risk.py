"""The risk and opportunity assessment, laid out like the provider's paper form.

One PDF per assessment (``services.documents`` makes one per part; ``services.risk`` gives the
parts). Every field of the form is printed, in the form's order, blank ones as "Not written
yet." or as empty rows to fill in, so the printed copy can be read, checked and signed like the
paper it replaces: reference and date; the risk and the risks identified; who might be harmed;
important to and important for side by side; the 4+1 questions; capacity and who decided;
deprivation of liberty (with the guidance when the answer is yes); the consequences of doing
nothing with their severity; triggers; support measures; the residual risk and the 5 x 5
matrix with its cell marked; monitoring and success; reviews; assessors with signature lines;
instructions to staff; who completed it and the next review date; the consultation table; and
the manager's decision, read from its own record.

It is a working form for staff and managers, so its tables use 12 pt cells; the body keeps
the easy-read base's 14 pt and its look (``easyread``).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from advisor_app.documents.adapt import DrawnInLayout
from advisor_app.documents.common import DocumentInput, People, format_date, people, in_reader_language
from advisor_app.documents.easyread import (
    CELL_FONT,
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    INK,
    MUTED,
    PRIMARY,
    RULE,
    STYLES,
    TINT,
    WARM,
    ACCENT,
    Block,
    Bullets,
    DocumentSpec,
    Panel,
    Said,
    Section,
    Text,
    build_pdf,
    markup,
    register_fonts,
)
from advisor_app.domain.messages import N_
from advisor_app.domain.risk import (
    CAPACITY_LABELS,
    CONSULTEE_LABELS,
    DECISION_LABELS,
    DOING_NOTHING_PARTIES,
    DOLS_NOTICE,
    FOUR_PLUS_ONE_QUESTIONS,
    HARMED_PARTY_LABELS,
    MAX_REVIEWS,
    PERSON_DECISION_LABELS,
    STATUS_WORDS,
    WEIGHING_LABELS,
    CapacityAnswer,
    ChangeInCircumstances,
    DecisionKind,
    ManagerDecision,
    Rating,
    RiskAssessment,
    RiskMatrix,
    RiskPolicy,
    ServesKind,
    Severity,
    Signed,
    Status,
    Subject,
    decision_applies,
    latest_change_on,
    load_risk_matrix,
    load_risk_policy,
    rating_severity,
    review_due_on,
    status,
    status_line,
    who_decided,
)
from advisor_app.i18n import _
from advisor_app.store import provider_files

TITLE = N_("Risk and opportunity assessment")

# What a part adds to the sections its builder is given (services.risk.document_parts).
ASSESSMENT_KEY = "risk.assessment"  # the assessment, as stored
DECISION_KEY = "risk.decision"  # the latest decision about it, as stored, or None
CHANGES_KEY = "risk.changes"  # the changes in circumstances that concern it
MATRIX_KEY = "risk.matrix"  # the provider's matrix and policy (the resource files when left out)
POLICY_KEY = "risk.policy"

CELL_SIZE = 12  # table cells: a working form, not an easy-read leaflet
CELL_LEADING = 16
BOX_ON, BOX_OFF = "\u2612", "\u2610"  # ☒ ☐
MARK = "\u25cf"  # ●

_cell = ParagraphStyle("risk_cell", parent=STYLES["cell"], fontSize=CELL_SIZE, leading=CELL_LEADING, spaceAfter=0)
_cell_bold = ParagraphStyle("risk_cell_bold", parent=_cell, fontName=FONT_BOLD)
_cell_muted = ParagraphStyle("risk_cell_muted", parent=_cell, textColor=MUTED)
_cell_head = ParagraphStyle("risk_cell_head", parent=_cell, fontName=FONT_BOLD, textColor=colors.white)
_cell_centre = ParagraphStyle("risk_cell_centre", parent=_cell, alignment=TA_CENTER)
_label = ParagraphStyle("risk_label", parent=STYLES["body"], fontName=FONT_BOLD, textColor=PRIMARY,
                        spaceAfter=2, keepWithNext=1)
_value = ParagraphStyle("risk_value", parent=STYLES["body"], spaceAfter=12)
_value_muted = ParagraphStyle("risk_value_muted", parent=_value, textColor=MUTED)


def why_not_ready(sections: Mapping[str, Any]) -> str | None:
    if sections.get(ASSESSMENT_KEY) or sections.get("risk_assessment"):
        return None
    return N_("Start a risk and opportunity assessment first.")


# ---- made afresh for each layout pass -----------------------------------------------------------


class _Fresh(Sequence):
    """A section's blocks, made anew each time they are read. ``build_pdf`` lays the story out
    twice (the first pass counts the pages), and reportlab changes flowables as it lays them out
    (a postponed mark, a spent keep-with-next), so a flowable must never serve twice."""

    def __init__(self, make: Callable[[], list[Block]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Block]:
        return iter(self._make())

    def __len__(self) -> int:
        return len(self._make())

    def __getitem__(self, index):  # type: ignore[override]
        return self._make()[index]


# ---- small pieces ----------------------------------------------------------------------------


def _p(text: str, style: ParagraphStyle = _cell) -> Paragraph:
    return Paragraph(markup(text), style)


def _field(label: str, value: str, *, empty: str | None = None) -> list[Flowable]:
    """A form field: its label, then what was written (or that nothing was)."""
    if value:
        return [Paragraph(markup(label), _label), Paragraph(markup(value), _value)]
    return [Paragraph(markup(label), _label), Paragraph(markup(empty or _("Not written yet.")), _value_muted)]


def _boxes(options: Sequence[tuple[str, bool]]) -> str:
    return "    ".join(f"{BOX_ON if on else BOX_OFF}\u00a0{label}" for label, on in options)


def _yes_no(value: bool | None) -> str:
    return _boxes([(_("Yes"), value is True), (_("No"), value is False)])


def _date(day) -> str:
    """For table cells: the day and month kept on one line ("20 February" / "2026")."""
    return format_date(day).replace(" ", "\u00a0", 1) if day else ""


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
           styles: Sequence[tuple] = (), min_height: float = 0, caption: str = "") -> list[Flowable]:
    """The easy-read table look at 12 pt. A cell is text (``str``), a Paragraph, or a list of them.
    ``min_height`` leaves room to write by hand in each row (signature lines)."""
    head = [_p(text, _cell_head) for text in header]
    body = [[_p(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
    heights = [None, *(_row_height(row, widths, min_height) for row in body)] if min_height else None
    table = Table([head, *body], colWidths=[FRAME_WIDTH * w for w in widths], rowHeights=heights, repeatRows=1,
                   splitInRow=0 if min_height else 40)
    commands = [
        CELL_FONT,
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (0, 0), (-1, -1), 0.75, RULE),
        ("LINEAFTER", (0, 1), (-2, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.75, RULE),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), TINT) for r in range(2, len(body) + 1, 2)]
    table.setStyle(TableStyle([*commands, *styles]))
    table.spaceAfter = 14
    if caption:  # a caption and a short table stay on one page; a long one may still split
        return [KeepTogether([Paragraph(markup(caption), STYLES["body"]), table])]
    return [table]


def _row_height(row: Sequence[Any], widths: Sequence[float], minimum: float) -> float:
    """The height a row needs (at least ``minimum``), measured the way the table will lay it out."""
    tallest = minimum
    for cell, share in zip(row, widths):
        width = FRAME_WIDTH * share - 11
        parts = cell if isinstance(cell, list) else [cell]
        height = sum(part.wrap(width, 10_000)[1] for part in parts) + 11
        tallest = max(tallest, height)
    return tallest


def _box(lines: Sequence[tuple[str, bool]], *, warm: bool = False) -> Flowable:
    """The easy-read panel look (a tinted box with a bar on the left) as one flowable, so it can
    be kept together with what follows it. ``lines``: (text, bold)."""
    style = ParagraphStyle("risk_box", parent=STYLES["body"], spaceAfter=4)
    rows = [[Paragraph(f"<b>{markup(text)}</b>" if bold else markup(text), style)] for text, bold in lines]
    table = Table(rows, colWidths=[FRAME_WIDTH])
    table.setStyle(TableStyle([
        CELL_FONT,
        ("BACKGROUND", (0, 0), (-1, -1), WARM if warm else TINT),
        ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT if warm else PRIMARY),
        ("LEFTPADDING", (0, 0), (-1, -1), 16), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), 10), ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    table.spaceAfter = 12
    return table


def _severity_cell(severity: Severity | None) -> list[Flowable] | Paragraph:
    if severity is None:
        return _p(_("Not rated yet"), _cell_muted)
    ink = severity.text_colour
    return [
        Paragraph(f"<font color='{ink}'><b>{markup(_(severity.words))}</b> ({severity.score})</font>", _cell),
        Paragraph(f"<font color='{ink}'>{markup(_(severity.likelihood_words))}, "
                  f"{markup(_(severity.impact_words).lower())}</font>", _cell),
    ]


def _severity_chip(severity: Severity | None) -> Flowable:
    """The severity as the form shows it: the band's words on its colour, with the score."""
    if severity is None:
        return Paragraph(markup(_("The residual risk has not been rated yet.")), _value_muted)
    text = (f"<b>{markup(_(severity.words))}</b>: "
            + markup(_("{likelihood} \u00d7 {impact}, score {score} of 25", likelihood=_(severity.likelihood_words),
                       impact=_(severity.impact_words), score=severity.score)))
    style = ParagraphStyle("chip", parent=STYLES["body"], textColor=colors.HexColor(severity.text_colour),
                           spaceAfter=0)
    rows = [[Paragraph(text, style)]]
    if severity.advice:
        rows.append([Paragraph(markup(_(severity.advice)), style)])
    table = Table(rows, colWidths=[FRAME_WIDTH])
    table.setStyle(TableStyle([
        CELL_FONT,
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(severity.colour)),
        ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, 0), 8), ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
    ]))
    table.spaceAfter = 12
    return table


# ---- the matrix ------------------------------------------------------------------------------


class _Matrix(DrawnInLayout, Flowable):
    """The 5 x 5 matrix: likelihood down the side (most likely at the top), impact across,
    each cell in its band's colour with its score; the residual risk's cell is marked."""

    LABEL_WIDTH = 108
    TOP = 40  # the impact headings
    ROW = 30

    def __init__(self, matrix: RiskMatrix, marked: Rating | None) -> None:
        super().__init__()
        self.matrix, self.marked = matrix, marked
        self.cell_width = (FRAME_WIDTH - self.LABEL_WIDTH) / 5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return FRAME_WIDTH, self.TOP + 5 * self.ROW + 8

    def draw(self) -> None:
        canv = self.canv
        likelihoods = sorted(self.matrix.likelihood, key=lambda level: -level.value)
        impacts = sorted(self.matrix.impact, key=lambda level: level.value)
        height = self.TOP + 5 * self.ROW + 8
        grid_top = height - self.TOP
        with self.mirrored(canv, FRAME_WIDTH):  # right to left: impact grows towards the left
            canv.setFillColor(PRIMARY)
            self.text(canv, 0, height - 14, _("Likelihood"), FONT_BOLD, CELL_SIZE)
            middle = self.LABEL_WIDTH + 2.5 * self.cell_width
            if not self.layout.right_to_left:
                self.text(canv, middle, height - 14, _("Impact") + " \u2192", FONT_BOLD, CELL_SIZE, align="centre")
            else:  # the Urdu font has no arrow: one drawn after the word (mirrored: impact grows leftwards)
                self.text(canv, middle, height - 14, _("Impact"), FONT_BOLD, CELL_SIZE, align="centre")
                start = middle + self.text_width(_("Impact"), FONT_BOLD, CELL_SIZE) / 2 + 6
                canv.setStrokeColor(PRIMARY)
                canv.setLineWidth(1.5)
                canv.line(start, height - 10, start + 15, height - 10)
                arrow = canv.beginPath()
                arrow.moveTo(start + 21, height - 10)
                arrow.lineTo(start + 14, height - 6)
                arrow.lineTo(start + 14, height - 14)
                arrow.close()
                canv.drawPath(arrow, stroke=0, fill=1)
            for col, level in enumerate(impacts):
                x = self.LABEL_WIDTH + (col + 0.5) * self.cell_width
                self.text(canv, x, grid_top + 8, self._fit(_(level.words), self.cell_width - 2), FONT, CELL_SIZE,
                          align="centre")
            for row, l_level in enumerate(likelihoods):
                y = grid_top - (row + 1) * self.ROW
                canv.setFillColor(PRIMARY)
                self.text(canv, 0, y + self.ROW / 2 - 4, self._fit(_(l_level.words), self.LABEL_WIDTH - 6), FONT,
                          CELL_SIZE)
                for col, i_level in enumerate(impacts):
                    x = self.LABEL_WIDTH + col * self.cell_width
                    score = l_level.value * i_level.value
                    band = self.matrix.band_for(score)
                    canv.setFillColor(colors.HexColor(band.colour))
                    canv.setStrokeColor(colors.white)
                    canv.setLineWidth(1.5)
                    canv.rect(x, y, self.cell_width, self.ROW, stroke=1, fill=1)
                    marked = (self.marked is not None and self.marked.likelihood == l_level.id
                              and self.marked.impact == i_level.id)
                    cx, cy = x + self.cell_width / 2, y + self.ROW / 2
                    if marked:
                        canv.setStrokeColor(INK)
                        canv.setLineWidth(3)
                        canv.rect(x + 2, y + 2, self.cell_width - 4, self.ROW - 4, stroke=1, fill=0)
                        canv.setFillColor(INK)
                        canv.circle(cx, cy, 12, stroke=0, fill=1)
                        canv.setFillColor(colors.white)
                    else:
                        canv.setFillColor(colors.HexColor(band.text_colour))
                    self.text(canv, cx, cy - 4.3, str(score), FONT_BOLD, CELL_SIZE, align="centre")

    def _fit(self, text: str, width: float) -> str:
        if self.text_width(text, FONT, CELL_SIZE) <= width:
            return text
        while text and self.text_width(text + "\u2026", FONT, CELL_SIZE) > width:
            text = text[:-1]
        return text + "\u2026"


def _legend(matrix: RiskMatrix) -> Flowable:
    """The bands in one row under the matrix: their words and scores on their colours."""
    bands = sorted(matrix.bands, key=lambda b: b.min_score)
    cells = [Paragraph(f"<font color='{band.text_colour}'><b>{markup(_(band.words))}</b><br/>"
                       f"{markup(_('Scores {low} to {high}', low=band.min_score, high=band.max_score))}</font>",
                       _cell_centre) for band in bands]
    table = Table([cells], colWidths=[FRAME_WIDTH / len(bands)] * len(bands))
    table.setStyle(TableStyle([
        CELL_FONT,
        *[("BACKGROUND", (n, 0), (n, 0), colors.HexColor(band.colour)) for n, band in enumerate(bands)],
        ("LINEAFTER", (0, 0), (-2, 0), 1.5, colors.white),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    table.spaceAfter = 14
    return table


# ---- the sections ----------------------------------------------------------------------------


class _Form:
    """Everything the sections are made from, read once."""

    def __init__(self, data: DocumentInput) -> None:
        sections = data.sections
        raw = sections.get(ASSESSMENT_KEY)
        if raw is None:
            raise ValueError("the risk form is made for one assessment: pass it as sections['risk.assessment']")
        self.data = data
        self.a = RiskAssessment.model_validate(raw)
        decision = sections.get(DECISION_KEY)
        self.decision = ManagerDecision.model_validate(decision) if decision else None
        self.changes = [ChangeInCircumstances.model_validate(c) for c in sections.get(CHANGES_KEY) or []]
        matrix, policy = sections.get(MATRIX_KEY), sections.get(POLICY_KEY)
        self.matrix: RiskMatrix = load_risk_matrix(matrix) if matrix else provider_files.load("risk_matrix.json")
        self.policy: RiskPolicy = load_risk_policy(policy) if policy else provider_files.load("risk_policy.json")
        self.who: People = people(data)
        self.name = self.who.first_name or _("the person")
        self.applies = decision_applies(self.a, self.decision)
        changed_on = latest_change_on(self.changes, self.a.id)
        self.status: Status = status(self.a, self.decision, data.made_on, changed_on)
        self.due = review_due_on(self.a, self.decision, changed_on)

    def severity(self, rating: Rating | None) -> Severity | None:
        return rating_severity(self.matrix, rating)


def _header(f: _Form) -> list[Block]:
    a = f.a
    serves = ""
    if a.serves is not None:
        kind = _("An outcome in the support plan") if a.serves.kind == ServesKind.OUTCOME else _("A part of the support")
        serves = f"{kind}: {a.serves.label}" if a.serves.label else kind
    rows = [
        [_p(_("Reference"), _cell_bold), _p(a.reference), _p(_("Date of assessment"), _cell_bold),
         _p(_date(a.assessed_on) or _("Not written yet."), _cell if a.assessed_on else _cell_muted)],
        [_p(_("Person"), _cell_bold), _p(f.who.full_name or _("Not written yet.")),
         _p(_("Case"), _cell_bold), _p(f.data.reference)],
        [_p(_("This assesses"), _cell_bold),
         _p(_boxes([(_("An activity"), a.subject == Subject.ACTIVITY), (_("A decision"), a.subject == Subject.DECISION)])),
         _p(_("Status"), _cell_bold), _p(_status_words(f))],
        [_p(_("About"), _cell_bold), _p(a.title or _("Not written yet."), _cell if a.title else _cell_muted), "", ""],
        [_p(_("It serves"), _cell_bold), _p(serves or _("Not linked yet."), _cell if serves else _cell_muted), "", ""],
    ]
    table = Table(rows, colWidths=[FRAME_WIDTH * w for w in (0.2, 0.32, 0.2, 0.28)])
    table.setStyle(TableStyle([
        CELL_FONT,
        ("SPAN", (1, 3), (3, 3)), ("SPAN", (1, 4), (3, 4)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), TINT), ("BACKGROUND", (2, 0), (2, 2), TINT),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("GRID", (0, 0), (-1, -1), 0.75, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    table.spaceAfter = 14
    stance = f.policy.stance[0] if f.policy.stance else ""
    return [table, Text(stance, muted=True)] if stance else [table]


def _status_words(f: _Form) -> str:
    line = status_line(f.status, f.due)
    return _(line, due=format_date(f.due)) if f.due is not None else _(line)


def _the_risk(f: _Form) -> list[Block]:
    a = f.a
    blocks: list[Block] = list(_field(_("What the risk is"), a.risk_description))
    blocks.append(Paragraph(markup(_("The risks identified")), _label))
    blocks.append(Bullets(a.risks_identified) if a.risks_identified
                  else Paragraph(markup(_("No risks listed yet.")), _value_muted))
    return [*blocks, *_harmed(f)]


def _harmed(f: _Form) -> list[Block]:
    a = f.a
    chosen = set(a.who_might_be_harmed)
    boxes = _boxes([(_(label), party in chosen) for party, label in HARMED_PARTY_LABELS.items()])
    blocks: list[Block] = [Paragraph(markup(_("Who might be harmed")), _label), Paragraph(boxes, _value)]
    blocks += _field(_("Anyone else"), a.who_might_be_harmed_other, empty=_("No one else named."))
    return blocks


def _important(f: _Form) -> list[Block]:
    a = f.a
    rows = []
    for n in range(max(len(a.important_to), len(a.important_for), 1)):
        to = a.important_to[n] if n < len(a.important_to) else ""
        for_ = a.important_for[n] if n < len(a.important_for) else ""
        rows.append([_p(to) if to else "", _p(for_) if for_ else ""])
    if not a.important_to and not a.important_for:
        rows = [[_p(_("Not written yet."), _cell_muted), _p(_("Not written yet."), _cell_muted)]]
    return _table([_("Important to {name}", name=f.name), _("Important for {name}", name=f.name)], rows, [0.5, 0.5],
                  caption=_("What matters to {name}, beside what keeps {name} healthy and safe.", name=f.name))


def _four_plus_one(f: _Form) -> list[Block]:
    rows = []
    for key, question in FOUR_PLUS_ONE_QUESTIONS.items():
        answer = getattr(f.a.four_plus_one, key)
        rows.append([_p(_(question), _cell_bold), _p(answer) if answer else _p(_("Not written yet."), _cell_muted)])
    return _table([_("Question"), _("What we found")], rows, [0.34, 0.66])


def _capacity(f: _Form) -> list[Block]:
    c = f.a.capacity
    answers = [(_(CAPACITY_LABELS[answer]), c.has_capacity == answer) for answer in CapacityAnswer]
    blocks: list[Block] = [
        Paragraph(markup(_("Does {name} have capacity to make this decision?", name=f.name)), _label),
        Paragraph("<br/>".join(f"{BOX_ON if on else BOX_OFF}\u00a0{markup(label)}" for label, on in answers), _value),
    ]
    if c.has_capacity == CapacityAnswer.YES or c.person_decision is not None:
        decided = _(PERSON_DECISION_LABELS[c.person_decision]) if c.person_decision else ""
        blocks += _field(_("What {name} decided", name=f.name), decided)
    blocks.append(Paragraph(markup(_("In {name}\u2019s own words", name=f.name)), _label))
    blocks.append(Said(c.in_their_words, f.who.first_name or _("The person")) if c.in_their_words
                  else Paragraph(markup(_("Not written yet.")), _value_muted))
    blocks += _field(_("How capacity was assessed, and the advice given"), c.notes)
    blocks.append(Panel([Text(_("Who decided"), strong=True), Text(_(who_decided(f.a, f.decision if f.applies else None)))]))
    return blocks


def _liberty(f: _Form) -> list[Block]:
    a = f.a
    blocks: list[Block] = [
        Paragraph(markup(_("Does this amount to a deprivation of liberty?")), _label),
        Paragraph(_yes_no(a.deprivation_of_liberty) if a.deprivation_of_liberty is not None
                   else _yes_no(None) + "    " + markup(_("(not answered yet)")), _value),
    ]
    if a.needs_dols_process:
        guidance = f.policy.dols_guidance
        blocks.append(Panel([Text(_(DOLS_NOTICE), strong=True), Text(guidance.title, strong=True),
                             *[Text(paragraph) for paragraph in guidance.paragraphs]], warm=True))
    return blocks


def _doing_nothing(f: _Form) -> list[Block]:
    a = f.a
    rows, styles = [], []
    for n, (party, label) in enumerate(DOING_NOTHING_PARTIES.items(), start=1):
        consequence = getattr(a.doing_nothing, party)
        severity = f.severity(consequence.rating)
        rows.append([_p(_(label), _cell_bold),
                     _p(consequence.impact) if consequence.impact else "",
                     _p(consequence.opportunity_lost) if consequence.opportunity_lost else "",
                     _severity_cell(severity)])
        if severity is not None:
            styles.append(("BACKGROUND", (3, n), (3, n), colors.HexColor(severity.colour)))
    blocks: list[Block] = list(_table([_("For"), _("Impact"), _("Opportunity lost"), _("Severity")], rows,
                                      [0.2, 0.3, 0.28, 0.22], styles=styles,
                                      caption=_("If nothing is done and the activity does not happen:")))
    blocks.append(Paragraph(markup(_("Weighing it up")), _label))
    weighing = [(_(label), a.benefit_vs_risk == kind) for kind, label in WEIGHING_LABELS.items()]
    blocks.append(Paragraph("<br/>".join(f"{BOX_ON if on else BOX_OFF}\u00a0{markup(label)}" for label, on in weighing),
                             _value))
    blocks.append(Paragraph(markup(_("It is an important personal goal for {name}:", name=f.name)) + "  "
                             + _yes_no(a.important_personal_goal), _value))
    if a.safeguards or a.needs_safeguards:
        blocks.append(Paragraph(markup(_("Safeguards that change the risk")), _label))
        blocks.append(Bullets(a.safeguards) if a.safeguards
                      else Paragraph(markup(_("Not written yet.")), _value_muted))
    return blocks


def _triggers(f: _Form) -> list[Block]:
    if not f.a.triggers:
        return [Paragraph(markup(_("No triggers recorded.")), _value_muted)]
    return [Text(_("Things that may set off a difficult moment, so staff can see them coming:")),
            Bullets(f.a.triggers)]


def _measures(f: _Form) -> list[Block]:
    rows = []
    for measure in f.a.support_measures:
        notes = []
        if measure.is_training:
            notes.append(_("Training"))
        if measure.added_at_review:
            notes.append(_("Added at review {n}", n=measure.added_at_review))
        what = [_p(measure.what)] if measure.what else [_p(_("Not written yet."), _cell_muted)]
        if notes:
            what.append(_p(" \u00b7 ".join(notes), _cell_muted))
        rows.append([_p(measure.who) if measure.who else "", what, _p(_date(measure.by_when))])
    rows += [["", "", ""]] * (2 if not rows else 1)  # room to add one at a review
    return _table([_("Who"), _("Will do what (training included)"), _("By when")], rows, [0.24, 0.52, 0.24],
                  min_height=28)


def _residual(f: _Form) -> list[Block]:
    a = f.a
    severity = f.severity(a.residual_risk.rating)
    blocks: list[Block] = list(_field(_("The risk that remains once the support measures are in place"),
                                      a.residual_risk.description))
    blocks.append(Paragraph(markup(_("Its severity")), _label))
    blocks.append(_severity_chip(severity))
    if severity is not None:
        caption = _("In the matrix below, likelihood runs down the side and impact across. The residual risk is "
                    "marked {mark}: {likelihood} \u00d7 {impact}, score {score}, {words}.", mark=MARK,
                    likelihood=_(severity.likelihood_words), impact=_(severity.impact_words), score=severity.score,
                    words=_(severity.words))
    else:
        caption = _("In the matrix below, likelihood runs down the side and impact across. The residual risk is "
                    "not rated yet, so no cell is marked.")
    blocks.append(KeepTogether([Paragraph(markup(caption), STYLES["body"]), _Matrix(f.matrix, a.residual_risk.rating),
                         Spacer(1, 10), _legend(f.matrix)]))
    return blocks


def _monitoring(f: _Form) -> list[Block]:
    return [*_field(_("How it will be monitored"), f.a.monitoring),
            *_field(_("What success looks like"), f.a.success_looks_like)]


def _reviews(f: _Form) -> list[Block]:
    rows = []
    for n in range(1, MAX_REVIEWS + 1):
        review = f.a.reviews[n - 1] if n <= len(f.a.reviews) else None
        if review is None:
            rows.append([_p(str(n), _cell_bold), "", _p(_yes_no(None)), "", ""])
            continue
        rows.append([_p(str(n), _cell_bold), _p(_date(review.reviewed_on)), _p(_yes_no(review.changed)),
                     _p(review.notes) if review.notes else "", _p(review.reviewed_by) if review.reviewed_by else ""])
    blocks: list[Block] = list(_table([_("Review"), _("Date"), _("Anything changed?"), _("Notes"), _("Reviewed by")],
                                      rows, [0.13, 0.17, 0.2, 0.32, 0.18], min_height=30))
    if f.changes:
        blocks.append(Paragraph(markup(_("Changes in health or circumstances")), _label))
        blocks.append(Bullets([f"{_date(c.recorded_on)}: {c.what_changed}"
                               + (f" ({c.recorded_by})" if c.recorded_by else "") for c in f.changes]))
    return blocks


def _signature(signed: Signed) -> Paragraph | str:
    if signed.is_signed:
        return _p(_("Signed in the app"), _cell_muted)
    return ""


def _assessors(f: _Form) -> list[Block]:
    rows = []
    for assessor in f.a.assessors:
        role = assessor.role + (f" ({_('keyworker')})" if assessor.is_keyworker else "")
        rows.append([_p(assessor.name) if assessor.name else "", _p(role) if role else "",
                     _signature(assessor), _p(_date(assessor.signed_on))])
    rows += [["", "", "", ""]] * max(0, 2 - len(rows))  # at least two people do every assessment
    blocks: list[Block] = list(_table([_("Name"), _("Role"), _("Signature"), _("Date")], rows,
                                      [0.27, 0.27, 0.26, 0.2], min_height=32,
                                      caption=_("At least two people do the assessment, one of them {name}\u2019s "
                                                "keyworker where possible.", name=f.name)))
    return blocks


def _instructions(f: _Form) -> list[Block]:
    text = f.a.instructions_to_staff
    return [Panel([Text(text)])] if text else [Paragraph(markup(_("Not written yet.")), _value_muted)]


def _completed(f: _Form) -> list[Block]:
    if f.due is not None:
        due = format_date(f.due)
    elif f.a.planned_review_on is not None:
        due = _("{date}, or sooner: 12 months after the manager\u2019s approval at the latest",
                date=format_date(f.a.planned_review_on))
    else:
        due = _("12 months after the manager\u2019s approval, or sooner if health or circumstances change")
    table = Table([[_p(_("Completed by"), _cell_bold), _p(_("Next review date"), _cell_bold)],
                   [Paragraph(markup(f.a.completed_by or _("Not written yet.")), _value if f.a.completed_by else _value_muted),
                    Paragraph(markup(due), _value)]],
                  colWidths=[FRAME_WIDTH * 0.4, FRAME_WIDTH * 0.6])
    table.setStyle(TableStyle([
        CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


def _consultation(f: _Form) -> list[Block]:
    rows = []
    for key, entry in f.a.consultation.rows():
        who = [_p(_(CONSULTEE_LABELS[key]), _cell_bold)]
        detail = ", ".join(part for part in (entry.name, entry.role if key.startswith("other") else "") if part)
        if detail:
            who.append(_p(detail))
        rows.append([who, _p(_yes_no(entry.should_consult)), _p(_date(entry.consulted_on)),
                     _p(_yes_no(entry.strategy_agreed)), _signature(entry)])
    return _table([_("Who"), _("Consult?"), _("When consulted"), _("Strategy agreed?"), _("Signature")],
                  rows, [0.22, 0.17, 0.21, 0.19, 0.21], min_height=30)


def _decision(f: _Form) -> list[Block]:
    d = f.decision if f.applies else None
    # Where the person has capacity, their own decision stands, and the box says so too.
    persons = [(_(who_decided(f.a, d)), False)] if f.a.capacity.persons_decision is not None else []
    if d is None:
        sent = f.a.sent_for_decision_at
        box = _box([(_("Awaiting the manager's decision."), True), *persons,
                    (_("Sent to the manager on {date}.", date=format_date(sent.date())) if sent
                     else _("Not sent to the manager yet."), False)])
        rows = [["", "", "", ""]]
    else:
        lines = [(_(DECISION_LABELS[d.decision]), True)]
        if d.decision == DecisionKind.APPROVED_WITH_CONDITIONS or d.conditions:
            lines.append((_("Conditions: {conditions}", conditions=d.conditions), False))
        if d.notes:
            lines.append((d.notes, False))
        box = _box([*lines, *persons], warm=d.decision == DecisionKind.NOT_APPROVED)
        rows = [[_p(d.manager_name), _p(_(DECISION_LABELS[d.decision])), _signature(d),
                 _p(_date(d.signed_on or d.decided_on))]]
    table = _table([_("Manager"), _("Decision"), _("Signature"), _("Date")], rows, [0.3, 0.26, 0.24, 0.2],
                   min_height=32)
    return [KeepTogether([box, *table])]


def spec(data: DocumentInput) -> DocumentSpec:
    register_fonts()  # the paragraphs below are made before build_pdf registers them
    f = _Form(data)
    a = f.a
    full = f.who.full_name
    subtitle = [a.title, " \u00b7 ".join(part for part in (full, a.reference, _(STATUS_WORDS[f.status])) if part)]
    sections = [
        (N_("What the risk is, and who might be harmed"), _the_risk),
        (N_("Important to and important for"), _important),
        (N_("The 4+1 questions"), _four_plus_one),
        (N_("Capacity and who decided"), _capacity),
        (N_("Deprivation of liberty"), _liberty),
        (N_("The consequences of doing nothing"), _doing_nothing),
        (N_("Triggers"), _triggers),
        (N_("Support measures"), _measures),
        (N_("The residual risk"), _residual),
        (N_("Monitoring and success"), _monitoring),
        (N_("Reviews"), _reviews),
        (N_("Assessors"), _assessors),
        (N_("Instructions to staff"), _instructions),
        (N_("Completed by and next review"), _completed),
        (N_("Consultation"), _consultation),
        (N_("The manager\u2019s decision"), _decision),
    ]
    return DocumentSpec(
        title=_(TITLE),
        subtitle=[line for line in subtitle if line],
        subject=_("Risk and opportunity assessment {reference}", reference=a.reference),
        footer=" \u00b7 ".join(part for part in (a.reference, full) if part),
        keywords=[k for k in (_(TITLE), a.reference, data.reference) if k],
        provider=data.provider,
        made_on=data.made_on,
        language=data.language,
        large_print=data.large_print,
        logo=data.logo,
        intro=_Fresh(lambda: _header(f)),
        sections=[Section(f"{n}. {_(heading)}", _Fresh(lambda build=build: build(f)))
                  for n, (heading, build) in enumerate(sections, start=1)],
        contact=False,
        glossary=False,  # a working form for the team and the manager, not a family document
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))
