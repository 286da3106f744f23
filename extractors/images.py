"""Loading page images and preparing them for OCR (OpenCV).

`load_image` reads one page of a TIFF (multi-page, G4 fax, non-square fax resolution), JPEG (EXIF
orientation applied) or PNG as grayscale. `preprocess` chooses its steps PER PAGE from measurements
of the page (dark surround, background unevenness, noise level, text size, skew, orientation), so a
clean page is left alone and only a noisy page is denoised. Every geometric step is recorded in a
3x3 matrix, so OCR word boxes can be mapped back to the original image's pixels.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from base.errors import TooLargeError, UnreadableError
from base.models import Box
from base.runtime import configure_pillow

if TYPE_CHECKING:
    from base.settings import LimitSettings

log = logging.getLogger(__name__)


DEFAULT_DPI = 300.0
# Median glyph height (pixels) below which a page is scaled up before reading, and the height it is
# scaled to. A 200 dpi scan of 10-12 pt text (median ~16-19 px) is read at its own resolution: plain
# tesseract reads it well there, and scaling it up by 2 (the earlier rule) read no better, 4x slower.
MIN_TEXT_PX = 14.0
UPSCALE_TO_PX = 24.0


@dataclass
class LoadedImage:
    """One page image as read: grayscale pixels (square), the dpi, and how it relates to the file.

    `original_size` is the page's (width, height) in the file's own pixels (after EXIF rotation);
    `scale` is (sx, sy) from those pixels to `gray`'s (only not 1 for non-square fax pixels).
    """

    gray: np.ndarray
    dpi: float
    original_size: tuple[int, int]
    scale: tuple[float, float] = (1.0, 1.0)
    bilevel: bool = False


def read_image(path: Path, kind: str, index: int, limits: LimitSettings) -> LoadedImage:
    """Read page `index` (0-based) of an image file as grayscale uint8, with square pixels."""
    from PIL import Image, ImageOps

    configure_pillow(limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if index:
                    im.seek(index)
                w, h = im.size
                if w * h > limits.max_page_pixels:
                    raise TooLargeError(f"Page {index + 1} is a {w} x {h} pixel image, too large.")
                dpi = im.info.get("dpi") or (0, 0)
                bilevel = im.mode == "1"  # fax (G4) and other 1-bit scans
                frame: Image.Image = im
                if kind == "jpeg":
                    frame = ImageOps.exif_transpose(frame)
                    if frame.size != (w, h):
                        dpi = (dpi[1], dpi[0]) if dpi else dpi
                if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
                    frame = frame.convert("RGBA")
                    bg = Image.new("RGBA", frame.size, (255, 255, 255, 255))
                    frame = Image.alpha_composite(bg, frame)
                if frame.mode.startswith("I;16") or frame.mode == "I":
                    wide = np.asarray(frame, dtype=np.float64)  # 16-bit scans: scale, don't clip
                    peak = 65535.0 if frame.mode.startswith("I;16") else max(float(wide.max()), 1.0)
                    gray = np.clip(wide * (255.0 / peak), 0, 255).astype(np.uint8)
                else:
                    gray = np.asarray(frame.convert("L"), dtype=np.uint8).copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise TooLargeError("The page image is over the pixel limit.") from e
    except TooLargeError:
        raise
    except (OSError, ValueError, EOFError, SyntaxError) as e:
        raise UnreadableError(f"Page {index + 1} of the image cannot be decoded.") from e
    try:
        xdpi, ydpi = float(dpi[0] or 0), float(dpi[1] or 0)
    except (TypeError, ValueError, IndexError):
        xdpi = ydpi = 0.0
    if xdpi <= 1 and ydpi <= 1:
        xdpi = ydpi = 0.0
    elif xdpi <= 1:
        xdpi = ydpi
    elif ydpi <= 1:
        ydpi = xdpi
    oh, ow = gray.shape
    sx = sy = 1.0
    if xdpi and ydpi and abs(xdpi - ydpi) / max(xdpi, ydpi) > 0.03:
        # fax "standard" resolution (e.g. 204 x 98 dpi): stretch the coarse axis to square pixels
        target = max(xdpi, ydpi)
        sx, sy = target / xdpi, target / ydpi
        gray = np.asarray(cv2.resize(gray, (round(ow * sx), round(oh * sy)), interpolation=cv2.INTER_CUBIC),
                          dtype=np.uint8)
        xdpi = ydpi = target
    return LoadedImage(gray=gray, dpi=xdpi or 0.0, original_size=(ow, oh), scale=(sx, sy),
                       bilevel=bilevel)


def load_image(path: Path, kind: str, index: int, limits: LimitSettings) -> tuple[np.ndarray, float]:
    """Page `index` of an image file as (grayscale uint8 array, dpi); dpi 0.0 when the file has none.

    Fax pages with non-square pixels (e.g. 200 x 100 dpi) are resampled to square pixels; JPEG EXIF
    orientation is applied.
    """
    loaded = read_image(path, kind, index, limits)
    return loaded.gray, loaded.dpi


# ---------------------------------------------------------------------------------------------
# preprocessing


@dataclass
class Preprocessed:
    """An image ready for OCR and how it relates to the original page image.

    `rotation` is the clockwise rotation (0/90/180/270) applied to make the page upright, `skew`
    the deskew angle applied in degrees (positive: the page was turned counter-clockwise), `steps`
    the steps applied in order. `matrix` maps ORIGINAL image pixel coordinates to `image`
    coordinates (3x3, homogeneous; a homography when a phone photo's page was flattened).
    """

    image: np.ndarray
    rotation: int = 0
    skew: float = 0.0
    steps: list[str] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.eye(3))
    original_size: tuple[int, int] = (0, 0)
    text_height: float = 0.0
    noise: float = 0.0
    orientation_score: float = 0.0

    def map_box(self, box: Box) -> Box:
        """Map a box in `image` pixels back to the original image's pixels (clipped to the page)."""
        inv = np.linalg.inv(self.matrix)
        x0, y0, x1, y1 = box.left, box.top, box.left + box.width, box.top + box.height
        pts = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=float).T
        m = inv @ pts
        xs, ys = m[0] / m[2], m[1] / m[2]
        w, h = self.original_size
        left, right = max(0.0, xs.min()), min(float(w), xs.max())
        top, bottom = max(0.0, ys.min()), min(float(h), ys.max())
        return Box(left, top, max(0.0, right - left), max(0.0, bottom - top))

    def rotated(self, quarter_turns_cw: int) -> Preprocessed:
        """A copy turned a further 90 degrees clockwise `quarter_turns_cw` times."""
        img, m = _rotate90(self.image, quarter_turns_cw)
        return Preprocessed(
            image=img, rotation=(self.rotation + 90 * quarter_turns_cw) % 360, skew=self.skew,
            steps=self.steps + [f"rotate{(90 * quarter_turns_cw) % 360}"],
            matrix=m @ self.matrix, original_size=self.original_size,
            text_height=self.text_height, noise=self.noise,
            orientation_score=-self.orientation_score,
        )


