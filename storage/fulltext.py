"""Full-text search, per database dialect: SQLite FTS5 or PostgreSQL tsvector/GIN.

The tables and indexes themselves are created by the Alembic migrations (storage/migrations/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

SNIPPET_WORDS = 12


@dataclass(frozen=True)
class TextMatch:
    """A document that matched a full-text query."""

    document_id: str
    score: float
    snippet: str


def _fts5_query(query: str) -> str:
    """Turn user text into a safe FTS5 query: every term quoted, all required.

    Terms keep their inner punctuation (24-003817 becomes a phrase), and a trailing * is kept as a
    prefix search; FTS5 operators typed by the user are treated as words.
    """
    terms = []
    for raw in query.split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*").replace('"', "")
        if not re.search(r"\w", word):
            continue
        terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


class SqliteFullText:
    """FTS5 virtual table beside the documents table, written in the same transaction."""

    def add(self, conn: Connection, document_id: str, source_name: str, body: str) -> None:
        conn.execute(
            text("INSERT INTO documents_fts(document_id, source_name, text) VALUES (:i, :n, :t)"),
            {"i": document_id, "n": source_name, "t": body},
        )

    def search(self, conn: Connection, query: str, limit: int) -> list[TextMatch]:
        match = _fts5_query(query)
        if not match:
            return []
        rows = conn.execute(
            text(
                "SELECT document_id, bm25(documents_fts, 0.0, 2.0, 1.0) AS score, "
                f"snippet(documents_fts, 2, '[', ']', '…', {SNIPPET_WORDS}) "
                "FROM documents_fts WHERE documents_fts MATCH :q ORDER BY score LIMIT :n"
            ),
            {"q": match, "n": limit},
        )
        return [TextMatch(r[0], -float(r[1]), _one_line(r[2])) for r in rows]


class PostgresFullText:
    """An expression GIN index on to_tsvector('english', text); ranked with ts_rank."""

    def add(self, conn: Connection, document_id: str, source_name: str, body: str) -> None:
        """Nothing to do: the expression index follows the documents table."""

    def search(self, conn: Connection, query: str, limit: int) -> list[TextMatch]:
        words = " ".join(w.replace("'", "") for w in query.split() if re.search(r"\w", w))
        if not words:
            return []
        rows = conn.execute(
            text(
                "SELECT id, ts_rank(v, q) AS score, ts_headline('english', text, q, "
                f"'StartSel=[,StopSel=],MaxWords={SNIPPET_WORDS + 8},MinWords=6') FROM ("
                "SELECT id, text, to_tsvector('english', coalesce(source_name,'') || ' ' || text) "
                "AS v, websearch_to_tsquery('english', :q) AS q FROM documents) d "
                "WHERE v @@ q ORDER BY score DESC LIMIT :n"
            ),
            {"q": words, "n": limit},
        )
        return [TextMatch(r[0], float(r[1]), _one_line(r[2])) for r in rows]


def _one_line(snippet: str) -> str:
    return re.sub(r"\s+", " ", snippet or "").strip()


def for_dialect(name: str) -> SqliteFullText | PostgresFullText:
    """The full-text implementation for a SQLAlchemy dialect name."""
    return PostgresFullText() if name == "postgresql" else SqliteFullText()
