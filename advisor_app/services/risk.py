"""Risk and opportunity: a case's assessments, the manager's decisions, changes in circumstances.

Three kinds of record, each written with its change record in one transaction, so the office
receives every one:

- ``risk_assessment``: one record per assessment (many per case, UUID ids). The advisor's
  form; autosaved, never blocked from saving.
- ``risk_decision``: the manager's decision, a separate record with its own author and time.
  It never edits the assessment. It is recorded at the office and arrives through sync (and the
  demo writes it through ``record_decision`` the same way). The latest decision stands.
- ``risk_change``: a change in health or circumstances the advisor recorded. Its own record too,
  because the assessment it brings the review forward for may already be approved.

The rules are the domain's (``advisor_app.domain.risk``); anything they refuse comes back as a
``SaveResult`` with plain reasons keyed by field path, never as an exception. Statuses are
computed when asked, never stored.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, TypeVar

from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.risk import (
    ASSESSMENT_ENTITY,
    CHANGE_ENTITY,
    DECISION_ENTITY,
    ChangeInCircumstances,
    DecisionKind,
    DolsGuidance,
    Issue,
    ManagerDecision,
    ReviewRecord,
    RiskAssessment,
    RiskMatrix,
    RiskPolicy,
    ServesLink,
    Severity,
    Stage,
    Status,
    Subject,
    SupportMeasure,
    assessment_severities,
    blocking_issues,
    decision_applies,
    dols_guidance,
    latest_change_on,
    latest_decision,
    next_reference,
    parse_reference,
    prefill_from_picture,
    rating_severity,
    review_alerts,
    review_due_on,
    status,
    status_line,
    who_decided,
)
from advisor_app.domain.validation import validate
from advisor_app.services import provider_files
from advisor_app.services.cases import AdvisorService, SaveResult
from advisor_app.services.records import read_once
from advisor_app.store.errors import StoreError, VersionConflict
from advisor_app.store.records import Record

ASSESSMENT = ASSESSMENT_ENTITY
DECISION = DECISION_ENTITY
CHANGE = CHANGE_ENTITY
RISK_ENTITIES = frozenset({ASSESSMENT, DECISION, CHANGE})  # what a case's risk alerts are read from
PICTURE_SECTION = "important_to_for"

# What the advisor's form may not change: set when the assessment is made, or by sending it.
PROTECTED = ("id", "case_id", "reference", "sent_for_decision_at")

NOT_FOUND = N_("That risk assessment is not in this store.")
CONFLICT = N_("This was changed somewhere else. Please reload it.")

T = TypeVar("T")


def _today() -> dt.date:
    return dt.date.today()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


# ---- the provider's matrix and policy (the registry reads each once while its file stays the same)


def risk_matrix() -> RiskMatrix:
    """The provider's 5 x 5 matrix (resources/provider/risk_matrix.json)."""
    return provider_files.risk_matrix()


def risk_policy() -> RiskPolicy:
    """The provider's stance and deprivation of liberty guidance (resources/provider/risk_policy.json)."""
    return provider_files.risk_policy()


# ---- what the screens are given ------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the case's list of assessments."""

    id: str
    case_id: str
    reference: str  # RA-2026-0007
    title: str  # the activity or decision in a few words ("" until written)
    subject: Subject
    status: Status
    status_words: str  # a Msg ("Review due by 2026-05-01"): pass through i18n._ to show
    next_review_on: dt.date | None  # None until approved
    residual_severity: Severity | None  # None until the residual risk is rated
    decision: DecisionKind | None  # the manager's decision that stands, None while awaited or never asked
    version: int  # of the assessment record
    updated_at: str


