"""Bench of the report's issue-14 panels in Chromium: what "this selection against the rest" (in-page
weighted log-odds over the word index and the entities) and the mean-tone timeline cost on a
filter change, against the rest of the same change (the baseline, measured in the same run).

The real corpus (``../shared/corpora/ukraine_media_2022``, enriched from the cache) when present,
else the demo corpus. For each of a few filters (one outlet, one entity, a keyword, a date range),
each applied ``--rounds`` times, the app's own timings (``CorpusAtlas.timing()``: main-thread ms of
JavaScript) are collected: ``compare``, ``tone`` and ``total`` (filter + count + every view + list
+ controls, the panels included). Printed: medians, and the panels' share of a change. The first
change also decodes the word postings once (``first compare``).

Run: ``.venv/bin/python bench/bench_report_panels.py [--rounds 5] [--demo]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from helpers.corpus.model import load_corpus
from helpers.query.filters import Filter
from helpers.report.compute import build_core, initial_state
from helpers.report.export import export_report
from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"


def filters(corpus) -> list[Filter]:
    """One outlet, the most named entity, a keyword, and a month."""
    outlet = str(corpus.articles["outlet"].value_counts().index[0])
    ent = corpus.entities.sort_values("articles", ascending=False).iloc[0]
    day = corpus.articles["published"].dropna().median()
    start = day.strftime("%Y-%m-%d")
    end = (day + __import__("pandas").Timedelta(days=30)).strftime("%Y-%m-%d")
    return [
        Filter(outlets=[outlet]),
        Filter(entities=[ent["entity_id"]]),
        Filter(keyword="grain"),
        Filter(start=start, end=end),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--demo", action="store_true", help="the demo corpus even if the real one is there")
    args = parser.parse_args()
    real = REAL.exists() and not args.demo
    corpus = load_corpus(REAL if real else None, progress=False, enrich=True)
    name = "real corpus (ukraine_media_2022)" if real else "demo corpus"
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        path = export_report(corpus, Path(tmp) / "r.html", size_budget_mb=100)
        core = build_core(corpus)
        states = [initial_state(corpus, f, core) for f in filters(corpus)]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(path.as_uri())
            page.wait_for_function(
                "window.CorpusAtlas && window.__caFirstDraw !== undefined", timeout=120_000
            )
            first = page.evaluate("s => CorpusAtlas.setState(s)", states[0])
            rows: dict[str, list[float]] = {"compare": [], "tone": [], "total": []}
            for _ in range(args.rounds):
                for s in states:
                    t = page.evaluate("s => CorpusAtlas.setState(s)", s)
                    for key in rows:
                        rows[key].append(t[key])
            browser.close()
    med = {k: statistics.median(v) for k, v in rows.items()}
    print(
        f"{name}: {len(corpus):,} articles, {len(rows['total'])} changes"
        f" ({len(states)} filters x {args.rounds})"
    )
    print(f"  first compare (decodes the word postings once): {first['compare']:.1f} ms")
    print(
        f"  median per change: compare {med['compare']:.1f} ms, tone {med['tone']:.1f} ms, "
        f"whole change {med['total']:.1f} ms"
    )
    rest = med["total"] - med["compare"] - med["tone"]
    print(
        f"  baseline (the change without the two panels) {rest:.1f} ms; with them x{med['total'] / rest:.2f}"
    )


if __name__ == "__main__":
    main()
