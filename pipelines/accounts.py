"""Accounts, sign-in, sessions and API tokens (what `casefolio users` and the web app run).

Following the FBI CJIS Security Policy (5.6 identification and authentication, 5.9.5 session
lock): passwords of at least 8 characters that are not on a list of common passwords nor the user
name, stored as argon2id hashes; 5 failed sign-ins within 15 minutes lock an account until a
records manager unlocks it; a session ends after 30 minutes idle and at sign-out. Session cookies
and API tokens are random secrets stored only as SHA-256 digests. Every sign-in (success or
failure) and every change of an account is written to the audit log with who, from where and the
outcome; never a password, a token or a hash.

Every function takes `now` (UTC) from the caller's clock, so tests move time instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2 import exceptions as argon2_errors

from base.errors import AccountInvalid, AccountLocked, SignInRefused, WeakPassword
from base.settings import WebSettings
from storage.accounts import ROLES, ApiToken, User, WebSession
from storage.index import Index
from storage.transaction import Transaction

log = logging.getLogger(__name__)

COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
ROLE_NAMES = {"manager": "Records manager", "clerk": "Clerk", "officer": "Officer",
              "auditor": "Auditor"}
TOKEN_PREFIX = "cfk_"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lower case)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def check_password(password: str, username: str, web: WebSettings) -> None:
    """WeakPassword unless the password is long enough, not common and not the user name."""
    if len(password) < web.min_password_length:
        raise WeakPassword(f"a password needs at least {web.min_password_length} characters")
    lowered = password.lower()
    if lowered in common_passwords():
        raise WeakPassword("that password is on the list of commonly used passwords")
    if username and username.lower() in lowered:
        raise WeakPassword("a password may not contain the user name")


def _hasher(web: WebSettings) -> PasswordHasher:
    return PasswordHasher(time_cost=web.password_time_cost, memory_cost=web.password_memory_kib,
                          parallelism=1)


def hash_password(password: str, web: WebSettings) -> str:
    """The argon2id hash of a password (salted)."""
    return _hasher(web).hash(password)


def _verify(hashed: str, password: str, web: WebSettings) -> bool:
    try:
        return _hasher(web).verify(hashed, password)
    except (argon2_errors.VerificationError, argon2_errors.InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory: int) -> str:
    """A hash to verify against for unknown user names (so they take as long as known ones)."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory, parallelism=1).hash(
        secrets.token_hex(16))


def digest(secret: str) -> str:
    """The SHA-256 of a session or API token (what is stored)."""
    return hashlib.sha256(secret.encode()).hexdigest()


# --- accounts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Actor:
    """Who does something and from where (what the audit log records)."""

    name: str
    address: str = ""


def _audit(tx: Transaction, actor: Actor, action: str, subject: str, outcome: str,
           **details: object) -> None:
    tx.audit.append(actor=actor.name, action=action, subject=subject,
                    details={"address": actor.address, "outcome": outcome, **details})


def add_user(index: Index, web: WebSettings, *, username: str, role: str, password: str,
             badge: str | None, actor: Actor, now: dt.datetime) -> User:
    """Make an account (audited). AccountInvalid for a taken name, an unknown role, or an officer
    without a roster badge; WeakPassword for a weak password."""
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise AccountInvalid("a user name is letters, digits, dots, dashes and underscores")
    if role not in ROLES:
        raise AccountInvalid(f"role must be one of {', '.join(ROLES)}")
    check_password(password, username, web)
    hashed = hash_password(password, web)
    with index.transaction() as tx:
        if role == "officer":
            if not badge or tx.officers.get(badge) is None:
                raise AccountInvalid("an officer account needs the badge of an officer on the roster "
                                     "(casefolio officers import)")
        elif badge:
            raise AccountInvalid("only officer accounts are linked to a badge")
        if tx.users.by_name(username) is not None:
            raise AccountInvalid(f"the user name {username} is taken")
        user = tx.users.save(User(username=username, role=role, password_hash=hashed,
                                  badge=badge if role == "officer" else None), now)
        _audit(tx, actor, "user.added", str(user.id), "ok", role=role)
    return user


