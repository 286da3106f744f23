"""The records archive web app: search, documents, review and corrections, officers' packets,
signed links, the audit trail, accounts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from base.errors import AccountInvalid, WeakPassword
from casefolio.cli import app as cli
from casefolio.web import check_exposure
from pipelines import accounts, links
from pipelines.audit_trail import anchor_head, verify_trail
from pipelines.export import iter_corrections
from pipelines.reextract import reextract_documents
from storage.objects import open_store
from storage.schema import AuditRow
from synth.webarchive import PASSWORD, Archive, build_archive


@pytest.fixture
def archive(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    # the CLI reads its settings from the environment: the same backend as the app's
    monkeypatch.setenv("CASEFOLIO_STORAGE_URL", settings.storage_url)
    monkeypatch.setenv("CASEFOLIO_DATABASE_URL", settings.database_url)
    return build_archive(settings, tmp_path)


def signed_in(archive: Archive, username: str) -> tuple[TestClient, str]:
    """A client signed in through the form, and its CSRF token."""
    client = TestClient(archive.app)
    page = client.get("/sign-in")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post("/sign-in", data={"username": username, "password": PASSWORD,
                                             "csrf": token.group(1)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/account").text)
    assert csrf is not None
    return client, csrf.group(1)


def audit_actions(archive: Archive, action: str) -> list[Any]:
    with archive.index.transaction() as tx:
        return tx.audit.entries(action=action)


def test_clerk_finds_by_misread_plate_corrects_a_name_and_search_and_export_follow(
        archive: Archive) -> None:
    clerk, csrf = signed_in(archive, "carl")
    report = archive.docs["report"]
    found = clerk.get("/search", params={"plate": "48ZKLM"})  # 2 read for Z
    assert found.status_code == 200 and f"/documents/{report}" in found.text
    assert f"/documents/{archive.docs['other']}" not in found.text
    entities = archive.index.entities_of(report)
    suspect = next(e for e in entities if e.kind == "person")
    saved = clerk.post(f"/review/{report}/entity", data={
        "csrf": csrf, "kind": "person", "old_value": suspect.value, "old_role": suspect.role or "",
        "value": "Jameson Harrington", "role": "suspect"}, follow_redirects=False)
    assert saved.status_code == 303
    page = clerk.get(f"/review/{report}").text
    assert "Jameson Harrington" in page and "corrected" in page and "carl" in page
    by_name = clerk.get("/api/search", params={"name": "Jameson Harrington"}).json()
    assert report in {h["id"] for h in by_name["hits"]}  # in search at once
    record = clerk.get(f"/api/documents/{report}").json()
    assert {"name": "Jameson Harrington", "role": "suspect"} in [
        {"name": p["name"], "role": p["role"]} for p in record["persons"]]
    assert record["corrections"][0]["by"] == "carl"
    labelled = list(iter_corrections(archive.index))
    assert labelled[0]["document_id"] == report and labelled[0]["by"] == "carl"
    assert labelled[0]["extracted"]["value"] == suspect.value
    assert labelled[0]["corrected"]["value"] == "Jameson Harrington"
    # the correction wins over a new extraction
    reextract_documents(archive.settings, archive.index, open_store(archive.settings.storage_url),
                        [report])
    names = [e.value for e in archive.index.entities_of(report) if e.kind == "person"]
    assert "Jameson Harrington" in names and suspect.value not in names
    review = audit_actions(archive, "review.corrected")
    assert review and review[-1].actor == "carl" and review[-1].details["address"]


def test_export_corrections_command_writes_labelled_data(archive: Archive, tmp_path: Path) -> None:
    archive.index.correct(archive.docs["tow"], [accounts_correction(archive.docs["tow"])],
                          actor="carl")
    out = tmp_path / "corrections.jsonl"
    result = CliRunner().invoke(cli, ["export", "--corrections", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["kind"] == "plate" and rows[0]["corrected"]["value"] == "771BXT"
    assert audit_actions(archive, "export")[-1].details["rows"] == 1


def accounts_correction(doc_id: str) -> Any:
    from storage.corrections import Correction

    return Correction(document_id=doc_id, field="entity", by="carl", kind="plate",
                      before={"value": "771BXT"}, after={"value": "771BXT", "state": "WA"})


def test_confirming_takes_a_document_out_of_the_review_queue(archive: Archive) -> None:
    clerk, csrf = signed_in(archive, "carl")
    doc = archive.docs["tow"]
    clerk.post(f"/review/{doc}/entity", data={"csrf": csrf, "kind": "vin",
                                              "value": "1HGCM82633A004352"})
    archive.index.replace_extraction  # noqa: B018 - the review flag is set below on purpose
    with archive.index.session() as s:
        from storage.schema import DocumentRow
        row = s.get(DocumentRow, doc)
        assert row is not None
        row.needs_review, row.review_reasons = True, ["low OCR confidence"]
    from storage import search as search_mod
    with archive.index.session() as s:
        s.execute(search_mod.text("UPDATE search_docs SET needs_review = :r WHERE document_id = :d"),
                  {"r": True, "d": doc})
    assert doc in clerk.get("/review").text
    clerk.post(f"/review/{doc}/confirm", data={"csrf": csrf})
    assert doc not in clerk.get("/review").text
    assert "1HGCM82633A004352" in clerk.get(f"/documents/{doc}").text


def test_document_page_marks_facts_and_lists_the_same_case(archive: Archive) -> None:
    clerk, _ = signed_in(archive, "carl")
    page = clerk.get(f"/documents/{archive.docs['report']}").text
    assert "<rect" in page and "Plate: 482KLM" in page  # marked where it was read
    assert f"/documents/{archive.docs['tow']}" in page  # same case 24-003817
    assert f"/documents/{archive.docs['other']}" not in page
    png = clerk.get(f"/documents/{archive.docs['report']}/pages/1.png")
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert clerk.get(f"/documents/{archive.docs['report']}/pages/9.png").status_code == 404
    views = audit_actions(archive, "document.viewed")
    assert views[-1].subject == archive.docs["report"] and views[-1].actor == "carl"
    assert all("Harrington" not in json.dumps(e.details) for e in views)  # ids, never text


def test_searches_are_audited_with_their_terms_and_lists_export_as_csv(archive: Archive) -> None:
    clerk, _ = signed_in(archive, "carl")
    assert "report.pdf" in clerk.get("/search", params={"q": "pry tool"}).text
    entry = audit_actions(archive, "search")[-1]
    assert entry.details["query"] == {"q": "pry tool"} and entry.actor == "carl"
    for path in ("/search.csv?q=burglary", "/review.csv", "/calendar.csv?since=2030-05-01",
                 "/packets.csv", "/quarantine.csv"):
        response = clerk.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    calendar = clerk.get("/calendar.csv", params={"since": "2030-05-01"}).text.splitlines()
    assert calendar[0].startswith("id,date,time") and len(calendar) == 3
    assert len(audit_actions(archive, "export.csv")) == 6


def test_officer_sees_only_their_own_appearances_and_packets(archive: Archive) -> None:
    officer, _ = signed_in(archive, "olga")
    page = officer.get("/officer").text
    assert f"/officer/packets/{archive.packet_id}.pdf" in page
    assert f"/officer/packets/{archive.other_packet_id}.pdf" not in page
    assert "Arraignment" not in page and "Trial" in page
    assert f"/documents/{archive.docs['report']}" in page  # the documents in their packet
    assert f"/documents/{archive.docs['other']}" not in page
    assert officer.get(f"/officer/packets/{archive.packet_id}.pdf").content.startswith(b"%PDF")
    assert officer.get(f"/officer/packets/{archive.other_packet_id}.pdf").status_code == 403
    assert officer.get(f"/documents/{archive.docs['other']}").status_code == 403
    assert officer.get("/search?q=burglary", follow_redirects=False).status_code == 403


def test_signed_packet_link_expires_and_asks_for_sign_in(archive: Archive) -> None:
    link = links.packet_link(archive.settings, archive.packet_id, archive.clock())
    assert link.startswith("http://127.0.0.1:8000/packets/link/") and "file://" not in link
    path = link.split("8000", 1)[1]
    anonymous = TestClient(archive.app)
    first = anonymous.get(path, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/sign-in")
    officer, _ = signed_in(archive, "olga")
    assert officer.get(path).content.startswith(b"%PDF")
    other, _ = signed_in(archive, "oscar")
    assert other.get(path).status_code == 403  # someone else's packet, link or not
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert officer.get(tampered).status_code == 410
    archive.clock.advance(hours=archive.settings.court.link_expiry_hours + 1)
    assert officer.get(path).status_code == 410


def test_audit_verify_finds_edits_and_truncation(archive: Archive) -> None:
    store = open_store(archive.settings.storage_url)
    clerk, _ = signed_in(archive, "carl")
    clerk.get("/search", params={"q": "burglary"})
    anchors = anchor_head(archive.index, store, archive.clock() + dt.timedelta(days=1))
    assert anchors and verify_trail(archive.index, store).ok
    with archive.index.session() as s:  # cut the newest entry off
        from sqlalchemy import delete, func, select
        newest = s.scalar(select(func.max(AuditRow.id)))
        s.execute(delete(AuditRow).where(AuditRow.id == newest))
    check = verify_trail(archive.index, store)
    assert not check.ok and check.first_bad is None and check.broken_anchors
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1 and "truncated" in result.output


def test_audit_export_for_the_auditor(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "audit.jsonl"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    result = CliRunner().invoke(cli, ["audit", "export", "--from", "2000-01-01", "--to", today,
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and {"id", "at", "actor", "action", "subject", "hash"} <= set(rows[0])
    auditor, _ = signed_in(archive, "audrey")
    assert "signin" in auditor.get("/audit").text
    assert audit_actions(archive, "audit.read")


def test_passwords_are_checked_and_hashed(archive: Archive) -> None:
    web = archive.settings.web
    for weak in ("short1!", "password123", "baseball1", "xx-dana-xx-long"):
        with pytest.raises(WeakPassword):
            accounts.add_user(archive.index, web, username="dana", role="clerk", password=weak,
                              badge=None, actor=accounts.Actor("t"), now=archive.clock())
    with pytest.raises(AccountInvalid):
        accounts.add_user(archive.index, web, username="newcop", role="officer", password=PASSWORD,
                          badge="9999", actor=accounts.Actor("t"), now=archive.clock())
    with archive.index.transaction() as tx:
        carl = tx.users.by_name("carl")
    assert carl is not None and carl.password_hash.startswith("$argon2id$")
    assert PASSWORD not in json.dumps([e.details for e in audit_actions(archive, "user.added")])


def test_users_command_bootstraps_the_first_manager_and_exposure(
        settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFOLIO_STORAGE_URL", settings.storage_url)
    monkeypatch.setenv("CASEFOLIO_DATABASE_URL", settings.database_url)
    with pytest.raises(ValueError, match="account"):
        check_exposure(settings, "0.0.0.0")
    check_exposure(settings, "127.0.0.1")
    result = CliRunner().invoke(cli, ["users", "add", "chief", "--role", "manager"],
                                input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    check_exposure(settings, "0.0.0.0")
    listed = CliRunner().invoke(cli, ["users", "list"])
    assert "chief" in listed.output and "manager" in listed.output
    weak = CliRunner().invoke(cli, ["users", "add", "bob", "--role", "clerk"], input="password1\n")
    assert weak.exit_code == 2 and "common" in weak.output


def test_markup_in_documents_is_escaped(archive: Archive, tmp_path: Path) -> None:
    from pipelines.ingest import Ingestor
    from tests.docgen import write_pdf

    src = write_pdf(tmp_path / "x.pdf", [["<script>alert(1)</script> suspicious memo text here"]])
    with Ingestor(archive.settings) as ingestor:
        doc_id = ingestor.ingest_file(src).document_id
    clerk, _ = signed_in(archive, "carl")
    body = clerk.get("/search", params={"q": "suspicious"}).text
    assert "suspicious" in body and "<script>alert(1)</script>" not in body  # escaped, or
    # dropped as markup by PostgreSQL's snippet parser
    page = clerk.get(f"/documents/{doc_id}")
    assert page.status_code == 200 and "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; suspicious" in page.text  # the text as read


def test_each_finished_day_is_anchored_once(archive: Archive) -> None:
    store = open_store(archive.settings.storage_url)
    today = dt.datetime.now(dt.UTC)
    first = anchor_head(archive.index, store, today)
    assert [a.key for a in first] == ["audit/anchors/head.json"]  # the day is not over yet
    tomorrow = today + dt.timedelta(days=1)
    second = anchor_head(archive.index, store, tomorrow)
    assert [a.key for a in second] == [f"audit/anchors/{today.date()}.json",
                                       "audit/anchors/head.json"]
    assert [a.key for a in anchor_head(archive.index, store, tomorrow)] == [
        "audit/anchors/head.json"]  # a finished day's anchor is written once


def test_packet_status_shows_a_failed_mail_and_resend_makes_it_due(archive: Archive) -> None:
    from storage.outbox import OutboxMessage

    with archive.index.transaction() as tx:
        msg = tx.outbox.add(OutboxMessage(
            dedupe_key="packet:test", officer_badge="2231", kind="packet",
            packet_id=archive.packet_id, status="failed", reason="recipient_refused",
            transient=False, created_at=archive.clock(), updated_at=archive.clock()))
    assert msg is not None
    clerk, csrf = signed_in(archive, "carl")
    page = clerk.get("/packets").text
    assert "failed" in page and "recipient refused" in page
    assert f"/packets/outbox/{msg.id}/resend" in page
    done = clerk.post(f"/packets/outbox/{msg.id}/resend", data={"csrf": csrf},
                      follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/packets?resent=1"
    with archive.index.transaction() as tx:
        again = tx.outbox.get(msg.id or 0)
    assert again is not None and again.status == "pending"  # no SMTP here: it waits to be sent
    assert audit_actions(archive, "packet.resend")[-1].actor == "carl"


def test_corrected_numbers_and_plates_are_kept_as_the_index_keeps_them(archive: Archive) -> None:
    clerk, csrf = signed_in(archive, "carl")
    doc = archive.docs["other"]
    clerk.post(f"/review/{doc}/entity", data={"csrf": csrf, "kind": "case_number",
                                              "old_value": "24-009120", "value": "24-9121"})
    clerk.post(f"/review/{doc}/entity", data={"csrf": csrf, "kind": "plate",
                                              "value": "OR 519-ZPX", "state": "OR"})
    values = {(e.kind, e.value) for e in archive.index.entities_of(doc)}
    assert ("case_number", "24-009121") in values and ("plate", "519ZPX") in values
    found = clerk.get("/api/search", params={"case": "TPD24-009121"}).json()
    assert [h["id"] for h in found["hits"]] == [doc]
    assert doc in {h["id"] for h in clerk.get("/api/search", params={"plate": "519 ZPX"}).json()["hits"]}
