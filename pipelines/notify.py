"""Email to officers: the ONE module that talks SMTP, and the outbox that makes sending exactly-once.

Everything to mail is first written to the outbox (in the caller's transaction), keyed by a unique
`dedupe_key`: a packet's content, or one change of one appearance. `deliver_pending` then claims each
due row (status -> sending, attempts + 1, committed), sends it, and marks it sent only after the SMTP
server accepted it. The Message-ID is derived from the row id, so a resend after a crash between the
server's accept and our commit carries the same Message-ID and is recognisable as a duplicate.
smtplib errors are translated into the `MailError` classes of `base.errors` here.
"""

from __future__ import annotations

import hashlib
import html
import logging
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any
from zoneinfo import ZoneInfo

from base.errors import (
    InternalError,
    MailDeferred,
    MailError,
    MailLoginRefused,
    MailMessageTooLarge,
    MailNotConfigured,
    MailRecipientDeferred,
    MailRecipientRefused,
    MailRejected,
    MailTlsFailed,
    MailUnavailable,
    NoEmailOnRoster,
    PacketMissing,
    PacketUnreadable,
    StorageError,
)
from base.models import Appearance, Officer
from base.settings import Settings
from pipelines.links import packet_link
from storage.index import Index
from storage.objects import ObjectStore
from storage.outbox import OutboxMessage
from storage.transaction import Transaction

log = logging.getLogger(__name__)

PACKET_KINDS = ("packet", "update")
NOTICE_KINDS = ("continuance", "cancellation", "reminder")
LIVE = ("pending", "sending", "sent", "failed")  # not superseded


# --- enqueueing (in the caller's transaction) ---------------------------------------------------

def _now() -> datetime:
    return datetime.now(UTC)


def enqueue_notice(tx: Transaction, kind: str, appearance: Appearance, *,
                   previous_date: str | None = None, sequence: int = 0,
                   packet_id: int | None = None) -> OutboxMessage | None:
    """Queue a continuance, cancellation or reminder for the appearance's officer (once), in the
    caller's transaction. A reminder with `packet_id` carries that packet (or its link)."""
    if kind not in NOTICE_KINDS or not appearance.officer_badge or appearance.id is None:
        raise InternalError(f"cannot queue a {kind} notice for this appearance")
    if kind == "reminder":
        key = f"reminder:{appearance.id}:{appearance.date}:{appearance.time or ''}"
    else:
        key = f"{kind}:{appearance.id}:{sequence}"
    inserted = tx.outbox.add(OutboxMessage(
        dedupe_key=key, officer_badge=appearance.officer_badge, kind=kind, packet_id=packet_id,
        appearance_ids=[appearance.id], fingerprints={},
        details={"appearance": asdict(appearance), "previous_date": previous_date,
                 "sequence": sequence}))
    if inserted is not None:
        log.info("outbox %s: %s queued for badge %s (appearance %s)", inserted.id, kind,
                 appearance.officer_badge, appearance.id)
    return inserted


def enqueue_packet(tx: Transaction, *, badge: str, kind: str, content_key: str, packet_id: int,
                   fingerprints: dict[str, str], details: dict[str, Any]) -> OutboxMessage | None:
    """Queue a built packet for its officer, once per content, in the caller's transaction.
    Unsent packets whose appearances this one covers are superseded (the officer gets the newest,
    not a stale one first)."""
    inserted = tx.outbox.add(OutboxMessage(
        dedupe_key=f"packet:{badge}:{content_key}", officer_badge=badge, kind=kind,
        packet_id=packet_id, appearance_ids=sorted(int(i) for i in fingerprints),
        fingerprints=dict(fingerprints), details=details))
    if inserted is None:
        return None
    covered = set(inserted.appearance_ids)
    now = _now()
    for old in tx.outbox.find(officer=badge, kinds=PACKET_KINDS, statuses=("pending", "failed")):
        if old.id != inserted.id and set(old.appearance_ids) <= covered:
            old.status, old.updated_at = "superseded", now
            old.details = {**old.details, "superseded_by": inserted.id}
            tx.outbox.save(old)
    log.info("outbox %s: %s queued for badge %s", inserted.id, kind, badge)
    return inserted


