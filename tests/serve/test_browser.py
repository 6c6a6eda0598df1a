"""The web UI in a real browser, as a person uses it.

Headless Chromium (Debian's, driven by Playwright's sync API) against a real
``marsad serve`` subprocess over a copy of the sample-corpus store: follow a
story to its timeline evidence, search a spelling variant, upload files, use
the keyboard, and check that the page is right to left, that the bundled font
loads, that no page logs an error, and that hostile scraped content never runs
(no dialog ever opens).  Full-page screenshots of the main pages (light, dark,
phone) go to ``artifacts/screenshots/`` at the repository root.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytest.importorskip("uvicorn", reason="the web extra is not installed")
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright

from marsad.paths import REPO

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SHOTS = REPO / "artifacts" / "screenshots"
EXAMPLES = REPO / "examples"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``marsad serve`` over a copy of the sample store (this module writes to it)."""
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "marsad.db"
    shutil.copy(sample_db, db)
    port = _free_port()
    log = (tmp / "server.log").open("wb")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(db), "serve",
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(REPO))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/api/stats", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("marsad serve did not start:\n" + (tmp / "server.log").read_text(errors="replace"))
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """What a page did that a person would not want: errors in the console,
    uncaught exceptions, dialogs (an alert() from injected markup)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def attach(self, page: Page) -> Page:
        def on_console(msg: ConsoleMessage) -> None:
            if msg.type == "error":
                self.errors.append(f"{page.url}: {msg.text} ({msg.location.get('url')})")

        def on_dialog(d: Dialog) -> None:
            self.dialogs.append(f"{page.url}: {d.type} {d.message}")
            d.dismiss()

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("dialog", on_dialog)
        page.on("response", lambda r: r.status >= 500 and self.errors.append(f"{r.status} {r.url}"))
        return page

    def check(self) -> None:
        assert not self.dialogs, f"a dialog opened (injected script ran): {self.dialogs}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def watch() -> Iterator[Watch]:
    w = Watch()
    yield w
    w.check()


def _page(browser: Browser, base_url: str, watch: Watch, **context: Any) -> Page:
    ctx = browser.new_context(base_url=base_url, locale="ar", **context)
    return watch.attach(ctx.new_page())


@pytest.fixture
def page(browser: Browser, base_url: str, watch: Watch) -> Iterator[Page]:
    p = _page(browser, base_url, watch)
    yield p
    p.context.close()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _hrefs(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


# ---------------------------------------------------------------- reading


def test_story_to_timeline_evidence(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.locator(".story-card").count() >= 2
    # Follow stories from the home page until one has a dated timeline.
    stories = list(dict.fromkeys(_hrefs(page, ".story-card h3 a")))
    for href in stories:
        page.goto(href)
        if page.locator("ol.timeline-list a.evidence-link").count():
            break
    else:
        pytest.fail(f"no story with a timeline among {stories}")
    expect(page.locator("h1")).not_to_be_empty()
    link = page.locator("ol.timeline-list a.evidence-link").first
    cited = link.inner_text().strip()
    link.click()
    page.wait_for_load_state()
    assert "/article/" in page.url and "#evidence" in page.url
    mark = page.locator("mark#evidence")
    expect(mark).to_be_visible()
    assert mark.inner_text().strip()
    # The highlight is the cited passage (or part of it), scrolled into view.
    assert mark.inner_text().strip() in page.locator(".body").inner_text()
    assert cited
    assert page.evaluate("() => { const r = document.getElementById('evidence').getBoundingClientRect();"
                         " return r.bottom > 0 && r.top < window.innerHeight; }")


def test_search_finds_a_spelling_variant(page: Page) -> None:
    found = {}
    for q in ("بيونغ يانغ", "بيونجيانج"):
        page.goto("/")
        box = page.get_by_role("searchbox", name="ابحث في الأخبار")
        box.fill(q)
        box.press("Enter")
        page.wait_for_url("**/search?**")
        expect(page.locator("#q")).to_have_value(q)
        found[q] = sorted(h.split("?")[0] for h in _hrefs(page, "ol.results h3 a"))
        assert page.locator("ol.results mark").count() >= 1
    assert found["بيونغ يانغ"] and found["بيونغ يانغ"] == found["بيونجيانج"]


def test_keyboard_reaches_skip_link_and_search(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip"
    skip = page.locator("a.skip")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["width"] > 0, "the skip link is not shown when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    page.goto("/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "q-top":
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type("بيونجيانج")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?**")
    assert page.locator("ol.results li h3").count() >= 1


def test_bundled_font_loads(page: Page) -> None:
    page.goto("/")
    faces = page.evaluate("async () => { await document.fonts.ready;"
                          " return [...document.fonts].map(f => [f.family.replace(/[\"']/g, ''),"
                          " String(f.weight), f.status]); }")
    arabic = [f for f in faces if f[0] == "Noto Sans Arabic"]
    assert arabic, faces
    assert any(status == "loaded" for _, _, status in arabic), faces
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans Arabic\"', 'مرصد')")
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "Noto Sans Arabic" in family


def test_hostile_content_never_runs(page: Page, watch: Watch) -> None:
    page.goto("/search?q=" + "المحادثات بناءة")
    hits = _hrefs(page, "ol.results h3 a")
    assert hits
    page.goto(hits[0])
    # The markup is shown as text, and nothing of it became live.
    body = page.locator(".body").inner_text()
    assert "<script>alert('body')</script>" in body and "onerror=alert(1)" in body
    assert page.locator("main script, main img, main svg[onload], [onerror], [onload], [onmouseover]").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert "javascript:alert('url')" in page.locator("span.url").inner_text()
    in_story = page.locator("aside.in-story a")
    pages = [hits[0]] + ([in_story.get_attribute("href")] if in_story.count() else [])
    for href in [*pages, "/", "/entities", "/search?q=" + "عنوان خبر"]:
        page.goto(href)
        page.mouse.move(200, 300)
        page.mouse.move(600, 500)
    assert watch.dialogs == []


def test_many_readers_at_once(base_url: str) -> None:
    """Requests served at the same time each get an answer (FastAPI may resolve the
    store on one pool thread and use it on another: a shared SQLite connection
    failed with 500s under load)."""
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/", "/index.json", "/entities", "/api/stats", "/api/stories", "/api/articles",
             "/search?q=" + quote("بيونغ يانغ")] * 12

    def get(path: str) -> int:
        try:
            with urllib.request.urlopen(base_url + path, timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as exc:
            return exc.code

    with ThreadPoolExecutor(24) as pool:
        statuses = list(pool.map(get, paths))
    assert statuses == [200] * len(paths)


# ---------------------------------------------------------------- screenshots

def _main_pages(page: Page) -> dict[str, str]:
    page.goto("/")
    story = page.locator(".story-card h3 a").first.get_attribute("href")
    page.goto(story)
    article = page.locator("ul.articles a").first.get_attribute("href")
    ent = page.locator("p.chips a.chip").first.get_attribute("href")
    return {"home": "/", "story": story, "article": article, "entity": ent,
            "search": "/search?q=" + "بيونغ يانغ"}


@pytest.mark.parametrize("variant", ["light", "dark", "phone"])
def test_screenshots(browser: Browser, base_url: str, watch: Watch, variant: str) -> None:
    opts: dict[str, Any] = {"color_scheme": "dark" if variant == "dark" else "light"}
    if variant == "phone":
        opts.update(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                    has_touch=True)
    else:
        opts.update(viewport={"width": 1280, "height": 900})
    page = _page(browser, base_url, watch, **opts)
    try:
        backgrounds = set()
        for name, href in _main_pages(page).items():
            page.goto(href)
            page.evaluate("() => document.fonts.ready")
            _shot(page, f"{name}-{variant}")
            backgrounds.add(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))
            if variant == "phone":
                # Nothing runs off the side of a phone screen.
                width = page.evaluate("() => document.documentElement.scrollWidth")
                assert width <= 390 + 1, f"{name} is {width}px wide on a 390px phone"
        assert len(backgrounds) == 1
        bg = backgrounds.pop()
        dark = sum(int(c) for c in bg[bg.index("(") + 1:bg.index(")")].split(",")[:3]) < 3 * 128
        assert dark == (variant == "dark"), bg
    finally:
        page.context.close()
    for name in ("home", "story", "article", "entity", "search"):
        assert (SHOTS / f"{name}-{variant}.png").stat().st_size > 5000


# ---------------------------------------------------------------- writing (last: changes the store)

def test_upload_through_the_form(page: Page, tmp_path: Path) -> None:
    good = sorted((EXAMPLES / "txt").glob("*.txt"))[0]
    fresh = good.read_bytes() + b"\n\n\xd8\xaa\xd8\xad\xd8\xaf\xd9\x8a\xd8\xab.\n"  # new bytes: not "unchanged"
    bad_name = "<img src=x onerror=alert(7)>.bin"
    page.goto("/")
    page.get_by_role("link", name="إضافة أخبار").click()
    expect(page.locator("h1")).to_have_text("إضافة أخبار")
    page.set_input_files("#files", [
        {"name": "خبر جديد.txt", "mimeType": "text/plain", "buffer": fresh},
        {"name": bad_name, "mimeType": "application/octet-stream", "buffer": bytes(range(256)) * 40},
    ])
    page.get_by_role("button", name="أضف").click()
    page.wait_for_url("**/jobs/job-*")
    state = page.locator("h1 .state")
    expect(state).to_have_text("اكتملت", timeout=45_000)
    expect(page.locator("progress")).to_have_count(0)
    assert "أضيف: 1" in page.locator("main").inner_text()
    failures = page.locator("ul.failures li")
    expect(failures).to_have_count(1)
    item = failures.first
    assert item.locator("b").inner_text() == bad_name  # the name the user gave, shown as text
    reason = item.inner_text().split(":", 1)[1].strip()
    assert reason, "no reason given for the bad file"
    # The new article is there to be found.
    page.get_by_role("link", name="إلى القصص").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
