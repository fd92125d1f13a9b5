"""Progress for Providers at the office: the grades the office gives itself (kept over time), and the
figures the cases evidence, computed from every case (``domain/provider_progress.py`` has the
rules) and kept on the days a manager keeps them, so they can be charted over time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.office_users import Action
from advisor_app.domain.provider_progress import (
    RULES, CaseEvidence, Evidenced, Figure, SelfAssessment, figures,
)
from advisor_app.domain.reviews import DueState
from advisor_app.domain.risk.lifecycle import APPROVED_STATUSES, Status as RiskStatus
from advisor_app.domain.setup import Involvement
from advisor_app.domain.validation import validate
from advisor_app.domain.worklist import countersigned
from advisor_app.i18n import _
from advisor_app.office import learning_store
from advisor_app.office.casebook import by_case
from advisor_app.office.service import OfficeError, OfficeService, requires

EVIDENCE_FIELDS = {
    "support_plan": ("$.outcomes",),
    "proposal": ("$.status",),
    "setup": ("$.recruitment.involvement",),
    "review": ("$.held_on", "$.statement_id"),
    "budget_statement": ("$.id",),
}
# More than being kept informed: helping write the job, on the panel, deciding together, leading.
INVOLVED = frozenset(i.value for i in Involvement) - {Involvement.KEEP_INFORMED.value}


def _today() -> dt.date:
    return dt.date.today()


def _linked(outcomes: Any) -> tuple[int, int]:
    """(outcomes, outcomes linked to the support that delivers them) of a plan's stored outcomes."""
    items = [o for o in outcomes if isinstance(o, dict)] if isinstance(outcomes, list) else []
    return len(items), sum(1 for o in items if o.get("component_ids"))


@requires(Action.READ)
def case_evidence(service: OfficeService, today: dt.date | None = None) -> list[CaseEvidence]:
    """What each case shows, for the figures (worked out again only after the cases changed)."""
    today = today or _today()
    return list(service.casebook.remembered(("case evidence", today), lambda: _case_evidence(service, today)))


def _case_evidence(service: OfficeService, today: dt.date) -> list[CaseEvidence]:
    rows = by_case(service.casebook.fields(EVIDENCE_FIELDS))
    due = service.casebook.reviews_due(today)
    risks: dict[str, list[RiskStatus]] = {}
    for case_id, _assessment, state in service.casebook.risk_statuses(today):
        risks.setdefault(case_id, []).append(state)
    signed = {c.case_id for c in service.casebook.signed_copies()
              if countersigned(c) or (c.still_to_sign is not None and set(c.still_to_sign) <= {"office"})}
    out = []
    for case in service.store.case_list():
        case_id, header = case["entity_id"], case["data"]
        try:
            stage, status = Stage(header.get("stage")), Status(header.get("status"))
        except ValueError:  # a header this app cannot read is not counted
            continue
        facts: dict[str, list[list[Any]]] = {}
        for entity, _case, _id, values in rows.get(case_id, []):
            facts.setdefault(entity, []).append(values)
        outcomes, linked = _linked((facts.get("support_plan") or [[None]])[0][0])
        involvement = (facts.get("setup") or [[None]])[0][0]
        held = [(str(v[0]), v[1]) for v in facts.get("review", []) if v[0] and str(v[0]) <= today.isoformat()]
        latest = max((day for day, _statement in held), default=None)  # reviews held that day: any of them
        statements = {str(v[0]) for v in facts.get("budget_statement", []) if v[0]}
        states = risks.get(case_id, [])
        review = due.get(case_id)
        out.append(CaseEvidence(
            case_id, stage, status, plan_outcomes=outcomes, plan_outcomes_linked=linked,
            accepted_proposal=any(v[0] == "accepted" for v in facts.get("proposal", [])),
            signed_agreement=case_id in signed,
            support_started=review is not None and review.state != DueState.NOT_STARTED,
            review_overdue=review is not None and review.state == DueState.OVERDUE,
            recruitment_recorded=involvement is not None, involved_in_recruitment=involvement in INVOLVED,
            reviews_held=len(held), latest_review_with_statement=any(
                day == latest and statement is not None and str(statement) in statements for day, statement in held),
            risks_approved=sum(1 for s in states if s in APPROVED_STATUSES),
            risks_overdue=sum(1 for s in states if s == RiskStatus.OVERDUE)))
    return out


