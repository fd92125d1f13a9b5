"""``advisor-app documents ... --kind signed-agreement``: write the newest signed agreement of a
case (nothing is made or stored: it is written as it was signed). Exit 0 written, 1 a problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from advisor_app.i18n import _

PROG = "advisor-app"
KIND = "signed-agreement"


def write_signed(store: Path, passphrase: str, case: str, out: Path, *, stdout: TextIO | None = None,
                 stderr: TextIO | None = None) -> int:
    from advisor_app.documents_cli import _find_case
    from advisor_app.services import AdvisorService
    from advisor_app.services import agreement
    from advisor_app.store.errors import StoreError

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr

    def fail(message: str) -> int:
        print(f"{PROG}: {message}", file=stderr)
        return 1

    try:
        service = AdvisorService.unlock(Path(store), passphrase)
    except StoreError as exc:
        return fail(str(exc))
    try:
        case_id = _find_case(service, case)
        if case_id is None:
            return fail(_("no case with id or reference {case}", case=case))
        record = agreement.newest_signed(service, case_id)
        if record is None:
            return fail(_("case {case} has no signed agreement yet", case=case))
        content = service.store.document(record.sha256)
        try:
            out.mkdir(parents=True, exist_ok=True)
            path = out / agreement.file_name(record)
            path.write_bytes(content.content)
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
    from advisor_app.store.errors import StoreError

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        service = AdvisorService.unlock(Path(store), passphrase)
    except StoreError as exc:
        print(f"{PROG}: {exc}", file=stderr)
        return 1
    try:
        Path(out).write_bytes(agreement.identity(service).ca_cert_pem)
    except OSError as exc:
        print(f"{PROG}: " + _("cannot write {file}: {reason}", file=exc.filename, reason=exc.strerror), file=stderr)
        return 1
    finally:
        service.lock()
    print(_("Wrote {file}", file=out), file=stdout)
    return 0
