"""Hand-worked examples for every costing rule (the figures in the comments are worked by hand)."""

from __future__ import annotations

import json
from copy import deepcopy
from decimal import ROUND_DOWN, localcontext
from decimal import Decimal as D
from typing import Any

import pytest

from advisor_app.domain.costing import (
    CostingInput,
    CostingInputError,
    Quote,
    apportion,
    cost,
    costing_schema,
    fit_to_budget,
    load_provider_defaults,
    parse_costing,
    price,
    quote_to_json,
    to_penny,
    with_provider_defaults,
)
from advisor_app.domain.validation import validate
from advisor_app.paths import resource

# Round rates so the sums can be checked by hand; charges 10% + 5% + 2% = 17%.
BASE: dict[str, Any] = {
    "rates": {
        "day": "20.00",
        "evening": "22.00",
        "weekend": "24.00",
        "bank_holiday": "30.00",
        "sleep_in": "100.00",
        "waking_night": "200.00",
    },
    "management_rate": "30.00",
    "overheads": {"central_pct": "10", "regional_pct": "5", "surplus_pct": "2"},
    "optional_functions": {"Behaviour support team": "50.00"},
}


def costing(*components: dict[str, Any], **fields: Any) -> CostingInput:
    data = {**deepcopy(BASE), "components": list(components), **fields}
    result = parse_costing(data)
    assert result.ok, result.errors
    assert result.value is not None
    return result.value


def errors(*components: dict[str, Any], **fields: Any) -> dict[str, str]:
    data = {**deepcopy(BASE), "components": list(components), **fields}
    result = parse_costing(data)
    assert not result.ok
    return result.errors


def ongoing(name: str = "Support", **fields: Any) -> dict[str, Any]:
    return {"name": name, "kind": "on-going", **fields}


def only_line(quote: Quote):
    (line,) = quote.lines
    return line


# ---- direct costs ---------------------------------------------------------------------------


def test_weekly_direct_cost_is_hours_by_band_plus_nights_plus_function_hours():
    quote = price(costing(ongoing(
        hours_per_week={"day": 10, "evening": 2, "weekend": 3, "bank_holiday": 1},
        sleep_ins_per_week=2,
        waking_nights_per_week=1,
        optional_function="Behaviour support team",
        function_hours_per_week=D("1.5"),
    )))
    line = only_line(quote)
    # 10 x 20 + 2 x 22 + 3 x 24 + 1 x 30 + 2 x 100 + 1 x 200 + 1.5 x 50 = 821.00
    assert line.direct_cost == D("821.00")
    # 10% = 82.10, 5% = 41.05, 2% = 16.42
    assert (line.charges.central, line.charges.regional, line.charges.surplus) == (
        D("82.10"), D("41.05"), D("16.42"),
    )
    assert line.price == D("960.57")
    assert line.first_year == D("49949.64")  # 960.57 x 52
    assert quote.weekly_ongoing_total == D("960.57")
    assert quote.annual_ongoing_total == D("49949.64")


def test_shared_support_costs_the_person_one_nth_rounded_once():
    quote = price(costing(
        ongoing("Shared team", hours_per_week={"day": 7}, shared_by=3),
        ongoing("Shared sleep-in", sleep_ins_per_week=7, shared_by=3),
    ))
    team, sleep = quote.lines
    assert team.shared_by == 3
    assert team.direct_cost == D("46.67")  # 7 x 20 = 140 / 3 = 46.666...
    assert sleep.direct_cost == D("233.33")  # 7 x 100 = 700 / 3 = 233.333...


def test_rounding_is_half_up_to_the_penny():
    rates = {**BASE["rates"], "day": "20.01"}
    line = only_line(price(costing(ongoing(hours_per_week={"day": D("0.5")}), rates=rates)))
    assert line.direct_cost == D("10.01")  # 10.005 -> 10.01 (bankers' rounding would give 10.00)
    assert to_penny(D("0.525")) == D("0.53")
    assert to_penny(D("0.524999")) == D("0.52")


