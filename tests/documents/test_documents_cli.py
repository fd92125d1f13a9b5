"""``advisor-app documents``: headless, one PDF per kind, each also saved into the store."""

from __future__ import annotations

import io

import pytest

from advisor_app.cli import documents as documents_cli
from advisor_app.services import AdvisorService
from advisor_app.services import documents as docs
from tests.documents import case_data
from tests.documents.case_data import MADE_ON
from tests.documents.conftest import PASS, info


@pytest.fixture
def store(tmp_path):
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name="Jess Moreno")
    case_id = case_data.fill(service)
    reference = service.load_case(case_id).header.reference
    service.lock()
    return tmp_path / "store", case_id, reference


# The kinds Priya's test case has what it needs for (it has no risk assessment, for one). The job
# description and the person specification are drawn from her support plan, so they are ready too.
READY = ("expression-of-interest", "one-page-profile", "support-plan", "job-description", "person-specification")


def run(store_dir, case, out, kind=None, passphrase=PASS):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = documents_cli.run(store_dir, passphrase, case, out, kind, made_on=MADE_ON, stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def stored(store_dir, case_id):
    service = AdvisorService.unlock(store_dir, PASS)
    try:
        return [(r.kind, r.version) for r in docs.list_documents(service, case_id)]
    finally:
        service.lock()


def test_every_document_is_written_and_saved(store, tmp_path) -> None:
    store_dir, case_id, reference = store
    code, out, err = run(store_dir, reference, tmp_path / "out")
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{reference}-{kind}-v1.pdf" for kind in READY)
    assert out.count("Wrote ") == len(READY)
    assert info((tmp_path / "out" / f"{reference}-support-plan-v1.pdf").read_bytes())["Title"] == "Priya’s support plan"
    assert stored(store_dir, case_id) == [(kind, 1) for kind in READY]


def test_running_again_makes_no_new_versions_and_the_case_id_works_too(store, tmp_path) -> None:
    store_dir, case_id, reference = store
    assert run(store_dir, reference, tmp_path / "out")[0] == 0
    code, _, err = run(store_dir, case_id, tmp_path / "again")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == sorted(
        f"{reference}-{kind}-v1.pdf" for kind in READY)
    assert len(stored(store_dir, case_id)) == len(READY)


def test_one_kind_only(store, tmp_path) -> None:
    store_dir, case_id, reference = store
    code, out, _ = run(store_dir, reference, tmp_path / "out", kind="one-page-profile")
    assert code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{reference}-one-page-profile-v1.pdf"]
    assert stored(store_dir, case_id) == [("one-page-profile", 1)]


def test_problems_are_one_line_and_exit_1(store, tmp_path) -> None:
    store_dir, _, reference = store
    code, _, err = run(store_dir, reference, tmp_path / "out", kind="brochure")
    assert code == 1 and "no document called “brochure”" in err and err.count("\n") == 1
    code, _, err = run(store_dir, "C-1999-0001", tmp_path / "out")
    assert code == 1 and "no case with id or reference C-1999-0001" in err
    code, _, err = run(store_dir, reference, tmp_path / "out", passphrase="not the passphrase")
    assert code == 1 and err.startswith("advisor-app: ")
    assert not (tmp_path / "out").exists()


def test_kinds_a_case_is_not_ready_for_are_skipped_or_refused(tmp_path) -> None:
    service = AdvisorService.create(tmp_path / "store", PASS)
    case_id = service.create_case(first_name="Callum", last_name="Reid")
    service.save(case_id, "enquiry", case_data.ENQUIRY)
    reference = service.load_case(case_id).header.reference
    service.lock()
    code, out, err = run(tmp_path / "store", reference, tmp_path / "out")
    assert code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{reference}-expression-of-interest-v1.pdf"]
    assert "Skipped one-page-profile:" in err and "Skipped support-plan:" in err
    code, _, err = run(tmp_path / "store", reference, tmp_path / "out", kind="support-plan")
    assert code == 1 and "support-plan: Write something in the support plan first." in err
