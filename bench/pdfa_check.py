"""A structural PDF/A-2b checker for the features the searchable copies use (there is no veraPDF
here). It reads the file with pikepdf and lists every requirement it finds broken:

- file: header `%PDF-1.n` (n <= 7) followed by a comment of four or more bytes above 127; a
  trailer /ID of two strings; no /Encrypt; no LZW anywhere; no embedded files, no JavaScript, no
  document or page additional actions;
- metadata: an unfiltered XMP /Metadata stream in the catalog, its xpacket header without
  `bytes`/`encoding`, declaring pdfaid:part 2 and conformance B; every Info entry PDF/A maps to
  XMP (Title, Author, Subject, Keywords, Creator, Producer, CreationDate, ModDate) agreeing with
  its XMP property;
- colour: one GTS_PDFA1 OutputIntent whose ICC profile (an RGB monitor or printer profile, version
  2 or 4, /N 3) covers DeviceRGB and DeviceGray; no DeviceCMYK image;
- pages (and the form XObjects they draw, recursively): every font embedded (FontFile, FontFile2
  or FontFile3, in the descendant of a Type0 font); a CIDFontType2 has a CIDToGIDMap and, for the
  codes its text shows, widths equal to the embedded program's advances and no glyph 0 (.notdef);
  no image with /Interpolate true, /Alternates or /OPI; no transfer function (/TR, or /TR2 other
  than /Default), no blend mode outside the standard ones; a transparency group has /CS
  or the file an output intent (it has); annotations printable and visible.

`validate(path)` returns the list of problems (empty: conforms for what is checked). Tests also ask
pikepdf's own allow-list validator (`pikepdf.pdfa.validate_written`) for a second opinion.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

INFO_TO_XMP = {
    "/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate",
}
STANDARD_BLEND = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken",
                  "/Lighten", "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight",
                  "/Difference", "/Exclusion", "/Hue", "/Saturation", "/Color", "/Luminosity"}


def _pdf_date(value: str) -> datetime | None:
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?", value)
    if not m:
        return None
    y, mo, d, h, mi, s, sign, oh, om = m.groups()
    tz = "+00:00" if sign in (None, "Z") else f"{sign}{oh or '00'}:{om or '00'}"
    return datetime.fromisoformat(f"{y}-{mo or '01'}-{d or '01'}T{h or '00'}:{mi or '00'}:"
                                  f"{s or '00'}{tz}")


def _xmp_date(value: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _check_header(data: bytes, problems: list[str]) -> None:
    m = re.match(rb"%PDF-1\.([0-9])\r?\n", data)
    if not m or int(m.group(1)) > 7:
        problems.append("header: not %PDF-1.0 .. 1.7")
        return
    second = data[m.end():m.end() + 64].split(b"\n")[0].split(b"\r")[0]
    if not (second.startswith(b"%") and sum(b > 127 for b in second[1:5]) == 4):
        problems.append("header: no binary comment line of four bytes above 127")


def _check_metadata(pdf: pikepdf.Pdf, problems: list[str]) -> None:
    md = pdf.Root.get("/Metadata")
    if not isinstance(md, Stream):
        problems.append("metadata: no XMP stream in the catalog")
        return
    if md.get("/Type") != Name.Metadata or md.get("/Subtype") != Name.XML:
        problems.append("metadata: stream is not /Type /Metadata /Subtype /XML")
    if "/Filter" in md:
        problems.append("metadata: XMP stream is filtered")
    xml = md.read_bytes()
    head = re.search(rb"<\?xpacket begin=[^>]*\?>", xml)
    if not head:
        problems.append("metadata: no xpacket header")
    elif b"bytes=" in head.group(0) or b"encoding=" in head.group(0):
        problems.append("metadata: xpacket header has bytes/encoding")
    with pdf.open_metadata() as meta:
        if str(meta.get("pdfaid:part", "")) != "2":
            problems.append(f"metadata: pdfaid:part is {meta.get('pdfaid:part')!r}, not 2")
        if str(meta.get("pdfaid:conformance", "")) != "B":
            problems.append(f"metadata: pdfaid:conformance is {meta.get('pdfaid:conformance')!r}")
        info = pdf.trailer.get("/Info")
        for key, prop in INFO_TO_XMP.items():
            if not isinstance(info, Dictionary) or key not in info:
                continue
            value, xmp = str(info[key]), meta.get(prop)
            if xmp is None:
                problems.append(f"metadata: Info {key} has no XMP {prop}")
                continue
            if key.endswith("Date"):
                same = _pdf_date(value) == _xmp_date(str(xmp))
            elif isinstance(xmp, list | set):
                same = value in {str(x) for x in xmp} or value == ", ".join(str(x) for x in xmp)
            else:
                same = str(xmp) == value
            if not same:
                problems.append(f"metadata: Info {key} {value!r} differs from XMP {prop} {xmp!r}")


def _check_output_intent(pdf: pikepdf.Pdf, problems: list[str]) -> None:
    intents = [oi for oi in pdf.Root.get("/OutputIntents", Array())
               if oi.get("/S") == Name.GTS_PDFA1]
    if len(intents) != 1:
        problems.append(f"output intent: {len(intents)} GTS_PDFA1 output intents, not one")
        return
    profile = intents[0].get("/DestOutputProfile")
    if not isinstance(profile, Stream):
        problems.append("output intent: no ICC profile")
        return
    icc = profile.read_bytes()
    major = icc[8] if len(icc) > 8 else 0
    if icc[12:16] not in (b"mntr", b"prtr") or icc[16:20] != b"RGB " or major not in (2, 4):
        problems.append(f"output intent: ICC profile {icc[12:20]!r} v{major} is not an RGB "
                        "output profile")
    if int(profile.get("/N", 0)) != 3:
        problems.append("output intent: ICC profile /N is not 3")
    if "/OutputConditionIdentifier" not in intents[0]:
        problems.append("output intent: no OutputConditionIdentifier")


def _font_program(font: Dictionary) -> tuple[Dictionary | None, Stream | None]:
    fd = font.get("/FontDescriptor")
    if not isinstance(fd, Dictionary):
        return None, None
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if isinstance(fd.get(key), Stream):
            return fd, fd[key]
    return fd, None


def _shown_codes(drawn: Any, font_names: set[str]) -> dict[str, set[int]]:
    """The two-byte codes each of `font_names` shows in a page's or form's content (Tj/TJ)."""
    shown: dict[str, set[int]] = {n: set() for n in font_names}
    current = None
    for operands, op in pikepdf.parse_content_stream(drawn):
        name = str(op)
        if name == "Tf":
            current = str(operands[0])
        elif name in ("Tj", "'", '"', "TJ") and current in shown:
            strings = operands[0] if name == "TJ" else operands[-1:]
            for s in strings:
                if isinstance(s, pikepdf.String):
                    b = bytes(s)
                    shown[current].update(int.from_bytes(b[i:i + 2], "big")
                                          for i in range(0, len(b) - 1, 2))
    return shown


def _check_cidfont_type2(where: str, font: Dictionary, codes: set[int], problems: list[str]) -> None:
    from fontTools.ttLib import TTFont

    desc = font.DescendantFonts[0]
    fd, program = _font_program(desc)
    if program is None:
        return
    gidmap = desc.get("/CIDToGIDMap")
    if gidmap is None:
        problems.append(f"{where}: CIDFontType2 without CIDToGIDMap")
        return
    table = gidmap.read_bytes() if isinstance(gidmap, Stream) else None
    ttf = TTFont(io.BytesIO(program.read_bytes()))
    upem = ttf["head"].unitsPerEm
    order = ttf.getGlyphOrder()
    widths: dict[int, float] = {}
    w = desc.get("/W", Array())
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], Array):
            for k, v in enumerate(w[i + 1]):
                widths[first + k] = float(v)
            i += 2
        else:
            for c in range(first, int(w[i + 1]) + 1):
                widths[c] = float(w[i + 2])
            i += 3
    dw = float(desc.get("/DW", 1000))
    for cid in sorted(codes)[:2000]:  # Identity-H: code == CID
        gid = cid if table is None else int.from_bytes(table[2 * cid:2 * cid + 2], "big")
        if gid == 0 or gid >= len(order):
            problems.append(f"{where}: code {cid:04X} shows .notdef (glyph {gid})")
            break
        advance = ttf["hmtx"][order[gid]][0] * 1000.0 / upem
        if abs(advance - widths.get(cid, dw)) > 1:
            problems.append(f"{where}: code {cid:04X} width {widths.get(cid, dw)} differs from "
                            f"the font program's {advance:.0f}")
            break


def _check_resources(where: str, res: Any, drawn: Any, problems: list[str],
                     seen: set[tuple[int, int]]) -> None:
    if not isinstance(res, Dictionary):
        return
    fonts = res.get("/Font", Dictionary())
    shown = _shown_codes(drawn, {str(k) for k in fonts.keys()}) if len(fonts) else {}
    for fname, font in fonts.items():
        sub = font.get("/Subtype")
        if sub == Name.Type3:
            continue
        target = font.DescendantFonts[0] if sub == Name.Type0 else font
        _fd, program = _font_program(target)
        if program is None:
            problems.append(f"{where}: font {fname} ({font.get('/BaseFont')}) is not embedded")
            continue
        if sub == Name.Type0 and target.get("/Subtype") == Name.CIDFontType2:
            _check_cidfont_type2(f"{where}: font {fname}", font, shown.get(str(fname), set()),
                                 problems)
    for gname, gs in res.get("/ExtGState", Dictionary()).items():
        if "/TR" in gs or ("/TR2" in gs and gs.TR2 != Name.Default):
            problems.append(f"{where}: ExtGState {gname} has a transfer function")
        bm = gs.get("/BM")
        for b in (bm if isinstance(bm, Array) else [bm] if bm is not None else []):
            if str(b) not in STANDARD_BLEND:
                problems.append(f"{where}: ExtGState {gname} blend mode {b}")
    for xname, x in res.get("/XObject", Dictionary()).items():
        og = x.objgen
        if og != (0, 0) and og in seen:
            continue
        seen.add(og)
        sub = x.get("/Subtype")
        if sub == Name.Image:
            if x.get("/Interpolate", False):
                problems.append(f"{where}: image {xname} has /Interpolate true")
            if "/Alternates" in x or "/OPI" in x:
                problems.append(f"{where}: image {xname} has /Alternates or /OPI")
            if x.get("/ColorSpace") == Name.DeviceCMYK:
                problems.append(f"{where}: image {xname} is DeviceCMYK under an RGB output intent")
        elif sub == Name.Form:
            if x.get("/Subtype2") == Name.PS or "/PS" in x:
                problems.append(f"{where}: PostScript XObject {xname}")
            group = x.get("/Group")
            if isinstance(group, Dictionary) and group.get("/S") == Name.Transparency \
                    and "/CS" in group and group.CS == Name.DeviceCMYK:
                problems.append(f"{where}: form {xname} transparency group is CMYK")
            _check_resources(f"{where} form {xname}", x.get("/Resources"), x, problems, seen)
        elif sub == Name.PS:
            problems.append(f"{where}: PostScript XObject {xname}")


def _check_streams(pdf: pikepdf.Pdf, problems: list[str]) -> None:
    for obj in pdf.objects:
        if isinstance(obj, Stream):
            f = obj.get("/Filter")
            names = [str(x) for x in f] if isinstance(f, Array) else [str(f)] if f else []
            if "/LZWDecode" in names:
                problems.append(f"stream {obj.objgen}: LZW")
            if "/F" in obj:
                problems.append(f"stream {obj.objgen}: external file (/F)")


def validate(path: Path) -> list[str]:
    """Everything the file breaks of PDF/A-2b, for the features checked (see module doc)."""
    data = Path(path).read_bytes()
    problems: list[str] = []
    _check_header(data, problems)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            problems.append("file: encrypted")
        ids = pdf.trailer.get("/ID")
        if not isinstance(ids, Array) or len(ids) != 2:
            problems.append("file: no trailer /ID of two strings")
        root = pdf.Root
        names = root.get("/Names", Dictionary())
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                problems.append(f"catalog: /Names {key}")
        if "/AA" in root:
            problems.append("catalog: additional actions")
        _check_metadata(pdf, problems)
        _check_output_intent(pdf, problems)
        _check_streams(pdf, problems)
        seen: set[tuple[int, int]] = set()
        for i, page in enumerate(pdf.pages):
            where = f"page {i + 1}"
            if "/AA" in page.obj:
                problems.append(f"{where}: additional actions")
            group = page.obj.get("/Group")
            if isinstance(group, Dictionary) and group.get("/S") == Name.Transparency \
                    and group.get("/CS") == Name.DeviceCMYK:
                problems.append(f"{where}: CMYK transparency group")
            for annot in page.obj.get("/Annots", Array()):
                flags = int(annot.get("/F", 0))
                if not flags & 4 or flags & (1 | 2 | 32):
                    problems.append(f"{where}: annotation {annot.get('/Subtype')} not printable "
                                    "or hidden")
            _check_resources(where, page.obj.get("/Resources"), page, problems, seen)
    return problems


def second_opinion(path: Path) -> list[str]:
    """pikepdf's PDF/A-2b allow-list validator (veraPDF's rules): its findings, empty if approved."""
    from pikepdf.pdfa import validate_written

    report = validate_written(Path(path), "2b")
    return [] if report.passed else [f"{f.rule}: {f.message}" for f in report.findings]
