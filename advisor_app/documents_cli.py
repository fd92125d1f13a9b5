"""``advisor-app documents --store DIR --case ID --out DIR [--kind KIND]``: make a case's documents.

Writes one PDF per kind (or just the kind asked for) into ``--out``, named like
``C-2026-0003-support-plan-v1.pdf`` (a kind made per record, like the risk form, writes one per
record: ``C-2026-0003-risk-RA-2026-0001-v1.pdf``), and saves each into the store as well (the same document
again is the same stored version, so running it twice makes no duplicates). ``--case`` takes
the case id or its reference. Without ``--kind``, kinds the case is not ready for are skipped
with a note on stderr. Exit codes: 0 written, 1 a problem (one line on stderr).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from advisor_app.i18n import _

PROG = "advisor-app"


def _find_case(service, ident: str) -> str | None:
    for case in service.list_cases():
        if ident in (case.id, case.reference):
            return case.id
    return None


def run(store: Path, passphrase: str, case: str, out: Path, kind: str | None, *,
        made_on: dt.date | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from advisor_app.services import AdvisorService
    from advisor_app.services import documents
    from advisor_app.store.errors import StoreError

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr

    def fail(message: str) -> int:
        print(f"{PROG}: {message}", file=stderr)
        return 1

    if kind is not None and kind not in documents.KINDS:
        return fail(_("there is no document called “{kind}”; the documents are: {kinds}",
                      kind=kind, kinds=", ".join(documents.KINDS)))
    try:
        service = AdvisorService.unlock(Path(store), passphrase)
    except StoreError as exc:
        return fail(str(exc))
    try:
        case_id = _find_case(service, case)
        if case_id is None:
            return fail(_("no case with id or reference {case}", case=case))
        reference = service.load_case(case_id).header.reference
        wanted = [documents.get_kind(kind)] if kind else documents.kinds_in_order()
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return fail(_("cannot make the folder {folder}: {reason}", folder=out, reason=exc.strerror))
        written = 0
        for document in wanted:
            # A kind made once per record (the risk form: one per assessment) writes each of them.
            parts = documents.document_parts(service, case_id, document.id)
            for part in [None] if parts is None else parts or [None]:
                try:
                    pdf = documents.make_document(service, case_id, document.id, made_on=made_on,
                                                  part=part.id if part else None)
                except documents.DocumentNotReady as exc:
                    if kind:
                        return fail(f"{document.id}: {exc}")
                    print(_("Skipped {kind}: {reason}", kind=document.id, reason=exc), file=stderr)
                    continue
                record = documents.save_document(service, case_id, document.id, pdf,
                                                 part=part.id if part else None)
                path = out / (documents.file_name(reference, document.id, record.version) if part is None else
                              documents.file_name(reference, document.id, record.meta["part_version"], part.label))
                try:
                    path.write_bytes(pdf)
                except OSError as exc:
                    return fail(_("cannot write {file}: {reason}", file=path, reason=exc.strerror))
                print(_("Wrote {file}", file=path), file=stdout)
                written += 1
        if not written:
            return fail(_("case {case} is not ready for any document yet", case=reference))
        return 0
    except StoreError as exc:
        return fail(str(exc))
    finally:
        service.lock()
