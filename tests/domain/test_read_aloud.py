"""A page read aloud phrase by phrase: sentences, long ones cut at a pause, each with its place."""

from __future__ import annotations

from advisor_app.domain.read_aloud import MAX_PHRASE_WORDS, phrases

PAGE = ("Our agreement\n\nThis is what we agree, with Priya Sharma.  It costs £540.73 a week.\n"
        "We will help you every week with cooking, shopping, going out with friends, seeing your family,\n"
        "getting the bus and paying the bills on time, as you want. Is that right?")


def test_sentences_in_order_each_where_it_is_in_the_text():
    found = phrases(PAGE)
    assert [p.text for p in found[:4]] == ["Our agreement", "This is what we agree, with Priya Sharma.",
                                           "It costs £540.73 a week.", "We will help you every week with cooking,"]
    assert found[-1].text == "Is that right?"
    for phrase in found:
        assert " ".join(PAGE[phrase.start:phrase.end].split()) == phrase.text
    assert [p.start for p in found] == sorted(p.start for p in found)


def test_a_long_sentence_is_cut_at_its_pauses_never_into_a_word_or_two():
    long = [p.text for p in phrases(PAGE) if p.text.startswith(("We will", "shopping", "seeing", "getting", "as you"))]
    assert len(long) >= 3
    assert all(len(text.split()) >= 2 for text in long)
    assert " ".join(long) == ("We will help you every week with cooking, shopping, going out with friends, seeing "
                              "your family, getting the bus and paying the bills on time, as you want.")
    assert max(len(p.text.split()) for p in phrases(PAGE)) <= MAX_PHRASE_WORDS


def test_nothing_to_say_and_urdu_full_stops():
    assert phrases("") == [] and phrases("  \n • \n") == []
    urdu = phrases("یہ ہمارا معاہدہ ہے۔ کیا یہ ٹھیک ہے؟")
    assert len(urdu) == 2
