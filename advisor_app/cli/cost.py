"""``advisor-app cost FILE.json [--json]``: price a costing file with no store.

The I/O around the pure engine in ``advisor_app.domain.costing``: read the file, fill the
sections it leaves out from the provider's defaults (resources/provider/costing.json), price it,
print a readable breakdown or JSON. Exit codes: 0 priced, 1 a problem with the input (one line
per problem on stderr, each naming the field), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from advisor_app import bounded_json
from advisor_app.domain.costing import (
    Line,
    ProviderDefaults,
    Quote,
    cost,
    parse_costing,
    quote_to_json,
    with_provider_defaults,
)
from advisor_app.domain.costing.money import plain_number as number
from advisor_app.domain.costing.provider import DEFAULTED
from advisor_app.services import provider_files


MAX_FILE_CHARS = 5 * 1024 * 1024  # a costing is a few kilobytes


class InputProblem(Exception):
    """Problems to report as ``where: message`` lines, exit code 1."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def run(path: str, as_json: bool, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Price the costing file at ``path``; print the quote to ``out``, problems to ``err``."""
    try:
        data = read_json(path)
        if not isinstance(data, dict):
            raise InputProblem({path: "A costing file holds one JSON object, in { }."})
        from_provider: tuple[str, ...] = ()
        if any(section not in data for section in DEFAULTED):
            data, from_provider = with_provider_defaults(data, provider_defaults())
        checked = parse_costing(data)
        if not checked.ok:
            raise InputProblem(checked.errors)
        assert checked.value is not None
        quote = cost(checked.value)
    except InputProblem as problem:
        for where, message in problem.errors.items():
            print(f"{where}: {message}", file=err)
        return 1
    if as_json:
        print(json.dumps(quote_to_json(quote), indent=2, ensure_ascii=False), file=out)
    else:
        print(render_text(quote, from_provider), file=out, end="")
    return 0


def read_json(path: str) -> Any:
    # Numbers with a decimal point become Decimal, so hours like 7.5 never pass through a float;
    # NaN, a 5,000-digit number or JSON nested thousands deep is refused in one line.
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputProblem({path: "There is no such file."}) from None
    except UnicodeDecodeError:
        raise InputProblem({path: "This file is not UTF-8 text."}) from None
    except OSError as exc:
        raise InputProblem({path: f"This file cannot be read ({exc.strerror})."}) from None
    try:
        return bounded_json.loads(text, max_bytes=MAX_FILE_CHARS, decimals=True)
    except bounded_json.JsonRefused as exc:
        raise InputProblem({path: str(exc)}) from None


def provider_defaults() -> ProviderDefaults:
    try:
        return provider_files.costing()
    except provider_files.ProviderFileInvalid as exc:
        where_file = provider_files.location(exc.name)
        raise InputProblem({f"{where_file}: {where}": msg for where, msg in exc.errors.items()}) from None


# ---- the readable breakdown ----------------------------------------------------------------

COLUMNS = ("Direct", "Central", "Regional", "Surplus", "Price", "First year")
SECTIONS = (
    ("On-going support, a week", lambda line: line.period == "week"),
    ("Management, a year", lambda line: line.part == "management"),
    ("Fixed-term, the whole term", lambda line: line.period == "term"),
    ("One-off", lambda line: line.period == "once"),
    ("Contingency, a year", lambda line: line.part == "contingency"),
)
NAME_WIDTH = 36
CELL_WIDTH = 11


def pounds(amount: Decimal, sign: str = "£") -> str:
    return f"-{sign}{-amount:,.2f}" if amount < 0 else f"{sign}{amount:,.2f}"


