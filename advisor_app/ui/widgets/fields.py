"""Field bindings: one widget tied to one dotted field path of a section.

A binding knows how to show a value, read it back in the plain JSON shape the domain expects,
and show the domain's message for its path beside the field. It holds no rules: whether a
postcode or an email is right is decided by the domain when the section is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets import icons
from advisor_app.ui.widgets.text import TextSource, TrLabel, plain, resolve

ERROR_MARK = "\u26a0"  # ⚠: the message does not rely on colour alone
REMINDER_MARK = "\u2192"  # →: still to do (saved, but needed before the stage is finished)


class Binding(QObject):
    """Base class: a labelled control with a hint and an error line, bound to ``path``.

    A message beside the field is either an *error* (the save was refused: red, and the form
    counts as invalid) or a *reminder* (``soft``: saved, but still needed; shown calmly).
    ``accessible`` names a control that has no visible label (a cell of a grid, an entry of a list).
    """

    edited = Signal()

    def __init__(self, path: str, label: TextSource | None, *, hint: TextSource | None = None,
                 accessible: TextSource | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.path = path
        self._label_source = label
        self._hint_source = hint
        self._accessible_source = accessible
        self._error: str | None = None
        self._soft = False
        self._loading = False
        self.row = QWidget()
        self.row.setObjectName("fieldRow")
        self.label: QLabel | None = None
        self.hint: TrLabel | None = None
        self.error = QLabel(self.row)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()

    # -- to be provided by each kind of field ----------------------------------------------
    def control(self) -> QWidget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    # -- shared behaviour ------------------------------------------------------------------
    def _build_row(self, body: QWidget | None = None) -> None:
        layout = QVBoxLayout(self.row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        if self._label_source is not None:
            self.label = QLabel(self.row)
            self.label.setObjectName("fieldLabel")
            self.label.setBuddy(self.control())
            self.label.setWordWrap(True)
            layout.addWidget(self.label)
        if self._hint_source is not None:
            self.hint = TrLabel(self._hint_source, self.row, object_name="hint")
            layout.addWidget(self.hint)
        layout.addWidget(body or self.control())
        layout.addWidget(self.error)
        self.retranslate_self()

    def set_value(self, value: Any) -> None:
        """Show a saved value; does not count as an edit."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _changed(self, *args: Any) -> None:
        if not self._loading:
            self.edited.emit()

    def set_error(self, message: str | None, *, soft: bool = False) -> None:
        message = message or None
        soft = bool(message) and soft
        if message == self._error and soft == self._soft:
            return
        self._error = message
        self._soft = soft
        self._mark(self.control())
        self._render_error()

    def _mark(self, widget: QWidget) -> None:
        """Outline ``widget``: red for an error, calm for a reminder."""
        hard = bool(self._error) and not self._soft
        if widget.property("invalid") != hard or widget.property("reminder") != self._soft:
            widget.setProperty("invalid", hard)
            widget.setProperty("reminder", self._soft)
            repolish(widget)

    def error_message(self) -> str | None:
        return self._error

    def is_reminder(self) -> bool:
        return self._soft

    def route_errors(self, errors: Mapping[str, str], *, soft: bool = False) -> set[str]:
        """Take the message for this field's path, if there is one; return the paths used."""
        message = errors.get(self.path)
        self.set_error(message, soft=soft)
        return {self.path} if message is not None else set()

    def clear_error(self) -> None:
        if self._error is not None:
            self.set_error(None)

    def focus(self) -> None:
        self.control().setFocus(Qt.FocusReason.OtherFocusReason)

    def label_text(self) -> str:
        if self._label_source is not None:
            return plain(resolve(self._label_source))
        return plain(resolve(self._accessible_source)) if self._accessible_source is not None else ""

    def set_accessible(self, text: TextSource) -> None:
        """Name a control that has no visible label (e.g. "Entry 3 of what is important to Priya")."""
        self._accessible_source = text
        self.control().setAccessibleName(self.label_text())

    def _render_error(self) -> None:
        name = "fieldReminder" if self._soft else "fieldError"
        if self.error.objectName() != name:
            self.error.setObjectName(name)
            repolish(self.error)
        if self._error:
            mark = REMINDER_MARK if self._soft else ERROR_MARK
            self.error.setText(f"{mark} {_(self._error)}")
            self.error.setAccessibleName(
                _("Still needed for “{field}”", field=self.label_text()) if self._soft
                else _("Problem with “{field}”", field=self.label_text()))
            self.error.show()
        else:
            self.error.clear()
            self.error.hide()
        self._describe()

    def _describe(self) -> None:
        parts = [resolve(self._hint_source)] if self._hint_source is not None else []
        if self._error:
            parts.insert(0, _(self._error))
        self.control().setAccessibleDescription(" ".join(p for p in parts if p))

    def retranslate_self(self) -> None:
        if self.label is not None:
            self.label.setText(resolve(self._label_source))
        self.control().setAccessibleName(self.label_text())
        self._render_error()


