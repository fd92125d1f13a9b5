"""`advisor-app enroll` and `advisor-app sync`: the laptop's side of the way to the office.

Passphrases are taken as for every other command (``--passphrase-env VAR`` or
``--passphrase-stdin``). Every expected failure is one plain line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advisor_app.cli.common import EXIT_OK, EXIT_USER, PROG, open_service, plain_errors, read_input


def cmd_enroll(args: argparse.Namespace) -> int:
    from advisor_app.services import sync

    data = read_input(args.file)
    service = open_service(args)
    try:
        with plain_errors():
            enrollment = sync.enroll(service, data)
    finally:
        service.lock()
    print(f"Enrolled with {enrollment.office.name} as “{enrollment.device_name}”.")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from advisor_app.services import sync

    service = open_service(args)
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
    refused = [reason for report in reports for reason in report.refusals()]
    for report in reports:
        for line in report.lines():
            print(line)
    for reason in refused:  # something the office sent could not be used: the laptop kept what it had
        print(f"{PROG}: {reason}", file=sys.stderr)
    return EXIT_USER if refused else EXIT_OK


def add_commands(command) -> None:
    """Add the sync commands to ``advisor-app``'s parser (``command`` is the parser's helper)."""
    p = command("enroll", cmd_enroll, "enroll this laptop with the office, from its enrollment file")
    p.add_argument("file", metavar="FILE")
    p = command("sync", cmd_sync, "send changes to the office and take its replies (relay, or a folder)")
    p.add_argument("--to-folder", metavar="DIR", help="write this laptop's bundle to a folder (USB stick)")
    p.add_argument("--from-folder", metavar="DIR", help="take the office's replies from a folder")

