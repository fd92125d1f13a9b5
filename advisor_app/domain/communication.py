"""How a person (or someone in their circle) needs information: the Accessible Information Standard.

Providers in England must identify, record, flag, share and meet each person's communication and
information needs. ``CommunicationNeeds`` is recorded on the person and on each circle member;
``flags`` says them in a few words for the case header, the case list and the office; and
``document_settings`` is how a document meets them: in the person's language when we have a
catalog for it, in large print when asked, and always easy read for the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Iterable

from pydantic import AfterValidator, Field

from advisor_app.domain.fields import Text
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.validation import Model

ENGLISH = "en"
# The languages documents (and the app) come in: each has a complete catalog.
DOCUMENT_LANGUAGES = ("en", "pl", "ur")

# Languages a person may prefer, commonly spoken in England (ISO 639-1 codes). Documents come in
# those of DOCUMENT_LANGUAGES; for the others they come in English and the flag asks for help.
LANGUAGE_NAMES: dict[str, str] = {
    "en": N_("English"),
    "pl": N_("Polish"),
    "ur": N_("Urdu"),
    "pa": N_("Punjabi"),
    "bn": N_("Bengali"),
    "gu": N_("Gujarati"),
    "ar": N_("Arabic"),
    "ro": N_("Romanian"),
    "so": N_("Somali"),
    "pt": N_("Portuguese"),
    "es": N_("Spanish"),
    "lt": N_("Lithuanian"),
    "tr": N_("Turkish"),
    "ta": N_("Tamil"),
    "zh": N_("Chinese"),
    "cy": N_("Welsh"),
}


def _known_language(code: str) -> str:
    if code not in LANGUAGE_NAMES:
        raise ValueError(N_("Please choose a language from the list."))
    return code


LanguageCode = Annotated[str, AfterValidator(_known_language)]


def _once_each(formats: list) -> list:
    if len(set(formats)) != len(formats):
        raise ValueError(N_("Each way of getting information can be chosen once."))
    return formats


class Format(StrEnum):
    """Ways of getting information a person may need (the Standard's alternative formats)."""

    EASY_READ = "easy_read"
    LARGE_PRINT = "large_print"
    BSL = "bsl"
    MAKATON = "makaton"
    BRAILLE = "braille"
    READ_ALOUD = "read_aloud"


FORMAT_LABELS: dict[Format, str] = {
    Format.EASY_READ: N_("Easy read"),
    Format.LARGE_PRINT: N_("Large print"),
    Format.BSL: N_("British Sign Language"),
    Format.MAKATON: N_("Makaton"),
    Format.BRAILLE: N_("Braille"),
    Format.READ_ALOUD: N_("Read aloud to them"),
}


class ContactWay(StrEnum):
    PHONE = "phone"
    TEXT_MESSAGE = "text_message"
    VIDEO_CALL = "video_call"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    THROUGH_SOMEONE = "through_someone"


CONTACT_LABELS: dict[ContactWay, str] = {
    ContactWay.PHONE: N_("Phone call"),
    ContactWay.TEXT_MESSAGE: N_("Text message"),
    ContactWay.VIDEO_CALL: N_("Video call"),
    ContactWay.EMAIL: N_("Email"),
    ContactWay.LETTER: N_("Letter"),
    ContactWay.IN_PERSON: N_("Face to face"),
    ContactWay.THROUGH_SOMEONE: N_("Through someone in their circle"),
}


class CommunicationNeeds(Model):
    """One person's communication and information needs, as they (or their circle) told us."""

    language: LanguageCode = ENGLISH
    interpreter: bool = False
    formats: Annotated[list[Format], Field(max_length=12), AfterValidator(_once_each)] = Field(default_factory=list)
    contact_by: ContactWay | None = None
    notes: Text = ""

    @property
    def large_print(self) -> bool:
        return Format.LARGE_PRINT in self.formats

    @property
    def any(self) -> bool:
        """Something to flag: a language other than English, an interpreter, or a format."""
        return self.language != ENGLISH or self.interpreter or bool(self.formats)


def for_person() -> CommunicationNeeds:
    """A person's needs before anyone records them: easy read, as every family document is."""
    return CommunicationNeeds(formats=[Format.EASY_READ])


# ---- the flag -----------------------------------------------------------------------------------
# Saved on the case header as codes (so the office and the list can show it in any language).

INTERPRETER = "interpreter"
CIRCLE = "circle"


def flag_codes(person: CommunicationNeeds | None, circle: Iterable[CommunicationNeeds] = ()) -> list[str]:
    """The person's needs as short codes ("lang:ur", "interpreter", "large_print"), then
    "circle:N" when N people in the circle have needs of their own. Empty when nothing to flag."""
    codes: list[str] = []
    if person is not None:
        if person.language != ENGLISH:
            codes.append(f"lang:{person.language}")
        if person.interpreter:
            codes.append(INTERPRETER)
        codes += [f.value for f in Format if f in person.formats and f != Format.EASY_READ]
    others = sum(1 for needs in circle if needs.any)
    if others:
        codes.append(f"{CIRCLE}:{others}")
    return codes


def flag_parts(codes: Iterable[str]) -> list[str]:
    """The codes as plain words (``N_``/``Msg``, translated when shown); unknown codes are skipped."""
    parts: list[str] = []
    for code in codes:
        kind, _sep, value = str(code).partition(":")
        if kind == "lang" and value in LANGUAGE_NAMES:
            parts.append(LANGUAGE_NAMES[value])
        elif code == INTERPRETER:
            parts.append(N_("Interpreter"))
        elif kind == CIRCLE and value.isdigit():
            parts.append(Msg("Circle: {n} with needs", n=int(value)))
        elif code in Format.__members__.values():
            parts.append(FORMAT_LABELS[Format(code)])
    return parts


# ---- meeting the needs in a document ----------------------------------------------------------

@dataclass(frozen=True)
class DocumentSettings:
    language: str  # one of DOCUMENT_LANGUAGES
    large_print: bool
    easy_read: bool = True  # every family document is easy read; the person's default too


def document_settings(needs: CommunicationNeeds | None, language: str | None = None) -> DocumentSettings:
    """How a document for this person is made. ``language`` (one of DOCUMENT_LANGUAGES) overrides
    theirs; a language we have no catalog for gives English, and the flag says an interpreter helps."""
    needs = needs or for_person()
    chosen = language or needs.language
    return DocumentSettings(language=chosen if chosen in DOCUMENT_LANGUAGES else ENGLISH,
                            large_print=needs.large_print)
