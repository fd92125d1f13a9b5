"""The CSV format for delivered hours, from a rota or timesheet system (docs/delivered-hours.md,
``resources/schemas/delivered-hours.tableschema.json``).

One header line, then one line per day, part of the plan and unit::

    date,support,unit,amount,staff,note
    2026-04-06,1,hours,5,Sam Lee,Café shift
    2026-04-10,Personal care and support,sleep_in,1,Sam Lee,

A file is taken whole or not at all: the first problem refuses it with one sentence naming the
line and the field, and nothing is written. Pure: bytes in, rows or the sentence out.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from pydantic import ValidationError

from advisor_app.domain.budget_statement import (
    MAX_AMOUNT,
    MAX_ROWS,
    NIGHTS,
    BudgetStatement,
    DeliveredRow,
    PlanPart,
    Unit,
    row_problem,
)
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.validation import errors_from

MAX_BYTES = 2 * 1024 * 1024
MAX_STAFF, MAX_NOTE = 200, 2000


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type
    required: bool
    description: str
    pattern: str | None = None
    enum: tuple[str, ...] | None = None


COLUMNS: tuple[Column, ...] = (
    Column("date", "date", True, "The day the support was given: 2026-04-06 or 06/04/2026.",
           pattern=r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"),
    Column("support", "string", True, "The part of the plan: its number as the statement lists it (1, 2, ...) "
           "or its name as the statement shows it."),
    Column("unit", "string", False, "hours (when empty), sleep_in or waking_night.",
           enum=tuple(u.value for u in Unit)),
    Column("amount", "number", True, "Hours (more than 0, at most 24, up to two decimal places), or a whole "
           "number of nights (1 to 7).", pattern=r"^\d+(\.\d{1,2})?$"),
    Column("staff", "string", False, "Who gave the support (optional)."),
    Column("note", "string", False, "Anything worth knowing (optional)."),
)
NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
UNIT_WORDS = {"": Unit.HOURS, **{unit.value: unit for unit in Unit}}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class CsvRefused(ValueError):
    """The file cannot be taken; ``str()`` is one sentence naming the line and the field."""


@dataclass
class ParsedFile:
    rows: list[DeliveredRow] = field(default_factory=list)
    lines: int = 0  # data lines read (blank lines are skipped)


def _at(line: int, column: str | None, message: str) -> CsvRefused:
    if column:
        return CsvRefused(Msg("Line {line}, {column}: {problem}", line=line, column=column, problem=message))
    return CsvRefused(Msg("Line {line}: {problem}", line=line, problem=message))


def _text(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise CsvRefused(Msg("The file is {mb} MB; a file of delivered hours can be at most 2 MB. Split it by "
                             "month and import each part.", mb=round(len(raw) / 1048576, 1)))
    if not raw.strip():
        raise CsvRefused(N_("The file is empty."))
    if b"\x00" in raw:
        raise CsvRefused(N_("This is not a CSV text file (it holds binary data)."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvRefused(N_("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”.")) from None


def _date(text: str) -> Any:
    import datetime as dt

    for pattern, order in ((_ISO, (0, 1, 2)), (_DMY, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            year, month, day = (parts[i] for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(Msg("“{text}” is not a real date.", text=text)) from None
    raise ValueError(Msg("“{text}” is not a date. Write dates like 2026-04-06 or 06/04/2026.", text=text))


def _amount(text: str, unit: Unit) -> Decimal:
    if not text:
        raise ValueError(N_("The amount is missing."))
    if not _NUMBER.match(text):
        raise ValueError(Msg("“{text}” is not a number.", text=text))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(Msg("“{text}” is not a number.", text=text)) from None
    if value < 0:
        raise ValueError(N_("The amount cannot be negative."))
    if value == 0:
        raise ValueError(N_("The amount must be more than 0 (leave out days with nothing delivered)."))
    if unit in NIGHTS:
        if value != value.to_integral_value() or value > MAX_AMOUNT[unit]:
            raise ValueError(N_("Nights are a whole number, 1 to 7."))
    elif value > MAX_AMOUNT[unit]:
        raise ValueError(Msg("{text} hours is more than a day has.", text=text))
    elif value != value.quantize(Decimal("0.01")):
        raise ValueError(N_("Please give hours with at most two decimal places, like 7.25."))
    return value


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def part_lookup(parts: Iterable[PlanPart]) -> dict[str, PlanPart]:
    """What the ``support`` column may say for each part: its number, its key, or its name."""
    lookup: dict[str, PlanPart] = {}
    for part in parts:
        for name in (str(part.number), part.key, part.name):
            lookup.setdefault(_key(name), part)
    return lookup


def _header(row: list[str], line: int) -> dict[str, int]:
    names = [cell.strip().lower() for cell in row]
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in NAMES:
            raise _at(line, None, Msg("“{name}” is not a column of this format (the columns are: {names}).",
                                      name=name, names=", ".join(NAMES)))
        if name in positions:
            raise _at(line, None, Msg("the column “{name}” appears twice.", name=name))
        positions[name] = index
    for name in REQUIRED:
        if name not in positions:
            raise _at(line, None, Msg("the column “{name}” is missing (the header must name {required}).",
                                      name=name, required=", ".join(REQUIRED)))
    return positions


def parse_delivered_csv(raw: bytes, parts: Iterable[PlanPart], statement: BudgetStatement) -> ParsedFile:
    """Every row of the file, checked against the plan and the statement's weeks; raises
    ``CsvRefused`` at the first problem."""
    text = _text(raw)
    lookup = part_lookup(parts)
    by_key = {p.key: p for p in lookup.values()}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = ParsedFile()
    positions: dict[str, int] | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if positions is None:
                positions = _header(row, line)
                continue
            if len(row) != len(positions):
                raise _at(line, None, Msg("it has {n} fields; the header has {m}.", n=len(row), m=len(positions)))
            if parsed.lines >= MAX_ROWS:
                raise CsvRefused(Msg("The file has more than {n} lines of delivered hours. Split it by month.",
                                     n=f"{MAX_ROWS:,}"))
            parsed.lines += 1
            parsed.rows.append(_row(row, positions, line, lookup, by_key, statement))
    except csv.Error as exc:
        raise _at(reader.line_num, None, Msg("the line cannot be read as CSV ({reason}).", reason=str(exc))) from None
    if positions is None:
        raise CsvRefused(N_("The file is empty."))
    if not parsed.rows:
        raise CsvRefused(N_("The file has a header but no lines of delivered hours."))
    return parsed


def _row(row: list[str], positions: dict[str, int], line: int, lookup: dict[str, PlanPart],
         by_key: dict[str, PlanPart], statement: BudgetStatement) -> DeliveredRow:
    def cell(name: str) -> str:
        return row[positions[name]].strip() if name in positions else ""

    try:
        worked_on = _date(cell("date"))
    except ValueError as exc:
        raise _at(line, "date", exc.args[0]) from None
    support = cell("support")
    part = lookup.get(_key(support))
    if part is None:
        raise _at(line, "support", Msg("there is no part of the plan called “{text}” (give the part's number "
                                       "as the statement lists it, or its name).", text=support))
    unit_text = cell("unit")
    if unit_text not in UNIT_WORDS:
        raise _at(line, "unit", Msg("“{text}” is not a unit (use hours, sleep_in or waking_night).", text=unit_text))
    unit = UNIT_WORDS[unit_text]
    try:
        amount = _amount(cell("amount"), unit)
    except ValueError as exc:
        raise _at(line, "amount", exc.args[0]) from None
    for name, limit in (("staff", MAX_STAFF), ("note", MAX_NOTE)):
        if len(cell(name)) > limit:
            raise _at(line, name, Msg("please keep this to {n} characters or fewer.", n=limit))
    try:
        parsed = DeliveredRow(worked_on=worked_on, part=part.key, unit=unit, amount=amount, staff=cell("staff"),
                              note=cell("note"))
    except ValidationError as exc:
        path, message = next(iter(errors_from(exc).items()))
        raise _at(line, path, message) from None
    problems = parsed.field_rules()
    if problems:
        raise _at(line, "amount", next(iter(problems.values())))
    problem = row_problem(parsed, by_key, statement)
    if problem:
        column = {"worked_on": "date", "part": "support"}.get(problem[0], problem[0])
        raise _at(line, column, problem[1])
    return parsed


def table_schema() -> dict[str, Any]:
    """The format as a Frictionless Table Schema (resources/schemas/delivered-hours.tableschema.json)."""
    fields = []
    for column in COLUMNS:
        constraints: dict[str, Any] = {"required": column.required}
        if column.pattern:
            constraints["pattern"] = column.pattern
        if column.enum:
            constraints["enum"] = ["", *column.enum] if not column.required else list(column.enum)
        fields.append({"name": column.name, "type": "string" if column.pattern or column.enum else column.type,
                       "description": column.description, "constraints": constraints})
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "title": "Delivered hours, from a rota or timesheet system",
        "description": ("One header line naming the columns (any order; date, support and amount are needed), then "
                        "one line per day, part of the plan and unit. UTF-8, comma separated, at most 2 MB and "
                        f"{MAX_ROWS} lines. See docs/delivered-hours.md."),
        "fields": fields,
        "missingValues": [""],
    }
