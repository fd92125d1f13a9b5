"""Reading a page aloud: the text cut into short phrases, said one after another, each shown
highlighted while it is said (and the word, where the speech engine says which).

A phrase is a sentence (or a heading, or a line of a list), or part of a long one cut after a
comma or a semicolon, so the words highlighted are never far from the words heard. Pure (no Qt): ``phrases`` gives each phrase
with its place in the text, which the screen highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PHRASE_WORDS = 15  # easy read: a sentence is at most 15 words; longer ones are cut at a pause
# A sentence ends at a full stop, a question or exclamation mark (Urdu's too), a blank line, or a
# line break before a capital or a bullet (a heading, a list, a page's running title).
_SENTENCE_END = re.compile(r"[.!?\u06d4\u061f](?=\s|$)|\n\s*\n|\n(?=[ \t]*[A-Z\u2022])")
_PAUSE = re.compile(r"[,;\u060c](?=\s)")


@dataclass(frozen=True)
class Phrase:
    start: int  # where it is in the text
    end: int
    text: str  # as said: its words, spaces made single


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence, cut at pauses while it is longer than ``MAX_PHRASE_WORDS`` words."""
    if len(text[start:end].split()) <= MAX_PHRASE_WORDS:
        return [(start, end)]
    out, here = [], start
    for match in _PAUSE.finditer(text, start, end):
        if len(text[here:match.end()].split()) >= 4:  # never a phrase of a word or two
            out.append((here, match.end()))
            here = match.end()
    out.append((here, end))
    return out


def phrases(text: str) -> list[Phrase]:
    """The phrases of ``text`` in order, each with its place (blank stretches are skipped)."""
    out: list[Phrase] = []
    here = 0
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for end in bounds:
        for start, stop in _pieces(text, here, end):
            words = text[start:stop].split()
            if any(any(c.isalnum() for c in w) for w in words):
                # the phrase starts at its first word, so the highlight does too
                first = start + (len(text[start:stop]) - len(text[start:stop].lstrip()))
                last = stop - (len(text[start:stop]) - len(text[start:stop].rstrip()))
                out.append(Phrase(first, last, " ".join(words)))
        here = end
    return out
