"""PDF/A-2b for the searchable copy: the one module that talks to pikepdf's PDF/A support.

`declare_pdfa` gives an open document what PDF/A-2b asks of a file as a whole: an sRGB
OutputIntent (it covers grey and RGB images), an XMP packet declaring pdfaid part 2, conformance
B, with the Info dictionary agreeing with it, image interpolation and hidden or non-printing
annotations removed, document JavaScript removed (`pikepdf.pdfa.prepare`). `save_pdf` writes
the file unencrypted with a document ID and the binary header comment.

What a page draws is the builder's business: the pages this project makes (compact page images,
invisible text in an embedded glyphless font) conform by construction. A page kept from the
original (a born-digital page of a mixed PDF) may not, e.g. when its fonts are not embedded: with
`check=True` the prepared document is checked against pikepdf's PDF/A-2b rules (derived from
veraPDF's) and, when it fails, the declaration is taken back and the reasons returned.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FLAVOUR = "2b"
PRODUCER = "casefolio"
_PRESENTATION_KEYS = ("/Trans", "/Dur", "/PresSteps")


def preload() -> None:
    """Import pikepdf's PDF/A support (about a second) ahead of the first copy."""
    import pikepdf.pdfa  # noqa: F401 - imported for its start-up cost


def declare_pdfa(pdf: Any, check: bool) -> list[str]:
    """Prepare and declare `pdf` as PDF/A-2b; the reasons it does not conform (empty: it does).

    With `check`, the document is checked and, on failure, left undeclared (no pdfaid entries).
    """
    from pikepdf.pdfa import check as pdfa_check
    from pikepdf.pdfa import prepare

    for page in pdf.pages:
        for key in _PRESENTATION_KEYS:
            if key in page.obj:
                del page.obj[key]  # slide-show effects: nothing to archive, not in PDF/A's list
    result = prepare(pdf, FLAVOUR, output_intent="sRGB")
    for level, message in result.messages():
        if level in ("warning", "info"):
            log.info("PDF/A: %s", message)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["xmp:CreatorTool"] = PRODUCER
    if not check:
        return []
    report = pdfa_check(pdf, FLAVOUR)
    if report.passed:
        return []
    problems = sorted({f"{f.rule}: {f.message}" for f in report.findings})
    log.warning("searchable copy is not PDF/A-2b: %d problem(s): %s", len(problems),
                "; ".join(problems[:5]))
    undeclare_pdfa(pdf)
    return problems or ["not approved by the PDF/A-2b check"]


def undeclare_pdfa(pdf: Any) -> None:
    """Take a PDF/A declaration back (the pdfaid entries of the XMP packet)."""
    import pikepdf

    if "/Metadata" not in pdf.Root:
        return
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            for key in ("pdfaid:part", "pdfaid:conformance"):
                if key in meta:
                    del meta[key]
    except (pikepdf.PdfError, ValueError) as e:  # unreadable XMP: drop it rather than claim PDF/A
        log.info("XMP could not be edited (%s); removed", e)
        del pdf.Root["/Metadata"]


def save_kwargs(pdfa: bool) -> dict[str, Any]:
    """pikepdf save settings: PDF/A-2b's (object streams, no encryption, an ID) or plain ones."""
    if pdfa:
        from pikepdf.pdfa import resolve_save_kwargs

        return dict(resolve_save_kwargs(FLAVOUR))
    import pikepdf

    return {"object_stream_mode": pikepdf.ObjectStreamMode.generate, "compress_streams": True}


def save_pdf(pdf: Any, out: Path, pdfa: bool) -> None:
    """Write `pdf` to `out` atomically (a .part file renamed into place)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    pdf.save(tmp, **save_kwargs(pdfa))
    tmp.replace(out)
