"""Named office users and their roles, and the audit log, on a real office store with a real laptop:
each role is refused what it may not do (one sentence, nothing changed), a manager countersigns
with the certificate the office CA issued to them, users are added, removed and changed, and the
audit chain finds an edited, removed or reordered entry (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import sqlalchemy as sa
from cryptography import x509

from advisor_app import cli
from advisor_app.domain.office_users import ALLOWED, REFUSALS, Action, Role
from advisor_app.office import audit, day, exports, progress, tables, themes
from advisor_app.office.service import NotAllowed, OfficeError, OfficeService
from advisor_app.office.store import OfficeStore, OfficeStoreError
from advisor_app.services import AdvisorService, sync
from advisor_app.signing.roles import SignerRole, role_of
from tests.office.helpers import FAST, new_office
from tests.office.test_importer import snapshot

ADMIN_PASS, MANAGER_PASS, STAFF_PASS = "admin passphrase 1", "manager passphrase 1", "staff passphrase 1"
STROKES = [[(10.0, 40.0, 0, None), (60.0, 20.0, 80, None), (120.0, 45.0, 160, None)]]


@pytest.fixture
def office_dir(tmp_path) -> Path:
    """An office with an administrator, a manager and a member of staff, and a demo laptop's cases."""
    location = tmp_path / "office"
    admin = new_office(location, ADMIN_PASS, user="Ada Admin", roles=[Role.ADMINISTRATOR])
    admin.add_user("Mo Manager", [Role.MANAGER], MANAGER_PASS)
    admin.add_user("Sid Staff", [Role.STAFF], STAFF_PASS)
    laptop = AdvisorService.create(tmp_path / "jess", "kettle harbour lantern", advisor_name="Jess", kdf=FAST)
    from advisor_app.demo import fill_demo

    fill_demo(laptop, office_decisions=False)  # only the office decides
    sync.enroll(laptop, admin.enroll("Jess laptop").to_bytes())
    admin.lock()
    stick = tmp_path / "stick"
    stick.mkdir()
    sync.sync_folder(laptop, stick)
    staff = OfficeService.unlock(str(location), STAFF_PASS, user="Sid Staff")
    staff.import_folder(stick)
    staff.lock()
    laptop.lock()
    return location


def sign_in(location: Path, name: str, passphrase: str) -> OfficeService:
    return OfficeService.unlock(str(location), passphrase, user=name, kdf=FAST)


def every_action(office: OfficeService, tmp_path: Path) -> dict[Action, Callable[[], Any]]:
    """One real attempt at each office act, on the office's real records."""
    assessment = next(r for r in office.store.records(entity="risk_assessment") if r["data"].get("sent_for_decision_at"))
    agreement = [d for d in office.store.documents() if d["kind"] == "signed-agreement"][-1]
    enrollment = office.enrollments()[0]["enrollment_id"]
    laptop = office.enrollments()[0]["device_id"]
    (tmp_path / "empty").mkdir(exist_ok=True)
    actions = {
        Action.IMPORT: lambda: office.import_folder(tmp_path / "empty"),
        Action.RESOLVE_CONFLICT: lambda: office.resolve_conflict("no-such-conflict", "incoming"),
        Action.DECIDE_RISK: lambda: office.approve_risk(assessment["entity_id"], {"decision": "approved"}),
        Action.COUNTERSIGN: lambda: office.countersign(agreement["sha256"], STROKES),
        Action.ACKNOWLEDGE_HANDOVER: lambda: office.acknowledge_handover(agreement["case_id"], "Maya Patel"),
        Action.ENROLL: lambda: office.enroll("Another laptop"),
        Action.REVOKE: lambda: office.revoke(enrollment),
        Action.RECOVERY_FILE: lambda: office.recovery_file(enrollment),
        Action.MOVE_CASE: lambda: office.move_case(agreement["case_id"], laptop),
        Action.PUBLISH: lambda: office.publish_provider_files({}),
        Action.SET_RELAY: lambda: office.set_relay(None, None),  # no relay: enroll must not call one
        Action.MANAGE_USERS: lambda: office.add_user("New Person", [Role.STAFF], "a first passphrase"),
        Action.WORK_ON_THEMES: lambda: themes.start_workshop(office, "Our year", "2025-01-01", "2026-12-31"),
        Action.REPORT_BACK: lambda: themes.send_report(office, "no-such-workshop"),
        Action.ASSESS_PROGRESS: lambda: progress.record_grade(office, "risk", 3, "2026-01-05", "Our new policy"),
        Action.EXPORT: lambda: exports.export_cases(office, [], tmp_path / "cases.csv", exports.Format.CSV),
        Action.CHANGE_SETTINGS: lambda: day.change_setting(office, "laptop_quiet_days", 21),
    }
    assert set(actions) == set(Action) - {Action.READ}  # a new act gets its role test here
    return actions


