"""The store's smaller API: what was written (for the screens), meta, a few fields of many
records, and one connection shared safely between the screen's thread and a worker."""

import threading

import pytest

from advisor_app.store import CASE, StoreLocked


def test_recording_holds_only_what_was_committed(store):
    with store.recording() as written:
        store.put(CASE, {"reference": "C-1"}, case_id="c1")
        store.put("person", {"first_name": "Ada"}, case_id="c1")
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.put("funding", {"total": 1}, case_id="c1")
                raise RuntimeError("undone")
    assert written.records == {("c1", CASE), ("c1", "person")}
    assert written.journal and not written.meta


def test_a_nested_part_rolled_back_is_left_out_and_the_rest_kept(store):
    with store.recording() as written:
        with store.transaction():
            store.put("person", {"first_name": "Ada"}, case_id="c1")
            with pytest.raises(ValueError):
                with store.transaction():
                    store.put("funding", {"total": 1}, case_id="c1")
                    raise ValueError("nested only")
            store.put("circle", {"members": []}, case_id="c1")
    assert written.records == {("c1", "person"), ("c1", "circle")}


def test_documents_deletions_acknowledgements_and_meta_are_recorded(store):
    record = store.put("proposal", {"n": 1}, case_id="c2")
    with store.recording() as written:
        store.delete("proposal", record.id, base_version=1)
        store.put_document(case_id="c2", kind="quote", title="Quote", content=b"%PDF-1.7", meta={})
        store.set_meta({"sync.sent_seq": "2"})
        store.mark_acknowledged(1)
    assert written.records == {("c2", "proposal"), ("c2", "document")}
    assert written.meta == {"sync.sent_seq"} and written.journal
    assert store.acknowledged_seq() == 1 and store.last_seq() == 3


def test_another_threads_writes_are_not_in_this_threads_recording(store):
    with store.recording() as written:
        worker = threading.Thread(target=lambda: store.put("person", {"first_name": "Bo"}, case_id="other"))
        worker.start()
        worker.join()
        store.put("person", {"first_name": "Ada"}, case_id="mine")
    assert written.records == {("mine", "person")}


def test_meta_values_set_removed_and_the_stores_own_protected(store):
    store.set_meta({"sync.keys": "k", "sync.enrollment": "e"})
    assert store.meta("sync.keys") == "k"
    assert store.meta_values(["sync.keys", "sync.enrollment", "missing"]) == {"sync.keys": "k", "sync.enrollment": "e"}
    store.set_meta({"sync.keys": None})
    assert store.meta("sync.keys") is None
    assert store.advisor_name == "Sam Advisor"
    with pytest.raises(ValueError):
        store.set_meta({"acked_seq": "99"})
    assert store.acknowledged_seq() == 0
    assert store.last_seq() == 0, "meta is never journaled"


def test_fields_reads_a_few_values_of_many_records(store):
    store.put("risk.assessment", {"reference": "RA-1", "reviews": [{"reviewed_on": "2026-01-02"}]}, case_id="c1")
    gone = store.put("risk.assessment", {"reference": "RA-2"}, case_id="c2")
    store.delete("risk.assessment", gone.id, base_version=1)
    rows = store.fields({"risk.assessment": ("$.reference", "$.reviews")})
    assert [(entity, case_id, values) for entity, case_id, _id, values in rows] == [
        ("risk.assessment", "c1", ["RA-1", [{"reviewed_on": "2026-01-02"}]])]
    every = store.fields({"risk.assessment": ("$.reference",)}, include_deleted=True)
    assert sorted(values[0] for *_rest, values in every) == ["RA-1", "RA-2"]


def test_cases_by_last_change_and_count(store):
    store.put(CASE, {"reference": "C-1"}, case_id="c1")
    store.put(CASE, {"reference": "C-2"}, case_id="c2")
    store.put("person", {"first_name": "Ada"}, case_id="c1")  # c1 changed last
    rows = store.cases_by_last_change()
    assert [record.id for record, _last in rows] == ["c1", "c2"]
    assert rows[0][1] >= rows[1][1]
    assert store.count(CASE) == 2


def test_revision_moves_with_every_write(store):
    before = store.revision()
    store.set_meta({"sync.last_sync_at": "now"})
    middle = store.revision()
    store.put("person", {"first_name": "Ada"}, case_id="c1")
    assert len({before, middle, store.revision()}) == 3


def test_a_worker_and_the_screen_write_at_once_and_nothing_interleaves(store):
    """Two threads on the one connection: every write lands, the journal's chain stays whole."""
    errors: list[BaseException] = []

    def write(prefix: str) -> None:
        try:
            for n in range(40):
                with store.transaction():
                    store.put("note", {"n": n}, case_id=f"{prefix}-{n}")
                    store.put("note", {"n": n, "again": True}, case_id=f"{prefix}-{n}-b")
                store.find("note")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("screen", "worker")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.find("note")) == 160
    assert store.check() == []


def test_closing_waits_for_the_step_in_progress_then_refuses(store):
    entered, release = threading.Event(), threading.Event()
    done: list[str] = []

    def long_step() -> None:
        with store.transaction():
            entered.set()
            release.wait(5)
            store.put("note", {"n": 1}, case_id="c")
        done.append("written")

    worker = threading.Thread(target=long_step)
    worker.start()
    entered.wait(5)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive(), "close waits for the transaction in progress"
    release.set()
    worker.join(5)
    closer.join(5)
    assert done == ["written"] and not store.is_open
    with pytest.raises(StoreLocked):
        store.find("note")
