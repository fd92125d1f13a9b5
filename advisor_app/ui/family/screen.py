"""Family mode on screen: the laptop handed to the family, confined to one case's family views.

``FamilyScreen`` is a screen of the main window. ``hand_over(view)`` first asks the advisor
(``HandOverPanel``: an optional PIN), then shows the view (reading the agreement together,
signing) with only "Give back to the advisor" beside it. While it is ``active`` the main window
offers nothing else (``domain.family_mode.allows``): no menu, no shortcut, no other case, and
closing the window asks for the advisor. Going back needs the advisor (``AdvisorCheck``: the PIN
while tries are left, else the passphrase).

After the family's idle time (a setting), ``pause()`` hides the view behind a neutral "Paused"
screen with nothing personal on it; when the advisor has typed, ``resume`` shows the same view
again: the same page, the same zoom, the strokes drawn so far. Nothing is destroyed while paused.
"""

from __future__ import annotations

import secrets

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from advisor_app.domain.family_mode import SALT_BYTES, PinLock
from advisor_app.domain.messages import N_
from advisor_app.ui.family.advisor_check import AdvisorCheck, Why
from advisor_app.ui.family.hand_over import HandOverPanel
from advisor_app.ui.widgets.text import TrButton, TrLabel, shortcut


class FamilyScreen(QWidget):
    handingOver = Signal()  # the advisor is asked for a PIN: the window confines itself now
    entered = Signal()  # the family has the laptop
    cancelled = Signal()  # the advisor kept the laptop (nothing was handed over)
    returned = Signal()  # the advisor has the laptop back
    paused = Signal()
    resumed = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("familyScreen")
        self.setProperty("large", True)
        self.session = session
        self.active = False  # the family has the laptop
        self.confining = False  # handing over or active: the window offers nothing else
        self.is_paused = False
        self.pin_lock: PinLock | None = None
        self.view: QWidget | None = None
        self._pending: QWidget | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.bar = QWidget()
        self.bar.setObjectName("familyBar")
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(24, 8, 24, 8)
        self.bar_label = TrLabel(N_("With the family"), object_name="badge")
        bar.addWidget(self.bar_label, 0, Qt.AlignmentFlag.AlignVCenter)
        bar.addStretch(1)
        self.give_back_button = TrButton(N_("&Give back to the advisor"),
                                         accessible_name=N_("Give the laptop back to the advisor"))
        self.give_back_button.clicked.connect(self.ask_advisor)
        bar.addWidget(self.give_back_button)
        outer.addWidget(self.bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.hand_over_panel = HandOverPanel()
        self.views = QStackedWidget()
        self.views.setObjectName("familyViews")
        self.check = AdvisorCheck(session)
        for widget in (self.hand_over_panel, self.views, self.check):
            self.stack.addWidget(widget)
        self.hand_over_panel.handOver.connect(self._handed_over)
        self.hand_over_panel.cancelled.connect(self._cancel_hand_over)
        self.check.confirmed.connect(self._advisor_back)
        self.check.cancelled.connect(self._show_view)
        shortcut("Esc", self.views, self.ask_advisor)
        self.bar.hide()

    # -- handing over -------------------------------------------------------------------------------
    def hand_over(self, view: QWidget) -> None:
        """Give ``view`` to the family: asks the advisor first, unless the family has the laptop
        already (from reading to signing), when it simply takes the place of the view shown."""
        if self.active:
            self._set_view(view)
            if self.stack.currentWidget() is self.views:  # not over the paused or give-back screen
                self._show_view()
            return
        self._drop(self._pending)
        self._pending = view
        self.confining = True
        self.bar.hide()
        self.stack.setCurrentWidget(self.hand_over_panel)
        self.handingOver.emit()
        self.hand_over_panel.reset()

    def enter(self, view: QWidget, pin: str = "") -> None:
        """Hand over at once (``pin`` "" for none): what "Hand over" does."""
        self._pending = view
        self.confining = True
        self._handed_over(pin)

    def _handed_over(self, pin: str) -> None:
        view, self._pending = self._pending, None
        if view is None:
            return
        self.pin_lock = PinLock.make(pin, secrets.token_bytes(SALT_BYTES)) if pin else None
        self.active, self.confining = True, True
        self._set_view(view)
        self._show_view()
        self.entered.emit()

    def _cancel_hand_over(self) -> None:
        self._drop(self._pending)
        self._pending = None
        self.confining = False
        self.cancelled.emit()

    def _set_view(self, view: QWidget) -> None:
        if view is self.view:
            return
        old, self.view = self.view, view
        self.views.addWidget(view)
        self.views.setCurrentWidget(view)
        finished = getattr(view, "finished", None)
        if finished is not None:  # everyone has signed: the laptop goes back to the advisor
            finished.connect(self.ask_advisor)
        self._drop(old)

    def _show_view(self) -> None:
        if self.view is None:
            return
        self.bar.show()
        self.stack.setCurrentWidget(self.views)
        focus = getattr(self.view, "focus_first", None)
        if callable(focus):
            focus()

    # -- the advisor, back ----------------------------------------------------------------------------
    def ask_advisor(self) -> None:
        """"Give back to the advisor" (also Esc, and closing the window): the advisor types."""
        if not self.active or self.is_paused:
            return
        self.bar.hide()
        self.stack.setCurrentWidget(self.check)
        self.check.ask(Why.GIVE_BACK, self.pin_lock)

    def pause(self) -> None:
        """Nobody touched the laptop for the family's idle time: hide everything personal."""
        if not self.active or self.is_paused:
            return
        self.is_paused = True
        self.bar.hide()
        self.stack.setCurrentWidget(self.check)
        self.check.ask(Why.PAUSED, self.pin_lock)
        self.paused.emit()

    def _advisor_back(self) -> None:
        if self.is_paused:
            self.is_paused = False
            self._show_view()
            self.resumed.emit()
            return
        self.leave()

    def leave(self) -> None:
        """The advisor has the laptop back: the family's views go, the PIN is forgotten."""
        self.active = self.confining = self.is_paused = False
        if self.pin_lock is not None:
            self.pin_lock.forget()
        self.pin_lock = None
        view, self.view = self.view, None
        self._drop(view)
        self.bar.hide()
        self.returned.emit()

    def reset(self) -> None:
        """The store was locked: forget everything (no signal: the window shows the unlock screen)."""
        self._drop(self._pending)
        self._pending = None
        if self.pin_lock is not None:
            self.pin_lock.forget()
        self.pin_lock = None
        view, self.view = self.view, None
        self._drop(view)
        self.active = self.confining = self.is_paused = False
        self.bar.hide()

    def _drop(self, view: QWidget | None) -> None:
        if view is None:
            return
        stop = getattr(view, "stop", None)
        if callable(stop):
            stop()
        self.views.removeWidget(view)  # (it keeps its parent until deleted: the window keeps the focus)
        view.hide()
        view.deleteLater()
