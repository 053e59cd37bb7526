"""Bench of the HTML report in Chromium: filter change -> every view redrawn, at 10k and 100k articles.

For each size: a synthetic corpus (:func:`helpers.testing.synthetic.synthetic_corpus`) is exported, opened
from ``file://`` with every other request aborted, and timed inside the page with ``performance.now()``:

- time to first draw (navigation start -> all views drawn, ``window.__caFirstDraw``), and the main
  thread's CPU time until then (parse, decode, count, draw; not inflated by other load);
- a filter change applied through the app (filter + counts + the timeline, the map's points and
  the matrix repainted on their canvases, the ranked lists and the article list updated in place),
  timed until the frame that shows it has been rendered (style, layout, paint: a message posted
  from within that frame arrives after it), median and p95 over a cycle of changes (outlets,
  entities, dates, places, keyword) issued at spread-out moments of the display's frame, as clicks
  are (the bench checks that the timeline shows the change in that frame and counts the changes
  where it did not); the synchronous part; and the main thread's CPU time per change (Chrome's
  ``ThreadTime`` metric: unlike wall time, not inflated by other load on the machine);
- baselines measured in the same run: the pure filter (selection only, no counting or redraw), and
  the same change drawn from scratch (filter and counts, a new timeline chart, the map, the lists,
  the matrix and the article list rebuilt), timed the same way.

The timeline's own candidates (our canvas chart, plotly.js, uPlot) are compared in
``bench/bench_timeline.py``.

The viewport is tall enough to show every view: a browser skips the rendering of what is off screen.

Run: ``.venv/bin/python bench/bench_report.py [--sizes 10000 100000] [--reps 3]``
(``--shot`` also writes ``bench/out/report_demo.png`` of the demo corpus's report).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from playwright.sync_api import sync_playwright

from helpers.report.export import ReportSizeWarning, export_report
from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS
from helpers.testing.synthetic import synthetic_corpus

OUT = Path(__file__).resolve().parent / "out"
#: above this size the snippets (about 0.5 kB an article here) would take the file past the 25 MB
#: budget, so the bench exports without them, as the budget warning advises
SNIPPETS_UP_TO = 20_000
#: tall enough that every view, the article list included, is on screen: the browser skips the
#: rendering of off-screen cards, and the bench times the redraw of all of them
VIEWPORT_HEIGHT = 4000

# Runs inside the page: builds a cycle of filter states from the data, then times each change.
PAGE_BENCH = """
async ([reps, part]) => {
  const app = await CorpusAtlas.app();
  const d = app.data, views = window.CorpusAtlasViews, lib = window.CorpusAtlasLib;
  const chip = (code, label) => ({ label, codes: [code] });
  const empty = { start: null, end: null, mode: "any", keyword: "", entities: [], places: [], outlets: [] };
  const lo = d.bins.lo, hi = d.bins.hi, words = [...d.index.vocab.keys()];
  const byCount = (a, b) => app.whole.placeCount[b] - app.whole.placeCount[a];
  const places = [...Array(d.nPlace).keys()].sort(byCount);
  const states = [
    { ...empty },
    { ...empty, outlets: [chip(0, d.outlets[0])] },
    { ...empty, outlets: [chip(1, d.outlets[1]), chip(2, d.outlets[2])] },
    { ...empty, entities: [chip(0, d.entName[0])] },
    { ...empty, entities: [chip(3, d.entName[3]), chip(7, d.entName[7])], mode: "any" },
    { ...empty, start: lo + Math.floor((hi - lo) / 3), end: lo + Math.floor((hi - lo) / 2) },
    { ...empty, start: lo + 30, end: hi - 30, outlets: [chip(0, d.outlets[0])] },
    { ...empty, places: [chip(places[0], "p0")] },
    { ...empty, keyword: words[40] },
    { ...empty, keyword: words[120] + " " + words[200] },
  ];
  const clone = (s) => JSON.parse(JSON.stringify(s));
  const apply = [], drawn = [], filter = [], newplot = [], frame = [];
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  // a message posted while a frame is being produced arrives once that frame is rendered (style,
  // layout, paint): awaited right after the draw, it marks the end of the frame showing it
  const afterFrame = () => new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r();
    ch.port2.postMessage(0);
  });
  const untilRendered = () => new Promise((r) => requestAnimationFrame(() => afterFrame().then(r)));
  // a click comes at any moment of the display's 16.7 ms frame: each change is issued 0, 5, 10, 15,
  // 4, 9, ... ms after a frame was produced (at 0 it waits almost a whole frame for the next one)
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let changes = 0, late = 0;
  // what the timeline shows: the top of each bin's selection bar, in pixels
  const chart = document.getElementById("ca-timeline").caChart;
  const selectionPath = () => d.bins.starts.map((_, k) => chart.binBox(k).y[1].toFixed(1)).join();
  for (let r = 0; r < (part === "apply" ? reps : 0); r++) {
    for (const s of states) {
      app.state = clone(s);
      app.kw = { query: null, result: null };
      await nextFrame();
      await sleep((5 * changes++) % 16);
      const before = selectionPath();
      const t0 = performance.now();
      app.apply();
      const t1 = performance.now();
      let shown = null;  // whether the timeline showed the change in the first frame after it
      const rendered = new Promise((r) => requestAnimationFrame(() => {
        shown = selectionPath() !== before;
        afterFrame().then(() => r(performance.now()));
      }));
      const tFrame = await rendered;
      await app.drawn;
      drawn.push(performance.now() - t0);
      const moved = selectionPath() !== before;
      if (moved && !shown) {  // drawn later than that frame: time until the frame after its draw
        late++;
        await afterFrame();
        frame.push(performance.now() - t0);
      } else {
        frame.push(tFrame - t0);
      }
      apply.push(t1 - t0);
    }
  }
  for (let r = 0; r < (part === "filter" ? reps : 0); r++) {
    for (const s of states) {
      app.state = clone(s);
      const f0 = performance.now();
      lib.select(d, app.state, lib.keywordMask(d, s.keyword));
      filter.push(performance.now() - f0);
    }
  }
  const bars = window.CorpusAtlasBars, ui = window.CorpusAtlasUI, $ = (id) => document.getElementById(id);
  for (const s of (part === "scratch" ? Array(reps).fill(states).flat() : [])) {
    app.state = clone(s);
    await nextFrame();
    await sleep((5 * changes++) % 16);
    const t0 = performance.now();
    app.sel = lib.select(d, app.state, lib.keywordMask(d, s.keyword));
    app.agg = lib.aggregate(d, app.sel, 10, 12);
    $("ca-timeline").replaceChildren();
    views.timeline($("ca-timeline"), d, () => {}, () => {})(app.agg, app.whole, app.state, false);
    views.placesMap($("ca-map"), d, () => {})(views.places(d, app.agg, new Set()).points);
    bars.entities(app, $("ca-entities"), views)(app.agg, new Set());
    bars.outlets(app, $("ca-outlets"))(app.agg, new Set());
    bars.cooccurrence(app, $("ca-cooc"), 12, views)(app.agg);
    ui.renderList(app, $("ca-list"), 25);
    await untilRendered();
    newplot.push(performance.now() - t0);
  }
  return { apply, drawn, filter, newplot, frame, late, firstDraw: window.__caFirstDraw, n: d.n };
}
"""


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _thread_time(cdp) -> float:
    """CPU seconds of the page's main thread so far (independent of other load on the machine)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime")


