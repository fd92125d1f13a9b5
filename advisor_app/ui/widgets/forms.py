"""A small form framework: a section's fields, its data as a dict, and its messages.

``FormSection`` collects bindings (``ui/widgets/fields.py``) for one saved section of a case,
builds the dict the domain validates (dotted paths become nested keys), loads saved data back
in, and routes the domain's messages (keyed by dotted path, e.g. ``"members.2.email"``) to the
field they belong to. Anything it cannot place is shown at the top of the form.
``FormLayout`` lays fields out with generous spacing; ``RecordList`` edits a list of records
(the circle's members, the funding sources) as cards with add, remove, undo and reorder.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Iterable, Mapping

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.fields import ERROR_MARK, REMINDER_MARK, Binding, DateEdit, HiddenBinding
from advisor_app.ui.widgets.text import TextSource, TrButton, TrLabel, plain, resolve, shortcut

Rule = Callable[[dict[str, Any]], bool]


def get_path(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


class FormSection(QObject):
    """The fields of one saved section (or of one record inside a list)."""

    edited = Signal()

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.bindings: list[Binding] = []
        self._rules: list[tuple[list[QWidget], Rule]] = []
        self._extra: dict[str, Any] = {}  # saved keys no field shows; kept so nothing is lost
        self._loading = False
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self._messages: list[str] = []
        self._soft = False

    def add(self, binding: Binding) -> Binding:
        binding.setParent(self)
        self.bindings.append(binding)
        binding.edited.connect(self._on_edited)
        return binding

    def binding(self, path: str) -> Binding:
        return next(b for b in self.bindings if b.path == path)

    def show_when(self, widgets: Iterable[QWidget | Binding], rule: Rule) -> None:
        """Show ``widgets`` only while ``rule(data)`` is true (e.g. the signposter's kind)."""
        targets = [w.row if isinstance(w, Binding) else w for w in widgets]
        self._rules.append((targets, rule))
        self.apply_rules()

    def apply_rules(self) -> None:
        if not self._rules:
            return
        data = self.data()
        for widgets, rule in self._rules:
            visible = bool(rule(data))
            for widget in widgets:
                widget.setVisible(visible)

    def _on_edited(self) -> None:
        if self._loading:
            return
        self.apply_rules()
        self.edited.emit()

    # -- data -------------------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in self._extra.items()}
        for binding in self.bindings:
            set_path(out, binding.path, binding.value())
        return out

    def load(self, data: Mapping[str, Any] | None) -> None:
        data = dict(data or {})
        self._loading = True
        try:
            for binding in self.bindings:
                binding.set_value(get_path(data, binding.path))
        finally:
            self._loading = False
        top = {b.path.split(".")[0] for b in self.bindings}
        self._extra = {k: v for k, v in data.items() if k not in top}
        self.clear_errors()
        self.apply_rules()

    def load_new(self) -> None:
        """Fill fields added after ``load`` (a tab built when first shown) from the saved data
        the section kept for them. A top-level key is handed over whole, so all the fields under
        one key must be added together."""
        fresh = [b for b in self.bindings if b.path.split(".")[0] in self._extra]
        if not fresh:
            return
        self._loading = True
        try:
            for binding in fresh:
                binding.set_value(get_path(self._extra, binding.path))
        finally:
            self._loading = False
        for top in {b.path.split(".")[0] for b in fresh}:
            self._extra.pop(top, None)
        self.apply_rules()

    # -- messages ---------------------------------------------------------------------------
    def show_errors(self, errors: Mapping[str, str], *, soft: bool = False) -> None:
        """Put each message beside its field. ``soft``: reminders of what is still needed (the
        section was saved), shown calmly; otherwise errors that refused the save."""
        used: set[str] = set()
        for binding in self.bindings:
            used |= binding.route_errors(errors, soft=soft)
        self._messages = [message for path, message in errors.items() if path not in used]
        self._soft = soft
        self._render_message()

    def show_reminders(self, reminders: Mapping[str, str]) -> None:
        self.show_errors(reminders, soft=True)

    def clear_errors(self) -> None:
        self.show_errors({})

    def has_errors(self) -> bool:
        """Any message: an error, or a reminder of something still needed."""
        return bool(self._messages) or any(b.error_message() for b in self.bindings)

    def has_refusals(self) -> bool:
        """Errors that refused the last save (not reminders)."""
        return bool(self._messages and not self._soft) or any(
            b.error_message() and not b.is_reminder() for b in self.bindings)

    def first_invalid(self) -> Binding | None:
        return next((b for b in self.bindings if b.error_message() and b.row.isVisible()), None)

    def _render_message(self) -> None:
        name = "formReminder" if self._soft else "formMessage"
        if self.message.objectName() != name:
            self.message.setObjectName(name)
            repolish(self.message)
        if self._messages:
            mark = REMINDER_MARK if self._soft else ERROR_MARK
            self.message.setText("\n".join(f"{mark} {_(m)}" for m in self._messages))
            self.message.show()
        else:
            self.message.clear()
            self.message.hide()

    def retranslate_self(self) -> None:
        self._render_message()


class FormLayout(QVBoxLayout):
    """Fields one under another, with pairs side by side and clear section headings."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 18):
        super().__init__(parent)
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def field(self, binding: Binding, *, stretch: bool = True) -> Binding:
        self.addWidget(binding.row)
        return binding

    def pair(self, *bindings: Binding) -> None:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        for binding in bindings:
            layout.addWidget(binding.row, 1, Qt.AlignmentFlag.AlignTop)
        self.addWidget(row)

    def heading(self, text: TextSource, *, level: int = 3, lead: TextSource | None = None) -> TrLabel:
        label = TrLabel(text, object_name={2: "heading", 3: "subheading"}[level])
        self.addSpacing(6)
        self.addWidget(label)
        if lead is not None:
            self.addWidget(TrLabel(lead, object_name="lead"))
        return label


def scroll_page(content: QWidget, *, max_width: int = 860) -> QScrollArea:
    """Put a form in a scroll area, centred with a comfortable reading width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    holder = QWidget()
    holder.setObjectName("page")
    outer = QHBoxLayout(holder)
    outer.setContentsMargins(32, 24, 32, 48)
    content.setMaximumWidth(max_width)
    outer.addWidget(content, 1)
    outer.addStretch(0)
    area.setWidget(holder)
    return area


def ensure_rect_visible(widget: QWidget, rect, margin: int = 40) -> None:
    """Scroll the page that holds ``widget`` so ``rect`` (in ``widget``'s coordinates) is in view."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea) and parent.widget() is not None:
        centre = widget.mapTo(parent.widget(), rect.center())
        parent.ensureVisible(centre.x(), centre.y(), margin, rect.height() // 2 + margin)


def ensure_visible(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        parent.ensureWidgetVisible(widget, 40, 80)


# -- lists of records --------------------------------------------------------------------------
DEFAULT_LIST_TEXTS = {
    "add": N_("Add"),
    "empty": N_("Nothing here yet."),
    "removed": N_("Removed {name}."),
    "undo": N_("&Undo"),
    "up": N_("Move up"),
    "down": N_("Move down"),
    "remove": N_("Remove"),
}
MOVE_KEYS = {-1: "Alt+Up", +1: "Alt+Down"}
REMOVE_KEYS = "Ctrl+Shift+Del"


class RecordCard(QFrame):
    """One record of a list, with its own fields and move/remove buttons.

    ``initial`` is the record's saved data, there before ``build`` adds the fields (a part of
    support is built by its kind). Alt+Up and Alt+Down move the record from anywhere inside it
    (in a date or a list box, Alt+Down opens it as usual); Ctrl+Shift+Delete removes it.
    """

    def __init__(self, owner: "RecordList", initial: Mapping[str, Any] | None = None):
        super().__init__()
        self.setObjectName("card")
        self.setProperty("invalid", False)
        self.owner = owner
        self.initial: dict[str, Any] = dict(initial or {})
        self.form = FormSection(owner.path, self)
        self.form.edited.connect(self._retitle)
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.up, self.down, self.remove = self._make_buttons()
        self.up.clicked.connect(lambda: owner.move(self, -1))
        self.down.clicked.connect(lambda: owner.move(self, +1))
        self.remove.clicked.connect(lambda: owner.remove(self))
        self._arrange()
        self.form.add(HiddenBinding("id"))
        for delta, keys in MOVE_KEYS.items():
            shortcut(keys, self, lambda d=delta: owner.key_move(self, d))
        shortcut(REMOVE_KEYS, self, lambda: owner.remove(self))

    # -- how a card looks (a compact row overrides these) -------------------------------------
    def _make_buttons(self) -> tuple[QAbstractButton, QAbstractButton, QAbstractButton]:
        owner = self.owner
        return (TrButton(owner.texts["up"], flat=True), TrButton(owner.texts["down"], flat=True),
                TrButton(owner.texts["remove"], flat=True, danger=True))

    def _arrange(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 20)
        outer.setSpacing(14)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.title, 1)
        for button in (self.up, self.down, self.remove):
            top.addWidget(button)
        outer.addLayout(top)
        outer.addWidget(self.form.message)
        self.fields = FormLayout(spacing=14)
        outer.addLayout(self.fields)

    def focus_main(self) -> None:
        """Where the focus goes after this card is brought back or its neighbour removed."""
        self.remove.setFocus()

    def first_field(self) -> Binding | None:
        return next((b for b in self.form.bindings if not isinstance(b, HiddenBinding)), None)

    # -- ---------------------------------------------------------------------------------------
    def index(self) -> int:
        return self.owner.cards.index(self)

    def heading_text(self) -> str:
        return self.owner.title_for(self.form.data(), self.index())

    def name_text(self) -> str:
        return self.owner.name_for(self.form.data())

    def _retitle(self) -> None:
        self.retranslate_self()

    def retranslate_self(self) -> None:
        if self not in self.owner.cards:
            return
        title = self.heading_text()
        name = self.name_text()
        self.title.setText(title)
        self.setAccessibleName(title)
        keys = QKeySequence.SequenceFormat.NativeText
        up_key, down_key = (QKeySequence(MOVE_KEYS[d]).toString(keys) for d in (-1, +1))
        remove_key = QKeySequence(REMOVE_KEYS).toString(keys)
        self.up.set_source(self.owner.texts["up"], accessible_name=lambda: _("Move {name} up", name=name))
        self.down.set_source(self.owner.texts["down"], accessible_name=lambda: _("Move {name} down", name=name))
        self.remove.set_source(self.owner.texts["remove"], accessible_name=lambda: _("Remove {name}", name=name))
        self.up.setToolTip(_("Move up ({key})", key=up_key))
        self.down.setToolTip(_("Move down ({key})", key=down_key))
        self.remove.setToolTip(_("Remove ({key})", key=remove_key))
        i, n = self.index(), len(self.owner.cards)
        self.up.setEnabled(i > 0)
        self.down.setEnabled(i < n - 1)

    def set_invalid(self, invalid: bool) -> None:
        if bool(self.property("invalid")) != invalid:
            self.setProperty("invalid", invalid)
            repolish(self)


class RecordList(Binding):
    """A list of records edited as cards. ``build(card)`` adds the record's fields to the card.

    ``texts`` gives the English wording: ``add``, ``empty``, ``removed`` (with ``{name}``),
    ``undo``, ``up``, ``down``, ``remove``. ``blank(record)`` marks a record that has nothing in
    it yet (a line just added): it stays on screen but is not saved, so an empty line is never
    a reason to refuse the whole section. ``card_class`` gives each record its look
    (``RecordCard``, or a compact row: see ``ui/widgets/lists.py``).
    """

    structureChanged = Signal()  # cards added, removed or moved: the tab order needs fixing

    def __init__(self, path: str, build: Callable[[RecordCard], None], *,
                 title_for: Callable[[dict[str, Any], int], str], texts: Mapping[str, str],
                 name_for: Callable[[dict[str, Any]], str] | None = None,
                 new_record: Callable[[], dict[str, Any]] | None = None,
                 blank: Callable[[dict[str, Any]], bool] | None = None,
                 card_class: type[RecordCard] = RecordCard, spacing: int = 16,
                 parent: QObject | None = None):
        super().__init__(path, None, parent=parent)
        self.build = build
        self.title_for = title_for
        self.name_for = name_for or (lambda data: title_for(data, 0))
        self.texts = {**DEFAULT_LIST_TEXTS, **texts}
        self.new_record = new_record or (lambda: {"id": str(uuid.uuid4())})
        self.blank = blank
        self.card_class = card_class
        self.cards: list[RecordCard] = []
        self._removed: tuple[int, dict[str, Any], str] | None = None

        self.box = QWidget()
        layout = self.box_layout = QVBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing)
        self.empty_label = TrLabel(self.texts["empty"], object_name="lead")
        layout.addWidget(self.empty_label)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(spacing)
        layout.addLayout(self.cards_layout)
        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("panel")
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(14, 8, 8, 8)
        self.undo_label = QLabel()
        self.undo_label.setWordWrap(True)
        self.undo_button = TrButton(self.texts["undo"])
        self.undo_button.clicked.connect(self.undo)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)
        self.add_row = QHBoxLayout()
        self.add_button = TrButton(self.texts["add"])
        self.add_button.clicked.connect(lambda: self.add())
        self.add_row.addWidget(self.add_button)
        self.add_row.addStretch(1)
        layout.addLayout(self.add_row)
        layout.addWidget(self.error)
        self.row = self.box
        self._refresh()

    def control(self) -> QWidget:
        return self.add_button

    # -- records ----------------------------------------------------------------------------
    def _make_card(self, data: Mapping[str, Any]) -> RecordCard:
        card = self.card_class(self, data)
        self.build(card)
        card.form.load(data)
        card.form.edited.connect(self._changed)
        return card

    def _insert(self, index: int, card: RecordCard) -> None:
        self.cards.insert(index, card)
        self.cards_layout.insertWidget(index, card)
        if self.box.isVisible():
            card.show()  # now, not after the event loop: focus can move into it at once
        self._refresh()

    def _refresh(self, *, structure: bool = True) -> None:
        self.empty_label.setVisible(not self.cards)
        for card in self.cards:
            card.retranslate_self()
        if structure:
            self.structureChanged.emit()

    def add(self, data: Mapping[str, Any] | None = None, *, after: RecordCard | None = None) -> RecordCard:
        """A new record (``data``, or a fresh one) at the end or after ``after``; focus goes into it."""
        card = self._make_card(dict(data) if data is not None else self.new_record())
        index = after.index() + 1 if after is not None and after in self.cards else len(self.cards)
        self._insert(index, card)
        self._hide_undo()
        self._changed()
        first = card.first_field()
        if first is not None:
            first.focus()
        QTimer.singleShot(0, lambda: ensure_visible(card) if card in self.cards else None)
        return card

    def remove(self, card: RecordCard) -> None:
        if card not in self.cards:
            return
        index = card.index()
        name = self.name_for(card.form.data())
        self._removed = (index, card.form.data(), name)
        self.cards.remove(card)
        card.hide()
        card.setParent(None)
        card.deleteLater()
        self._refresh()
        self.undo_label.setText(_(self.texts["removed"], name=name))
        self.undo_bar.show()
        self._changed()
        if self.cards:
            self.cards[min(index, len(self.cards) - 1)].focus_main()
        else:
            self.undo_button.setFocus()

    def undo(self) -> None:
        if self._removed is None:
            return
        index, data, _name = self._removed
        card = self._make_card(data)
        self._insert(min(index, len(self.cards)), card)
        self._hide_undo()
        self._changed()
        card.focus_main()

    def _hide_undo(self) -> None:
        self._removed = None
        self.undo_bar.hide()

    def move(self, card: RecordCard, delta: int, *, keep_focus: bool = False) -> None:
        index = card.index()
        target = index + delta
        if not 0 <= target < len(self.cards):
            return
        focus = QApplication.focusWidget()
        self.cards.pop(index)
        self.cards.insert(target, card)
        self.cards_layout.removeWidget(card)
        self.cards_layout.insertWidget(target, card)
        self._refresh()
        self._changed()
        if keep_focus and focus is not None and card.isAncestorOf(focus):
            focus.setFocus()
            QTimer.singleShot(0, lambda: ensure_visible(focus) if card in self.cards else None)
            return
        button = card.up if delta < 0 else card.down
        (button if button.isEnabled() else (card.down if delta < 0 else card.up)).setFocus()
        QTimer.singleShot(0, lambda: ensure_visible(card) if card in self.cards else None)

    def key_move(self, card: RecordCard, delta: int) -> None:
        """Alt+Up / Alt+Down inside a card. In a list box or a date, Alt+Down keeps opening it."""
        focus = QApplication.focusWidget()
        if delta > 0 and focus is not None:
            if isinstance(focus, QComboBox):
                focus.showPopup()
                return
            if isinstance(focus.parentWidget(), DateEdit):
                focus.parentWidget().open_calendar()
                return
        self.move(card, delta, keep_focus=True)

    # -- binding ----------------------------------------------------------------------------
    def _is_blank(self, card: RecordCard) -> bool:
        return self.blank is not None and self.blank(card.form.data())

    def saved_cards(self) -> list[RecordCard]:
        """The cards whose records are saved (not blank), in order: index i of the saved list."""
        return [card for card in self.cards if not self._is_blank(card)]

    def value(self) -> list[dict[str, Any]]:
        return [card.form.data() for card in self.saved_cards()]

    def _show(self, value: Any) -> None:
        for card in self.cards:
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for data in value or []:
            card = self._make_card(data)
            self.cards.append(card)
            self.cards_layout.addWidget(card)
        self._hide_undo()
        self._refresh()

    def route_errors(self, errors: Mapping[str, str], *, soft: bool = False) -> set[str]:
        prefix = self.path + "."
        saved = self.saved_cards()
        per_card: dict[RecordCard, dict[str, str]] = {}
        used: set[str] = set()
        for path, message in errors.items():
            if path.startswith(prefix):
                index, _sep, rest = path[len(prefix):].partition(".")
                if index.isdigit() and int(index) < len(saved):
                    per_card.setdefault(saved[int(index)], {})[rest or "_record"] = message
                    used.add(path)
        for card in self.cards:
            card.form.show_errors(per_card.get(card, {}), soft=soft)
            card.set_invalid(card in per_card and not soft)
        message = errors.get(self.path)
        self._error = message
        self._soft = bool(message) and soft
        self._render_error()
        if message is not None:
            used.add(self.path)
        return used

    def error_message(self) -> str | None:
        if self._error:
            return self._error
        return next((c.form.first_invalid().error_message() for c in self.cards
                     if c.form.first_invalid() is not None), None)

    def is_reminder(self) -> bool:
        if self._error:
            return self._soft
        return all(b.is_reminder() for c in self.cards for b in c.form.bindings if b.error_message())

    def focus(self) -> None:
        for card in self.cards:
            invalid = card.form.first_invalid()
            if invalid is not None:
                invalid.focus()
                ensure_visible(invalid.row)
                return
        self.add_button.setFocus()

    def _describe(self) -> None:
        self.add_button.setAccessibleDescription(_(self._error) if self._error else "")

    def retranslate_self(self) -> None:
        self._refresh(structure=False)  # the words change, not the cards
        self._render_error()


class GroupBinding(Binding):
    """Several fields kept under one path (a nested object, e.g. a week's pattern).

    ``build(group)`` adds the fields to ``group.form`` and lays them out in ``group.body``.
    A message for the group itself shows under it; messages for its fields beside each field.
    ``optional``: the value is ``None`` while ``is_empty(data)`` is true or the group is hidden
    (what is not on screen is not saved).
    """

    def __init__(self, path: str, label: TextSource | None, build: Callable[["GroupBinding"], None], *,
                 hint: TextSource | None = None, optional: bool = False,
                 is_empty: Callable[[dict[str, Any]], bool] | None = None, parent: QObject | None = None):
        super().__init__(path, label, hint=hint, parent=parent)
        self.optional = optional
        self.is_empty = is_empty or (lambda data: False)
        self.form = FormSection(path, self)
        self.form.edited.connect(self._changed)
        self.body = QWidget()
        self.body.setObjectName("group")
        build(self)
        self._build_row(self.body)

    def layout_fields(self, spacing: int = 14) -> FormLayout:
        """A ``FormLayout`` on the group's body (for groups laid out as a form)."""
        return FormLayout(self.body, spacing=spacing)

    def control(self) -> QWidget:
        first = next((b for b in self.form.bindings if b.control().focusPolicy() != Qt.FocusPolicy.NoFocus), None)
        return first.control() if first is not None else self.body

    def value(self) -> Any:
        data = self.form.data()
        if self.optional and (self.row.isHidden() or self.is_empty(data)):
            return None
        return data

    def _show(self, value: Any) -> None:
        self.form.load(value if isinstance(value, Mapping) else {})

    def route_errors(self, errors: Mapping[str, str], *, soft: bool = False) -> set[str]:
        prefix = self.path + "."
        inner = {path[len(prefix):]: message for path, message in errors.items() if path.startswith(prefix)}
        self.form.show_errors(inner, soft=soft)
        used = {prefix + path for path in inner}
        message = errors.get(self.path)
        self._error = message or None
        self._soft = bool(message) and soft
        self._render_error()
        if message is not None:
            used.add(self.path)
        return used

    def error_message(self) -> str | None:
        if self._error:
            return self._error
        invalid = self.form.first_invalid()
        return invalid.error_message() if invalid is not None else None

    def is_reminder(self) -> bool:
        if self._error:
            return self._soft
        invalid = self.form.first_invalid()
        return invalid.is_reminder() if invalid is not None else False

    def focus(self) -> None:
        invalid = self.form.first_invalid()
        (invalid.focus() if invalid is not None else self.control().setFocus())

    def _describe(self) -> None:
        pass

    def retranslate_self(self) -> None:
        if self.label is not None:
            self.label.setText(resolve(self._label_source))
            self.label.setBuddy(self.control())
        self._render_error()


def label_for(options: Mapping[Any, str], value: Any, fallback: str = "") -> str:
    text = options.get(value)
    return _(text) if text else fallback


def first_line(text: str, limit: int = 60) -> str:
    """The first line of ``text``, cut between words with "…" when longer than ``limit``."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


__all__ = ["FormSection", "FormLayout", "RecordList", "RecordCard", "GroupBinding", "scroll_page", "get_path",
           "set_path", "ensure_visible", "label_for", "first_line", "plain", "resolve"]
