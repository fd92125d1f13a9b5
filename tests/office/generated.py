"""Generated cases written straight into an office store (sealed, as the importer writes them), for
the worklist, the themes and the Progress for Providers figures over many cases: hypothesis tests
and the benchmarks over 10,000 cases. Each ``Made`` case says what it was made with, so a test can
count what the office should find without asking the code under test.

The records hold what the office's answers read (the fields of ``office/day.py``,
``office/progress.py``, ``office/themes.py``), shaped like the laptops' records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from advisor_app.office import tables
from advisor_app.office.store import OfficeStore
from advisor_app.store.canonical import canonical_json

STAGES = ("enquiry", "support_plan", "agreement", "setup", "reviews")
KINDS = ("working", "not_working", "important_now", "important_future")
VIEWS = ("person", "family", "staff", "others")
WORDS = ("bus", "travel", "swimming", "cooking", "friends", "staff", "money", "college", "music", "garden",
         "shopping", "night", "weekend", "football", "drama", "dog", "holiday", "job", "cafe", "church")
_ids = itertools.count(1)


def uid(prefix: str) -> str:
    return f"{prefix}-{next(_ids):08d}"


@dataclass
class Statement:
    kind: str
    view: str | None  # the view (working, not working) or whose words (important); None: not recorded
    text: str


@dataclass
class Review:
    held_on: dt.date
    statements: list[Statement] = field(default_factory=list)
    with_budget_statement: bool = False


@dataclass
class Risk:
    sent_at: dt.datetime | None
    decided_at: dt.datetime | None = None  # an approval, after ``sent_at``
    decision: str = "approved"


@dataclass
class Made:
    """What one generated case was made with."""

    case_id: str
    reference: str
    person: str
    postcode: str
    stage: str = "reviews"
    status: str = "open"
    laptop: str = ""  # the device id the case is with
    outcomes: int = 0
    linked: int = 0
    proposal: str | None = None  # its status
    signed: bool = False  # every signer but the office has signed
    countersigned: bool = False
    start_on: dt.date | None = None  # handed over with this start date
    acknowledged: bool = False
    involvement: str | None = None
    reviews: list[Review] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)


def _record(entity: str, case_id: str, data: dict[str, Any], entity_id: str | None = None) -> dict[str, Any]:
    return {"entity_id": entity_id or uid(entity), "entity": entity, "case_id": case_id, "version": 1,
            "data": canonical_json(data), "deleted": False, "updated_at": "2026-01-05T10:00:00+00:00",
            "device_id": "generated", "hlc": "1767607200000.00000.generated", "holders": "[]"}


def records_of(made: Made) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(records, documents, document checks) for one case."""
    c = made.case_id
    first, last = made.person.split(" ", 1)
    out = [_record("case", c, {"reference": made.reference, "stage": made.stage, "status": made.status,
                               "opened_on": "2025-01-06", "person_name": made.person, "postcode": made.postcode},
                   entity_id=c),
           _record("person", c, {"first_name": first, "last_name": last, "postcode": made.postcode}),
           _record("circle", c, {"members": [{"id": uid("m"), "name": f"Sam {last}", "relationship": "Brother"}]})]
    outcomes = [{"id": uid("o"), "in_my_words": f"I want to {WORDS[i % len(WORDS)]}",
                 "component_ids": [uid("p")] if i < made.linked else []} for i in range(made.outcomes)]
    out.append(_record("support_plan", c, {"outcomes": outcomes}))
    proposal_id = uid("proposal")
    if made.proposal:
        out.append(_record("proposal", c, {"id": proposal_id, "number": 1, "status": made.proposal}, proposal_id))
    pack = hashlib.sha256(made.case_id.encode()).hexdigest()
    setup: dict[str, Any] = {"recruitment": {"involvement": made.involvement}}
    if made.start_on:
        setup.update(start_on=made.start_on.isoformat(), handed_over_on=made.start_on.isoformat(),
                     handover_pack_sha256=pack)
    out.append(_record("setup", c, setup))
    if made.acknowledged:
        out.append(_record("handover_acknowledgement", c, {"pack_sha256": pack, "manager_name": "Maya Patel"}))
    for review in made.reviews:
        statement_id = uid("bs")
        if review.with_budget_statement:
            out.append(_record("budget_statement", c, {"id": statement_id, "proposal_id": proposal_id,
                                                       "period_from": "2025-01-06"}, statement_id))
        data: dict[str, Any] = {"held_on": review.held_on.isoformat(), "invited": [{"name": f"Sam {last}"}],
                                "statement_id": statement_id if review.with_budget_statement else None}
        for kind in KINDS:
            whose = "view" if kind in ("working", "not_working") else "whose_words"
            data[kind] = [{"id": uid("s"), "text": s.text, whose: s.view} for s in review.statements if s.kind == kind]
        out.append(_record("review", c, data))
    for n, risk in enumerate(made.risks, 1):
        assessment_id = uid("ra")
        out.append(_record("risk_assessment", c, {
            "reference": f"RA-2026-{n:04d}", "title": f"Going {WORDS[n % len(WORDS)]}",
            "sent_for_decision_at": risk.sent_at.isoformat() if risk.sent_at else None}, assessment_id))
        if risk.decided_at:
            out.append(_record("risk_decision", c, {
                "id": uid("d"), "assessment_id": assessment_id, "decision": risk.decision,
                "decided_at": risk.decided_at.isoformat(), "manager_name": "Morgan Hale", "author_id": "u1"}))
    documents, checks = [], []
    if made.signed or made.countersigned:
        sha = hashlib.sha256(f"pack {made.case_id}".encode()).hexdigest()
        fields = ["person", "advisor", *(["office"] if made.countersigned else [])]
        documents.append({"sha256": sha, "case_id": c, "kind": "signed-agreement", "version": 1,
                          "title": f"Agreement: {made.person}", "meta": canonical_json({"signed_fields": fields}),
                          "size": 10, "device_id": "generated", "imported_at": "2026-01-05T10:00:00+00:00",
                          "content": b"%PDF-1.7 generated"})
        checks.append({"id": uid("check"), "sha256": sha, "checked_at": "2026-01-05T10:00:01+00:00",
                       "result": canonical_json({"still_to_sign": [] if made.countersigned else ["office"]})})
    return out, documents, checks