def test_fixed_term_is_its_rounded_week_times_weeks():
    rates = {**BASE["rates"], "day": "20.02"}
    quote = price(costing(
        {"name": "Travel training", "kind": "fixed-term", "weeks": 12,
         "hours_per_week": {"day": D("0.25")}},
        rates=rates,
    ))
    line = only_line(quote)
    assert line.period == "term" and line.weeks == 12
    assert line.direct_cost == D("60.12")  # 0.25 x 20.02 = 5.005 -> 5.01 a week, x 12
    assert line.charges.central == D("6.01")  # 10% of 60.12 = 6.012
    assert quote.fixed_term_total == line.price == D("70.34")  # 60.12 + 6.01 + 3.01 + 1.20
    assert quote.weekly_ongoing_total == D("0.00")


def test_one_off_is_its_total_hours_at_the_day_rate_unless_a_band_is_given():
    quote = price(costing(
        {"name": "Plan facilitation", "kind": "one-off", "hours": 8},
        {"name": "Evening review", "kind": "one-off", "hours": 2, "band": "evening"},
        {"name": "Behaviour assessment", "kind": "one-off", "hours": 1,
         "optional_function": "Behaviour support team", "function_hours": 3},
    ))
    assert [line.direct_cost for line in quote.lines] == [D("160.00"), D("44.00"), D("170.00")]
    assert {line.period for line in quote.lines} == {"once"}
    assert quote.one_off_total == sum(line.price for line in quote.lines)


def test_management_hours_are_an_annual_direct_cost_line():
    quote = price(costing(
        ongoing("Support", hours_per_week={"day": 10}, management_hours_per_year=100),
        ongoing("Shared team management", management_hours_per_year=40, shared_by=2),
    ))
    support, management, shared = quote.lines
    assert (support.part, support.period, support.direct_cost) == ("support", "week", D("200.00"))
    assert (management.part, management.period) == ("management", "year")
    assert management.direct_cost == D("3000.00")
    assert management.management_hours == D("100")
    assert management.price == management.first_year == D("3510.00")  # + 300 + 150 + 60
    assert (shared.direct_cost, shared.shared_by) == (D("600.00"), 2)  # 40 x 30 / 2, only a year line
    assert shared.price == D("702.00")
    # 234.00 a week x 52 = 12,168.00, plus 3,510.00 + 702.00 of management
    assert quote.annual_ongoing_total == D("16380.00")


def test_weeks_per_year_scales_the_week():
    quote = price(costing(ongoing(hours_per_week={"day": 10}), weeks_per_year=50))
    assert quote.weekly_ongoing_total == D("234.00")
    assert quote.annual_ongoing_total == D("11700.00")


def test_a_callers_decimal_context_does_not_change_the_price():
    inp = costing(ongoing(hours_per_week={"day": 10}, sleep_ins_per_week=7, shared_by=3))
    expected = price(inp).first_year_total
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = 4, ROUND_DOWN
        # (10 x 20 + 7 x 100) / 3 = 300.00 a week, 351.00 with charges, x 52
        assert price(inp).first_year_total == expected == D("18252.00")


def test_weeks_per_year_defaults_to_52():
    assert costing().weeks_per_year == 52


# ---- charges and how they are shared over lines ---------------------------------------------


def test_charges_are_taken_of_the_period_total_then_split_in_whole_pence():
    # Three lines of 0.50 a week: 5% of 1.50 = 0.075 -> 0.08 in all. 8p over three equal lines:
    # 2p each and the 2 pence left go to the first two lines (equal remainders: line order).
    overheads = {"central_pct": "0", "regional_pct": "5", "surplus_pct": "0"}
    rates = {**BASE["rates"], "day": "1.00"}
    quote = price(costing(
        *[ongoing(f"Line {i}", hours_per_week={"day": D("0.5")}) for i in range(3)],
        overheads=overheads, rates=rates,
    ))
    assert quote.group("week").charges.regional == D("0.08")
    assert [line.charges.regional for line in quote.lines] == [D("0.03"), D("0.03"), D("0.02")]
    # Rounding each line's own 5% (0.025 -> 0.03) would have given 0.09, a penny more than 5%.


