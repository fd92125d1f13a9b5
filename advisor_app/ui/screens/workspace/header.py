"""The case's header: back, documents, the saved state and what is not yet at the office; the
person's name, reference and stage; reopen or move on; the closed banner, the risk alerts and a
message line. It only shows what the workspace hands it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.services import CaseView
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets import communication
from advisor_app.ui.widgets.autosave import SaveState
from advisor_app.ui.widgets.text import TrButton

TICK = "\u2713"


def _label(object_name: str, *, hidden: bool = False, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    if hidden:
        label.hide()
    return label


class HeaderBar(QFrame):
    """One row on a laptop's screen (two when the window is too narrow for one): who the case is
    about, where it is saved, and what to do next; then the banners, each a line or two."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.setSpacing(4)

        who = self.who = QHBoxLayout()
        who.setSpacing(10)
        self.back_button = TrButton(N_("\u2190 Back to cases"), flat=True,
                                    accessible_name=N_("Back to the list of cases"),
                                    tooltip=N_("Back to the list of cases (Esc or Alt+Left)"))
        who.addWidget(self.back_button)
        self.title = _label("caseTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        who.addWidget(self.title)
        self.reference = _label("badge")
        who.addWidget(self.reference, 0, Qt.AlignmentFlag.AlignVCenter)
        self.stage_badge = _label("badge")
        who.addWidget(self.stage_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.communication = _label("badge", hidden=True)  # the communication needs flag (Accessible Information Standard)
        who.addWidget(self.communication, 0, Qt.AlignmentFlag.AlignVCenter)

        act = self.act = QHBoxLayout()
        act.setSpacing(10)
        act.addStretch(1)
        state = QVBoxLayout()  # saved, and what is not at the office yet: small, one above the other
        state.setSpacing(0)
        self.save_state = _label("saveState")
        self.save_state.setAccessibleName(_("Saved state"))
        state.addWidget(self.save_state, 0, Qt.AlignmentFlag.AlignRight)
        self.unsent = _label("unsent")
        state.addWidget(self.unsent, 0, Qt.AlignmentFlag.AlignRight)
        act.addLayout(state)
        self.documents_button = TrButton(N_("&Documents…"), flat=True,
                                         tooltip=N_("Make, preview, save and print this case's documents (Ctrl+D)"))
        act.addWidget(self.documents_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.reopen_button = TrButton(N_("Reopen case"))
        act.addWidget(self.reopen_button)
        self.move_button = TrButton("", primary=True)
        act.addWidget(self.move_button)

        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(10)
        self.row.addLayout(who)
        self.row.addLayout(act, 1)
        layout.addLayout(self.row)

        self.closed_banner = _label("inlineInfo", hidden=True, wrap=True)
        layout.addWidget(self.closed_banner)
        self.risk_alerts = _label("inlineError", hidden=True, wrap=True)  # reviews overdue, due, awaited
        layout.addWidget(self.risk_alerts)
        self.message = _label("inlineInfo", hidden=True, wrap=True)
        layout.addWidget(self.message)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """One row when it fits the width, else the actions under who the case is about."""
        margins = self.layout().contentsMargins()
        wanted = self.who.sizeHint().width() + self.act.sizeHint().width() + self.row.spacing()
        one_row = wanted <= self.width() - margins.left() - margins.right()
        direction = QBoxLayout.Direction.LeftToRight if one_row else QBoxLayout.Direction.TopToBottom
        if self.row.direction() != direction:
            self.row.setDirection(direction)

    # -- what the workspace hands it ---------------------------------------------------------------
    def show_case(self, view: CaseView, target: Stage | None) -> None:
        """Name, reference, stage, closed or open, and the next stage to move on to."""
        header = view.header
        self.title.setText(header.person_name or _("Name not known yet"))
        self.reference.setText(header.reference)
        self.reference.setAccessibleName(_("Case reference {reference}", reference=header.reference))
        closed = header.status == Status.CLOSED
        stage_title = _(journey.info(header.stage).title)
        self.stage_badge.setText(_("Closed") if closed else _("Stage: {stage}", stage=stage_title))
        self.stage_badge.setAccessibleName(self.stage_badge.text())
        self.stage_badge.setVisible(closed)  # else the journey beside says where the case is ("Here now")
        self.communication.setText(communication.flag_text(header.communication))
        self.communication.setAccessibleName(communication.flag_description(header.communication))
        self.communication.setToolTip(self.communication.accessibleName())
        self.communication.setVisible(bool(header.communication))
        self.reopen_button.setVisible(closed and not view.moved_to)
        self._fit()
        self.documents_button.setVisible(not closed)
        self.closed_banner.setVisible(closed or bool(view.moved_to))
        if view.moved_to:  # the office gave the case to another advisor: read it here, change it there
            self.closed_banner.setText(_("The office has moved this case to {laptop}. You can still read it here, "
                                         "but changes are made on that laptop now.", laptop=view.moved_to))
        else:
            self.closed_banner.setText(_("This case is closed: we could not help this time. You can still correct "
                                         "what was recorded, or reopen the case if things change."))
        self.move_button.setVisible(target is not None and not closed and not view.moved_to)
        if target is not None:
            title = _(journey.info(target).title)
            self.move_button.set_source(lambda: _("&Move on to “{stage}” \u2192", stage=title),
                                        accessible_name=lambda: _("Move on to the next stage, “{stage}”", stage=title))
            reason = view.why_not_move(target)
            self.move_button.setToolTip(_(reason) if reason else _("Everything needed is done."))

    def show_risk_alerts(self, alerts: list[str]) -> None:
        self.risk_alerts.setText("\u26a0 " + "  \u00b7  ".join(_(alert) for alert in alerts))
        self.risk_alerts.setAccessibleName(self.risk_alerts.text())
        self.risk_alerts.setVisible(bool(alerts))

    def show_unsent(self, count: int) -> None:
        self.unsent.setText(ngettext("{n} change not yet at the office", "{n} changes not yet at the office", count)
                            if count else _("Everything is at the office"))
        self.unsent.setAccessibleName(self.unsent.text())
        self._fit()

    def show_save_state(self, state: SaveState, failure: str | None, saved_at: dt.datetime | None, *,
                        open_case: bool) -> None:
        texts = {
            SaveState.IDLE: f"{TICK} " + _("Saved"),
            SaveState.PENDING: _("Saving…"),
            SaveState.SAVED: f"{TICK} " + _("Saved"),
            SaveState.INVALID: _("Not saved: check the highlighted answers"),
            SaveState.FAILED: _("Not saved: {problem}", problem=_(failure or "")),
        }
        self.save_state.setText(texts[state] if open_case else "")
        self.save_state.setProperty("state", state.value)
        self.save_state.setAccessibleName(self.save_state.text())
        if saved_at is not None and state == SaveState.SAVED:
            self.save_state.setToolTip(_("Saved at {time}", time=saved_at.strftime("%H:%M:%S")))
        else:
            self.save_state.setToolTip("")
        repolish(self.save_state)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        self.message.setAccessibleName(text)
        repolish(self.message)
        self.message.show()

    def hide_message(self) -> None:
        self.message.hide()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def clear(self) -> None:
        for label in (self.title, self.reference, self.stage_badge, self.risk_alerts, self.message):
            label.clear()
        for label in (self.closed_banner, self.risk_alerts, self.message, self.communication):
            label.hide()
