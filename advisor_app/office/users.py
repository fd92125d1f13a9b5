"""Named office users in the office store: finding one to sign in, adding, removing, changing
roles and passphrases, and a manager's countersigning key (keyring.py has the wraps;
domain/office_users.py the rules; the office service checks roles and writes the audit log).

Every function that writes takes the caller's connection, so a user change and its audit entry
are saved together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from advisor_app.domain.messages import Msg
from advisor_app.domain.office_users import MAX_NAME_LENGTH, Role, clean_name, name_key
from advisor_app.office import keyring
from advisor_app.office.errors import OfficeError
from advisor_app.office.tables import users
from advisor_app.store.errors import StoreCorrupt, WrongPassphrase
from advisor_app.store.hlc import utc_now
from advisor_app.store.ids import new_id
from advisor_app.store.keys import KdfParams

if TYPE_CHECKING:
    from advisor_app.office.store import OfficeStore

_DATA_KEY, _MANAGER_KEY = "data key", "manager signing key"


@dataclass(frozen=True)
class OfficeUser:
    user_id: str
    name: str
    roles: frozenset[Role]
    created_at: str
    removed_at: str | None = None
    certificate_pem: str | None = None  # a manager's countersigning certificate, once issued


def _user(row: Any) -> OfficeUser:
    values = row._mapping if isinstance(row, sa.Row) else row
    return OfficeUser(values["user_id"], values["name"], frozenset(Role(r) for r in json.loads(values["roles"])),
                      values["created_at"], values["removed_at"], values["certificate_pem"])


def _sorted_roles(roles: frozenset[Role] | set[Role]) -> str:
    return json.dumps(sorted(role.value for role in roles))


def all_users(store: "OfficeStore", *, include_removed: bool = False,
              conn: sa.Connection | None = None) -> list[OfficeUser]:
    query = sa.select(users).order_by(users.c.name_key, users.c.created_at)
    if not include_removed:
        query = query.where(users.c.removed_at.is_(None))
    with store.reading(conn) as c:
        return [_user(row) for row in c.execute(query)]


def _find_row(conn: sa.Connection, name: str) -> sa.Row | None:
    return conn.execute(sa.select(users).where(users.c.name_key == name_key(name),
                                               users.c.removed_at.is_(None))).first()


def find(conn: sa.Connection, name: str) -> OfficeUser | None:
    """The current user called ``name`` (compared without case or extra spaces), or None."""
    row = _find_row(conn, name)
    return None if row is None else _user(row)


def by_id(conn: sa.Connection, user_id: str) -> OfficeUser | None:
    row = conn.execute(sa.select(users).where(users.c.user_id == user_id)).first()
    return None if row is None else _user(row)


class UnknownUser(OfficeError):
    def __init__(self, name: str, removed_at: str | None = None) -> None:
        super().__init__(
            Msg("“{name}” was removed from this office's users on {date}, so nothing was opened.",
                name=name, date=removed_at[:10]) if removed_at else
            Msg("There is no office user called “{name}”, so nothing was opened.", name=name))


class DamagedUserKeys(OfficeError):
    def __init__(self, name: str) -> None:
        super().__init__(Msg("{name}'s keys in the office store are damaged, so nothing was opened: an "
                             "administrator can set them a new passphrase.", name=name))


class WrongUserPassphrase(OfficeError):
    def __init__(self, name: str) -> None:
        super().__init__(Msg("That is not {name}'s passphrase, so nothing was opened.", name=name))


def sign_in(conn: sa.Connection, office_id: str, name: str, passphrase: str) -> tuple[OfficeUser, bytearray, bytearray]:
    """(the user, their own key, the office data key); ``UnknownUser`` or ``WrongUserPassphrase``."""
    row = _find_row(conn, name)
    if row is None:
        removed = conn.execute(sa.select(users.c.name, users.c.removed_at)
                               .where(users.c.name_key == name_key(name))
                               .order_by(users.c.removed_at.desc()).limit(1)).first()
        raise UnknownUser(removed.name if removed else clean_name(name)[:MAX_NAME_LENGTH],
                          removed.removed_at if removed else None)
    try:
        user_key = keyring.unwrap_user_key(json.loads(row.wrap), passphrase, office_id=office_id,
                                           user_id=row.user_id)
    except WrongPassphrase:
        raise WrongUserPassphrase(row.name) from None
    except (StoreCorrupt, ValueError, TypeError):
        raise DamagedUserKeys(row.name) from None
    try:
        data_key = keyring.unwrap(user_key, json.loads(row.data_key), office_id=office_id, purpose=_DATA_KEY,
                                  user_id=row.user_id)
    except (keyring.WrongKey, ValueError, TypeError):
        raise DamagedUserKeys(row.name) from None
    return _user(row), user_key, data_key


def check_passphrase(conn: sa.Connection, office_id: str, user: OfficeUser, passphrase: str) -> bytearray:
    """The user's own key if ``passphrase`` is theirs; ``WrongUserPassphrase`` if not."""
    return sign_in(conn, office_id, user.name, passphrase)[1]


