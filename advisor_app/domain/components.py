"""The provider's menu of support components. The menu is data (resources/provider/components.json)
that the office changes; this module only describes and checks its shape.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from advisor_app.domain.entries import UniqueIds
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model, validate


class ComponentKind(StrEnum):
    ONE_OFF = "one-off"
    FIXED_TERM = "fixed-term"
    ON_GOING = "on-going"


class Pricing(StrEnum):
    HOURLY = "hourly"
    NIGHTLY = "nightly"
    FIXED = "fixed"


class Specialist(StrEnum):
    BEHAVIOUR_SUPPORT = "behaviour-support"
    TRANSITIONS = "transitions"
    HOUSING = "housing"
    ASSISTIVE_TECHNOLOGY = "assistive-technology"


KIND_LABELS = {
    ComponentKind.ONE_OFF: N_("One-off"),
    ComponentKind.FIXED_TERM: N_("Fixed term"),
    ComponentKind.ON_GOING: N_("On-going"),
}
PRICING_LABELS = {
    Pricing.HOURLY: N_("By the hour"),
    Pricing.NIGHTLY: N_("By the night"),
    Pricing.FIXED: N_("Fixed price"),
}
SPECIALIST_LABELS = {
    Specialist.BEHAVIOUR_SUPPORT: N_("Behaviour support"),
    Specialist.TRANSITIONS: N_("Transitions (leaving school or college)"),
    Specialist.HOUSING: N_("Housing"),
    Specialist.ASSISTIVE_TECHNOLOGY: N_("Assistive technology"),
}

Slug = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class MenuComponent(Model):
    id: Slug  # stable: chosen components refer to it
    name: Annotated[str, Field(min_length=1, max_length=120)]
    kind: ComponentKind
    description: Annotated[str, Field(min_length=1, max_length=300)]  # plain words a family understands
    pricing: Pricing
    specialist: Specialist | None = None  # the in-house specialist usually involved


class ComponentMenu(Model):
    version: Annotated[int, Field(ge=1)] = 1
    components: Annotated[list[MenuComponent], Field(min_length=1, max_length=500), UniqueIds]

    def get(self, component_id: str) -> MenuComponent | None:
        return next((c for c in self.components if c.id == component_id), None)

    def of_kind(self, kind: ComponentKind) -> list[MenuComponent]:
        return [c for c in self.components if c.kind == kind]


class InvalidMenu(ValueError):
    """The menu data does not have the expected shape; ``errors`` maps field paths to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))
        self.errors = errors


def load_menu(data: Any) -> ComponentMenu:
    """The menu from its JSON data (already parsed); raises ``InvalidMenu`` naming what is wrong."""
    result = validate(ComponentMenu, data)
    if not result.ok:
        raise InvalidMenu(result.errors)
    assert result.value is not None
    return result.value
