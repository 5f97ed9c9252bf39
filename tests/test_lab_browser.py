"""The chapters in JupyterLab itself, in a real browser: run a chapter, check that its widgets
render, move a slider and see the figure change; press Train on the dashboard and see it redraw."""

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser import copy_tree, free_port, launch, require_browser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()
    base = tmp_path_factory.mktemp("lab")
    copy_tree(ROOT / "notebooks", base / "notebooks")        # Lab may autosave: never the repo's copy
    settings = base / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    notebook_settings = base / "settings" / "@jupyterlab" / "notebook-extension"
    notebook_settings.mkdir(parents=True)
    # Render every cell (no windowing), so widgets far down a chapter are really on the page.
    (notebook_settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port = free_port()
    env = dict(__import__("os").environ, JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"))
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root",
         f"--ServerApp.root_dir={base / 'notebooks'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(base / "lab.log", "w"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail(f"JupyterLab did not start: {(base / 'lab.log').read_text()[-2000:]}")
    yield url, base
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture
def page(lab, tmp_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = launch(p, tmp_path / "profile")
        page = browser.new_page()
        page.set_default_timeout(120_000)
        yield page
        browser.close()


def run_all(page, url, notebook):
    page.goto(f"{url}/lab/tree/{notebook}?reset")
    page.locator(".jp-Notebook").first.wait_for()
    # Run All does nothing until the kernel is up: wait for "Idle" in the status bar.
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def visible_image_src(locator):
    return locator.locator("img:visible").first.get_attribute("src")


def drag(page, handle, dx):
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()


def test_learning_rate_slider_changes_the_plot(lab, page):
    url, base = lab
    run_all(page, url, "02_gradient_descent.ipynb")
    widget = page.locator(".jp-OutputArea-output .widget-vbox").filter(has=page.locator(".noUi-handle")).first
    widget.wait_for()
    widget.scroll_into_view_if_needed()
    before = visible_image_src(widget)
    assert before and (before.startswith("blob:") or before.startswith("data:image/png"))
    drag(page, widget.locator(".noUi-handle").first, 120)
    page.wait_for_function(
        "([el, src]) => { const i = [...el.querySelectorAll('img')].find(i => i.offsetParent); return i && i.src !== src }",
        arg=[widget.element_handle(), before])
    page.screenshot(path=str(base / "02_slider_moved.png"))


def test_dashboard_trains_when_train_is_pressed(lab, page):
    url, base = lab
    run_all(page, url, "07_training.ipynb")
    status = page.locator(".widget-label", has_text="finished after 100 epochs").first
    status.wait_for(timeout=180_000)                        # Run All trained the network
    replay = page.locator(".widget-play").first
    replay.wait_for()
    board_image = page.locator(".jp-OutputArea-output img").filter(has_not=page.locator("xpath=ancestor::*[contains(@class,'widget')]"))
    cell = status.locator("xpath=ancestor::div[contains(@class,'jp-Cell')][1]")
    before = cell.locator(".jp-OutputArea-output > img").first.get_attribute("src")
    page.locator(".widget-dropdown select").first.select_option("100")   # batch size 100: a quick run
    page.locator("button", has_text="Train").first.click()
    page.wait_for_function(
        "([el, src]) => { const i = el.querySelector('.jp-OutputArea-output > img'); return i && i.src !== src }",
        arg=[cell.element_handle(), before])
    page.locator(".widget-label", has_text="finished after 100 epochs").first.wait_for()
    page.screenshot(path=str(base / "07_dashboard.png"))
