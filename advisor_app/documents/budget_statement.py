"""The budget statement for the person: what was delivered and spent in the statement's weeks,
against the plan, part by part, with a chart of spend against plan and every figure's working.

One PDF per statement (``services.statements`` gives the parts). The figures are the domain's
(``domain.budget_statement.statement_figures``): the builder only words them, so the statement
adds up to the penny exactly as the screen does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from reportlab.platypus import Flowable

from advisor_app.documents.adapt import DrawnInLayout
from advisor_app.documents.common import DocumentInput, case_spec, format_date, people, in_reader_language
from advisor_app.documents.easyread import (
    FONT,
    FONT_BOLD,
    INK,
    PRIMARY,
    TINT,
    Block,
    Bullets,
    DocumentSpec,
    Fact,
    Grid,
    Panel,
    Section,
    SubHeading,
    Text,
    build_pdf,
)
from advisor_app.documents.quote import OVER, _Reusable
from advisor_app.domain.budget_statement import (
    PROPOSAL_KEY,
    ROWS_KEY,
    STATEMENT_KEY,
    UNIT_LABELS,
    BudgetStatement,
    DeliveredRow,
    LineFigures,
    StatementFigures,
    Unit,
    chart_bars,
    statement_figures,
    status_words,
)
from advisor_app.domain.costing.money import plain_number
from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import Proposal, pounds
from advisor_app.domain.validation import validate
from advisor_app.i18n import _

TITLE = N_("Budget statement")
BAR = 14


def why_not_ready(sections: Mapping[str, Any]) -> str | None:
    if not sections.get(STATEMENT_KEY):
        return N_("Make a budget statement in a review first.")
    if not sections.get(PROPOSAL_KEY):
        return N_("The plan this statement was made from is no longer in the case.")
    return None


def figures_of(sections: Mapping[str, Any]) -> StatementFigures | None:
    """The statement's figures from what ``services.statements.statement_sections`` gives."""
    statement = validate(BudgetStatement, sections.get(STATEMENT_KEY) or {}).value
    proposal = validate(Proposal, sections.get(PROPOSAL_KEY) or {}).value
    if statement is None or proposal is None:
        return None
    rows = [r for r in (validate(DeliveredRow, row).value for row in sections.get(ROWS_KEY) or []) if r]
    return statement_figures(statement, proposal, rows)


class SpendChart(_Reusable, DrawnInLayout, Flowable):
    """One pair of bars per part: the plan (outlined) and what was spent (filled; past the plan in
    dark red), all on one scale, with the amounts written beside them."""

    def __init__(self, bars: list[tuple[str, Decimal, Decimal]]) -> None:
        super().__init__()
        self.bars = bars

    ROW = 20 + 2 * (BAR + 3) + 10  # the label, two bars, a gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, len(self.bars) * self.ROW
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        money_width = max((self.text_width(_("spent {amount}", amount=pounds(v)), FONT, 14)
                           for _l, p, a in self.bars for v in (p, a)), default=60) + 16
        room = self.width - money_width - 4
        top = max((max(p, a) for _l, p, a in self.bars), default=Decimal(1)) or Decimal(1)
        scale = room / float(top)
        y = self.height
        with self.mirrored(canv, self.width):
            for label, planned, actual in self.bars:
                y -= 16
                canv.setFillColor(PRIMARY)
                self.text(canv, 0, y, self._fit(label), FONT_BOLD, 14)
                for amount, filled in ((planned, False), (actual, True)):
                    y -= BAR + 3
                    length = max(float(amount) * scale, 1)
                    if filled:
                        within = min(length, float(planned) * scale) if planned else length
                        canv.setFillColor(PRIMARY)
                        canv.rect(0, y, max(within, 1), BAR, stroke=0, fill=1)
                        if planned and amount > planned:
                            canv.setFillColor(OVER)
                            canv.rect(within, y, length - within, BAR, stroke=0, fill=1)
                    else:
                        canv.setFillColor(TINT)
                        canv.setStrokeColor(PRIMARY)
                        canv.rect(0, y, length, BAR, stroke=1, fill=1)
                    canv.setFillColor(INK)
                    self.text(canv, length + 8, y + 2, _("spent {amount}", amount=pounds(amount)) if filled
                              else _("plan {amount}", amount=pounds(amount)), FONT, 14)
                y -= 10

    def _fit(self, text: str) -> str:
        while text and self.text_width(text, FONT_BOLD, 14) > self.width:
            text = text[:-2] + "\u2026" if len(text) > 2 else ""
        return text


def _units(value: Decimal, unit: Unit) -> str:
    return f"{plain_number(value)} {_(UNIT_LABELS[unit])}"


def _line_blocks(line: LineFigures, weeks: int) -> list[Block]:
    part = line.part
    card: list[Block] = [SubHeading(f"{part.number}. {part.name}")]
    if part.management:
        card.append(Text(_("Management support is charged as agreed: {price} a year, for {weeks} weeks is {amount}.",
                           price=pounds(part.price), weeks=weeks, amount=pounds(line.planned))))
        return [Panel(card)]
    if part.period == "week":
        card.append(Fact(_("Planned:"), _("{price} a week x {weeks} weeks = {amount}", price=pounds(part.price),
                                          weeks=weeks, amount=pounds(line.planned))))
    else:
        card.append(Fact(_("Planned:"), _("{amount}, bought once", amount=pounds(line.planned))))
    for unit in line.units:
        card.append(Fact(_("Delivered:"), _("{got} of {planned} planned", got=_units(unit.delivered_units, unit.unit),
                                             planned=_units(unit.planned_units, unit.unit))))
        if unit.share is not None and not part.fixed_price:
            bought = part.units[unit.unit]
            pays = N_("{share} a week pays for {bought}.") if part.period == "week" else N_("{share} pays for {bought}.")
            card.append(Text(_(pays, share=pounds(unit.share), bought=_units(bought, unit.unit)) + " " + _(
                "So {got} cost {amount}.", got=_units(unit.delivered_units, unit.unit), amount=pounds(unit.actual)),
                muted=True))
    if part.fixed_price:
        card.append(Text(_("This is a fixed price, so it is paid as agreed."), muted=True))
    card.append(Fact(_("Spent:"), pounds(line.actual)))
    card.append(Fact(_("Difference:"), _("{amount} {status}", amount=pounds(abs(line.difference)),
                                         status=_(status_words(line.status)))))
    return [Panel(card)]