@dataclass(frozen=True)
class AssessmentView:
    """One assessment with everything around it, for its screen."""

    id: str
    case_id: str
    version: int  # pass back as base_version when saving
    data: dict[str, Any]  # the stored form, as plain JSON (what the form edits)
    assessment: RiskAssessment
    decision: ManagerDecision | None  # the latest decision about it (see ``decision_applies``)
    decisions: list[ManagerDecision]  # every decision, oldest first
    changes: list[ChangeInCircumstances]  # the changes that concern it, oldest first
    status: Status
    status_words: str  # a Msg
    next_review_on: dt.date | None
    severities: dict[str, Severity | None]  # field path -> severity, as ``assessment_severities``
    send_issues: list[Issue]  # what stops "send for the manager's decision"; empty: it can be sent
    who_decided: str  # a Msg: the person's own decision where they have capacity, else the manager's
    dols_guidance: DolsGuidance | None  # shown when the deprivation of liberty answer is yes

    @property
    def decision_applies(self) -> bool:
        return decision_applies(self.assessment, self.decision)


# ---- reading -----------------------------------------------------------------------------------


def _parse(model: type[T], record: Record) -> T | None:
    result = validate(model, record.data)
    return result.value


def _assessment_record(service: AdvisorService, assessment_id: str) -> Record | None:
    return service.store.get(ASSESSMENT, assessment_id)


def _decisions(service: AdvisorService, case_id: str) -> list[ManagerDecision]:
    parsed = (_parse(ManagerDecision, r) for r in service.store.find(DECISION, case_id=case_id))
    return sorted((d for d in parsed if d is not None), key=lambda d: d.decided_at)


def _changes(service: AdvisorService, case_id: str) -> list[ChangeInCircumstances]:
    parsed = (_parse(ChangeInCircumstances, r) for r in service.store.find(CHANGE, case_id=case_id))
    return sorted((c for c in parsed if c is not None), key=lambda c: c.recorded_on)


def _reference_key(reference: str) -> tuple:
    parsed = parse_reference(reference)
    return (parsed[1], parsed[0] or "", parsed[2]) if parsed else (0, "", 0)


def _state(assessment: RiskAssessment, decisions: list[ManagerDecision],
           changes: list[ChangeInCircumstances], today: dt.date
           ) -> tuple[ManagerDecision | None, Status, dt.date | None]:
    decision = latest_decision(decisions, assessment.id)
    changed_on = latest_change_on(changes, assessment.id)
    state = status(assessment, decision, today, changed_on)
    return decision, state, review_due_on(assessment, decision, changed_on)


def load_assessment(service: AdvisorService, assessment_id: str, today: dt.date | None = None) -> AssessmentView:
    """Raises ``StoreError`` when there is no such assessment (a stale id, not a user's mistake)."""
    record = _assessment_record(service, assessment_id)
    if record is None:
        raise StoreError(NOT_FOUND)
    assessment = RiskAssessment.model_validate(record.data)
    decisions = [d for d in _decisions(service, record.case_id) if d.assessment_id == assessment_id]
    changes = [c for c in _changes(service, record.case_id) if c.concerns(assessment_id)]
    decision, state, due = _state(assessment, decisions, changes, today or _today())
    return AssessmentView(
        id=record.id, case_id=record.case_id, version=record.version, data=record.data,
        assessment=assessment, decision=decision, decisions=decisions, changes=changes,
        status=state, status_words=status_line(state, due), next_review_on=due,
        severities=assessment_severities(risk_matrix(), assessment),
        send_issues=blocking_issues(assessment, Stage.SEND_FOR_DECISION),
        who_decided=who_decided(assessment, decision),
        dols_guidance=dols_guidance(risk_policy(), assessment),
    )


def list_assessments(service: AdvisorService, case_id: str, today: dt.date | None = None) -> list[AssessmentSummary]:
    """The case's assessments in reference order, each with its status."""
    today = today or _today()
    decisions, changes = _decisions(service, case_id), _changes(service, case_id)
    matrix = risk_matrix()
    out: list[AssessmentSummary] = []
    for record in service.store.find(ASSESSMENT, case_id=case_id):
        assessment = _parse(RiskAssessment, record)
        if assessment is None:  # written by a newer app: leave it to that app rather than guess
            continue
        decision, state, due = _state(assessment, decisions, changes, today)
        applies = decision_applies(assessment, decision)
        out.append(AssessmentSummary(
            id=record.id, case_id=case_id, reference=assessment.reference, title=assessment.title,
            subject=assessment.subject, status=state, status_words=status_line(state, due),
            next_review_on=due, residual_severity=rating_severity(matrix, assessment.residual_risk.rating),
            decision=decision.decision if applies and decision else None,
            version=record.version, updated_at=record.updated_at,
        ))
    return sorted(out, key=lambda s: _reference_key(s.reference))


