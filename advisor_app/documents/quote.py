"""The quote: what we offer to do for the person, and what it costs, in plain words.

Made from one proposal (the newest offered or accepted, else the newest): in short first (a
week, the first year, the budget), then each part of the support with the menu's plain
description and its price, the breakdown per week and per year, our charges and the management
and contingency stated openly, the budget check with a simple bar, shared support per person,
the terms for fixed-price outcomes, and what happens next.

Every figure comes from the proposal's own costing, priced again by the engine, so the printed
figures are exactly the ones the family was shown and they add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from advisor_app.documents.adapt import DrawnInLayout
from advisor_app.documents.common import DocumentInput, People, format_date, hours_phrase, people, in_reader_language
from advisor_app.documents.easyread import (
    CELL_FONT,
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    INK,
    PRIMARY,
    RULE,
    STYLES,
    TINT,
    Block,
    Bullets,
    DocumentSpec,
    Fact,
    Panel,
    Point,
    Section,
    SubHeading,
    Text,
    build_pdf,
    markup,
    register_fonts,
)
from advisor_app.documents.symbols import service_symbol
from advisor_app.domain.costing import Line, Quote
from advisor_app.domain.costing.money import plain_number
from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import (
    PERSON,
    PROPOSAL,
    Proposal,
    ProposalStatus,
    budget_bar,
    budget_words,
    for_quote,
    fraction_words,
    parse_proposals,
    pounds,
    SharedShare,
)
from advisor_app.domain.proposals.costing_input import MANAGEMENT_WORDS
from advisor_app.domain.proposals.itemised import amount_words, base_name, numbered_names
from advisor_app.i18n import _

TITLE = N_("Our offer and what it costs")
OVER = colors.HexColor("#9E2A2B")  # the part of the cost beyond the budget: 7.6:1 on white
BAR_HEIGHT = 22


def why_not_ready(sections: Mapping[str, Any]) -> str | None:
    proposals, _unreadable = parse_proposals(sections.get(PROPOSAL))
    if not proposals:
        return N_("Save a priced proposal in the costing stage first.")
    return None


def chosen_proposal(sections: Mapping[str, Any]) -> Proposal | None:
    """The newest offered or accepted proposal, else the newest."""
    return for_quote(parse_proposals(sections.get(PROPOSAL))[0])


# ---- words for one part of the costing --------------------------------------------------------

def _cost_words(line: Line) -> str:
    per = {"week": _("a week"), "year": _("a year"), "term": _("for the whole time"), "once": _("in all")}[line.period]
    if line.fixed_price:
        if line.period == "term":
            return _("{price} for the outcome, all included.", price=pounds(line.price))
        return _("{price} {per}, all included.", price=pounds(line.price), per=per)
    if not line.charges.total:
        return _("{price} {per}.", price=pounds(line.price), per=per)
    return _("{price} {per}. That is {direct} for the support and {charges} for our charges.",
             price=pounds(line.price), per=per, direct=pounds(line.direct_cost), charges=pounds(line.charges.total))


def _line_name(line: Line) -> str:
    return _(line.name)  # a menu name is in the catalog too (devtools/babel_provider); a typed one stays


def _names(quote: Quote, proposal: Proposal) -> dict[int, str]:
    """Each line's numbered, uncut name, by its position in the quote."""
    return {id(line): (_(name) if line.component is None else name)
            for line, name in zip(quote.lines, numbered_names(proposal, quote))}


# ---- the sections -----------------------------------------------------------------------------