def delivered_fingerprints(tx: Transaction, badge: str) -> tuple[set[tuple[str, str]],
                                                                 dict[str, set[str]]]:
    """What this officer's packets already carry: (covered, sent). `covered` holds (appearance id,
    fingerprint) pairs queued or sent (not superseded); `sent` maps appearance id -> fingerprints
    actually mailed."""
    covered: set[tuple[str, str]] = set()
    sent: dict[str, set[str]] = {}
    for fps, status in tx.outbox.fingerprints(badge, kinds=PACKET_KINDS, statuses=LIVE):
        for aid, fp in fps.items():
            covered.add((str(aid), fp))
            if status == "sent":
                sent.setdefault(str(aid), set()).add(fp)
    return covered, sent


# --- calendar invitations ----------------------------------------------------------------------

def appearance_uid(appearance_id: int | None, settings: Settings) -> str:
    """The stable iCalendar UID of an appearance (so updates and cancellations replace it)."""
    return f"appearance-{appearance_id}@{_mail_domain(settings)}"


def make_ics(appearances: Sequence[Appearance], settings: Settings, *, method: str = "REQUEST",
             sequence: int | dict[int, int] = 0, attendee: str | None = None) -> bytes:
    """An iCalendar file with one VEVENT per appearance (METHOD REQUEST, or CANCEL)."""
    from icalendar import Calendar, Event, vCalAddress

    tz = ZoneInfo(settings.court.timezone)
    cal = Calendar()
    cal.add("prodid", "-//casefolio//court appearances//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    for a in appearances:
        event = Event()
        event.add("uid", appearance_uid(a.id, settings))
        event.add("dtstamp", _now())
        day = datetime.fromisoformat(a.date).date()
        if a.time:
            start = datetime.combine(day, datetime.strptime(a.time, "%H:%M").time(), tzinfo=tz)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=settings.court.appearance_minutes))
        else:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        seq = sequence.get(a.id or 0, 0) if isinstance(sequence, dict) else sequence
        event.add("sequence", seq)
        event.add("summary", _event_title(a))
        event.add("location", _location(a, settings))
        event.add("description", _numbers_line(a))
        event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
        organizer = vCalAddress(f"mailto:{_sender(settings)}")
        event.add("organizer", organizer)
        if attendee:
            event.add("attendee", vCalAddress(f"mailto:{attendee}"))
        cal.add_component(event)
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()
    return cal.to_ical()


def _event_title(a: Appearance) -> str:
    number = (a.court_case_numbers or a.citation_numbers or a.case_numbers or [""])[0]
    return " ".join(p for p in ("Court:", a.hearing or "appearance", number) if p)


def _location(a: Appearance, settings: Settings) -> str:
    parts = [a.court or "", f"Room {a.courtroom}" if a.courtroom else "",
             settings.court.court_address]
    return ", ".join(p for p in parts if p)


def _numbers_line(a: Appearance) -> str:
    parts = []
    for label, values in (("Court case", a.court_case_numbers), ("Agency case", a.case_numbers),
                          ("Citation", a.citation_numbers)):
        if values:
            parts.append(f"{label} {', '.join(values)}")
    return "; ".join(parts)


# --- messages ----------------------------------------------------------------------------------

def _sender(settings: Settings) -> str:
    return settings.smtp_from or f"casefolio@{socket.getfqdn() or 'localhost'}"


def _mail_domain(settings: Settings) -> str:
    sender = settings.smtp_from or ""
    return sender.rpartition("@")[2].strip(">") or "casefolio.invalid"


def message_id(row: OutboxMessage, settings: Settings) -> str:
    """Deterministic Message-ID of an outbox row (the same on every attempt)."""
    digest = hashlib.sha256(row.dedupe_key.encode()).hexdigest()[:12]
    return f"<casefolio.outbox.{row.id}.{digest}@{_mail_domain(settings)}>"


