"""Lists of short entries in people's own words: the person-centred tools, the support plan.

``EntryList`` edits a list of ``Entry`` records (``text``, ``whose_words``) as compact rows: type a
line, press Enter for the next one; Alt+Up / Alt+Down move a row, Ctrl+Shift+Delete removes it
(with undo). Each row says whose words it is: the person, a named member of their circle,
family, staff or someone else (``speaker_options``). ``SplitList`` shows one saved list as
several (what is working, split by whose view it is). Later stages reuse both.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.entries import FAMILY, OTHER, PERSON, SPEAKER_LABELS, STAFF
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.ui.widgets import icons
from advisor_app.ui.widgets.fields import Binding, ChoiceBinding
from advisor_app.ui.widgets.forms import RecordCard, RecordList, first_line
from advisor_app.ui.widgets.text import TextSource, TrLabel, plain, resolve

Options = list[tuple[Any, TextSource]]


# -- who said it ---------------------------------------------------------------------------------
def section_data(view: Any, name: str) -> dict[str, Any]:
    """A saved section of a ``CaseView`` as a dict (empty when not saved yet)."""
    state = view.sections.get(name) if view is not None else None
    data = state.data if state is not None else None
    return data if isinstance(data, dict) else {}


def person_name(view: Any) -> str:
    """What the person likes to be called, else their first name ("" when not known yet)."""
    person = section_data(view, "person")
    return (person.get("preferred_name") or person.get("first_name") or "").strip()


def circle_members(view: Any) -> list[tuple[str, str]]:
    """The circle of support as (id, "Name (relationship)"), closest first."""
    out = []
    for member in section_data(view, "circle").get("members") or []:
        name = (member.get("name") or "").strip()
        if name and member.get("id"):
            relationship = (member.get("relationship") or "").strip()
            out.append((member["id"], f"{name} ({relationship})" if relationship else name))
    return out


def the_person_option(view: Any) -> tuple[str, TextSource]:
    name = person_name(view)
    return PERSON, (lambda: _("{name} (the person)", name=name)) if name else SPEAKER_LABELS[PERSON]


def speaker_options(view: Any) -> Options:
    """Whose words an entry can be: the person, each member of the circle, family, staff, others."""
    options: Options = [the_person_option(view)]
    options += [(member_id, (lambda text=label: text)) for member_id, label in circle_members(view)]
    options += [(FAMILY, SPEAKER_LABELS[FAMILY]), (STAFF, SPEAKER_LABELS[STAFF]), (OTHER, SPEAKER_LABELS[OTHER])]
    return options


def people_options(view: Any) -> Options:
    """The person and the members of their circle (who can be involved in a decision)."""
    return [the_person_option(view)] + [(member_id, (lambda text=label: text))
                                        for member_id, label in circle_members(view)]


# -- a line that grows -------------------------------------------------------------------------
class GrowingTextEdit(QTextEdit):
    """Plain text that grows with what is typed (one line to eight, then it scrolls).

    Enter asks for the next entry (``submitted``); Shift+Enter starts a new line in this one.
    Tab moves on, as everywhere else in a form.
    """

    submitted = Signal()

    MAX_LINES = 8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(2)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.textCursor().insertText("\n")
            elif not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self.submitted.emit()
            else:
                event.ignore()
            return
        super().keyPressEvent(event)

    def _fit(self) -> None:
        width = self.viewport().width()
        if width > 0:
            self.document().setTextWidth(width)
        line = self.fontMetrics().lineSpacing()
        content = max(self.document().size().height(), line + 4)
        chrome = max(self.height() - self.viewport().height(), 0)  # frame, padding and border
        height = int(min(content, line * self.MAX_LINES + 4) + chrome + 2)
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, self.height())


class EntryTextBinding(Binding):
    """An entry's words, in a ``GrowingTextEdit``."""

    def __init__(self, path: str, label: TextSource | None = None, *, placeholder: TextSource | None = None,
                 accessible: TextSource | None = None, parent: QObject | None = None):
        super().__init__(path, label, accessible=accessible, parent=parent)
        self._placeholder = placeholder
        self.edit = GrowingTextEdit()
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


# -- one entry as a compact row ------------------------------------------------------------------
_ICONS: dict[str, Any] = {}


def _icon(name: str):
    """The row buttons' icons, drawn once for each theme's colours."""
    key = f"{name}:{QApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()}"
    if key not in _ICONS:
        _ICONS[key] = {"up": lambda: icons.arrow(True), "down": lambda: icons.arrow(False),
                       "remove": icons.cross, "add": icons.plus}[name]()
    return _ICONS[key]