def evidence_figures(service: OfficeService, today: dt.date | None = None) -> list[Figure]:
    """Each figure the cases evidence, today."""
    return figures(case_evidence(service, today))


@dataclass(frozen=True)
class Grade:
    indicator: str
    grade: int
    assessed_on: dt.date
    evidence: str
    recorded_by: str


@requires(Action.READ)
def grades(service: OfficeService) -> list[Grade]:
    """Every grade the office recorded, oldest first."""
    with service.store.reading() as conn:
        rows = learning_store.all_self_assessments(service.store, conn)
    return [Grade(r["indicator"], int(r["grade"]), dt.date.fromisoformat(r["assessed_on"]), r["evidence"],
                  r["recorded_by"]) for r in rows]


@requires(Action.ASSESS_PROGRESS)
def record_grade(service: OfficeService, indicator: str, grade: int, assessed_on: dt.date | str,
                 evidence: str = "") -> Grade:
    """A manager's grade for one indicator, on a day, with the evidence: kept beside every earlier
    one (the audit log says who)."""
    checked = validate(SelfAssessment, {"indicator": indicator, "grade": grade, "assessed_on": assessed_on,
                                        "evidence": evidence})
    if not checked.ok or checked.value is None:
        field, problem = next(iter(checked.errors.items()))
        raise OfficeError(_("{field}: {problem} Nothing was recorded.", field=_field_words(field), problem=_(problem)))
    value = checked.value
    if value.assessed_on > _today():
        raise OfficeError(_("A grade is for today or a day before, so nothing was recorded."))
    with service.store.transaction() as conn:
        learning_store.add_self_assessment(service.store, conn, value.model_dump(mode="json"), by=service.user.name)
        service._audit(conn, "self-assess", value.indicator, grade=value.grade, assessed_on=value.assessed_on.isoformat())
    return Grade(value.indicator, value.grade, value.assessed_on, value.evidence, service.user.name)


def _field_words(field: str) -> str:
    return {"indicator": _("Indicator"), "grade": _("Grade"), "assessed_on": _("Date"),
            "evidence": _("Evidence")}.get(field, field)


@dataclass(frozen=True)
class KeptFigure:
    figure: Evidenced
    day: dt.date
    numerator: int
    denominator: int


@requires(Action.ASSESS_PROGRESS)
def keep_figures(service: OfficeService, today: dt.date | None = None) -> list[Figure]:
    """Keep today's figures, so they can be followed over time (kept again the same day: the later
    ones count)."""
    today = today or _today()
    found = evidence_figures(service, today)
    with service.store.transaction() as conn:
        learning_store.keep_figures(conn, today.isoformat(), [(f.figure.value, f.numerator, f.denominator)
                                                              for f in found], by=service.user.name)
        service._audit(conn, "keep-figures", today.isoformat(),
                       figures={f.figure.value: [f.numerator, f.denominator] for f in found})
    return found


@requires(Action.READ)
def kept_figures(service: OfficeService) -> list[KeptFigure]:
    """The figures kept, one per figure and day (the latest kept that day), by day."""
    with service.store.reading() as conn:
        rows = learning_store.all_kept_figures(conn)
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        latest[(row["figure"], row["day"])] = row
    out = []
    for (figure, day), row in sorted(latest.items(), key=lambda item: (item[0][1], item[0][0])):
        try:
            out.append(KeptFigure(Evidenced(figure), dt.date.fromisoformat(day), int(row["numerator"]),
                                  int(row["denominator"])))
        except ValueError:  # a figure a later app kept
            continue
    return out


def as_json(found: Iterable[Figure]) -> list[dict[str, Any]]:
    """The figures for ``advisor-app office progress --json``: each with its indicator, numerator,
    denominator and per cent (null when there is nothing to count)."""
    rules = {r.figure: r for r in RULES}
    return [{"figure": f.figure.value, "indicator": rules[f.figure].indicator, "title": _(rules[f.figure].title),
             "counts": _(rules[f.figure].counts), "numerator": f.numerator, "denominator": f.denominator,
             "percent": None if f.percent is None else int(f.percent)} for f in found]
