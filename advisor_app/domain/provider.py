"""The provider's own details printed on every document: name, address, contacts and logo.

Not personal data: the organisation's public details, kept as settings. Defaults ship in
``resources/provider/organisation.json``; ``advisor_app.store.provider_profile`` reads and writes them.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated

from pydantic import AfterValidator

from advisor_app.domain.fields import Email, Name, Phone, ShortText, Text
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


def _logo_name(value: str) -> str:
    """A bare file name (the logo lives beside the settings), never a path."""
    if not value:
        return value
    bare = PurePosixPath(value).name == value and PureWindowsPath(value).name == value
    if not bare or value in (".", ".."):
        raise ValueError(N_("Please give the logo's file name only, like logo.png."))
    if not value.lower().endswith(LOGO_SUFFIXES):
        raise ValueError(N_("The logo must be a PNG or JPEG picture."))
    return value


LogoName = Annotated[ShortText, AfterValidator(_logo_name)]


class ProviderProfile(Model):
    name: Name
    address: Text = ""  # one line per line of the address
    phone: Phone = ""
    email: Email = ""
    website: ShortText = ""
    logo: LogoName = ""
    registered_number: ShortText = ""  # as it should be printed, e.g. "Registered charity 1234567"
    about: Text = ""  # a sentence or two about the organisation, in plain words

    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]