def test_apportion_gives_the_largest_remainders_the_spare_pence():
    # 10p over 1 : 2 -> exact 3.33p and 6.67p -> 3p and 6p, the spare penny to the larger remainder
    assert apportion(D("0.10"), [D("1.00"), D("2.00")]) == [D("0.03"), D("0.07")]
    assert apportion(D("0.00"), [D("5.00"), D("0.00")]) == [D("0.00"), D("0.00")]
    assert apportion(D("0.00"), []) == []


def test_fixed_term_and_one_off_share_the_once_group():
    quote = price(costing(
        {"name": "Coaching", "kind": "fixed-term", "hours_per_week": {"day": 3}, "weeks": 4},
        {"name": "Plan", "kind": "one-off", "hours": 8},
        ongoing("Support", hours_per_week={"day": 1}),
    ))
    once = quote.group("once")
    assert once.direct_cost == D("400.00")  # 3 x 20 x 4 = 240 + 8 x 20 = 160
    assert once.charges.central == D("40.00")
    coaching, plan, support = quote.lines
    assert (coaching.charges.central, plan.charges.central) == (D("24.00"), D("16.00"))
    assert quote.group("week").direct_cost == D("20.00")
    assert support.charges.central == D("2.00")


def test_fixed_price_is_all_inclusive_and_outside_the_charge_base():
    quote = price(costing(
        {"name": "Housing help", "kind": "on-going", "fixed_price": "500.00"},
        ongoing("Support", hours_per_week={"day": 5}),
    ))
    fixed, support = quote.lines
    assert fixed.fixed_price and fixed.charges.total == 0 and fixed.price == D("500.00")
    assert quote.group("week").direct_cost == D("100.00")
    assert support.price == D("117.00")
    assert quote.weekly_ongoing_total == D("617.00")


def test_fixed_price_outcome_echoes_its_rule_if_it_takes_longer():
    def rule(**if_longer: Any):
        quote = price(costing({
            "name": "Bus travel", "kind": "fixed-term", "weeks": 12, "fixed_price": "1450.00",
            "if_longer": if_longer,
        }))
        return only_line(quote), quote_to_json(quote)["lines"][0]["if_longer"]

    line, as_json = rule(rule="refund-full")
    assert line.price == D("1450.00") and line.charges.total == 0 and line.weeks == 12
    assert as_json == {"rule": "refund-full", "refund": "1450.00"}
    assert rule(rule="refund-partial", pct="40")[1] == {
        "rule": "refund-partial", "refund": "580.00", "pct": "40",
    }
    assert rule(rule="refund-partial", amount="200")[1] == {"rule": "refund-partial", "refund": "200.00"}
    assert rule(rule="continue-reduced", hourly_rate="15.00")[1] == {
        "rule": "continue-reduced", "hourly_rate": "15.00",
    }


def test_contingency_is_a_line_without_charges_in_the_first_year():
    quote = price(costing(ongoing(hours_per_week={"day": 10}), contingency="500.00"))
    support, contingency = quote.lines
    assert (contingency.part, contingency.price) == ("contingency", D("500.00"))
    assert contingency.charges.total == 0
    assert quote.contingency == D("500.00")
    assert quote.first_year_total == D("12668.00")  # 234 x 52 + 500


def test_first_year_total_is_annual_ongoing_plus_fixed_term_plus_one_off_plus_contingency():
    quote = price(costing(
        ongoing("Support", hours_per_week={"day": 10}, management_hours_per_year=10),
        {"name": "Coaching", "kind": "fixed-term", "hours_per_week": {"day": 2}, "weeks": 10},
        {"name": "Plan", "kind": "one-off", "hours": 5},
        contingency="100.00",
    ))
    # 234.00 x 52 = 12,168.00 + management 300 x 1.17 = 351.00
    assert quote.annual_ongoing_total == D("12519.00")
    assert quote.fixed_term_total == D("468.00")  # 400 x 1.17
    assert quote.one_off_total == D("117.00")  # 100 x 1.17
    assert quote.first_year_total == D("13204.00")
    assert quote.first_year_total == sum(line.first_year for line in quote.lines)
    fy = quote.first_year_charges  # 20.00 x 52 + 30.00 + 40.00 + 10.00
    assert fy.central == D("1120.00")


