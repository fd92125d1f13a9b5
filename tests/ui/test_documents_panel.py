"""The case's documents: preview inside the app, save a version, a copy, print, and the provider."""

from __future__ import annotations

import io
import subprocess

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pyhanko.pdf_utils.reader import PdfFileReader

from advisor_app.store.provider_profile import load_profile
from advisor_app.services.documents import list_documents, make_document
from advisor_app.ui.screens import documents as documents_screen
from advisor_app.ui.screens import provider_dialog
from advisor_app.ui.screens.documents import DocumentsDialog
from advisor_app.ui.screens.provider_dialog import ProviderDialog
from tests.ui.helpers import focused, journal, key, type_here

CTRL = Qt.KeyboardModifier.ControlModifier


def case_of(window, name: str) -> str:
    return next(c for c in window.case_list.model.cases if name in c.person_name).id


def pages_in(pdf: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def documents_dialog(qtbot, window, name: str, kind: str | None = None) -> DocumentsDialog:
    dialog = DocumentsDialog(window.session, case_of(window, name), kind=kind, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kinds)
    return dialog


def test_preview_by_keyboard_has_the_right_pages_and_saving_stores_a_version(qtbot, unlocked):
    window = unlocked
    dialog = documents_dialog(qtbot, window, "Priya", "support-plan")
    service = window.session.service
    kinds = [dialog.kinds.item(i).data(Qt.ItemDataRole.UserRole + 10) for i in range(dialog.kinds.count())]
    assert kinds[:3] == ["expression-of-interest", "one-page-profile", "support-plan"]
    assert dialog.current_kind() == "support-plan" and dialog.preview_button.isEnabled()
    assert not dialog.save_button.isEnabled()  # nothing to save before a preview

    key(Qt.Key.Key_Return)  # Enter on the list makes the preview
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    assert dialog.page_count() == pages_in(dialog.pdf) and dialog.page_count() >= 2
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count()}"
    assert "nothing is saved yet" in dialog.status.text()
    QTest.keyClick(focused(), Qt.Key.Key_PageDown, CTRL)  # next page
    assert dialog.current_page() == 1 and dialog.page_label.text().startswith("Page 2 of")
    QTest.keyClick(focused(), Qt.Key.Key_Plus, CTRL)
    assert dialog.zoom_label.text().endswith("%") and dialog.current_page() == 1  # the same page, larger
    QTest.keyClick(focused(), Qt.Key.Key_0, CTRL)
    assert dialog.zoom_label.accessibleName() == "Fits the width" and not dialog.fit_button.isEnabled()

    before = journal(service, "document", dialog.case_id)
    QTest.keyClick(focused(), Qt.Key.Key_S, CTRL)  # save to the case
    stored = [r for r in list_documents(service, dialog.case_id) if r.kind == "support-plan"]
    assert [r.version for r in stored] == [1] and stored[0].sha256 == dialog.pdf_record.sha256
    assert len(journal(service, "document", dialog.case_id)) == len(before) + 1
    assert "version 1" in dialog.status.text()
    assert dialog.version_rows()[0].startswith("Version 1 \u00b7 ") and stored[0].sha256[:10] in dialog.version_rows()[0]
    assert not dialog.save_button.isEnabled()  # that version is kept; it never changes
    item = dialog.kinds.currentItem()
    assert "1 version saved" in item.data(Qt.ItemDataRole.UserRole + 3)

    # A saved version opens again from the list, exactly as stored.
    dialog.versions.setFocus()
    dialog.versions.setCurrentRow(0)
    key(Qt.Key.Key_Return)
    assert dialog.pdf == service.store.document(stored[0].sha256).content
    assert "version 1" in dialog.preview_title.text()
    dialog.close()


def test_a_document_not_ready_says_why(qtbot, unlocked):
    window = unlocked
    dialog = documents_dialog(qtbot, window, "Dan", "support-plan")
    assert not dialog.preview_button.isEnabled()
    assert "Write something in the support plan first." in dialog.status.text()
    assert "Write something in the support plan first." in dialog.kinds.currentItem().toolTip()
    dialog.close()


