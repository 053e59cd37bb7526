"""Notebook HTML export: figures drawn offline in real Chromium, zero requests, plotly.js once, no XSS."""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

import nbformat
import pytest
from _notebook_fixtures import copy_notebooks, demo_corpus
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.cli.notebooks import add_export_parser, main_export
from helpers.notebooks import run_notebook
from helpers.notebooks.export import WIDGET_NOTE, export_html, prepare
from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS

PAYLOAD = '<img src=x onerror="window.__xss=(window.__xss||0)+1">'
SCRIPT_PAYLOAD = "</script><script>window.__xss=(window.__xss||0)+1</script>"
PLOTLY_MARKER = "plotly.js v"  # in the banner comment at the top of plotly.min.js
RAW_SCRIPT = "<p>raw html</p><script>window.__xss=(window.__xss||0)+1</script>"


def _hostile_notebook() -> nbformat.NotebookNode:
    """Every kind of output the kit produces, each carrying hostile text."""
    return new_notebook(
        cells=[
            new_markdown_cell("# Hostile export"),
            new_code_cell(
                "from helpers.notebooks import setup\nsetup()\n"
                "import plotly.graph_objects as go, ipywidgets as w, pandas as pd"
            ),
            new_code_cell(
                f"go.Figure(go.Bar(x=[{SCRIPT_PAYLOAD!r}, 'b'], y=[1, 2]), layout_title_text={PAYLOAD!r})"
            ),
            new_code_cell(
                "import numpy as np\n"  # numpy arrays travel as binary buffers in the saved widget state
                "fw = go.FigureWidget(data=[go.Scatter(y=np.array([3.0, 1, 2]),"
                f" text=[{SCRIPT_PAYLOAD!r}] * 3)])\n"
                f"w.VBox([w.Label({PAYLOAD!r}), fw, w.Dropdown(options=['a', 'b'])])"
            ),
            new_code_cell(f"pd.DataFrame({{'title': [{PAYLOAD!r}]}})"),
            new_code_cell("from tqdm.auto import tqdm\n_ = list(tqdm(range(3), desc='<b>steps</b>'))"),
            new_code_cell(f"print({SCRIPT_PAYLOAD!r})"),
            # HTML a notebook displays itself: shown, but its script is not one the export allows
            new_code_cell(f"from IPython.display import HTML\nHTML({RAW_SCRIPT!r})"),
        ]
    )


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nbformat.NotebookNode]:
    nb = run_notebook(_hostile_notebook(), timeout=120)
    return export_html(nb, tmp_path_factory.mktemp("export") / "hostile.html"), nb


