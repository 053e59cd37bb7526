"""Bench of the timeline's candidates in Chromium: bytes added to a report, first draw, redraw.

The report's timeline shows two series over the bins of a time axis (all articles, the selection).
Each candidate draws the same data, in the same 1034 x 220 px box, in a page of its own opened from
``file://``:

- ``canvas (ours)``: ``helpers/report/static/report_chart.js`` (``CorpusAtlasChart.timeChart``), the
  one the report uses;
- ``plotly.js (full)``: the bundle of the installed plotly package, drawn as the report drew it up
  to commit eae28ac (two step-area scatter traces; ``Plotly.newPlot``, then ``Plotly.animate``
  without transition for a new selection);
- ``plotly.js basic``: the same code with the partial bundle ``plotly.js-basic-dist-min`` (npm);
- ``uPlot``: ``uplot`` from npm (``uPlot.iife.min.js``), bars via ``uPlot.paths.bars``, redrawn with
  ``setData``.

The npm candidates are not part of the kit; fetch them with ``npm pack uplot@1.6.32
plotly.js-basic-dist-min@4.1.1`` and pass the unpacked folders (``--uplot``, ``--plotly-basic``);
a candidate without its file is skipped with a message.

Times are medians of ``--reps`` runs, from the call to the end of the frame that shows the drawing
(a message posted within that frame arrives after it is rendered; so a whole number of the display's
16.7 ms frames, give or take), and the synchronous JavaScript part of that: *first draw* creates
the chart with both series; *redraw* replaces the selection series (a new filter). *load* is the
time from navigation start until the library has been parsed and run, which a report pays on
every opening before its first draw. Bins: weekly over two years
(105, the report's bins for a 10k or 100k corpus spanning 2022-2023) and daily over 92 days.
The article count does not enter: the report counts articles per bin before drawing.

Run: ``.venv/bin/python bench/bench_timeline.py [--uplot DIR] [--plotly-basic DIR] [--reps 30]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from helpers.report.render import package_text
from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS

SETUP = """
window.libraryReady = performance.now();  // navigation start -> the library parsed and run
window.benchData = function (nBins, unitDays, seed) {
  let s = seed;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const starts = [], ends = [], whole = [], sel = [];
  for (let k = 0; k < nBins; k++) {
    starts.push(18993 + k * unitDays); ends.push(18993 + (k + 1) * unitDays - 1);
    const w = Math.round(50 + 150 * rand()); whole.push(w); sel.push(Math.round(w * rand()));
  }
  return { starts, ends, whole, sel };
};
window.afterFrame = () => new Promise((r) => requestAnimationFrame(() => {
  const ch = new MessageChannel(); ch.port1.onmessage = () => r(); ch.port2.postMessage(0); }));
"""

CANDIDATES = {
    "canvas (ours)": """
window.draw = function (box, d) {
  const chart = CorpusAtlasChart.timeChart(box,
    { label: "t", bins: d, hoverText: () => "", onBrush() {}, onClear() {} });
  const series = (sel) => [{ values: d.whole, color: "#e2e8f0", kind: "bars" },
    { values: sel, color: "#2563eb", kind: "bars" }];
  chart.set(series(d.sel), Math.max(...d.whole));
  return (sel) => chart.set(series(sel), Math.max(...d.whole));
};""",
    "plotly": """