@pytest.mark.parametrize("name, passphrase, role", [
    ("Ada Admin", ADMIN_PASS, Role.ADMINISTRATOR), ("Mo Manager", MANAGER_PASS, Role.MANAGER),
    ("Sid Staff", STAFF_PASS, Role.STAFF)])
def test_each_role_is_refused_what_it_may_not_do_and_nothing_changes(office_dir, tmp_path, name, passphrase, role):
    office = sign_in(office_dir, name, passphrase)
    try:
        actions = every_action(office, tmp_path)
        refused = [action for action in actions if action not in ALLOWED[role]]
        assert refused  # every role is refused something
        for action in refused:
            before = snapshot(office.store, skip=())
            with pytest.raises(NotAllowed) as raised:
                actions[action]()
            assert str(raised.value) == REFUSALS[action]
            assert str(raised.value).count(".") == 1 and "nothing" in str(raised.value)  # one sentence
            assert snapshot(office.store, skip=()) == before, action
        for action in ALLOWED[role] & set(actions):  # what the role may do is not refused for its role
            try:
                actions[action]()
            except NotAllowed:  # pragma: no cover - the failure message names the action
                pytest.fail(f"{role} was refused {action}")
            except (OfficeError, OfficeStoreError):
                pass  # refused for another reason (no such conflict): that is not the role check
    finally:
        office.lock()


def test_a_manager_decides_and_countersigns_as_themselves_with_their_own_certificate(office_dir):
    manager = sign_in(office_dir, "Mo Manager", MANAGER_PASS)
    try:
        assessment = next(r for r in manager.store.records(entity="risk_assessment")
                          if r["data"].get("sent_for_decision_at"))
        decision = manager.approve_risk(assessment["entity_id"], {"decision": "approved", "manager_name": "Someone Else"})
        assert decision["data"]["manager_name"] == "Mo Manager"  # who signed in, whatever the form said
        assert decision["data"]["author_id"] == manager.user.user_id
        signed = [d for d in manager.store.documents() if d["kind"] == "signed-agreement"]
        newest = next(d for d in signed if not any(o["meta"].get("previous") == d["sha256"] for o in signed))
        countersigned = manager.countersign(newest["sha256"], STROKES)
        from advisor_app.signing.verify import verify_pdf

        report = verify_pdf(manager.store.document(countersigned["sha256"])["content"], manager.trust_anchors())
        assert report.ok, report.problems
        office_signature = report.signatures[-1]
        assert office_signature.field == "office" and office_signature.trusted and office_signature.valid
        assert office_signature.certificate_role == "manager"
        assert office_signature.signer_name == "Mo Manager" and office_signature.signer.startswith("Mo Manager (")
        certificate = x509.load_pem_x509_certificate(manager.users()[1].certificate_pem.encode("ascii"))
        assert role_of(certificate) is SignerRole.MANAGER and "Mo Manager" in certificate.subject.rfc4514_string()
        with manager.store.engine.connect() as conn:  # the private key is sealed under the manager's own key
            sealed = conn.execute(sa.select(tables.users.c.signing_key)
                                  .where(tables.users.c.name == "Mo Manager")).scalar_one()
        assert "PRIVATE KEY" not in sealed and '"sealed"' in sealed
        actions = [e.action for e in manager.audit_log()]
        assert actions[-3:] == ["decide-risk", "certificate", "countersign"]
        assert {e.user_name for e in manager.audit_log()[-3:]} == {"Mo Manager"}
    finally:
        manager.lock()


