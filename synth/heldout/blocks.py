"""Reusable content blocks: narrative mapping, text flow across pages, two-column flow."""
from __future__ import annotations

from . import narrative as N
from .common import Ctx, footer
from .people import STATE_NAMES, Person, Vehicle


def plate_mention(ctx: Ctx, v: Vehicle):
    r = ctx.rng
    st = v.plate_state
    shown = r.choice([v.plate_printed, v.plate])
    if st == ctx.ag.home_state and r.random() < 0.3:
        txt = r.choice([f"license plate {shown}", f"plate {shown}", f"registration {shown}"])
    else:
        txt = r.choice([f"{STATE_NAMES[st]} plate {shown}", f"{st} {shown}", f"{STATE_NAMES[st]} registration {shown}",
                        f"{st} license plate {shown}"])
    return txt, [("plate", st, v.plate)]


def veh_desc(v: Vehicle, upper=False) -> str:
    s = f"{v.color.lower()} {v.year} {v.make} {v.model}"
    return s.upper() if upper else s


def nmap(ctx: Ctx, people: dict, officer: Person | None, v: Vehicle | None = None, sv: Vehicle | None = None,
         loc: str = "", call: str = "", extra: dict | None = None, upper: bool = False) -> dict:
    r = ctx.rng
    m = {}
    for k, p in people.items():
        if p is None:
            continue
        m[k] = ctx.nm(p, "nat", upper=upper or r.random() < 0.25)
        m[k + ".s"] = p.last.upper() if upper else p.last
        he, his, him, He = N.PRONOUNS[p.sex]
        m[k + "PRON"], m[k + "POS"], m[k + "OBJ"], m[k + "PRON_CAP"] = he, his, him, He
        m[k + "DLSTATE"] = STATE_NAMES.get(p.dl_state, p.dl_state)
        m[k + "NOUN"] = "male" if p.sex == "M" else "female"
    if officer is not None:
        m["O"] = ctx.ofc(officer, with_rank=True, with_badge=r.random() < 0.4)
        m["O.s"] = f"{officer.rank} {officer.last}"
    m["DATE"] = ctx.date()
    h, mi = r.randint(0, 23), r.choice(range(0, 60, 1))
    m["TIME"] = f"{h:02d}{mi:02d}"
    m["LOC"] = loc
    if call:
        m["CALL"] = call
    if v is not None:
        m["VEH"] = veh_desc(v, upper)
        m["PLATE"] = plate_mention(ctx, v)
        m["VIN"] = v.vin
    if sv is not None:
        m["SVEH"] = veh_desc(sv, upper)
        m["SPLATE"] = plate_mention(ctx, sv)
    items = r.sample(N.ITEMS, 2)
    m["ITEMS"] = f"{items[0]} and {items[1]}"
    m["VALUE"] = f"${r.randint(3, 250) * 10 + r.choice([0, 5, 9])}.00" if r.random() < 0.6 else f"${r.randint(40, 2400)}"
    m["STORE"] = r.choice(N.STORES)
    if extra:
        m.update(extra)
    if upper:
        for k, val in list(m.items()):
            if isinstance(val, tuple):
                m[k] = (val[0].upper(), val[1])
            elif isinstance(val, str):
                m[k] = val.upper()
    return m


def scenario_paras(ctx: Ctx, name: str, m: dict, upper=False) -> list:
    sc = N.SCENARIOS[name]
    m = dict(m)
    m.setdefault("CALL", ctx.rng.choice(sc["call"]).replace("{STORE}", m.get("STORE", "the store")))
    if upper:
        m["CALL"] = m["CALL"].upper()
    paras = N.build(ctx.rng, sc["paras"], m)
    if upper:
        paras = [[(t.upper(), e) for t, e in p] for p in paras]
    return paras


def flow(ctx: Ctx, pb, x, ytop, width, ybottom, paras, font, size, new_page, lead=None, para_gap=None,
         indent=0.0, layer="fill"):
    """Place wrapped paragraphs, continuing on new pages from new_page() -> (pb, x, ytop, width, ybottom).
    Returns (pb, y) after the last line."""
    lead = lead or size * 1.3
    gap = para_gap if para_gap is not None else lead * 0.5
    y = ytop - size
    for pi, segs in enumerate(paras):
        lines = pb.wrap(segs, font, size, width - indent)
        for li, (txt, ents) in enumerate(lines):
            if y < ybottom:
                pb, x, ytop, width, ybottom = new_page()
                y = ytop - size
            pb.t(x + (indent if li == 0 else 0), y, txt, font, size, layer, ents=ents, cs=0.0)
            y -= lead
        y -= gap
    return pb, y


def continuation_page(ctx: Ctx, st, title: str, case_printed: str, case_ents, form_no: str | None,
                      size=None, draw_order=None):
    """A second sheet with only a narrative continuation."""
    from .layout import LETTER
    pb = ctx.page("narrative_continuation", st, size or LETTER, draw_order=draw_order or "reading")
    y = pb.h - 40
    ln = pb.newline()
    pb.t(36, y, ctx.ag.name.upper(), st.head_font, 10, line=ln)
    pb.t(pb.w - 36, y, "Page {PAGE} of {PAGES}", st.label_font, 8, align="right", line=ln)
    y -= 13
    ln = pb.newline()
    pb.t(36, y, title, st.head_font, 9, line=ln)
    lab = ctx.ag.case_label
    vw = pb.width(case_printed, st.value_font, 9)
    pb.t(pb.w - 40 - vw, y, lab, st.label_font, 8, align="right", line=ln)
    pb.t(pb.w - 36 - vw, y, case_printed, st.value_font, 9, "fill", ents=case_ents, line=ln)
    y -= 6
    pb.hrule(y, lw=1.0)
    if form_no:
        pb.t(36, 24, form_no, st.label_font, 6.5)
    return pb, y - 8
