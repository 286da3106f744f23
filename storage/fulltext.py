"""Full-text search, per database dialect: SQLite FTS5 or PostgreSQL tsvector/GIN.

The user's text is parsed once (`parse_text`) into OR-ed groups of AND-ed terms, each term a word,
a prefix (`burgl*`) or a "quoted phrase", possibly negated (`NOT word`, `-word`), and then written
out as an FTS5 MATCH expression or a PostgreSQL tsquery. Nothing the user types reaches either
engine as syntax.

Both engines are keyed by `search_docs.seq` (time-ordered, see storage/search_keys.py): the FTS5
table's rowid is the seq, and on PostgreSQL the tsvector is a column of `search_docs`. So "newest
first" and a filing-date range are rowid/seq ranges the engines serve from their own indexes.

The tables and indexes themselves are created by the Alembic migrations (storage/migrations/).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

SNIPPET_WORDS = 12
SNIPPET_BEFORE, SNIPPET_WINDOW = 300, 1500  # characters of text handed to ts_headline
MARK_START, MARK_END = "\ue000", "\ue001"  # highlight markers inside snippets (private use)
TEXT_WEIGHTS = (2.0, 1.0)  # source_name, text


@dataclass(frozen=True)
class Term:
    """One word, prefix or phrase of a text query."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False


TextQuery = list[list[Term]]  # OR of AND-groups; a group needs at least one positive term


def parse_text(query: str) -> TextQuery:
    """Read `pry tool`, `"pry tool"`, `burglary OR theft`, `theft NOT shoplifting`, `theft -car`,
    `burgl*`. AND is implicit (and may be written); OR binds loosest. Parentheses are ignored."""
    groups: TextQuery = [[]]
    negate = False
    for m in re.finditer(r'(-?)"([^"]*)"?|(\S+)', query.replace("(", " ").replace(")", " ")):
        if m.group(3) is not None:
            raw = m.group(3)
            if raw == "OR":
                if groups[-1]:
                    groups.append([])
                negate = False
                continue
            if raw == "AND":
                continue
            if raw == "NOT":
                negate = True
                continue
            neg = raw.startswith("-") and len(raw) > 1
            raw = raw[1:] if neg else raw
            prefix = raw.endswith("*")
            words = _words(raw.rstrip("*"))
            if words:
                groups[-1].append(Term(words, prefix=prefix and len(words) == 1,
                                       negated=negate or neg))
        else:
            words = _words(m.group(2))
            if words:
                groups[-1].append(Term(words, negated=negate or bool(m.group(1))))
        negate = False
    return [g for g in groups if any(not t.negated for t in g)]


def has_phrase(q: TextQuery) -> bool:
    """Whether a positive term is a phrase (engines check positions: costly on many documents)."""
    return any(len(t.words) > 1 and not t.negated for g in q for t in g)


def relaxed(q: TextQuery) -> TextQuery:
    """The query with each positive phrase as its words ANDed: the documents that may match."""
    return [[Term((w,)) for t in g if not t.negated for w in t.words]
            + [t for t in g if t.negated] for g in q]


def _words(raw: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in re.findall(r"\w+", raw))


def _fts5_term(term: Term) -> str:
    body = '"' + " ".join(term.words).replace('"', '""') + '"'
    return body + ("*" if term.prefix else "")


def fts5_query(query: TextQuery) -> str:
    """The FTS5 MATCH expression of a parsed query."""
    out = []
    for group in query:
        positive = " AND ".join(_fts5_term(t) for t in group if not t.negated)
        negative = "".join(f" NOT {_fts5_term(t)}" for t in group if t.negated)
        out.append(f"({positive}{negative})")
    return " OR ".join(out)


def _ids(seqs: list[int]) -> str:
    return json.dumps(seqs)


