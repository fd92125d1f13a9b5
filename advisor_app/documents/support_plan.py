"""The support plan: the person's goals in their words, the support that delivers each, the
weekly timetable (on-going support by day and time of day, with fixed-term and one-off support
listed under it), how to support them well, what they want in their supporters and what
matters day to day.

Warnings about the plan (clashes, gaps, goals with no support) are for the advisor's screen;
the printed copy shows the plan as it stands.
"""

from __future__ import annotations

import datetime as dt

from advisor_app.documents.common import DocumentInput, People, format_date, hours_phrase, people, sentence, in_reader_language
from advisor_app.documents.easyread import (
    Block,
    Bullets,
    CellLine,
    DocumentSpec,
    Fact,
    Grid,
    Panel,
    Said,
    Section,
    SubHeading,
    Text,
    build_pdf,
)
from advisor_app.domain.messages import N_
from advisor_app.domain.service_design import FixedTermDetails, OneOffDetails, ServiceDesign, component_name
from advisor_app.domain.support_plan import Booking, Slot, SupportPlan, Timetable, weekly_timetable
from advisor_app.domain.week import DAY_LABELS, DAYS, NightCover
from advisor_app.i18n import _, ngettext

TITLE = N_("Support plan")
NIGHT_LABELS = {NightCover.SLEEP_IN: N_("sleep-in"), NightCover.WAKING_NIGHT: N_("waking night")}


def why_not_ready(sections: dict) -> str | None:
    plan = sections.get("support_plan") or {}
    supporters = plan.get("wanted_in_supporters") or {}
    parts = [plan.get("outcomes"), plan.get("how_to_support_me_well"), plan.get("what_matters_day_to_day"),
             *supporters.values()]
    if not any(parts):
        return N_("Write something in the support plan first.")
    return None


# ---- goals ------------------------------------------------------------------------------------


def _goals(plan: SupportPlan, design: ServiceDesign | None, data: DocumentInput, who: People) -> list[Block]:
    blocks: list[Block] = []
    for n, outcome in enumerate(plan.outcomes, start=1):
        heading = _("Goal {n}", n=n)
        card: list[Block] = [
            SubHeading(heading, bookmark=f"{heading}: {outcome.in_my_words}"),
            Said(outcome.in_my_words, who.who(outcome.whose_words)),
        ]
        if outcome.success_looks_like:
            card.append(Fact(_("What success looks like:"), outcome.success_looks_like))
        if outcome.by_when:
            card.append(Fact(_("By when:"), format_date(outcome.by_when)))
        support = [_(component_name(c, data.menu)) for cid in outcome.component_ids
                   if design and (c := design.component(cid))]
        if support:
            card.append(Fact(_("The support that helps:"), ", ".join(support) + "."))
        blocks.append(Panel(card, warm=True))
    return blocks


# ---- the week ---------------------------------------------------------------------------------


SLOT_HEADINGS = {
    Slot.DAYTIME: (N_("Daytime"), N_("8am to 5pm")),
    Slot.EVENING: (N_("Evening"), N_("5pm to 10pm")),
    Slot.NIGHT: (N_("Night"), N_("10pm to 8am")),
}


def _booking_line(booking: Booking) -> CellLine:
    """One part of support in a cell: how much in bold (when there is an amount), then what."""
    shared = (" " + _("(shared by {n} people)", n=booking.shared_by)) if booking.shared_by > 1 else ""
    if booking.night != NightCover.NONE:
        cover = _(NIGHT_LABELS[booking.night])
        if booking.name.lower() == cover.lower():
            return booking.name + shared
        return (cover[:1].upper() + cover[1:], booking.name + shared)
    if booking.hours:
        return (hours_phrase(booking.hours), booking.name + shared)
    return booking.name + shared  # someone living in: there, whatever the hours


def _week_table(timetable: Timetable, name: str) -> Grid:
    rows = []
    for day in DAYS:
        rows.append([_(DAY_LABELS[day]), *[[_booking_line(b) for b in timetable.cell(day, slot)] or None
                                           for slot in Slot]])
    return Grid(
        header=[_("Day"), *[(_(SLOT_HEADINGS[slot][0]), _(SLOT_HEADINGS[slot][1])) for slot in Slot]],
        rows=rows,
        widths=[0.22, 0.26, 0.26, 0.26],
        empty=_("No support"),
        caption=_("This is {name}\u2019s support in a usual week.", name=name) if name else "",
    )


