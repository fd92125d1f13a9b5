"""The office service's refusal: one plain sentence, and nothing was changed."""

from __future__ import annotations


class OfficeError(Exception):
    """An office action that cannot be done; ``str()`` says why, and nothing was changed."""
