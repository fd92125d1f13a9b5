"""The office's learning in its store (migration 0004): Working Together for Change workshops, their
themes, which statement is in which theme, the actions agreed and the reports sent back; and
Progress for Providers, the grades the office gave itself and the figures it kept.

Functions over the office store, each in the caller's transaction when given ``conn`` (the office
service writes the act and its audit entry together). Personal columns are sealed by the store's
sealer on the way in and opened on the way out (sealing.py ``SEALED``); everything else here is ids,
dates and counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from advisor_app.office.tables import (
    kept_figures, report_backs, self_assessments, theme_actions, theme_statements, workshop_themes, workshops,
)
from advisor_app.store.hlc import utc_now
from advisor_app.store.ids import new_id

if TYPE_CHECKING:
    from advisor_app.office.store import OfficeStore


def _rows(store: "OfficeStore", table: sa.Table, result: Iterable[sa.Row]) -> list[dict[str, Any]]:
    return [store.open_row(table, row) for row in result]


# ---- workshops and their themes ---------------------------------------------------------------------


def add_workshop(store: "OfficeStore", conn: sa.Connection, *, title: str, period_from: str, period_to: str,
                 by: str) -> dict[str, Any]:
    row = {"id": new_id(), "title": title, "period_from": period_from, "period_to": period_to,
           "created_at": utc_now(), "created_by": by}
    conn.execute(workshops.insert().values(**store.seal_rows(workshops, [row])[0]))
    return row


def all_workshops(store: "OfficeStore", conn: sa.Connection) -> list[dict[str, Any]]:
    """Every workshop, the newest first."""
    query = sa.select(workshops).order_by(workshops.c.created_at.desc(), workshops.c.id.desc())
    return _rows(store, workshops, conn.execute(query))


def workshop(store: "OfficeStore", conn: sa.Connection, workshop_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(workshops).where(workshops.c.id == workshop_id)).first()
    return None if row is None else store.open_row(workshops, row)


def themes(store: "OfficeStore", conn: sa.Connection, workshop_id: str) -> list[dict[str, Any]]:
    """The workshop's themes in their order."""
    query = (sa.select(workshop_themes).where(workshop_themes.c.workshop_id == workshop_id)
             .order_by(workshop_themes.c.position, workshop_themes.c.id))
    return _rows(store, workshop_themes, conn.execute(query))


def add_theme(store: "OfficeStore", conn: sa.Connection, workshop_id: str, name: str, *,
              suggested: bool = False) -> dict[str, Any]:
    position = conn.execute(sa.select(sa.func.coalesce(sa.func.max(workshop_themes.c.position), 0) + 1)
                            .where(workshop_themes.c.workshop_id == workshop_id)).scalar_one()
    row = {"id": new_id(), "workshop_id": workshop_id, "name": name, "position": int(position),
           "suggested": suggested, "created_at": utc_now()}
    conn.execute(workshop_themes.insert().values(**store.seal_rows(workshop_themes, [row])[0]))
    return row


def rename_theme(store: "OfficeStore", conn: sa.Connection, theme_id: str, name: str) -> bool:
    sealed = store.sealer.seal_text(name, "workshop_themes", "name", theme_id)
    return bool(conn.execute(workshop_themes.update().where(workshop_themes.c.id == theme_id)
                             .values(name=sealed)).rowcount)


def remove_theme(conn: sa.Connection, theme_id: str) -> None:
    """The theme goes; its statements are not in a theme any more (its actions stay, kept by id)."""
    conn.execute(theme_statements.delete().where(theme_statements.c.theme_id == theme_id))
    conn.execute(workshop_themes.delete().where(workshop_themes.c.id == theme_id))


def placements(conn: sa.Connection, workshop_id: str) -> dict[str, str]:
    """statement key -> theme id, for the statements placed in a theme."""
    query = sa.select(theme_statements.c.statement_key, theme_statements.c.theme_id).where(
        theme_statements.c.workshop_id == workshop_id)
    return {key: theme for key, theme in conn.execute(query)}


