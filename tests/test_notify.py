"""Packets and notices mailed through a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from icalendar import Calendar

from base.models import Appearance, Officer
from base.settings import load_settings
from pipelines import court, links, notify, packets
from storage.index import Index
from storage.objects import open_store
from synth.archive import archive_document
from tests.smtp_server import Received, SmtpServer

pytestmark = pytest.mark.service

DAY = date.today() + timedelta(days=3)
A, B = "2231", "4410"


@pytest.fixture
def smtp() -> Any:
    server = SmtpServer().up()
    yield server
    server.down()


@pytest.fixture
def world(home: Path, smtp: SmtpServer) -> dict[str, Any]:
    """Two officers with one appearance each, documents for both, and one unrelated document."""
    settings = load_settings(home=home, **smtp.settings_overrides())
    settings.ensure_folders()
    index = Index(settings.database_url)
    store = open_store(settings.storage_url)
    with index.transaction() as tx:
        tx.officers.upsert(Officer(badge=A, name="Dana Whitfield", email="dana@pd.example"))
        tx.officers.upsert(Officer(badge=B, name="Luis Ortega", email="luis@pd.example"))
    ida, _ = court.add_appearance(index, Appearance(
        date=DAY.isoformat(), time="09:00", court="Circuit Court", courtroom="304",
        hearing="Trial", officer_badge=A, defendant="James Harrington",
        case_numbers=["24-003817"], court_case_numbers=["24CR12345"]))
    idb, _ = court.add_appearance(index, Appearance(
        date=DAY.isoformat(), time="13:30", court="Circuit Court", courtroom="210",
        hearing="Arraignment", officer_badge=B, defendant="Mia Chen",
        citation_numbers=["T7654321"]))
    archive_document(index, store, title="ALPHA incident report", case_numbers=["24-003817"],
                     pages=2)
    archive_document(index, store, title="ALPHA supplemental", doc_type="incident_report",
                     court_case_numbers=["24CR12345"])
    archive_document(index, store, title="BRAVO citation", doc_type="citation",
                     citation_numbers=["T7654321"])
    archive_document(index, store, title="ZULU unrelated", case_numbers=["23-000001"])
    yield {"settings": settings, "index": index, "store": store, "a": ida, "b": idb}
    index.close()


def send(world: dict[str, Any], **kw: Any) -> packets.SendReport:
    return packets.send_packets(world["index"], world["store"], world["settings"], DAY, DAY, **kw)


def pdf_text(msg: Received) -> str:
    part = next(p for p in msg.message.iter_attachments()
                if p.get_content_type() == "application/pdf")
    doc = pdfium.PdfDocument(part.get_content())
    try:
        return "\f".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def calendars(msg: Received) -> list[Calendar]:
    return [Calendar.from_ical(p.get_content() if isinstance(p.get_content(), (bytes, str))
                               else p.get_payload(decode=True))
            for p in msg.message.iter_attachments() if p.get_content_type() == "text/calendar"]


def test_each_officer_gets_only_their_documents_once(world: dict[str, Any],
                                                     smtp: SmtpServer) -> None:
    report = send(world)
    assert report.ok and len(report.delivery.sent) == 2
    assert len(smtp.received) == 2
    (to_a,) = smtp.to("dana@pd.example")
    (to_b,) = smtp.to("luis@pd.example")
    assert to_a.rcpt_tos == ["dana@pd.example"] and to_b.rcpt_tos == ["luis@pd.example"]

    text_a, text_b = pdf_text(to_a), pdf_text(to_b)
    assert "ALPHA incident report page 2" in text_a and "ALPHA supplemental" in text_a
    assert "BRAVO" not in text_a and "ZULU" not in text_a
    assert "BRAVO citation page 1" in text_b
    assert "ALPHA" not in text_b and "ZULU" not in text_b
    assert "James Harrington" in text_a and "Mia Chen" not in text_a  # cover sheet
    assert "page 1 of" in text_a and "Manifest" in text_a

    msg = to_a.message
    assert msg["Subject"].startswith("Court packet")
    assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None
    (cal,) = calendars(to_a)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]).startswith(f"appearance-{world['a']}@")
    start = event.decoded("DTSTART")
    assert (start.date(), start.strftime("%H:%M")) == (DAY, "09:00")
    assert "Room 304" in str(event["LOCATION"])

    again = send(world)
    assert again.queued == [] and again.delivery.sent == []
    assert len(smtp.received) == 2  # a second send mails nobody


def test_changed_packet_is_resent_as_update(world: dict[str, Any], smtp: SmtpServer) -> None:
    send(world)
    archive_document(world["index"], world["store"], title="ALPHA lab results",
                     case_numbers=["24-003817"])
    report = send(world)
    assert len(report.updates) == 1
    assert len(smtp.received) == 3
    (first, update) = smtp.to("dana@pd.example")
    assert update.message["Subject"].startswith("UPDATED court packet")
    assert "ALPHA lab results" in pdf_text(update)
    assert "UPDATE" in update.message.get_body(("plain",)).get_content()
    assert len(smtp.to("luis@pd.example")) == 1  # B's packet did not change


def test_continuance_and_cancellation_notify_the_officer(world: dict[str, Any], smtp: SmtpServer,
                                                          tmp_path: Path) -> None:
    header = ("date,time,court,courtroom,court_case_number,agency_case_number,citation_number,"
              "defendant,officer_name,officer_badge,hearing\n")
    docket = tmp_path / "docket.csv"
    docket.write_text(header + f"{DAY},09:00,Circuit Court,304,24CR12345,24-003817,,"
                      f"James Harrington,Dana Whitfield,{A},Trial\n")
    s, index = world["settings"], world["index"]
    court.import_docket(index, docket, s.court)
    send(world)
    uid = str(calendars(smtp.to("dana@pd.example")[0])[0].walk("VEVENT")[0]["UID"])

    moved = DAY + timedelta(days=2)
    docket.write_text(header + f"{moved},10:00,Circuit Court,304,24CR12345,24-003817,,"
                      f"James Harrington,Dana Whitfield,{A},Trial\n")
    result = court.import_docket(index, docket, s.court)
    assert result.continued == [world["a"]]
    notify.deliver_pending(index, world["store"], s)
    continued = smtp.to("dana@pd.example")[-1]
    assert continued.message["Subject"].startswith("CONTINUED")
    event = calendars(continued)[0].walk("VEVENT")[0]
    assert str(event["UID"]) == uid and event.decoded("DTSTART").date() == moved

    docket.write_text(header)  # the row is gone: cancelled
    result = court.import_docket(index, docket, s.court)
    assert result.cancelled == [world["a"]]
    report = notify.deliver_pending(index, world["store"], s)
    assert len(report.sent) == 1
    cancelled = smtp.to("dana@pd.example")[-1]
    assert cancelled.message["Subject"].startswith("CANCELLED")
    cal = calendars(cancelled)[0]
    assert str(cal["METHOD"]) == "CANCEL"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == uid and str(event["STATUS"]) == "CANCELLED"
    assert len(smtp.to("luis@pd.example")) == 1  # B heard nothing of A's case
    # re-importing the same (empty) docket notifies nobody again
    court.import_docket(index, docket, s.court)
    assert notify.deliver_pending(index, world["store"], s).sent == []


def test_outage_then_recovery_delivers_everything_once(world: dict[str, Any],
                                                       smtp: SmtpServer) -> None:
    smtp.down()
    report = send(world)
    assert not report.ok and report.delivery.error
    assert len(report.queued) == 2 and smtp.received == []
    statuses = {e.status for e in notify.list_outbox(world["index"])}
    assert statuses <= {"pending", "failed"}

    smtp.up()
    report = send(world)
    assert report.queued == [] and len(report.delivery.sent) == 2
    assert len(smtp.to("dana@pd.example")) == 1 and len(smtp.to("luis@pd.example")) == 1
    assert send(world).delivery.sent == []
    assert len(smtp.received) == 2
    assert {e.status for e in notify.list_outbox(world["index"])} == {"sent"}


def test_temporary_refusal_is_retried(world: dict[str, Any], smtp: SmtpServer) -> None:
    smtp.handler.fail_with = "451 4.3.0 try again later"
    report = send(world)
    assert len(report.delivery.failed) == 2 and smtp.received == []
    failed = notify.list_outbox(world["index"], status="failed")
    assert {e.reason for e in failed} == {"smtp_rejected"}
    smtp.handler.fail_with = None
    report = notify.deliver_pending(world["index"], world["store"], world["settings"])
    assert len(report.sent) == 2 and len(smtp.received) == 2


def test_crash_after_accept_resends_with_the_same_message_id(
        world: dict[str, Any], smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    real_finish = notify._finish

    def crash(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt("crash between SMTP accept and commit")

    monkeypatch.setattr(notify, "_finish", crash)
    with pytest.raises(KeyboardInterrupt):
        send(world, officer=A)
    monkeypatch.setattr(notify, "_finish", real_finish)
    assert len(smtp.received) == 1
    with world["index"].transaction() as tx:
        assert [m.status for m in tx.outbox.find()] == ["sending"]
    # a fresh claim is left alone; a stale one is retried with the same Message-ID
    assert notify.deliver_pending(world["index"], world["store"], world["settings"]).sent == []
    report = notify.deliver_pending(world["index"], world["store"], world["settings"],
                                    stale_after_s=0)
    assert len(report.sent) == 1
    first, second = smtp.received
    assert first.message["Message-ID"] == second.message["Message-ID"]


def test_starttls_and_login(home: Path, tmp_path: Path) -> None:
    server = SmtpServer(tls_dir=tmp_path / "tls", user="casefolio", password="s3cret").up()
    try:
        settings = load_settings(home=home, **server.settings_overrides())
        index = Index(settings.database_url)
        store = open_store(settings.storage_url)
        with index.transaction() as tx:
            tx.officers.upsert(Officer(badge=A, name="Dana Whitfield",
                                            email="dana@pd.example"))
        court.add_appearance(index, Appearance(date=DAY.isoformat(), time="09:00",
                                               officer_badge=A, case_numbers=["24-000002"]))
        report = packets.send_packets(index, store, settings, DAY, DAY,
                                      ssl_context=server.client_tls)
        assert report.ok and len(server.received) == 1 and server.logins == ["casefolio"]
        text = pdf_text(server.received[0])
        assert "NO ARCHIVED DOCUMENTS YET" in text  # the officer knows to ask

        assert notify.list_outbox(index)[0].status == "sent"
        index.close()
    finally:
        server.down()


def test_large_packet_goes_as_a_link(world: dict[str, Any], smtp: SmtpServer) -> None:
    world["settings"].court.max_attachment_mb = 0.001
    send(world, officer=A)
    (msg,) = smtp.received
    types = [p.get_content_type() for p in msg.message.iter_attachments()]
    assert "application/pdf" not in types and "text/calendar" in types
    body = msg.message.get_body(("plain",)).get_content()
    assert "file://" not in body  # a file:// link does not open on an officer's phone
    link = re.search(r"(http://127\.0\.0\.1:8000/packets/link/\S+)", body)
    assert link is not None and "sign-in required" in body
    packet_id = links.verify(links.link_key(world["settings"]), link.group(1).rsplit("/", 1)[1],
                             "packet", datetime.now(UTC))
    assert int(packet_id) == notify.list_outbox(world["index"])[0].packet_id


def test_daily_run_sends_ahead_and_reminds_the_day_before(world: dict[str, Any],
                                                          smtp: SmtpServer) -> None:
    index, s = world["index"], world["settings"]
    today = DAY - timedelta(days=1)  # A and B are due tomorrow
    court.add_appearance(index, Appearance(date=(today + timedelta(days=30)).isoformat(),
                                           time="09:00", officer_badge=A,
                                           case_numbers=["24-009999"]))
    report = packets.run_daily(index, world["store"], s, today=today)
    kinds = sorted(r.message["X-Casefolio-Kind"] for r in smtp.received)
    assert kinds == ["packet", "packet", "reminder", "reminder"]
    assert len(report.reminders) == 2
    for reminder in (r for r in smtp.received if r.message["X-Casefolio-Kind"] == "reminder"):
        types = [p.get_content_type() for p in reminder.message.iter_attachments()]
        assert "application/pdf" in types  # the reminder carries the packet too
    assert all("24-009999" not in pdf_text(r) for r in smtp.received
               if r.message["X-Casefolio-Kind"] == "packet")
    packets.run_daily(index, world["store"], s, today=today)
    assert len(smtp.received) == 4  # the same day again mails nobody


def test_smtp_errors_are_translated() -> None:
    import smtplib

    auth = notify._translate(smtplib.SMTPAuthenticationError(535, b"bad credentials"))
    assert (auth.reason, auth.transient, auth.connection) == ("smtp_auth", False, True)
    down = notify._translate(ConnectionRefusedError(111, "refused"))
    assert (down.reason, down.transient, down.connection) == ("smtp_unavailable", True, True)
    refused = notify._translate(smtplib.SMTPRecipientsRefused({"x@y": (550, b"no such user")}))
    assert (refused.reason, refused.transient, refused.connection) == (
        "recipient_refused", False, False)
    later = notify._translate(smtplib.SMTPDataError(451, b"later"))
    assert (later.reason, later.transient) == ("smtp_rejected", True)
    big = notify._translate(smtplib.SMTPDataError(552, b"too big"))
    assert (big.reason, big.transient) == ("message_too_large", False)


@pytest.mark.slow
def test_daily_flow_under_prefect(flow_env: Any, smtp: SmtpServer,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.court import daily_packets

    for key, value in smtp.settings_overrides().items():
        if value is not None:
            monkeypatch.setenv(f"CASEFOLIO_{key.upper()}", str(value))
    index = Index(flow_env.database_url)
    with index.transaction() as tx:
        tx.officers.upsert(Officer(badge=A, name="Dana Whitfield", email="dana@pd.example"))
    court.add_appearance(index, Appearance(date=DAY.isoformat(), time="09:00", officer_badge=A,
                                           case_numbers=["24-003817"]))
    today = (DAY - timedelta(days=2)).isoformat()
    smtp.down()
    summary = daily_packets(today=today)  # an outage: retried, then left in the outbox
    assert summary.get("error") and smtp.received == []
    smtp.up()
    summary = daily_packets(today=today)
    assert len(summary["sent"]) == 1 and len(smtp.received) == 1
    assert daily_packets(today=today)["sent"] == []
    index.close()
