"""Budget statements: what was delivered and spent against the plan, and the delivered hours behind
them, typed in or imported from the rota's CSV.

Three kinds of record, each written with its change record in one transaction:

- ``budget_statement``: the weeks it covers, the plan it is measured against (an accepted
  proposal), expenses and notes. Autosaved from its form.
- ``delivered_hours``: batches of rows. The rows typed in the app are one batch per statement
  (autosaved); each imported file is a batch of its own, taken whole or refused with one
  sentence naming the line and field, so a refused file writes nothing. A file imported once is
  refused the second time (its SHA-256 is kept).

The figures are the domain's (``domain.budget_statement``); nothing here rounds or adds money.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from advisor_app.domain.budget_statement import (
    ENTITY,
    HOURS_ENTITY,
    MAX_WEEKS,
    PROPOSAL_KEY,
    PROTECTED,
    ROWS_KEY,
    STATEMENT_KEY,
    BudgetStatement,
    DeliveredHours,
    DeliveredRow,
    PlanPart,
    Source,
    StatementFigures,
    default_once_parts,
    plan_parts,
    rows_problems,
    statement_figures,
)
from advisor_app.domain.delivered_csv import CsvRefused, parse_delivered_csv
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.proposals import PROPOSAL, Proposal, accepted, parse_proposals
from advisor_app.domain.setup import SECTION as SETUP, parse_setup
from advisor_app.domain.validation import validate
from advisor_app.services.cases import AdvisorService, ImportRefused, SaveResult
from advisor_app.services.records import CONFLICT, save_record
from advisor_app.store.errors import StoreError, VersionConflict
from advisor_app.store.records import Record

NOT_FOUND = N_("That budget statement is not in this store.")


@dataclass(frozen=True)
class StatementView:
    id: str
    case_id: str
    version: int
    data: dict[str, Any]  # the stored statement, as plain JSON (what its form edits)
    statement: BudgetStatement
    proposal: Proposal | None  # None: the plan it was made from is no longer in the case
    parts: list[PlanPart]
    batches: list[tuple[Record, DeliveredHours]]  # oldest first
    figures: StatementFigures | None

    @property
    def rows(self) -> list[DeliveredRow]:
        return [row for _record, batch in self.batches for row in batch.rows]

    def entered(self) -> tuple[Record, DeliveredHours] | None:
        """The batch of rows typed in the app (one per statement), if any."""
        return next(((r, b) for r, b in self.batches if b.source == Source.ENTERED), None)

    def imports(self) -> list[tuple[Record, DeliveredHours]]:
        return [(r, b) for r, b in self.batches if b.source == Source.IMPORTED]


def _proposal(service: AdvisorService, case_id: str, proposal_id: str) -> Proposal | None:
    proposals, _bad = parse_proposals([r.data for r in service.store.find(PROPOSAL, case_id=case_id)])
    return next((p for p in proposals if p.id == proposal_id), None)


def _batches(service: AdvisorService, case_id: str, statement_id: str) -> list[tuple[Record, DeliveredHours]]:
    out = []
    for record in service.store.find(HOURS_ENTITY, case_id=case_id):
        if record.data.get("statement_id") != statement_id:
            continue
        batch = validate(DeliveredHours, record.data).value
        if batch is not None:
            out.append((record, batch))
    return out


def load_statement(service: AdvisorService, statement_id: str) -> StatementView:
    record = service.store.get(ENTITY, statement_id)
    if record is None:
        raise StoreError(NOT_FOUND)
    statement = BudgetStatement.model_validate(record.data)
    proposal = _proposal(service, record.case_id, statement.proposal_id)
    batches = _batches(service, record.case_id, statement_id)
    parts = plan_parts(proposal) if proposal else []
    rows = [row for _r, batch in batches for row in batch.rows]
    figures = statement_figures(statement, proposal, rows) if proposal else None
    return StatementView(record.id, record.case_id, record.version, record.data, statement, proposal, parts,
                         batches, figures)


def list_statements(service: AdvisorService, case_id: str) -> list[BudgetStatement]:
    found = (validate(BudgetStatement, r.data).value for r in service.store.find(ENTITY, case_id=case_id))
    return sorted((s for s in found if s is not None), key=lambda s: s.period_from)


def accepted_proposal(service: AdvisorService, case_id: str) -> Proposal | None:
    return accepted(parse_proposals([r.data for r in service.store.find(PROPOSAL, case_id=case_id)])[0])


def default_period(service: AdvisorService, case_id: str, today: dt.date | None = None) -> tuple[dt.date, int]:
    """From the day after the last statement (else the start of the support), in whole weeks up to
    today (at least one, at most two years)."""
    today = today or dt.date.today()
    earlier = list_statements(service, case_id)
    if earlier:
        start = earlier[-1].period_to + dt.timedelta(days=1)
    else:
        start = parse_setup(service.load_case(case_id).data().get(SETUP)).start_on or today
    weeks = max(1, min(MAX_WEEKS, ((today - start).days + 1) // 7))
    return start, weeks


def new_statement(service: AdvisorService, case_id: str, *, period_from: dt.date | None = None,
                  weeks: int | None = None, today: dt.date | None = None) -> str:
    """A statement against the accepted proposal, for the weeks given (by default: since the last one)."""
    proposal = accepted_proposal(service, case_id)
    if proposal is None:
        raise StoreError(N_("There is no accepted proposal to measure the spending against."))
    start, default_weeks = default_period(service, case_id, today)
    first = not list_statements(service, case_id)
    statement = BudgetStatement(proposal_id=proposal.id, period_from=period_from or start,
                                weeks=weeks or default_weeks, once_parts=default_once_parts(proposal, first))
    with service.store.transaction():
        record = service.store.put(ENTITY, statement.model_dump(mode="json"), case_id=case_id, entity_id=statement.id)
    return record.id


def save_statement(service: AdvisorService, case_id: str, statement_id: str, data: dict[str, Any]) -> SaveResult:
    """Autosave of the statement's form; what it may not change is kept as stored."""
    return save_record(service, ENTITY, BudgetStatement, case_id, statement_id, data, protected=PROTECTED,
                       not_found=NOT_FOUND)