def _appearance_lines(appearances: Sequence[dict[str, Any]], missing: Sequence[int]) -> list[str]:
    lines = []
    for d in appearances:
        a = Appearance(**d)
        where = ", ".join(p for p in (a.court or "", f"room {a.courtroom}" if a.courtroom else "")
                          if p)
        lines.append(f"- {a.date} {a.time or '(time not set)'}  {where}  {a.hearing or ''}"
                     f"  ({_numbers_line(a)})")
        if a.id in missing:
            lines.append("  ! No archived documents for this case yet - please ask records.")
    return lines


def _subject(row: OutboxMessage) -> str:
    d = row.details or {}
    if row.kind in PACKET_KINDS:
        n = len(d.get("appearances", []))
        prefix = "UPDATED court packet" if row.kind == "update" else "Court packet"
        return f"{prefix}: {n} appearance{'s' if n != 1 else ''}, {d.get('date_from')} to " \
               f"{d.get('date_to')}"
    a = Appearance(**d["appearance"])
    when = f"{a.date} {a.time or ''}".strip()
    if row.kind == "cancellation":
        return f"CANCELLED: court appearance {when} ({_event_title(a)})"
    if row.kind == "continuance":
        return f"CONTINUED: court appearance moved to {when} ({_event_title(a)})"
    return f"Reminder: court appearance {when} ({_event_title(a)})"


def _body_lines(row: OutboxMessage, officer: Officer, link: str | None,
                settings: Settings) -> list[str]:
    d = row.details or {}
    lines = [f"Officer {officer.name} (#{officer.badge}),", ""]
    if row.kind in PACKET_KINDS:
        if row.kind == "update":
            lines += ["This is an UPDATE of a packet sent earlier: documents or dates changed.", ""]
        lines.append(f"Your court packet for {d.get('date_from')} to {d.get('date_to')}: "
                     f"{d.get('pages')} pages, {d.get('documents')} documents.")
        if link:
            lines.append(f"It is too large to attach; open it (link valid "
                         f"{settings.court.link_expiry_hours} hours, sign-in required): {link}")
        else:
            lines.append("It is attached as a PDF.")
        lines += ["", "Appearances:",
                  *_appearance_lines(d.get("appearances", []), d.get("missing", []))]
        lines += ["", "A calendar invitation is attached for each appearance."]
    else:
        a = Appearance(**d["appearance"])
        if row.kind == "cancellation":
            lines.append("The following court appearance is CANCELLED. You do not need to appear.")
        elif row.kind == "continuance":
            lines.append(f"The following court appearance was CONTINUED from "
                         f"{d.get('previous_date') or 'an earlier date'} to {a.date}.")
        else:
            lines.append("Reminder: you are due in court for the following appearance.")
            if link:
                lines.append(f"Your court packet is too large to attach; open it (link valid "
                             f"{settings.court.link_expiry_hours} hours, sign-in required): {link}")
            elif row.packet_id is not None:
                lines.append("Your court packet for it is attached as a PDF.")
        lines += ["", *_appearance_lines([d["appearance"]], [])]
        lines += ["", "The attached calendar file updates your calendar."]
    lines += ["", f"Questions: {settings.court.records_contact}.",
              "This message is for the named officer only. Do not forward."]
    return lines


def _html(lines: Sequence[str]) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" if line else "" for line in lines)
    return f"<!DOCTYPE html><html><body style=\"font-family:sans-serif\">{body}</body></html>"


