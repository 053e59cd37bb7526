"""The throughput cost of tone (VADER on every sentence, article and mention tones) over enrichment.

    .venv/bin/python bench/bench_tone.py [CORPUS] [--limit N] [--n-process 2]

On the same articles, in the same run, without caches:
  (a) enrichment: NER + gazetteer places (``enrich_batch``, ``n_process`` processes) + canonical
      entities (``build_entities``), as ``load_corpus`` runs it on new articles;
  (b) tone: :func:`helpers.enrich.tone.with_tone` (sentences split and scored, article tone, the tone
      of each mention's sentence), in this process.
Prints words/s of each and the cost of (b) as a share of (a), per wall-clock second and per CPU
second (this process and its finished worker processes). Target: (b) <= 15 % of (a).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.enrich.entities import build_entities
from helpers.enrich.pipeline import enrich_batch, text_hash
from helpers.enrich.tone import analyzer, with_tone
from helpers.ingest.load import load_articles

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ukraine_media_2022"
TARGET = 0.15


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished child processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(run: Callable[[], object]) -> tuple[object, float, float]:
    """(result, wall seconds, CPU seconds) of ``run()``."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    out = run()
    return out, time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--n-process", type=int, default=2, help="NER processes (default 2)")
    args = parser.parse_args()
    articles, _report, _meta = load_articles(args.corpus, cache=False, progress=False)
    articles = articles.head(args.limit).reset_index(drop=True)
    n_words = int(articles["body"].fillna("").str.split().str.len().sum())
    print(f"{len(articles):,} articles, {n_words:,} words from {args.corpus}")
    analyzer()  # the lexicon is read once per process, like the NER model: not part of either rate
    enrich_batch(articles.head(4), n_process=1)  # model and gazetteer loaded before timing

    def enrich() -> pd.DataFrame:
        raw = enrich_batch(articles, n_process=args.n_process).mentions_raw
        return build_entities(raw, None)[0]

    mentions, e_wall, e_cpu = timed(enrich)
    hashes = articles["body"].fillna("").astype(str).map(text_hash)
    (_arts, toned), t_wall, t_cpu = timed(lambda: with_tone(articles, mentions, hashes, None))
    scored = int(toned["tone"].notna().sum())
    print(
        f"(a) enrichment ({args.n_process} processes): {e_wall:7.2f} s wall {n_words / e_wall:9,.0f} words/s;"
        f" {e_cpu:7.2f} s CPU {n_words / e_cpu:9,.0f} words/CPU-s; {len(mentions):,} mentions"
    )
    print(
        f"(b) tone (1 process):          {t_wall:7.2f} s wall {n_words / t_wall:9,.0f} words/s;"
        f" {t_cpu:7.2f} s CPU {n_words / t_cpu:9,.0f} words/CPU-s; {scored:,} mentions scored"
    )
    for what, cost in (("wall", t_wall / e_wall), ("CPU", t_cpu / e_cpu)):
        verdict = "ok" if cost <= TARGET else "OVER"
        target = f"target <= {100 * TARGET:.0f} %: {verdict}"
        print(f"tone cost over enrichment ({what}): {100 * cost:5.1f} % ({target})")


if __name__ == "__main__":
    main()
