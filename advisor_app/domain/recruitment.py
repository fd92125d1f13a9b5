""""You choose, we employ": the job description, the person specification, the advert and the
interview questions, drawn from the person's own plan.

Pure: each function reads the case's saved sections (plain dicts, as ``CaseView.data()`` gives
them) and returns plain data whose sentences are ``Msg``s (English, translated when shown). The
person's own words are kept as they said them, quoted, never rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.entries import Entry
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.people import Person
from advisor_app.domain.picture import CommunicationChart, OnePageProfile
from advisor_app.domain.service_design import OnGoingDetails, ServiceDesign, component_name
from advisor_app.domain.setup import InterviewQuestion, Recruitment, Setup, parse_setup
from advisor_app.domain.support_plan import Slot, SupportPlan, weekly_timetable
from advisor_app.domain.validation import validate
from advisor_app.domain.week import DAY_LABELS, DAYS, NightCover

Sections = Mapping[str, Any]
MAX_DRAFTED_QUESTIONS = 12

SLOT_WORDS = {Slot.DAYTIME: N_("in the daytime"), Slot.EVENING: N_("in the evening")}
NIGHT_WORDS = {NightCover.SLEEP_IN: N_("a sleep-in"), NightCover.WAKING_NIGHT: N_("a waking night")}


def _model(sections: Sections, name: str, model: type) -> Any:
    return validate(model, sections.get(name) or {}).value or model()


def person_name(sections: Sections) -> str:
    person = validate(Person, sections.get("person") or {}).value or Person()
    return person.preferred_name or person.first_name


def job_title(sections: Sections) -> str:
    setup = parse_setup(sections.get("setup"))
    name = person_name(sections)
    if setup.recruitment.job_title:
        return setup.recruitment.job_title
    return Msg("Support worker for {name}", name=name) if name else N_("Support worker")


@dataclass(frozen=True)
class Hours:
    """When the support happens in a usual week, in words, from the timetable."""

    lines: list[str] = field(default_factory=list)  # "Monday: 5 hours in the daytime"
    weekly_hours: Decimal = Decimal(0)
    nights: int = 0


def weekly_hours(sections: Sections, menu: ComponentMenu | None = None) -> Hours:
    design = _model(sections, "service_design", ServiceDesign)
    timetable = weekly_timetable(design, menu)
    lines: list[str] = []
    total, nights = Decimal(0), 0
    for day in DAYS:
        parts = []
        for slot in (Slot.DAYTIME, Slot.EVENING):
            hours = timetable.slot_hours(day, slot)
            if hours:
                total += hours
                parts.append(Msg("{hours} hours {when}", hours=f"{hours.normalize():f}", when=SLOT_WORDS[slot]))
        covers = {b.night for b in timetable.cell(day, Slot.NIGHT) if b.night != NightCover.NONE}
        for cover in sorted(covers):
            nights += 1
            parts.append(NIGHT_WORDS[cover])
        if parts:
            lines.append(Msg("{day}: {parts}", day=DAY_LABELS[day], parts=", ".join(parts)))
    return Hours(lines, total, nights)


@dataclass(frozen=True)
class JobDescription:
    title: str
    person: str  # what the person likes to be called ("" when not known)
    about: list[Entry]  # what people like and admire about them
    purpose: list[Entry]  # the outcomes, in their words
    duties: list[Entry]  # how to support them well
    parts: list[str]  # the parts of on-going support the job delivers (menu names)
    hours: Hours
    communication: list[tuple[str, str, str]]  # (what they do, what it usually means, what to do)
    day_to_day: list[Entry]


def job_description(sections: Sections, menu: ComponentMenu | None = None) -> JobDescription:
    plan = _model(sections, "support_plan", SupportPlan)
    profile = _model(sections, "one_page_profile", OnePageProfile)
    design = _model(sections, "service_design", ServiceDesign)
    chart = _model(sections, "communication", CommunicationChart)
    purpose = [Entry(id=o.id, text=o.in_my_words, whose_words=o.whose_words) for o in plan.outcomes]
    parts = []
    for chosen in design.components:
        name = component_name(chosen, menu)
        if isinstance(chosen.details, OnGoingDetails) and name not in parts:
            parts.append(name)
    return JobDescription(
        title=job_title(sections), person=person_name(sections), about=profile.like_and_admire,
        purpose=purpose, duties=plan.how_to_support_me_well, parts=parts,
        hours=weekly_hours(sections, menu),
        communication=[(r.person_does, r.usually_means, r.others_should) for r in chart.rows],
        day_to_day=plan.what_matters_day_to_day)


@dataclass(frozen=True)
class PersonSpecification:
    title: str
    person: str
    qualities: list[Entry]  # what they are like
    skills: list[Entry]  # what they know or can do
    shared_interests: list[Entry]
    important_to: list[Entry]  # from the one-page profile: what the supporter must respect


def person_specification(sections: Sections) -> PersonSpecification:
    plan = _model(sections, "support_plan", SupportPlan)
    profile = _model(sections, "one_page_profile", OnePageProfile)
    wanted = plan.wanted_in_supporters
    return PersonSpecification(title=job_title(sections), person=person_name(sections),
                               qualities=wanted.qualities, skills=wanted.skills,
                               shared_interests=wanted.shared_interests, important_to=profile.important_to)


def _quoted(entries: list[Entry], limit: int) -> str:
    return ", ".join(f"“{e.text.rstrip('.')}”" for e in entries[:limit])


def advert(sections: Sections, provider_name: str, menu: ComponentMenu | None = None) -> list[str]:
    """A short advert in plain words, paragraph by paragraph, for the family to change."""
    jd = job_description(sections, menu)
    spec = person_specification(sections)
    name = jd.person or Msg("the person")
    out: list[str] = [Msg("{title}. {name} is looking for someone to support them.", title=jd.title, name=name)]
    if spec.qualities:
        out.append(Msg("{name} wants someone who is: {words}.", name=name, words=_quoted(spec.qualities, 4)))
    if jd.purpose:
        out.append(Msg("You would help {name} with this: {words}.", name=name, words=_quoted(jd.purpose, 3)))
    hours = f"{jd.hours.weekly_hours.normalize():f}"
    if jd.hours.nights == 1:
        out.append(Msg("About {hours} hours a week, and one night. The days and times are in the job description.",
                       hours=hours))
    elif jd.hours.nights:
        out.append(Msg("About {hours} hours a week, and {nights} nights. The days and times are in the job "
                       "description.", hours=hours, nights=jd.hours.nights))
    elif jd.hours.weekly_hours:
        out.append(Msg("About {hours} hours a week. The days and times are in the job description.", hours=hours))
    if spec.shared_interests:
        out.append(Msg("If you enjoy {words}, {name} would like to hear from you.", name=name,
                       words=_quoted(spec.shared_interests, 3)))
    out.append(Msg("{provider} employs you. {name} and their family help choose who gets the job.",
                   provider=provider_name, name=name))
    return out


def draft_questions(sections: Sections, existing: list[InterviewQuestion] | None = None) -> list[InterviewQuestion]:
    """Interview questions from the person's own words (what they want in their supporters, how
    to support them well, how they communicate), leaving out any drawn from the same words already."""
    plan = _model(sections, "support_plan", SupportPlan)
    chart = _model(sections, "communication", CommunicationChart)
    name = person_name(sections) or Msg("the person")
    wanted = plan.wanted_in_supporters
    drafts: list[InterviewQuestion] = []
    for entry in wanted.qualities:
        drafts.append(InterviewQuestion(
            text=Msg("{name} wants the people who support them to be: “{words}”. Tell us about a time you were "
                     "like this.", name=name, words=entry.text.rstrip(".")),
            from_words=entry.text, whose_words=entry.whose_words))
    for entry in wanted.skills:
        drafts.append(InterviewQuestion(
            text=Msg("{name} asked for someone who: “{words}”. What have you done like this before?",
                     name=name, words=entry.text.rstrip(".")),
            from_words=entry.text, whose_words=entry.whose_words))
    for row in chart.rows:
        if row.usually_means:
            drafts.append(InterviewQuestion(
                text=Msg("When {name} does this: “{does}”, it usually means: “{means}”. What would you do?",
                         name=name, does=row.person_does.rstrip("."), means=row.usually_means.rstrip(".")),
                from_words=row.person_does, whose_words=row.whose_words))
    for entry in plan.how_to_support_me_well:
        drafts.append(InterviewQuestion(
            text=Msg("{name} says: “{words}”. How would you do this in your first week?", name=name,
                     words=entry.text.rstrip(".")),
            from_words=entry.text, whose_words=entry.whose_words))
    for entry in wanted.shared_interests:
        drafts.append(InterviewQuestion(
            text=Msg("{name} enjoys “{words}”. What do you enjoy doing?", name=name, words=entry.text.rstrip(".")),
            from_words=entry.text, whose_words=entry.whose_words))
    used = {q.from_words for q in existing or [] if q.from_words}
    fresh = [q for q in drafts if q.from_words not in used]
    room = max(0, MAX_DRAFTED_QUESTIONS - len(existing or []))
    return fresh[:room]


def recruitment_of(sections: Sections) -> Recruitment:
    return parse_setup(sections.get("setup")).recruitment


def setup_of(sections: Sections) -> Setup:
    return parse_setup(sections.get("setup"))