# ---- the budget ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "annual", "difference", "status"),
    [
        ({"amount": "250.00", "period": "week"}, "13000.00", "832.00", "under"),
        ({"amount": "12000", "period": "year"}, "12000.00", "-168.00", "over"),
        ({"amount": "12168.00", "period": "year"}, "12168.00", "0.00", "exact"),
    ],
)
def test_budget_check(budget, annual, difference, status):
    quote = price(costing(ongoing(hours_per_week={"day": 10}), budget=budget))
    assert quote.budget is not None
    check = quote.budget
    assert (check.annual, check.difference, check.status) == (D(annual), D(difference), status)
    assert quote_to_json(quote)["budget"]["difference"] == difference


def test_no_budget_no_check():
    assert price(costing(ongoing(hours_per_week={"day": 10}))).budget is None


# ---- fitting management to the budget --------------------------------------------------------


def fit(budget: str, *extra: dict[str, Any], **fields: Any) -> Quote:
    return fit_to_budget(costing(
        ongoing(hours_per_week={"day": 10}), *extra,
        budget={"amount": budget, "period": "year"}, mode="fit-to-budget", **fields,
    ))


def test_fit_to_budget_finds_the_most_whole_hours_of_management():
    # Support: 234.00 a week x 52 = 12,168.00. Each management hour is 30.00 + 17% = 35.10.
    # 13,000 - 12,168 = 832 affords 23 hours: 690 + 69.00 + 34.50 + 13.80 = 807.30.
    quote = fit("13000.00")
    assert quote.management_hours_affordable == 23
    fitted = quote.lines[-1]
    assert (fitted.name, fitted.part) == ("Management support", "management")
    assert fitted.management_hours == D("23")
    assert fitted.price == D("807.30")
    assert quote.first_year_total == D("12975.30")  # 24 hours would be 13,010.40
    assert quote.budget is not None and quote.budget.difference == D("24.70")
    assert quote_to_json(quote)["management_hours_affordable"] == 23


def test_fit_to_budget_is_exact_at_the_boundary():
    assert fit("12975.30").management_hours_affordable == 23
    assert fit("12975.30").budget.status == "exact"  # type: ignore[union-attr]
    assert fit("12975.29").management_hours_affordable == 22


def test_fit_to_budget_keeps_the_components_own_management_and_the_contingency():
    # 832.00 left after the support, less the contingency (100.00) and the component's own
    # 10 hours (351.00): 381.00 affords 10 more hours (351.00); 11 would be 386.10.
    quote = fit("13000.00", ongoing("Shared manager", management_hours_per_year=10), contingency="100.00")
    assert quote.management_hours_affordable == 10
    assert [line.part for line in quote.lines] == ["support", "management", "management", "contingency"]
    assert quote.first_year_total == D("12970.00")


def test_fit_to_budget_when_nothing_fits():
    quote = fit("12000.00")
    assert quote.management_hours_affordable is None
    assert quote.budget is not None and quote.budget.status == "over"
    assert all(line.name != "Management support" for line in quote.lines)


def test_cost_follows_the_mode():
    inp = costing(ongoing(hours_per_week={"day": 10}), budget={"amount": "13000", "period": "year"})
    assert cost(inp).mode == "price" and cost(inp).management_hours_affordable is None
    assert "management_hours_affordable" not in quote_to_json(cost(inp))
    inp.mode = "fit-to-budget"
    assert cost(inp).management_hours_affordable == 23


# ---- JSON out -------------------------------------------------------------------------------


def test_quote_json_has_money_as_strings_with_two_decimals():
    quote = price(costing(ongoing(hours_per_week={"day": 10}), contingency="5",
                          budget={"amount": "13000", "period": "year"}))
    out = quote_to_json(quote)
    assert out["weekly_ongoing_total"] == "234.00"
    assert out["annual_ongoing_total"] == "12168.00"
    assert out["first_year_total"] == "12173.00"
    assert out["contingency"] == "5.00"
    assert out["lines"][0]["charges"] == {"central": "20.00", "regional": "10.00", "surplus": "4.00"}
    assert out["charges"]["week"] == {
        "direct_cost": "200.00", "central": "20.00", "regional": "10.00", "surplus": "4.00",
    }
    assert out["charges"]["central_pct"] == "10"
    assert out["budget"] == {"amount": "13000.00", "period": "year", "annual": "13000.00",
                             "difference": "827.00", "status": "under"}
    json.dumps(out)  # plain JSON data


