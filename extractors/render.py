"""Drawing court packet PDFs (reportlab and pypdf): the cover sheet, the documents' searchable
copies, bookmarks per appearance and per document, "page n of N" on every page and a manifest
with SHA-256s.

Plain data in, bytes out: `render_packet(PacketContents) -> RenderedPacket`. What goes into a
packet (which appearances, which documents, their stored copies) is decided and fetched by
pipelines/packets.py; nothing here reads the index or the object store.

Cover sheet and manifest are laid out as lines drawn straight on a reportlab canvas: the page count
is known before drawing (page references sit in a right-hand column that never changes the
wrapping), and drawing is cheap next to copying the documents' pages.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from base.models import Appearance
from extractors.searchable import display_to_user

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PacketDocument:
    """A filed document as it goes into a packet."""

    id: str
    source_name: str
    doc_type: str
    sha256: str  # of the original
    pages: int  # as filed
    matched: tuple[str, ...] = ()  # the numbers that linked it to its appearances


@dataclass
class PacketContents:
    """Everything one packet shows: the officer, the window, the appearances with their documents,
    and the documents' searchable copies (document id -> PDF bytes, None when it could not be
    read from the store)."""

    badge: str
    officer_name: str
    date_from: date
    date_to: date
    appearances: list[Appearance]
    documents: dict[int, list[PacketDocument]]  # appearance id -> its documents, in order
    copies: dict[str, bytes | None]
    previous_dates: dict[str, str] = field(default_factory=dict)  # appearance id -> date
    records_contact: str = "the records unit"
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def documents_of(self, a: Appearance) -> list[PacketDocument]:
        """The documents linked to one appearance."""
        return self.documents.get(a.id or 0, [])


@dataclass
class Included:
    """A document as it went into a packet."""

    ref: PacketDocument
    start: int = 0  # 1-based first page in the packet; 0 = not included
    pages: int = 0
    copy_sha256: str = ""
    error: str | None = None


@dataclass
class RenderedPacket:
    """A rendered packet PDF and where each document went in it."""

    data: bytes
    pages: int
    included: dict[str, Included]


UNAVAILABLE = "searchable copy unavailable"


def render_packet(contents: PacketContents) -> RenderedPacket:
    """The packet PDF: cover sheet, every linked document once, manifest; bookmarks; page stamps."""
    included, readers = _load_documents(contents)
    cover = _layout_cover(contents, included)
    manifest = _manifest_pdf(contents, included)
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(cover)).pages:
        writer.add_page(page)
    for doc_id in included:
        reader = readers.get(doc_id)
        if reader is not None:
            for page in reader.pages:
                writer.add_page(page)
    manifest_start = len(writer.pages)
    for page in PdfReader(io.BytesIO(manifest)).pages:
        writer.add_page(page)
    _outline(writer, contents, included, manifest_start)
    total = len(writer.pages)
    stamper = _Stamper(writer)
    for n, page in enumerate(writer.pages, start=1):
        stamper.stamp(page, f"page {n} of {total}")
    writer.add_metadata({"/Title": f"Court packet #{contents.badge} {contents.date_from} to "
                                   f"{contents.date_to}", "/Producer": "casefolio"})
    out = io.BytesIO()
    writer.write(out)
    return RenderedPacket(data=out.getvalue(), pages=total, included=included)


def _load_documents(contents: PacketContents) -> tuple[dict[str, Included], dict[str, PdfReader]]:
    """Each linked document once, in order of first mention, with its copy opened (or the reason
    it is left out)."""
    included: dict[str, Included] = {}
    readers: dict[str, PdfReader] = {}
    for a in contents.appearances:
        for ref in contents.documents_of(a):
            if ref.id in included:
                continue
            inc = Included(ref=ref)
            included[ref.id] = inc
            data = contents.copies.get(ref.id)
            if data is None:
                inc.error = UNAVAILABLE
                continue
            try:
                reader = PdfReader(io.BytesIO(data))
                if reader.is_encrypted:
                    raise PyPdfError("encrypted")
                inc.pages = len(reader.pages)
            except (PyPdfError, ValueError, OSError) as e:
                inc.error = UNAVAILABLE
                log.warning("packet for badge %s: document %s left out: %s", contents.badge,
                            ref.id, type(e).__name__)
                continue
            inc.copy_sha256 = hashlib.sha256(data).hexdigest()
            readers[ref.id] = reader
    return included, readers


def _assign_pages(included: dict[str, Included], cover_pages: int) -> None:
    page = cover_pages + 1
    for inc in included.values():
        if inc.error is None and inc.pages:
            inc.start = page
            page += inc.pages


# --- cover sheet and manifest -----------------------------------------------------------------

PAGE_W, PAGE_H = 612.0, 792.0  # US letter
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50.0, 54.0, 48.0
RIGHT_COL = 72.0
RED = (0.8, 0.0, 0.0)


@dataclass
class Line:
    """One line of a cover or manifest page."""

    text: str
    font: str = "Helvetica"
    size: float = 9.5
    indent: float = 0.0
    right: str = ""
    color: tuple[float, float, float] | None = None
    right_color: tuple[float, float, float] | None = None
    space_before: float = 0.0

    @property
    def height(self) -> float:
        return self.size * 1.3 + self.space_before


def _lines(text: str, *, font: str = "Helvetica", size: float = 9.5, indent: float = 0.0,
           right: str = "", color: tuple[float, float, float] | None = None,
           right_color: tuple[float, float, float] | None = None,
           space_before: float = 0.0) -> list[Line]:
    """`text` wrapped to the text column (the right-hand reference goes on the first line)."""
    from reportlab.lib.utils import simpleSplit

    width = PAGE_W - 2 * MARGIN_X - indent - (RIGHT_COL if right else 0)
    parts = simpleSplit(text, font, size, width) or [""]
    return [Line(t, font, size, indent, right if i == 0 else "", color, right_color,
                 space_before if i == 0 else 0.0) for i, t in enumerate(parts)]


def _paginate(blocks: Sequence[list[Line]]) -> list[list[Line]]:
    """Blocks kept on one page when they fit; longer blocks flow over pages."""
    avail = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
    pages: list[list[Line]] = [[]]
    used = 0.0
    for block in blocks:
        need = sum(line.height for line in block)
        if used and used + need > avail and need <= avail:
            pages.append([])
            used = 0.0
        for line in block:
            if used + line.height > avail and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(line)
            used += line.height
    return pages


def _draw(pages: Sequence[Sequence[Line]], title: str) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(title)
    c.setAuthor("casefolio")
    for lines in pages:
        y = PAGE_H - MARGIN_TOP
        for line in lines:
            y -= line.height
            c.setFont(line.font, line.size)
            c.setFillColorRGB(*(line.color or (0, 0, 0)))
            c.drawString(MARGIN_X + line.indent, y, line.text)
            if line.right:
                c.setFillColorRGB(*(line.right_color or (0, 0, 0)))
                c.drawRightString(PAGE_W - MARGIN_X, y, line.right)
        c.showPage()
    c.save()
    return buf.getvalue()


def _layout_cover(contents: PacketContents, included: dict[str, Included]) -> bytes:
    """Lay the cover out once to count its pages, number the documents, then draw it."""
    count = len(_paginate(_cover_blocks(contents, included)))
    _assign_pages(included, count)
    return _draw(_paginate(_cover_blocks(contents, included)), "Court packet cover sheet")


def _appearance_heading(n: int, a: Appearance, contents: PacketContents) -> str:
    day = date.fromisoformat(a.date)
    parts = [f"{n}. {day:%a} {a.date}", a.time or "time not set", a.court or "court not set",
             f"Room {a.courtroom}" if a.courtroom else "", a.hearing or ""]
    text = " - ".join(p for p in parts if p)
    if str(a.id) in contents.previous_dates:
        text += f" (continued from {contents.previous_dates[str(a.id)]})"
    return text


def _cover_blocks(contents: PacketContents, included: dict[str, Included]) -> list[list[Line]]:
    head = [
        *_lines("Court packet", font="Helvetica-Bold", size=18),
        *_lines(f"Officer: {contents.officer_name} (badge #{contents.badge})", size=11,
                space_before=6),
        *_lines(f"Appearances from {contents.date_from} to {contents.date_to}: "
                f"{len(contents.appearances)}; documents: {len(included)}", size=11),
        *_lines(f"Prepared {contents.generated_at:%Y-%m-%d %H:%M} UTC. For the named officer "
                "only; do not forward or copy.", size=8),
    ]
    blocks = [head]
    for n, a in enumerate(contents.appearances, start=1):
        block = _lines(_appearance_heading(n, a, contents), font="Helvetica-Bold", size=11,
                       space_before=12)
        for label, value in (("Defendant", a.defendant or "-"),
                             ("Court case", ", ".join(a.court_case_numbers) or "-"),
                             ("Agency case", ", ".join(a.case_numbers) or "-"),
                             ("Citation", ", ".join(a.citation_numbers) or "-")):
            block += _lines(f"{label}: {value}", indent=12)
        docs = contents.documents_of(a)
        if not docs:
            block += _lines("NO ARCHIVED DOCUMENTS YET for this appearance - ask "
                            f"{contents.records_contact} before court.",
                            font="Helvetica-Bold", size=10, indent=12, color=RED, space_before=2)
        else:
            block += _lines("Documents:", font="Helvetica-Bold", indent=12, space_before=2)
        for ref in docs:
            inc = included[ref.id]
            right = f"page {inc.start}" if inc.start else "NOT INCLUDED"
            block += _lines(f"- {ref.doc_type.replace('_', ' ')}: {ref.source_name} "
                            f"({inc.pages or ref.pages} p.)", indent=24, right=right,
                            right_color=None if inc.start else RED)
        blocks.append(block)
    return blocks


def _manifest_pdf(contents: PacketContents, included: dict[str, Included]) -> bytes:
    blocks = [[*_lines("Manifest", font="Helvetica-Bold", size=18),
               *_lines(f"Officer badge #{contents.badge}; {contents.date_from} to "
                       f"{contents.date_to}; prepared {contents.generated_at:%Y-%m-%d %H:%M} UTC; "
                       f"{len(included)} document(s).", size=10, space_before=6)]]
    by_doc: dict[str, list[str]] = {}
    for a in contents.appearances:
        for ref in contents.documents_of(a):
            by_doc.setdefault(ref.id, []).append(a.date)
    for n, (doc_id, inc) in enumerate(included.items(), start=1):
        ref = inc.ref
        span = (f"pages {inc.start}-{inc.start + inc.pages - 1}" if inc.start
                else f"NOT INCLUDED ({inc.error or ''})")
        block = _lines(f"{n}. {ref.doc_type.replace('_', ' ')}: {ref.source_name} - for "
                       f"{', '.join(sorted(set(by_doc.get(doc_id, []))))} - matched "
                       f"{', '.join(ref.matched)}", font="Helvetica-Bold", size=8.5,
                       right=span, space_before=6)
        block += _lines(f"id {doc_id}", font="Courier", size=7, indent=12)
        block += _lines(f"original SHA-256 {ref.sha256}", font="Courier", size=7, indent=12)
        block += _lines(f"copy SHA-256     {inc.copy_sha256 or '-'}", font="Courier", size=7,
                        indent=12)
        blocks.append(block)
    return _draw(_paginate(blocks), "Court packet manifest")


# --- bookmarks and page stamps ----------------------------------------------------------------

def _outline(writer: PdfWriter, contents: PacketContents, included: dict[str, Included],
             manifest_start: int) -> None:
    writer.add_outline_item(title="Cover sheet", page_number=0)
    for n, a in enumerate(contents.appearances, start=1):
        docs = [included[r.id] for r in contents.documents_of(a)]
        first = next((d.start - 1 for d in docs if d.start), 0)
        number = (a.court_case_numbers or a.citation_numbers or a.case_numbers or [""])[0]
        title = " ".join(p for p in (f"{n}.", a.date, a.time or "", a.hearing or "", number) if p)
        parent = writer.add_outline_item(title=title, page_number=first)
        for d in docs:
            if d.start:
                writer.add_outline_item(title=f"{d.ref.doc_type.replace('_', ' ')}: "
                                        f"{d.ref.source_name}", page_number=d.start - 1,
                                        parent=parent)
    writer.add_outline_item(title="Manifest", page_number=manifest_start)


class _Stamper:
    """Writes "page n of N" at the bottom centre of pages as displayed (honouring /Rotate)
    without parsing or re-encoding their content: the original content streams are kept as they
    are, wrapped in q/Q, and a small stamp stream is appended.

    pypdf's public way to add content (`PageObject.merge_page` / `merge_transformed_page`)
    decodes every page's content into one new stream and writes it back uncompressed (or
    re-compressed), which makes packets slower and bigger; registering the two new streams and the
    font needs `PdfWriter._add_object`, the one private call, kept here in `_register`.
    """

    FONT = "/CFStamp"
    SIZE = 8.0

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.font = self._register(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))

    def _register(self, obj: Any) -> Any:
        """An indirect reference to `obj` in the writer."""
        return self.writer._add_object(obj)

    def stamp(self, page: PageObject, text: str) -> None:
        """Append `text` at the bottom centre of `page` as displayed."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        box = page.cropbox
        x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
        rotation = int(page.get("/Rotate", 0) or 0) % 360
        t = display_to_user(rotation if rotation % 90 == 0 else 0, x0, y0, x1 - x0, y1 - y0)
        width = (x1 - x0) if rotation in (0, 180) else (y1 - y0)
        tx = (width - stringWidth(text, "Helvetica", self.SIZE)) / 2
        cm = " ".join(f"{float(v):g}" for v in (t[0, 0], t[1, 0], t[0, 1], t[1, 1], t[0, 2],
                                                t[1, 2]))
        stamp = (f"Q q {cm} cm BT {self.FONT} {self.SIZE:g} Tf 0 g {tx:.2f} 14 Td ({text}) Tj "
                 "ET Q\n")
        pre, post = DecodedStreamObject(), DecodedStreamObject()
        pre.set_data(b"q\n")
        post.set_data(stamp.encode("latin-1"))
        contents = page.get("/Contents")
        parts = ArrayObject([self._register(pre)])
        if contents is not None:
            obj = contents.get_object()
            if isinstance(obj, ArrayObject):
                parts.extend(obj)
            else:
                parts.append(contents if hasattr(contents, "idnum") else self._register(obj))
        parts.append(self._register(post))
        page[NameObject("/Contents")] = parts
        resources: Any = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        resources = resources.get_object()
        fonts: Any = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts.get_object()[NameObject(self.FONT)] = self.font