class LineBinding(Binding):
    """One line of text. ``empty`` is what an empty box means (``""`` or ``None``).

    ``prefix`` and ``suffix`` are short words shown either side of the box ("£", "hours").
    """

    def __init__(self, path: str, label: TextSource | None, *, empty: Any = "", hint: TextSource | None = None,
                 placeholder: TextSource | None = None, max_width: int | None = None,
                 prefix: TextSource | None = None, suffix: TextSource | None = None,
                 accessible: TextSource | None = None, parent: QObject | None = None):
        super().__init__(path, label, hint=hint, accessible=accessible, parent=parent)
        self.empty = empty
        self._placeholder = placeholder
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(False)
        if max_width:
            self.edit.setMaximumWidth(max_width)
        self.edit.textEdited.connect(self._changed)
        body = None
        if prefix is not None or suffix is not None:
            body = QWidget()
            row = QHBoxLayout(body)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(8)
            if prefix is not None:
                row.addWidget(TrLabel(prefix, object_name="affix", word_wrap=False))
            row.addWidget(self.edit, 1 if not max_width else 0)
            if suffix is not None:
                row.addWidget(TrLabel(suffix, object_name="affix", word_wrap=False))
            row.addStretch(0 if not max_width else 1)
        self._build_row(body)

    def control(self) -> QWidget:
        return self.edit

    def value(self) -> Any:
        text = self.edit.text()
        return self.empty if not text.strip() else text

    def _show(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)

    def retranslate_self(self) -> None:
        super().retranslate_self()
        self.edit.setPlaceholderText(resolve(self._placeholder) if self._placeholder else "")


class NumberBinding(LineBinding):
    """A number typed as people write it (hours, pounds, weeks). Empty means ``empty`` (``None``,
    or ``"0"`` where the domain counts nothing as zero); a saved zero shows as an empty box.
    What is typed goes to the domain as text, so its message appears beside a wrong number."""

    def __init__(self, path: str, label: TextSource | None, *, empty: Any = None, width_chars: int = 8,
                 **kwargs: Any):
        kwargs.setdefault("max_width", None)
        super().__init__(path, label, empty=empty, **kwargs)
        metrics = self.edit.fontMetrics()
        self.edit.setMaximumWidth(metrics.horizontalAdvance("0" * width_chars) + 30)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def value(self) -> Any:
        text = self.edit.text().strip().replace(",", "").lstrip("£").strip()
        return self.empty if not text else text

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        try:
            if text and float(text) == 0:
                text = ""
        except ValueError:
            pass
        self.edit.setText(text)
        self.edit.setCursorPosition(0)


class SpinBinding(Binding):
    """A whole number in a range, with arrow keys to step it (how many people share something)."""

    def __init__(self, path: str, label: TextSource, *, minimum: int = 0, maximum: int = 99,
                 suffix: TextSource | None = None, hint: TextSource | None = None, parent: QObject | None = None):
        super().__init__(path, label, hint=hint, parent=parent)
        self._suffix = suffix
        self.spin = QSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.spin.setMaximumWidth(self.spin.fontMetrics().horizontalAdvance("0" * 14) + 60)
        self.spin.valueChanged.connect(self._changed)
        self._build_row(self._wrap())

    def _wrap(self) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin)
        layout.addStretch(1)
        return box

    def control(self) -> QWidget:
        return self.spin

    def value(self) -> int:
        return self.spin.value()

    def _show(self, value: Any) -> None:
        try:
            self.spin.setValue(int(value) if value is not None else self.spin.minimum())
        except (TypeError, ValueError):
            self.spin.setValue(self.spin.minimum())

    def retranslate_self(self) -> None:
        self.spin.setSuffix(" " + resolve(self._suffix) if self._suffix else "")
        super().retranslate_self()
        self.spin.lineEdit().setAccessibleName(self.label_text())  # the box inside, where the keys go


