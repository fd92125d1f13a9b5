"""Who may do what at the office: the roles of named office users, and the rules for changing users.

Every office act is done by a signed-in user. A user holds one or more roles:

- a *manager* decides on risk assessments and countersigns agreements;
- an *administrator* enrolls and revokes laptops, publishes provider files, sets up the relay
  and manages the office's users;
- *staff* import what the laptops send and resolve conflicts.

Managers and staff work on the themes (Working Together for Change); a manager sends the report
back and records the office's progress (Progress for Providers); managers and administrators may
write the office's information to a file; an administrator changes the office's settings.

Everyone may read the cases and the audit log, and change their own passphrase. The office
service asks ``refusal(roles, action)`` before it acts; a refusal is one plain sentence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum

from advisor_app.domain.messages import N_, Msg

MAX_NAME_LENGTH = 64


class Role(StrEnum):
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"
    STAFF = "staff"


class Action(StrEnum):
    READ = "read"  # the cases, the inbox, the audit log
    IMPORT = "import"
    RESOLVE_CONFLICT = "resolve-conflict"
    DECIDE_RISK = "decide-risk"
    COUNTERSIGN = "countersign"
    ACKNOWLEDGE_HANDOVER = "acknowledge-handover"
    ENROLL = "enroll"
    REVOKE = "revoke"
    RECOVERY_FILE = "recovery-file"
    MOVE_CASE = "move-case"
    PUBLISH = "publish"
    SET_RELAY = "set-relay"
    MANAGE_USERS = "manage-users"
    WORK_ON_THEMES = "work-on-themes"  # Working Together for Change: gather, group, analyse, plan
    REPORT_BACK = "report-back"  # send the easy-read report back to the advisors' laptops
    ASSESS_PROGRESS = "assess-progress"  # Progress for Providers: grades and the figures kept
    EXPORT = "export"  # write a case list, themes or figures to a file (CSV or PDF)
    CHANGE_SETTINGS = "change-settings"  # the office's own settings (domain/office_settings.py)


ROLE_LABELS = {Role.MANAGER: N_("Manager"), Role.ADMINISTRATOR: N_("Administrator"), Role.STAFF: N_("Staff")}
ROLE_DUTIES = {
    Role.MANAGER: N_("decides on risk assessments, countersigns agreements and records the office's progress"),
    Role.ADMINISTRATOR: N_("enrolls and revokes laptops, publishes provider files and manages users"),
    Role.STAFF: N_("imports what the laptops send, resolves conflicts and works on the themes"),
}

ALLOWED: Mapping[Role, frozenset[Action]] = {
    Role.MANAGER: frozenset({Action.READ, Action.DECIDE_RISK, Action.COUNTERSIGN, Action.ACKNOWLEDGE_HANDOVER,
                             Action.WORK_ON_THEMES, Action.REPORT_BACK, Action.ASSESS_PROGRESS, Action.EXPORT}),
    Role.ADMINISTRATOR: frozenset({Action.READ, Action.ENROLL, Action.REVOKE, Action.RECOVERY_FILE, Action.MOVE_CASE, Action.PUBLISH,
                                   Action.SET_RELAY, Action.MANAGE_USERS, Action.EXPORT, Action.CHANGE_SETTINGS}),
    Role.STAFF: frozenset({Action.READ, Action.IMPORT, Action.RESOLVE_CONFLICT, Action.WORK_ON_THEMES}),
}

# One sentence each: who may, and that nothing was changed.
REFUSALS = {
    Action.READ: N_("Only a signed-in office user can read the office's cases, so nothing was shown."),
    Action.IMPORT: N_("Only office staff can import what the laptops send, so nothing was imported."),
    Action.RESOLVE_CONFLICT: N_("Only office staff can resolve a conflict, so nothing was changed."),
    Action.DECIDE_RISK: N_("Only a manager can decide on a risk assessment, so nothing was recorded."),
    Action.COUNTERSIGN: N_("Only a manager can countersign an agreement, so nothing was signed."),
    Action.ACKNOWLEDGE_HANDOVER: N_("Only a manager can record the acknowledgement of a handover, so nothing was recorded."),
    Action.ENROLL: N_("Only an administrator can enroll a laptop, so nothing was changed."),
    Action.REVOKE: N_("Only an administrator can revoke a laptop, so nothing was changed."),
    Action.RECOVERY_FILE: N_("Only an administrator can make a recovery file for a laptop, so nothing was made."),
    Action.MOVE_CASE: N_("Only an administrator can move a case to another laptop, so nothing was moved."),
    Action.PUBLISH: N_("Only an administrator can publish provider files, so nothing was sent."),
    Action.SET_RELAY: N_("Only an administrator can set up the relay, so nothing was changed."),
    Action.MANAGE_USERS: N_("Only an administrator can add, remove or change office users, so nothing was changed."),
    Action.WORK_ON_THEMES: N_("Only a manager or office staff can work on the themes, so nothing was changed."),
    Action.REPORT_BACK: N_("Only a manager can send the report back to the advisors, so nothing was sent."),
    Action.ASSESS_PROGRESS: N_("Only a manager can record the office's progress, so nothing was recorded."),
    Action.EXPORT: N_("Only a manager or an administrator can write the office's information to a file, so "
                      "nothing was written."),
    Action.CHANGE_SETTINGS: N_("Only an administrator can change the office's settings, so nothing was changed."),
}


# What a tab says, while it shows, to someone whose roles do not allow its action.
READ_ONLY_NOTES = {
    Action.IMPORT: N_("Only office staff import what the laptops send: you can read what arrived."),
    Action.RESOLVE_CONFLICT: N_("Only office staff resolve conflicts: you can read both versions."),
    Action.DECIDE_RISK: N_("Only a manager decides on risk assessments: you can read them here."),
    Action.COUNTERSIGN: N_("Only a manager countersigns agreements: you can see which are waiting."),
    Action.ENROLL: N_("Only an administrator enrolls and revokes laptops: you can see which are enrolled."),
    Action.PUBLISH: N_("Only an administrator publishes provider files."),
    Action.MOVE_CASE: N_("Only an administrator moves a case to another laptop: you can read every case."),
    Action.MANAGE_USERS: N_("Only an administrator adds, removes or changes users: you can change your own "
                            "passphrase."),
    Action.WORK_ON_THEMES: N_("Only a manager or office staff group the statements into themes: you can read them."),
    Action.ASSESS_PROGRESS: N_("Only a manager records the office's progress: you can read the grades and the "
                               "figures."),
    Action.CHANGE_SETTINGS: N_("Only an administrator changes the office's settings."),
}


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Roles from their names; ``ValueError`` naming the first unknown one."""
    roles = set()
    for value in values:
        try:
            roles.add(Role(str(value).strip().lower()))
        except ValueError:
            raise ValueError(Msg("“{role}” is not an office role: use manager, administrator or staff.",
                                 role=value)) from None
    return frozenset(roles)


