"""Person-centred reviews (stage 10): each review its own record, when the next one is due (for the
case and for every case in the list), the changes to the plan a review agrees, and what follows
when the cost changes (a new proposal, a new agreement version signed again: the costing and
agreement services' own rules).
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass
from typing import Any

from advisor_app.domain.completeness import Completeness
from advisor_app.domain.entries import PERSON
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.people import Circle, Person
from advisor_app.domain.proposals import design_digest
from advisor_app.domain.reviews import (
    DOCUMENT_KEY,
    ENTITY,
    PROTECTED,
    DueState,
    FollowUp,
    Invitee,
    OutcomeProgress,
    Review,
    ReviewDue,
    follow_up,
    review_completeness,
    review_due,
)
from advisor_app.domain.setup import SECTION as SETUP, parse_setup
from advisor_app.domain.support_plan import Outcome, SupportPlan
from advisor_app.domain.validation import validate
from advisor_app.i18n import _
from advisor_app.services import statements
from advisor_app.services.cases import AdvisorService, SaveResult
from advisor_app.services.records import CONFLICT, read_once, save_record
from advisor_app.store.errors import StoreError, VersionConflict

NOT_FOUND = N_("That review is not in this store.")


def _today() -> dt.date:
    return dt.date.today()


@dataclass(frozen=True)
class ReviewSummary:
    id: str
    held_on: dt.date | None
    completeness: Completeness
    open_actions: int
    version: int


@dataclass(frozen=True)
class ReviewView:
    id: str
    case_id: str
    version: int
    data: dict[str, Any]
    review: Review
    plan: SupportPlan
    completeness: Completeness
    statement: statements.StatementView | None
    follow_up: list[FollowUp]


def _plan(service: AdvisorService, case_id: str) -> SupportPlan:
    data = service.load_case(case_id).data().get("support_plan")
    return validate(SupportPlan, data or {}).value or SupportPlan()


def _statement(service: AdvisorService, statement_id: str | None) -> statements.StatementView | None:
    if statement_id is None:
        return None
    try:
        return statements.load_statement(service, statement_id)
    except StoreError:
        return None


def list_reviews(service: AdvisorService, case_id: str) -> list[ReviewSummary]:
    plan = _plan(service, case_id)
    out = []
    for record in service.store.find(ENTITY, case_id=case_id):
        review = validate(Review, record.data).value
        if review is None:  # written by a newer app
            continue
        ready = _statement(service, review.statement_id) is not None
        out.append(ReviewSummary(record.id, review.held_on,
                                 review_completeness(review, plan, statement_ready=ready),
                                 sum(1 for a in review.actions if not a.done), record.version))
    return sorted(out, key=lambda s: (s.held_on is None, s.held_on or dt.date.max))


def cost_changed(service: AdvisorService, case_id: str) -> bool:
    """The service design is no longer the one the accepted proposal priced."""
    accepted = statements.accepted_proposal(service, case_id)
    design = service.load_case(case_id).data().get("service_design")
    return accepted is not None and bool(accepted.design_digest) and accepted.design_digest != design_digest(design)


def load_review(service: AdvisorService, review_id: str) -> ReviewView:
    from advisor_app.services import agreement

    record = service.store.get(ENTITY, review_id)
    if record is None:
        raise StoreError(NOT_FOUND)
    review = Review.model_validate(record.data)
    plan = _plan(service, record.case_id)
    statement = _statement(service, review.statement_id)
    steps = follow_up(review, design_changed=cost_changed(service, record.case_id),
                      agreement_outdated=agreement.needs_new_version(service, record.case_id))
    return ReviewView(record.id, record.case_id, record.version, record.data, review, plan,
                      review_completeness(review, plan, statement_ready=statement is not None), statement, steps)


def _invitees(service: AdvisorService, case_id: str) -> list[Invitee]:
    data = service.load_case(case_id).data()
    person = validate(Person, data.get("person") or {}).value or Person()
    circle = validate(Circle, data.get("circle") or {}).value or Circle()
    out = []
    if person.first_name:
        out.append(Invitee(name=person.display_name, relationship=_("The person"), who=PERSON))
    out += [Invitee(name=m.name, relationship=m.relationship, who=m.id) for m in circle.members]
    return out


def new_review(service: AdvisorService, case_id: str, *, held_on: dt.date | None = None) -> str:
    """A review ready to fill in: the person and their circle invited, each outcome of the plan
    listed for its progress, and a budget statement since the last one (when there is an
    accepted proposal to measure it against)."""
    plan = _plan(service, case_id)
    review = Review(held_on=held_on, invited=_invitees(service, case_id),
                    outcomes=[OutcomeProgress(outcome_id=o.id) for o in plan.outcomes])
    with service.store.transaction():
        if statements.accepted_proposal(service, case_id) is not None:
            review = review.model_copy(update={"statement_id": statements.new_statement(service, case_id,
                                                                                         today=held_on)})
        service.store.put(ENTITY, review.model_dump(mode="json"), case_id=case_id, entity_id=review.id)
    return review.id


def save_review(service: AdvisorService, case_id: str, review_id: str, data: dict[str, Any]) -> SaveResult:
    """Autosave of a review's form; what the form may not change is kept as stored."""
    return save_record(service, ENTITY, Review, case_id, review_id, data, protected=PROTECTED, not_found=NOT_FOUND)


