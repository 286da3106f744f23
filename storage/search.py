"""The archive's search engine: one query type in, one result type out, on SQLite and PostgreSQL.

`run(conn, q)` answers a `SearchQuery` with a `SearchResult` (hits, total, facets, page info).
What it reads is written by `index_document` / `reindex_document` in the same transaction as the
document itself (keys: storage/search_keys.py; text: storage/fulltext.py).

No query may cost seconds, so the work is bounded by construction:

- Numbers, plates, names and officers are B-tree lookups of precomputed keys; each criterion is
  first COUNTED, capped (`CANDIDATES`), and the smallest one drives: its documents are fetched
  and the other criteria are checked against them (fetched too when small, probed when not).
- Full text is counted the same way (capped). Matches are ranked only when there are at most
  `RANK_CAP` of them (BM25 / ts_rank of a bounded set); beyond that they come newest first, which
  both engines serve straight from their index in seq order, stopping at the page.
- When every criterion is broad (a common word and a common name, say), the newest documents of
  the narrowest one are scanned in chunks and checked against the rest, at most `SCAN_CAP` of
  them; the total then says it is a lower bound.
- Totals are exact whenever the match set was enumerated or summed from `search_counts` (type /
  date / review only); otherwise they are capped counts flagged `total_exact=False`. Facets are
  exact for the same sets and computed over the newest `FACET_SAMPLE` matches otherwise
  (`facets_exact=False`).
"""

from __future__ import annotations

import base64
import logging
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy import exc as sa_exc

from storage import search_keys as sk
from storage.fulltext import (
    MARK_END,
    MARK_START,
    PostgresFullText,
    SqliteFullText,
    TextQuery,
    bitmap_plans,
    has_phrase,
    relaxed,
)
from storage.fulltext import parse_text as parse_text

log = logging.getLogger(__name__)

CANDIDATES = 5_000  # a criterion with more matches than this is "broad"
RANK_CAP = 2_000  # rank text matches by relevance only up to this many (BM25 costs per match)
RANK_CAP_PG = 300  # ts_rank reads each match's tsvector
TEXT_CANDIDATES_PG = 500  # PostgreSQL visits each counted match's row: text is broad sooner
ESTIMATE_FACTOR = 10  # PostgreSQL: text estimated at 10x the cap is broad without counting
COUNT_CAP = CANDIDATES  # totals that must be counted stop here (total_exact=False)
SCAN_CAP = 50_000  # documents scanned at most when every criterion is broad
SCAN_CHUNK = 2_000
SCAN_SECONDS = 0.2  # a broad scan that has found something stops after this long (partial page)
MAX_BROAD_OFFSET = 10_000  # offset paging of a broad query ends here (the cursor goes on)
FACET_SAMPLE = 500  # facets of broad queries are computed over this many newest matches
PHRASE_CHECK = {"sqlite": RANK_CAP, "postgresql": RANK_CAP_PG}  # documents with all of a phrase's
# words whose positions are checked at most before the phrase is taken as broad
PHRASE_WINDOW = {"sqlite": 20_000, "postgresql": 256}  # documents in the first window (doubling)
PHRASE_SCAN = {"sqlite": 100_000, "postgresql": 10_000}  # documents a broad phrase looks at, at most
PROBE_MAX = 1_000  # text checked document by document for at most this many candidates
RANGE_MAX = 50_000  # else the text matches of the candidates' seq range, if at most this many
MAX_VARIANTS = 8  # fuzzy spellings kept per name word (closest first)
FACETS = ("doc_type", "year", "officer", "needs_review")


# --- the query and the result -----------------------------------------------------------------


@dataclass
class SearchQuery:
    """What the records staff asked for; every given criterion must match.

    Numbers and plates are taken as typed here; pipelines/search.py normalises typed variants
    (`24-3817`, `TPD24-003817`) before they reach the index.
    """

    text: str | None = None  # words, "phrases", OR, NOT / -word, prefix*
    case: str | None = None
    citation: str | None = None
    court_case: str | None = None
    plate: str | None = None  # whole or partial, OCR-tolerant (pipelines/search.py drops a state)
    name: str | None = None  # any order, "LAST, First", initials, misspellings
    officer: str | None = None  # badge number or name
    doc_type: str | None = None
    since: date | None = None  # filed on or after
    until: date | None = None  # filed on or before
    needs_review: bool | None = None
    limit: int = 50
    offset: int = 0
    cursor: str | None = None  # from SearchResult.page.next_cursor (wins over offset)
    facets: bool = False


@dataclass
class SearchHit:
    """One document in a result list."""

    id: str
    source_name: str
    doc_type: str
    ingested_at: str
    pages: int
    score: float = 0.0
    snippet: str = ""  # matched words in [brackets]
    needs_review: bool = False
    case_numbers: list[str] = field(default_factory=list)
    highlights: list[tuple[str, bool]] = field(default_factory=list)  # (text, matched) pieces


@dataclass
class FacetCount:
    """One value of a facet and how many matching documents have it."""

    value: str
    count: int
    label: str = ""


@dataclass
class PageInfo:
    """Where this page is in the result list."""

    limit: int
    offset: int
    next_cursor: str | None = None
    has_more: bool = False


@dataclass
class SearchResult:
    """Hits of one page, the total, facets and how they were obtained."""

    hits: list[SearchHit]
    total: int
    total_exact: bool = True
    ranked: bool = False  # ordered by relevance (else newest first)
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    facets_exact: bool = True
    page: PageInfo = field(default_factory=lambda: PageInfo(50, 0))
    notes: list[str] = field(default_factory=list)

    def __iter__(self) -> Any:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, i: int) -> SearchHit:
        return self.hits[i]


# --- criteria ---------------------------------------------------------------------------------


