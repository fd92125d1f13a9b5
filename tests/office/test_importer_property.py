"""Property: whatever two laptops do to a shared set of records, and however their bundles
arrive (late, twice, overlapping, with gaps), every change ends up at the office exactly once,
as applied, "already the same", or in the conflicts queue; and the office never loses an edit
silently: each record is what its last applied change or resolution made it."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from advisor_app.office.importer import import_changes
from advisor_app.office.store import OfficeStore, OfficeStoreError
from advisor_app.store import Store
from tests.office.importer_helpers import HEADER, document_bytes, enroll, journal, laptop, snapshot
from tests.office.helpers import keyed_store

CASE_ID = "case-shared"
ENTITIES = ["person-0", "person-1"]
_examples = itertools.count()

laptops = st.sampled_from([0, 1])
# Few records and values: laptops often edit the same record, sometimes to the same data.
edit = st.tuples(st.just("edit"), laptops, st.sampled_from(ENTITIES), st.integers(0, 2))
# Send what is unacknowledged, everything again, or from an arbitrary point (maybe a gap).
sync = st.tuples(st.just("sync"), laptops, st.sampled_from(["unacked", "unacked", "all", "from"]),
                 st.integers(0, 12))
steps = st.lists(st.one_of(
    edit, edit, sync, sync,  # listed twice: drawn twice as often
    st.tuples(st.just("delete"), laptops, st.sampled_from(ENTITIES)),
    st.tuples(st.just("receive"), laptops), st.tuples(st.just("receive"), laptops),
    # The office writes a record itself (an approval, say): both laptops receive it.
    st.tuples(st.just("office"), st.sampled_from(ENTITIES), st.integers(0, 2)),
    st.tuples(st.just("resolve"), st.integers(0, 20), st.sampled_from(["incoming", "current"])),
), min_size=4, max_size=30)


def fresh_office(database_url: str, tmp_path: Path, n: int) -> OfficeStore:
    """A new, empty office per example: a new SQLite file, or a new PostgreSQL schema."""
    if database_url.startswith("sqlite"):
        return keyed_store(tmp_path / f"office-{n}")
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA ex_{n}"))
    engine.dispose()
    url = sa.make_url(database_url).update_query_dict({"options": f"-csearch_path=ex_{n}"})
    return keyed_store(url.render_as_string(hide_password=False))


def laptop_before(laptop_journal: list[dict[str, Any]], change: dict[str, Any]) -> tuple[Any, bool] | None:
    """The laptop's copy of the record just before ``change`` (data, deleted), from its journal."""
    state = None
    for earlier in laptop_journal:
        if earlier["seq"] >= change["seq"]:
            break
        if earlier["entity_id"] == change["entity_id"]:
            deleted = earlier["op"] == "delete"
            state = (state[0] if deleted else earlier["payload"]["data"], deleted)  # type: ignore[index]
    return state


class Model:
    """What the office must hold, worked out from the outcomes it reports."""

    def __init__(self, office: OfficeStore) -> None:
        self.office = office
        self.expected: dict[str, dict[str, Any]] = {}  # entity_id -> version, data, deleted

    def check_bundle(self, bundle_changes: list[dict[str, Any]],
                     laptop_journal: list[dict[str, Any]]) -> None:
        office_versions = {(c["entity_id"], c["version"]): c["data"]
                           for c in self.office.office_changes()}
        conflicts = {c["change_id"]: c for c in self.office.conflicts(open_only=False)}
        for change in bundle_changes:
            entity_id, payload = change["entity_id"], change["payload"]
            now = self.expected.get(entity_id)
            deleted = change["op"] == "delete"
            if change["outcome"] == "applied":
                # Made against exactly the office's version (or a create of a new record), and
                # against what the office holds: the laptop's record before the edit is the
                # office's, so applying it loses nothing.
                assert (now is None and change["op"] == "create") or (
                    now is not None and change["base_version"] == now["version"]
                    and laptop_before(laptop_journal, change) == (now["data"], now["deleted"]))
                self.expected[entity_id] = {
                    "version": (change["base_version"] or 0) + 1,
                    "data": now["data"] if deleted else payload["data"], "deleted": deleted}
            elif change["outcome"] == "same":
                same_now = now is not None and now["deleted"] == deleted and (
                    deleted or now["data"] == payload["data"])
                echo = office_versions.get((entity_id, payload.get("office_version")))
                assert same_now or (echo is not None and echo == payload.get("data"))
            else:
                conflict = conflicts[change["change_id"]]  # both versions kept
                assert conflict["incoming"]["data"] == (None if deleted else payload["data"])
                assert conflict["incoming"]["deleted"] == deleted
                if now is None:
                    assert conflict["current"] is None
                else:
                    assert conflict["current"]["data"] == now["data"]
                    assert conflict["current"]["version"] == now["version"]
                    assert not (now["deleted"] == deleted and (deleted or now["data"] == payload["data"]))

    def resolved(self, record: dict[str, Any]) -> None:  # a record, or an office change
        self.expected[record["entity_id"]] = {k: record[k] for k in ("version", "data", "deleted")}


