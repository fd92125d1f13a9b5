"""What the office believes of a laptop's bundle, checked before anything of it is applied.

The importer calls ``refusal`` once, after the chain checks and before it writes: every record is
validated with the domain models the laptop uses (for the journal schema version it was written
under), and nothing is accepted in the office's name that the office did not issue
(``domain/authority.py`` has the rules; here are the facts: the office's own versions of records,
the documents it holds, the signature fields a PDF has filled). The first problem refuses the
whole bundle, naming the change, the kind of record and the field.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from advisor_app.domain import authority
from advisor_app.domain.messages import Msg
from advisor_app.domain.sections import ENTITY_TITLES, validate_entity
from advisor_app.store.canonical import canonical_json

DOCUMENT = "document"
SIGNED_AGREEMENT = "signed-agreement"

# (entity_id, version) -> (canonical data JSON, deleted): the office's own versions of records.
OfficeVersions = Mapping[tuple[str, int], tuple[str, bool]]


def refusal(changes: Sequence[Mapping[str, Any]], *, office_versions: OfficeVersions,
            current: Mapping[str, Mapping[str, Any]], documents_held: Collection[str],
            document_bytes: Mapping[str, bytes]) -> str | None:
    """Why the bundle's new ``changes`` cannot be accepted, or None. ``current``: the office's
    records they touch (``records`` rows); ``documents_held``: documents the office had before."""
    for change in changes:
        if change["entity"] == DOCUMENT:
            problem = _document(change, documents_held, document_bytes)
        else:
            problem = _record(change, office_versions, current)
        if problem:
            return problem
    return None


def title(entity: str) -> str:
    return ENTITY_TITLES.get(entity, entity)


def _record(change: Mapping[str, Any], office_versions: OfficeVersions,
            current: Mapping[str, Mapping[str, Any]]) -> str | None:
    seq, entity, payload = change["seq"], change["entity"], change["payload"]
    deleted = change["op"] == "delete"
    if not deleted:
        checked = validate_entity(entity, payload["data"], change["schema_version"])
        if not checked.ok:
            return authority.invalid_record(seq, title(entity), checked.errors)
    version = payload.get("office_version")
    echo = "office_version" in payload
    issued = False
    if echo:
        if not isinstance(version, int) or isinstance(version, bool):
            return authority.record_claim(seq, entity, echo=True, issued_by_office=False)
        data_json = None if deleted else canonical_json(payload["data"])
        held = current.get(change["entity_id"])
        candidates = [office_versions.get((change["entity_id"], version))]
        if held is not None and held["version"] == version:
            candidates.append((held["data"], bool(held["deleted"])))
        issued = any(found is not None and found[1] == deleted and (deleted or found[0] == data_json)
                     for found in candidates)
    return authority.record_claim(seq, entity, echo=echo, issued_by_office=issued)


def _document(change: Mapping[str, Any], held: Collection[str], document_bytes: Mapping[str, bytes]) -> str | None:
    payload = change["payload"]
    sha256 = change["entity_id"]
    filled: list[str] = []
    content = document_bytes.get(sha256)
    if payload["kind"] == SIGNED_AGREEMENT and content is not None:
        from advisor_app.signing.pdf import signature_fields

        try:
            filled = [name for name, signed in signature_fields(content) if signed]
        except Exception:  # pyHanko's many parse errors: whatever it is, it is not a signed PDF
            return _unreadable(change)
    office_signed = authority.signed_by_office(payload["meta"], filled)
    return authority.document_claim(change["seq"], payload["title"], office_signed=office_signed,
                                    held_by_office=sha256 in held)


def _unreadable(change: Mapping[str, Any]) -> str:
    return Msg("Change {seq} is a signed agreement (“{title}”) that is not a readable PDF.",
               seq=change["seq"], title=change["payload"]["title"])

