"""`advisor-app office ...`: set up the office, enroll and revoke laptops, import, publish.

Without a subcommand it opens the office screens. Passphrases are taken as for every other
command; every expected failure is one plain line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from advisor_app import paths
from advisor_app.cli.common import (
    EXIT_OK, EXIT_USER, PROG, UserError, optional_env, passphrase, passphrase_options, plain_errors,
)


def _office(args: argparse.Namespace):
    from advisor_app.office.service import OfficeService

    with plain_errors():
        return OfficeService.unlock(args.office, passphrase(args))


def cmd_office_init(args: argparse.Namespace) -> int:
    from advisor_app.office.service import OfficeService

    with plain_errors():
        office = OfficeService.init(args.office, passphrase(args), name=args.name,
                                    relay_url=args.relay_url, relay_credential=optional_env(args.relay_credential_env))
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
                credential = optional_env(args.relay_credential_env)
                if credential is not None:
                    office.set_relay(args.from_relay, credential)
                elif office.store.get_meta("office.relay_url") != args.from_relay:
                    raise UserError("give the office's relay credential with --relay-credential-env VAR")
            received = office.import_relay(paths.data_dir() / "office-partial")
    counts = {"imported": 0, "duplicate": 0, "refused": 0}
    conflicts = merged = 0
    for item in received:
        # A refused bundle (forged, invalid, out of order) is bad input: said on stderr, exit 1.
        print(f"{PROG}: {item.line()}" if item.result.state == "refused" else item.line(),
              file=sys.stderr if item.result.state == "refused" else sys.stdout)
        counts[item.result.state] = counts.get(item.result.state, 0) + 1
        conflicts += item.result.conflicts
        merged += item.result.merged
    print(f"{len(received)} bundle(s): {counts['imported']} imported, {counts['duplicate']} duplicated, "
          f"{counts['refused']} refused; {conflicts} change(s) to the conflicts queue, {merged} merged on their own.")
    return EXIT_USER if counts["refused"] else EXIT_OK


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


def cmd_office_move_case(args: argparse.Namespace) -> int:
    office = _office(args)
    wanted = args.case.strip().upper()
    found = [c for c in office.store.cases() if args.case == c["entity_id"] or wanted in
             [str(r).upper() for r in (c["data"].get("reference"), *(c["data"].get("former_references") or []))]]
    if len(found) != 1:
        raise UserError(f"no case with id or reference {args.case} at this office")
    laptops = [d for d in office.store.devices() if d["name"] == args.to and not d.get("revoked_at")]
    if len(laptops) != 1:
        raise UserError(f"no enrolled laptop called “{args.to}” has synced with this office")
    with plain_errors():
        office.move_case(found[0]["entity_id"], laptops[0]["device_id"], by=args.by)
    print(f"Moving case {found[0]['data'].get('reference')} to “{args.to}”: it gets the case at its next sync, "
          "and the laptop it leaves is told.")
    return EXIT_OK


def cmd_office_gui(args: argparse.Namespace) -> int:
    from advisor_app.ui.office_app import run_office_app

    return run_office_app(args.office)



def add_parser(sub) -> None:
    """Add ``office`` and its subcommands to advisor-app's parser."""
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
    p = office_command("move-case", cmd_office_move_case, "give a case to another advisor's laptop")
    p.add_argument("--case", required=True, metavar="ID|REF", help="case id or reference (now or before)")
    p.add_argument("--to", required=True, metavar="LAPTOP", help="the laptop's name, as enrolled")
    p.add_argument("--by", required=True, metavar="NAME", help="who at the office moves it")

