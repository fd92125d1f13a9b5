"""The demo store as an advisor sees it: cases at different points of the journey, and Priya's and
Tom's pictures, service designs and support plans finished, with no clashes and no loose ends."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from advisor_app.demo import case_named, create_demo_store
from advisor_app.domain import journey
from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.service_design import ServiceDesign
from advisor_app.domain.support_plan import SupportPlan, outcome_warnings, timetable_warnings, weekly_timetable
from advisor_app.services import AdvisorService
from advisor_app.services.documents import component_menu, make_document

PASS = "a passphrase"
FINISHED = (Stage.PICTURE, Stage.SERVICE_DESIGN, Stage.SUPPORT_PLAN)
PEOPLE = ("Priya Sharma", "Tom Brennan")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates that are about what has happened, and about what is planned.
PAST_KEYS = {"received_on", "date_of_birth", "opened_on", "closed_on", "created_on", "offered_on", "accepted_on",
             "declined_on", "replaced_on", "superseded_on"}
FUTURE_KEYS = {"by_when", "date"}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo") / "demo"
    create_demo_store(directory, PASS)
    service = AdvisorService.unlock(directory, PASS)
    yield service
    service.lock()


@pytest.fixture(scope="module")
def cases(service):
    return {case.person_name: case for case in service.list_cases()}


def sections(service, name: str) -> dict[str, Any]:
    return service.load_case(case_named(service, name)).data()


def test_at_least_five_cases_at_different_points_of_the_journey(cases):
    assert len(cases) >= 5
    stages = Counter(case.stage for case in cases.values())
    assert len(stages) >= 3, stages
    assert cases["Dan Whitlock"].stage == Stage.FIRST_MEETINGS
    assert cases["Priya Sharma"].stage in (Stage.SUPPORT_PLAN, Stage.RISK)
    assert cases["Tom Brennan"].stage == Stage.SUPPORT_PLAN


def test_cases_sit_at_four_different_stages(cases):
    assert len({case.stage for case in cases.values()}) >= 4


@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("stage", FINISHED)
def test_the_picture_design_and_plan_are_finished(service, name, stage):
    done = service.load_case(case_named(service, name)).completeness(stage)
    assert done is not None and done.complete, f"{name}, {stage}: still missing {done and done.missing}"


@pytest.mark.parametrize("name", PEOPLE)
def test_no_timetable_or_outcome_warnings(service, name):
    data = sections(service, name)
    menu = component_menu()
    design = ServiceDesign.model_validate(data["service_design"])
    plan = SupportPlan.model_validate(data["support_plan"])
    assert timetable_warnings(weekly_timetable(design, menu)) == []
    assert outcome_warnings(plan, design, menu) == []


@pytest.mark.parametrize("name", PEOPLE)
def test_words_are_recorded_as_someone_s_and_circle_members_are_real(service, name):
    data = sections(service, name)
    members = {m["id"] for m in data["circle"]["members"]}
    known = members | {"person", "family", "staff", "other"}
    said: list[str | None] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if key in ("whose_words", "final_say"):
                    said.append(child)
                elif key == "involved":
                    said.extend(child)
                else:
                    walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for section in (*journey.info(Stage.PICTURE).sections, "support_plan"):
        walk(data[section])
    assert said and None not in said  # whose words is recorded everywhere
    assert set(said) <= known
    assert set(said) & members  # the family speaks in its own name, not only as "family"
    assert "person" in said


def test_priya_design_has_the_agreed_shape(service):
    design = ServiceDesign.model_validate(sections(service, "Priya Sharma")["service_design"])
    by_menu = Counter(c.component_id for c in design.components)
    assert by_menu["personal-care-and-support"] == 2
    shared = [c for c in design.components if c.shared_by == 3]
    assert shared and all(c.on_going and c.on_going.hours_per_week().evening for c in shared)
    assert any(c.on_going and c.on_going.week.friday.night == "sleep-in" for c in design.components)
    bus = next(c for c in design.components if c.component_id == "life-skills-training")
    assert bus.fixed_term.weeks == 12
    assert {"accessible-communication", "benefit-review"} <= set(by_menu)
    assert [s.kind for s in design.specialists] == ["transitions"]
    assert design.cannot_offer and all(g.pointed_to for g in design.cannot_offer)


def test_tom_design_has_a_fixed_price_outcome_with_a_rule_for_taking_longer(service):
    design = ServiceDesign.model_validate(sections(service, "Tom Brennan")["service_design"])
    kinds = {c.component_id: c for c in design.components}
    assert {"personal-care-and-support", "managing-personal-finances", "home-health-and-safety-assessment",
            "life-skills-training"} <= set(kinds)
    bus = kinds["life-skills-training"].fixed_term
    assert bus.fixed_price_for_outcome is not None and bus.if_longer is not None
    assert design.cannot_offer and all(g.pointed_to for g in design.cannot_offer)


def test_the_journal_chain_is_intact(service):
    assert service.check() == []


def test_grace_is_closed_with_where_she_was_pointed(service):
    grace = next(c for c in service.list_cases() if c.person_name == "Grace Adeyemi")
    view = service.load_case(grace.id)
    assert view.header.status == Status.CLOSED and view.header.closed_on is not None
    enquiry = view.data()["enquiry"]
    assert enquiry["decision"] == "not_pursue"
    assert enquiry["pointed_to"] == "Airedale Community Nursing Partnership"
    assert "Grace" in enquiry["looking_for"]


def test_every_demo_date_is_a_real_date_on_the_right_side_of_today(service):
    today = dt.date.today()
    found: list[tuple[str, str]] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, child in value.items():
                walk(child, k)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif isinstance(value, str) and ISO_DATE.match(value):
            found.append((key, value))

    for case in service.list_cases():
        view = service.load_case(case.id)
        walk(view.header.model_dump(mode="json"))
        walk(view.data())
    assert len(found) > 30
    for key, text in found:
        day = dt.date.fromisoformat(text)  # raises on 2026-02-30
        if key in PAST_KEYS:
            assert day <= today, (key, text)
        if key in FUTURE_KEYS:
            assert day > today, (key, text)
    born = [dt.date.fromisoformat(text) for key, text in found if key == "date_of_birth"]
    assert born and all(18 <= (today - day).days // 365 <= 100 for day in born)


# ---- the documents -----------------------------------------------------------------------------


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed: apt-get install -y poppler-utils")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.replace("\u2019", "'").split())


@pytest.mark.parametrize("kind, words", [
    ("expression-of-interest", ["Priya leaves college in July", "Anita Sharma"]),
    ("one-page-profile", ["Baking cakes and biscuits, and people eating them.",
                          "Talk to me, not to Mum. Ask me first.", "Anita Sharma", "Jo Marsh"]),
    ("support-plan", ["I want to work in a café.", "Get the bus to the café by myself.",
                      "Knows Makaton, or learns it in the first month.", "Sleep-in", "Life skills training"]),
])
def test_priya_documents_build_with_her_words(service, tmp_path, kind, words):
    pdf = make_document(service, case_named(service, "Priya Sharma"), kind)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    for phrase in words:
        assert phrase in text, f"{kind}: {phrase!r} not in {text[:2000]!r}"
