"""The court side: the calendar, packet status per officer (with resend), and the officer's own
page of appearances and packets (where signed links in mail lead)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from base.errors import ObjectNotFound, SignInRefused
from casefolio.web.pages import csv_response, render
from casefolio.web.routes_archive import _day
from casefolio.web.security import (
    STAFF,
    Principal,
    Services,
    audit,
    deny,
    officer_packet,
    principal_of,
    require,
    services,
)
from pipelines import court, links, notify
from pipelines.packet_status import packet_statuses

router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(require(*STAFF))]
Officer = Annotated[Principal, Depends(require("officer"))]
Reader = Annotated[Principal, Depends(require("manager", "clerk", "officer"))]
CALENDAR_COLUMNS = ["id", "date", "time", "court", "courtroom", "hearing", "officer_badge",
                    "officer_name", "case_numbers", "citation_numbers", "court_case_numbers",
                    "status", "source"]


def _window(svc: Services, since: str | None, until: str | None) -> tuple[dt.date, dt.date]:
    today = svc.clock().date()
    return (_day(since) or today - dt.timedelta(days=1),
            _day(until) or today + dt.timedelta(days=30))


@router.get("/calendar", response_class=HTMLResponse)
def calendar(request: Request, who: Staff, since: str | None = None, until: str | None = None,
             officer: str | None = None) -> Response:
    """Court appearances in a window, by day."""
    svc = services(request)
    start, end = _window(svc, since, until)
    rows = court.list_appearances(svc.index, date_from=start, date_to=end, officer=officer or None)
    audit(request, "calendar.viewed", "-", query={"since": str(start), "until": str(end),
                                                  "officer": officer or ""}, total=len(rows))
    days: dict[str, list[object]] = {}
    for a in rows:
        days.setdefault(a.date, []).append(a)
    return render(request, "calendar.html", days=days, since=start, until=end,
                  officer=officer or "", total=len(rows), weekday=_weekday)


def _weekday(day: str) -> str:
    """'2030-05-06' as 'Monday 6 May 2030'."""
    d = dt.date.fromisoformat(day)
    return f"{d:%A} {d.day} {d:%B %Y}"


@router.get("/calendar.csv")
def calendar_csv(request: Request, who: Staff, since: str | None = None, until: str | None = None,
                 officer: str | None = None) -> Response:
    """The calendar as CSV."""
    svc = services(request)
    start, end = _window(svc, since, until)
    rows = court.list_appearances(svc.index, date_from=start, date_to=end, officer=officer or None)
    return csv_response(request, "calendar", CALENDAR_COLUMNS, (
        [a.id, a.date, a.time, a.court, a.courtroom, a.hearing, a.officer_badge, a.officer_name,
         " ".join(a.case_numbers), " ".join(a.citation_numbers), " ".join(a.court_case_numbers),
         a.status, a.source] for a in rows))


@router.get("/packets", response_class=HTMLResponse)
def packets_page(request: Request, who: Staff, officer: str | None = None,
                 resent: int = 0) -> Response:
    """Every officer's packets and how their mail went, with a resend button."""
    svc = services(request)
    rows = packet_statuses(svc.index, officer or None)
    audit(request, "packets.viewed", "-", query={"officer": officer or ""}, total=len(rows))
    return render(request, "packets.html", rows=rows, officer=officer or "", resent=resent)


@router.get("/packets.csv")
def packets_csv(request: Request, who: Staff, officer: str | None = None) -> Response:
    """Packet status as CSV."""
    rows = packet_statuses(services(request).index, officer or None)
    return csv_response(request, "packets", [
        "packet_id", "officer_badge", "date_from", "date_to", "built_at", "pages", "documents",
        "status", "update", "reason", "delivery", "sent_at"], (
        [r.packet_id, r.officer_badge, r.date_from, r.date_to, r.built_at, r.pages, r.documents,
         r.status, r.update, r.reason, r.delivery, r.sent_at] for r in rows))


def _deliver(svc: Services, actor: str) -> None:
    if svc.settings.smtp_host:
        notify.deliver_pending(svc.index, svc.store, svc.settings, actor=actor)


@router.post("/packets/outbox/{outbox_id}/resend")
def resend(request: Request, who: Staff, outbox_id: int, tasks: BackgroundTasks) -> Response:
    """Make a failed mail due again and send what is due (in the background)."""
    svc = services(request)
    done = notify.reset_failed(svc.index, [outbox_id], actor=who.name)
    audit(request, "packet.resend", str(outbox_id), "ok" if done else "nothing_to_resend")
    tasks.add_task(_deliver, svc, who.name)
    return RedirectResponse(f"/packets?resent={len(done)}", status_code=303)


@router.get("/officer", response_class=HTMLResponse)
def officer_page(request: Request, who: Officer) -> Response:
    """The signed-in officer's appearances and packets (current and earlier versions)."""
    svc = services(request)
    badge = who.user.badge or ""
    today = svc.clock().date()
    appearances = court.list_appearances(svc.index, date_from=today - dt.timedelta(days=30),
                                         officer=badge)
    rows = packet_statuses(svc.index, badge)
    with svc.index.transaction() as tx:
        officer = tx.officers.get(badge)
    current = sorted({d for r in rows if r.current for d in r.document_ids})
    documents = list(svc.index.iter_records(current))
    audit(request, "officer.page_viewed", badge)
    return render(request, "officer.html", appearances=appearances, packets=rows,
                  officer=officer, today=today.isoformat(), documents=documents)


@router.get("/officer/packets/{packet_id}.pdf")
def packet_pdf(request: Request, who: Reader, packet_id: int) -> Response:
    """One packet's PDF (an officer: only their own)."""
    svc = services(request)
    if not officer_packet(svc, who, packet_id):
        raise deny(request, "not_own_packet", str(packet_id))
    with svc.index.transaction() as tx:
        packet = tx.packets.get(packet_id)
    if packet is None:
        raise HTTPException(404, "no such packet")
    try:
        data = svc.store.get_bytes(packet.object_key)
    except ObjectNotFound as e:
        raise HTTPException(404, "the packet's file is missing") from e
    audit(request, "packet.downloaded", str(packet_id), documents=packet.document_ids)
    name = f"court-packet-{packet.officer_badge}-{packet.date_from}-{packet.date_to}.pdf"
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/packets/link/{token}")
def packet_link(request: Request, token: str) -> Response:
    """Where a mailed link leads: checked (signature, expiry), then the packet after sign-in."""
    svc = services(request)
    try:
        packet_id = int(links.verify(svc.link_key, token, "packet", svc.clock()))
    except (SignInRefused, ValueError):
        audit(request, "access.denied", "packet-link", "denied", reason="bad_or_expired_link")
        return render(request, "error.html", 410, title="Link expired",
                      message="This link is no longer valid. Sign in to casefolio: your packets "
                              "are on your page.")
    if principal_of(request) is None:
        return RedirectResponse(f"/sign-in?next=/packets/link/{token}", status_code=303)
    return RedirectResponse(f"/officer/packets/{packet_id}.pdf", status_code=303)
