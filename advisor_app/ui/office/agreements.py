"""The Agreements tab: agreements signed in the family's home, and countersigning them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.office.service import OfficeService
from advisor_app.ui.office.common import OfficeTab, button_row
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow


class AgreementsTab(OfficeTab):
    COLUMNS = (N_("Case"), N_("Person"), N_("Document"), N_("Version"), N_("Laptop"), N_("Arrived"),
               N_("Countersigned"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Agreements"), N_("Agreements signed in the family's home. The manager "
                                                      "countersigns with the office's key; the countersigned "
                                                      "copy goes back to the laptop."))
        self.table = self.add_table(N_("Signed agreements"), stretch=1)
        self.can_countersign = hasattr(OfficeService, "countersign")
        self.manager = TrLabel(object_name="hint")  # who countersigns: the signed-in manager
        self.layout_.addWidget(self.manager)
        self.signature = None
        if self.can_countersign:
            from advisor_app.ui.widgets.signature_pad import SignatureBox

            self.signature = SignatureBox()
            self.layout_.addWidget(self.signature)
        self.sign_button = TrButton(N_("Counter&sign"), primary=True,
                                    tooltip=None if self.can_countersign else N_("Countersigning is coming next."))
        self.sign_button.clicked.connect(self.countersign)
        self.layout_.addLayout(button_row(self.sign_button))
        self.table.itemSelectionChanged.connect(self._update)
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {a.sha256: a for a in queries.signed_agreements(self.service)}
        self.table.set_rows([(a.sha256, [a.case_reference, a.person_name, a.title, str(a.version),
                                         a.laptop or _("The office"), when_text(a.imported_at), self.state_text(a)])
                             for a in self._items.values()])
        self.manager.set_source(N_("You countersign as {name}, with the certificate the office issued to you.")
                                if self.service.may(Action.COUNTERSIGN) else "", name=self.office.person_name)
        self._update()

    @staticmethod
    def state_text(agreement: queries.SignedAgreement) -> str:
        if agreement.countersigned:
            return _("Yes")
        if agreement.superseded:
            return _("No: a newer copy is below")
        return _("Not yet")

    def _update(self) -> None:
        key = self.table.current_key()
        item = getattr(self, "_items", {}).get(key) if key else None
        ready = item is not None and not item.countersigned and not item.superseded
        self.sign_button.setEnabled(self.can_countersign and ready)
        if self.office.service is not None:
            self.guard(Action.COUNTERSIGN, self.sign_button)

    def countersign(self) -> bool:
        sha256 = self.table.current_key()
        if not (self.can_countersign and sha256 and self.signature is not None):
            return False
        if self.signature.pad.is_empty():
            self.show_message(_("Sign in the box first."), error=True)
            return False
        strokes = self.signature.pad.strokes
        done = self.attempt(lambda: self.service.countersign(sha256, strokes))
        if done is None:
            return False
        self.signature.pad.clear()
        self.show_message(_("Countersigned. The laptop gets the countersigned agreement at its next sync."))
        self.changed.emit()
        return True

    def retranslate_self(self) -> None:
        if not self.can_countersign:
            self.sign_button.setAccessibleDescription(_("Countersigning is coming next."))
