"""Generate documents and assemble truth records."""
from __future__ import annotations

import datetime as _dt
import random

from .agencies import AGENCIES, HOME
from .common import Ctx, Doc
from .families import FAMILIES
from .util import derive_seed, rand_date, rng_for


def _plan(n: int, seed: int) -> list[tuple[str, str]]:
    """Which (family, agency) each document gets: cycle through all families in a seeded order."""
    rng = rng_for("plan", seed)
    fams = sorted(FAMILIES)
    out = []
    order: list[str] = []
    while len(out) < n:
        if not order:
            order = fams[:]
            rng.shuffle(order)
        fam = order.pop()
        allowed = FAMILIES[fam][1] or sorted(AGENCIES)
        if FAMILIES[fam][1] is None and rng.random() < 0.3:
            ag = HOME
        else:
            ag = rng.choice(allowed)
        out.append((fam, ag))
    return out


def build_doc(i: int, seed: int, family: str, agency_id: str) -> Doc:
    dseed = derive_seed("doc", seed, i)
    rng = random.Random(dseed)
    ag = AGENCIES[agency_id]
    d = rand_date(rng)
    ctx = Ctx(rng, ag, d, family)
    builder = FAMILIES[family][0]
    doc_type, appearance, app_page = builder(ctx)
    pages = ctx.finish()
    doc = Doc(doc_id=f"doc{i:05d}", seed=dseed, agency=ag, family=family, doc_type=doc_type, pages=pages,
              appearance=appearance, appearance_page=app_page)
    doc.meta["date"] = d
    doc.meta["fax_date"] = d + _dt.timedelta(days=rng.randint(1, 45))
    return doc


def generate(n: int, seed: int) -> list[Doc]:
    return [build_doc(i, seed, fam, ag) for i, (fam, ag) in enumerate(_plan(n, seed))]


def truth_for(doc: Doc, page_idx: list[int]) -> dict:
    """Entities/text of the given pages (0-based indices, in file order)."""
    persons, seen_p = [], set()
    plates, seen_pl = [], set()
    nums = {"case": [], "citation": [], "court": []}
    texts = []
    for i in page_idx:
        pg = doc.pages[i]
        texts.append(pg.text())
        for e in pg.ents():
            kind = e[0]
            if kind == "person":
                if e[1] not in seen_p:
                    seen_p.add(e[1])
                    persons.append({"name": e[1], "role": e[2]})
            elif kind == "plate":
                if (e[1], e[2]) not in seen_pl:
                    seen_pl.add((e[1], e[2]))
                    plates.append({"state": e[1], "number": e[2]})
            else:
                if e[1] not in nums[kind]:
                    nums[kind].append(e[1])
    app = doc.appearance if (doc.appearance and doc.appearance_page in page_idx) else None
    return {"doc_type": doc.doc_type, "case_numbers": nums["case"], "citation_numbers": nums["citation"],
            "court_case_numbers": nums["court"], "persons": persons, "plates": plates, "appearance": app,
            "text": "\f".join(texts)}
