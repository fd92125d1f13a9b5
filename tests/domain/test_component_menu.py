"""The provider's component menu shipped in resources/ is complete, well formed and plain."""

from __future__ import annotations

import json
import re

import pytest

from tests.domain.shipped import shipped_menu
from advisor_app.domain.components import ComponentKind, InvalidMenu, Pricing, load_menu

ONE_OFF, FIXED_TERM, ON_GOING = ComponentKind.ONE_OFF, ComponentKind.FIXED_TERM, ComponentKind.ON_GOING

# Every component named in DOMAIN.md's menu, with the kind DOMAIN.md gives it.
DOMAIN_MENU = {
    "person-centred plan facilitation": ONE_OFF,
    "service design": ONE_OFF,
    "support design": ONE_OFF,
    "benefit review": ONE_OFF,
    "home health and safety assessment": ONE_OFF,
    "assistive technology assessment": ONE_OFF,
    "housing brokerage": ONE_OFF,
    "holidays": ONE_OFF,
    "life skills training": FIXED_TERM,
    "social skills training": FIXED_TERM,
    "active support coaching": FIXED_TERM,
    "person-centred reviews": FIXED_TERM,
    "accessible communication": FIXED_TERM,
    "short breaks": FIXED_TERM,
    "behaviour assessment and consultation": FIXED_TERM,
    "personal care and support": ON_GOING,
    "managing personal finances": ON_GOING,
    "sleep-in": ON_GOING,
    "waking night": ON_GOING,
    "housing-related support": ON_GOING,
    "staff management": ON_GOING,
    "staff training": ON_GOING,
    "staff recruitment": ON_GOING,
    "quality assurance": ON_GOING,
    "live-in support": ON_GOING,
}


def test_shipped_menu_has_every_component_of_the_domain_menu_with_its_kind() -> None:
    menu = shipped_menu()
    kinds = {c.name.lower(): c.kind for c in menu.components}
    assert kinds == DOMAIN_MENU


def test_nights_are_priced_by_the_night_and_assessments_at_a_fixed_price() -> None:
    menu = shipped_menu()
    assert menu.get("sleep-in").pricing == Pricing.NIGHTLY
    assert menu.get("waking-night").pricing == Pricing.NIGHTLY
    assert menu.get("benefit-review").pricing == Pricing.FIXED
    assert menu.get("personal-care-and-support").pricing == Pricing.HOURLY
    assert menu.get("behaviour-assessment-and-consultation").specialist == "behaviour-support"


@pytest.mark.parametrize("component", shipped_menu().components, ids=lambda c: c.id)
def test_descriptions_are_one_or_two_short_plain_sentences(component) -> None:
    sentences = [s for s in re.split(r"(?<=\.)\s+", component.description.strip()) if s]
    assert 1 <= len(sentences) <= 2
    for sentence in sentences:
        assert sentence[0].isupper() and sentence.endswith(".")
        assert len(sentence.split()) <= 20, sentence
    # Plain words: no jargon a family would have to ask about.
    assert not re.search(r"\b(ISF|commission\w*|provision|facilitat\w*|deliverables?)\b", component.description, re.I)


def test_menu_can_be_filtered_by_kind() -> None:
    menu = shipped_menu()
    assert {c.name for c in menu.of_kind(FIXED_TERM)} >= {"Life skills training", "Short breaks"}
    assert menu.get("no-such-thing") is None


def test_a_broken_menu_says_what_is_wrong_where() -> None:
    data = {"components": [{"id": "walks", "name": "Walks", "kind": "weekly", "description": "We go for walks.",
                            "pricing": "hourly"}]}
    with pytest.raises(InvalidMenu) as caught:
        load_menu(data)
    assert caught.value.errors == {"components.0.kind": "Please choose one of the options."}


def test_a_menu_lists_each_component_once() -> None:
    item = {"id": "walks", "name": "Walks", "kind": "on-going", "description": "We go for walks.", "pricing": "hourly"}
    with pytest.raises(InvalidMenu) as caught:
        load_menu({"components": [item, item]})
    assert caught.value.errors == {"components": "The same entry appears twice in this list."}


def test_menu_round_trips_through_json() -> None:
    menu = shipped_menu()
    assert load_menu(json.loads(json.dumps(menu.model_dump(mode="json")))) == menu
