"""Write documents in every scan kind plus truth.jsonl / agencies.json."""
from __future__ import annotations

import json
import os

from . import scan as S
from .corpus import truth_for

KINDS = ["born_digital", "scan300", "scan200_jpeg", "skewed", "upside_down", "fax", "phone", "png", "bilevel_pdf",
         "mixed_pdf"]
IMAGE_KINDS = set(KINDS) - {"born_digital"}


def _pmeta(doc, i, **kw):
    p = doc.pages[i]
    m = {"page": i + 1, "layout": p.layout, "size_pt": [round(p.w, 1), round(p.h, 1)]}
    m.update(kw)
    return m


def _bd_meta(doc, i):
    return _pmeta(doc, i, source="born_digital", dpi=None, rotation=0, skew_deg=0.0, text_layer=True,
                  draw_order=doc.pages[i].draw_order)


def write_doc(doc, out_dir: str, kinds: list[str], seed: int) -> list[dict]:
    recs = []
    n = len(doc.pages)
    all_idx = list(range(n))
    pdf = doc.pdf()
    imgs = S.rasterize(pdf, 300) if IMAGE_KINDS & set(kinds) else []

    def emit(kind, ext, data: bytes, idx, pages_meta, text_override=None):
        rel = f"{kind}/{doc.doc_id}.{ext}"
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        t = truth_for(doc, idx)
        if text_override is not None:
            t["text"] = text_override
        rec = {"file": rel, "scan_kind": kind, "doc_id": doc.doc_id, "agency": doc.agency.id, "family": doc.family,
               "doc_type": t["doc_type"], "case_numbers": t["case_numbers"], "citation_numbers": t["citation_numbers"],
               "court_case_numbers": t["court_case_numbers"], "persons": t["persons"], "plates": t["plates"],
               "appearance": t["appearance"], "text": t["text"], "doc_pages": n,
               "source_pages": [i + 1 for i in idx], "pages": pages_meta}
        recs.append(rec)

    for kind in kinds:
        rng = S.gen("scan", seed, doc.doc_id, kind)
        if kind == "born_digital":
            emit(kind, "pdf", pdf, all_idx, [_bd_meta(doc, i) for i in all_idx])
        elif kind in ("scan300", "skewed"):
            blobs, meta = [], []
            fn = S.k_scan300 if kind == "scan300" else S.k_skewed
            for i in all_idx:
                im, m = fn(imgs[i], rng)
                blobs.append(S.jpeg_bytes(im, int(rng.integers(84, 93)), dpi=300))
                meta.append(_pmeta(doc, i, source="scan", dpi=300, rotation=0, text_layer=False,
                                   image_size=[im.shape[1], im.shape[0]], **m))
            emit(kind, "pdf", S.pdf_from_images(blobs), all_idx, meta)
        elif kind == "scan200_jpeg":
            blobs, meta = [], []
            for i in all_idx:
                im, m = S.k_scan200(imgs[i], rng)
                q = int(rng.integers(50, 76))
                blobs.append(S.jpeg_bytes(im, q, dpi=200))
                meta.append(_pmeta(doc, i, source="scan", dpi=200, rotation=0, text_layer=False, jpeg_quality=q,
                                   image_size=[im.shape[1], im.shape[0]], **m))
            emit(kind, "pdf", S.pdf_from_images(blobs), all_idx, meta)
        elif kind == "upside_down":
            as_png = n == 1 and rng.random() < 0.5
            blobs, meta = [], []
            for i in all_idx:
                im, m = S.k_upside(imgs[i], rng)
                blobs.append(S.png_bytes(im, 300) if as_png else S.jpeg_bytes(im, int(rng.integers(84, 93)), dpi=300))
                meta.append(_pmeta(doc, i, source="scan", dpi=300, text_layer=False,
                                   image_size=[im.shape[1], im.shape[0]], **m))
            if as_png:
                emit(kind, "png", blobs[0], all_idx, meta)
            else:
                emit(kind, "pdf", S.pdf_from_images(blobs), all_idx, meta)
        elif kind == "fax":
            fine = rng.random() < 0.6
            pages, meta, texts = [], [], []
            header = S.fax_header_fn(rng, doc.agency, doc.meta["fax_date"], n)
            for i in all_idx:
                hdr = header(i + 1)
                im, m = S.k_fax(imgs[i], rng, hdr, fine)
                pages.append(im)
                meta.append(_pmeta(doc, i, source="fax", rotation=0, text_layer=False, fax_header=hdr,
                                   image_size=[im.shape[1], im.shape[0]], **m))
                texts.append(hdr + "\n" + doc.pages[i].text())
            emit(kind, "tif", S.g4_tiff(pages, (204, 196 if fine else 98)), all_idx, meta, "\f".join(texts))
        elif kind == "phone":
            im, m = S.k_phone(imgs[0], rng)
            dpi = (72, 72) if rng.random() < 0.4 else None
            data = S.jpeg_bytes(im, int(rng.integers(80, 92)), dpi=dpi)
            m["dpi"] = 72 if dpi else None
            emit(kind, "jpg", data, [0], [_pmeta(doc, 0, source="photo", rotation=0, text_layer=False, **m)])
        elif kind == "png":
            im = imgs[0]
            emit(kind, "png", S.png_bytes(im, 300), [0],
                 [_pmeta(doc, 0, source="render", dpi=300, rotation=0, skew_deg=0.0, text_layer=False,
                         image_size=[im.shape[1], im.shape[0]])])
        elif kind == "bilevel_pdf":
            blobs, meta = [], []
            for i in all_idx:
                im, m = S.k_bilevel(imgs[i], rng)
                blobs.append(S.g4_tiff([im], (300, 300)))
                meta.append(_pmeta(doc, i, source="scan", dpi=300, rotation=0, text_layer=False, bilevel=True,
                                   compression="CCITTFax G4", image_size=[im.shape[1], im.shape[0]], **m))
            emit(kind, "pdf", S.pdf_from_images(blobs), all_idx, meta)
        elif kind == "mixed_pdf":
            data, idx, meta = _mixed(doc, pdf, imgs, rng)
            emit(kind, "pdf", data, idx, meta)
        else:
            raise ValueError(f"unknown kind {kind}")
    return recs


