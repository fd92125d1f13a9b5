"""A document shown before it is kept: page by page, with zoom, all from the keyboard.

``PdfPager`` is the pages with their buttons (also the family's reading view);
``PdfPreviewDialog(pdf, title, save=...)`` shows the PDF's bytes with Qt's own PDF viewer (no
file is written); ``embedded=True`` shows it inside another screen instead of as a window. ``save`` is called by "Save to the case"; it returns the sentence to show
(e.g. "Saved as quote version 2.") or raises an error whose first argument is a plain message,
shown in the dialog, never as a second dialog.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.services.errors import error_text
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, shortcut

log = logging.getLogger(__name__)

ZOOMS = (0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)


class PdfPager(QWidget):
    """A PDF's pages, one at a time, with the page and zoom buttons above them; the keys turn the
    pages and zoom (within ``shortcut_context``)."""

    def __init__(self, pdf: bytes, parent: QWidget | None = None, *,
                 shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut):
        super().__init__(parent)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        bar = self.bar = QHBoxLayout()
        bar.setSpacing(8)
        self.previous = TrButton(N_("\u2039 Previous page"), tooltip=N_("Previous page (Page Up)"))
        self.page_label = QLabel()
        self.page_label.setObjectName("badge")
        self.next = TrButton(N_("Next page \u203a"), tooltip=N_("Next page (Page Down)"))
        self.zoom_out = TrButton("\u2212", accessible_name=N_("Zoom out"), tooltip=N_("Zoom out (Ctrl+minus)"))
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("Full width") + 12)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = TrButton("+", accessible_name=N_("Zoom in"), tooltip=N_("Zoom in (Ctrl+plus)"))
        self.fit = TrButton(N_("Fit the &width"), tooltip=N_("Fit the page to the width (Ctrl+0)"))
        for widget in (self.previous, self.page_label, self.next):
            bar.addWidget(widget)
        bar.addSpacing(18)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.view, 1)

        self.previous.clicked.connect(lambda: self.go(self.page() - 1))
        self.next.clicked.connect(lambda: self.go(self.page() + 1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(+1))
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.fit.clicked.connect(self.fit_width)
        context = shortcut_context
        shortcut("PgDown", self, lambda: self.go(self.page() + 1), context)
        shortcut("PgUp", self, lambda: self.go(self.page() - 1), context)
        for keys in ("Ctrl++", "Ctrl+="):
            shortcut(keys, self, lambda: self.step_zoom(+1), context)
        shortcut("Ctrl+-", self, lambda: self.step_zoom(-1), context)
        shortcut("Ctrl+0", self, self.fit_width, context)
        self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._update())
        self.view.zoomFactorChanged.connect(lambda _zoom: self._update())
        self.view.zoomModeChanged.connect(lambda _mode: self._update())

        self.view.setAccessibleName(_("The document, page by page"))
        self.view.setAccessibleDescription(_("Page Up and Page Down turn the pages; Ctrl+plus and Ctrl+minus zoom."))
        self._update()

    # -- pages and zoom -------------------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount()

    def page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
            self._update()

    def zoom(self) -> float:
        return self.view.zoomFactor()

    def set_zoom(self, zoom: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)
        self._update()

    def step_zoom(self, direction: int) -> None:
        current = self.zoom()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._shown_zoom()
        options = [z for z in ZOOMS if (z > current + 0.01 if direction > 0 else z < current - 0.01)]
        if options:
            self.set_zoom(options[0] if direction > 0 else options[-1])

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update()

    def page_text(self, page: int | None = None) -> str:
        """The words of a page, a line each as the PDF has them."""
        page = self.page() if page is None else page
        if not 0 <= page < self.page_count():
            return ""
        return self.document.getAllText(page).text().replace("\r\n", "\n").replace("\r", "\n")

    def _shown_zoom(self) -> float:
        """The zoom the page is drawn at now (when fitted to the width, worked out from the sizes)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or not self.page_count():
            return self.zoom()
        points = self.document.pagePointSize(self.page()).width()
        if points <= 0:
            return 1.0
        pixels = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return max(pixels / (points * self.logicalDpiX() / 72.0), 0.1)

    def _update(self) -> None:
        count = self.page_count()
        page = self.page()
        self.page_label.setText(_("Page {page} of {count}", page=page + 1, count=count) if count else _("No pages"))
        self.page_label.setAccessibleName(self.page_label.text())
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page + 1 < count)
        fitted = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.zoom_label.setText(_("Full width") if fitted else f"{round(self.zoom() * 100)}%")
        self.zoom_label.setAccessibleName(_("Zoom: {zoom}", zoom=self.zoom_label.text()))
        self.fit.setEnabled(not fitted)


class PdfPreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, *, lead: str = "", save: Callable[[], str] | None = None,
                 parent: QWidget | None = None, embedded: bool = False):
        super().__init__(parent)
        if embedded:  # shown inside another screen (the office's countersigning), not as a window of its own
            self.setWindowFlags(Qt.WindowType.Widget)
        self.setWindowTitle(title)
        self.setObjectName("pdfPreview")
        self._save = save
        self.saved_text = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading(lambda: title, 2))
        if lead:
            layout.addWidget(TrLabel(lambda: lead, object_name="lead"))
        self.pager = PdfPager(pdf, self, shortcut_context=Qt.ShortcutContext.WidgetWithChildrenShortcut if embedded
                              else Qt.ShortcutContext.WindowShortcut)
        layout.addWidget(self.pager, 1)
        # the pager's parts, as this dialog's (for the screens and tests that look at them)
        self.document, self.view, self.page_label, self.zoom_label = (
            self.pager.document, self.pager.view, self.pager.page_label, self.pager.zoom_label)
        self.previous, self.next = self.pager.previous, self.pager.next
        self.zoom_in, self.zoom_out, self.fit = self.pager.zoom_in, self.pager.zoom_out, self.pager.fit
        self.page_count, self.page, self.go = self.pager.page_count, self.pager.page, self.pager.go
        self.zoom, self.step_zoom, self.fit_width = self.pager.zoom, self.pager.step_zoom, self.pager.fit_width

        self.message = message_line()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = TrButton(N_("&Save to the case"), primary=True)
        self.save_button.setVisible(save is not None)
        self.save_button.clicked.connect(self.save)
        self.close_button = TrButton(N_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.close_button.setVisible(not embedded)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        if not embedded:
            self.resize(980, 860)
            self.view.setFocus()

    # -- keeping it ---------------------------------------------------------------------------
    def save(self) -> None:
        if self._save is None:
            return
        try:
            text = self._save()
        except Exception as exc:  # noqa: BLE001 (the service's plain reason, shown here; details to the log)
            log.warning("The document could not be saved", exc_info=True)
            self.show_message(error_text(exc, N_("The document could not be saved. Please try again.")), error=True)
            return
        self.saved_text = text
        self.show_message(text)
        self.save_button.setEnabled(False)
        self.close_button.setFocus()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        repolish(self.message)
        self.message.show()
