"""The Progress tab: Progress for Providers. The office grades itself on each indicator, 1 (becoming
aware) to 5 (excellent), with the date and its evidence; every grade is kept, so the progress shows.
Beside it, what the cases themselves evidence, counted from every case (each figure with what it
counts), kept on the days a manager keeps them, and charted over time with the grades."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QSplitter, QTabWidget, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.domain.provider_progress import BY_CODE, GRADE_WORDS, GRADES, INDICATORS, RULES, SECTIONS
from advisor_app.i18n import _
from advisor_app.office import exports, progress
from advisor_app.ui.office.common import DataTable, OfficeTab, button_row, export_path
from advisor_app.ui.widgets.charts import Chart
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.operations import BackgroundTask

CODE = Qt.ItemDataRole.UserRole


class ProgressTab(OfficeTab):
    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Progress"), N_("Progress for Providers: the office's own grades, kept over time, "
                                                    "and what the cases show."))
        self.add_message()
        self.parts = QTabWidget()
        self.parts.setDocumentMode(True)
        self.parts.addTab(self._build_grades(), "")
        self.parts.addTab(self._build_figures(), "")
        self.layout_.addWidget(self.parts, 1)
        self._grades: list[progress.Grade] = []
        self._figures: list = []
        self.retranslate_self()

    def _build_grades(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        splitter = QSplitter()
        layout.addWidget(splitter)
        self.indicators = QTreeWidget()
        self.indicators.setHeaderHidden(True)
        self.indicators.setColumnCount(1)
        for section in SECTIONS:
            parent = QTreeWidgetItem([_(section)])
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.indicators.addTopLevelItem(parent)
            for indicator in (i for i in INDICATORS if i.section == section):
                child = QTreeWidgetItem([_(indicator.title)])
                child.setData(0, CODE, indicator.code)
                parent.addChild(child)
        self.indicators.expandAll()
        self.indicators.currentItemChanged.connect(lambda *_a: self.show_indicator())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        right_layout.addWidget(self.title)
        self.evidenced = QLabel()
        self.evidenced.setObjectName("inlineInfo")
        self.evidenced.setWordWrap(True)
        right_layout.addWidget(self.evidenced)
        self.grade_group = QButtonGroup(self)
        self.grade_radios: dict[int, QRadioButton] = {}
        for grade in GRADES:
            radio = QRadioButton()
            radio.setStyleSheet("QRadioButton { padding: 2px; }")
            self.grade_group.addButton(radio, grade)
            self.grade_radios[grade] = radio
            right_layout.addWidget(radio)
        row = QHBoxLayout()
        self.assessed_on = QLineEdit()
        row.addWidget(TrLabel(N_("On (YYYY-MM-DD)"), object_name="fieldLabel", buddy=self.assessed_on, word_wrap=False))
        row.addWidget(self.assessed_on)
        row.addStretch(1)
        right_layout.addLayout(row)
        self.evidence = QPlainTextEdit()
        self.evidence.setTabChangesFocus(True)
        self.evidence.setMaximumHeight(80)
        right_layout.addWidget(TrLabel(N_("The e&vidence"), object_name="fieldLabel", buddy=self.evidence))
        right_layout.addWidget(self.evidence)
        self.record_button = TrButton(N_("R&ecord the grade"), primary=True)
        self.record_button.clicked.connect(self.record)
        right_layout.addLayout(button_row(self.record_button))
        self.history = DataTable((N_("Date"), N_("Grade"), N_("Recorded by"), N_("Evidence")), N_("Every grade so far"))
        right_layout.addWidget(self.history, 1)
        splitter.addWidget(self.indicators)
        splitter.addWidget(right)
        splitter.setSizes([380, 900])
        return page

    def _build_figures(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.figures = DataTable(tuple(exports.FIGURE_HEADER), N_("What the cases show"))
        layout.addWidget(self.figures, 1)
        self.keep_button = TrButton(N_("&Keep today's figures"), tooltip=N_("So they can be followed over time"))
        self.keep_button.clicked.connect(self.keep)
        self.export_button = TrButton(N_("Write them to a &file…"))
        self.export_button.clicked.connect(self.choose_export)
        layout.addLayout(button_row(self.keep_button, self.long_work(self.export_button)))
        charts = QHBoxLayout()
        self.figures_chart = Chart(_("The figures kept, over time (the table holds today's)"))
        self.grades_chart = Chart(_("The office's grades over time (the grades tab holds every one)"))
        charts.addWidget(self.figures_chart)
        charts.addWidget(self.grades_chart)
        layout.addLayout(charts, 1)
        return page

    # -- reading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._grades = progress.grades(self.service)
        self._figures = progress.evidence_figures(self.service)
        latest = {g.indicator: g for g in self._grades}
        for s in range(self.indicators.topLevelItemCount()):
            section = self.indicators.topLevelItem(s)
            for c in range(section.childCount()):
                child = section.child(c)
                code = child.data(0, CODE)
                grade = latest.get(code)
                text = _(BY_CODE[code].title) + (f" \u2014 {grade.grade}" if grade else "")
                child.setText(0, text)
                child.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                              _("{indicator}: grade {grade}", indicator=_(BY_CODE[code].title), grade=grade.grade)
                              if grade else _("{indicator}: not graded yet", indicator=_(BY_CODE[code].title)))
        if self.indicators.currentItem() is None:
            first = self.indicators.topLevelItem(0).child(0)
            self.indicators.setCurrentItem(first)
        if not self.assessed_on.text():
            self.assessed_on.setText(dt.date.today().isoformat())
        self.figures.set_rows([(f.figure.value, cells) for f, cells in zip(self._figures,
                                                                          exports.figure_rows(self._figures))])
        self.guard(Action.ASSESS_PROGRESS, self.record_button, self.keep_button)
        self.guard(Action.EXPORT, self.export_button)
        self.show_indicator()
        self.show_charts()

    def code(self) -> str | None:
        item = self.indicators.currentItem()
        return item.data(0, CODE) if item is not None else None

    def choose_indicator(self, code: str) -> None:
        for s in range(self.indicators.topLevelItemCount()):
            section = self.indicators.topLevelItem(s)
            for c in range(section.childCount()):
                if section.child(c).data(0, CODE) == code:
                    self.indicators.setCurrentItem(section.child(c))

    def show_indicator(self) -> None:
        code = self.code()
        if code is None:
            return
        indicator = BY_CODE[code]
        self.title.setText(f"{_(indicator.section)}: {_(indicator.title)}")
        for grade, radio in self.grade_radios.items():
            text = f"{_(GRADE_WORDS[grade])}. {_(indicator.grades[grade - 1])}"
            radio.setText(text)
            radio.setAccessibleName(text)
        self.grade_group.setExclusive(False)
        for radio in self.grade_radios.values():
            radio.setChecked(False)
        self.grade_group.setExclusive(True)
        mine = [g for g in self._grades if g.indicator == code]
        self.history.set_rows([(str(i), [g.assessed_on.isoformat(), _(GRADE_WORDS[g.grade]), g.recorded_by, g.evidence])
                               for i, g in reversed(list(enumerate(mine)))])
        shown = [(r, f) for r, f in zip(RULES, self._figures) if r.indicator == code]
        self.evidenced.setText("\n".join(_("What the cases show: {title}: {figure} ({n} of {d}).", title=_(r.title),
                                           figure=f"{f.percent}%" if f.percent is not None else "-", n=f.numerator,
                                           d=f.denominator) for r, f in shown))
        self.evidenced.setVisible(bool(shown))

    def show_charts(self) -> None:
        kept = progress.kept_figures(self.service)
        days = sorted({k.day for k in kept})
        series = {}
        for rule in RULES:
            by_day = {k.day: k for k in kept if k.figure == rule.figure}
            series[_(rule.title)] = [round(100 * by_day[d].numerator / by_day[d].denominator)
                                     if d in by_day and by_day[d].denominator else None for d in days]
        self.figures_chart.lines(_("Per cent, on the days kept"), [d.isoformat() for d in days], series, maximum=100)
        grade_days = sorted({g.assessed_on for g in self._grades})
        latest: dict[str, int] = {}
        lines: dict[str, list[float | None]] = {}
        codes = sorted({g.indicator for g in self._grades}, key=lambda c: [i.code for i in INDICATORS].index(c)
                       if c in BY_CODE else 99)
        for code in codes:
            lines[_(BY_CODE[code].title) if code in BY_CODE else code] = []
        for day in grade_days:
            for g in (g for g in self._grades if g.assessed_on == day):
                latest[g.indicator] = g.grade
            for code in codes:
                lines[_(BY_CODE[code].title) if code in BY_CODE else code].append(latest.get(code))
        self.grades_chart.lines(_("Grades, 1 to 5"), [d.isoformat() for d in grade_days], lines, minimum=1, maximum=5,
                                ticks=5)

    # -- recording ---------------------------------------------------------------------------------------
    def record(self) -> bool:
        code = self.code()
        grade = self.grade_group.checkedId()
        if code is None or grade not in GRADES:
            self.show_message(_("Choose the grade that best says where the office is."), error=True)
            return False
        done = self.attempt(lambda: progress.record_grade(self.service, code, grade, self.assessed_on.text().strip(),
                                                           self.evidence.toPlainText().strip()))
        if done is None:
            return False
        self.evidence.clear()
        self.show_message(_("Recorded grade {grade} for “{indicator}”.", grade=grade, indicator=_(BY_CODE[code].title)))
        self.refresh()
        self.choose_indicator(code)
        return True

    def keep(self) -> bool:
        kept = self.attempt(lambda: progress.keep_figures(self.service))
        if kept is None:
            return False
        self.show_message(_("Kept today's figures."))
        self.show_charts()
        return True

    def choose_export(self) -> None:
        found = export_path(self, _("Write the figures to a file"), "progress")
        if found is not None:
            self.export_to(*found)

    def export_to(self, path: Path, fmt: exports.Format) -> "BackgroundTask[Path] | None":
        figures, grades = list(self._figures), list(self._grades)
        return self.in_background(lambda service, _progress: exports.export_progress(service, figures, grades, path, fmt),
                                  lambda written: self.show_message(_("Wrote the figures to {file}.",
                                                                      file=Path(written).name)),
                                  doing=N_("Writing the figures to a file…"))

    def clear(self) -> None:
        self._grades, self._figures = [], []
        super().clear()

    def retranslate_self(self) -> None:
        self.parts.setTabText(0, _("Grades"))
        self.parts.setTabText(1, _("What the cases show"))
        self.indicators.setAccessibleName(_("The indicators, by section"))
        self.assessed_on.setAccessibleName(_("The day the grade is for"))
        self.evidence.setAccessibleName(_("The evidence"))
