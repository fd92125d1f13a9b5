"""One path for every write: an operation reports what it changed, the screens refresh only that,
and a screen never reloads what it is showing itself; background operations report progress,
stop when asked, and are stopped by locking."""

from __future__ import annotations

import threading

from advisor_app.domain.journey import Stage
from advisor_app.services.changes import Changes
from advisor_app.services.progress import Cancelled
from advisor_app.ui.operations import BackgroundOp, Op
from tests.ui.helpers import finish, open_stage, saved, type_here


def counting(monkeypatch, obj, name: str) -> list:
    """Count calls to ``obj.name`` while still calling it (the real one runs)."""
    calls: list = []
    real = getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, counted)
    return calls


def test_an_autosave_reads_back_and_refreshes_only_what_it_changed(qtbot, unlocked, monkeypatch):
    window = unlocked
    ws = window.workspace
    design = open_stage(window, "Priya", Stage.SERVICE_DESIGN)
    ws.show_stage(Stage.FIRST_MEETINGS)  # the same case: both pages are built
    page = ws.pages[Stage.FIRST_MEETINGS]
    announced: list[Changes] = []
    window.session.operationDone.connect(lambda changes, _initiator: announced.append(changes))
    whole_case = counting(monkeypatch, window.session.service, "load_case")
    design_refreshed = counting(monkeypatch, design, "refresh")
    page_refreshed = counting(monkeypatch, page, "refresh")

    page.show_tab(2)  # the funding: its total is derived on the page
    page.sources.cards[0].form.binding("amount").control().setFocus()
    type_here("5")
    saved(qtbot, ws)

    assert [c.entities(ws.case_id) for c in announced] == [frozenset({"funding"})]
    assert whole_case == []  # the save and the refresh read only the funding section
    assert page_refreshed and not design_refreshed  # the design page does not show the funding
    assert ws.view.sections["funding"].data == window.session.service.load_case(ws.case_id).sections["funding"].data


def test_a_change_made_elsewhere_reloads_the_form_but_never_the_one_being_typed_in(qtbot, unlocked):
    window = unlocked
    ws = window.workspace
    page = open_stage(window, "Priya", Stage.FIRST_MEETINGS)
    case_id = ws.case_id
    person = dict(ws.view.sections["person"].data)

    # Another screen (or a sync) writes the person: the form on screen shows it at once.
    Op(window.session, lambda service: service.save(case_id, "person", {**person, "preferred_name": "Pree"})).run()
    assert page.person_form.data()["preferred_name"] == "Pree"

    # While an edit waits to be saved, a write elsewhere does not take the typing away.
    page.first_name.control().setFocus()
    page.first_name.control().selectAll()
    type_here("Priyanka")
    assert ws.autosaver.is_pending(page.person_form)
    Op(window.session, lambda service: service.save(case_id, "person", {**person, "preferred_name": "P"})).run()
    assert page.first_name.value() == "Priyanka"
    saved(qtbot, ws)
    assert window.session.service.load_case(case_id).sections["person"].data["first_name"] == "Priyanka"


def test_the_offices_record_arriving_shows_in_the_open_case(qtbot, unlocked):
    window = unlocked
    ws = window.workspace
    page = open_stage(window, "Priya", Stage.ENQUIRY)
    case_id = ws.case_id
    state = ws.view.sections["enquiry"]
    from_office = {**state.data, "looking_for": "Help with shopping, agreed at the office"}
    Op(window.session, lambda service: service.store.apply_office_record(
        "enquiry", state.entity_id, case_id=case_id, version=state.version + 5, data=from_office)).run()
    assert page.form.data()["looking_for"] == "Help with shopping, agreed at the office"
    assert ws.view.sections["enquiry"].version == state.version + 5


def test_a_background_operation_reports_progress_and_stops_between_steps(qtbot, unlocked):
    window = unlocked
    case_id = window.case_list.model.cases[0].id
    gate = threading.Event()
    seen: list[tuple[int, int, str]] = []
    failures: list[BaseException] = []

    def work(service, progress):
        for step in range(100):
            progress.step(step, 100, "Working")
            service.save(case_id, "enquiry", {**service.load_case(case_id).sections["enquiry"].data,
                                              "looking_for": f"step {step}"})
            gate.wait(5)
        return "never"

    operation = BackgroundOp(window.session, work, owner=window).progress(
        lambda done, total, words: seen.append((done, total, words))).failure(failures.append)
    changes: list[Changes] = []
    window.session.operationDone.connect(lambda c, _i: changes.append(c))
    operation.start()
    qtbot.waitUntil(lambda: len(seen) >= 1)
    operation.cancel()
    gate.set()
    finish(qtbot, operation)
    assert seen[0] == (0, 100, "Working")
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    saved_step = window.session.service.load_case(case_id).sections["enquiry"].data["looking_for"]
    assert saved_step.startswith("step ")  # what finished before the stop is kept
    assert any(case_id in c.cases() for c in changes), "what it wrote is announced"
    assert window.session.background() == []


def test_locking_stops_a_background_operation_and_drops_its_result(qtbot, unlocked):
    window = unlocked
    started, release = threading.Event(), threading.Event()
    called: list[str] = []

    def work(service, progress):
        started.set()
        release.wait(5)
        progress.step(1)  # stopped here: the store is locked meanwhile
        service.create_case(first_name="Not", last_name="Written")
        return "written"

    operation = BackgroundOp(window.session, work, owner=window).success(called.append).failure(
        lambda exc: called.append("failed"))
    operation.start()
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    window.lock()  # waits for the worker's step, then closes the store
    assert window.current_screen() is window.unlock_screen
    qtbot.waitUntil(lambda: window.session.background() == [])
    assert called == []