def _open_offline(path: Path) -> dict:
    """Open ``path`` in Chromium with every network request blocked and recorded."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context()
            context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
            page = context.new_page()
            page.add_init_script(
                "window.__csp = []; document.addEventListener('securitypolicyviolation',"
                " e => window.__csp.push(e.effectiveDirective || e.violatedDirective));"
            )
            page.on("request", lambda r: requests.append(r.url))
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri(), wait_until="load")
            plotted = "() => document.querySelectorAll('.js-plotly-plot').length > 0"
            page.wait_for_function(plotted, timeout=20_000)
            result = page.evaluate(
                """() => ({
                    plots: Array.from(document.querySelectorAll('.js-plotly-plot'))
                        .map(gd => (gd.data || []).length),
                    svgs: document.querySelectorAll('.js-plotly-plot .main-svg').length,
                    points: Array.from(document.querySelectorAll('.js-plotly-plot'))
                        .map(gd => (gd.data || []).reduce((n, t) => n + (t.y ? t.y.length : 0), 0)),
                    xss: window.__xss || 0,
                    csp: window.__csp,
                    text: document.body.innerText,
                })"""
            )
        finally:
            browser.close()
    result["requests"] = [u for u in requests if u != path.as_uri() and not u.startswith("data:")]
    result["dialogs"] = dialogs
    return result


def test_prepare_strips_widget_state_and_plotly_copies(
    hostile_html: tuple[Path, nbformat.NotebookNode],
) -> None:
    _, nb = hostile_html
    assert "widgets" in nb.metadata  # nbclient saved it, with 5 MB per FigureWidget ...
    prepared, has_plotly = prepare(nb)
    assert "widgets" not in prepared.metadata  # ... and the export drops it
    assert has_plotly
    kinds = [set(o.get("data", {})) for c in prepared.cells if c.cell_type == "code" for o in c.outputs]
    assert not any("application/vnd.plotly.v1+json" in k or "application/vnd.jupyter.widget-view+json" in k
                   for k in kinds)  # fmt: skip
    assert "widgets" in nb.metadata  # the input notebook is not changed


@pytest.mark.browser
def test_hostile_export_renders_offline_without_requests_or_xss(
    hostile_html: tuple[Path, nbformat.NotebookNode],
) -> None:
    path, _ = hostile_html
    text = path.read_text(encoding="utf-8")
    assert text.count(PLOTLY_MARKER) == 1, "plotly.js inlined exactly once"
    assert not re.search(r"<script[^>]+src=\"https?:", text)
    assert "require.min.js" not in text and "MathJax.js" not in text and "embed-amd" not in text
    page = _open_offline(path)
    assert page["requests"] == []
    assert page["plots"] == [1, 1], "the static figure and the FigureWidget snapshot are drawn"
    assert page["points"] == [2, 3], "with their data (the widget's numpy buffers decoded)"
    assert page["svgs"] >= 2
    assert page["xss"] == 0 and page["dialogs"] == []
    # the CSP: scripts by hash only (plotly.js and the two figures), no network; the notebook's own
    # <script> is blocked and reported
    (meta,) = re.findall(r"<meta[^>]*Content-Security-Policy[^>]*>", text)
    csp = html.unescape(re.search(r'content="([^"]+)"', meta).group(1))
    scripts = dict(d.strip().split(" ", 1) for d in csp.split(";"))["script-src"].split()
    assert len(scripts) == 3 and all(h.startswith("'sha256-") for h in scripts)
    assert "connect-src 'none'" in csp and "default-src 'none'" in csp
    assert RAW_SCRIPT in text and "raw html" in page["text"]
    assert page["csp"] == ["script-src-elem"]
    assert page["text"].count(WIDGET_NOTE) == 1  # the VBox; the progress bar becomes its text
    assert re.search(r"<b>steps</b>:\s*100%\s*3/3", page["text"])
    assert PAYLOAD in page["text"], "hostile text is shown as text"


@pytest.mark.slow
@pytest.mark.browser
def test_cli_exports_kit_notebook_that_renders_offline(tmp_path: Path) -> None:
    notebooks = copy_notebooks(tmp_path)
    for path in notebooks.glob("*.ipynb"):
        if not path.name.startswith("01_"):
            path.unlink()
    parser = argparse.ArgumentParser()
    add_export_parser(parser.add_subparsers())
    args = parser.parse_args(
        [
            "export",
            "-o",
            str(tmp_path / "html"),
            "--notebooks",
            str(notebooks),
            "--corpus",
            str(demo_corpus(tmp_path)),
        ]
    )
    assert main_export(args) == 0
    html_file = tmp_path / "html" / "01_load_and_check.html"
    text = html_file.read_text(encoding="utf-8")
    assert text.count(PLOTLY_MARKER) == 1
    page = _open_offline(html_file)
    assert page["requests"] == []
    assert len(page["plots"]) >= 2 and all(n >= 1 for n in page["plots"])
    assert re.search(r"\d+ articles", page["text"])


def test_cli_says_when_there_is_nothing_to_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    add_export_parser(parser.add_subparsers())
    assert main_export(parser.parse_args(["export", "--notebooks", str(tmp_path)])) == 1
    assert "no NN_*.ipynb notebooks" in capsys.readouterr().err
