"""The provider's 5 x 5 risk matrix as a grid to click or walk with the keyboard.

Rows are likelihood (most likely at the top), columns impact (least at the left). Each cell
shows its score on its band's colour and has an accessible name ("Likely, moderate: score 12,
high risk"). The arrow keys move; Space or Enter chooses; only one cell is in the Tab order.
The severity itself is the domain's (``domain.risk.severity``): this widget only shows it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.risk import Impact, Likelihood, RiskMatrix, Severity, severity
from advisor_app.i18n import _
from advisor_app.ui.widgets.fields import Binding
from advisor_app.ui.widgets.read_only import CHOICE
from advisor_app.ui.widgets.text import TrButton

NOT_RATED = N_("Not rated yet")
PILL_ROLE = int(Qt.ItemDataRole.UserRole) + 7


def severity_pill_style(sev: Severity | None) -> str:
    if sev is None:
        return "QLabel { border: 1px dashed #A9B3BE; border-radius: 10px; padding: 3px 10px; }"
    return (f"QLabel {{ background: {sev.colour}; color: {sev.text_colour}; border-radius: 10px; "
            f"padding: 3px 10px; font-weight: 600; }}")


class PillDelegate(QStyledItemDelegate):
    """Draws a table cell's words on a coloured pill: ``PILL_ROLE`` holds (background, text colour).
    Painted here so the theme's item style sheet cannot hide the colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        colours = index.data(PILL_ROLE)
        if not colours:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(font)
        rect = option.rect.adjusted(6, 6, -6, -6)
        width = min(metrics.horizontalAdvance(text) + 26, rect.width())
        height = min(metrics.height() + 8, rect.height())
        pill = QRect(rect.left(), rect.center().y() - height // 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours[0]))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor(colours[1]))
        painter.setFont(font)
        painter.drawText(pill.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, pill.width() - 16))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 (Qt API)
        hint = super().sizeHint(option, index)
        if index.data(PILL_ROLE):
            font = QFont(option.font)
            font.setWeight(QFont.Weight.DemiBold)
            metrics = QFontMetrics(font)
            return QSize(metrics.horizontalAdvance(str(index.data())) + 44, max(hint.height(), metrics.height() + 20))
        return hint


class _Cell(QPushButton):
    def __init__(self, owner: "RiskMatrixWidget", row: int, column: int):
        super().__init__()
        self.owner, self.row, self.column = owner, row, column
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setProperty(CHOICE, True)  # a read-only view shows the rating and takes no choice
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.clicked.connect(lambda: owner.choose_cell(self.row, self.column))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        moves = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}
        if event.key() in moves and not event.modifiers() & (Qt.KeyboardModifier.AltModifier
                                                             | Qt.KeyboardModifier.ControlModifier):
            dr, dc = moves[event.key()]
            self.owner.move_focus(self.row + dr, self.column + dc)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.owner.choose_cell(self.row, self.column)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Space:
            return  # chosen on press; the button's own release would toggle it back
        super().keyReleaseEvent(event)


