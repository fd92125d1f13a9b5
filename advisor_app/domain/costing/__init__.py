"""Costing: price a design of support, check it against a budget, or find how much management
support a budget affords. Pure: no Qt, no SQL, no I/O. See docs/costing.md for the rules.

The app's API::

    parse_costing(data) -> Validation[CostingInput]      # field path -> plain message
    price(inp) / fit_to_budget(inp) / cost(inp) -> Quote # cost() follows inp.mode
    quote_to_json(quote) -> dict                         # money as "1234.50"
    load_provider_defaults(data) -> ProviderDefaults
    with_provider_defaults(data, defaults) -> (data, sections filled in)
"""

from advisor_app.domain.costing.checks import CostingInputError, check_costing, parse_costing
from advisor_app.domain.costing.engine import cost, fit_to_budget, price
from advisor_app.domain.costing.inputs import (
    Budget,
    Component,
    CostingInput,
    IfLonger,
    Overheads,
    costing_schema,
)
from advisor_app.domain.costing.money import apportion, money_str, percent_of, to_penny
from advisor_app.domain.costing.provider import (
    ProviderDefaults,
    load_provider_defaults,
    with_provider_defaults,
)
from advisor_app.domain.costing.quote import (
    BudgetCheck,
    Charges,
    GroupCharges,
    IfLongerTerms,
    Line,
    Percentages,
    Quote,
    quote_to_json,
)

__all__ = [
    "Budget",
    "BudgetCheck",
    "Charges",
    "Component",
    "CostingInput",
    "CostingInputError",
    "GroupCharges",
    "IfLonger",
    "IfLongerTerms",
    "Line",
    "Overheads",
    "ProviderDefaults",
    "Quote",
    "apportion",
    "check_costing",
    "cost",
    "costing_schema",
    "fit_to_budget",
    "load_provider_defaults",
    "money_str",
    "Percentages",
    "parse_costing",
    "percent_of",
    "price",
    "quote_to_json",
    "to_penny",
    "with_provider_defaults",
]