class _ToolButton(QToolButton):
    """A small icon button that takes ``set_source`` like ``TrButton`` (for the card's code)."""

    def __init__(self, icon, parent: QWidget | None = None):
        super().__init__(parent)
        self.setIcon(_icon(icon))
        self.setProperty("flat", True)
        self.setObjectName("rowTool")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard: Alt+Up, Alt+Down, Ctrl+Shift+Delete
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        side = self.fontMetrics().height()
        self.setIconSize(QSize(side, side))

    def set_source(self, text: TextSource, *, accessible_name: TextSource | None = None) -> None:
        self.setAccessibleName(resolve(accessible_name) if accessible_name is not None else plain(resolve(text)))


class EntryRow(RecordCard):
    """An entry as one row: number, words, whose words, and small move/remove buttons.

    ``stacked`` (narrow columns): the words above, whose words and the buttons below.
    """

    def _make_buttons(self) -> tuple[QAbstractButton, QAbstractButton, QAbstractButton]:
        return _ToolButton("up"), _ToolButton("down"), _ToolButton("remove")

    def _arrange(self) -> None:
        owner: EntryList = self.owner  # type: ignore[assignment]
        self.setObjectName("entry")
        self.number = QLabel()
        self.number.setObjectName("entryNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.number.setMinimumWidth(self.number.fontMetrics().horizontalAdvance("00.") + 4)
        self.number.setContentsMargins(0, 8, 0, 0)
        self.title.hide()
        self.setProperty("stacked", owner.stacked)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 6, 6) if not owner.stacked else outer.setContentsMargins(10, 8, 6, 4)
        outer.setSpacing(2)
        outer.addWidget(self.form.message)
        self.main_line = QHBoxLayout()
        self.main_line.setSpacing(8)
        buttons = QHBoxLayout()
        buttons.setSpacing(0)
        for button in (self.up, self.down, self.remove):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.text_slot = QVBoxLayout()
        self.text_slot.setSpacing(0)
        self.side_slot = QHBoxLayout()
        self.side_slot.setSpacing(8)
        if owner.stacked:
            self.main_line.addLayout(self.text_slot, 1)
            outer.addLayout(self.main_line)
            lower = QHBoxLayout()
            lower.setSpacing(8)
            lower.addLayout(self.side_slot)
            lower.addStretch(1)
            lower.addLayout(buttons)
            outer.addLayout(lower)
            self.number.hide()
        else:
            self.main_line.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
            self.main_line.addLayout(self.text_slot, 1)
            self.main_line.addLayout(self.side_slot)
            self.main_line.addLayout(buttons)
            outer.addLayout(self.main_line)
        self.fields = None  # rows are laid out by ``EntryList.build_row``

    def focus_main(self) -> None:
        first = self.first_field()
        if first is not None:
            first.focus()

    def retranslate_self(self) -> None:
        super().retranslate_self()
        if self not in self.owner.cards:
            return
        owner: EntryList = self.owner  # type: ignore[assignment]
        n, total = self.index() + 1, len(owner.cards)
        self.number.setText(f"{n}.")
        label = owner.list_label()
        for binding in self.form.bindings:
            if binding.path == owner.text_path:
                binding.set_accessible(lambda: _("{list}: entry {n} of {total}", list=label, n=n, total=total))
            elif binding.path == "whose_words":
                binding.set_accessible(lambda: _("Whose words, entry {n}", n=n))
        self.setAccessibleName(_("{list}: entry {n} of {total}", list=label, n=n, total=total))


