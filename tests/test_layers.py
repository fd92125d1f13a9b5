"""The layers as a tested contract (docs/ARCHITECTURE.md): import-linter checks the contracts in
pyproject.toml, and no SQL is written outside the store and the office's store."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "advisor_app"
# The adapters that own a database: the laptop's encrypted store, and the office's store with its
# importer and the relay (SQLAlchemy Core).
SQL_HOMES = ("store/", "office/store.py", "office/tables.py", "office/importer.py", "office/relay.py",
             "office/audit.py", "office/users.py",  # the office store's audit log and users tables
             "office/learning_store.py",  # the office's workshops, themes, grades and kept figures
             "office/relay_guard.py",  # the relay's HTTP connections (h11's ``conn``), no SQL
             "office/migrations/")
SQL = re.compile(r"\.(execute|executemany|executescript|query)\(|\.db\.|\.conn\b"
                 r"|\b(select\s.+\sfrom|insert\s+(or\s+\w+\s+)?into|update\s+\w+\s+set|delete\s+from|create\s+table"
                 r"|pragma\s+\w+)\b", re.IGNORECASE)


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")  # the test extras install it beside python
    run = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 kept, 0 broken" in run.stdout


def test_no_sql_outside_the_stores():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(SQL_HOMES):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if SQL.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_the_sql_check_finds_sql():
    """The pattern above would see what it forbids (so the test above can fail)."""
    for line in ('rows = service.store.db.conn.execute("SELECT value FROM meta")',
                 "service.store.db.query('select 1')", 'sql = "INSERT OR IGNORE INTO meta VALUES (?)"',
                 'f"select data from records where entity = ?"', "cursor.execute(sql)"):
        assert SQL.search(line), line
    for line in ("self.select_all(); results.update(x)", 'office_command("init", run, "create the office\'s store")'):
        assert not SQL.search(line), line
