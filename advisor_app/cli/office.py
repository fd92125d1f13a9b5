"""`advisor-app office ...`: set up the office, enroll and revoke laptops, import, publish,
manage the office's users, read and check the audit log.

Without a subcommand it opens the office screens. Everyone signs in as themselves: ``--user
NAME`` and their passphrase, taken as for every other command (a new passphrase from
``--new-passphrase-env VAR`` or the second line of stdin). Every expected failure, an act the
user's role does not allow included, is one plain line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advisor_app import paths
from advisor_app.cli.common import (
    EXIT_OK, EXIT_USER, PROG, UserError, env_value, optional_env, passphrase, passphrase_options, plain_errors,
    read_input,
)


def _office(args: argparse.Namespace):
    from advisor_app.office.service import OfficeService

    with plain_errors():
        return OfficeService.unlock(args.office, passphrase(args), user=args.user)


def _signed_in_act(args: argparse.Namespace, act, done: str) -> int:
    """Sign in, do ``act(office)`` (a refusal is the one line), then say ``done``."""
    office = _office(args)
    with plain_errors():
        act(office)
    print(done)
    return EXIT_OK


def _print_recovery_key(key: str) -> None:
    print("The office's recovery key (shown only this once: write it down and keep it somewhere safe,\n"
          "away from this computer; it opens the office if every administrator forgets their passphrase):")
    print(f"    {key}")


def cmd_office_init(args: argparse.Namespace) -> int:
    from advisor_app.office.service import OfficeService

    with plain_errors():
        office = OfficeService.init(args.office, passphrase(args), name=args.name, user=args.user,
                                    roles=["administrator", *(args.role or [])], relay_url=args.relay_url,
                                    relay_credential=optional_env(args.relay_credential_env))
    print(f"Set up the office “{office.public.name}” ({office.public.office_id}) in {args.office}, "
          f"with {office.user.name} as its first administrator.")
    _print_recovery_key(office.recovery_key)
    office.lock()
    return EXIT_OK


def cmd_office_upgrade(args: argparse.Namespace) -> int:
    from advisor_app.office.service import OfficeService

    with plain_errors():
        office = OfficeService.upgrade(args.office, passphrase(args), user=args.user)
    print(f"Encrypted the office “{office.public.name}” and made {office.user.name} its first administrator, "
          "signing in with the office passphrase as before.")
    _print_recovery_key(office.recovery_key)
    office.lock()
    return EXIT_OK


def cmd_office_recover(args: argparse.Namespace) -> int:
    from advisor_app.office.service import OfficeService

    recovery_key = env_value(args.recovery_key_env)
    with plain_errors():
        office = OfficeService.recover(args.office, recovery_key, user=args.user,
                                       new_passphrase=passphrase(args, new=True))
    print(f"{office.user.name} is an administrator of this office, with the new passphrase.")
    office.lock()
    return EXIT_OK


def cmd_office_enroll(args: argparse.Namespace) -> int:
    office = _office(args)
    with plain_errors():
        enrollment = office.enroll(args.device, relay_url=args.relay_url)
    out = Path(args.out)
    _write_secret(out, enrollment.save)  # it holds the laptop's relay credential
    print(f"Wrote the enrollment file for “{enrollment.device_name}” to {out} "
          f"(enrollment {enrollment.enrollment_id}). Give it to the advisor; it holds a secret.")
    return EXIT_OK


def _write_secret(path: Path, write) -> None:
    """``write(path)`` a file holding a secret (0600 from the start, whole or not at all), with
    a failure as one line."""
    from advisor_app.services.errors import from_os_error

    try:
        write(path)
    except OSError as exc:
        raise from_os_error(exc, store_folder=False) from None


def cmd_office_recovery_file(args: argparse.Namespace) -> int:
    office = _office(args)
    with plain_errors():
        data, code = office.recovery_file(args.enrollment)
    from advisor_app.services.files import atomic_write

    _write_secret(Path(args.out), lambda path: atomic_write(path, data))
    print(f"Wrote the recovery file to {args.out}.")
    print(f"Recovery code: {code}")
    print("Give the advisor the file and, separately (by phone, never with the file), the code. They run "
          "`advisor-app recover --file FILE` and choose a new passphrase.")
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
    return _signed_in_act(args, lambda office: office.revoke(args.enrollment), f"Revoked enrollment {args.enrollment}.")


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


def cmd_office_timestamping(args: argparse.Namespace) -> int:
    office = _office(args)
    trust = read_input(args.trust) if args.trust else None
    with plain_errors():
        office.set_timestamping(args.url or None, trust)
    print(f"Countersigned agreements get a document timestamp from {args.url}." if args.url
          else "Countersigned agreements get no document timestamp (PAdES B-LT only).")
    return EXIT_OK


def cmd_office_crl(args: argparse.Namespace) -> int:
    office = _office(args)
    try:
        Path(args.out).write_bytes(office.crl())  # public: certificate serials only
    except OSError as exc:
        raise UserError(f"cannot write {args.out}: {exc.strerror}") from None
    print(f"Wrote {args.out}")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    office = _office(args)
    with plain_errors():
        added = office.add_user(args.name, args.role, passphrase(args, new=True))
    print(f"Added {added.name} ({', '.join(sorted(added.roles))}). They sign in with the passphrase given "
          "and should change it (`advisor-app office user passwd`).")
    return EXIT_OK


def cmd_user_remove(args: argparse.Namespace) -> int:
    return _signed_in_act(args, lambda office: office.remove_user(args.name),
                          f"Removed {args.name}: they can no longer sign in to this office.")


def cmd_user_role(args: argparse.Namespace) -> int:
    return _signed_in_act(args, lambda office: office.set_user_roles(args.name, args.role),
                          f"{args.name} now has the roles: {', '.join(sorted(set(args.role)))}.")


def cmd_user_passwd(args: argparse.Namespace) -> int:
    office = _office(args)
    new = passphrase(args, new=True)
    with plain_errors():
        if args.name:
            office.reset_passphrase(args.name, new)
        else:
            office.change_passphrase(passphrase(args), new)
    print(f"Changed the passphrase of {args.name or office.user.name}.")
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    office = _office(args)
    with plain_errors():
        people = office.users(include_removed=args.all)
    for person in people:
        removed = f"  removed {person.removed_at[:10]}" if person.removed_at else ""
        print(f"{person.name:<28} {', '.join(sorted(person.roles)):<32} added {person.created_at[:10]}{removed}")
    return EXIT_OK


def cmd_office_audit(args: argparse.Namespace) -> int:
    import json

    office = _office(args)
    with plain_errors():
        entries = office.audit_log()
        problems = office.verify_audit() if args.verify else []
    for entry in entries:
        details = "(details do not open)" if entry.details is None else json.dumps(entry.details, ensure_ascii=False)
        print(f"{entry.seq:>5}  {entry.at[:19]}  {entry.user_name:<20} {entry.action:<17} {entry.target[:36]:<36} {details}")
    if args.verify:
        if problems:
            raise UserError(" ".join(problems))
        print(f"The audit log is whole: {len(entries)} entries, every one in order and unchanged.")
    return EXIT_OK


def _office_case(office, ident: str) -> dict:
    """The case at the office whose id, or reference now or before, is ``ident``."""
    from advisor_app.domain.case import CaseHeader

    wanted = ident.strip()
    for case in office.store.cases():
        if wanted == case["entity_id"] or CaseHeader.model_construct(
                reference=str(case["data"].get("reference", "")),
                former_references=list(case["data"].get("former_references") or [])).known_as(wanted):
            return case
    raise UserError(f"no case with id or reference {wanted} has reached this office")


def cmd_office_acknowledge(args: argparse.Namespace) -> int:
    office = _office(args)
    case = _office_case(office, args.case)
    wanted = args.case.strip()
    with plain_errors():
        office.acknowledge_handover(case["entity_id"], args.manager, args.note or "")
    print(f"Recorded {args.manager}'s acknowledgement of the handover of {case['data'].get('reference', wanted)}; "
          "the laptop receives it at its next sync.")
    return EXIT_OK


def cmd_office_move_case(args: argparse.Namespace) -> int:
    office = _office(args)
    case = _office_case(office, args.case)
    laptops = [d for d in office.store.devices() if d["name"] == args.to and not d.get("revoked_at")]
    if len(laptops) != 1:
        raise UserError(f"no enrolled laptop called “{args.to}” has synced with this office")
    with plain_errors():
        office.move_case(case["entity_id"], laptops[0]["device_id"])
    print(f"Moving case {case['data'].get('reference')} to “{args.to}”: it gets the case at its next sync, "
          "and the laptop it leaves is told.")
    return EXIT_OK


def _print_json(value) -> None:
    import json

    print(json.dumps(value, indent=2, ensure_ascii=False))


def cmd_office_worklist(args: argparse.Namespace) -> int:
    from advisor_app.domain.worklist import KIND_TITLES
    from advisor_app.i18n import _
    from advisor_app.office import day

    office = _office(args)
    with plain_errors():
        lines = day.worklist(office)
    if args.json:
        _print_json([{"kind": line.item.kind.value, "key": line.item.key, "case_id": line.item.case_id,
                      "reference": line.reference, "when": line.item.when.isoformat() if line.item.when else None,
                      "detail": _(line.item.detail)} for line in lines])
        return EXIT_OK
    for line in lines:
        when = line.item.when.isoformat() if line.item.when else ""
        print(f"{_(KIND_TITLES[line.item.kind])[:44]:<44} {when:<10}  {line.reference:<16} {_(line.item.detail)}")
    print(f"{len(lines)} thing(s) to do.")
    return EXIT_OK


def cmd_office_themes(args: argparse.Namespace) -> int:
    from advisor_app.office import themes

    office = _office(args)
    with plain_errors():
        found = themes.workshops(office)
        chosen = next((w for w in found if w.id == args.workshop), None) if args.workshop else (found[0] if found else None)
        if chosen is None:
            raise UserError(f"no workshop {args.workshop} at this office" if args.workshop
                            else "no themes workshop yet: start one in the office app (the Themes tab)")
        result = themes.as_json(themes.board(office, chosen.id))
    if args.json:
        _print_json(result)
        return EXIT_OK
    print(f"{result['workshop']['title']}: reviews held {result['workshop']['period_from']} to "
          f"{result['workshop']['period_to']}, {result['statements']} statements")
    for theme in result["themes"]:
        kinds = ", ".join(f"{k} {n}" for k, n in theme["by_kind"].items())
        print(f"  {theme['name'][:40]:<40} {theme['statements']:>5} ({kinds}) from {theme['cases']} case(s)")
    return EXIT_OK


def cmd_office_progress(args: argparse.Namespace) -> int:
    from advisor_app.office import progress

    office = _office(args)
    with plain_errors():
        figures = progress.as_json(progress.evidence_figures(office))
    if args.json:
        _print_json(figures)
        return EXIT_OK
    for f in figures:
        percent = "-" if f["percent"] is None else f"{f['percent']}%"
        print(f"{f['title'][:48]:<48} {percent:>5}  {f['numerator']} of {f['denominator']}")
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

    def signed_in(p: argparse.ArgumentParser, func, user_help: str = "your name as an office user") -> None:
        p.add_argument("--office", required=True, metavar="DIR|URL", help="office directory or database URL")
        p.add_argument("--user", required=True, metavar="NAME", help=user_help)
        passphrase_options(p, "your passphrase")
        p.set_defaults(func=func)

    def office_command(name: str, func, help: str, **kwargs) -> argparse.ArgumentParser:
        p = office_sub.add_parser(name, help=help, description=help)
        signed_in(p, func, **kwargs)
        return p

    roles = ("manager", "administrator", "staff")
    p = office_command("init", cmd_office_init, "create the office's keys and store, and its first administrator",
                       user_help="the first administrator's name")
    p.add_argument("--name", default="Office", help="the organisation's name, shown to laptops")
    p.add_argument("--role", action="append", choices=roles, help="another role for the first administrator")
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
    p = office_command("recovery-file", cmd_office_recovery_file,
                       "make a recovery file (and its one-time code) for a laptop whose passphrase is forgotten")
    p.add_argument("--enrollment", required=True, metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE")
    p = office_command("publish", cmd_office_publish, "send new provider files (menu, rates) to every laptop")
    p.add_argument("files", nargs="+", metavar="FILE")
    p = office_command("timestamping", cmd_office_timestamping,
                       "the RFC 3161 timestamping service for countersigned agreements (PAdES B-LTA)")
    p.add_argument("--url", required=True, help="the service's address; empty to stop timestamping")
    p.add_argument("--trust", metavar="CA.pem", help="the CA the service's certificate chains to")
    p = office_command("crl", cmd_office_crl, "write the office CA's revocation list (DER)")
    p.add_argument("--out", required=True, metavar="FILE")
    office_command("upgrade", cmd_office_upgrade, "encrypt an office from before named users; you become its "
                   "first administrator (give the old office passphrase)", user_help="the first administrator's name")
    p = office_command("recover", cmd_office_recover, "with the recovery key, make NAME an administrator with a "
                       "new passphrase", user_help="who becomes an administrator")
    p.add_argument("--recovery-key-env", required=True, metavar="VAR", help="the recovery key")
    p.add_argument("--new-passphrase-env", metavar="VAR")
    p = office_command("audit", cmd_office_audit, "print the office's audit log")
    p.add_argument("--verify", action="store_true", help="check the log's chain; exit 1 if it was tampered with")

    user = office_sub.add_parser("user", help="the office's users: add, remove, passwd, role, list",
                                 description="The office's named users and their roles.")
    user_sub = user.add_subparsers(dest="user_command", metavar="SUBCOMMAND", required=True)

    def user_command(name: str, func, help: str) -> argparse.ArgumentParser:
        p = user_sub.add_parser(name, help=help, description=help)
        signed_in(p, func)
        return p

    p = user_command("add", cmd_user_add, "add an office user with their roles and a first passphrase")
    p.add_argument("--name", required=True, help="the new user's name")
    p.add_argument("--role", action="append", required=True, choices=roles)
    p.add_argument("--new-passphrase-env", metavar="VAR", help="the new user's first passphrase")
    p = user_command("remove", cmd_user_remove, "remove an office user")
    p.add_argument("--name", required=True)
    p = user_command("role", cmd_user_role, "set an office user's roles")
    p.add_argument("--name", required=True)
    p.add_argument("--role", action="append", required=True, choices=roles)
    p = user_command("passwd", cmd_user_passwd, "change your passphrase (or, as an administrator, another user's)")
    p.add_argument("--name", help="another user (administrators only)")
    p.add_argument("--new-passphrase-env", metavar="VAR")
    p = user_command("list", cmd_user_list, "list the office's users and their roles")
    p.add_argument("--all", action="store_true", help="removed users too")
    p = office_command("acknowledge-handover", cmd_office_acknowledge,
                       "record the local manager's acknowledgement of a case's handover")
    p.add_argument("--case", required=True, metavar="ID|REFERENCE")
    p.add_argument("--manager", required=True, metavar="NAME", help="the manager acknowledging it")
    p.add_argument("--note", help="anything the manager wants to say back")
    p = office_command("worklist", cmd_office_worklist, "what needs doing today, across every case and laptop")
    p.add_argument("--json", action="store_true", help="as JSON")
    p = office_command("themes", cmd_office_themes,
                       "a Working Together for Change workshop's themes with their counts (the newest workshop)")
    p.add_argument("--workshop", metavar="ID", help="another workshop than the newest")
    p.add_argument("--json", action="store_true", help="as JSON")
    p = office_command("progress", cmd_office_progress,
                       "the Progress for Providers figures the cases evidence, each with its numerator and denominator")
    p.add_argument("--json", action="store_true", help="as JSON")
    p = office_command("move-case", cmd_office_move_case, "give a case to another advisor's laptop")
    p.add_argument("--case", required=True, metavar="ID|REF", help="case id or reference (now or before)")
    p.add_argument("--to", required=True, metavar="LAPTOP", help="the laptop's name, as enrolled")

