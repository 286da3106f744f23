"""Per-document context: people, officers, vehicles, numbers, fonts, headers and footers."""
from __future__ import annotations

import datetime as _dt
import math
import random
import re
from dataclasses import dataclass, field

from . import fonts
from .agencies import Agency
from .layout import LEGAL, LETTER, PB, Page, Style, finalize_pages
from .people import (Person, Vehicle, STATE_NAMES, make_person, make_vehicle)
from .util import fmt_date, fmt_time, wchoice

ROLES = {"suspect", "victim", "witness", "reporting_party", "defendant", "driver", "owner", "officer",
         "attorney", "other"}


@dataclass
class Doc:
    """One generated document (all its pages) plus what the truth needs."""
    doc_id: str
    seed: int
    agency: Agency
    family: str
    doc_type: str
    pages: list = field(default_factory=list)          # list[Page]
    appearance: dict | None = None
    appearance_page: int = 0                           # 0-based page that prints it
    meta: dict = field(default_factory=dict)
    _pdf: bytes | None = None

    def pdf(self) -> bytes:
        if self._pdf is None:
            from .render import render_pdf
            self._pdf = render_pdf(self.pages, self.seed, title="")
        return self._pdf


class Ctx:
    """Everything one document builder needs."""

    def __init__(self, rng: random.Random, agency: Agency, d: _dt.date, family: str):
        self.rng = rng
        self.ag = agency
        self.d = d
        self.family = family
        self.people: list[Person] = []
        self.roles: dict[int, str] = {}
        self.pages: list[Page] = []
        self._pid = 0
        self.year = d.year
        # per-document writing habits
        self.date_style = rng.choice(["mdy", "mdy", "mdy", "mdy_nopad", "dmy_mon", "mdy_short"])
        self.time_style = rng.choice(["mil", "mil", "mil_colon", "ampm", "mil_hrs"])
        self.name_upper = rng.random() < 0.45
        self.name_style = rng.choice(["lfc", "lfc", "lfn", "nat"])
        self.periods = rng.random() < 0.55

    # ------------------------------------------------------------ formatting
    def date(self, d: _dt.date | None = None, style: str | None = None) -> str:
        return fmt_date(d or self.d, style or self.date_style)

    def time(self, h: int, m: int, style: str | None = None) -> str:
        return fmt_time(h, m, style or self.time_style)

    # ------------------------------------------------------------ people
    def _detail(self, officer: bool) -> str:
        if officer:
            return wchoice(self.rng, [(2, "full"), (3, "initial"), (4, "none"), (3, "finitial")])
        return wchoice(self.rng, [(3, "full"), (5, "initial"), (2, "none")])

    def person(self, role: str, sex=None, age=(18, 78), state=None, detail=None, cities=None) -> Person:
        assert role in ROLES, role
        self._pid += 1
        st = state or self.ag.home_state
        cities_ = cities or (self.ag.cities if st == self.ag.home_state else [(c, z) for c, z in _OTHER_CITIES.get(st, [("Springfield", "000")])])
        p = make_person(self.rng, self._pid, st, cities_, self.ag.area_codes if st == self.ag.home_state else
                        _OTHER_AREA.get(st, ["555"]), self.year, sex=sex, age_range=age)
        for _ in range(10):     # avoid two people with the same surname in one document
            if all(q.last != p.last for q in self.people):
                break
            p = make_person(self.rng, self._pid, st, cities_, self.ag.area_codes, self.year, sex=sex, age_range=age)
        p.detail = detail or self._detail(False)
        p.periods = self.periods
        p.sfx_comma = self.rng.random() < 0.3
        self.people.append(p)
        self.roles[p.pid] = role
        return p

    def officer(self, rank: str | None = None, detail=None, role: str = "officer") -> Person:
        p = self.person(role, age=(24, 60), detail=detail or self._detail(True))
        if rank is None:
            rank = self.rng.choice(self.ag.ranks)[0]
        p.rank = rank
        p.badge = self.ag.badge(self.rng)
        return p

    def nm(self, p: Person, style: str | None = None, upper: bool | None = None):
        """(printed name, ents)."""
        s = p.name(style or self.name_style, self.name_upper if upper is None else upper)
        return s, [("person", p.truth_name(), self.roles[p.pid])]

    def ofc(self, p: Person, with_rank=True, with_badge=False, upper=False, style="nat"):
        s = p.name(style, upper)
        if with_rank and p.rank:
            s = f"{p.rank.upper() if upper else p.rank} {s}"
        if with_badge:
            s += self.rng.choice([f" #{p.badge}", f" ({p.badge})", f" {self.ag.badge_label} {p.badge}"])
        return s, [("person", p.truth_name(), self.roles[p.pid])]

    def surname(self, p: Person, upper=None) -> str:
        s = p.last
        return s.upper() if (self.name_upper if upper is None else upper) else s

    # ------------------------------------------------------------ vehicles / numbers
    def vehicle(self, state: str | None = None, owner: Person | None = None) -> Vehicle:
        st = state or (self.ag.home_state if self.rng.random() < 0.82 else self.rng.choice(self.ag.neighbor_states))
        v = make_vehicle(self.rng, st, self.year)
        v.owner = owner
        return v

    def plate_ents(self, v: Vehicle):
        return [("plate", v.plate_state, v.plate)]

    def case_ents(self, canon: str):
        return [("case", canon)]

    def cit_ents(self, canon: str):
        return [("citation", canon)]

    def court_ents(self, printed: str):
        return [("court", printed.replace(" ", ""))]

    def print_court_no(self, canon: str) -> str:
        """Court numbers are printed as-is, sometimes with spaces around the separators."""
        r = self.rng.random()
        if r < 0.12 and "-" in canon and ":" not in canon:
            return canon.replace("-", " - ")
        if r < 0.2 and re.fullmatch(r"\d{2}[A-Z]{2}\d{5}", canon):
            return f"{canon[:4]} {canon[4:]}"
        if r < 0.2 and re.fullmatch(r"\d{4}[A-Z]{2}\d{6}", canon):
            return f"{canon[:4]} {canon[4:6]} {canon[6:]}"
        return canon

    # ------------------------------------------------------------ pages
    def style(self, kind: str = "form") -> Style:
        r = self.rng
        if kind == "form":
            return Style(label_font=r.choice(["Helvetica", "DejaVuSansCondensed", "Helvetica", "Times-Roman"]),
                         label_size=r.choice([5.5, 6.0, 6.5]),
                         value_font=r.choice(["Courier", "Courier-Bold", "Helvetica", "DejaVuSansMono", "DejaVuSans"]),
                         value_size=r.choice([8.5, 9.0, 9.5, 10.0]),
                         head_font=r.choice(["Helvetica-Bold", "Times-Bold", "DejaVuSans-Bold"]),
                         body_font=r.choice(["Times-Roman", "Courier", "Helvetica", "DejaVuSerif"]),
                         body_size=r.choice([9.5, 10.0, 10.5]),
                         caps=r.random() < 0.5,
                         value_cs=r.choice([0.0] * 6 + [0.8, 1.2]),
                         label_caps=r.random() < 0.75)
        if kind == "court":
            f = r.choice(["Times-Roman", "DejaVuSerif", "Times-Roman", "Courier"])
            return Style(label_font=f, label_size=10.0, value_font=f, value_size=11.0,
                         head_font=fonts.bold_of(f), body_font=f, body_size=r.choice([11.0, 11.5, 12.0]),
                         caps=False, label_caps=False)
        raise ValueError(kind)

    def page(self, layout: str, st: Style, size=LETTER, draw_order: str | None = None) -> PB:
        pb = PB(size[0], size[1], layout, st, self.rng)
        pb.p.draw_order = draw_order or "reading"
        self.pages.append(pb.p)
        return pb

    def finish(self) -> list[Page]:
        finalize_pages(self.pages)
        return self.pages


