"""Opening the office as a named user: setting an office up (its first administrator and the
recovery key, shown once), signing in, upgrading an office from before named users (its data
encrypted in place, migration 0002), and recovering with the recovery key.

Each returns a ``Session``: the open store (holding the office data key), the office's keys, and
who signed in. ``OfficeService`` is built from it. Refusals are ``OfficeError`` (one sentence)
and leave the office as it was.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Iterable

import sqlalchemy as sa

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Role, name_problem, parse_roles
from advisor_app.domain.passphrase import passphrase_problem
from advisor_app.office import audit, keyring, users
from advisor_app.office.errors import OfficeError
from advisor_app.office.sealing import new_data_key
from advisor_app.office.store import OfficeStore, migrate
from advisor_app.office.users import OfficeUser
from advisor_app.store.errors import StoreCorrupt, WrongPassphrase
from advisor_app.store.keys import KdfParams
from advisor_app.sync.keys import OfficeKeys, OfficePublic, make_office_keys

PUBLIC, PRIVATE_KEYS, RECOVERY = "office.public", "office.private_keys", "office.recovery"
_BEFORE_USERS_KEYS = "office.keys"  # the office keys under the one shared passphrase (revision 0001)
_RECOVERY_PURPOSE = "recovery"


@dataclass
class Session:
    store: OfficeStore
    keys: OfficeKeys
    user: OfficeUser
    user_key: bytearray
    data_key: bytearray
    recovery_key: str | None = None  # only just after set-up or an upgrade: shown once


def _public(store: OfficeStore) -> OfficePublic:
    text = store.get_meta(PUBLIC)
    if text is None:
        raise OfficeError(N_("There is no office set up here yet. Run `advisor-app office init` first."))
    return OfficePublic.from_dict(json.loads(text))


def _check_new_user(name: str, passphrase: str) -> None:
    problem = name_problem(name) or passphrase_problem(passphrase)
    if problem:
        raise OfficeError(problem)


def _first_user(store: OfficeStore, conn: sa.Connection, *, office_id: str, name: str, roles: frozenset[Role],
                passphrase: str, data_key: bytearray, kdf: KdfParams) -> tuple[OfficeUser, bytearray, str]:
    """The first administrator and the recovery key (its text), in the caller's transaction."""
    recovery_text, recovery_raw = keyring.new_recovery_key()
    store.set_meta(RECOVERY, json.dumps(keyring.wrap(keyring.recovery_wrapping_key(recovery_raw), data_key,
                                                     office_id=office_id, purpose=_RECOVERY_PURPOSE)), conn=conn)
    user, user_key = users.add(conn, office_id=office_id, name=name, roles=roles | {Role.ADMINISTRATOR},
                               passphrase=passphrase, data_key=data_key, kdf=kdf)
    return user, user_key, recovery_text


def init_office(location: str, passphrase: str, *, name: str, user: str, roles: Iterable[Role | str],
                kdf: KdfParams) -> Session:
    """A new office: its keys, its data key, and ``user`` as its first administrator (with
    ``roles`` too). The recovery key is in ``Session.recovery_key``, to show once."""
    try:
        role_set = parse_roles(roles)
    except ValueError as exc:
        raise OfficeError(str(exc)) from None
    _check_new_user(user, passphrase)
    store = OfficeStore.open(location)
    try:
        if store.get_meta(PUBLIC) is not None:
            raise OfficeError(N_("This office is already set up, so nothing was changed."))
        keys = make_office_keys(str(uuid.uuid4()), name)
        office_id = keys.public.office_id
        data_key = new_data_key()
        store.use_key(data_key)
        with store.transaction() as conn:
            store.set_meta(PUBLIC, json.dumps(keys.public.as_dict()), conn=conn)
            store.set_meta(PRIVATE_KEYS, keys.private_bytes().decode("utf-8"), conn=conn)
            first, user_key, recovery = _first_user(store, conn, office_id=office_id, name=user, roles=role_set,
                                                    passphrase=passphrase, data_key=data_key, kdf=kdf)
            audit.append(store, conn, user_id=first.user_id, user_name=first.name, action="office-init",
                         target=office_id, details={"organisation": name, "first_user": first.name,
                                                    "roles": sorted(r.value for r in first.roles)})
    except BaseException:
        store.close()
        raise
    return Session(store, keys, first, user_key, data_key, recovery)


