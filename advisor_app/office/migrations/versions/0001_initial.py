"""The office store's first schema: devices, changes, records, conflicts, documents, bundles,
outbox, office changes.

Revision ID: 0001
Revises:
Create Date: 2025-01-31
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64  # a copy: a shipped migration never changes with the code around it
INSERT_ONLY = ("changes", "office_changes", "documents", "document_checks")


def upgrade() -> None:
    op.create_table(
        "office_meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("device_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("enrolled_at", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Text),
        sa.Column("store_id", sa.Text),
        sa.Column("advisor_id", sa.Text),
        sa.Column("advisor_name", sa.Text, nullable=False, server_default=""),
        sa.Column("signing_key", sa.Text),
        sa.Column("encryption_key", sa.Text),
        sa.Column("certificate_pem", sa.Text),
        sa.Column("last_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_hash", sa.Text, nullable=False, server_default=GENESIS_HASH),
        sa.Column("office_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("office_seq_applied", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_bundle_at", sa.Text),
    )
    op.create_table(
        "changes",
        sa.Column("change_id", sa.Text, primary_key=True),
        sa.Column("device_id", sa.Text, sa.ForeignKey("devices.device_id", name="fk_changes_device"),
                  nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("advisor_id", sa.Text, nullable=False),
        sa.Column("hlc", sa.Text, nullable=False),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("op", sa.Text, nullable=False),
        sa.Column("base_version", sa.Integer),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.Column("bundle_id", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.UniqueConstraint("device_id", "seq", name="uq_changes_device_seq"),
        sa.CheckConstraint("op IN ('create', 'update', 'delete')", name="ck_changes_op"),
        sa.CheckConstraint("outcome IN ('applied', 'same', 'conflict')", name="ck_changes_outcome"),
    )
    op.create_index("ix_changes_entity_id", "changes", ["entity_id"])
    op.create_index("ix_changes_case_id", "changes", ["case_id"])
    op.create_table(
        "records",
        sa.Column("entity_id", sa.Text, primary_key=True),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("hlc", sa.Text, nullable=False),
        sa.Column("holders", sa.Text, nullable=False, server_default="[]"),
    )
    op.create_index("ix_records_case_id", "records", ["case_id"])
    op.create_index("ix_records_entity", "records", ["entity"])
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("change_id", sa.Text,
                  sa.ForeignKey("changes.change_id", name="fk_conflicts_change"), nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("incoming_base_version", sa.Integer),
        sa.Column("current_version", sa.Integer),
        sa.Column("incoming", sa.Text, nullable=False),
        sa.Column("current", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("resolved_at", sa.Text),
        sa.Column("resolution", sa.Text),
        sa.Column("resolved_by", sa.Text),
    )
    op.create_index("ix_conflicts_entity_id", "conflicts", ["entity_id"])
    op.create_index("ix_conflicts_case_id", "conflicts", ["case_id"])
    op.create_table(
        "office_changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("change_id", sa.Text, nullable=False),
        sa.Column("hlc", sa.Text, nullable=False),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("op", sa.Text, nullable=False),
        sa.Column("base_version", sa.Integer),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("made_by", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("conflict_id", sa.Text,
                  sa.ForeignKey("conflicts.id", name="fk_office_changes_conflict")),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.UniqueConstraint("change_id", name="uq_office_changes_change_id"),
        sa.CheckConstraint("op IN ('create', 'update', 'delete')", name="ck_office_changes_op"),
    )
    op.create_index("ix_office_changes_entity_id", "office_changes", ["entity_id"])
    op.create_table(
        "documents",
        sa.Column("sha256", sa.Text, primary_key=True),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("meta", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_documents_case_id", "documents", ["case_id"])
    op.create_table(
        "document_checks",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("sha256", sa.Text,
                  sa.ForeignKey("documents.sha256", name="fk_document_checks_document"),
                  nullable=False),
        sa.Column("checked_at", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
    )
    op.create_index("ix_document_checks_sha256", "document_checks", ["sha256"])
    op.create_table(
        "bundles",
        sa.Column("bundle_id", sa.Text, primary_key=True),
        sa.Column("direction", sa.Text, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("received_at", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("first_seq", sa.Integer),
        sa.Column("last_seq", sa.Integer),
        sa.Column("applied", sa.Integer, nullable=False, server_default="0"),
        sa.Column("duplicates", sa.Integer, nullable=False, server_default="0"),
        sa.Column("conflicts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("same", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("direction IN ('in', 'out')", name="ck_bundles_direction"),
        sa.CheckConstraint("state IN ('imported', 'duplicate', 'refused', 'sent')",
                           name="ck_bundles_state"),
    )
    op.create_index("ix_bundles_device_id", "bundles", ["device_id"])
    op.create_table(
        "outbox",
        sa.Column("device_id", sa.Text, sa.ForeignKey("devices.device_id", name="fk_outbox_device"),
                  primary_key=True),
        sa.Column("office_seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("message_id", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.UniqueConstraint("message_id", name="uq_outbox_message_id"),
    )
    _refuse_changes(INSERT_ONLY)


def downgrade() -> None:
    _allow_changes(INSERT_ONLY)
    for table in ("outbox", "bundles", "document_checks", "documents", "office_changes",
                  "conflicts", "records", "changes", "devices", "office_meta"):
        op.drop_table(table)


def _refuse_changes(tables: tuple[str, ...]) -> None:
    """Insert-only tables: the database itself refuses UPDATE and DELETE."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'rows of % are never changed or removed', TG_TABLE_NAME; END $$")
        for table in tables:
            op.execute(f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_change()")
        return
    for table in tables:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, 'rows of {table} are never changed or removed'); END")


def _allow_changes(tables: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in tables:
            op.execute(f"DROP TRIGGER {table}_insert_only ON {table}")
        op.execute("DROP FUNCTION refuse_change()")
        return
    for table in tables:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER {table}_no_{action}")
