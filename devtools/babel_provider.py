"""A Babel extractor for the provider's files (resources/provider/*.json): the words in them that
reach a family or an advisor (the agreement's wording, the glossary, the component menu, the risk
matrix and policy) go into the catalog like the code's strings, and are translated where they are
shown (``_(clause["text"])``). A file the office publishes later with new wording falls back to
English for the new entries until ``make translations`` has them translated.

babel.cfg names it in ``[extractors]`` and maps ``resources/provider/*.json`` to it.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, BinaryIO, Iterator

# For each file, the keys whose text is shown (lists of strings under a key are each a message).
SHOWN_KEYS: dict[str, frozenset[str]] = {
    "agreement.json": frozenset({"title", "bookmark", "heading", "text", "guidance", "complaints_guide", "role"}),
    "components.json": frozenset({"name", "description", "pricing"}),
    "glossary.json": frozenset({"term", "forms", "means"}),
    "risk_matrix.json": frozenset({"words", "description", "advice"}),
    "risk_policy.json": frozenset({"title", "stance", "paragraphs"}),
    "organisation.json": frozenset({"about"}),
}
KEYS_AS_TEXT = {"costing.json": "optional_functions"}  # a dict whose keys are names that are shown


def _strings(node: Any, keys: frozenset[str], key: str | None = None) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, keys, k)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, keys, key)
    elif isinstance(node, str) and key in keys and node.strip():
        yield node


def extract(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    raw = fileobj.read()
    name = PurePath(getattr(fileobj, "name", "")).name
    data = json.loads(raw)
    text = raw.decode("utf-8")
    found = list(_strings(data, SHOWN_KEYS.get(name, frozenset())))
    if name in KEYS_AS_TEXT:
        found += list((data.get(KEYS_AS_TEXT[name]) or {}).keys())
    for message in found:
        where = text.find(json.dumps(message, ensure_ascii=False)[1:-1])
        yield (text.count("\n", 0, where) + 1 if where >= 0 else 1), "_", message, []