def sign_in(location: str, user: str, passphrase: str) -> Session:
    """Open the office as ``user``: ``OfficeError`` or ``users.UnknownUser``/``WrongUserPassphrase``."""
    if not user.strip():
        raise OfficeError(N_("Type your name as the office knows it, so the office knows who is signing in."))
    store = OfficeStore.open(location)
    try:
        public = _public(store)
        with store.reading() as conn:
            found, user_key, data_key = users.sign_in(conn, public.office_id, user, passphrase)
        store.use_key(data_key)
        keys = OfficeKeys.from_private_bytes(public, (store.get_meta(PRIVATE_KEYS) or "").encode("utf-8"))
    except BaseException:
        store.close()
        raise
    return Session(store, keys, found, user_key, data_key)


def upgrade_office(location: str, passphrase: str, *, user: str, kdf: KdfParams) -> Session:
    """An office from before named users: its shared passphrase opens its keys; its data is
    sealed in place under a new data key, ``user`` becomes its first administrator with that
    same passphrase, and a recovery key is made. All in one transaction."""
    store = OfficeStore.open(location, migrated=False)
    try:
        if store.revision() != "0001" or store.get_meta(_BEFORE_USERS_KEYS) is None:
            raise OfficeError(N_("This office does not need upgrading, so nothing was changed."))
        problem = name_problem(user)
        if problem:
            raise OfficeError(problem)
        public = _public(store)
        try:
            keys = OfficeKeys.unseal(public, json.loads(store.get_meta(_BEFORE_USERS_KEYS) or "{}"), passphrase)
        except (WrongPassphrase, StoreCorrupt):
            raise OfficeError(N_("That office passphrase is not right. Nothing has been changed.")) from None
        data_key = new_data_key()
        store.use_key(data_key)
        made: dict[str, object] = {}

        def first_administrator(conn: sa.Connection) -> None:
            store.set_meta(PRIVATE_KEYS, keys.private_bytes().decode("utf-8"), conn=conn)
            store.delete_meta(_BEFORE_USERS_KEYS, conn=conn)
            first, user_key, recovery = _first_user(store, conn, office_id=public.office_id, name=user,
                                                    roles=frozenset(), passphrase=passphrase,
                                                    data_key=data_key, kdf=kdf)
            audit.append(store, conn, user_id=first.user_id, user_name=first.name, action="office-upgrade",
                         target=public.office_id, details={"first_user": first.name})
            made.update(user=first, user_key=user_key, recovery=recovery)

        migrate(store.engine, data_key=data_key, then=first_administrator)
        store.compact()
    except BaseException:
        store.close()
        raise
    return Session(store, keys, made["user"], made["user_key"], data_key, made["recovery"])  # type: ignore[arg-type]


def recover_office(location: str, recovery_key: str, *, user: str, new_passphrase: str, kdf: KdfParams) -> Session:
    """With the recovery key: ``user`` becomes an administrator with ``new_passphrase`` (made if
    there is no such user; an existing one gets a new own key, as with a reset)."""
    try:
        raw = keyring.parse_recovery_key(recovery_key)
    except ValueError:
        raise OfficeError(N_("That is not a recovery key: it is 13 groups of 4 letters and digits, "
                             "as shown when the office was set up.")) from None
    problem = passphrase_problem(new_passphrase)
    if problem:
        raise OfficeError(problem)
    store = OfficeStore.open(location)
    try:
        public = _public(store)
        try:
            data_key = keyring.unwrap(keyring.recovery_wrapping_key(raw), json.loads(store.get_meta(RECOVERY) or "{}"),
                                      office_id=public.office_id, purpose=_RECOVERY_PURPOSE)
        except keyring.WrongKey:
            raise OfficeError(N_("That recovery key does not open this office, so nothing was changed.")) from None
        store.use_key(data_key)
        with store.transaction() as conn:
            existing = users.find(conn, user)
            if existing is None:
                problem = name_problem(user)
                if problem:
                    raise OfficeError(problem)
                existing, _key = users.add(conn, office_id=public.office_id, name=user,
                                           roles=frozenset({Role.ADMINISTRATOR}), passphrase=new_passphrase,
                                           data_key=data_key, kdf=kdf)
            else:
                users.reset_passphrase(conn, office_id=public.office_id, user=existing,
                                       new_passphrase=new_passphrase, data_key=data_key, kdf=kdf)
                users.set_roles(conn, existing, existing.roles | {Role.ADMINISTRATOR})
            audit.append(store, conn, user_id=existing.user_id, user_name=existing.name, action="office-recover",
                         target=existing.user_id, details={"user": existing.name})
    finally:
        store.close()
    return sign_in(location, user, new_passphrase)
