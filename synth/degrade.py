"""Realistic, deterministic scan degradations of a clean page render, and saving them as scans.

    from synth.degrade import SCAN_KINDS, degrade, save_scan, render_lines
    page = render_lines(["INCIDENT REPORT", "Case No: 24-003817", ...])   # clean 300 dpi, "L"
    scans = [degrade(page, "fax", random.Random(7))]
    path = save_scan(scans, "fax", Path("out/report_fax"))               # -> out/report_fax.tif

`degrade` takes a clean 300 dpi grayscale render (white paper, dark text) and returns the degraded
page with its resolution in `image.info["dpi"]`; the same rng state gives the same result.
`save_scan` writes the file a records unit would receive for that kind: an image-only PDF for
flatbed scans, a bilevel CCITT G4 TIFF for faxes, a JPEG for phone photos, a PNG for the blurred
kind (single page; several pages go into one PDF).
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SCAN_KINDS: tuple[str, ...] = (
    "clean", "dpi200", "skewed", "noisy", "heavy_noise", "blurred", "upside_down", "fax", "phone",
)

_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/liberation2",
)


def font_path(name: str = "DejaVuSans.ttf") -> str | None:
    """Path of a TrueType font on this machine (DejaVu or Liberation), or None."""
    for d in _FONT_DIRS:
        p = Path(d) / name
        if p.exists():
            return str(p)
    return None


def load_font(name: str, size_px: int) -> ImageFont.ImageFont:
    """A PIL font by file name, falling back to DejaVu Sans and then PIL's built-in font."""
    path = font_path(name) or font_path("DejaVuSans.ttf")
    if path:
        return ImageFont.truetype(path, size_px)
    return ImageFont.load_default(size=size_px)


def render_lines(
    lines: list[str],
    *,
    font: str = "DejaVuSans.ttf",
    size_pt: float = 11.0,
    bold_first: int = 0,
    dpi: int = 300,
    page_in: tuple[float, float] = (8.5, 11.0),
    margin_in: float = 0.9,
    spacing: float = 1.45,
) -> Image.Image:
    """A clean grayscale page (mode "L", white paper) with `lines` drawn top to bottom.

    The first `bold_first` lines are drawn in bold at 1.3x size (headers). Lines too wide for the
    page are wrapped at spaces; the text as drawn (wrapped lines joined with "\\n") is left in
    `image.info["text"]`, which is the ground truth for OCR measurements.
    """
    w, h = int(page_in[0] * dpi), int(page_in[1] * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    px = round(size_pt * dpi / 72)
    regular = load_font(font, px)
    bold = load_font(font.replace(".ttf", "-Bold.ttf"), int(px * 1.3))
    y = int(margin_in * dpi)
    x = int(margin_in * dpi)
    max_w = w - 2 * x
    drawn: list[str] = []
    for i, line in enumerate(lines):
        f = bold if i < bold_first else regular
        step = int((px * 1.3 if i < bold_first else px) * spacing)
        for part in _wrap(line, f, max_w):
            if y + step > h - int(margin_in * dpi * 0.5):
                break
            draw.text((x, y), part, fill=0, font=f)
            drawn.append(part)
            y += step
    img.info["dpi"] = (dpi, dpi)
    img.info["text"] = "\n".join(drawn)
    return img


def _wrap(line: str, font: ImageFont.ImageFont, max_w: float) -> list[str]:
    if not line or font.getlength(line) <= max_w:
        return [line]
    out: list[str] = []
    cur = ""
    for word in line.split(" "):
        trial = f"{cur} {word}" if cur else word
        if cur and font.getlength(trial) > max_w:
            out.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        out.append(cur)
    return out


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(64))


def _noise(a: np.ndarray, g: np.random.Generator, sigma: float) -> np.ndarray:
    return a + g.normal(0.0, sigma, a.shape)


def _salt_pepper(a: np.ndarray, g: np.random.Generator, amount: float) -> np.ndarray:
    mask = g.random(a.shape)
    a = a.copy()
    a[mask < amount / 2] = 0
    a[mask > 1 - amount / 2] = 255
    return a