def _what_we_will_do(proposal: Proposal, quote: Quote, who: People) -> list[Block]:
    components = proposal.costing.get("components") or []
    names = numbered_names(proposal, quote)
    blocks: list[Block] = []
    for line, name in zip(quote.lines, names):
        if line.part == "contingency":
            continue
        part = proposal.part(line.component)
        comp = components[line.component] if line.component is not None else {}
        card: list[Block] = [SubHeading(_(name))]  # a menu name is in the catalog (devtools/babel_provider)
        description = part.description if part else (MANAGEMENT_WORDS if line.part == "management" else "")
        if description:
            card.append(Text(_(description)))
        if part and part.note and base_name(line.name, part) != line.name:
            card.append(Fact(_("This one is for:"), part.note))  # told apart from the other of its kind
        if part and part.outcome:
            card.append(Fact(_("The outcome:"), part.outcome))
        how_much = amount_words(comp, line)
        if how_much:
            card += [Text(_("How much:"), strong=True), Bullets([_(words) for words in how_much])]
        if line.shared_by > 1:
            card.append(Fact(_("Shared:"), _("{name} pays {fraction}.",
                                              name=who.first_name or _("The person"),
                                              fraction=_(fraction_words(line.shared_by)))))
        card.append(Fact(_("It costs:"), _cost_words(line)))
        blocks.append(Point(service_symbol(part, line), [Panel(card)]))
    return blocks


class _Reusable:
    """A flowable made once and laid out twice (``build_pdf`` counts the pages first): reportlab
    marks a flowable it moves to the next page as postponed and never clears the mark, so the
    second layout would take it for one that fits on no page. Cleared once it is drawn."""

    def drawOn(self, *args, **kw):  # noqa: N802 (reportlab's name)
        self.__dict__.pop("_postponed", None)
        return super().drawOn(*args, **kw)


class _Table(_Reusable, Table):
    pass


class _KeepTogether(_Reusable, KeepTogether):
    pass


def money_table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], width: float,
               total: bool = False) -> Flowable:
    """The easy-read table look, with the money right-aligned so the pence line up, and the last
    row bold when it is a total."""

    def cell(text: str, column: int, bold: bool) -> Paragraph:
        style = STYLES["cell_money"] if column else STYLES["cell"]
        inner = markup(text)
        return Paragraph(f"<b>{inner}</b>" if bold or column == 0 else inner, style)

    head = [Paragraph(markup(h), STYLES["cell_head_money"] if i else STYLES["cell_head"])
            for i, h in enumerate(header)]
    body = [[cell(text, i, total and r == len(rows) - 1) for i, text in enumerate(row)]
            for r, row in enumerate(rows)]
    table = _Table([head, *body], colWidths=[width * w for w in widths], repeatRows=1, splitInRow=60)
    commands = [
        CELL_FONT,
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEBELOW", (0, 0), (-1, -1), 0.75, RULE),
        ("BOX", (0, 0), (-1, -1), 0.75, RULE),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), TINT) for r in range(2, len(body) + 1, 2)]
    if total:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.5, PRIMARY))
    table.setStyle(TableStyle(commands))
    table.spaceAfter = 14
    kept = _KeepTogether([table])
    kept.texts = [*header, *(text for row in rows for text in row)]  # for the glossary (easyread.texts_of)
    return kept


def _styles() -> None:
    """Right-aligned cells for money (added once to the shared styles). The tables are made
    before ``build_pdf``, so the fonts are registered here too."""
    register_fonts()
    if "cell_money" not in STYLES:
        STYLES["cell_money"] = STYLES["cell"].clone("cell_money", alignment=2)
        STYLES["cell_head_money"] = STYLES["cell_head"].clone("cell_head_money", alignment=2)


