"""Signed, expiring links to the web app (a packet too large for mail, in the officer's mail).

A link carries what it points at and when it expires, signed with HMAC-SHA256 under a secret kept
in `CASEFOLIO_HOME/secrets/link.key` (made on first use, readable by the owner only; never in the
repository). The web app still asks the officer to sign in before it shows anything: the link
only says where to go, and stops working when it expires or the key is replaced.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from base.errors import SignInRefused
from base.settings import Settings


def key_path(settings: Settings) -> Path:
    """Where the link key lives."""
    return settings.home / "secrets" / "link.key"


def link_key(settings: Settings) -> bytes:
    """The link key, made (32 random bytes, mode 0600) on first use."""
    path = key_path(settings)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    return path.read_bytes()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, kind: str, object_id: str, expires: dt.datetime) -> str:
    """A token for `kind`/`object_id` that verifies until `expires`."""
    body = _b64(json.dumps([kind, object_id, int(expires.timestamp())],
                           separators=(",", ":")).encode())
    mac = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    return f"{body}.{mac}"


def verify(key: bytes, token: str, kind: str, now: dt.datetime) -> str:
    """The object id of a valid, unexpired token of this kind; SignInRefused otherwise."""
    body, _, mac = token.partition(".")
    expected = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    if not mac or not hmac.compare_digest(mac, expected):
        raise SignInRefused("this link is not valid")
    try:
        got_kind, object_id, expires = json.loads(_unb64(body))
    except (ValueError, TypeError) as e:
        raise SignInRefused("this link is not valid") from e
    if got_kind != kind:
        raise SignInRefused("this link is not valid")
    if now.timestamp() >= float(expires):
        raise SignInRefused("this link has expired: the packet is on your page in casefolio")
    return str(object_id)


def public_url(settings: Settings) -> str:
    """The web app's address as officers reach it."""
    web = settings.web
    return (web.public_url or f"http://{web.host}:{web.port}").rstrip("/")


def packet_link(settings: Settings, packet_id: int, now: dt.datetime) -> str:
    """A signed link to one packet's page, valid `court.link_expiry_hours`."""
    expires = now + dt.timedelta(hours=settings.court.link_expiry_hours)
    token = sign(link_key(settings), "packet", str(packet_id), expires)
    return f"{public_url(settings)}/packets/link/{token}"
