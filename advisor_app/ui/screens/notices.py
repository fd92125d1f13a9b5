"""The office's newest unread notice, above the case list: a report back of what people said in
their reviews (Working Together for Change), which used some of this laptop's cases. The advisor
reads it (and shares it with the families); once read it leaves the list."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.services import notices
from advisor_app.services.changes import Changes
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.operations import Op
from advisor_app.ui.session import Session
from advisor_app.ui.widgets.text import TrButton

NOTICE_META = "office.notice"


class NoticeBanner(QFrame):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.session = session
        self.notice: notices.Notice | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.read_button = TrButton(N_("&Read the report"), primary=True)
        self.read_button.clicked.connect(self.read)
        layout.addWidget(self.read_button)
        session.operationDone.connect(self._on_changes)
        self.hide()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.everything or any(key.startswith(NOTICE_META) for key in changes.meta):
            self.refresh()

    def refresh(self) -> None:
        self.notice = None
        if self.session.is_unlocked:
            try:
                unread = notices.notices(self.session.service, unread_only=True)
            except StoreError:
                unread = []
            self.notice = unread[0] if unread else None
        self.setVisible(self.notice is not None)
        self.retranslate_self()

    def read(self) -> None:
        """Show the report; once shown it counts as read."""
        from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog

        notice = self.notice
        if notice is None:
            return
        try:
            pdf = notices.report(self.session.service, notice.notice_id)
        except StoreError as exc:
            self.text.setText(error_text(exc))
            return
        dialog = PdfPreviewDialog(pdf, notice.title, lead=self._lead(notice), parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        Op(self.session, lambda service: notices.mark_read(service, notice.notice_id)).run(initiator=self)
        self.refresh()

    @staticmethod
    def _lead(notice: notices.Notice) -> str:
        return _("What people told us in their reviews, and what the office will do. It used the reviews of "
                 "{cases}. Please share it with them.", cases=", ".join(notice.cases))

    def retranslate_self(self) -> None:
        if self.notice is None:
            self.text.clear()
            return
        self.text.setText(_("The office sent a report back: “{title}”. {lead}", title=self.notice.title,
                            lead=self._lead(self.notice)))
        self.text.setAccessibleName(self.text.text())
