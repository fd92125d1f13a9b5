"""Where things live on disk. Environment overrides keep tests in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from advisor_app import APP_NAME

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    return Path(os.environ.get("ADVISOR_APP_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(os.environ.get("ADVISOR_APP_CONFIG_DIR") or user_config_dir(APP_NAME, appauthor=False))


def default_store_dir() -> Path:
    return data_dir() / "store"


def demo_store_dir() -> Path:
    return data_dir() / "demo-store"


# Provider files the office may publish to laptops (sync: "provider" messages). Not personal
# data: the organisation's menu, rates and wording, so they are plain files.
PUBLISHABLE = ("components.json", "costing.json", "agreement.json", "risk_matrix.json",
               "risk_policy.json", "managers.json")


def published_dir() -> Path:
    return data_dir() / "published"


def resource(*parts: str) -> Path:
    """A bundled resource, or for provider files the copy the office last published, if any."""
    if len(parts) == 2 and parts[0] == "provider" and parts[1] in PUBLISHABLE:
        published = published_dir() / parts[1]
        if published.is_file():
            return published
    return RESOURCES.joinpath(*parts)
