"""`advisor-app relay serve`: parsing, and the one-line messages for options it cannot use."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from advisor_app import paths
from advisor_app.cli import relay as relay_cli
from tests.relay_server import CREDENTIAL_ENV, OFFICE_CREDENTIAL, ROOT, free_port


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="advisor-app")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    relay_cli.add_parser(sub)
    return parser.parse_args(list(argv))


def test_parses_serve_with_defaults():
    args = parse("relay", "serve", "--office-credential-env", "VAR")
    assert args.func is relay_cli.cmd_relay_serve
    assert (args.host, args.port, args.database_url, args.max_bundle_mb) == ("127.0.0.1", 8765, None, 64)
    assert relay_cli.default_database_url() == f"sqlite:///{paths.data_dir() / 'relay.db'}"
    for argv in (["relay"], ["relay", "serve"]):  # a subcommand and the credential are required
        with pytest.raises(SystemExit) as exit:
            parse(*argv)
        assert exit.value.code == 2


@pytest.mark.parametrize("extra, env, message", [
    ([], {}, "the environment variable RELAY_TEST_VAR is not set: put the office's relay credential in it"),
    ([], {"RELAY_TEST_VAR": "short"}, "the office credential in RELAY_TEST_VAR is too short"),
    (["--keyfile", "key.pem"], {"RELAY_TEST_VAR": OFFICE_CREDENTIAL}, "--keyfile needs --certfile as well"),
    (["--certfile", "missing.pem"], {"RELAY_TEST_VAR": OFFICE_CREDENTIAL}, "could not load the TLS certificate"),
    (["--database-url", "mysql://relay@localhost/relay"], {"RELAY_TEST_VAR": OFFICE_CREDENTIAL},
     "The relay stores bundles in SQLite or PostgreSQL; this database URL is neither."),
    (["--database-url", "not a url"], {"RELAY_TEST_VAR": OFFICE_CREDENTIAL},
     "the database URL is not one the relay can use"),
    (["--database-url", "postgresql://relay:secret@127.0.0.1:1/relay"], {"RELAY_TEST_VAR": OFFICE_CREDENTIAL},
     "could not open the relay's database: "),
])
def test_problems_are_one_line(extra, env, message, monkeypatch, capsys):
    monkeypatch.delenv("RELAY_TEST_VAR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    args = parse("relay", "serve", "--office-credential-env", "RELAY_TEST_VAR", "--port", str(free_port()), *extra)
    assert relay_cli.cmd_relay_serve(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.startswith("advisor-app relay: ") and err.count("\n") == 1
    assert "secret" not in err


def test_module_entry_point_reports_problems():
    result = subprocess.run([sys.executable, "-m", "advisor_app.cli.relay", "--office-credential-env",
                             CREDENTIAL_ENV + "_UNSET"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"advisor-app relay: the environment variable {CREDENTIAL_ENV}_UNSET is not "
                                     "set: put the office's relay credential in it")
