"""The office's information written to a file: the case list as found, a workshop's themes, the
Progress for Providers figures and grades; each as CSV (for a spreadsheet) or as a PDF report.

The files hold personal data (names, references, what people said), so they are written only by a
manager or an administrator, readable only by them (0600, whole or not at all: ``services/files.py``),
and each is in the audit log. A cell a spreadsheet would run as a formula is written as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.domain.provider_progress import BY_CODE, GRADE_WORDS, RULE_OF, Figure
from advisor_app.domain.themes import KIND_LABELS, READING_WORDS, StatementKind, UNSORTED
from advisor_app.i18n import _, format_date
from advisor_app.office.day import CaseLine
from advisor_app.office.progress import Grade
from advisor_app.office.service import OfficeError, OfficeService, requires
from advisor_app.office.themes import Board
from advisor_app.services.errors import from_os_error
from advisor_app.services.files import atomic_write

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Format(StrEnum):
    CSV = "csv"
    PDF = "pdf"


def cell(text: object) -> str:
    """A value as a spreadsheet cell that is never run as a formula."""
    value = "" if text is None else str(text)
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a byte order mark, so a spreadsheet reads names with accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([[cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def stage_words(stage: str, status: str) -> str:
    try:
        title = _(journey.info(Stage(stage)).title)
    except ValueError:
        title = stage
    return _("{stage} (closed)", stage=title) if status == "closed" else title


# ---- the rows -------------------------------------------------------------------------------------------

CASE_HEADER = (N_("Reference"), N_("Person"), N_("Postcode"), N_("Stage"), N_("Advisor"), N_("Laptop"),
               N_("Last change"), N_("Person-centred review"), N_("Risk reviews overdue"))
THEME_HEADER = (N_("Theme"), *KIND_LABELS.values(), N_("Statements"), N_("Cases"), N_("Reading"), N_("Actions"))
FIGURE_HEADER = (N_("Figure"), N_("Indicator"), N_("Counted"), N_("Of"), N_("Per cent"), N_("What is counted"))
GRADE_HEADER = (N_("Indicator"), N_("Grade"), N_("Date"), N_("Recorded by"), N_("Evidence"))


def case_rows(lines: Sequence[CaseLine]) -> list[list[str]]:
    return [[line.reference, line.person_name, line.postcode, stage_words(line.stage, line.status), line.advisor,
             line.laptop, line.updated_at[:10], _(line.review.words) if line.review else "", str(line.risk_overdue)]
            for line in lines]


def theme_rows(found: Board) -> list[list[str]]:
    rows = []
    for count in found.counts():
        actions = [f"{a.what} ({a.owner}, {a.due_on.isoformat()})" for a in found.actions if a.theme_id == count.theme_id]
        rows.append([count.name if count.theme_id != UNSORTED else _("Not in a theme yet"),
                     *(str(count.by_kind[k]) for k in StatementKind), str(count.total), str(count.cases),
                     _(READING_WORDS[count.reading]) if count.total else "", "; ".join(actions)])
    return rows


def figure_rows(found: Sequence[Figure]) -> list[list[str]]:
    rows = []
    for f in found:
        rule = RULE_OF[f.figure]
        rows.append([_(rule.title), _(BY_CODE[rule.indicator].title), str(f.numerator), str(f.denominator),
                     "" if f.percent is None else f"{f.percent}%", _(rule.counts)])
    return rows


def grade_rows(grades: Sequence[Grade]) -> list[list[str]]:
    return [[_(BY_CODE[g.indicator].title) if g.indicator in BY_CODE else g.indicator, _(GRADE_WORDS[g.grade]),
             g.assessed_on.isoformat(), g.recorded_by, g.evidence] for g in grades]


# ---- writing ----------------------------------------------------------------------------------------------


def _made_pdf(title: str, tables: list, subtitle: Sequence[str] = ()) -> bytes:
    from advisor_app.documents import office_reports
    from advisor_app.services import provider_files

    return office_reports.build(title, tables, provider_files.load_profile(), dt.date.today(), subtitle=subtitle)


@requires(Action.EXPORT)
def _write(service: OfficeService, path: Path, data: bytes, what: str, rows: int) -> Path:
    try:
        atomic_write(Path(path), data)
    except OSError as exc:
        raise OfficeError(str(from_os_error(exc, store_folder=False))) from None
    with service.store.transaction() as conn:
        service._audit(conn, "export", what, file=Path(path).name, rows=rows)
    return Path(path)


def export_cases(service: OfficeService, lines: Sequence[CaseLine], path: Path, fmt: Format,
                 found_by: str = "") -> Path:
    """The cases as found (``found_by``: the search and filters, in words, for the PDF)."""
    header, rows = [_(h) for h in CASE_HEADER], case_rows(lines)
    if fmt == Format.CSV:
        return _write(service, path, csv_bytes(header, rows), "cases.csv", len(rows))
    from advisor_app.documents.office_reports import Table

    table = Table(_("Cases"), header, rows, (0.12, 0.14, 0.08, 0.12, 0.09, 0.1, 0.09, 0.18, 0.08),
                  _("{n} cases, most recently changed first.", n=len(rows)))
    return _write(service, path, _made_pdf(_("Cases"), [table], [found_by] if found_by else []), "cases.pdf", len(rows))


def export_themes(service: OfficeService, found: Board, path: Path, fmt: Format) -> Path:
    """The workshop's themes with their counts and actions (no statement's own words)."""
    header, rows = [_(h) for h in THEME_HEADER], theme_rows(found)
    if fmt == Format.CSV:
        return _write(service, path, csv_bytes(header, rows), "themes.csv", len(rows))
    from advisor_app.documents.office_reports import Table

    w = found.workshop
    period = _("Reviews held from {start} to {end}", start=format_date(w.period_from), end=format_date(w.period_to))
    table = Table(_("Themes"), header, rows, (0.17, 0.08, 0.08, 0.08, 0.08, 0.08, 0.07, 0.16, 0.2),
                  _("Each theme's statements by kind, from how many cases, and the actions agreed."))
    return _write(service, path, _made_pdf(w.title, [table], [period]), "themes.pdf", len(rows))


def export_progress(service: OfficeService, found: Sequence[Figure], grades: Sequence[Grade], path: Path,
                    fmt: Format) -> Path:
    """The figures the cases evidence today and every grade the office recorded."""
    if fmt == Format.CSV:
        header = [_(h) for h in FIGURE_HEADER]
        return _write(service, path, csv_bytes(header, figure_rows(found)), "progress.csv", len(found))
    from advisor_app.documents.office_reports import Table

    tables = [Table(_("What the cases show"), [_(h) for h in FIGURE_HEADER], figure_rows(found),
                    (0.2, 0.15, 0.1, 0.08, 0.09, 0.38), _("Each figure counted from every case today.")),
              Table(_("The office's grades"), [_(h) for h in GRADE_HEADER], grade_rows(grades),
                    (0.22, 0.18, 0.12, 0.14, 0.34), _("Every grade recorded, oldest first."))]
    return _write(service, path, _made_pdf(_("Progress for Providers"), tables), "progress.pdf", len(found))


FORMAT_WORDS = {Format.CSV: N_("A spreadsheet (CSV)"), Format.PDF: N_("A report (PDF)")}