def test_save_a_copy_says_it_is_not_encrypted_then_writes_the_same_bytes(qtbot, unlocked, tmp_path, monkeypatch):
    window = unlocked
    dialog = documents_dialog(qtbot, window, "Priya", "one-page-profile")
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)

    # The question first: it says plainly that the copy is not protected; Esc answers no.
    seen = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text() + " " + box.informativeText())
            box.reject()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    assert dialog.save_copy() is None
    assert "not be protected by your passphrase" in seen[0] and "Anyone who can open the file" in seen[0]

    target = tmp_path / "copy"
    monkeypatch.setattr(documents_screen, "ask_copy_path", lambda parent, suggested: str(target))
    written = dialog.save_copy()
    assert written == target.with_suffix(".pdf") and written.read_bytes() == dialog.pdf
    assert "unencrypted copy" in dialog.status.text()
    assert dialog.suggested_name().endswith("-one-page-profile-preview.pdf")
    dialog.close()


def test_print_is_offered_and_says_so_quietly_when_it_cannot(qtbot, unlocked, monkeypatch):
    window = unlocked
    dialog = documents_dialog(qtbot, window, "Priya", "expression-of-interest")
    assert not dialog.print_button.isEnabled()
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    assert dialog.print_button.isEnabled()
    asked = []
    monkeypatch.setattr(documents_screen, "print_pdf",
                        lambda parent, document, title: asked.append((document.pageCount(), title))
                        or "Printing is not available on this laptop. Save a copy as PDF and print it from there.")
    QTest.keyClick(focused(), Qt.Key.Key_P, CTRL)
    assert asked == [(dialog.page_count(), "Expression of interest")]
    assert "Printing is not available" in dialog.status.text()
    dialog.close()


def test_ctrl_d_opens_the_documents_from_a_case(qtbot, unlocked):
    window = unlocked
    case = next(c for c in window.case_list.model.cases if "Priya" in c.person_name)
    window.open_case(case.id)
    seen = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, DocumentsDialog):
            seen.append(dialog.windowTitle())
            dialog.reject()
        else:
            QTimer.singleShot(20, close_it)

    QTimer.singleShot(20, close_it)
    window.workspace.setFocus()
    QTest.keyClick(window.workspace, Qt.Key.Key_D, CTRL)
    assert seen and "Priya Sharma" in seen[0]


def test_provider_details_saved_by_keyboard_and_used_in_a_new_document(qtbot, unlocked, tmp_path, monkeypatch):
    window = unlocked
    logo = tmp_path / "our-logo.png"
    image = QImage(240, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#1F6E6A"))
    assert image.save(str(logo))
    monkeypatch.setattr(provider_dialog, "ask_logo_path", lambda parent: str(logo))

    dialog = ProviderDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name.control())
    dialog.name.control().selectAll()
    type_here("Dales Community Support")
    key(Qt.Key.Key_Tab)
    dialog.form.binding("address").control().selectAll()
    for i, line in enumerate(("2 Mill Yard", "Skipton", "BD23 1AA")):
        if i:
            key(Qt.Key.Key_Return)  # a new line of the address
        type_here(line)
    email = dialog.form.binding("email").control()
    email.selectAll()
    email.setFocus()
    type_here("not an email")
    dialog.choose_logo.setFocus()
    key(Qt.Key.Key_Space)
    assert "New logo: our-logo.png" in dialog.logo_name.text()
    dialog.save()
    assert dialog.isVisible()  # refused: the message is beside the email
    assert dialog.form.binding("email").error.isVisible()
    email.selectAll()
    email.setFocus()
    type_here("hello@dales.example.org")
    dialog.save()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted

    profile = load_profile()
    assert profile.name == "Dales Community Support" and profile.address_lines() == ["2 Mill Yard", "Skipton",
                                                                                     "BD23 1AA"]
    assert profile.logo == "provider-logo.png" and profile.email == "hello@dales.example.org"
    pdf = make_document(window.session.service, case_of(window, "Priya"), "expression-of-interest")
    assert "Dales Community Support" in text_of(pdf)
    assert "Northern Lights" not in text_of(pdf)
