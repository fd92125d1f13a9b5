"""The easy-read report back of a Working Together for Change workshop: what people told us, put
together in themes, and what we will do. It goes to the people whose reviews were used, through
their advisors (an office message to each laptop), so it is easy read: short sentences, a picture
beside each point, the words we use explained.

No one's words are quoted: the themes are what many people said, and each theme's name is the
workshop's own words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from advisor_app.documents.easyread import Bullets, DocumentSpec, Point, Section, Text, build_pdf
from advisor_app.domain.messages import N_
from advisor_app.domain.provider import ProviderProfile
from advisor_app.domain.themes import ActionPlan, Reading, StatementKind, ThemeCount, report_themes
from advisor_app.i18n import _, format_date, ngettext

TITLE = N_("What you told us, and what we will do")
SYMBOLS = {Reading.SPREAD: "themes.working", Reading.FIX: "themes.not_working", Reading.MATTERS: "themes.important"}
READING_SENTENCES = {
    Reading.SPREAD: N_("This is working well. We want more people to have it."),
    Reading.FIX: N_("This is not working well. We will put it right."),
    Reading.MATTERS: N_("This matters to people. We will keep it in mind."),
}


def _counts(count: ThemeCount) -> list[str]:
    lines = []
    if count.by_kind[StatementKind.WORKING]:
        lines.append(ngettext("{n} thing is working.", "{n} things are working.", count.by_kind[StatementKind.WORKING]))
    if count.by_kind[StatementKind.NOT_WORKING]:
        lines.append(ngettext("{n} thing is not working.", "{n} things are not working.",
                              count.by_kind[StatementKind.NOT_WORKING]))
    important = count.by_kind[StatementKind.IMPORTANT_NOW] + count.by_kind[StatementKind.IMPORTANT_FUTURE]
    if important:
        lines.append(ngettext("{n} thing is important to people.", "{n} things are important to people.", important))
    return lines


def _actions(actions: Sequence[ActionPlan]) -> list[str]:
    return [_("{what}. {owner} will do this by {day}.", what=a.what.rstrip("."), owner=a.owner,
              day=format_date(a.due_on)) for a in actions]


def build(title: str, counts: Sequence[ThemeCount], actions: Mapping[str, Sequence[ActionPlan]], cases: int,
          provider: ProviderProfile, made_on: dt.date, logo=None, language: str | None = None) -> bytes:
    """The PDF. ``counts``: the workshop's themes counted (``domain.themes.count_themes``);
    ``actions``: theme id -> its actions; ``cases``: how many people's reviews were used."""
    shown = report_themes(counts)
    told = sum(c.total for c in shown)
    intro = [Point("themes.told_us", [
        Text(_("Thank you for telling us about your life at your review.")),
        Text(ngettext("We listened to {n} person.", "We listened to {n} people.", cases)),
        Text(ngettext("They told us {n} thing.", "They told us {n} things.", told)),
        Text(_("We put what people said together in groups.")),
    ])]
    sections = []
    for count in shown:
        mine = actions.get(count.theme_id, ())
        blocks = [Point(SYMBOLS[count.reading], [Bullets(_counts(count)), Text(_(READING_SENTENCES[count.reading]))])]
        if mine:
            blocks.append(Point("themes.actions", [Text(_("What we will do:")), Bullets(_actions(mine))]))
        sections.append(Section(count.name, blocks))
    sections.append(Section(_("What happens next"), [Point("themes.thanks", [
        Text(_("We will tell you how it is going.")),
        Text(_("Your support advisor can tell you more.")),
        Text(_("You can tell us what you think at your next review.")),
    ])]))
    return build_pdf(DocumentSpec(
        title=_(TITLE), subtitle=[title, _("Made on {date}", date=format_date(made_on))], subject=_(TITLE),
        footer=_(TITLE), keywords=[_(TITLE)], provider=provider, made_on=made_on, language=language, logo=logo,
        intro=intro, sections=sections))
