"""Writes the JSON Schemas in resources/schemas/ from the domain models (`make schemas`)."""

from __future__ import annotations

import json
from typing import Any, Callable

from advisor_app.domain import case_format, costing, delivered_csv
from advisor_app.paths import resource
from advisor_app.sync import format as bundle_format

SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "case.schema.json": case_format.json_schema,
    "costing.schema.json": costing.costing_schema,
    "bundle.schema.json": bundle_format.envelope_schema,
    "bundle-device-changes.schema.json": bundle_format.device_changes_schema,
    "bundle-office-messages.schema.json": bundle_format.office_messages_schema,
    "delivered-hours.tableschema.json": delivered_csv.table_schema,
}


def render(name: str) -> str:
    return json.dumps(SCHEMAS[name](), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    for name in SCHEMAS:
        resource("schemas", name).write_text(render(name), encoding="utf-8")
        print(f"wrote resources/schemas/{name}")


if __name__ == "__main__":
    main()
