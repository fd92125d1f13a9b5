"""The easy-read rules and the glossary, as pure functions: what counts as a sentence and a word,
people's own words never counted against us, and which terms a text uses without explaining."""

from __future__ import annotations

from advisor_app.domain.easyread import THEIR_WORDS, long_sentences, longest, sentences, words, without
from advisor_app.domain.glossary import Term, parse_terms, unexplained, used


def test_sentences_end_at_full_stops_questions_and_labels_but_not_inside_money():
    assert sentences("It costs £1,234.50 a year. Is that right? How much: 6 hours") == [
        "It costs £1,234.50 a year.", "Is that right?", "How much:", "6 hours"]
    assert sentences("  \n ") == []
    assert words("£540.73 x 52 — a week") == 5  # the dash is no word


def test_our_long_sentences_are_found_longest_first_and_their_words_are_not():
    ours = "We will help staff to support Priya well and we will also talk with the family every single week."
    theirs = "I want to work in a café on Saturdays and earn my own money for concerts with my friends"
    found = long_sentences([ours, f"“{theirs}” — Priya"], exempt=[theirs])
    assert [s.words for s in found] == [words(ours)] and found[0].sentence == ours
    assert without(f"“{theirs}”", [theirs]) == f"“{THEIR_WORDS}”"
    assert long_sentences([ours], allowed=[ours]) == []  # kept long on purpose, named in the test
    assert longest([ours, "Short one."]).words == words(ours)


def test_a_piece_of_their_words_cut_by_a_page_break_is_still_theirs():
    theirs = "If she goes quiet and covers her ears it is too noisy so help her find a quiet spot for ten minutes"
    assert long_sentences(["covers her ears it is too noisy so help her find a quiet spot for ten"],
                          exempt=[theirs]) == []


TERMS = parse_terms({"terms": [
    {"term": "nominated person", "forms": ["nominated people"], "means": "Someone you choose to speak for you."},
    {"term": "surplus", "means": "What we keep to improve our services."},
]})


def test_terms_are_found_as_whole_words_in_any_of_their_forms():
    assert used(["Anita is the Nominated Person."], TERMS) == [TERMS[0]]
    assert used(["Two nominated people."], TERMS) == [TERMS[0]]
    assert used(["A surplus-free price", "nominated persons"], TERMS) == []  # not the word itself


def test_a_term_without_its_meaning_is_unexplained():
    text = "Our surplus is 3%. Anita is the nominated person."
    assert unexplained(text, TERMS) == TERMS
    assert unexplained(text + " Surplus: What we keep to improve our services.", TERMS) == [TERMS[0]]
    assert isinstance(TERMS[1], Term) and TERMS[1].line() == "surplus: What we keep to improve our services."
