"""Rasterisation and scan / fax / phone degradations (OpenCV, NumPy, Pillow)."""
from __future__ import annotations

import io
import math

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .util import derive_seed

MONO_TTF = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def rasterize(pdf_bytes: bytes, dpi: int = 300) -> list[np.ndarray]:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf_bytes)
    out = []
    for i in range(len(doc)):
        page = doc[i]
        bm = page.render(scale=dpi / 72.0, grayscale=True)
        arr = bm.to_numpy()
        if arr.ndim == 3:
            arr = arr[:, :, 0]
        out.append(np.ascontiguousarray(arr).copy())
        page.close()
    doc.close()
    return out


def gen(*keys) -> np.random.Generator:
    return np.random.default_rng(derive_seed(*keys))


def _lowfreq(rng, h, w, cells, lo, hi):
    g = rng.uniform(lo, hi, (cells, cells)).astype(np.float32)
    return cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)


def _rotate(img: np.ndarray, angle: float, border: float, expand: bool = False, dx=0.0, dy=0.0) -> np.ndarray:
    h, w = img.shape[:2]
    M = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    if expand:
        c, s = abs(M[0, 0]), abs(M[0, 1])
        nw, nh = int(h * s + w * c) + 2, int(h * c + w * s) + 2
        M[0, 2] += nw / 2 - w / 2
        M[1, 2] += nh / 2 - h / 2
        w, h = nw, nh
    M[0, 2] += dx
    M[1, 2] += dy
    return cv2.warpAffine(img, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def _holes(rng, img: np.ndarray, dpi: float, value: float):
    h, w = img.shape[:2]
    r = int(0.125 * dpi)
    cx = int(0.32 * dpi)
    ys = [h * 0.5] if rng.random() < 0.3 else [h * 0.5 - 4.25 * dpi, h * 0.5, h * 0.5 + 4.25 * dpi]
    for yy in ys:
        if 0 < yy < h:
            cv2.circle(img, (cx, int(yy)), r, value, -1, lineType=cv2.LINE_AA)
            cv2.circle(img, (cx, int(yy)), r, value * 0.6 + 90, 2, lineType=cv2.LINE_AA)


def scanner(img: np.ndarray, rng: np.random.Generator, dpi: float, skew: float, noise: float, blur: float,
            toner=(0.72, 1.0), expand=False, holes_p=0.25, specks=40, bg=None) -> tuple[np.ndarray, dict]:
    """Office-scanner look: uneven toner and paper, slight blur, sensor noise, skew, dust, hole punches."""
    h, w = img.shape
    f = img.astype(np.float32)
    ink = 255.0 - f
    ink *= _lowfreq(rng, h, w, int(rng.integers(4, 9)), toner[0], toner[1])
    if rng.random() < 0.3:      # a faint vertical band of weak toner
        x0 = int(rng.integers(0, w - w // 8))
        band = np.ones(w, np.float32)
        band[x0:x0 + w // int(rng.integers(8, 20))] = float(rng.uniform(0.75, 0.9))
        ink *= cv2.GaussianBlur(band.reshape(1, -1), (0, 0), 15).reshape(1, -1)
    paper = _lowfreq(rng, h, w, 5, float(rng.uniform(228, 240)), float(rng.uniform(244, 253)))
    out = paper - ink * (paper / 255.0)
    if blur > 0:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    meta = {"skew_deg": round(float(skew), 2)}
    if rng.random() < holes_p:
        _holes(rng, out, dpi, float(rng.uniform(35, 70)))
        meta["hole_punch"] = True
    border = float(bg if bg is not None else rng.uniform(40, 80) if expand else paper.mean())
    if abs(skew) > 0.01 or expand:
        out = _rotate(out, skew, border, expand=expand, dx=float(rng.uniform(-8, 8)), dy=float(rng.uniform(-8, 8)))
    hh, ww = out.shape
    out += rng.standard_normal(out.shape, dtype=np.float32) * np.float32(noise)
    n = int(rng.integers(specks // 2, specks + 1))
    for _ in range(n):
        cv2.circle(out, (int(rng.integers(0, ww)), int(rng.integers(0, hh))), int(rng.integers(1, 3)),
                   float(rng.uniform(30, 120)), -1)
    return np.clip(out, 0, 255).astype(np.uint8), meta


def jpeg_bytes(img: np.ndarray, quality: int, dpi=None) -> bytes:
    buf = io.BytesIO()
    im = Image.fromarray(img)
    kw = {"quality": int(quality), "optimize": False}
    if dpi:
        kw["dpi"] = (dpi, dpi) if not isinstance(dpi, tuple) else dpi
    im.save(buf, "JPEG", **kw)
    return buf.getvalue()


def png_bytes(img: np.ndarray, dpi=300) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "PNG", dpi=(dpi, dpi), compress_level=6)
    return buf.getvalue()


def g4_tiff(imgs: list[np.ndarray], dpi) -> bytes:
    """Bilevel images (uint8 0/255) -> one (multi-page) CCITT G4 TIFF."""
    pages = [Image.fromarray(im).convert("1", dither=Image.Dither.NONE) for im in imgs]
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", compression="group4", dpi=dpi, save_all=len(pages) > 1, append_images=pages[1:])
    return buf.getvalue()


def pdf_from_images(blobs: list[bytes]) -> bytes:
    import img2pdf
    # the internal engine writes no random /ID (the pikepdf engine would)
    return img2pdf.convert(blobs, nodate=True, producer="", creator="", engine=img2pdf.Engine.internal)


# ------------------------------------------------------------------ kinds
def k_scan300(img, rng):
    skew = float(rng.uniform(0, 1.5)) * (1 if rng.random() < 0.5 else -1)
    out, meta = scanner(img, rng, 300, skew, noise=float(rng.uniform(2.5, 5)), blur=float(rng.uniform(0.4, 0.75)))
    return out, meta


def k_scan200(img, rng):
    h, w = img.shape
    small = cv2.resize(img, (round(w * 2 / 3), round(h * 2 / 3)), interpolation=cv2.INTER_AREA)
    skew = float(rng.uniform(-1.2, 1.2))
    out, meta = scanner(small, rng, 200, skew, noise=float(rng.uniform(5, 9)), blur=float(rng.uniform(0.3, 0.6)),
                        toner=(0.65, 1.0), specks=160)
    return out, meta


def k_skewed(img, rng):
    skew = float(rng.uniform(2, 6)) * (1 if rng.random() < 0.5 else -1)
    out, meta = scanner(img, rng, 300, skew, noise=float(rng.uniform(3, 6)), blur=float(rng.uniform(0.4, 0.8)), expand=True)
    return out, meta


def k_upside(img, rng):
    skew = float(rng.uniform(-1.0, 1.0))
    out, meta = scanner(img, rng, 300, skew, noise=float(rng.uniform(2.5, 5)), blur=float(rng.uniform(0.4, 0.7)))
    out = np.ascontiguousarray(out[::-1, ::-1])
    meta["rotation"] = 180
    return out, meta


def k_bilevel(img, rng):
    skew = float(rng.uniform(-1.0, 1.0))
    g, meta = scanner(img, rng, 300, skew, noise=float(rng.uniform(4, 8)), blur=float(rng.uniform(0.5, 0.8)), specks=20)
    thr = float(rng.uniform(140, 175))
    bw = np.where(g < thr, 0, 255).astype(np.uint8)
    meta["threshold"] = round(thr)
    return bw, meta


def fax_header_fn(rng, ag, d, n_pages: int):
    """One transmission: the same sender, format and start time on every page; only the page number changes."""
    hh, mm = int(rng.integers(7, 19)), int(rng.integers(0, 60))
    mon = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"][d.month - 1]
    sender = [f"{ag.short} RECORDS", "DA OFFICE", "COURT CLERK", "RECORDS UNIT", "LEGAL DEPT", f"{ag.short} PATROL"][
        int(rng.integers(0, 6))]
    st = int(rng.integers(0, 3))
    job = int(rng.integers(100, 999))

    def header(page_no: int) -> str:
        if st == 0:
            return f"{mon}-{d.day:02d}-{d.year} {hh:02d}:{mm:02d}  FROM:{sender}  {ag.fax}  TO:{ag.phone}  P.{page_no:03d}/{n_pages:03d}"
        if st == 1:
            return f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d} {hh:02d}:{mm:02d} FAX {ag.fax} {sender} PAGE {page_no:02d}/{n_pages:02d}"
        return f"{d.year}-{d.month:02d}-{d.day:02d} {hh:02d}:{mm:02d}  {sender}  #{job}  P. {page_no}"
    return header


def k_fax(img, rng, header: str, fine: bool):
    """Fax: thresholded at 204 x 196 (fine) or 204 x 98 (standard) dpi, with a header line, dropouts and noise."""
    h, w = img.shape
    im = Image.fromarray(img.copy())
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(MONO_TTF, 30)
    draw.rectangle([0, 0, w, 52], fill=255)
    draw.text((60, 12), header, font=font, fill=0)
    img = np.asarray(im)
    vres = 196 if fine else 98
    small = cv2.resize(img, (round(w * 204 / 300), round(h * vres / 300)), interpolation=cv2.INTER_AREA).astype(np.float32)
    skew = float(rng.uniform(-0.8, 0.8))
    small = _rotate(small, skew, 255.0)
    small += rng.standard_normal(small.shape, dtype=np.float32) * np.float32(rng.uniform(12, 25))
    thr = float(rng.uniform(105, 140))          # low threshold: grey (thin, light) strokes drop out
    bw = np.where(small < thr, 0, 255).astype(np.uint8)
    hh, ww = bw.shape
    # black speckles and a couple of thin streaks
    for _ in range(int(rng.integers(30, 120))):
        y, x = int(rng.integers(0, hh)), int(rng.integers(0, ww))
        bw[y:y + int(rng.integers(1, 3)), x:x + int(rng.integers(1, 3))] = 0
    for _ in range(int(rng.integers(0, 3))):
        y = int(rng.integers(60, hh))
        x0 = int(rng.integers(0, ww // 2))
        bw[y:y + 1, x0:x0 + int(rng.integers(ww // 8, ww // 2))] = 0
    if rng.random() < 0.5:      # vertical streak from a dirty scan head
        x = int(rng.integers(0, ww))
        bw[:, x] = np.where(rng.random(hh) < 0.7, 0, bw[:, x]).astype(np.uint8)
    return bw, {"skew_deg": round(skew, 2), "dpi": [204, vres], "fax_mode": "fine" if fine else "standard"}


def _desk(rng, H, W):
    palette = [(60, 100, 150), (40, 62, 92), (45, 60, 110), (118, 120, 122), (70, 72, 76), (36, 36, 40),
               (95, 120, 140)]                                  # BGR: oak, walnut, cherry, greys, black, beige
    base = np.array(palette[int(rng.integers(0, len(palette)))], np.float32) * np.float32(rng.uniform(0.85, 1.1))
    desk = np.ones((H, W, 3), np.float32) * base
    grain = np.sin(np.linspace(0, float(rng.uniform(30, 90)), H)).astype(np.float32)[:, None] * float(rng.uniform(4, 12))
    desk += grain[:, :, None]
    desk += _lowfreq(rng, H, W, 6, -18, 18)[:, :, None]
    desk += rng.standard_normal(desk.shape, dtype=np.float32) * np.float32(6)
    return desk


def k_phone(img, rng):
    """Phone photo: page on a desk, perspective, lighting gradient and shadow, blur, colour JPEG, no dpi."""
    H, W = 2592, 1944
    h, w = img.shape
    scale = float(rng.uniform(0.68, 0.8)) * W / w
    pw, ph = w * scale, h * scale
    cx, cy = W / 2 + float(rng.uniform(-80, 80)), H / 2 + float(rng.uniform(-80, 80))
    jit = lambda: (float(rng.uniform(-0.045, 0.045)) * pw, float(rng.uniform(-0.035, 0.035)) * ph)
    top_shrink = float(rng.uniform(0, 0.07)) * pw          # camera tilted: top edge shorter
    dst = np.float32([
        [cx - pw / 2 + top_shrink + jit()[0], cy - ph / 2 + jit()[1]],
        [cx + pw / 2 - top_shrink + jit()[0], cy - ph / 2 + jit()[1]],
        [cx + pw / 2 + jit()[0], cy + ph / 2 + jit()[1]],
        [cx - pw / 2 + jit()[0], cy + ph / 2 + jit()[1]],
    ])
    rot = math.radians(float(rng.uniform(-4, 4)))
    c, s = math.cos(rot), math.sin(rot)
    dst = np.float32([[cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c] for x, y in dst])
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    M = cv2.getPerspectiveTransform(src, dst)
    tint = np.array([float(rng.uniform(0.9, 0.97)), float(rng.uniform(0.96, 1.0)), 1.0], np.float32)   # warm paper
    page = cv2.warpPerspective(img, M, (W, H), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=0).astype(np.float32)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), M, (W, H), flags=cv2.INTER_LINEAR).astype(np.float32) / 255.0
    desk = _desk(rng, H, W)
    # soft drop shadow of the page on the desk
    sh = cv2.resize(cv2.GaussianBlur(cv2.resize(mask, (W // 4, H // 4), interpolation=cv2.INTER_AREA), (0, 0), 6),
                    (W, H), interpolation=cv2.INTER_LINEAR)
    sh = np.roll(np.roll(sh, int(rng.integers(8, 30)), 0), int(rng.integers(-20, 20)), 1)
    desk *= (1 - 0.45 * sh)[:, :, None]
    pg = page[:, :, None] * tint[None, None, :]
    out = desk * (1 - mask[:, :, None]) + pg * mask[:, :, None]
    # lighting: gradient + a hand/phone shadow blob (computed on a coarse grid, then upscaled)
    gh, gw = H // 8, W // 8
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    yy *= 8
    xx *= 8
    ang = float(rng.uniform(0, 2 * math.pi))
    grad = (np.cos(ang) * (xx / W - 0.5) + np.sin(ang) * (yy / H - 0.5))
    light = 1.0 + grad * float(rng.uniform(0.25, 0.45))
    if rng.random() < 0.75:
        bx, by = float(rng.uniform(0, W)), float(rng.uniform(0, H))
        r = float(rng.uniform(0.25, 0.5)) * W
        blob = np.exp(-(((xx - bx) ** 2 + (yy - by) ** 2) / (2 * r * r)))
        light *= 1 - float(rng.uniform(0.2, 0.4)) * blob
    light *= float(rng.uniform(0.85, 1.0))
    rad = np.sqrt(((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2)
    wgt = np.clip((rad - 0.7) / 0.6, 0, 1)
    light = cv2.resize(light.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
    wgt = cv2.resize(wgt.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
    out *= light[:, :, None]
    # blur: mild everywhere, stronger towards the corners (shallow depth of field)
    b1 = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(0.6, 0.9)))
    b2 = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(1.8, 2.8)))
    out = b1 + (b2 - b1) * wgt[:, :, None]
    del b1, b2
    out += rng.standard_normal(out.shape, dtype=np.float32) * np.float32(rng.uniform(3, 6))
    out = np.clip(out, 0, 255).astype(np.uint8)
    rgb = out[:, :, ::-1]
    return np.ascontiguousarray(rgb), {"dpi": None, "perspective": True, "image_size": [W, H]}