def run(office: OfficeStore, devices: list[Store], actions: list[tuple]) -> None:
    model = Model(office)
    acked = [0, 0]
    applied_messages = [0, 0]
    checked: set[str] = set()

    def sync(i: int, after: int, bundle_id: str) -> None:
        store = devices[i]
        changes = journal(store, after)
        before = snapshot(office)
        result = import_changes(office, device_id=store.device_id, bundle_id=bundle_id,
                                changes=changes, documents=document_bytes(store, changes))
        if result.state == "refused":
            assert "missing" in result.reason, result.reason  # the only refusal we provoke
            assert after > acked[i] and snapshot(office) == before
            return
        assert result.ack_seq >= (changes[-1]["seq"] if changes else 0)
        acked[i] = max(acked[i], result.ack_seq)
        store.mark_acknowledged(acked[i])
        arrived = [c for c in office.changes(device_id=store.device_id)
                   if c["change_id"] not in checked]
        assert all(c["bundle_id"] == bundle_id for c in arrived)
        model.check_bundle(arrived, journal(store))
        checked.update(c["change_id"] for c in arrived)
        # Edits of different fields merged on their own: each a recorded office change.
        arrived_ids = {c["change_id"] for c in arrived}
        merged = {c["id"] for c in office.conflicts(open_only=False)
                  if c["change_id"] in arrived_ids and c["resolution"] == "merged"}
        for change in office.office_changes():
            if change["conflict_id"] in merged:
                event("merged on its own")
                model.resolved(change)

    for action in actions:
        kind = action[0]
        if kind == "edit":
            _, i, entity_id, value = action
            current = devices[i].get("person", entity_id, include_deleted=True)
            devices[i].put("person", {"notes": str(value)}, case_id=CASE_ID, entity_id=entity_id,
                           base_version=current.version if current else None)
        elif kind == "delete":
            _, i, entity_id = action
            current = devices[i].get("person", entity_id)
            if current is not None:
                devices[i].delete("person", entity_id, base_version=current.version)
        elif kind == "sync":
            _, i, mode, point = action
            last = len(journal(devices[i]))
            after = {"unacked": acked[i], "all": 0, "from": min(point, last)}[mode]
            # The same content gets the same bundle id, so exact replays happen too.
            sync(i, after, f"{i}-{after}-{last}")
        elif kind == "receive":
            _, i = action
            store = devices[i]
            for message in office.messages_for(store.device_id, applied_messages[i]):
                body = message["body"]
                if not body["deleted"]:  # a laptop cannot take an office deletion yet
                    store.apply_office_record(body["entity"], body["entity_id"],
                                              case_id=body["case_id"], version=body["version"],
                                              data=body["data"])
                applied_messages[i] = message["office_seq"]
        elif kind == "office":
            _, entity_id, value = action
            current = office.record(entity_id)
            model.resolved(office.put_record(
                "person", {"notes": str(value)}, case_id=CASE_ID, by="Manager", entity_id=entity_id,
                base_version=current["version"] if current else None))
        elif kind == "resolve":
            _, index, choice = action
            open_conflicts = office.conflicts()
            if open_conflicts:
                conflict = open_conflicts[index % len(open_conflicts)]
                try:
                    model.resolved(office.resolve_conflict(conflict["id"], choice, by="Manager"))
                except OfficeStoreError:
                    assert choice == "current" and office.record(conflict["entity_id"]) is None

    for i, store in enumerate(devices):  # in the end everything arrives
        sync(i, 0, f"final-{i}")

    # Every change exactly once, each with an outcome; every conflict kept in the queue.
    sent = {c["change_id"] for store in devices for c in journal(store)}
    received = office.changes()
    for outcome in ("applied", "same", "conflict"):  # --hypothesis-show-statistics
        event(f"{outcome}: {any(c['outcome'] == outcome for c in received)}")
    event(f"office wrote: {bool(office.office_changes())}")
    event(f"refused: {any(b['state'] == 'refused' for b in office.bundles())}")
    assert len(received) == len(sent) and {c["change_id"] for c in received} == sent
    in_queue = {c["change_id"] for c in office.conflicts(open_only=False)}
    assert {c["change_id"] for c in received if c["outcome"] == "conflict"} == in_queue
    # Nothing lost silently: each record is its last applied change or resolution.
    records = {r["entity_id"]: r for r in office.records()}
    assert set(records) == set(model.expected)
    for entity_id, want in model.expected.items():
        got = records[entity_id]
        assert (got["version"], got["data"], got["deleted"]) == (
            want["version"], want["data"], want["deleted"]), entity_id
    for conflict in office.conflicts(open_only=False):
        [change] = [c for c in received if c["change_id"] == conflict["change_id"]]
        assert json.loads(json.dumps(change["payload"].get("data"))) == conflict["incoming"]["data"]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=steps)
def test_every_change_is_applied_same_or_queued_and_nothing_is_lost(database_url, tmp_path, actions):
    n = next(_examples)
    office = fresh_office(database_url, tmp_path, n)
    devices = [laptop(tmp_path / f"ex{n}" / name) for name in ("a", "b")]
    try:
        for store in devices:
            enroll(office, store)
            store.put("case", HEADER, case_id=CASE_ID)  # both hold the case
        run(office, devices, actions)
    finally:
        for store in devices:
            store.close()
        office.close()
