""""You choose, we employ": the job description, the person specification, and the interview
questions with a scoring sheet for the panel, drawn from the person's own plan
(``domain.recruitment``). The family reads and helps write all three, so they are easy read:
the person's words quoted with whose words they are, short sentences, the hours in plain words.
"""

from __future__ import annotations

from typing import Any, Mapping

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
    Steps,
    SubHeading,
    Text,
    build_pdf,
)
from advisor_app.domain.messages import N_
from advisor_app.domain.recruitment import job_description, person_specification, recruitment_of
from advisor_app.domain.setup import (
    DECIDED_BY_LABELS,
    INVOLVEMENT_LABELS,
    MAX_SCORE,
    PANEL_ROLE_LABELS,
    Recruitment,
)
from advisor_app.i18n import _

JOB = N_("Job description")
SPEC = N_("Person specification")
QUESTIONS = N_("Interview questions and scoring sheet")


def _plan_written(sections: Mapping[str, Any]) -> bool:
    plan = sections.get("support_plan") or {}
    return bool(plan.get("outcomes") or plan.get("how_to_support_me_well"))


def job_not_ready(sections: Mapping[str, Any]) -> str | None:
    if not _plan_written(sections):
        return N_("Write the support plan's outcomes and how to support the person first.")
    return None


def person_not_ready(sections: Mapping[str, Any]) -> str | None:
    wanted = (sections.get("support_plan") or {}).get("wanted_in_supporters") or {}
    if not any(wanted.get(k) for k in ("qualities", "skills", "shared_interests")):
        return N_("Write what the person wants in the people who support them (support plan) first.")
    return None


def questions_not_ready(sections: Mapping[str, Any]) -> str | None:
    if not recruitment_of(sections).questions:
        return N_("Write or draft the interview questions in setting up first.")
    return None


def _spec(data: DocumentInput, kind: str, title: str, intro: list[Block], sections: list[Section]) -> DocumentSpec:
    return case_spec(data, kind=kind, title=title, intro=intro, sections=sections,
                     subtitle=[_(kind) if title != _(kind) else "", _("Made on {date}", date=format_date(data.made_on))])


def _involvement(recruitment: Recruitment, name: str) -> list[Block]:
    if recruitment.involvement is None:
        return []
    return [Fact(_("How {name} and the family take part:", name=name or _("the person")),
                 _(INVOLVEMENT_LABELS[recruitment.involvement]) + ".")]


# ---- the job description -------------------------------------------------------------------------


def job_spec(data: DocumentInput) -> DocumentSpec:
    jd = job_description(data.sections, data.menu)
    who = people(data)
    name = jd.person or _("the person")
    hours: list[Block] = []
    if jd.hours.lines:
        hours.append(Bullets([_(line) for line in jd.hours.lines]))
        hours.append(Text(_("That is about {hours} hours a week.", hours=f"{jd.hours.weekly_hours.normalize():f}")))
    communication: list[Block] = []
    for does, means, should in jd.communication:
        card: list[Block] = [Fact(_("What {name} does:", name=name), does)]
        if means:
            card.append(Fact(_("What it usually means:"), means))
        if should:
            card.append(Fact(_("What you should do:"), should))
        communication.append(Panel(card))
    intro = [Text(_("This job is to support {name}. {name} and the family helped write it, from {name}\u2019s "
                    "own plan.", name=name)),
             Text(_("{provider} employs you. {name} and the family choose who gets the job with us.",
                    provider=data.provider.name, name=name))]
    return _spec(data, JOB, jd.title, intro, [
        Section(_("About {name}", name=name), [Bullets(who.saids(jd.about))], required=False),
        Section(_("What the job is for"), [Text(_("To support {name} with what {name} wants:", name=name)),
                                           Bullets(who.saids(jd.purpose))]),
        Section(_("What you will do"), [Bullets(who.saids(jd.duties)),
                                        *([Text(_("The support you will give:")), Bullets(jd.parts)]
                                          if jd.parts else [])]),
        Section(_("When the work is"), hours),
        Section(_("How {name} communicates", name=name), communication, required=False),
        Section(_("What matters to {name} day to day", name=name), [Bullets(who.saids(jd.day_to_day))],
                required=False),
    ])


