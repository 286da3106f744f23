"""Repositories of the people who sign in: accounts, web sessions and API tokens.

Plain records in and out (`User`, `WebSession`, `ApiToken`); no row leaves storage/. Secrets never
reach this module in the clear: the caller hashes passwords (argon2id) and tokens (SHA-256).
Every method that depends on the time takes `now`, so the caller's clock decides (tests move it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.accounts_schema import ApiTokenRow, SessionRow, UserRow
from storage.records import values_of, write_onto

ROLES = ("manager", "clerk", "officer", "auditor")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


@dataclass
class User:
    """One account. `failures` holds the times of recent failed sign-ins (ISO, UTC)."""

    username: str
    role: str
    password_hash: str
    badge: str | None = None
    active: bool = True
    locked: bool = False
    failures: list[str] = field(default_factory=list)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    password_changed_at: dt.datetime | None = None
    id: int | None = None


_USER_COLUMNS = ("username", "role", "password_hash", "badge", "active", "locked", "failures",
                 "created_at", "updated_at", "password_changed_at")


def _user(row: UserRow) -> User:
    values = values_of(row, _USER_COLUMNS)
    for name in ("created_at", "updated_at", "password_changed_at"):
        values[name] = _utc(values[name])
    values["failures"] = list(values["failures"] or [])
    return User(id=row.id, **values)


class Users:
    """Accounts: read as `User` records, changed by the caller, `save`d."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, user_id: int) -> User | None:
        """One account by id."""
        row = self._s.get(UserRow, user_id)
        return _user(row) if row else None

    def by_name(self, username: str) -> User | None:
        """One account by user name (case-insensitive: names are stored lower case)."""
        row = self._s.scalar(select(UserRow).where(UserRow.username == username.strip().lower()))
        return _user(row) if row else None

    def all(self) -> list[User]:
        """Every account, by user name."""
        return [_user(r) for r in self._s.scalars(select(UserRow).order_by(UserRow.username))]

    def count(self, *, active_only: bool = True) -> int:
        """How many accounts there are (active ones only by default)."""
        stmt = select(func.count()).select_from(UserRow)
        if active_only:
            stmt = stmt.where(UserRow.active.is_(True))
        return int(self._s.scalar(stmt) or 0)

    def save(self, user: User, now: dt.datetime) -> User:
        """Insert (no id yet) or update an account; the record gets its id and timestamps."""
        user.username = user.username.strip().lower()
        user.updated_at = now
        if user.id is None:
            user.created_at = user.created_at or now
            user.password_changed_at = user.password_changed_at or now
            row = UserRow(**values_of(user, _USER_COLUMNS))
            self._s.add(row)
            self._s.flush()
            user.id = row.id
            return user
        existing = self._s.get(UserRow, user.id)
        if existing is None:
            raise KeyError(user.id)
        write_onto(existing, user, _USER_COLUMNS)
        self._s.flush()
        return user


@dataclass
class WebSession:
    """One signed-in browser session (`id` is the SHA-256 of the cookie's token)."""

    id: str
    user_id: int
    csrf: str
    address: str
    created_at: dt.datetime
    last_seen: dt.datetime
    reauth_at: dt.datetime | None = None


def _web_session(row: SessionRow) -> WebSession:
    return WebSession(id=row.id, user_id=row.user_id, csrf=row.csrf, address=row.address,
                      created_at=_utc(row.created_at) or row.created_at,
                      last_seen=_utc(row.last_seen) or row.last_seen,
                      reauth_at=_utc(row.reauth_at))


class Sessions:
    """Web sessions: opened at sign-in, touched on each request, ended at sign-out or idle."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def open(self, ws: WebSession) -> WebSession:
        """Store a new session."""
        self._s.add(SessionRow(id=ws.id, user_id=ws.user_id, csrf=ws.csrf, address=ws.address,
                               created_at=ws.created_at, last_seen=ws.last_seen,
                               reauth_at=ws.reauth_at))
        self._s.flush()
        return ws

    def get(self, session_id: str) -> WebSession | None:
        """One session by id (the token's digest)."""
        row = self._s.get(SessionRow, session_id)
        return _web_session(row) if row else None

    def touch(self, session_id: str, now: dt.datetime, *, reauth: bool = False) -> None:
        """Mark a session used now (and re-authenticated now, when `reauth`)."""
        row = self._s.get(SessionRow, session_id)
        if row is not None:
            row.last_seen = now
            if reauth:
                row.reauth_at = now
            self._s.flush()

    def end(self, session_id: str) -> None:
        """End one session."""
        self._s.execute(delete(SessionRow).where(SessionRow.id == session_id))

    def end_all(self, user_id: int) -> None:
        """End every session of one account (disabled, locked, password reset)."""
        self._s.execute(delete(SessionRow).where(SessionRow.user_id == user_id))

    def end_idle(self, before: dt.datetime) -> int:
        """End every session last used before `before`; how many were ended."""
        result = self._s.execute(delete(SessionRow).where(SessionRow.last_seen < before))
        return int(getattr(result, "rowcount", 0) or 0)


@dataclass
class ApiToken:
    """One API token (its secret is never stored: `token_hash` is its SHA-256)."""

    user_id: int
    name: str
    token_hash: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    id: int | None = None


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(id=row.id, user_id=row.user_id, name=row.name, token_hash=row.token_hash,
                    created_at=_utc(row.created_at) or row.created_at,
                    last_used_at=_utc(row.last_used_at), revoked_at=_utc(row.revoked_at))


class ApiTokens:
    """API tokens for scripts: one user's, hashed, revocable."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, token: ApiToken) -> ApiToken:
        """Store a new token; the record gets its id."""
        row = ApiTokenRow(user_id=token.user_id, name=token.name, token_hash=token.token_hash,
                          created_at=token.created_at)
        self._s.add(row)
        self._s.flush()
        token.id = row.id
        return token

    def by_hash(self, token_hash: str) -> ApiToken | None:
        """The token with this digest, revoked or not."""
        row = self._s.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
        return _token(row) if row else None

    def of_user(self, user_id: int) -> list[ApiToken]:
        """One user's tokens, newest first."""
        return [_token(r) for r in self._s.scalars(
            select(ApiTokenRow).where(ApiTokenRow.user_id == user_id)
            .order_by(ApiTokenRow.id.desc()))]

    def used(self, token_id: int, now: dt.datetime) -> None:
        """Note that a token was used now."""
        row = self._s.get(ApiTokenRow, token_id)
        if row is not None:
            row.last_used_at = now

    def revoke(self, token_id: int, now: dt.datetime) -> bool:
        """Revoke a token; whether it was live."""
        row = self._s.get(ApiTokenRow, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = now
        self._s.flush()
        return True
