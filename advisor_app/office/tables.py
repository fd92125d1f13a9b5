"""The office store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

migrations/versions/ creates exactly these (tests/office/test_office_store.py compares them).
JSON values are kept as canonical JSON text (``advisor_app.store.canonical``): the same bytes on
both databases, so "is the incoming data the same as the office's" is a string comparison.
Times are UTC ISO 8601 text, like the laptops'. ``changes``, ``office_changes``, ``documents``
and ``document_checks`` are insert-only: the migration adds triggers that refuse UPDATE and
DELETE on them.
"""

from __future__ import annotations

import sqlalchemy as sa

from advisor_app.store.journal import GENESIS_HASH

metadata = sa.MetaData()

OFFICE = "office"  # records.device_id of a record the office itself last wrote

office_meta = sa.Table(
    "office_meta", metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

devices = sa.Table(
    "devices", metadata,
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
    # The last change accepted from the device and its hash: the next one must link to it.
    sa.Column("last_seq", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_hash", sa.Text, nullable=False, server_default=GENESIS_HASH),
    # The last office message number issued to the device, and the last one it says it applied.
    sa.Column("office_seq", sa.Integer, nullable=False, server_default="0"),
    sa.Column("office_seq_applied", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_bundle_at", sa.Text),
)

# Every change received from a laptop, whatever became of it (outcome), exactly as it was
# hashed: all the journal fields are kept so the chain can be checked again at any time.
changes = sa.Table(
    "changes", metadata,
    sa.Column("change_id", sa.Text, primary_key=True),
    sa.Column("device_id", sa.Text, sa.ForeignKey("devices.device_id", name="fk_changes_device"),
              nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("advisor_id", sa.Text, nullable=False),
    sa.Column("hlc", sa.Text, nullable=False),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("entity_id", sa.Text, nullable=False),
    sa.Column("case_id", sa.Text, nullable=False),  # from the payload, to find a case's devices
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
    sa.Index("ix_changes_entity_id", "entity_id"),
    sa.Index("ix_changes_case_id", "case_id"),
)

# The office's current copy of every record. A case is entity 'case' with entity_id = case_id.
records = sa.Table(
    "records", metadata,
    sa.Column("entity_id", sa.Text, primary_key=True),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("case_id", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("device_id", sa.Text, nullable=False),  # who changed it last, or 'office'
    sa.Column("hlc", sa.Text, nullable=False),
    # The laptops known to hold exactly this version (JSON list): a laptop's edit made against
    # version N applies only if the office's version N is the laptop's own version N.
    sa.Column("holders", sa.Text, nullable=False, server_default="[]"),
    sa.Index("ix_records_case_id", "case_id"),
    sa.Index("ix_records_entity", "entity"),
)

# Edits the office could not apply, with both versions, until a person chooses one.
conflicts = sa.Table(
    "conflicts", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("entity_id", sa.Text, nullable=False),
    sa.Column("case_id", sa.Text, nullable=False),
    sa.Column("change_id", sa.Text,
              sa.ForeignKey("changes.change_id", name="fk_conflicts_change"), nullable=False),
    sa.Column("device_id", sa.Text, nullable=False),
    sa.Column("incoming_base_version", sa.Integer),
    sa.Column("current_version", sa.Integer),
    sa.Column("incoming", sa.Text, nullable=False),  # the laptop's edit: op, data, deleted, ...
    sa.Column("current", sa.Text),  # the office record when the edit arrived; null if none
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("resolved_at", sa.Text),
    sa.Column("resolution", sa.Text),  # 'incoming', 'current', 'fields' (chosen field by field) or 'merged'
    sa.Column("resolved_by", sa.Text),
    sa.Index("ix_conflicts_entity_id", "entity_id"),
    sa.Index("ix_conflicts_case_id", "case_id"),
)

# Records the office itself wrote (conflict resolutions, approvals): recorded changes, like the
# laptops', numbered per office without gaps.
office_changes = sa.Table(
    "office_changes", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("change_id", sa.Text, nullable=False),
    sa.Column("hlc", sa.Text, nullable=False),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("entity_id", sa.Text, nullable=False),
    sa.Column("case_id", sa.Text, nullable=False),
    sa.Column("op", sa.Text, nullable=False),
    sa.Column("base_version", sa.Integer),  # the office version it was made against
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("made_by", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),  # 'resolution', 'merge', 'move' (a case given to a laptop) or 'office'
    sa.Column("conflict_id", sa.Text, sa.ForeignKey("conflicts.id", name="fk_office_changes_conflict")),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.UniqueConstraint("change_id", name="uq_office_changes_change_id"),
    sa.CheckConstraint("op IN ('create', 'update', 'delete')", name="ck_office_changes_op"),
    sa.Index("ix_office_changes_entity_id", "entity_id"),
)

# Signed documents, named by the SHA-256 of their bytes. Insert-only: checks of a document
# (signature validation) go to document_checks, never onto the document row.
documents = sa.Table(
    "documents", metadata,
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
    sa.Index("ix_documents_case_id", "case_id"),
)

document_checks = sa.Table(
    "document_checks", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("sha256", sa.Text,
              sa.ForeignKey("documents.sha256", name="fk_document_checks_document"), nullable=False),
    sa.Column("checked_at", sa.Text, nullable=False),
    sa.Column("result", sa.Text, nullable=False),
    sa.Index("ix_document_checks_sha256", "sha256"),
)

# What arrived (direction 'in') and what was sent (direction 'out'), one row per bundle id.
bundles = sa.Table(
    "bundles", metadata,
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
    # Edits that met another edit and merged on their own (different fields): migration 0003.
    sa.Column("merged", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("direction IN ('in', 'out')", name="ck_bundles_direction"),
    sa.CheckConstraint("state IN ('imported', 'duplicate', 'refused', 'sent')",
                       name="ck_bundles_state"),
    sa.Index("ix_bundles_device_id", "device_id"),
)

# Messages for each laptop, numbered per device without gaps (devices.office_seq).
outbox = sa.Table(
    "outbox", metadata,
    sa.Column("device_id", sa.Text,
              sa.ForeignKey("devices.device_id", name="fk_outbox_device"), primary_key=True),
    sa.Column("office_seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("message_id", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.UniqueConstraint("message_id", name="uq_outbox_message_id"),
)

# Named office users (migration 0002). ``name`` is the sign-in name, in clear: it is needed to find
# the user's wrap before any key is open. ``wrap`` is their own key under their passphrase
# (Argon2id); ``data_key`` the office data key under their own key; ``signing_key`` a manager's
# countersigning key under their own key, with its certificate (issued by the office CA).
users = sa.Table(
    "users", metadata,
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False),  # domain.office_users.name_key(name)
    sa.Column("roles", sa.Text, nullable=False),  # JSON list of role names
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("removed_at", sa.Text),
    sa.Column("wrap", sa.Text),  # null once removed: nothing of theirs opens any more
    sa.Column("data_key", sa.Text),
    sa.Column("signing_key", sa.Text),
    sa.Column("certificate_pem", sa.Text),
    sa.Index("ix_users_name_key", "name_key"),
)

# Every office act, append-only and hash-chained (audit.py): who, when, what; the details sealed.
audit = sa.Table(
    "audit", metadata,
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


# Each time the office gave a case to another laptop (migration 0003). The case's laptop is the
# one of its latest move, else the laptop that made it. The laptop it left is told by the outbox
# message ``notice_office_seq``; once that laptop says it applied it, the move is acknowledged.
case_moves = sa.Table(
    "case_moves", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("case_id", sa.Text, nullable=False),
    sa.Column("from_device_id", sa.Text,
              sa.ForeignKey("devices.device_id", name="fk_case_moves_from_device")),
    sa.Column("to_device_id", sa.Text,
              sa.ForeignKey("devices.device_id", name="fk_case_moves_to_device"), nullable=False),
    sa.Column("moved_at", sa.Text, nullable=False),
    sa.Column("moved_by", sa.Text, nullable=False),
    sa.Column("notice_office_seq", sa.Integer),
    sa.Index("ix_case_moves_case_id", "case_id"),
)



# -- the office's learning (migration 0004) -------------------------------------------------------
# Working Together for Change: a workshop gathers the statements of the reviews held in its period;
# people group them into named themes (``theme_statements``: which statement is in which theme, by
# the statement's key "<review id>/<kind>/<statement id>"), agree actions and send a report back.
workshops = sa.Table(
    "workshops", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("period_from", sa.Text, nullable=False),
    sa.Column("period_to", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
)

workshop_themes = sa.Table(
    "workshop_themes", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("workshop_id", sa.Text, sa.ForeignKey("workshops.id", name="fk_workshop_themes_workshop"),
              nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("suggested", sa.Boolean, nullable=False, server_default=sa.false()),  # began as a suggestion
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("ix_workshop_themes_workshop_id", "workshop_id"),
)

theme_statements = sa.Table(
    "theme_statements", metadata,
    sa.Column("workshop_id", sa.Text, sa.ForeignKey("workshops.id", name="fk_theme_statements_workshop"),
              primary_key=True),
    sa.Column("statement_key", sa.Text, primary_key=True),
    sa.Column("theme_id", sa.Text, sa.ForeignKey("workshop_themes.id", name="fk_theme_statements_theme"),
              nullable=False),
    sa.Column("placed_at", sa.Text, nullable=False),
)

theme_actions = sa.Table(
    "theme_actions", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("workshop_id", sa.Text, sa.ForeignKey("workshops.id", name="fk_theme_actions_workshop"),
              nullable=False),
    sa.Column("theme_id", sa.Text, nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("due_on", sa.Text, nullable=False),
    sa.Column("done_on", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("ix_theme_actions_workshop_id", "workshop_id"),
)

# Each report sent back: the easy-read PDF, and how many cases and laptops it went to.
report_backs = sa.Table(
    "report_backs", metadata,
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

# Progress for Providers: every grade the office gave itself (kept: the history is the progress),
# and the figures the cases evidence, as kept on a day.
self_assessments = sa.Table(
    "self_assessments", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("indicator", sa.Text, nullable=False),
    sa.Column("grade", sa.Integer, nullable=False),
    sa.Column("assessed_on", sa.Text, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.CheckConstraint("grade BETWEEN 1 AND 5", name="ck_self_assessments_grade"),
)

kept_figures = sa.Table(
    "kept_figures", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("figure", sa.Text, nullable=False),
    sa.Column("day", sa.Text, nullable=False),
    sa.Column("numerator", sa.Integer, nullable=False),
    sa.Column("denominator", sa.Integer, nullable=False),
    sa.Column("kept_at", sa.Text, nullable=False),
    sa.Column("kept_by", sa.Text, nullable=False),
)

# Every provider file the office published (the office's copy in use is the latest of each name).
published_files = sa.Table(
    "published_files", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("published_at", sa.Text, nullable=False),
    sa.Column("published_by", sa.Text, nullable=False),
    sa.Index("ix_published_files_name", "name"),
)

INSERT_ONLY = ("changes", "office_changes", "documents", "document_checks", "audit", "case_moves",
               "report_backs", "self_assessments", "kept_figures", "published_files")
