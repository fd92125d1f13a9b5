"""Each migration runs from the version before it; the v1 schema guards its own rules."""

import os

import pytest

from advisor_app.store import migrations
from advisor_app.store.connection import DatabaseError, open_database
from advisor_app.store.errors import StoreTooNew


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "m.db", os.urandom(32))
    yield database
    database.close()


@pytest.mark.parametrize("version", range(1, migrations.LATEST + 1))
def test_each_migration_from_the_version_before(db, version):
    migrations.migrate(db.conn, target=version - 1)
    assert migrations.schema_version(db.conn) == version - 1
    tables_before = set(db.table_names())
    assert migrations.migrate(db.conn, target=version) == version - 1
    assert migrations.schema_version(db.conn) == version
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert set(db.table_names()) >= tables_before
    assert not db.conn.in_transaction


def test_v1_schema(db):
    migrations.migrate(db.conn, target=1)
    assert set(db.table_names()) == {"meta", "records", "journal", "documents"}
    assert {"records_entity_case", "records_case", "records_case_updated"} <= {
        i.name for i in db["records"].indexes}
    assert db["journal"].pks == ["seq"] and db["documents"].pks == ["sha256"]


def test_migrating_twice_is_a_no_op(db):
    migrations.migrate(db.conn)
    assert migrations.migrate(db.conn) == migrations.LATEST


def test_a_failed_migration_leaves_the_previous_version(db, monkeypatch):
    broken = [*migrations.MIGRATIONS, ["CREATE TABLE extra (x)", "THIS IS NOT SQL"]]
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    monkeypatch.setattr(migrations, "LATEST", len(broken))
    with pytest.raises(DatabaseError):
        migrations.migrate(db.conn)
    assert migrations.schema_version(db.conn) == len(broken) - 1
    assert "extra" not in db.table_names()


def test_a_store_from_a_newer_app_is_refused(db):
    db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    with pytest.raises(StoreTooNew):
        migrations.migrate(db.conn)


def test_journal_and_documents_refuse_changes(db):
    migrations.migrate(db.conn)
    db.conn.execute(
        "INSERT INTO documents VALUES (?, 'c', 'k', 1, 't', 'now', '{}', x'00')", ("a" * 64,))
    for sql in ("UPDATE documents SET title = 'x'", "DELETE FROM documents"):
        with pytest.raises(DatabaseError, match="never changed"):
            db.conn.execute(sql)
