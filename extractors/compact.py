"""Page images of the searchable copy, re-encoded to take fewer bytes but read the same.

The original file is kept byte for byte in the store, so the copy's page images may be re-encoded:

- bilevel images (1 bit, or 8-bit grey holding only black and white) become CCITT G4, losslessly;
- grey and colour images become JPEG at `ArchiveSettings.jpeg_quality` (a colour image whose three
  channels are equal becomes grey); an image far above the resolution reading needs
  (`max_dpi`) is first scaled down to `target_dpi`;
- an image already CCITT, JBIG2 or JPEG 2000, with a mask or a soft mask, an unusual colour space
  or decode array is left alone; so is any image whose re-encoding would not save at least
  `min_saving` of its bytes. A CMYK JPEG is always re-encoded as RGB (PDF/A's sRGB output intent
  does not cover CMYK).

Only the images drawn directly by a page are considered (not those inside form XObjects).
"""

from __future__ import annotations

import io
import logging
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from base.settings import ArchiveSettings

log = logging.getLogger(__name__)

_KEEP_FILTERS = {"/CCITTFaxDecode", "/JBIG2Decode", "/JPXDecode"}
_SIMPLE_SPACES = {"/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/CalGray", "/CalRGB"}


@dataclass
class CompactStats:
    """What re-encoding did to one document's images: counts and bytes before and after."""

    images: int = 0
    reencoded: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    encodings: dict[str, int] = field(default_factory=dict)

    def add(self, before: int, after: int, encoding: str | None) -> None:
        """Count one image: its stream bytes before and after, and its new encoding (None: kept)."""
        self.images += 1
        self.bytes_before += before
        self.bytes_after += after
        if encoding is not None:
            self.reencoded += 1
            self.encodings[encoding] = self.encodings.get(encoding, 0) + 1


def _filters(xobj: Any) -> list[str]:
    import pikepdf

    f = xobj.get("/Filter")
    if f is None:
        return []
    if isinstance(f, pikepdf.Array):
        return [str(x) for x in f]
    return [str(f)]


def _colour_space(xobj: Any) -> tuple[str, int]:
    """(family, components) of an image's colour space; ("", 0) when it is not one we re-encode."""
    import pikepdf

    cs = xobj.get("/ColorSpace")
    if isinstance(cs, pikepdf.Name):
        name = str(cs)
        if name in _SIMPLE_SPACES:
            return name, {"/DeviceGray": 1, "/CalGray": 1, "/DeviceCMYK": 4}.get(name, 3)
        return name, 0
    if not isinstance(cs, pikepdf.Array) or len(cs) < 2:
        return "", 0
    family = str(cs[0])
    if family == "/ICCBased":
        n = int(cs[1].get("/N", 0))
        return family, n if n in (1, 3, 4) else 0
    if family == "/Indexed":
        return family, 1
    return family, 0


def _eligible(xobj: Any) -> bool:
    """Whether an image XObject is one we may re-encode."""
    if xobj.get("/ImageMask", False) or "/SMask" in xobj or "/Mask" in xobj or "/Decode" in xobj:
        return False
    if "/Alternates" in xobj or "/OPI" in xobj:
        return False
    filters = _filters(xobj)
    if any(f in _KEEP_FILTERS for f in filters) or len(filters) > 1:
        return False
    bpc = int(xobj.get("/BitsPerComponent", 8))
    _family, n = _colour_space(xobj)
    return n > 0 and bpc in (1, 8)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _flate_as_png(xobj: Any, components: int) -> bytes | None:
    """A Flate stream with PNG predictors (as img2pdf embeds PNGs) rewrapped as a PNG file, so
    that it is decoded in one pass by libpng/zlib; None when the stream is not of that kind."""
    parms = xobj.get("/DecodeParms")
    if parms is None or int(parms.get("/Predictor", 1)) < 10:
        return None
    bpc = int(xobj.get("/BitsPerComponent", 8))
    colors = int(parms.get("/Colors", 1))
    width = int(xobj.Width)
    if bpc != 8 or int(parms.get("/BitsPerComponent", 8)) != 8 or colors != components \
            or colors not in (1, 3) or int(parms.get("/Columns", width)) != width:
        return None
    ihdr = (width.to_bytes(4, "big") + int(xobj.Height).to_bytes(4, "big")
            + bytes([8, 0 if colors == 1 else 2, 0, 0, 0]))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", xobj.read_raw_bytes()) + _png_chunk(b"IEND", b""))


