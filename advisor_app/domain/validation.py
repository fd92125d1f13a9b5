"""Validation that answers in plain English, field by field.

``validate(Model, data)`` returns either the model or a mapping of dotted field paths
(``"contact.phone"``, ``"members.2.name"``) to a short message a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from advisor_app.domain.messages import N_, Msg

M = TypeVar("M", bound=BaseModel)


class Model(BaseModel):
    """Base for every domain model: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True,
                              # Build validators on first use, not at import: the launch to the unlock
                              # screen (budget 1 s) would otherwise build every model (about 0.3 s).
                              defer_build=True)


@dataclass
class Validation(Generic[M]):
    value: M | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if not (isinstance(part, str) and "[" in part))


def plain_message(error: dict[str, Any]) -> str:
    """One pydantic error as a short, specific sentence."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return N_("This is needed.")
    if kind == "extra_forbidden":
        return N_("This field is not part of the form.")
    if kind == "string_too_long":
        return Msg("Please keep this to {n} characters or fewer.", n=ctx.get("max_length"))
    if kind == "string_too_short":
        return N_("Please fill this in.")
    if kind in ("string_type", "str_type"):
        return N_("Please enter text here.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return N_("Please enter a whole number.")
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return N_("Please enter a number, like 12.50.")
    if kind in ("decimal_max_places",):
        return N_("Please use no more than two decimal places (pounds and pence).")
    if kind in ("greater_than_equal", "greater_than"):
        return Msg("Please enter {limit} or more.", limit=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return Msg("Please enter {limit} or less.", limit=ctx.get("le", ctx.get("lt")))
    if kind.startswith("date") or kind.startswith("datetime"):
        return N_("Please enter a real date, like 2026-03-14.")
    if kind in ("enum", "literal_error"):
        return N_("Please choose one of the options.")
    if kind in ("bool_parsing", "bool_type"):
        return N_("Please answer yes or no.")
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return N_("This is in the wrong shape.")
    if kind == "too_long":
        return Msg("Please keep this list to {n} entries or fewer.", n=ctx.get("max_length"))
    if kind == "uuid_parsing" or kind == "uuid_type":
        return N_("This is not a valid identifier.")
    if kind == "value_error":
        # Our own validators raise ValueError with a plain message as the only argument.
        err = ctx.get("error")
        if isinstance(err, Exception) and err.args and isinstance(err.args[0], str):
            return err.args[0]  # keeps a Msg's template for translation
        return str(err) if err is not None else N_("Please check this.")
    return N_("Please check this.")


def errors_from(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        path = field_path(tuple(err.get("loc", ()))) or "_form"
        errors.setdefault(path, plain_message(err))
    return errors


def reminders(value: BaseModel) -> dict[str, str]:
    """A model's soft rules (its ``reminders`` method): shown beside fields, never a reason to
    refuse a save."""
    method = getattr(value, "reminders", None)
    return method() if callable(method) else {}


def validate(model: type[M], data: Any) -> Validation[M]:
    """Parse ``data``; then apply the model's hard cross-field rules (``field_rules``), if any.

    Hard rules refuse what can never be right. Anything merely unfinished is a soft note, so
    an autosave never loses what the advisor typed."""
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        return Validation(errors=errors_from(exc))
    rules = getattr(value, "field_rules", None)
    errors = rules() if callable(rules) else {}
    return Validation(errors=errors) if errors else Validation(value=value)