class TextAreaBinding(Binding):
    """Several lines of text, in the family's own words. Tab moves on (keyboard use)."""

    def __init__(self, path: str, label: TextSource | None, *, hint: TextSource | None = None,
                 placeholder: TextSource | None = None, lines: int = 4, accessible: TextSource | None = None,
                 parent: QObject | None = None):
        super().__init__(path, label, hint=hint, accessible=accessible, parent=parent)
        self._placeholder = placeholder
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        metrics = self.edit.fontMetrics()
        self.edit.setFixedHeight(int(metrics.lineSpacing() * lines + 26))
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.textChanged.connect(self._changed)
        self._build_row()

    def control(self) -> QWidget:
        return self.edit

    def value(self) -> str:
        text = self.edit.toPlainText()
        return text if text.strip() else ""

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def retranslate_self(self) -> None:
        super().retranslate_self()
        self.edit.setPlaceholderText(resolve(self._placeholder) if self._placeholder else "")


def _same_options(new: list[tuple[Any, TextSource]], old: list[tuple[Any, TextSource]]) -> bool:
    """The same values with the same words (as shown now): nothing to rebuild."""
    return [(v, resolve(t)) for v, t in new] == [(v, resolve(t)) for v, t in old]


class ComboBox(QComboBox):
    """A combo box whose shown text ends in "…" when it is too long for the box (the list shows
    it whole)."""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           max(field.width() - 4, 10))
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ChoiceBinding(Binding):
    """A choice from a fixed list: ``options`` maps the stored value to its (English) label.

    With ``placeholder`` the first entry means "not chosen yet" and gives ``None``.
    """

    def __init__(self, path: str, label: TextSource | None,
                 options: Mapping[Any, TextSource] | Iterable[tuple[Any, TextSource]],
                 *, placeholder: TextSource | None = None, hint: TextSource | None = None,
                 accessible: TextSource | None = None, min_chars: int = 16, fit_contents: bool = True,
                 expand: bool = False, parent: QObject | None = None):
        super().__init__(path, label, hint=hint, accessible=accessible, parent=parent)
        self._placeholder = placeholder
        self._expand = expand
        self.combo = ComboBox()
        self.combo.setMinimumContentsLength(min_chars)
        if fit_contents:  # else as wide as ``min_chars`` (cheaper, for many small choosers)
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        else:
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._options: list[tuple[Any, TextSource]] = []
        self._unknown: tuple[Any, TextSource] | None = None
        self.set_options(options)
        self.combo.currentIndexChanged.connect(self._changed)
        self._build_row(self._wrap())

    def _wrap(self) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        if self._expand:  # as wide as its place (a cell of a grid)
            self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            layout.addWidget(self.combo, 1)
        else:
            layout.addWidget(self.combo)
            layout.addStretch(1)
        return box

    def control(self) -> QWidget:
        return self.combo

    def set_options(self, options: Mapping[Any, TextSource] | Iterable[tuple[Any, TextSource]]) -> None:
        """Replace the choices, keeping the current value (even one no longer offered)."""
        current = self.value() if self.combo.count() else None
        items = list(options.items()) if isinstance(options, Mapping) else list(options)
        if self.combo.count() and _same_options(items, self._options):
            return
        self._options = items
        self._loading = True
        try:
            self._fill(current)
        finally:
            self._loading = False

    def _fill(self, current: Any) -> None:
        self.combo.clear()
        if self._placeholder is not None:
            self.combo.addItem(resolve(self._placeholder), None)
        for value, text in self._options:
            self.combo.addItem(resolve(text), value)
        if current is not None and self.combo.findData(current) < 0:
            self.combo.addItem(_("(no longer on the list)"), current)
        index = self.combo.findData(current) if current is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def value(self) -> Any:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        self._fill(value)
        if value is None and self._placeholder is None and self.combo.count():
            self.combo.setCurrentIndex(0)

    def retranslate_self(self) -> None:
        if hasattr(self, "combo") and self.combo.count():
            loading, self._loading = self._loading, True
            try:
                self._fill(self.value())
            finally:
                self._loading = loading
        super().retranslate_self()


