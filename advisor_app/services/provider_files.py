"""Checks on provider files (menu, rates, wording) before the office publishes them or a laptop
takes them: a file that does not load changes nothing."""

from __future__ import annotations

import json

from advisor_app.domain.components import InvalidMenu, load_menu
from advisor_app.domain.costing import CostingInputError, load_provider_defaults
from advisor_app.domain.managers import InvalidManagers, load_managers

# Where each provider file lives under resources/ (an office-published copy overrides it).
MENU_FILE = ("provider", "components.json")
COSTING_FILE = ("provider", "costing.json")
MANAGERS_FILE = ("provider", "managers.json")


def check_provider_file(name: str, text: str) -> str | None:
    """A plain sentence saying what is wrong with the file, or None when it can be used."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        return f"it is not valid JSON ({exc.msg}, line {exc.lineno})."
    if not isinstance(data, dict):
        return "it does not hold a JSON object."
    try:
        if name == "components.json":
            load_menu(data)
        elif name == "costing.json":
            load_provider_defaults(data)
        elif name == "managers.json":
            load_managers(data)
    except (InvalidMenu, CostingInputError, InvalidManagers) as exc:
        errors = getattr(exc, "errors", {}) or {}
        first = next(iter(errors.items()), ("", str(exc)))
        return f"{first[0]}: {first[1]}" if first[0] else str(first[1])
    return None
