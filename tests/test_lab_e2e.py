"""End to end: a real JupyterLab server, 04_explore opened in headless Chromium, Run All, change a filter.

The readiness wait is strict (document ready, kernel connected *and* idle, read through
``window.jupyterapp``, exposed by ``--LabApp.expose_app_in_browser``): waiting for the toolbar's idle
indicator clicked Run All too early in 2 of 16 probe runs. Screenshots before and after the change
go to the test's temp folder and are copied to ``bench/out/`` (git-ignored) for people to look at.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from _notebook_fixtures import copy_notebooks, demo_corpus

from helpers.core.config import PROJECT_DIR
from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS
from helpers.testing.processes import stop_process

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KERNEL_READY = """() => {
    const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    if (!panel || !panel.context || !panel.sessionContext) return false;
    const session = panel.sessionContext.session;
    const kernel = session && session.kernel;
    return panel.context.isReady && !!kernel && kernel.connectionStatus === 'connected'
        && kernel.status === 'idle';
}"""

# The timeline is the FigureWidget titled "Articles per week"; the status line is a widget Label.
PAGE_STATE = """() => {
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    const timeline = plots.find(gd => gd.layout && gd.layout.title
        && String(gd.layout.title.text || '').startsWith('Articles per week'));
    const sum = timeline ? timeline.data.filter(t => t.type === 'bar')
        .reduce((acc, t) => acc + Array.from(t.y || []).reduce((a, b) => a + Number(b), 0), 0) : -1;
    const label = Array.from(document.querySelectorAll('.widget-label'))
        .map(e => e.textContent).find(t => / of [\\d,]+ articles/.test(t)) || '';
    return {plots: plots.filter(gd => gd.data && gd.data.length).length, timelineSum: sum, status: label};
}"""

EXPLORER_SHOWN = (
    "() => { const s = (" + PAGE_STATE + ")(); return s.plots >= 5 && s.timelineSum > 0 && !!s.status; }"
)
PAGE_CHANGED = (
    "(old) => { const s = ("
    + PAGE_STATE
    + ")(); return s.status !== old.status && s.timelineSum !== old.timelineSum; }"
)


# Every filter and panel control of the Explorer, and the inputs, lists and buttons inside them.
CONTROLS = ", ".join(
    f".jp-OutputArea {c}"
    for c in (".widget-text", ".widget-datepicker", ".widget-select-multiple", ".widget-toggle-buttons",
              ".widget-combobox", ".widget-tagsinput", ".widget-dropdown", ".widget-button",
              ".widget-text input", ".widget-datepicker input", ".widget-combobox input", "select",
              ".widget-toggle-button")
)  # fmt: skip

# For each control: its box, and what cuts it: an ancestor that clips (overflow not visible) and
# does not hold the whole box, the notebook panel's edges, or a figure drawn over it.
CLIPPED_CONTROLS = """(selector) => {
    const panel = window.jupyterapp.shell.currentWidget.node.getBoundingClientRect();
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'))
        .map(p => p.getBoundingClientRect());
    const inside = (r, o) => r.left >= o.left - 1 && r.right <= o.right + 1;
    const overlaps = (r, o) => r.left < o.right - 1 && r.right > o.left + 1 && r.top < o.bottom - 1
        && r.bottom > o.top + 1;
    const bad = [];
    const controls = Array.from(document.querySelectorAll(selector));
    for (const el of controls) {
        if (!el.getClientRects().length) continue;  // not displayed (the reader's Close button)
        const r = el.getBoundingClientRect();
        const what = el.className + ' ' + (el.textContent || el.placeholder || '').slice(0, 30);
        if (r.width < 8 || r.height < 8) { bad.push('no size: ' + what); continue; }
        if (!inside(r, panel)) bad.push(`outside the notebook (${r.left}-${r.right}): ` + what);
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.overflowX !== 'visible' && !inside(r, a.getBoundingClientRect())) {
                bad.push('cut by ' + a.className + ': ' + what); break;
            }
        }
        if (plots.some(p => overlaps(r, p))) bad.push('under a figure: ' + what);
    }
    return {count: controls.length, bad: bad};
}"""

SET_LEFT_PANEL = """(open) => {
    const shell = window.jupyterapp.shell;
    if (open) { shell.expandLeft(); shell.activateById('filebrowser'); } else { shell.collapseLeft(); }
    return shell.leftCollapsed;
}"""

#: (width, height, file browser open): a 1280 px window, the same with the side panel open, a narrow one
VIEWPORTS = ((1280, 900, False), (1280, 900, True), (1000, 800, True))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"JupyterLab did not answer {url} within {timeout} s")


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A JupyterLab server on a copy of the notebooks, loading the demo corpus; killed afterwards."""
    import helpers

    corpus_dir = demo_corpus(tmp_path)
    helpers.load_corpus(corpus_dir, progress=False)  # warm the cache: the kernel then loads in seconds
    root = copy_notebooks(tmp_path)
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "CORPUS_ATLAS_CORPUS": str(corpus_dir)}
    for name in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
    ):
        env[name] = str(tmp_path / name.lower())
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    quiet = settings / "@jupyterlab" / "apputils-extension"
    quiet.mkdir(parents=True)  # no "Jupyter news?" toast over the screenshots
    (quiet / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--allow-root", f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
               f"--ServerApp.root_dir={root}", "--LabApp.news_url=", f"--LabApp.user_settings_dir={settings}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]  # fmt: skip
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        yield f"http://127.0.0.1:{port}/lab/tree/04_explore.ipynb?token={token}", tmp_path
    finally:
        stop_process(proc, group=True, timeout=10)
        log.close()


def _keep(shot: Path) -> None:
    out = PROJECT_DIR / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(shot, out / f"lab_e2e_{shot.name}")


def _controls_in_viewports(page, tmp: Path) -> list[tuple[int, list[str]]]:
    """Resize the window and open or close the side panel; collect the controls cut in each layout."""
    found = []
    for width, height, side_open in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(SET_LEFT_PANEL, side_open)
        page.wait_for_timeout(700)  # Lab relayouts, plotly's autosize follows
        page.locator(".widget-select-multiple select").first.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        page.screenshot(path=str(tmp / f"controls_{width}_{side_open}.png"))
        state = page.evaluate(CLIPPED_CONTROLS, CONTROLS)
        found.append((state["count"], state["bad"]))
    return found


def test_explore_notebook_in_jupyterlab_follows_a_filter_change(lab: tuple[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    url, tmp = lab
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(viewport={"width": 1500, "height": 1100})
            context.route(
                lambda u: not u.startswith("http://127.0.0.1"),
                lambda route: (outside.append(route.request.url), route.abort()),
            )
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(KERNEL_READY, timeout=60_000, polling=200)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            page.wait_for_function(EXPLORER_SHOWN, timeout=90_000, polling=250)
            page.wait_for_timeout(500)  # let plotly finish drawing before the screenshot
            before = page.evaluate(PAGE_STATE)
            outlets = page.locator(".widget-select-multiple select").first
            outlets.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp / "before.png"))
            outlets.select_option(index=1)
            page.wait_for_function(PAGE_CHANGED, arg=before, timeout=30_000, polling=100)
            page.wait_for_timeout(500)
            after = page.evaluate(PAGE_STATE)
            page.screenshot(path=str(tmp / "after.png"))
            page.locator(".js-plotly-plot").nth(4).scroll_into_view_if_needed()  # the map and the network
            page.wait_for_timeout(300)
            page.screenshot(path=str(tmp / "after_figures.png"))
            layouts = _controls_in_viewports(page, tmp)
        finally:
            browser.close()
    for shot in (
        "before.png",
        "after.png",
        "after_figures.png",
        *(f"controls_{w}_{o}.png" for w, _h, o in VIEWPORTS),
    ):
        _keep(tmp / shot)
    for (width, _h, side_open), (count, bad) in zip(VIEWPORTS, layouts, strict=True):
        assert count >= 20, f"{width} px: only {count} controls found"
        assert bad == [], f"{width} px, side panel {'open' if side_open else 'closed'}: {bad}"
    count_before = int(before["status"].split(" of ")[0].replace(",", ""))
    count_after = int(after["status"].split(" of ")[0].replace(",", ""))
    assert 0 < count_after < count_before
    assert 0 < after["timelineSum"] < before["timelineSum"]
    assert after["timelineSum"] <= count_after  # undated articles are not on the timeline
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside
