"""The one JSON reader for input that comes from outside: import files, costing files, bundles,
enrollment, key and recovery files, the relay's answers.

Python's ``json`` module reads anything it is given: a file nested ten thousand levels deep stops
it with a ``RecursionError``, a 5,000-digit number with a ``ValueError`` from ``int()`` (both
tracebacks), and ``1e999999`` becomes a number no later arithmetic can use. This reader refuses
such input first, with one plain sentence (``JsonRefused``), so every caller can report it as it
reports any other bad file.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from advisor_app.domain.messages import N_, Msg

MAX_DEPTH = 64  # no file of ours nests deeper than about 10
MAX_NUMBER_CHARS = 40  # a number longer than this is not a count, a price or a time
MAX_EXPONENT = 40  # 1e40 is already more than any amount or count the app uses

# Strings first, so brackets and digits inside them are skipped; then brackets and numbers.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|([\[{])|([\]}])|(-?[0-9][0-9.eE+-]*)', re.DOTALL)


class JsonRefused(ValueError):
    """Input that is not JSON, or JSON this app will not read; ``str()`` is one plain sentence."""


class NotJson(JsonRefused):
    """Not JSON at all: not UTF-8 text, or cut short or broken."""


def _refuse_constant(name: str) -> Any:
    raise JsonRefused(Msg("{name} is not a number this file can use.", name=name))


def _check_shape(text: str, max_depth: int) -> None:
    depth = 0
    for match in _TOKENS.finditer(text):
        if match.group(1):
            depth += 1
            if depth > max_depth:
                raise JsonRefused(Msg("The data is nested more than {n} levels deep, which no file of "
                                      "this app is.", n=max_depth))
        elif match.group(2):
            depth -= 1
        elif match.group(3) is not None:
            _check_number(match.group(3))


def _check_number(token: str) -> None:
    if len(token) > MAX_NUMBER_CHARS:
        raise JsonRefused(Msg("The data holds a number with more than {n} characters, which is far "
                              "too large to be right.", n=MAX_NUMBER_CHARS))
    mantissa, _, exponent = token.lower().partition("e")
    if exponent:
        try:
            too_big = abs(int(exponent)) > MAX_EXPONENT
        except ValueError:
            return  # not a number at all: json.loads says so
        if too_big:
            raise JsonRefused(Msg("The data holds a number with an exponent beyond {n}, which is far "
                                  "too large or small to be right.", n=MAX_EXPONENT))


def loads(data: bytes | str, *, max_bytes: int | None = None, max_depth: int = MAX_DEPTH,
          decimals: bool = False) -> Any:
    """Parse ``data`` as JSON within the limits above; ``decimals`` reads 7.5 as Decimal, never float.

    Raises ``JsonRefused`` (a ``ValueError``) with one sentence for anything it will not read.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise JsonRefused(Msg("The data is too large ({size} bytes; the limit is {limit}).",
                              size=format(len(data), ","), limit=format(max_bytes, ",")))
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise NotJson(N_("The data is not UTF-8 text.")) from None
    _check_shape(data, max_depth)
    try:
        return json.loads(data, parse_constant=_refuse_constant,
                          parse_float=Decimal if decimals else float)
    except json.JSONDecodeError as exc:
        raise NotJson(Msg("This is not valid JSON ({problem} at line {line}, column {column}).",
                              problem=exc.msg, line=exc.lineno, column=exc.colno)) from None
    except RecursionError:  # cannot happen within MAX_DEPTH; kept so no traceback ever escapes
        raise JsonRefused(N_("The data is nested too deeply to read.")) from None
