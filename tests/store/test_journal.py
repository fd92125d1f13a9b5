"""The change journal: gapless seq, hash chain, tamper detection, acknowledgements."""

import json

import pytest

from advisor_app.store import journal
from advisor_app.store.hlc import Hlc

from .conftest import PASSPHRASE, Store


def edit_many(store, n=5):
    record = store.put("person", {"name": "A"}, case_id="case-1")
    for i in range(n - 1):
        record = store.put("person", {"name": f"A{i}"}, case_id="case-1", entity_id=record.id,
                           base_version=record.version)
    return record


def test_seq_is_gapless_and_the_chain_verifies(store):
    edit_many(store, 6)
    changes = store.changes_after(0)
    assert [c.seq for c in changes] == list(range(1, 7))
    assert changes[0].prev_hash == journal.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(changes, changes[1:]))
    assert all(journal.change_hash(c.as_dict()) == c.hash for c in changes)
    assert [c.op for c in changes] == ["create"] + ["update"] * 5
    assert [c.base_version for c in changes] == [None, 1, 2, 3, 4, 5]
    assert changes[-1].payload == {"case_id": "case-1", "data": {"name": "A4"}}
    assert len({c.change_id for c in changes}) == 6
    assert {c.device_id for c in changes} == {store.device_id}
    assert {c.advisor_id for c in changes} == {store.advisor_id}
    assert [c.hlc for c in changes] == sorted(c.hlc for c in changes)
    assert journal.verify_chain(store.db) == [] and store.check() == []


def tamper(store, sql, *params):
    """What an attacker with the key could do: drop the guard trigger and edit the rows."""
    conn = store.db.conn
    with store.transaction():
        conn.execute("DROP TRIGGER journal_no_update")
        conn.execute("DROP TRIGGER journal_no_delete")
        conn.execute(sql, params)


def test_an_altered_payload_is_detected(store):
    edit_many(store)
    payload = json.dumps({"case_id": "case-1", "data": {"name": "forged"}}, separators=(",", ":"))
    tamper(store, "UPDATE journal SET payload = ? WHERE seq = 3", payload)
    assert journal.verify_chain(store.db) == ["Change 3 has been altered since it was saved."]
    assert store.check() == ["Change 3 has been altered since it was saved."]


def test_a_removed_change_is_detected(store):
    edit_many(store)
    tamper(store, "DELETE FROM journal WHERE seq = 2")
    problems = journal.verify_chain(store.db)
    assert "Change 2 to 2 are missing from the journal." in problems
    assert "Change 3 does not link to the change before it." in problems


def test_a_rehashed_forgery_breaks_the_next_link(store):
    edit_many(store)
    row = store.changes_after(1, limit=1)[0].as_dict()
    row["payload"] = {"case_id": "case-1", "data": {"name": "forged"}}
    new_hash = journal.change_hash(row)
    tamper(store, "UPDATE journal SET payload = ?, hash = ? WHERE seq = 2",
           json.dumps(row["payload"]), new_hash)
    assert journal.verify_chain(store.db) == ["Change 3 does not link to the change before it."]


def test_journal_rows_cannot_be_changed_through_sql(store):
    edit_many(store, 2)
    with pytest.raises(Exception, match="never changed"):
        store.db.conn.execute("UPDATE journal SET op = 'delete'")
    store.db.conn.rollback()


def test_append_needs_the_callers_transaction(store):
    with pytest.raises(RuntimeError):
        journal.append(store.db, entity="x", entity_id="1", op="create", base_version=None,
                       payload={}, created_at="now")


def test_acknowledgements_and_unsent_count(store):
    edit_many(store, 5)
    assert store.unsent_count() == 5
    store.mark_acknowledged(3)
    assert store.unsent_count() == 2
    store.mark_acknowledged(2)  # a late, older acknowledgement never moves it back
    assert store.unsent_count() == 2 and journal.acknowledged_seq(store.db) == 3
    with pytest.raises(ValueError):
        store.mark_acknowledged(99)
    assert [c.seq for c in store.changes_after(journal.acknowledged_seq(store.db))] == [4, 5]


def test_the_clock_survives_restarts_and_a_clock_set_back(store):
    """After a stamp far ahead of the wall clock (as if the clock was later set back), new
    changes still sort after it, across a restart, with the journal alone holding the state."""
    edit_many(store, 1)
    future = str(Hlc(9_000_000_000_000, 7, "office"))
    with store.transaction():
        journal.observe_hlc(store.db, future)
    ahead = store.put("person", {"name": "B"}, case_id="case-1")
    ahead_stamp = store.changes_after(0)[-1].hlc
    assert ahead_stamp > future
    with store.transaction():
        store.db.conn.execute("DELETE FROM meta WHERE key = 'hlc'")
    directory = store.directory
    store.close()
    with Store.open(directory, PASSPHRASE) as reopened:
        reopened.put("person", {"name": "B2"}, case_id="case-1", entity_id=ahead.id,
                     base_version=1)
        last = reopened.changes_after(0)[-1].hlc
        assert last > ahead_stamp
        assert Hlc.parse(last).wall_ms == Hlc.parse(ahead_stamp).wall_ms


def test_observing_a_remote_stamp_moves_later_changes_after_it(store):
    edit_many(store, 1)
    remote = str(Hlc(9_100_000_000_000, 3, "office"))
    with store.transaction():
        merged = journal.observe_hlc(store.db, remote)
    assert merged > remote
    store.put("person", {"name": "C"}, case_id="case-1")
    assert store.changes_after(1)[-1].hlc > merged
