"""The office's own reports as PDFs, beside their CSV files: the case list (as found), a themes
workshop's analysis, and the Progress for Providers evidence with the office's grades. For the
office's staff, not families; made with the same builder as every document (title, bookmarks, the
provider's name on each page, the language), as tables.

The office's services make the rows (``office/exports.py``); a table says in words what it holds
before it, for anyone who cannot see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from advisor_app.documents.easyread import DocumentSpec, Grid, Section, Text, build_pdf
from advisor_app.domain.provider import ProviderProfile
from advisor_app.i18n import _, format_date


@dataclass(frozen=True)
class Table:
    heading: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]  # fractions of the page's width
    lead: str = ""  # what the table shows, in words


def build(title: str, tables: Sequence[Table], provider: ProviderProfile, made_on: dt.date, *,
          subtitle: Sequence[str] = (), logo: Path | None = None) -> bytes:
    sections = [Section(t.heading, [*([Text(t.lead)] if t.lead else []),
                                    Grid(header=list(t.header), rows=[list(r) for r in t.rows], widths=list(t.widths),
                                         empty="", caption=t.lead or t.heading)])
                for t in tables]
    return build_pdf(DocumentSpec(
        title=title, subtitle=[*subtitle, _("Made on {date}", date=format_date(made_on))], subject=title,
        footer=title, keywords=[title], provider=provider, made_on=made_on, logo=logo, sections=sections,
        contact=False, glossary=False, compact=True))
