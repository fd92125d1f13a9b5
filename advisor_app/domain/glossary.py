"""The words a family document explains: each term, the other ways it is written, and what it
means in a sentence or two.

Pure: the list itself is provider data kept beside the agreement wording
(``resources/provider/glossary.json``, read by ``documents.easyread.glossary_terms``); these
functions find which terms a text uses and which of those it does not explain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from advisor_app.domain.easyread import flat


@dataclass(frozen=True)
class Term:
    term: str  # as the glossary box prints it: "Individual Service Fund"
    means: str  # plain words, short sentences
    forms: tuple[str, ...] = ()  # other ways the documents write it: "Individual Service Funds", "ISF"

    @property
    def pattern(self) -> re.Pattern[str]:
        names = sorted({self.term, *self.forms}, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.IGNORECASE)

    def line(self) -> str:
        """The term and its meaning as the glossary box prints them, for looking it up."""
        return f"{self.term}: {self.means}"


def parse_terms(data: Mapping[str, Any]) -> list[Term]:
    """The glossary file's terms: ``{"terms": [{"term": ..., "means": ..., "forms": [...]}]}``."""
    return [Term(str(t["term"]), str(t["means"]), tuple(str(f) for f in t.get("forms", ())))
            for t in data.get("terms", [])]


def used(texts: Iterable[str], terms: Sequence[Term]) -> list[Term]:
    """The terms that appear in ``texts`` (whole words, any case, any of their forms), in the
    glossary's order."""
    text = flat(" ".join(texts))
    return [t for t in terms if t.pattern.search(text)]


def unexplained(text: str, terms: Sequence[Term]) -> list[Term]:
    """The terms ``text`` uses without also printing what they mean."""
    text = flat(text)
    return [t for t in used([text], terms) if flat(t.means) not in text]