def _breakdown(quote: Quote, proposal: Proposal) -> list[Block]:
    weeks = quote.weeks_per_year
    name = _names(quote, proposal)
    # Text first: a section heading followed straight by a subheading can be left alone at the
    # foot of a page (it is kept with the subheading's page-break check, not the subheading).
    blocks: list[Block] = [Text(_("Here is what each part costs, and what the first year costs in total."))]
    week = [l for l in quote.lines if l.period == "week"]
    if week:
        rows = [[name[id(l)], pounds(l.price), pounds(l.first_year)] for l in week]
        rows.append([_("Total"), pounds(quote.weekly_ongoing_total), pounds(quote.weekly_ongoing_total * weeks)])
        blocks += [SubHeading(_("Every week")),
                   money_table([_("Support"), _("A week"), _("A year")], rows, (0.5, 0.22, 0.28), FRAME_WIDTH,
                               total=True),
                   Text(_("This support goes on every week. A year is {weeks} weeks.", weeks=weeks))]
    year = [l for l in quote.lines if l.part == "management"]
    if year:
        rows = [[name[id(l)], hours_phrase(l.management_hours or Decimal(0)), pounds(l.price)] for l in year]
        blocks += [SubHeading(_("Every year")),
                   money_table([_("Support"), _("Hours a year"), _("A year")], rows, (0.5, 0.22, 0.28), FRAME_WIDTH)]
    term = [l for l in quote.lines if l.period == "term"]
    if term:
        rows = [[name[id(l)], _("{weeks} weeks", weeks=l.weeks) if l.weeks else "", pounds(l.price)] for l in term]
        blocks += [SubHeading(_("For a set time")),
                   money_table([_("Support"), _("How long"), _("Cost")], rows, (0.5, 0.22, 0.28), FRAME_WIDTH),
                   Text(_("This support is paid for once. It lasts a set number of weeks, or until the "
                          "outcome is reached."))]
    once = [l for l in quote.lines if l.period == "once"]
    if once:
        rows = [[name[id(l)], pounds(l.price)] for l in once]
        blocks += [SubHeading(_("Once only")),
                   money_table([_("Support"), _("Cost")], rows, (0.72, 0.28), FRAME_WIDTH)]
    management = quote.annual_ongoing_total - quote.weekly_ongoing_total * weeks
    rows = [[_("Every week, for {weeks} weeks", weeks=weeks), pounds(quote.weekly_ongoing_total * weeks)]]
    if year:
        rows.append([_("Every year"), pounds(management)])
    if term:
        rows.append([_("For a set time"), pounds(quote.fixed_term_total)])
    if once:
        rows.append([_("Once only"), pounds(quote.one_off_total)])
    if quote.contingency:
        rows.append([_("Kept for emergencies"), pounds(quote.contingency)])
    rows.append([_("The first year in total"), pounds(quote.first_year_total)])
    blocks += [SubHeading(_("The first year in total")),
               money_table([_("What"), _("The first year")], rows, (0.72, 0.28), FRAME_WIDTH, total=True)]
    return blocks


CHARGE_WORDS = (
    ("central", N_("Central management charge"), N_("for the work every package of support needs, like "
                                                    "invoices and accounts")),
    ("regional", N_("Regional management charge"), N_("for managing support in your area")),
    ("surplus", N_("Surplus"), N_("what we keep to look after and improve our services")),
)


def _charges(quote: Quote, proposal: Proposal, who: People) -> list[Block]:
    first = quote.first_year_charges
    pct = {"central": quote.percentages.central, "regional": quote.percentages.regional,
           "surplus": quote.percentages.surplus}
    amount = {"central": first.central, "regional": first.regional, "surplus": first.surplus}
    blocks: list[Block] = [Text(_("Every price in this offer includes our charges. Each charge is a share of "
                                  "the cost of the support itself:"))]
    blocks.append(Bullets([_("{name}: {pct}%, {why}.", name=_(label), pct=plain_number(pct[key]), why=_(why))
                           for key, label, why in CHARGE_WORDS]))
    rows = [[_(label), _("{pct}%", pct=plain_number(pct[key])), pounds(amount[key])] for key, label, _why in CHARGE_WORDS]
    rows.append([_("All our charges"), "", pounds(first.total)])
    blocks.append(money_table([_("Charge"), _("Share"), _("The first year")], rows, (0.5, 0.18, 0.32), FRAME_WIDTH,
                             total=True))
    support = sum((l.direct_cost * (quote.weeks_per_year if l.period == "week" else 1)
                   for l in quote.lines if l.part != "contingency"), Decimal("0.00"))
    with_charges = support + first.total
    if quote.contingency:
        blocks.append(Text(_("Without our charges, the support itself costs {support} in the first year. "
                             "With our charges it costs {with_charges}. With the {contingency} kept for "
                             "emergencies, the first year is {total}.", support=pounds(support),
                             with_charges=pounds(with_charges), contingency=pounds(quote.contingency),
                             total=pounds(quote.first_year_total))))
    else:
        blocks.append(Text(_("Without our charges, the support itself costs {support} in the first year. "
                             "With our charges it costs {total}.", support=pounds(support),
                             total=pounds(with_charges))))
    fixed = [l for l in quote.lines if l.fixed_price]
    if fixed:
        blocks.append(Text(_("A fixed price already includes everything, so no charges are added to it.")))
    management = [l for l in quote.lines if l.part == "management"]
    rate = proposal.costing.get("management_rate")
    if management and rate:
        hours = sum((l.management_hours or Decimal(0) for l in management), Decimal(0))
        blocks.append(Text(_("Management support is shown openly too: {hours} a year at {rate} an hour, before "
                             "our charges.", hours=hours_phrase(hours), rate=pounds(Decimal(rate)))))
    if quote.contingency:
        name = who.first_name or _("the person")
        blocks.append(Panel([
            Text(_("Kept for emergencies"), strong=True),
            Text(_("We keep {money} a year of {name}\u2019s budget for emergencies. This is called the emergency "
                   "contingency. It is written in the agreement. We will tell you if we need to use it.",
                   money=pounds(quote.contingency), name=name)),
        ]))
    return blocks


