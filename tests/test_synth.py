"""Tests for the synthetic labelled document generator (synth/documents.py). Fast: no OCR."""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # synth/ is not an installed package
    sys.path.insert(0, str(ROOT))

pdfium = pytest.importorskip("pypdfium2")
pytest.importorskip("faker")

from base.models import DOC_TYPES, ROLES  # noqa: E402
from synth.documents import (  # noqa: E402
    ROLE_PRIORITY,
    SynthDoc,
    generate,
    make_plate,
    vin_check_digit,
    vin_is_valid,
    write_corpus,
)
from synth.names import name_key  # noqa: E402

N = 70


@pytest.fixture(scope="module")
def corpus() -> list[SynthDoc]:
    return generate(N, seed=11)


def pdf_text(doc: SynthDoc) -> str:
    pdf = pdfium.PdfDocument(doc.pdf_bytes)
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            pages.append(tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            tp.close()
            page.close()
        return "\f".join(pages)
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def texts(corpus: list[SynthDoc]) -> dict[str, str]:
    return {d.name: pdf_text(d) for d in corpus}


def _case_forms(text: str) -> set[str]:
    """Every agency case number printed in `text`, normalised to YY-NNNNNN."""
    out = set()
    for m in re.finditer(r"(?<![\d-])(?:[A-Z]{2,5})?(\d{2})-(\d{1,6})(?![\d-])", text):
        out.add(f"{m.group(1)}-{int(m.group(2)):06d}")
    return out


def test_deterministic() -> None:
    a = generate(8, seed=3)
    b = generate(8, seed=3)
    assert [d.name for d in a] == [d.name for d in b]
    assert [d.truth for d in a] == [d.truth for d in b]
    assert [d.pdf_bytes for d in a] == [d.pdf_bytes for d in b]
    c = generate(8, seed=4)
    assert [d.truth.text for d in a] != [d.truth.text for d in c]


def test_every_doc_type(corpus: list[SynthDoc]) -> None:
    from synth.documents import DOC_TYPES as SYNTH_TYPES

    assert set(SYNTH_TYPES) <= set(DOC_TYPES)  # synth/ makes the original seven of the filed types
    assert {d.truth.doc_type for d in corpus} == set(SYNTH_TYPES)
    assert {d.truth.doc_type for d in generate(7, seed=1)} == set(SYNTH_TYPES)
    only = generate(5, seed=2, doc_types=["citation", "subpoena"])
    assert {d.truth.doc_type for d in only} <= {"citation", "subpoena"}
    for d in corpus:
        assert d.name.startswith(d.truth.doc_type + "_")
    with pytest.raises(ValueError):
        generate(1, seed=1, doc_types=["memo"])


def test_truth_values_are_printed(corpus: list[SynthDoc], texts: dict[str, str]) -> None:
    for d in corpus:
        t = d.truth
        for text in (texts[d.name], t.text):
            assert set(t.case_numbers) <= _case_forms(text), d.name
            for c in t.citation_numbers + t.court_case_numbers:
                assert re.search(rf"\b{c}\b", text), (d.name, c)
            squashed = re.sub(r"[\s-]", "", text)
            for p in t.plates:
                assert p["number"] in squashed, (d.name, p)
            low = text.casefold()
            for person in t.persons:  # named in full somewhere, not only "Mr. Larsen"
                parts = person["name"].split()
                last = parts[-2] if parts[-1] in ("Jr.", "Sr.", "II", "III", "IV") else parts[-1]
                assert re.search(rf"\b{re.escape(parts[0].casefold())}\b", low), (d.name, person)
                assert last.casefold() in low, (d.name, person)
        for c in t.case_numbers:
            assert re.fullmatch(r"\d{2}-\d{6}", c)
        for c in t.citation_numbers:
            assert re.fullmatch(r"[A-Z]\d{6,7}", c)
        for c in t.court_case_numbers:
            assert re.fullmatch(r"\d{2}[A-Z]{2}\d{5}", c)


def test_truth_text_matches_pdf(corpus: list[SynthDoc], texts: dict[str, str]) -> None:
    for d in corpus:
        pdf_words = texts[d.name].split()
        truth_words = d.truth.text.split()
        assert sorted(pdf_words) == sorted(truth_words), d.name
        assert texts[d.name].count("\f") == d.truth.text.count("\f")


def test_multi_page_and_layout_variety(corpus: list[SynthDoc]) -> None:
    pages = [d.truth.text.count("\f") + 1 for d in corpus if d.truth.doc_type == "incident_report"]
    assert max(pages) >= 2
    fonts = set()
    for d in corpus:
        fonts |= set(re.findall(rb"/BaseFont\s*/([A-Za-z+\-]+)", d.pdf_bytes))
    assert len({f.split(b"+")[-1].split(b"-")[0] for f in fonts}) >= 3, fonts
    first_lines = {d.truth.text.splitlines()[0] for d in corpus}
    assert len(first_lines) > N // 4


def test_vins_valid(corpus: list[SynthDoc], texts: dict[str, str]) -> None:
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"
    assert vin_is_valid("1M8GDM9AXKP042788")
    assert not vin_is_valid("1M8GDM9A1KP042788")
    vins = set()
    for d in corpus:
        vins |= set(re.findall(r"\b[A-HJ-NPR-Z0-9]{17}\b", texts[d.name]))
    assert len(vins) >= 10
    for v in vins:
        assert vin_is_valid(v), v


def test_distractors_present(corpus: list[SynthDoc]) -> None:
    alltext = "\n".join(d.truth.text for d in corpus)
    patterns = {
        "phone": r"\(?\b\d{3}\)?[-. ]555[-.]01\d\d\b",
        "statute": r"\bORS \d{3}\.\d{3}\b",
        "date": r"\b\d{2}/\d{2}/\d{4}\b",
        "zip": r"\bOR 97\d{3}\b",
        "badge": r"(?:Badge(?: No\.)?|#)\s?\d{3,5}\b",
        "dpsst": r"DPSST #\d{5}",
        "dl": r"(?:DL#|OLN|Lic\. No\.|Driver License)",
        "time": r"\b\d{4} hrs\b|\b\d{1,2}:\d{2} (?:AM|PM|a\.m\.|p\.m\.)",
        "invoice": r"INV-\d{5}",
    }
    for name, pat in patterns.items():
        assert re.search(pat, alltext), name
    for d in corpus:
        t = d.truth
        # a distractor never equals a labelled value
        for c in t.citation_numbers:
            assert not re.search(rf"(?:DL#|OLN)\s*{c}", t.text)


def test_names_natural_order_and_roles(corpus: list[SynthDoc]) -> None:
    titles = ("Ofc.", "Officer", "Sgt.", "Det.", "Deputy", "Cpl.", "Lt.", "Tpr.", "Mr.", "Ms.", "Mrs.",
              "Hon.", "Capt.")
    hard = 0
    roles = set()
    for d in corpus:
        keys = [name_key(p["name"]) for p in d.truth.persons]
        assert len(keys) == len(set(keys)), d.name  # one entry per person
        for p in d.truth.persons:
            name, role = p["name"], p["role"]
            roles.add(role)
            assert role in ROLES and role in ROLE_PRIORITY
            assert "," not in name, name
            assert not name.startswith(titles), name
            assert len(name.split()) >= 2, name
            assert name != name.upper(), name
            hard += bool(re.search(r"['\-]|^(?:.* )?(?:Mc|Mac|Van|De|St\.|Del|Von|Da|Dos|Ten) |Jr\.|III",
                                   name))
    assert hard >= 5
    assert {"suspect", "victim", "witness", "officer", "driver", "defendant", "owner",
            "attorney"} <= roles


def test_appearance(corpus: list[SynthDoc]) -> None:
    for d in corpus:
        a = d.truth.appearance
        if d.truth.doc_type in ("subpoena", "citation"):
            assert a is not None
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["date"])
            assert re.fullmatch(r"\d{2}:\d{2}", a["time"])
            flat = " ".join(d.truth.text.split()).casefold()  # the court may wrap across lines
            assert a["court"] and a["court"].casefold() in flat
            if a["officer_badge"]:
                assert a["officer_badge"] in d.truth.text
        else:
            assert a is None


