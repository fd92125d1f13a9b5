"""The provider's details for documents: shipped defaults, overridden by the organisation's own.

Defaults come from ``resources/provider/organisation.json``; the organisation's own details are
``provider.json`` in ``paths.config_dir()``, with its logo copied beside it. Only the fields the
file gives override the defaults. A damaged or invalid file is logged and the defaults are used,
so a document can always be made. Not personal data: the organisation's public details.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from advisor_app import paths
from advisor_app.domain.provider import LOGO_SUFFIXES, ProviderProfile
from advisor_app.domain.provider_files import ORGANISATION
from advisor_app.store import provider_files
from advisor_app.domain.validation import validate

log = logging.getLogger(__name__)

FILE_NAME = "provider.json"
LOGO_STEM = "provider-logo"
MAX_LOGO_BYTES = 5 * 1024 * 1024


class ProfileError(ValueError):
    """Details that cannot be saved; ``errors`` maps field names to plain messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))
        self.errors = errors


def profile_file() -> Path:
    return paths.config_dir() / FILE_NAME


def _read_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def default_profile() -> ProviderProfile:
    return provider_files.load(ORGANISATION.name)


def load_profile() -> ProviderProfile:
    """The organisation's details: the shipped defaults with the saved overrides on top."""
    shipped = default_profile()
    defaults = shipped.model_dump(mode="json")
    path = profile_file()
    if not path.exists():
        return shipped
    try:
        overrides = _read_json(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        log.warning("Ignoring %s (%s); using the shipped provider details.", path, exc)
        return shipped
    result = validate(ProviderProfile, {**defaults, **overrides})
    if not result.ok:
        log.warning("Ignoring %s (%s); using the shipped provider details.", path, result.errors)
        return shipped
    return result.value


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".provider-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_logo(source: Path) -> None:
    from reportlab.lib.utils import ImageReader

    if source.suffix.lower() not in LOGO_SUFFIXES:
        raise ProfileError({"logo": "The logo must be a PNG or JPEG picture."})
    if source.stat().st_size > MAX_LOGO_BYTES:
        raise ProfileError({"logo": "The logo picture is too large (the limit is 5 MB)."})
    try:
        width, height = ImageReader(str(source)).getSize()
    except Exception:  # reportlab/PIL raise many kinds of error for a damaged picture
        raise ProfileError({"logo": "This picture cannot be read. Please choose a PNG or JPEG file."}) from None
    if not (width and height):
        raise ProfileError({"logo": "This picture is empty."})


def save_profile(profile: ProviderProfile, *, logo_from: Path | None = None) -> ProviderProfile:
    """Save the organisation's details; with ``logo_from``, copy that picture in as the logo.

    Returns the profile as saved (its ``logo`` names the copied file)."""
    result = validate(ProviderProfile, profile.model_dump(mode="json"))
    if not result.ok:
        raise ProfileError(result.errors)
    if logo_from is not None:
        source = Path(logo_from)
        _check_logo(source)
        name = LOGO_STEM + source.suffix.lower()
        target = paths.config_dir() / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.resolve() != target.resolve():
            shutil.copyfile(source, target)
        profile = profile.model_copy(update={"logo": name})
    text = json.dumps(profile.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    _write_atomically(profile_file(), text)
    return profile


def logo_path(profile: ProviderProfile) -> Path | None:
    """The logo's file: a copy in the config folder first, else the shipped one; None if absent."""
    if not profile.logo:
        return None
    for folder in (paths.config_dir(), paths.resource("provider")):
        candidate = folder / profile.logo
        if candidate.is_file():
            return candidate
    log.warning("The provider logo %s is missing; documents are made without it.", profile.logo)
    return None