def _change(index: Index, username: str, actor: Actor, action: str, now: dt.datetime,
            **changes: object) -> User:
    with index.transaction() as tx:
        user = tx.users.by_name(username)
        if user is None:
            raise AccountInvalid(f"no account {username}")
        for name, value in changes.items():
            setattr(user, name, value)
        tx.users.save(user, now)
        if action != "user.unlocked":
            tx.sessions.end_all(user.id or 0)
        _audit(tx, actor, action, str(user.id), "ok")
    return user


def disable_user(index: Index, username: str, *, actor: Actor, now: dt.datetime) -> User:
    """Disable an account and end its sessions (audited)."""
    return _change(index, username, actor, "user.disabled", now, active=False)


def enable_user(index: Index, username: str, *, actor: Actor, now: dt.datetime) -> User:
    """Enable a disabled account again (audited)."""
    return _change(index, username, actor, "user.enabled", now, active=True)


def unlock_user(index: Index, username: str, *, actor: Actor, now: dt.datetime) -> User:
    """Unlock an account locked by failed sign-ins (audited)."""
    return _change(index, username, actor, "user.unlocked", now, locked=False, failures=[])


def reset_password(index: Index, web: WebSettings, username: str, password: str, *, actor: Actor,
                   now: dt.datetime) -> User:
    """Set a new password (checked), unlock the account and end its sessions (audited)."""
    check_password(password, username, web)
    return _change(index, username, actor, "user.password_reset", now,
                   password_hash=hash_password(password, web), locked=False, failures=[],
                   password_changed_at=now)


# --- signing in -------------------------------------------------------------------------------

def _recent(failures: list[str], now: dt.datetime, window: dt.timedelta) -> list[str]:
    return [f for f in failures if now - dt.datetime.fromisoformat(f) < window]


def authenticate(index: Index, web: WebSettings, username: str, password: str, *,
                 address: str, now: dt.datetime) -> User:
    """The account whose user name and password these are (the sign-in is audited either way).

    SignInRefused for a wrong name or password or a disabled account; AccountLocked when the
    account is locked, or becomes locked by this failure (the Nth within the window).
    """
    name = username.strip().lower()[:64]
    actor = Actor(name or "anonymous", address)
    with index.transaction() as tx:
        user = tx.users.by_name(name) if name else None
    if user is None:
        _verify(_dummy_hash(web.password_time_cost, web.password_memory_kib), password, web)
        with index.transaction() as tx:
            _audit(tx, actor, "signin", name or "-", "refused", reason="unknown_user")
        raise SignInRefused("wrong user name or password")
    ok = _verify(user.password_hash, password, web)
    window = dt.timedelta(minutes=web.lockout_window_minutes)
    with index.transaction() as tx:
        current = tx.users.get(user.id or 0) or user
        was_locked = current.locked
        if was_locked:  # audited (and committed) before the refusal is raised
            _audit(tx, actor, "signin", str(user.id), "refused", reason="locked")
        elif not ok or not current.active:
            if not ok:
                current.failures = [*_recent(current.failures, now, window), now.isoformat()]
                current.locked = len(current.failures) >= web.lockout_attempts
            tx.users.save(current, now)
            reason = "bad_password" if not ok else "disabled"
            _audit(tx, actor, "signin", str(user.id), "refused", reason=reason)
            if current.locked:
                tx.sessions.end_all(current.id or 0)
                _audit(tx, actor, "user.locked", str(user.id), "ok",
                       failures=len(current.failures))
        else:
            current.failures = []
            tx.users.save(current, now)
            _audit(tx, actor, "signin", str(user.id), "ok")
    if was_locked:
        raise AccountLocked("this account is locked after too many failed sign-ins: ask a "
                            "records manager to unlock it")
    if not ok or not current.active:
        if current.locked:
            raise AccountLocked("too many failed sign-ins: this account is now locked until a "
                                "records manager unlocks it")
        raise SignInRefused("wrong user name or password")
    return current