def test_users_are_added_changed_and_removed_and_the_office_keeps_an_administrator(office_dir):
    admin = sign_in(office_dir, "Ada Admin", ADMIN_PASS)
    try:
        assert [(u.name, sorted(u.roles)) for u in admin.users()] == [
            ("Ada Admin", ["administrator"]), ("Mo Manager", ["manager"]), ("Sid Staff", ["staff"])]
        with pytest.raises(OfficeError, match="There is already an office user called “Sid Staff”"):
            admin.add_user("  sid   STAFF ", [Role.STAFF], "another passphrase")
        with pytest.raises(OfficeError, match="at least 10 characters"):
            admin.add_user("Kim Short", [Role.STAFF], "short")
        with pytest.raises(OfficeError, match="at least one role"):
            admin.add_user("Kim Nothing", [], "a long passphrase")
        with pytest.raises(OfficeError, match="“boss” is not an office role"):
            admin.add_user("Kim Boss", ["boss"], "a long passphrase")
        with pytest.raises(OfficeError, match="must keep at least one administrator"):
            admin.remove_user("Ada Admin")
        with pytest.raises(OfficeError, match="must keep at least one administrator"):
            admin.set_user_roles("Ada Admin", [Role.STAFF])
        admin.set_user_roles("Sid Staff", [Role.STAFF, Role.ADMINISTRATOR])
        admin.remove_user("Sid Staff")
        with pytest.raises(OfficeError, match="There is no office user called “Sid Staff”, so nothing was changed"):
            admin.remove_user("Sid Staff")
        admin.reset_passphrase("Mo Manager", "a new manager passphrase")
        assert [e.action for e in admin.audit_log()][-3:] == ["user-roles", "user-remove", "user-reset"]
    finally:
        admin.lock()
    with pytest.raises(OfficeError, match="“Sid Staff” was removed from this office's users on"):
        sign_in(office_dir, "Sid Staff", STAFF_PASS)
    with pytest.raises(OfficeError, match="That is not Mo Manager's passphrase"):
        sign_in(office_dir, "Mo Manager", MANAGER_PASS)
    manager = sign_in(office_dir, "mo manager", "a new manager passphrase")
    try:
        with pytest.raises(OfficeError, match="That is not Mo Manager's passphrase"):
            manager.change_passphrase("wrong current one", "a third passphrase")
        manager.change_passphrase("a new manager passphrase", "a third passphrase")
    finally:
        manager.lock()
    sign_in(office_dir, "Mo Manager", "a third passphrase").lock()


def test_a_passphrase_change_keeps_the_managers_key_and_a_reset_replaces_it(office_dir):
    manager = sign_in(office_dir, "Mo Manager", MANAGER_PASS)
    first = manager._manager_identity().cert_pem
    manager.change_passphrase(MANAGER_PASS, "a changed passphrase")
    manager.lock()
    manager = sign_in(office_dir, "Mo Manager", "a changed passphrase")
    assert manager._manager_identity().cert_pem == first  # still theirs: sealed under their own key
    manager.lock()
    admin = sign_in(office_dir, "Ada Admin", ADMIN_PASS)
    admin.reset_passphrase("Mo Manager", "a reset passphrase")
    admin.lock()
    manager = sign_in(office_dir, "Mo Manager", "a reset passphrase")
    assert manager._manager_identity().cert_pem != first  # nobody else could open the old key
    manager.lock()


