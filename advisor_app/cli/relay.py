"""``advisor-app relay serve`` (or ``python -m advisor_app.cli.relay``): run the sync relay
(advisor_app/office/relay.py).

The office credential is read from an environment variable (``--office-credential-env VAR``)
so it never appears in the process list or the shell history. Exit codes: 0 stopped cleanly,
1 a problem with the options or the database (one line on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import ssl
import sys
from pathlib import Path

from advisor_app import paths
from advisor_app.cli.common import EXIT_OK, EXIT_USER

SERVE_HELP = "serve the sync relay, a mailbox for encrypted bundles (HTTPS with --certfile and --keyfile)"


class _Problem(Exception):
    """A problem with the options, printed as one line."""


def add_serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="the port to listen on (default 8765)")
    p.add_argument("--database-url", metavar="URL",
                   help="sqlite:///PATH or postgresql+psycopg://... (default: relay.db in the data directory)")
    p.add_argument("--data-dir", metavar="DIR", help="where the default SQLite database lives")
    p.add_argument("--office-credential-env", metavar="VAR", required=True,
                   help="the environment variable holding the office's relay credential")
    p.add_argument("--certfile", metavar="CERT.pem", help="serve HTTPS with this certificate (chain)")
    p.add_argument("--keyfile", metavar="KEY.pem", help="the certificate's private key")
    p.add_argument("--max-bundle-mb", type=float, default=64, metavar="MB",
                   help="the largest bundle accepted, in MiB (default 64)")
    p.add_argument("--head-timeout", type=float, default=5, metavar="SECONDS",
                   help="close a connection whose request head is not complete within this time (default 5)")
    p.add_argument("--body-timeout", type=float, default=20, metavar="SECONDS",
                   help="close an upload when no byte of it arrives for this long (default 20)")
    p.add_argument("--send-timeout", type=float, default=60, metavar="SECONDS",
                   help="close a connection whose client stops reading the response for this long (default 60)")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``relay`` (with its ``serve`` subcommand) to the subcommands of advisor-app's parser."""
    help = "run the sync relay between advisor laptops and the office"
    relay = sub.add_parser("relay", help=help, description=help)
    relay_sub = relay.add_subparsers(dest="relay_command", metavar="COMMAND", required=True)
    p = relay_sub.add_parser("serve", help=SERVE_HELP, description=SERVE_HELP)
    add_serve_arguments(p)
    p.set_defaults(func=cmd_relay_serve)
    return relay


def default_database_url(data_dir: Path | None = None) -> str:
    return f"sqlite:///{(data_dir or paths.data_dir()) / 'relay.db'}"


def _office_credential(var: str) -> str:
    from advisor_app.office.relay import MIN_CREDENTIAL_LENGTH

    value = os.environ.get(var)
    if value is None:
        raise _Problem(f"the environment variable {var} is not set: put the office's relay credential in it")
    value = value.strip()
    if len(value) < MIN_CREDENTIAL_LENGTH:
        raise _Problem(f"the office credential in {var} is too short: use at least {MIN_CREDENTIAL_LENGTH} "
                       "random characters")
    return value


def _check_tls(certfile: str | None, keyfile: str | None) -> None:
    if keyfile and not certfile:
        raise _Problem("--keyfile needs --certfile as well")
    if certfile:
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
        except (OSError, ssl.SSLError) as exc:
            raise _Problem(f"could not load the TLS certificate and key: {exc}") from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_relay_serve(args: argparse.Namespace) -> int:
    try:
        credential = _office_credential(args.office_credential_env)
        _check_tls(args.certfile, args.keyfile)
        if args.max_bundle_mb <= 0:
            raise _Problem("--max-bundle-mb must be more than 0")
        for name in ("head_timeout", "body_timeout", "send_timeout"):
            if not 0 < getattr(args, name) <= 3600:
                raise _Problem(f"--{name.replace('_', '-')} must be more than 0 and at most 3600 seconds")
        database_url = args.database_url or default_database_url(Path(args.data_dir) if args.data_dir else None)
        if not args.certfile and not _is_loopback(args.host):
            print(f"advisor-app relay: warning: serving plain HTTP on {args.host}; give --certfile and "
                  "--keyfile, or put the relay behind a TLS proxy", file=sys.stderr)
        _serve(args, database_url, credential)
    except _Problem as exc:
        print(f"advisor-app relay: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _serve(args: argparse.Namespace, database_url: str, credential: str) -> None:
    import sqlalchemy as sa

    from advisor_app.office import relay
    from advisor_app.office.relay_guard import Limits

    try:
        relay.serve(args.host, args.port, database_url, args.certfile, args.keyfile, office_credential=credential,
                    max_bundle_bytes=int(args.max_bundle_mb * 1024 * 1024),
                    limits=Limits(head_timeout=args.head_timeout, body_timeout=args.body_timeout,
                                  send_timeout=args.send_timeout))
    except sa.exc.ArgumentError:
        # Not echoed: a PostgreSQL URL may hold a password.
        raise _Problem("the database URL is not one the relay can use: give sqlite:///PATH or "
                       "postgresql+psycopg://USER@HOST/DATABASE") from None
    except ValueError as exc:
        raise _Problem(str(exc)) from None
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise _Problem(f"could not open the relay's database: {reason}") from None


def main(argv: list[str] | None = None) -> int:
    """``python -m advisor_app.cli.relay``: the same options as ``advisor-app relay serve``."""
    parser = argparse.ArgumentParser(prog="python -m advisor_app.cli.relay", description=SERVE_HELP)
    add_serve_arguments(parser)
    return cmd_relay_serve(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
