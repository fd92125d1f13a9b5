"""Cases moved between laptops (``case_moves``, insert-only), and the edits a bundle merged on
their own (``bundles.merged``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_moves",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("from_device_id", sa.Text,
                  sa.ForeignKey("devices.device_id", name="fk_case_moves_from_device")),
        sa.Column("to_device_id", sa.Text,
                  sa.ForeignKey("devices.device_id", name="fk_case_moves_to_device"), nullable=False),
        sa.Column("moved_at", sa.Text, nullable=False),
        sa.Column("moved_by", sa.Text, nullable=False),
        sa.Column("notice_office_seq", sa.Integer),
    )
    op.create_index("ix_case_moves_case_id", "case_moves", ["case_id"])
    with op.batch_alter_table("bundles") as batch:
        batch.add_column(sa.Column("merged", sa.Integer, nullable=False, server_default="0"))
    # Insert-only, like the other history tables (0001 made refuse_change() on PostgreSQL).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER case_moves_insert_only BEFORE UPDATE OR DELETE ON case_moves "
                   "FOR EACH ROW EXECUTE FUNCTION refuse_change()")
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER case_moves_no_{action.lower()} BEFORE {action} ON case_moves "
                       "BEGIN SELECT RAISE(ABORT, 'rows of case_moves are never changed or removed'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER case_moves_insert_only ON case_moves")
    else:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER case_moves_no_{action}")
    with op.batch_alter_table("bundles") as batch:
        batch.drop_column("merged")
    op.drop_index("ix_case_moves_case_id", "case_moves")
    op.drop_table("case_moves")
