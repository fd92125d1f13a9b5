"""The app's own preferences: declared options with defaults, a version and upgrade steps.

Modelled on Picard's ``config.py`` / ``config_upgrade.py``: every option is declared once with
its type and default; the file records the settings version it was written with, and each
upgrade step brings an older file forward one version. Settings never hold personal data
(no names, no case details, no passphrases): they live in a plain JSON file in
``paths.config_dir()`` and are written atomically (temporary file, fsync, rename).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from advisor_app import paths

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
VERSION = 2

TEXT_SCALES = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
MIN_AUTO_LOCK_MINUTES = 1
MAX_AUTO_LOCK_MINUTES = 60
# While the family holds the laptop (reading together, signing) the screen pauses, rather than
# locks, after this long without a touch (domain/family_mode.py: never shorter than the above).
MIN_FAMILY_IDLE_MINUTES = 5
MAX_FAMILY_IDLE_MINUTES = 120


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    kind: type
    check: Callable[[Any], bool] = lambda value: True

    def accept(self, value: Any) -> Any:
        """The value if it has the right type and passes the check, else the default."""
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.kind is not type(None) and not isinstance(value, self.kind):
            return self.default
        if isinstance(value, bool) and self.kind is not bool:
            return self.default
        return value if self.check(value) else self.default


def _optional_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


OPTIONS: dict[str, Option] = {
    option.name: option
    for option in (
        Option("auto_lock_minutes", 5, int,
               lambda v: MIN_AUTO_LOCK_MINUTES <= v <= MAX_AUTO_LOCK_MINUTES),
        Option("family_idle_minutes", 20, int,
               lambda v: MIN_FAMILY_IDLE_MINUTES <= v <= MAX_FAMILY_IDLE_MINUTES),
        Option("text_scale", 1.0, float, lambda v: 0.8 <= v <= 2.5),
        Option("high_contrast", False, bool),
        Option("language", "en", str, lambda v: 1 < len(v) <= 16 and v.replace("_", "").isalnum()),
        Option("last_store_dir", "", str),
    )
}


# -- upgrade steps: each takes the settings of version N-1 and returns version N ----------------
def _upgrade_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 stored the idle time in seconds as ``lock_after_seconds`` and a text size as a
    percentage ``font_percent``; version 2 uses minutes and a scale factor."""
    out = dict(data)
    seconds = out.pop("lock_after_seconds", None)
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and "auto_lock_minutes" not in out:
        out["auto_lock_minutes"] = max(MIN_AUTO_LOCK_MINUTES, round(seconds / 60))
    percent = out.pop("font_percent", None)
    if isinstance(percent, (int, float)) and not isinstance(percent, bool) and "text_scale" not in out:
        out["text_scale"] = round(percent / 100, 2)
    return out


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    2: _upgrade_to_2,
}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring settings from any earlier version to ``VERSION``, one step at a time."""
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        version = 1
    out = {k: v for k, v in data.items() if k != "version"}
    for step in range(version + 1, VERSION + 1):
        out = UPGRADES[step](out)
    return out


class Settings:
    """The current settings, read from and written to one JSON file."""

    def __init__(self, path: Path | None = None, values: dict[str, Any] | None = None):
        self.path = path or (paths.config_dir() / FILE_NAME)
        self._values = {name: option.default for name, option in OPTIONS.items()}
        for name, value in (values or {}).items():
            self.set(name, value)

    # -- values ---------------------------------------------------------------------------
    def get(self, name: str) -> Any:
        return self._values[name]

    def set(self, name: str, value: Any) -> None:
        option = OPTIONS.get(name)
        if option is None:
            raise KeyError(name)
        self._values[name] = option.accept(value)

    def reset(self, name: str) -> None:
        self._values[name] = OPTIONS[name].default

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in OPTIONS:
            raise AttributeError(name)
        return self._values[name]

    # -- the file -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        """Read the file; a missing or unreadable file gives the defaults (and is not fatal)."""
        settings = cls(path)
        try:
            raw = json.loads(settings.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            log.warning("Settings file %s could not be read (%s); using defaults.", settings.path, exc)
            return settings
        if not isinstance(raw, dict):
            return settings
        version = raw.get("version", 1)
        if isinstance(version, int) and version > VERSION:
            log.warning("Settings file %s is from a newer version (%s); reading what we know.",
                        settings.path, version)
            data = {k: v for k, v in raw.items() if k != "version"}
        else:
            data = upgrade(raw)
        for name, value in data.items():
            if name in OPTIONS:
                settings.set(name, value)
        return settings

    def save(self) -> None:
        """Write atomically: a crash leaves either the old file or the new one, never half."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": VERSION, **self._values}, indent=2, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