def place(conn: sa.Connection, workshop_id: str, keys: Iterable[str], theme_id: str | None) -> int:
    """Put the statements in the theme (None: in no theme); how many were placed."""
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), 500):
        conn.execute(theme_statements.delete().where(theme_statements.c.workshop_id == workshop_id,
                                                     theme_statements.c.statement_key.in_(keys[start:start + 500])))
    if theme_id is not None and keys:
        now = utc_now()
        conn.execute(theme_statements.insert(), [{"workshop_id": workshop_id, "statement_key": key,
                                                  "theme_id": theme_id, "placed_at": now} for key in keys])
    return len(keys)


# ---- actions and reports ------------------------------------------------------------------------------


def actions(store: "OfficeStore", conn: sa.Connection, workshop_id: str) -> list[dict[str, Any]]:
    query = (sa.select(theme_actions).where(theme_actions.c.workshop_id == workshop_id)
             .order_by(theme_actions.c.due_on, theme_actions.c.created_at, theme_actions.c.id))
    return _rows(store, theme_actions, conn.execute(query))


def add_action(store: "OfficeStore", conn: sa.Connection, workshop_id: str, action: Mapping[str, Any]) -> None:
    row = {"id": action["id"], "workshop_id": workshop_id, "theme_id": action["theme_id"], "what": action["what"],
           "owner": action["owner"], "due_on": action["due_on"], "done_on": action.get("done_on"),
           "created_at": utc_now()}
    conn.execute(theme_actions.insert().values(**store.seal_rows(theme_actions, [row])[0]))


def set_action_done(conn: sa.Connection, action_id: str, done_on: str | None) -> bool:
    return bool(conn.execute(theme_actions.update().where(theme_actions.c.id == action_id)
                             .values(done_on=done_on)).rowcount)


def add_report_back(store: "OfficeStore", conn: sa.Connection, *, workshop_id: str, sha256: str, content: bytes,
                    cases: int, laptops: int, by: str) -> dict[str, Any]:
    row = {"id": new_id(), "workshop_id": workshop_id, "sha256": sha256, "content": content, "cases": cases,
           "laptops": laptops, "sent_at": utc_now(), "sent_by": by}
    conn.execute(report_backs.insert().values(**store.seal_rows(report_backs, [row])[0]))
    return {k: v for k, v in row.items() if k != "content"}


def reports_sent(conn: sa.Connection, workshop_id: str) -> list[dict[str, Any]]:
    """The reports sent back for the workshop (without their PDFs), oldest first."""
    query = (sa.select(*[c for c in report_backs.c if c.name != "content"])
             .where(report_backs.c.workshop_id == workshop_id).order_by(report_backs.c.sent_at))
    return [dict(row._mapping) for row in conn.execute(query)]


# ---- Progress for Providers ---------------------------------------------------------------------------


def add_self_assessment(store: "OfficeStore", conn: sa.Connection, assessment: Mapping[str, Any], *,
                        by: str) -> None:
    row = {"id": assessment["id"], "indicator": assessment["indicator"], "grade": assessment["grade"],
           "assessed_on": assessment["assessed_on"], "evidence": assessment["evidence"],
           "recorded_at": utc_now(), "recorded_by": by}
    conn.execute(self_assessments.insert().values(**store.seal_rows(self_assessments, [row])[0]))


def all_self_assessments(store: "OfficeStore", conn: sa.Connection) -> list[dict[str, Any]]:
    """Every grade recorded, in the order of the days they are for (then as recorded)."""
    query = sa.select(self_assessments).order_by(self_assessments.c.assessed_on, self_assessments.c.recorded_at,
                                                 self_assessments.c.id)
    return _rows(store, self_assessments, conn.execute(query))


def keep_figures(conn: sa.Connection, day: str, figures: Iterable[tuple[str, int, int]], *, by: str) -> None:
    now = utc_now()
    conn.execute(kept_figures.insert(), [{"id": new_id(), "figure": f, "day": day, "numerator": n, "denominator": d,
                                          "kept_at": now, "kept_by": by} for f, n, d in figures])


def all_kept_figures(conn: sa.Connection) -> list[dict[str, Any]]:
    """Every figure kept, by day (a day kept twice: the later one last)."""
    query = sa.select(kept_figures).order_by(kept_figures.c.day, kept_figures.c.kept_at, kept_figures.c.id)
    return [dict(row._mapping) for row in conn.execute(query)]
