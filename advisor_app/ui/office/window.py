"""The office's window: the sign-in and set-up screens (and the recovery key, once), then one tab per
task, opening on Today (what needs doing, each one action away); the Office menu and its shortcuts;
and ``run_office_app``, which shows it (``advisor-app office``)."""

from __future__ import annotations

import os
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.office.service import DEFAULT_KDF, KdfParams, OfficeService
from advisor_app.services.errors import error_text
from advisor_app.domain.journey import Stage
from advisor_app.domain.worklist import WorkItem, WorkKind
from advisor_app.ui.office.agreements import AgreementsTab
from advisor_app.ui.office.approvals import ApprovalsTab
from advisor_app.ui.office.audit import AuditTab
from advisor_app.ui.office.cases import CasesTab
from advisor_app.ui.office.common import OFFICE_FAILURES, OfficeTab
from advisor_app.ui.office.conflicts import ConflictsTab
from advisor_app.ui.office.inbox import InboxTab
from advisor_app.ui.office.laptops import LaptopsTab
from advisor_app.ui.office.progress import ProgressTab
from advisor_app.ui.office.provider_data import ProviderDataTab
from advisor_app.ui.office.themes import ThemesTab
from advisor_app.ui.office.today import TodayTab
from advisor_app.ui.office.unlock import OfficeSetupScreen, OfficeUnlockScreen, RecoveryKeyScreen
from advisor_app.ui.office.users import UsersTab
from advisor_app.ui.office.work import WorkBar

TAB_TITLES = (N_("&Today"), N_("&Cases"), N_("Co&nflicts"), N_("Risk &approvals"), N_("A&greements"),
              N_("T&hemes"), N_("P&rogress"), N_("&Inbox"), N_("&Laptops"), N_("&Provider data"), N_("&Users"),
              N_("Au&dit"))
COUNTED = ("today", "conflicts", "approvals")  # tabs whose title says how many things wait there