# ---- bad input: each problem at its field, in plain words ------------------------------------

MONEY = "Please write money as pounds and pence, like 12.50."
NOT_NEGATIVE = "Please enter 0 or more."
BANDS = "Please use one of: day, evening, weekend, bank_holiday."
RATES = "Please use one of: day, evening, weekend, bank_holiday, sleep_in, waking_night."
ONE_OFF_ONLY = "This is for one-off components: use hours_per_week and function_hours_per_week."
NOT_ONE_OFF = "A one-off is priced on its total: use hours, band and function_hours."
ALL_INCLUSIVE = "A fixed price is all-inclusive: please leave this out."
ONLY_OUTCOMES = "Only a fixed-price, fixed-term outcome has this rule."
NO_FUNCTION = "Please say which optional_function these hours are for."


def outcome(**if_longer: Any) -> dict[str, Any]:
    return {"name": "Bus", "kind": "fixed-term", "fixed_price": "900.00", "if_longer": if_longer}


BAD_INPUT = [
    # (component, other fields of the costing, the errors expected)
    (ongoing(hours_per_week={"day": -1}), {}, {"components.0.hours_per_week.day": NOT_NEGATIVE}),
    (ongoing(hours_per_week={"night": 3}), {}, {"components.0.hours_per_week.night": BANDS}),
    (ongoing(hours_per_week={"day": D("1.125")}), {},
     {"components.0.hours_per_week.day": "Please use no more than two decimal places, like 7.25."}),
    (ongoing(sleep_ins_per_week=-2), {}, {"components.0.sleep_ins_per_week": NOT_NEGATIVE}),
    (ongoing(hours_per_week={"evening": 2}), {"rates": {"day": "20.00"}},
     {"rates.evening": 'Please give the evening rate: "Support" uses it.'}),
    (ongoing(waking_nights_per_week=1), {"rates": {"day": "20.00"}},
     {"rates.waking_night": 'Please give the waking_night rate: "Support" uses it.'}),
    ({"name": "Review", "kind": "one-off", "hours": 2}, {"rates": {}},
     {"rates.day": 'Please give the day rate: "Review" uses it.'}),
    (ongoing(management_hours_per_year=5), {"management_rate": None},
     {"management_rate": 'Please give the management rate: "Support" uses it.'}),
    (ongoing(optional_function="Housing team", function_hours_per_week=1), {},
     {"components.0.optional_function": 'There is no rate for "Housing team" in optional_functions.'}),
    (ongoing(function_hours_per_week=1), {}, {"components.0.function_hours_per_week": NO_FUNCTION}),
    (ongoing(), {"overheads": {"central_pct": "100.5", "regional_pct": "5", "surplus_pct": "2"}},
     {"overheads.central_pct": "Please enter 100 or less."}),
    (ongoing(), {"overheads": {"central_pct": "-1", "regional_pct": "5", "surplus_pct": "2"}},
     {"overheads.central_pct": NOT_NEGATIVE}),
    (ongoing(), {"overheads": {"central_pct": "10", "regional_pct": "5"}},
     {"overheads.surplus_pct": "This is needed."}),
    (ongoing(fixed_price=12.5), {}, {"components.0.fixed_price": MONEY}),
    (ongoing(fixed_price="12.345"), {}, {"components.0.fixed_price": MONEY}),
    (ongoing(fixed_price="£12"), {}, {"components.0.fixed_price": MONEY}),
    (ongoing(fixed_price="12,50"), {}, {"components.0.fixed_price": MONEY}),
    (ongoing(fixed_price="-5.00"), {}, {"components.0.fixed_price": NOT_NEGATIVE}),
    (ongoing(), {"contingency": 100}, {"contingency": MONEY}),
    (ongoing(), {"rates": {**BASE["rates"], "day": "20.5p"}}, {"rates.day": MONEY}),
    (ongoing(), {"rates": {**BASE["rates"], "overnight": "20.00"}}, {"rates.overnight": RATES}),
    (ongoing(colour="blue"), {}, {"components.0.colour": "This field is not part of the form."}),
    ({"name": "X", "kind": "weekly"}, {},
     {"components.0.kind": "Please use one of: one-off, fixed-term, on-going."}),
    ({"kind": "on-going"}, {}, {"components.0.name": "This is needed."}),
    (ongoing(shared_by=0), {}, {"components.0.shared_by": "Please enter 1 or more."}),
    (ongoing(weeks=4), {}, {"components.0.weeks": "Only fixed-term components have weeks."}),
    (ongoing(weeks=4, fixed_price="10"), {},
     {"components.0.weeks": "Only fixed-term components have weeks."}),
    (ongoing(hours=4), {}, {"components.0.hours": ONE_OFF_ONLY}),
    ({"name": "Plan", "kind": "one-off", "hours_per_week": {"day": 2}}, {},
     {"components.0.hours_per_week": NOT_ONE_OFF}),
    ({"name": "Coaching", "kind": "fixed-term", "hours_per_week": {"day": 2}}, {},
     {"components.0.weeks": "Please say how many weeks this fixed-term support lasts."}),
    ({"name": "Coaching", "kind": "fixed-term", "weeks": 2, "management_hours_per_year": 3}, {},
     {"components.0.management_hours_per_year":
      "Management hours a year belong to an on-going component."}),
    (ongoing(fixed_price="10.00", hours_per_week={"day": 2}), {},
     {"components.0.hours_per_week": ALL_INCLUSIVE}),
    (ongoing(fixed_price="10.00", shared_by=2), {},
     {"components.0.shared_by": "A fixed price is what this person pays: please leave this out."}),
    ({"name": "Bus", "kind": "fixed-term", "fixed_price": "900.00"}, {},
     {"components.0.if_longer": "Please say what happens if the outcome takes longer."}),
    (ongoing(hours_per_week={"day": 1}, if_longer={"rule": "refund-full"}), {},
     {"components.0.if_longer": ONLY_OUTCOMES}),
    (outcome(rule="refund-partial"), {},
     {"components.0.if_longer.amount": "Please give the refund as an amount or a pct."}),
    (outcome(rule="refund-partial", amount="100.00", pct="10"), {},
     {"components.0.if_longer.pct": "Please give an amount or a pct, not both."}),
    (outcome(rule="refund-partial", amount="901.00"), {},
     {"components.0.if_longer.amount": "A refund cannot be more than the fixed price."}),
    (outcome(rule="continue-reduced"), {},
     {"components.0.if_longer.hourly_rate": "Please give the reduced rate, £ an hour."}),
    (outcome(rule="refund-full", hourly_rate="9.00"), {},
     {"components.0.if_longer.hourly_rate": "This is not used with the refund-full rule."}),
    (outcome(rule="later"), {},
     {"components.0.if_longer.rule":
      "Please use one of: refund-full, refund-partial, continue-reduced."}),
    (ongoing(), {"mode": "fit-to-budget"},
     {"budget": "To fit to a budget, please give the budget."}),
    (ongoing(), {"mode": "fit-to-budget", "management_rate": "0",
                 "budget": {"amount": "1", "period": "year"}},
     {"management_rate": "To fit to a budget, please give a management rate above 0."}),
    (ongoing(), {"budget": {"amount": "100.00", "period": "month"}},
     {"budget.period": "Please use one of: week, year."}),
    (ongoing(), {"weeks_per_year": 54}, {"weeks_per_year": "Please enter 53 or less."}),
]


