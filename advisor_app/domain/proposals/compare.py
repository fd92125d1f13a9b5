"""Comparing two versions of a proposal: what changed, and what it did to the price.

Parts of the design are matched by where they came from (the chosen component's id), so a part
renamed or re-priced is a change, not a removal and an addition. Every change is a sentence a
family can follow; the price effect is given per week, per year and for the first year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.proposals.model import Proposal
from advisor_app.domain.proposals.words import change_words, hours, pounds
from advisor_app.domain.week import BAND_LABELS

ChangeKind = Literal["added", "removed", "changed"]
Area = Literal["component", "rate", "charge", "contingency", "budget", "mode", "management", "weeks"]

RATE_LABELS = {
    "day": N_("Weekday daytime rate"),
    "evening": N_("Evening rate"),
    "weekend": N_("Weekend daytime rate"),
    "bank_holiday": N_("Bank holiday rate"),
    "sleep_in": N_("Sleep-in rate"),
    "waking_night": N_("Waking night rate"),
}
CHARGE_LABELS = {
    "central_pct": N_("Central management charge"),
    "regional_pct": N_("Regional management charge"),
    "surplus_pct": N_("Surplus"),
}
KIND_WORDS = {"one-off": N_("a one-off"), "fixed-term": N_("for a fixed term"), "on-going": N_("on-going")}


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    area: Area
    name: str  # what changed: a part of support, a rate, the contingency...
    text: str  # the change in plain words
    effect: Decimal | None = None  # a part of support: the change in what it adds to the first year


@dataclass(frozen=True)
class PriceEffect:
    """The later version's price minus the earlier one's (above 0: it costs more)."""

    week: Decimal  # a week of on-going support
    year: Decimal  # a year of on-going support, management included
    first_year: Decimal  # everything in the first year

    def words(self) -> list[str]:
        return [change_words(self.week, "week"), change_words(self.year, "year"),
                change_words(self.first_year, "first_year")]


@dataclass(frozen=True)
class ProposalDiff:
    before: int  # the earlier proposal's number
    after: int
    changes: tuple[Change, ...]
    effect: PriceEffect
    budget_before: str | None  # "under", "over", "exact", or None with no budget
    budget_after: str | None

    @property
    def unchanged(self) -> bool:
        return not self.changes and not (self.effect.week or self.effect.year or self.effect.first_year)

    def summary(self) -> str:
        """One sentence: "Proposal 2 compared with proposal 1: £42.50 a week more, £2,210.00 more in
        the first year." """
        e = self.effect
        if not (e.week or e.first_year):
            return Msg("Proposal {after} costs the same as proposal {before}.", after=self.after, before=self.before)
        if not e.week:
            return Msg("Proposal {after} compared with proposal {before}: {first_year}.", after=self.after,
                       before=self.before, first_year=change_words(e.first_year, "first_year"))
        return Msg("Proposal {after} compared with proposal {before}: {week}, {first_year}.", after=self.after,
                   before=self.before, week=change_words(e.week, "week"),
                   first_year=change_words(e.first_year, "first_year"))


def compare(a: Proposal, b: Proposal) -> ProposalDiff:
    """What changed from ``a`` to ``b`` (usually an earlier and a later version)."""
    ca, cb = a.costing, b.costing
    changes: list[Change] = []
    changes += _components(a, b)
    changes += _money_map(ca.get("rates") or {}, cb.get("rates") or {}, "rate", RATE_LABELS, _rate_unit)
    changes += _scalar_money(ca.get("management_rate"), cb.get("management_rate"), "rate",
                             N_("Management rate"), N_("an hour"))
    changes += _money_map(ca.get("optional_functions") or {}, cb.get("optional_functions") or {}, "rate",
                          {}, lambda _: N_("an hour"))
    changes += _charges(ca.get("overheads") or {}, cb.get("overheads") or {})
    if ca.get("weeks_per_year", 52) != cb.get("weeks_per_year", 52):
        changes.append(Change("changed", "weeks", N_("Weeks a year"), Msg(
            "Weeks a year of on-going support: from {before} to {after}.",
            before=ca.get("weeks_per_year", 52), after=cb.get("weeks_per_year", 52))))
    changes += _contingency(_money(ca.get("contingency")), _money(cb.get("contingency")))
    changes += _budget(ca.get("budget"), cb.get("budget"), a.quote.get("budget"), b.quote.get("budget"))
    changes += _mode(a, b)
    qa, qb = a.quote, b.quote
    effect = PriceEffect(
        week=_money(qb["weekly_ongoing_total"]) - _money(qa["weekly_ongoing_total"]),
        year=_money(qb["annual_ongoing_total"]) - _money(qa["annual_ongoing_total"]),
        first_year=_money(qb["first_year_total"]) - _money(qa["first_year_total"]),
    )
    return ProposalDiff(a.number, b.number, tuple(changes), effect, a.budget_status, b.budget_status)


