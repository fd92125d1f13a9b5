"""What every command shares: exit codes, the one-line user error, passphrases, input files.

Exit codes: 0 success, 1 a user error with a one-line message on stderr, 2 usage.
Passphrases come from ``--passphrase-env VAR`` or ``--passphrase-stdin`` (first line); a new
passphrase from ``--new-passphrase-env VAR`` or the second line of stdin. Never as an argument.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2
PROG = "advisor-app"


class UserError(Exception):
    """A problem the person running the command can fix; printed as one line."""


def stdin_lines(args: argparse.Namespace) -> list[str]:
    if not hasattr(args, "_stdin_cache"):
        args._stdin_cache = sys.stdin.read().splitlines()
    return args._stdin_cache


def env_value(name: str) -> str:
    value = os.environ.get(name)
    if value is None:
        raise UserError(f"the environment variable {name} is not set")
    return value


def optional_env(name: str | None) -> str | None:
    return env_value(name) if name else None


def passphrase(args: argparse.Namespace, *, new: bool = False) -> str:
    env = getattr(args, "new_passphrase_env", None) if new else args.passphrase_env
    if env:
        return env_value(env)
    if args.passphrase_stdin:
        lines = stdin_lines(args)
        index = 1 if new else 0
        if len(lines) <= index:
            raise UserError("expected the new passphrase on the second line of stdin" if new
                            else "expected the passphrase on stdin")
        return lines[index]
    if sys.stdin.isatty():
        return getpass.getpass("New passphrase: " if new else "Passphrase: ")
    raise UserError("give the passphrase with --passphrase-env VAR or --passphrase-stdin")


def passphrase_options(p: argparse.ArgumentParser, whose: str = "the passphrase") -> None:
    """How a command takes a passphrase: from a variable or from stdin, never as an argument."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--passphrase-env", metavar="VAR", help=f"read {whose} from this variable")
    group.add_argument("--passphrase-stdin", action="store_true", help=f"read {whose} from stdin")


def open_service(args: argparse.Namespace):
    """The advisor's store named by ``--store``, unlocked with the command's passphrase."""
    from advisor_app.services import AdvisorService

    return AdvisorService.unlock(Path(args.store), passphrase(args))


def find_case(service, ident: str) -> str | None:
    """The id of the case whose id or reference (now or before) is ``ident``, or None."""
    for case in service.list_cases():
        if ident in (case.id, case.reference, *case.former_references):
            return case.id
    return None


def read_input(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None


@contextmanager
def plain_errors() -> Iterator[None]:
    """The sync and office layers' errors, as the one-line message the CLI prints."""
    from advisor_app.office.errors import OfficeError, OfficeStoreError
    from advisor_app.services.errors import BundleError, EnrollmentError, RelayError, SyncError

    try:
        yield
    except (OfficeError, OfficeStoreError, BundleError, SyncError, EnrollmentError, RelayError) as exc:
        raise UserError(str(exc)) from None
