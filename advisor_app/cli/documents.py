"""``advisor-app documents --store DIR --case ID --out DIR [--kind KIND]``: make a case's documents;
``advisor-app signing-ca`` and ``advisor-app verify`` for their signatures.

The documents come in the person's language (their communication needs) unless ``--language
en|pl|ur`` says which; each PDF's /Lang says it.

Writes one PDF per kind (or just the kind asked for) into ``--out``, named like
``C-2026-0003-support-plan-v1.pdf`` (a kind made per record, like the risk form, writes one per
record: ``C-2026-0003-risk-RA-2026-0001-v1.pdf``), and saves each into the store as well (the same document
again is the same stored version, so running it twice makes no duplicates). ``--case`` takes
the case id or its reference. Without ``--kind``, kinds the case is not ready for are skipped
with a note on stderr. Exit codes: 0 written, 1 a problem (one line on stderr).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from advisor_app.cli.common import PROG, find_case, passphrase
from advisor_app.domain.communication import DOCUMENT_LANGUAGES
from advisor_app.i18n import _


def run(store: Path, passphrase: str, case: str, out: Path, kind: str | None, *,
        made_on: dt.date | None = None, language: str | None = None,
        stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from advisor_app.services import AdvisorService
    from advisor_app.services import documents
    from advisor_app.services.errors import StoreError
    from advisor_app.services.files import write_in_folder

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
        case_id = find_case(service, case)
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
                                                  part=part.id if part else None, language=language)
                except documents.DocumentNotReady as exc:
                    if kind:
                        return fail(f"{document.id}: {exc}")
                    print(_("Skipped {kind}: {reason}", kind=document.id, reason=exc), file=stderr)
                    continue
                record = documents.save_document(service, case_id, document.id, pdf,
                                                 part=part.id if part else None)
                name = (documents.file_name(reference, document.id, record.version) if part is None else
                        documents.file_name(reference, document.id, record.meta["part_version"], part.label))
                try:
                    path = write_in_folder(out, name, pdf)
                except OSError as exc:
                    return fail(_("cannot write {file}: {reason}", file=out / name, reason=exc.strerror))
                print(_("Wrote {file}", file=path), file=stdout)
                written += 1
        if not written:
            return fail(_("case {case} is not ready for any document yet", case=reference))
        return 0
    except StoreError as exc:
        return fail(str(exc))
    finally:
        service.lock()


def write_signed(store: Path, passphrase: str, case: str, out: Path, *, stdout: TextIO | None = None,
                 stderr: TextIO | None = None) -> int:
    from advisor_app.services import AdvisorService
    from advisor_app.services import agreement, documents
    from advisor_app.services.errors import StoreError
    from advisor_app.services.files import write_in_folder

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr

    def fail(message: str) -> int:
        print(f"{PROG}: {message}", file=stderr)
        return 1

    try:
        service = AdvisorService.unlock(Path(store), passphrase)
    except StoreError as exc:
        return fail(str(exc))
    try:
        case_id = find_case(service, case)
        if case_id is None:
            return fail(_("no case with id or reference {case}", case=case))
        record = agreement.newest_signed(service, case_id)
        if record is None:
            return fail(_("case {case} has no signed agreement yet", case=case))
        content = documents.document_bytes(service, record.sha256)
        try:
            out.mkdir(parents=True, exist_ok=True)
            path = write_in_folder(out, agreement.file_name(record), content)
        except OSError as exc:
            return fail(_("cannot write {file}: {reason}", file=exc.filename, reason=exc.strerror))
        print(_("Wrote {file}", file=path), file=stdout)
        return 0
    except StoreError as exc:
        return fail(str(exc))
    finally:
        service.lock()


def export_ca(store: Path, passphrase: str, out: Path, *, stdout: TextIO | None = None,
              stderr: TextIO | None = None) -> int:
    """Write the store's local signing CA certificate (public) for ``advisor-app verify --trust``."""
    from advisor_app.services import AdvisorService
    from advisor_app.services import agreement
    from advisor_app.services.errors import StoreError
    from advisor_app.services.files import atomic_write

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        service = AdvisorService.unlock(Path(store), passphrase)
    except StoreError as exc:
        print(f"{PROG}: {exc}", file=stderr)
        return 1
    try:
        atomic_write(Path(out), agreement.identity(service).ca_cert_pem)
    except OSError as exc:
        print(f"{PROG}: " + _("cannot write {file}: {reason}", file=exc.filename, reason=exc.strerror), file=stderr)
        return 1
    finally:
        service.lock()
    print(_("Wrote {file}", file=out), file=stdout)
    return 0


SIGNED_AGREEMENT = "signed-agreement"


def cmd_documents(args: argparse.Namespace) -> int:
    if args.kind == SIGNED_AGREEMENT:
        return write_signed(Path(args.store), passphrase(args), args.case, Path(args.out))
    return run(Path(args.store), passphrase(args), args.case, Path(args.out), args.kind, language=args.language)


def cmd_signing_ca(args: argparse.Namespace) -> int:
    return export_ca(Path(args.store), passphrase(args), Path(args.out))


def cmd_verify(args: argparse.Namespace) -> int:
    from advisor_app.cli import verify

    return verify.run(Path(args.file), [Path(t) for t in args.trust or []],
                      store=Path(args.store) if args.store else None)


def add_commands(command) -> None:
    p = command("documents", cmd_documents, "make a case's documents as PDFs (also kept in the store)")
    p.add_argument("--case", required=True, metavar="ID", help="case id or reference")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--kind", help="one kind only: expression-of-interest, one-page-profile, support-plan, "
                                  "risk, quote, agreement, signed-agreement, job-description, "
                                  "person-specification, interview-questions, handover, review or budget-statement")
    p.add_argument("--language", choices=DOCUMENT_LANGUAGES,
                   help="the documents' language (default: the person's, from their communication needs)")
    p = command("verify", cmd_verify, "check the signatures of a signed agreement PDF", store=False, secret=False)
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--trust", metavar="CA.pem", action="append",
                   help="also trust this CA certificate (may be given more than once)")
    p.add_argument("--store", help="the store folder whose trusted CAs to use (default: the usual one)")
    p = command("signing-ca", cmd_signing_ca, "write this store's signing CA certificate (for verify --trust)")
    p.add_argument("--out", required=True, metavar="CA.pem")
