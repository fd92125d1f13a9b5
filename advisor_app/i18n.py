"""The one translation function for every user-facing string, on screen and in documents.

Text is translated when it is shown, never at import time. The domain marks its messages
with ``N_`` (or builds a ``Msg`` with parameters) and the UI or a document passes them to ``_``.
Catalogs are gettext ``.mo`` files under ``resources/locale/<lang>/LC_MESSAGES/advisor_app.mo``,
extracted with Babel (keywords ``_``, ``N_``, ``Msg``).
"""

from __future__ import annotations

import datetime as dt
import gettext
from typing import Any

from advisor_app.domain.messages import N_
from advisor_app.paths import resource

DOMAIN = "advisor_app"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str, localedir: str | None = None) -> None:
    """Switch every later call of ``_`` to ``language`` (English when there is no catalog)."""
    global _translation, _language
    _language = language
    _translation = gettext.translation(
        DOMAIN, localedir=localedir or str(resource("locale")), languages=[language], fallback=True
    )


def language() -> str:
    return _language


def _(text: str, **params: Any) -> str:
    """Translate ``text`` (a plain string or a domain ``Msg``) and fill in its parameters."""
    template = getattr(text, "template", text)
    values = {**getattr(text, "params", {}), **params}
    translated = _translation.gettext(template)
    return translated.format(**values) if values else translated


def ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    translated = _translation.ngettext(singular, plural, n)
    return translated.format(n=n, **params)


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def format_date(day: dt.date) -> str:
    """14 March 2026: the way a letter writes it (on screen and in documents)."""
    return f"{day.day} {_(MONTHS[day.month - 1])} {day.year}"
