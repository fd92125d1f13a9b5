"""Stage 9, setting up and handing over: the start plan, "you choose, we employ" recruitment, the
local manager and the handover, and the manager's acknowledgement that arrives from the office.

The ``setup`` section is the advisor's. The handover pack's SHA-256 and the date of the handover
are written only by ``services.setup.hand_over`` (never by the form), together with the pack.
The manager's acknowledgement is its own record (``handover_acknowledgement``), issued at the
office and applied on the laptop through sync: a laptop never makes one.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Iterable, Mapping

from pydantic import AwareDatetime, ConfigDict, Field

from advisor_app.domain.entries import MAX_ENTRIES, Entries, EntryText, Note, UniqueIds, Who
from advisor_app.domain.fields import Id, Name, ShortText, Text, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.progress import Completeness
from advisor_app.domain.validation import Model, validate

SECTION = "setup"
ACKNOWLEDGEMENT_ENTITY = "handover_acknowledgement"  # issued by the office only
MAX_SCORE = 4  # each interview answer is scored 0 to 4
PROTECTED = ("handed_over_on", "handover_pack_sha256")  # written by the handover, never by the form


class TaskArea(StrEnum):
    RECRUITMENT = "recruitment"
    SPECIALISTS = "specialists"
    HOUSING = "housing"
    EQUIPMENT = "equipment"
    START = "start"
    OTHER = "other"


TASK_AREA_LABELS = {
    TaskArea.RECRUITMENT: N_("Recruitment"),
    TaskArea.SPECIALISTS: N_("Specialists"),
    TaskArea.HOUSING: N_("Housing"),
    TaskArea.EQUIPMENT: N_("Equipment"),
    TaskArea.START: N_("The start"),
    TaskArea.OTHER: N_("Something else"),
}


class Involvement(StrEnum):
    """How involved the person and family want to be in recruiting their staff."""

    KEEP_INFORMED = "keep_informed"
    SAY_WHAT_MATTERS = "say_what_matters"
    ON_THE_PANEL = "on_the_panel"
    DECIDE_TOGETHER = "decide_together"
    WE_LEAD = "we_lead"


INVOLVEMENT_LABELS = {
    Involvement.KEEP_INFORMED: N_("Keep us informed: the provider recruits"),
    Involvement.SAY_WHAT_MATTERS: N_("We help write the job and the advert"),
    Involvement.ON_THE_PANEL: N_("We sit on the interview panel"),
    Involvement.DECIDE_TOGETHER: N_("We decide together who is offered the job"),
    Involvement.WE_LEAD: N_("We lead it and make the decision; the provider employs"),
}


class PanelRole(StrEnum):
    PERSON = "person"
    FAMILY = "family"
    ADVOCATE = "advocate"
    MANAGER = "manager"
    STAFF = "staff"
    OTHER = "other"


PANEL_ROLE_LABELS = {
    PanelRole.PERSON: N_("The person"),
    PanelRole.FAMILY: N_("Family or circle"),
    PanelRole.ADVOCATE: N_("Advocate"),
    PanelRole.MANAGER: N_("Manager"),
    PanelRole.STAFF: N_("A member of staff"),
    PanelRole.OTHER: N_("Someone else"),
}


class DecidedBy(StrEnum):
    PERSON = "person"
    FAMILY = "family"
    TOGETHER = "together"
    PROVIDER = "provider"


DECIDED_BY_LABELS = {
    DecidedBy.PERSON: N_("The person"),
    DecidedBy.FAMILY: N_("The family or circle"),
    DecidedBy.TOGETHER: N_("The person, family and provider together"),
    DecidedBy.PROVIDER: N_("The provider, as the family asked"),
}


class StartTask(Model):
    id: Id = Field(default_factory=new_id)
    area: TaskArea = TaskArea.OTHER
    what: EntryText
    owner: ShortText = ""  # who will do it, by name
    due_on: dt.date | None = None
    done: bool = False
    done_on: dt.date | None = None


class InterviewQuestion(Model):
    id: Id = Field(default_factory=new_id)
    text: EntryText
    from_words: Note = ""  # the person's own words the question was drawn from
    whose_words: Who | None = None


class PanelMember(Model):
    id: Id = Field(default_factory=new_id)
    name: Name
    role: PanelRole = PanelRole.OTHER


Score = Annotated[int, Field(ge=0, le=MAX_SCORE)]


class Candidate(Model):
    id: Id = Field(default_factory=new_id)
    name: Name
    scores: dict[Id, Score] = Field(default_factory=dict, max_length=100)  # question id -> 0..4
    notes: Note = ""


class Recruitment(Model):
    involvement: Involvement | None = None
    job_title: ShortText = ""
    advert: Text = ""  # drafted from the plan, then edited with the family
    questions: Annotated[list[InterviewQuestion], Field(max_length=50), UniqueIds] = Field(default_factory=list)
    panel: Annotated[list[PanelMember], Field(max_length=20), UniqueIds] = Field(default_factory=list)
    candidates: Annotated[list[Candidate], Field(max_length=100), UniqueIds] = Field(default_factory=list)
    chosen_candidate: Id | None = None
    decided_by: DecidedBy | None = None
    decided_on: dt.date | None = None
    decision_notes: Note = ""

    def is_empty(self) -> bool:
        return self == Recruitment()


class Setup(Model):
    start_on: dt.date | None = None  # the day the support starts (the agreement's start)
    tasks: Annotated[list[StartTask], Field(max_length=MAX_ENTRIES), UniqueIds] = Field(default_factory=list)
    recruitment: Recruitment = Field(default_factory=Recruitment)
    manager_id: ShortText | None = None  # from the provider's list of local managers
    still_open: Entries = Field(default_factory=list)  # open things the tasks do not say
    handover_notes: Text = ""
    handed_over_on: dt.date | None = None
    handover_pack_sha256: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")] = ""

    def field_rules(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for i, task in enumerate(self.tasks):
            if task.done_on is not None and not task.done:
                errors[f"tasks.{i}.done_on"] = N_("Tick “done” as well, or clear the date it was done.")
        if bool(self.handed_over_on) != bool(self.handover_pack_sha256):
            errors["handed_over_on"] = N_("A handover has its date and its pack together.")
        return errors

    def reminders(self) -> dict[str, str]:
        notes: dict[str, str] = {}
        for i, task in enumerate(self.tasks):
            if not task.owner:
                notes[f"tasks.{i}.owner"] = N_("Who will do this?")
            if task.due_on is None and not task.done:
                notes[f"tasks.{i}.due_on"] = N_("By when?")
        r = self.recruitment
        # Scores for a question no longer asked are kept but not counted (``candidate_total``).
        if r.chosen_candidate is not None and r.chosen_candidate not in {c.id for c in r.candidates}:
            notes["recruitment.chosen_candidate"] = N_("Choose one of the candidates.")
        elif r.chosen_candidate is not None and r.decided_by is None:
            notes["recruitment.decided_by"] = N_("Who made the decision?")
        return notes

    @property
    def handed_over(self) -> bool:
        return self.handed_over_on is not None

    def open_tasks(self) -> list[StartTask]:
        return [t for t in self.tasks if not t.done]


class HandoverAcknowledgement(Model):
    """The local manager's acknowledgement of a handover: issued at the office, never on a laptop."""

    model_config = ConfigDict(frozen=True)

    id: Id = Field(default_factory=new_id)
    pack_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]  # the pack the manager received
    manager_id: ShortText = ""
    manager_name: Name
    acknowledged_at: AwareDatetime
    note: Text = ""


