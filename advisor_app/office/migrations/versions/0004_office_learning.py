"""The office's day and its learning: Working Together for Change (workshops, their themes, which
statement is in which theme, the actions agreed, the reports sent back), Progress for Providers
(the office's grades and the figures it kept), and the provider files the office published.

Personal columns are sealed like every other (office/sealing.py ``SEALED``): a workshop's title, a
theme's name, an action's words and owner, a report's PDF, a grade's evidence and a published file.
Grades, kept figures, reports and published files are history: insert-only.

Revision ID: 0004
Revises: 0003
Create Date: 2026-05-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INSERT_ONLY = ("report_backs", "self_assessments", "kept_figures", "published_files")


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("period_from", sa.Text, nullable=False),
        sa.Column("period_to", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    op.create_table(
        "workshop_themes",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("workshop_id", sa.Text, sa.ForeignKey("workshops.id", name="fk_workshop_themes_workshop"),
                  nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("suggested", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("ix_workshop_themes_workshop_id", "workshop_themes", ["workshop_id"])
    op.create_table(
        "theme_statements",
        sa.Column("workshop_id", sa.Text, sa.ForeignKey("workshops.id", name="fk_theme_statements_workshop"),
                  primary_key=True),
        sa.Column("statement_key", sa.Text, primary_key=True),
        sa.Column("theme_id", sa.Text, sa.ForeignKey("workshop_themes.id", name="fk_theme_statements_theme"),
                  nullable=False),
        sa.Column("placed_at", sa.Text, nullable=False),
    )
    op.create_table(
        "theme_actions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("workshop_id", sa.Text, sa.ForeignKey("workshops.id", name="fk_theme_actions_workshop"),
                  nullable=False),
        sa.Column("theme_id", sa.Text, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("due_on", sa.Text, nullable=False),
        sa.Column("done_on", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("ix_theme_actions_workshop_id", "theme_actions", ["workshop_id"])
    op.create_table(
        "report_backs",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("workshop_id", sa.Text, sa.ForeignKey("workshops.id", name="fk_report_backs_workshop"),
                  nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("cases", sa.Integer, nullable=False),
        sa.Column("laptops", sa.Integer, nullable=False),
        sa.Column("sent_at", sa.Text, nullable=False),
        sa.Column("sent_by", sa.Text, nullable=False),
    )
    op.create_table(
        "self_assessments",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("grade", sa.Integer, nullable=False),
        sa.Column("assessed_on", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.CheckConstraint("grade BETWEEN 1 AND 5", name="ck_self_assessments_grade"),
    )
    op.create_table(
        "kept_figures",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("figure", sa.Text, nullable=False),
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("numerator", sa.Integer, nullable=False),
        sa.Column("denominator", sa.Integer, nullable=False),
        sa.Column("kept_at", sa.Text, nullable=False),
        sa.Column("kept_by", sa.Text, nullable=False),
    )
    op.create_table(
        "published_files",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("published_at", sa.Text, nullable=False),
        sa.Column("published_by", sa.Text, nullable=False),
    )
    op.create_index("ix_published_files_name", "published_files", ["name"])
    # History is insert-only, like the other history tables (0001 made refuse_change() on PostgreSQL).
    for table in INSERT_ONLY:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_change()")
        else:
            for action in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, 'rows of {table} are never changed or removed'); END")


def downgrade() -> None:
    for table in INSERT_ONLY:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER {table}_insert_only ON {table}")
        else:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER {table}_no_{action}")
    op.drop_index("ix_published_files_name", "published_files")
    for table in ("published_files", "kept_figures", "self_assessments", "report_backs"):
        op.drop_table(table)
    op.drop_index("ix_theme_actions_workshop_id", "theme_actions")
    op.drop_table("theme_actions")
    op.drop_table("theme_statements")
    op.drop_index("ix_workshop_themes_workshop_id", "workshop_themes")
    op.drop_table("workshop_themes")
    op.drop_table("workshops")