class SqliteFullText:
    """FTS5 table `search_fts` (rowid = seq) over the view `search_fts_content` (no second copy)."""

    def estimate(self, conn: Connection, q: TextQuery, lo: int, hi: int) -> int:
        """No estimate without counting (0: unknown); FTS5 counts cheaply."""
        return 0

    def add(self, conn: Connection, seq: int, source_name: str, body: str) -> None:
        """Index one document's text (in the caller's transaction)."""
        conn.execute(text("INSERT INTO search_fts(rowid, source_name, text) VALUES (:s, :n, :t)"),
                     {"s": seq, "n": source_name, "t": body})

    def add_many(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Index many documents' text: rows of {"s": seq, "n": source_name, "x": text}."""
        if rows:
            conn.execute(text("INSERT INTO search_fts(rowid, source_name, text) "
                              "VALUES (:s, :n, :x)"), rows)

    def count(self, conn: Connection, q: TextQuery, lo: int, hi: int, cap: int) -> int:
        """How many documents in the seq range match, counting no further than cap."""
        return int(conn.execute(text(
            "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :q "
            "AND rowid BETWEEN :lo AND :hi LIMIT :cap)"),
            {"q": fts5_query(q), "lo": lo, "hi": hi, "cap": cap}).scalar() or 0)

    def scored(self, conn: Connection, q: TextQuery, lo: int, hi: int, cap: int,
               within: list[int] | None = None, rank: bool = True) -> dict[int, float]:
        """seq -> relevance (BM25, higher is better; 0 when rank is off) of every match (at most
        cap), or of the matches among `within`."""
        params: dict[str, Any] = {"q": fts5_query(q), "lo": lo, "hi": hi, "cap": cap}
        where = "rowid BETWEEN :lo AND :hi"
        if within is not None:
            where = f"rowid IN ({','.join(str(int(s)) for s in within)})"
        score = f"-bm25(search_fts, {TEXT_WEIGHTS[0]}, {TEXT_WEIGHTS[1]})" if rank else "0"
        rows = conn.execute(text(
            f"SELECT rowid, {score} FROM search_fts WHERE search_fts MATCH :q AND {where} "
            "LIMIT :cap"), params).all()
        return {int(r[0]): float(r[1]) for r in rows}

    def newest(self, conn: Connection, q: TextQuery, lo: int, hi: int, limit: int,
               windowed: bool = False) -> list[int]:
        """The newest matches (seq descending) in the seq range, at most limit."""
        rows = conn.execute(text(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH :q AND rowid BETWEEN :lo AND :hi "
            "ORDER BY rowid DESC LIMIT :n"),
            {"q": fts5_query(q), "lo": lo, "hi": hi, "n": limit}).all()
        return [int(r[0]) for r in rows]

    def snippets(self, conn: Connection, q: TextQuery, seqs: list[int]) -> dict[int, str]:
        """seq -> a snippet around the best match, matched words between MARK_START/MARK_END."""
        if not seqs:
            return {}
        rows = conn.execute(text(
            f"SELECT rowid, snippet(search_fts, -1, '{MARK_START}', '{MARK_END}', '…', "
            f"{SNIPPET_WORDS}) FROM search_fts WHERE search_fts MATCH :q "
            "AND rowid IN (SELECT value FROM json_each(:ids))"),
            {"q": fts5_query(q), "ids": _ids(seqs)})
        return {int(r[0]): one_line(r[1]) for r in rows}


PLANS = {  # planner settings per mode (PostgreSQL): seqscan, indexscan, bitmapscan
    "normal": ("on", "on", "on"),
    "bitmap": ("off", "off", "on"),  # the GIN index: reads no tsvector unless it must recheck
    "range": ("off", "on", "off"),  # along seq: reads the tsvector of each row in the range only
}


def plan_mode(conn: Connection, mode: str) -> None:
    """PostgreSQL: steer the planner for the rest of this transaction (one round trip, only when
    the mode changes). A bitmap scan of the GIN index reads no tsvector unless positions or a
    NOT must be checked, and then it may read them all over the table; a range scan along seq
    reads one per row of the range."""
    if conn.dialect.name != "postgresql":
        return
    tx = id(conn.get_transaction())
    if conn.info.get("casefolio_plan", (tx, "normal")) == (tx, mode):
        return
    seq, index, bitmap = PLANS[mode]
    conn.execute(text(f"SELECT set_config('enable_seqscan', '{seq}', true), "
                      f"set_config('enable_indexscan', '{index}', true), "
                      f"set_config('enable_bitmapscan', '{bitmap}', true)"))
    conn.info["casefolio_plan"] = (tx, mode)


def bitmap_plans(conn: Connection, on: bool) -> None:
    """plan_mode "bitmap" (on) or "normal" (off)."""
    plan_mode(conn, "bitmap" if on else "normal")


def rechecks(q: TextQuery) -> bool:
    """Whether the GIN index alone cannot decide a match (a phrase, or a NOT)."""
    return has_phrase(q) or any(t.negated for g in q for t in g)


class PostgresFullText:
    """The tsvector column `search_docs.tsv` with a GIN index; ranked with ts_rank. The column is
    filled by the INSERT of the search row (storage/search.py)."""

    @staticmethod
    def tsquery(q: TextQuery) -> tuple[str, dict[str, Any]]:
        """A tsquery SQL expression of a parsed query, with its bound parameters."""
        params: dict[str, Any] = {}
        groups = []
        for group in q:
            parts = []
            for term in group:
                name = f"w{len(params)}"
                if term.prefix:
                    params[name] = re.sub(r"[^\w]", "", term.words[0]) + ":*"
                    expr = f"to_tsquery('english', :{name})"
                else:
                    params[name] = " ".join(term.words)
                    expr = f"phraseto_tsquery('english', :{name})"
                parts.append(f"!!{expr}" if term.negated else expr)
            groups.append("(" + " && ".join(parts) + ")")
        return "(" + " || ".join(groups) + ")", params

    def estimate(self, conn: Connection, q: TextQuery, lo: int, hi: int) -> int:
        """The planner's estimate of the matches (from the tsvector statistics; no row read)."""
        expr, params = self.tsquery(q)
        plan = conn.execute(text(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_docs WHERE tsv @@ {expr} "
            "AND seq BETWEEN :lo AND :hi"), {**params, "lo": lo, "hi": hi}).scalar()
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"]) if plan else 0

    def count(self, conn: Connection, q: TextQuery, lo: int, hi: int, cap: int) -> int:
        """How many documents in the seq range match, counting no further than cap."""
        expr, params = self.tsquery(q)
        bitmap_plans(conn, True)
        return int(conn.execute(text(
            f"SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE tsv @@ {expr} "
            "AND seq BETWEEN :lo AND :hi LIMIT :cap) x"),
            {**params, "lo": lo, "hi": hi, "cap": cap}).scalar() or 0)

    def scored(self, conn: Connection, q: TextQuery, lo: int, hi: int, cap: int,
               within: list[int] | None = None, rank: bool = True) -> dict[int, float]:
        """seq -> relevance (ts_rank; 0 when rank is off) of every match (at most cap), or of
        the matches among `within`."""
        expr, params = self.tsquery(q)
        params.update({"lo": lo, "hi": hi, "cap": cap})
        where = "seq BETWEEN :lo AND :hi"
        if within is not None:
            where = "seq = ANY(:ids)"
            params["ids"] = within
        score = f"ts_rank(tsv, {expr})" if rank else "0"
        bitmap_plans(conn, within is None)
        rows = conn.execute(text(
            f"SELECT seq, {score} FROM search_docs WHERE tsv @@ {expr} AND {where} "
            "LIMIT :cap"), params).all()
        return {int(r[0]): float(r[1]) for r in rows}

    def newest(self, conn: Connection, q: TextQuery, lo: int, hi: int, limit: int,
               windowed: bool = False) -> list[int]:
        """The newest matches (seq descending) in the seq range, at most limit. In a window of
        documents the GIN index finds them (positions checked only where all words are);
        over a whole range the planner chooses (backwards along seq for a common word)."""
        expr, params = self.tsquery(q)
        if windowed:  # the window's rows along seq when each must be rechecked, else the GIN
            plan_mode(conn, "range" if rechecks(q) else "bitmap")
        else:
            bitmap_plans(conn, has_phrase(q))
        rows = conn.execute(text(
            f"SELECT seq FROM search_docs WHERE tsv @@ {expr} AND seq BETWEEN :lo AND :hi "
            "ORDER BY seq DESC LIMIT :n"), {**params, "lo": lo, "hi": hi, "n": limit})
        return [int(r[0]) for r in rows]

    def snippets(self, conn: Connection, q: TextQuery, seqs: list[int]) -> dict[int, str]:
        """seq -> a snippet around the best match, matched words between MARK_START/MARK_END.
        ts_headline parses all the text it is given, so it gets a window of the text around the
        first place a query word is written (the start of the text when none is)."""
        if not seqs:
            return {}
        expr, params = self.tsquery(q)
        plan_mode(conn, "normal")
        first = next((t.words[0] for g in q for t in g if not t.negated), "")
        rows = conn.execute(text(
            "SELECT s.seq, ts_headline('english', substr(d.text, greatest(1, "
            "strpos(lower(d.text), :first) - :before), :window), x.q, "
            f"'StartSel={MARK_START},StopSel={MARK_END},MaxWords={SNIPPET_WORDS + 8},"
            f"MinWords=6,ShortWord=2') FROM search_docs s JOIN documents d ON d.id = s.document_id, "
            f"(SELECT {expr} AS q) x WHERE s.seq = ANY(:ids)"),
            {**params, "ids": seqs, "first": first, "before": SNIPPET_BEFORE,
             "window": SNIPPET_WINDOW}).all()
        return {int(r[0]): one_line(r[1]) for r in rows}


def one_line(snippet: str | None) -> str:
    """A snippet on one line."""
    return re.sub(r"\s+", " ", snippet or "").strip()


def for_dialect(name: str) -> SqliteFullText | PostgresFullText:
    """The full-text implementation for a SQLAlchemy dialect name."""
    return PostgresFullText() if name == "postgresql" else SqliteFullText()