# ---- reading the case ---------------------------------------------------------------------------


def parse_setup(data: Any) -> Setup:
    """The saved section, or an empty one (never saved, or written by a newer app)."""
    return (validate(Setup, data).value if data else None) or Setup()


def acknowledgement_for(records: Iterable[Any], pack_sha256: str) -> HandoverAcknowledgement | None:
    """The newest acknowledgement of this pack (an acknowledgement of an older pack does not count)."""
    found = [a for a in (validate(HandoverAcknowledgement, r).value for r in records or []) if a is not None
             and a.pack_sha256 == pack_sha256]
    return max(found, key=lambda a: a.acknowledged_at, default=None)


# ---- suggestions from the plan ------------------------------------------------------------------

# Components of the menu that need a particular piece of setting up before the start.
_HOUSING = ("housing-brokerage", "housing-related-support")
_EQUIPMENT = ("assistive-technology-assessment",)
_SPECIALIST_TASKS = {
    "behaviour-support": N_("Book the behaviour support team's first visit"),
    "transitions": N_("Introduce the transitions manager to the family"),
    "housing": N_("Ask the housing team to start the search"),
    "assistive-technology": N_("Book the assistive technology officer's assessment"),
}


def suggested_tasks(sections: Mapping[str, Any], existing: Iterable[StartTask] = ()) -> list[StartTask]:
    """The usual tasks for this case's plan, leaving out any the start plan already has."""
    design = sections.get("service_design") or {}
    components = design.get("components") or []
    menu_ids = {c.get("component_id") for c in components if isinstance(c, Mapping)}
    on_going = any(isinstance(c, Mapping) and c.get("on_going") for c in components)
    wanted: list[tuple[TaskArea, str]] = []
    if on_going:
        wanted += [(TaskArea.RECRUITMENT, N_("Agree the job description and the person specification")),
                   (TaskArea.RECRUITMENT, N_("Advertise and shortlist")),
                   (TaskArea.RECRUITMENT, N_("Interview, with the person and family on the panel if they want"))]
    for specialist in design.get("specialists") or []:
        kind = specialist.get("kind") if isinstance(specialist, Mapping) else None
        if kind in _SPECIALIST_TASKS:
            wanted.append((TaskArea.SPECIALISTS, _SPECIALIST_TASKS[kind]))
    if menu_ids & set(_HOUSING):
        wanted.append((TaskArea.HOUSING, N_("Agree the tenancy and the move-in date")))
    if menu_ids & set(_EQUIPMENT):
        wanted.append((TaskArea.EQUIPMENT, N_("Order and set up the equipment")))
    wanted += [(TaskArea.START, N_("Agree the first week's rota with the person and family")),
               (TaskArea.START, N_("Introduce the new team before the first day"))]
    have = {(t.area, t.what) for t in existing}
    return [StartTask(area=area, what=what) for area, what in wanted if (area, what) not in have]


