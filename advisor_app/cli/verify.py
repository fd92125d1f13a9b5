"""``advisor-app verify FILE.pdf [--trust CA.pem ...] [--store DIR]``: check a signed agreement.

The verifier is signing/verify.py (the same the app and the office use). It trusts the CAs this
laptop trusts (its office's and its own, from the store folder's public ``signing-trust.pem``)
and each ``--trust`` file besides. Prints one line per signature (box, who, when, how, trusted
as what), each box still to sign, each problem, and a verdict. Exit codes: 0 every signature
intact, trusted and allowed, nothing changed after signing, and every required box signed;
1 anything else (the reasons are printed), or a file that cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from advisor_app.cli.common import PROG
from advisor_app.i18n import _
from advisor_app.services.signature_report import report_lines


def run(path: Path, trust: list[Path] | Path | None = None, *, store: Path | None = None,
        stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from advisor_app.services.agreement import laptop_anchors, verify

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    trust = [trust] if isinstance(trust, Path) else list(trust or [])
    try:
        pdf = Path(path).read_bytes()
        extra = [Path(t).read_bytes() for t in trust]
        anchors = laptop_anchors(store, extra)
    except OSError as exc:
        print(f"{PROG}: " + _("cannot read {file}: {reason}", file=exc.filename, reason=exc.strerror), file=stderr)
        return 1
    except ValueError:
        print(f"{PROG}: " + _("a --trust file is not a certificate (PEM or DER)"), file=stderr)
        return 1
    report = verify(pdf, anchors)
    for line in report_lines(report):
        print(line, file=stdout)
    return 0 if report.ok else 1
