"""The agreement pack: four parts in plain words, and the boxes where everyone signs.

1. the Individual Service Fund agreement (who it is between, why, our promise about the money
   with the management charges and the emergency amount stated, the terms, and the services
   and their cost from the accepted proposal);
2. the individual support agreement (how the person wants to be supported, from the support plan);
3. what we promise to do; 4. what the person promises to do.

The wording is provider data (``resources/provider/agreement.json``): each clause in short
sentences with placeholders filled from the case, and an optional ``guidance`` note that the
advisor sees while going through it (``advisor_view``) and that is never printed.

The signature boxes are empty AcroForm signature fields (``person``, ``nominated_person``,
``funding_decision_maker``, ``advisor``, ``office``), with the printed name and role under each.
They are added with pyHanko after reportlab lays the pages out, where the layout drew each box.
An unsigned box's own appearance says whose it is (signing/appearance.py); a signature replaces
it with the drawn signature, so nothing printed on the page says "Sign here" beside a signed box.
A box that must be signed for the agreement to be complete carries the PDF's Required flag: a
verifier reads from the file itself which boxes are still to sign.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any, Mapping

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from reportlab.platypus import Flowable

from advisor_app.documents.adapt import DrawnInLayout
from advisor_app.documents.common import DocumentInput, format_date, people, in_reader_language
from advisor_app.documents.easyread import (
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    INK,
    MUTED,
    PRIMARY,
    RULE,
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
)
from advisor_app.documents.quote import _styles, money_table
from advisor_app.documents.symbols import service_symbol
from advisor_app.domain.agreement import (
    SIGNER_ROLE_LABELS,
    Signer,
    accepted_proposal,
    funding_decision_maker,
    missing_for_signing,
    nominated_person,
    signers,
)
from advisor_app.domain.costing.money import plain_number
from advisor_app.domain.funding import LOCAL_AUTHORITY, Funding, FundingType
from advisor_app.domain.messages import N_
from advisor_app.domain.people import Circle, Person
from advisor_app.domain.proposals import Proposal, pounds
from advisor_app.domain.proposals.itemised import Item, Itemised, Working, itemise
from advisor_app.domain.support_plan import SupportPlan
from advisor_app.i18n import _
from advisor_app.store import provider_files

TITLE = N_("Our agreement")
BOX_HEIGHT = 100
BOX_WIDTH = 340


def wording() -> dict[str, Any]:
    """The provider's wording of the four parts (see the module docstring), as validated."""
    return provider_files.load("agreement.json")


def why_not_ready(sections: Mapping[str, Any]) -> str | None:
    missing = missing_for_signing(sections)
    if not missing:
        return None
    return _("Before the agreement can be made: {items}",
             items=" ".join(_(m.message) for m in missing))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _values(data: DocumentInput, proposal: Proposal | None) -> dict[str, str]:
    who = people(data)
    person = data.section("person", Person) or Person()
    circle = data.section("circle", Circle) or Circle()
    funding = data.section("funding", Funding) or Funding()
    nominated = nominated_person(circle)
    words = wording()
    manager = words.get("manager") or {}
    values = _Blank(
        person=who.full_name or _("the person"), person_first=who.first_name or _("the person"),
        provider=data.provider.name, advisor=data.advisor_name or _("the support advisor"),
        manager=manager.get("name", ""), manager_role=_(manager.get("role") or "").lower(),
        address=", ".join(p for p in (person.address.replace("\n", ", "), person.postcode or "") if p),
        complaints_guide=_(words.get("complaints_guide", "")),
        nominated_line=_("{name} is the nominated person. ", name=nominated.name) if nominated else "",
    )
    la = any(s.type == FundingType.LOCAL_AUTHORITY_PURCHASE or s.controlled_by == LOCAL_AUTHORITY
             for s in funding.sources)
    values["why_line"] = (_("The local authority is buying the support for {name}.", name=values["person_first"])
                          if la else _("{name} is buying the support with it.", name=values["person_first"]))
    if proposal is not None:
        quote = proposal.price()
        pct = quote.percentages
        values["management_pct"] = _("{pct}%", pct=plain_number(pct.central + pct.regional + pct.surplus))
        values["management_amount"] = pounds(quote.first_year_charges.total)
        values["contingency"] = pounds(quote.contingency)
        values["proposal_number"] = str(proposal.number)
        decider = funding_decision_maker(person, circle)
        if proposal.accepted_on:
            by = values["person_first"] if proposal.accepted_by == "person" else (
                (circle.member(proposal.accepted_by or "") or decider or nominated).name
                if (circle.member(proposal.accepted_by or "") or decider or nominated) else "")
            values["accepted_line"] = (_("{who} accepted it on {date}.", who=by, date=format_date(proposal.accepted_on))
                                       if by else "")
    return values


def fill(text: str, values: Mapping[str, str]) -> str:
    """The provider's wording (translated: its strings are in the catalog) with the case's details."""
    return " ".join(_(text).format_map(values).split())


# ---- what the advisor sees while going through it -----------------------------------------------


