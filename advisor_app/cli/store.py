"""The commands on the advisor's own store: init, passwd, rekey, recover, check, salvage, backup,
restore, export, import, import-hours, key, cases and demo-store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from advisor_app.cli.common import (
    EXIT_OK, EXIT_USER, UserError, env_value, find_case, open_service, passphrase, read_input, stdin_lines,
)


def _case_id(service, ident: str) -> str:
    case_id = find_case(service, ident)
    if case_id is None:
        raise UserError(f"no case with id or reference {ident}")
    return case_id


def cmd_init(args: argparse.Namespace) -> int:
    from advisor_app.services import AdvisorService

    office_key = Path(args.office_key).read_bytes() if args.office_key else None
    AdvisorService.create(Path(args.store), passphrase(args), advisor_name=args.advisor_name,
                          office_public_key=office_key).lock()
    print(f"Created an encrypted store in {args.store}")
    return EXIT_OK


def _change_key(args: argparse.Namespace, change) -> None:
    """Unlock with the passphrase, then ``change(service, current, new)``."""
    service = open_service(args)
    try:
        change(service, passphrase(args), passphrase(args, new=True))
    finally:
        service.lock()


def cmd_passwd(args: argparse.Namespace) -> int:
    from advisor_app.services import keys

    _change_key(args, keys.change_passphrase)
    print("Passphrase changed. An old copy of store.key still opens the store with the old passphrase: "
          "`advisor-app rekey` ends that.")
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace) -> int:
    from advisor_app.services import keys

    _change_key(args, keys.rekey)
    print("The store has a new key and a new passphrase. Earlier key files, passphrases and recovery "
          "copies no longer open it; backups made before keep their own key and passphrase.")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from advisor_app.services import keys

    data = read_input(args.file)
    lines = stdin_lines(args) if args.passphrase_stdin else []
    if len(lines) >= 2:
        code, new = lines[0], lines[1]
    elif args.code_env and args.new_passphrase_env:
        code, new = env_value(args.code_env), env_value(args.new_passphrase_env)
    else:
        raise UserError("give the recovery code and the new passphrase with --code-env VAR and "
                        "--new-passphrase-env VAR, or both on stdin (the code first) with --passphrase-stdin")
    keys.recover(Path(args.store), data, code, new).lock()
    print("Recovered: the store now opens with the new passphrase.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from advisor_app.services import AdvisorService

    # Opened even with damaged pages, so the check can say which.
    service = AdvisorService.unlock(Path(args.store), passphrase(args), check_pages=False)
    try:
        problems = service.check()
    finally:
        service.lock()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        if any(problem.startswith("Encrypted page check") for problem in problems):
            print(f"Pages of the store are damaged. `advisor-app salvage --store {args.store} --to NEW-DIR` "
                  "copies every readable record into a new store.", file=sys.stderr)
        return EXIT_USER
    print("The store is intact: integrity check and change journal chain pass.")
    return EXIT_OK


def cmd_salvage(args: argparse.Namespace) -> int:
    from advisor_app.services import keys

    report = keys.salvage(Path(args.store), Path(args.to), passphrase(args))
    for line in report.lines():
        print(line)
    print(f"The new store is in {args.to}; it opens with the same passphrase.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    service = open_service(args)
    try:
        service.backup(Path(args.to))
    finally:
        service.lock()
    print(f"Encrypted backup written to {args.to}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from advisor_app.services import AdvisorService

    AdvisorService.restore(Path(args.backup), Path(args.store), passphrase(args), overwrite=args.force).lock()
    print(f"Restored the store into {args.store}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    service = open_service(args)
    try:
        data = service.export_case(_case_id(service, args.case))
    finally:
        service.lock()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if args.out:
        from advisor_app.services.errors import from_os_error
        from advisor_app.services.files import atomic_write

        try:  # personal data: private (0600), and never half-written
            atomic_write(Path(args.out), (text + "\n").encode("utf-8"))
        except OSError as exc:
            raise from_os_error(exc, store_folder=False) from None
    else:
        print(text)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    raw = read_input(args.file)
    service = open_service(args)
    try:
        case_id = service.import_case(raw)
        reference = service.load_case(case_id).header.reference
    finally:
        service.lock()
    print(f"Imported case {reference}")
    return EXIT_OK


def cmd_import_hours(args: argparse.Namespace) -> int:
    """Delivered hours from a rota's CSV into the case's newest budget statement."""
    from advisor_app.domain.delivered_csv import MAX_BYTES
    from advisor_app.services import statements

    try:  # no more than the limit is read: a larger file is refused by its size
        with open(args.file, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror}") from None
    service = open_service(args)
    try:
        case_id = _case_id(service, args.case)
        found = statements.list_statements(service, case_id)
        if not found:
            raise UserError(f"case {args.case} has no budget statement yet; start one in a review")
        batch = statements.import_hours(service, case_id, found[-1].id, raw, file_name=Path(args.file).name)
    finally:
        service.lock()
    print(f"Imported {len(batch.rows)} line(s) of delivered hours into the statement from "
          f"{found[-1].period_from.isoformat()} ({found[-1].weeks} weeks)")
    return EXIT_OK


def cmd_key(args: argparse.Namespace) -> int:
    if not args.print_raw:
        raise UserError("say --print-raw to print the raw data key")
    service = open_service(args)
    try:
        key = service.raw_key_hex()
    finally:
        service.lock()
    print("WARNING: this key opens the store without the passphrase. Keep it secret; "
          "use it only for recovery with a standard SQLCipher 4 tool.", file=sys.stderr)
    print(key)
    return EXIT_OK


def cmd_cases(args: argparse.Namespace) -> int:
    service = open_service(args)
    try:
        cases = service.list_cases(search=args.search or "")
    finally:
        service.lock()
    if args.json:
        print(json.dumps([{"id": c.id, "reference": c.reference, "name": c.person_name, "postcode": c.postcode,
                           "stage": str(c.stage), "status": str(c.status), "updated_at": c.updated_at}
                          for c in cases], indent=2, ensure_ascii=False))
    else:
        for c in cases:
            print(f"{c.reference:<12} {c.person_name:<28} {c.postcode:<9} {c.stage:<16} {c.status}")
    return EXIT_OK


def cmd_demo_store(args: argparse.Namespace) -> int:
    from advisor_app.demo import create_demo_store

    create_demo_store(Path(args.store), passphrase(args), office_records=not args.for_office)
    print(f"Created the demo store in {args.store}")
    return EXIT_OK


def add_commands(command) -> None:
    """Add the store commands to advisor-app's parser (``command`` is the parser's helper)."""
    p = command("init", cmd_init, "create a new encrypted store")
    p.add_argument("--advisor-name", default="")
    p.add_argument("--office-key", help="the office's X25519 public key file (raw 32 bytes) for the recovery copy")
    p = command("passwd", cmd_passwd, "change the store's passphrase (re-wraps the same key)")
    p.add_argument("--new-passphrase-env", metavar="VAR")
    p = command("rekey", cmd_rekey, "give the store a new data key and passphrase (old key files stop working)")
    p.add_argument("--new-passphrase-env", metavar="VAR")
    p = command("recover", cmd_recover, "set a new passphrase with a recovery file from the office", secret=False)
    p.add_argument("--file", required=True, metavar="FILE", help="the recovery file the office made")
    p.add_argument("--code-env", metavar="VAR", help="the variable holding the recovery code the office gave")
    p.add_argument("--new-passphrase-env", metavar="VAR")
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="read the recovery code, then the new passphrase, from stdin")
    p.set_defaults(passphrase_env=None)
    command("check", cmd_check, "check the store's integrity and its change journal")
    p = command("salvage", cmd_salvage, "copy every readable record of a damaged store into a new store")
    p.add_argument("--to", required=True, metavar="DIR", help="a new, empty folder for the new store")
    p = command("backup", cmd_backup, "write an encrypted backup of the whole store")
    p.add_argument("--to", required=True, metavar="FILE")
    p = command("restore", cmd_restore, "restore a store from an encrypted backup")
    p.add_argument("backup", metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace an existing store")
    p = command("export", cmd_export, "export one case as JSON (resources/schemas/case.schema.json)")
    p.add_argument("--case", required=True, metavar="ID", help="case id or reference")
    p.add_argument("--out", metavar="FILE")
    p = command("import", cmd_import, "import a case exported as JSON; checked before anything is written")
    p.add_argument("file", metavar="FILE")
    p = command("import-hours", cmd_import_hours, "import delivered hours from a rota's CSV (docs/delivered-hours.md) "
                "into a case's newest budget statement; a bad file is refused with its line and field")
    p.add_argument("--case", required=True, metavar="ID", help="case id or reference")
    p.add_argument("file", metavar="FILE.csv")
    p = command("key", cmd_key, "print the raw data key (for recovery)")
    p.add_argument("--print-raw", action="store_true")
    p = command("cases", cmd_cases, "list the cases in a store")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", metavar="TEXT")
    p = command("demo-store", cmd_demo_store, "create the demo store")
    p.add_argument("--for-office", action="store_true",
                   help="leave out what only an office issues (managers' decisions), so it can sync with a "
                        "real (training) office")
