"""The administrators' command line, run as a script would run it."""

import json
import os
import subprocess
import sys

import pytest

from advisor_app.cli import main

from tests.demo_template import PASSPHRASE as PASS


@pytest.fixture
def store(demo_store, monkeypatch):
    """The demo cases (a copy of the session's template: ``demo-store`` itself is tested below)."""
    monkeypatch.setenv("ADVISOR_PASS", PASS)
    return demo_store


def test_demo_store_makes_the_demo_cases(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ADVISOR_PASS", PASS)
    directory = tmp_path / "store"
    assert main(["demo-store", "--store", str(directory), "--passphrase-env", "ADVISOR_PASS"]) == 0
    capsys.readouterr()
    assert main(["cases", "--store", str(directory), "--passphrase-env", "ADVISOR_PASS", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) >= 5


def run(*args, stdin=None):
    env = {**os.environ, "ADVISOR_PASS": PASS}
    return subprocess.run([sys.executable, "-m", "advisor_app", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


def test_cases_lists_the_demo_cases_as_json(store, capsys):
    capsys.readouterr()
    assert main(["cases", "--store", str(store), "--passphrase-env", "ADVISOR_PASS", "--json"]) == 0
    cases = json.loads(capsys.readouterr().out)
    assert len(cases) >= 5
    assert {"Priya Sharma", "Dan Whitlock", "Tom Brennan"} <= {c["name"] for c in cases}
    assert len({c["stage"] for c in cases}) >= 3


def test_wrong_passphrase_is_one_line_exit_1_and_no_traceback(store):
    result = subprocess.run([sys.executable, "-m", "advisor_app", "cases", "--store", str(store),
                             "--passphrase-stdin"], input="not it\n", capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "passphrase is not right" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert run("export").returncode == 2
    assert run("no-such-command").returncode == 2


def test_missing_passphrase_source_is_a_user_error(store):
    result = subprocess.run([sys.executable, "-m", "advisor_app", "check", "--store", str(store)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "--passphrase-env" in result.stderr


def test_check_passes_on_the_demo_store(store, capsys):
    assert main(["check", "--store", str(store), "--passphrase-env", "ADVISOR_PASS"]) == 0
    assert "intact" in capsys.readouterr().out


def test_passwd_then_only_the_new_passphrase_opens(store, capsys):
    result = run("passwd", "--store", str(store), "--passphrase-stdin", stdin=f"{PASS}\nnew secret words\n")
    assert result.returncode == 0, result.stderr
    assert run("check", "--store", str(store), "--passphrase-stdin", stdin="new secret words\n").returncode == 0
    assert run("check", "--store", str(store), "--passphrase-stdin", stdin=f"{PASS}\n").returncode == 1


def test_backup_and_restore_round_trip(store, tmp_path, capsys):
    backup = tmp_path / "backup.advisor"
    args = ["--passphrase-env", "ADVISOR_PASS"]
    assert main(["backup", "--store", str(store), "--to", str(backup), *args]) == 0
    restored = tmp_path / "restored"
    assert main(["restore", str(backup), "--store", str(restored), *args]) == 0
    capsys.readouterr()
    assert main(["cases", "--store", str(restored), "--json", *args]) == 0
    assert len(json.loads(capsys.readouterr().out)) >= 5


def test_export_then_import_into_another_store(store, tmp_path, capsys):
    args = ["--passphrase-env", "ADVISOR_PASS"]
    out = tmp_path / "case.json"
    capsys.readouterr()
    main(["cases", "--store", str(store), "--json", *args])
    priya = next(c for c in json.loads(capsys.readouterr().out) if c["name"] == "Priya Sharma")
    assert main(["export", "--store", str(store), "--case", priya["reference"], "--out", str(out), *args]) == 0
    exported = json.loads(out.read_text())
    assert exported["format"] == "advisor-app.case"
    assert exported["sections"]["person"]["first_name"] == "Priya"
    other = tmp_path / "other"
    assert main(["init", "--store", str(other), *args]) == 0
    assert main(["import", "--store", str(other), str(out), *args]) == 0
    assert main(["import", "--store", str(other), str(out), *args]) == 1  # already there
    capsys.readouterr()
    main(["cases", "--store", str(other), "--json", *args])
    assert [c["name"] for c in json.loads(capsys.readouterr().out)] == ["Priya Sharma"]


def test_key_print_raw_warns_on_stderr(store):
    result = run("key", "--store", str(store), "--passphrase-env", "ADVISOR_PASS", "--print-raw")
    assert result.returncode == 0
    assert len(result.stdout.strip()) == 64
    int(result.stdout.strip(), 16)
    assert "WARNING" in result.stderr
