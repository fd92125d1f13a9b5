import uuid

from hypothesis import given
from hypothesis import strategies as st

from advisor_app.store import hlc, ids


def test_uuid7_layout():
    before = ids.uuid7_time_ms(ids.uuid7())
    value = ids.uuid7()
    assert value.version == 7 and value.variant == uuid.RFC_4122
    assert abs(ids.uuid7_time_ms(value) - before) < 1000


def test_uuid7_monotonic_within_a_millisecond_and_when_the_clock_steps_back():
    made = [ids.uuid7(now_ms=4_000_000_000_000) for _ in range(5000)]
    made += [ids.uuid7(now_ms=1_600_000_000_000) for _ in range(10)]
    assert made == sorted(made) and len(set(made)) == len(made)
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in made)


def test_new_id_is_a_canonical_string():
    assert str(uuid.UUID(ids.new_id())) != "" and len(ids.new_id()) == 36


def test_hlc_string_round_trip_and_order():
    a = hlc.Hlc(1_700_000_000_000, 3, "dev")
    assert hlc.Hlc.parse(str(a)) == a
    assert str(hlc.Hlc(999, 0, "z")) < str(hlc.Hlc(1000, 0, "a"))


def test_hlc_never_goes_back_when_the_wall_clock_does():
    first = hlc.tick(None, "d", now_ms=5_000)
    second = hlc.tick(first, "d", now_ms=4_000)  # clock stepped back
    third = hlc.tick(second, "d", now_ms=6_000)
    assert str(first) < str(second) < str(third)
    assert (second.wall_ms, second.counter) == (5_000, 1)


def test_hlc_receive_is_later_than_both():
    local = hlc.Hlc(5_000, 2, "d")
    remote = hlc.Hlc(9_000, 7, "office")
    merged = hlc.receive(local, remote, "d", now_ms=1_000)
    assert merged > hlc.Hlc(9_000, 7, "") and (merged.wall_ms, merged.counter) == (9_000, 8)


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 10**13 - 10), st.integers(0, 99_999)),
                max_size=60))
def test_hlc_strings_sort_in_issue_order(events):
    last = None
    issued = []
    for is_remote, now, counter in events:
        if is_remote:
            last = hlc.receive(last, hlc.Hlc(now, counter, "o"), "d", now_ms=now // 2)
        else:
            last = hlc.tick(last, "d", now_ms=now)
        issued.append(str(last))
    assert issued == sorted(issued) and len(set(issued)) == len(issued)