def _rotate90(img: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rotate clockwise by k*90 degrees; returns image and the 3x3 matrix old->new coordinates."""
    k %= 4
    h, w = img.shape[:2]
    if k == 0:
        return img, np.eye(3)
    if k == 1:
        return cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE), np.array(
            [[0, -1, h], [1, 0, 0], [0, 0, 1]], dtype=float)
    if k == 2:
        return cv2.rotate(img, cv2.ROTATE_180), np.array(
            [[-1, 0, w], [0, -1, h], [0, 0, 1]], dtype=float)
    return cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE), np.array(
        [[0, 1, 0], [-1, 0, w], [0, 0, 1]], dtype=float)


def _scale_matrix(s: float) -> np.ndarray:
    return np.array([[s, 0, 0], [0, s, 0], [0, 0, 1]], dtype=float)


def noise_level(gray: np.ndarray) -> float:
    """Estimated standard deviation of pixel noise (Immerkaer's fast method), in gray levels,
    measured on the paper away from the ink.

    Glyph edges are not noise: on a clean scan with sharp (bilevel-like) text, the whole-image
    estimate read 12 gray levels and had such pages median-filtered, which read worse than the
    page as it was (ocrmypdf/linn.png). Pixels within 3 px of ink (Otsu) are left out; when too
    little paper is left (noise so heavy that it is everywhere), the whole image is measured.
    """
    g = gray.astype(np.float32)
    k = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)
    conv = np.abs(cv2.filter2D(g, -1, k))[1:-1, 1:-1]
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    near = cv2.dilate(ink, np.ones((7, 7), np.uint8))[1:-1, 1:-1]
    paper = near == 0
    if paper.mean() >= 0.2:
        conv = conv[paper]
    return float(math.sqrt(math.pi / 2) * conv.mean() / 6.0)


def _ink(gray: np.ndarray) -> np.ndarray:
    """Binary ink mask (uint8 0/1) by Otsu's threshold (text dark on light)."""
    _, bw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return bw


def _text_ink(small: np.ndarray) -> np.ndarray:
    """Ink mask without long rules and streaks (form lines, fax line noise), which would otherwise
    dominate line profiles."""
    ink = _ink(small)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink
    ws, hs = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    lim = max(small.shape) // 8
    bad = (ws > lim) | (hs > lim)
    bad[0] = False
    if bad.any():
        ink = ink.copy()
        ink[bad[labels]] = 0
    return ink


def _centre_crop(gray: np.ndarray, size: int = 1400) -> np.ndarray:
    h, w = gray.shape
    y0, x0 = max(0, (h - size) // 2), max(0, (w - size) // 2)
    return gray[y0: y0 + size, x0: x0 + size]


def text_height(gray: np.ndarray) -> float:
    """Median height in pixels of character-sized connected components (0 when none)."""
    bw = _ink(cv2.GaussianBlur(gray, (5, 5), 0))  # blur: paper grain must not form "characters"
    n, _, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    if n <= 1:
        return 0.0
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    area = stats[1:, cv2.CC_STAT_AREA]
    ok = (hs >= 9) & (hs <= gray.shape[0] // 10) & (ws <= hs * 4) & (area >= 20)
    if ok.sum() < 20:
        return 0.0
    return float(np.median(hs[ok]))


def find_page_quad(gray: np.ndarray) -> np.ndarray | None:
    """Corners (tl, tr, br, bl) of a bright page on a darker surround (phone photo), or None.

    None when the page already fills the image (a flatbed scan) or no clear quadrilateral is found.
    """
    h, w = gray.shape
    s = 800.0 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    border = np.concatenate([small[:8].ravel(), small[-8:].ravel(), small[:, :8].ravel(),
                             small[:, -8:].ravel()])
    centre = small[sh // 4: 3 * sh // 4, sw // 4: 3 * sw // 4]
    if np.percentile(border, 50) > np.percentile(centre, 75) - 40:
        return None  # no dark surround
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, bw = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bw = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bw, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(c)
    if area < 0.2 * sh * sw or area > 0.97 * sh * sw:
        return None
    peri = cv2.arcLength(c, True)
    quad = None
    for eps in (0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(c, eps * peri, True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(float)
            break
    if quad is None:
        rect = cv2.minAreaRect(c)
        quad = cv2.boxPoints(rect).astype(float)
    # order tl, tr, br, bl
    ssum = quad.sum(axis=1)
    diff = quad[:, 1] - quad[:, 0]
    ordered = np.array([quad[ssum.argmin()], quad[diff.argmin()], quad[ssum.argmax()],
                        quad[diff.argmax()]])
    return ordered / s


def _flatten_page(gray: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Perspective-correct the page inside `quad`; returns image and the 3x3 homography."""
    tl, tr, br, bl = quad
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    # shave a little off each edge so the page edge itself (a dark line) is not read as text
    inset = 0.004 * max(width, height)
    dst = np.array([[-inset, -inset], [width + inset, -inset], [width + inset, height + inset],
                    [-inset, height + inset]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    out = cv2.warpPerspective(gray, m, (width, height), flags=cv2.INTER_CUBIC,
                              borderMode=cv2.BORDER_REPLICATE)
    return out, m.astype(float)


def normalise_background(gray: np.ndarray, char_px: float, min_spread: float = 25.0) -> tuple[np.ndarray, float]:
    """Divide by an estimate of the paper's brightness (uneven lighting, shadows, yellowed paper).

    The background is estimated at low resolution (closing away the text, then smoothing); when its
    spread (5th to 95th percentile, gray levels) is below `min_spread` the image is returned as is.
    Returns the image and the spread.
    """
    h, w = gray.shape
    s = min(1.0, 600.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)
    k = max(3, round(max(char_px, 10) * 2.5 * s) | 1)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k)
    spread = float(np.percentile(bg, 95) - np.percentile(bg, 5))
    if spread < min_spread:
        return gray, spread
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    out = cv2.divide(gray, np.maximum(bg, 1), scale=255)
    return out, spread


def estimate_skew(gray: np.ndarray, max_angle: float = 6.0, step: float = 0.5) -> tuple[float, float]:
    """Skew of the text lines in degrees (positive: lines rise to the right, i.e. the page is turned
    counter-clockwise) by projection-profile search; and a sharpness score of the best profile.

    With a `step` over 0.5 only the coarse search runs (used to compare orientations cheaply)."""
    h, w = gray.shape
    s = min(1.0, 900.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)
    ink = _text_ink(small).astype(np.float32)
    sh, sw = ink.shape
    centre = (sw / 2.0, sh / 2.0)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, -angle, 1.0)
        rot = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
        prof = rot.sum(axis=1)
        return float(np.sum(np.diff(prof) ** 2))

    coarse = np.arange(-max_angle, max_angle + 1e-6, step)
    scores = [score(a) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    if step > 0.5:
        return best, max(scores)
    fine = np.arange(best - 0.4, best + 0.4 + 1e-6, 0.1)
    fscores = [score(a) for a in fine]
    best = float(fine[int(np.argmax(fscores))])
    return best, max(fscores)


def orientation_score(gray: np.ndarray) -> float:
    """Upright-ness of horizontal text, -1..1: positive for an upright page, negative upside down.

    In Latin text most characters sit on the baseline, while their tops vary (x-height, capitals,
    ascenders, i-dots). For each text line the share of characters whose bottom is at the line's
    common bottom is compared with the share whose top is at its common top.
    """
    h, w = gray.shape
    s = min(1.0, 1600.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)
    ink = _text_ink(small)
    prof = ink.sum(axis=1).astype(float)
    if prof.max() <= 0:
        return 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return 0.0
    tops = stats[1:, cv2.CC_STAT_TOP]
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (hs >= 4) & (ws <= 6 * hs) & (hs <= small.shape[0] // 20)
    tops, bottoms = tops[keep], (tops + hs)[keep]
    centres = (tops + bottoms) / 2.0
    rows = prof > 0.05 * prof.max()
    total = 0.0
    weight = 0
    y = 0
    nrows = len(prof)
    while y < nrows:
        if not rows[y]:
            y += 1
            continue
        start = y
        while y < nrows and rows[y]:
            y += 1
        if y - start < 6:
            continue
        sel = (centres >= start) & (centres < y)
        if sel.sum() < 6:
            continue
        b, t = bottoms[sel], tops[sel]
        tol = max(1.0, 0.06 * (y - start))
        fb = float(np.mean(np.abs(b - np.median(b)) <= tol))
        ft = float(np.mean(np.abs(t - np.median(t)) <= tol))
        total += (fb - ft) * sel.sum()
        weight += int(sel.sum())
    return 0.0 if weight == 0 else float(total / weight)


def _rotate_small(gray: np.ndarray, angle: float, fill: int) -> tuple[np.ndarray, np.ndarray]:
    """Rotate by `angle` degrees counter-clockwise about the centre, growing the canvas."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = math.ceil(h * sin + w * cos), math.ceil(h * cos + w * sin)
    m[0, 2] += nw / 2.0 - w / 2.0
    m[1, 2] += nh / 2.0 - h / 2.0
    out = cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
                         borderValue=fill)
    return out, np.vstack([m, [0, 0, 1]])


def preprocess(
    gray: np.ndarray,
    dpi: float,
    *,
    target_text_px: float = 32.0,
    denoise_above: float = 6.0,
    deskew_min: float = 0.3,
    orient: bool = True,
    binarise: bool = False,
    rescale: bool = True,
    bilevel: bool = False,
    normalise: bool = True,
) -> Preprocessed:
    """Prepare one grayscale page for OCR, choosing steps from measurements of this page.

    - flatten_page: a bright page on a dark surround (phone photo) is cut out and
      perspective-corrected (the dark border goes)
    - denoise_median3/median3x2: only when the measured pixel noise is above `denoise_above` gray
      levels; a second 3x3 pass on heavy noise (on heavy noise this took CER from ~0.99 to ~0.02
      and made tesseract much faster). One 5x5 median instead ate the thin strokes of typewriter
      fonts on forms ("E077004" read as "#077004"); dev set seed 11, noisy + heavy noise scans:
      case F1 0.95 -> 0.98, citation 0.89 -> 0.93, names 0.90 -> 0.93.
    - rotate90/270: a sideways page, when line profiles are much sharper down the page than across
    - scaleF: text under MIN_TEXT_PX (median glyph height; an x-height of about 12 px) is scaled
      up to UPSCALE_TO_PX, text over twice `target_text_px` down towards it (tiny text on
      low-resolution pages; oversized phone photos) -- measured from the text, not the dpi tag;
      a mild upscale of 200 dpi/fax pages measured no better, only slower
    - normalise_background: divides out uneven paper brightness when it varies by > 25 levels
    - deskewA: projection-profile angle, applied from `deskew_min` degrees
    - rotate180: upside-down pages, from where characters' bottoms and tops line up
    - smooth_bilevel: a 1-bit page (fax) gets a mild Gaussian blur (sigma 1 px) at the end, so
      tesseract sees smooth grey edges instead of jagged, broken fax strokes (dev set: fax CER
      0.042 -> 0.027, citation numbers found that were misread)
    - (not done: erasing form ruling lines; measured it raised fax CER 0.019 -> 0.051 and heavy
      noise 0.071 -> 0.103, because line remnants and cut strokes are read as junk)
    - binarise_adaptive: off by default; measured on bench.ocr it raised CER on heavy noise from
      0.02 to 0.69 and on noisy pages from 0.00 to 0.22 (tesseract's own Otsu does better)
    """
    h0, w0 = gray.shape
    steps: list[str] = []
    m = np.eye(3)
    img = gray
    if img.dtype != np.uint8:
        img = np.clip(img, 0, 255).astype(np.uint8)

    quad = find_page_quad(img)
    if quad is not None:
        img, hm = _flatten_page(img, quad)
        m = hm @ m
        steps.append("flatten_page")

    noise = noise_level(_centre_crop(img))
    if noise > denoise_above:
        passes = 1 if noise < 14 else 2
        for _ in range(passes):
            img = cv2.medianBlur(img, 3)
        steps.append("denoise_median3" + ("x2" if passes == 2 else ""))

    # sideways? compare the sharpest line profile across the page with the one down the page
    rotation = 0
    if orient:
        f = min(1.0, 900.0 / max(img.shape))
        small = cv2.resize(img, (max(1, int(img.shape[1] * f)), max(1, int(img.shape[0] * f))),
                           interpolation=cv2.INTER_AREA)
        _, sharp = estimate_skew(small, step=1.5)
        _, sharp90 = estimate_skew(cv2.rotate(small, cv2.ROTATE_90_CLOCKWISE), step=1.5)
        if sharp90 > sharp * 1.3:
            img, r = _rotate90(img, 1)
            m = r @ m
            rotation = 90
    th = text_height(_centre_crop(img, 1800)) or text_height(img)
    tiny = th < MIN_TEXT_PX  # too small for tesseract: up to an ordinary 300 dpi page's size
    if rescale and th > 0 and (tiny or th > target_text_px * 2.0):
        # trust the measurement up to 3x, but not far beyond what the dpi tag suggests
        cap = 3.0 if dpi <= 0 else min(3.0, max(1.5, 1.3 * DEFAULT_DPI / dpi))
        f = min(cap, max(0.33, (UPSCALE_TO_PX if tiny else target_text_px) / th))
        interp = cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA
        img = cv2.resize(img, (max(1, round(img.shape[1] * f)), max(1, round(img.shape[0] * f))),
                         interpolation=interp)
        m = _scale_matrix(f) @ m
        steps.append(f"scale{f:.2f}")
        th *= f

    flat, _spread = normalise_background(img, th or 30.0) if normalise else (img, 0.0)
    if flat is not img:
        img = flat
        steps.append("normalise_background")

    angle = estimate_skew(img)[0] if th > 0 else 0.0  # no text: nothing to straighten
    skew = 0.0
    if abs(angle) >= deskew_min:
        fill = int(np.percentile(img[::4, ::4], 95))
        img, r = _rotate_small(img, -angle, fill)
        m = r @ m
        skew = angle
        steps.append(f"deskew{angle:+.1f}")
    score = 0.0
    if orient and th > 0:
        score = orientation_score(img)
        if score < 0:
            img, r = _rotate90(img, 2)
            m = r @ m
            rotation = (rotation + 180) % 360
            score = -score
    if rotation:
        steps.append(f"rotate{rotation}")
    if bilevel and not binarise:
        img = cv2.GaussianBlur(img, (0, 0), 1.0)
        steps.append("smooth_bilevel")
    if binarise:  # off by default: measured worse than tesseract's own thresholding (bench.ocr)
        block = max(15, int(th * 1.5) | 1)
        img = cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY,
                                    block, 15)
        steps.append("binarise_adaptive")
    return Preprocessed(
        image=img, rotation=rotation, skew=skew, steps=steps, matrix=m, original_size=(w0, h0),
        text_height=th, noise=noise, orientation_score=score,
    )