def delete_review(service: AdvisorService, review_id: str, base_version: int) -> SaveResult:
    """Remove a review started by mistake (only one not yet held), with its budget statement."""
    record = service.store.get(ENTITY, review_id)
    if record is None:
        return SaveResult.failed("_review", NOT_FOUND)
    if record.data.get("held_on"):
        return SaveResult.failed("_review", N_("This review has been held, so it is part of the record and stays."))
    statement_id = record.data.get("statement_id")
    try:
        with service.store.transaction():
            service.store.delete(ENTITY, review_id, base_version=base_version)
            for entity, found in ((statements.ENTITY, service.store.get(statements.ENTITY, statement_id or "")),
                                  *((statements.HOURS_ENTITY, r) for r in service.store.find(
                                      statements.HOURS_ENTITY, case_id=record.case_id)
                                    if r.data.get("statement_id") == statement_id)):
                if found is not None:  # its statement goes with it (kept, marked deleted, like the review)
                    service.store.delete(entity, found.id, base_version=found.version)
    except VersionConflict:
        return SaveResult.failed("_conflict", CONFLICT)
    return SaveResult(ok=True)


# ---- changes to the plan -------------------------------------------------------------------------


def make_plan_changes(service: AdvisorService, case_id: str, review_id: str, *,
                      on: dt.date | None = None) -> SaveResult:
    """Put the review's agreed changes into the support plan: each new outcome (in the person's
    words) is added, and the plan as it now stands is saved as its next version (the support plan
    document, stored encrypted). Other changes (hours, new parts of support) are made in their
    stages; if they change the cost, ``follow_up`` asks for a new proposal and a new agreement."""
    from advisor_app.services import documents as docs

    view = load_review(service, review_id)
    if view.case_id != case_id:
        return SaveResult.failed("_review", NOT_FOUND)
    if not view.review.plan_changes:
        return SaveResult.failed("plan_changes", N_("Write down the changes the review agreed first."))
    plan = view.plan
    known = {o.in_my_words for o in plan.outcomes}
    added = [Outcome(in_my_words=c.new_outcome, whose_words=c.whose_words) for c in view.review.plan_changes
             if c.new_outcome and c.new_outcome not in known]
    on = on or _today()
    with service.store.transaction():
        if added:
            result = service.save(case_id, "support_plan",
                                  plan.model_copy(update={"outcomes": [*plan.outcomes, *added]}).model_dump(mode="json"))
            if not result.ok:
                return SaveResult(ok=False, errors={f"plan_changes.{k}": v for k, v in result.errors.items()})
        try:
            pdf = docs.make_document(service, case_id, "support-plan", made_on=on)
        except docs.DocumentError as exc:
            raise StoreError(str(exc)) from None
        document = docs.save_document(service, case_id, "support-plan", pdf)
        current = service.store.get(ENTITY, review_id)
        assert current is not None
        service.store.put(ENTITY, {**current.data, "plan_version": document.version, "plan_changed_on": on.isoformat(),
                                   "outcomes": current.data.get("outcomes", []) + [
                                       {"outcome_id": o.id, "progress": None, "note": ""} for o in added]},
                          case_id=case_id, entity_id=review_id, base_version=current.version)
    return SaveResult(ok=True, version=document.version)