class CheckBinding(Binding):
    """Yes or no: the check box's own text is its label."""

    def __init__(self, path: str, text: TextSource, *, hint: TextSource | None = None,
                 parent: QObject | None = None):
        super().__init__(path, None, hint=hint, parent=parent)
        self._text = text
        self.box = QCheckBox()
        self.box.toggled.connect(self._changed)
        self._build_row()
        if self.hint is not None:  # the box first, then what it means
            layout = self.row.layout()
            layout.removeWidget(self.hint)
            layout.insertWidget(layout.indexOf(self.box) + 1, self.hint)

    def control(self) -> QWidget:
        return self.box

    def label_text(self) -> str:
        return plain(resolve(self._text))

    def value(self) -> bool:
        return self.box.isChecked()

    def _show(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def retranslate_self(self) -> None:
        self.box.setText(resolve(self._text))
        super().retranslate_self()


class ChecksBinding(Binding):
    """Several yes/no choices kept as a list of the values that are ticked (e.g. roles).

    ``set_options`` replaces the choices (people in the circle, parts of the support); a ticked
    value that is no longer offered stays, marked ``missing``, so nothing is lost unseen.
    """

    def __init__(self, path: str, label: TextSource, options: Mapping[Any, TextSource] | Iterable[tuple[Any, TextSource]],
                 *, hint: TextSource | None = None, columns: int = 2, empty: TextSource | None = None,
                 missing: TextSource | None = None, parent: QObject | None = None):
        super().__init__(path, label, hint=hint, parent=parent)
        self.columns = columns
        self._empty_source = empty
        self._missing_source = missing or N_("(no longer on the list)")
        self.group = QFrame()
        self.group.setObjectName("checkGroup")
        self._grid = QGridLayout(self.group)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(24)
        self._grid.setVerticalSpacing(2)
        self.empty_label = TrLabel(empty or "", object_name="hint")
        self.boxes: dict[Any, QCheckBox] = {}
        self._texts: dict[Any, TextSource] = {}
        self._offered: list[tuple[Any, TextSource]] = []
        self._fill(options, [])
        self._build_row(self.group)

    def _fill(self, options: Mapping[Any, TextSource] | Iterable[tuple[Any, TextSource]], chosen: list[Any]) -> None:
        items = list(options.items()) if isinstance(options, Mapping) else list(options)
        for box in self.boxes.values():
            self._grid.removeWidget(box)
            box.hide()
            box.setParent(None)
            box.deleteLater()
        self._grid.removeWidget(self.empty_label)
        self.boxes = {}
        self._offered = items
        self._texts = dict(items)
        for value in chosen:
            if value not in self._texts:
                self._texts[value] = self._missing_source
        for i, value in enumerate(self._texts):
            box = QCheckBox(self.group)
            box.setChecked(value in chosen)
            box.toggled.connect(self._changed)
            self.boxes[value] = box
            self._grid.addWidget(box, i // self.columns, i % self.columns)
        if not self.boxes and self._empty_source is not None:
            self._grid.addWidget(self.empty_label, 0, 0, 1, self.columns)
            self.empty_label.show()
        else:
            self.empty_label.hide()

    def set_options(self, options: Mapping[Any, TextSource] | Iterable[tuple[Any, TextSource]]) -> None:
        """Offer new choices, keeping what is ticked (and where the focus was)."""
        items = list(options.items()) if isinstance(options, Mapping) else list(options)
        if _same_options(items, self._offered):
            return
        options = items
        chosen = self.value()
        focused_value = next((v for v, box in self.boxes.items() if box.hasFocus()), None)
        loading, self._loading = self._loading, True
        try:
            self._fill(options, chosen)
        finally:
            self._loading = loading
        self.retranslate_self()
        if focused_value in self.boxes:
            self.boxes[focused_value].setFocus()

    def control(self) -> QWidget:
        return next(iter(self.boxes.values()), self.group)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.boxes.values())

    def value(self) -> list[Any]:
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def _show(self, value: Any) -> None:
        chosen = list(value or [])
        offered = {v for v, _text in self._offered}
        if set(chosen) - offered or set(self.boxes) - offered:
            self._fill(self._offered, chosen)  # show (or stop showing) values no longer offered
            self.retranslate_self()
            return
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)

    def set_error(self, message: str | None, *, soft: bool = False) -> None:
        self._error = message or None
        self._soft = bool(self._error) and soft
        self._mark(self.group)
        self._render_error()

    def _describe(self) -> None:
        for box in self.boxes.values():
            box.setAccessibleDescription(_(self._error) if self._error else "")

    def retranslate_self(self) -> None:
        if self.label is not None:
            self.label.setText(resolve(self._label_source))
            self.label.setBuddy(self.control())
        for value, box in self.boxes.items():
            box.setText(resolve(self._texts[value]))
            box.setAccessibleName(f"{self.label_text()}: {plain(box.text())}")
        self.empty_label.retranslate_self()
        self._render_error()