def render_text(quote: Quote, from_provider: tuple[str, ...] = ()) -> str:
    o = quote.percentages
    out = [quote.title or "Costing", ""]
    out.append(
        f"{quote.weeks_per_year} weeks a year. Charges, each a percentage of direct cost: "
        f"central {number(o.central)}%, regional {number(o.regional)}%, "
        f"surplus {number(o.surplus)}%."
    )
    if from_provider:
        out.append(f"From the provider's defaults: {', '.join(from_provider)}.")
    out.append("")
    out.append(" " * (NAME_WIDTH + 2) + "".join(f"{c:>{CELL_WIDTH}}" for c in COLUMNS))
    for heading, belongs in SECTIONS:
        lines = [line for line in quote.lines if belongs(line)]
        if not lines:
            continue
        out.append(heading)
        for line in lines:
            out.extend(_row(line))
        if heading.startswith("On-going"):
            week = quote.weekly_ongoing_total
            year = week * quote.weeks_per_year
            out.extend(_cells("Total a week", [""] * 4 + [pounds(week, ""), pounds(year, "")]))
    out.append("")
    weekly = quote.weekly_ongoing_total
    management = quote.annual_ongoing_total - weekly * quote.weeks_per_year
    totals = [
        ("Weekly on-going total", quote.weekly_ongoing_total, ""),
        (
            "Annual on-going total",
            quote.annual_ongoing_total,
            f"{pounds(weekly)} x {quote.weeks_per_year} + {pounds(management)} management",
        ),
        ("Fixed-term total", quote.fixed_term_total, ""),
        ("One-off total", quote.one_off_total, ""),
        ("Contingency", quote.contingency, ""),
        (
            "First year total",
            quote.first_year_total,
            "on-going a year + fixed-term + one-off + contingency",
        ),
    ]
    for label, amount, note in totals:
        out.append(f"{label:<24}{pounds(amount):>14}" + (f"   ({note})" if note else ""))
    fy = quote.first_year_charges
    out.append(
        f"Charges in the first year: central {pounds(fy.central)}, regional {pounds(fy.regional)}, "
        f"surplus {pounds(fy.surplus)}."
    )
    out.append("")
    out.extend(_budget_text(quote))
    rules = [line for line in quote.lines if line.if_longer is not None]
    if rules:
        out.append("")
        out.append("If a fixed-price outcome takes longer:")
        out.extend(f"  {line.name}: {_if_longer_text(line)}" for line in rules)
    return "\n".join(out) + "\n"


def _label(line: Line) -> str:
    notes = []
    if line.management_hours is not None:
        notes.append(f"{number(line.management_hours)} hours")
    if line.weeks is not None:
        notes.append(f"{line.weeks} weeks")
    if line.fixed_price:
        notes.append("fixed price, all-inclusive")
    if line.shared_by > 1:
        notes.append(f"shared by {line.shared_by}: this person's share")
    return line.name + (f" ({'; '.join(notes)})" if notes else "")


def _row(line: Line) -> list[str]:
    c = line.charges
    money = [line.direct_cost, c.central, c.regional, c.surplus, line.price, line.first_year]
    return _cells(_label(line), [pounds(m, "") for m in money])


def _cells(label: str, cells: list[str]) -> list[str]:
    """A table row; a label too long for its column goes on a line of its own, never cut."""
    figures = "".join(f"{c:>{CELL_WIDTH}}" for c in cells)
    if len(label) > NAME_WIDTH:
        return [f"  {label}", " " * (NAME_WIDTH + 2) + figures]
    return [f"  {label:<{NAME_WIDTH}}{figures}"]


def _budget_text(quote: Quote) -> list[str]:
    b = quote.budget
    if b is None:
        return ["No budget given."]
    given = (
        f"{pounds(b.amount)} a week x {quote.weeks_per_year} = {pounds(b.annual)} a year"
        if b.period == "week"
        else f"{pounds(b.annual)} a year"
    )
    verdict = {
        "under": f"{pounds(b.difference)} a year under budget.",
        "over": f"{pounds(-b.difference)} a year over budget.",
        "exact": "Exactly on budget.",
    }[b.status]
    out = [f"Budget: {given}. First year: {pounds(quote.first_year_total)}.", verdict]
    if quote.mode == "fit-to-budget":
        hours = quote.management_hours_affordable
        out.append(
            f"The budget affords up to {hours} hours of management support a year "
            "(charges included)."
            if hours is not None
            else "Even with no more management support, this is over budget."
        )
    return out


def _if_longer_text(line: Line) -> str:
    terms = line.if_longer
    assert terms is not None
    if terms.rule == "continue-reduced":
        return f"support continues at {pounds(terms.hourly_rate or Decimal(0))} an hour."
    pct = f" ({number(terms.pct)}% of the price)" if terms.pct is not None else ""
    full = "a full" if terms.rule == "refund-full" else "a partial"
    return f"{full} refund of {pounds(terms.refund or Decimal(0))}{pct}."


def cmd_cost(args: argparse.Namespace) -> int:
    return run(args.file, args.json)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE.json", help="the costing, a JSON file")
    p.add_argument("--json", action="store_true", help="print the quote as JSON")


def add_commands(command) -> None:
    add_arguments(command("cost", cmd_cost, "price a costing file (no store needed)", store=False, secret=False))


def main(argv: list[str] | None = None) -> int:
    """``python -m advisor_app.cli.cost``: the same as ``advisor-app cost``, without a store."""
    parser = argparse.ArgumentParser(prog="advisor-app cost", description="Price a costing file (see docs/costing.md).")
    add_arguments(parser)
    args = parser.parse_args(argv)  # exits with 2 on wrong usage
    return run(args.file, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
