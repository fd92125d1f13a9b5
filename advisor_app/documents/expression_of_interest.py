"""The expression of interest: given to the family after the first meetings.

Who we are, what they asked for (in their words), who is involved and how the support can be
paid for, what we can offer next (and, honestly, what we cannot), the next steps, and how to
reach us. Written to "you": the person and the people close to them.
"""

from __future__ import annotations

from advisor_app.documents.common import DocumentInput, People, format_date, money, people, sentence, in_reader_language
from advisor_app.documents.easyread import (
    Block,
    Bullets,
    DocumentSpec,
    Point,
    Said,
    Section,
    Steps,
    SubHeading,
    Text,
    build_pdf,
    pictured,
)
from advisor_app.domain.enquiry import ContactRoute, Decision, Enquiry, Urgency
from advisor_app.domain.funding import LOCAL_AUTHORITY, PERIOD_LABELS, Funding, FUNDING_LABELS, PERSON
from advisor_app.domain.messages import N_
from advisor_app.domain.people import CircleRole
from advisor_app.domain.service_design import ServiceDesign, component_name
from advisor_app.i18n import _

TITLE = N_("Expression of interest")


def why_not_ready(sections: dict) -> str | None:
    enquiry = sections.get("enquiry")
    if not enquiry:
        return N_("Fill in the enquiry first: who got in touch and what they are looking for.")
    if enquiry.get("decision") == Decision.NOT_PURSUE:
        return N_("The enquiry says we cannot help, so there is no expression of interest to give.")
    return None


def _who_we_are(data: DocumentInput) -> list[Block]:
    provider = data.provider
    blocks: list[Block] = []
    if provider.about:
        blocks.append(Text(_(provider.about)))
    else:
        blocks.append(Text(_("{provider} supports adults with learning disabilities and autistic adults.",
                             provider=provider.name)))
    blocks.append(Text(_("We work with you and the people close to you. You stay in charge of your support "
                         "and your money.")))
    if data.advisor_name:
        blocks.append(Text(_("Your support advisor is {advisor}. {advisor} is your contact from now on. That "
                             "stays the same after your support starts.", advisor=data.advisor_name)))
    return blocks


def _contact_said_by(enquiry: Enquiry, who: People) -> str | None:
    if enquiry.route == ContactRoute.PERSON and who.first_name:
        return who.first_name
    if enquiry.contact_name and enquiry.contact_organisation:
        return f"{enquiry.contact_name}, {enquiry.contact_organisation}"
    return enquiry.contact_name or None


def _what_you_asked_for(enquiry: Enquiry | None, who: People) -> list[Block]:
    if enquiry is None or not enquiry.looking_for:
        return []
    blocks: list[Block] = []
    if enquiry.contact_name and enquiry.received_on:
        blocks.append(Text(_("{contact} got in touch with us on {date}. This is what we heard:",
                             contact=enquiry.contact_name, date=format_date(enquiry.received_on))))
    blocks.append(Said(enquiry.looking_for, _contact_said_by(enquiry, who)))
    if enquiry.urgency == Urgency.URGENT:
        blocks.append(Text(_("You told us this is urgent. We will keep in touch often while we plan.")))
    elif enquiry.urgency == Urgency.SOON:
        blocks.append(Text(_("You told us you would like support soon.")))
    return blocks


ROLE_SENTENCES = {
    CircleRole.NOMINATED_PERSON: N_("{name} is the nominated person. They speak with {person}, and for "
                                    "{person} when needed."),
    CircleRole.FUNDING_DECISION_MAKER: N_("{name} decides about the money."),
    CircleRole.CONTRACT_DECISION_MAKER: N_("{name} decides about the agreement."),
    CircleRole.ADVOCATE: N_("{name} is an advocate. They help {person} speak up."),
}


def _people_involved(who: People) -> list[Block]:
    if who.person is None and not who.circle.members:
        return []
    person = who.first_name or _("you")
    blocks: list[Block] = []
    if who.person is not None:
        own = []
        if who.person.decides_about_funding:
            own.append(_("{name} decides about the money.", name=who.first_name))
        if who.person.decides_about_contract:
            own.append(_("{name} decides about the agreement.", name=who.first_name))
        blocks.append(Text(" ".join([_("This is about {name}.", name=who.full_name), *own])))
    items = []
    for member in who.circle.members:
        first = member.name.split()[0]
        label = f"{member.name} ({member.relationship})" if member.relationship else member.name
        sentences = [_(ROLE_SENTENCES[role], name=first, person=person) for role in member.roles]
        items.append(" ".join([label + ".", *sentences]))
    if items:
        blocks += [Text(_("The people close to {name}:", name=person)), Bullets(items)]
    signers = who.circle.with_role(CircleRole.FUNDING_DECISION_MAKER) + who.circle.with_role(
        CircleRole.CONTRACT_DECISION_MAKER)
    if signers or (who.person and (who.person.decides_about_funding or who.person.decides_about_contract)):
        blocks.append(Text(_("The people who decide about the money and the agreement sign it at the end.")))
    return blocks