def build_message(row: OutboxMessage, officer: Officer, settings: Settings,
                  store: ObjectStore | None, *, packet_key: str | None = None) -> EmailMessage:
    """The email of one outbox row: text + HTML body, the packet PDF (or a link), .ics files."""
    d = row.details or {}
    msg = EmailMessage()
    msg["Subject"] = _subject(row)
    msg["From"] = formataddr(("Court packets", _sender(settings)))
    msg["To"] = officer.email
    msg["Date"] = format_datetime(_now())
    msg["Message-ID"] = message_id(row, settings)
    msg["X-Casefolio-Kind"] = row.kind
    msg["X-Casefolio-Outbox"] = str(row.id)
    attachments: list[tuple[bytes, str, str, str, dict[str, str]]] = []
    link = None
    if row.kind in PACKET_KINDS:
        if store is None or not packet_key:
            raise PacketMissing("the packet's stored PDF is unknown")
        link = _packet_attachment(store, packet_key, d, settings, attachments, row.packet_id)
        appearances = [Appearance(**a) for a in d.get("appearances", [])]
        for a in appearances:
            ics = make_ics([a], settings, method="REQUEST",
                           sequence=d.get("sequences", {}).get(str(a.id), 0),
                           attendee=officer.email)
            attachments.append((ics, "text", "calendar", f"appearance-{a.id}.ics",
                                {"method": "REQUEST"}))
    else:
        if row.kind == "reminder" and store is not None and packet_key:
            link = _packet_attachment(store, packet_key, d, settings, attachments, row.packet_id)
        a = Appearance(**d["appearance"])
        method = "CANCEL" if row.kind == "cancellation" else "REQUEST"
        ics = make_ics([a], settings, method=method, sequence=d.get("sequence", 0),
                       attendee=officer.email)
        attachments.append((ics, "text", "calendar", f"appearance-{a.id}.ics", {"method": method}))
    lines = _body_lines(row, officer, link, settings)
    msg.set_content("\n".join(lines))
    msg.add_alternative(_html(lines), subtype="html")
    for data, maintype, subtype, filename, params in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename,
                           params=params)
    carries = row.kind in PACKET_KINDS or (row.kind == "reminder" and packet_key is not None)
    row.delivery = "link" if link else ("attachment" if carries else None)
    return msg


def _packet_attachment(store: ObjectStore, key: str, d: dict[str, Any], settings: Settings,
                       attachments: list[tuple[bytes, str, str, str, dict[str, str]]],
                       packet_id: int | None) -> str | None:
    """Attach the packet, or return a signed, expiring link to it in the web app (where the
    officer signs in) when it is too large for mail."""
    limit = int(settings.court.max_attachment_mb * 1024 * 1024)
    try:
        size = store.stat(key).size
        if size > limit and packet_id is not None:
            return packet_link(settings, packet_id, _now())
        data = store.get_bytes(key)
    except StorageError as e:
        missing = PacketUnreadable if e.transient else PacketMissing
        raise missing(f"cannot read the packet: {e}") from e
    name = f"court-packet-{d.get('badge', 'officer')}-{d.get('date_from')}-{d.get('date_to')}.pdf"
    attachments.append((data, "application", "pdf", name, {}))
    return None


# --- SMTP --------------------------------------------------------------------------------------

