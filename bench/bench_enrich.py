"""Enrichment throughput against bare spaCy NER and a naive full pipeline, on the same texts.

    .venv/bin/python bench/bench_enrich.py [CORPUS] [--limit N] [--naive-limit 200] [--n-process 2]

Prints words/s for
  (a) bare ``nlp.pipe`` with only ``ner`` and ``n_process`` processes (spaCy's own multiprocessing),
  (b) our enrichment without cache: NER + gazetteer places + canonical entities (``enrich_batch`` and
      ``build_entities``), target >= 0.85 x (a),
  (c) naive ``df.body.apply(nlp)`` with the full pipeline on the first ``--naive-limit`` articles,
      target: (b) >= 3 x (c),
and the throughput of place matching alone (``find_places`` on the bodies, MB/s of UTF-8, target >= 20).
All figures come from the same run. Each is given twice: per wall-clock second, and per CPU second
(this process and its worker processes, from ``resource.getrusage``), which stays meaningful on a
machine shared with other jobs; the multi-process CPU figures are multiplied by ``n_process`` (the
throughput on that many otherwise idle cores, if the work divides evenly).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.enrich.entities import build_entities
from helpers.enrich.ner import load_nlp
from helpers.enrich.pipeline import enrich_batch
from helpers.ingest.load import load_articles
from helpers.places.find import find_places, gazetteer_version

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ukraine_media_2022"


def words(texts: list[str]) -> int:
    """Whitespace-separated words, the unit of every rate printed here."""
    return sum(len(t.split()) for t in texts)


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished child processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``run()``."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def bare_ner(texts: list[str], n_process: int) -> None:
    """spaCy's ``nlp.pipe`` over ``texts`` with the NER-only pipeline."""
    for _ in load_nlp().pipe(texts, n_process=n_process, batch_size=64):
        pass


def ours(articles: pd.DataFrame, n_process: int) -> int:
    """The whole enrichment without cache; returns the number of mentions found."""
    raw = enrich_batch(articles, n_process=n_process, progress=False).mentions_raw
    mentions, _, _ = build_entities(raw)
    return len(mentions)


def naive(texts: list[str]) -> None:
    """``Series.apply(nlp)`` with every component of the model."""
    pd.Series(texts).apply(load_nlp(full=True))


def place_matching(texts: list[str]) -> None:
    """Gazetteer matching and disambiguation alone (no NER spans)."""
    for text in texts:
        find_places(text)


def report(label: str, amount: float, unit: str, wall: float, cpu: float, cores: int) -> tuple[float, float]:
    """Print one line and return (per wall second, per CPU second x cores)."""
    per_wall, per_cpu = amount / wall, amount / cpu * cores
    print(f"{label:<38} {per_wall:10,.1f} {unit}/s wall   {per_cpu:10,.1f} {unit}/s CPU x{cores}")
    return per_wall, per_cpu


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
    load_nlp(full=True)
    gazetteer_version()  # loads the gazetteer outside the timings
    n = args.n_process
    a = report("(a) bare nlp.pipe, ner only", n_words, "words", *timed(lambda: bare_ner(texts, n)), n)
    b = report("(b) our enrichment (no cache)", n_words, "words", *timed(lambda: ours(articles, n)), n)
    subset = texts[: args.naive_limit]
    c = report("(c) naive df.body.apply(full nlp)", words(subset), "words", *timed(lambda: naive(subset)), 1)
    report("place matching alone (find_places)", mb, "MB", *timed(lambda: place_matching(texts)), 1)
    for i, basis in enumerate(("wall", "CPU")):
        print(f"ratios ({basis}): (b)/(a) = {b[i] / a[i]:.2f} (target >= 0.85),", end=" ")
        print(f"(b)/(c) = {b[i] / c[i]:.1f} (target >= 3)")


if __name__ == "__main__":
    main()
