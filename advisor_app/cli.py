"""`advisor-app`: the desktop app, and non-interactive commands for administrators and scripts.

Exit codes: 0 success, 1 a user error with a one-line message on stderr, 2 usage.
Passphrases come from `--passphrase-env VAR` or `--passphrase-stdin` (first line); `passwd`
takes the new one from `--new-passphrase-env VAR` or the second line of stdin.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Callable

from advisor_app import paths

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A problem the person running the command can fix; printed as one line."""


def _stdin_lines(args: argparse.Namespace) -> list[str]:
    if not hasattr(args, "_stdin_cache"):
        args._stdin_cache = sys.stdin.read().splitlines()
    return args._stdin_cache


def env_value(name: str) -> str:
    value = os.environ.get(name)
    if value is None:
        raise UserError(f"the environment variable {name} is not set")
    return value


def passphrase(args: argparse.Namespace, *, new: bool = False) -> str:
    env = getattr(args, "new_passphrase_env", None) if new else args.passphrase_env
    if env:
        return env_value(env)
    if args.passphrase_stdin:
        lines = _stdin_lines(args)
        index = 1 if new else 0
        if len(lines) <= index:
            raise UserError("expected the new passphrase on the second line of stdin" if new
                            else "expected the passphrase on stdin")
        return lines[index]
    if sys.stdin.isatty():
        return getpass.getpass("New passphrase: " if new else "Passphrase: ")
    raise UserError("give the passphrase with --passphrase-env VAR or --passphrase-stdin")


def _service(args: argparse.Namespace):
    from advisor_app.services import AdvisorService

    return AdvisorService.unlock(Path(args.store), passphrase(args))


def cmd_init(args: argparse.Namespace) -> int:
    from advisor_app.services import AdvisorService

    office_key = Path(args.office_key).read_bytes() if args.office_key else None
    AdvisorService.create(Path(args.store), passphrase(args), advisor_name=args.advisor_name,
                          office_public_key=office_key).lock()
    print(f"Created an encrypted store in {args.store}")
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        new = passphrase(args, new=True)
        service.store.change_passphrase(passphrase(args), new)
    finally:
        service.lock()
    print("Passphrase changed.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        problems = service.check()
    finally:
        service.lock()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return EXIT_USER
    print("The store is intact: integrity check and change journal chain pass.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        service.store.backup(Path(args.to))
    finally:
        service.lock()
    print(f"Encrypted backup written to {args.to}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from advisor_app.store.store import Store

    Store.restore(Path(args.backup), Path(args.store), passphrase(args), overwrite=args.force).close()
    print(f"Restored the store into {args.store}")
    return EXIT_OK


def _find_case(service, ident: str) -> str:
    for case in service.list_cases():
        if ident in (case.id, case.reference):
            return case.id
    raise UserError(f"no case with id or reference {ident}")


def cmd_export(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        data = service.export_case(_find_case(service, args.case))
    finally:
        service.lock()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


def read_input(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None


def cmd_import(args: argparse.Namespace) -> int:
    raw = read_input(args.file)
    service = _service(args)
    try:
        case_id = service.import_case(raw)
        reference = service.load_case(case_id).header.reference
    finally:
        service.lock()
    print(f"Imported case {reference}")
    return EXIT_OK


def cmd_key(args: argparse.Namespace) -> int:
    if not args.print_raw:
        raise UserError("say --print-raw to print the raw data key")
    service = _service(args)
    try:
        key = service.store.raw_key_hex()
    finally:
        service.lock()
    print("WARNING: this key opens the store without the passphrase. Keep it secret; "
          "use it only for recovery with a standard SQLCipher 4 tool.", file=sys.stderr)
    print(key)
    return EXIT_OK


def cmd_cases(args: argparse.Namespace) -> int:
    service = _service(args)
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

    create_demo_store(Path(args.store), passphrase(args))
    print(f"Created the demo store in {args.store}")
    return EXIT_OK


def cmd_cost(args: argparse.Namespace) -> int:
    from advisor_app import costing_cli

    return costing_cli.run(args.file, args.json)


def cmd_documents(args: argparse.Namespace) -> int:
    from advisor_app import documents_cli

    if args.kind == "signed-agreement":
        from advisor_app import agreement_cli

        return agreement_cli.write_signed(Path(args.store), passphrase(args), args.case, Path(args.out))
    return documents_cli.run(Path(args.store), passphrase(args), args.case, Path(args.out), args.kind)


def cmd_verify(args: argparse.Namespace) -> int:
    from advisor_app import verify_cli

    return verify_cli.run(Path(args.file), Path(args.trust) if args.trust else None)


def cmd_signing_ca(args: argparse.Namespace) -> int:
    from advisor_app import agreement_cli

    return agreement_cli.export_ca(Path(args.store), passphrase(args), Path(args.out))


def cmd_gui(args: argparse.Namespace) -> int:
    from advisor_app.ui.app import run_app

    store = Path(args.store) if args.store else (paths.demo_store_dir() if args.demo else paths.default_store_dir())
    return run_app(store, demo=args.demo)


def passphrase_options(p: argparse.ArgumentParser, whose: str = "the passphrase") -> None:
    """How a command takes a passphrase: from a variable or from stdin, never as an argument."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--passphrase-env", metavar="VAR", help=f"read {whose} from this variable")
    group.add_argument("--passphrase-stdin", action="store_true", help=f"read {whose} from stdin")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advisor-app", description="Support advisor's app.")
    parser.add_argument("--demo", action="store_true", help="open the demo store (created if needed)")
    parser.add_argument("--store", help="the store directory to open")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str, *, store: bool = True,
                secret: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if store:
            p.add_argument("--store", default=str(paths.default_store_dir()), help="the store directory")
        if secret:
            passphrase_options(p)
        p.set_defaults(func=func)
        return p

    p = command("init", cmd_init, "create a new encrypted store")
    p.add_argument("--advisor-name", default="")
    p.add_argument("--office-key", help="the office's X25519 public key file (raw 32 bytes) for the recovery copy")
    p = command("passwd", cmd_passwd, "change the store's passphrase")
    p.add_argument("--new-passphrase-env", metavar="VAR")
    command("check", cmd_check, "check the store's integrity and its change journal")
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
    p = command("key", cmd_key, "print the raw data key (for recovery)")
    p.add_argument("--print-raw", action="store_true")
    p = command("cases", cmd_cases, "list the cases in a store")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", metavar="TEXT")
    command("demo-store", cmd_demo_store, "create the demo store")
    p = command("documents", cmd_documents, "make a case's documents as PDFs (also kept in the store)")
    p.add_argument("--case", required=True, metavar="ID", help="case id or reference")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--kind", help="one kind only: expression-of-interest, one-page-profile, support-plan, "
                                  "risk, quote, agreement or signed-agreement")
    p = command("verify", cmd_verify, "check the signatures of a signed agreement PDF", store=False, secret=False)
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--trust", metavar="CA.pem", help="the CA certificate the signers must chain to")
    p = command("signing-ca", cmd_signing_ca, "write this store's signing CA certificate (for verify --trust)")
    p.add_argument("--out", required=True, metavar="CA.pem")
    p = command("cost", cmd_cost, "price a costing file (no store needed)", store=False, secret=False)
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--json", action="store_true")
    from advisor_app import relay_cli, sync_cli

    sync_cli.add_commands(command, sub)
    relay_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from advisor_app.store.errors import StoreError

    try:
        return args.func(args)
    except (UserError, StoreError) as exc:
        print(f"advisor-app: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