@pytest.mark.parametrize(("component", "fields", "expected"), BAD_INPUT)
def test_bad_input_is_named_field_by_field(component, fields, expected):
    assert errors(component, **fields) == expected


def test_every_problem_is_reported():
    found = errors(ongoing(hours_per_week={"day": -1}), {"name": "X", "kind": "one-off", "hours": "x"},
                   contingency="1.5.0")
    assert set(found) == {"components.0.hours_per_week.day", "components.1.hours", "contingency"}


def test_messages_keep_their_template_for_translation():
    message = errors(ongoing(hours_per_week={"evening": 2}), rates={})["rates.evening"]
    assert getattr(message, "template") == 'Please give the {rate} rate: "{name}" uses it.'
    assert getattr(message, "params") == {"rate": "evening", "name": "Support"}


def test_the_engine_refuses_a_costing_that_fails_the_checks():
    data = {**deepcopy(BASE), "rates": {}, "components": [ongoing(hours_per_week={"day": 1})]}
    result = validate(CostingInput, data)
    assert result.value is not None  # field by field it is fine; the rate is missing
    with pytest.raises(CostingInputError) as caught:
        price(result.value)
    assert caught.value.errors == {"rates.day": 'Please give the day rate: "Support" uses it.'}
    with pytest.raises(CostingInputError) as caught:
        fit_to_budget(costing(ongoing()))
    assert set(caught.value.errors) == {"budget"}