# ---- the handover -------------------------------------------------------------------------------


def why_not_hand_over(setup: Setup, *, agreement_signed: bool, manager_known: bool) -> list[str]:
    """What stops the handover (plain sentences); empty when the case can be handed over."""
    reasons: list[str] = []
    if not agreement_signed:
        reasons.append(N_("The agreement has not been signed by everyone who needs to sign it."))
    if setup.start_on is None:
        reasons.append(N_("The date the support starts."))
    if setup.manager_id is None:
        reasons.append(N_("The local manager who takes over the case."))
    elif not manager_known:
        reasons.append(N_("The chosen manager is no longer on the provider's list of managers."))
    if not setup.tasks:
        reasons.append(N_("A start plan with at least one task."))
    return reasons


def still_open(setup: Setup) -> list[str]:
    """What is still open at the handover: the tasks not done, then anything else written down."""
    lines = [f"{task.what} ({task.owner})" if task.owner else task.what for task in setup.open_tasks()]
    return lines + [entry.text for entry in setup.still_open]


# ---- completeness -------------------------------------------------------------------------------


def setup_completeness(sections: Mapping[str, Any]) -> Completeness:
    """Done when the start is planned, recruitment is as involved as the family wants, a manager is
    chosen and the case has been handed over. The manager's acknowledgement is not waited for: it
    arrives later, through sync."""
    data = sections.get(SECTION)
    setup = validate(Setup, data or {}).value
    if setup is None:
        return Completeness(done=0, total=7, missing=[N_("Some answers in setting up need checking")])
    tasks = setup.tasks
    return Completeness.from_checks([
        (setup.start_on is not None, N_("The date the support starts")),
        (bool(tasks), N_("A start plan with at least one task")),
        (bool(tasks) and all(t.owner and (t.done or t.due_on) for t in tasks),
         N_("Who does each task, and by when") if tasks else None),
        (setup.recruitment.involvement is not None, N_("How involved the person and family want to be in recruitment")),
        (bool(setup.recruitment.job_title), N_("The job title for the people who will support them")),
        (setup.manager_id is not None, N_("The local manager who takes over")),
        (setup.handed_over, N_("The handover, with its pack")),
    ])


# ---- recruitment: the scoring sheet -------------------------------------------------------------


def candidate_total(recruitment: Recruitment, candidate: Candidate) -> tuple[int, int]:
    """(points, most possible) over the questions asked now."""
    questions = [q.id for q in recruitment.questions]
    return sum(candidate.scores.get(q, 0) for q in questions), MAX_SCORE * len(questions)


def ranked_candidates(recruitment: Recruitment) -> list[tuple[Candidate, int, int]]:
    """Candidates with their totals, highest first (ties keep the order they were added)."""
    rows = [(c, *candidate_total(recruitment, c)) for c in recruitment.candidates]
    return sorted(rows, key=lambda row: -row[1])


def panel_includes_family(recruitment: Recruitment) -> bool:
    return any(m.role in (PanelRole.PERSON, PanelRole.FAMILY, PanelRole.ADVOCATE) for m in recruitment.panel)


def recruitment_reminders(recruitment: Recruitment) -> list[str]:
    """Soft notes for the recruitment screen: "you choose, we employ" kept to."""
    notes: list[str] = []
    wants_panel = recruitment.involvement in (Involvement.ON_THE_PANEL, Involvement.DECIDE_TOGETHER,
                                              Involvement.WE_LEAD)
    if wants_panel and recruitment.panel and not panel_includes_family(recruitment):
        notes.append(N_("The person or family asked to be on the panel, but nobody from their side is on it yet."))
    if (recruitment.involvement == Involvement.WE_LEAD and recruitment.decided_by == DecidedBy.PROVIDER):
        notes.append(N_("The family asked to make the decision, but it is recorded as the provider's."))
    return notes
