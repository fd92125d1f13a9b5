"""From a case to a costing file: the service design, the advisor's costing options, the
provider's rates and the case's funding as the budget.

``build_costing`` is for pricing live while the advisor works: it prices every part of the
design that is finished and reports the rest as field messages (a half-priced design is shown
as such, never passed off as the whole). ``costing_input_for_case`` is the strict form used for
a proposal: every part must be priced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor_app.domain.components import ComponentKind, ComponentMenu
from advisor_app.domain.costing import ProviderDefaults, money_str, parse_costing, with_provider_defaults
from advisor_app.domain.costing.money import plain_number
from advisor_app.domain.funding import Funding
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.people import Person
from advisor_app.domain.proposals.model import (
    CostingMode,
    CostingOptions,
    OfferedPart,
    PricingWay,
    design_digest,
)
from advisor_app.domain.service_design import (
    ChosenComponent,
    ServiceDesign,
    component_name,
    component_problems,
    to_costing_components,
)
from advisor_app.domain.validation import validate

MANAGEMENT = "management"
MANAGEMENT_NAME = N_("Management support")
MANAGEMENT_WORDS = N_("A manager looks after your support and your staff team. They check it keeps going "
                      "well.")
NAME_LIMIT = 120  # the costing format's limit for a component's name


class CostingNotReady(ValueError):
    """The case cannot be priced in full yet; ``errors`` maps field paths to plain messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class FixedTermChoice:
    """A fixed-term part of the design that can be sold by the hour or at a fixed price."""

    component_id: str  # the chosen component's id in the design
    name: str
    way: PricingWay  # how it is priced now
    can_be_hourly: bool  # the design gives its hours a week
    can_be_fixed: bool  # the design gives a fixed price for the outcome


@dataclass(frozen=True)
class CostingBuild:
    data: dict[str, Any] | None  # the costing file; None when the case cannot be priced at all
    problems: dict[str, str] = field(default_factory=dict)  # "service_design.components.0...", "costing.functions.1.hours", "funding"
    unpriced: tuple[str, ...] = ()  # the names of parts left out of the price until finished
    parts: tuple[OfferedPart, ...] = ()  # per costing component, as Proposal.parts
    digest: str = ""  # design_digest of the design priced
    choices: tuple[FixedTermChoice, ...] = ()

    @property
    def complete(self) -> bool:
        return self.data is not None and not self.problems


def _options(options: CostingOptions | Mapping[str, Any] | None, problems: dict[str, str]) -> CostingOptions:
    if options is None:
        return CostingOptions()
    if isinstance(options, CostingOptions):
        return options
    result = validate(CostingOptions, options)
    if result.ok:
        return result.value
    problems.update({f"costing.{path}": message for path, message in result.errors.items()})
    return CostingOptions()


def _priced_as(chosen: ChosenComponent, way: PricingWay | None) -> tuple[ChosenComponent, str | None]:
    """The chosen component as the options ask it to be priced, and a problem if it cannot be."""
    details = chosen.fixed_term
    if details is None or way is None:
        return chosen, None
    has_price = details.fixed_price_for_outcome is not None
    if way == PricingWay.HOURLY and has_price:
        hourly = details.model_copy(update={"fixed_price_for_outcome": None, "if_longer": None})
        return chosen.model_copy(update={"fixed_term": hourly}), None
    if way == PricingWay.FIXED and not has_price:
        return chosen, N_("To sell this outcome at a fixed price, please give the price in the "
                          "service design.")
    return chosen, None


def _choice(chosen: ChosenComponent, way: PricingWay | None, menu: ComponentMenu) -> FixedTermChoice:
    details = chosen.fixed_term
    assert details is not None
    has_price = details.fixed_price_for_outcome is not None
    has_hours = bool(details.hours_per_week.total() or details.sleep_ins_per_week
                     or details.waking_nights_per_week)
    now = way or (PricingWay.FIXED if has_price else PricingWay.HOURLY)
    return FixedTermChoice(chosen.id, component_name(chosen, menu), now, has_hours, has_price)


def _short(name: str, limit: int = NAME_LIMIT) -> str:
    """``name`` within ``limit`` characters, cut after a whole word (never mid-word) with an ellipsis."""
    if len(name) <= limit:
        return name
    cut = name[: limit - 1]
    words = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return words.rstrip(" ,;:-") + "\u2026"