class BudgetPicture(_Reusable, DrawnInLayout, Flowable):
    """Two bars, the budget and the first year's cost, on one scale, with a line where the budget
    ends: what is over the budget shows past the line in a darker colour."""

    def __init__(self, budget: Decimal, cost: Decimal, budget_label: str, cost_label: str) -> None:
        super().__init__()
        self.budget, self.cost = budget, cost
        self.labels = (budget_label, cost_label)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 2 * BAR_HEIGHT + 34

    def draw(self) -> None:
        canv = self.canv
        label_width = max(self.text_width(t, FONT_BOLD, 14) for t in self.labels) + 12
        money = (pounds(self.budget), pounds(self.cost))
        money_width = max(self.text_width(m, FONT, 14) for m in money) + 24
        room = self.width - label_width - money_width
        scale = room / float(max(self.budget, self.cost) or Decimal(1))
        budget_end = label_width + float(self.budget) * scale
        rows = ((self.budget, self.labels[0], money[0]), (self.cost, self.labels[1], money[1]))
        with self.mirrored(canv, self.width):
            for i, (amount, label, figure) in enumerate(rows):
                y = BAR_HEIGHT + 24 - i * (BAR_HEIGHT + 10)
                canv.setFillColor(PRIMARY)
                self.text(canv, 0, y + 6, label, FONT_BOLD, 14)
                length = max(float(amount) * scale, 1)
                if i == 0:  # the budget: an outlined bar
                    canv.setFillColor(TINT)
                    canv.setStrokeColor(PRIMARY)
                    canv.setLineWidth(1)
                    canv.rect(label_width, y, length, BAR_HEIGHT, stroke=1, fill=1)
                else:  # the cost: filled, and past the budget in the darker colour
                    within = min(length, float(self.budget) * scale)
                    canv.setFillColor(PRIMARY)
                    canv.rect(label_width, y, max(within, 1), BAR_HEIGHT, stroke=0, fill=1)
                    if amount > self.budget:
                        canv.setFillColor(OVER)
                        canv.rect(budget_end, y, length - within, BAR_HEIGHT, stroke=0, fill=1)
                canv.setFillColor(INK)
                self.text(canv, self.width, y + 6, figure, FONT, 14, align="right")
            canv.setStrokeColor(INK)
            canv.setLineWidth(1.5)
            canv.setDash(4, 3)
            canv.line(budget_end, 4, budget_end, 2 * BAR_HEIGHT + 40)
            canv.setDash()