def save_entered_rows(service: AdvisorService, case_id: str, statement_id: str,
                      rows: list[dict[str, Any]]) -> SaveResult:
    """Autosave of the rows typed in: the statement's one "entered" batch, checked against the plan."""
    view = load_statement(service, statement_id)
    if view.case_id != case_id:
        return SaveResult.failed("_statement", NOT_FOUND)
    current = view.entered()
    batch_id = current[1].id if current else None
    data = {"statement_id": statement_id, "source": Source.ENTERED.value, "rows": rows,
            **({"id": batch_id} if batch_id else {})}
    result = validate(DeliveredHours, data)
    if not result.ok:
        return SaveResult(ok=False, errors=result.errors)
    problems = rows_problems(result.value.rows, view.parts, view.statement)
    if problems:
        return SaveResult(ok=False, errors=problems)
    clean = result.value.model_dump(mode="json")
    if current is not None and current[0].data == clean:
        return SaveResult(ok=True, version=current[0].version)
    try:
        with service.store.transaction():
            saved = service.store.put(HOURS_ENTITY, clean, case_id=case_id, entity_id=clean["id"],
                                      base_version=current[0].version if current else None)
    except VersionConflict:
        return SaveResult.failed("_conflict", CONFLICT)
    return SaveResult(ok=True, version=saved.version)


def import_hours(service: AdvisorService, case_id: str, statement_id: str, raw: bytes, *,
                 file_name: str = "") -> DeliveredHours:
    """Import a rota's CSV into the statement as one batch. Raises ``ImportRefused`` with one
    sentence naming the line and the field, having written nothing."""
    view = load_statement(service, statement_id)
    if view.case_id != case_id:
        raise ImportRefused(NOT_FOUND)
    if view.proposal is None:
        raise ImportRefused(N_("The plan this statement was made from is no longer in the case."))
    sha = hashlib.sha256(raw).hexdigest()
    for _record, batch in view.imports():
        if batch.file_sha256 == sha:
            raise ImportRefused(Msg("This file was imported into this statement already ({name}, {when}).",
                                    name=batch.file_name or "?",
                                    when=batch.imported_at.date().isoformat() if batch.imported_at else "?"))
    try:
        parsed = parse_delivered_csv(raw, view.parts, view.statement)
    except CsvRefused as exc:
        raise ImportRefused(exc.args[0]) from None
    batch = DeliveredHours(statement_id=statement_id, source=Source.IMPORTED, file_name=file_name[-200:],
                           file_sha256=sha, imported_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
                           rows=parsed.rows)
    with service.store.transaction():
        service.store.put(HOURS_ENTITY, batch.model_dump(mode="json"), case_id=case_id, entity_id=batch.id)
    return batch


def remove_import(service: AdvisorService, batch_id: str, base_version: int) -> SaveResult:
    """Take an imported file out of its statement (the record stays, marked deleted, for the office)."""
    record = service.store.get(HOURS_ENTITY, batch_id)
    if record is None or record.data.get("source") != Source.IMPORTED:
        return SaveResult.failed("_import", N_("That import is not in this statement."))
    try:
        with service.store.transaction():
            service.store.delete(HOURS_ENTITY, batch_id, base_version=base_version)
    except VersionConflict:
        return SaveResult.failed("_conflict", CONFLICT)
    return SaveResult(ok=True)


# ---- documents: one budget statement per statement ----------------------------------------------

def statement_sections(view: StatementView) -> dict[str, Any]:
    """What the statement's builders (the statement, and the review's summary) are given."""
    return {STATEMENT_KEY: view.data,
            PROPOSAL_KEY: view.proposal.model_dump(mode="json") if view.proposal else None,
            ROWS_KEY: [row.model_dump(mode="json") for row in view.rows]}


def document_parts(service: AdvisorService, case_id: str) -> list[Any]:
    from advisor_app.services.documents import DocumentPart

    parts = []
    for statement in list_statements(service, case_id):
        view = load_statement(service, statement.id)
        label = f"{statement.period_from.isoformat()}-{statement.weeks}w"
        parts.append(DocumentPart(
            id=statement.id, label=label,
            title=Msg("{start} to {end}", start=statement.period_from.isoformat(),
                      end=statement.period_to.isoformat()),
            sections=statement_sections(view)))
    return parts


__all__ = ["ENTITY", "HOURS_ENTITY", "StatementView", "accepted_proposal", "default_period", "document_parts", "import_hours",
           "list_statements", "load_statement", "new_statement", "remove_import", "save_entered_rows",
           "save_statement", "statement_sections"]
