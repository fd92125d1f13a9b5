"""The provider's files for the screens, the documents, the command line and the office: each
read through its one loader (``domain/provider_files.py``), from the copy in use
(``store/provider_files.py``: the office's published copy, else the bundled one).

The office checks a file with ``check_provider_file`` before publishing it; a laptop checks it again when it
arrives (``store.provider_files.install``) and keeps its last good file if it is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor_app.domain.provider_files import (
    AGREEMENT, COMPONENTS, COSTING, FILES, MANAGERS, ORGANISATION, PUBLISHABLE, RISK_MATRIX, RISK_POLICY,
    ProviderFileInvalid, check,
)
from advisor_app.store import provider_files as on_disk
from advisor_app.store.provider_profile import ProfileError, load_profile, logo_path, save_profile


def load(name: str) -> Any:
    """The file's model; ``ProviderFileInvalid`` only if the bundled file itself is bad."""
    return on_disk.load(name)


def location(name: str) -> Path:
    """The file in use (the office's published copy, else the bundled one), to name in a message."""
    return on_disk.path(name)


def menu() -> Any:
    """The menu of components (``ComponentMenu``)."""
    return load(COMPONENTS.name)


def costing() -> Any:
    """The rates and charges (``ProviderDefaults``), every number a Decimal."""
    return load(COSTING.name)


def risk_matrix() -> Any:
    return load(RISK_MATRIX.name)


def risk_policy() -> Any:
    return load(RISK_POLICY.name)


def agreement_wording() -> dict[str, Any]:
    return load(AGREEMENT.name)


def managers() -> Any:
    """The provider's list of local managers (``ManagerList``)."""
    return load(MANAGERS.name)


def organisation_defaults() -> Any:
    """The organisation's details as shipped (``ProviderProfile``); the saved ones override them."""
    return load(ORGANISATION.name)


def check_provider_file(name: str, text: str) -> str | None:
    """A plain sentence saying what is wrong with the file, or None when it can be published."""
    return check(name, text)


# The organisation's own details (name, address, logo) over the shipped ones: store/provider_profile.py.
__all__ = ["FILES", "PUBLISHABLE", "ProfileError", "ProviderFileInvalid", "agreement_wording", "check_provider_file",
           "costing", "load", "load_profile", "location", "logo_path", "managers", "menu", "organisation_defaults", "risk_matrix",
           "risk_policy", "save_profile"]
