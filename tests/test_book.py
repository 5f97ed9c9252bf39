"""The static book: built from book.toml by one command, and working offline in a browser."""

import functools
import re
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import free_port, launch, require_browser

ROOT = Path(__file__).resolve().parent.parent
BOOK = tomllib.loads((ROOT / "book.toml").read_text())["book"]
OUTPUT = Path(os.environ.get("NNLIB_TEST_OUTPUT", ROOT / "test-output"))


def sphinx(srcdir, outdir):
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(srcdir), str(outdir)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not (ROOT / "book" / "node_modules").exists():
        message = "book/node_modules is missing: run `npm ci` in book/ (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("book") / "html"
    started = time.perf_counter()
    result = sphinx(ROOT / "book", out)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "book_build.txt").write_text(f"build {seconds:.1f} s, output {size / 1e6:.1f} MB\n")
    return out


def test_every_chapter_of_book_toml_is_built_in_order(site):
    for chapter in BOOK["chapters"]:
        assert (site / Path(chapter).with_suffix(".html")).exists(), chapter
    index = (site / "index.html").read_text()
    positions = [index.index(f'href="{Path(c).with_suffix(".html")}"') for c in BOOK["chapters"]]
    assert positions == sorted(positions), "the landing page lists the chapters out of order"
    text = re.sub(r"<[^>]+>", "", index)                       # code blocks are split into spans
    assert "make lab" in text and "JupyterLab" in text and BOOK["title"] in text


def test_a_chapter_listed_but_missing_fails_the_build(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    for name in ("conf.py", "index.md", "mathjax-config.js"):
        shutil.copy(ROOT / "book" / name, book / name)
    (book / "notebooks").symlink_to(ROOT / "notebooks")
    (book / "node_modules").symlink_to(ROOT / "book" / "node_modules")
    toml = (ROOT / "book.toml").read_text().replace(
        '"notebooks/01_introduction.ipynb",', '"notebooks/01_introduction.ipynb",\n    "notebooks/99_missing.ipynb",')
    (tmp_path / "book.toml").write_text(toml)
    result = sphinx(book, tmp_path / "html")
    assert result.returncode != 0
    assert "99_missing" in result.stdout + result.stderr


def _outputs(chapter):
    nb = json.loads((ROOT / chapter).read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    return (sum("image/png" in o.get("data", {}) for o in outputs),
            sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs),
            any("$" in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"))


@pytest.fixture(scope="module")
def browser_page(site, tmp_path_factory):
    require_browser()
    handler = functools.partial(
        type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
        directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = launch(p, tmp_path_factory.mktemp("profile"))
        page = browser.new_page()
        page.set_default_timeout(30_000)
        log = {"external": [], "failed": [], "errors": []}

        def route(r):
            url = r.request.url
            if url.startswith(("data:", "blob:")) or urlparse(url).hostname in ("127.0.0.1", "localhost"):
                r.continue_()
            else:
                log["external"].append(url)
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda r: log["failed"].append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: log["failed"].append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None)
        page.on("pageerror", lambda e: log["errors"].append(str(e)))
        page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
        yield page, f"http://127.0.0.1:{server.server_address[1]}", log
        browser.close()
    server.shutdown()


def _open(page, url, log):
    for entries in log.values():
        entries.clear()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)


@pytest.mark.parametrize("chapter", BOOK["chapters"])
def test_chapter_works_offline(browser_page, chapter):
    page, base, log = browser_page
    _open(page, f"{base}/{Path(chapter).with_suffix('.html')}", log)
    images, widgets, has_math = _outputs(chapter)
    if has_math:
        page.locator("article mjx-container").first.wait_for()     # math is typeset
    if widgets:
        page.locator("article .jupyter-widgets").first.wait_for()
    assert log["external"] == [], f"requests leaving the machine: {log['external']}"
    assert log["failed"] == [] and log["errors"] == [], log
    assert page.locator("article img").count() >= images
    rendered = page.locator("article .jupyter-widgets").count()
    assert rendered >= widgets, f"{widgets} widgets saved, {rendered} rendered"
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"book_{Path(chapter).stem}.png"), full_page=True)


def _visible_src(widget):
    return widget.locator("img:visible").first.get_attribute("src")


def _wait_for_another_image(page, widget, before):
    """Wait until the widget shows an image other than ``before`` (a frame change)."""
    page.wait_for_function(
        "([el, src]) => [...el.querySelectorAll('img')].some(i => i.offsetParent && i.src !== src)",
        arg=[widget.element_handle(), before])


def _widget_on(page, base, log, chapter, containing):
    """Open a chapter and return its first widget box containing ``containing``, and its frame."""
    _open(page, f"{base}/notebooks/{chapter}.html", log)
    widget = page.locator(".widget-vbox").filter(has=page.locator(containing)).first
    widget.scroll_into_view_if_needed()
    return widget, _visible_src(widget)


def test_a_linked_slider_changes_the_figure_offline(browser_page):
    page, base, log = browser_page
    widget, before = _widget_on(page, base, log, "02_gradient_descent", ".noUi-handle")
    handle = widget.locator(".noUi-handle").first
    box = handle.bounding_box()
    page.mouse.move(box["x"] + 8, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + 150, box["y"] + 8, steps=8)
    page.mouse.up()
    _wait_for_another_image(page, widget, before)
    assert log["external"] == [] and log["errors"] == []


def test_the_training_replay_steps_through_frames_offline(browser_page):
    page, base, log = browser_page
    replay, before = _widget_on(page, base, log, "07_training", ".widget-play")
    replay.locator(".widget-play button").first.click()       # Play
    _wait_for_another_image(page, replay, before)
    assert log["external"] == [] and log["errors"] == []


def test_navigation_and_search_work_offline(browser_page):
    page, base, log = browser_page
    _open(page, f"{base}/notebooks/03_neurons_and_activations.html", log)
    nav = page.locator(".prev-next-area a")
    hrefs = [nav.nth(i).get_attribute("href") for i in range(nav.count())]
    assert any("02_gradient_descent" in h for h in hrefs) and any("04_forward_propagation" in h for h in hrefs)
    _open(page, f"{base}/search.html?q=saturation", log)
    results = page.locator("#search-results li")
    results.first.wait_for()
    assert results.count() >= 1 and log["external"] == [] and log["errors"] == []
