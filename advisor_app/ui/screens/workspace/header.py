"""The case's header: back, documents, the saved state and what is not yet at the office; the
person's name, reference and stage; reopen or move on; the closed banner, the risk alerts and a
message line. It only shows what the workspace hands it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 16)
        layout.setSpacing(8)

        top = QHBoxLayout()
        self.back_button = TrButton(N_("\u2190 Back to cases"), flat=True,
                                    accessible_name=N_("Back to the list of cases"),
                                    tooltip=N_("Back to the list of cases (Esc or Alt+Left)"))
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.documents_button = TrButton(N_("&Documents…"), flat=True,
                                         tooltip=N_("Make, preview, save and print this case's documents (Ctrl+D)"))
        top.addWidget(self.documents_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(12)
        self.save_state = _label("saveState")
        self.save_state.setAccessibleName(_("Saved state"))
        top.addWidget(self.save_state, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(18)
        self.unsent = _label("badge")
        top.addWidget(self.unsent, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)

        title_row = QHBoxLayout()
        title_row.setSpacing(12)
        self.title = _label("title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_row.addWidget(self.title)
        self.reference = _label("badge")
        title_row.addWidget(self.reference, 0, Qt.AlignmentFlag.AlignVCenter)
        self.stage_badge = _label("badge")
        title_row.addWidget(self.stage_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.communication = _label("badge", hidden=True)  # the communication needs flag (Accessible Information Standard)
        title_row.addWidget(self.communication, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        self.reopen_button = TrButton(N_("Reopen case"))
        title_row.addWidget(self.reopen_button)
        self.move_button = TrButton("", primary=True)
        title_row.addWidget(self.move_button)
        layout.addLayout(title_row)

        self.closed_banner = _label("inlineInfo", hidden=True, wrap=True)
        layout.addWidget(self.closed_banner)
        self.risk_alerts = _label("inlineError", hidden=True, wrap=True)  # reviews overdue, due, awaited
        layout.addWidget(self.risk_alerts)
        self.message = _label("inlineInfo", hidden=True, wrap=True)
        layout.addWidget(self.message)

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
        self.communication.setText(communication.flag_text(header.communication))
        self.communication.setAccessibleName(communication.flag_description(header.communication))
        self.communication.setToolTip(self.communication.accessibleName())
        self.communication.setVisible(bool(header.communication))
        self.reopen_button.setVisible(closed and not view.moved_to)
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
        self.risk_alerts.setText("\n".join(f"\u26a0 {_(alert)}" for alert in alerts))
        self.risk_alerts.setAccessibleName(self.risk_alerts.text())
        self.risk_alerts.setVisible(bool(alerts))

    def show_unsent(self, count: int) -> None:
        self.unsent.setText(ngettext("{n} change not yet at the office", "{n} changes not yet at the office", count)
                            if count else _("Everything is at the office"))
        self.unsent.setAccessibleName(self.unsent.text())

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
