"""`advisor-app enroll`, `advisor-app sync` (the laptop) and `advisor-app office ...` (the office).

Passphrases are taken as for every other command (``--passphrase-env VAR`` or
``--passphrase-stdin``). Every expected failure is one plain line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from advisor_app import paths
from advisor_app.cli import EXIT_OK, UserError, env_value, passphrase, passphrase_options, read_input


@contextmanager
def plain_errors() -> Iterator[None]:
    """The sync layers' errors, as the one-line message the CLI prints."""
    from advisor_app.office.service import OfficeError
    from advisor_app.sync.bundle import BundleError
    from advisor_app.sync.device import SyncError
    from advisor_app.sync.enrollment import EnrollmentError
    from advisor_app.sync.relay_client import RelayError

    try:
        yield
    except (OfficeError, BundleError, SyncError, EnrollmentError, RelayError) as exc:
        raise UserError(str(exc)) from None


def _env(name: str | None) -> str | None:
    return env_value(name) if name else None


# -- the laptop -------------------------------------------------------------------------------


def cmd_enroll(args: argparse.Namespace) -> int:
    from advisor_app.cli import _service
    from advisor_app.services import sync

    data = read_input(args.file)
    service = _service(args)
    try:
        with plain_errors():
            enrollment = sync.enroll(service, data)
    finally:
        service.lock()
    print(f"Enrolled with {enrollment.office.name} as “{enrollment.device_name}”.")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from advisor_app.cli import _service
    from advisor_app.services import sync

    service = _service(args)
    try:
        with plain_errors():
            if args.to_folder or args.from_folder:
                reports = []
                if args.from_folder:
                    reports.append(sync.sync_folder(service, Path(args.from_folder), send=False))
                if args.to_folder:
                    reports.append(sync.sync_folder(service, Path(args.to_folder), receive=False))
            else:
                reports = [sync.sync_relay(service)]
    finally:
        service.lock()
    for report in reports:
        for line in report.lines():
            print(line)
    return EXIT_OK


# -- the office -------------------------------------------------------------------------------


def _office(args: argparse.Namespace):
    from advisor_app.office.service import OfficeService

    with plain_errors():
        return OfficeService.unlock(args.office, passphrase(args))


def cmd_office_init(args: argparse.Namespace) -> int:
    from advisor_app.office.service import OfficeService

    with plain_errors():
        office = OfficeService.init(args.office, passphrase(args), name=args.name,
                                    relay_url=args.relay_url, relay_credential=_env(args.relay_credential_env))
    print(f"Set up the office “{office.public.name}” ({office.public.office_id}) in {args.office}")
    return EXIT_OK


def cmd_office_enroll(args: argparse.Namespace) -> int:
    office = _office(args)
    with plain_errors():
        enrollment = office.enroll(args.device, relay_url=args.relay_url)
    out = Path(args.out)
    out.write_bytes(enrollment.to_bytes())
    os.chmod(out, 0o600)  # it holds the laptop's relay credential
    print(f"Wrote the enrollment file for “{enrollment.device_name}” to {out} "
          f"(enrollment {enrollment.enrollment_id}). Give it to the advisor; it holds a secret.")
    return EXIT_OK


def cmd_office_import(args: argparse.Namespace) -> int:
    office = _office(args)
    with plain_errors():
        if args.from_folder:
            received = office.import_folder(Path(args.from_folder))
        else:
            if args.from_relay:
                credential = _env(args.relay_credential_env)
                if credential is not None:
                    office.set_relay(args.from_relay, credential)
                elif office.store.get_meta("office.relay_url") != args.from_relay:
                    raise UserError("give the office's relay credential with --relay-credential-env VAR")
            received = office.import_relay(paths.data_dir() / "office-partial")
    counts = {"imported": 0, "duplicate": 0, "refused": 0}
    conflicts = 0
    for item in received:
        print(item.line())
        counts[item.result.state] = counts.get(item.result.state, 0) + 1
        conflicts += item.result.conflicts
    print(f"{len(received)} bundle(s): {counts['imported']} imported, {counts['duplicate']} duplicated, "
          f"{counts['refused']} refused; {conflicts} change(s) to the conflicts queue.")
    return EXIT_OK


def cmd_office_revoke(args: argparse.Namespace) -> int:
    office = _office(args)
    with plain_errors():
        office.revoke(args.enrollment)
    print(f"Revoked enrollment {args.enrollment}.")
    return EXIT_OK


def cmd_office_publish(args: argparse.Namespace) -> int:
    office = _office(args)
    files = {}
    for name in args.files:
        try:
            files[Path(name).name] = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {name}: {exc}") from None
    with plain_errors():
        count = office.publish_provider_files(files)
    print(f"Queued {', '.join(files)} for {count} laptop(s); they take it at their next sync.")
    return EXIT_OK


def cmd_office_gui(args: argparse.Namespace) -> int:
    from advisor_app.ui.office_app import run_office_app

    return run_office_app(args.office)


def add_commands(command, sub) -> None:
    """Add the sync commands to ``advisor-app``'s parser (``command`` is cli.py's helper)."""
    p = command("enroll", cmd_enroll, "enroll this laptop with the office, from its enrollment file")
    p.add_argument("file", metavar="FILE")
    p = command("sync", cmd_sync, "send changes to the office and take its replies (relay, or a folder)")
    p.add_argument("--to-folder", metavar="DIR", help="write this laptop's bundle to a folder (USB stick)")
    p.add_argument("--from-folder", metavar="DIR", help="take the office's replies from a folder")

    office = sub.add_parser("office", help="the office: set up, enroll laptops, import, publish",
                            description="The office side. Without a subcommand, opens the office screens.")
    office.add_argument("--office", default=str(paths.data_dir() / "office"), help="office directory or database URL")
    office.set_defaults(func=cmd_office_gui)
    office_sub = office.add_subparsers(dest="office_command", metavar="SUBCOMMAND")

    def office_command(name: str, func, help: str) -> argparse.ArgumentParser:
        p = office_sub.add_parser(name, help=help, description=help)
        p.add_argument("--office", required=True, metavar="DIR|URL", help="office directory or database URL")
        passphrase_options(p, "the office passphrase")
        p.set_defaults(func=func)
        return p

    p = office_command("init", cmd_office_init, "create the office's keys and store")
    p.add_argument("--name", default="Office", help="the organisation's name, shown to laptops")
    p.add_argument("--relay-url", help="the relay's address, e.g. https://relay.example.org:8765")
    p.add_argument("--relay-credential-env", metavar="VAR", help="the office's relay credential")
    p = office_command("enroll", cmd_office_enroll, "write an enrollment file for a laptop")
    p.add_argument("--device", required=True, metavar="NAME")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--relay-url", help="override the relay address for this laptop")
    p = office_command("import", cmd_office_import, "import bundles from the relay or a folder")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-relay", metavar="URL")
    source.add_argument("--from-folder", metavar="DIR")
    p.add_argument("--relay-credential-env", metavar="VAR", help="the office's relay credential")
    p = office_command("revoke", cmd_office_revoke, "revoke a laptop's enrollment")
    p.add_argument("--enrollment", required=True, metavar="ID")
    p = office_command("publish", cmd_office_publish, "send new provider files (menu, rates) to every laptop")
    p.add_argument("files", nargs="+", metavar="FILE")

