"""Fonts for PDF/A: embed a program for each simple font a kept page uses without embedding it,
and make embedded TrueType programs' advances agree with the font's /Widths.

A born-digital page kept in the searchable copy (a mixed PDF's text page) often uses fonts that are
only named, not embedded (Helvetica, Times, Courier, Arial...), which PDF/A forbids. For each such
simple font (Type1 or TrueType, not symbolic) this embeds a subset of the DejaVu family of the same
kind (sans, serif or mono; bold and italic as named), each glyph's outline narrowed or widened to the
advance the page is laid out with (the font's /Widths, or the standard font's metrics), so the text
keeps its place and the widths in the font dictionary agree with the program, as PDF/A requires.
The page's text layer (what is selected and searched) is unchanged: codes keep their glyph names.

A font this cannot substitute (symbolic ones such as Symbol or ZapfDingbats, Type3, CID fonts, or
DejaVu missing) is left as it is; the PDF/A check then tells (`extractors.pdfa`).
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/local/share/fonts"))
STANDARD_14 = {
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
}
_SYMBOLIC = re.compile(r"symbol|dingbat|wingding|webding", re.I)
_FLAG_FIXED, _FLAG_SERIF, _FLAG_NONSYMBOLIC, _FLAG_ITALIC, _FLAG_FORCE_BOLD = 1, 2, 32, 64, 1 << 18


def _style(base: str) -> tuple[str, bool, bool]:
    """(kind, bold, italic) of a font named `base`: kind is "sans", "serif" or "mono"."""
    low = base.lower()
    if "courier" in low or "mono" in low or "consol" in low:
        kind = "mono"
    elif any(s in low for s in ("times", "serif", "roman", "georgia", "garamond", "cambria",
                                "book", "century", "palatino")) and "sans" not in low:
        kind = "serif"
    else:
        kind = "sans"
    bold = any(s in low for s in ("bold", "black", "heavy", "semibold", "demi"))
    italic = "italic" in low or "oblique" in low
    return kind, bold, italic


def dejavu_file(kind: str, bold: bool, italic: bool) -> Path | None:
    """The DejaVu font file for a kind and style, or None when it is not installed."""
    stem = {"sans": "DejaVuSans", "serif": "DejaVuSerif", "mono": "DejaVuSansMono"}[kind]
    slant = ("Italic" if kind == "serif" else "Oblique") if italic else ""
    suffix = f"-{'Bold' if bold else ''}{slant}" if bold or italic else ""
    for d in FONT_DIRS:
        p = d / f"{stem}{suffix}.ttf"
        if p.exists():
            return p
    return None


def _code_names(font: Any) -> dict[int, str]:
    """Glyph name of each code 0-255 under the font's encoding (WinAnsi unless it says otherwise)."""
    import pikepdf
    from fontTools.encodings.MacRoman import MacRoman
    from fontTools.encodings.StandardEncoding import StandardEncoding

    def base_names(name: str) -> list[str]:
        if name == "/MacRomanEncoding":
            return list(MacRoman)
        if name == "/StandardEncoding":
            return list(StandardEncoding)
        return _winansi_names()

    enc = font.get("/Encoding")
    default = "/WinAnsiEncoding" if str(font.get("/BaseFont", "")).lstrip("/") not in STANDARD_14 \
        else "/StandardEncoding"
    if isinstance(enc, pikepdf.Name):
        names = base_names(str(enc))
    elif isinstance(enc, pikepdf.Dictionary):
        names = base_names(str(enc.get("/BaseEncoding", default)))
        code = 0
        for item in enc.get("/Differences", pikepdf.Array()):
            if isinstance(item, pikepdf.Name):
                if 0 <= code < 256:
                    names[code] = str(item)[1:]
                code += 1
            else:
                code = int(item)
    else:
        names = base_names(default)
    return {c: n for c, n in enumerate(names) if n and n != ".notdef"}


