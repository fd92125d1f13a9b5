"""A notice from the office (the report back of a themes workshop) on the laptop: kept encrypted in
the store with its PDF, never sent back, shown to the advisor once, and refused with a plain reason
when what arrives does not hold together (the laptop keeps what it had)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from advisor_app.services import AdvisorService, notices, sync
from advisor_app.store import notices as kept
from advisor_app.store.keys import KdfParams
from tests.office.test_trust import sqlite_office  # noqa: F401  (a fixture)

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PDF = b"%PDF-1.7 a report back"


@pytest.fixture
def office(sqlite_office):
    return sqlite_office


@pytest.fixture
def jess(tmp_path, office):
    service = AdvisorService.create(tmp_path / "jess", "kettle harbour lantern", advisor_name="Jess", kdf=FAST)
    sync.enroll(service, office.enroll("Jess laptop").to_bytes())
    device = sync.device(service)
    service.create_case(first_name="Ann", last_name="Lee")
    data, last = device.outgoing()
    device.mark_sent(last)
    office.receive(data)
    yield service
    service.lock()


def body(**changes):
    return {"kind": "report-back", "notice_id": "w1/abc", "title": "Spring 2026", "sent_at": "2026-05-01T10:00:00+00:00",
            "cases": ["C-JL-2026-0001"], "sha256": hashlib.sha256(PDF).hexdigest(),
            "content": base64.b64encode(PDF).decode(), **changes}


def take(office, laptop):
    return sync.device(laptop).apply(office.reply_for(laptop.store.device_id))


def test_a_notice_is_kept_and_shown_once_and_never_sent_back(office, jess):
    office.store.queue_message(jess.store.device_id, "notice", body())
    applied = take(office, jess)
    assert applied.skipped == [] and applied.kinds["notice"] == 1
    [notice] = notices.notices(jess, unread_only=True)
    assert (notice.title, notice.cases, notice.read) == ("Spring 2026", ("C-JL-2026-0001",), False)
    assert notices.report(jess, notice.notice_id) == PDF
    assert jess.unsent_count() == 0  # meta only: nothing goes back to the office
    notices.mark_read(jess, notice.notice_id)
    assert notices.notices(jess, unread_only=True) == [] and notices.notices(jess)[0].read


@pytest.mark.parametrize("changes", [
    {"sha256": "00" * 32}, {"content": "not base64!"}, {"content": base64.b64encode(b"not a pdf").decode(),
                                                        "sha256": hashlib.sha256(b"not a pdf").hexdigest()},
    {"notice_id": "../../etc"}, {"notice_id": ""}, {"title": ""}, {"title": "x" * 201}, {"cases": "C-1"},
    {"cases": [1, 2]}])
def test_a_notice_that_does_not_hold_together_is_refused_and_nothing_is_kept(office, jess, changes):
    office.store.queue_message(jess.store.device_id, "notice", body(**changes))
    applied = take(office, jess)
    assert applied.skipped == ["The office sent a report this laptop could not read, so it was not kept."]
    assert notices.notices(jess) == [] and kept.pdf(jess.store, "w1/abc") is None


def test_the_oldest_notices_go_first_when_there_are_too_many(office, jess, monkeypatch):
    monkeypatch.setattr(kept, "MAX_NOTICES", 2)
    for n in range(3):
        office.store.queue_message(jess.store.device_id, "notice", body(notice_id=f"w{n}/a", title=f"Report {n}"))
    take(office, jess)
    assert [n.title for n in notices.notices(jess)] == ["Report 2", "Report 1"]
    assert kept.pdf(jess.store, "w0/a") is None