def _budget(quote: Quote) -> list[Block]:
    """The budget check in words, with the bars kept on the same page as the words they show."""
    words = [_(sentence) for sentence in budget_words(quote)]
    bar = budget_bar(quote)
    if bar is None:
        return [Text(w) for w in words]
    caption = _("The bars show a year: the budget for a year, and what the first year costs. The dotted "
                "line is where the budget ends.")
    if bar.status == "over":
        caption += " " + _("The dark red part is the cost over the budget.")
    together = _KeepTogether([
        Paragraph(markup(" ".join(words[:2])), STYLES["body"]),
        Paragraph(f"<b>{markup(' '.join(words[2:]))}</b>", STYLES["body"]),
        BudgetPicture(bar.annual_budget, bar.first_year, _("Budget"), _("Cost")),
        Paragraph(markup(caption), STYLES["muted"]),
    ])
    return [together, Text(_("A week of on-going support costs {week}. The budget is about {budget} a week.",
                             week=pounds(bar.weekly_ongoing), budget=pounds(bar.weekly_budget)))]


def _shared(quote: Quote, proposal: Proposal, who: People) -> list[Block]:
    names = _names(quote, proposal)
    shares = [(line, names[id(line)]) for line in quote.lines if line.shared_by > 1]
    if not shares:
        return []
    person = who.first_name or _("The person")
    blocks: list[Block] = [Text(_("Some support is shared with other people. Each person pays their own share."))]
    blocks.append(Bullets([_(SharedShare(name, line.shared_by, line.period, line.price, line.first_year)
                             .words(person=person)) for line, name in shares]))
    return blocks


def _if_longer(proposal: Proposal, quote: Quote, who: People) -> list[Block]:
    blocks: list[Block] = []
    name = who.first_name or _("the person")
    for line in quote.lines:
        terms = line.if_longer
        if terms is None:
            continue
        part = proposal.part(line.component)
        card: list[Block] = [SubHeading(base_name(line.name, part))]
        if part and part.outcome:
            card.append(Fact(_("The outcome:"), part.outcome))
        card.append(Text(_("The price for the outcome is {price}, all included.", price=pounds(line.price))))
        when = (_("If it takes longer than {weeks} weeks,", weeks=line.weeks) if line.weeks
                else _("If it takes longer than we expect,"))
        if terms.rule == "refund-full":
            promise = _("{when} we will give you back the whole price: {refund}.", when=when,
                        refund=pounds(terms.refund or Decimal(0)))
        elif terms.rule == "refund-partial" and terms.pct is not None:
            promise = _("{when} we will give you back {refund}. That is {percent} of the price.", when=when,
                        refund=pounds(terms.refund or Decimal(0)), percent=plain_number(terms.pct) + "%")
        elif terms.rule == "refund-partial":
            promise = _("{when} we will give you back {refund}.", when=when, refund=pounds(terms.refund or Decimal(0)))
        else:
            promise = _("{when} we will carry on supporting {name} for a lower price: {rate} an hour.", when=when,
                        name=name, rate=pounds(terms.hourly_rate or Decimal(0)))
        card.append(Text(promise, strong=True))
        blocks.append(Panel(card, warm=True))
    return blocks


def _acceptor(proposal: Proposal, who: People) -> str:
    if proposal.accepted_by == PERSON:
        return who.full_name or _("the person")
    return who.member_label(proposal.accepted_by or "") or _("someone in the circle")


def _status(proposal: Proposal, who: People) -> list[Block]:
    facts: list[Block] = [Fact(_("Proposal:"), _("number {n}", n=proposal.number)),
                          Fact(_("Made on:"), format_date(proposal.created_on))]
    if proposal.offered_on:
        facts.append(Fact(_("Offered on:"), format_date(proposal.offered_on)))
    if proposal.status == ProposalStatus.ACCEPTED and proposal.accepted_on:
        facts.append(Fact(_("Accepted:"), _("by {who} on {date}", who=_acceptor(proposal, who),
                                            date=format_date(proposal.accepted_on))))
    elif proposal.status == ProposalStatus.DRAFT:
        facts.append(Text(_("This is a draft. It is not an offer yet."), strong=True))
    elif proposal.status == ProposalStatus.DECLINED:
        facts.append(Text(_("This offer was turned down."), strong=True))
    elif proposal.status == ProposalStatus.SUPERSEDED:
        facts.append(Text(_("A newer version has replaced this one."), strong=True))
    return facts


