"""Three-way merge of one record (hypothesis): edits to different fields always merge, edits to the
same field always conflict, and no value either side wrote is ever lost."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.domain.merge import MISSING, FieldConflict, merge, resolve, same, value_at

leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=6),
                 st.lists(st.text(max_size=3), max_size=3))
names = st.sampled_from(["first_name", "last_name", "phone", "likes", "notes", "postcode", "urgency"])
value = st.recursive(leaf, lambda inner: st.dictionaries(names, inner, max_size=3), max_leaves=6)
record = st.dictionaries(names, value, min_size=1, max_size=7)


def leaves(data: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every field path of a record down to its non-object values (an empty object is a value)."""
    if isinstance(data, dict) and (data or not path):
        out: dict[tuple[str, ...], Any] = {}
        for key, item in data.items():
            out.update(leaves(item, (*path, key)))
        return out
    return {path: data}


def edit(base: dict, fields: list[str], draw) -> dict:
    """``base`` with each of ``fields`` given a new value, or removed."""
    out = dict(base)
    for name in fields:
        new = draw(st.one_of(value, st.just(MISSING)).filter(lambda v: not same(v, base.get(name, MISSING))))
        if new is MISSING:
            out.pop(name, None)
        else:
            out[name] = new
    return out


@settings(max_examples=300, deadline=None)
@given(data=st.data(), base=record)
def test_edits_to_different_fields_always_merge(data, base):
    keys = sorted({*base, "phone", "notes"})
    office_fields = data.draw(st.lists(st.sampled_from(keys), unique=True))
    rest = [k for k in keys if k not in office_fields]
    laptop_fields = data.draw(st.lists(st.sampled_from(rest), unique=True)) if rest else []
    office = edit(base, office_fields, data.draw)
    laptop = edit(base, laptop_fields, data.draw)
    result = merge(base, office, laptop)
    assert result.clean
    expected = {k: v for k, v in base.items() if k not in office_fields and k not in laptop_fields}
    expected.update({k: office[k] for k in office_fields if k in office})
    expected.update({k: laptop[k] for k in laptop_fields if k in laptop})
    assert same(result.merged, expected)
    assert resolve(result, {}) == result.merged


@settings(max_examples=300, deadline=None)
@given(data=st.data(), base=record)
def test_edits_to_the_same_field_always_conflict(data, base):
    name = data.draw(st.sampled_from(sorted(base)))
    leaf_value = st.one_of(leaf, st.just(MISSING))
    office_value = data.draw(leaf_value.filter(lambda v: not same(v, base[name])))
    laptop_value = data.draw(leaf_value.filter(lambda v: not same(v, base[name]) and not same(v, office_value)))
    office, laptop = dict(base), dict(base)
    for side, new in ((office, office_value), (laptop, laptop_value)):
        if new is MISSING:
            del side[name]
        else:
            side[name] = new
    result = merge(base, office, laptop)
    [conflict] = result.conflicts
    assert conflict.path == (name,)
    assert same(conflict.base, base[name]) and same(conflict.office, office_value) and same(conflict.laptop, laptop_value)
    # Whichever the person chooses is what is saved; the other fields are untouched.
    for chosen in (office_value, laptop_value, base[name]):
        saved = resolve(result, {(name,): chosen})
        assert same(value_at(saved, (name,)), chosen)
        assert same({k: v for k, v in saved.items() if k != name}, {k: v for k, v in base.items() if k != name})


@settings(max_examples=400, deadline=None)
@given(data=st.data(), base=record)
def test_no_value_is_ever_lost(data, base):
    keys = sorted({*base, "phone", "notes"})
    office = edit(base, data.draw(st.lists(st.sampled_from(keys), unique=True)), data.draw)
    laptop = edit(base, data.draw(st.lists(st.sampled_from(keys), unique=True)), data.draw)
    result = merge(base, office, laptop)
    for side, version in (("office", office), ("laptop", laptop)):
        before = leaves(base)
        for path, written in leaves(version).items():
            if path in before and same(before[path], written):
                continue  # not a change this side made
            found = value_at(result.merged, path)
            # An empty object written is kept when the field is still an object (filled by the other side).
            kept = same(found, written) or (written == {} and isinstance(found, dict))
            held = any(path[:len(c.path)] == c.path
                       and same(value_at({"v": getattr(c, side)}, ("v", *path[len(c.path):])), written)
                       for c in result.conflicts)
            assert kept or held, (side, path, written, result)


def test_nested_objects_merge_field_by_field_and_lists_are_one_value():
    base = {"contact": {"phone": "0113 496 0000", "email": ""}, "likes": ["buses"]}
    office = {"contact": {"phone": "0113 496 0001", "email": ""}, "likes": ["buses", "music"]}
    laptop = {"contact": {"phone": "0113 496 0000", "email": "ann@example.org"}, "likes": ["buses", "cats"]}
    result = merge(base, office, laptop)
    assert result.merged["contact"] == {"phone": "0113 496 0001", "email": "ann@example.org"}
    assert result.conflicts == (FieldConflict(("likes",), ["buses"], ["buses", "music"], ["buses", "cats"]),)
    assert result.changed == (("contact", "email"),)
    assert resolve(result, {("likes",): ["buses", "music", "cats"]})["likes"] == ["buses", "music", "cats"]


def test_without_a_base_fields_that_agree_merge_and_the_rest_conflict():
    result = merge(None, {"first_name": "Ann", "phone": "1"}, {"first_name": "Ann", "phone": "2", "notes": "x"})
    assert result.merged == {"first_name": "Ann", "phone": "1", "notes": "x"}
    assert [c.path for c in result.conflicts] == [("phone",)] and result.conflicts[0].base is MISSING


def test_a_conflict_without_a_choice_is_not_resolved():
    result = merge({"a": 1}, {"a": 2}, {"a": 3})
    with pytest.raises(KeyError, match="a"):
        resolve(result, {})


def test_json_types_are_not_confused():
    assert not same(1, True) and not same(1, 1.0) and not same(None, MISSING) and same(MISSING, MISSING)
    assert [c.path for c in merge({"a": 1}, {"a": True}, {"a": 1.0}).conflicts] == [("a",)]