# ---- when reviews are due -----------------------------------------------------------------------


def due_for_case(service: AdvisorService, case_id: str, today: dt.date | None = None) -> ReviewDue:
    data = service.load_case(case_id).data()
    setup = parse_setup(data.get(SETUP))
    held = [r.held_on for r in (validate(Review, d).value for d in data.get(ENTITY) or []) if r and r.held_on]
    return review_due(setup.start_on if setup.handed_over else None, held, today or _today())


def case_review_alerts(service: AdvisorService, case_id: str, today: dt.date | None = None) -> list[str]:
    """The line the case shows when its person-centred review is due or overdue (a Msg)."""
    due = due_for_case(service, case_id, today)
    if due.state not in (DueState.DUE, DueState.OVERDUE) or due.due_on is None:
        return []
    return [due.say(due.due_on.strftime("%d/%m/%Y"))]


DUE_FIELDS = {SETUP: ("$.start_on", "$.handed_over_on"), "review": ("$.held_on",)}
_due_cache: "weakref.WeakKeyDictionary[Any, tuple[tuple, dict[str, ReviewDue]]]" = weakref.WeakKeyDictionary()


def due_by_case(service: AdvisorService, today: dt.date | None = None) -> dict[str, ReviewDue]:
    """Every handed-over case -> when its next person-centred review is due, from one query (the
    case list asks on every search)."""
    today = today or _today()
    return dict(read_once(_due_cache, service, today, lambda: read_due(service.store.fields(DUE_FIELDS), today)))


def read_due(rows: list[tuple[str, str, str, list[Any]]], today: dt.date) -> dict[str, ReviewDue]:
    """Every handed-over case in ``rows`` (``store.fields`` of ``DUE_FIELDS``; the office asks its
    own records for the same rows) -> when its next review is due."""
    starts: dict[str, dt.date] = {}
    held: dict[str, list[dt.date]] = {}
    for entity, case_id, _record_id, values in rows:
        try:
            if entity == SETUP:
                start_on, handed_over_on = values
                if start_on and handed_over_on:
                    starts[case_id] = dt.date.fromisoformat(start_on)
            elif values[0]:
                held.setdefault(case_id, []).append(dt.date.fromisoformat(values[0]))
        except (TypeError, ValueError):  # a record this app cannot read
            continue
    return {case_id: review_due(start, held.get(case_id, []), today) for case_id, start in starts.items()}


# ---- documents: one per review ------------------------------------------------------------------

def document_parts(service: AdvisorService, case_id: str) -> list[Any]:
    from advisor_app.services.documents import DocumentPart

    parts = []
    for summary in list_reviews(service, case_id):
        view = load_review(service, summary.id)
        day = view.review.held_on.isoformat() if view.review.held_on else _("not held yet")
        sections = {DOCUMENT_KEY: view.data}
        if view.statement is not None:
            sections.update(statements.statement_sections(view.statement))
        parts.append(DocumentPart(id=view.id, label=view.review.held_on.isoformat() if view.review.held_on
                                  else view.id[:8], title=Msg("held on {day}", day=day), sections=sections))
    return parts


__all__ = ["ReviewSummary", "ReviewView", "case_review_alerts", "cost_changed", "delete_review", "document_parts",
           "DUE_FIELDS", "due_by_case", "due_for_case", "read_due", "list_reviews", "load_review", "make_plan_changes", "new_review",
           "save_review"]