class HiddenBinding(Binding):
    """A value the advisor never edits but the section must keep (a record's id)."""

    def __init__(self, path: str, parent: QObject | None = None):
        super().__init__(path, None, parent=parent)
        self._value: Any = None
        self._placeholder_widget = QWidget()

    def control(self) -> QWidget:
        return self._placeholder_widget

    def value(self) -> Any:
        return self._value

    def _show(self, value: Any) -> None:
        self._value = value

    def retranslate_self(self) -> None:
        pass

    def set_error(self, message: str | None, *, soft: bool = False) -> None:
        self._error = message or None
        self._soft = bool(self._error) and soft

    def route_errors(self, errors: Mapping[str, str], *, soft: bool = False) -> set[str]:
        return set()  # nothing to show it beside: the form shows the message at its top


# -- dates -------------------------------------------------------------------------------------
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date | None:
    """Read a date as people in the UK write it (14/03/2026), or as ISO (2026-03-14)."""
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def format_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


class DateEdit(QWidget):
    """A date typed as day/month/year, with a calendar on Alt+Down (or F4) or the button.

    ``future``: the calendar offers dates after today (a date something will happen by).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, future: bool = False):
        super().__init__(parent)
        self.future = future
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.line = QLineEdit()
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self.line.textEdited.connect(lambda _text: self.edited.emit())
        self.button = QToolButton()
        self.button.setIcon(icons.calendar())
        side = self.line.fontMetrics().height()
        self.button.setIconSize(QSize(side, side))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users press Alt+Down
        self.button.clicked.connect(self.open_calendar)
        self.today = QToolButton()
        self.today.setProperty("flat", True)
        self.today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.today.clicked.connect(self.set_today)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addWidget(self.today)
        layout.addStretch(1)
        # Keys, not shortcuts: a list entry's own Alt+Down (move down) hands over to the date.
        self.line.installEventFilter(self)
        self._popup: QCalendarWidget | None = None
        self.setFocusProxy(self.line)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or (event.key() == Qt.Key.Key_F4 and not event.modifiers()):
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def set_today(self) -> None:
        self.line.setText(format_date(dt.date.today()))
        self.edited.emit()

    def open_calendar(self) -> None:
        popup = QCalendarWidget(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.setGridVisible(False)
        popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        if not self.future:
            popup.setMaximumDate(QDate.currentDate())
        popup.setAccessibleName(_("Choose a date"))
        current = parse_date(self.line.text())
        if current:
            popup.setSelectedDate(QDate(current.year, current.month, current.day))
        elif self.future:
            popup.setSelectedDate(QDate.currentDate())
        popup.activated.connect(lambda d: self._picked(popup, d))
        popup.clicked.connect(lambda d: self._picked(popup, d))
        popup.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self._popup = popup
        popup.show()
        popup.setFocus()

    def _picked(self, popup: QCalendarWidget, date: QDate) -> None:
        self.line.setText(format_date(dt.date(date.year(), date.month(), date.day())))
        popup.close()
        self._popup = None
        self.line.setFocus()
        self.edited.emit()

    def retranslate(self) -> None:
        self.button.setToolTip(_("Choose from a calendar (Alt+Down)"))
        self.button.setAccessibleName(_("Choose from a calendar"))
        self.today.setText(_("Today"))
        self.today.setAccessibleName(_("Set to today"))
        self.line.setPlaceholderText(_("DD/MM/YYYY"))


class DateBinding(Binding):
    """A date saved as ISO text (``2026-03-14``); empty is ``None``.

    Text that is not a date is passed on as typed, so the domain's message appears beside it.
    """

    def __init__(self, path: str, label: TextSource, *, hint: TextSource | None = None,
                 future: bool = False, parent: QObject | None = None):
        super().__init__(path, label, hint=hint, parent=parent)
        self.date_edit = DateEdit(future=future)
        self.date_edit.edited.connect(self._changed)
        self._build_row(self.date_edit)

    def control(self) -> QWidget:
        return self.date_edit.line

    def value(self) -> str | None:
        text = self.date_edit.line.text()
        if not text.strip():
            return None
        parsed = parse_date(text)
        return parsed.isoformat() if parsed else text.strip()

    def _show(self, value: Any) -> None:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                self.date_edit.line.setText(value)
                return
        self.date_edit.line.setText(format_date(value) if isinstance(value, dt.date) else "")

    def retranslate_self(self) -> None:
        self.date_edit.retranslate()
        super().retranslate_self()