_OTHER_CITIES = {
    "WA": [("Vancouver", "986"), ("Longview", "986"), ("Spokane", "992")],
    "CA": [("Redding", "960"), ("Sacramento", "958"), ("Eureka", "955")],
    "ID": [("Boise", "837"), ("Nampa", "836")], "NV": [("Reno", "895")],
    "NJ": [("Newark", "071"), ("Paterson", "075")], "CT": [("Stamford", "069"), ("Danbury", "068")],
    "PA": [("Scranton", "185"), ("Allentown", "181")], "OK": [("Lawton", "735"), ("Norman", "730")],
    "LA": [("Shreveport", "711"), ("Lake Charles", "706")], "NM": [("Las Cruces", "880")],
    "GA": [("Valdosta", "316"), ("Albany", "317")], "AL": [("Dothan", "363"), ("Mobile", "366")],
    "IL": [("Belleville", "622"), ("Alton", "620")], "KS": [("Topeka", "666"), ("Wichita", "672")],
    "MN": [("Duluth", "558"), ("St. Cloud", "563")], "MI": [("Iron Mountain", "498"), ("Marquette", "498")],
}
_OTHER_AREA = {"WA": ["360"], "CA": ["530"], "ID": ["208"], "NV": ["775"], "NJ": ["973"], "CT": ["203"],
               "PA": ["570"], "OK": ["580"], "LA": ["318"], "NM": ["575"], "GA": ["229"], "AL": ["334"],
               "IL": ["618"], "KS": ["785"], "MN": ["218"], "MI": ["906"]}


