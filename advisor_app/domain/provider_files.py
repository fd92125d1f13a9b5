"""The provider's files, one registry: each file's name, what it holds, its one loader (which
validates it), and whether the office may publish a new copy to the laptops.

Pure rules: a loader takes the parsed JSON and returns the domain's model, or raises
``ProviderFileInvalid`` naming what is wrong (field path -> plain message). Reading the files, the
office's published copies that override the bundled ones and the last good copy are
``store/provider_files.py``; the use cases are ``services/provider_files.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationError

from advisor_app.domain.fields import ShortText, Text
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.validation import Model, errors_from, validate


class ProviderFileInvalid(ValueError):
    """A provider file that cannot be used; ``errors`` maps field paths to plain messages and
    ``str()`` is one sentence naming the file and its first problem."""

    def __init__(self, name: str, errors: dict[str, str]) -> None:
        path, message = next(iter(errors.items()), ("", N_("Please check this.")))
        super().__init__(Msg("{name} cannot be used: {where}{problem}", name=name,
                             where=f"{path}: " if path and path != "_form" else "", problem=message))
        self.name = name
        self.errors = errors


# ---- the agreement's wording (resources/provider/agreement.json) ---------------------------------


class WordingPerson(Model):
    name: ShortText = Field(min_length=1)
    role: ShortText = Field(min_length=1)


class WordingInsert(StrEnum):
    """What the pack builds into a clause from the case."""

    SERVICES = "services"  # the accepted proposal's services and their cost
    HOW_TO_SUPPORT = "how_to_support"  # from the support plan


class WordingClause(Model):
    heading: ShortText = ""
    text: Text = Field(min_length=1)
    guidance: Text = ""  # for the advisor only: shown on screen, never printed
    insert: WordingInsert | None = None
    symbol: ShortText = ""  # the picture beside it (a key of resources/symbols/symbols.json)


class WordingPart(Model):
    id: ShortText = Field(min_length=1)
    title: ShortText = Field(min_length=1)
    bookmark: ShortText = Field(min_length=1)
    clauses: list[WordingClause] = Field(min_length=1)


class AgreementWording(Model):
    version: int = Field(ge=1)
    manager: WordingPerson
    complaints_guide: ShortText = Field(min_length=1)
    parts: list[WordingPart] = Field(min_length=4, max_length=4)  # the pack's four parts


def load_wording(data: Any) -> dict[str, Any]:
    """The wording as the documents read it (a dict), once its shape is proven."""
    result = validate(AgreementWording, data)
    if not result.ok:
        raise ProviderFileInvalid("agreement.json", result.errors)
    return data


# ---- the registry ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderFile:
    name: str  # the file name, e.g. "components.json"
    holds: str  # what it holds, as the office would say it (N_)
    loader: Callable[[Any], Any]  # the parsed JSON -> the domain's model; may raise anything below
    publishable: bool  # the office may send a new copy to every laptop
    decimal: bool = False  # numbers are read as Decimal (rates and charges never pass through a float)

    def load(self, data: Any) -> Any:
        """The model, or ``ProviderFileInvalid`` naming what is wrong."""
        if not isinstance(data, dict):
            raise ProviderFileInvalid(self.name, {"_form": N_("It does not hold a JSON object.")})
        try:
            return self.loader(data)
        except ProviderFileInvalid:
            raise
        except ValidationError as exc:
            raise ProviderFileInvalid(self.name, errors_from(exc)) from None
        except ValueError as exc:  # the domain loaders' own errors carry ``errors`` field by field
            errors = getattr(exc, "errors", None)
            raise ProviderFileInvalid(self.name, errors if isinstance(errors, dict) and errors
                                      else {"_form": str(exc)}) from None

    def parse(self, text: str) -> Any:
        """The model from the file's text (JSON), or ``ProviderFileInvalid``."""
        def refuse(constant: str) -> None:
            raise ValueError(constant)

        try:
            data = json.loads(text, parse_float=Decimal if self.decimal else float, parse_constant=refuse)
        except json.JSONDecodeError as exc:
            raise ProviderFileInvalid(self.name, {"_form": Msg("It is not valid JSON ({problem}, line {line}).",
                                                               problem=exc.msg, line=exc.lineno)}) from None
        except ValueError as exc:
            raise ProviderFileInvalid(self.name, {"_form": Msg("{constant} is not a number this file can use.",
                                                               constant=str(exc))}) from None
        return self.load(data)


def _menu(data: Any) -> Any:
    from advisor_app.domain.components import load_menu

    return load_menu(data)


def _costing(data: Any) -> Any:
    from advisor_app.domain.costing import load_provider_defaults

    return load_provider_defaults(data)


def _matrix(data: Any) -> Any:
    from advisor_app.domain.risk.matrix import load_risk_matrix

    return load_risk_matrix(data)


def _policy(data: Any) -> Any:
    from advisor_app.domain.risk.guidance import load_risk_policy

    return load_risk_policy(data)


def _managers(data: Any) -> Any:
    from advisor_app.domain.managers import load_managers

    return load_managers(data)


def _organisation(data: Any) -> Any:
    from advisor_app.domain.provider import ProviderProfile

    return ProviderProfile.model_validate(data)


COMPONENTS = ProviderFile("components.json", N_("the menu of support components"), _menu, True)
COSTING = ProviderFile("costing.json", N_("the rates and charges"), _costing, True, decimal=True)
RISK_MATRIX = ProviderFile("risk_matrix.json", N_("the 5 x 5 risk matrix"), _matrix, True)
RISK_POLICY = ProviderFile("risk_policy.json", N_("the risk policy and liberty guidance"), _policy, True)
AGREEMENT = ProviderFile("agreement.json", N_("the agreement's wording"), load_wording, True)
MANAGERS = ProviderFile("managers.json", N_("the list of local managers"), _managers, True)
ORGANISATION = ProviderFile("organisation.json", N_("the organisation's details"), _organisation, False)

FILES: dict[str, ProviderFile] = {f.name: f for f in (COMPONENTS, COSTING, RISK_MATRIX, RISK_POLICY, AGREEMENT,
                                                      MANAGERS, ORGANISATION)}
PUBLISHABLE: tuple[str, ...] = tuple(name for name, f in FILES.items() if f.publishable)


def check(name: str, text: str) -> str | None:
    """What is wrong with a file someone wants to publish or install (a plain sentence), or None."""
    entry = FILES.get(name)
    if entry is None or not entry.publishable:
        return Msg("{name} is not a provider file the office can send (these are: {names}).",
                   name=name, names=", ".join(PUBLISHABLE))
    try:
        entry.parse(text)
    except ProviderFileInvalid as exc:
        return exc.args[0]
    return None
