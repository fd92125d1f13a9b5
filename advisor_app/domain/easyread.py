"""The easy-read rules for what a family reads: short sentences, large type, jargon explained.

Pure (no I/O): a checker reads a document's text (from the real PDF, in the tests) and asks
these functions what breaks the rules. Our own sentences have at most ``MAX_WORDS`` words;
people's own words are never counted against us (they are given as ``exempt`` and taken out
before the sentences are counted).

What counts as a sentence: text up to ``.``, ``!``, ``?`` or ``:`` followed by a space or the
end (a label like "How much:" is read apart from what follows it); each paragraph, list item and
table cell is read on its own. A word is anything with a letter or a digit in it ("£540.73" is
one word; a dash is none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

MAX_WORDS = 15
MIN_BODY_SIZE = 14.0  # points
THEIR_WORDS = "\u2039their words\u203a"  # what people's own words become while counting: one word

_END = re.compile(r"(?<=[.!?:])[\u201d\u2019\"')\]]*\s+|(?<=[.!?:])[\u201d\u2019\"')\]]*$")
_WORD = re.compile(r"\w", re.UNICODE)


def flat(text: str) -> str:
    """Whitespace (line ends from wrapping) made single spaces."""
    return " ".join(str(text).split())


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, list item or table cell, in order."""
    text = flat(paragraph)
    if not text:
        return []
    return [s.strip() for s in _END.split(text) if s and s.strip()]


def words(sentence: str) -> int:
    return sum(1 for token in sentence.split() if _WORD.search(token))


def without(text: str, exempt: Iterable[str]) -> str:
    """``text`` with each of ``exempt`` (people's own words, names) standing in as one word.
    Longest first, so a phrase inside a longer one is not taken out of it."""
    out = flat(text)
    for phrase in sorted({flat(e) for e in exempt if flat(e)}, key=len, reverse=True):
        out = out.replace(phrase, THEIR_WORDS)
    return out


@dataclass(frozen=True)
class LongSentence:
    sentence: str
    words: int


def long_sentences(paragraphs: Iterable[str], *, exempt: Iterable[str] = (), allowed: Sequence[str] = (),
                   limit: int = MAX_WORDS) -> list[LongSentence]:
    """Every sentence of ours longer than ``limit`` words, longest first. ``allowed`` are
    sentences of ours kept long on purpose (a short, explicit list)."""
    exempt = list(exempt)
    allowed_flat = {flat(a) for a in allowed}
    their = [flat(e) for e in exempt if flat(e)]
    found: dict[str, LongSentence] = {}
    for paragraph in paragraphs:
        for sentence in sentences(without(paragraph, exempt)):
            n = words(sentence)
            if n <= limit or sentence in allowed_flat:
                continue
            if any(sentence.replace(THEIR_WORDS, "").strip(" .:") in e for e in their):
                continue  # a piece of someone's words split by a page break
            found[sentence] = LongSentence(sentence, n)
    return sorted(found.values(), key=lambda s: (-s.words, s.sentence))


def longest(paragraphs: Iterable[str], *, exempt: Iterable[str] = ()) -> LongSentence | None:
    """The longest sentence of ours, however long (for the report)."""
    best: LongSentence | None = None
    for paragraph in paragraphs:
        for sentence in sentences(without(paragraph, exempt)):
            n = words(sentence)
            if best is None or n > best.words:
                best = LongSentence(sentence, n)
    return best
