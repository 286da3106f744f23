"""Font registration for reportlab (DejaVu TTFs + the base-14 fonts)."""
from __future__ import annotations

import os

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

DEJAVU = "/usr/share/fonts/truetype/dejavu"
_TTF = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSansCondensed": "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold": "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold": "DejaVuSansMono-Bold.ttf",
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic": "DejaVuSerif-Italic.ttf",
    "DejaVuSerifCondensed": "DejaVuSerifCondensed.ttf",
    "DejaVuSerifCondensed-Bold": "DejaVuSerifCondensed-Bold.ttf",
}
_done = False


def register() -> None:
    global _done
    if _done:
        return
    for name, fn in _TTF.items():
        path = os.path.join(DEJAVU, fn)
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont(name, path))
    _done = True


def width(text: str, font: str, size: float, cs: float = 0.0) -> float:
    register()
    return pdfmetrics.stringWidth(text, font, size) + cs * max(len(text) - 1, 0)


def bold_of(font: str) -> str:
    m = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold",
         "DejaVuSans": "DejaVuSans-Bold", "DejaVuSansCondensed": "DejaVuSansCondensed-Bold",
         "DejaVuSansMono": "DejaVuSansMono-Bold", "DejaVuSerif": "DejaVuSerif-Bold",
         "DejaVuSerifCondensed": "DejaVuSerifCondensed-Bold"}
    return m.get(font, font)


SANS = ["Helvetica", "DejaVuSans", "DejaVuSansCondensed"]
SERIF = ["Times-Roman", "DejaVuSerif", "DejaVuSerifCondensed"]
MONO = ["Courier", "DejaVuSansMono"]
