"""Rules that need more than one field: which fields fit which kind of component, and that
every rate a component uses is given. Each problem is reported at the field to fix."""

from __future__ import annotations

from typing import Any

from advisor_app.domain.costing.inputs import Component, CostingInput
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.validation import Validation, validate

WEEKLY_FIELDS = (
    "hours_per_week",
    "sleep_ins_per_week",
    "waking_nights_per_week",
    "function_hours_per_week",
)
ONE_OFF_FIELDS = ("hours", "band", "function_hours")
TIME_FIELDS = (
    *WEEKLY_FIELDS,
    *ONE_OFF_FIELDS,
    "weeks",
    "management_hours_per_year",
    "optional_function",
)

# The fields each kind of hourly component may use.
ALLOWED = {
    "on-going": {*WEEKLY_FIELDS, "management_hours_per_year", "optional_function"},
    "fixed-term": {*WEEKLY_FIELDS, "weeks", "optional_function"},
    "one-off": {*ONE_OFF_FIELDS, "optional_function"},
}
# The terms each if-longer rule takes.
RULE_TERMS: dict[str, set[str]] = {
    "refund-full": set(),
    "refund-partial": {"amount", "pct"},
    "continue-reduced": {"hourly_rate"},
}


class CostingInputError(ValueError):
    """Raised by the engine when given a costing that ``check_costing`` refuses."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{path}: {msg}" for path, msg in errors.items()))
        self.errors = errors


def parse_costing(data: Any) -> Validation[CostingInput]:
    """Validate a costing (e.g. a loaded JSON file): field by field, then across fields."""
    result = validate(CostingInput, data)
    if result.ok:
        assert result.value is not None
        result.errors = check_costing(result.value)
        if result.errors:
            result.value = None
    return result


def require_valid(inp: CostingInput, *, fitting: bool) -> None:
    errors = check_costing(inp, fitting=fitting)
    if errors:
        raise CostingInputError(errors)


def check_costing(inp: CostingInput, *, fitting: bool | None = None) -> dict[str, str]:
    """Field path -> plain message for each cross-field problem (empty when all is well).

    ``fitting`` says whether the costing is to be fitted to its budget (default: its mode).
    """
    errors: dict[str, str] = {}
    for i, comp in enumerate(inp.components):
        _check_component(inp, comp, f"components.{i}", errors)
    if fitting is None:
        fitting = inp.mode == "fit-to-budget"
    if fitting:
        if inp.budget is None:
            errors.setdefault("budget", N_("To fit to a budget, please give the budget."))
        if not inp.management_rate:
            errors.setdefault(
                "management_rate",
                N_("To fit to a budget, please give a management rate above 0."),
            )
    return errors


def _check_component(inp: CostingInput, comp: Component, at: str, errors: dict[str, str]) -> None:
    given = [name for name in TIME_FIELDS if getattr(comp, name) is not None]
    if comp.fixed_price is not None:
        _check_fixed_price(comp, given, at, errors)
        return
    for name in given:
        if name not in ALLOWED[comp.kind]:
            errors[f"{at}.{name}"] = _misplaced(comp.kind, name)
    if comp.if_longer is not None:
        errors[f"{at}.if_longer"] = N_("Only a fixed-price, fixed-term outcome has this rule.")
    if comp.kind == "fixed-term" and comp.weeks is None:
        errors[f"{at}.weeks"] = N_("Please say how many weeks this fixed-term support lasts.")
    _check_rates(inp, comp, at, errors)


def _misplaced(kind: str, name: str) -> str:
    if name == "weeks":
        return N_("Only fixed-term components have weeks.")
    if name == "management_hours_per_year":
        return N_("Management hours a year belong to an on-going component.")
    if kind == "one-off":
        return N_("A one-off is priced on its total: use hours, band and function_hours.")
    return N_("This is for one-off components: use hours_per_week and function_hours_per_week.")


def _check_fixed_price(
    comp: Component, given: list[str], at: str, errors: dict[str, str]
) -> None:
    for name in given:
        if name == "weeks":  # a fixed-term outcome's estimate, echoed in the quote
            if comp.kind != "fixed-term":
                errors[f"{at}.weeks"] = _misplaced(comp.kind, name)
        else:
            errors[f"{at}.{name}"] = N_("A fixed price is all-inclusive: please leave this out.")
    if comp.shared_by != 1:
        errors[f"{at}.shared_by"] = N_(
            "A fixed price is what this person pays: please leave this out."
        )
    rule = comp.if_longer
    if comp.kind != "fixed-term":
        if rule is not None:
            errors[f"{at}.if_longer"] = N_("Only a fixed-price, fixed-term outcome has this rule.")
        return
    if rule is None:
        errors[f"{at}.if_longer"] = N_("Please say what happens if the outcome takes longer.")
        return
    terms = {name for name in ("amount", "pct", "hourly_rate") if getattr(rule, name) is not None}
    for name in sorted(terms - RULE_TERMS[rule.rule]):
        errors[f"{at}.if_longer.{name}"] = Msg(
            "This is not used with the {rule} rule.", rule=rule.rule
        )
    if rule.rule == "refund-partial":
        if not terms & {"amount", "pct"}:
            errors[f"{at}.if_longer.amount"] = N_("Please give the refund as an amount or a pct.")
        elif {"amount", "pct"} <= terms:
            errors[f"{at}.if_longer.pct"] = N_("Please give an amount or a pct, not both.")
        elif rule.amount is not None and rule.amount > comp.fixed_price:
            errors[f"{at}.if_longer.amount"] = N_(
                "A refund cannot be more than the fixed price."
            )
    if rule.rule == "continue-reduced" and rule.hourly_rate is None:
        errors[f"{at}.if_longer.hourly_rate"] = N_("Please give the reduced rate, £ an hour.")


def _check_rates(inp: CostingInput, comp: Component, at: str, errors: dict[str, str]) -> None:
    """Every rate the component uses must be given; reported at the missing rate."""
    used = [band for band, hours in (comp.hours_per_week or {}).items() if hours]
    if comp.hours:
        used.append(comp.band or "day")
    if comp.sleep_ins_per_week:
        used.append("sleep_in")
    if comp.waking_nights_per_week:
        used.append("waking_night")
    for rate in used:
        if rate not in inp.rates:
            errors.setdefault(
                f"rates.{rate}",
                Msg('Please give the {rate} rate: "{name}" uses it.', rate=rate, name=comp.name),
            )
    if comp.management_hours_per_year and inp.management_rate is None:
        errors.setdefault(
            "management_rate",
            Msg('Please give the management rate: "{name}" uses it.', name=comp.name),
        )
    one_off = comp.kind == "one-off"
    function_hours = comp.function_hours if one_off else comp.function_hours_per_week
    if comp.optional_function is None:
        if function_hours:
            field = "function_hours" if one_off else "function_hours_per_week"
            errors.setdefault(
                f"{at}.{field}", N_("Please say which optional_function these hours are for.")
            )
    elif comp.optional_function not in inp.optional_functions:
        errors.setdefault(
            f"{at}.optional_function",
            Msg(
                'There is no rate for "{function}" in optional_functions.',
                function=comp.optional_function,
            ),
        )
