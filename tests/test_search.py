"""The archive search a records clerk uses, on both backends (SQLite + FTS5 and PostgreSQL +
tsvector; `backend` is parametrised as in tests/test_storage_backends.py).

Each test files a handful of documents and asks what a clerk would ask: typed number variants,
misread plates, misspelt and reordered names, officers, phrases and boolean text, facets and pages.
The guards that keep broad queries cheap are exercised by shrinking their caps, so the same code
paths a 1M-document archive takes run on a small one.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from base.models import Appearance, Document, Entity, Extraction, Page
from base.settings import Settings, load_settings
from pipelines.search import search
from storage import search as engine
from storage.index import Index
from storage.search import SearchQuery, SearchResult
from tests.services import Backend, backend  # noqa: F401  (pytest fixture)


def make_doc(n: int, *, text: str = "", doc_type: str = "incident_report",
             filed: str = "2024-03-01T10:00:00+00:00", persons: tuple[tuple[str, str], ...] = (),
             cases: tuple[str, ...] = (), citations: tuple[str, ...] = (),
             courts: tuple[str, ...] = (), plates: tuple[str, ...] = (),
             appearance: Appearance | None = None, review: bool = False) -> Document:
    """A filed document with these facts (persons as (name, role))."""
    sha = hashlib.sha256(f"doc-{n}-{uuid.uuid4()}".encode()).hexdigest()
    entities = ([Entity("person", name, page=1, role=role) for name, role in persons]
                + [Entity("case_number", c, page=1) for c in cases]
                + [Entity("citation_number", c, page=1) for c in citations]
                + [Entity("court_case_number", c, page=1) for c in courts]
                + [Entity("plate", p, page=1, state="OR") for p in plates])
    return Document(
        id=uuid.uuid4().hex, source_name=f"scan_{n:04d}.pdf", sha256=sha, kind="pdf", size=100,
        pages=[Page(number=1, text=text or f"document {n}", method="text")],
        extraction=Extraction(doc_type=doc_type, doc_type_confidence=0.9, entities=entities,
                              appearance=appearance,
                              review_reasons=["low_confidence"] if review else []),
        ingested_at=filed, original_key=f"o/{sha}", searchable_key=f"s/{sha}",
        text_key=f"t/{sha}")


CORPUS = {
    "burglary": make_doc(
        1, text="Burglary at the hardware store. The rear door was forced with a pry tool. "
        "Officer Lee recovered the stolen drill.", filed="2023-05-02T09:00:00+00:00",
        persons=(("James Robert Harrington", "suspect"), ("Ann Lee", "officer")),
        cases=("24-003817",), plates=("482KLM",)),
    "citation": make_doc(
        2, text="Speeding citation on Highway 99, vehicle stopped by the officer.",
        doc_type="citation", filed="2024-02-10T12:00:00+00:00",
        persons=(("Maria Elena Gonzalez", "defendant"), ("Ann Lee", "officer")),
        citations=("T1234567",), courts=("24CR12345",), plates=("ABC1234",),
        appearance=Appearance(date="2024-03-28", officer_badge="2231", officer_name="Ann Lee")),
    "tow": make_doc(
        3, text="Tow record: the vehicle was towed from the hardware store lot; a tool box was "
        "left in it, no pry marks.", doc_type="tow_record", filed="2024-06-01T08:00:00+00:00",
        persons=(("Samuel O'Neill Jr.", "owner"), ("Gonzalez Maria", "other")),
        cases=("24-003817", "24-000012"), plates=("7SBZ018",), review=True),
    "subpoena": make_doc(
        4, text="Subpoena to appear in the circuit court.", doc_type="subpoena",
        filed="2024-06-03T08:00:00+00:00",
        persons=(("J. Harrington", "witness"), ("Derek Stone", "officer")),
        appearance=Appearance(date="2024-07-01", officer_badge="1187",
                              officer_name="Derek Stone")),
    "smith": make_doc(
        5, text="Theft of a bicycle reported by the owner.", filed="2025-01-15T08:00:00+00:00",
        persons=(("Jane Harrington", "victim"), ("Robert Smith", "reporting_party")),
        cases=("25-000100",), plates=("482KLN",)),
}


EVERY = "officer OR vehicle OR court OR owner"  # a word of every document


@pytest.fixture
def archive(backend: Backend, tmp_path: Path) -> Iterator[tuple[Index, Settings, dict[str, str]]]:  # noqa: F811
    settings = load_settings(home=tmp_path / "home", **backend.settings_overrides())
    index = Index(backend.database_url)
    ids = {}
    for name, doc in CORPUS.items():
        fresh = Document(**{**doc.__dict__, "id": uuid.uuid4().hex,
                            "sha256": hashlib.sha256(uuid.uuid4().bytes).hexdigest()})
        assert index.add_document(fresh) == fresh.id
        ids[name] = fresh.id
    try:
        yield index, settings, ids
    finally:
        index.close()


def found(archive: tuple[Index, Settings, dict[str, str]], **criteria: object) -> list[str]:
    """Names (keys of CORPUS) of the documents a query finds, in result order."""
    index, settings, ids = archive
    names = {v: k for k, v in ids.items()}
    result = search(index, settings, SearchQuery(**criteria))  # type: ignore[arg-type]
    return [names[h.id] for h in result.hits]


def test_numbers_as_typed(archive) -> None:
    for typed in ("24-003817", "24-3817", "TPD24-003817", "24 3817", "24003817"):
        assert set(found(archive, case=typed)) == {"burglary", "tow"}, typed
    assert found(archive, case="24-12") == ["tow"]
    assert found(archive, case="24-3818") == []
    for typed in ("24CR12345", "24 CR 12345", "24-CR-12345", "24cr12345"):
        assert found(archive, court_case=typed) == ["citation"], typed
    assert found(archive, citation="t1234567") == ["citation"]
    assert found(archive, citation="T1234568") == []


def test_plates_partial_and_misread(archive) -> None:
    for typed in ("482KLM", "482 KLM", "482-klm", "OR 482KLM", "482KLM OR", "48ZKLM", "4B2KLM",
                  "482K1M".replace("1", "L")):
        assert found(archive, plate=typed)[0] == "burglary", typed
    assert found(archive, plate="482KLM") == ["burglary"]  # 482KLN is one letter off: not it
    assert set(found(archive, plate="482KL")) == {"burglary", "smith"}  # partial
    assert found(archive, plate="KLN") == ["smith"]  # any part of the plate
    assert found(archive, plate="7S8Z0I8") == ["tow"]  # 7SBZ018 read with B->8, 1->I
    assert found(archive, plate="ABC 1234") == ["citation"]
    assert found(archive, plate="999XYZ") == []


def test_names_fuzzy_any_order_initials(archive) -> None:
    for typed in ("James Harrington", "Harrington James", "HARRINGTON, James",
                  "Harrington, James R.", "James Robert Harrington", "Robert Harrington",
                  "Harington James", "Jmaes Harrington", "harrington jamse"):
        assert found(archive, name=typed)[0] == "burglary", typed
    assert set(found(archive, name="J Harrington")) == {"burglary", "subpoena", "smith"}
    assert set(found(archive, name="Harrington, J.")) == {"burglary", "subpoena", "smith"}
    assert set(found(archive, name="Harrington")) == {"burglary", "subpoena", "smith"}
    assert set(found(archive, name="Harington")) == {"burglary", "subpoena", "smith"}
    # "James Harrington" is also the document that only wrote "J. Harrington" (ranked lower)
    assert found(archive, name="James Harrington") == ["burglary", "subpoena"]
    assert set(found(archive, name="Gonzales")) == {"citation", "tow"}
    assert set(found(archive, name="Maria Gonzalez")) == {"citation", "tow"}
    assert found(archive, name="o'neill") == ["tow"]
    assert found(archive, name="Samuel ONeill") == ["tow"]
    assert found(archive, name="James Gonzalez") == []  # the words of one person, not two
    assert found(archive, name="Jane Smith") == []
    assert found(archive, name="Smyth") == ["smith"]
    assert found(archive, name="Smithers") == []


def test_officers_by_badge_and_name(archive) -> None:
    index, _settings, _ids = archive
    assert set(found(archive, officer="2231")) == {"citation"}  # the appearance's badge
    assert set(found(archive, officer="Ann Lee")) == {"burglary", "citation"}
    assert set(found(archive, officer="Lee, Ann")) == {"burglary", "citation"}
    assert found(archive, officer="Derek Stone") == ["subpoena"]
    assert found(archive, officer="1187") == ["subpoena"]
    assert found(archive, officer="Harrington") == []  # a suspect, not an officer
    with index.session() as s:  # the roster names badge 2231: both of Lee's documents
        from sqlalchemy import text

        s.execute(text("INSERT INTO officers (badge, name, name_folded, email, active, "
                       "updated_at) VALUES ('2231', 'Ann Lee', 'ann lee', '', true, "
                       "CURRENT_TIMESTAMP)"))
    assert set(found(archive, officer="2231")) == {"burglary", "citation"}


def test_type_date_review_filters(archive) -> None:
    assert found(archive, doc_type="citation") == ["citation"]
    assert found(archive, since=date(2024, 6, 1), until=date(2024, 6, 2)) == ["tow"]
    assert found(archive, since=date(2024, 6, 1)) == ["smith", "subpoena", "tow"]  # newest first
    assert found(archive, until=date(2023, 12, 31)) == ["burglary"]
    assert found(archive, needs_review=True) == ["tow"]
    assert found(archive, case="24-003817", doc_type="tow_record") == ["tow"]
    assert found(archive, name="Harrington", since=date(2024, 1, 1)) in (
        ["smith", "subpoena"], ["subpoena", "smith"])
    assert found(archive, text="hardware", until=date(2023, 12, 31)) == ["burglary"]


def test_full_text_phrases_and_operators(archive) -> None:
    index, settings, ids = archive
    assert set(found(archive, text="pry tool")) == {"burglary", "tow"}
    assert found(archive, text='"pry tool"') == ["burglary"]  # the words next to each other
    assert set(found(archive, text="bicycle OR speeding")) == {"smith", "citation"}
    assert found(archive, text="hardware -towed") == ["burglary"]
    assert found(archive, text="hardware NOT towed") == ["burglary"]
    assert found(archive, text="hardware AND towed") == ["tow"]
    assert set(found(archive, text="burglar*")) == {"burglary"}
    assert found(archive, text="burglaries") == ["burglary"]  # stemming
    assert found(archive, text='"rear door" forced) pharm*') == []  # user syntax is safe
    assert found(archive, text='"rear door" forced)') == ["burglary"]
    assert found(archive, text="-hardware") == []  # nothing positive to look for
    result = search(index, settings, SearchQuery(text='"pry tool"'))
    hit = result.hits[0]
    assert "pry" in hit.snippet and "[" in hit.snippet
    assert any(matched and "pry" in piece.lower() for piece, matched in hit.highlights)
    assert result.ranked and result.total == 1 and result.total_exact


def test_facets_count_right(archive) -> None:
    index, settings, _ids = archive
    result = search(index, settings, SearchQuery(text="vehicle OR hardware", facets=True))
    assert result.total == 3 and result.facets_exact
    assert {f.value: f.count for f in result.facets["doc_type"]} == {
        "incident_report": 1, "citation": 1, "tow_record": 1}
    assert {f.value: f.count for f in result.facets["year"]} == {"2023": 1, "2024": 2}
    assert {f.value: f.count for f in result.facets["needs_review"]} == {"false": 2, "true": 1}
    assert {f.value: f.count for f in result.facets["officer"]} == {"ann lee": 1, "2231": 1}
    every = search(index, settings, SearchQuery(facets=True))  # no criteria: from the counts
    assert every.total == 5 and every.total_exact
    assert {f.value: f.count for f in every.facets["year"]} == {"2023": 1, "2024": 3, "2025": 1}
    assert {f.value: f.count for f in every.facets["doc_type"]}["incident_report"] == 2
    typed = search(index, settings, SearchQuery(doc_type="incident_report", facets=True,
                                                since=date(2024, 1, 1)))
    assert typed.total == 1 and [h.source_name for h in typed.hits] == ["scan_0005.pdf"]
    assert {f.value: f.count for f in typed.facets["year"]} == {"2025": 1}


def test_paging_is_stable(archive) -> None:
    index, settings, ids = archive
    for query in (SearchQuery(), SearchQuery(name="Harrington"), SearchQuery(text=EVERY)):
        whole = [h.id for h in search(index, settings, SearchQuery(
            **{**query.__dict__, "limit": 50})).hits]
        by_offset, by_cursor, cursor = [], [], None
        for offset in range(0, len(whole), 2):
            page = search(index, settings, SearchQuery(**{**query.__dict__, "limit": 2,
                                                          "offset": offset}))
            by_offset += [h.id for h in page.hits]
        while True:
            page = search(index, settings, SearchQuery(**{**query.__dict__, "limit": 2,
                                                          "cursor": cursor}))
            by_cursor += [h.id for h in page.hits]
            cursor = page.page.next_cursor
            if cursor is None:
                break
        assert by_offset == whole == by_cursor, query
        assert len(set(whole)) == len(whole)


def test_broad_queries_stay_bounded_and_right(archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """With tiny caps every query takes the paths a large archive takes: a common word comes
    newest first (not ranked), a common word with a common name is scanned, totals say when
    they are lower bounds."""
    index, settings, ids = archive
    for name in ("CANDIDATES", "TEXT_CANDIDATES_PG", "RANK_CAP", "RANK_CAP_PG", "FACET_SAMPLE"):
        monkeypatch.setattr(engine, name, 1)
    monkeypatch.setattr(engine, "SCAN_CHUNK", 2)
    common: SearchResult = search(index, settings, SearchQuery(text=EVERY, limit=2))
    assert not common.ranked and common.notes
    newest = sorted(CORPUS.values(), key=lambda d: d.ingested_at, reverse=True)
    assert [h.source_name for h in common.hits] == [d.source_name for d in newest[:2]]
    # a capped count: exact while under the cap (SQLite here), else a lower bound (PostgreSQL)
    assert (common.total, common.total_exact) == ((5, True) if index.is_sqlite else (1, False))
    both = search(index, settings, SearchQuery(text=EVERY, name="Harrington", limit=10))
    assert {h.id for h in both.hits} == {ids["burglary"], ids["subpoena"], ids["smith"]}
    assert search(index, settings, SearchQuery(name="Harrington", limit=10)).total >= 3
    if not index.is_sqlite:  # the planner's estimate stands in for a count of a common word
        monkeypatch.setattr(engine, "ESTIMATE_FACTOR", 0)
        guessed = search(index, settings, SearchQuery(text=EVERY, limit=2))
        assert [h.source_name for h in guessed.hits] == [d.source_name for d in newest[:2]]
        assert guessed.total >= 2 and not guessed.total_exact
    for dialect in ("sqlite", "postgresql"):
        monkeypatch.setitem(engine.PHRASE_WINDOW, dialect, 2)
    phrase = search(index, settings, SearchQuery(text='"pry tool"'))  # scanned window by window
    assert [h.id for h in phrase.hits] == [ids["burglary"]] and not phrase.ranked
    assert phrase.total == 1 and phrase.total_exact
    monkeypatch.setattr(engine, "SCAN_SECONDS", 0.0)  # out of time after the first chunk
    hurried = search(index, settings, SearchQuery(text=EVERY, name="Harrington", limit=10))
    assert [h.id for h in hurried.hits] == [ids["smith"], ids["subpoena"]]  # the newest two
    assert not hurried.total_exact and any("stopped" in n for n in hurried.notes)
    monkeypatch.setattr(engine, "SCAN_SECONDS", 10.0)
    with pytest.raises(ValueError, match="cursor"):  # offsets of a broad query end somewhere
        monkeypatch.setattr(engine, "MAX_BROAD_OFFSET", 2)
        search(index, settings, SearchQuery(text=EVERY, offset=3, limit=2))
    big = search(index, settings, SearchQuery(text=EVERY, facets=True))
    assert big.facets["doc_type"] and not big.facets_exact


def test_reextraction_reaches_search(archive) -> None:
    index, settings, ids = archive
    doc = CORPUS["smith"]
    new = Extraction(doc_type="property_record", doc_type_confidence=0.9,
                     entities=[Entity("plate", "999XYZ", page=1, state="OR"),
                               Entity("person", "Robert Smith", page=1, role="owner")])
    assert index.replace_extraction(ids["smith"], new)
    assert found(archive, plate="999XYZ") == ["smith"]
    assert found(archive, plate="482KLN") == []
    assert found(archive, name="Jane Harrington") == ["subpoena"]  # only "J. Harrington" now
    assert found(archive, doc_type="property_record") == ["smith"]
    every = search(index, settings, SearchQuery(facets=True))
    assert {f.value: f.count for f in every.facets["doc_type"]}.get("property_record") == 1
    assert doc.source_name == "scan_0005.pdf"


def test_documents_filed_before_the_search_keys_are_found(backend: Backend) -> None:  # noqa: F811
    """An index made at revision 0001 (no search tables) gets its search rows when migrated."""
    from alembic import command
    from sqlalchemy import create_engine, pool
    from sqlalchemy.orm import Session

    from storage import migrate
    from storage.index import _document_row

    if backend.database_url.startswith("sqlite:///"):
        Path(backend.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True)
    engine = create_engine(backend.database_url, poolclass=pool.NullPool)
    with engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    doc = CORPUS["burglary"]
    with Session(engine) as s, s.begin():
        s.add(_document_row(doc))
    engine.dispose()
    index = Index(backend.database_url)  # migrates to head
    try:
        assert [h.id for h in index.search(SearchQuery(plate="482KLM")).hits] == [doc.id]
        assert [h.id for h in index.search(SearchQuery(name="HARRINGTON, James")).hits] == [doc.id]
        assert [h.id for h in index.search(SearchQuery(text='"pry tool"')).hits] == [doc.id]
        assert index.search(SearchQuery(facets=True)).total == 1
    finally:
        index.close()