def _controlled_by(controlled_by: str, who: People) -> str:
    if controlled_by == PERSON:
        return _("{name} manages this money.", name=who.first_name) if who.first_name else _(
            "You manage this money.")
    if controlled_by == LOCAL_AUTHORITY:
        return _("The council manages this money.")
    member = who.circle.member(controlled_by)
    return _("{name} manages this money.", name=member.name) if member else ""


def _money(funding: Funding | None, who: People) -> list[Block]:
    if funding is None or not (funding.sources or funding.status_note):
        return []
    items = []
    for source in funding.sources:
        line = _("{type}: {amount} {period}.", type=_(FUNDING_LABELS[source.type]), amount=money(source.amount),
                 period=_(PERIOD_LABELS[source.period]))
        parts = [line, _controlled_by(source.controlled_by, who), source.notes]
        items.append(" ".join(part for part in parts if part))
    blocks: list[Block] = [Text(_("This is the money for support that you told us about:")), Bullets(items)]
    if funding.sources and (len(funding.sources) > 1 or funding.sources[0].period != "year"):
        blocks.append(Text(_("That is about {amount} a year in total.", amount=money(funding.annual_total()))))
    if funding.status_note:
        blocks.append(Text(funding.status_note))
    return blocks


def _what_we_offer(data: DocumentInput, who: People) -> list[Block]:
    design = data.section("service_design", ServiceDesign)
    name = who.first_name or _("you")
    blocks: list[Block] = []
    if design is not None and design.components:
        items, seen = [], set()
        for chosen in design.components:
            if chosen.component_id in seen:
                continue
            seen.add(chosen.component_id)
            item = data.menu.get(chosen.component_id) if data.menu else None
            title = _(component_name(chosen, data.menu))
            items.append(f"{title}: {_(item.description)}" if item else title)
        blocks += [Point("eoi.offer", [Text(_("We talked about these parts of support:")), Bullets(items),
                                       Text(_("We will plan each part with you. You only pay for the parts you "
                                              "choose."))])]
    else:
        blocks += [Point("eoi.offer", [
            Text(_("We would like to get to know {name} better. We will listen to what {name} wants from life.",
                   name=name)),
            Text(_("Then we plan the support together, one part at a time. You only pay for the parts you "
                   "choose."))])]
    if design is not None and design.cannot_offer:
        items = []
        for gap in design.cannot_offer:
            told = _("We told you about {organisation}.", organisation=gap.pointed_to) if gap.pointed_to else ""
            items.append(" ".join(part for part in (sentence(gap.what), told) if part))
        blocks += [SubHeading(_("What we cannot do")),
                   Point("eoi.cannot", [Text(_("We want to be honest with you. We cannot help with:")),
                                        Bullets(items)])]
    return blocks


def _next_steps() -> list[Block]:
    return [Steps([
        _("We meet again to get to know you better: what matters to you, and how you like to be supported."),
        _("We design the support with you, one part at a time."),
        _("We write a support plan together, in your own words."),
        _("We tell you what the support costs, line by line."),
        _("You decide. Nothing is agreed until you sign an agreement."),
    ])]


def spec(data: DocumentInput) -> DocumentSpec:
    enquiry = data.section("enquiry", Enquiry)
    who = people(data)
    addressee = who.full_name or (enquiry.contact_name if enquiry else "")
    subtitle = [
        _("For {name}", name=addressee) if addressee else "",
        _("Made on {date}", date=format_date(data.made_on)),
        _("Our reference: {reference}", reference=data.reference) if data.reference else "",
    ]
    title = _(TITLE)
    return DocumentSpec(
        title=title,
        subtitle=subtitle,
        subject=_("What we heard, what we can offer and what happens next"),
        footer=_("Expression of interest for {name}", name=addressee) if addressee else title,
        keywords=[k for k in (title, data.reference) if k],
        provider=data.provider,
        made_on=data.made_on,
        language=data.language,
        large_print=data.large_print,
        logo=data.logo,
        intro=[Text(_("Thank you for talking to us. This letter says what we heard and what we can do next. "
                      "It is not a contract. You do not have to agree to anything yet."))],
        sections=[
            Section(_("Who we are"), pictured("eoi.who_we_are", _who_we_are(data))),
            Section(_("What you asked for"), pictured("eoi.asked", _what_you_asked_for(enquiry, who))),
            Section(_("The people involved"), pictured("eoi.people", _people_involved(who)), required=False),
            Section(_("Money for support"), pictured("eoi.money", _money(data.section("funding", Funding), who)),
                    required=False),
            Section(_("What we can offer next"), _what_we_offer(data, who)),
            Section(_("Next steps"), pictured("eoi.next", _next_steps())),
        ],
        contact_note=[Text(_("Call or email us any time. Would you like this letter in large print or another "
                             "language? Please tell us."))],
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))
