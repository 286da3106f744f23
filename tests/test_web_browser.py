"""End to end in a real headless Chromium (Debian's `chromium`, driven by Playwright; never a
downloaded browser): a clerk finds a document by a misread plate, corrects a name in the review
queue and sees it in search and in the export; an officer sees only their own packets. A
screenshot of each main page is saved (the folder is printed: look at them)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from synth.webarchive import PASSWORD, Archive, build_archive

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
                                reason="Debian's chromium is not installed (make setup)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, str]]:
    """The app over a small archive, served by uvicorn on a loopback port in this process."""
    import uvicorn

    from base.settings import load_settings

    tmp = tmp_path_factory.mktemp("browser")
    settings = load_settings(home=tmp / "home")
    settings.ensure_folders()
    archive = build_archive(settings, tmp)
    port = _free_port()
    config = uvicorn.Config(archive.app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "the web app did not start"
    yield archive, f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("CASEFOLIO_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


def _page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_clerk_finds_by_misread_plate_and_corrects_a_name(server: tuple[Archive, str],
                                                          browser: Any, shots: Path) -> None:
    archive, base = server
    report = archive.docs["report"]
    page = _page(browser)
    page.goto(f"{base}/sign-in")
    assert "criminal justice information" in page.inner_text(".notice")
    page.screenshot(path=str(shots / "01-sign-in.png"))
    _sign_in(page, base, "carl")
    assert page.url.endswith("/search")

    page.fill("input[name=plate]", "48ZKLM")  # the plate is 482KLM: 2 read as Z
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(f"a[href='/documents/{report}']")
    assert page.locator(f"a[href='/documents/{archive.docs['other']}']").count() == 0
    page.screenshot(path=str(shots / "02-search-misread-plate.png"), full_page=True)

    page.click(f"a[href='/documents/{report}']")
    page.wait_for_selector(".page svg rect")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / "03-document.png"), full_page=True)

    page.goto(f"{base}/review")
    page.screenshot(path=str(shots / "04-review-queue.png"), full_page=True)
    page.goto(f"{base}/review/{report}")
    person = page.locator("form[data-kind=person]").first
    person.locator("input[name=value]").fill("Jameson Harrington")
    person.locator("button:has-text('Save')").click()
    page.wait_for_selector(".alert.ok")
    assert "corrected" in person.inner_text() or "corrected" in page.inner_text("aside")
    page.screenshot(path=str(shots / "05-review-corrected.png"), full_page=True)

    page.goto(f"{base}/search?name=Jameson+Harrington")
    assert page.locator(f"a[href='/documents/{report}']").count() == 1
    with page.expect_download() as download:
        page.goto(f"{base}/review")
        page.click("a[href='/corrections.csv']")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [(r["document_id"], r["by"]) for r in rows] == [(report, "carl")]
    assert "Jameson Harrington" in rows[0]["corrected"]

    for name, path in (("06-calendar", "/calendar?since=2030-05-01"), ("07-packets", "/packets"),
                       ("08-quarantine", "/quarantine")):
        page.goto(base + path)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.context.close()


def test_officer_sees_only_their_own_packets(server: tuple[Archive, str], browser: Any,
                                             shots: Path) -> None:
    archive, base = server
    page = _page(browser)
    _sign_in(page, base, "olga")
    assert page.url.endswith("/officer")
    assert page.locator(f"a[href='/officer/packets/{archive.packet_id}.pdf']").count() >= 1
    assert page.locator(f"a[href='/officer/packets/{archive.other_packet_id}.pdf']").count() == 0
    assert "Arraignment" not in page.inner_text("main")
    page.screenshot(path=str(shots / "09-officer.png"), full_page=True)
    response = page.goto(f"{base}/documents/{archive.docs['other']}")
    assert response is not None and response.status == 403
    page.screenshot(path=str(shots / "10-officer-denied.png"))
    page.context.close()

    manager = _page(browser)
    _sign_in(manager, base, "maria")
    manager.goto(f"{base}/users")
    manager.screenshot(path=str(shots / "11-users.png"), full_page=True)
    manager.goto(f"{base}/audit")
    manager.screenshot(path=str(shots / "12-audit.png"), full_page=True)
    assert "access.denied" in manager.inner_text("main")  # the officer's attempt is recorded
    manager.context.close()
