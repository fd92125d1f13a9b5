"""The delivered-hours CSV: a good file is read whole; every hostile file is refused in one
sentence naming the line and the field (the service then writes nothing: tests/services)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from advisor_app.domain.budget_statement import MAX_ROWS, Unit, plan_parts
from advisor_app.domain.delivered_csv import COLUMNS, MAX_BYTES, CsvRefused, parse_delivered_csv, table_schema
from advisor_app.paths import resource
from tests.domain.test_budget_statement import PROPOSAL, START, statement

PARTS = plan_parts(PROPOSAL)
HEADER = "date,support,unit,amount,staff,note\n"


def parse(text: str | bytes, **changes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_delivered_csv(raw, PARTS, statement(**changes))


def refused(text: str | bytes, **changes) -> str:
    with pytest.raises(CsvRefused) as caught:
        parse(text, **changes)
    message = str(caught.value)
    assert "\n" not in message and message.endswith((".", ")")), message  # one sentence, one line
    return message


def test_a_good_file_in_any_column_order_with_the_ways_a_rota_writes_things():
    text = ("\ufeffamount,date,support,unit,staff\r\n"
            "5,2026-05-04,1,hours,Amy\r\n"
            "1,05/05/2026,Days and a sleep-in,sleep_in,Amy\r\n"
            "\r\n"  # blank lines are skipped
            "2.25,06/05/2026,  cooking ,,\r\n"  # the part's key, any case and spacing; no unit: hours
            "\"3\",2026-05-07,days and a SLEEP-IN,hours,\"Clarke, Amy\"\r\n")
    parsed = parse(text)
    assert parsed.lines == 4
    assert [(r.worked_on, r.part, r.unit, r.amount) for r in parsed.rows] == [
        (START, "days", Unit.HOURS, D(5)), (dt.date(2026, 5, 5), "days", Unit.SLEEP_IN, D(1)),
        (dt.date(2026, 5, 6), "cooking", Unit.HOURS, D("2.25")), (dt.date(2026, 5, 7), "days", Unit.HOURS, D(3))]
    assert parsed.rows[3].staff == "Clarke, Amy"


@pytest.mark.parametrize("text, message", [
    # wrong columns
    ("date,support,hours\n2026-05-04,1,5\n",
     "Line 1: “hours” is not a column of this format (the columns are: date, support, unit, amount, staff, note)."),
    ("date,support\n2026-05-04,1\n", "Line 1: the column “amount” is missing (the header must name date, support, "
                                     "amount)."),
    ("date,support,amount,date\n", "Line 1: the column “date” appears twice."),
    (HEADER + "2026-05-04,1,hours,5\n", "Line 2: it has 4 fields; the header has 6."),
    # bad dates
    (HEADER + "2026-02-30,1,hours,5,,\n", "Line 2, date: “2026-02-30” is not a real date."),
    (HEADER + "31/02/2026,1,hours,5,,\n", "Line 2, date: “31/02/2026” is not a real date."),
    (HEADER + "next tuesday,1,hours,5,,\n",
     "Line 2, date: “next tuesday” is not a date. Write dates like 2026-04-06 or 06/04/2026."),
    (HEADER + ",1,hours,5,,\n", "Line 2, date: “” is not a date. Write dates like 2026-04-06 or 06/04/2026."),
    (HEADER + "2027-05-04,1,hours,5,,\n",
     "Line 2, date: This date is outside the statement's weeks (2026-05-04 to 2026-05-31)."),
    # negative, zero, too many hours, not a number
    (HEADER + "2026-05-04,1,hours,-5,,\n", "Line 2, amount: The amount cannot be negative."),
    (HEADER + "2026-05-04,1,hours,0,,\n",
     "Line 2, amount: The amount must be more than 0 (leave out days with nothing delivered)."),
    (HEADER + "2026-05-04,1,hours,25,,\n", "Line 2, amount: 25 hours is more than a day has."),
    (HEADER + "2026-05-04,1,hours,2.125,,\n",
     "Line 2, amount: Please give hours with at most two decimal places, like 7.25."),
    (HEADER + "2026-05-04,1,hours,five,,\n", "Line 2, amount: “five” is not a number."),
    (HEADER + "2026-05-04,1,hours,1e3,,\n", "Line 2, amount: “1e3” is not a number."),
    (HEADER + "2026-05-04,1,hours,NaN,,\n", "Line 2, amount: “NaN” is not a number."),
    (HEADER + "2026-05-04,1,sleep_in,1.5,,\n", "Line 2, amount: Nights are a whole number, 1 to 7."),
    # the plan does not have it
    (HEADER + "2026-05-04,9,hours,5,,\n", "Line 2, support: there is no part of the plan called “9” (give the "
                                          "part's number as the statement lists it, or its name)."),
    (HEADER + "2026-05-04,1,waking_night,1,,\n",
     "Line 2, unit: The plan has no waking nights for “Days and a sleep-in”."),
    (HEADER + "2026-05-04,1,minutes,5,,\n",
     "Line 2, unit: “minutes” is not a unit (use hours, sleep_in or waking_night)."),
    (HEADER + "2026-05-04,management,hours,5,,\n",
     "Line 2, support: Management support is charged as agreed; its hours are not recorded here."),
    # shapes
    ("", "The file is empty."),
    ("\n\n", "The file is empty."),
    (HEADER, "The file has a header but no lines of delivered hours."),
    (HEADER + "2026-05-04,1,hours,5,\"unclosed,\n", None),
])
def test_a_hostile_file_is_refused_naming_the_line_and_the_field(text, message):
    said = refused(text)
    if message is not None:
        assert said == message
    else:
        assert said.startswith("Line 2")


def test_problems_further_down_name_their_own_line():
    good = "".join(f"2026-05-{4 + d:02d},1,hours,5,,\n" for d in range(10))
    assert refused(HEADER + good + "2026-05-20,1,hours,-1,,\n") == "Line 12, amount: The amount cannot be negative."
    # a quoted line break inside a note counts as lines of the file
    assert refused(HEADER + "2026-05-04,1,hours,5,,\"two\nlines\"\n2026-05-05,1,hours,x,,\n").startswith("Line 4")


def test_parts_bought_once_must_belong_to_the_statement():
    assert refused(HEADER + "2026-05-04,cooking,hours,2,,\n", once_parts=[]) == (
        "Line 2, support: “Cooking course” is bought once and is not part of this statement.")


def test_huge_binary_and_foreign_files():
    huge = (HEADER + "2026-05-04,1,hours,5,,\n" * (MAX_BYTES // 20)).encode()
    assert len(huge) > MAX_BYTES
    assert refused(huge).startswith("The file is 2.") and "at most 2 MB" in refused(huge)
    many = (HEADER + "2026-05-04,1,hours,1,,\n" * (MAX_ROWS + 1)).encode()
    assert len(many) < MAX_BYTES
    assert refused(many) == "The file has more than 10,000 lines of delivered hours. Split it by month."
    assert refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == "This is not a CSV text file (it holds binary data)."
    assert refused(HEADER.encode() + "2026-05-04,1,hours,5,Zoë,\n".encode("latin-1")) == (
        "The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”.")
    long_field = HEADER + "2026-05-04,1,hours,5,," + "x" * 200_000 + "\n"
    assert refused(long_field).startswith("Line 2")
    assert refused(HEADER + "2026-05-04,1,hours,5," + "S" * 201 + ",\n") == (
        "Line 2, staff: please keep this to 200 characters or fewer.")


def test_the_shipped_schema_describes_the_parser_columns():
    shipped = json.loads(resource("schemas", "delivered-hours.tableschema.json").read_text(encoding="utf-8"))
    assert shipped == table_schema()
    assert [f["name"] for f in shipped["fields"]] == [c.name for c in COLUMNS]
    assert [f["constraints"]["required"] for f in shipped["fields"]] == [c.required for c in COLUMNS]


def test_the_example_file_in_resources_is_read():
    raw = resource("examples", "delivered-hours-example.csv").read_bytes()
    assert parse(raw).lines > 0
