"""The text-layer page model: words with boxes in display points, reading order by geometry, rules
and cells from vector drawings, and hidden text under opaque boxes (a failed redaction)."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.models import Page
from extractors.pdf import text_layer_pages
from tests.docgen import REALDOCS
from tests.formgen import PAGE_H, PAGE_W, Rect, Text, boxed_form, draw


def one_page(tmp_path: Path, pdf: bytes, name: str = "p.pdf") -> Page:
    path = tmp_path / name
    path.write_bytes(pdf)
    page = text_layer_pages(path, 1)[0]
    assert page is not None
    return page


def test_words_carry_boxes_in_display_points(tmp_path: Path) -> None:
    page = one_page(tmp_path, draw([Text(72, 100, "Case No: 24-003817", 12)]))
    assert (page.width, page.height, page.method) == (PAGE_W, PAGE_H, "text")
    case = next(w for w in page.words if w.text == "24-003817")
    assert 120 < case.box.left < 135 and 88 < case.box.top < 100 and case.box.height < 16
    assert case.confidence == 1.0 and case.line == 0


def test_rotated_page_boxes_follow_the_display(tmp_path: Path) -> None:
    """A portrait page shown sideways by /Rotate 90: boxes are in the displayed (landscape) frame,
    the page is laid out in the text's upright frame, and `rotation` says how to turn it upright."""
    import io

    from pypdf import PdfReader, PdfWriter

    upright = draw([Text(72, 100, "Case No: 24-003817", 12), Text(72, 130, "Plate: 482 KLM", 12)])
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(upright)).pages[0])
    writer.pages[0].rotate(90)
    buf = io.BytesIO()
    writer.write(buf)
    page = one_page(tmp_path, buf.getvalue())
    flat = one_page(tmp_path, upright, "flat.pdf")
    assert (page.width, page.height) == (PAGE_H, PAGE_W)
    assert page.rotation == 270 and page.text == flat.text == "Case No: 24-003817\nPlate: 482 KLM"
    case = next(w for w in page.words if w.text == "24-003817")
    assert case.box.left > 600 and case.box.height > case.box.width  # near the right edge, running down


def test_two_column_prose_reads_column_by_column(tmp_path: Path) -> None:
    left = [f"left column line {k} with several words of prose" for k in range(6)]
    right = [f"right column line {k} also has many words" for k in range(6)]
    items = [Text(40, 100 + 14 * k, t, 9) for k, t in enumerate(left)]
    items += [Text(320, 100 + 14 * k, t, 9) for k, t in enumerate(right)]
    page = one_page(tmp_path, draw(items))
    lines = page.text.splitlines()
    assert lines[:6] == left and lines[6:] == right
    assert len({w.block for w in page.words}) >= 2


def test_form_rows_are_read_across(tmp_path: Path) -> None:
    page = one_page(tmp_path, boxed_form([[("CASE NUMBER", "24-003817"), ("DATE", "03/14/2024")]],
                                         labels_first=True))
    assert page.text.splitlines()[1:] == ["CASE NUMBER   DATE", "24-003817   03/14/2024"]
    assert len(page.cells) == 2 and len(page.rules) >= 8


def test_text_under_a_black_box_is_hidden(tmp_path: Path) -> None:
    """A box drawn over the text, and black text drawn on a black box: both hide it. A light box
    drawn under text (a shaded form field) hides nothing."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x0, x1 = (72 + stringWidth(t, "Helvetica", 10) for t in ("Plate: ", "Plate: 482 KLM"))
    items = [Text(72, 100, "Plate: 482 KLM seen"), Rect(x0 - 1, 90, x1 - x0 + 2, 14, fill=True),
             Rect(70, 120, 200, 14, fill=True), Text(72, 130, "SECRET WITNESS NAME"),
             Rect(70, 150, 200, 14, fill=True, color=(0.85, 0.85, 0.85)), Text(72, 160, "Visible field text")]
    page = one_page(tmp_path, draw(items))
    hidden = {w.text for w in page.words if w.hidden}
    assert hidden == {"482", "KLM", "SECRET", "WITNESS", "NAME"}
    assert "482" not in page.text and "SECRET" not in page.text
    assert "Plate:" in page.text and "seen" in page.text and "Visible field text" in page.text


def test_realdocs_failed_redactions_are_hidden() -> None:
    if not REALDOCS.exists():
        pytest.skip("../shared/realdocs is not available")
    yes = text_layer_pages(REALDOCS / "doctor/rectangles_yes.pdf", 20)[0]
    assert yes is not None and sum(w.hidden for w in yes.words) >= 8
    assert "disclose" not in yes.text and "disclose" in [w.text for w in yes.words]
    yes2 = text_layer_pages(REALDOCS / "doctor/rectangles_yes_2.pdf", 1)[0]
    assert yes2 is not None and [w.text for w in yes2.words if w.hidden] == ["def"]
    no = text_layer_pages(REALDOCS / "doctor/rectangles_no.pdf", 20)[0]
    assert no is not None and not any(w.hidden for w in no.words)


def test_realdocs_rotated_table_is_laid_out_upright() -> None:
    if not REALDOCS.exists():
        pytest.skip("../shared/realdocs is not available")
    flat = text_layer_pages(REALDOCS / "pdfplumber/nics-background-checks-2015-11.pdf", 20)[0]
    turned = text_layer_pages(REALDOCS / "pdfplumber/nics-background-checks-2015-11-rotated.pdf", 20)[0]
    assert flat is not None and turned is not None
    assert turned.text == flat.text and turned.rotation == 270 and (turned.width, turned.height) == (612.0, 1008.0)
    assert "Alabama   18,870   23,022" in flat.text


def _canvas_pdf(draw_on) -> bytes:  # type: ignore[no-untyped-def]
    import io

    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf)
    draw_on(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_letter_spaced_values_stay_words(tmp_path: Path) -> None:
    """Values printed with character spacing (Tc) are read as words, not letter by letter."""
    def draw_on(c):  # type: ignore[no-untyped-def]
        for x, text, spacing in ((72, "Name:", 0), (140, "HARRINGTON JAMES", 6)):
            t = c.beginText(x, 700)
            t.setFont("Helvetica", 10)
            t.setCharSpace(spacing)
            t.textOut(text)
            c.drawText(t)

    page = one_page(tmp_path, _canvas_pdf(draw_on))
    assert page.text == "Name:   HARRINGTON JAMES"


def test_a_stamp_drawn_at_an_angle_is_read_last(tmp_path: Path) -> None:
    def draw_on(c):  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        c.drawString(72, 700, "Case No: 24-003817")
        c.drawString(72, 680, "Plate: 482 KLM")
        c.saveState()
        c.translate(300, 690)
        c.rotate(25)
        c.drawString(0, 0, "RECEIVED")
        c.restoreState()

    page = one_page(tmp_path, _canvas_pdf(draw_on))
    assert page.text.splitlines() == ["Case No: 24-003817", "Plate: 482 KLM", "RECEIVED"]
