"""The main window: first run, unlock, the case list and the case workspace, in one stack."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app import __version__
from advisor_app.domain.family_mode import Action, allows, idle_minutes
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.settings import Settings
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui import qt_locale, theme
from advisor_app.ui.family import FamilyScreen
from advisor_app.ui.idle import IdleWatcher
from advisor_app.ui.screens.case_list import CaseListScreen
from advisor_app.ui.screens.first_run import FirstRunScreen
from advisor_app.ui.screens.settings_dialog import SettingsDialog
from advisor_app.ui.screens.sync_dialog import SyncDialog, SyncStatusLabel
from advisor_app.ui.screens.unlock import UnlockScreen
from advisor_app.ui.screens.workspace import WorkspaceScreen
from advisor_app.ui.operations import Op
from advisor_app.ui.session import Session
from advisor_app.ui.widgets.text import TrLabel, heading, retranslate_all

log = logging.getLogger(__name__)

SHORTCUTS = (
    (("Ctrl+N",), N_("Start a new case")),
    (("Enter",), N_("Open the chosen case")),
    (("Ctrl+F",), N_("Search the cases")),
    (("Esc", "Alt+Left"), N_("Back to the list of cases")),
    (("Alt+J",), N_("Go to the journey, then the arrow keys to choose a stage")),
    (("Ctrl+PgDown", "Ctrl+PgUp"), N_("Next or previous stage")),
    (("Ctrl+Tab",), N_("Next part of a stage (the person, circle, funding)")),
    (("Alt+Down",), N_("Open the calendar in a date")),
    (("Ctrl+S",), N_("Save now (it saves by itself as you type)")),
    (("Enter",), N_("In a list of entries: start the next one (Shift+Enter for a new line)")),
    (("Alt+Up", "Alt+Down"), N_("Move an entry or a card up or down its list")),
    (("Ctrl+Shift+Del",), N_("Remove an entry or a card (Undo brings it back)")),
    (("Ctrl+D",), N_("The case's documents: preview, save, print")),
    (("Ctrl+L",), N_("Lock now")),
    (("Ctrl+Shift+S",), N_("Sync with the office")),
    (("Ctrl+Shift+B",), N_("Back up this laptop to a file")),
    (("Ctrl+,",), N_("Settings")),
    (("F1",), N_("This list")),
    (("Ctrl+Q",), N_("Quit")),
)


def key_text(keys: tuple[str, ...]) -> str:
    """Key names as the desktop writes them, in the desktop's language."""
    native = QKeySequence.SequenceFormat.NativeText
    return " / ".join(QKeySequence(k).toString(native) for k in keys)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(heading(N_("Keyboard shortcuts"), 1))
        layout.addWidget(TrLabel(N_("Everything can be done with the keyboard. Tab moves to the next answer; "
                                    "underlined letters with Alt jump straight to a field."), object_name="lead"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        for row, (keys, text) in enumerate(SHORTCUTS):
            key = QLabel(key_text(keys))
            key.setObjectName("badge")
            grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(QLabel(_(text)), row, 1)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setIcon(QIcon())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class MainWindow(QMainWindow):
    settingsApplied = Signal()
    family_full_screen = True  # the family's screen fills the laptop's (the screenshot tour keeps its size)

    def __init__(self, store_dir: Path, *, settings: Settings | None = None, demo: bool = False,
                 demo_passphrase: str | None = None):
        super().__init__()
        self.settings = settings or Settings.load()
        self.demo = demo
        self.session = Session(store_dir, demo=demo, parent=self)
        self._auto_locked = False
        self._state_before_family = Qt.WindowState.WindowNoState

        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.first_run = FirstRunScreen(self.session)
        self.unlock_screen = UnlockScreen(self.session, demo_passphrase=demo_passphrase if demo else None)
        self.case_list = CaseListScreen(self.session)
        self.workspace = WorkspaceScreen(self.session)
        self.family = FamilyScreen(self.session)  # the laptop handed to the family (ui/family)
        for screen in (self.first_run, self.unlock_screen, self.case_list, self.workspace, self.family):
            self.screens.addWidget(screen)
        self.setCentralWidget(self.screens)
        self.sync_status = SyncStatusLabel(self.session)  # refreshes itself on unlock and on saves
        self.statusBar().addPermanentWidget(self.sync_status)

        self.idle = IdleWatcher(self.settings.auto_lock_minutes * 60_000, self)
        self.idle.idle.connect(self._idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

        self.first_run.created.connect(self._after_unlock)
        self.unlock_screen.unlocked.connect(self._after_unlock)
        self.case_list.openCase.connect(self.open_case)
        self.case_list.newCase.connect(self.new_case)
        self.workspace.backRequested.connect(self.show_case_list)
        self.workspace.handOver.connect(self.family.hand_over)
        self.family.handingOver.connect(self._confine)
        self.family.entered.connect(self._family_entered)
        self.family.cancelled.connect(self._family_left)
        self.family.returned.connect(self._family_left)
        self.family.resumed.connect(self.idle.start)
        self.session.aboutToLock.connect(self.workspace.flush)
        self.session.locked.connect(self._after_lock)

        self._build_menus()
        self.resize(1280, 860)
        self.setMinimumSize(900, 620)
        if self.session.store_exists():
            self.show_screen(self.unlock_screen)
        else:
            self.show_screen(self.first_run)
        self.retranslate_self()

    # -- menus ----------------------------------------------------------------------------------
    def _action(self, text: str, shortcut: str | None, slot, menu, what: Action) -> QAction:
        action = QAction(self)
        action.setProperty("source_text", text)
        action.setProperty("action", str(what))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: self.allowed(what) and slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.case_menu = bar.addMenu("")
        self.new_action = self._action(N_("&New case"), "Ctrl+N", self.new_case, self.case_menu, Action.NEW_CASE)
        self.list_action = self._action(N_("&All cases"), None, self.show_case_list, self.case_menu, Action.CASE_LIST)
        self.documents_action = self._action(N_("&Documents…"), None, self.open_documents, self.case_menu,
                                             Action.DOCUMENTS)
        self.case_menu.addSeparator()
        self.lock_action = self._action(N_("&Lock now"), "Ctrl+L", lambda: self.lock(), self.case_menu, Action.LOCK)
        self.case_menu.addSeparator()
        self.quit_action = self._action(N_("&Quit"), "Ctrl+Q", self.close, self.case_menu, Action.QUIT)
        self.tools_menu = bar.addMenu("")
        self.settings_action = self._action(N_("&Settings…"), "Ctrl+,", self.open_settings, self.tools_menu,
                                            Action.SETTINGS)
        self.provider_action = self._action(N_("&Organisation details…"), None, self.open_provider, self.tools_menu,
                                            Action.ORGANISATION)
        self.sync_action = self._action(N_("S&ync with the office…"), "Ctrl+Shift+S", self.open_sync,
                                        self.tools_menu, Action.SYNC)
        self.backup_action = self._action(N_("&Back up…"), "Ctrl+Shift+B", self.open_backup, self.tools_menu,
                                          Action.BACKUP)
        self.help_menu = bar.addMenu("")
        self.shortcuts_action = self._action(N_("&Keyboard shortcuts"), "F1", self.show_shortcuts, self.help_menu,
                                             Action.HELP)
        self.about_action = self._action(N_("&About"), None, self.show_about, self.help_menu, Action.HELP)
        self._update_actions()

    def allowed(self, what: Action) -> bool:
        """Whether ``what`` may happen now (while the family has the laptop: only their views)."""
        return allows(self.family.confining, what)

    def _update_actions(self) -> None:
        unlocked = self.session.is_unlocked
        needs = {self.new_action: unlocked, self.list_action: unlocked, self.lock_action: unlocked,
                 self.sync_action: unlocked, self.backup_action: unlocked, self.documents_action: unlocked and self.current_screen() is self.workspace}
        for action in self.actions():
            what = action.property("action")
            if what:
                action.setEnabled(self.allowed(Action(what)) and needs.get(action, True))
        self.menuBar().setVisible(not self.family.confining)
        self.statusBar().setVisible(not self.family.confining)

    # -- screens --------------------------------------------------------------------------------
    def show_screen(self, screen: QWidget) -> None:
        if self.family.confining and screen is not self.family:  # only the advisor's return leaves it
            return
        current = self.screens.currentWidget()
        if current is self.workspace and screen is not self.workspace:
            self.workspace.flush()
        self.screens.setCurrentWidget(screen)
        self._update_actions()
        self._update_title()
        if screen is self.workspace:
            self.workspace.show_title()
        elif screen is self.case_list:
            self.sync_status.refresh()
            self.case_list.focus_default()
        elif screen is self.unlock_screen:
            self.unlock_screen.passphrase.line.setFocus()
        elif screen is self.first_run:
            self.first_run.name.setFocus()

    def current_screen(self) -> QWidget:
        return self.screens.currentWidget()

    def _after_unlock(self) -> None:
        self._auto_locked = False
        self.idle.start()
        self.case_list.refresh()
        self.show_screen(self.case_list)

    def show_case_list(self) -> None:
        if not self.session.is_unlocked or not self.allowed(Action.CASE_LIST):
            return
        selected = self.workspace.case_id
        if self.current_screen() is self.workspace and not self.workspace.try_leave():
            return
        self.workspace.drop_case()
        self.case_list.refresh(select=selected)
        self.show_screen(self.case_list)

    def open_case(self, case_id: str, stage: Stage | None = None) -> None:
        if not self.allowed(Action.OPEN_CASE):
            return
        try:
            self.workspace.open_case(case_id, stage)
        except StoreError as exc:
            self.case_list.error.setText(error_text(exc))
            self.case_list.error.show()
            return
        self.show_screen(self.workspace)
        self.workspace.show_stage(self.workspace.current_stage, focus=True)

    def new_case(self) -> None:
        if not self.session.is_unlocked or not self.allowed(Action.NEW_CASE):
            return
        if self.current_screen() is self.workspace and not self.workspace.try_leave():
            return
        try:
            case_id = Op(self.session, lambda service: service.create_case()).run(initiator=self)
        except StoreError as exc:
            self.case_list.error.setText(error_text(exc))
            self.case_list.error.show()
            return
        self.open_case(case_id, Stage.ENQUIRY)
        self.workspace.show_message(_("A new case. Start with who got in touch: everything saves as you type."))

    # -- locking --------------------------------------------------------------------------------
    def lock(self, *, auto: bool = False) -> None:
        """Lock the store (also from code while the family has the laptop: an auto-lock pauses
        instead, see ``_idle``)."""
        if not self.session.is_unlocked:
            return
        self._auto_locked = auto
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        self.session.lock()

    def _after_lock(self) -> None:
        self.idle.stop()
        if self.family.confining:
            self.family.reset()
            self._family_left()
        self.workspace.drop_case()
        self.case_list.clear()
        self.unlock_screen.reset(locked_after_minutes=self.settings.auto_lock_minutes if self._auto_locked else None)
        self.show_screen(self.unlock_screen)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.allowed(Action.QUIT):  # the family cannot close the app: they ask for the advisor
            event.ignore()
            self.family.ask_advisor()
            return
        self.workspace.flush()
        self._auto_locked = False
        self.session.lock()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        super().closeEvent(event)

    # -- family mode ------------------------------------------------------------------------------
    def _idle(self) -> None:
        """Nobody touched the laptop: the advisor's screen locks; the family's pauses (nothing lost)."""
        if self.family.active:
            self.family.pause()
        elif not self.family.confining:
            self.lock(auto=True)

    def _confine(self) -> None:
        """The laptop is being handed over: only the family's screen, full screen, nothing else."""
        self.workspace.flush()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        self._state_before_family = self.windowState()
        self.screens.setCurrentWidget(self.family)
        if self.family_full_screen:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        self.activateWindow()
        self._update_actions()
        self._update_title()

    def _family_entered(self) -> None:
        if self.current_screen() is not self.family:  # handed over at once (``FamilyScreen.enter``)
            self._confine()
        self._update_actions()
        self.idle.set_timeout_ms(self._idle_minutes() * 60_000)

    def _family_left(self) -> None:
        """The advisor has the laptop back (or kept it): the case where it was."""
        self.setWindowState(self._state_before_family)
        self.activateWindow()
        self.idle.set_timeout_ms(self._idle_minutes() * 60_000)
        if self.session.is_unlocked:
            self.show_screen(self.workspace if self.workspace.case_id is not None else self.case_list)
            page = self.workspace.pages.get(self.workspace.current_stage) if self.workspace.current_stage else None
            if page is not None:
                page.focus_first()
        else:
            self._update_actions()

    def _idle_minutes(self) -> int:
        return idle_minutes(self.family.active, self.settings.auto_lock_minutes, self.settings.family_idle_minutes)

    # -- settings and help ----------------------------------------------------------------------
    def open_documents(self) -> None:
        if not self.allowed(Action.DOCUMENTS):
            return
        if self.current_screen() is self.workspace:
            self.workspace.open_documents()

    def open_provider(self) -> None:
        if not self.allowed(Action.ORGANISATION):
            return
        from advisor_app.ui.screens.provider_dialog import ProviderDialog

        dialog = ProviderDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and self.current_screen() is self.workspace:
            self.workspace.show_message(_("The organisation's details are saved. Documents made from now on use "
                                          "them."))
        dialog.deleteLater()

    def open_sync(self) -> None:
        if not self.session.is_unlocked or not self.allowed(Action.SYNC):
            return
        self.workspace.flush()  # send what was typed just now too
        dialog = SyncDialog(self.session, self)  # what a sync brings is shown where it belongs (operationDone)
        dialog.exec()
        dialog.deleteLater()

    def open_backup(self) -> None:
        if not self.session.is_unlocked or not self.allowed(Action.BACKUP):
            return
        from advisor_app.ui.screens.backup_dialog import BackupDialog

        self.workspace.flush()  # what was typed just now is in the backup too
        dialog = BackupDialog(self.session, self)
        dialog.exec()
        dialog.deleteLater()

    def open_settings(self) -> None:
        if not self.allowed(Action.SETTINGS):
            return
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog.values())
        dialog.deleteLater()

    def apply_settings(self, values: dict[str, object]) -> None:
        old_language = self.settings.language
        for name, value in values.items():
            self.settings.set(name, value)
        try:
            self.settings.save()
        except OSError:
            log.exception("Could not save the settings")
        self.idle.set_timeout_ms(self._idle_minutes() * 60_000)
        app = QApplication.instance()
        if app is not None:
            if self.settings.language != old_language:
                qt_locale.set_language(app, self.settings.language)
            theme.apply(app, text_scale=self.settings.text_scale, high_contrast=self.settings.high_contrast)
        retranslate_all(self)
        self.retranslate_self()
        self.settingsApplied.emit()

    def show_shortcuts(self) -> None:
        if not self.allowed(Action.HELP):
            return
        dialog = ShortcutsDialog(self)
        dialog.exec()
        dialog.deleteLater()

    def show_about(self) -> None:
        if not self.allowed(Action.HELP):
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle(_("About Support Advisor"))
        box.setText(_("Support Advisor {version}", version=__version__))
        box.setInformativeText(_("For support advisors working with people and their families, from the first "
                                 "enquiry to a signed agreement. Works without an internet connection."))
        box.exec()

    # -- text -----------------------------------------------------------------------------------
    def _update_title(self) -> None:
        base = _("Support Advisor")
        if self.demo:
            base = _("{app} (demo)", app=base)
        if self.current_screen() is not self.workspace:  # (the family's screen: nothing personal either)
            self.setWindowTitle(base)

    def retranslate_self(self) -> None:
        self.case_menu.setTitle(_("&Case"))
        self.tools_menu.setTitle(_("&Tools"))
        self.help_menu.setTitle(_("&Help"))
        for action in self.actions():
            source = action.property("source_text")
            if source:
                action.setText(_(source))
        self._update_title()
