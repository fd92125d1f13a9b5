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


def report_lines(report) -> list[str]:
    """The report in plain lines (the CLI prints them; the office app can show them)."""
    out = []
    for check in report.signatures:
        when = check.signed_at.strftime("%Y-%m-%d %H:%M:%S %Z") if check.signed_at else _("unknown time")
        state = _("intact") if check.intact and check.valid else _("NOT intact")
        trusted = _("trusted ({anchor})", anchor=check.trusted_as) if check.trusted else _("NOT trusted")
        who = check.signer_name or "?"
        if check.on_behalf_of:
            who = _("{who} for {owner}", who=who, owner=check.on_behalf_of)
        method = (check.evidence or {}).get("method", "")
        out.append(f"{check.field}: {who} [{check.signer}], {when}, {method or '?'}, {state}, {trusted}")
    for stamp in report.timestamps:
        at = stamp.at.strftime("%Y-%m-%d %H:%M:%S %Z") if stamp.at else "?"
        out.append(_("Document timestamp: {at} by {tsa}, {state}", at=at, tsa=stamp.authority or "?",
                     state=(_("intact") if stamp.intact else _("NOT intact")) + ", " +
                     (_("trusted") if stamp.trusted else _("authority not among the trust anchors"))))
    if report.long_term:
        out.append(_("Long-term validation data: PAdES {level}", level=report.long_term))
    unsigned = [b for b in report.boxes if not b.signed]
    if unsigned:
        out.append(_("Not signed yet: {boxes}", boxes=", ".join(
            b.field + ("" if b.required else " " + _("(optional)")) for b in unsigned)))
    for problem in report.problems:
        out.append(_("Problem: {problem}", problem=_(problem)))
    for note in report.notes:
        out.append(_("Note: {note}", note=_(note)))
    if report.ok:
        out.append(_("Verdict: intact, {n} signature(s), every required box signed.", n=len(report.signatures)))
    elif report.intact:
        out.append(_("Verdict: NOT COMPLETE: still to sign: {boxes}.", boxes=", ".join(report.still_to_sign)))
    else:
        out.append(_("Verdict: TAMPERED, UNTRUSTED or INVALID."))
    return out