def _in_short(quote: Quote) -> list[Block]:
    facts: list[Block] = [Text(_("In short"), strong=True)]
    if quote.weekly_ongoing_total:
        facts.append(Fact(_("Each week:"), pounds(quote.weekly_ongoing_total)))
    facts.append(Fact(_("The first year in total:"), pounds(quote.first_year_total)))
    bar = budget_bar(quote)
    if bar is not None:
        facts.append(Fact(_("The budget for a year:"), pounds(bar.annual_budget)))
        verdict = {"under": _("{money} under the budget", money=pounds(bar.under_by)),
                   "over": _("{money} over the budget", money=pounds(bar.over_by)),
                   "exact": _("exactly the budget")}[bar.status]
        facts.append(Fact(_("The first year is:"), verdict))
    return facts


def _next(proposal: Proposal) -> list[Block]:
    if proposal.status == ProposalStatus.DRAFT:
        return [Text(_("We will talk this through with you. When it is right for you, we will offer it to you."))]
    if proposal.status == ProposalStatus.OFFERED:
        return [Bullets([
            _("If you are happy with this offer, please tell us."),
            _("Then we write the agreement for you to read and sign."),
            _("If you want something changed, tell us. We will make a new version."),
        ])]
    if proposal.status == ProposalStatus.ACCEPTED:
        return [Text(_("Next we write the agreement for you to read and sign. It will say the same as this offer."))]
    return [Text(_("This version is kept as a record. Please ask us for the newest version."))]


def spec(data: DocumentInput, proposal: Proposal | None = None) -> DocumentSpec:
    """The document for ``proposal`` (default: the one ``chosen_proposal`` picks)."""
    _styles()
    proposal = proposal or chosen_proposal(data.sections)
    if proposal is None:
        raise ValueError("no proposal to make a quote from")
    quote = proposal.price()
    who = people(data)
    name = who.first_name
    title = _("{name}\u2019s support: our offer", name=name) if name else _(TITLE)
    if proposal.status == ProposalStatus.DRAFT:
        title = _("{title} (draft)", title=title)
    subtitle = [who.full_name if who.full_name != name else "",
                _("Proposal {n}, made on {date}", n=proposal.number, date=format_date(proposal.created_on)),
                _("Our reference: {reference}", reference=data.reference) if data.reference else ""]
    intro: list[Block] = [
        Text(_("This says what we will do for {name}, and what it costs. Every figure is in pounds and pence, "
               "and the figures add up exactly.", name=name or _("the person"))),
        Panel(_in_short(quote)),
        Panel(_status(proposal, who)),
    ]
    contact_note = [Text(_("If anything here is not clear, please ask us. We are happy to go through it with you."))]
    if data.advisor_name:
        contact_note.append(Text(_("Your support advisor is {advisor}.", advisor=data.advisor_name)))

    footer = _("{title}, proposal {n}", title=title, n=proposal.number)
    return DocumentSpec(
        title=title,
        subtitle=subtitle,
        subject=_("What we offer to do, what it costs, and the budget check"),
        footer=footer,
        keywords=[k for k in (_(TITLE), _("Proposal {n}", n=proposal.number), data.reference) if k],
        provider=data.provider,
        made_on=data.made_on,
        language=data.language,
        large_print=data.large_print,
        logo=data.logo,
        intro=intro,
        sections=[
            Section(_("What we will do"), _what_we_will_do(proposal, quote, who), symbol="service"),
            Section(_("What it costs"), _breakdown(quote, proposal), symbol="adding_up"),
            Section(_("Our charges, said openly"), _charges(quote, proposal, who), symbol="quote.charges"),
            Section(_("The budget check"), _budget(quote), symbol="quote.budget"),
            Section(_("Shared support"), _shared(quote, proposal, who), required=False, symbol="shared"),
            Section(_("If an outcome takes longer"), _if_longer(proposal, quote, who), required=False,
                    symbol="quote.if_longer"),
            Section(_("What happens next"), _next(proposal), symbol="next"),
        ],
        contact_note=contact_note,
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))


@in_reader_language
def build_for(data: DocumentInput, proposal: Proposal) -> bytes:
    """The quote for a given version, e.g. to print an earlier one from the costing stage."""
    return build_pdf(spec(data, proposal))
