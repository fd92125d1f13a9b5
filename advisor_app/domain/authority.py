"""Who may say what: what a laptop may send the office, and what only the office issues.

A laptop journals what its advisor did there: the case, its sections and records, and the
documents made and signed on it. Some things only the office says: a manager's decision on a risk
assessment, the office's countersignature on an agreement (its ``office`` signature field),
provider files, a case's move to another laptop, a laptop's reference prefix. A laptop applies
what the office sends and journals it like any edit, so it comes back to the office as an *echo*
(``office_version`` in the change's payload): that is accepted only when it is exactly what the
office issued. Anything else in the office's name is refused, and the whole bundle with it.

Pure rules: the office's adapter (``office/trust.py``) works out the facts (is this the office's
own version, does the office hold these bytes) and asks here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor_app.domain.messages import Msg, N_

OFFICE = "office"

# Records only the office makes, with what they are called in a refusal.
OFFICE_ONLY_ENTITIES: dict[str, str] = {
    "risk_decision": N_("a manager's decision on a risk assessment"),
}

# Signature fields only the office fills: the manager's countersignature.
OFFICE_SIGNATURE_FIELDS = frozenset({OFFICE})

# What the office sends a laptop that is never a record a laptop could journal back.
OFFICE_MESSAGES = frozenset({"certificate", "record", "document", "provider", "revoked", "case_moved",
                             "reference_code", "notice"})


def record_claim(seq: int, entity: str, *, echo: bool, issued_by_office: bool) -> str | None:
    """Why a laptop may not send this record change, or None. ``echo``: the change says it is the
    office's own version (``office_version``); ``issued_by_office``: the office did issue exactly
    that version."""
    if echo and not issued_by_office:
        return Msg("Change {seq} claims to be a record the office sent, but the office never sent it "
                   "like that.", seq=seq)
    if entity in OFFICE_ONLY_ENTITIES and not echo:
        return Msg("Change {seq} is {what}: only the office records those, never a laptop.",
                   seq=seq, what=OFFICE_ONLY_ENTITIES[entity])
    return None


def signed_by_office(meta: Mapping[str, Any], filled_fields: list[str]) -> bool:
    """Whether a document says (in its details) or shows (in its filled signature fields) that
    the office signed it."""
    fields = meta.get("signed_fields")
    said = (meta.get("field") in OFFICE_SIGNATURE_FIELDS or meta.get("role") == OFFICE
            or (isinstance(fields, list) and any(f in OFFICE_SIGNATURE_FIELDS for f in fields)))
    return said or any(f in OFFICE_SIGNATURE_FIELDS for f in filled_fields)


def document_claim(seq: int, title: str, *, office_signed: bool, held_by_office: bool) -> str | None:
    """Why a laptop may not send this document, or None: a document the office signed comes from
    the office, so a laptop may only send back the very bytes the office holds."""
    if office_signed and not held_by_office:
        return Msg("Change {seq} is a copy of “{title}” countersigned in the office's box that the office "
                   "never made: only a manager at the office countersigns.", seq=seq, title=title)
    return None


def invalid_record(seq: int, title: str, problems: Mapping[str, str]) -> str:
    """The refusal for a record the domain models do not accept: its kind and first field."""
    field, problem = next(iter(problems.items()))
    if field.startswith("_"):
        return Msg("Change {seq} ({title}) is not valid: {problem}", seq=seq, title=title, problem=problem)
    return Msg("Change {seq} ({title}, field “{field}”) is not valid: {problem}", seq=seq, title=title,
               field=field, problem=problem)

