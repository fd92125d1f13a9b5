"""`advisor-app`: the desktop app, and non-interactive commands for administrators and scripts.

A thin layer over ``advisor_app.services`` and the office service: one module per command group
(``store``, ``documents``, ``cost``, ``sync``, ``office``, ``relay``), their shared helpers in
``common``. Exit codes: 0 success, 1 a user error with a one-line message on stderr, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from advisor_app import paths
from advisor_app.cli.common import EXIT_USER, UserError, passphrase_options


def cmd_gui(args: argparse.Namespace) -> int:
    from pathlib import Path

    from advisor_app.ui.app import run_app

    store = Path(args.store) if args.store else (paths.demo_store_dir() if args.demo else paths.default_store_dir())
    return run_app(store, demo=args.demo)


def build_parser() -> argparse.ArgumentParser:
    from advisor_app.cli import cost, documents, office, relay, store, sync

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

    store.add_commands(command)
    documents.add_commands(command)
    cost.add_commands(command)
    sync.add_commands(command)
    office.add_parser(sub)
    relay.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from advisor_app import logs

    logs.setup()  # libraries' warnings and tracebacks go to the app's log, not the terminal
    parser = build_parser()
    args = parser.parse_args(argv)
    from advisor_app.services.errors import StoreError

    try:
        return args.func(args)
    except (UserError, StoreError) as exc:
        print(f"advisor-app: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