def build_costing(sections: Mapping[str, Any], menu: ComponentMenu, provider: ProviderDefaults,
                  options: CostingOptions | Mapping[str, Any] | None = None) -> CostingBuild:
    """The costing file for the case as far as it can be priced, and what stops the rest."""
    problems: dict[str, str] = {}
    opts = _options(options, problems)
    design_result = validate(ServiceDesign, sections.get("service_design") or {})
    if not design_result.ok:
        return CostingBuild(None, {"service_design": N_("Some answers in the service design need checking.")})
    design = design_result.value
    assert design is not None
    if not design.components:
        problems["service_design.components"] = N_("Please choose at least one part of support "
                                                   "from the menu.")

    ready: list[ChosenComponent] = []
    ready_ids: set[str] = set()
    unpriced: list[str] = []
    choices: list[FixedTermChoice] = []
    for i, original in enumerate(design.components):
        way = opts.pricing.get(original.id) if original.kind == ComponentKind.FIXED_TERM else None
        if original.fixed_term is not None and original.kind == ComponentKind.FIXED_TERM:
            choices.append(_choice(original, way, menu))
        chosen, refused = _priced_as(original, way)
        errors = component_problems(chosen, menu)
        if refused:
            errors = {"fixed_term.fixed_price_for_outcome": refused, **errors}
        if errors:
            problems.update({f"service_design.components.{i}" + (f".{p}" if p else ""): m
                             for p, m in errors.items()})
            unpriced.append(component_name(original, menu))
            continue
        ready.append(chosen)
        ready_ids.add(chosen.id)

    components = to_costing_components(ServiceDesign(components=ready), menu)
    _tell_apart(components, [c.notes for c in ready])
    parts = [_part(c, menu) for c in ready]
    by_id = {c.id: (c, costed) for c, costed in zip(ready, components)}
    first_function = len(components)
    function_notes: list[str] = []

    for j, use in enumerate(opts.functions):
        at = f"costing.functions.{j}"
        if use.function not in provider.optional_functions:
            problems[f"{at}.function"] = Msg("We have no rate for “{function}”. Please choose one of "
                                             "our services.", function=use.function)
            continue
        if design.component(use.for_component) is None:
            problems[f"{at}.for_component"] = N_("This part of support is no longer in the service "
                                                 "design. Please choose another or remove these hours.")
            continue
        if use.for_component not in ready_ids or not use.hours:
            continue  # its part is reported above, or there is nothing to price
        chosen, costed = by_id[use.for_component]
        line: dict[str, Any] = {
            "name": use.function,
            "kind": costed["kind"],
            "optional_function": use.function,
        }
        hours = plain_number(use.hours)
        if costed["kind"] == "one-off":
            line["function_hours"] = hours
        else:
            line["function_hours_per_week"] = hours
        if costed["kind"] == "fixed-term":
            line["weeks"] = costed["weeks"]
        components.append(line)
        function_notes.append(str(Msg("with {component}", component=costed["name"])))
        parts.append(OfferedPart(source=f"function:{use.for_component}:{use.function}", description=Msg(
            "Time from our {function}, with {component}. Only the people who use it pay for it.",
            function=use.function, component=costed["name"])))

    _tell_apart_functions(components[first_function:], function_notes)
    fitting = opts.mode == CostingMode.FIT
    if opts.management_hours_per_year and not fitting:
        components.append({"name": MANAGEMENT_NAME, "kind": "on-going",
                           "management_hours_per_year": plain_number(opts.management_hours_per_year),
                           "shared_by": opts.management_shared_by})
        parts.append(OfferedPart(source=MANAGEMENT, description=MANAGEMENT_WORDS))

    funding = validate(Funding, sections.get("funding") or {}).value
    budget = None
    if funding is not None and funding.sources:
        annual = funding.annual_total(provider.weeks_per_year)
        budget = {"amount": money_str(annual), "period": "year"}
    elif fitting:
        problems["funding"] = N_("To work back from the budget, please record the funding first.")
        fitting = False
    elif sections.get("funding") and funding is None:
        problems["funding"] = N_("Some answers about the funding need checking.")

    used = {c["optional_function"] for c in components if c.get("optional_function")}
    data, _ = with_provider_defaults({}, provider)
    data["optional_functions"] = {k: v for k, v in data["optional_functions"].items() if k in used}
    data.update({
        "title": _title(sections),
        "components": components,
        "contingency": money_str(opts.contingency),
        "mode": CostingMode.FIT.value if fitting else CostingMode.PRICE.value,
    })
    if budget is not None:
        data["budget"] = budget
    checked = parse_costing(data)
    if not checked.ok:  # the provider's file or an option the engine refuses
        problems.update({f"costing.{path}": message for path, message in checked.errors.items()})
        return CostingBuild(None, problems, tuple(unpriced), (), design_digest(design), tuple(choices))
    return CostingBuild(data, problems, tuple(unpriced), tuple(parts), design_digest(design), tuple(choices))


def _part(chosen: ChosenComponent, menu: ComponentMenu) -> OfferedPart:
    item = menu.get(chosen.component_id)
    outcome = chosen.fixed_term.target_outcome if chosen.fixed_term else ""
    return OfferedPart(source=chosen.id, menu_id=chosen.component_id,
                       description=item.description if item else "", outcome=outcome, note=chosen.notes)


def _tell_apart(components: list[dict[str, Any]], notes: list[str]) -> None:
    """Parts with the same name (two from one menu item, one function for two parts) are told
    apart, so the family never sees two lines with one name: by the advisor's note on the part
    (its first line, shortened) where there is one, else by a number after the first."""
    names = [c["name"] for c in components]
    for i, (costed, note) in enumerate(zip(components, notes)):
        name = names[i]
        if names.count(name) < 2:
            continue
        note = (note.strip().splitlines() or [""])[0].strip().rstrip(".")
        if note:
            costed["name"] = _short(f"{name}: {_short(note, 60)}")
        elif names[:i].count(name):
            costed["name"] = _short(f"{name} ({names[: i + 1].count(name)})")


def _tell_apart_functions(lines: list[dict[str, Any]], notes: list[str]) -> None:
    """One function used with two parts: "Behaviour support team (with Life skills training)"."""
    names = [line["name"] for line in lines]
    for line, note in zip(lines, notes):
        if names.count(line["name"]) > 1:
            line["name"] = _short(f"{line['name']} ({note})")


def _title(sections: Mapping[str, Any]) -> str:
    person = validate(Person, sections.get("person")).value if sections.get("person") else None
    if person is None:
        return str(N_("Support costing"))
    return str(_short(Msg("Support for {name}", name=person.display_name)))


def costing_input_for_case(sections: Mapping[str, Any], menu: ComponentMenu, provider_defaults: ProviderDefaults,
                           options: CostingOptions | Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole costing file for the case. Raises ``CostingNotReady`` (field paths and plain
    messages) unless every part of the design, every option and the funding can be priced."""
    built = build_costing(sections, menu, provider_defaults, options)
    if not built.complete:
        raise CostingNotReady(built.problems or {"costing": N_("This case cannot be priced yet.")})
    assert built.data is not None
    return built.data
