"""Users, sessions and API tokens: the service functions behind login, the admin pages and
`pantau user ...`. Each takes the session explicitly; a change to a user, a role or a token
is recorded in the audit log (`pantau.core.audit`) by `actor` in the same transaction."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import timedelta

from sqlmodel import Session, col, select

from pantau.core.audit import record
from pantau.core.errors import InputError, NotFoundError
from pantau.core.timeutil import as_utc, utcnow
from pantau.core.units import DEFAULT_UNIT
from pantau.web.models import ROLE_LABELS, ROLES, ApiToken, Membership, User, WebSession
from pantau.web.security import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    new_token,
    token_digest,
    verify_password,
)

_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,100}$")


def check_role(role: str) -> str:
    if role not in ROLES:
        names = ", ".join(ROLES)
        raise InputError(f"Peran '{role}' tidak dikenal. Pilih salah satu: {names}.")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"Kata sandi terlalu pendek: minimal {MIN_PASSWORD_LENGTH} karakter.")
    return password


def get_user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFoundError(f"Pengguna '{username}' tidak ditemukan.")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))))


def _facts(user: User) -> dict[str, object]:
    facts: dict[str, object] = {"role": user.role, "active": user.active,
                                "full_name": user.full_name}
    if user.org_unit != DEFAULT_UNIT:
        facts["unit"] = user.org_unit
    return facts


def check_unit(unit: str, known: Collection[str] | None) -> str:
    """An organisation unit code that the configuration knows (`known`: its codes;
    None: only the default unit)."""
    codes = known if known is not None else (DEFAULT_UNIT,)
    if unit not in codes:
        raise InputError(f"Unit '{unit}' tidak dikenal. Pilih salah satu: "
                         f"{', '.join(codes)} (lihat `pantau unit list`).")
    return unit


def unit_roles(session: Session, user: User) -> dict[str, str]:
    """Unit code -> the user's role there: their own unit first, then their grants."""
    roles = {user.org_unit: user.role}
    for m in session.exec(select(Membership).where(Membership.user_id == user.id)
                          .order_by(col(Membership.org_unit))):
        roles.setdefault(m.org_unit, m.role)
    return roles


def grant_role(session: Session, *, username: str, unit: str, role: str | None, actor: str,
               known_units: Collection[str] | None = None) -> None:
    """Give `username` the role `role` in another unit (None: take it away)."""
    user = get_user(session, username)
    check_unit(unit, known_units)
    if unit == user.org_unit:
        raise InputError(f"Unit '{unit}' adalah unit pengguna sendiri: ubah perannya dengan "
                         "`pantau user set-role`.")
    row = session.exec(select(Membership).where(Membership.user_id == user.id,
                                                Membership.org_unit == unit)).first()
    before = {"unit": unit, "role": row.role} if row else None
    if role is None:
        if row is not None:
            session.delete(row)
    else:
        row = row or Membership(user_id=user.id or 0, org_unit=unit, role=check_role(role))
        row.role = check_role(role)
        session.add(row)
    session.flush()
    record(session, actor=actor, action="user.grant", entity="user", entity_id=username,
           before=before, after={"unit": unit, "role": role} if role else None)


def create_user(session: Session, *, username: str, password: str, role: str,
                actor: str, full_name: str = "", unit: str = DEFAULT_UNIT,
                known_units: Collection[str] | None = None) -> User:
    username = username.strip()
    if not _USERNAME.match(username):
        raise InputError("Nama pengguna harus 3-100 karakter: huruf, angka, titik, _, - atau @.")
    check_role(role)
    check_unit(unit, known_units)
    check_password(password)
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise InputError(f"Nama pengguna '{username}' sudah dipakai.")
    user = User(username=username, full_name=full_name.strip(), role=role,
                password_hash=hash_password(password), org_unit=unit)
    session.add(user)
    session.flush()
    record(session, actor=actor, action="user.create", entity="user", entity_id=username,
           after=_facts(user))
    return user