def _decode(xobj: Any) -> Any:
    """The image as a PIL image (mode 1, L, RGB, or CMYK for a CMYK JPEG): JPEG and PNG-predicted
    Flate streams by Pillow directly (fast), anything else through pikepdf."""
    import pikepdf
    from PIL import Image

    filters = _filters(xobj)
    if filters == ["/DCTDecode"]:
        im = Image.open(io.BytesIO(xobj.read_raw_bytes()))
        im.load()
        return im
    family, n = _colour_space(xobj)
    if filters == ["/FlateDecode"] and family != "/Indexed":
        png = _flate_as_png(xobj, n)
        if png is not None:
            im = Image.open(io.BytesIO(png))
            im.load()
            return im
    return pikepdf.PdfImage(xobj).as_pil_image()


# The sum of libjpeg's luminance quantisation table at quality 50 (ITU T.81 Annex K)
_STD_LUMA_SUM = 3688


def jpeg_quality(raw: bytes) -> float | None:
    """The libjpeg quality a JPEG's luminance table corresponds to (header only, no decoding)."""
    from PIL import JpegImagePlugin

    try:
        with JpegImagePlugin.JpegImageFile(io.BytesIO(raw)) as im:
            tables = im.quantization
    except (OSError, SyntaxError, ValueError):
        return None
    if not tables or 0 not in tables:
        return None
    scale = 100.0 * sum(tables[0]) / _STD_LUMA_SUM  # libjpeg: 5000/q below 50, 200-2q above
    if scale <= 0:
        return 100.0
    return 5000.0 / scale if scale > 100 else (200.0 - scale) / 2.0


def _effective_dpi(size: tuple[int, int], page_pt: tuple[float, float]) -> float:
    """The image's resolution if drawn over the whole page, whichever way it is turned."""
    w, h = size
    pw, ph = (max(page_pt[0], 1.0) / 72.0, max(page_pt[1], 1.0) / 72.0)
    return min(min(w, h) / min(pw, ph), max(w, h) / max(pw, ph))


