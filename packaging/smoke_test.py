"""Smoke test of an installed or built app: `python packaging/smoke_test.py [COMMAND]`.

Runs the real program (default: `advisor-app` on PATH) as a user would: creates the demo store,
lists its cases, checks the store, and starts the window until its first screen is shown.
Exits 0 when all of that works; prints what failed otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PASSPHRASE = "smoke test passphrase"


def main(argv: list[str]) -> int:
    command = argv[1:] or [shutil.which("advisor-app") or "advisor-app"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SMOKE_PASS": PASSPHRASE, "ADVISOR_APP_DATA_DIR": f"{tmp}/data",
               "ADVISOR_APP_CONFIG_DIR": f"{tmp}/config", "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        store = str(Path(tmp) / "store")
        steps = [
            ["demo-store", "--store", store, "--passphrase-env", "SMOKE_PASS"],
            ["cases", "--store", store, "--passphrase-env", "SMOKE_PASS", "--json"],
            ["check", "--store", store, "--passphrase-env", "SMOKE_PASS"],
        ]
        outputs = []
        for step in steps:
            result = subprocess.run([*command, *step], env=env, capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                print(f"smoke test: `{' '.join(step[:1])}` failed: {result.stderr.strip()}", file=sys.stderr)
                return 1
            outputs.append(result.stdout)
        if len(json.loads(outputs[1])) < 5:
            print("smoke test: the demo store has fewer than five cases", file=sys.stderr)
            return 1
        window = subprocess.run([*command, "--store", store], env={**env, "ADVISOR_APP_QUIT_WHEN_READY": "1"},
                                capture_output=True, text=True, timeout=120)
        if window.returncode != 0:
            print(f"smoke test: the window did not start: {window.stderr.strip()}", file=sys.stderr)
            return 1
    print("smoke test passed: demo store, case list, check, window")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
