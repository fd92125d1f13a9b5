"""User-facing text from the domain, kept untranslated until it is shown.

``N_("...")`` marks a fixed message; ``Msg("... {n} ...", n=3)`` a message with values. Both are
plain ``str`` (English) so they compare and serialise naturally; ``advisor_app.i18n._`` translates
them at display time using the template and parameters kept on ``Msg``.
"""

from __future__ import annotations

from typing import Any


def N_(text: str) -> str:
    return text


class Msg(str):
    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> "Msg":
        obj = super().__new__(cls, template.format(**params) if params else template)
        obj.template = template
        obj.params = params
        return obj
