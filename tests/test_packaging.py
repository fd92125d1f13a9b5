"""The installed entry point works as a user would run it (packaging/smoke_test.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_smoke_test_passes_on_the_installed_entry_point():
    script = Path(sys.executable).with_name("advisor-app")
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(script)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout


def test_python_dash_m_runs_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "advisor_app", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "demo-store" in result.stdout and "backup" in result.stdout