@dataclass(frozen=True)
class ClauseView:
    heading: str
    text: str
    guidance: str  # for the advisor only: never printed


@dataclass(frozen=True)
class PartView:
    id: str
    title: str
    clauses: tuple[ClauseView, ...]


def advisor_view(data: DocumentInput) -> list[PartView]:
    """The four parts with the case's details filled in and the guidance notes beside them."""
    values = _values(data, accepted_proposal(data.sections))
    return [PartView(part["id"], fill(part["title"], values),
                     tuple(ClauseView(fill(c.get("heading", ""), values), fill(c["text"], values),
                                      _(c.get("guidance", ""))) for c in part["clauses"]))
            for part in wording()["parts"]]


# ---- the inserts: the services and their cost, how to support ----------------------------------


def _service_card(proposal: Proposal, item: Item) -> Block:
    card: list[Block] = [Text(f"{item.number}. {_line_name_of(item)}", strong=True)]
    if item.purpose:
        card.append(Fact(_("What it is for:"), _(item.purpose)))
    if item.amount:
        card += [Text(_("How much:"), strong=True), Bullets([_(a) for a in item.amount])]
    card.append(Fact(_("It costs:"), _(item.price)))
    return Point(service_symbol(proposal.part(item.line.component), item.line), [Panel(card)])


def _line_name_of(item: Item) -> str:
    return _(item.name)  # a menu name is in the catalog too (devtools/babel_provider); a typed one stays


def _working_table(working: Working, header: str) -> Block:
    rows = [[_(step.label) + (f" ({_(step.working)})" if step.working else ""), pounds(step.amount)]
            for step in working.steps]
    rows.append([_("The first year in total"), pounds(working.total)])
    return money_table([header, _("Amount")], rows, (0.72, 0.28), FRAME_WIDTH, total=True)


def _services(proposal: Proposal) -> list[Block]:
    """Each service with how much, what for and what it costs; then the first year added up two
    ways (by when it is paid, and where the money goes), from ``domain.proposals.itemised``."""
    _styles()
    itemised: Itemised = itemise(proposal)
    blocks: list[Block] = [_service_card(proposal, item) for item in itemised.items]
    weekly = itemised.weekly
    if weekly:
        rows = [[f"{i.number}. {_line_name_of(i)}", _(i.price)] for i in weekly]
        rows.append([_("Every week in total"), _("{money} a week", money=pounds(itemised.quote.weekly_ongoing_total))])
        blocks += [SubHeading(_("Every week")),
                   money_table([_("Service"), _("A week")], rows, (0.62, 0.38), FRAME_WIDTH, total=True)]
    total = pounds(itemised.by_period.total)
    blocks += [SubHeading(_("Adding up the first year")),
               Point("adding_up", [Text(_("This is how the first year adds up. You can check it on paper.")),
                                   Text(_("A year is {weeks} weeks.", weeks=itemised.quote.weeks_per_year))]),
               _working_table(itemised.by_period, _("What")),
               SubHeading(_("Where the money goes")),
               Text(_("Here is the same total, shown another way.")),
               _working_table(itemised.by_use, _("What")),
               Point("money", [Text(_("Both ways add up to {total}.", total=total)),
                               Text(_("This is the same as proposal {n}.", n=proposal.number))])]
    return blocks


def _how_to_support(data: DocumentInput) -> list[Block]:
    plan = data.section("support_plan", SupportPlan) or SupportPlan()
    return [Bullets(people(data).saids(plan.how_to_support_me_well))]


def _part_blocks(data: DocumentInput, part: Mapping[str, Any], values: Mapping[str, str],
                 proposal: Proposal | None) -> list[Block]:
    blocks: list[Block] = []
    for clause in part["clauses"]:
        if clause.get("heading"):
            blocks.append(SubHeading(fill(clause["heading"], values)))
        text = Text(fill(clause["text"], values))
        blocks.append(Point(clause["symbol"], [text]) if clause.get("symbol") else text)
        insert = clause.get("insert")
        if insert == "services" and proposal is not None:
            blocks += _services(proposal)
        elif insert == "how_to_support":
            blocks += _how_to_support(data)
    return blocks


# ---- the signature boxes ------------------------------------------------------------------------


