"""The office store on SQLite and a real PostgreSQL: migrations, devices, messages, office
records, documents, and the tables that never change once written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from advisor_app.office import tables
from advisor_app.office.store import (
    OfficeStore, OfficeStoreTooNew, OfficeVersionConflict, UnknownDevice, migrate,
)
from advisor_app.store.journal import GENESIS_HASH
from tests.office.helpers import keyed_store

CASE_ID = "case-1"


@pytest.fixture
def office(database_url: str) -> Iterator[OfficeStore]:
    store = keyed_store(database_url)
    yield store
    store.close()


def revision(office: OfficeStore) -> str | None:
    with office.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# --- opening and migrations ------------------------------------------------------------------

def test_a_folder_holds_a_sqlite_office_db(tmp_path: Path):
    folder = tmp_path / "office data"
    with keyed_store(folder) as office:
        assert office.dialect == "sqlite"
        assert revision(office) == "0004"
        with office.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (folder / "office.db").is_file()


def test_reading_is_not_held_up_by_a_write_in_progress(tmp_path: Path):
    with keyed_store(tmp_path) as office:
        office.put_record("note", {"n": 1}, case_id=CASE_ID, by="Manager", entity_id="n1")
        with office.transaction() as conn:  # holds SQLite's write lock, like an import
            office.put_record("note", {"n": 2}, case_id=CASE_ID, by="Manager", entity_id="n1",
                              base_version=1, conn=conn)
            assert office.record("n1")["data"] == {"n": 1}  # the last committed state, at once
        assert office.record("n1")["data"] == {"n": 2}


def test_open_migrates_to_head_and_opening_again_changes_nothing(database_url: str):
    with keyed_store(database_url) as office:
        assert revision(office) == "0004"
        office.set_meta("office_id", "office-1")
    with keyed_store(database_url) as office:
        statements: list[str] = []
        sa.event.listen(office.engine, "before_cursor_execute",
                        lambda conn, cursor, sql, *args: statements.append(sql))
        assert migrate(office.engine) is False
        assert not [s for s in statements if s.lstrip().upper().startswith(("CREATE", "ALTER", "DROP"))]
        assert office.get_meta("office_id") == "office-1"
        assert revision(office) == "0004"


def test_the_migration_builds_exactly_the_tables_in_tables_py(office: OfficeStore):
    with office.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), tables.metadata)
    assert differences == []


def test_a_database_from_a_newer_app_is_refused(database_url: str):
    with keyed_store(database_url) as office, office.transaction() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(OfficeStoreTooNew, match="newer version of the app"):
        OfficeStore.open(database_url)


# --- meta, devices, messages -----------------------------------------------------------------

def test_meta(office: OfficeStore):
    assert office.get_meta("office_id") is None
    assert office.get_meta("office_id", "none") == "none"
    office.set_meta("office_id", "a")
    office.set_meta("office_id", "b")
    assert office.get_meta("office_id") == "b"
    office.set_meta("enrollment:2", "{}")
    office.set_meta("enrollment:1", "{}")
    assert office.meta_items("enrollment:") == [("enrollment:1", "{}"), ("enrollment:2", "{}")]


def test_devices(office: OfficeStore):
    added = office.add_device("laptop-1", name="Sam's laptop", advisor_name="Sam",
                              signing_key="sig", encryption_key="enc")
    assert (added["last_seq"], added["last_hash"], added["office_seq"]) == (0, GENESIS_HASH, 0)
    assert added["revoked_at"] is None and added["enrolled_at"]
    office.add_device("laptop-2", name="Kim's laptop")
    assert [d["device_id"] for d in office.devices()] == ["laptop-1", "laptop-2"]
    office.revoke_device("laptop-1", at="2025-01-02T00:00:00+00:00")
    office.revoke_device("laptop-1", at="2026-01-01T00:00:00+00:00")  # the first date stays
    assert office.device("laptop-1")["revoked_at"] == "2025-01-02T00:00:00+00:00"
    assert office.device("nope") is None
    with pytest.raises(UnknownDevice):
        office.revoke_device("nope")
    office.note_device_applied("laptop-2", 3)
    office.note_device_applied("laptop-2", 2)  # never backwards
    assert office.device("laptop-2")["office_seq_applied"] == 3


def test_messages_are_numbered_per_laptop_without_gaps(office: OfficeStore):
    office.add_device("laptop-1")
    office.add_device("laptop-2")
    assert [office.queue_message("laptop-1", "provider", {"n": n}) for n in range(3)] == [1, 2, 3]
    assert office.queue_message("laptop-2", "revoked", {"at": "now"}) == 1
    with pytest.raises(RuntimeError):
        with office.transaction() as conn:  # a message in a transaction that fails is not sent
            office.queue_message("laptop-1", "provider", {"n": 99}, conn=conn)
            raise RuntimeError("boom")
    assert office.queue_message("laptop-1", "provider", {"n": 3}) == 4
    messages = office.messages_for("laptop-1", 1)
    assert [(m["office_seq"], m["type"], m["body"]) for m in messages] == [
        (2, "provider", {"n": 1}), (3, "provider", {"n": 2}), (4, "provider", {"n": 3})]
    assert len({m["message_id"] for m in messages}) == 3
    assert office.device("laptop-1")["office_seq"] == 4
    with pytest.raises(UnknownDevice):
        office.queue_message("nope", "provider", {})


# --- office records --------------------------------------------------------------------------

def test_an_office_record_is_a_recorded_change_sent_to_the_laptops_of_the_case(office: OfficeStore):
    made = office.put_record("risk_approval", {"decision": "approved"}, case_id=CASE_ID,
                             by="Manager")
    assert (made["version"], made["device_id"], made["holders"]) == (1, "office", [])
    assert office.record(made["entity_id"]) == made
    updated = office.put_record("risk_approval", {"decision": "not_approved"}, case_id=CASE_ID,
                                by="Manager", entity_id=made["entity_id"], base_version=1)
    assert updated["version"] == 2 and updated["hlc"] > made["hlc"]
    with pytest.raises(OfficeVersionConflict):
        office.put_record("risk_approval", {"decision": "approved"}, case_id=CASE_ID,
                          by="Manager", entity_id=made["entity_id"], base_version=1)
    history = office.office_changes(entity_id=made["entity_id"])
    assert [(c["seq"], c["op"], c["base_version"], c["version"]) for c in history] == [
        (1, "create", None, 1), (2, "update", 1, 2)]
    assert office.records(case_id=CASE_ID, entity="risk_approval") == [updated]
    assert office.cases() == []  # approvals are not cases


# --- documents and the insert-only tables ----------------------------------------------------

def _document(office: OfficeStore) -> None:
    office.add_device("laptop-1")
    with office.transaction() as conn:
        conn.execute(tables.documents.insert(), office.seal_rows(tables.documents, [dict(
            sha256="ab" * 32, case_id=CASE_ID, kind="agreement", version=1, title="Agreement",
            meta="{}", size=3, device_id="laptop-1", imported_at="2025", content=b"pdf")]))


def test_document_checks_are_added_and_the_document_never_changes(office: OfficeStore):
    _document(office)
    assert office.document("ab" * 32)["verification"] is None
    office.add_document_check("ab" * 32, {"valid": False})
    office.add_document_check("ab" * 32, {"valid": True, "signers": 2})
    found = office.document("ab" * 32)
    assert found["verification"] == {"valid": True, "signers": 2}
    assert found["content"] == b"pdf"
    assert [d["sha256"] for d in office.documents(CASE_ID)] == ["ab" * 32]
    assert "content" not in office.documents()[0]
    assert office.documents("other") == [] and office.document("cd" * 32) is None


@pytest.mark.parametrize("table, where", [
    ("documents", "sha256 = '" + "ab" * 32 + "'"),
    ("changes", "1 = 1"),
    ("office_changes", "1 = 1"),
])
def test_insert_only_tables_refuse_updates_and_deletes(office: OfficeStore, table: str, where: str):
    _document(office)
    office.put_record("risk_approval", {"decision": "approved"}, case_id=CASE_ID, by="Manager")
    with office.transaction() as conn:
        conn.execute(tables.changes.insert(), office.seal_rows(tables.changes, [dict(
            change_id="c1", device_id="laptop-1", seq=1, advisor_id="a", hlc="h", entity="case",
            entity_id=CASE_ID, case_id=CASE_ID, op="create", base_version=None, payload="{}",
            schema_version=1, prev_hash=GENESIS_HASH, hash="h", created_at="t", imported_at="t",
            bundle_id="b", outcome="applied")]))
    for statement in (f"UPDATE {table} SET case_id = 'x' WHERE {where}", f"DELETE FROM {table} WHERE {where}"):
        with pytest.raises(sa.exc.DatabaseError, match="never changed or removed"):
            with office.transaction() as conn:
                conn.execute(sa.text(statement))
    with office.engine.connect() as conn:
        assert conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE case_id = 'x'")).scalar() == 0


def test_sent_bundles_are_logged_once(office: OfficeStore):
    office.log_sent_bundle("out-1", "laptop-1", first_office_seq=1, last_office_seq=3)
    office.log_sent_bundle("out-1", "laptop-1", first_office_seq=1, last_office_seq=3)
    [logged] = office.bundles()
    assert (logged["direction"], logged["state"], logged["first_seq"], logged["last_seq"]) == (
        "out", "sent", 1, 3)


def test_refusals_are_logged_even_before_the_laptop_is_known(office: OfficeStore):
    office.log_refusal("unreadable", None, "This is not a bundle.")
    office.log_refusal("unreadable", None, "This is still not a bundle.")
    [logged] = office.bundles()
    assert (logged["state"], logged["device_id"], logged["reason"]) == (
        "refused", "", "This is still not a bundle.")


def test_office_documents_are_stored_once_as_the_next_version(office: OfficeStore):
    _document(office)  # version 1 of the agreement, from a laptop
    made = office.put_office_document(case_id=CASE_ID, kind="agreement", title="Countersigned",
                                      meta={"previous": "ab" * 32}, content=b"pdf + office")
    again = office.put_office_document(case_id=CASE_ID, kind="agreement", title="Countersigned",
                                       meta={"previous": "ab" * 32}, content=b"pdf + office")
    assert made == again and "content" not in made
    assert (made["version"], made["device_id"], made["meta"]) == (2, "office", {"previous": "ab" * 32})
    assert office.document(made["sha256"])["content"] == b"pdf + office"
    assert len(office.documents(CASE_ID)) == 2


def test_case_moves_are_insert_only(office: OfficeStore):
    office.add_device("laptop-1")
    with office.transaction() as conn:
        conn.execute(tables.case_moves.insert().values(id="m1", case_id=CASE_ID, to_device_id="laptop-1",
                                                       moved_at="t", moved_by="Maya"))
    for statement in ("UPDATE case_moves SET case_id = 'x'", "DELETE FROM case_moves"):
        with pytest.raises(sa.exc.DatabaseError, match="never changed or removed"):
            with office.transaction() as conn:
                conn.execute(sa.text(statement))
    assert [m["case_id"] for m in office.case_moves()] == [CASE_ID]
