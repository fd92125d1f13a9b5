"""The provider files as shipped, through their loaders, for the domain tests."""

from __future__ import annotations

import json

from advisor_app.domain.components import ComponentMenu, load_menu
from advisor_app.paths import resource


def shipped_menu() -> ComponentMenu:
    return load_menu(json.loads(resource("provider", "components.json").read_text(encoding="utf-8")))
