"""The offline base map: geometry decoding, the projection, and real Chromium with the network blocked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.offline
import pytest

from helpers import figures
from helpers.places import world as geo
from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS
from helpers.testing.synthetic import synthetic_corpus


def test_outlines_are_polylines_without_wraparound() -> None:
    for layer in ("borders", "coastlines", "land"):
        lons, lats = geo.world_outlines(layer)
        gaps = np.isnan(lons)
        assert np.array_equal(gaps, np.isnan(lats)) and gaps.sum() > 50
        assert np.nanmin(lons) >= -180 and np.nanmax(lons) <= 180
        assert np.nanmax(lats) > 80 and np.nanmin(lats) > -60.5  # Antarctica left out
        steps = np.abs(np.diff(lons))
        assert np.nanmax(steps) < 180  # no segment crosses the whole map
        assert not lons.flags.writeable
    land_lons, land_lats = geo.world_outlines("land")
    starts = np.flatnonzero(np.r_[True, np.isnan(land_lons[:-1])] & ~np.isnan(land_lons))
    ends = np.flatnonzero(np.r_[np.isnan(land_lons[1:]), True] & ~np.isnan(land_lons))
    closed = [
        (land_lons[s], land_lats[s]) == (land_lons[e], land_lats[e])
        for s, e in zip(starts, ends, strict=True)
    ]
    assert np.mean(closed) > 0.9  # land rings are closed (except pieces cut at the antimeridian)


def test_outlines_match_known_geography() -> None:
    lons, lats = geo.world_outlines("borders")
    # Some border point lies near the Ukraine-Poland border (about 24 E, 50.5 N)
    near = np.nanmin(np.hypot(lons - 24.0, lats - 50.5))
    assert near < 1.0
    # and there is no border point in the middle of the Atlantic
    assert np.nanmin(np.hypot(lons + 40.0, lats - 30.0)) > 10


def test_natural_earth_projection() -> None:
    x, y = geo.project(
        np.array([0.0, 180.0, -180.0, 0.0, 30.0, np.nan]), np.array([0.0, 0.0, 0.0, 90.0, 50.0, np.nan])
    )
    assert x[0] == 0 and y[0] == 0
    assert x[1] == pytest.approx(0.8707 * 180) and x[2] == -x[1]
    assert y[3] == pytest.approx(81.5, abs=0.2)
    assert 0 < x[4] < 30 and 45 < y[4] < 55  # meridians converge towards the poles
    assert np.isnan(x[5]) and np.isnan(y[5])
    ex, ey = geo.project([10.0], [20.0], "equirectangular")
    assert (ex[0], ey[0]) == (10.0, 20.0)
    with pytest.raises(ValueError, match="projection"):
        geo.project([0], [0], "mercator")


# -- real Chromium, every request blocked and recorded ----------------------------------------------


def render_offline(
    page_html: str, tmp_path: Path, script: str, ready: str = "() => window.__drawn === true"
) -> tuple[object, list[str]]:
    """Open ``page_html`` from a file in Chromium with all network blocked; once ``ready`` holds, run
    ``script`` (both are run by Playwright, so a page's Content-Security-Policy does not block them)."""
    pw = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("/usr/bin/chromium is absent")
    path = tmp_path / "page.html"
    path.write_text(page_html, encoding="utf-8")
    requests: list[str] = []

    def block(route) -> None:
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.route("**/*", block)
            page.goto(path.as_uri())
            page.wait_for_function(ready, timeout=30_000)
            page.wait_for_timeout(500)  # let late fetches (if any) show up
            result = page.evaluate(script)
        finally:
            browser.close()
    return result, requests


def figure_page(fig: go.Figure) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<script>{plotly.offline.get_plotlyjs()}</script></head><body><div id='fig'></div>"
        f"<script>const spec = {fig.to_json()};"
        "Plotly.newPlot('fig', spec.data, spec.layout).finally(() => { window.__drawn = true; });</script>"
        "</body></html>"
    )


COUNT_SVG = """() => {
  const traces = [...document.querySelectorAll('#fig .scatterlayer .trace')];
  return {
    traces: traces.length,
    pathLengths: traces.map(t => [...t.querySelectorAll('path.js-line, path.js-fill')]
                                 .reduce((n, p) => n + (p.getAttribute('d') || '').length, 0)),
    points: document.querySelectorAll('#fig .scatterlayer .trace:last-child .point').length,
  };
}"""


@pytest.mark.browser
@pytest.mark.slow
def test_places_map_draws_offline_in_chromium(tmp_path: Path) -> None:
    c = synthetic_corpus(400, n_entities=400, mentions_per_article=6, words_per_article=30, seed=9)
    fig = figures.places_map(c.places, c.entities, c.mentions, n=50, title="Places <i>offline</i>")
    shown, requests = render_offline(figure_page(fig), tmp_path, COUNT_SVG)
    assert requests == []
    assert shown["traces"] == 3
    land, borders = shown["pathLengths"][:2]
    assert land > 20_000 and borders > 20_000  # thousands of projected outline vertices drawn
    assert shown["points"] == len(fig.data[-1].x) > 40  # every place drawn


MAP_CELL = """\
from helpers import figures
from helpers.notebooks import session as notebooks
from helpers.testing.synthetic import synthetic_corpus
notebooks.setup()
c = synthetic_corpus(300, n_entities=300, mentions_per_article=6, words_per_article=20, seed=4)
figures.places_map(c.places, c.entities, c.mentions, n=40).show()
"""


@pytest.mark.browser
@pytest.mark.slow
def test_places_map_in_exported_notebook_html_draws_offline(tmp_path: Path) -> None:
    """The same figure through a real kernel and the kit's nbconvert export (plotly_mimetype+notebook)."""
    nbformat = pytest.importorskip("nbformat")
    from helpers.notebooks.export import export_html
    from helpers.notebooks.run import run_notebook

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(MAP_CELL)])
    executed = run_notebook(nb, timeout=120, cwd=tmp_path)
    html_path = export_html(executed, tmp_path / "map.html")
    page = html_path.read_text(encoding="utf-8")  # its CSP would block a script added here
    count = COUNT_SVG.replace("#fig ", ".js-plotly-plot ")
    ready = "() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 3"
    shown, requests = render_offline(page, tmp_path, count, ready)
    assert requests == []
    assert shown["traces"] == 3 and min(shown["pathLengths"][:2]) > 20_000 and shown["points"] >= 30
