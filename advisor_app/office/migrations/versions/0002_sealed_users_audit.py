"""Named office users, the audit log, and every personal column sealed under the office data key.

Revision ID: 0002
Revises: 0001
Create Date: 2026-03-02

An office set up before this revision kept its cases in clear under one shared passphrase. Its
personal columns are encrypted here, in place, under a new office data key that the upgrade
(``office/signin.py``, ``advisor-app office upgrade``) makes once the old office passphrase is
given, and passes in ``config.attributes["office_data_key"]``. Without it, a store that holds
anything refuses to open (``OfficeNeedsUpgrade``): it is never half-encrypted. An empty store
needs no key. The sealed format is ``sealing.py``'s version 1, which stays readable for good.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Copies, as they were at this revision: a shipped migration never changes with the code.
SEALED = {
    "changes": ("change_id", ("payload",)),
    "records": ("entity_id", ("data",)),
    "conflicts": ("id", ("incoming", "current")),
    "office_changes": ("change_id", ("data",)),
    "documents": ("sha256", ("title", "meta", "content")),
    "document_checks": ("id", ("result",)),
    "outbox": ("message_id", ("body",)),
    "devices": ("device_id", ("name", "advisor_name", "certificate_pem")),
}
OLD_INSERT_ONLY = ("changes", "office_changes", "documents", "document_checks")
_BATCH = 500


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("roles", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("removed_at", sa.Text),
        sa.Column("wrap", sa.Text),
        sa.Column("data_key", sa.Text),
        sa.Column("signing_key", sa.Text),
        sa.Column("certificate_pem", sa.Text),
    )
    op.create_index("ix_users_name_key", "users", ["name_key"])
    op.create_table(
        "audit",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.Column("mac", sa.Text, nullable=False),
    )
    _insert_only("audit")
    conn = op.get_bind()
    if not _holds_anything(conn):
        return
    data_key = context.config.attributes.get("office_data_key")
    if data_key is None:
        from advisor_app.office.store import OfficeNeedsUpgrade

        raise OfficeNeedsUpgrade()
    _seal_everything(conn, data_key)


def downgrade() -> None:
    raise NotImplementedError("An office's data is never decrypted back into its database.")


def _holds_anything(conn: sa.Connection) -> bool:
    if conn.execute(sa.text("SELECT 1 FROM office_meta WHERE key = 'office.public'")).first():
        return True
    return any(conn.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() for table in SEALED)


def _seal_everything(conn: sa.Connection, data_key: bytes) -> None:
    from advisor_app.office.sealing import Sealer, is_sealed

    sealer = Sealer(data_key)
    for table in OLD_INSERT_ONLY:  # sealing is the one time their rows are rewritten
        _drop_insert_only(table)
    for table, (key, columns) in SEALED.items():
        last = None
        while True:
            query = f"SELECT {key}, {', '.join(columns)} FROM {table}"
            rows = conn.execute(sa.text(query + (f" WHERE {key} > :last" if last is not None else "")
                                        + f" ORDER BY {key} LIMIT {_BATCH}"), {"last": last}).all()
            if not rows:
                break
            for row in rows:
                values = {c: v for c, v in zip(columns, row[1:]) if v is not None and not is_sealed(v)}
                if values:
                    sealed = sealer.seal_row(table, {key: row[0], **values})
                    assignments = ", ".join(f"{c} = :{c}" for c in values)
                    conn.execute(sa.text(f"UPDATE {table} SET {assignments} WHERE {key} = :row_key"),
                                 {**{c: sealed[c] for c in values}, "row_key": row[0]})
            last = rows[-1][0]
    meta = conn.execute(sa.text("SELECT key, value FROM office_meta WHERE key LIKE 'enrollment.%'")).all()
    for meta_key, value in meta:
        if not is_sealed(value):
            conn.execute(sa.text("UPDATE office_meta SET value = :value WHERE key = :key"),
                         {"key": meta_key, "value": sealer.seal_text(value, "office_meta", "value", meta_key)})
    for table in OLD_INSERT_ONLY:
        _insert_only(table)


def _insert_only(table: str) -> None:
    """As 0001 does: the database itself refuses UPDATE and DELETE on the table."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION refuse_change()")
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, 'rows of {table} are never changed or removed'); END")


def _drop_insert_only(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {table}_insert_only ON {table}")
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER {table}_no_{action}")