def risk_sections_for_journey(service: AdvisorService, case_id: str) -> list[dict[str, Any]]:
    """``sections["risk_assessment"]`` for the journey's completeness: the stored forms, in
    reference order."""
    records = service.store.find(ASSESSMENT, case_id=case_id)
    return [r.data for r in sorted(records, key=lambda r: _reference_key(str(r.data.get("reference", ""))))]


def case_risk_alerts(service: AdvisorService, case_id: str, today: dt.date | None = None) -> list[str]:
    """What the case shows about its assessments, most urgent first (Msgs: translate to show)."""
    return review_alerts(s.status for s in list_assessments(service, case_id, today))


# ---- the case list: overdue reviews for every case in one query -------------------------------

# Only the fields a status depends on, and one small JSON parse per record: the store's pages are
# decrypted as they are read, so reading each record once is most of the cost.
_OVERVIEW_FIELDS = {
    ASSESSMENT: ("$.sent_for_decision_at", "$.planned_review_on", "$.reviews"),
    DECISION: ("$.assessment_id", "$.decision", "$.decided_at"),
    CHANGE: ("$.assessment_id", "$.recorded_on"),
}


def _aware(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# Just the fields a status depends on, for the domain's own ``status``, ``latest_decision`` and
# ``latest_change_on`` (which read only these). Building the full pydantic models for every
# record of 5,000 cases would take seconds; these take microseconds. A test keeps the two paths equal.
@dataclass(frozen=True, slots=True)
class _Reviewed:
    reviewed_on: dt.date


@dataclass(frozen=True, slots=True)
class _AssessmentDates:
    id: str
    sent_for_decision_at: dt.datetime | None
    planned_review_on: dt.date | None
    latest_review: _Reviewed | None


@dataclass(frozen=True, slots=True)
class _DecisionDates:
    id: str
    assessment_id: str
    decision: DecisionKind
    decided_at: dt.datetime

    @property
    def approves(self) -> bool:
        return self.decision != DecisionKind.NOT_APPROVED

    @property
    def decided_on(self) -> dt.date:
        return self.decided_at.date()


@dataclass(frozen=True, slots=True)
class _ChangeDates:
    assessment_id: str | None
    recorded_on: dt.date

    def concerns(self, assessment_id: str) -> bool:
        return self.assessment_id is None or self.assessment_id == assessment_id


# The last answer per open store, kept while nothing has been written: the case list asks again
# on every search and sort. Any write through the store changes its ``revision``, and the answer
# is then read afresh.
_overview_cache: "weakref.WeakKeyDictionary[Any, tuple[tuple, dict[str, list[Status]]]]" = weakref.WeakKeyDictionary()


def statuses_by_case(service: AdvisorService, today: dt.date | None = None) -> dict[str, list[Status]]:
    """Every case with assessments -> the status of each, from one query over the store.

    Reads only the few fields a status depends on, so the case list stays fast with 5,000
    cases; the status itself is the domain's ``status``, as everywhere else."""
    today = today or _today()
    result = read_once(_overview_cache, service, today,
                       lambda: _read_statuses(service.store.fields(_OVERVIEW_FIELDS), today))
    return {case_id: list(states) for case_id, states in result.items()}


def _read_statuses(rows: list[tuple[str, str, str, list[Any]]], today: dt.date) -> dict[str, list[Status]]:
    out: dict[str, list[Status]] = defaultdict(list)
    for case_id, _assessment_id, state in assessment_statuses(rows, today):
        out[case_id].append(state)
    return dict(out)


# The fields ``assessment_statuses`` reads: the office asks its own records for the same rows.
OVERVIEW_FIELDS = _OVERVIEW_FIELDS


def assessment_statuses(rows: list[tuple[str, str, str, list[Any]]], today: dt.date) -> list[tuple[str, str, Status]]:
    """(case id, assessment id, status) of every assessment in ``rows`` (``store.fields`` of
    ``OVERVIEW_FIELDS``), in the order read."""
    assessments: list[tuple[str, Any]] = []
    decisions: dict[str, list[Any]] = defaultdict(list)
    changes: dict[str, list[Any]] = defaultdict(list)
    for entity, case_id, record_id, values in rows:
        try:
            if entity == ASSESSMENT:
                sent, planned, reviews = values
                reviewed = max((r["reviewed_on"] for r in reviews or () if r.get("reviewed_on")), default=None)
                assessments.append((case_id, _AssessmentDates(
                    record_id, _aware(sent) if sent else None,
                    dt.date.fromisoformat(planned) if planned else None,
                    _Reviewed(dt.date.fromisoformat(reviewed)) if reviewed else None)))
            elif entity == DECISION:
                about, kind, decided_at = values
                if about and kind and decided_at:
                    decisions[about].append(_DecisionDates(record_id, about, DecisionKind(kind), _aware(decided_at)))
            else:
                about, recorded_on = values
                if recorded_on:
                    changes[case_id].append(_ChangeDates(about, dt.date.fromisoformat(recorded_on)))
        except (TypeError, ValueError, KeyError, AttributeError):  # a record this app cannot read
            continue
    out: list[tuple[str, str, Status]] = []
    for case_id, assessment in assessments:
        decision = latest_decision(decisions.get(assessment.id, ()), assessment.id)
        changed_on = latest_change_on(changes.get(case_id, ()), assessment.id)
        out.append((case_id, assessment.id, status(assessment, decision, today, changed_on)))
    return out


def overdue_reviews_by_case(service: AdvisorService, today: dt.date | None = None) -> dict[str, int]:
    """Case id -> how many of its assessments are overdue for review (cases with none are left out)."""
    return {case_id: n for case_id, states in statuses_by_case(service, today).items()
            if (n := states.count(Status.OVERDUE))}


# ---- the advisor's actions --------------------------------------------------------------------


def _existing_references(service: AdvisorService) -> list[str]:
    # Deleted drafts keep their numbers: a reference read out on the phone never means two things.
    rows = service.store.fields({ASSESSMENT: ("$.reference",)}, include_deleted=True)
    return [values[0] for _entity, _case, _id, values in rows if isinstance(values[0], str)]


def _picture(service: AdvisorService, case_id: str) -> tuple[list[str], list[str]]:
    for record in service.store.find(PICTURE_SECTION, case_id=case_id):
        data = record.data
        return ([e.get("text", "") for e in data.get("important_to") or [] if isinstance(e, dict)],
                [e.get("text", "") for e in data.get("important_for") or [] if isinstance(e, dict)])
    return [], []


def _person_name(service: AdvisorService, case_id: str) -> str:
    for record in service.store.find("person", case_id=case_id):
        return str(record.data.get("preferred_name") or record.data.get("first_name") or "")
    return ""


def new_assessment(service: AdvisorService, case_id: str, subject: Subject | str = Subject.ACTIVITY,
                   serves: ServesLink | Mapping[str, Any] | None = None, *, title: str = "") -> str:
    """Start an assessment for the case and return its id.

    It gets the next free reference, today's date, and what is important to and for the person
    copied from the picture (the advisor's to edit from then on). Raises ``StoreError`` when
    the case is not in the store."""
    if service.store.get("case", case_id) is None:
        raise StoreError(N_("That case is not in this store."))
    today = _today()
    important_to, important_for = _picture(service, case_id)
    name = _person_name(service, case_id)
    data: dict[str, Any] = {
        "case_id": case_id,
        "subject": Subject(subject),
        "title": title,
        "serves": serves.model_dump() if isinstance(serves, ServesLink) else serves,
        "assessed_on": today,
        **prefill_from_picture(important_to, important_for),
        "consultation": {"individual": {"name": name, "should_consult": True}},
    }
    with service.store.transaction():
        # With the laptop's code from the office (RA-JL-2026-0001), unique in the organisation too.
        data["reference"] = next_reference(_existing_references(service), today.year, service.reference_code())
        assessment = RiskAssessment.model_validate(data)
        service.store.put(ASSESSMENT, assessment.model_dump(mode="json"), case_id=case_id, entity_id=assessment.id)
    return assessment.id


def _put_assessment(service: AdvisorService, record: Record, assessment: RiskAssessment) -> SaveResult:
    clean = assessment.model_dump(mode="json")
    if clean == record.data:
        return SaveResult(ok=True, version=record.version)
    try:
        with service.store.transaction():
            saved = service.store.put(ASSESSMENT, clean, case_id=record.case_id, entity_id=record.id,
                                      base_version=record.version)
    except VersionConflict:
        return SaveResult.failed("_conflict", CONFLICT)
    return SaveResult(ok=True, version=saved.version)


def _current(service: AdvisorService, assessment_id: str, base_version: int | None
             ) -> tuple[Record | None, SaveResult | None]:
    record = _assessment_record(service, assessment_id)
    if record is None:
        return None, SaveResult.failed("_assessment", NOT_FOUND)
    if base_version is not None and base_version != record.version:
        return None, SaveResult.failed("_conflict", CONFLICT)
    return record, None


def save_assessment(service: AdvisorService, case_id: str, assessment_id: str, data: Mapping[str, Any],
                    base_version: int | None = None) -> SaveResult:
    """Autosave the form. ``data`` may hold the whole form or only the fields that changed (top-level
    keys replace the stored ones). Drafts are never blocked: only what does not fit the form is
    refused, with messages keyed by field path (``support_measures.0.by_when``). The reference,
    the ids and the sending time are kept as they are."""
    record, refused = _current(service, assessment_id, base_version)
    if refused:
        return refused
    if record.case_id != case_id:
        return SaveResult.failed("_assessment", NOT_FOUND)
    merged = {**record.data, **dict(data), **{key: record.data.get(key) for key in PROTECTED}}
    result = validate(RiskAssessment, merged)
    if not result.ok:
        return SaveResult(ok=False, errors=result.errors)
    return _put_assessment(service, record, result.value)


def _errors(issues: Iterable[Issue]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for issue in issues:
        errors[issue.field] = f"{errors[issue.field]} {issue.message}" if issue.field in errors else issue.message
    return errors


def why_not_send(service: AdvisorService, assessment_id: str) -> list[Issue]:
    """Everything that stops sending it to the manager, in the form's order; empty: it can go."""
    record = _assessment_record(service, assessment_id)
    if record is None:
        return [Issue("_assessment", NOT_FOUND)]
    return blocking_issues(RiskAssessment.model_validate(record.data), Stage.SEND_FOR_DECISION)


def send_for_decision(service: AdvisorService, assessment_id: str, *, base_version: int | None = None,
                      now: dt.datetime | None = None) -> SaveResult:
    """"Send for the manager's decision": blocked, with the domain's reasons keyed by field path,
    until the form is complete. Sending again after a decision asks for a new one; sending while
    one is awaited changes nothing. ``now`` is for the demo and tests."""
    record, refused = _current(service, assessment_id, base_version)
    if refused:
        return refused
    assessment = RiskAssessment.model_validate(record.data)
    issues = blocking_issues(assessment, Stage.SEND_FOR_DECISION)
    if issues:
        return SaveResult(ok=False, errors=_errors(issues))
    decisions = [d for d in _decisions(service, record.case_id) if d.assessment_id == assessment_id]
    if assessment.sent_for_decision_at is not None and not decision_applies(
            assessment, latest_decision(decisions, assessment_id)):
        return SaveResult(ok=True, version=record.version)  # already with the manager
    sent = now or _now()
    if sent.tzinfo is None:
        raise ValueError("the sending time must carry its time zone")
    return _put_assessment(service, record, assessment.model_copy(update={"sent_for_decision_at": sent}))


def record_decision(service: AdvisorService, assessment_id: str, decision_data: Mapping[str, Any]) -> SaveResult:
    """The manager's decision, as its own record: the office's path (through sync) and the demo's.

    ``decision_data``: ``decision`` (approved, approved_with_conditions, not_approved),
    ``manager_name``, ``author_id`` (the manager's id), ``decided_at`` (aware; now if left out),
    ``conditions``, ``notes``, and the manager's ``signature_id`` and ``signed_on``; ``id`` when
    the office made one. The assessment is never touched. Refused, with reasons, when the
    assessment was not sent, is not complete, or the decision would overrule a person who has
    capacity for the decision. The same decision again (same id, same content) changes nothing."""
    record = _assessment_record(service, assessment_id)
    if record is None:
        return SaveResult.failed("_assessment", NOT_FOUND)
    data = {"decided_at": _now(), **dict(decision_data), "assessment_id": assessment_id}
    data.setdefault("assessment_version", record.version)
    parsed = validate(ManagerDecision, data)
    if not parsed.ok:
        return SaveResult(ok=False, errors=parsed.errors)
    decision = parsed.value
    assessment = RiskAssessment.model_validate(record.data)
    issues = blocking_issues(assessment, Stage.RECORD_DECISION, decision)
    if not issues and not decision_applies(assessment, decision):
        issues = [Issue("decided_at", N_("This decision is dated before the assessment was last sent for a "
                                         "decision, so it does not answer it."))]
    if issues:
        return SaveResult(ok=False, errors=_errors(issues))
    clean = decision.model_dump(mode="json")
    existing = service.store.get(DECISION, decision.id, include_deleted=True)
    if existing is not None:
        if existing.data == clean and existing.case_id == record.case_id:
            return SaveResult(ok=True, version=existing.version)
        return SaveResult.failed("_conflict", N_("A different decision with this id is already recorded. "
                                                 "A decision is never changed: record a new one."))
    with service.store.transaction():
        saved = service.store.put(DECISION, clean, case_id=record.case_id, entity_id=decision.id)
    return SaveResult(ok=True, version=saved.version)


def record_change_in_circumstances(service: AdvisorService, case_id: str, what_changed: str, *,
                                   assessment_id: str | None = None, recorded_on: dt.date | None = None,
                                   recorded_by: str = "") -> SaveResult:
    """A change in the person's health or circumstances: the review of the assessment (or, with no
    ``assessment_id``, of every assessment of the case) is due from the day it is recorded."""
    if service.store.get("case", case_id) is None:
        return SaveResult.failed("_case", N_("That case is not in this store."))
    if assessment_id is not None:
        record = _assessment_record(service, assessment_id)
        if record is None or record.case_id != case_id:
            return SaveResult.failed("assessment_id", NOT_FOUND)
    recorded_on = recorded_on or _today()
    if recorded_on > _today():
        return SaveResult.failed("recorded_on", N_("A change is recorded once it has happened: the date cannot "
                                                   "be in the future."))
    parsed = validate(ChangeInCircumstances, {"case_id": case_id, "assessment_id": assessment_id,
                                              "recorded_on": recorded_on, "what_changed": what_changed,
                                              "recorded_by": recorded_by})
    if not parsed.ok:
        return SaveResult(ok=False, errors=parsed.errors)
    change = parsed.value
    with service.store.transaction():
        saved = service.store.put(CHANGE, change.model_dump(mode="json"), case_id=case_id, entity_id=change.id)
    return SaveResult(ok=True, version=saved.version)


def add_review(service: AdvisorService, assessment_id: str, review: Mapping[str, Any], *,
               new_measures: Iterable[Mapping[str, Any]] = (), base_version: int | None = None) -> SaveResult:
    """Add a review (``reviewed_on``, ``changed``, ``notes``, ``reviewed_by``) to an approved
    assessment, with any support measures agreed at it (added, never replacing the earlier ones).
    Refused with the domain's reasons when it is not approved or already holds four reviews."""
    record, refused = _current(service, assessment_id, base_version)
    if refused:
        return refused
    assessment = RiskAssessment.model_validate(record.data)
    decisions = [d for d in _decisions(service, record.case_id) if d.assessment_id == assessment_id]
    issues = blocking_issues(assessment, Stage.ADD_REVIEW, latest_decision(decisions, assessment_id))
    if issues:
        return SaveResult(ok=False, errors=_errors(issues))
    parsed = validate(ReviewRecord, dict(review))
    if not parsed.ok:
        return SaveResult(ok=False, errors={f"review.{k}": v for k, v in parsed.errors.items()})
    if parsed.value.reviewed_on > _today():
        return SaveResult.failed("review.reviewed_on", N_("A review is recorded once it has happened: the date "
                                                          "cannot be in the future."))
    number = len(assessment.reviews) + 1
    measures: list[SupportMeasure] = []
    for n, data in enumerate(new_measures):
        measure = validate(SupportMeasure, {**dict(data), "added_at_review": number})
        if not measure.ok:
            return SaveResult(ok=False, errors={f"new_measures.{n}.{k}": v for k, v in measure.errors.items()})
        measures.append(measure.value)
    updated = validate(RiskAssessment, {
        **assessment.model_dump(mode="json"),
        "reviews": [*assessment.model_dump(mode="json")["reviews"], parsed.value.model_dump(mode="json")],
        "support_measures": [*assessment.model_dump(mode="json")["support_measures"],
                             *(m.model_dump(mode="json") for m in measures)],
    })
    if not updated.ok:
        return SaveResult(ok=False, errors=updated.errors)
    return _put_assessment(service, record, updated.value)


def delete_assessment(service: AdvisorService, assessment_id: str, base_version: int) -> SaveResult:
    """Remove a draft started by mistake. Once sent to the manager it is part of the record and stays."""
    record, refused = _current(service, assessment_id, base_version)
    if refused:
        return refused
    if record.data.get("sent_for_decision_at"):
        return SaveResult.failed("_assessment", N_("This assessment has been sent to the manager, so it is part "
                                                   "of the record and cannot be removed."))
    try:
        with service.store.transaction():
            service.store.delete(ASSESSMENT, assessment_id, base_version=record.version)
    except VersionConflict:
        return SaveResult.failed("_conflict", CONFLICT)
    return SaveResult(ok=True)


# ---- documents: one PDF per assessment ----------------------------------------------------------


def document_parts(service: AdvisorService, case_id: str) -> list[Any]:
    """For ``services.documents``: one ``DocumentPart`` per assessment of the case, each carrying
    the assessment, its latest decision, its changes, and the matrix and policy for the builder."""
    from advisor_app.documents import risk as builder
    from advisor_app.services.documents import DocumentPart

    decisions, changes = _decisions(service, case_id), _changes(service, case_id)
    matrix = risk_matrix().model_dump(mode="json")
    policy = risk_policy().model_dump(mode="json")
    parts = []
    for data in risk_sections_for_journey(service, case_id):
        assessment = validate(RiskAssessment, data).value
        if assessment is None:
            continue
        decision = latest_decision(decisions, assessment.id)
        concerning = [c.model_dump(mode="json") for c in changes if c.concerns(assessment.id)]
        label = assessment.reference
        parts.append(DocumentPart(
            id=assessment.id, label=label,
            title=Msg("{reference}: {title}", reference=label, title=assessment.title) if assessment.title else label,
            sections={builder.ASSESSMENT_KEY: data,
                      builder.DECISION_KEY: decision.model_dump(mode="json") if decision else None,
                      builder.CHANGES_KEY: concerning,
                      builder.MATRIX_KEY: matrix,
                      builder.POLICY_KEY: policy},
        ))
    return parts


__all__ = [
    "ASSESSMENT", "CHANGE", "DECISION", "AssessmentSummary", "AssessmentView",
    "add_review", "case_risk_alerts", "delete_assessment", "document_parts", "list_assessments",
    "load_assessment", "new_assessment", "overdue_reviews_by_case", "record_change_in_circumstances",
    "record_decision", "risk_matrix", "risk_policy", "risk_sections_for_journey", "save_assessment",
    "send_for_decision", "statuses_by_case", "why_not_send",
]