def may(roles: Iterable[Role], action: Action) -> bool:
    return any(action in ALLOWED[role] for role in roles)


def refusal(roles: Iterable[Role], action: Action) -> str | None:
    """Why someone with ``roles`` may not do ``action`` (one sentence), or None if they may."""
    return None if may(roles, action) else REFUSALS[action]


def name_key(name: str) -> str:
    """The form names are compared in: "Morgan Hale", "morgan hale" and "MORGAN  HALE" are one user."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def name_problem(name: str, taken: Iterable[str] = ()) -> str | None:
    """Why ``name`` cannot be a new user's name, or None. ``taken``: the names of current users."""
    cleaned = clean_name(name)
    if not cleaned:
        return N_("Write the person's name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        return Msg("Keep the name to {n} characters or fewer.", n=MAX_NAME_LENGTH)
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        return N_("The name has a character that cannot be shown; type it again.")
    clash = next((t for t in taken if name_key(t) == name_key(cleaned)), None)
    if clash is not None:
        return Msg("There is already an office user called “{name}”.", name=clash)
    return None


def roles_problem(roles: Iterable[Role]) -> str | None:
    return None if set(roles) else N_("Give the person at least one role.")


def keeps_an_administrator(users: Mapping[str, Iterable[Role]], changed: str,
                           new_roles: Iterable[Role] | None) -> str | None:
    """Whether the office still has an administrator after the user ``changed`` gets
    ``new_roles`` (None: is removed). ``users``: every current user's id and roles."""
    after = {user: set(roles) for user, roles in users.items()}
    if new_roles is None:
        after.pop(changed, None)
    else:
        after[changed] = set(new_roles)
    if any(Role.ADMINISTRATOR in roles for roles in after.values()):
        return None
    return N_("The office must keep at least one administrator, so nothing was changed.")
