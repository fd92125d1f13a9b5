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


def resource(*parts: str) -> Path:
    """A bundled resource. (Provider files are read through ``services.provider_files``, which
    prefers the copy the office last published.)"""
    return RESOURCES.joinpath(*parts)
