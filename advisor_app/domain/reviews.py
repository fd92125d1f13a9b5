"""Stage 10, person-centred reviews, in the format of Appendix 7 of the provider's book.

At least once a year, counted from the agreement's start (the ``start_on`` of setting up), the
person invites whom they want and everyone says what is working and not working from their
point of view, what is important to the person now and in the future, and what questions need
answers. Progress on each outcome of the plan is noted, actions are agreed with an owner and a
date, and the budget statement shows how the money was spent against the plan.

Each review is its own record (entity ``review``, many per case). A review proposes changes to the
support plan; once they are made the plan's new version is recorded on the review, and where the
cost changes the usual proposal and agreement rules take over (``follow_up``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Iterable, Mapping

from pydantic import Field

from advisor_app.domain.entries import MAX_ENTRIES, Entries, EntryText, Note, UniqueIds, Who
from advisor_app.domain.fields import Id, Name, ShortText, new_id
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.picture import Statements, View
from advisor_app.domain.progress import Completeness
from advisor_app.domain.support_plan import SupportPlan
from advisor_app.domain.validation import Model, validate

ENTITY = "review"
DOCUMENT_KEY = "_review"  # how a review is handed to its document
DUE_SOON_DAYS = 56  # "due" eight weeks ahead: time to invite people


class Progress(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    SOME_PROGRESS = "some_progress"
    NO_PROGRESS = "no_progress"
    NOT_STARTED = "not_started"
    CHANGED = "changed"  # the person wants something different now


PROGRESS_LABELS = {
    Progress.ACHIEVED: N_("Achieved"),
    Progress.ON_TRACK: N_("On track"),
    Progress.SOME_PROGRESS: N_("Some progress"),
    Progress.NO_PROGRESS: N_("No progress yet"),
    Progress.NOT_STARTED: N_("Not started yet"),
    Progress.CHANGED: N_("The person wants something different now"),
}


class Invitee(Model):
    id: Id = Field(default_factory=new_id)
    name: Name
    relationship: ShortText = ""  # to the person: "Mum", "Keyworker", "Advocate"
    who: Who | None = None  # the person, or a circle member's id, when they are one
    came: bool = False
    sent_views: bool = False  # could not come, and sent their views


class OutcomeProgress(Model):
    id: Id = Field(default_factory=new_id)
    outcome_id: Id  # an outcome of the support plan
    progress: Progress | None = None
    note: Note = ""


class ReviewAction(Model):
    id: Id = Field(default_factory=new_id)
    what: EntryText
    owner: ShortText = ""
    by_when: dt.date | None = None
    done: bool = False


class PlanChange(Model):
    """A change to the support plan the review agreed."""

    id: Id = Field(default_factory=new_id)
    what: EntryText
    new_outcome: Note = ""  # an outcome to add to the plan, in the person's words (optional)
    whose_words: Who | None = None


class Review(Model):
    id: Id = Field(default_factory=new_id)
    held_on: dt.date | None = None
    facilitator: ShortText = ""
    invited: Annotated[list[Invitee], Field(max_length=60), UniqueIds] = Field(default_factory=list)
    working: Statements = Field(default_factory=list)
    not_working: Statements = Field(default_factory=list)
    important_now: Entries = Field(default_factory=list)
    important_future: Entries = Field(default_factory=list)
    questions: Entries = Field(default_factory=list)  # questions to answer
    outcomes: Annotated[list[OutcomeProgress], Field(max_length=MAX_ENTRIES)] = Field(default_factory=list)
    actions: Annotated[list[ReviewAction], Field(max_length=MAX_ENTRIES), UniqueIds] = Field(default_factory=list)
    plan_changes: Annotated[list[PlanChange], Field(max_length=MAX_ENTRIES), UniqueIds] = Field(default_factory=list)
    statement_id: Id | None = None  # the budget statement looked at
    # Written by ``services.reviews.make_plan_changes``, never by the form:
    plan_version: int | None = Field(default=None, ge=1)  # the support plan document made from it
    plan_changed_on: dt.date | None = None

    def field_rules(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        ids = [o.outcome_id for o in self.outcomes]
        if len(ids) != len(set(ids)):
            errors["outcomes"] = N_("Each outcome's progress is noted once.")
        return errors

    def reminders(self) -> dict[str, str]:
        notes: dict[str, str] = {}
        for i, action in enumerate(self.actions):
            if not action.owner:
                notes[f"actions.{i}.owner"] = N_("Who will do this?")
            if action.by_when is None and not action.done:
                notes[f"actions.{i}.by_when"] = N_("By when?")
        return notes

    def progress_of(self, outcome_id: str) -> OutcomeProgress | None:
        return next((o for o in self.outcomes if o.outcome_id == outcome_id), None)


PROTECTED = ("id", "plan_version", "plan_changed_on")


# ---- completeness of one review, and of the stage -------------------------------------------------


def review_checks(review: Review, plan: SupportPlan, *, statement_ready: bool) -> list[tuple[bool, str | None]]:
    """Appendix 7's parts, one check each. ``statement_ready``: the budget statement the review
    looked at exists and can be worked out."""
    statements = review.working + review.not_working
    outcomes = plan.outcomes
    actions = review.actions
    return [
        (review.held_on is not None, N_("The date of the review")),
        (any(i.came for i in review.invited), N_("Who was invited, and who came")),
        (bool(review.working and review.not_working), N_("What is working and what is not working")),
        (any(s.view == View.PERSON for s in statements), N_("What is working and not working from the person's view")),
        (len({s.view for s in statements}) >= 2, N_("At least one other point of view (family, staff or others)")),
        (bool(review.important_now and review.important_future),
         N_("What is important to the person now and in the future")),
        (all((p := review.progress_of(o.id)) is not None and p.progress is not None for o in outcomes),
         N_("Progress on each outcome of the support plan") if outcomes else None),
        (bool(actions), N_("Actions agreed, each with an owner and a date")),
        (bool(actions) and all(a.owner and (a.by_when or a.done) for a in actions),
         N_("An owner and a date for each action") if actions else None),
        (statement_ready, N_("The budget statement: how the money was spent against the plan")),
    ]


def review_completeness(review: Review, plan: SupportPlan, *, statement_ready: bool) -> Completeness:
    return Completeness.from_checks(review_checks(review, plan, statement_ready=statement_ready))


def parse_reviews(data: Any) -> list[Review]:
    """The case's reviews from their stored data, oldest held first (not yet held: last)."""
    reviews = [r for r in (validate(Review, item).value for item in (data or [])) if r is not None]
    return sorted(reviews, key=lambda r: (r.held_on is None, r.held_on or dt.date.max))


