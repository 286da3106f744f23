"""One person per document: mentions of the same person merged, with the fullest name and the
strongest role; officers resolved against the roster."""

from __future__ import annotations

from collections.abc import Sequence

from base.models import Officer
from extractors.entities import Candidate
from extractors.names.parsing import SUFFIXES, parse_name
from extractors.names.roles import ROLE_PRIORITY


def _key_tokens(name: str) -> list[str]:
    toks = [t.lower().rstrip(".") for t in name.split()]
    return [t for t in toks if t.upper() not in SUFFIXES]


def same_person(a: str, b: str) -> bool:
    """Whether two natural-order names can be the same person (surname equal, given names compatible)."""
    ta, tb = _key_tokens(a), _key_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if len(ta) == 1 or len(tb) == 1:
        return ta[-1] == tb[-1]
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if len(short) >= 2 and len(long_) == len(short) + 1 and long_[:len(short)] == short:
        return True  # "Mary Erin" in "Mary Erin Green": a surname that is also a word, cut off in prose
    if ta[-1] != tb[-1] and " ".join(ta[-2:]) != " ".join(tb[-2:]):
        return False
    if len(short) >= 2 and long_[-len(short):] == short:  # "Danny Williams" in "Randy Danny Williams"
        return True
    fa, fb = ta[0], tb[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def _strength(c: Candidate) -> tuple[int, int]:
    role = c.role or "other"
    return (c.source if role != "other" else 0, -ROLE_PRIORITY.index(role) if role in ROLE_PRIORITY else -99)


def merge_people(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per person: the fullest name, the strongest role, the first page."""
    full = [c for c in cands if c.note != "surname_only"]
    full.sort(key=lambda c: (-len(c.value.split()), -c.source))
    groups: list[list[Candidate]] = []
    for c in full:
        for g in groups:
            if same_person(g[0].value, c.value):
                g.append(c)
                break
        else:
            groups.append([c])
    for c in cands:
        if c.note == "surname_only":
            matches = [g for g in groups if same_person(g[0].value, c.value)]
            if len(matches) == 1:
                matches[0].append(c)
    merged: list[Candidate] = []
    for g in groups:
        best_name = max(g, key=lambda c: (c.source, len(c.value.split())))
        name = g[0].value if len(g[0].value.split()) >= len(best_name.value.split()) else best_name.value
        strongest = max(g, key=_strength)
        first = min(g, key=lambda c: (c.page, c.start))
        badge = next((c.badge for c in g if c.badge), None)
        conf = min(0.99, max(c.confidence for c in g) + 0.02 * (len(g) - 1))
        merged.append(Candidate("person", name, first.start, first.end, conf, raw=first.raw,
                                role=strongest.role or "other", page=first.page, box=first.box,
                                badge=badge, source=strongest.source))
    return merged


def match_roster(people: list[Candidate], roster: Sequence[Officer]) -> None:
    """Resolve officers against the roster by badge, then by name; roster names win."""
    if not roster:
        return
    by_badge = {o.badge.strip().lstrip("#"): o for o in roster if o.badge}
    for c in people:
        officer = by_badge.get(c.badge or "")
        if officer is None and c.role in ("officer", "other", "witness"):
            hits = [o for o in roster if same_person(o.name, c.value)]
            officer = hits[0] if len(hits) == 1 else None
        if officer is None:
            continue
        c.value = parse_name(officer.name)[0] or officer.name
        c.badge = officer.badge
        if c.role in ("officer", "other", "witness", None):
            c.role = "officer"
        c.confidence = min(0.99, c.confidence + 0.03)