def _winansi_names() -> list[str]:
    from fontTools import agl

    names = []
    for code in range(256):
        try:
            ch = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            names.append(".notdef")
            continue
        names.append(agl.UV2AGL.get(ord(ch), ".notdef") if code >= 32 else ".notdef")
    names[32] = "space"
    return names


def _shown_codes(drawn: Any, fonts: dict[str, Any], used: dict[tuple[int, int], set[int]]) -> None:
    """Add the one-byte codes each of `fonts` (resource name -> font) shows in a page or form."""
    import pikepdf

    current: tuple[int, int] | None = None
    for instruction in pikepdf.parse_content_stream(drawn, "Tf Tj TJ ' \""):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue
        operands, name = instruction.operands, str(instruction.operator)
        if name == "Tf":
            font = fonts.get(str(operands[0]))
            current = font.objgen if font is not None else None
        elif current is not None:
            strings = operands[0] if name == "TJ" else operands[-1:]
            for s in strings:
                if isinstance(s, pikepdf.String):
                    used.setdefault(current, set()).update(bytes(s))


def _needs_program(font: Any) -> bool:
    import pikepdf

    if font.get("/Subtype") not in (pikepdf.Name.Type1, pikepdf.Name.TrueType,
                                    pikepdf.Name.MMType1):
        return False
    fd = font.get("/FontDescriptor")
    return not (isinstance(fd, pikepdf.Dictionary)
                and any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")))


def _collect(drawn: Any, res: Any, found: dict[tuple[int, int], Any],
             used: dict[tuple[int, int], set[int]], seen: set[tuple[int, int]],
             embedded: dict[tuple[int, int], Any]) -> None:
    import pikepdf

    if not isinstance(res, pikepdf.Dictionary):
        return
    for f in res.get("/Font", pikepdf.Dictionary()).values():
        if isinstance(f, pikepdf.Dictionary) and f.is_indirect and _embedded_truetype(f) is not None:
            embedded[f.objgen] = f
    fonts = {str(k): v for k, v in res.get("/Font", pikepdf.Dictionary()).items()
             if isinstance(v, pikepdf.Dictionary) and v.is_indirect and _needs_program(v)}
    for f in fonts.values():
        found[f.objgen] = f
    if fonts:
        _shown_codes(drawn, fonts, used)
    for x in res.get("/XObject", pikepdf.Dictionary()).values():
        if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == pikepdf.Name.Form \
                and x.objgen not in seen:
            seen.add(x.objgen)
            _collect(x, x.get("/Resources"), found, used, seen, embedded)


def _layout_widths(font: Any, names: dict[int, str], codes: set[int]) -> dict[int, float] | None:
    """The advance (1/1000 em) the page lays out each code with, or None when unknown."""
    import pikepdf
    from fontTools import agl

    widths = font.get("/Widths")
    if isinstance(widths, pikepdf.Array):
        first = int(font.get("/FirstChar", 0))
        missing = float(font.FontDescriptor.get("/MissingWidth", 0)) \
            if isinstance(font.get("/FontDescriptor"), pikepdf.Dictionary) else 0.0
        return {c: float(widths[c - first]) if 0 <= c - first < len(widths) else missing
                for c in codes}
    base = str(font.get("/BaseFont", "")).lstrip("/")
    if base not in STANDARD_14:
        return None
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return {c: stringWidth(agl.toUnicode(names.get(c, "space")) or " ", base, 1000) for c in codes}


def _program(path: Path, glyphs: dict[str, float]) -> tuple[bytes, dict[str, Any]]:
    """A TrueType subset of `path` holding `glyphs` (name -> advance in 1/1000 em), each glyph's
    outline scaled horizontally to its advance; and the descriptor's metrics."""
    from fontTools import agl
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    tt = TTFont(str(path))
    cmap = tt.getBestCmap()
    upem = tt["head"].unitsPerEm
    by_name: dict[str, str] = {}
    for name in glyphs:
        uni = agl.toUnicode(name)
        if len(uni) == 1 and ord(uni) in cmap:
            by_name[name] = cmap[ord(uni)]
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every subsetting step
    opts = Options()
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "MATH", "kern", "FFTM", "BASE", "JSTF"]
    opts.hinting = False
    opts.layout_features = []
    opts.notdef_outline = True
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.glyph_names = True
    sub = Subsetter(opts)
    sub.populate(glyphs=sorted(set(by_name.values())), unicodes=[])
    sub.subset(tt)
    glyph_set = tt.getGlyphSet()
    glyf, hmtx = tt["glyf"], tt["hmtx"]
    for name, gname in by_name.items():
        target = round(glyphs[name] * upem / 1000.0)
        old = hmtx[gname][0]
        rec = DecomposingRecordingPen(glyph_set)
        glyph_set[gname].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(TransformPen(pen, (target / old if old else 1.0, 0, 0, 1, 0, 0)))
        g = pen.glyph()
        g.recalcBounds(glyf)
        glyf[gname] = g
        hmtx[gname] = (target, getattr(g, "xMin", 0))
    # the (3,1) cmap maps each kept Unicode value to its glyph, as PDF/A asks of non-symbolic fonts
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4

    table = cmap_format_4(4)
    table.platformID, table.platEncID, table.language = 3, 1, 0
    table.cmap = {ord(agl.toUnicode(n)): g for n, g in by_name.items()}
    tt["cmap"].tables = [table]
    buf = io.BytesIO()
    tt.save(buf)
    head, hhea, post = tt["head"], tt["hhea"], tt["post"]
    os2 = tt["OS/2"] if "OS/2" in tt else None
    k = 1000.0 / upem
    metrics = {
        "bbox": [round(v * k) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(hhea.ascent * k), "descent": round(hhea.descent * k),
        "cap": round((getattr(os2, "sCapHeight", 0) or hhea.ascent) * k),
        "italic": float(post.italicAngle), "glyphs": set(by_name),
    }
    return buf.getvalue(), metrics


def _tag(n: int) -> str:
    return "".join(chr(ord("A") + (n // 26 ** i) % 26) for i in range(6))


def _embed(pdf: Any, font: Any, codes: set[int], n: int) -> bool:
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    base = str(font.get("/BaseFont", "/Unknown")).lstrip("/").split("+")[-1]
    if _SYMBOLIC.search(base):
        return False
    names = _code_names(font)
    codes = {c for c in codes if c in names} or {32}  # a font only named in resources: a space
    widths = _layout_widths(font, names, codes)
    kind, bold, italic = _style(base)
    path = dejavu_file(kind, bold, italic) or dejavu_file(kind, bold, False) \
        or dejavu_file(kind, False, False)
    if widths is None or path is None:
        return False
    data, m = _program(path, {names[c]: widths[c] for c in codes})
    shown = {c for c in codes if names[c] in m["glyphs"]}
    if shown != codes:
        return False  # a code whose glyph DejaVu lacks would show .notdef
    name = Name(f"/{_tag(n)}+{re.sub(r'[^A-Za-z0-9-]', '', base) or 'Font'}")
    program = pikepdf.Stream(pdf, data)
    program.Length1 = len(data)
    flags = _FLAG_NONSYMBOLIC | (_FLAG_FIXED if kind == "mono" else 0) \
        | (_FLAG_SERIF if kind == "serif" else 0) | (_FLAG_ITALIC if italic else 0) \
        | (_FLAG_FORCE_BOLD if bold else 0)
    font.FontDescriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=name, Flags=flags, FontBBox=Array(m["bbox"]),
        ItalicAngle=m["italic"], Ascent=m["ascent"], Descent=m["descent"], CapHeight=m["cap"],
        StemV=120 if bold else 80, FontFile2=program))
    first, last = min(codes), max(codes)
    font.Subtype = Name.TrueType
    font.BaseFont = name
    font.FirstChar, font.LastChar = first, last
    font.Widths = Array([round(widths[c]) if c in codes else 0 for c in range(first, last + 1)])
    diffs: list[Any] = []
    prev = -2
    for c in sorted(codes):
        if c != prev + 1:
            diffs.append(c)
        diffs.append(Name("/" + names[c]))
        prev = c
    font.Encoding = Dictionary(Type=Name.Encoding, BaseEncoding=Name.WinAnsiEncoding,
                               Differences=Array(diffs))
    return True


def _embedded_truetype(font: Any) -> Any:
    import pikepdf

    fd = font.get("/FontDescriptor")
    if font.get("/Subtype") != pikepdf.Name.TrueType or not isinstance(fd, pikepdf.Dictionary):
        return None
    program = fd.get("/FontFile2")
    return program if isinstance(program, pikepdf.Stream) else None


def fit_program_widths(pdf: Any, font: Any) -> bool:
    """Make an embedded simple TrueType program's advances agree with the font's /Widths (which
    viewers lay the text out with; PDF/A wants the two to agree). Some generators (reportlab's
    subsets among them) write advances that disagree. Outlines are untouched; True if changed."""
    import pikepdf
    from fontTools.ttLib import TTFont

    program = _embedded_truetype(font)
    widths = font.get("/Widths")
    if program is None or not isinstance(widths, pikepdf.Array):
        return False
    tt = TTFont(io.BytesIO(program.read_bytes()))
    if "cmap" not in tt or "hmtx" not in tt:
        return False
    upem = tt["head"].unitsPerEm
    first = int(font.get("/FirstChar", 0))
    table = next((t for t in tt["cmap"].tables if (t.platformID, t.platEncID) in ((3, 0), (1, 0))),
                 None)
    if table is None:
        return False  # a non-symbolic font maps codes through glyph names: left to the check
    changed = False
    hmtx = tt["hmtx"]
    for code, gname in table.cmap.items():
        i = (code & 0xFF) - first
        if 0 <= i < len(widths) and gname in hmtx.metrics:
            want = round(float(widths[i]) * upem / 1000.0)
            adv, lsb = hmtx[gname]
            if abs(adv * 1000.0 / upem - float(widths[i])) > 0.5:
                hmtx[gname] = (want, lsb)
                changed = True
    if changed:
        buf = io.BytesIO()
        tt.save(buf)
        data = buf.getvalue()
        program.write(data)
        program.Length1 = len(data)
    return changed


def embed_missing_fonts(pdf: Any, page_indexes: list[int]) -> list[str]:
    """Embed a substitute program in each unembedded simple font the given pages draw with; the
    names of the fonts left unembedded."""
    found: dict[tuple[int, int], Any] = {}
    used: dict[tuple[int, int], set[int]] = {}
    seen: set[tuple[int, int]] = set()
    embedded: dict[tuple[int, int], Any] = {}
    for i in page_indexes:
        page = pdf.pages[i]
        _collect(page, page.obj.get("/Resources"), found, used, seen, embedded)
    for font in embedded.values():
        try:
            if fit_program_widths(pdf, font):
                log.debug("font %s: program advances set to its /Widths", font.get("/BaseFont"))
        except (OSError, KeyError, ValueError, TypeError, AssertionError) as e:
            log.info("font %s: widths left as they are (%s)", font.get("/BaseFont"), e)
    left = []
    for n, (og, font) in enumerate(sorted(found.items())):
        name = str(font.get("/BaseFont", "?"))
        try:
            ok = _embed(pdf, font, used.get(og, set()), n)
        except (OSError, KeyError, ValueError, TypeError) as e:
            log.info("font %s could not be embedded (%s)", name, e)
            ok = False
        if ok:
            log.debug("embedded a substitute for font %s", name)
        else:
            left.append(name)
    return left
