"""Small deterministic helpers shared by the held-out generator."""
from __future__ import annotations

import datetime as _dt
import hashlib
import random

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MON3 = [m[:3].upper() for m in MONTHS]


def derive_seed(*keys) -> int:
    """A 64-bit integer derived from any repr()-able keys (stable across runs)."""
    h = hashlib.sha256(repr(keys).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big")


def rng_for(*keys) -> random.Random:
    return random.Random(derive_seed(*keys))


def wchoice(rng: random.Random, items):
    """items: list of (weight, value)."""
    tot = sum(w for w, _ in items)
    r = rng.random() * tot
    for w, v in items:
        r -= w
        if r < 0:
            return v
    return items[-1][1]


def fmt_date(d: _dt.date, style: str) -> str:
    if style == "mdy":          # 03/28/2024
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "mdy_short":    # 3/28/24
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "mdy_nopad":    # 3/28/2024
        return f"{d.month}/{d.day}/{d.year}"
    if style == "dmy_mon":      # 28-MAR-2024
        return f"{d.day:02d}-{MON3[d.month - 1]}-{d.year}"
    if style == "long":         # March 28, 2024
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "mon_d_y":      # MAR 28 2024
        return f"{MON3[d.month - 1]} {d.day:02d} {d.year}"
    if style == "mdy_dash":     # 03-28-2024
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    if style == "ordinal":      # the 28th day of March, 2024
        return f"the {ordinal(d.day)} day of {MONTHS[d.month - 1]}, {d.year}"
    raise ValueError(style)


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suf = "th"
    else:
        suf = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def fmt_time(h: int, m: int, style: str) -> str:
    if style == "mil":          # 0930
        return f"{h:02d}{m:02d}"
    if style == "mil_colon":    # 09:30
        return f"{h:02d}:{m:02d}"
    ap = "AM" if h < 12 else "PM"
    h12 = h % 12 or 12
    if style == "ampm":         # 9:30 AM
        return f"{h12}:{m:02d} {ap}"
    if style == "ampm_dots":    # 9:30 a.m.
        return f"{h12}:{m:02d} {'a.m.' if h < 12 else 'p.m.'}"
    if style == "mil_hrs":      # 0930 hrs
        return f"{h:02d}{m:02d} hrs"
    raise ValueError(style)


def rand_date(rng: random.Random, y0: int = 2019, y1: int = 2025) -> _dt.date:
    start = _dt.date(y0, 1, 1).toordinal()
    end = _dt.date(y1, 10, 31).toordinal()
    return _dt.date.fromordinal(rng.randint(start, end))


def add_days(d: _dt.date, n: int) -> _dt.date:
    return d + _dt.timedelta(days=n)


def next_weekday(d: _dt.date) -> _dt.date:
    while d.weekday() >= 5:
        d = d + _dt.timedelta(days=1)
    return d


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"     # no I, O, Q


def letters(rng: random.Random, n: int, alphabet: str = PLATE_LETTERS) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))
