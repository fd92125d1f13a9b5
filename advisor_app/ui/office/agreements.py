"""The Agreements tab: agreements signed in the family's home; the chosen one shown as it is, page by
page, beside its signature check; the manager countersigns when every other box is signed and
every signature is intact and trusted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.ui.office.common import DataTable, OfficeTab, button_row
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.signature_pad import SignatureBox
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.operations import BackgroundTask
    from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog


class AgreementsTab(OfficeTab):
    COLUMNS = (N_("Case"), N_("Person"), N_("Document"), N_("Version"), N_("Laptop"), N_("Arrived"),
               N_("Countersigned"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Agreements"), N_("Agreements signed in the family's home. Read the agreement "
                                                      "and its signature check, then countersign with the office's "
                                                      "key; the countersigned copy goes back to the laptop."))
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Signed agreements"))
        self.table.setMaximumHeight(130)
        self.layout_.addWidget(self.table)
        self.pack_box = QVBoxLayout()
        self.pack_box.setContentsMargins(0, 0, 0, 0)
        pack_holder = QWidget()
        pack_holder.setLayout(self.pack_box)
        self.no_pack = TrLabel(N_("Choose an agreement to read it here."), object_name="hint")
        self.pack_box.addWidget(self.no_pack)
        self.pack: "PdfPreviewDialog | None" = None
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(heading(N_("The signature check"), 3))
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        right_layout.addWidget(self.verdict)
        self.check = QPlainTextEdit()
        self.check.setReadOnly(True)
        self.check.setTabChangesFocus(True)
        self.check.setMinimumHeight(90)
        self.check.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        right_layout.addWidget(self.check, 1)
        self.manager = TrLabel(object_name="hint")  # who countersigns: the signed-in manager
        right_layout.addWidget(self.manager)
        self.signature = SignatureBox()
        right_layout.addWidget(self.signature)
        self.sign_button = TrButton(N_("Counter&sign"), primary=True)
        self.sign_button.clicked.connect(self.countersign)
        right_layout.addLayout(button_row(self.long_work(self.sign_button)))
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(pack_holder)
        splitter.addWidget(right)
        splitter.setSizes([760, 520])
        self.layout_.addWidget(splitter, 1)
        self.shown: queries.ForCountersigning | None = None
        self.table.itemSelectionChanged.connect(self._update)
        self._items: dict[str, queries.SignedAgreement] = {}
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {a.sha256: a for a in queries.signed_agreements(self.service)}
        self.table.set_rows([(a.sha256, [a.case_reference, a.person_name, a.title, str(a.version),
                                         a.laptop or _("The office"), when_text(a.imported_at), self.state_text(a)])
                             for a in self._items.values()])
        self.manager.set_source(N_("You countersign as {name}, with the certificate the office issued to you.")
                                if self.service.may(Action.COUNTERSIGN) else "", name=self.office.person_name)
        self.shown = None
        waiting = [a.sha256 for a in self._items.values() if not a.countersigned and not a.superseded]
        if waiting and self.table.current_key() not in waiting:
            self.table.select_key(waiting[0])  # the one waiting for the countersignature
        self._update()

    @staticmethod
    def state_text(agreement: queries.SignedAgreement) -> str:
        if agreement.countersigned:
            return _("Yes")
        if agreement.superseded:
            return _("No: a newer copy is below")
        return _("Not yet")

    def select(self, sha256: str) -> None:
        self.table.select_key(sha256)

    def _update(self) -> None:
        key = self.table.current_key()
        item = self._items.get(key) if key else None
        if item is not None and (self.shown is None or self.shown.sha256 != key):
            self.shown = self.attempt(lambda: queries.for_countersigning(self.service, key))
            self._show_pack(self.shown)
        elif item is None:
            self.shown = None
            self._show_pack(None)
        shown = self.shown
        ready = (item is not None and shown is not None and not item.countersigned and not item.superseded
                 and shown.intact and shown.only_office_left)
        self.sign_button.setEnabled(ready)
        if self.office.service is not None:
            self.guard(Action.COUNTERSIGN, self.sign_button)

    def _show_pack(self, shown: queries.ForCountersigning | None) -> None:
        from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog

        if self.pack is not None:
            self.pack_box.removeWidget(self.pack)
            self.pack.hide()
            self.pack.deleteLater()
            self.pack = None
        self.no_pack.setVisible(shown is None)
        if shown is None:
            self.check.clear()
            self.verdict.clear()
            return
        self.pack = PdfPreviewDialog(shown.pdf, shown.title, embedded=True)
        self.pack_box.addWidget(self.pack, 1)
        self.pack.show()
        self.check.setPlainText("\n".join(shown.check))
        if shown.intact and shown.only_office_left:
            words, name = _("Every signature is intact and trusted, and only the office's box is left."), "inlineInfo"
        elif shown.intact:
            words, name = _("The signatures so far are intact, but not everyone has signed yet."), "inlineInfo"
        else:
            words, name = _("Do not countersign: this agreement was changed after signing, or a signature is "
                            "not trusted."), "inlineError"
        self.verdict.setText(words)
        self.verdict.setAccessibleName(words)
        self.verdict.setObjectName(name)
        repolish(self.verdict)

    def countersign(self) -> "BackgroundTask[dict] | None":
        """Countersign the chosen agreement in a worker (signing and its validation data take a while)."""
        sha256 = self.table.current_key()
        if not sha256 or not self.sign_button.isEnabled():
            return None
        if self.signature.pad.is_empty():
            self.show_message(_("Sign in the box first."), error=True)
            return None
        strokes = self.signature.pad.strokes
        return self.in_background(lambda service, _progress: service.countersign(sha256, strokes), self._countersigned,
                                  doing=N_("Countersigning the agreement…"))

    def _countersigned(self, _document: dict) -> None:
        self.signature.pad.clear()
        self.show_message(_("Countersigned. The laptop gets the countersigned agreement at its next sync."))
        self.changed.emit()

    def clear(self) -> None:
        self.shown = None
        self._show_pack(None)
        super().clear()

    def retranslate_self(self) -> None:
        self.check.setAccessibleName(_("The signature check, line by line"))