@dataclass
class Slot:
    """A set of documents: any of these keys (score each) or key prefixes (score each)."""

    keys: dict[str, float] = field(default_factory=dict)
    prefixes: dict[str, float] = field(default_factory=dict)

    def empty(self) -> bool:
        return not self.keys and not self.prefixes


@dataclass
class Criterion:
    """A query criterion: documents matching every slot of any alternative. A `narrow` one
    (a number, a whole plate) is fetched without counting first."""

    name: str
    alternatives: list[list[Slot]]
    narrow: bool = False


class Engine:
    """The dialect-specific SQL of the engine (lookups of keys and candidate sets)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self.fulltext: SqliteFullText | PostgresFullText = (
            PostgresFullText() if self.pg else SqliteFullText())
        self.rank_cap = RANK_CAP_PG if self.pg else RANK_CAP
        self.text_cap = TEXT_CANDIDATES_PG if self.pg else CANDIDATES
        self.count_cap = min(COUNT_CAP, TEXT_CANDIDATES_PG) if self.pg else COUNT_CAP

    # parameters holding a list of seqs
    def _in(self, column: str, name: str, seqs: Sequence[int], params: dict[str, Any]) -> str:
        if self.pg:
            params[name] = list(seqs)
            return f"{column} = ANY(:{name})"
        params[name] = "[" + ",".join(str(s) for s in seqs) + "]"
        return f"{column} IN (SELECT value FROM json_each(:{name}))"

    def _slot_where(self, slot: Slot, params: dict[str, Any]) -> str:
        parts = []
        if slot.keys:
            names = []
            for key in slot.keys:
                names.append(f":k{len(params)}")
                params[names[-1][1:]] = key
            parts.append(f"key IN ({', '.join(names)})")
        for prefix in slot.prefixes:
            a, b = f"p{len(params)}", f"p{len(params) + 1}"
            params[a], params[b] = prefix, prefix + "\U0010ffff"
            parts.append(f"(key >= :{a} AND key < :{b})")
        return "(" + " OR ".join(parts) + ")"

    def slot_count(self, slot: Slot, lo: int, hi: int, cap: int) -> int:
        """Documents (key rows) of a slot in the seq range, counting no further than cap."""
        params: dict[str, Any] = {"lo": lo, "hi": hi, "cap": cap}
        where = self._slot_where(slot, params)
        return int(self.conn.execute(text(
            f"SELECT count(*) FROM (SELECT 1 FROM search_keys WHERE {where} "
            "AND seq BETWEEN :lo AND :hi LIMIT :cap) x"), params).scalar() or 0)

    def slot_fetch(self, slot: Slot, lo: int, hi: int, within: Sequence[int] | None = None,
                   cap: int | None = None) -> dict[int, float]:
        """seq -> best score of the slot's keys, in the seq range (or among `within`)."""
        params: dict[str, Any] = {"lo": lo, "hi": hi}
        where = self._slot_where(slot, params) + " AND seq BETWEEN :lo AND :hi"
        if within is not None:
            where += " AND " + self._in("seq", "ids", within, params)
        limit = ""
        if cap is not None:
            limit, params["cap"] = " LIMIT :cap", cap
        out: dict[int, float] = {}
        for key, seq in self.conn.execute(text(
                f"SELECT key, seq FROM search_keys WHERE {where}{limit}"), params).all():
            score = slot.keys.get(key)
            if score is None:
                score = max(s for p, s in slot.prefixes.items() if key.startswith(p))
            if score > out.get(seq, -1.0):
                out[seq] = score
        return out

    def slot_newest(self, slot: Slot, lo: int, hi: int, limit: int) -> list[int]:
        """The newest documents of a slot (seq descending), merged over its keys (one ordered
        index range per key, in one statement)."""
        bitmap_plans(self.conn, False)
        params: dict[str, Any] = {"lo": lo, "hi": hi, "n": limit}
        parts = []
        for i, key in enumerate(slot.keys):
            params[f"k{i}"] = key
            parts.append(f"SELECT seq FROM (SELECT seq FROM search_keys WHERE key = :k{i} "
                         f"AND seq BETWEEN :lo AND :hi ORDER BY seq DESC LIMIT :n) a{i}")
        seqs: set[int] = set()
        if parts:
            seqs.update(int(r[0]) for r in self.conn.execute(text(" UNION ALL ".join(parts)),
                                                             params).all())
        if slot.prefixes:  # ranges are not in seq order: take a bounded set of them
            params = {"lo": lo, "hi": hi, "n": SCAN_CAP}
            where = self._slot_where(Slot(prefixes=slot.prefixes), params)
            seqs.update(int(r[0]) for r in self.conn.execute(text(
                f"SELECT seq FROM search_keys WHERE {where} AND seq BETWEEN :lo AND :hi "
                "LIMIT :n"), params).all())
        return sorted(seqs, reverse=True)[:limit]

    def doc_facts(self, seqs: Sequence[int]) -> dict[int, tuple[str, bool, str]]:
        """seq -> (doc_type, needs_review, officers) of these documents."""
        out: dict[int, tuple[str, bool, str]] = {}
        for start in range(0, len(seqs), 20_000):
            params: dict[str, Any] = {}
            where = self._in("seq", "ids", seqs[start:start + 20_000], params)
            for seq, doc_type, review, officers in self.conn.execute(text(
                    f"SELECT seq, doc_type, needs_review, officers FROM search_docs WHERE {where}"),
                    params).all():
                out[int(seq)] = (doc_type, bool(review), officers or "")
        return out

    def structural_newest(self, doc_type: str | None, review: bool | None, lo: int, hi: int,
                          limit: int, offset: int = 0) -> list[int]:
        """Newest documents filtered by type / review flag / seq range only."""
        bitmap_plans(self.conn, False)
        params: dict[str, Any] = {"lo": lo, "hi": hi, "n": limit, "o": offset}
        where = ["seq BETWEEN :lo AND :hi"]
        if doc_type is not None:
            where.append("doc_type = :t")
            params["t"] = doc_type
        if review is not None:
            where.append("needs_review = :r")
            params["r"] = review
        return [int(r[0]) for r in self.conn.execute(text(
            f"SELECT seq FROM search_docs WHERE {' AND '.join(where)} ORDER BY seq DESC "
            "LIMIT :n OFFSET :o"), params)]

    def period_counts(self, periods: list[str], doc_type: str | None,
                      review: bool | None) -> list[tuple[str, str, bool, int]]:
        """(period, doc_type, needs_review, n) rows of search_counts for these periods."""
        if not periods:
            return []
        params: dict[str, Any] = {}
        if self.pg:
            where, params["ps"] = "period = ANY(:ps)", periods
        else:
            where, params["ps"] = "period IN (SELECT value FROM json_each(:ps))", \
                "[" + ",".join(f'"{p}"' for p in periods) + "]"
        if doc_type is not None:
            where += " AND doc_type = :t"
            params["t"] = doc_type
        if review is not None:
            where += " AND needs_review = :r"
            params["r"] = review
        return [(p, t, bool(r), int(n)) for p, t, r, n in self.conn.execute(text(
            f"SELECT period, doc_type, needs_review, n FROM search_counts WHERE {where}"), params)]

    def years(self) -> list[int]:
        """Years holding filed documents."""
        return sorted(int(p[1:]) for (p,) in self.conn.execute(text(
            "SELECT DISTINCT period FROM search_counts WHERE period >= 'Y' AND period < 'Z' "
            "AND n > 0")))

    def terms_near(self, words: Sequence[str]) -> tuple[dict[str, dict[str, int]], set[str]]:
        """For each word: vocabulary words within its edit budget -> distance (itself: 0), the
        closest MAX_VARIANTS; and which words are in the vocabulary. One statement."""
        variants = {w: sorted(sk.deletions(w)) if sk.fuzzy_budget(w) else [w] for w in words}
        keys = sorted({v for vs in variants.values() for v in vs})
        found: dict[str, set[str]] = {}
        if keys:
            params: dict[str, Any] = {f"v{i}": v for i, v in enumerate(keys)}
            names = ", ".join(f":v{i}" for i in range(len(keys)))
            for key, term in self.conn.execute(text(
                    f"SELECT key, term FROM search_terms WHERE key IN ({names})"), params).all():
                found.setdefault(key, set()).add(term)
        near: dict[str, dict[str, int]] = {}
        known = set()
        for w, vs in variants.items():
            terms = set().union(*(found.get(v, set()) for v in vs))
            if w in found.get(w, set()):
                known.add(w)
            close = sorted((d, t) for t in terms - {w}
                           if (d := sk.edit_distance(w, t)) <= sk.fuzzy_budget(w))
            near[w] = {w: 0, **{t: d for d, t in close[:MAX_VARIANTS]}}
        return near, known

    def text_within(self, plan: _Plan, seqs: list[int]) -> dict[int, float]:
        """seq -> relevance of the text matches among these documents: probed one by one when
        few, else the matches of their seq range (when that is bounded) intersected."""
        words = plan.words or []
        rank = len(seqs) <= self.rank_cap
        if len(seqs) > PROBE_MAX:
            lo, hi = max(plan.lo, seqs[0]), min(plan.hi, seqs[-1])
            if self.fulltext.count(self.conn, words, lo, hi, RANGE_MAX + 1) <= RANGE_MAX:
                keep = set(seqs)
                got = self.fulltext.scored(self.conn, words, lo, hi, RANGE_MAX + 1, rank=False)
                return {s: v for s, v in got.items() if s in keep}
        return self.fulltext.scored(self.conn, words, plan.lo, plan.hi, len(seqs) + 1,
                                    within=seqs, rank=rank)

    def window_start(self, lo: int, hi: int, docs: int) -> int:
        """The seq of the docs-th newest document filed in [lo, hi] (lo when there are fewer)."""
        bitmap_plans(self.conn, False)
        row = self.conn.execute(text(
            "SELECT seq FROM search_docs WHERE seq BETWEEN :lo AND :hi ORDER BY seq DESC "
            "LIMIT 1 OFFSET :k"), {"lo": lo, "hi": hi, "k": docs - 1}).first()
        return int(row[0]) if row else lo

    def roster(self) -> list[tuple[str, str]]:
        """(badge, name) of every officer on the roster."""
        return [(b, n) for b, n in self.conn.execute(text("SELECT badge, name FROM officers"))]

    def hit_rows(self, seqs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """seq -> the fields of a hit."""
        if not seqs:
            return {}
        params: dict[str, Any] = {}
        where = self._in("s.seq", "ids", seqs, params)
        cases = ("string_agg(e.value, '|' ORDER BY e.id)" if self.pg
                 else "group_concat(e.value, '|')")
        rows = self.conn.execute(text(
            "SELECT s.seq, d.id, d.source_name, d.doc_type, d.ingested_at, d.page_count, "
            f"d.needs_review, (SELECT {cases} FROM entities e WHERE e.document_id = d.id "
            "AND e.kind = 'case_number') FROM search_docs s JOIN documents d "
            f"ON d.id = s.document_id WHERE {where}"), params).all()
        return {int(r[0]): {"id": r[1], "source_name": r[2], "doc_type": r[3],
                            "ingested_at": r[4], "pages": r[5], "needs_review": bool(r[6]),
                            "case_numbers": r[7].split("|") if r[7] else []} for r in rows}


# --- building criteria from the query ---------------------------------------------------------

EXACT, NEAR, WEAK = 2.0, 1.0, 0.5


def number_criterion(kind: str, value: str) -> Criterion:
    """A case / citation / court case number, matched on letters and digits only."""
    return Criterion(kind, [[Slot(keys={sk.number_key(kind, value): EXACT})]], narrow=True)


def plate_criterion(value: str) -> Criterion:
    """A whole plate (OCR-folded key) or, for a partial one, every plate containing it."""
    folded = sk.plate_fold(value)
    if len(folded) < sk.MIN_SUFFIX:
        return Criterion("plate", [[Slot(keys={"p:" + folded: EXACT})]])
    return Criterion("plate", [[Slot(keys={sk.PLATE + folded: EXACT},
                                     prefixes={sk.PLATE + folded: NEAR,
                                               sk.PLATE_SUFFIX + folded: NEAR})]],
                     narrow=len(folded) >= 5)


def split_name(value: str) -> tuple[list[str], list[str]]:
    """(words, surname candidates) of a typed name. "LAST, First" names its surname; otherwise the
    last word (natural order) or the first (surname first) may be it; an initial never is."""
    if "," in value:
        before, after = value.split(",", 1)
        last = sk.name_words(before)
        words = last + sk.name_words(after)
        return words, last[-1:] if last else []
    words = sk.name_words(value)
    full = [w for w in words if len(w) > 1]
    if len(words) < 2:
        return words, words
    candidates = [w for w in (words[-1], words[0]) if len(w) > 1]
    return words, list(dict.fromkeys(candidates)) or full[:1]


def name_criterion(engine: Engine, value: str, *, officer: bool = False) -> Criterion:
    """A person's name: every word typed must be a word of one person's name (fuzzy beyond three
    letters, initials match any word starting so), any order, "LAST, First" understood."""
    single, pair = (sk.OFFICER_NAME, sk.OFFICER_PAIR) if officer else (sk.NAME, sk.PAIR)
    words, surnames = split_name(value)
    near, known = engine.terms_near([w for w in words if len(w) > 1])
    if not words:
        return Criterion("name", [])
    if len(words) == 1 or not surnames:
        slots = [Slot(keys={single + t: EXACT if d == 0 else NEAR for t, d in near[w].items()})
                 for w in words if len(w) > 1]
        return Criterion("name", [[s for s in slots if not s.empty()]])
    alternatives = []
    for surname in surnames:
        others = list(words)
        others.remove(surname)
        slots = []
        for given in others:
            slot = Slot()
            for s_term, s_dist in near[surname].items():
                if len(given) == 1:
                    slot.prefixes[f"{pair}{s_term} {given}"] = NEAR if s_dist else EXACT
                    continue
                for g_term, g_dist in near[given].items():
                    # a misspelling on one side at a time, unless a typed word is unknown
                    if s_dist and g_dist and (surname in known or given in known):
                        continue
                    slot.keys[f"{pair}{s_term} {g_term}"] = EXACT if s_dist == g_dist == 0 \
                        else NEAR
                slot.keys[f"{pair}{s_term} {given[0]}"] = WEAK  # written as an initial
            slots.append(slot)
        alternatives.append(slots)
    return Criterion("name", alternatives)


def officer_criterion(engine: Engine, value: str) -> Criterion:
    """An officer by badge (appearance badge, or the roster name of that badge on an officer) or
    by name (officers' names on documents, or the badges the roster gives that name)."""
    badge = sk.compact(value)
    roster = engine.roster()
    if badge.isdigit():
        alternatives: list[list[Slot]] = [[Slot(keys={sk.OFFICER + badge: EXACT})]]
        for b, name in roster:
            if sk.compact(b) == badge:
                alternatives += name_criterion(engine, name, officer=True).alternatives
        return Criterion("officer", alternatives)
    alternatives = list(name_criterion(engine, value, officer=True).alternatives)
    wanted = set(sk.name_words(value))
    for b, name in roster:
        if wanted and wanted <= set(sk.name_words(name)):
            alternatives.append([Slot(keys={sk.OFFICER + sk.compact(b): EXACT})])
    return Criterion("officer", alternatives)


def build_criteria(engine: Engine, q: SearchQuery) -> list[Criterion]:
    """The key criteria of a query (numbers, plate, name, officer)."""
    out = []
    for kind, value in (("case_number", q.case), ("citation_number", q.citation),
                        ("court_case_number", q.court_case)):
        if value and value.strip():
            out.append(number_criterion(kind, value))
    if q.plate and q.plate.strip():
        out.append(plate_criterion(q.plate))
    if q.name and q.name.strip():
        out.append(name_criterion(engine, q.name))
    if q.officer and q.officer.strip():
        out.append(officer_criterion(engine, q.officer))
    return out


# --- running a query --------------------------------------------------------------------------


@dataclass
class _Plan:
    engine: Engine
    q: SearchQuery
    lo: int
    hi: int
    criteria: list[Criterion]
    words: TextQuery | None
    text_count: int | None = None  # the capped count of the text alone, once made
    text_scores: dict[int, float] | None = None  # every text match, ranked, when fetched at once
    text_estimate: int | None = None  # the planner's estimate of the text matches (PostgreSQL)


def run(conn: Connection, q: SearchQuery) -> SearchResult:
    """Answer a query (see the module docstring for how every kind stays bounded)."""
    engine = Engine(conn)
    lo, hi = sk.seq_range(q.since, q.until)
    words = parse_text(q.text) if q.text and q.text.strip() else None
    plan = _Plan(engine, q, lo, hi, build_criteria(engine, q), words)
    if q.text and q.text.strip() and not words:
        return _empty(q, "the text has no word to search for")
    if any(not c.alternatives or any(not slots for slots in c.alternatives)
           for c in plan.criteria):
        return _empty(q, "nothing to look up")
    if not plan.criteria and words is None:
        return _structural(plan)
    scored = _enumerate(plan)
    if scored is None:
        return _broad(plan)
    return _exact(plan, scored)


def _empty(q: SearchQuery, note: str) -> SearchResult:
    return SearchResult([], 0, page=PageInfo(q.limit, q.offset), notes=[note])


def _alternative_seqs(plan: _Plan, slots: list[Slot], within: list[int] | None,
                      narrow: bool = False) -> dict[int, float] | None:
    """seq -> summed score of the documents matching every slot (among `within` when given), or
    None when every slot is broad and nothing narrows them."""
    e = plan.engine
    if narrow and within is None and len(slots) == 1:
        got = e.slot_fetch(slots[0], plan.lo, plan.hi, cap=CANDIDATES + 1)
        return got if len(got) <= CANDIDATES else None
    counts = sorted((e.slot_count(s, plan.lo, plan.hi, CANDIDATES + 1), i)
                    for i, s in enumerate(slots))
    found: dict[int, float] | None = None
    pool: list[int] | None = within
    for count, i in counts:
        slot = slots[i]
        if pool is None:
            if count > CANDIDATES:
                return None
            got = e.slot_fetch(slot, plan.lo, plan.hi)
        elif count > CANDIDATES or (not slot.prefixes and len(pool) * len(slot.keys) < count):
            got = e.slot_fetch(slot, plan.lo, plan.hi, within=pool)  # probe the few
        else:
            got = e.slot_fetch(slot, plan.lo, plan.hi)
        if found is None:
            keep = None if pool is None else set(pool)
            found = {s: v for s, v in got.items() if keep is None or s in keep}
        else:
            found = {s: found[s] + v for s, v in got.items() if s in found}
        if not found:
            return {}
        pool = sorted(found)
    return found or {}


def _criterion_seqs(plan: _Plan, c: Criterion, within: list[int] | None
                    ) -> dict[int, float] | None:
    out: dict[int, float] = {}
    for slots in c.alternatives:
        got = _alternative_seqs(plan, slots, within, c.narrow)
        if got is None:
            return None
        for s, v in got.items():
            out[s] = max(out.get(s, 0.0), v)
    return out


def _enumerate(plan: _Plan) -> dict[int, float] | None:
    """seq -> score of every match when some criterion is narrow (None when all are broad).
    Also applies the type / review filters. Text scores come after key scores."""
    e = plan.engine
    found: dict[int, float] | None = None
    pending = list(plan.criteria)
    # the narrowest key criterion first: a number or plate before a name before an officer
    for c in pending:
        got = _criterion_seqs(plan, c, None if found is None else sorted(found))
        if got is None:
            continue
        found = got if found is None else {s: found[s] + v for s, v in got.items() if s in found}
        pending = [p for p in pending if p is not c]
        break
    text_scores: dict[int, float] | None = None
    if plan.words is not None:
        if found is None:
            n = _text_count(plan, e.text_cap + 1)
            if n > e.text_cap:
                return None
            text_scores = plan.text_scores if plan.text_scores is not None else \
                e.fulltext.scored(e.conn, plan.words, plan.lo, plan.hi, e.text_cap + 1,
                                  rank=n <= e.rank_cap)
            found = {s: 0.0 for s in text_scores}
        elif found:
            text_scores = e.text_within(plan, sorted(found))
            found = {s: v for s, v in found.items() if s in text_scores}
    if found is None:
        return None
    for c in pending:
        if not found:
            break
        got = _criterion_seqs(plan, c, sorted(found))
        found = {s: found[s] + v for s, v in (got or {}).items() if s in found}
    if found and (plan.q.doc_type is not None or plan.q.needs_review is not None):
        facts = e.doc_facts(sorted(found))
        found = {s: v for s, v in found.items() if s in facts
                 and (plan.q.doc_type is None or facts[s][0] == plan.q.doc_type)
                 and (plan.q.needs_review is None or facts[s][1] == plan.q.needs_review)}
    if text_scores is not None:
        rank = len(found) <= e.rank_cap
        # key score in the integer part, text relevance (0..1) below it
        found = {s: v + (_squash(text_scores.get(s, 0.0)) if rank else 0.0)
                 for s, v in found.items()}
    return found


def _text_count(plan: _Plan, cap: int) -> int:
    """Text matches in the range, counting no further than cap. A phrase is counted only when
    the documents holding all its words are fewer than cap (checking positions costs)."""
    e, words = plan.engine, plan.words or []
    check = min(cap, PHRASE_CHECK["postgresql" if e.pg else "sqlite"])
    if has_phrase(words):
        n = e.fulltext.count(e.conn, relaxed(words), plan.lo, plan.hi, check)
        if n >= check:
            return cap
        if n <= e.rank_cap:  # few enough to rank outright: no separate count
            plan.text_scores = e.fulltext.scored(e.conn, words, plan.lo, plan.hi, n + 1)
            plan.text_count = len(plan.text_scores)
            return plan.text_count
    if e.pg and not has_phrase(words):  # counting visits rows: skip it when the statistics
        estimate = e.fulltext.estimate(e.conn, words, plan.lo, plan.hi)  # say it is common
        if estimate > ESTIMATE_FACTOR * cap:
            plan.text_estimate = estimate
            return cap
    plan.text_count = e.fulltext.count(e.conn, words, plan.lo, plan.hi, cap)
    return plan.text_count


def _squash(score: float) -> float:
    return max(0.0, score) / (1.0 + max(0.0, score)) * 0.999


def _exact(plan: _Plan, scored: dict[int, float]) -> SearchResult:
    """Every match is known: exact total, exact facets, ranked by score then newest."""
    q = plan.q
    order = sorted(scored.items(), key=lambda kv: (-kv[1], -kv[0]))
    start = q.offset
    if q.cursor:
        after = _decode_cursor(q.cursor)
        start = next((i for i, (s, v) in enumerate(order) if (-v, -s) > (-after[0], -after[1])),
                     len(order))
    page = order[start:start + q.limit]
    # by relevance when the text was ranked or key matches differ in quality; else newest first
    ranked = (plan.words is not None and len(scored) <= plan.engine.rank_cap) or \
        len(set(scored.values())) > 1
    result = SearchResult(_hits(plan, page), len(scored), ranked=ranked,
                          page=_page_info(q, start, page, len(order)))
    if plan.words is not None and len(scored) > plan.engine.rank_cap:
        result.notes.append(f"more than {plan.engine.rank_cap:,} text matches: newest first")
    if q.facets:
        facts = plan.engine.doc_facts([s for s, _ in order])
        result.facets = _facet_counts(plan, [(s, facts[s]) for s, _ in order if s in facts])
    return result


def _page_info(q: SearchQuery, start: int, page: list[tuple[int, float]], total: int | None,
               more: bool | None = None) -> PageInfo:
    has_more = more if more is not None else total is not None and start + len(page) < total
    cursor = _encode_cursor(page[-1][1], page[-1][0]) if page and has_more else None
    return PageInfo(q.limit, start, cursor, has_more)


def _structural(plan: _Plan) -> SearchResult:
    """Only type / date / review filters (or nothing): newest first from the B-tree indexes,
    total and type / year / review facets summed from search_counts."""
    q, e = plan.q, plan.engine
    after = _decode_cursor(q.cursor) if q.cursor else None
    hi = min(plan.hi, after[1] - 1) if after else plan.hi
    seqs = e.structural_newest(q.doc_type, q.needs_review, plan.lo, hi, q.limit + 1,
                               0 if after else q.offset)
    span = e.years() if q.since is None or q.until is None else [q.since.year, q.until.year]
    rows = e.period_counts(sk.range_periods(q.since, q.until, span), q.doc_type,
                           q.needs_review)
    total = sum(r[3] for r in rows)
    page = [(s, 0.0) for s in seqs[:q.limit]]
    result = SearchResult(_hits(plan, page), total, page=_page_info(
        q, q.offset if not after else 0, page, None, more=len(seqs) > q.limit))
    if q.facets:
        types: Counter[str] = Counter()
        years: Counter[str] = Counter()
        review: Counter[str] = Counter()
        for period, doc_type, flag, n in rows:
            types[doc_type] += n
            years[period[1:5]] += n
            review[str(flag).lower()] += n
        newest = e.structural_newest(q.doc_type, q.needs_review, plan.lo, plan.hi, FACET_SAMPLE)
        officers = _officer_counts(e, newest)
        result.facets = {"doc_type": _top(types), "year": _top(years, by_value=True),
                         "officer": officers, "needs_review": _top(review)}
        result.facets_exact = len(newest) < FACET_SAMPLE
        if not result.facets_exact:
            result.notes.append(f"officer counts are of the newest {FACET_SAMPLE:,} documents")
    return result


def _broad(plan: _Plan) -> SearchResult:
    """Every criterion is broad: scan the newest documents of the narrowest one (text first:
    its engine serves seq order) in chunks, keep those matching the rest."""
    q, e = plan.q, plan.engine
    after = _decode_cursor(q.cursor) if q.cursor else None
    hi = min(plan.hi, after[1] - 1) if after else plan.hi
    if not after and q.offset > MAX_BROAD_OFFSET:
        raise ValueError(f"more than {MAX_BROAD_OFFSET:,} documents match: page on with the "
                         "cursor, or narrow the search")
    want = (0 if after else q.offset) + q.limit + 1
    if q.facets:
        want = max(want, FACET_SAMPLE)
    filtered = len(plan.criteria) + (plan.words is not None) > 1 or \
        plan.q.doc_type is not None or plan.q.needs_review is not None
    size = SCAN_CHUNK if filtered else want
    phrase = plan.words is not None and has_phrase(plan.words)
    dialect = "postgresql" if e.pg else "sqlite"
    # Text on PostgreSQL, and phrases, go back in windows of filed documents that double in
    # size: the GIN index finds the matches of one window (no row read outside it).
    window, scan_cap = 0, SCAN_CAP
    if phrase:
        window, scan_cap = PHRASE_WINDOW[dialect], PHRASE_SCAN[dialect]
    elif plan.words is not None and e.pg:
        window, scan_cap = PHRASE_WINDOW[dialect], 1 << 62
    matched: list[int] = []
    scanned = 0
    exhausted = False
    deadline = time.monotonic() + SCAN_SECONDS
    while len(matched) < want and scanned < scan_cap and (not matched or
                                                           time.monotonic() < deadline):
        lo = e.window_start(plan.lo, hi, window) if window else plan.lo
        chunk = _driver_newest(plan, lo, hi, size, windowed=bool(window))
        scanned += window or len(chunk)
        window *= 2
        if chunk:
            matched.extend(_filter_chunk(plan, chunk) if filtered else chunk)
        if len(chunk) == size:
            hi = chunk[-1] - 1
        elif lo <= plan.lo:
            exhausted = True
            break
        else:
            hi = lo - 1
    start = 0 if after else q.offset
    page = [(s, 0.0) for s in matched[start:start + q.limit]]
    total, total_exact = _broad_total(plan, len(matched), exhausted)
    result = SearchResult(_hits(plan, page), total, total_exact=total_exact,
                          page=_page_info(q, start, page, None,
                                          more=len(matched) > start + q.limit))
    if plan.words is not None:
        result.notes.append("too many text matches to rank: newest first")
    if not exhausted and len(matched) < want:
        result.notes.append(f"stopped after looking at the newest {scanned:,} candidates: "
                            "narrow the search for the rest")
    if q.facets:
        sample = matched[:FACET_SAMPLE]
        facts = e.doc_facts(sample)
        result.facets = _facet_counts(plan, [(s, facts[s]) for s in sample if s in facts])
        result.facets_exact = exhausted and len(matched) <= FACET_SAMPLE
        if not result.facets_exact:
            result.notes.append(f"facets are of the newest {len(sample):,} matches")
    return result


def _driver_newest(plan: _Plan, lo: int, hi: int, limit: int, windowed: bool = False
                   ) -> list[int]:
    e = plan.engine
    if plan.words is not None:
        return e.fulltext.newest(e.conn, plan.words, lo, hi, limit, windowed=windowed)
    # the criterion whose first alternative has the narrowest first slot
    c = plan.criteria[0]
    seqs: set[int] = set()
    for slots in c.alternatives:
        seqs.update(e.slot_newest(slots[0], lo, hi, limit))
    return sorted(seqs, reverse=True)[:limit]


def _filter_chunk(plan: _Plan, chunk: list[int]) -> list[int]:
    e = plan.engine
    keep = set(chunk)
    for c in plan.criteria:
        got = _criterion_seqs(plan, c, sorted(keep)) or {}
        keep &= set(got)
    if keep and plan.words is not None and plan.criteria:
        keep &= set(e.text_within(plan, sorted(keep)))
    if keep and (plan.q.doc_type is not None or plan.q.needs_review is not None):
        facts = e.doc_facts(sorted(keep))
        keep = {s for s in keep if s in facts
                and (plan.q.doc_type is None or facts[s][0] == plan.q.doc_type)
                and (plan.q.needs_review is None or facts[s][1] == plan.q.needs_review)}
    return [s for s in chunk if s in keep]


def _broad_total(plan: _Plan, matched: int, exhausted: bool) -> tuple[int, bool]:
    """The total of a broad query: exact when the scan ran out, else a capped count of the
    driver alone when it is the only criterion, else the matches found (a lower bound)."""
    if exhausted:
        return matched, True
    e = plan.engine
    unfiltered = plan.q.doc_type is None and plan.q.needs_review is None
    if plan.words is not None and not plan.criteria and not has_phrase(plan.words) and unfiltered:
        if plan.text_estimate is not None:
            return max(matched, plan.text_estimate), False  # about this many
        cap = e.count_cap
        n = plan.text_count if plan.text_count is not None and plan.text_count > cap \
            else e.fulltext.count(e.conn, plan.words, plan.lo, plan.hi, cap + 1)
        return min(n, cap), n <= cap
    if plan.words is None and unfiltered and len(plan.criteria) == 1 and \
            len(plan.criteria[0].alternatives) == 1 and len(plan.criteria[0].alternatives[0]) == 1:
        slot = plan.criteria[0].alternatives[0][0]
        n = e.slot_count(slot, plan.lo, plan.hi, COUNT_CAP + 1)  # key rows: about documents
        return max(matched, min(n, COUNT_CAP)), False
    return matched, False


def _hits(plan: _Plan, page: list[tuple[int, float]]) -> list[SearchHit]:
    e = plan.engine
    seqs = [s for s, _ in page]
    rows = e.hit_rows(seqs)
    snippets = (e.fulltext.snippets(e.conn, plan.words, seqs) if plan.words is not None
                else {})
    hits = []
    for seq, score in page:
        row = rows.get(seq)
        if row is None:
            continue
        at = row["ingested_at"]
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        pieces = split_marks(snippets.get(seq, ""))
        hits.append(SearchHit(
            id=row["id"], source_name=row["source_name"], doc_type=row["doc_type"],
            ingested_at=sk.as_utc(at).isoformat(), pages=row["pages"], score=score,
            snippet="".join(f"[{t}]" if m else t for t, m in pieces),
            needs_review=row["needs_review"], case_numbers=row["case_numbers"],
            highlights=pieces))
    return hits


def split_marks(snippet: str) -> list[tuple[str, bool]]:
    """A snippet with highlight markers as (text, matched) pieces."""
    out: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(MARK_START)
        if start < 0:
            out.append((rest, False))
            break
        if start:
            out.append((rest[:start], False))
        end = rest.find(MARK_END, start)
        end = len(rest) if end < 0 else end
        out.append((rest[start + 1:end], True))
        rest = rest[end + 1:]
    return [(t, m) for t, m in out if t]


# --- facets -----------------------------------------------------------------------------------


def _facet_counts(plan: _Plan, facts: list[tuple[int, tuple[str, bool, str]]]
                  ) -> dict[str, list[FacetCount]]:
    types: Counter[str] = Counter()
    years: Counter[str] = Counter()
    review: Counter[str] = Counter()
    officers: Counter[str] = Counter()
    for seq, (doc_type, flag, officer_values) in facts:
        types[doc_type] += 1
        years[str(sk.year_of(seq))] += 1
        review[str(flag).lower()] += 1
        officers.update(v for v in officer_values.split("|") if v)
    return {"doc_type": _top(types), "year": _top(years, by_value=True),
            "officer": _label_officers(plan.engine, _top(officers)),
            "needs_review": _top(review)}


def _officer_counts(e: Engine, seqs: list[int]) -> list[FacetCount]:
    counts: Counter[str] = Counter()
    for _doc_type, _flag, values in e.doc_facts(seqs).values():
        counts.update(v for v in values.split("|") if v)
    return _label_officers(e, _top(counts))


def _label_officers(e: Engine, counts: list[FacetCount]) -> list[FacetCount]:
    """Officer facet values (badges, or folded names when no badge was written) labelled with
    roster names; a name the roster knows is counted under its badge."""
    if not counts:
        return counts
    roster = e.roster()
    names = {sk.compact(b): n for b, n in roster}
    badges = {" ".join(sk.name_words(n)): sk.compact(b) for b, n in roster}
    merged: Counter[str] = Counter()
    for c in counts:
        merged[badges.get(c.value, c.value)] += c.count
    out = _top(merged)
    for c in out:
        c.label = names.get(c.value, c.value if c.value.isdigit() else c.value.title())
    return out


def _top(counter: Counter[str], *, by_value: bool = False, limit: int = 50) -> list[FacetCount]:
    items = (sorted(counter.items(), reverse=True) if by_value
             else sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    return [FacetCount(v, n) for v, n in items[:limit]]


# --- cursors ----------------------------------------------------------------------------------


def _encode_cursor(score: float, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{score!r}:{seq}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[float, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        score, seq = raw.split(":")
        return float(score), int(seq)
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError("not a cursor of this search") from e


# --- writing ----------------------------------------------------------------------------------


@dataclass
class SearchFacts:
    """What one document contributes to the search tables."""

    doc_type: str
    needs_review: bool
    keys: set[str]
    terms: set[str]
    officers: str


def facts_of(doc_type: str, needs_review: bool, entities: Iterable[Any],
             appearance: dict[str, Any] | None) -> SearchFacts:
    """The search facts of a document from its entity rows (kind, value, role) and appearance."""
    entities = list(entities)
    keys = sk.document_keys(entities, appearance)
    officers = sorted(k[len(sk.OFFICER):] for k in keys
                      if k.startswith(sk.OFFICER) and not k.startswith((sk.OFFICER_NAME,
                                                                       sk.OFFICER_PAIR)))
    return SearchFacts(doc_type, needs_review, keys, sk.document_terms(entities, appearance),
                       "|".join(officers)[:512])


DOC_INSERT = ("INSERT INTO search_docs (seq, document_id, doc_type, needs_review, officers) "
              "VALUES (:s, :d, :t, :r, :o)")
DOC_INSERT_PG = ("INSERT INTO search_docs (seq, document_id, doc_type, needs_review, officers, tsv) "
                 "VALUES (:s, :d, :t, :r, :o, to_tsvector('english', :n || ' ' || :x))")


def index_document(conn: Connection, *, document_id: str, filed_at: datetime, source_name: str,
                   body: str, facts: SearchFacts) -> int:
    """Make a filed document searchable, in the caller's transaction. Returns its seq."""
    pg = conn.dialect.name == "postgresql"
    seq = 0
    for _attempt in range(5):
        seq = sk.new_seq(filed_at)
        try:
            with conn.begin_nested():
                conn.execute(text(DOC_INSERT_PG if pg else DOC_INSERT), doc_params(
                    seq, document_id, source_name, body, facts))
            break
        except sa_exc.IntegrityError:  # the same second and the same 30 random bits: again
            if conn.execute(text("SELECT 1 FROM search_docs WHERE document_id = :d"),
                            {"d": document_id}).first():
                raise
    _write_keys(conn, seq, facts.keys)
    add_terms(conn, facts.terms)
    add_counts(conn, sk.seq_time(seq).date(), facts.doc_type, facts.needs_review, 1)
    if not pg:
        SqliteFullText().add(conn, seq, source_name, body)
    return seq


def doc_params(seq: int, document_id: str, source_name: str, body: str,
               facts: SearchFacts) -> dict[str, Any]:
    """Bound parameters of DOC_INSERT / DOC_INSERT_PG."""
    return {"s": seq, "d": document_id, "t": facts.doc_type, "r": facts.needs_review,
            "o": facts.officers, "n": source_name, "x": body}


def reindex_document(conn: Connection, document_id: str, old: SearchFacts,
                     new: SearchFacts) -> None:
    """Bring a document's search rows from its old facts to its new ones (reextract, review)."""
    row = conn.execute(text("SELECT seq FROM search_docs WHERE document_id = :d"),
                       {"d": document_id}).first()
    if row is None:
        return
    seq = int(row[0])
    conn.execute(text("UPDATE search_docs SET doc_type = :t, needs_review = :r, officers = :o "
                      "WHERE seq = :s"),
                 {"t": new.doc_type, "r": new.needs_review, "o": new.officers, "s": seq})
    gone = sorted(old.keys - new.keys)
    if gone:
        conn.execute(text("DELETE FROM search_keys WHERE key = :k AND seq = :s"),
                     [{"k": k, "s": seq} for k in gone])
    _write_keys(conn, seq, new.keys - old.keys)
    add_terms(conn, new.terms)
    if (old.doc_type, old.needs_review) != (new.doc_type, new.needs_review):
        day = sk.seq_time(seq).date()
        add_counts(conn, day, old.doc_type, old.needs_review, -1)
        add_counts(conn, day, new.doc_type, new.needs_review, 1)


def _write_keys(conn: Connection, seq: int, keys: Iterable[str]) -> None:
    rows = [{"k": k, "s": seq} for k in sorted(keys)]
    if rows:
        conn.execute(text("INSERT INTO search_keys (key, seq) VALUES (:k, :s) "
                          "ON CONFLICT DO NOTHING"), rows)


def add_terms(conn: Connection, words: Iterable[str]) -> None:
    """Add name words to the fuzzy vocabulary (those already there cost one lookup)."""
    words = sorted(set(words))
    if not words:
        return
    params = {f"w{i}": w for i, w in enumerate(words)}
    names = ", ".join(f":w{i}" for i in range(len(words)))
    known = {w for (w,) in conn.execute(text(
        f"SELECT key FROM search_terms WHERE key IN ({names}) AND term = key"), params)}
    rows = [{"k": k, "t": t} for k, t in sk.term_rows(w for w in words if w not in known)]
    if rows:
        conn.execute(text("INSERT INTO search_terms (key, term) VALUES (:k, :t) "
                          "ON CONFLICT DO NOTHING"), rows)


COUNT_UPSERT = (
    "INSERT INTO search_counts (period, doc_type, needs_review, n) VALUES (:p, :t, :r, :n) "
    "ON CONFLICT (period, doc_type, needs_review) DO UPDATE SET n = search_counts.n + :n")


def add_counts(conn: Connection, day: date, doc_type: str, needs_review: bool, n: int) -> None:
    """Count documents in (or out of, n < 0) the summary of their filing year and day."""
    conn.execute(text(COUNT_UPSERT),
                 [{"p": p, "t": doc_type, "r": needs_review, "n": n} for p in sk.periods(day)])


def random_seq_source(seed: int) -> random.Random:
    """A seeded source of seq low bits (bulk loads that must be reproducible)."""
    return random.Random(seed)
