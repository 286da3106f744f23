"""Packet PDFs: cover sheet, linked documents, bookmarks, page stamps, manifest; planning."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from base.models import Appearance, Officer
from pipelines import court, packets
from storage.index import Index
from storage.objects import open_store, searchable_key, sha256_bytes
from synth.archive import archive_document, make_pdf

DAY = date(2030, 5, 6)


@pytest.fixture
def env(settings: Any) -> dict[str, Any]:
    index = Index(settings.database_url)
    store = open_store(settings.storage_url)
    with index.transaction() as tx:
        tx.officers.upsert(Officer(badge="2231", name="Dana Whitfield",
                                        email="dana@pd.example"))
    yield {"index": index, "store": store, "settings": settings}
    index.close()


def texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def outline_titles(reader: PdfReader) -> list[Any]:
    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            out.append(walk(item) if isinstance(item, list) else item.title)
        return out
    return walk(reader.outline)


def test_packet_contents(env: dict[str, Any]) -> None:
    index, store, settings = env["index"], env["store"], env["settings"]
    a1, _ = court.add_appearance(index, Appearance(
        date=DAY.isoformat(), time="09:00", court="Circuit Court", courtroom="304",
        hearing="Trial", officer_badge="2231", defendant="James Harrington",
        case_numbers=["24-003817"], court_case_numbers=["24CR12345"]))
    a2, _ = court.add_appearance(index, Appearance(
        date=(DAY + timedelta(days=1)).isoformat(), time="10:00", hearing="Motion",
        officer_badge="2231", court_case_numbers=["24CR12345"]))
    a3, _ = court.add_appearance(index, Appearance(
        date=(DAY + timedelta(days=2)).isoformat(), officer_badge="2231",
        citation_numbers=["T0000001"]))
    report = archive_document(index, store, title="REPORT ONE", case_numbers=["24-003817"],
                              pages=3)
    shared = archive_document(index, store, title="SHARED DOC", court_case_numbers=["24CR12345"])

    (plan,) = packets.plan_packets(index, DAY, DAY + timedelta(days=7))
    assert [a.id for a in plan.appearances] == [a1, a2, a3]
    assert [d.id for d in plan.documents[a1]] == [report.id, shared.id]
    assert [d.id for d in plan.documents[a2]] == [shared.id]
    assert plan.missing == [a3]

    built = packets.build_packet(index, store, settings.court, plan)
    data = store.get_bytes(built.object_key)
    pages = texts(data)
    n = len(pages)
    assert built.packet.pages == n == 1 + 3 + 1 + 1  # cover, report, shared once, manifest
    for i, text in enumerate(pages, start=1):
        assert f"page {i} of {n}" in text
    cover = pages[0]
    assert "Dana Whitfield" in cover and "James Harrington" in cover and "Room 304" in cover
    assert "NO ARCHIVED DOCUMENTS YET" in cover
    assert "REPORT ONE page 1" in pages[1] and "REPORT ONE page 3" in pages[3]
    assert "SHARED DOC page 1" in pages[4]
    manifest = pages[-1]
    copy_sha = sha256_bytes(store.get_bytes(searchable_key(report.sha256)))
    assert report.sha256 in manifest and copy_sha in manifest and "pages 2-4" in manifest

    reader = PdfReader(io.BytesIO(data))
    titles = outline_titles(reader)
    assert titles[0] == "Cover sheet" and titles[-1] == "Manifest"
    assert titles[1].startswith("1. 2030-05-06 09:00 Trial")
    assert titles[2] == ["incident report: REPORT_ONE.pdf", "incident report: SHARED_DOC.pdf"]
    assert titles[4] == ["incident report: SHARED_DOC.pdf"]  # the shared copy, not a second one
    assert reader.get_destination_page_number(reader.outline[2][1]) == 4

    again = packets.build_packet(index, store, settings.court, plan)
    assert again.reused and again.packet_id == built.packet_id
    with index.transaction() as tx:  # what the officer's own page lists
        (mine,) = tx.packets.of_officer("2231")
        assert (mine.id, mine.sha256, mine.pages) == (built.packet_id, built.packet.sha256, n)
        assert tx.packets.of_officer("4410") == []


def test_plan_changes_with_documents_and_dates(env: dict[str, Any]) -> None:
    index, store = env["index"], env["store"]
    court.add_appearance(index, Appearance(date=DAY.isoformat(), officer_badge="2231",
                                           case_numbers=["24-000001"]))
    (before,) = packets.plan_packets(index, DAY, DAY)
    (wider,) = packets.plan_packets(index, DAY - timedelta(days=3), DAY)
    assert before.content_key == wider.content_key  # the window is not the content
    archive_document(index, store, title="NEW", case_numbers=["24-000001"])
    (after,) = packets.plan_packets(index, DAY, DAY)
    assert after.content_key != before.content_key
    assert packets.plan_packets(index, DAY, DAY, officer="9999") == []


def test_stamp_follows_page_rotation_and_bad_copies_are_listed(env: dict[str, Any]) -> None:
    index, store, settings = env["index"], env["store"], env["settings"]
    court.add_appearance(index, Appearance(date=DAY.isoformat(), officer_badge="2231",
                                           case_numbers=["24-000009"]))
    rotated = archive_document(index, store, title="ROTATED", case_numbers=["24-000009"])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["ROTATED page 1"]]))))
    writer.pages[0].rotate(90)
    buf = io.BytesIO()
    writer.write(buf)
    store.put_bytes(searchable_key(rotated.sha256), buf.getvalue(),
                    content_type="application/pdf")
    broken = archive_document(index, store, title="BROKEN", case_numbers=["24-000009"])
    store.put_bytes(searchable_key(broken.sha256), b"not a pdf", content_type="application/pdf")

    built = packets.build_packet(index, store, settings.court,
                                 packets.plan_packets(index, DAY, DAY)[0])
    data = store.get_bytes(built.object_key)
    pages = texts(data)
    assert len(pages) == 3 and "page 2 of 3" in pages[1]
    assert "NOT INCLUDED" in pages[0] and "NOT INCLUDED" in pages[-1]
    assert built.packet.document_ids == [rotated.id]
    # the stamp sits at the bottom of the page as displayed (rotated 90 degrees)
    doc = pdfium.PdfDocument(data)
    page = doc[1]
    width, height = page.get_size()
    textpage = page.get_textpage()
    found = textpage.search("page 2 of 3").get_next()
    assert found is not None
    left, bottom, right, top = textpage.get_charbox(found[0])
    assert width > height  # displayed landscape
    doc.close()
    # pdfium's boxes are in unrotated user space: /Rotate 90 shows the right edge at the bottom
    assert left > 612 - 40 and 300 < bottom < 500


def test_render_takes_plain_data() -> None:
    """extractors/render.py draws a packet from dataclasses and bytes alone (no index, no store):
    a document shared by two appearances goes in once, a copy that could not be read is listed."""
    from datetime import UTC, datetime

    from extractors.render import PacketContents, PacketDocument, render_packet

    report = PacketDocument(id="d1", source_name="report.pdf", doc_type="incident_report",
                            sha256="a" * 64, pages=2, matched=("24-003817",))
    missing = PacketDocument(id="d2", source_name="citation.pdf", doc_type="citation",
                             sha256="b" * 64, pages=1, matched=("T1234567",))
    first = Appearance(date="2030-05-06", time="09:00", officer_badge="2231", id=1,
                       case_numbers=["24-003817"], citation_numbers=["T1234567"])
    second = Appearance(date="2030-05-07", officer_badge="2231", id=2, case_numbers=["24-003817"])
    rendered = render_packet(PacketContents(
        badge="2231", officer_name="Dana Whitfield", date_from=DAY, date_to=DAY,
        appearances=[first, second], documents={1: [report, missing], 2: [report]},
        copies={"d1": make_pdf([["REPORT page 1"], ["REPORT page 2"]]), "d2": None},
        generated_at=datetime(2030, 5, 1, tzinfo=UTC)))
    pages = texts(rendered.data)
    assert rendered.pages == len(pages) == 4  # cover, the report once, manifest
    assert [(i.start, i.pages, i.error) for i in rendered.included.values()] == [
        (2, 2, None), (0, 0, "searchable copy unavailable")]
    assert "REPORT page 1" in pages[1] and "page 3 of 4" in pages[2]
    assert "NOT INCLUDED" in pages[0] and "NOT INCLUDED" in pages[3]
    assert outline_titles(PdfReader(io.BytesIO(rendered.data)))[0] == "Cover sheet"