# -- the audit log ---------------------------------------------------------------------------------
def _drop_insert_only_trigger(conn: sa.Connection) -> None:
    """What someone with direct access to the database would do first."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("DROP TRIGGER audit_insert_only ON audit"))
    else:
        conn.execute(sa.text("DROP TRIGGER audit_no_update"))
        conn.execute(sa.text("DROP TRIGGER audit_no_delete"))


@pytest.fixture
def audited(database_url) -> OfficeService:
    office = new_office(database_url, ADMIN_PASS, user="Ada Admin")
    for n in range(4):
        office.enroll(f"Laptop {n}")
    yield office
    office.lock()


def tamper(office: OfficeService, *statements: str) -> None:
    with office.store.transaction() as conn:
        _drop_insert_only_trigger(conn)
        for statement in statements:
            conn.execute(sa.text(statement))


def test_the_audit_log_cannot_be_changed_through_the_database_unnoticed(audited):
    assert audited.verify_audit() == [] and [e.seq for e in audited.audit_log()] == [1, 2, 3, 4, 5]
    with pytest.raises(sa.exc.DatabaseError, match="never changed or removed"):
        with audited.store.transaction() as conn:
            conn.execute(sa.text("UPDATE audit SET user_name = 'Someone Else' WHERE seq = 2"))


@pytest.mark.parametrize("statements, problems", [
    (["UPDATE audit SET user_name = 'Someone Else' WHERE seq = 3"], ["Entry 3 has been changed since it was written."]),
    (["DELETE FROM audit WHERE seq = 3"], ["Entry 3 is missing from the audit log.",
                                           "Entry 4 does not follow on from the entry before it."]),
    (["UPDATE audit SET seq = 99 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 3",
      "UPDATE audit SET seq = 3 WHERE seq = 99"],
     ["Entry 2 does not follow on from the entry before it.", "Entry 2 has been changed since it was written.",
      "Entry 3 does not follow on from the entry before it.", "Entry 3 has been changed since it was written.",
      "Entry 4 does not follow on from the entry before it."]),
    (["DELETE FROM audit WHERE seq = 5"], ["The audit log ends at entry 4, but it went up to entry 5: entries "
                                           "were removed from its end."]),
])
def test_the_audit_chain_finds_an_edited_removed_or_reordered_entry(audited, statements, problems):
    tamper(audited, *statements)
    assert audited.verify_audit() == problems


def test_a_chain_rebuilt_without_the_office_key_is_found_out(audited):
    """Someone who edits an entry and recomputes every hash, but cannot make the MACs."""
    with audited.store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(tables.audit).order_by(tables.audit.c.seq))]
    rows[1]["user_name"] = "Someone Else"
    previous = audit.GENESIS_HASH
    for row in rows:
        row["prev_hash"] = previous
        row["hash"] = previous = audit.entry_hash(row)
    with audited.store.transaction() as conn:
        _drop_insert_only_trigger(conn)
        conn.execute(tables.audit.delete())
        conn.execute(tables.audit.insert(), rows)
        conn.execute(tables.office_meta.update().where(tables.office_meta.c.key == audit.HEAD)
                     .values(value=f"{rows[-1]['seq']} {rows[-1]['hash']}"))
    assert audited.verify_audit() == [f"Entry {n} has been changed since it was written." for n in range(2, 6)]


# -- the command line --------------------------------------------------------------------------------
def run(*argv: str) -> int:
    return cli.main(list(argv))


@pytest.fixture
def env(monkeypatch):
    from advisor_app.office import service as office_service

    monkeypatch.setattr(office_service, "DEFAULT_KDF", FAST)
    for name, value in (("ADMIN_PASS", ADMIN_PASS), ("MANAGER_PASS", MANAGER_PASS), ("STAFF_PASS", STAFF_PASS),
                        ("NEW_PASS", "a brand new passphrase"), ("WRONG", "not anyone's passphrase")):
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("argv, message", [
    (["user", "list", "--user", "Ada Admin", "--passphrase-env", "WRONG"],
     "That is not Ada Admin's passphrase, so nothing was opened."),
    (["user", "list", "--user", "Nobody", "--passphrase-env", "ADMIN_PASS"],
     "There is no office user called “Nobody”, so nothing was opened."),
    (["user", "add", "--user", "Sid Staff", "--passphrase-env", "STAFF_PASS", "--name", "Kim",
      "--role", "staff", "--new-passphrase-env", "NEW_PASS"], REFUSALS[Action.MANAGE_USERS]),
    (["enroll", "--user", "Mo Manager", "--passphrase-env", "MANAGER_PASS", "--device", "x", "--out", "e"],
     REFUSALS[Action.ENROLL]),
    (["publish", "--user", "Sid Staff", "--passphrase-env", "STAFF_PASS", "costing.json"],
     REFUSALS[Action.PUBLISH]),
    (["import", "--user", "Ada Admin", "--passphrase-env", "ADMIN_PASS", "--from-folder", "stick"],
     REFUSALS[Action.IMPORT]),
])
def test_the_command_line_refuses_in_one_line_and_changes_nothing(office_dir, env, capsys, tmp_path, monkeypatch,
                                                                  argv, message):
    from advisor_app.paths import resource

    monkeypatch.chdir(tmp_path)
    (tmp_path / "stick").mkdir(exist_ok=True)  # the office fixture made one
    (tmp_path / "costing.json").write_text(resource("provider", "costing.json").read_text(encoding="utf-8"))
    with OfficeStore.open(office_dir) as store:
        before = snapshot(store, skip=())
    capsys.readouterr()
    assert run("office", *argv, "--office", str(office_dir)) == 1
    captured = capsys.readouterr()
    assert captured.err == f"advisor-app: {message}\n" and captured.out == ""
    with OfficeStore.open(office_dir) as store:
        assert snapshot(store, skip=()) == before


def test_users_and_the_audit_log_by_the_command_line(office_dir, env, capsys):
    office = str(office_dir)
    assert run("office", "user", "add", "--office", office, "--user", "Ada Admin", "--passphrase-env", "ADMIN_PASS",
               "--name", "Kim Lee", "--role", "staff", "--role", "manager", "--new-passphrase-env", "NEW_PASS") == 0
    assert "Added Kim Lee (manager, staff)" in capsys.readouterr().out
    assert run("office", "user", "passwd", "--office", office, "--user", "Kim Lee", "--passphrase-env", "NEW_PASS",
               "--new-passphrase-env", "STAFF_PASS") == 0
    assert run("office", "user", "role", "--office", office, "--user", "Ada Admin", "--passphrase-env", "ADMIN_PASS",
               "--name", "Kim Lee", "--role", "staff") == 0
    assert run("office", "user", "remove", "--office", office, "--user", "Ada Admin", "--passphrase-env",
               "ADMIN_PASS", "--name", "Mo Manager") == 0
    capsys.readouterr()
    assert run("office", "user", "list", "--office", office, "--user", "Kim Lee", "--passphrase-env", "STAFF_PASS") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0].strip() for line in listed] == ["Ada Admin", "Kim Lee", "Sid Staff"]
    assert run("office", "audit", "--office", office, "--user", "Kim Lee", "--passphrase-env", "STAFF_PASS",
               "--verify") == 0
    out = capsys.readouterr().out
    assert "The audit log is whole:" in out
    for action in ("office-init", "user-add", "enroll", "import", "user-passphrase", "user-roles", "user-remove"):
        assert f" {action} " in out, action
    with OfficeStore.open(office_dir) as store, store.transaction() as conn:
        _drop_insert_only_trigger(conn)
        conn.execute(sa.text("DELETE FROM audit WHERE seq = 2"))
    assert run("office", "audit", "--office", office, "--user", "Kim Lee", "--passphrase-env", "STAFF_PASS",
               "--verify") == 1
    err = capsys.readouterr().err
    assert err.startswith("advisor-app: Entry 2 is missing from the audit log.") and err.count("\n") == 1



def test_damaged_user_keys_and_a_hostile_name_are_one_plain_sentence(office_dir):
    with pytest.raises(OfficeError, match="^There is no office user called “" + "x" * 64 + "”, so nothing was opened.$"):
        sign_in(office_dir, "x" * 5000, "whatever passphrase")
    with OfficeStore.open(office_dir) as store, store.transaction() as conn:
        conn.execute(tables.users.update().where(tables.users.c.name == "Sid Staff").values(wrap="{not json"))
        conn.execute(tables.users.update().where(tables.users.c.name == "Mo Manager")
                     .values(data_key='{"nonce": "AAAA", "sealed": "AAAA"}'))
    for name, passphrase in (("Sid Staff", STAFF_PASS), ("Mo Manager", MANAGER_PASS)):
        with pytest.raises(OfficeError, match=f"^{name}'s keys in the office store are damaged, so nothing was opened"):
            sign_in(office_dir, name, passphrase)