def test_plates() -> None:
    import random

    rng = random.Random(5)
    for state in ("OR", "WA", "CA", "ID", "NV", "AZ", "UT", "MT"):
        for _ in range(20):
            st, printed, number = make_plate(rng, state)
            assert st == state and re.fullmatch(r"[A-Z0-9]{5,8}", number)
            assert re.sub(r"[\s-]", "", printed) == number


def test_page_images(corpus: list[SynthDoc]) -> None:
    d = corpus[0]
    imgs = d.page_images(dpi=72)
    assert len(imgs) == d.truth.text.count("\f") + 1
    assert imgs[0].mode == "L"
    assert abs(imgs[0].width - 612) <= 1


def test_write_corpus_born_digital(tmp_path: Path) -> None:
    docs = generate(3, seed=9)
    out = write_corpus(docs, tmp_path, ["born_digital"], seed=9)
    assert len(out) == 3 and all(p.exists() and k == "born_digital" for p, _, k in out)
    lines = [json.loads(x) for x in (tmp_path / "truth.jsonl").read_text().splitlines()]
    assert [x["file"] for x in lines] == [f"{d.name}.pdf" for d in docs]
    assert lines[0]["doc_type"] == docs[0].truth.doc_type and "persons" in lines[0]


def test_write_corpus_scans_use_degrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import synth

    calls: list[str] = []
    fake = types.ModuleType("synth.degrade")

    def degrade(page, kind, rng):  # type: ignore[no-untyped-def]
        calls.append(kind)
        return page

    def save_scan(pages, kind, stem):  # type: ignore[no-untyped-def]
        p = Path(f"{stem}.tif")
        pages[0].save(p, save_all=True, append_images=pages[1:])
        return p

    fake.degrade, fake.save_scan, fake.SCAN_KINDS = degrade, save_scan, ("fax",)
    monkeypatch.setitem(sys.modules, "synth.degrade", fake)
    monkeypatch.setattr(synth, "degrade", fake, raising=False)
    docs = generate(1, seed=2, doc_types=["citation"])
    out = write_corpus(docs, tmp_path, ["born_digital", "fax"], seed=2)
    assert [k for _, _, k in out] == ["born_digital", "fax"]
    assert calls and set(calls) == {"fax"}
    rows = [json.loads(x) for x in (tmp_path / "truth.jsonl").read_text().splitlines()]
    assert rows[1]["file"].endswith(".tif") and rows[1]["scan_kind"] == "fax"
