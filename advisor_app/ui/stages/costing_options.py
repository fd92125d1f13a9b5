"""The costing choices beside the design (the ``costing`` section, ``CostingOptions``).

How to work the price out (as designed, or back from the budget), the emergency contingency,
the management support, for each fixed-term outcome whether it is sold by the hour or at a
fixed price, and time from services only some people use. Autosaved like every other form.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Iterable, Mapping

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import MODE_LABELS, PRICING_WAY_LABELS, CostingMode, FixedTermChoice, PricingWay, pounds
from advisor_app.i18n import _
from advisor_app.ui.widgets.fields import Binding, ChoiceBinding, LineBinding
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList
from advisor_app.ui.widgets.text import TextSource, TrLabel, plain, resolve

MODE_HINTS = {
    CostingMode.PRICE: N_("Every part of the design is priced with our charges, and checked against the budget."),
    CostingMode.FIT: N_("The face-to-face support is costed first, with the charges. What is left of the budget "
                        "shows how much management support it can pay for."),
}


class RadioBinding(Binding):
    """One choice from a few, shown all at once as radio buttons (arrow keys move between them)."""

    def __init__(self, path: str, label: TextSource, options: Mapping[Any, TextSource], *,
                 hints: Mapping[Any, TextSource] | None = None, hint: TextSource | None = None,
                 parent: QObject | None = None):
        super().__init__(path, label, hint=hint, parent=parent)
        self._texts = dict(options)
        self._hints = dict(hints or {})
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.box = QFrame()
        self.box.setObjectName("radioGroup")
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: dict[Any, QRadioButton] = {}
        self.hint_labels: dict[Any, TrLabel] = {}
        for value in self._texts:
            button = QRadioButton()
            button.toggled.connect(lambda on, v=value: self._toggled(v, on))
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)
            if value in self._hints:
                note = TrLabel(self._hints[value], object_name="hint")
                note.setContentsMargins(32, 0, 0, 6)
                self.hint_labels[value] = note
                layout.addWidget(note)
        self._value: Any = next(iter(self._texts), None)
        self._build_row(self.box)

    def _toggled(self, value: Any, on: bool) -> None:
        if on and value != self._value:
            self._value = value
            self._changed()

    def control(self) -> QWidget:
        return self.buttons.get(self._value) or next(iter(self.buttons.values()))

    def focus_widgets(self) -> list[QWidget]:
        return list(self.buttons.values())

    def value(self) -> Any:
        return self._value

    def _show(self, value: Any) -> None:
        if value not in self.buttons:
            value = next(iter(self._texts), None)
        self._value = value
        for key, button in self.buttons.items():
            button.blockSignals(True)
            button.setChecked(key == value)
            button.blockSignals(False)

    def choose(self, value: Any) -> None:
        """Choose ``value`` as the advisor would (counts as an edit)."""
        self.buttons[value].setChecked(True)

    def set_accessible(self, text: TextSource) -> None:
        self._accessible_source = text
        self.retranslate_self()

    def _describe(self) -> None:
        for key, button in self.buttons.items():
            parts = [_(self._error)] if self._error else []
            if key in self._hints:
                parts.append(resolve(self._hints[key]))
            button.setAccessibleDescription(" ".join(parts))

    def retranslate_self(self) -> None:
        if self.label is not None:
            self.label.setText(resolve(self._label_source))
            self.label.setBuddy(self.control())
        self.box.setAccessibleName(self.label_text())
        for key, button in self.buttons.items():
            button.setText(resolve(self._texts[key]))
            button.setAccessibleName(plain(button.text()))
        self._render_error()


class PricingRow(QFrame):
    """One fixed-term outcome: by the hour or at a fixed price, with why a way is not possible."""

    def __init__(self, owner: "PricingBinding", choice: FixedTermChoice):
        super().__init__()
        self.setObjectName("pricingRow")
        self.owner = owner
        self.component_id = choice.component_id
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setHorizontalSpacing(18)
        layout.setVerticalSpacing(2)
        self.name = QLabel()
        self.name.setObjectName("fieldLabel")
        self.name.setWordWrap(True)
        layout.addWidget(self.name, 0, 0, 1, 3)
        self.group = QButtonGroup(self)
        self.buttons: dict[PricingWay, QRadioButton] = {}
        for column, way in enumerate((PricingWay.HOURLY, PricingWay.FIXED)):
            button = QRadioButton()
            button.toggled.connect(lambda on, w=way: on and owner.choose(self.component_id, w, from_button=True))
            self.group.addButton(button)
            self.buttons[way] = button
            layout.addWidget(button, 1, column)
        layout.setColumnStretch(2, 1)
        self.why = QLabel()
        self.why.setObjectName("hint")
        self.why.setWordWrap(True)
        layout.addWidget(self.why, 2, 0, 1, 3)
        self.choice = choice
        self.update_choice(choice)

    def update_choice(self, choice: FixedTermChoice) -> None:
        self.choice = choice
        self.name.setText(choice.name)
        possible = {PricingWay.HOURLY: choice.can_be_hourly, PricingWay.FIXED: choice.can_be_fixed}
        for way, button in self.buttons.items():
            button.blockSignals(True)
            button.setText(_(PRICING_WAY_LABELS[way]))
            button.setChecked(way == choice.way)
            button.setEnabled(possible[way] or way == choice.way)
            button.setAccessibleName(_("{part}: {way}", part=choice.name, way=_(PRICING_WAY_LABELS[way])))
            button.blockSignals(False)
        why = ""
        if not choice.can_be_fixed:
            why = _("Only by the hour: the service design gives no fixed price for this outcome. Add one there "
                    "to offer a fixed price.")
        elif not choice.can_be_hourly:
            why = _("Only at a fixed price: the service design gives no hours a week for this outcome.")
        self.why.setText(why)
        self.why.setVisible(bool(why))
        for button in self.buttons.values():
            button.setAccessibleDescription(why)


class PricingBinding(Binding):
    """``pricing``: for each fixed-term outcome of the design, hourly or fixed (a dict by id).

    The rows come from ``CaseQuote.choices`` (``set_choices``), which say how each is priced now
    and which ways the design allows. Choices for parts no longer in the design are kept.
    """

    def __init__(self, path: str, label: TextSource, *, empty: TextSource, hint: TextSource | None = None,
                 parent: QObject | None = None):
        super().__init__(path, label, hint=hint, parent=parent)
        self._value: dict[str, str] = {}
        self.box = QFrame()
        self.box.setObjectName("pricingGroup")
        self.rows_layout = QVBoxLayout(self.box)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(4)
        self.empty_label = TrLabel(empty, object_name="lead")
        self.rows_layout.addWidget(self.empty_label)
        self.rows: dict[str, PricingRow] = {}
        self._build_row(self.box)

    def control(self) -> QWidget:
        for row in self.rows.values():
            for button in row.buttons.values():
                if button.isChecked():
                    return button
        return self.box

    def focus_widgets(self) -> list[QWidget]:
        return [b for row in self.rows.values() for b in row.buttons.values()]

    def value(self) -> dict[str, str]:
        return dict(self._value)

    def _show(self, value: Any) -> None:
        self._value = {str(k): str(v) for k, v in (value or {}).items()}

    def set_choices(self, choices: Iterable[FixedTermChoice]) -> bool:
        """Show ``choices``; returns True when rows were added or removed (the tab order changes)."""
        choices = list(choices)
        ids = [c.component_id for c in choices]
        rebuilt = ids != list(self.rows)
        if rebuilt:
            for row in self.rows.values():
                row.hide()
                row.setParent(None)
                row.deleteLater()
            self.rows = {}
            for choice in choices:
                row = PricingRow(self, choice)
                self.rows[choice.component_id] = row
                self.rows_layout.addWidget(row)
        else:
            for choice in choices:
                self.rows[choice.component_id].update_choice(choice)
        self.empty_label.setVisible(not choices)
        return rebuilt

    def choose(self, component_id: str, way: PricingWay, *, from_button: bool = False) -> None:
        """Sell ``component_id`` ``way`` (an edit); the advisor does it with the radio buttons."""
        if not from_button and component_id in self.rows:
            self.rows[component_id].buttons[way].setChecked(True)  # comes back here from the button
            return
        if self._value.get(component_id) == way.value:
            return
        self._value[component_id] = way.value
        self._changed()

    def set_accessible(self, text: TextSource) -> None:
        self._accessible_source = text
        self.box.setAccessibleName(self.label_text())

    def retranslate_self(self) -> None:
        super().retranslate_self()
        self.box.setAccessibleName(self.label_text())
        for row in self.rows.values():
            row.update_choice(row.choice)


class OptionsPanel(QWidget):
    """The options form: the ``costing`` section's fields, laid out for reading."""

    def __init__(self, form: FormSection, *, functions: Callable[[], list[tuple[str, TextSource]]],
                 components: Callable[[], list[tuple[str, TextSource]]], parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self._functions = functions
        self._components = components
        f = form
        layout = FormLayout(self)
        layout.addWidget(TrLabel(N_("These choices are saved as you go, and the price changes straight away."),
                                 object_name="lead"))
        layout.addWidget(f.message)

        layout.heading(N_("How to work it out"))
        self.mode = f.add(RadioBinding("mode", None, MODE_LABELS, hints=MODE_HINTS))
        self.mode.set_accessible(N_("How to work it out"))
        layout.field(self.mode)

        layout.heading(N_("Emergencies and management"),
                       lead=N_("Both are stated openly in the offer and in the agreement."))
        self.contingency = f.add(LineBinding("contingency", N_("Emergency co&ntingency, £ a year"), empty="0",
                                             hint=N_("Kept from the budget for emergencies."), max_width=220))
        self.management = f.add(LineBinding("management_hours_per_year", N_("Management support, hours a &year"),
                                            empty="0", hint=N_("A manager oversees the support."),
                                            max_width=220))
        self.shared_by = f.add(LineBinding("management_shared_by", N_("Management shared &by (people)"),
                                           empty="1", hint=N_("1 if it is just for this person."), max_width=220))
        row = QWidget()
        pair = QHBoxLayout(row)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.setSpacing(24)
        for binding in (self.contingency, self.management, self.shared_by):
            pair.addWidget(binding.row, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(row)
        self.fit_note = TrLabel(N_("Working back from the budget: the budget decides the management hours, so the "
                                   "hours above are set aside until you price the support as designed again."),
                                object_name="inlineInfo")
        layout.addWidget(self.fit_note)
        f.show_when([self.fit_note], lambda d: d.get("mode") == CostingMode.FIT)

        layout.heading(N_("Fixed-term outcomes"),
                       lead=N_("Sell each one by the hour until it is reached, or at a fixed price for the "
                               "outcome (the agreement then says what happens if it takes longer)."))
        self.pricing = f.add(PricingBinding("pricing", None, empty=N_("There are no fixed-term outcomes in the "
                                                                     "service design.")))
        self.pricing.set_accessible(N_("Fixed-term outcomes"))
        layout.field(self.pricing)

        layout.heading(N_("Services only some people use"),
                       lead=N_("Time from one of our teams, charged only to the people who use it. The hours are "
                               "a week's for on-going and fixed-term support, and in all for a one-off."))
        self.functions = f.add(RecordList(
            "functions", self._function_fields, title_for=self._function_title,
            name_for=lambda d: d.get("function") or _("a service"),
            new_record=self._new_function,
            texts={"add": N_("&Add time from a service"),
                   "empty": N_("None. Add one if, for example, the behaviour support team will help."),
                   "removed": N_("Removed {name}."), "undo": N_("&Undo"),
                   "up": N_("Move up"), "down": N_("Move down"), "remove": N_("Remove")}))
        layout.field(self.functions)
        layout.addStretch(1)

    # -- services only some people use ----------------------------------------------------------
    def _new_function(self) -> dict[str, Any]:
        functions, components = self._functions(), self._components()
        return {"id": str(uuid.uuid4()), "function": functions[0][0] if functions else None,
                "for_component": components[0][0] if components else None, "hours": "0"}

    def _function_fields(self, card: RecordCard) -> None:
        f, form = card.form, card.fields
        function = f.add(ChoiceBinding("function", N_("Service"), self._functions(), placeholder=N_("Choose…")))
        component = f.add(ChoiceBinding("for_component", N_("With which part of support"), self._components(),
                                        placeholder=N_("Choose…")))
        form.pair(function, component)
        form.field(f.add(LineBinding("hours", N_("Hours"), empty="0", max_width=160,
                                     hint=N_("A week's hours; in all for a one-off."))))
        card.component = component  # type: ignore[attr-defined]

    def _function_title(self, data: dict[str, Any], index: int) -> str:
        name = data.get("function") or _("A service")
        part = option_text(self._components(), data.get("for_component"))
        return f"{index + 1}. " + (_("{service}, with {part}", service=name, part=part) if part else name)

    def update_components(self) -> None:
        options = self._components()
        for card in self.functions.cards:
            card.component.set_options(options)  # type: ignore[attr-defined]
            card.retranslate_self()


def option_text(options: Iterable[tuple[Any, TextSource]], value: Any) -> str:
    return next((resolve(text) for key, text in options if key == value), "")


def function_options(rates: Mapping[str, Any]) -> list[tuple[str, Callable[[], str]]]:
    """The provider's optional services with their hourly rate, for the choice list."""
    return [(name, lambda n=name, r=rate: _("{service} ({rate} an hour)", service=n, rate=pounds(r)))
            for name, rate in rates.items()]