# ---------------------------------------------------------------- headers / footers
def seal(pb: PB, cx: float, cy: float, r: float):
    """Agency badge/seal graphic (no text)."""
    pb.circle(cx, cy, r, lw=1.2)
    pb.circle(cx, cy, r * 0.78, lw=0.6)
    pts = []
    for k in range(11):
        ang = math.pi / 2 + k * 2 * math.pi / 5 * 2 / 2
        rr = r * (0.6 if k % 2 == 0 else 0.26)
        ang = math.pi / 2 + k * math.pi / 5
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    pb.polyline(pts, lw=0.6, fill=0.55)


def agency_header(ctx: Ctx, pb: PB, title: str, y: float | None = None, variant: int | None = None,
                  subtitle: str | None = None) -> float:
    """Draws an agency letterhead + form title; returns the y below it."""
    ag, st = ctx.ag, pb.st
    y = y if y is not None else pb.h - 40
    v = variant if variant is not None else ctx.rng.randrange(3)
    hf = st.head_font
    if v == 0:      # centred
        pb.t(pb.w / 2, y, ag.name.upper(), hf, 13, align="center")
        pb.t(pb.w / 2, y - 12, f"{ag.street}, {ag.city}, {ag.state_name} {ag.zip}", st.label_font, 7.5, align="center")
        pb.t(pb.w / 2, y - 21, f"Phone {ag.phone}  Fax {ag.fax}", st.label_font, 7.5, align="center")
        seal(pb, 60, y - 8, 17)
        y -= 40
        pb.t(pb.w / 2, y, title, hf, 14, align="center")
        if subtitle:
            y -= 13
            pb.t(pb.w / 2, y, subtitle, st.label_font, 8, align="center")
        y -= 10
    elif v == 1:    # seal + left block
        seal(pb, 56, y - 10, 20)
        pb.t(84, y, ag.name.upper(), hf, 12)
        pb.t(84, y - 11, ag.street, st.label_font, 7.5)
        pb.t(84, y - 20, f"{ag.city}, {ag.home_state} {ag.zip}  {ag.phone}", st.label_font, 7.5)
        y -= 38
        pb.rect(36, y - 6, pb.w - 72, 18, fill=0.0, stroke=0.0)
        pb.t(pb.w / 2, y, title.upper(), hf, 11.5, align="center", color=(1, 1, 1))
        y -= 12
        if subtitle:
            y -= 6
            pb.t(pb.w / 2, y, subtitle, st.label_font, 7.5, align="center")
            y -= 4
        y -= 6
    else:           # title left, agency right
        pb.t(36, y, title.upper(), hf, 15)
        y -= 14
        ln = pb.newline()
        pb.t(36, y, ag.name, st.label_font, 8.5, line=ln)
        pb.t(pb.w - 36, y, f"ORI {ag.ori}", st.label_font, 7.5, align="right", line=ln)
        y -= 10
        pb.t(36, y, f"{ag.street}, {ag.city}, {ag.home_state} {ag.zip}", st.label_font, 7.5)
        if subtitle:
            y -= 10
            pb.t(36, y, subtitle, st.label_font, 7.5)
        y -= 6
        pb.hrule(y, lw=1.6)
        y -= 10
    return y