def _hours_left(figures: StatementFigures) -> list[Block]:
    lines = [(l, u) for l in figures.lines for u in l.units if u.unit == Unit.HOURS and u.units_left > 0
             and l.part.period == "week"]
    if not lines:
        return []
    items = [_("{part}: {hours} not used", part=l.part.name, hours=_units(u.units_left, Unit.HOURS)) for l, u in lines]
    if figures.carry_forward_allowed:
        note = _("The agreement lets these hours be used later: {hours} in all.",
                 hours=_units(figures.carried_forward_hours, Unit.HOURS))
    else:
        note = _("These hours are not carried forward. The money stays in the budget.")
    return [Bullets(items), Text(note)]


def _emergency(figures: StatementFigures) -> list[Block]:
    blocks: list[Block] = [Text(_("We kept {kept} for emergencies in these weeks. We used {used}.",
                                  kept=pounds(figures.contingency_planned), used=pounds(figures.emergency_used)))]
    used = [e for e in figures.expenses if e.from_emergency]
    if used:
        blocks.append(Bullets([f"{format_date(e.spent_on) + ': ' if e.spent_on else ''}{e.what}: {pounds(e.amount)}"
                               for e in used]))
    return blocks


def _expenses(figures: StatementFigures) -> list[Block]:
    other = [e for e in figures.expenses if not e.from_emergency]
    if not other:
        return []
    rows = [[format_date(e.spent_on) if e.spent_on else "", e.what, pounds(e.amount)] for e in other]
    rows.append(["", _("All other expenses"), pounds(figures.other_expenses)])
    return [Grid(header=[_("Date"), _("What"), _("Amount")], rows=rows, widths=[0.24, 0.52, 0.24], empty="")]


def _adding_up(figures: StatementFigures) -> list[Block]:
    rows = [[f"{l.part.number}. {l.part.name}", pounds(l.planned), pounds(l.actual)] for l in figures.lines]
    rows.append([_("Emergency amount"), pounds(figures.contingency_planned), pounds(figures.emergency_used)])
    if figures.other_expenses:
        rows.append([_("Other expenses"), pounds(Decimal(0)), pounds(figures.other_expenses)])
    rows.append([_("Total"), pounds(figures.planned_total), pounds(figures.actual_total)])
    return [Grid(header=[_("Part"), _("Planned"), _("Spent")], rows=rows, widths=[0.56, 0.22, 0.22], empty=""),
            Text(_("Planned {planned} minus spent {spent} is {difference} {status}.",
                   planned=pounds(figures.planned_total), spent=pounds(figures.actual_total),
                   difference=pounds(abs(figures.difference)), status=_(status_words(figures.status))))]


def spec(data: DocumentInput) -> DocumentSpec:
    who = people(data)
    figures = figures_of(data.sections)
    name = who.first_name
    title = _("{name}\u2019s budget statement", name=name) if name else _(TITLE)
    assert figures is not None  # why_not_ready
    period = _("{start} to {end} ({weeks} weeks)", start=format_date(figures.period_from),
               end=format_date(figures.period_to), weeks=figures.weeks)
    short: list[Block] = [
        Fact(_("Planned:"), pounds(figures.planned_total)),
        Fact(_("Spent:"), pounds(figures.actual_total)),
        Text(_("That is {amount} {status}.", amount=pounds(abs(figures.difference)),
               status=_(status_words(figures.status))), strong=True),
    ]
    chart: list[Block] = [
        Text(_("For each part, the outlined bar is the plan and the filled bar is what was spent. Dark red is "
               "spending over the plan.")),
        SpendChart([(_(bar.label), bar.planned, bar.actual) for bar in chart_bars(figures)]),
    ]
    if figures.unplanned_rows:
        short.append(Text(_("{n} lines of delivered hours are for support the plan no longer has, so they are "
                            "not counted.", n=figures.unplanned_rows), muted=True))
    return case_spec(
        data, kind=TITLE, title=title, subtitle=[period, _("Made on {date}", date=format_date(data.made_on))],
        intro=[Text(_("This shows how {name}\u2019s money was spent in these weeks, and how that compares with "
                      "the plan. Every amount adds up.", name=name or _("the person")))],
        sections=[
            Section(_("In short"), short),
            Section(_("Spending against the plan"), chart),
            Section(_("Each part of the support"), [b for line in figures.lines for b in _line_blocks(line, figures.weeks)]),
            Section(_("Hours not used"), _hours_left(figures), required=False),
            Section(_("The emergency amount"), _emergency(figures)),
            Section(_("Other expenses"), _expenses(figures), required=False),
            Section(_("Adding it up"), _adding_up(figures)),
        ],
        contact_note=[Text(_("If something here looks wrong, please tell us. Your support advisor is {advisor}.",
                             advisor=data.advisor_name))] if data.advisor_name else [],
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))
