"""The office's screens, over a real office store and real laptop stores sending real bundles:
signing in (and a wrong passphrase), set up (and the recovery key), the inbox, every case, the
conflicts queue side by side, risk approvals, laptops and publishing, users and the audit log;
and a PNG of each tab in out/screenshots/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QTableWidget, QTextEdit

from advisor_app.domain.journey import Stage
from advisor_app.domain.office_users import Role
from advisor_app.domain.risk.decision import DecisionKind
from advisor_app.office.service import OfficeService
from tests.ui.helpers import FAST_KDF, finish
from tests.ui.office_fixtures import OFFICE_PASSPHRASE, SCREENSHOTS, person_record, unlock, unlocked_window


# -- unlock and set up ---------------------------------------------------------------------------
def test_a_wrong_passphrase_shows_the_plain_message_and_changes_nothing(qtbot, open_window, office):
    window = open_window(str(Path(office.store.engine.url.database).parent))
    unlock(qtbot, window, "not the passphrase")
    assert window.current_screen() is window.unlock_screen
    assert window.unlock_screen.error_message() == "That is not Morgan Hale's passphrase, so nothing was opened."
    unlock(qtbot, window, OFFICE_PASSPHRASE, "Nobody Here")
    assert window.unlock_screen.error_message() == "There is no office user called “Nobody Here”, so nothing was opened."
    assert window.service is None
    assert window.service is None and not window.lock_action.isEnabled()
    window.unlock_screen.passphrase.clear()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.tabs)
    assert window.windowTitle() == "Bluebell Support: office (Morgan Hale)" and window.person_name == "Morgan Hale"
    # Each tab is one Alt+letter away; F5 reads everything again.
    for letter, tab in ((Qt.Key.Key_N, window.conflicts), (Qt.Key.Key_L, window.laptops),
                        (Qt.Key.Key_I, window.inbox)):
        QTest.keyClick(window, letter, Qt.KeyboardModifier.AltModifier)
        assert window.tabs.currentWidget() is tab
    assert window.refresh_action.shortcut() == QKeySequence("F5") and window.refresh_action.isEnabled()
    window.lock()
    assert window.current_screen() is window.unlock_screen and window.service is None


def test_setting_up_a_new_office(qtbot, open_window, tmp_path):
    location = str(tmp_path / "new-office")
    window = open_window(location)
    screen = window.setup_screen
    assert window.current_screen() is screen
    screen.name.setText("Oak Tree Support")
    screen.passphrase.line.setText("a long office passphrase")
    screen.again.line.setText("a long office passphrase")
    screen.create_button.click()
    assert screen.error_message() == "Write your own name: you are the office's first administrator."
    screen.person.setText("Rosa Diaz")
    screen.again.line.setText("a different one")
    screen.create_button.click()
    assert "not the same" in screen.error_message() and window.current_screen() is screen
    screen.again.line.setText("a long office passphrase")
    screen.also[Role.MANAGER].setChecked(True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    assert window.grab().save(str(SCREENSHOTS / "office-setup.png"))
    screen.create_button.click()
    # The recovery key, once: the tabs only after saying it is kept safe.
    recovery = window.recovery_screen
    qtbot.waitUntil(lambda: window.current_screen() is recovery)
    key = recovery.key.text()
    assert len(key) == 64 and key.count("-") == 12 and not recovery.continue_button.isEnabled()
    assert window.grab().save(str(SCREENSHOTS / "office-recovery-key.png"))
    recovery.kept.setChecked(True)
    qtbot.mouseClick(recovery.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_screen() is window.tabs)
    assert recovery.key.text() == "" and window.service.recovery_key is None
    assert window.windowTitle() == "Oak Tree Support: office (Rosa Diaz)"
    assert [u.roles for u in window.service.users()] == [frozenset({Role.ADMINISTRATOR, Role.MANAGER})]
    window.lock()
    again = OfficeService.unlock(location, "a long office passphrase", user="rosa diaz")  # really set up, on disk
    assert again.public.name == "Oak Tree Support" and again.user.name == "Rosa Diaz"
    again.lock()
    # The recovery key opens the office for a new administrator.
    recovered = OfficeService.recover(location, key.lower().replace("-", " "), user="Sam Ode",
                                      new_passphrase="a brand new passphrase", kdf=FAST_KDF)
    assert recovered.user.roles == frozenset({Role.ADMINISTRATOR})
    recovered.lock()


# -- the tabs ------------------------------------------------------------------------------------
def test_inbox_cases_and_a_conflict_resolved_side_by_side(qtbot, open_window, office, laptops, tmp_path):
    jess = laptops("Jess laptop")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    reference = jess.service.load_case(case_id).header.reference
    assert jess.send(office).result.state == "imported"

    window = unlocked_window(qtbot, open_window, office)
    inbox = window.inbox.table
    assert inbox.rowCount() == 1
    assert [inbox.item(0, c).text() for c in (1, 2)] == ["Jess laptop", "Imported"]

    cases = window.cases
    window.tabs.setCurrentWidget(cases)
    assert cases.table.rowCount() == 1
    assert [cases.table.item(0, c).text() for c in range(5)] == [reference, "Ann Lee", "Enquiry", "Jess", "Jess laptop"]
    # The case on the advisor's own pages, read-only: the person's name in its field, which takes no edit.
    assert cases.detail.title.text() == f"{reference}: Ann Lee" and cases.detail.current_stage == Stage.ENQUIRY
    cases.detail.show_stage(Stage.FIRST_MEETINGS)
    first_name = next(line for line in cases.detail.page().findChildren(QLineEdit) if line.text() == "Ann")
    assert first_name.isReadOnly()
    QTest.keyClicks(first_name, "x")
    assert first_name.text() == "Ann" and "Route: " not in cases.detail.lead.text()

    # The office changes the person's record; the laptop, not yet told, changes it too.
    current = person_record(office, case_id)
    office.store.put_record("person", {**current["data"], "first_name": "Annie"}, case_id=case_id, by="office",
                            entity_id=current["entity_id"], base_version=current["version"])
    assert jess.service.save(case_id, "person", {"first_name": "Anna", "last_name": "Lee"}).ok
    assert jess.send(office, take_reply=False).result.conflicts == 1

    window.refresh_action.trigger()
    conflicts = window.conflicts
    assert window.tabs.tabText(window.tabs.indexOf(conflicts)) == "Co&nflicts (1)"
    window.tabs.setCurrentWidget(conflicts)
    assert conflicts.table.rowCount() == 1
    # (the laptop's edit renamed the case too: that change applied without a conflict)
    assert [conflicts.table.item(0, c).text() for c in range(4)] == [reference, "Anna Lee", "The person", "Jess laptop"]
    office_side, laptop_side = conflicts.office_box.toPlainText(), conflicts.laptop_box.toPlainText()
    assert "» First name: Annie" in office_side and "» First name: Anna" in laptop_side
    assert "  Last name: Lee" in office_side and "  Last name: Lee" in laptop_side
    assert conflicts.office_label.text().startswith("The office's version (version ")
    assert conflicts.laptop_label.text().startswith("The laptop's version (Jess laptop, Today at ")

    qtbot.mouseClick(conflicts.keep_laptop, Qt.MouseButton.LeftButton)
    assert conflicts.table.rowCount() == 0 and office.store.conflicts() == []
    assert "the laptop's version is kept" in conflicts.message_text()
    assert window.tabs.tabText(window.tabs.indexOf(conflicts)) == "Co&nflicts"
    assert person_record(office, case_id)["data"]["first_name"] == "Anna"
    resolution = office.store.office_changes(entity_id=current["entity_id"])[-1]
    assert resolution["reason"] == "resolution" and resolution["made_by"] == "Morgan Hale"
    assert not conflicts.keep_laptop.isEnabled() and "no conflicts" in conflicts.office_box.toPlainText()

    window.lock()  # nothing of the cases stays on screen
    assert window.current_screen() is window.unlock_screen
    assert cases.table.rowCount() == 0 and cases.detail.title.text() == "" and cases.detail.opened is None
    assert inbox.rowCount() == 0
    assert not window.refresh_action.isEnabled()


def test_import_from_a_folder_and_laptops_enroll_and_revoke(qtbot, open_window, office, laptops, tmp_path):
    from advisor_app.services import sync

    jess = laptops("Jess laptop")
    jess.service.create_case(first_name="Ann", last_name="Lee")
    stick = tmp_path / "stick"
    stick.mkdir()
    sync.sync_folder(jess.service, stick)

    window = unlocked_window(qtbot, open_window, office)
    assert window.inbox.table.rowCount() == 0
    assert not window.inbox.relay_button.isEnabled() and window.inbox.relay_hint.isVisibleTo(window.inbox)
    finish(qtbot, window.inbox.import_folder(stick))
    assert window.inbox.message_text() == "Imported 1 bundle."
    assert window.inbox.table.rowCount() == 1 and window.cases.table.rowCount() == 1
    assert window.inbox.table.item(0, 2).text() == "Imported"
    finish(qtbot, window.inbox.import_folder(stick))
    assert window.inbox.message_text() == "There was nothing new to import."

    tab = window.laptops
    window.tabs.setCurrentWidget(tab)
    assert [tab.table.item(0, c).text() for c in (0, 1, 4)] == ["Jess laptop", "Jess", "Enrolled"]
    target = tmp_path / "sam-enrollment.json"
    assert tab.enroll_laptop("Sam laptop", target)
    assert b"advisor-app-enrollment" in target.read_bytes()
    assert tab.table.rowCount() == 2 and tab.table.item(1, 4).text() == "Waiting for its first sync"
    assert not tab.enroll_laptop("  ", tmp_path / "nameless.json")
    assert tab.message_text() == "Give the laptop a name, for example the advisor's name."

    tab.table.selectRow(0)
    assert tab.revoke_button.isEnabled()
    enrollment_id = tab.table.current_key()
    assert tab.revoke(enrollment_id)
    assert tab.table.item(0, 4).text().startswith("Revoked") and not tab.revoke_button.isEnabled()
    # The revoked laptop's next bundle is refused, and the inbox says why.
    jess.service.create_case(first_name="Bo", last_name="Ng")
    assert jess.send(office, take_reply=False).result.state == "refused"
    window.refresh_all()
    assert window.inbox.table.item(0, 2).text() == "Refused"
    assert "revoked" in window.inbox.table.item(0, 7).text()


def test_risk_approvals_and_publishing(qtbot, open_window, office, laptops, tmp_path):
    jess = laptops("Jess laptop", demo=True)
    assert jess.send(office).result.state == "imported"
    window = unlocked_window(qtbot, open_window, office)
    tab = window.approvals
    window.tabs.setCurrentWidget(tab)
    waiting = tab.table.rowCount()
    assert waiting >= 1, "the demo has an assessment sent for the manager's decision"
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == f"Risk &approvals ({waiting})"
    assert tab.manager.text() == "You decide as Morgan Hale: the decision is recorded under your name."
    # The form as the advisor filled it in, read-only, with how serious it is at the top; no decision chosen.
    assert tab.editor is not None and tab.editor.form.binding("title").control().isReadOnly()
    assert tab.editor.form.binding("title").control().text() and tab.severity_panel.isVisibleTo(tab)
    assert tab.decision() is None and not tab.decide()
    assert tab.message_text() == "Choose a decision first: approved, approved with conditions, or not approved."

    # With conditions but none written: the plain refusal, nothing recorded.
    tab.choose(DecisionKind.APPROVED_WITH_CONDITIONS)
    assert not tab.decide()
    assert tab.message_text() and tab.table.rowCount() == waiting
    tab.conditions.setPlainText("Staff travel with him for the first two weeks.")
    assessment_id = tab.table.current_key()
    assert tab.decide()
    assert "is recorded" in tab.message_text()
    assert assessment_id not in tab.table.keys() and tab.table.rowCount() == waiting - 1
    decision = next(r for r in office.store.records(entity="risk_decision")
                    if r["data"]["assessment_id"] == assessment_id and r["device_id"] == "office")
    assert decision["data"]["decision"] == "approved_with_conditions"
    assert decision["data"]["manager_name"] == "Morgan Hale"

    publish = window.publish
    from advisor_app.paths import resource

    costing = tmp_path / "costing.json"
    costing.write_text(resource("provider", "costing.json").read_text(encoding="utf-8"), encoding="utf-8")
    finish(qtbot, publish.publish_files([costing]))
    assert publish.message_text() == "Sent costing.json to 1 laptop. It takes it at its next sync."
    wrong = tmp_path / "surprise.json"
    wrong.write_text("{}")
    finish(qtbot, publish.publish_files([wrong]))
    assert "is not a provider file the app uses" in publish.message_text()


def draw(pad) -> None:
    """A made-up signature, drawn with the mouse as a person would: two lines."""
    y = pad.height() // 2
    for stroke in range(2):
        start = QPoint(30 + stroke * 40, y + stroke * 30)
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, 12):
            QTest.mouseMove(pad, QPoint(start.x() + i * 25, start.y() + (i % 3 - 1) * 18))
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(start.x() + 300, start.y()))


def test_countersigning_a_signed_agreement(qtbot, open_window, office, laptops):
    jess = laptops("Jess laptop", demo=True)
    jess.send(office)
    window = unlocked_window(qtbot, open_window, office)
    tab = window.agreements
    window.tabs.setCurrentWidget(tab)
    states = [tab.table.item(row, 6).text() for row in range(tab.table.rowCount())]
    assert "Not yet" in states, states
    row = len(states) - 1 - states[::-1].index("Not yet")
    tab.table.selectRow(row)
    sha256 = tab.table.current_key()
    assert tab.sign_button.isEnabled()
    assert not tab.countersign() and tab.message_text() == "Sign in the box first."  # nothing drawn yet
    draw(tab.signature.pad)
    qtbot.mouseClick(tab.sign_button, Qt.MouseButton.LeftButton)
    assert not tab.sign_button.isEnabled() and window.work.isVisibleTo(window)  # signing, in a worker
    assert window.work.words.text() == "Countersigning the agreement…"
    qtbot.waitUntil(lambda: not window.work.running, timeout=60_000)
    assert "Countersigned" in tab.message_text(), tab.message_text()
    rows = {tab.table.item(r, 0).data(Qt.ItemDataRole.UserRole): r for r in range(tab.table.rowCount())}
    assert tab.table.item(rows[sha256], 6).text() == "No: a newer copy is below"
    newest = next(key for key, r in rows.items() if tab.table.item(r, 6).text() == "Yes")
    assert tab.table.item(rows[newest], 4).text() == "The office"
    tab.table.select_key(newest)
    assert not tab.sign_button.isEnabled()
    assert tab.signature.pad.is_empty()


def test_every_control_has_a_name_and_screenshots_of_each_tab(qtbot, open_window, office, laptops, tmp_path):
    jess = laptops("Jess laptop", demo=True)
    jess.send(office)
    case_id = next(c.id for c in jess.service.list_cases() if c.person_name == "Priya Sharma")
    current = person_record(office, case_id)
    office.store.put_record("person", {**current["data"], "preferred_name": "Danny"}, case_id=case_id,
                            by="office", entity_id=current["entity_id"], base_version=current["version"])
    data = {**jess.service.load_case(case_id).sections["person"].data, "preferred_name": "Daniel"}
    assert jess.service.save(case_id, "person", data).ok
    jess.send(office, take_reply=False)
    laptops("Sam laptop")

    window = unlocked_window(qtbot, open_window, office)
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QTableWidget)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.currentWidget()
        for kind in kinds:
            for widget in tab.findChildren(kind):
                if widget.isVisibleTo(tab) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    assert widget.accessibleName(), (index, type(widget).__name__, getattr(widget, "text", str)())

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    names = ["today", "cases", "conflicts", "approvals", "agreements", "themes", "progress", "inbox", "laptops",
             "provider-data", "users", "audit"]
    for index, name in enumerate(names):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        path = SCREENSHOTS / f"office-{name}.png"
        assert window.grab().save(str(path))
        assert path.stat().st_size > 5000
    window.lock()
    window.grab().save(str(SCREENSHOTS / "office-unlock.png"))


# -- users, roles and the audit log ------------------------------------------------------------------
def test_users_tab_adds_changes_and_removes_users_and_the_audit_tab_shows_it(qtbot, open_window, office, laptops):
    laptops("Jess laptop", demo=True).send(office)
    window = unlocked_window(qtbot, open_window, office)
    tab = window.users
    window.tabs.setCurrentWidget(tab)
    assert [tab.table.item(0, c).text() for c in (0, 1)] == ["Morgan Hale (you)", "Manager, Administrator, Staff"]
    assert not tab.add_user("Sid Staff", [Role.STAFF], "staff passphrase 1", "not the same")
    assert "not the same" in tab.message_text()
    assert tab.add_user("Sid Staff", [Role.STAFF], "staff passphrase 1", "staff passphrase 1")
    assert tab.message_text().startswith("Sid Staff is added as staff.")
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == ["Morgan Hale (you)", "Sid Staff"]
    assert tab.table.current_key() == tab.table.keys()[1] and tab.roles[Role.STAFF].isChecked()
    assert not tab.add_user("sid staff", [Role.STAFF], "another passphrase", "another passphrase")
    assert tab.message_text() == "There is already an office user called “Sid Staff”."
    assert tab.save_roles([Role.STAFF, Role.MANAGER])
    assert tab.table.item(1, 1).text() == "Manager, Staff"
    tab.table.selectRow(0)
    assert not tab.save_roles([Role.STAFF])  # the last administrator
    assert tab.message_text() == "The office must keep at least one administrator, so nothing was changed."
    assert not tab.change_own("wrong passphrase", "a new passphrase 1", "a new passphrase 1")
    assert tab.message_text() == "That is not Morgan Hale's passphrase, so nothing was opened."
    assert tab.change_own(OFFICE_PASSPHRASE, "a new passphrase 1", "a new passphrase 1")
    assert tab.current.text() == "" and tab.new.text() == ""

    audit = window.audit
    window.tabs.setCurrentWidget(audit)
    whats = [audit.table.item(r, 3).text() for r in range(audit.table.rowCount())]
    assert whats[:3] == ["Changed their own passphrase", "Changed an office user's roles", "Added an office user"]
    assert whats[-1] == "Set up the office" and "Imported a bundle" in whats
    assert audit.table.item(0, 2).text() == "Morgan Hale"
    details = [audit.table.item(r, 4).text() for r in range(audit.table.rowCount())]
    assert details[1] == "Name: Sid Staff; Roles: manager, staff"  # in words, ids left out
    imported = details[whats.index("Imported a bundle")]
    assert "Laptop: Jess laptop" in imported and "Changes applied: 101" in imported
    assert "device" not in imported.lower() and "ack" not in imported.lower()
    assert audit.verify() == [] and audit.message_text() == "The audit log is whole: every entry is in order and unchanged."

    cases = window.cases
    window.tabs.setCurrentWidget(cases)
    everyone = cases.table.rowCount()
    QTest.keyClicks(cases.search, "whitl")
    qtbot.waitUntil(lambda: [cases.table.item(r, 1).text() for r in range(cases.table.rowCount())] == ["Dan Whitlock"])
    cases.search.setText("hg14qt")  # a postcode, without its space
    qtbot.waitUntil(lambda: cases.table.rowCount() == 1)
    cases.search.setText("nobody at all")
    qtbot.waitUntil(lambda: cases.table.rowCount() == 0)
    assert cases.detail.title.text() == "No case matches."
    cases.search.clear()
    qtbot.waitUntil(lambda: cases.table.rowCount() == everyone)
    window.lock()
    assert cases.search.text() == "" and tab.table.rowCount() == 0 and audit.table.rowCount() == 0


def test_a_member_of_staff_sees_what_their_role_does_not_allow(qtbot, open_window, office, laptops):
    laptops("Jess laptop", demo=True).send(office)
    office.add_user("Sid Staff", [Role.STAFF], "staff passphrase 1")
    window = unlocked_window(qtbot, open_window, office, "Sid Staff", "staff passphrase 1")
    assert window.windowTitle() == "Bluebell Support: office (Sid Staff)"
    approvals = window.approvals
    window.tabs.setCurrentWidget(approvals)
    assert approvals.table.rowCount() >= 1 and not approvals.record_button.isEnabled() and approvals.manager.text() == ""
    assert approvals.record_button.toolTip() == "Only a manager can decide on a risk assessment, so nothing was recorded."
    assert approvals._role_note.text() == "Only a manager decides on risk assessments: you can read them here."
    window.tabs.setCurrentWidget(window.users)
    assert not window.users.add_button.isEnabled() and not window.users.admin_box.isVisibleTo(window.users)
    assert window.users.own_button.isEnabled()
    assert window.inbox.folder_button.isEnabled() and not window.laptops.enroll_button.isEnabled()
    assert not window.agreements.sign_button.isEnabled() and not window.publish.choose_button.isEnabled()
    # Even if a screen let it through, the service refuses, and the tab says so in one sentence.
    assessment_id = approvals.table.current_key()
    assert approvals.attempt(lambda: window.service.approve_risk(assessment_id, {"decision": "approved"})) is None
    assert approvals.message_text() == "Only a manager can decide on a risk assessment, so nothing was recorded."
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    for name, tab in (("approvals-staff", approvals), ("users-staff", window.users)):
        window.tabs.setCurrentWidget(tab)
        qtbot.wait(10)
        assert window.grab().save(str(SCREENSHOTS / f"office-{name}.png"))


ENQUIRY = {"received_on": "2026-11-02", "route": "family", "contact_name": "Helen Price",
           "contact_phone": "0113 496 0000", "looking_for": "Support at home", "urgency": "soon",
           "lives_in": "York", "decision": "pursue"}


def test_a_conflict_settled_field_by_field(qtbot, open_window, office, laptops):
    jess = laptops("Jess laptop")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    assert jess.service.save(case_id, "enquiry", ENQUIRY).ok
    jess.send(office)
    enquiry = next(r for r in office.store.records(case_id=case_id) if r["entity"] == "enquiry")
    office.store.put_record("enquiry", {**enquiry["data"], "urgency": "urgent", "lives_in": "Leeds"}, case_id=case_id,
                            by="office", entity_id=enquiry["entity_id"], base_version=enquiry["version"])
    assert jess.service.save(case_id, "enquiry", {**ENQUIRY, "urgency": "routine", "looking_for": "Days out"}).ok
    assert jess.send(office, take_reply=False).result.conflicts == 1

    window = unlocked_window(qtbot, open_window, office)
    window.resize(1366, 768)
    tab = window.conflicts
    window.tabs.setCurrentWidget(tab)
    fields = tab.fields
    assert fields.rowCount() == 1
    assert [fields.item(0, c).text() for c in range(4)] == ["Urgency", "Soon", "Urgent", "Routine"]
    assert tab.merged_note.text() == "Taken on their own (only the laptop changed them): Looking for."
    assert fields.cellWidget(0, 4).accessibleName() == "Keep for Urgency"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "office-conflict-fields.png"))

    fields.choose("urgency", "edited", "whenever")  # not one of the options: refused, nothing saved
    assert not tab.resolve_fields()
    assert "not valid (“urgency”: Please choose one of the options.). Nothing was saved." in tab.message_text()
    assert len(office.store.conflicts()) == 1
    fields.choose("urgency", "office")
    qtbot.mouseClick(tab.save_fields, Qt.MouseButton.LeftButton)
    assert "the chosen values are saved" in tab.message_text()
    saved = office.store.record(enquiry["entity_id"])["data"]
    assert (saved["urgency"], saved["lives_in"], saved["looking_for"]) == ("urgent", "Leeds", "Days out")
    assert office.store.conflicts(open_only=False)[0]["resolved_by"] == "Morgan Hale"
    assert tab.table.rowCount() == 0 and fields.rowCount() == 0


def test_moving_a_case_to_another_laptop(qtbot, open_window, office, laptops):
    jess, sam = laptops("Jess laptop"), laptops("Sam laptop")
    case_id = jess.service.create_case(first_name="Ann", last_name="Lee")
    reference = jess.service.load_case(case_id).header.reference
    jess.send(office)
    sam.service.create_case(first_name="Bo", last_name="Ng")
    sam.send(office)

    window = unlocked_window(qtbot, open_window, office)
    window.resize(1366, 768)
    tab = window.cases
    window.tabs.setCurrentWidget(tab)
    tab.search.setText(reference.lower())
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert tab.table.current_key() == case_id
    assert [tab.move_target.itemText(i) for i in range(tab.move_target.count())] == ["Sam laptop"]
    assert tab.move_button.isEnabled() and tab.move_target.accessibleName() == "Laptop to move the case to"
    assert tab.move_to(tab.move_target.currentData())
    assert "moving to “Sam laptop”" in tab.message_text()
    assert [tab.table.item(0, c).text() for c in (3, 4)] == ["Sam", "Sam laptop"]
    text = tab.detail.lead.text()
    assert "moved from Jess laptop to Sam laptop by Morgan Hale." in text
    assert "Jess laptop has not been told yet." in text
    assert [tab.move_target.itemText(i) for i in range(tab.move_target.count())] == ["Jess laptop"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "office-move-case.png"))

    jess.device.apply(office.reply_for(jess.service.store.device_id))  # the laptop is told...
    jess.send(office, take_reply=False)  # ...and says so at its next sync
    window.refresh_action.trigger()
    assert "Jess laptop has been told." in tab.detail.lead.text()
    tab.search.setText("no such person")
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0)
    assert tab.detail.title.text() == "No case matches."
