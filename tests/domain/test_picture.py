"""The person-centred picture: sections in the person's words, reorderable, and when it is complete."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_app.domain.completeness import picture_completeness
from advisor_app.domain.entries import move, speaker_label, unknown_speakers
from advisor_app.domain.picture import (
    PICTURE_SECTIONS,
    CommunicationChart,
    DecisionMaking,
    ImportantToFor,
    OnePageProfile,
    View,
    WorkingNotWorking,
)
from advisor_app.domain.validation import validate

SAM_MUM = "0b7c6f2e-3f7a-4f7e-9d8e-1a2b3c4d5e6f"  # a circle member's id


def entry(text: str, who: str | None = "person") -> dict:
    return {"text": text, "whose_words": who}


def complete_picture() -> dict[str, dict]:
    return {
        "one_page_profile": {
            "like_and_admire": [entry("Sam makes everyone laugh", SAM_MUM)],
            "important_to": [entry("Feeding the ducks on Sunday")],
            "how_to_support": [entry("Tell me what is happening next", "staff")],
        },
        "important_to_for": {
            "important_to": [entry("Seeing my nan every week")],
            "important_for": [entry("Taking my epilepsy medicine on time", "family")],
        },
        "working_not_working": {
            "working": [{"text": "Going to the gym with Dave", "view": "person"}],
            "not_working": [{"text": "Waiting for the late bus", "view": "family", "whose_words": SAM_MUM}],
        },
        "communication": {
            "rows": [{"what_is_happening": "At the shops", "person_does": "Covers my ears",
                      "usually_means": "It is too loud", "others_should": "Go outside with me for a while"}],
        },
        "decision_making": {
            "how_to_offer_information": [entry("Show me photos, one at a time")],
            "decisions": [{"decision": "What I wear", "involved": ["person"], "final_say": "person"},
                          {"decision": "Where I live", "involved": ["person", SAM_MUM], "final_say": "person",
                           "how_to_offer_information": "Visit the place twice before deciding"}],
        },
        "good_day_bad_day": {
            "good_day": [entry("Swimming, then chips")],
            "bad_day": [entry("Plans change without warning")],
            "hopes_for_future": [entry("A flat of my own with my friend Jo")],
        },
    }


def test_every_section_saves_and_round_trips_as_json() -> None:
    for name, data in complete_picture().items():
        result = validate(PICTURE_SECTIONS[name], data)
        assert result.ok, (name, result.errors)
        stored = result.value.model_dump(mode="json")
        assert validate(PICTURE_SECTIONS[name], stored).value == result.value


def test_entries_get_their_own_ids_so_they_can_be_moved_and_linked() -> None:
    profile = OnePageProfile.model_validate({"important_to": [entry("Music"), entry("My cat")]})
    first, second = profile.important_to
    assert first.id and second.id and first.id != second.id


def test_an_empty_entry_or_an_essay_is_refused_with_a_plain_message() -> None:
    result = validate(OnePageProfile, {"important_to": [entry("Music"), entry("   ")]})
    assert result.errors == {"important_to.1.text": "Please fill this in."}
    result = validate(OnePageProfile, {"important_to": [entry("x" * 2001)]})
    assert result.errors == {"important_to.0.text": "Please keep this to 2000 characters or fewer."}


def test_a_list_is_kept_to_200_entries() -> None:
    result = validate(OnePageProfile, {"important_to": [entry(f"Thing {i}") for i in range(201)]})
    assert result.errors == {"important_to": "Please keep this list to 200 entries or fewer."}


def test_the_same_entry_cannot_appear_twice() -> None:
    same = {"id": "e1", "text": "Music"}
    result = validate(OnePageProfile, {"important_to": [same, same]})
    assert result.errors == {"important_to": "The same entry appears twice in this list."}


def test_unknown_fields_are_refused() -> None:
    assert validate(OnePageProfile, {"favourite_colour": []}).errors == {
        "favourite_colour": "This field is not part of the form."
    }


def test_move_reorders_and_stops_at_the_ends() -> None:
    items = ["a", "b", "c", "d"]
    assert move(items, 2, -1) == ["a", "c", "b", "d"]
    assert move(items, 0, 1) == ["b", "a", "c", "d"]
    assert move(items, 1, -5) == ["b", "a", "c", "d"]
    assert move(items, 1, 10) == ["a", "c", "d", "b"]
    assert items == ["a", "b", "c", "d"]  # the original is untouched
    with pytest.raises(IndexError):
        move(items, 4, 1)


@given(st.lists(st.integers(), min_size=1, max_size=20), st.data())
def test_move_keeps_every_entry_exactly_once(items: list[int], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(items) - 1))
    delta = data.draw(st.integers(-25, 25))
    moved = move(items, index, delta)
    assert sorted(moved) == sorted(items)
    assert moved[max(0, min(len(items) - 1, index + delta))] == items[index]


def test_important_to_and_for_are_shown_side_by_side() -> None:
    section = ImportantToFor.model_validate({
        "important_to": [entry("Music"), entry("My cat"), entry("Football")],
        "important_for": [entry("Eating enough vegetables")],
    })
    rows = [(to.text if to else None, for_.text if for_ else None) for to, for_ in section.side_by_side()]
    assert rows == [("Music", "Eating enough vegetables"), ("My cat", None), ("Football", None)]


def test_each_working_statement_says_whose_view_it_is() -> None:
    result = validate(WorkingNotWorking, {"working": [{"text": "College"}]})
    assert result.errors == {"working.0.view": "This is needed."}
    section = WorkingNotWorking.model_validate(complete_picture()["working_not_working"])
    grid = section.by_view()
    assert [s.text for s in grid[View.PERSON][0]] == ["Going to the gym with Dave"]
    assert [s.text for s in grid[View.FAMILY][1]] == ["Waiting for the late bus"]
    assert grid[View.STAFF] == ([], [])


def test_a_communication_row_starts_from_what_the_person_does() -> None:
    result = validate(CommunicationChart, {"rows": [{"usually_means": "I am happy"}]})
    assert result.errors == {"rows.0.person_does": "This is needed."}


def test_whose_words_read_as_plain_names() -> None:
    names = {SAM_MUM: "Sue Smith"}
    assert speaker_label("person", names) == "The person"
    assert speaker_label(SAM_MUM, names) == "Sue Smith"
    assert speaker_label("gone-member", names) == "Someone no longer in the circle"
    assert speaker_label(None, names) == "Not recorded"


def test_people_who_have_left_the_circle_are_pointed_out() -> None:
    decisions = DecisionMaking.model_validate({
        "decisions": [{"decision": "Holidays", "involved": ["person", "left-member"], "final_say": SAM_MUM}],
        "how_to_offer_information": [entry("Easy read", "left-member")],
    }).model_dump(mode="json")
    assert unknown_speakers(decisions, [SAM_MUM]) == {
        "decisions.0.involved": "This person is no longer in the circle of support.",
        "how_to_offer_information.0.whose_words": "This person is no longer in the circle of support.",
    }


def test_an_empty_picture_lists_everything_still_to_find_out() -> None:
    done = picture_completeness({})
    assert (done.done, done.total, done.complete) == (0, 14, False)
    assert done.missing == [
        "What people like and admire about the person",
        "What is important to the person",
        "How best to support the person",
        "What is important to the person and for them, side by side",
        "What is working and what is not working",
        "What is working and not working from the person's own view",
        "How the person communicates",
        "How best to give the person information to make decisions",
        "The important decisions in the person's life and who is involved",
        "A good day",
        "A bad day",
        "Hopes for the future",
    ]


def test_a_full_picture_is_complete() -> None:
    done = picture_completeness(complete_picture())
    assert done.complete and (done.done, done.total) == (14, 14) and done.missing == []


def test_the_picture_needs_the_persons_own_view_and_a_final_say_for_each_decision() -> None:
    sections = complete_picture()
    sections["working_not_working"]["working"][0]["view"] = "staff"
    sections["decision_making"]["decisions"][1]["final_say"] = None
    sections["communication"]["rows"][0]["others_should"] = ""
    assert picture_completeness(sections).missing == [
        "What is working and not working from the person's own view",
        "What each way of communicating usually means, and what others should do",
        "Who has the final say on each decision",
    ]


def test_a_section_that_no_longer_reads_asks_to_be_checked() -> None:
    sections = complete_picture()
    sections["good_day_bad_day"] = {"good_day": "sunny"}
    done = picture_completeness(sections)
    assert done.missing == ["Some answers in good days, bad days and hopes need checking"]
    assert (done.done, done.total) == (11, 14)
