"""The easy-read check of a family-facing PDF, read from the real PDF (pdfminer.six), never
from the builder: every piece of text with its font size, paragraph by paragraph.

``check(pdf, ...)`` returns a ``Report``: the body text below 14 pt, our sentences over 15 words
(people's own words are given as ``exempt``; a short ``allowed`` list of our own may stay
long), the glossary terms printed without their explanation, the pages over the document's
limit, and the longest sentence of ours for the test's report. The rules themselves are
``advisor_app.domain.easyread`` and ``advisor_app.domain.glossary``.

Use it for any new family document::

    report = check(pdf, max_pages=3, exempt=their_words(sections))
    assert report.problems() == [], report.summary()
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine

from advisor_app.documents.easyread import glossary_terms
from advisor_app.domain.easyread import MAX_WORDS, MIN_BODY_SIZE, LongSentence, flat, long_sentences, longest
from advisor_app.domain.glossary import Term, unexplained

# Lines of one paragraph are 5-7 pt apart at 14 pt (0.5 of a line); paragraphs, list items and
# table cells at least 13 pt (0.9): 0.6 keeps each paragraph one box and no two together.
LAYOUT = LAParams(line_margin=0.6)


@dataclass(frozen=True)
class Paragraph:
    page: int
    text: str
    sizes: frozenset[float]


@dataclass
class Report:
    pages: int
    max_pages: int
    small: list[Paragraph] = field(default_factory=list)
    long: list[LongSentence] = field(default_factory=list)
    unexplained: list[Term] = field(default_factory=list)
    longest: LongSentence | None = None

    def problems(self) -> list[str]:
        out = [f"page {p.page}: {min(p.sizes)} pt: {p.text[:60]!r}" for p in self.small]
        out += [f"{s.words} words: {s.sentence!r}" for s in self.long]
        out += [f"{t.term!r} is used but not explained" for t in self.unexplained]
        if self.pages > self.max_pages:
            out.append(f"{self.pages} pages, more than {self.max_pages}")
        return out

    def summary(self) -> str:
        head = f"{self.pages} of at most {self.max_pages} pages"
        if self.longest is not None:
            head += f"; longest sentence of ours: {self.longest.words} words: {self.longest.sentence!r}"
        return "\n".join([head, *self.problems()])


BULLET = "\u2022"


def _sizes(line: LTTextLine) -> frozenset[float]:
    return frozenset(round(char.size, 1) for char in line if isinstance(char, LTChar) and char.get_text().strip())


def paragraphs(pdf: bytes) -> list[Paragraph]:
    """Every text box of every page, with the font sizes of its characters. A box is split where
    the size changes (a heading close above its text is read apart from it) and at each bullet
    (closely set list items are read one by one)."""
    out: list[Paragraph] = []
    for number, page in enumerate(extract_pages(io.BytesIO(pdf), laparams=LAYOUT), start=1):
        for box in page:
            if not isinstance(box, LTTextBox):
                continue
            runs: list[tuple[frozenset[float], list[str]]] = []
            for line in box:
                if not isinstance(line, LTTextLine):
                    continue
                sizes = _sizes(line)
                item = line.get_text().lstrip().startswith(BULLET)  # a list item starts afresh
                if runs and not item and (runs[-1][0] == sizes or not sizes):
                    runs[-1][1].append(line.get_text())
                else:
                    runs.append((sizes, [line.get_text()]))
            for sizes, lines in runs:
                text = flat(" ".join(lines))
                if text:
                    out.append(Paragraph(number, text, sizes))
    return out


def check(pdf: bytes, *, max_pages: int, exempt: Iterable[str] = (), allowed: Sequence[str] = (),
          terms: Sequence[Term] | None = None, limit: int = MAX_WORDS) -> Report:
    found = paragraphs(pdf)
    texts = [p.text for p in found]
    exempt = list(exempt)
    return Report(
        pages=max((p.page for p in found), default=0),
        max_pages=max_pages,
        small=[p for p in found if p.sizes and min(p.sizes) < MIN_BODY_SIZE],
        long=long_sentences(texts, exempt=exempt, allowed=allowed, limit=limit),
        unexplained=unexplained(" ".join(texts), glossary_terms() if terms is None else terms),
        longest=longest(texts, exempt=exempt),
    )


def their_words(data: Any) -> list[str]:
    """Every phrase in a case's sections (what people said, names, notes, addresses): the words
    that are not ours to shorten. Single words are left out: one word stands for one anyway."""
    out: list[str] = []
    if isinstance(data, str):
        if len(data.split()) > 1:
            out.append(data)
    elif isinstance(data, dict):
        for value in data.values():
            out += their_words(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            out += their_words(value)
    return out
