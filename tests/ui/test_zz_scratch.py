import datetime as dt
from advisor_app.domain.journey import Stage
from advisor_app.services import setup
from tests.ui.helpers import open_stage

def prepare(service, case_id):
    for st in (Stage.COSTING, Stage.AGREEMENT, Stage.SETUP):
        assert service.move_stage(case_id, st).ok
    assert service.save(case_id, 'setup', {"start_on": (dt.date.today()-dt.timedelta(days=200)).isoformat(),
        "tasks": [{"area": "recruitment", "what": "Advertise", "owner": "Jess", "due_on": "2026-04-20"}],
        "recruitment": {"involvement": "on_the_panel", "job_title": "Support worker for Priya"},
        "manager_id": "sam-okafor"}).ok
    r = setup.hand_over(service, case_id)
    assert r.ok, r.errors

def test_shots(qtbot, unlocked, tmp_path):
    window = unlocked
    service = window.session.service
    case = next(c for c in window.case_list.model.cases if "Priya" in c.person_name)
    prepare(service, case.id)
    window.resize(1366, 768)
    page = open_stage(window, "Priya", Stage.SETUP)
    page.show_tab(2); qtbot.wait(50)
    window.grab().save("/tmp/as/shots/setup-2b.png")
    page = open_stage(window, "Priya", Stage.REVIEWS)
    window.grab().save("/tmp/as/shots/reviews-list.png")
    page.new_review()
    ed = page.editor
    st = ed.statement
    lines = ["date,support,unit,amount,staff,note"]
    d = st.view.statement.period_from
    for w in range(st.view.statement.weeks):
        day = d + dt.timedelta(days=7*w)
        lines.append(f"{day.isoformat()},1,hours,14,Sam Lee,")
        lines.append(f"{day.isoformat()},2,hours,6,Ali,")
    p = tmp_path / "rota.csv"; p.write_text("\n".join(lines))
    print(st.import_file(p))
    for i in range(7):
        ed.tabs.setCurrentIndex(i); qtbot.wait(50)
        window.grab().save(f"/tmp/as/shots/review-{i}.png")
    window.case_list  # noqa
    window.show_case_list() if hasattr(window, "show_case_list") else None
