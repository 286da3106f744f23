"""Roster, docket import (mapping, merge, continuances, cancellations), manual entry, calendar."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from base.models import Appearance, Document, Entity, Extraction
from pipelines import court
from storage.index import Index

TODAY = date(2030, 3, 1)
DAY = TODAY + timedelta(days=5)
HEADER = ("date,time,court,courtroom,court_case_number,agency_case_number,citation_number,"
          "defendant,officer_name,officer_badge,hearing,status\n")


@pytest.fixture
def index(settings: Any) -> Index:
    idx = Index(settings.database_url)
    yield idx
    idx.close()


@pytest.fixture
def roster(tmp_path: Path, index: Index) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("badge,name,email\n2231,Dana Whitfield,dana@pd.example\n"
                    "4410,Luis Ortega,luis@pd.example\n")
    court.import_roster(index, path)
    return path


def docket(tmp_path: Path, *rows: str, name: str = "docket.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


def row(day: date = DAY, time: str = "09:00", court_case: str = "24CR12345",
        case: str = "24-003817", cite: str = "", badge: str = "2231",
        name: str = "Dana Whitfield", hearing: str = "Trial", status: str = "") -> str:
    return (f"{day},{time},Circuit Court,304,{court_case},{case},{cite},James Harrington,"
            f"{name},{badge},{hearing},{status}")


def outbox(index: Index) -> list[tuple[str, str]]:
    with index.transaction() as tx:
        return [(m.kind, m.officer_badge) for m in tx.outbox.find()]


def test_roster_import_and_update(tmp_path: Path, index: Index, roster: Path) -> None:
    assert court.get_officer(index, "2231").email == "dana@pd.example"
    roster.write_text("badge,name,email\n2231,Dana Whitfield,dana.w@pd.example\n"
                      "4410,Luis Ortega,luis@pd.example\n5001,Kim Park,not-an-email\n")
    result = court.import_roster(index, roster)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 1)
    assert len(result.errors) == 1
    assert court.get_officer(index, "2231").email == "dana.w@pd.example"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,who\n1,x\n")
    with pytest.raises(court.CourtInputError):
        court.import_roster(index, bad)


def test_docket_column_mapping_and_name_resolution(tmp_path: Path, settings: Any,
                                                    index: Index, roster: Path) -> None:
    settings.court.docket_columns = {"date": "Hearing Date", "time": "Hearing Time",
                                     "court_case_number": "Case No", "officer_name": "Witness",
                                     "officer_badge": "Badge"}
    path = tmp_path / "other-court.csv"
    path.write_text("Hearing Date,Hearing Time,Case No,Witness,Badge,hearing\n"
                    f"{DAY:%m/%d/%Y},9:30 AM,24CR55555,\"ORTEGA, LUIS\",,Motion\n"
                    f"{DAY:%m/%d/%Y},bad time,24CR55556,Luis Ortega,,Motion\n")
    result = court.import_docket(index, path, settings.court, today=TODAY)
    assert len(result.added) == 1 and len(result.errors) == 1
    (a,) = court.list_appearances(index)
    assert (a.officer_badge, a.time, a.court_case_numbers, a.hearing) == (
        "4410", "09:30", ["24CR55555"], "Motion")


def test_three_sources_merge_without_duplicates(tmp_path: Path, settings: Any, index: Index,
                                                roster: Path) -> None:
    subpoena = Document(
        id="doc-subpoena", source_name="subpoena.pdf", sha256="a" * 64, kind="pdf", size=1,
        extraction=Extraction(
            doc_type="subpoena",
            entities=[Entity(kind="case_number", value="24-003817", page=1)],
            appearance=Appearance(date=DAY.isoformat(), time="09:00", court="Circuit Court",
                                  officer_name="Dana Whitfield")))
    first = court.record_document_appearance(index, subpoena)
    assert first is not None
    court.import_docket(index, docket(tmp_path, row()), settings.court, today=TODAY)
    again, created = court.add_appearance(index, Appearance(
        date=DAY.isoformat(), officer_badge="2231", citation_numbers=["T1234567"],
        court_case_numbers=["24CR12345"]))
    assert not created and again == first
    (a,) = court.list_appearances(index)
    assert set(a.source.split(",")) == {"document", "docket", "manual"}
    assert a.case_numbers == ["24-003817"] and a.court_case_numbers == ["24CR12345"]
    assert a.citation_numbers == ["T1234567"] and a.courtroom == "304"
    # the same docket again changes nothing and notifies nobody
    result = court.import_docket(index, docket(tmp_path, row()), settings.court, today=TODAY)
    assert result.unchanged == 1 and outbox(index) == []
    # a different hearing for the same case on another day is another appearance
    court.import_docket(index, docket(tmp_path, row(), row(day=DAY + timedelta(days=20),
                                                             hearing="Sentencing")),
                        settings.court, today=TODAY)
    assert len(court.list_appearances(index)) == 2


def test_continuance_and_cancellations_are_detected(tmp_path: Path, settings: Any,
                                                    index: Index, roster: Path) -> None:
    past = TODAY - timedelta(days=3)
    court.import_docket(index, docket(tmp_path, row(), row(court_case="24CR22222", case="",
                                                           badge="4410", name="Luis Ortega"),
                                      row(day=past, court_case="24CR33333", case="")),
                        settings.court, today=TODAY)
    assert len(court.list_appearances(index)) == 3
    moved = DAY + timedelta(days=14)
    result = court.import_docket(
        index, docket(tmp_path, row(day=moved),
                      row(court_case="24CR22222", case="", badge="4410", name="Luis Ortega",
                          status="VACATED")),
        settings.court, today=TODAY)
    assert len(result.continued) == 1 and len(result.cancelled) == 1  # the past row is kept
    by_case = {a.court_case_numbers[0]: a for a in court.list_appearances(index)}
    assert by_case["24CR12345"].date == moved.isoformat()
    assert by_case["24CR12345"].status == "continued"
    assert by_case["24CR22222"].status == "cancelled"
    assert by_case["24CR33333"].status == "scheduled"
    assert outbox(index) == [("continuance", "2231"), ("cancellation", "4410")]

    result = court.import_docket(index, docket(tmp_path), settings.court, today=TODAY)  # all gone
    assert len(result.cancelled) == 1
    assert outbox(index)[-1] == ("cancellation", "2231")
    # a second docket feed does not cancel the first feed's rows
    court.import_docket(index, docket(tmp_path, row(court_case="24CR44444", case="")), settings.court,
                        feed="municipal", today=TODAY)
    court.import_docket(index, docket(tmp_path), settings.court, feed="other", today=TODAY)
    active = court.list_appearances(index, include_cancelled=False)
    assert [a.court_case_numbers for a in active] == [["24CR33333"], ["24CR44444"]]


def test_calendar_filters(index: Index, roster: Path) -> None:
    for badge, offset in (("2231", 1), ("2231", 9), ("4410", 2)):
        court.add_appearance(index, Appearance(date=(DAY + timedelta(days=offset)).isoformat(),
                                               officer_badge=badge, case_numbers=[f"24-{offset}"]))
    assert len(court.list_appearances(index)) == 3
    assert len(court.list_appearances(index, officer="2231")) == 2
    window = court.list_appearances(index, date_from=DAY, date_to=DAY + timedelta(days=5))
    assert [a.officer_badge for a in window] == ["2231", "4410"]


def test_cli(tmp_path: Path, settings: Any) -> None:
    from casefolio.cli_court import court_app, officers_app, outbox_app

    runner = CliRunner()
    roster = tmp_path / "roster.csv"
    roster.write_text("badge,name,email\n2231,Dana Whitfield,dana@pd.example\n")
    result = runner.invoke(officers_app, ["import", str(roster)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    result = runner.invoke(court_app, ["import", str(docket(tmp_path, row())), "--no-notify"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(court_app, ["add", "--officer", "2231", "--date", DAY.isoformat(),
                                       "--time", "9:00", "--case", "24-003817"])
    assert result.exit_code == 0 and "merged" in result.output
    result = runner.invoke(court_app, ["calendar", "--from", TODAY.isoformat(), "--json"])
    assert result.exit_code == 0 and '"24CR12345"' in result.output
    result = runner.invoke(court_app, ["cancel", "1", "--no-notify"])
    assert result.exit_code == 0
    result = runner.invoke(outbox_app, ["list", "--json"])
    assert '"cancellation"' in result.output