@in_reader_language
def build_job_description(data: DocumentInput) -> bytes:
    return build_pdf(job_spec(data))


# ---- the person specification --------------------------------------------------------------------


def person_spec(data: DocumentInput) -> DocumentSpec:
    spec = person_specification(data.sections)
    who = people(data)
    name = spec.person or _("the person")
    intro = [Text(_("This says what kind of person {name} wants. It uses {name}\u2019s words and the words of "
                    "people close to {name}.", name=name))]
    return _spec(data, SPEC, spec.title, intro, [
        Section(_("What you are like"), [Bullets(who.saids(spec.qualities))]),
        Section(_("What you know or can do"), [Bullets(who.saids(spec.skills))]),
        Section(_("Things we could enjoy together"), [Bullets(who.saids(spec.shared_interests))], required=False),
        Section(_("What is important to {name}", name=name),
                [Text(_("You will need to respect these things:")), Bullets(who.saids(spec.important_to))],
                required=False),
        Section(_("How {name} and the family take part", name=name),
                _involvement(recruitment_of(data.sections), name), required=False),
    ])


@in_reader_language
def build_person_specification(data: DocumentInput) -> bytes:
    return build_pdf(person_spec(data))


# ---- the interview questions and the scoring sheet ------------------------------------------------


def _question(n: int, text: str, from_words: str, who: str | None) -> Panel:
    card: list[Block] = [SubHeading(_("Question {n}", n=n)), Text(text, strong=True)]
    if from_words:
        card.append(Said(from_words, who))
    card.append(Fact(_("Score:"), _("0  1  2  3  4")))
    return Panel(card)


def _scores(recruitment: Recruitment, who: People) -> list[Block]:
    """A sheet each panel member fills in: one row per question, a box per candidate."""
    candidates = recruitment.candidates
    columns = [c.name for c in candidates] or [_("Candidate 1"), _("Candidate 2"), _("Candidate 3")]
    columns = columns[:4]
    rows = [[_("Question {n}", n=n)] + [None] * len(columns) for n in range(1, len(recruitment.questions) + 1)]
    rows.append([_("Total (most {most})", most=MAX_SCORE * len(recruitment.questions))] + [None] * len(columns))
    first = 0.28
    return [Grid(header=[_("Question"), *columns], rows=rows,
                 widths=[first, *[(1 - first) / len(columns)] * len(columns)], empty="",
                 caption=_("Write a score from 0 to {most} for each answer. Add them up at the end.",
                           most=MAX_SCORE))]


def questions_spec(data: DocumentInput) -> DocumentSpec:
    recruitment = recruitment_of(data.sections)
    who = people(data)
    name = who.first_name or _("the person")
    panel = [f"{m.name} ({_(PANEL_ROLE_LABELS[m.role])})" for m in recruitment.panel]
    intro = [Text(_("These questions come from {name}\u2019s own words. Every panel member scores each "
                    "answer.", name=name))]
    decision: list[Block] = []
    chosen = next((c for c in recruitment.candidates if c.id == recruitment.chosen_candidate), None)
    if chosen is not None:
        decision.append(Fact(_("Offered the job:"), chosen.name))
        if recruitment.decided_by is not None:
            decision.append(Fact(_("Who decided:"), _(DECIDED_BY_LABELS[recruitment.decided_by])))
        if recruitment.decided_on is not None:
            decision.append(Fact(_("When:"), format_date(recruitment.decided_on)))
    return _spec(data, QUESTIONS, _("Interview questions: {title}", title=recruitment.job_title) if
                 recruitment.job_title else _(QUESTIONS), intro, [
        Section(_("The interview panel"), [*_involvement(recruitment, name), Bullets(panel)]),
        Section(_("How to score"), [Steps([
            _("0: the answer does not show this."),
            _("1: a little."),
            _("2: some of it."),
            _("3: most of it."),
            _("4: all of it, with a real example."),
        ])]),
        Section(_("The questions"), [_question(n, q.text, q.from_words, who.who(q.whose_words))
                                     for n, q in enumerate(recruitment.questions, start=1)]),
        Section(_("Scoring sheet"), _scores(recruitment, who)),
        Section(_("The decision"), decision, required=False),
    ])


@in_reader_language
def build_interview_questions(data: DocumentInput) -> bytes:
    return build_pdf(questions_spec(data))