class SignatureBox(DrawnInLayout, Flowable):
    """An empty box to sign in, with the name and role printed under it. Where the layout draws
    it is recorded in ``places`` (field -> (page index, x1, y1, x2, y2)) for the signature field."""

    def __init__(self, signer: Signer, places: dict[str, tuple[int, float, float, float, float]]) -> None:
        super().__init__()
        self.signer, self.places = signer, places

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, BOX_HEIGHT + 74

    def drawOn(self, *args, **kw):  # noqa: N802 (reportlab's name) laid out twice: see quote._Reusable
        self.__dict__.pop("_postponed", None)
        return super().drawOn(*args, **kw)

    def draw(self) -> None:
        canv = self.canv
        top = BOX_HEIGHT + 74
        box_y = top - BOX_HEIGHT
        with self.mirrored(canv, self.width):  # right to left: the box stands at the right
            canv.setStrokeColor(PRIMARY)
            canv.setLineWidth(1.5)
            canv.rect(0, box_y, BOX_WIDTH, BOX_HEIGHT, stroke=1, fill=0)
            canv.setFillColor(INK)
            # The office box: whoever countersigns; their name is in the signed box itself.
            self.text(canv, 0, box_y - 22, self.signer.name or _("A manager at our office"), FONT_BOLD, 14)
            canv.setFillColor(MUTED)
            self.text(canv, 0, box_y - 44, _(SIGNER_ROLE_LABELS[self.signer.role]), FONT, 14)
            canv.setStrokeColor(RULE)
            canv.line(0, 4, FRAME_WIDTH, 4)
        left = self.width - BOX_WIDTH if self.layout.right_to_left else 0
        x, y = canv.absolutePosition(left, box_y)
        self.places[self.signer.field] = (canv.getPageNumber() - 1, x, y, x + BOX_WIDTH, y + BOX_HEIGHT)


def _signing_blocks(boxes: list[Signer], places: dict) -> list[Block]:
    blocks: list[Block] = [Text(_("Please sign in your box when you have read the agreement and agree with it. "
                                  "Your support advisor will help you."))]
    for signer in boxes:
        if signer.field == "office":
            blocks.append(Text(_("The manager signs this box later, at our office."), muted=True))
        blocks.append(SignatureBox(signer, places))
    return blocks


# ---- the document ------------------------------------------------------------------------------


def spec(data: DocumentInput, places: dict | None = None) -> DocumentSpec:
    places = {} if places is None else places
    proposal = accepted_proposal(data.sections)
    values = _values(data, proposal)
    who = people(data)
    name = who.first_name
    title = _("{name}\u2019s agreement with us", name=name) if name else _(TITLE)
    sections = [Section(fill(part["title"], values), _part_blocks(data, part, values, proposal))
                for part in wording()["parts"]]
    sections.append(Section(_("Signing the agreement"), _signing_blocks(signers(data.sections, data.advisor_name),
                                                                        places)))
    return DocumentSpec(
        title=title,
        subtitle=[who.full_name if who.full_name != name else "",
                  _("Made on {date}", date=format_date(data.made_on)),
                  _("Our reference: {reference}", reference=data.reference) if data.reference else ""],
        subject=_("The Individual Service Fund agreement, the support agreement, and what we each promise"),
        footer=title,
        keywords=[k for k in (_(TITLE), data.reference) if k],
        provider=data.provider,
        made_on=data.made_on,
        language=data.language,
        large_print=data.large_print,
        logo=data.logo,
        intro=[Text(_("This agreement has four parts. Please read them with your support advisor. "
                      "Ask about anything that is not clear.")),
               Panel([Bullets([fill(p["title"], values) for p in wording()["parts"]])])],
        sections=sections,
        glossary_at=len(wording()["parts"]),  # the words explained before anyone signs
    )


REQUIRED = 2  # the AcroForm field flag "Required" (PDF 32000-1, 12.7.3.1)


def _add_fields(pdf: bytes, places: Mapping[str, tuple[int, float, float, float, float]],
                boxes: list[Signer]) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from advisor_app.documents.signature_appearance import unsigned_box

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    by_field = {s.field: s for s in boxes}
    for field_name, (page, x1, y1, x2, y2) in places.items():
        box = (int(x1), int(y1), int(x2), int(y2))
        append_signature_field(writer, SigFieldSpec(field_name, on_page=page, box=box))
        signer = by_field[field_name]
        look = unsigned_box(signer.name, _(SIGNER_ROLE_LABELS[signer.role]), signer.field == "office",
                            box[2] - box[0], box[3] - box[1])
        xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(look)))
        field = _field(writer, field_name)
        field[generic.NameObject("/AP")] = generic.DictionaryObject({generic.NameObject("/N"): xobj})
        if signer.required:
            field[generic.NameObject("/Ff")] = generic.NumberObject(REQUIRED)
    # The same case makes the same bytes (the stored version is named by their SHA-256).
    # pyHanko gives an update a random second /ID: derive it from the bytes instead.
    first = writer._document_id[0]
    writer._document_id = generic.ArrayObject([first, generic.ByteStringObject(hashlib.sha256(pdf).digest()[:16])])
    # ... and it would stamp the clock's time as /ModDate: the reportlab metadata (dated made_on) stays.
    writer._update_meta = lambda: None  # type: ignore[method-assign]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _field(writer: IncrementalPdfFileWriter, name: str) -> generic.DictionaryObject:
    """The signature field (merged with its widget, as pyHanko makes it) called ``name``."""
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == name:
            return field
    raise KeyError(name)


@in_reader_language
def build(data: DocumentInput) -> bytes:
    places: dict[str, tuple[int, float, float, float, float]] = {}
    pdf = build_pdf(spec(data, places))
    return _add_fields(pdf, places, signers(data.sections, data.advisor_name))