def _mixed(doc, pdf: bytes, imgs, rng):
    """Born-digital and scanned pages in one PDF.  One-page documents get a scanned copy of the page appended
    (as when a signed copy is attached)."""
    import io
    from pypdf import PdfReader, PdfWriter
    n = len(doc.pages)
    if n == 1:
        order = [(0, "bd"), (0, "scan")]
    else:
        k = int(rng.integers(0, n))
        order = [(i, "scan" if i == k else "bd") for i in range(n)]
        if n > 2 and rng.random() < 0.5:
            k2 = (k + 1 + int(rng.integers(0, n - 1))) % n
            order = [(i, "scan" if i in (k, k2) else "bd") for i in range(n)]
    src = PdfReader(io.BytesIO(pdf))
    w = PdfWriter()
    meta = []
    for i, how in order:
        if how == "bd":
            w.add_page(src.pages[i])
            meta.append(_bd_meta(doc, i))
        else:
            im, m = S.k_scan300(imgs[i], rng)
            one = S.pdf_from_images([S.jpeg_bytes(im, int(rng.integers(84, 93)), dpi=300)])
            w.add_page(PdfReader(io.BytesIO(one)).pages[0])
            meta.append(_pmeta(doc, i, source="scan", dpi=300, rotation=0, text_layer=False,
                               image_size=[im.shape[1], im.shape[0]], **m))
    w.add_metadata({"/Producer": ""})
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue(), [i for i, _ in order], meta


def _work(args):
    doc, out_dir, kinds, seed = args
    return write_doc(doc, out_dir, kinds, seed)


def write_all(docs, out_dir: str, kinds: list[str], seed: int, workers: int = 1) -> list[dict]:
    os.makedirs(out_dir, exist_ok=True)
    jobs = [(d, out_dir, kinds, seed) for d in docs]
    if workers > 1 and len(docs) > 1:
        import multiprocessing as mp
        ctx = mp.get_context("fork")
        with ctx.Pool(min(workers, 2)) as pool:
            results = pool.map(_work, jobs, chunksize=1)
    else:
        results = [_work(j) for j in jobs]
    recs = [r for rs in results for r in rs]
    with open(os.path.join(out_dir, "truth.jsonl"), "w") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
    ags = {}
    for d in docs:
        ags[d.agency.id] = d.agency.to_json()
    with open(os.path.join(out_dir, "agencies.json"), "w") as fh:
        json.dump([ags[k] for k in sorted(ags)], fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return recs