def update_user(session: Session, *, username: str, actor: str, role: str | None = None,
                active: bool | None = None, full_name: str | None = None,
                password: str | None = None) -> User:
    user = get_user(session, username)
    before = _facts(user)
    if role is not None:
        user.role = check_role(role)
    if active is not None:
        user.active = active
    if full_name is not None:
        user.full_name = full_name.strip()
    if password:
        user.password_hash = hash_password(check_password(password))
    if not user.active or password:
        # A deactivated user or a changed password ends every open session.
        for ws in session.exec(select(WebSession).where(WebSession.user_id == user.id)):
            session.delete(ws)
    session.add(user)
    session.flush()
    after = _facts(user)
    if password:
        after["password_changed"] = True  # never the password or its hash
    if after != before:
        record(session, actor=actor, action="user.update", entity="user", entity_id=username,
               before=before, after=after)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None (same time either way)."""
    user = session.exec(select(User).where(User.username == username.strip())).first()
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.add(user)
    return user


def start_session(session: Session, user: User, hours: int) -> str:
    """A new login session; returns the cookie token (only its digest is stored)."""
    token = new_token()
    now = utcnow()
    session.add(WebSession(token_hash=token_digest(token), user_id=user.id or 0,
                           created_at=now, expires_at=now + timedelta(hours=hours)))
    # Housekeeping: forget expired sessions.
    for old in session.exec(select(WebSession).where(WebSession.expires_at < now)):
        session.delete(old)
    session.flush()
    return token


def user_for_session(session: Session, token: str) -> tuple[User, WebSession] | None:
    ws = session.exec(
        select(WebSession).where(WebSession.token_hash == token_digest(token))).first()
    if ws is None or as_utc(ws.expires_at) <= utcnow():
        return None
    user = session.get(User, ws.user_id)
    if user is None or not user.active:
        return None
    return user, ws


def end_session(session: Session, token: str) -> None:
    ws = session.exec(
        select(WebSession).where(WebSession.token_hash == token_digest(token))).first()
    if ws is not None:
        session.delete(ws)


def create_api_token(session: Session, *, username: str, name: str, actor: str) -> str:
    """A new API token for `username`; the token is shown once and stored as a digest."""
    user = get_user(session, username)
    if not name.strip():
        raise InputError("Nama token wajib diisi.")
    token = "pnt_" + new_token()
    session.add(ApiToken(token_hash=token_digest(token), name=name.strip(), user_id=user.id or 0))
    session.flush()
    record(session, actor=actor, action="user.token", entity="user", entity_id=username,
           after={"token_name": name.strip(), "role": user.role})
    return token


def list_api_tokens(session: Session, *, username: str | None = None,
                    active_only: bool = False) -> list[tuple[ApiToken, User]]:
    """API tokens with their users, newest first (the secret is never stored or shown)."""
    stmt = select(ApiToken, User).join(User, col(User.id) == ApiToken.user_id)
    if username is not None:
        stmt = stmt.where(User.username == username)
    if active_only:
        stmt = stmt.where(col(ApiToken.revoked).is_(False))
    return [(t, u) for t, u in session.exec(stmt.order_by(col(ApiToken.id).desc()))]


def revoke_api_token(session: Session, *, token_id: int, actor: str) -> tuple[ApiToken, User]:
    """Revoke an API token by its number: the next request with it is refused (401)."""
    row = session.get(ApiToken, token_id) if 0 < token_id < 2**31 else None
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None:
        raise NotFoundError(f"Token API nomor {token_id} tidak ditemukan; lihat "
                            "`pantau user tokens`.")
    if row.revoked:
        raise InputError(f"Token API nomor {token_id} ({row.name}) sudah dicabut.")
    row.revoked = True
    session.add(row)
    session.flush()
    record(session, actor=actor, action="user.token_revoke", entity="user",
           entity_id=user.username, before={"revoked": False},
           after={"token_name": row.name, "revoked": True})
    return row, user


def user_for_api_token(session: Session, token: str) -> User | None:
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(token))).first()
    if row is None or row.revoked:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = utcnow()
    session.add(row)
    return user


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
