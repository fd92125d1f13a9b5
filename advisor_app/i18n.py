"""The one translation function for every user-facing string, on screen and in documents.

Text is translated when it is shown, never at import time. The domain marks its messages
with ``N_`` (or builds a ``Msg`` with parameters) and the UI or a document passes them to ``_``.
Catalogs are gettext ``.mo`` files under ``resources/locale/<lang>/LC_MESSAGES/advisor_app.mo``,
extracted with Babel (keywords ``_``, ``N_``, ``Msg``; ``make translations``).

Two languages are in play at once: the app's (the advisor's screens, ``set_language``) and a
document's (the family's, ``in_language``). A document is built inside ``with in_language("pl"):``;
the override lives in a context variable, so a document built in a worker thread (or several at
once) never changes what the screens show, and the screens never change a document.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import gettext
import threading
from typing import Any, Iterator

from advisor_app.domain.messages import N_
from advisor_app.paths import resource

DOMAIN = "advisor_app"
LANGUAGES = ("en", "pl", "ur")  # the languages with a complete catalog
RIGHT_TO_LEFT = frozenset({"ur", "ar", "fa", "he", "ps", "sd", "ug", "yi"})

_language = "en"
_localedir: str | None = None
_catalogs: dict[tuple[str, str | None], gettext.NullTranslations] = {}
_catalogs_lock = threading.Lock()
_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("document_language", default=None)


def catalog(language: str, localedir: str | None = None) -> gettext.NullTranslations:
    """The catalog for ``language`` (loaded once; English, untranslated, when there is none)."""
    key = (language, localedir)
    with _catalogs_lock:
        found = _catalogs.get(key)
        if found is None:
            found = _catalogs[key] = gettext.translation(
                DOMAIN, localedir=localedir or str(resource("locale")), languages=[language], fallback=True)
        return found


def set_language(language: str, localedir: str | None = None) -> None:
    """The app's language: every later call of ``_`` outside ``in_language`` uses it."""
    global _language, _localedir
    if localedir is not None:
        _catalogs.pop((language, localedir), None)  # a test's catalog, read afresh
    catalog(language, localedir)
    _language, _localedir = language, localedir


def app_language() -> str:
    return _language


def language() -> str:
    """The language text is being made in now: a document's inside ``in_language``, else the app's."""
    return _override.get() or _language


def is_right_to_left(lang: str | None = None) -> bool:
    return (lang or language()).split("_")[0].split("-")[0] in RIGHT_TO_LEFT


@contextlib.contextmanager
def in_language(lang: str | None) -> Iterator[str]:
    """Translate into ``lang`` inside the block, in this thread or task only (None: the app's)."""
    token = _override.set(lang or None)
    try:
        yield language()
    finally:
        _override.reset(token)


def _current() -> gettext.NullTranslations:
    lang = _override.get()
    if lang is None or lang == _language:
        return catalog(_language, _localedir)
    return catalog(lang, _localedir)


def _(text: str, **params: Any) -> str:
    """Translate ``text`` (a plain string or a domain ``Msg``) and fill in its parameters."""
    template = getattr(text, "template", text)
    if not template:  # gettext("") is the catalog's header, never a message
        return ""
    values = {key: _(value) if hasattr(value, "template") else value  # a message inside a message
              for key, value in {**getattr(text, "params", {}), **params}.items()}
    translated = _current().gettext(template)
    return translated.format(**values) if values else translated


def ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    translated = _current().ngettext(singular, plural, n)
    return translated.format(n=n, **params)


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def format_date(day: dt.date) -> str:
    """14 March 2026: the way a letter writes it (on screen and in documents)."""
    return f"{day.day} {_(MONTHS[day.month - 1])} {day.year}"
