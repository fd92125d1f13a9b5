"""The pictures beside the words: Mulberry symbols (CC BY-SA 4.0), bundled in ``resources/symbols``
with their licence, drawn into the PDF as vector graphics with svglib.

Which picture stands beside which point is data, not code: ``resources/symbols/symbols.json``
maps a point's key (``"agreement.money"``, ``"service.sleep-in"``) to the symbol's file name. A
document asks for a key; a key with no picture (or a picture that cannot be read) gives words
alone, never a broken page.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from advisor_app.paths import resource

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def symbol_map() -> dict[str, Any]:
    """The mapping file: ``{"attribution": "...", "points": {key: file name without .svg}}``."""
    return json.loads(resource("symbols", "symbols.json").read_text(encoding="utf-8"))


def attribution() -> str:
    return str(symbol_map()["attribution"])


def symbol_name(key: str) -> str | None:
    return symbol_map()["points"].get(key)


_DRAWING = threading.Lock()  # documents may be built in several threads at once


@functools.lru_cache(maxsize=128)
def _drawing(name: str) -> Drawing | None:
    from svglib.svglib import svg2rlg  # imported when a document first needs a picture

    path = resource("symbols", f"{name}.svg")
    try:
        drawing = svg2rlg(str(path))
    except Exception:  # a damaged file: words alone rather than no document
        log.warning("The symbol %s could not be read", path.name, exc_info=True)
        return None
    if drawing is None or not drawing.width or not drawing.height:
        log.warning("The symbol %s could not be read", path.name)
        return None
    return drawing


def service_symbol(part: Any, line: Any) -> str:
    """The picture for one service of a proposal (its ``OfferedPart`` and quote ``Line``): by the
    menu's component, else management or a team's time, else the general one."""
    if line.part == "management" or (part is not None and part.source == "management"):
        key = "service.management"
    elif part is not None and (part.source or "").startswith("function:"):
        key = "service.function"
    else:
        key = f"service.{part.menu_id}" if part is not None and part.menu_id else "service"
    return key if symbol_name(key) else "service"


def has_symbol(key: str) -> bool:
    name = symbol_name(key)
    return name is not None and _drawing(name) is not None


class Symbol(Flowable):
    """One symbol, drawn ``size`` points square (keeping its shape), centred in that square."""

    def __init__(self, key: str, size: float) -> None:
        super().__init__()
        self.key, self.size = key, size
        name = symbol_name(key)
        self.drawing = _drawing(name) if name else None  # only read: scaled on the canvas

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        if self.drawing is None:
            return
        d = self.drawing
        scale = self.size / max(d.width, d.height)
        canv = self.canv
        canv.saveState()
        canv.translate((self.size - d.width * scale) / 2, (self.size - d.height * scale) / 2)
        canv.scale(scale, scale)
        with _DRAWING:  # the renderer marks the shared, cached drawing's nodes while it walks them
            renderPDF.draw(d, canv, 0, 0)
        canv.restoreState()
