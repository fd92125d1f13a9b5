"""The registry of provider files: every bundled file loads through its one loader, and a bad
copy of any of them is refused with one sentence naming the file and the field."""

from __future__ import annotations

import json

import pytest

from advisor_app.domain.provider_files import FILES, PUBLISHABLE, ProviderFileInvalid, check
from advisor_app.paths import resource


def text(name: str) -> str:
    return resource("provider", name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_bundled_file_loads(name):
    assert FILES[name].parse(text(name)) is not None


def test_the_office_may_publish_all_but_the_organisations_details():
    assert set(PUBLISHABLE) == set(FILES) - {"organisation.json"}
    assert "not a provider file the office can send" in check("organisation.json", text("organisation.json"))
    assert "not a provider file the office can send" in check("rates.csv", "")


@pytest.mark.parametrize("name, damage, where", [
    ("components.json", lambda d: d["components"][0].pop("id"), "components.0.id"),
    ("costing.json", lambda d: d["overheads"].update(surplus_pct="300"), "overheads.surplus_pct"),
    ("risk_matrix.json", lambda d: d.update(likelihood="often"), "likelihood"),
    ("risk_policy.json", lambda d: d.update(stance=[]), "stance"),
    ("agreement.json", lambda d: d["parts"][1]["clauses"][0].update(insert="the weather"),
     "parts.1.clauses.0.insert"),
    ("agreement.json", lambda d: d["parts"].pop(), "parts"),
])
def test_a_damaged_file_is_refused_naming_the_file_and_the_field(name, damage, where):
    data = json.loads(text(name))
    damage(data)
    problem = check(name, json.dumps(data))
    assert problem is not None and problem.startswith(f"{name} cannot be used: {where}: ")
    with pytest.raises(ProviderFileInvalid) as refused:
        FILES[name].parse(json.dumps(data))
    assert where in refused.value.errors


@pytest.mark.parametrize("body, says", [
    ("{ cut short", "It is not valid JSON"),
    ("[1, 2]", "It does not hold a JSON object."),
    ('{"version": NaN}', "NaN is not a number this file can use."),
])
def test_what_is_not_a_json_object_is_refused_in_one_sentence(body, says):
    assert says in check("risk_matrix.json", body)