def _translate(e: BaseException) -> MailError:
    """smtplib / socket errors -> the MailError class of their cause."""
    if isinstance(e, MailError):
        return e
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return MailLoginRefused(f"SMTP login refused ({e.smtp_code})")
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return MailTlsFailed(f"SMTP server lacks a required feature: {e}")
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        code = next(iter(e.recipients.values()))[0] if e.recipients else 550
        refused = MailRecipientDeferred if 400 <= code < 500 else MailRecipientRefused
        return refused(f"recipient refused ({code})")
    if isinstance(e, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return MailUnavailable(f"SMTP server unavailable: {e}")
    if isinstance(e, smtplib.SMTPResponseException):
        code = e.smtp_code
        if code == 552:
            return MailMessageTooLarge(f"SMTP server answered {code}: the message is too large")
        rejected = MailDeferred if 400 <= code < 500 else MailRejected
        return rejected(f"SMTP server answered {code}")
    if isinstance(e, ssl.SSLError):
        return MailTlsFailed(f"TLS failed: {e}")
    if isinstance(e, (OSError, smtplib.SMTPException)):
        return MailUnavailable(f"SMTP server unavailable: {e}")
    return MailError(f"mail failed: {type(e).__name__}")


class Mailer:
    """One SMTP connection, opened on first use: STARTTLS and login when configured."""

    def __init__(self, settings: Settings, *, ssl_context: ssl.SSLContext | None = None) -> None:
        if not settings.smtp_host:
            raise MailNotConfigured("no SMTP server configured (CASEFOLIO_SMTP_HOST)")
        self.settings = settings
        self.host: str = settings.smtp_host
        self.ssl_context = ssl_context
        self._smtp: smtplib.SMTP | None = None

    def check(self) -> None:
        """Connect, greet, log in when configured, and hang up (for `casefolio doctor`)."""
        self._connect().quit()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            smtp = smtplib.SMTP(self.host, s.smtp_port, timeout=s.smtp_timeout_s)
            try:
                smtp.ehlo()
                if s.smtp_starttls:
                    smtp.starttls(context=self.ssl_context or ssl.create_default_context())
                    smtp.ehlo()
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password or "")
            except BaseException:
                smtp.close()
                raise
        except Exception as e:
            raise _translate(e) from e
        return smtp

    def send(self, msg: EmailMessage, sender: str, recipient: str) -> None:
        """Send one message to one recipient; raises MailError."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(msg, from_addr=sender, to_addrs=[recipient])
        except Exception as e:
            err = _translate(e)
            if err.connection:
                self._drop()
            else:
                self._reset()
            raise err from e

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        """Say goodbye to the server."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# --- delivery ----------------------------------------------------------------------------------

@dataclass
class DeliveryReport:
    """What a delivery run did (outbox ids)."""

    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)  # not tried: the server was unavailable
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.failed or self.deferred or self.error)


def _due_ids(index: Index, ids: Sequence[int] | None, stale_after_s: float) -> list[int]:
    stale = _now() - timedelta(seconds=stale_after_s)
    with index.transaction() as tx:
        due = []
        for row in tx.outbox.find(statuses=("pending", "failed", "sending"), ids=ids):
            if row.status == "failed" and not row.transient:
                continue
            if row.status == "sending" and _aware(row.updated_at) > stale:
                continue  # another sender is on it right now
            assert row.id is not None  # read from the outbox
            due.append(row.id)
        return due


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _claim(index: Index, outbox_id: int, settings: Settings, stale_after_s: float,
           ) -> tuple[OutboxMessage, Officer | None, str | None] | None:
    """Mark one message as being sent (committed), with the recipient from the roster now."""
    with index.transaction() as tx:
        row = tx.outbox.get(outbox_id)
        if row is None or row.status not in ("pending", "failed", "sending"):
            return None
        if row.status == "sending" and _aware(row.updated_at) > _now() - timedelta(
                seconds=stale_after_s):
            return None
        officer = tx.officers.get(row.officer_badge)
        packet = tx.packets.get(row.packet_id) if row.packet_id else None
        row.status, row.attempts, row.updated_at = "sending", row.attempts + 1, _now()
        row.message_id = message_id(row, settings)
        row.recipient = officer.email if officer and officer.email else None
        tx.outbox.save(row)
        return row, officer, packet.object_key if packet else None


def _finish(index: Index, row: OutboxMessage, actor: str, error: MailError | None) -> None:
    with index.transaction() as tx:
        live = tx.outbox.get(row.id) if row.id is not None else None
        if live is None:
            return
        live.updated_at = _now()
        live.delivery = row.delivery
        if error is None:
            live.status, live.sent_at, live.last_error, live.reason = "sent", _now(), None, None
            tx.audit.append(actor=actor, action="outbox.sent", subject=str(row.id),
                            details={"badge": row.officer_badge, "kind": row.kind,
                                     "packet_id": row.packet_id, "message_id": row.message_id,
                                     "delivery": row.delivery, "attempts": live.attempts})
        else:
            live.status, live.transient = "failed", error.transient
            live.reason, live.last_error = error.reason, error.message[:2000]
            tx.audit.append(actor=actor, action="outbox.failed", subject=str(row.id),
                            details={"badge": row.officer_badge, "kind": row.kind,
                                     "reason": error.reason, "transient": error.transient,
                                     "attempts": live.attempts})
        tx.outbox.save(live)


