"""The provider's local managers: who a case can be handed over to. Provider data the office
publishes (resources/provider/managers.json); this module only describes and checks its shape.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from advisor_app.domain.entries import UniqueIds
from advisor_app.domain.fields import Email, Name, Phone, ShortText, Text
from advisor_app.domain.validation import Model, validate

Slug = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class LocalManager(Model):
    id: Slug  # stable: a case's handover names its manager by it
    name: Name
    role: ShortText = ""
    area: ShortText = ""  # where they manage support, to help the advisor choose
    phone: Phone = ""
    email: Email = ""


class ManagerList(Model):
    version: Annotated[int, Field(ge=1)] = 1
    notes: Text = ""
    managers: Annotated[list[LocalManager], Field(min_length=1, max_length=1000), UniqueIds]

    def get(self, manager_id: str | None) -> LocalManager | None:
        return next((m for m in self.managers if m.id == manager_id), None)


class InvalidManagers(ValueError):
    """The list does not have the expected shape; ``errors`` maps field paths to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))
        self.errors = errors


def load_managers(data: Any) -> ManagerList:
    """The list from its JSON data (already parsed); raises ``InvalidManagers`` naming what is wrong."""
    result = validate(ManagerList, data)
    if not result.ok:
        raise InvalidManagers(result.errors)
    assert result.value is not None
    return result.value
