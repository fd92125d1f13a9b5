"""A signature check (``signing/verify.py``'s report) in plain lines: each signature (box, who,
when, how, trusted as what), each box still to sign, each problem, and a verdict. The command line
prints them (``advisor-app verify``); the office shows them before a manager countersigns."""

from __future__ import annotations

from advisor_app.i18n import _


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
