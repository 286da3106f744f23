"""Typed records passed between steps.

These dataclasses are the shared vocabulary of the pipeline. They live in the base package so that
`extractors/`, `storage/`, `pipelines/`, `flows/` and `casefolio/` can all use them without any
layer importing one above it.

The page model: a `Page` holds its `words` in reading order, each with its box, confidence and the
line, block and (ruled) cell it belongs to; `rules` are the ruling lines found on the page and
`cells` the boxes they enclose (form boxes, table cells). Text-layer pages and OCR pages have the
same model; `method` tells which (only OCR'd words can be misread).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DocType = Literal[
    "incident_report", "arrest_report", "crash_report", "citation", "subpoena", "tow_record", "warrant",
    "property_record", "court_filing", "other",
]
DOC_TYPES: tuple[str, ...] = (
    "incident_report", "arrest_report", "crash_report", "citation", "subpoena", "tow_record", "warrant",
    "property_record", "court_filing", "other",
)
Role = Literal[
    "suspect", "victim", "witness", "reporting_party", "defendant", "driver", "owner", "officer",
    "attorney", "other",
]
ROLES: tuple[str, ...] = (
    "suspect", "victim", "witness", "reporting_party", "defendant", "driver", "owner", "officer",
    "attorney", "other",
)
EntityKind = Literal["case_number", "citation_number", "court_case_number", "person", "plate", "vin"]
FileKind = Literal["pdf", "tiff", "jpeg", "png"]
PageMethod = Literal["text", "ocr"]


@dataclass(frozen=True)
class Box:
    """A rectangle in page pixels (OCR) or PDF points (text layer), origin top-left."""

    left: float
    top: float
    width: float
    height: float


@dataclass
class Word:
    """One word with its box (page image pixels for OCR, PDF points for text layers) and confidence
    0-1 (1.0 for text-layer words).

    `line` numbers the page's lines in reading order; `block` the layout block (a column's
    paragraph, a form box, a table); `cell` indexes `Page.cells` for a word inside a ruled box or
    table cell (-1 outside any). `hidden` marks text-layer words covered by an opaque box (a failed
    redaction): kept for the records manager, never indexed.
    """

    text: str
    box: Box
    confidence: float
    line: int = 0
    block: int = 0
    cell: int = -1
    hidden: bool = False


@dataclass
class Page:
    """One page's text and how it was obtained.

    `number` is 1-based. `method` is "text" for a usable text layer, "ocr" otherwise. `rotation` is
    the clockwise rotation (0/90/180/270) that was applied to make the page upright, `skew` the
    deskew angle in degrees. `width`/`height` are the original page image's pixels (or PDF points
    for text-layer pages); `dpi` is the resolution the page was read at.
    """

    number: int
    text: str
    method: PageMethod
    confidence: float = 1.0
    rotation: int = 0
    skew: float = 0.0
    width: float = 0.0
    height: float = 0.0
    dpi: float = 0.0
    words: list[Word] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    rules: list[Box] = field(default_factory=list)
    cells: list[Box] = field(default_factory=list)


@dataclass
class Entity:
    """A fact found in a document: a number, a person or a plate.

    `value` is normalised (natural-order name, plate without spaces). `role` is set for persons,
    `state` for plates. `page` is 1-based; `box` is set when the entity came from OCR words.
    """

    kind: EntityKind
    value: str
    page: int
    confidence: float = 1.0
    role: str | None = None
    state: str | None = None
    box: Box | None = None
    raw: str | None = None


@dataclass
class Appearance:
    """A court appearance: when and where an officer must appear, and what it concerns."""

    date: str  # ISO date YYYY-MM-DD
    time: str | None = None  # HH:MM, 24h
    court: str | None = None
    courtroom: str | None = None
    hearing: str | None = None
    officer_badge: str | None = None
    officer_name: str | None = None
    defendant: str | None = None
    case_numbers: list[str] = field(default_factory=list)
    citation_numbers: list[str] = field(default_factory=list)
    court_case_numbers: list[str] = field(default_factory=list)
    source: str = "document"  # docket | document | manual
    status: str = "scheduled"  # scheduled | continued | cancelled
    id: int | None = None


@dataclass
class Extraction:
    """What the entity and classification steps found in one document."""

    doc_type: str = "other"
    doc_type_confidence: float = 0.0
    entities: list[Entity] = field(default_factory=list)
    appearance: Appearance | None = None
    review_reasons: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A filed document: the source file, its pages, and what was extracted from it."""

    id: str
    source_name: str
    sha256: str
    kind: FileKind
    size: int
    pages: list[Page] = field(default_factory=list)
    extraction: Extraction = field(default_factory=Extraction)
    ingested_at: str = ""
    original_key: str = ""
    searchable_key: str = ""
    text_key: str = ""

    @property
    def text(self) -> str:
        """Full text, pages separated by form feed."""
        return "\f".join(p.text for p in self.pages)

    @property
    def needs_review(self) -> bool:
        return bool(self.extraction.review_reasons)


@dataclass
class Packet:
    """A court packet for one officer and a window of dates."""

    officer_badge: str
    date_from: str
    date_to: str
    appearance_ids: list[int] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    pdf_path: str | None = None
    sha256: str | None = None
    pages: int = 0
    content_key: str = ""  # hash of what went in: appearances + documents, to detect changes


def to_dict(obj: Any) -> Any:
    """Plain-dict form of a dataclass (for JSON)."""
    return asdict(obj)


@dataclass
class Officer:
    """A roster entry: badge number, natural-order name, email address."""

    badge: str
    name: str
    email: str = ""
