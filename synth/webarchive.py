"""A small archive for the web app (its tests and bench/web.py): documents, a roster, appearances, built
packets, one account per role, and a clock the caller moves (tests never sleep)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from base.models import Appearance, Officer
from base.settings import Settings
from casefolio.web import create_app
from casefolio.web.security import Services
from pipelines import accounts, court, packets
from pipelines.ingest import Ingestor
from pipelines.links import link_key
from storage.index import Index
from storage.objects import open_store
from synth.archive import make_pdf

PASSWORD = "Correct-Horse-Battery-9"
NOW = dt.datetime(2030, 5, 5, 15, 0, tzinfo=dt.UTC)
DAY = dt.date(2030, 5, 6)
ROLE_USERS = {"manager": "maria", "clerk": "carl", "officer": "olga", "auditor": "audrey"}
OTHER_OFFICER = "oscar"

CASE_REPORT = [
    "TIGARD POLICE DEPARTMENT - INCIDENT REPORT",
    "Case No. 24-003817   Date: 03/14/2024",
    "Offense: Burglary in the second degree, ORS 164.215",
    "Suspect: HARRINGTON, James Robert",
    "Vehicle: 2011 Honda Civic, Oregon plate 482 KLM",
    "The rear door had been forced open with a pry tool.",
]
TOW_RECORD = [
    "TIGARD POLICE DEPARTMENT - TOW / IMPOUND REPORT",
    "Case No. 24-003817",
    "Registered owner: PATRICIA MENDOZA",
    "Vehicle plate: OR 771 BXT, towed to the city lot.",
]
OTHER_REPORT = [
    "TIGARD POLICE DEPARTMENT - INCIDENT REPORT",
    "Case No. 24-009120   Date: 04/02/2024",
    "Offense: Theft in the third degree",
    "Suspect: OKAFOR, Daniel",
    "Shoplifting at the market on Main Street.",
]


class Clock:
    """A clock the tests move."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Archive:
    """The test archive and the app over it."""

    settings: Settings
    index: Index
    clock: Clock
    app: Any
    docs: dict[str, str] = field(default_factory=dict)  # name -> document id
    packet_id: int = 0
    other_packet_id: int = 0


def fast_passwords(settings: Settings) -> None:
    """argon2id still, with test-sized costs (the defaults cost ~0.1 s a sign-in)."""
    settings.web.password_time_cost = 1
    settings.web.password_memory_kib = 1024


def build_archive(settings: Settings, tmp: Path) -> Archive:
    """File three documents, load a roster of two officers, give officer 2231 an appearance and
    a built packet (holding the two documents of case 24-003817), officer 7710 a packet of the
    other case, and make one account per role (and a second officer)."""
    fast_passwords(settings)
    index = Index(settings.database_url)
    store = open_store(settings.storage_url)
    docs = {}
    with Ingestor(settings) as ingestor:
        for name, lines in (("report", CASE_REPORT), ("tow", TOW_RECORD), ("other", OTHER_REPORT)):
            path = tmp / f"{name}.pdf"
            path.write_bytes(make_pdf([lines]))
            outcome = ingestor.ingest_file(path)
            assert outcome.status == "filed", outcome
            docs[name] = outcome.document_id or ""
    with index.transaction() as tx:
        tx.officers.upsert(Officer(badge="2231", name="Olga Whitfield", email="olga@pd.example"))
        tx.officers.upsert(Officer(badge="7710", name="Oscar Reyes", email="oscar@pd.example"))
    court.add_appearance(index, Appearance(date=DAY.isoformat(), time="09:00",
                                           court="Washington County Circuit Court",
                                           courtroom="3B", hearing="Trial", officer_badge="2231",
                                           officer_name="Olga Whitfield",
                                           case_numbers=["24-003817"], source="manual"))
    court.add_appearance(index, Appearance(date=DAY.isoformat(), time="13:30",
                                           court="Washington County Circuit Court",
                                           courtroom="1A", hearing="Arraignment",
                                           officer_badge="7710", officer_name="Oscar Reyes",
                                           case_numbers=["24-009120"], source="manual"))
    built = packets.build_packets(index, store, settings.court, DAY, DAY)
    by_badge = {b.packet.officer_badge: b for b in built}
    for role, name in ROLE_USERS.items():
        accounts.add_user(index, settings.web, username=name, role=role, password=PASSWORD,
                          badge="2231" if role == "officer" else None,
                          actor=accounts.Actor("test"), now=NOW)
    accounts.add_user(index, settings.web, username=OTHER_OFFICER, role="officer",
                      password=PASSWORD, badge="7710", actor=accounts.Actor("test"), now=NOW)
    clock = Clock()
    app = create_app(settings, services=Services(settings=settings, index=index, store=store,
                                                 clock=clock, link_key=link_key(settings)))
    return Archive(settings, index, clock, app, docs,
                   packet_id=by_badge["2231"].packet_id,
                   other_packet_id=by_badge["7710"].packet_id)
