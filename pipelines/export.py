"""Export of the archive in the contract's format (JSON Lines) or as a flat CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from storage.index import Index

CSV_COLUMNS = (
    "id", "source_name", "sha256", "doc_type", "pages", "ingested_at", "needs_review",
    "case_numbers", "citation_numbers", "court_case_numbers", "persons", "plates",
    "appearance_date", "appearance_time", "appearance_court", "appearance_officer_badge",
    "ocr_min_confidence", "text",
)


def iter_export_records(index: Index) -> Iterator[dict[str, Any]]:
    """Every filed document as an export-format dict, oldest first."""
    return index.iter_records()


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per line; returns how many were written."""
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """A flat CSV row: lists joined with '; ', persons as 'Name (role)', plates as 'ST NUMBER'."""
    appearance = record.get("appearance") or {}
    confidences = [p["confidence"] for p in record.get("ocr", []) if p.get("method") == "ocr"]
    return {
        "id": record["id"], "source_name": record["source_name"], "sha256": record["sha256"],
        "doc_type": record["doc_type"], "pages": record["pages"],
        "ingested_at": record.get("ingested_at", ""),
        "needs_review": "yes" if record.get("needs_review") else "no",
        "case_numbers": "; ".join(record["case_numbers"]),
        "citation_numbers": "; ".join(record["citation_numbers"]),
        "court_case_numbers": "; ".join(record["court_case_numbers"]),
        "persons": "; ".join(f"{p['name']} ({p['role']})" for p in record["persons"]),
        "plates": "; ".join(f"{p['state'] or '??'} {p['number']}" for p in record["plates"]),
        "appearance_date": appearance.get("date") or "",
        "appearance_time": appearance.get("time") or "",
        "appearance_court": appearance.get("court") or "",
        "appearance_officer_badge": appearance.get("officer_badge") or "",
        "ocr_min_confidence": f"{min(confidences):.2f}" if confidences else "",
        "text": record["text"],
    }


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A CSV with a header row; returns how many documents were written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(csv_row(record))
        n += 1
    return n


CORRECTION_COLUMNS = ("correction_id", "document_id", "sha256", "source_name", "field", "kind",
                      "extracted", "corrected", "by", "at")


def iter_corrections(index: Index) -> Iterator[dict[str, Any]]:
    """Every reviewer's correction as labelled data, oldest first: which document (id, SHA-256),
    which fact, what extraction said (`extracted`, None when it missed the fact), what is right
    (`corrected`, None when the fact should not be there), who and when."""
    with index.transaction() as tx:
        made = list(tx.corrections.iter_all())
    docs = {r["id"]: r for r in index.iter_records(sorted({c.document_id for c in made}))}
    for c in made:
        doc = docs.get(c.document_id, {})
        yield {"correction_id": c.id, "document_id": c.document_id, "sha256": doc.get("sha256"),
               "source_name": doc.get("source_name"), "field": c.field, "kind": c.kind,
               "extracted": c.before, "corrected": c.after, "by": c.by,
               "at": c.at.isoformat() if c.at else None}


def write_corrections_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Corrections as CSV (extracted/corrected as JSON); returns how many were written."""
    writer = csv.DictWriter(out, fieldnames=CORRECTION_COLUMNS)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: json.dumps(v) if isinstance(v, dict) else ("" if v is None else v)
                         for k, v in row.items()})
        n += 1
    return n
