"""Back up: one encrypted file holding this laptop's whole store, written where the advisor chooses.

The file is the one ``advisor-app backup`` writes (``AdvisorService.backup``): the database copied
still encrypted, with its key file; written whole or not at all, readable only by its owner. It
runs in the background (``BackgroundOp``): the window stays responsive and the dialog shows that
it is working. Restoring stays on the command line (``advisor-app restore FILE --store DIR``):
it replaces a whole store, which is the office's or a helper's job, not a screen's.
``back_up_to(path)`` does the work after the file dialog, so tests call it directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.errors import show_error
from advisor_app.ui.operations import BackgroundOp
from advisor_app.ui.session import Session
from advisor_app.ui.screens.common import close_row, dialog_frame, show_inline
from advisor_app.ui.widgets.text import TrButton, TrLabel

SUFFIX = ".backup"


class BackupDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = dialog_frame(self, N_("Back up this laptop"), N_(
            "The backup is one file holding every case on this laptop, encrypted. Keep it somewhere safe away from "
            "the laptop, for example on a USB stick kept locked away. Restoring it needs the passphrase you use "
            "now."), width=640)
        self.choose_button = TrButton(N_("&Choose where to save it…"), primary=True,
                                      tooltip=N_("Choose a folder and a name for the backup file"))
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        layout.addLayout(row)
        working = QHBoxLayout()
        self.progress_text = TrLabel(N_("Writing the encrypted backup…"), object_name="hint")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 0)  # one step: busy until it is written
        working.addWidget(self.progress_text, 1)
        working.addWidget(self.progress, 1)
        layout.addLayout(working)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.result.hide()
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.close_button = close_row(self, layout)
        self.running: BackgroundOp | None = None
        self._show_running(False)
        self.retranslate_self()
        self.adjustSize()

    def result_text(self) -> str:
        return "" if self.result.isHidden() else self.result.text()

    def choose_file(self) -> None:
        suggested = Path.home() / f"support-advisor-{dt.date.today().isoformat()}{SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the backup"), str(suggested),
                                                      _("Backups (*{suffix})", suffix=SUFFIX))
        if chosen:
            self.back_up_to(chosen)

    def back_up_to(self, path: str | Path) -> BackgroundOp | None:
        """Write the backup to ``path`` in a worker; the dialog says where it went."""
        if self.running is not None:
            return None
        target = Path(path)
        self.result.hide()
        self.running = BackgroundOp(self.session, lambda service, _progress: service.backup(target), owner=self) \
            .success(lambda _none: self._backed_up(target)).failure(self._failed)
        self.running.finished.connect(lambda: self._show_running(False))
        self._show_running(True)
        return self.running.start(initiator=self)

    def _backed_up(self, target: Path) -> None:
        self._show_result(_("The backup is saved in {file}. It is encrypted: restoring it needs the passphrase you "
                            "use now, so keep the two apart.", file=str(target)))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, (StoreError, OSError)):
            self._show_result(_("The backup was not made: {reason}", reason=error_text(exc)), error=True)
        else:
            self._show_result(_("The backup was not made. Please try again."), error=True)
            show_error(exc, self)

    def _show_result(self, text: str, *, error: bool = False) -> None:
        show_inline(self.result, text, error=error)
        self.adjustSize()  # tall enough for every wrapped line

    def _show_running(self, running: bool) -> None:
        if not running:
            self.running = None
        self.progress.setVisible(running)
        self.progress_text.setVisible(running)
        self.choose_button.setEnabled(not running)
        self.close_button.setEnabled(not running)

    def retranslate_self(self) -> None:
        self.setWindowTitle(_("Back up"))
        self.progress.setAccessibleName(_("Writing the encrypted backup…"))
