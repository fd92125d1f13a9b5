"""The office's day: the worklist the office app opens on, the cases found by name, reference,
postcode, advisor, stage and what is overdue, and the office's own settings.

Every answer reads the cases through the casebook (``office/casebook.py``: each record opened once
per version) and asks the domain's rules: ``domain/worklist.py``, ``domain/case_filters.py``, the
reviews' and risk assessments' own due rules (the readers the laptop's case list uses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from advisor_app.domain import worklist as rules
from advisor_app.domain.case_filters import CaseFilter, overdue
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import Msg
from advisor_app.domain.office_settings import SETTINGS, OfficeSetting
from advisor_app.domain.office_users import Action
from advisor_app.domain.reviews import DueState, ReviewDue
from advisor_app.domain.risk.lifecycle import Status as RiskStatus
from advisor_app.domain.sections import ENTITY_TITLES
from advisor_app.domain.worklist import WorkItem, WorkKind
from advisor_app.office.service import OfficeError, OfficeService, requires

ASSESSMENT_LABELS = {"risk_assessment": ("$.reference", "$.title", "$.sent_for_decision_at")}
HANDOVER_FIELDS = {"setup": ("$.handed_over_on", "$.handover_pack_sha256"),
                   "handover_acknowledgement": ("$.pack_sha256",)}


def _today() -> dt.date:
    return dt.date.today()


# ---- the cases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseLine:
    """One case as the office lists it."""

    case_id: str
    reference: str
    person_name: str
    postcode: str
    stage: str
    status: str
    advisor: str  # the advisor of the laptop the case is with
    laptop: str
    laptop_id: str
    updated_at: str
    former_references: tuple[str, ...]
    communication: tuple[str, ...]
    review: ReviewDue | None  # when its person-centred review is due (None: not handed over)
    risk_overdue: int  # approved risk assessments overdue for review
    header: dict[str, Any]

    @property
    def overdue(self) -> bool:
        return overdue(self.review is not None and self.review.state == DueState.OVERDUE, self.risk_overdue)


@requires(Action.READ)
def case_lines(service: OfficeService, today: dt.date | None = None) -> list[CaseLine]:
    """Every case from every laptop, most recently changed first, with when its review is due and
    how many risk reviews are overdue."""
    today = today or _today()
    due = service.casebook.reviews_due(today)
    risk_overdue: dict[str, int] = {}
    for case_id, _assessment, state in service.casebook.risk_statuses(today):
        if state == RiskStatus.OVERDUE:
            risk_overdue[case_id] = risk_overdue.get(case_id, 0) + 1
    out = []
    for row in service.store.case_list():
        data = row["data"]
        out.append(CaseLine(row["entity_id"], str(data.get("reference", "")), str(data.get("person_name", "")),
                            str(data.get("postcode", "")), str(data.get("stage", "")), str(data.get("status", "")),
                            row.get("advisor_name") or "", row.get("device_name") or "",
                            row.get("owner_device_id") or "", row["updated_at"],
                            tuple(map(str, data.get("former_references") or [])),
                            tuple(str(code) for code in data.get("communication") or ()),
                            due.get(row["entity_id"]), risk_overdue.get(row["entity_id"], 0), data))
    return out


def find_cases(service: OfficeService, found_by: CaseFilter, today: dt.date | None = None) -> list[CaseLine]:
    """The cases ``found_by`` finds, most recently changed first."""
    return [line for line in case_lines(service, today) if found_by.matches(line.header, line.advisor, line.overdue)]


def advisors(lines: list[CaseLine]) -> list[str]:
    """The advisors the cases are with, for the filter (A to Z)."""
    return sorted({line.advisor for line in lines if line.advisor}, key=str.casefold)


def stages() -> list[Stage]:
    return list(Stage)


# ---- the worklist --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkLine:
    item: WorkItem
    reference: str  # the case's reference ("" for a laptop)
    person_name: str
    action: Action  # what the one action needs (the screen disables it for anyone else)


@requires(Action.READ)
def worklist(service: OfficeService, today: dt.date | None = None) -> list[WorkLine]:
    """Everything that needs doing today, each with its one action, in the worklist's order."""
    today = today or _today()
    lines = {line.case_id: line for line in case_lines(service, today)}
    items = [*_risk_items(service, today), *_countersign_items(service), *_conflict_items(service),
             *_review_items(lines), *_handover_items(service), *_laptop_items(service, today)]
    out = []
    for item in rules.in_order(items):
        line = lines.get(item.case_id or "")
        out.append(WorkLine(item, line.reference if line else "", line.person_name if line else "",
                            rules.ACTION_NEEDS[item.kind]))
    return out


