"""Enrichment throughput against bare spaCy NER and a naive full pipeline, on the same texts.

    .venv/bin/python bench/bench_enrich.py [CORPUS] [--limit N] [--naive-limit 200] [--n-process 2]

Prints words/s for
  (a) bare ``nlp.pipe`` with only ``ner`` and ``n_process`` processes (spaCy's own multiprocessing),
  (b) our enrichment without cache: NER + gazetteer places + canonical entities (``enrich_batch`` and
      ``build_entities``), target >= 0.85 x (a),
  (c) naive ``df.body.apply(nlp)`` with the full pipeline on the first ``--naive-limit`` articles,
      target: (b) >= 3 x (c),
and the throughput of place matching alone (``find_places`` on the bodies, MB/s of UTF-8, target >= 20).
All figures come from the same run; the machine is shared, so compare ratios, not absolute values.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from helpers.enrich import enrich_batch
from helpers.entities import build_entities
from helpers.load import load_articles
from helpers.ner import load_nlp
from helpers.places import find_places, gazetteer_version

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ukraine_media_2022"


def words(texts: list[str]) -> int:
    """Whitespace-separated words, the unit of every rate printed here."""
    return sum(len(t.split()) for t in texts)


def bare_ner(texts: list[str], n_process: int) -> float:
    """Seconds for spaCy's ``nlp.pipe`` over ``texts`` with the NER-only pipeline."""
    nlp = load_nlp()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=64):
        pass
    return time.perf_counter() - t0


def ours(articles: pd.DataFrame, n_process: int) -> tuple[float, int]:
    """Seconds for the whole enrichment (no cache), and the number of mentions found."""
    t0 = time.perf_counter()
    raw = enrich_batch(articles, n_process=n_process, progress=False).mentions_raw
    mentions, _, _ = build_entities(raw)
    return time.perf_counter() - t0, len(mentions)


def naive(texts: list[str]) -> float:
    """Seconds for ``Series.apply(nlp)`` with every component of the model."""
    nlp = load_nlp(full=True)
    t0 = time.perf_counter()
    pd.Series(texts).apply(nlp)
    return time.perf_counter() - t0


def place_matching(texts: list[str]) -> float:
    """Seconds for gazetteer matching and disambiguation alone (no NER spans)."""
    gazetteer_version()  # loads the gazetteer outside the timing
    t0 = time.perf_counter()
    for text in texts:
        find_places(text)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--naive-limit", type=int, default=200)
    parser.add_argument("--n-process", type=int, default=2)
    args = parser.parse_args()
    articles, _, _ = load_articles(args.corpus, progress=False)
    articles = articles[articles["body"].str.len() > 0].head(args.limit).reset_index(drop=True)
    texts = articles["body"].tolist()
    n_words = words(texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} articles, {n_words:,} words, {mb:.1f} MB, n_process={args.n_process}")
    load_nlp()
    a = n_words / bare_ner(texts, args.n_process)
    print(f"(a) bare nlp.pipe, ner only:          {a:10,.0f} words/s")
    seconds, found = ours(articles, args.n_process)
    b = n_words / seconds
    print(f"(b) our enrichment (no cache):        {b:10,.0f} words/s  = {b / a:.2f} x (a)", end="")
    print(f"  [{found:,} mentions]")
    subset = texts[: args.naive_limit]
    c = words(subset) / naive(subset)
    print(f"(c) naive df.body.apply(full nlp):    {c:10,.0f} words/s  (b) = {b / c:.1f} x (c)")
    print(f"place matching alone (find_places):   {mb / place_matching(texts):10,.1f} MB/s")


if __name__ == "__main__":
    main()
