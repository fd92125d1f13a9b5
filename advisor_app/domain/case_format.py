"""The documented, versioned JSON format for one exported case (resources/schemas/case.schema.json)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import Field, field_validator

from advisor_app.domain.case import CaseHeader, reference_problem
from advisor_app.domain.messages import Msg, N_
from advisor_app.domain.sections import validate_record, validate_section
from advisor_app.domain.validation import Model, Validation, validate

FORMAT = "advisor-app.case"
VERSION = 2  # 2 added section_ids, so a case keeps its identity from laptop to laptop
READS = (1, 2)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class ExportedCase(Model):
    format: Literal["advisor-app.case"]
    version: Literal[1, 2]
    exported_at: dt.datetime
    case_id: str = Field(max_length=64)
    header: CaseHeader
    sections: dict[str, dict[str, Any]] = Field(default_factory=dict, max_length=64)
    # Each section's record id (version 2), so the case imported elsewhere is the same case at
    # the office, not a second copy of each section. A version 1 file's sections get new ids.
    section_ids: dict[str, str] = Field(default_factory=dict, max_length=64)
    # Entities a case has many of (proposals, risk assessments...), each a list of records.
    records: dict[str, list[dict[str, Any]]] = Field(default_factory=dict, max_length=16)

    @field_validator("case_id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        if not _is_uuid(value):
            raise ValueError(N_("The case id is not a valid identifier."))
        return value

    def field_rules(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        problem = reference_problem(self.header.reference)
        if problem:
            errors["header.reference"] = problem
        for name, section_id in self.section_ids.items():
            if name not in self.sections:
                errors[f"section_ids.{name}"] = N_("There is no such section in this file.")
            elif not _is_uuid(section_id):
                errors[f"section_ids.{name}"] = N_("This is not a valid identifier.")
        for name, data in self.sections.items():
            result = validate_section(name, data)
            for path, message in result.errors.items():
                errors[f"sections.{name}.{path}"] = message
        for entity, items in self.records.items():
            if len(items) > 500:
                errors[f"records.{entity}"] = N_("This case has more records than a case can hold.")
                continue
            for index, data in enumerate(items):
                result = validate_record(entity, data)
                for path, message in result.errors.items():
                    errors[f"records.{entity}.{index}.{path}"] = message
            ids = [item.get("id") for item in items]
            if len(ids) != len(set(ids)):
                errors[f"records.{entity}"] = N_("The same record is listed twice.")
        return errors


def parse_export(data: Any) -> Validation[ExportedCase]:
    if not isinstance(data, dict):
        return Validation(errors={"_file": N_("This file is not an exported case.")})
    if data.get("format") != FORMAT:
        return Validation(errors={"format": N_("This file is not an exported case.")})
    if data.get("version") not in READS:
        return Validation(errors={"version": Msg("This case file is version {v}; this app reads versions 1 to {ours}.",
                                                   v=data.get("version"), ours=VERSION)})
    return validate(ExportedCase, data)


__all__ = ["ExportedCase", "parse_export", "FORMAT", "VERSION"]


def json_schema() -> dict[str, Any]:
    """The JSON Schema shipped as resources/schemas/case.schema.json (a test keeps them equal)."""
    from advisor_app.domain.sections import RECORD_MODELS, SECTION_MODELS

    schema = ExportedCase.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"advisor-app exported case, version {VERSION}"
    schema["description"] = ("One case exported by `advisor-app export`: its header and every saved "
                             "section. `advisor-app import` checks a file against this before writing.")
    defs = schema.setdefault("$defs", {})
    properties = {}
    for name, model in sorted(SECTION_MODELS.items()):
        section = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(section.pop("$defs", {}))
        defs[model.__name__] = section
        properties[name] = {"$ref": f"#/$defs/{model.__name__}"}
    schema["properties"]["sections"] = {"type": "object", "properties": properties, "additionalProperties": False}
    lists = {}
    for name, model in sorted(RECORD_MODELS.items()):
        record = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(record.pop("$defs", {}))
        defs[model.__name__] = record
        lists[name] = {"type": "array", "items": {"$ref": f"#/$defs/{model.__name__}"}}
    schema["properties"]["records"] = {"type": "object", "properties": lists, "additionalProperties": False}
    return schema
