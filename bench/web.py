"""Response times of the web app's main pages and API calls, signed in, over a small archive.

    .venv/bin/python -m bench.web --docs 300 --repeat 15

Files the web archive of synth/webarchive.py plus `--docs` born-digital reports (no OCR), signs in
as a records manager, warms each page once, then times `--repeat` requests of each through the
ASGI app in process (no network). Prints median and max per page. The 1M-document search latency
is bench/search.py's.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from base.settings import load_settings
from synth.archive import archive_document
from synth.webarchive import PASSWORD, build_archive


def main() -> None:
    """Build the archive, time each page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="extra documents filed")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    settings = load_settings(home=tmp / "home")
    settings.ensure_folders()
    archive = build_archive(settings, tmp)
    store = archive.app.state.services.store
    for i in range(args.docs):
        archive_document(archive.index, store, title=f"Incident {i} burglary report",
                         case_numbers=[f"25-{i:06d}"], filler=5)
    client = TestClient(archive.app)
    form = client.get("/sign-in").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    client.post("/sign-in", data={"username": "maria", "password": PASSWORD,
                                  "csrf": token.group(1)})
    doc = archive.docs["report"]
    pages = {
        "search: text": "/search?q=burglary", "search: misread plate": "/search?plate=48ZKLM",
        "search: case number": "/search?case=24-3817", "search: fuzzy name": "/search?name=harington",
        "document": f"/documents/{doc}", "page image": f"/documents/{doc}/pages/1.png",
        "review queue": "/review", "review a document": f"/review/{doc}",
        "calendar": "/calendar?since=2030-05-01", "packets": "/packets", "audit log": "/audit",
        "users": "/users", "api: search": "/api/search?q=burglary",
        "api: document": f"/api/documents/{doc}",
    }
    print(f"{archive.index.count_documents()} documents; {args.repeat} requests per page "
          "(ms, in process)")
    for name, path in pages.items():
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:24s} median {statistics.median(times):7.1f}   max {max(times):7.1f}")


if __name__ == "__main__":
    main()