def _risk_items(service: OfficeService, today: dt.date) -> list[WorkItem]:
    labels = {row[2]: row[3] for row in service.casebook.fields(ASSESSMENT_LABELS)}
    out = []
    for case_id, assessment_id, state in service.casebook.risk_statuses(today):
        if state != RiskStatus.AWAITING_MANAGER:
            continue
        reference, title, sent = labels.get(assessment_id, ["", "", None])
        out.append(WorkItem(WorkKind.RISK_DECISION, assessment_id, case_id, rules.day_of(sent),
                            rules.detail_of(WorkKind.RISK_DECISION, {"reference": str(reference or ""),
                                                                     "title": str(title or "")})))
    return out


def _countersign_items(service: OfficeService) -> list[WorkItem]:
    return [WorkItem(WorkKind.COUNTERSIGN, copy.sha256, copy.case_id, copy.arrived_on,
                     rules.detail_of(WorkKind.COUNTERSIGN, {"title": service.casebook.document_title(copy.sha256)}))
            for copy in rules.ready_to_countersign(service.casebook.signed_copies())]


def _conflict_items(service: OfficeService) -> list[WorkItem]:
    return [WorkItem(WorkKind.CONFLICT, c["id"], c["case_id"], rules.day_of(c["created_at"]),
                     rules.detail_of(WorkKind.CONFLICT, {"what": ENTITY_TITLES.get(c["entity"], c["entity"])}))
            for c in service.store.open_conflicts()]


def _review_items(lines: dict[str, CaseLine]) -> list[WorkItem]:
    out = []
    for line in lines.values():
        due = line.review
        if line.status != "open" or due is None or due.state not in (DueState.DUE, DueState.OVERDUE):
            continue
        kind = WorkKind.REVIEW_OVERDUE if due.state == DueState.OVERDUE else WorkKind.REVIEW_DUE
        words = due.say(due.due_on.strftime("%d/%m/%Y")) if due.due_on else due.words  # as the case list writes it
        out.append(WorkItem(kind, line.case_id, line.case_id, due.due_on, rules.detail_of(kind, {"due": words})))
    return out


def _handover_items(service: OfficeService) -> list[WorkItem]:
    rows = service.casebook.fields(HANDOVER_FIELDS)
    acknowledged = {str(values[0]) for entity, _case, _id, values in rows
                    if entity == "handover_acknowledgement" and values[0]}
    out = []
    for entity, case_id, _id, values in rows:
        if entity != "setup":
            continue
        handed_over_on, pack = rules.day_of(values[0]) if values[0] else None, str(values[1] or "")
        if rules.handover_waiting(handed_over_on, pack, acknowledged):
            out.append(WorkItem(WorkKind.HANDOVER, case_id, case_id, handed_over_on,
                                rules.detail_of(WorkKind.HANDOVER, {"day": str(handed_over_on)})))
    return out


def _laptop_items(service: OfficeService, today: dt.date) -> list[WorkItem]:
    days = setting(service, SETTINGS["laptop_quiet_days"])
    devices = {d["device_id"]: d for d in service.store.devices()}
    out = []
    for enrollment in service.enrollments():
        device = devices.get(enrollment.get("device_id") or "") or {}
        if enrollment.get("revoked_at") or device.get("revoked_at"):
            continue
        enrolled_on = rules.day_of(enrollment.get("created_at"))
        last = rules.day_of(device.get("last_bundle_at")) if device.get("last_bundle_at") else None
        if enrolled_on is not None and rules.laptop_quiet(enrolled_on, last, today, days):
            words = Msg("{laptop}: {when}", laptop=enrollment.get("name", ""), when=rules.quiet_words(last, today))
            out.append(WorkItem(WorkKind.QUIET_LAPTOP, enrollment["enrollment_id"], None, last or enrolled_on, words))
    return out


# ---- the office's settings -----------------------------------------------------------------------------


def setting(service: OfficeService, declared: OfficeSetting) -> int:
    return declared.read(service.store.get_meta(declared.meta_key))


@requires(Action.CHANGE_SETTINGS)
def change_setting(service: OfficeService, name: str, value: object) -> int:
    """Set one of the office's settings (an administrator's act, in the audit log)."""
    declared = SETTINGS.get(name)
    if declared is None:
        raise OfficeError(Msg("“{name}” is not one of the office's settings, so nothing was changed.", name=name))
    problem = declared.problem(value)
    if problem:
        raise OfficeError(problem)
    with service.store.transaction() as conn:
        service.store.set_meta(declared.meta_key, str(value), conn=conn)
        service._audit(conn, "office-setting", name, value=value)
    return int(value)  # type: ignore[call-overload]