def add(conn: sa.Connection, *, office_id: str, name: str, roles: frozenset[Role], passphrase: str,
        data_key: bytes | bytearray, kdf: KdfParams) -> tuple[OfficeUser, bytearray]:
    """A new user with their own key, the office data key wrapped under it; (user, their key)."""
    user_id, user_key = new_id(), keyring.new_user_key()
    values = {"user_id": user_id, "name": clean_name(name), "name_key": name_key(name),
              "roles": _sorted_roles(roles), "created_at": utc_now(), "removed_at": None,
              "certificate_pem": None, "signing_key": None}
    conn.execute(users.insert().values(**values, **_wraps(office_id, user_id, user_key, passphrase, data_key, kdf)))
    return _user(values), user_key


def _wraps(office_id: str, user_id: str, user_key: bytearray, passphrase: str, data_key: bytes | bytearray,
           kdf: KdfParams) -> dict[str, str]:
    return {"wrap": json.dumps(keyring.wrap_user_key(user_key, passphrase, office_id=office_id, user_id=user_id,
                                                     kdf=kdf)),
            "data_key": json.dumps(keyring.wrap(user_key, data_key, office_id=office_id, purpose=_DATA_KEY,
                                                user_id=user_id))}


def remove(conn: sa.Connection, user: OfficeUser) -> None:
    """Removed users stay listed (the audit log names them) but hold no key any more."""
    conn.execute(users.update().where(users.c.user_id == user.user_id).values(
        removed_at=utc_now(), wrap=None, data_key=None, signing_key=None))


def set_roles(conn: sa.Connection, user: OfficeUser, roles: frozenset[Role]) -> None:
    values: dict[str, Any] = {"roles": _sorted_roles(roles)}
    if Role.MANAGER not in roles:  # no longer countersigns: their key goes
        values.update(signing_key=None, certificate_pem=None)
    conn.execute(users.update().where(users.c.user_id == user.user_id).values(**values))


def change_passphrase(conn: sa.Connection, *, office_id: str, user: OfficeUser, user_key: bytes | bytearray,
                      new_passphrase: str, kdf: KdfParams) -> None:
    """The user's own key wrapped under their new passphrase: everything under it stays theirs."""
    wrapped = keyring.wrap_user_key(user_key, new_passphrase, office_id=office_id, user_id=user.user_id, kdf=kdf)
    conn.execute(users.update().where(users.c.user_id == user.user_id).values(wrap=json.dumps(wrapped)))


def reset_passphrase(conn: sa.Connection, *, office_id: str, user: OfficeUser, new_passphrase: str,
                     data_key: bytes | bytearray, kdf: KdfParams) -> None:
    """An administrator's reset: a new own key for the user (the old one is unknown to anyone
    else), so a manager's countersigning key is lost and made again at their next countersigning."""
    values = _wraps(office_id, user.user_id, keyring.new_user_key(), new_passphrase, data_key, kdf)
    conn.execute(users.update().where(users.c.user_id == user.user_id).values(
        **values, signing_key=None, certificate_pem=None))


def signing_key(conn: sa.Connection, *, office_id: str, user: OfficeUser, user_key: bytes | bytearray) -> bytes | None:
    """The manager's countersigning private key (PEM), or None before it is made."""
    sealed = conn.execute(sa.select(users.c.signing_key).where(users.c.user_id == user.user_id)).scalar_one()
    if sealed is None:
        return None
    return bytes(keyring.unwrap(user_key, json.loads(sealed), office_id=office_id, purpose=_MANAGER_KEY,
                                user_id=user.user_id))


def set_signing_key(conn: sa.Connection, *, office_id: str, user: OfficeUser, user_key: bytes | bytearray,
                    key_pem: bytes, certificate_pem: bytes) -> None:
    sealed = keyring.wrap(user_key, key_pem, office_id=office_id, purpose=_MANAGER_KEY, user_id=user.user_id)
    conn.execute(users.update().where(users.c.user_id == user.user_id).values(
        signing_key=json.dumps(sealed), certificate_pem=certificate_pem.decode("ascii")))
