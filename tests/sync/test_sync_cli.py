"""The headless commands: office init, enroll a laptop, laptop enroll and sync by a folder, office
import; every mistake one plain line and exit code 1."""

from __future__ import annotations

import pytest

from advisor_app import cli
from advisor_app.office import service as office_service
from advisor_app.services import cases
from advisor_app.store.keys import KdfParams

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(cases, "DEFAULT_KDF", FAST)
    monkeypatch.setattr(office_service, "DEFAULT_KDF", FAST)
    monkeypatch.setenv("OFFICE_PASS", "office passphrase 1")
    monkeypatch.setenv("LAPTOP_PASS", "kettle harbour lantern")


def run(*argv: str) -> int:
    return cli.main(list(argv))


def test_office_and_laptop_by_the_command_line(tmp_path, capsys):
    office, store, stick = tmp_path / "office", tmp_path / "store", tmp_path / "stick"
    stick.mkdir()
    assert run("office", "init", "--office", str(office), "--name", "Bluebell Support", "--user", "Morgan Hale",
               "--role", "staff", "--passphrase-env", "OFFICE_PASS") == 0
    assert "recovery key" in capsys.readouterr().out
    assert run("office", "enroll", "--office", str(office), "--device", "Jess laptop",
               "--out", str(tmp_path / "jess.enrollment"), "--user", "Morgan Hale", "--passphrase-env", "OFFICE_PASS") == 0
    assert (tmp_path / "jess.enrollment").stat().st_mode & 0o077 == 0  # it holds a secret
    assert run("init", "--store", str(store), "--passphrase-env", "LAPTOP_PASS") == 0
    assert run("enroll", "--store", str(store), "--passphrase-env", "LAPTOP_PASS",
               str(tmp_path / "jess.enrollment")) == 0
    assert "Enrolled with Bluebell Support" in capsys.readouterr().out
    service = cases.AdvisorService.unlock(store, "kettle harbour lantern")
    service.create_case(first_name="Ruth", last_name="Okafor")
    service.lock()
    assert run("sync", "--store", str(store), "--passphrase-env", "LAPTOP_PASS", "--to-folder", str(stick)) == 0
    assert run("office", "import", "--office", str(office), "--from-folder", str(stick),
               "--user", "morgan hale", "--passphrase-env", "OFFICE_PASS") == 0
    out = capsys.readouterr().out
    assert "1 bundle(s): 1 imported, 0 duplicated, 0 refused" in out
    assert run("sync", "--store", str(store), "--passphrase-env", "LAPTOP_PASS", "--from-folder", str(stick)) == 0
    assert "Waiting to be confirmed by the office: 0 change(s)." in capsys.readouterr().out


def test_mistakes_are_one_plain_line(tmp_path, capsys):
    office = tmp_path / "office"
    assert run("office", "init", "--office", str(office), "--user", "Morgan Hale", "--passphrase-env", "OFFICE_PASS") == 0
    capsys.readouterr()
    assert run("office", "init", "--office", str(office), "--user", "Morgan Hale", "--passphrase-env", "OFFICE_PASS") == 1
    assert capsys.readouterr().err == "advisor-app: This office is already set up, so nothing was changed.\n"
    assert run("office", "enroll", "--office", str(office), "--device", "x", "--out", str(tmp_path / "e"),
               "--user", "Morgan Hale", "--passphrase-env", "LAPTOP_PASS") == 1
    assert "That is not Morgan Hale's passphrase" in capsys.readouterr().err
    (tmp_path / "bad.enrollment").write_text("{}")
    run("init", "--store", str(tmp_path / "store"), "--passphrase-env", "LAPTOP_PASS")
    capsys.readouterr()
    assert run("enroll", "--store", str(tmp_path / "store"), "--passphrase-env", "LAPTOP_PASS",
               str(tmp_path / "bad.enrollment")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an advisor-app enrollment file" in err
    assert run("sync", "--store", str(tmp_path / "store"), "--passphrase-env", "LAPTOP_PASS",
               "--to-folder", str(tmp_path)) == 1
    assert "not enrolled with an office yet" in capsys.readouterr().err


def test_moving_a_case_by_the_command_line(tmp_path, capsys):
    from advisor_app.office.service import OfficeService
    from advisor_app.services import sync

    office_dir = tmp_path / "office"
    assert run("office", "init", "--office", str(office_dir), "--user", "Morgan Hale", "--role", "staff",
               "--passphrase-env", "OFFICE_PASS") == 0
    office = OfficeService.unlock(str(office_dir), "office passphrase 1", user="Morgan Hale")
    laptops = {}
    for name in ("Jess laptop", "Sam laptop"):
        laptops[name] = cases.AdvisorService.create(tmp_path / name, "kettle harbour lantern", kdf=FAST)
        sync.enroll(laptops[name], office.enroll(name).to_bytes())
        laptops[name].create_case(first_name=name.split()[0], last_name="Lee")
        data, _ = sync.device(laptops[name]).outgoing()
        office.receive(data)
    reference = laptops["Jess laptop"].list_cases()[0].reference
    office.store.close()
    capsys.readouterr()
    args = ["office", "move-case", "--office", str(office_dir), "--user", "Morgan Hale", "--passphrase-env", "OFFICE_PASS"]
    assert run(*args, "--case", reference.lower(), "--to", "Sam laptop") == 0
    assert f"Moving case {reference} to “Sam laptop”" in capsys.readouterr().out
    assert run(*args, "--case", reference, "--to", "Sam laptop") == 1
    assert capsys.readouterr().err == "advisor-app: The case is already with that laptop.\n"
    assert run(*args, "--case", "C-XX-2026-0099", "--to", "Jess laptop") == 1
    assert capsys.readouterr().err == "advisor-app: no case with id or reference C-XX-2026-0099 has reached this office\n"
    assert run(*args, "--case", reference, "--to", "Nobody's laptop") == 1
    assert "no enrolled laptop called" in capsys.readouterr().err
    for service in laptops.values():
        service.lock()