class EntryList(RecordList):
    """A list of entries in people's own words (``Entry``: ``text``, ``whose_words``, ``note``).

    ``label`` is the list's heading (may name the person: a function); ``speakers`` the choices
    for whose words (``speaker_options(view)``; change them with ``set_speakers``). ``extra``
    adds fixed keys to a new entry (e.g. ``{"view": "family"}``). ``whose`` False leaves the
    chooser out. Empty lines are kept on screen but not saved.
    """

    def __init__(self, path: str, label: TextSource | None = None, *, hint: TextSource | None = None,
                 placeholder: TextSource | None = None, empty: TextSource | None = None,
                 add: TextSource | None = None, speakers: Options | None = None, whose: bool = True,
                 stacked: bool = False, extra: Mapping[str, Any] | None = None, text_path: str = "text",
                 spoken: TextSource | None = None, parent: QObject | None = None):
        self.stacked = stacked
        self._spoken = spoken
        self.text_path = text_path
        self._label = label
        self._list_hint = hint
        self._placeholder = placeholder or N_("Type here; Enter adds the next one")
        self._add_source = add or N_("Add")
        self._speakers: Options = list(speakers or [])
        self._whose = whose
        self._extra_keys = dict(extra or {})
        import uuid

        super().__init__(
            path, self.build_row,
            title_for=lambda d, i: f"{i + 1}. {(d.get(text_path) or '').strip()}",
            name_for=lambda d: "“" + (first_line(d.get(text_path) or "", 48) or _("an empty line")) + "”",
            new_record=lambda: {"id": str(uuid.uuid4()), **self._extra_keys},
            blank=lambda d: not (d.get(text_path) or "").strip(),
            card_class=EntryRow, spacing=6,
            texts={"add": self._add_source, "empty": empty or N_("Nothing yet."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo")},
            parent=parent)
        self.box.setObjectName("entryList")
        self.add_button.setProperty("flat", True)
        self.add_button.setIcon(_icon("add"))
        self.empty_label.setObjectName("hint")
        if label is not None:
            self.heading = TrLabel(label, object_name="listLabel")
            self.heading.setBuddy(self.add_button)
            self.box_layout.insertWidget(0, self.heading)
            if hint is not None:
                self.hint_label = TrLabel(hint, object_name="hint")
                self.box_layout.insertWidget(1, self.hint_label)
        self.retranslate_self()

    def list_label(self) -> str:
        """The list's name for screen readers (``spoken``, else its heading)."""
        source = self._spoken if self._spoken is not None else self._label
        return plain(resolve(source)) if source is not None else ""

    def build_row(self, card: RecordCard) -> None:
        row: EntryRow = card  # type: ignore[assignment]
        text = card.form.add(EntryTextBinding(self.text_path, placeholder=self._placeholder))
        text.edit.submitted.connect(lambda c=card: self.add(after=c))
        row.text_slot.addWidget(text.row)
        if self._whose:
            whose = self.whose_binding(card)
            if not self.stacked:  # level with the first line of the words
                whose.row.setContentsMargins(0, 4, 0, 0)
            row.side_slot.addWidget(whose.row, 0, Qt.AlignmentFlag.AlignTop)

    def whose_binding(self, card: RecordCard) -> ChoiceBinding:
        """The "whose words" chooser: a quiet line under (or beside) the words, like a quote's source."""
        whose = card.form.add(ChoiceBinding("whose_words", None, self._speakers,
                                            placeholder=N_("Whose words?"), min_chars=18, fit_contents=False))
        whose.combo.setObjectName("whose")
        whose.combo.setToolTip(_("Whose words these are"))
        card.whose = whose  # type: ignore[attr-defined]
        return whose

    def set_speakers(self, options: Options) -> None:
        self._speakers = list(options)
        for card in self.cards:
            whose = getattr(card, "whose", None)
            if whose is not None:
                whose.set_options(self._speakers)

    def add(self, data: Mapping[str, Any] | None = None, *, after: RecordCard | None = None) -> RecordCard | None:
        # Enter on an empty last line ends the list (as in a word processor's bullets): the empty
        # line goes, and the focus moves to "Add" (Tab goes on from there).
        if after is not None and data is None and self._is_blank(after) and after is self.cards[-1]:
            self.cards.remove(after)
            after.hide()
            after.setParent(None)
            after.deleteLater()
            self._refresh()
            self.add_button.setFocus()
            return None
        return super().add(data, after=after)

    def focus(self) -> None:
        """The first answer that needs looking at; else the first entry; else "Add"."""
        if self.error_message():
            super().focus()
        elif self.cards:
            self.cards[0].focus_main()
        else:
            self.add_button.setFocus()

    def texts_in_order(self) -> list[str]:
        return [card.form.data().get(self.text_path, "") for card in self.cards]

    def retranslate_self(self) -> None:
        super().retranslate_self()
        label = self.list_label()
        self.add_button.set_source(self._add_source,
                                   accessible_name=(lambda: _("Add to “{list}”", list=label)) if label else None)


class TableList(EntryList):
    """Rows of several short answers side by side, under one set of column headings (a chart:
    what the person does, what it usually means, what others should do). Enter moves to the
    next column, and from the last column starts a new row. ``columns``: (path, heading)."""

    def __init__(self, path: str, columns: list[tuple[str, TextSource]], label: TextSource | None = None, *,
                 required: str | None = None, **kwargs: Any):
        self.columns = list(columns)
        self.required = required or self.columns[0][0]
        kwargs.setdefault("placeholder", "")
        super().__init__(path, label, stacked=True, text_path=self.required, **kwargs)
        self.blank = lambda d: not any((d.get(column) or "").strip() for column, _h in self.columns)
        self.header = QWidget()
        self.header.setObjectName("tableHeader")
        header = QHBoxLayout(self.header)
        header.setContentsMargins(11, 0, 7, 0)
        header.setSpacing(8)
        self.header_labels = []
        for _path, heading in self.columns:
            label_widget = TrLabel(heading, object_name="columnHeading")
            header.addWidget(label_widget, 1)
            self.header_labels.append(label_widget)
        self.box_layout.insertWidget(self.box_layout.indexOf(self.empty_label), self.header)
        self._refresh()

    def build_row(self, card: RecordCard) -> None:
        row: EntryRow = card  # type: ignore[assignment]
        cells = QHBoxLayout()
        cells.setSpacing(8)
        bindings = []
        for column, heading in self.columns:
            cell = card.form.add(EntryTextBinding(column, placeholder=self._placeholder or None))
            cells.addWidget(cell.row, 1, Qt.AlignmentFlag.AlignTop)
            bindings.append((cell, heading))
        for i, (cell, _heading) in enumerate(bindings):
            if i + 1 < len(bindings):
                cell.edit.submitted.connect(lambda nxt=bindings[i + 1][0]: nxt.focus())
            else:
                cell.edit.submitted.connect(lambda c=card: self.add(after=c))
        row.cells = bindings  # type: ignore[attr-defined]
        row.text_slot.addLayout(cells)
        if self._whose:
            row.side_slot.addWidget(self.whose_binding(card).row, 0, Qt.AlignmentFlag.AlignTop)

    def _refresh(self, *, structure: bool = True) -> None:
        super()._refresh(structure=structure)
        if hasattr(self, "header"):
            self.header.setVisible(bool(self.cards))
        for card in self.cards:
            n = card.index() + 1
            for cell, heading in getattr(card, "cells", []):
                cell.set_accessible(lambda h=heading, n=n: _("{column}, row {n}", column=plain(resolve(h)), n=n))


class SplitList(Binding):
    """One saved list shown as several ``EntryList``s, split by one field of each entry.

    "What is working" is saved as one list whose entries each say whose view they are; it is
    shown as one list per view. Saved order is the lists' order, then each list's own order.
    """

    structureChanged = Signal()

    def __init__(self, path: str, key: str, make: Callable[[Any], EntryList], groups: Iterable[Any],
                 parent: QObject | None = None):
        super().__init__(path, None, parent=parent)
        self.key = key
        self.lists: dict[Any, EntryList] = {}
        for group in groups:
            entries = make(group)
            entries.setParent(self)
            entries.edited.connect(self._changed)
            entries.structureChanged.connect(self.structureChanged)
            self.lists[group] = entries
        self.row = QWidget()  # not shown itself: the page places each list

    def control(self) -> QWidget:
        return next(iter(self.lists.values())).control()

    def value(self) -> list[dict[str, Any]]:
        out = []
        for group, entries in self.lists.items():
            out += [{**record, self.key: group} for record in entries.value()]
        return out

    def _show(self, value: Any) -> None:
        split: dict[Any, list[dict[str, Any]]] = {group: [] for group in self.lists}
        for record in value or []:
            group = record.get(self.key)
            split.setdefault(group if group in split else next(iter(split)), []).append(record)
        for group, entries in self.lists.items():
            entries.set_value(split[group])

    def route_errors(self, errors: Mapping[str, str], *, soft: bool = False) -> set[str]:
        prefix = self.path + "."
        owners: list[tuple[EntryList, int]] = []
        for entries in self.lists.values():
            owners += [(entries, i) for i in range(len(entries.saved_cards()))]
        routed: dict[EntryList, dict[str, str]] = {entries: {} for entries in self.lists.values()}
        used: set[str] = set()
        for path, message in errors.items():
            if path.startswith(prefix):
                index, _sep, rest = path[len(prefix):].partition(".")
                if index.isdigit() and int(index) < len(owners):
                    entries, own = owners[int(index)]
                    routed[entries][f"{entries.path}.{own}" + (f".{rest}" if rest else "")] = message
                    used.add(path)
        for entries, inner in routed.items():
            entries.route_errors(inner, soft=soft)
        message = errors.get(self.path)
        self._error = message or None
        self._soft = bool(message) and soft
        if message is not None:
            used.add(self.path)
        return used

    def error_message(self) -> str | None:
        return self._error or next((e.error_message() for e in self.lists.values() if e.error_message()), None)

    def is_reminder(self) -> bool:
        return self._soft if self._error else all(e.is_reminder() for e in self.lists.values() if e.error_message())

    def focus(self) -> None:
        for entries in self.lists.values():
            if entries.error_message():
                entries.focus()
                return
        self.control().setFocus()

    def set_speakers(self, options: Options) -> None:
        for entries in self.lists.values():
            entries.set_speakers(options)

    def _describe(self) -> None:
        pass

    def retranslate_self(self) -> None:
        pass


def panel(*widgets: QWidget, object_name: str = "panel", margins: int = 18, spacing: int = 12) -> QFrame:
    """A white panel holding ``widgets`` one under another."""
    frame = QFrame()
    frame.setObjectName(object_name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(margins, margins - 2, margins, margins)
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


__all__ = ["EntryList", "EntryRow", "TableList", "SplitList", "GrowingTextEdit", "EntryTextBinding", "speaker_options",
           "people_options", "person_name", "circle_members", "section_data", "panel"]