def _statement_ready(sections: Mapping[str, Any], statement_id: str | None) -> bool:
    # The statement's figures are the budget statement module's; here only: is it there, for this case.
    if statement_id is None:
        return False
    return any(isinstance(s, Mapping) and s.get("id") == statement_id for s in sections.get("budget_statement") or [])


def reviews_completeness(sections: Mapping[str, Any]) -> Completeness:
    """The reviews stage: the newest review is complete (a case in review has always a next one)."""
    reviews = parse_reviews(sections.get(ENTITY))
    if not reviews:
        return Completeness(done=0, total=1, missing=[N_("A person-centred review")])
    plan = validate(SupportPlan, sections.get("support_plan") or {}).value or SupportPlan()
    latest = reviews[-1]
    return review_completeness(latest, plan, statement_ready=_statement_ready(sections, latest.statement_id))


# ---- when the next review is due ------------------------------------------------------------------


class DueState(StrEnum):
    NOT_STARTED = "not_started"  # no start date yet: nothing is due
    SCHEDULED = "scheduled"
    DUE = "due"  # within eight weeks
    OVERDUE = "overdue"


def add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class ReviewDue:
    state: DueState
    due_on: dt.date | None = None
    last_held_on: dt.date | None = None

    @property
    def words(self) -> str:
        return self.say()

    def say(self, day: str | None = None) -> str:
        """One line for the case and the case list (a Msg: translate to show); ``day`` is the due
        date as the screen writes dates (ISO when not given)."""
        if self.state == DueState.NOT_STARTED or self.due_on is None:
            return N_("No review due until the support starts")
        day = day or self.due_on.isoformat()
        if self.state == DueState.OVERDUE:
            return Msg("Person-centred review overdue since {day}", day=day)
        if self.state == DueState.DUE:
            return Msg("Person-centred review due by {day}", day=day)
        return Msg("Next person-centred review by {day}", day=day)


def review_due(start_on: dt.date | None, held: Iterable[dt.date], today: dt.date) -> ReviewDue:
    """A year after the last review held, or after the start when none has been held yet. Reviews
    dated in the future (planned, not held) do not count."""
    past = [d for d in held if d <= today]
    last = max(past, default=None)
    base = last or start_on
    if base is None:
        return ReviewDue(DueState.NOT_STARTED)
    due_on = add_year(base)
    if due_on < today:
        state = DueState.OVERDUE
    elif (due_on - today).days <= DUE_SOON_DAYS:
        state = DueState.DUE
    else:
        state = DueState.SCHEDULED
    return ReviewDue(state, due_on, last)


# ---- what follows a change to the plan ------------------------------------------------------------


class FollowUp(StrEnum):
    MAKE_PLAN_VERSION = "make_plan_version"  # the agreed changes are not in a new plan version yet
    NEW_PROPOSAL = "new_proposal"  # the support changed: price it and agree a new proposal
    SIGN_AGAIN = "sign_again"  # a new agreement version, signed again
    NOTHING = "nothing"


FOLLOW_UP_WORDS = {
    FollowUp.MAKE_PLAN_VERSION: N_("Make the agreed changes, then save the new version of the support plan."),
    FollowUp.NEW_PROPOSAL: N_("The support has changed, so the cost has changed: make a new proposal and agree "
                              "it with the family."),
    FollowUp.SIGN_AGAIN: N_("The agreement no longer says what was agreed: make a new version and sign it again."),
    FollowUp.NOTHING: N_("Nothing more to do: the plan, the cost and the agreement all match."),
}


def follow_up(review: Review, *, design_changed: bool, agreement_outdated: bool) -> list[FollowUp]:
    """What still has to happen after a review, in order. ``design_changed``: the service design
    is no longer the one the accepted proposal priced; ``agreement_outdated``: the signed agreement
    no longer says what the case says (``services.agreement.needs_new_version``)."""
    steps: list[FollowUp] = []
    if review.plan_changes and review.plan_version is None:
        steps.append(FollowUp.MAKE_PLAN_VERSION)
    if design_changed:
        steps.append(FollowUp.NEW_PROPOSAL)
    if agreement_outdated:
        steps.append(FollowUp.SIGN_AGAIN)
    return steps or [FollowUp.NOTHING]
