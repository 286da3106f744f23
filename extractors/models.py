"""Typed records passed between steps.

These dataclasses are the shared vocabulary of the pipeline. They live in the lowest layer so that
`extractors/`, `storage/` and `pipelines/` can all use them without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DocType = Literal[
    "incident_report", "citation", "subpoena", "tow_record", "warrant", "property_record", "other"
]
DOC_TYPES: tuple[str, ...] = (
    "incident_report", "citation", "subpoena", "tow_record", "warrant", "property_record", "other",
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
    """One OCR word with its box (in the coordinates of the original page image) and confidence 0-1."""

    text: str
    box: Box
    confidence: float
    line: int = 0
    block: int = 0


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