def deliver_pending(index: Index, store: ObjectStore | None, settings: Settings, *,
                    actor: str = "casefolio", ids: Sequence[int] | None = None,
                    ssl_context: ssl.SSLContext | None = None,
                    stale_after_s: float = 600.0) -> DeliveryReport:
    """Send every due outbox row (pending, failed-transient, or stuck in sending longer than
    `stale_after_s`). A connection-level failure stops the run; the rest stay pending."""
    report = DeliveryReport()
    due = _due_ids(index, ids, stale_after_s)
    if not due:
        return report
    try:
        mailer = Mailer(settings, ssl_context=ssl_context)
    except MailError as e:
        report.error, report.deferred = e.message, due
        log.warning("outbox: %d message(s) waiting: %s", len(due), e.message)
        return report
    with mailer:
        for n, outbox_id in enumerate(due):
            claimed = _claim(index, outbox_id, settings, stale_after_s)
            if claimed is None:
                continue
            row, officer, key = claimed
            error = _send_one(mailer, row, officer, key, store, settings)
            _finish(index, row, actor, error)
            if error is None:
                report.sent.append(outbox_id)
                log.info("outbox %s: %s sent to badge %s", row.id, row.kind, row.officer_badge)
                continue
            report.failed.append(outbox_id)
            log.warning("outbox %s: %s for badge %s failed (%s, %s)", row.id, row.kind,
                        row.officer_badge, error.reason,
                        "will retry" if error.transient else "needs attention")
            if error.connection:
                report.error = error.message
                report.deferred = list(due[n + 1:])
                break
    return report


def _send_one(mailer: Mailer, row: OutboxMessage, officer: Officer | None, key: str | None,
              store: ObjectStore | None, settings: Settings) -> MailError | None:
    if officer is None or not officer.email:
        return NoEmailOnRoster(f"badge {row.officer_badge} has no email on the roster")
    try:
        msg = build_message(row, officer, settings, store, packet_key=key)
        mailer.send(msg, _sender(settings), officer.email)
    except MailError as e:
        return e
    return None


# --- outbox maintenance ------------------------------------------------------------------------

@dataclass
class OutboxEntry:
    """One outbox row, for listing."""

    id: int
    officer_badge: str
    kind: str
    status: str
    attempts: int
    reason: str | None
    last_error: str | None
    created_at: str
    sent_at: str | None
    packet_id: int | None
    appearance_ids: list[int]
    delivery: str | None


def list_outbox(index: Index, *, status: str | None = None, officer: str | None = None,
                limit: int = 200) -> list[OutboxEntry]:
    """Outbox messages, newest first."""
    with index.transaction() as tx:
        rows = tx.outbox.find(statuses=[status] if status else None, officer=officer,
                              newest_first=True, limit=limit)
    return [OutboxEntry(id=r.id or 0, officer_badge=r.officer_badge, kind=r.kind, status=r.status,
                        attempts=r.attempts, reason=r.reason, last_error=r.last_error,
                        created_at=_aware(r.created_at).isoformat(timespec="seconds"),
                        sent_at=_aware(r.sent_at).isoformat(timespec="seconds")
                        if r.sent_at else None, packet_id=r.packet_id,
                        appearance_ids=list(r.appearance_ids), delivery=r.delivery)
            for r in rows]


def reset_failed(index: Index, ids: Sequence[int] | None = None, *,
                 actor: str = "casefolio") -> list[int]:
    """Make failed messages (also permanent failures, once fixed) due again; returns their ids."""
    with index.transaction() as tx:
        rows = tx.outbox.find(statuses=("failed",), ids=ids or None)
        for row in rows:
            row.status, row.transient, row.updated_at = "pending", True, _now()
            tx.outbox.save(row)
        if rows:
            tx.audit.append(actor=actor, action="outbox.retry", subject="outbox",
                            details={"ids": [r.id for r in rows]})
        return [r.id for r in rows if r.id is not None]