def add_laptops(store: OfficeStore, names: list[str]) -> list[str]:
    """Enrolled laptops (devices) with an advisor each; their device ids."""
    ids = []
    for name in names:
        device_id = uid("device")
        store.add_device(device_id, name=f"{name} laptop", advisor_name=name)
        ids.append(device_id)
    return ids


def write(store: OfficeStore, cases: list[Made], *, batch: int = 2000) -> None:
    """Every case's records, documents and checks (sealed), and each case given to its laptop."""
    rows, documents, checks, moves = [], [], [], []
    for made in cases:
        r, d, c = records_of(made)
        rows += r
        documents += d
        checks += c
        if made.laptop:
            moves.append({"id": uid("move"), "case_id": made.case_id, "from_device_id": None,
                          "to_device_id": made.laptop, "moved_at": "2026-01-05T10:00:00+00:00",
                          "moved_by": "generated", "notice_office_seq": None})
    with store.transaction() as conn:
        for table, items in ((tables.records, rows), (tables.documents, documents),
                             (tables.document_checks, checks)):
            for start in range(0, len(items), batch):
                conn.execute(table.insert(), store.seal_rows(table, items[start:start + batch]))
        for start in range(0, len(moves), batch):
            conn.execute(tables.case_moves.insert(), moves[start:start + batch])
        store.bump_records_generation(conn)


def sealed(store: OfficeStore) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(sa.text("SELECT data FROM records LIMIT 1")).scalar().startswith("s1:")