# ---- provider defaults, the schema and the example ------------------------------------------


def provider_data() -> dict[str, Any]:
    return json.loads(resource("provider", "costing.json").read_text(encoding="utf-8"), parse_float=D)


def test_shipped_provider_defaults_are_valid_and_complete():
    defaults = load_provider_defaults(provider_data())
    assert defaults.weeks_per_year == 52
    assert defaults.rates.day > 0 and defaults.management_rate > 0
    assert set(defaults.time_bands) == {"day", "evening", "weekend", "bank_holiday"}
    assert "Behaviour support team" in defaults.optional_functions


def test_bad_provider_defaults_name_the_field():
    data = provider_data()
    data["rates"]["day"] = "cheap"
    with pytest.raises(CostingInputError) as caught:
        load_provider_defaults(data)
    assert caught.value.errors == {"rates.day": MONEY}


def test_provider_defaults_fill_only_the_sections_left_out():
    defaults = load_provider_defaults(provider_data())
    data = {"rates": {"day": "25.00"}, "components": [ongoing(hours_per_week={"evening": 1})]}
    filled, names = with_provider_defaults(data, defaults)
    assert names == ("weeks_per_year", "management_rate", "overheads", "optional_functions")
    assert filled["rates"] == {"day": "25.00"}  # a given section is used whole, as written
    assert filled["overheads"] == {"central_pct": "8.5", "regional_pct": "5", "surplus_pct": "3"}
    assert parse_costing(filled).errors == {
        "rates.evening": 'Please give the evening rate: "Support" uses it.'
    }
    just_components, _ = with_provider_defaults({"components": data["components"]}, defaults)
    assert parse_costing(just_components).ok


def test_shipped_schema_is_the_one_generated_from_the_model():
    shipped = json.loads(resource("schemas", "costing.schema.json").read_text(encoding="utf-8"))
    assert shipped == costing_schema(), (
        "resources/schemas/costing.schema.json is out of date; regenerate it as docs/costing.md says"
    )


def test_the_schema_describes_money_and_the_choices():
    schema = costing_schema()
    assert schema["properties"]["contingency"]["pattern"] == r"^\d+(\.\d{1,2})?$"
    assert schema["properties"]["rates"]["propertyNames"]["enum"] == [
        "day", "evening", "weekend", "bank_holiday", "sleep_in", "waking_night",
    ]
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["overheads"]


def test_the_worked_example_prices_as_documented():
    text = resource("examples", "costing-example.json").read_text(encoding="utf-8")
    data = json.loads(text, parse_float=D)
    result = parse_costing(data)
    assert result.ok, result.errors
    quote = cost(result.value)  # type: ignore[arg-type]
    assert quote.weekly_ongoing_total == D("1170.02")
    assert quote.annual_ongoing_total == D("61598.29")
    assert quote.first_year_total == D("65202.82")
    assert quote.budget is not None and quote.budget.difference == D("837.18")
    assert quote.group("week").charges.regional == D("50.22")  # 5% of 1,004.30 = 50.215, half up