window.draw = function (box, d) {
  const x = d.starts.map((s) => new Date(s * 864e5).toISOString().slice(0, 10));
  const step = (y, color) => ({ type: "scatter", mode: "lines", x, y, fill: "tozeroy",
    line: { shape: "hvh", width: 1, color } });
  const layout = { height: 220, margin: { l: 44, r: 10, t: 8, b: 28 }, showlegend: false,
    dragmode: false, xaxis: { type: "date", fixedrange: true },
    yaxis: { fixedrange: true, range: [0, 1.06 * Math.max(...d.whole)], autorange: false } };
  Plotly.newPlot(box, [step(d.whole, "#cbd5e1"), step(d.sel, "#2563eb")], layout,
    { displaylogo: false, responsive: true });
  return (sel) => Plotly.animate(box, { data: [step(sel, "#2563eb")], traces: [1] },
    { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" });
};""",
    "uplot": """
window.draw = function (box, d) {
  const bars = uPlot.paths.bars({ size: [0.9, 100] });
  const opts = { width: 1034, height: 220, legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true }, y: { range: [0, 1.06 * Math.max(...d.whole)] } },
    series: [{}, { fill: "#e2e8f0", stroke: "#cbd5e1", paths: bars },
      { fill: "#2563eb", stroke: "#2563eb", paths: bars }] };
  const xs = d.starts.map((s) => s * 86400);
  const u = new uPlot(opts, [xs, d.whole, d.sel], box);
  return (sel) => u.setData([xs, d.whole, sel], false);
};""",
}

RUN = """
async ([nBins, unitDays, reps]) => {
  const first = [], redraw = [], firstJs = [], redrawJs = [];
  for (let r = 0; r < reps; r++) {
    const box = document.createElement("div");
    box.style.width = "1034px"; box.style.height = "220px"; box.style.position = "relative";
    document.body.replaceChildren(box);
    const d = benchData(nBins, unitDays, 7 + r);
    await afterFrame();
    const t0 = performance.now();
    const update = draw(box, d);
    firstJs.push(performance.now() - t0);
    await afterFrame();
    first.push(performance.now() - t0);
    for (let k = 0; k < 5; k++) {
      const sel = benchData(nBins, unitDays, 100 * r + k).sel;
      const t1 = performance.now();
      const done = update(sel);
      redrawJs.push(performance.now() - t1);
      await done;
      await afterFrame();
      redraw.push(performance.now() - t1);
    }
  }
  const median = (v) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { first: median(first), redraw: median(redraw), firstJs: median(firstJs),
    redrawJs: median(redrawJs), load: window.libraryReady };
}
"""


def candidate_scripts(uplot: Path | None, plotly_basic: Path | None) -> dict[str, tuple[list[str], str]]:
    """Name -> (library scripts, drawing code), for the candidates whose files are here."""
    from plotly.offline import get_plotlyjs

    out = {"canvas (ours)": ([package_text("static", "report_chart.js")], CANDIDATES["canvas (ours)"])}
    out["plotly.js (full)"] = ([get_plotlyjs()], CANDIDATES["plotly"])
    for name, folder, rel, code in (
        ("plotly.js basic", plotly_basic, "plotly-basic.min.js", CANDIDATES["plotly"]),
        ("uPlot", uplot, "dist/uPlot.iife.min.js", CANDIDATES["uplot"]),
    ):
        path = folder / rel if folder else None
        if path and path.exists():
            css = (folder / "dist" / "uPlot.min.css").read_text() if name == "uPlot" else ""
            out[name] = ([path.read_text(encoding="utf-8"), css], code)
        else:
            print(f"  {name}: skipped (no {rel}; see the module docstring)")
    return out


def page_html(scripts: list[str], code: str) -> str:
    css = "".join(f"<style>{s}</style>" for s in scripts[1:] if s)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{css}</head><body>"
        f"<script>{scripts[0]}</script><script>{SETUP}{code}</script></body></html>"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uplot", type=Path, help="unpacked npm package folder of uplot")
    parser.add_argument(
        "--plotly-basic", type=Path, help="unpacked npm package folder of plotly.js-basic-dist-min"
    )
    parser.add_argument("--reps", type=int, default=30)
    args = parser.parse_args(argv)
    cases = {"weekly, 2 years (105 bins)": (105, 7), "daily, 92 days (92 bins)": (92, 1)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            for name, (scripts, code) in candidate_scripts(args.uplot, args.plotly_basic).items():
                path = Path(tmp) / "page.html"
                path.write_text(page_html(scripts, code), encoding="utf-8")
                size = sum(len(s.encode()) for s in scripts)
                times = {}
                for case, (n, unit) in cases.items():
                    page = browser.new_page(viewport={"width": 1200, "height": 400})
                    page.goto(path.as_uri())
                    times[case] = page.evaluate(RUN, [n, unit, args.reps])
                    page.close()
                rows.append((name, size, times))
        finally:
            browser.close()
    print(f"\n{'candidate':18s} {'bytes':>10s} {'load ms':>8s}  " + "  ".join(f"{c:>40s}" for c in cases))
    sub = "first draw (JS) ms   redraw (JS) ms"
    print(f"{'':18s} {'':>10s} {'':>8s}  " + "  ".join(f"{sub:>40s}" for _ in cases))
    for name, size, times in rows:
        load = statistics.median(times[c]["load"] for c in cases)
        cells = "  ".join(
            f"{t['first']:10.1f} ({t['firstJs']:5.1f}) {t['redraw']:12.1f} ({t['redrawJs']:5.1f})"
            for t in (times[c] for c in cases)
        )
        print(f"{name:18s} {size:10,d} {load:8.0f}  {cells}")
    print(json.dumps({name: {"bytes": size, **times} for name, size, times in rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
