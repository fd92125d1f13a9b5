"""What every document builder is given, and the plain-words helpers they share.

Builders take a ``DocumentInput``: the case's saved sections as plain dicts (``CaseView.data()``),
the provider's details, the date the document is made, and a few things the services look up
(the component menu, the advisor's name, the logo file). They read the sections through the
domain models, so a builder never sees half-checked data, and return PDF bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from pydantic import BaseModel

from advisor_app.domain.components import ComponentMenu
from advisor_app.domain.entries import FAMILY, OTHER, PERSON, STAFF, SPEAKER_LABELS, Entry
from advisor_app.domain.people import Circle, Person
from advisor_app.domain.provider import ProviderProfile
from advisor_app.domain.validation import validate
from advisor_app import i18n
from advisor_app.documents.easyread import Block, DocumentSpec, Said, Section, Text
from advisor_app.i18n import _, format_date  # noqa: F401  (the documents import format_date from here)

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)



@dataclass(frozen=True)
class DocumentInput:
    sections: Mapping[str, Any]  # section name -> saved data, as CaseView.data() gives them
    provider: ProviderProfile
    made_on: dt.date
    reference: str = ""  # the case reference, C-2026-0003
    menu: ComponentMenu | None = None
    advisor_name: str = ""
    logo: Path | None = None
    language: str | None = None  # the document's language (en, pl, ur); the app's when None
    large_print: bool = False  # the reader asked for large print (domain.communication)
    photo: bytes | None = None  # the person's photo, only when they agreed to it (domain.photo)

    def section(self, name: str, model: type[M]) -> M | None:
        """The saved section as its model; None when it was never saved or no longer fits."""
        data = self.sections.get(name)
        if data is None:
            return None
        result = validate(model, data)
        if not result.ok:
            log.warning("The %s section does not fit its model any more (%s); left out of the document.",
                        name, result.errors)
            return None
        return result.value


def in_reader_language(build: Callable[..., bytes]) -> Callable[..., bytes]:
    """For a builder's ``build(data, ...)``: every word made while it runs is in the document's
    language (``data.language``), whatever the app's is, in this thread only (i18n.in_language)."""
    @functools.wraps(build)
    def built(data: DocumentInput, *args: Any, **kwargs: Any) -> bytes:
        with i18n.in_language(data.language):
            return build(data, *args, **kwargs)
    return built


def money(amount: Decimal) -> str:
    """£1,234.50 (always pounds and pence)."""
    return f"£{amount.quantize(Decimal('0.01')):,}"


def hours(value: Decimal) -> str:
    """26, 7.5: as a person writes hours."""
    return f"{value.normalize():f}"


def sentence(text: str) -> str:
    """Our own words (never the person's) ended with a full stop if they have none."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def hours_phrase(value: Decimal) -> str:
    return _("1 hour") if value == 1 else _("{n} hours", n=hours(value))


class People:
    """The person and their circle, for naming people in plain words."""

    def __init__(self, person: Person | None, circle: Circle | None) -> None:
        self.person = person
        self.circle = circle or Circle()

    @property
    def known(self) -> bool:
        return self.person is not None

    @property
    def first_name(self) -> str:
        """What to call the person: their preferred name, else their first name."""
        if self.person is None:
            return ""
        return self.person.preferred_name or self.person.first_name

    @property
    def full_name(self) -> str:
        if self.person is None:
            return ""
        return f"{self.person.first_name} {self.person.last_name}".strip()

    def member_label(self, member_id: str) -> str | None:
        member = self.circle.member(member_id)
        if member is None:
            return None
        return f"{member.name} ({member.relationship})" if member.relationship else member.name

    def who(self, who: str | None) -> str | None:
        """Whose words, as the document prints them; None when not recorded or not known."""
        if who is None:
            return None
        if who == PERSON:
            return self.first_name or _(SPEAKER_LABELS[PERSON])
        if who in (FAMILY, STAFF, OTHER):
            return _(SPEAKER_LABELS[who])
        return self.member_label(who)

    def said(self, entry: Entry) -> Said:
        return Said(entry.text, self.who(entry.whose_words))

    def saids(self, entries: list[Entry]) -> list[Said]:
        return [self.said(entry) for entry in entries]


def people(data: DocumentInput) -> People:
    return People(data.section("person", Person), data.section("circle", Circle))



def case_spec(data: DocumentInput, *, kind: str, title: str, subtitle: list[str], intro: list[Block],
              sections: list[Section], contact_note: list[Block] | None = None) -> DocumentSpec:
    """A case document's spec: its title, the subtitle lines then the case reference, the kind as
    subject and keyword, the provider's details, the date and language, and (unless given) the
    advisor as the family's contact."""
    if contact_note is None:
        contact_note = [Text(_("Your support advisor is {advisor}.", advisor=data.advisor_name))] \
            if data.advisor_name else []
    return DocumentSpec(
        title=title,
        subtitle=[*subtitle, _("Our reference: {reference}", reference=data.reference) if data.reference else ""],
        subject=_(kind),
        footer=title,
        keywords=[k for k in (_(kind), data.reference) if k],
        provider=data.provider,
        made_on=data.made_on,
        language=data.language,
        logo=data.logo,
        intro=intro,
        sections=sections,
        contact_note=contact_note,
    )
