"""``advisor-app verify FILE.pdf [--trust CA.pem]``: check the signatures of a signed agreement.

Prints one line per signature (field, who, when, intact, how much of the file it covers, trusted)
and a verdict. Exit codes: 0 every signature intact and nothing changed after the last one;
1 tampered, invalid, unsigned or unreadable (the reasons are printed).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

from advisor_app.cli.common import PROG
from advisor_app.i18n import _


def run(path: Path, trust: Path | None = None, *, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    from advisor_app.services.agreement import verify as verify_pdf

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    # pyHanko logs its difference analysis at length; the verdict below says what matters.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    try:
        pdf = Path(path).read_bytes()
        trust_pem = Path(trust).read_bytes() if trust else None
    except OSError as exc:
        print(f"{PROG}: " + _("cannot read {file}: {reason}", file=exc.filename, reason=exc.strerror), file=stderr)
        return 1
    report = verify_pdf(pdf, trust_pem)
    for check in report.signatures:
        when = check.signed_at.strftime("%Y-%m-%d %H:%M:%S %Z") if check.signed_at else _("unknown time")
        coverage = _("covers the whole file") if check.covers_whole_file else _("covers revision {n} only",
                                                                                 n=check.signed_revision)
        state = _("intact") if check.intact and check.valid else _("NOT intact")
        trusted = _("trust not checked")
        if report.trust_given:
            trusted = _("trusted") if check.trusted else _("NOT trusted")
        print(f"{check.field}: {check.signer_name or '?'} [{check.signer}], {when}, {state}, {coverage}, {trusted}",
              file=stdout)
    for problem in report.problems:
        print(_("Problem: {problem}", problem=problem), file=stdout)
    print(_("Verdict: intact, {n} signature(s).", n=len(report.signatures)) if report.ok
          else _("Verdict: TAMPERED or INVALID."), file=stdout)
    return 0 if report.ok else 1