def _specks(a: np.ndarray, g: np.random.Generator, count: int, max_r: int) -> np.ndarray:
    a = a.copy()
    h, w = a.shape
    for _ in range(count):
        cx, cy = int(g.integers(0, w)), int(g.integers(0, h))
        r = int(g.integers(1, max_r + 1))
        cv2.circle(a, (cx, cy), r, float(g.uniform(0, 90)), -1)
    return a


def _paper(a: np.ndarray, g: np.random.Generator, low: float) -> np.ndarray:
    """Paper that is not quite white: a smooth brightness field between `low` and 255."""
    h, w = a.shape
    field = g.random((6, 6)).astype(np.float32)
    field = cv2.resize(field, (w, h), interpolation=cv2.INTER_CUBIC)
    field = low + (255 - low) * np.clip(field, 0, 1)
    return a * (field / 255.0)


def _out(a: np.ndarray, dpi: tuple[float, float]) -> Image.Image:
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    img.info["dpi"] = dpi
    return img


def _rotate(a: np.ndarray, angle: float, fill: float = 255.0) -> np.ndarray:
    h, w = a.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill)


def degrade(page: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    """Degrade a clean 300 dpi grayscale page render as a scan of `kind` (one of SCAN_KINDS).

    Deterministic for a given rng state. The result carries its resolution in `info["dpi"]`
    (e.g. (204, 98) for a standard-resolution fax, (72, 72) for a phone photo's tag).
    """
    if kind not in SCAN_KINDS:
        raise ValueError(f"unknown scan kind {kind!r}; one of {SCAN_KINDS}")
    g = _np_rng(rng)
    a = np.asarray(page.convert("L"), dtype=np.float32)
    h, w = a.shape
    if kind == "clean":
        a = _noise(a, g, 2.0)
        return _out(a, (300, 300))
    if kind == "dpi200":
        a = cv2.resize(a, (w * 2 // 3, h * 2 // 3), interpolation=cv2.INTER_AREA)
        a = _noise(_paper(a, g, 235), g, 3.0)
        return _out(a, (200, 200))
    if kind == "skewed":
        angle = rng.uniform(1.0, 5.0) * rng.choice((-1, 1))
        a = _rotate(a, angle)
        a = _noise(_paper(a, g, 230), g, 3.0)
        return _out(a, (300, 300))
    if kind == "noisy":
        a = _paper(a, g, 215)
        a = _noise(a, g, 18.0)
        a = _salt_pepper(a, g, 0.004)
        return _out(a, (300, 300))
    if kind == "heavy_noise":
        a = 40 + a * (200 / 255.0)  # low contrast, grey paper
        a = _paper(a, g, 190)
        a = _noise(a, g, 42.0)
        a = _salt_pepper(a, g, 0.03)
        a = _specks(a, g, 400, 3)
        return _out(a, (300, 300))
    if kind == "blurred":
        sigma = rng.uniform(1.8, 2.4)
        a = cv2.GaussianBlur(a, (0, 0), sigma)
        a = _noise(_paper(a, g, 230), g, 3.0)
        return _out(a, (300, 300))
    if kind == "upside_down":
        a = _rotate(a, rng.uniform(-1.0, 1.0))
        a = a[::-1, ::-1]
        a = _noise(_paper(a, g, 230), g, 3.0)
        return _out(a, (300, 300))
    if kind == "fax":
        xdpi, ydpi = (204, 196) if rng.random() < 0.5 else (204, 98)
        a = cv2.resize(a, (round(w * xdpi / 300), round(h * ydpi / 300)), interpolation=cv2.INTER_AREA)
        a = _rotate(a, rng.uniform(-1.5, 1.5))
        a = _noise(a, g, 25.0)
        bw = np.where(a > 150, 255, 0).astype(np.float32)
        # transmission dropouts: a few white streaks, and some black line noise
        hh, ww = bw.shape
        for _ in range(rng.randint(1, 4)):
            y = rng.randrange(hh)
            bw[y: y + 1, :] = 255
        for _ in range(rng.randint(0, 2)):
            y = rng.randrange(hh)
            x0 = rng.randrange(ww // 2)
            bw[y: y + 1, x0: x0 + rng.randrange(ww // 4, ww // 2)] = 0
        img = Image.fromarray(bw.astype(np.uint8), "L").convert("1", dither=Image.Dither.NONE)
        img.info["dpi"] = (xdpi, ydpi)
        return img
    if kind == "phone":
        return _phone(a, g, rng)
    raise AssertionError(kind)


def _phone(a: np.ndarray, g: np.random.Generator, rng: random.Random) -> Image.Image:
    """A page photographed on a desk: perspective, uneven light, dark surround, camera softness."""
    h, w = a.shape
    out_h, out_w = 4000, 3000
    scale = rng.uniform(0.72, 0.84) * out_h / h  # page fills most of the frame (~210-250 dpi)
    pw, ph = w * scale, h * scale
    cx, cy = out_w / 2 + rng.uniform(-100, 100), out_h / 2 + rng.uniform(-100, 100)
    jitter = 0.06
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        corners.append((cx + sx * pw / 2 + rng.uniform(-jitter, jitter) * pw,
                        cy + sy * ph / 2 + rng.uniform(-jitter, jitter) * ph))
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array(corners, dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    desk = 40 + 40 * cv2.resize(g.random((8, 6)).astype(np.float32), (out_w, out_h),
                                interpolation=cv2.INTER_CUBIC)
    paper = 0.93 * a + 10  # photographed paper is never white
    warped = cv2.warpPerspective(paper, m, (out_w, out_h), flags=cv2.INTER_AREA,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    mask = cv2.warpPerspective(np.ones_like(a), m, (out_w, out_h), flags=cv2.INTER_LINEAR)
    img = warped * mask + desk * (1 - mask)
    # light: a strong gradient from one side, a vignette, and the soft shadow of the phone/hand
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    grad = (np.cos(ang) * (xx / out_w - 0.5) + np.sin(ang) * (yy / out_h - 0.5))
    light = 0.8 + 0.45 * grad
    r2 = ((xx - out_w / 2) / out_w) ** 2 + ((yy - out_h / 2) / out_h) ** 2
    light *= 1.0 - 0.4 * r2
    sx_, sy_ = rng.uniform(0.2, 0.8) * out_w, rng.uniform(0.2, 0.8) * out_h
    srad = rng.uniform(0.25, 0.4) * out_w
    shadow = np.exp(-(((xx - sx_) ** 2 + (yy - sy_) ** 2) / (2 * srad ** 2)))
    light *= 1.0 - rng.uniform(0.2, 0.35) * shadow
    img = img * np.clip(light, 0.35, 1.05)
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 1.6))
    img = _noise(img, g, 5.0)
    return _out(img, (72, 72))


def save_scan(pages: list[Image.Image], kind: str, stem: Path) -> Path:
    """Write degraded pages as the file a records unit would receive; returns the path written.

    fax -> multi-page CCITT G4 TIFF at the fax resolution; phone -> JPEG (quality 80, 72 dpi tag,
    like a phone); blurred -> PNG; every other kind -> an image-only PDF with each page embedded
    losslessly at its dpi. Several phone or PNG pages go into one image-only PDF.
    """
    import img2pdf

    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)

    def dpi_of(im: Image.Image) -> tuple[float, float]:
        return tuple(im.info.get("dpi", (300, 300)))  # type: ignore[return-value]

    if kind == "fax":
        path = stem.with_suffix(".tif")
        first = pages[0].convert("1")
        first.save(path, save_all=True, append_images=[p.convert("1") for p in pages[1:]],
                   compression="group4", dpi=dpi_of(pages[0]))
        return path
    blobs: list[bytes] = []
    for p in pages:
        buf = io.BytesIO()
        if kind == "phone":
            p.convert("L").save(buf, format="JPEG", quality=80, dpi=dpi_of(p))
        else:
            p.save(buf, format="PNG", dpi=dpi_of(p))
        blobs.append(buf.getvalue())
    if len(pages) == 1 and kind in ("phone", "blurred"):
        path = stem.with_suffix(".jpg" if kind == "phone" else ".png")
        path.write_bytes(blobs[0])
        return path
    path = stem.with_suffix(".pdf")
    layout = None
    if kind == "phone":
        layout = img2pdf.get_layout_fun(
            (img2pdf.in_to_pt(8.5), img2pdf.in_to_pt(11)), fit=img2pdf.FitMode.into)
    path.write_bytes(img2pdf.convert(blobs, layout_fun=layout) if layout else img2pdf.convert(blobs))
    return path
