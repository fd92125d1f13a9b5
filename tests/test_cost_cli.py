"""The headless command, run for real: `python -m advisor_app.cli.cost FILE [--json]`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from copy import deepcopy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from advisor_app.cli import cost as costing_cli
from advisor_app.paths import resource
from advisor_app.store import provider_files

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = resource("examples", "costing-example.json")
MONEY = "Please write money as pounds and pence, like 12.50."


def cost(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "advisor_app.cli.cost", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any, name: str = "costing.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_prices_the_worked_example_as_json():
    done = cost(str(EXAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = json.loads(done.stdout)
    assert out["weekly_ongoing_total"] == "1170.02"
    assert out["annual_ongoing_total"] == "61598.29"
    assert out["first_year_total"] == "65202.82"
    assert out["budget"] == {
        "amount": "1270.00",
        "period": "week",
        "annual": "66040.00",
        "difference": "837.18",
        "status": "under",
    }
    assert [line["name"] for line in out["lines"]][-1] == "Emergency contingency"


def test_prints_a_readable_breakdown_and_the_budget_check():
    done = cost(str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "Sam: support design, version 2 (example)" in text
    assert "central 8.5%, regional 5%, surplus 3%" in text
    assert "Total a week" in text and "1,170.02" in text
    assert "(shared by 3: this person's share)" in text
    assert "First year total            £65,202.82" in text
    assert "£837.18 a year under budget." in text
    assert "Travelling to work by bus alone: support continues at £15.00 an hour." in text


def test_fit_to_budget_from_the_command_line(tmp_path):
    data = {**example(), "mode": "fit-to-budget"}
    done = cost(write(tmp_path, data), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["management_hours_affordable"] == 22
    assert out["budget"]["status"] == "under" and out["budget"]["difference"] == "4.20"
    text = cost(write(tmp_path, data)).stdout
    assert "The budget affords up to 22 hours of management support a year (charges included)." in text


def test_sections_left_out_come_from_the_provider_defaults(tmp_path):
    data = {"components": [{"name": "Support", "kind": "on-going", "hours_per_week": {"day": 10}}]}
    done = cost(write(tmp_path, data), "--json")
    assert done.returncode == 0, done.stderr
    provider = json.loads(resource("provider", "costing.json").read_text(encoding="utf-8"))
    day = Decimal(provider["rates"]["day"])
    assert json.loads(done.stdout)["lines"][0]["direct_cost"] == f"{10 * day:.2f}"
    text = cost(write(tmp_path, data)).stdout
    sections = "weeks_per_year, rates, management_rate, overheads, optional_functions"
    assert f"From the provider's defaults: {sections}." in text
    assert "No budget given." in text


def component(**fields: Any) -> dict[str, Any]:
    return {"name": "Personal care", "kind": "on-going", **fields}


def with_changes(**changes: Any) -> dict[str, Any]:
    data = deepcopy(example())
    data.update(changes)
    return data


def components(*extra: dict[str, Any]) -> dict[str, Any]:
    data = deepcopy(example())
    data["components"] = data["components"][:2] + list(extra)
    return data


BAD_INPUT = {
    "negative hours": (
        components(component(hours_per_week={"day": -4})),
        ["components.2.hours_per_week.day: Please enter 0 or more."],
    ),
    "unknown band": (
        components(component(hours_per_week={"night": 4})),
        ["components.2.hours_per_week.night: Please use one of: day, evening, weekend, bank_holiday."],
    ),
    "missing rate": (
        {**components(component(hours_per_week={"bank_holiday": 8})),
         "rates": {"day": "18.95", "evening": "19.90", "weekend": "20.85", "sleep_in": "105.00"}},
        ['rates.bank_holiday: Please give the bank_holiday rate: "Personal care" uses it.'],
    ),
    "missing optional function rate": (
        components(component(optional_function="Housing team", function_hours_per_week=1)),
        ['components.2.optional_function: There is no rate for "Housing team" in optional_functions.'],
    ),
    "percentage over 100": (
        with_changes(overheads={"central_pct": "8.5", "regional_pct": "105", "surplus_pct": "3"}),
        ["overheads.regional_pct: Please enter 100 or less."],
    ),
    "malformed money": (
        components(component(fixed_price="12.5.0")),
        [f"components.2.fixed_price: {MONEY}"],
    ),
    "money as a number": (
        with_changes(contingency=750),
        [f"contingency: {MONEY}"],
    ),
    "unknown field": (
        with_changes(budgett={"amount": "1.00", "period": "week"}),
        ["budgett: This field is not part of the form."],
    ),
    "fixed-term without weeks": (
        components({"name": "Coaching", "kind": "fixed-term", "hours_per_week": {"day": 2}}),
        ["components.2.weeks: Please say how many weeks this fixed-term support lasts."],
    ),
    "fit-to-budget without a budget": (
        {**with_changes(mode="fit-to-budget"), "budget": None},
        ["budget: To fit to a budget, please give the budget."],
    ),
    "several problems": (
        with_changes(weeks_per_year=0, contingency="lots"),
        ["weeks_per_year: Please enter 1 or more.", f"contingency: {MONEY}"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_names_each_field_and_exits_1(tmp_path, case):
    data, expected = BAD_INPUT[case]
    done = cost(write(tmp_path, data))
    assert done.returncode == 1
    assert done.stdout == ""
    assert sorted(done.stderr.splitlines()) == sorted(expected)


def test_bad_input_with_json_output_still_reports_on_stderr(tmp_path):
    done = cost(write(tmp_path, components(component(hours_per_week={"day": -4}))), "--json")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "components.2.hours_per_week.day: Please enter 0 or more.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "This is not valid JSON "
         "(Expecting property name enclosed in double quotes at line 1, column 2)."),
        ("[1, 2]", "A costing file holds one JSON object, in { }."),
        ('{"contingency": NaN}', "NaN is not a number this file can use."),
    ],
)
def test_a_file_that_is_not_a_costing(tmp_path, content, message):
    path = write(tmp_path, content)
    done = cost(path)
    assert done.returncode == 1
    assert done.stderr == f"{path}: {message}\n"


def test_a_missing_file(tmp_path):
    path = str(tmp_path / "nowhere.json")
    done = cost(path)
    assert (done.returncode, done.stderr) == (1, f"{path}: There is no such file.\n")


@pytest.mark.parametrize("args", [[], ["a.json", "b.json"], [str(EXAMPLE), "--yaml"]])
def test_wrong_usage_exits_2(args):
    done = cost(*args)
    assert done.returncode == 2
    assert "usage: advisor-app cost" in done.stderr


def test_run_writes_to_the_streams_it_is_given():
    out, err = io.StringIO(), io.StringIO()
    assert costing_cli.run(str(EXAMPLE), True, out=out, err=err) == 0
    assert json.loads(out.getvalue())["first_year_total"] == "65202.82"
    assert err.getvalue() == ""


def test_the_documented_example_output_is_what_the_command_prints():
    docs = (ROOT / "docs" / "costing.md").read_text(encoding="utf-8")
    command = "$ advisor-app cost resources/examples/costing-example.json\n"
    documented = docs.split(command, 1)[1].split("```", 1)[0]
    assert cost(str(EXAMPLE)).stdout == documented


def test_a_broken_provider_file_is_reported_by_its_path(tmp_path, monkeypatch):
    broken = tmp_path / "costing.json"
    provider = json.loads(resource("provider", "costing.json").read_text(encoding="utf-8"))
    provider["overheads"]["surplus_pct"] = "300"
    broken.write_text(json.dumps(provider), encoding="utf-8")
    monkeypatch.setattr(provider_files, "bundled_path", lambda name: broken)
    out, err = io.StringIO(), io.StringIO()
    just_components = write(tmp_path, {"components": []}, "mine.json")
    assert costing_cli.run(just_components, False, out=out, err=err) == 1
    assert err.getvalue() == f"{broken}: overheads.surplus_pct: Please enter 100 or less.\n"
    # A costing that gives every section does not need the provider's file at all.
    assert costing_cli.run(str(EXAMPLE), False, out=out, err=io.StringIO()) == 0
