"""A photo of the person, for their one-page profile, only if they want one.

The picture itself is kept in the encrypted store (named by its SHA-256); this section says which
picture it is and who agreed to it being used, and when. The rule every document follows: no
consent, no photo on any document (``photo_for_documents``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Mapping

from pydantic import Field

from advisor_app.domain.fields import Id
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model, validate

PHOTO = "photo"  # the section
MAX_PHOTO_BYTES = 15 * 1024 * 1024  # a file larger than this is refused before it is read as a picture
MAX_PHOTO_PIXELS = 40_000_000  # a picture larger than this (a "decompression bomb") is refused
PHOTO_SIDE = 600  # the stored picture's longest side, in pixels: enough for a printed page

TOO_BIG = N_("This photo is too big. Please choose one smaller than 15 MB.")
NOT_A_PHOTO = N_("This file is not a photo we can read. Please choose a JPEG or PNG picture.")


class PhotoConsent(Model):
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None  # the stored picture
    consent: bool = False  # the person (or who decides for them) agreed to it being used on documents
    given_by: Id | None = None  # "person" or a circle member's id
    given_on: dt.date | None = None

    def field_rules(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.consent and not self.given_by:
            errors["given_by"] = N_("Please say who agreed to the photo being used.")
        if self.consent and self.given_on is None:
            errors["given_on"] = N_("Please give the date they agreed.")
        if self.consent and self.sha256 is None:
            errors["consent"] = N_("Please add a photo first.")
        return errors


def photo_for_documents(sections: Mapping[str, Any]) -> str | None:
    """The stored picture to print, or None: no photo, or no consent recorded for it."""
    data = sections.get(PHOTO)
    if not data:
        return None
    result = validate(PhotoConsent, data)
    photo = result.value
    if photo is None or not (photo.sha256 and photo.consent and photo.given_by and photo.given_on):
        return None
    return photo.sha256