def _open(browser, path: Path, height: int = VIEWPORT_HEIGHT):
    page = browser.new_page(viewport={"width": 1400, "height": height})
    url, requests, errors = path.resolve().as_uri(), [], []

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    t0, cpu0 = time.perf_counter(), _thread_time(cdp)
    page.goto(url)
    page.wait_for_function("() => window.__caFirstDraw !== undefined", timeout=180_000)
    page.first_draw_cpu_ms = (_thread_time(cdp) - cpu0) * 1000  # main thread: parse, decode, draw
    return page, time.perf_counter() - t0, requests, errors


def bench_size(browser, n: int, reps: int, folder: Path) -> dict:
    t0 = time.perf_counter()
    corpus = synthetic_corpus(n)
    t1 = time.perf_counter()
    path = folder / f"report_{n}.html"
    snippets = n <= SNIPPETS_UP_TO
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportSizeWarning)
        export_report(corpus, path, snippets=snippets)
    t2 = time.perf_counter()
    page, wall, requests, errors = _open(browser, path)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    before = _thread_time(cdp)
    result = page.evaluate(PAGE_BENCH, [reps, "apply"])
    cpu_ms = (_thread_time(cdp) - before) * 1000 / max(len(result["apply"]), 1)
    filter_only = page.evaluate(PAGE_BENCH, [reps, "filter"])
    before = _thread_time(cdp)
    scratch = page.evaluate(PAGE_BENCH, [reps, "scratch"])
    scratch_cpu_ms = (_thread_time(cdp) - before) * 1000 / max(len(scratch["newplot"]), 1)
    page.close()
    return {
        "n": n,
        "generate_s": t1 - t0,
        "export_s": t2 - t1,
        "bytes": path.stat().st_size,
        "over_budget": bool(caught),
        "snippets": snippets,
        "first_draw_ms": result["firstDraw"],
        "first_draw_cpu_ms": page.first_draw_cpu_ms,
        "load_wall_s": wall,
        "apply": _stats(result["apply"]),
        "drawn": _stats(result["drawn"]),
        "frame": _stats(result["frame"]),
        "cpu_ms": cpu_ms,
        "scratch_cpu_ms": scratch_cpu_ms,
        "filter": _stats(filter_only["filter"]),
        "newplot": _stats(scratch["newplot"]),
        "changes": len(result["apply"]),
        "late": result["late"],
        "requests": requests,
        "errors": errors,
    }