class RiskMatrixWidget(QWidget):
    """``chosen`` fires with (likelihood, impact) when a cell is chosen, (None, None) when cleared."""

    chosen = Signal(object, object)

    def __init__(self, matrix: RiskMatrix, parent: QWidget | None = None, *, compact: bool = False,
                 name: str = ""):
        super().__init__(parent)
        self.matrix = matrix
        self.name = name  # what is rated ("Doing nothing: the person"), for accessible names
        self.likelihoods = [level.id for level in sorted(matrix.likelihood, key=lambda l: -l.value)]
        self.impacts = [level.id for level in sorted(matrix.impact, key=lambda l: l.value)]
        self.value: tuple[Likelihood, Impact] | None = None
        self._focus_cell = (len(self.likelihoods) // 2, len(self.impacts) // 2)
        size = 40 if compact else 54
        widest = max(self.fontMetrics().horizontalAdvance(level.words) for level in matrix.impact)
        cell_width = max(size + 26, widest + 12)
        # Compact (four on one step): the severity goes under the grid, so the step stays narrow.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(3)
        self.row_labels: list[QLabel] = []
        self.column_labels: list[QLabel] = []
        self.cells: list[list[_Cell]] = []
        self.axis_likelihood = QLabel()
        self.axis_likelihood.setObjectName("hint")
        grid.addWidget(self.axis_likelihood, 0, 0)
        for c, _impact in enumerate(self.impacts):
            label = QLabel()
            label.setObjectName("hint")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setFixedWidth(cell_width)
            self.column_labels.append(label)
            grid.addWidget(label, 0, c + 1, Qt.AlignmentFlag.AlignBottom)
        for r, likelihood in enumerate(self.likelihoods):
            label = QLabel()
            label.setObjectName("hint")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.row_labels.append(label)
            grid.addWidget(label, r + 1, 0)
            row: list[_Cell] = []
            for c, impact in enumerate(self.impacts):
                cell = _Cell(self, r, c)
                cell.setFixedSize(cell_width, size)
                sev = severity(matrix, likelihood, impact)
                cell.setText(str(sev.score))
                cell.setStyleSheet(
                    f"QPushButton {{ background: {sev.colour}; color: {sev.text_colour}; border: 1px solid "
                    f"rgba(0,0,0,40); border-radius: 4px; font-weight: 600; padding: 0; min-height: {size - 8}px; "
                    f"max-height: {size}px; min-width: 0; }}"
                    f"QPushButton:checked {{ border: 4px solid #1D2630; font-weight: 800; }}"
                    f"QPushButton:focus {{ border: 3px dashed #2F6FB3; }}"
                    f"QPushButton:checked:focus {{ border: 4px solid #2F6FB3; }}")
                row.append(cell)
                grid.addWidget(cell, r + 1, c + 1)
            self.cells.append(row)
        self.axis_impact = QLabel()
        self.axis_impact.setObjectName("hint")
        self.axis_impact.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.axis_impact, len(self.likelihoods) + 1, 1, 1, len(self.impacts))
        outer.addWidget(grid_box, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        side = QVBoxLayout()
        side.setSpacing(8)
        self.result_caption = QLabel()
        self.result_caption.setObjectName("fieldLabel")
        side.addWidget(self.result_caption)
        self.result = QLabel()
        self.result.setWordWrap(False)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        side.addWidget(self.result, 0, Qt.AlignmentFlag.AlignLeft)

        self.advice = QLabel()
        self.advice.setObjectName("hint")
        self.advice.setWordWrap(True)
        side.addWidget(self.advice)
        self.clear_button = TrButton(N_("Clear the rating"), flat=True)
        self.clear_button.clicked.connect(self.clear)
        side.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addLayout(side, 1)
        self._update_tab_stop()
        self.retranslate_self()

    # -- state -------------------------------------------------------------------------------------
    def severity(self) -> Severity | None:
        return severity(self.matrix, *self.value) if self.value else None

    def set_rating(self, value: Any) -> None:
        """Show a saved rating ({"likelihood": ..., "impact": ...} or None); not an edit."""
        rating = None
        if isinstance(value, dict) and value.get("likelihood") and value.get("impact"):
            try:
                rating = (Likelihood(value["likelihood"]), Impact(value["impact"]))
            except ValueError:
                rating = None
        self.value = rating
        if rating is not None:
            self._focus_cell = (self.likelihoods.index(rating[0]), self.impacts.index(rating[1]))
        self._show_choice()

    def rating(self) -> dict[str, str] | None:
        return {"likelihood": self.value[0].value, "impact": self.value[1].value} if self.value else None

    def choose_cell(self, row: int, column: int) -> None:
        self.value = (self.likelihoods[row], self.impacts[column])
        self._focus_cell = (row, column)
        self._show_choice()
        self.cells[row][column].setFocus(Qt.FocusReason.OtherFocusReason)
        self.chosen.emit(*self.value)

    def choose(self, likelihood: Likelihood | str, impact: Impact | str) -> None:
        self.choose_cell(self.likelihoods.index(Likelihood(likelihood)), self.impacts.index(Impact(impact)))

    def clear(self) -> None:
        if self.value is None:
            return
        self.value = None
        self._show_choice()
        self.chosen.emit(None, None)

    def move_focus(self, row: int, column: int) -> None:
        row = max(0, min(row, len(self.likelihoods) - 1))
        column = max(0, min(column, len(self.impacts) - 1))
        self._focus_cell = (row, column)
        self._update_tab_stop()
        self.cells[row][column].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_cell(self) -> _Cell:
        return self.cells[self._focus_cell[0]][self._focus_cell[1]]

    def _update_tab_stop(self) -> None:
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                here = (r, c) == self._focus_cell
                cell.setFocusPolicy(Qt.FocusPolicy.StrongFocus if here else Qt.FocusPolicy.ClickFocus)

    def _show_choice(self) -> None:
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                on = self.value is not None and (self.likelihoods[r], self.impacts[c]) == self.value
                cell.setChecked(on)
                cell.setText(("\u2713 " if on else "") + str(severity(self.matrix, self.likelihoods[r],
                                                                         self.impacts[c]).score))
        self._update_tab_stop()
        self.retranslate_self()

    def result_text(self) -> str:
        sev = self.severity()
        return _(sev.summary) if sev else _(NOT_RATED)

    # -- words ---------------------------------------------------------------------------------------
    def retranslate_self(self) -> None:
        self.axis_likelihood.setText(_("Likelihood \u2193"))
        self.axis_impact.setText(_("Impact \u2192"))
        for label, likelihood in zip(self.row_labels, self.likelihoods):
            label.setText(_(self.matrix.likelihood_level(likelihood).words))
        for label, impact in zip(self.column_labels, self.impacts):
            label.setText(_(self.matrix.impact_level(impact).words))
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                sev = severity(self.matrix, self.likelihoods[r], self.impacts[c])
                name = _("{likelihood}, {impact}: score {score}, {band}",
                         likelihood=_(sev.likelihood_words), impact=_(sev.impact_words).lower(),
                         score=sev.score, band=_(sev.words).lower())
                if cell.isChecked():
                    name = _("{cell} (chosen)", cell=name)
                cell.setAccessibleName(name)
                cell.setToolTip(name)
        sev = self.severity()
        self.result_caption.setText(_("Severity") if not self.name else _("Severity: {what}", what=self.name))
        self.result.setText(self.result_text())
        self.result.setStyleSheet(severity_pill_style(sev))
        self.result.setAccessibleName(_("Severity: {words}", words=self.result_text()))
        self.advice.setText(_(sev.advice) if sev and sev.advice else "")
        self.advice.setVisible(bool(sev and sev.advice))
        self.clear_button.setVisible(sev is not None)


class MatrixBinding(Binding):
    """A rating ({likelihood, impact} or None) chosen on the matrix."""

    def __init__(self, path: str, label: Any, matrix: RiskMatrix, *, compact: bool = False, name: str = "",
                 hint: Any = None):
        super().__init__(path, label, hint=hint)
        self.matrix_widget = RiskMatrixWidget(matrix, compact=compact, name=name)
        self.matrix_widget.chosen.connect(lambda *_a: self._changed())
        self._build_row(self.matrix_widget)

    def control(self) -> QWidget:
        return self.matrix_widget.focus_cell()

    def value(self) -> Any:
        return self.matrix_widget.rating()

    def _show(self, value: Any) -> None:
        self.matrix_widget.set_rating(value)

    def _mark(self, widget: QWidget) -> None:
        pass  # the message beside it says what is needed; the cells keep their band colours

    def retranslate_self(self) -> None:
        if hasattr(self, "matrix_widget"):
            self.matrix_widget.retranslate_self()
        if self.label is not None:
            from advisor_app.ui.widgets.text import resolve

            self.label.setText(resolve(self._label_source))

    def _describe(self) -> None:
        if hasattr(self, "matrix_widget"):
            self.matrix_widget.setAccessibleDescription(_(self._error) if self._error else "")


class MatrixThumbnail(QWidget):
    """A small picture of the matrix with the rated cell marked, for a summary at the top of a
    screen (the office's decision): the severity beside it says the same in words."""

    CELL = 16

    def __init__(self, matrix: RiskMatrix, parent: QWidget | None = None):
        super().__init__(parent)
        self.matrix = matrix
        self.likelihoods = [level.id for level in sorted(matrix.likelihood, key=lambda l: -l.value)]
        self.impacts = [level.id for level in sorted(matrix.impact, key=lambda l: l.value)]
        self.value: tuple[Likelihood, Impact] | None = None
        side = self.CELL * 5 + 4 * 2
        self.setFixedSize(side, side)

    def set_rating(self, value: Any) -> None:
        try:
            self.value = (Likelihood(value["likelihood"]), Impact(value["impact"])) if value else None
        except (KeyError, TypeError, ValueError):
            self.value = None
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        for row, likelihood in enumerate(self.likelihoods):
            for column, impact in enumerate(self.impacts):
                sev = severity(self.matrix, likelihood, impact)
                rect = QRect(column * (self.CELL + 2), row * (self.CELL + 2), self.CELL, self.CELL)
                painter.fillRect(rect, QColor(sev.colour))
                if self.value == (likelihood, impact):
                    painter.setPen(QColor("#1A1A1A"))
                    painter.drawRect(rect.adjusted(-1, -1, 0, 0))
                    painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.end()
