"""The Users tab: the office's named users and their roles; an administrator adds, removes and
changes them; everyone changes their own passphrase here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFrame, QLineEdit, QMessageBox, QScrollArea, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import ROLE_DUTIES, ROLE_LABELS, Action, Role
from advisor_app.i18n import _
from advisor_app.office.users import OfficeUser
from advisor_app.ui.office.common import DataTable, OfficeTab, button_row
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.passphrase import PassphraseEdit
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, plain, separator

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow

ROLE_ORDER = (Role.MANAGER, Role.ADMINISTRATOR, Role.STAFF)


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(_(ROLE_LABELS[role]) for role in ROLE_ORDER if role in roles)


class UsersTab(OfficeTab):
    COLUMNS = (N_("Name"), N_("Roles"), N_("Added"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Users"), N_("Everyone at the office signs in as themselves. A manager decides "
                                                 "on risk and countersigns; an administrator enrolls laptops, "
                                                 "publishes and manages users; staff import and resolve conflicts."))
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Office users"))
        form = QWidget()
        outer = QVBoxLayout(form)
        outer.setContentsMargins(12, 0, 0, 0)
        outer.setSpacing(6)
        self.admin_box = QWidget()  # shown to administrators only
        layout = QVBoxLayout(self.admin_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        outer.addWidget(self.admin_box)
        layout.addWidget(heading(N_("Add a user, or change the chosen one"), 3))
        self.name = QLineEdit()
        self.name_label = TrLabel(N_("New user's na&me"), object_name="fieldLabel", buddy=self.name)
        self.roles = {role: QCheckBox() for role in ROLE_ORDER}
        self.passphrase = PassphraseEdit()
        self.passphrase_label = TrLabel(N_("Their &first or new passphrase"), object_name="fieldLabel",
                                        buddy=self.passphrase.line)
        self.again = PassphraseEdit()
        self.again_label = TrLabel(N_("Type it again"), object_name="fieldLabel", buddy=self.again.line)
        self.add_button = TrButton(N_("Add the user"), primary=True)
        self.roles_button = TrButton(N_("&Save the chosen user's roles"))
        self.reset_button = TrButton(N_("S&et their new passphrase"))
        self.remove_button = TrButton(N_("Remo&ve…"), danger=True)
        for widget in (self.name_label, self.name, *self.roles.values(), self.passphrase_label, self.passphrase,
                       self.again_label, self.again):
            layout.addWidget(widget)
        layout.addLayout(button_row(self.add_button, self.roles_button))
        layout.addLayout(button_row(self.reset_button, self.remove_button))
        layout.addWidget(separator())
        layout = outer
        layout.addWidget(heading(N_("Your own passphrase"), 3))
        self.current = PassphraseEdit()
        self.current_label = TrLabel(N_("&Your current passphrase"), object_name="fieldLabel",
                                     buddy=self.current.line)
        self.new = PassphraseEdit()
        self.new_label = TrLabel(N_("Your ne&w passphrase (at least 10 characters)"), object_name="fieldLabel",
                                 buddy=self.new.line)
        self.new_again = PassphraseEdit()
        self.new_again_label = TrLabel(N_("Type the new one again"), object_name="fieldLabel",
                                       buddy=self.new_again.line)
        for widget in (self.current_label, self.current, self.new_label, self.new, self.new_again_label,
                       self.new_again):
            layout.addWidget(widget)
        self.own_button = TrButton(N_("Change my passphrase"))
        layout.addLayout(button_row(self.own_button))
        layout.addStretch(1)
        scroll = QScrollArea()  # the form is taller than a 768-pixel screen leaves room for
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        self.add_side_by_side(self.table, scroll, [520, 640])
        self.table.itemSelectionChanged.connect(self.show_current)
        self.add_button.clicked.connect(lambda: self.add_user(self.name.text(), self.chosen_roles(),
                                                              self.passphrase.text(), self.again.text()))
        self.roles_button.clicked.connect(lambda: self.save_roles(self.chosen_roles()))
        self.reset_button.clicked.connect(lambda: self.reset_passphrase(self.passphrase.text(), self.again.text()))
        self.remove_button.clicked.connect(self.confirm_remove)
        self.own_button.clicked.connect(lambda: self.change_own(self.current.text(), self.new.text(),
                                                                self.new_again.text()))
        self._items: dict[str, OfficeUser] = {}
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {u.user_id: u for u in self.service.users()}
        me = self.office.person_name
        self.table.set_rows([(u.user_id, [_("{name} (you)", name=u.name) if u.name == me else u.name,
                                          roles_text(u.roles), when_text(u.created_at)])
                             for u in self._items.values()])
        self.show_current()

    def current_user(self) -> OfficeUser | None:
        key = self.table.current_key()
        return self._items.get(key) if key else None

    def show_current(self) -> None:
        user = self.current_user()
        for role, box in self.roles.items():
            box.setChecked(user is not None and role in user.roles)
        admin = self.office.service is not None and self.guard(
            Action.MANAGE_USERS, self.add_button, self.roles_button, self.reset_button, self.remove_button)
        self.admin_box.setVisible(admin)
        if admin:
            for button in (self.roles_button, self.reset_button, self.remove_button):
                button.setEnabled(user is not None)

    def chosen_roles(self) -> list[Role]:
        return [role for role, box in self.roles.items() if box.isChecked()]

    def _same(self, passphrase: str, again: str) -> bool:
        if passphrase != again:
            self.show_message(_("The two passphrases are not the same yet. Please type it again."), error=True)
            return False
        return True

    def _done(self, text: str) -> None:
        for box in (self.passphrase, self.again, self.current, self.new, self.new_again):
            box.clear()
        self.show_message(text)
        self.changed.emit()

    # -- what the buttons do (tests call these directly) ------------------------------------
    def add_user(self, name: str, roles: list[Role], passphrase: str, again: str) -> bool:
        if not self._same(passphrase, again):
            return False
        added = self.attempt(lambda: self.service.add_user(name, roles, passphrase))
        if added is None:
            return False
        self.name.clear()
        self._done(_("{name} is added as {roles}. They sign in with the passphrase you gave and should change "
                     "it then.", name=added.name, roles=roles_text(added.roles).lower()))
        self.table.select_key(added.user_id)
        return True

    def save_roles(self, roles: list[Role]) -> bool:
        user = self.current_user()
        if user is None or self.attempt(lambda: self.service.set_user_roles(user.name, roles) or True) is None:
            return False
        self._done(_("{name} is now {roles}.", name=user.name, roles=roles_text(frozenset(roles)).lower()))
        return True

    def reset_passphrase(self, passphrase: str, again: str) -> bool:
        user = self.current_user()
        if user is None or not self._same(passphrase, again):
            return False
        if self.attempt(lambda: self.service.reset_passphrase(user.name, passphrase) or True) is None:
            return False
        self._done(_("{name} has a new passphrase. Tell them in person, and ask them to change it when they "
                     "sign in.", name=user.name))
        return True

    def confirm_remove(self) -> None:
        user = self.current_user()
        if user is None:
            return
        answer = QMessageBox.question(self, _("Remove this user?"),
                                      _("{name} will no longer be able to sign in to the office. What they did "
                                        "stays in the audit log under their name.", name=user.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(user.user_id)

    def remove(self, user_id: str) -> bool:
        user = self._items.get(user_id)
        if user is None or self.attempt(lambda: self.service.remove_user(user.name) or True) is None:
            return False
        self._done(_("{name} is removed: they can no longer sign in.", name=user.name))
        return True

    def change_own(self, current: str, new: str, again: str) -> bool:
        if not self._same(new, again):
            return False
        if self.attempt(lambda: self.service.change_passphrase(current, new) or True) is None:
            return False
        self._done(_("Your passphrase is changed. Use the new one next time you sign in."))
        return True

    def retranslate_self(self) -> None:
        self.name.setAccessibleName(_("New user's name"))
        for role, box in self.roles.items():
            box.setText(_("{role}: {duties}", role=_(ROLE_LABELS[role]), duties=_(ROLE_DUTIES[role])))
            box.setAccessibleName(_(ROLE_LABELS[role]))
        for edit, label in ((self.passphrase, self.passphrase_label), (self.again, self.again_label),
                            (self.current, self.current_label), (self.new, self.new_label),
                            (self.new_again, self.new_again_label)):
            edit.line.setAccessibleName(plain(label.text()))