def print_row(r: dict) -> None:
    over = " (over the 25 MB budget)" if r["over_budget"] else ""
    med, p95 = r["frame"]
    what = "with snippets" if r["snippets"] else "without snippets"
    print(f"\n{r['n']:,} articles: {r['bytes'] / 1e6:.1f} MB {what}{over}")
    print(f"  generate {r['generate_s']:.1f} s, export {r['export_s']:.1f} s")
    print(
        f"  time to first draw        {r['first_draw_ms']:7.0f} ms (goto -> drawn: {r['load_wall_s']:.2f} s)"
    )
    print(f"    main-thread CPU         {r['first_draw_cpu_ms']:7.0f} ms (navigation to first draw)")
    print(f"  filter change, all views  {med:7.1f} ms median {p95:7.1f} ms p95 ({r['changes']} changes)")
    print(f"    timeline drawn late     {r['late']:7d} of {r['changes']} (after the first frame)")
    print(f"    synchronous part        {r['apply'][0]:7.1f} ms median {r['apply'][1]:7.1f} ms p95")
    print(f"    main-thread CPU         {r['cpu_ms']:7.1f} ms per change (mean)")
    print(f"  baseline: filter only     {r['filter'][0]:7.2f} ms median {r['filter'][1]:7.2f} ms p95")
    print(f"  baseline: from scratch    {r['newplot'][0]:7.1f} ms median {r['newplot'][1]:7.1f} ms p95")
    print(f"    main-thread CPU         {r['scratch_cpu_ms']:7.1f} ms per change (mean)")
    ratio_cpu = r["scratch_cpu_ms"] / r["cpu_ms"]
    print(f"  from scratch / our change {r['newplot'][0] / med:7.2f}x wall, {ratio_cpu:.2f}x CPU")
    print(f"  network requests {len(r['requests'])}, page errors {len(r['errors'])}")


def screenshot(browser, folder: Path) -> list[Path]:
    """The demo corpus's report: whole page, then filtered by a click with one article opened."""
    from helpers.corpus.model import load_corpus

    corpus = load_corpus(None, progress=False)
    path = export_report(corpus, folder / "demo_report.html", title="Corpus Atlas demo (synthetic corpus)")
    page, _, _, _ = _open(browser, path, height=1000)
    OUT.mkdir(exist_ok=True)
    shots = [OUT / "report_demo.png", OUT / "report_demo_filtered.png"]
    page.screenshot(path=str(shots[0]), full_page=True)
    page.click("#ca-entities .ca-bar >> nth=0")
    page.locator("#ca-cooc canvas").scroll_into_view_if_needed()
    cell = page.evaluate("() => document.getElementById('ca-cooc').caCells()[1]")
    box = page.locator("#ca-cooc canvas").bounding_box()
    page.mouse.click(box["x"] + cell["x"] + cell["w"] / 2, box["y"] + cell["y"] + cell["h"] / 2)
    page.click("#ca-list .ca-art:not([hidden]) .ca-art-head >> nth=0")
    page.wait_for_selector("#ca-list .ca-art-more")
    page.locator("#ca-list").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    page.screenshot(path=str(shots[1]))
    page.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--reps", type=int, default=3, help="cycles over the 10 filter changes")
    parser.add_argument("--shot", action="store_true", help="also screenshot the demo report")
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            for n in args.sizes:
                print_row(bench_size(browser, n, args.reps, Path(tmp)))
                sys.stdout.flush()
            if args.shot:
                for shot in screenshot(browser, Path(tmp)):
                    print(f"screenshot: {shot}")
        finally:
            browser.close()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
