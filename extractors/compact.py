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


def _decode(xobj: Any) -> Any:
    """The image as a PIL image (mode 1, L, RGB, or CMYK for a CMYK JPEG)."""
    import pikepdf
    from PIL import Image

    if _filters(xobj) == ["/DCTDecode"]:
        im = Image.open(io.BytesIO(xobj.read_raw_bytes()))
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


def compact_image(xobj: Any, page_pt: tuple[float, float], settings: ArchiveSettings) -> str | None:
    """Re-encode one image XObject in place when that saves bytes; the new encoding, or None."""
    from PIL import Image

    if not _eligible(xobj):
        if xobj.get("/Interpolate", False):
            del xobj["/Interpolate"]  # PDF/A forbids interpolation
        return None
    before = len(xobj.read_raw_bytes())
    family, n = _colour_space(xobj)
    must = family == "/DeviceCMYK" or (family == "/ICCBased" and n == 4)
    if before < settings.min_image_bytes and not must:
        return None
    if _filters(xobj) == ["/DCTDecode"] and not must:
        q = jpeg_quality(xobj.read_raw_bytes())
        dpi = _effective_dpi((int(xobj.Width), int(xobj.Height)), page_pt)
        if q is not None and q <= settings.jpeg_quality + 5 and dpi <= settings.max_dpi:
            return None  # as compact as our re-encoding would make it: not worth decoding
    im = _decode(xobj)
    if im.mode == "CMYK":
        im = im.convert("RGB")
        must = True
    elif im.mode == "P":
        im = im.convert("RGB")
    elif im.mode not in ("1", "L", "RGB"):
        im = im.convert("RGB")
    keep_space = family == "/ICCBased" and not must
    if im.mode == "RGB":
        a = np.asarray(im)
        if _is_grey(a):
            im = Image.fromarray(np.ascontiguousarray(a[..., 0]), "L")
            keep_space = False
    if im.mode == "L" and _is_bilevel(np.asarray(im)):
        im = im.convert("1")
        keep_space = False
    if im.mode == "1":
        if _filters(xobj) == ["/CCITTFaxDecode"]:
            return None
        data, black_is_1 = g4_bytes(im)
        parms = {"/K": -1, "/Columns": im.width, "/Rows": im.height, "/BlackIs1": black_is_1}
        if len(data) < before * (1 - settings.min_saving) or must:
            _write(xobj, data, "/CCITTFaxDecode", im.width, im.height, "1", parms, False)
            return "g4"
        return None
    dpi = _effective_dpi(im.size, page_pt)
    if dpi > settings.max_dpi:
        scale = settings.target_dpi / dpi
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        im = im.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    data = jpeg_bytes(im, settings.jpeg_quality)
    if len(data) < before * (1 - settings.min_saving) or must:
        _write(xobj, data, "/DCTDecode", im.width, im.height, im.mode, None, keep_space)
        return "jpeg"
    return None


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
