"""Working Together for Change, the rules: statements read from reviews (whatever a review holds),
names taken out, suggested groups stable for the same statements in any order, and counts that add
up whichever way the themes are cut."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor_app.domain.themes import (
    NAME_MARK, UNSORTED, ActionPlan, Dimension, Perspective, Reading, Statement, StatementKind, WorkshopDraft,
    count_themes, cross_table, de_identify, name_words, postcode_area, quarter_of, reading, review_names,
    review_statements, suggest,
)
from advisor_app.domain.validation import validate

TEXTS = {
    "a": "I like going on the bus to town", "b": "The bus is always late", "c": "Travelling by bus on my own",
    "d": "Cooking dinner for Dad", "e": "Learning to cook new meals", "f": "Swimming on Fridays",
    "g": "Going swimming with friends", "h": "Staff change too often", "i": "New staff every week",
    "j": "My money", "k": "The garden",
}


def test_statements_are_read_from_a_review_with_whose_perspective():
    review = {
        "working": [{"id": "w1", "text": " Drama on Thursdays. ", "view": "person"}, {"id": "w2", "text": "", "view": "staff"}],
        "not_working": [{"id": "n1", "text": "Fridays are boring.", "view": "family"}],
        "important_now": [{"id": "i1", "text": "The next show.", "whose_words": "person"},
                          {"id": "i2", "text": "Seeing Gran.", "whose_words": "member-7"}],  # a circle member
        "important_future": [{"id": "f1", "text": "A job.", "whose_words": None}, "not a statement", {"text": "no id"}],
    }
    found = review_statements("r1", review)
    assert [(s.key, s.kind, s.perspective, s.text) for s in found] == [
        ("r1/working/w1", StatementKind.WORKING, Perspective.PERSON, "Drama on Thursdays."),
        ("r1/not_working/n1", StatementKind.NOT_WORKING, Perspective.FAMILY, "Fridays are boring."),
        ("r1/important_now/i1", StatementKind.IMPORTANT_NOW, Perspective.PERSON, "The next show."),
        ("r1/important_now/i2", StatementKind.IMPORTANT_NOW, Perspective.FAMILY, "Seeing Gran."),
        ("r1/important_future/f1", StatementKind.IMPORTANT_FUTURE, Perspective.NOT_RECORDED, "A job.")]


scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
statement_like = st.dictionaries(st.sampled_from(["id", "text", "view", "whose_words", "note"]), scalars, max_size=5)
lists = st.lists(statement_like | scalars, max_size=4) | scalars


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["working", "not_working", "important_now", "important_future", "invited",
                                        "facilitator", "x"]), lists, max_size=6))
def test_any_stored_review_is_read_without_failing(review):
    for statement in review_statements("r", review):
        assert statement.text and statement.key.startswith("r/")
    assert all(isinstance(n, str) for n in review_names(review))


def test_names_phone_numbers_and_email_addresses_are_taken_out():
    words = name_words(["Leah Moss", "Graham Moss", "Jo-Anne Smith", "  ", "X"])
    text = de_identify("Leah's dad Graham rang 07700 900123 and wrote to g.moss@example.org; Jo-Anne came. "
                       "Leaher is not a name here.", words)
    assert text == (f"{NAME_MARK}'s dad {NAME_MARK} rang [number] and wrote to [email] {NAME_MARK}-{NAME_MARK} came. "
                    "Leaher is not a name here.")
    assert de_identify("Swimming with Amy", name_words([])) == "Swimming with Amy"


def test_postcode_areas_and_quarters():
    assert [postcode_area(p) for p in ("LS6 2AB", "ls62ab", "B1 1AA", "", "12 Street")] == ["LS", "LS", "B", "", ""]
    assert [quarter_of(dt.date(2026, m, 1)) for m in (1, 3, 4, 12)] == ["2026 Q1", "2026 Q1", "2026 Q2", "2026 Q4"]


def test_suggested_groups_gather_statements_that_share_words():
    groups = suggest(TEXTS)
    as_sets = {frozenset(g.keys): g.name for g in groups}
    assert as_sets[frozenset("abc")] == "Bus"
    assert frozenset("de") in as_sets and frozenset("fg") in as_sets and frozenset("hi") in as_sets
    assert not any({"j", "k"} & set(g.keys) for g in groups)  # alone: not suggested
    assert [len(g.keys) for g in groups] == sorted((len(g.keys) for g in groups), reverse=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(alphabet="abcdef0123456789", min_size=4, max_size=8),
                       st.lists(st.sampled_from(["bus", "late", "swimming", "staff", "cook", "Fridays", "the", "my",
                                                 "new", "friends", "garden", "money", "town", "travel"]),
                                min_size=1, max_size=6).map(" ".join), max_size=30),
       st.randoms(use_true_random=False))
def test_suggested_groups_are_the_same_for_the_same_statements_in_any_order(texts, rnd):
    shuffled = list(texts.items())
    rnd.shuffle(shuffled)
    first, again = suggest(texts), suggest(dict(shuffled))
    assert first == again
    seen = [k for g in first for k in g.keys]
    assert len(seen) == len(set(seen)) and set(seen) <= set(texts)  # each statement in one group at most
    assert all(len(g.keys) >= 2 and g.name for g in first)


statements = st.lists(st.builds(
    Statement, key=st.uuids().map(str), case_id=st.sampled_from(["c1", "c2", "c3", "c4"]),
    kind=st.sampled_from(list(StatementKind)), perspective=st.sampled_from(list(Perspective)), text=st.just("x"),
    held_on=st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)), laptop=st.sampled_from(["Jess", "Sam", ""]),
    area=st.sampled_from(["LS", "BD", ""])), max_size=60, unique_by=lambda s: s.key)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements, st.lists(st.sampled_from(["t1", "t2", "t3", "gone"]), max_size=60))
def test_counts_add_up_whichever_way_the_themes_are_cut(found, choices):
    themes = {"t1": "Transport", "t2": "Staff", "t3": "Money"}
    assignment = {s.key: theme for s, theme in zip(found, choices)}  # "gone": a theme since removed
    counts = count_themes(found, assignment, themes)
    assert [c.theme_id for c in counts] == ["t1", "t2", "t3", UNSORTED]
    assert sum(c.total for c in counts) == len(found)
    for count in counts:
        mine = [s for s in found if (assignment.get(s.key) if assignment.get(s.key) in themes else UNSORTED)
                == count.theme_id]
        assert count.total == len(mine) and count.cases == len({s.case_id for s in mine})
        assert all(count.by_kind[k] == sum(1 for s in mine if s.kind == k) for k in StatementKind)
    for dimension in Dimension:
        table = cross_table(found, assignment, themes, dimension)
        assert table.total == len(found)
        assert [table.row_total(i) for i in range(len(table.rows))] == [c.total for c in counts]
        assert sum(table.column_totals()) == len(found)


def test_what_works_is_to_spread_and_what_does_not_is_to_fix():
    assert reading({StatementKind.WORKING: 3, StatementKind.NOT_WORKING: 1}) == Reading.SPREAD
    assert reading({StatementKind.WORKING: 1, StatementKind.NOT_WORKING: 2}) == Reading.FIX
    assert reading({StatementKind.IMPORTANT_NOW: 4}) == Reading.MATTERS


def test_a_workshop_and_an_action_are_checked_field_by_field():
    assert validate(WorkshopDraft, {"title": "Leeds 2026", "period_from": "2026-01-01", "period_to": "2025-01-01"}
                    ).errors == {"period_to": "The end of the period comes after its start."}
    assert validate(WorkshopDraft, {"title": " ", "period_from": "2026-01-01", "period_to": "2026-02-01"}).errors
    bad = validate(ActionPlan, {"theme_id": "t1", "what": "", "owner": "Maya", "due_on": "soon"}).errors
    assert set(bad) == {"what", "due_on"}
    assert validate(ActionPlan, {"theme_id": "t1", "what": "Bus passes", "owner": "Maya", "due_on": "2027-01-31"}).ok
