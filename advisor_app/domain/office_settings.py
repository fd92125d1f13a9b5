"""The office's own settings: each declared once, with its type, default and limits (as the laptop's
settings are in ``advisor_app/settings.py``). The office store keeps a changed value in
``office_meta`` under ``setting.<name>``; only an administrator changes one (domain/office_users.py).

Pure: reading a stored value (a missing or damaged one is the default) and checking a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor_app.domain.messages import N_, Msg

META_PREFIX = "setting."


@dataclass(frozen=True)
class OfficeSetting:
    name: str
    label: str  # N_: what the setting is, where it is changed
    default: int
    minimum: int
    maximum: int

    @property
    def meta_key(self) -> str:
        return META_PREFIX + self.name

    def read(self, stored: str | None) -> int:
        """The value in use: the stored one, or the default when none (or a damaged one) is stored."""
        try:
            value = int(stored) if stored is not None else self.default
        except ValueError:
            return self.default
        return value if self.minimum <= value <= self.maximum else self.default

    def problem(self, value: object) -> str | None:
        """Why ``value`` cannot be this setting (one sentence), or None."""
        if isinstance(value, bool) or not isinstance(value, int) or not self.minimum <= value <= self.maximum:
            return Msg("“{setting}” is a whole number from {low} to {high}, so nothing was changed.",
                       setting=self.label, low=self.minimum, high=self.maximum)
        return None


# The worklist lists a laptop that has not synced for this many days (or never, this long after
# it was enrolled): an advisor may be ill, or the laptop lost, and the office's copy is getting old.
LAPTOP_QUIET_DAYS = OfficeSetting("laptop_quiet_days", N_("Days without a sync before a laptop is listed"),
                                  default=14, minimum=1, maximum=365)

SETTINGS: dict[str, OfficeSetting] = {s.name: s for s in (LAPTOP_QUIET_DAYS,)}
