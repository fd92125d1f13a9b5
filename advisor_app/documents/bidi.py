"""Right-to-left text in reportlab: its own bidi support, fed by python-bidi.

reportlab lays out right-to-left paragraphs itself (``ParagraphStyle(wordWrap="RTL")``: words
ordered by the Unicode bidirectional algorithm, lines aligned right) and shapes each word with
HarfBuzz (``shaping=1``, through uharfbuzz: joined Arabic letters, ligatures). For the ordering it
imports an optional module, ``rlbidi`` (ReportLab's binding of FriBidi, not on PyPI); without it
right-to-left is switched off. ``install`` gives it that module's one function, ``log2vis``,
computed with python-bidi's implementation of the algorithm. It must run before reportlab's
``pdfgen.textobject`` is first imported: ``advisor_app.documents`` calls it on import, before
any builder imports reportlab (a test checks that right-to-left is on).
"""

from __future__ import annotations

import re
import sys
import types

_LEVELS = {"LTR": 0, "RTL": 1}
_WORD = re.compile(r"[^ ]+")  # a word as reportlab splits them (textobject.wordpat)


def log2vis(text: str, base_direction: str = "RTL", clean: bool = True,
            positions_V_to_L: list[int] | None = None) -> str:
    """``text`` in visual order (left to right as drawn) for a paragraph of ``base_direction``;
    ``positions_V_to_L`` is filled with the logical index of each visual character.

    Each word is kept whole: its letters all take the highest level any of them has. reportlab
    finds where a word went by looking up the visual word that holds its first letter, so a word
    split by the algorithm (an opening quote, neutral, sent to the far end of a right-to-left line
    while the Latin word it opens stays in its run) was drawn as another word: "“I like ..." in an
    Urdu paragraph lost its first words and repeated its last."""
    from bidi import algorithm  # imported when the first right-to-left text is laid out

    storage = algorithm.get_empty_storage()
    level = _LEVELS.get(str(base_direction).upper(), 0)
    storage["base_level"], storage["base_dir"] = level, ("L", "R")[level]
    algorithm.get_embedding_levels(text, storage, False, False)
    for index, char in enumerate(storage["chars"]):
        char["logical"] = index
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    words: dict[int, list[dict]] = {}  # by the word's start (X9 may have taken out control characters)
    starts = {i: word.start() for word in _WORD.finditer(text) for i in range(word.start(), word.end())}
    for char in storage["chars"]:
        if char["logical"] in starts:
            words.setdefault(starts[char["logical"]], []).append(char)
    for letters in words.values():
        level = max(char["level"] for char in letters)
        for char in letters:
            char["level"] = level
    algorithm.reorder_resolved_levels(storage, False)
    algorithm.apply_mirroring(storage, False)
    if positions_V_to_L is not None:
        positions_V_to_L[:] = [char["logical"] for char in storage["chars"]]
    return "".join(char["ch"] for char in storage["chars"])


def install() -> None:
    if "rlbidi" not in sys.modules:
        module = types.ModuleType("rlbidi", "python-bidi standing in for ReportLab's rlbidi (advisor_app).")
        module.log2vis = log2vis  # type: ignore[attr-defined]
        sys.modules["rlbidi"] = module


def right_to_left_works() -> bool:
    from reportlab.pdfgen import textobject

    return bool(getattr(textobject, "rtlSupport", False))