class OfficeWindow(QMainWindow):
    def __init__(self, location: str, *, kdf: KdfParams = DEFAULT_KDF):
        super().__init__()
        self.location = str(location)
        self.service: OfficeService | None = None
        self.person_name = ""
        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.work = WorkBar()  # long work in a worker, one at a time (ui/office/work.py)
        self.setup_screen = OfficeSetupScreen(self.location, kdf)
        self.unlock_screen = OfficeUnlockScreen(self.location)
        self.recovery_screen = RecoveryKeyScreen()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.today = TodayTab(self)
        self.inbox = InboxTab(self)
        self.cases = CasesTab(self)
        self.conflicts = ConflictsTab(self)
        self.approvals = ApprovalsTab(self)
        self.agreements = AgreementsTab(self)
        self.themes = ThemesTab(self)
        self.progress = ProgressTab(self)
        self.laptops = LaptopsTab(self)
        self.publish = ProviderDataTab(self)
        self.users = UsersTab(self)
        self.audit = AuditTab(self)
        for tab in self.all_tabs():
            self.tabs.addTab(tab, "")
            tab.changed.connect(self.refresh_all)
        for screen in (self.setup_screen, self.unlock_screen, self.recovery_screen, self.tabs):
            self.screens.addWidget(screen)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.screens, 1)
        column.addWidget(self.work)
        self.setCentralWidget(central)
        self.setup_screen.created.connect(self.set_up)
        self.recovery_screen.done.connect(lambda: self.opened(self.service))
        self.unlock_screen.unlocked.connect(self.opened)
        self._build_menu()
        self.resize(1200, 820)
        self.setMinimumSize(900, 620)
        try:
            exists = queries.office_exists(self.location)
        except OFFICE_FAILURES as exc:
            exists = True
            self.unlock_screen.show_error(error_text(exc))
        self.show_screen(self.unlock_screen if exists else self.setup_screen)
        self.retranslate_self()

    def all_tabs(self) -> list[OfficeTab]:
        return [self.today, self.cases, self.conflicts, self.approvals, self.agreements, self.themes, self.progress,
                self.inbox, self.laptops, self.publish, self.users, self.audit]

    def _build_menu(self) -> None:
        self.menu = self.menuBar().addMenu("")
        self.refresh_action = self._action(N_("&Read again"), "F5", self.refresh_all)
        self.lock_action = self._action(N_("&Lock"), "Ctrl+L", self.lock)
        self.menu.addSeparator()
        self.quit_action = self._action(N_("&Quit"), "Ctrl+Q", self.close)

    def _action(self, text: str, shortcut: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(self)
        action.setProperty("source_text", text)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        self.addAction(action)
        return action

    def current_screen(self) -> QWidget:
        return self.screens.currentWidget()

    def show_screen(self, screen: QWidget) -> None:
        self.screens.setCurrentWidget(screen)
        unlocked = self.service is not None
        self.refresh_action.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        focus = {self.unlock_screen: self.unlock_screen.first_field(), self.setup_screen: self.setup_screen.name,
                 self.recovery_screen: self.recovery_screen.key}
        if screen in focus:
            QTimer.singleShot(0, focus[screen].setFocus)
        self._update_title()

    def set_up(self, service: OfficeService) -> None:
        """A new office: its recovery key first (shown once), then the tabs."""
        self.service = service
        self.recovery_screen.show_key(service.recovery_key or "")
        service.recovery_key = None
        self.show_screen(self.recovery_screen)

    def opened(self, service: OfficeService) -> None:
        self.service = service
        self.person_name = service.user.name
        self.refresh_all()
        self.tabs.setCurrentWidget(self.today)
        self.show_screen(self.tabs)
        self.tabs.tabBar().setFocus()

    def refresh_all(self) -> None:
        if self.service is None:
            return
        for tab in self.all_tabs():
            try:
                tab.refresh()
            except OFFICE_FAILURES as exc:
                tab.show_message(error_text(exc), error=True)
        self.retranslate_self()

    def open_work(self, item: WorkItem) -> None:
        """The worklist's one action: the tab where it is done, with the item chosen."""
        if item.kind == WorkKind.RISK_DECISION:
            self.tabs.setCurrentWidget(self.approvals)
            self.approvals.select(item.key)
        elif item.kind == WorkKind.COUNTERSIGN:
            self.tabs.setCurrentWidget(self.agreements)
            self.agreements.select(item.key)
        elif item.kind == WorkKind.CONFLICT:
            self.tabs.setCurrentWidget(self.conflicts)
            self.conflicts.table.select_key(item.key)
        elif item.kind == WorkKind.QUIET_LAPTOP:
            self.tabs.setCurrentWidget(self.laptops)
            self.laptops.table.select_key(item.key)
        elif item.case_id:
            self.tabs.setCurrentWidget(self.cases)
            self.cases.open_case(item.case_id, Stage.REVIEWS if item.kind in (WorkKind.REVIEW_DUE,
                                                                             WorkKind.REVIEW_OVERDUE) else None)
        self.tabs.currentWidget().setFocus()

    def lock(self) -> None:
        service, self.service = self.service, None
        if service is None:
            return
        self.work.stop_for_good()  # long work stops at its next step; its result is dropped
        for tab in self.all_tabs():
            tab.clear()
        self.person_name = ""
        self.recovery_screen.key.clear()
        service.lock()
        del service
        self.show_screen(self.unlock_screen)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.lock()
        super().closeEvent(event)

    def _update_title(self) -> None:
        if self.service is not None:
            self.setWindowTitle(_("{organisation}: office ({user})", organisation=self.service.public.name,
                                  user=self.service.user.name))
        else:
            self.setWindowTitle(_("Support Advisor: office"))

    def retranslate_self(self) -> None:
        self.menu.setTitle(_("&Office"))
        self.work.retranslate_self()
        for action in self.actions():
            source = action.property("source_text")
            if source:
                action.setText(_(source))
        for index, (tab, title) in enumerate(zip(self.all_tabs(), TAB_TITLES)):
            counted = tab in (getattr(self, name) for name in COUNTED)
            count = tab.count() if self.service is not None and counted else 0
            self.tabs.setTabText(index, _("{title} ({n})", title=_(title), n=count) if count else _(title))
        self._update_title()


def prepare_application(app, settings=None) -> None:
    """Language, theme and text size as the advisor's app has them (settings on this computer)."""
    from advisor_app.settings import Settings
    from advisor_app.ui import qt_locale, theme

    settings = settings or Settings.load()
    theme.system_point_size()  # remember the desktop's text size before we change it
    qt_locale.set_language(app, settings.language)
    app.setApplicationDisplayName(_("Support Advisor: office"))
    theme.apply(app, text_scale=settings.text_scale, high_contrast=settings.high_contrast)


def run_office_app(location: str, argv: list[str] | None = None) -> int:
    """Show the office's screens for the office at ``location`` until closed; the exit code."""
    from advisor_app.ui import errors
    from advisor_app.ui.app import application

    app = application(argv)
    errors.install()  # unexpected errors to a dialog and the log, Qt's messages to the log
    prepare_application(app)
    window = OfficeWindow(location)
    window.show()
    if os.environ.get("ADVISOR_APP_QUIT_WHEN_READY"):
        QTimer.singleShot(0, app.quit)
    return app.exec()
