"""A real SMTP server on loopback for tests (aiosmtpd), with outage and STARTTLS/login modes.

aiosmtpd's Controller(port=0) does not work (it cannot tell which port it got), so a free port is
found first and passed in; `down()` / `up()` stop and restart the server on the same port.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from synth.servers import free_port


@dataclass
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class Handler:
    """Collects messages; `fail_with` (e.g. '451 4.3.0 try later') refuses DATA."""

    received: list[Received] = field(default_factory=list)
    fail_with: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.fail_with:
            return self.fail_with
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      bytes(envelope.original_content or envelope.content)))
        return "250 OK"


class SmtpServer:
    """A running aiosmtpd server on 127.0.0.1:port."""

    def __init__(self, *, tls_dir: Path | None = None, user: str | None = None,
                 password: str | None = None) -> None:
        self.port = free_port()
        self.handler = Handler()
        self.user, self.password = user, password
        self.server_tls: ssl.SSLContext | None = None
        self.client_tls: ssl.SSLContext | None = None
        self.logins: list[str] = []
        if tls_dir is not None:
            cert, key = self_signed_cert(tls_dir)
            self.server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.server_tls.load_cert_chain(cert, key)
            self.client_tls = ssl.create_default_context(cafile=str(cert))
        self.controller: Controller | None = None

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == self.user
              and auth_data.password.decode() == self.password)
        if ok:
            self.logins.append(self.user or "")
        return AuthResult(success=ok)

    def up(self) -> SmtpServer:
        """Start (or restart) the server on its port."""
        kwargs: dict[str, Any] = {}
        if self.server_tls is not None:
            kwargs.update(tls_context=self.server_tls, require_starttls=True)
        if self.user:
            kwargs.update(authenticator=self._authenticate, auth_required=True,
                          auth_require_tls=self.server_tls is not None)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     server_hostname="localhost", **kwargs)
        self.controller.start()
        return self

    def down(self) -> None:
        """Stop the server (connections are refused until `up()`)."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def to(self, address: str) -> list[Received]:
        """Messages addressed to one recipient."""
        return [m for m in self.received if address in m.rcpt_tos]

    def settings_overrides(self) -> dict[str, Any]:
        """Settings fields pointing casefolio at this server."""
        return {"smtp_host": "127.0.0.1", "smtp_port": self.port,
                "smtp_starttls": self.server_tls is not None, "smtp_user": self.user,
                "smtp_password": self.password, "smtp_from": "court-packets@pd.example",
                "smtp_timeout_s": 5.0}


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost / 127.0.0.1 (cert path, key path)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