def open_session(index: Index, user: User, *, address: str, now: dt.datetime
                 ) -> tuple[str, WebSession]:
    """A new session for a signed-in user: (the cookie's token, the stored session)."""
    token = secrets.token_urlsafe(32)
    ws = WebSession(id=digest(token), user_id=user.id or 0, csrf=secrets.token_urlsafe(24),
                    address=address[:64], created_at=now, last_seen=now, reauth_at=now)
    with index.transaction() as tx:
        tx.sessions.open(ws)
    return token, ws


def resume_session(index: Index, web: WebSettings, token: str, *, now: dt.datetime
                   ) -> tuple[User, WebSession]:
    """The user and session of a cookie's token, touched now. SignInRefused when the session is
    unknown, idle too long (it is ended), or its account is disabled or locked."""
    idle = dt.timedelta(minutes=web.session_idle_minutes)
    with index.transaction() as tx:
        ws = tx.sessions.get(digest(token))
        if ws is None:
            raise SignInRefused("not signed in")
        user = tx.users.get(ws.user_id)
        if now - ws.last_seen >= idle or user is None or not user.active or user.locked:
            tx.sessions.end(ws.id)
            raise SignInRefused("the session has ended: sign in again")
        tx.sessions.touch(ws.id, now)
    return user, ws


def end_session(index: Index, token: str) -> None:
    """Sign out: the session ends."""
    with index.transaction() as tx:
        tx.sessions.end(digest(token))


def reauthenticate(index: Index, web: WebSettings, ws: WebSession, user: User, password: str, *,
                   address: str, now: dt.datetime) -> None:
    """Confirm the signed-in user's password again (before user administration); audited.
    SignInRefused when wrong (it counts as a failed sign-in)."""
    authenticate(index, web, user.username, password, address=address, now=now)
    with index.transaction() as tx:
        tx.sessions.touch(ws.id, now, reauth=True)


def recently_authenticated(ws: WebSession, web: WebSettings, now: dt.datetime) -> bool:
    """Whether the session's password was confirmed within the re-authentication window."""
    return ws.reauth_at is not None and now - ws.reauth_at < dt.timedelta(minutes=web.reauth_minutes)


# --- API tokens -------------------------------------------------------------------------------

def create_token(index: Index, user: User, name: str, *, actor: Actor, now: dt.datetime
                 ) -> tuple[str, ApiToken]:
    """A new API token for a user: (the secret, shown once; the stored token). Audited."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with index.transaction() as tx:
        token = tx.tokens.add(ApiToken(user_id=user.id or 0, name=name.strip()[:128] or "script",
                                       token_hash=digest(secret), created_at=now))
        _audit(tx, actor, "token.created", str(token.id), "ok", user=user.id)
    return secret, token


def revoke_token(index: Index, user: User, token_id: int, *, actor: Actor, now: dt.datetime) -> bool:
    """Revoke one of the user's tokens (audited); whether it was theirs and live."""
    with index.transaction() as tx:
        mine = any(t.id == token_id for t in tx.tokens.of_user(user.id or 0))
        done = mine and tx.tokens.revoke(token_id, now)
        _audit(tx, actor, "token.revoked", str(token_id), "ok" if done else "refused")
    return done


def token_user(index: Index, secret: str, *, now: dt.datetime) -> User:
    """The user an API token acts for. SignInRefused for an unknown or revoked token, or a
    disabled or locked account."""
    with index.transaction() as tx:
        token = tx.tokens.by_hash(digest(secret))
        user = tx.users.get(token.user_id) if token is not None else None
        if token is None or token.revoked_at is not None or user is None or not user.active \
                or user.locked:
            raise SignInRefused("unknown or revoked API token")
        tx.tokens.used(token.id or 0, now)
    return user
