"""The person-centred review, in the format of Appendix 7: who came; what is working and not
working from each point of view; what is important to the person now and in the future; questions
to answer; progress on each outcome; actions with who and when; changes to the plan; and the
money against the plan, in short (the budget statement is its own document).

One PDF per review (``services.reviews`` gives the parts). The family reads it: easy read.
"""

from __future__ import annotations

from typing import Any, Mapping

from advisor_app.documents.budget_statement import figures_of
from advisor_app.documents.common import DocumentInput, People, case_spec, format_date, people, in_reader_language
from advisor_app.documents.easyread import (
    Block,
    Bullets,
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
from advisor_app.domain.budget_statement import status_words
from advisor_app.domain.messages import N_
from advisor_app.domain.picture import VIEW_LABELS, Statement, View
from advisor_app.domain.proposals import pounds
from advisor_app.domain.reviews import DOCUMENT_KEY as REVIEW_KEY, PROGRESS_LABELS, Review
from advisor_app.domain.support_plan import SupportPlan
from advisor_app.domain.validation import validate
from advisor_app.i18n import _

TITLE = N_("Person-centred review")


def why_not_ready(sections: Mapping[str, Any]) -> str | None:
    if not sections.get(REVIEW_KEY):
        return N_("Start a review in the reviews stage first.")
    return None


def _views(statements: list[Statement], who: People) -> list[Block]:
    blocks: list[Block] = []
    for view in View:
        mine = [s for s in statements if s.view == view]
        if mine:
            blocks += [SubHeading(_(VIEW_LABELS[view])), Bullets(who.saids(mine))]
    return blocks


def _who_came(review: Review) -> list[Block]:
    came = [f"{i.name} ({i.relationship})" if i.relationship else i.name for i in review.invited if i.came]
    views = [i.name for i in review.invited if not i.came and i.sent_views]
    away = [i.name for i in review.invited if not i.came and not i.sent_views]
    blocks: list[Block] = []
    if came:
        blocks += [Text(_("These people came:")), Bullets(came)]
    if views:
        blocks += [Text(_("These people could not come, and sent their views:")), Bullets(views)]
    if away:
        blocks += [Text(_("These people were invited but could not come:")), Bullets(away)]
    if review.facilitator:
        blocks.append(Fact(_("The review was led by:"), review.facilitator))
    return blocks


def _outcomes(review: Review, plan: SupportPlan, who: People) -> list[Block]:
    blocks: list[Block] = []
    for outcome in plan.outcomes:
        progress = review.progress_of(outcome.id)
        card: list[Block] = [Said(outcome.in_my_words, who.who(outcome.whose_words))]
        label = _(PROGRESS_LABELS[progress.progress]) if progress and progress.progress else _("Not talked about")
        card.append(Fact(_("How it is going:"), label))
        if progress and progress.note:
            card.append(Text(progress.note))
        blocks.append(Panel(card, warm=True))
    return blocks


def _actions(review: Review) -> list[Block]:
    rows = [[a.what, a.owner, format_date(a.by_when) if a.by_when else "", _("Done") if a.done else ""]
            for a in review.actions]
    if not rows:
        return []
    return [Grid(header=[_("What will happen"), _("Who"), _("By when"), _("Done")], rows=rows,
                 widths=[0.46, 0.18, 0.22, 0.14], empty="\u2014")]


def _changes(review: Review) -> list[Block]:
    if not review.plan_changes:
        return []
    blocks: list[Block] = [Bullets([c.what for c in review.plan_changes])]
    if review.plan_version is not None:
        blocks.append(Text(_("These changes are in the support plan, version {n}.", n=review.plan_version)))
    return blocks


def _money(data: DocumentInput) -> list[Block]:
    figures = figures_of(data.sections)
    if figures is None:
        return []
    return [
        Fact(_("The weeks:"), _("{start} to {end}", start=format_date(figures.period_from),
                                end=format_date(figures.period_to))),
        Fact(_("Planned:"), pounds(figures.planned_total)),
        Fact(_("Spent:"), pounds(figures.actual_total)),
        Text(_("That is {amount} {status}. The budget statement shows each part.",
               amount=pounds(abs(figures.difference)), status=_(status_words(figures.status))), strong=True),
    ]


def spec(data: DocumentInput) -> DocumentSpec:
    who = people(data)
    review = validate(Review, data.sections.get(REVIEW_KEY) or {}).value or Review()
    plan = data.section("support_plan", SupportPlan) or SupportPlan()
    name = who.first_name or _("the person")
    title = _("{name}\u2019s person-centred review", name=who.first_name) if who.first_name else _(TITLE)
    held = _("Held on {date}", date=format_date(review.held_on)) if review.held_on else _("Not held yet")
    return case_spec(
        data, kind=TITLE, title=title, subtitle=[held],
        intro=[Text(_("Once a year we look at {name}\u2019s support together. Everyone says what is working and "
                      "what is not. We agree what happens next.", name=name))],
        sections=[
            Section(_("Who came"), _who_came(review)),
            Section(_("What is working"), _views(review.working, who)),
            Section(_("What is not working"), _views(review.not_working, who)),
            Section(_("What is important to {name} now", name=name), [Bullets(who.saids(review.important_now))]),
            Section(_("What is important to {name} in the future", name=name),
                    [Bullets(who.saids(review.important_future))]),
            Section(_("Questions we need to answer"), [Bullets(who.saids(review.questions))], required=False),
            Section(_("How the goals are going"), _outcomes(review, plan, who)),
            Section(_("What happens next"), _actions(review)),
            Section(_("Changes to the support plan"), _changes(review), required=False),
            Section(_("The money"), _money(data)),
        ],
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))
