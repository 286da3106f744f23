"""Archived documents made in code: born-digital PDFs filed straight into the index and store.

Used by tests and benchmarks that need an archive without running OCR.
"""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from pathlib import Path

from base.models import Document, Entity, Extraction, Page
from storage.index import Index
from storage.objects import ObjectStore, searchable_key, sha256_bytes


def make_pdf(lines_per_page: list[list[str]]) -> bytes:
    """A born-digital PDF with the given lines of text on each page."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    for lines in lines_per_page:
        y = 740
        c.setFont("Helvetica", 11)
        for line in lines:
            c.drawString(72, y, line)
            y -= 16
        c.showPage()
    c.save()
    return buf.getvalue()


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """Write a born-digital PDF with one page per list of text lines."""
    path.write_bytes(make_pdf(pages))
    return path


def archive_document(index: Index, store: ObjectStore, *, title: str, doc_type: str = "incident_report",
                     case_numbers: list[str] = (), citation_numbers: list[str] = (),
                     court_case_numbers: list[str] = (), pages: int = 1,
                     ingested_at: datetime | None = None, filler: int = 0) -> Document:
    """File a born-digital PDF carrying these numbers (its text starts with `title`)."""
    numbers = [("case_number", v) for v in case_numbers] + \
        [("citation_number", v) for v in citation_numbers] + \
        [("court_case_number", v) for v in court_case_numbers]
    page_lines = []
    for n in range(1, pages + 1):
        lines = [f"{title} page {n}", *(f"{k.replace('_', ' ')}: {v}" for k, v in numbers)]
        lines += [f"Narrative line {i}: the reporting officer observed the vehicle."
                  for i in range(filler)]
        page_lines.append(lines)
    data = make_pdf(page_lines)
    sha = sha256_bytes(data + uuid.uuid4().bytes)  # distinct "original" per document
    key = searchable_key(sha)
    store.put_bytes(key, data, content_type="application/pdf")
    doc = Document(
        id=uuid.uuid4().hex, source_name=f"{title.replace(' ', '_')}.pdf", sha256=sha, kind="pdf",
        size=len(data),
        pages=[Page(number=n, text="\n".join(lines), method="text")
               for n, lines in enumerate(page_lines, start=1)],
        extraction=Extraction(doc_type=doc_type, doc_type_confidence=0.99,
                              entities=[Entity(kind=k, value=v, page=1) for k, v in numbers]),
        ingested_at=(ingested_at or datetime.now(UTC)).isoformat(),
        original_key=key, searchable_key=key, text_key="",
    )
    index.add_document(doc)
    return doc