# ---- parts of support -------------------------------------------------------------------------


def _money(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal("0.00")


def _number(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _keyed(p: Proposal) -> dict[str, tuple[int, dict[str, Any]]]:
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, comp in enumerate(p.costing.get("components") or []):
        key = p.source_of(i) or f"name:{comp.get('name')}"
        base, n = key, 1
        while key in out:
            n += 1
            key = f"{base}#{n}"
        out[key] = (i, comp)
    return out


def _first_year_of(p: Proposal, index: int) -> Decimal:
    return sum((_money(line["first_year"]) for line in p.quote.get("lines") or []
                if line.get("component") == index), Decimal("0.00"))


def _components(a: Proposal, b: Proposal) -> list[Change]:
    before, after = _keyed(a), _keyed(b)
    out: list[Change] = []
    for key, (i, comp) in before.items():
        if key not in after:
            out.append(Change("removed", "component", comp["name"],
                              Msg("Taken out: {name}.", name=comp["name"]), -_first_year_of(a, i)))
    for key, (j, comp) in after.items():
        if key not in before:
            out.append(Change("added", "component", comp["name"],
                              Msg("Added: {name}.", name=comp["name"]), _first_year_of(b, j)))
            continue
        i, old = before[key]
        texts = _component_changes(old, comp)
        if texts:  # one change per part, its sentences together, so its price effect shows once
            out.append(Change("changed", "component", comp["name"], " ".join(texts),
                              _first_year_of(b, j) - _first_year_of(a, i)))
    return out


def _component_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    name = new["name"]
    out: list[str] = []

    def from_to(what: str, before: Any, after: Any) -> None:
        out.append(Msg("{name}: {what}, from {before} to {after}.", name=name, what=what,
                       before=before, after=after))

    if old["name"] != name:
        out.append(Msg("{name} was called {old}.", name=name, old=old["name"]))
    if old.get("kind") != new.get("kind"):
        out.append(Msg("{name} is now {kind}.", name=name, kind=KIND_WORDS.get(new.get("kind"), new.get("kind"))))
    price_a, price_b = old.get("fixed_price"), new.get("fixed_price")
    if price_a is None and price_b is not None:
        out.append(Msg("{name} now has a fixed price of {price}, all included (it was by the hour).",
                       name=name, price=pounds(_money(price_b))))
    elif price_a is not None and price_b is None:
        out.append(Msg("{name} is now paid by the hour (it had a fixed price of {price}).",
                       name=name, price=pounds(_money(price_a))))
    elif price_a is not None and _money(price_a) != _money(price_b):
        from_to(N_("the fixed price"), pounds(_money(price_a)), pounds(_money(price_b)))
    if (price_a is None) != (price_b is None):
        return out  # priced another way: its hours before or after are not what is bought
    bands_a, bands_b = old.get("hours_per_week") or {}, new.get("hours_per_week") or {}
    for band, label in BAND_LABELS.items():
        ha, hb = _number(bands_a.get(band.value)), _number(bands_b.get(band.value))
        if ha != hb:
            from_to(Msg("{band} hours a week", band=label.lower()), hours(ha), hours(hb))
    numbers = (
        ("sleep_ins_per_week", N_("sleep-ins a week")),
        ("waking_nights_per_week", N_("waking nights a week")),
        ("function_hours_per_week", N_("hours a week of {function}")),
        ("function_hours", N_("hours of {function}")),
        ("hours", N_("hours in all")),
        ("management_hours_per_year", N_("management hours a year")),
    )
    for key, what in numbers:
        va, vb = _number(old.get(key)), _number(new.get(key))
        if va != vb:
            function = new.get("optional_function") or old.get("optional_function") or ""
            from_to(Msg(what, function=function) if "{function}" in what else what, hours(va), hours(vb))
    if old.get("weeks") != new.get("weeks") and old.get("weeks") and new.get("weeks"):
        from_to(N_("weeks"), old["weeks"], new["weeks"])
    elif old.get("weeks") != new.get("weeks") and new.get("weeks"):
        out.append(Msg("{name}: now {weeks} weeks.", name=name, weeks=new["weeks"]))
    if (old.get("band") or "day") != (new.get("band") or "day") and old.get("hours") and new.get("hours"):
        out.append(Msg("{name}: the hours are now at the {band} rate.", name=name, band=new.get("band")))
    if old.get("optional_function") != new.get("optional_function") and old.get("optional_function") \
            and new.get("optional_function"):
        from_to(N_("the service used"), old["optional_function"], new["optional_function"])
    sa, sb = old.get("shared_by", 1), new.get("shared_by", 1)
    if sa != sb:
        if sb == 1:
            out.append(Msg("{name} is no longer shared (it was shared by {n} people).", name=name, n=sa))
        elif sa == 1:
            out.append(Msg("{name} is now shared by {n} people.", name=name, n=sb))
        else:
            from_to(N_("the number of people sharing it"), sa, sb)
    if price_a is not None and price_b is not None and old.get("if_longer") != new.get("if_longer"):
        out.append(Msg("{name}: what happens if it takes longer has changed.", name=name))
    return out


# ---- rates, charges, contingency, budget, mode ------------------------------------------------


def _rate_unit(name: str) -> str:
    return N_("a night") if name in ("sleep_in", "waking_night") else N_("an hour")


def _money_map(a: Mapping[str, Any], b: Mapping[str, Any], area: Area, labels: Mapping[str, str],
               unit: Callable[[str], str]) -> list[Change]:
    """Rates both versions use that differ. A rate only one version needs is not a change of its
    own: the part that needs it is added or removed, and that says so."""
    out: list[Change] = []
    order = list(labels)
    for key in sorted(set(a) & set(b), key=lambda k: (order.index(k) if k in labels else len(order), k)):
        if _money(a[key]) == _money(b[key]):
            continue
        label = labels.get(key) or Msg("{name} rate", name=key)
        out.append(Change("changed", area, label, Msg(
            "{what}: from {before} to {after} {per}.", what=label, before=pounds(_money(a[key])),
            after=pounds(_money(b[key])), per=unit(key))))
    return out


def _scalar_money(a: Any, b: Any, area: Area, label: str, per: str) -> list[Change]:
    if a is None or b is None or _money(a) == _money(b):
        return []
    return [Change("changed", area, label, Msg("{what}: from {before} to {after} {per}.", what=label,
                                               before=pounds(_money(a)), after=pounds(_money(b)), per=per))]


def _charges(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Change]:
    out: list[Change] = []
    for key, label in CHARGE_LABELS.items():
        va, vb = _number(a.get(key)), _number(b.get(key))
        if va != vb:
            out.append(Change("changed", "charge", label, Msg(
                "{what}: from {before} to {after} of the direct cost.", what=label,
                before=hours(va) + "%", after=hours(vb) + "%")))
    return out


def _contingency(a: Decimal, b: Decimal) -> list[Change]:
    label = N_("Emergency contingency")
    if a == b:
        return []
    if not a:
        return [Change("added", "contingency", label,
                       Msg("Added: an emergency contingency of {money} a year.", money=pounds(b)), b)]
    if not b:
        return [Change("removed", "contingency", label,
                       Msg("Taken out: the emergency contingency of {money} a year.", money=pounds(a)), -a)]
    return [Change("changed", "contingency", label, Msg(
        "Emergency contingency: from {before} to {after} a year.", before=pounds(a), after=pounds(b)), b - a)]


def _budget(a: Any, b: Any, qa: Any, qb: Any) -> list[Change]:
    label = N_("Budget")
    if a == b:
        return []
    if a is None:
        return [Change("added", "budget", label, Msg("The budget is now recorded: {money} a year.",
                                                     money=pounds(_money(qb["annual"]))))]
    if b is None:
        return [Change("removed", "budget", label, N_("The budget is no longer recorded."))]
    before, after = _money(qa["annual"]), _money(qb["annual"])
    if before == after:
        return []
    return [Change("changed", "budget", label, Msg("Budget: from {before} to {after} a year.",
                                                   before=pounds(before), after=pounds(after)))]


def _mode(a: Proposal, b: Proposal) -> list[Change]:
    out: list[Change] = []
    fa, fb = a.quote.get("mode") == "fit-to-budget", b.quote.get("mode") == "fit-to-budget"
    if fa != fb:
        out.append(Change("changed", "mode", N_("How it is worked out"),
                          N_("Now worked back from the budget.") if fb else N_("Now priced as designed.")))
    if fa and fb:
        ha, hb = a.quote.get("management_hours_affordable"), b.quote.get("management_hours_affordable")
        if ha != hb:
            out.append(Change("changed", "management", N_("Management support"), Msg(
                "Management support the budget pays for: from {before} to {after} hours a year.",
                before=ha if ha is not None else 0, after=hb if hb is not None else 0)))
    return out
