"""The case's documents: make one, look at it inside the app, then save it to the case or print it.

Each kind of document (expression of interest, one-page profile, support plan, and any a later
feature registers) is listed with whether it can be made yet (``services.documents.readiness``).
"Preview" builds the PDF (``make_document``; nothing is stored) in the background, then shows it
page by page.
"Save to the case" stores those exact bytes, encrypted, as the next version
(``save_document``). "Save a copy as PDF…" writes an unencrypted file where the advisor
chooses, after saying so plainly. "Print…" uses the desktop's print dialog when there is one.

Keyboard: Up and Down choose a document, Enter previews it; in the preview, PgUp/PgDn and the
arrow keys scroll, Ctrl+PgDn / Ctrl+PgUp go to the next or previous page, Ctrl++ and Ctrl+-
zoom, Ctrl+0 fits the page width; Ctrl+S saves to the case, Ctrl+P prints, Esc closes.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.services.documents import (
    DocumentError,
    DocumentRecord,
    document_bytes,
    file_name,
    list_documents,
    make_document,
    readiness,
    save_copy,
    save_document,
)
from advisor_app.services.errors import StoreError, error_text, is_plain
from advisor_app.ui.widgets.stage_list import COMPLETE_ROLE, STATUS_ROLE, TITLE_ROLE, StageDelegate
from advisor_app.ui.operations import BackgroundOp, Op
from advisor_app.ui.session import Session
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, shortcut

log = logging.getLogger(__name__)

KIND_ROLE = Qt.ItemDataRole.UserRole + 10
SHA_ROLE = Qt.ItemDataRole.UserRole + 11
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)


def saved_when(created_at: str) -> str:
    """A stored document's time, as the advisor's clock shows it (14/03/2026 10:42)."""
    try:
        moment = dt.datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        return created_at
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


def ask_copy_path(parent: QWidget, suggested: str) -> str | None:
    """Say plainly that a copy outside the app is not encrypted, then ask where to put it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Save an unencrypted copy"))
    box.setText(_("The copy you save will not be protected by your passphrase."))
    box.setInformativeText(_("Anyone who can open the file can read it. Keep it somewhere safe, and delete it "
                             "when it is no longer needed. The version saved to the case stays encrypted."))
    go = box.addButton(_("&Choose where to save…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.exec()
    if box.clickedButton() is not go:
        return None
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save an unencrypted copy as PDF"),
                                                str(Path.home() / suggested), _("PDF documents (*.pdf)"))
    return path or None


def print_pdf(parent: QWidget, document: QPdfDocument, title: str) -> str | None:
    """Print every page through the desktop's print dialog. Returns a plain message when it cannot."""
    try:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    except ImportError:  # a build of Qt without printing: say so quietly
        return _("Printing is not available on this laptop. Save a copy as PDF and print it from there.")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print {title}", title=title))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    painter = QPainter()
    if not painter.begin(printer):
        return _("The printer could not be started. Please check it is switched on and try again.")
    try:
        dpi = min(printer.resolution(), 300)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            image: QImage = document.render(page, QSize(int(size.width() * dpi / 72), int(size.height() * dpi / 72)))
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()
    return None


class DocumentsDialog(QDialog):
    """See the module docstring. ``saved`` is emitted after a version is stored."""

    saved = Signal()

    def __init__(self, session: Session, case_id: str, *, kind: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.pdf: bytes | None = None
        self.pdf_kind: str | None = None
        self.pdf_record: DocumentRecord | None = None  # when a stored version is shown
        self.making: BackgroundOp | None = None  # a document being made in the background
        self.setModal(True)
        self.setMinimumSize(980, 680)
        self.resize(1180, 820)
        view = session.service.load_case(case_id)
        self.reference = view.header.reference
        self.person = view.header.person_name
        self.setWindowTitle(_("Documents for {name} ({reference})", name=self.person or _("this case"),
                              reference=self.reference))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter)

        # -- the list of documents and their saved versions --------------------------------------
        side = QFrame()
        side.setObjectName("navBox")
        left = QVBoxLayout(side)
        left.setContentsMargins(20, 20, 16, 16)
        left.setSpacing(10)
        left.addWidget(heading(N_("Documents"), 1))
        left.addWidget(TrLabel(lambda: _("For {name}, case {reference}. Make one to see it here before saving or "
                                         "printing.", name=self.person or _("this person"),
                                         reference=self.reference), object_name="lead"))
        self.kinds = QListWidget()
        self.kinds.setObjectName("navigator")
        self.kinds.setItemDelegate(StageDelegate(self.kinds))
        self.kinds.setAccessibleName(_("Documents for this case"))
        self.kinds.currentItemChanged.connect(lambda *_args: self._kind_changed())
        self.kinds.itemActivated.connect(lambda _item: self.preview())
        kinds_label = TrLabel(N_("&Document"), object_name="fieldLabel", buddy=self.kinds)
        left.addWidget(kinds_label)
        left.addWidget(self.kinds, 2)
        self.versions_label = TrLabel(N_("Sa&ved versions"), object_name="fieldLabel")
        self.versions = QListWidget()
        self.versions.setObjectName("versions")
        self.versions.setAccessibleName(_("Saved versions of this document"))
        self.versions.itemActivated.connect(self.show_version)
        self.versions_label.setBuddy(self.versions)
        left.addWidget(self.versions_label)
        left.addWidget(self.versions, 1)
        self.no_versions = TrLabel(N_("None saved yet."), object_name="hint")
        left.addWidget(self.no_versions)
        splitter.addWidget(side)

        # -- the preview ----------------------------------------------------------------------
        main = QWidget()
        main.setObjectName("screen")
        right = QVBoxLayout(main)
        right.setContentsMargins(20, 16, 20, 16)
        right.setSpacing(10)
        top = QHBoxLayout()
        self.preview_title = QLabel()
        self.preview_title.setObjectName("subheading")
        self.preview_title.setWordWrap(True)
        top.addWidget(self.preview_title, 1)
        self.page_label = QLabel()
        self.page_label.setObjectName("badge")
        top.addWidget(self.page_label)
        self.prev_button = TrButton(N_("\u2039 Previous"), flat=True, accessible_name=N_("Previous page"),
                                    tooltip=N_("Previous page (Ctrl+PgUp)"))
        self.next_button = TrButton(N_("Next \u203a"), flat=True, accessible_name=N_("Next page"),
                                    tooltip=N_("Next page (Ctrl+PgDown)"))
        self.zoom_out_button = TrButton("\u2212", flat=True, accessible_name=N_("Zoom out"),
                                        tooltip=N_("Zoom out (Ctrl+minus)"))
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("hint")
        self.zoom_in_button = TrButton("+", flat=True, accessible_name=N_("Zoom in"), tooltip=N_("Zoom in (Ctrl+plus)"))
        self.fit_button = TrButton(N_("Fit width"), flat=True, tooltip=N_("Fit the page to the width (Ctrl+0)"))
        for widget in (self.prev_button, self.next_button, self.zoom_out_button, self.zoom_label,
                       self.zoom_in_button, self.fit_button):
            top.addWidget(widget)
        right.addLayout(top)
        self.status = message_line()
        right.addWidget(self.status)

        self.document = QPdfDocument(self)
        self.view = QPdfView(main)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(16)
        self.view.setAccessibleName(_("Preview of the document"))
        self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._update_pages())
        self.view.zoomFactorChanged.connect(lambda _z: self._update_pages())
        self.placeholder = TrLabel(N_("Choose a document on the left and press Preview (Enter)."),
                                   object_name="lead")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right.addWidget(self.placeholder, 1)
        right.addWidget(self.view, 1)
        self.view.hide()

        buttons = QHBoxLayout()
        self.preview_button = TrButton(N_("&Preview"), primary=True, tooltip=N_("Make the document now (Enter)"))
        self.preview_button.clicked.connect(self.preview)
        self.save_button = TrButton(N_("&Save to the case"), tooltip=N_("Keep this version, encrypted (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_to_case)
        self.copy_button = TrButton(N_("Save a &copy as PDF…"))
        self.copy_button.clicked.connect(self.save_copy)
        self.print_button = TrButton(N_("P&rint…"), tooltip=N_("Print (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_document)
        self.close_button = TrButton(N_("Close"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.preview_button, self.save_button, self.copy_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        right.addLayout(buttons)
        splitter.addWidget(main)
        splitter.setSizes([360, 820])
        splitter.setStretchFactor(1, 1)

        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(+1))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(-1))
        self.fit_button.clicked.connect(self.fit_width)
        context = Qt.ShortcutContext.WindowShortcut
        shortcut("Ctrl+PgDown", self, lambda: self.go_to_page(self.current_page() + 1), context)
        shortcut("Ctrl+PgUp", self, lambda: self.go_to_page(self.current_page() - 1), context)
        for keys in ("Ctrl++", "Ctrl+="):
            shortcut(keys, self, lambda: self.zoom(+1), context)
        shortcut("Ctrl+-", self, lambda: self.zoom(-1), context)
        shortcut("Ctrl+0", self, self.fit_width, context)
        shortcut("Ctrl+S", self, self.save_to_case, context)
        shortcut("Ctrl+P", self, self.print_document, context)

        self.refresh_kinds(select=kind)
        self._update_buttons()
        self._update_pages()
        self.kinds.setFocus()

    # -- the list -------------------------------------------------------------------------------
    def refresh_kinds(self, select: str | None = None) -> None:
        select = select or self.current_kind()
        view = self.session.service.load_case(self.case_id)
        stored = list_documents(self.session.service, self.case_id)
        self.kinds.blockSignals(True)
        self.kinds.clear()
        for kind, reason in readiness(view):
            count = sum(1 for record in stored if record.kind == kind.id)
            status = _(reason) if reason else _("Ready to make")
            if count:
                status = ngettext("{n} version saved", "{n} versions saved", count) + " \u00b7 " + status
            item = QListWidgetItem(f"{_(kind.title)}\n{status}")
            item.setData(KIND_ROLE, kind.id)
            item.setData(TITLE_ROLE, _(kind.title))
            item.setData(STATUS_ROLE, status)
            item.setData(COMPLETE_ROLE, reason is None)
            item.setData(Qt.ItemDataRole.UserRole + 20, reason)
            item.setToolTip(_(reason) if reason else _("Ready to make"))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(kind.title)}: {status}")
            self.kinds.addItem(item)
        self.kinds.blockSignals(False)
        rows = [self.kinds.item(i).data(KIND_ROLE) for i in range(self.kinds.count())]
        self.kinds.setCurrentRow(rows.index(select) if select in rows else 0)
        self._kind_changed()

    def current_kind(self) -> str | None:
        item = self.kinds.currentItem() if hasattr(self, "kinds") else None
        return item.data(KIND_ROLE) if item is not None else None

    def current_reason(self) -> str | None:
        item = self.kinds.currentItem()
        return item.data(Qt.ItemDataRole.UserRole + 20) if item is not None else None

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.versions.clear()
        records = [r for r in list_documents(self.session.service, self.case_id) if r.kind == kind]
        for record in reversed(records):  # newest first
            text = _("Version {version} \u00b7 {when} \u00b7 {sha}", version=record.version,
                     when=saved_when(record.created_at), sha=record.sha256[:10])
            item = QListWidgetItem(text)
            item.setData(SHA_ROLE, record.sha256)
            item.setToolTip(_("SHA-256 {sha}", sha=record.sha256))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, _("Version {version}, saved {when}",
                                                               version=record.version,
                                                               when=saved_when(record.created_at)))
            self.versions.addItem(item)
        self.versions.setVisible(bool(records))
        self.no_versions.setVisible(not records)
        reason = self.current_reason()
        self.preview_button.setEnabled(kind is not None and reason is None and self.making is None)
        if self.pdf is not None and self.pdf_kind != kind:
            self._clear_preview()  # never show one document under another's name
        if reason:
            self._say(_("Not ready yet: {reason}", reason=_(reason)))
        elif self.pdf_kind != kind:
            self.status.hide()
        self._update_buttons()

    def version_rows(self) -> list[str]:
        return [self.versions.item(i).text() for i in range(self.versions.count())]

    # -- making and showing ---------------------------------------------------------------------
    def preview(self) -> BackgroundOp | None:
        """Make the chosen document in the background (the window stays responsive)."""
        kind = self.current_kind()
        if kind is None or self.making is not None:
            return None
        reason = self.current_reason()
        if reason:
            self._say(_(reason), error=True)
            return None
        case_id = self.case_id
        self._say(_("Making the document…"))
        self.preview_button.setEnabled(False)
        self.making = BackgroundOp(self.session, lambda service, _progress: make_document(service, case_id, kind),
                                   owner=self).success(lambda pdf: self._previewed(pdf, kind)).failure(self._not_made)
        self.making.finished.connect(self._made)
        return self.making.start(initiator=self)

    def _previewed(self, pdf: bytes, kind: str) -> None:
        if self.current_kind() != kind:
            return  # another document was chosen meanwhile: never show one under another's name
        self._show_pdf(pdf, kind, None)
        self._say(_("This is a preview: nothing is saved yet. Save it to the case to keep it."))
        self.view.setFocus()

    def _not_made(self, exc: BaseException) -> None:
        if not is_plain(exc):
            log.error("The document could not be made", exc_info=(type(exc), exc, exc.__traceback__))
        self._say(error_text(exc), error=True)

    def _made(self) -> None:
        self.making = None
        self.preview_button.setEnabled(self.current_kind() is not None and self.current_reason() is None)

    def show_version(self, item: QListWidgetItem) -> None:
        sha = item.data(SHA_ROLE)
        try:
            pdf = document_bytes(self.session.service, sha)
        except StoreError as exc:
            self._say(error_text(exc), error=True)
            return
        record = next((r for r in list_documents(self.session.service, self.case_id) if r.sha256 == sha), None)
        self._show_pdf(pdf, self.current_kind(), record)
        self._say(_("Version {version}, saved {when}. Saved versions never change.", version=record.version,
                    when=saved_when(record.created_at)) if record else "")
        self.view.setFocus()

    def _show_pdf(self, pdf: bytes, kind: str | None, record: DocumentRecord | None) -> None:
        self.pdf, self.pdf_kind, self.pdf_record = pdf, kind, record
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.placeholder.hide()
        self.view.show()
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().jump(0, QPointF(0, 0))
        title = self.kinds.currentItem().data(TITLE_ROLE) if self.kinds.currentItem() else ""
        self.preview_title.setText(title if record is None else _("{title}, version {version}", title=title,
                                                                  version=record.version))
        self._update_pages()
        self._update_buttons()

    def _clear_preview(self) -> None:
        self.pdf, self.pdf_kind, self.pdf_record = None, None, None
        self.document.close()
        self.view.hide()
        self.placeholder.show()
        self.preview_title.setText("")
        self._update_pages()

    def page_count(self) -> int:
        return self.document.pageCount() if self.pdf is not None else 0

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if not self.page_count():
            return
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(0, 0))
        self._update_pages()

    def zoom(self, step: int) -> None:
        if not self.page_count():
            return
        current = self.view.zoomFactor()
        if step > 0:
            target = next((z for z in ZOOM_STEPS if z > current + 0.01), ZOOM_STEPS[-1])
        else:
            target = next((z for z in reversed(ZOOM_STEPS) if z < current - 0.01), ZOOM_STEPS[0])
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(target)
        self.view.pageNavigator().jump(page, QPointF(0, 0))  # stay on the same page
        self._update_pages()

    def fit_width(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().jump(page, QPointF(0, 0))
        self._update_pages()

    def _update_pages(self) -> None:
        count = self.page_count()
        if count:
            self.page_label.setText(_("Page {page} of {count}", page=self.current_page() + 1, count=count))
            fit = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
            self.zoom_label.setText("" if fit else f"{round(self.view.zoomFactor() * 100)}%")
            self.zoom_label.setAccessibleName(_("Fits the width") if fit else self.zoom_label.text())
            self.fit_button.setEnabled(not fit)
        else:
            self.page_label.setText(_("No preview yet"))
            self.zoom_label.setText("")
        self.page_label.setAccessibleName(self.page_label.text())
        for button in (self.prev_button, self.next_button, self.zoom_in_button, self.zoom_out_button):
            button.setEnabled(bool(count))
        if not count:
            self.fit_button.setEnabled(False)
        if count:
            self.prev_button.setEnabled(self.current_page() > 0)
            self.next_button.setEnabled(self.current_page() < count - 1)

    def _update_buttons(self) -> None:
        showing = self.pdf is not None and self.pdf_kind == self.current_kind()
        self.save_button.setEnabled(showing and self.pdf_record is None)
        self.copy_button.setEnabled(showing)
        self.print_button.setEnabled(showing)
        self.preview_button.setProperty("primary", not showing)
        self.save_button.setProperty("primary", showing and self.pdf_record is None)
        repolish(self.preview_button)
        repolish(self.save_button)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setObjectName("inlineError" if error else "inlineInfo")
        self.status.setAccessibleName(text)
        repolish(self.status)
        self.status.setVisible(bool(text))

    # -- keeping it -----------------------------------------------------------------------------
    def save_to_case(self) -> DocumentRecord | None:
        if self.pdf is None or self.pdf_kind is None or self.pdf_record is not None:
            return None
        case_id, kind, pdf = self.case_id, self.pdf_kind, self.pdf
        try:
            record = Op(self.session, lambda service: save_document(service, case_id, kind, pdf)).run(initiator=self)
        except (DocumentError, StoreError) as exc:
            self._say(error_text(exc), error=True)
            return None
        self.pdf_record = record
        self.saved.emit()
        self.refresh_kinds(select=self.pdf_kind)
        self._say(_("Saved to the case as version {version}, encrypted. Saved versions never change.",
                    version=record.version))
        self._update_buttons()
        return record

    def suggested_name(self) -> str:
        if self.pdf_record is not None:
            return file_name(self.reference, self.pdf_record.kind, self.pdf_record.version)
        return f"{self.reference}-{self.pdf_kind or 'document'}-preview.pdf"

    def save_copy(self) -> Path | None:
        if self.pdf is None:
            return None
        path = ask_copy_path(self, self.suggested_name())
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:  # personal data: readable by this user only (0600), never half-written
            save_copy(target, self.pdf)
        except OSError as exc:
            self._say(_("The copy could not be saved there ({problem}). Please choose another place.",
                        problem=exc.strerror or str(exc)), error=True)
            return None
        self._say(_("An unencrypted copy is saved as {path}.", path=str(target)))
        return target

    def print_document(self) -> None:
        if self.pdf is None or not self.page_count():
            return
        problem = print_pdf(self, self.document, self.preview_title.text() or _("Document"))
        if problem:
            self._say(problem, error=True)

    def retranslate_self(self) -> None:
        self.close_button.setIcon(QIcon())