def _weekly_line(chosen_name: str, details: FixedTermDetails) -> str:
    parts = []
    total = details.hours_per_week.total()
    if total:
        parts.append(_("{hours} a week", hours=hours_phrase(total)))
    if details.sleep_ins_per_week:
        parts.append(ngettext("{n} sleep-in a week", "{n} sleep-ins a week", details.sleep_ins_per_week))
    if details.waking_nights_per_week:
        parts.append(ngettext("{n} waking night a week", "{n} waking nights a week",
                              details.waking_nights_per_week))
    if details.weeks:
        weeks = ngettext("{n} week", "{n} weeks", details.weeks)
        if details.fixed_price_for_outcome is not None:
            parts.append(_("until the goal is reached (about {weeks})", weeks=weeks))
        else:
            parts.append(_("for {weeks}", weeks=weeks))
    line = sentence(f"{chosen_name}: " + ", ".join(parts) if parts else chosen_name)
    if details.target_outcome:
        line += " " + sentence(_("The aim: {aim}", aim=details.target_outcome))
    return line


def _one_off_line(chosen_name: str, details: OneOffDetails) -> str:
    when = format_date(details.date) if details.date else _("date not set yet")
    return f"{chosen_name}: {when}."


def _week(design: ServiceDesign | None, data: DocumentInput, who: People) -> list[Block]:
    if design is None or not design.components:
        return []
    timetable = weekly_timetable(design, data.menu)
    blocks: list[Block] = []
    if timetable.has_on_going:
        blocks.append(_week_table(timetable, who.first_name))
    fixed = [(_(component_name(c, data.menu)), c.details) for c in design.components
             if isinstance(c.details, FixedTermDetails)]
    if fixed:
        blocks += [SubHeading(_("Support for a set time")),
                   Bullets([_weekly_line(name, details) for name, details in fixed])]
    one_offs = [(_(component_name(c, data.menu)), c.details) for c in design.components
                if isinstance(c.details, OneOffDetails)]
    if one_offs:
        one_offs.sort(key=lambda item: item[1].date or dt.date.max)
        blocks += [SubHeading(_("One-off pieces of work")),
                   Bullets([_one_off_line(name, details) for name, details in one_offs])]
    return blocks


def _parts(design: ServiceDesign | None, data: DocumentInput) -> list[Block]:
    """What each chosen part of support is, in the menu's plain words."""
    if design is None or data.menu is None:
        return []
    items, seen = [], set()
    for chosen in design.components:
        item = data.menu.get(chosen.component_id)
        if item is None or item.id in seen:
            continue
        seen.add(item.id)
        items.append(f"{_(item.name)}: {_(item.description)}")
    return [Bullets(items)] if items else []


# ---- how to support me ------------------------------------------------------------------------


def _supporters(plan: SupportPlan, who: People) -> list[Block]:
    wanted = plan.wanted_in_supporters
    blocks: list[Block] = []
    for heading, entries in ((_("What they are like"), wanted.qualities),
                             (_("What they know or can do"), wanted.skills),
                             (_("Things we could enjoy together"), wanted.shared_interests)):
        if entries:
            blocks += [SubHeading(heading), Bullets(who.saids(entries))]
    return blocks


# For other documents that show the plan's goals and week (the handover pack).
goals_blocks = _goals
week_blocks = _week


def spec(data: DocumentInput) -> DocumentSpec:
    who = people(data)
    plan = data.section("support_plan", SupportPlan) or SupportPlan()
    design = data.section("service_design", ServiceDesign)
    name = who.first_name
    title = _("{name}\u2019s support plan", name=name) if name else _(TITLE)
    subtitle = [who.full_name if who.full_name != name else "",
                _("Made on {date}", date=format_date(data.made_on)),
                _("Our reference: {reference}", reference=data.reference) if data.reference else ""]
    intro = (_("This is {name}\u2019s plan. It says what {name} wants to achieve, the support that helps, and "
               "when it happens. It uses {name}\u2019s own words and the words of people close to {name}.",
               name=name) if name else "")
    contact_note = [Text(_("This plan can change. If something is not right, or you want something to "
                           "change, please tell us."))]
    if data.advisor_name:
        contact_note.append(Text(_("Your support advisor is {advisor}.", advisor=data.advisor_name)))
    return DocumentSpec(
        title=title,
        subtitle=subtitle,
        subject=_("Goals, the weekly timetable and how to support me well"),
        footer=title,
        keywords=[k for k in (_(TITLE), data.reference) if k],
        provider=data.provider,
        made_on=data.made_on,
        language=data.language,
        large_print=data.large_print,
        logo=data.logo,
        intro=[Text(intro)] if intro else [],
        sections=[
            Section(_("What I want to achieve"), _goals(plan, design, data, who), symbol="plan.goal"),
            Section(_("My week"), _week(design, data, who), symbol="plan.week"),
            Section(_("What each part of my support is"), _parts(design, data), required=False,
                    symbol="plan.parts"),
            Section(_("How to support me well"), [Bullets(who.saids(plan.how_to_support_me_well))],
                    symbol="plan.how_to_support"),
            Section(_("What I want in the people who support me"), _supporters(plan, who),
                    symbol="plan.supporters"),
            Section(_("What matters to me day to day"), [Bullets(who.saids(plan.what_matters_day_to_day))],
                    symbol="plan.day_to_day"),
        ],
        contact_note=contact_note,
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))