def _is_bilevel(a: np.ndarray) -> bool:
    sample = a[:: max(1, a.shape[0] // 64)]
    if np.count_nonzero((sample > 0) & (sample < 255)):
        return False
    return not np.count_nonzero((a > 0) & (a < 255))


def _is_grey(a: np.ndarray) -> bool:
    return bool(np.array_equal(a[..., 0], a[..., 1]) and np.array_equal(a[..., 1], a[..., 2]))


def g4_bytes(im: Any) -> tuple[bytes, bool]:
    """A bilevel PIL image as one CCITT G4 strip, and whether 1 bits are black (/BlackIs1)."""
    from PIL import TiffImagePlugin

    buf = io.BytesIO()
    im.convert("1").save(buf, "TIFF", compression="group4", strip_size=2**31 - 1)
    data = buf.getvalue()
    with TiffImagePlugin.TiffImageFile(io.BytesIO(data)) as tif:
        tags = tif.tag_v2
        offsets, counts = tags[273], tags[279]
        photometric = int(tags.get(262, 0))
    if len(offsets) != 1:
        raise ValueError("G4 image written in several strips")
    return data[offsets[0]:offsets[0] + counts[0]], photometric == 1


def jpeg_bytes(im: Any, quality: int) -> bytes:
    """A grey or RGB PIL image as baseline JPEG (optimised Huffman tables, 4:2:0 for colour)."""
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _write(xobj: Any, data: bytes, filt: str, width: int, height: int, mode: str,
           parms: dict[str, Any] | None, keep_space: bool) -> None:
    import pikepdf

    xobj.write(data, filter=pikepdf.Name(filt),
               decode_parms=pikepdf.Dictionary(parms) if parms else None)
    xobj.Width = width
    xobj.Height = height
    xobj.BitsPerComponent = 1 if mode == "1" else 8
    if not keep_space:
        xobj.ColorSpace = pikepdf.Name("/DeviceRGB" if mode == "RGB" else "/DeviceGray")
    if "/Interpolate" in xobj:
        del xobj["/Interpolate"]  # PDF/A forbids interpolation


@dataclass
class Encoded:
    """A page image re-encoded: its bytes, PDF filter, mode ("1", "L", "RGB") and size."""

    data: bytes
    filter: str  # "/CCITTFaxDecode" (one G4 strip) or "/DCTDecode"
    mode: str
    width: int
    height: int
    black_is_1: bool = False

    @property
    def name(self) -> str:
        """"g4" or "jpeg"."""
        return "g4" if self.filter == "/CCITTFaxDecode" else "jpeg"


def normalise_mode(im: Any) -> Any:
    """A PIL image as mode 1, L or RGB: CMYK, palette and others to RGB, an RGB image whose three
    channels are equal to L, an L image holding only black and white to 1 (all lossless)."""
    from PIL import Image

    if im.mode not in ("1", "L", "RGB"):
        im = im.convert("RGB")
    if im.mode == "RGB":
        a = np.asarray(im)
        if _is_grey(a):
            im = Image.fromarray(np.ascontiguousarray(a[..., 0]), "L")
    if im.mode == "L" and _is_bilevel(np.asarray(im)):
        im = im.convert("1")
    return im


def reencode(im: Any, before: int, dpi: float, settings: ArchiveSettings,
             must: bool = False) -> Encoded | None:
    """A normalised page image (`normalise_mode`) as G4 (bilevel) or JPEG (grey, colour; scaled
    down first when `dpi` is above `max_dpi`), when that is at least `min_saving` smaller than
    `before` bytes (or `must`); None to keep the original."""
    from PIL import Image

    if im.mode == "1":
        data, black_is_1 = g4_bytes(im)
        enc = Encoded(data, "/CCITTFaxDecode", "1", im.width, im.height, black_is_1)
    else:
        if dpi > settings.max_dpi:
            scale = settings.target_dpi / dpi
            size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
            im = im.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        enc = Encoded(jpeg_bytes(im, settings.jpeg_quality), "/DCTDecode", im.mode, im.width,
                      im.height)
    return enc if must or len(enc.data) < before * (1 - settings.min_saving) else None


def compact_image(xobj: Any, page_pt: tuple[float, float], settings: ArchiveSettings) -> str | None:
    """Re-encode one image XObject in place when that saves bytes; the new encoding, or None."""
    if not _eligible(xobj):
        if xobj.get("/Interpolate", False):
            del xobj["/Interpolate"]  # PDF/A forbids interpolation
        return None
    before = len(xobj.read_raw_bytes())
    family, n = _colour_space(xobj)
    must = family == "/DeviceCMYK" or (family == "/ICCBased" and n == 4)
    if before < settings.min_image_bytes and not must:
        return None
    dpi = _effective_dpi((int(xobj.Width), int(xobj.Height)), page_pt)
    if _filters(xobj) == ["/DCTDecode"] and not must:
        q = jpeg_quality(xobj.read_raw_bytes())
        if q is not None and q <= settings.jpeg_quality + 5 and dpi <= settings.max_dpi:
            return None  # as compact as our re-encoding would make it: not worth decoding
    raw = _decode(xobj)
    must = must or raw.mode == "CMYK"
    im = normalise_mode(raw)
    if im.mode == "1" and _filters(xobj) == ["/CCITTFaxDecode"]:
        return None
    enc = reencode(im, before, dpi, settings, must)
    if enc is None:
        return None
    parms = {"/K": -1, "/Columns": enc.width, "/Rows": enc.height, "/BlackIs1": enc.black_is_1} \
        if enc.mode == "1" else None
    keep_space = family == "/ICCBased" and not must and enc.mode == raw.mode and n in (1, 3)
    _write(xobj, enc.data, enc.filter, enc.width, enc.height, enc.mode, parms, keep_space)
    return enc.name


def image_file_dpi(size: tuple[int, int], dpi: tuple[float, float] | None) -> float:
    """The resolution an image file's page is shown at: its own dpi, or fitted onto a Letter page
    when it has none that is usable (as `extractors.searchable` lays it out)."""
    try:
        if dpi and min(float(dpi[0]), float(dpi[1])) >= 100:
            return min(float(dpi[0]), float(dpi[1]))
    except (TypeError, ValueError, IndexError):
        pass
    return _effective_dpi(size, (612.0, 792.0))


def compact_page_images(page: Any, settings: ArchiveSettings, stats: CompactStats) -> None:
    """Re-encode the images a pikepdf page draws directly, where that saves bytes."""
    import pikepdf

    box = page.mediabox
    page_pt = (float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))
    seen: set[tuple[int, int]] = set()
    for xobj in page.get_images(recursive=False).values():
        og = xobj.objgen
        if og != (0, 0) and og in seen:
            continue
        seen.add(og)
        before = len(xobj.read_raw_bytes())
        try:
            encoding = compact_image(xobj, page_pt, settings)
        except (pikepdf.PdfError, pikepdf.UnsupportedImageTypeError, pikepdf.DataDecodingError,
                OSError, ValueError, NotImplementedError) as e:
            log.info("image kept as it is: it could not be re-encoded (%s)", e)
            encoding = None
        stats.add(before, len(xobj.read_raw_bytes()), encoding)