def footer(ctx: Ctx, pb: PB, form_no: str | None = None, page_of: bool = True, extra: str | None = None,
           printed_by: bool = False):
    st = pb.st
    y = 24
    ln = pb.newline()
    if form_no:
        pb.t(36, y, form_no, st.label_font, 6.5, line=ln)
    if printed_by:
        pb.t(pb.w / 2, y, f"Printed {ctx.date(ctx.d, 'mdy')} by {ctx.rng.choice(['rmsadmin', 'records2', 'cw' + str(ctx.rng.randint(10, 99)), 'lstaff'])}",
             st.label_font, 6.5, align="center", line=ln)
    if page_of:
        pb.t(pb.w - 36, y, "Page {PAGE} of {PAGES}", st.label_font, 7, align="right", line=ln)
    if extra:
        pb.t(pb.w / 2, y - 9, extra, st.label_font, 5.5, align="center")


def signature_block(ctx: Ctx, pb: PB, x: float, y: float, w: float, p: Person, label: str,
                    with_badge=True, date=True, upper=False) -> float:
    """Signature scribble over a rule, printed name/badge under it."""
    pb.scribble(x + 6, y + 3, min(w * 0.6, 120), 11)
    pb.line(x, y, x + w, y, lw=0.5)
    nm, ents = ctx.ofc(p, with_rank=p.rank != "", upper=upper) if p.rank else ctx.nm(p, "nat", upper)
    ln = pb.newline()
    bt = f"{ctx.ag.badge_label} {p.badge}" if (with_badge and p.badge) else ""
    bw = pb.width(bt, pb.st.value_font, pb.st.value_size - 0.5, pb.st.value_cs) + 10 if bt else 0
    pb.t(x, y - 9, nm, pb.st.value_font, pb.st.value_size - 0.5, "fill", ents=ents, line=ln, maxw=w - bw)
    if bt:
        pb.t(x + w - 2, y - 9, bt, pb.st.value_font, pb.st.value_size - 0.5, "fill", align="right", line=ln)
    ln2 = pb.newline()
    pb.t(x, y - 17, label, pb.st.label_font, 6, line=ln2)
    if date:
        pb.t(x + w - 2, y - 17, "Date", pb.st.label_font, 6, align="right", line=ln2)
    return y - 22


def maybe_stamp(ctx: Ctx, pb: PB, kind: str = "police", p: float = 0.35):
    r = ctx.rng
    if r.random() > p:
        return
    d = getattr(ctx, "filed", None) or ctx.d + _dt.timedelta(days=r.randint(0, 12))
    if kind == "court":
        lines = r.choice([["FILED", fmt_date(d, "mon_d_y"), "CLERK OF COURT"],
                          ["ELECTRONICALLY FILED", fmt_date(d, "mdy") + " " + fmt_time(r.randint(8, 16), r.randint(0, 59), "ampm")],
                          ["RECEIVED", fmt_date(d, "mon_d_y")]])
    else:
        lines = r.choice([["RECEIVED", fmt_date(d, "mon_d_y"), "RECORDS DIVISION"], ["COPY"],
                          ["RECORDS", "ENTERED " + fmt_date(d, "mdy")], ["REVIEWED"], ["SCANNED"]])
    x = r.uniform(pb.w * 0.45, pb.w * 0.78)
    y = r.uniform(pb.h * 0.25, pb.h * 0.8)
    pb.stamp(x, y, lines, angle=r.uniform(-12, 12), size=r.choice([13, 15, 17]),
             color=r.choice([(0.78, 0.1, 0.12), (0.1, 0.2, 0.65), (0.2, 0.2, 0.2)]))


def initials_box(pb: PB, x: float, y: float):
    pb.scribble(x, y, 22, 8, kind="initials")


def state_word(st: str) -> str:
    return STATE_NAMES.get(st, st)
