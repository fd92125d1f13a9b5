"""Storing documents: encrypted, versioned by SHA-256, never duplicated, old versions kept;
the registry that later documents join; the preview in QtPdf."""

from __future__ import annotations

import hashlib
import sys
import types

import pytest

from advisor_app.documents.easyread import DocumentSpec, Section, Text, build_pdf
from advisor_app.domain.journey import Stage
from advisor_app.services import documents as docs
from advisor_app.store.errors import StoreError
from tests.documents import case_data
from tests.documents.case_data import MADE_ON


def test_saving_stores_the_bytes_under_their_sha256_as_version_1(fresh) -> None:
    service, case_id = fresh
    pdf = docs.make_document(service, case_id, "support-plan", made_on=MADE_ON)
    record = docs.save_document(service, case_id, "support-plan", pdf)
    assert record.sha256 == hashlib.sha256(pdf).hexdigest()
    assert (record.kind, record.version, record.size) == ("support-plan", 1, len(pdf))
    assert record.title == "Support plan: Priya Sharma"
    assert record.meta["reference"] == service.load_case(case_id).header.reference
    assert docs.document_bytes(service, record.sha256) == pdf


def test_saving_the_same_document_twice_keeps_one_record(fresh) -> None:
    service, case_id = fresh
    first = docs.save_document(service, case_id, "one-page-profile",
                               docs.make_document(service, case_id, "one-page-profile", made_on=MADE_ON))
    again = docs.save_document(service, case_id, "one-page-profile",
                               docs.make_document(service, case_id, "one-page-profile", made_on=MADE_ON))
    assert again.sha256 == first.sha256 and again.version == 1
    assert [r.sha256 for r in docs.list_documents(service, case_id)] == [first.sha256]
    journal = list(service.store.db.query("select entity, entity_id from journal where entity = 'document'"))
    assert [row["entity_id"] for row in journal] == [first.sha256]  # and one change record for the office


def test_a_changed_case_makes_version_2_and_keeps_version_1(fresh) -> None:
    service, case_id = fresh
    v1 = docs.save_document(service, case_id, "support-plan",
                            docs.make_document(service, case_id, "support-plan", made_on=MADE_ON))
    plan = {**case_data.SUPPORT_PLAN, "what_matters_day_to_day": [
        *case_data.SUPPORT_PLAN["what_matters_day_to_day"], {"text": "Biscuit fed before I go out"}]}
    assert service.save(case_id, "support_plan", plan).ok
    pdf2 = docs.make_document(service, case_id, "support-plan", made_on=MADE_ON)
    v2 = docs.save_document(service, case_id, "support-plan", pdf2)
    assert (v1.version, v2.version) == (1, 2) and v1.sha256 != v2.sha256
    assert [(r.kind, r.version) for r in docs.list_documents(service, case_id)] == [
        ("support-plan", 1), ("support-plan", 2)]
    old = docs.document_bytes(service, v1.sha256)
    assert hashlib.sha256(old).hexdigest() == v1.sha256
    assert b"Biscuit fed" not in old


def test_documents_are_listed_in_journey_order(fresh) -> None:
    service, case_id = fresh
    for kind in ("support-plan", "expression-of-interest", "one-page-profile"):
        docs.save_document(service, case_id, kind, docs.make_document(service, case_id, kind, made_on=MADE_ON))
    assert [r.kind for r in docs.list_documents(service, case_id)] == [
        "expression-of-interest", "one-page-profile", "support-plan"]
    assert all(r.content is None for r in docs.list_documents(service, case_id))  # bytes only on request


def test_stored_documents_are_encrypted_on_disk(fresh) -> None:
    service, case_id = fresh
    pdf = docs.make_document(service, case_id, "support-plan", made_on=MADE_ON)
    docs.save_document(service, case_id, "support-plan", pdf)
    service.store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    on_disk = b"".join(path.read_bytes() for path in service.store.directory.rglob("*") if path.is_file())
    assert b"ReportLab Generated PDF" not in on_disk and b"%PDF-1.4" not in on_disk
    assert pdf[-2000:] not in on_disk


def test_what_cannot_be_saved_or_found_is_refused_plainly(fresh) -> None:
    service, case_id = fresh
    with pytest.raises(docs.DocumentError, match="not a PDF"):
        docs.save_document(service, case_id, "support-plan", b"hello")
    with pytest.raises(docs.DocumentError, match="no document called"):
        docs.make_document(service, case_id, "brochure")
    with pytest.raises(StoreError):
        docs.document_bytes(service, "0" * 64)


def test_file_names_carry_the_reference_kind_and_version() -> None:
    assert docs.file_name("C-2026-0003", "support-plan", 1) == "C-2026-0003-support-plan-v1.pdf"


def test_the_registry_names_a_stage_and_a_title_for_each_kind() -> None:
    assert {k: (v.stage, v.title) for k, v in docs.KINDS.items()}.items() >= {
        "expression-of-interest": (Stage.FIRST_MEETINGS, "Expression of interest"),
        "one-page-profile": (Stage.PICTURE, "One-page profile"),
        "support-plan": (Stage.SUPPORT_PLAN, "Support plan"),
    }.items()


def test_a_later_document_joins_through_the_registry(fresh, monkeypatch) -> None:
    """How the quote, the risk form and the agreement pack will arrive."""
    module = types.ModuleType("tests_documents_fake_quote")

    def build(data):
        return build_pdf(DocumentSpec(title="Quote", provider=data.provider, made_on=data.made_on,
                                      sections=[Section("What it costs", [Text("£100.00 a week")])]))

    module.build = build
    module.why_not_ready = lambda sections: None if sections.get("funding") else "No funding yet."
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(docs.KINDS, "quote", docs.DocumentKind("quote", "Quote", Stage.COSTING, module.__name__))
    service, case_id = fresh
    view = service.load_case(case_id)
    assert dict((k.id, reason) for k, reason in docs.readiness(view))["quote"] is None
    record = docs.save_document(service, case_id, "quote",
                                docs.make_document(service, case_id, "quote", made_on=MADE_ON))
    assert (record.kind, record.version) == ("quote", 1)
    assert docs.list_documents(service, case_id)[-1].kind == "quote"


def test_readiness_says_which_documents_a_case_can_have(tmp_path) -> None:
    from advisor_app.services import AdvisorService

    service = AdvisorService.create(tmp_path / "store", "a long enough passphrase")
    try:
        case_id = service.create_case(first_name="Callum", last_name="Reid")
        service.save(case_id, "enquiry", case_data.ENQUIRY)
        ready = {k.id: reason for k, reason in docs.readiness(service.load_case(case_id))}
        assert ready["expression-of-interest"] is None
        assert ready["one-page-profile"] and ready["support-plan"]
    finally:
        service.lock()


def test_the_preview_opens_in_qtpdf(priya, qapp) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    service, case_id = priya
    pdf = docs.make_document(service, case_id, "support-plan", made_on=MADE_ON)
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    assert document.pageCount() >= 3
    assert document.metaData(QPdfDocument.MetaDataField.Title) == "Priya’s support plan"
    assert document.metaData(QPdfDocument.MetaDataField.Author) == "Northern Lights Support"
    assert "Count to ten in your head" in " ".join(document.getAllText(p).text() for p in range(document.pageCount()))
    image = document.render(0, document.pagePointSize(0).toSize())
    assert not image.isNull()
    document.close()
