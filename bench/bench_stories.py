"""Bench: story clusters (issue 14) — speed, growth to 100,000 articles, and the real corpus.

1. **Speed and growth** on generated corpora (``helpers.testing.synthetic``, 400 words an article,
   10 % of them trimmed copies of others so that there are stories to find): signing (MinHash over
   word shingles) and grouping (LSH, verification, story heads), per article, at each size. The
   baseline, measured in the same run on the same bodies, is tokenising alone
   (``fast_tokens``, what the keyword index pays). Growth is the time per article at each size
   over the time per article at the smallest; peak RSS is the process's so far (generating the
   corpus included; it only grows). Then 2 cores: the bodies signed in 2 worker processes (as
   store partitions are), grouped in the parent.
2. **The real corpus** (``../shared/corpora/ukraine_media_2022``, skipped when absent): stories
   with more than one article, within one outlet and across outlets; the hand-judged precision of
   ``tests/data/stories_precision_pairs.csv`` (and whether those pairs are still grouped); recall on
   copies of 200 real articles made in a temporary folder (trimmed to 60 %, 40 % and 30 %,
   re-headlined, boilerplate added, updated by the same outlet).

    .venv/bin/python bench/bench_stories.py                      # everything
    .venv/bin/python bench/bench_stories.py --sizes 10000 --no-real
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

import helpers
from helpers.query.keywords import fast_tokens
from helpers.stories.group import StorySettings, group_signatures
from helpers.stories.sketch import signatures
from helpers.testing.copies import copy_sources, recall, write_copies
from helpers.testing.synthetic import synthetic_corpus

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"
JUDGED = ROOT / "tests" / "data" / "stories_precision_pairs.csv"
BATCH = 2_000


def generated(n: int, seed: int = 0) -> tuple[pd.DataFrame, int]:
    """``n`` generated articles of 400 words, 10 % of them trimmed copies; and the copies made."""
    arts = synthetic_corpus(
        n, n_entities=2_000, mentions_per_article=2, words_per_article=400, seed=seed
    ).articles
    rng = np.random.default_rng(seed)
    copies = rng.choice(n, size=n // 10, replace=False)
    originals = rng.integers(0, n, size=len(copies))
    bodies = arts["body"].to_numpy(dtype=object)
    for c, o in zip(copies.tolist(), originals.tolist(), strict=True):
        words = str(bodies[o]).split()
        bodies[c] = " ".join(words[: int(len(words) * rng.uniform(0.6, 1.0))])
    return arts.assign(body=bodies), len(copies)


def sign_all(bodies: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of every body, a batch at a time (one process)."""
    parts = [signatures(bodies[a : a + BATCH]) for a in range(0, len(bodies), BATCH)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def cpu_wall(fn, *args):
    """(result, CPU seconds, wall seconds) of ``fn(*args)``."""
    c, w = time.process_time(), time.perf_counter()
    out = fn(*args)
    return out, time.process_time() - c, time.perf_counter() - w


def speed(sizes: list[int], two_cores: bool) -> None:
    print("== speed and growth (generated, 400 words an article, 10 % trimmed copies) ==")
    print(f"{'articles':>9} {'tokens µs/a':>12} {'sign µs/a':>10} {'group µs/a':>11} {'total a/s':>10} "
          f"{'vs tokens':>9} {'growth':>7} {'stories>1':>9} {'peak RSS':>9}")  # fmt: skip
    first = None
    for n in sizes:
        arts, _ = generated(n)
        bodies = arts["body"].tolist()
        (sigs, sizes_), sign_cpu, _ = cpu_wall(sign_all, bodies)
        table, group_cpu, _ = cpu_wall(group_signatures, arts["article_id"], arts["published"], sigs, sizes_)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the baseline
        _, tok_cpu, _ = cpu_wall(lambda b: sum(len(fast_tokens(x)) for x in b), bodies)
        per = (sign_cpu + group_cpu) / n
        first = first or per
        multi = int((table["story_id"].value_counts() > 1).sum())
        print(f"{n:>9,} {tok_cpu / n * 1e6:>12.0f} {sign_cpu / n * 1e6:>10.0f} {group_cpu / n * 1e6:>11.0f} "
              f"{1 / per:>10,.0f} {per / (tok_cpu / n):>8.1f}x {per / first:>6.2f}x {multi:>9,} "
              f"{peak:>6,.0f} MB")  # fmt: skip
    if two_cores:
        two_processes(sizes[-1])


def _sign_timed(bodies: list[str]) -> tuple[np.ndarray, np.ndarray, float]:
    """Signatures of ``bodies`` and the CPU seconds they took (run in a worker process)."""
    start = time.process_time()
    sigs, sizes = signatures(bodies)
    return sigs, sizes, time.process_time() - start


def two_processes(n: int) -> None:
    """Sign ``n`` generated articles in 2 worker processes (as store partitions are), group in the parent."""
    arts, _ = generated(n)
    bodies = arts["body"].tolist()
    chunks = [bodies[a : a + 5_000] for a in range(0, n, 5_000)]
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_sign_timed, [["warm up"]] * 2))  # imports and permutations, once per process
        wall = time.perf_counter()
        parts = list(pool.map(_sign_timed, chunks))
        sign_wall = time.perf_counter() - wall
    sigs, sizes = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    sign_cpu = sum(p[2] for p in parts)
    _, group_cpu, group_wall = cpu_wall(group_signatures, arts["article_id"], arts["published"], sigs, sizes)
    busy = sign_cpu / 2 + group_cpu  # the 2 cores' work if nothing else ran on them
    print(f"2 processes, {n:,} articles: signing {sign_wall:.1f} s wall / {sign_cpu:.1f} s CPU, grouping "
          f"{group_wall:.1f} s wall / {group_cpu:.1f} s CPU")  # fmt: skip
    print(f"  -> {n / (sign_wall + group_wall):,.0f} articles/s wall on this (shared) machine; "
          f"{n / busy:,.0f} articles/s from CPU time on 2 cores (cpu_count {os.cpu_count()})")  # fmt: skip


def real(n_sources: int) -> None:
    print(f"\n== the real corpus: {REAL} ==")
    corpus = helpers.load_corpus(REAL, enrich=False, progress=False)
    stories, cpu, wall = cpu_wall(lambda: corpus.stories)
    arts = corpus.articles[["article_id", "outlet"]].merge(stories, on="article_id")
    sizes = arts.groupby("story_id").agg(n=("article_id", "size"), outlets=("outlet", "nunique"))
    multi = sizes[sizes["n"] > 1]
    within, across = int((multi["outlets"] == 1).sum()), int((multi["outlets"] > 1).sum())
    print(f"{len(arts):,} articles -> {len(sizes):,} stories in {wall:.1f} s wall ({cpu:.1f} s CPU); "
          f"{len(multi)} stories with more than one article ({int(multi['n'].sum())} articles): "
          f"{within} within one outlet, {across} across outlets")  # fmt: skip
    in_multi = arts[arts["story_id"].isin(multi.index)]
    print("articles in multi-article stories, by outlet:", in_multi["outlet"].value_counts().to_dict())
    if JUDGED.exists():
        judged = pd.read_csv(JUDGED)
        story = dict(zip(stories["article_id"], stories["story_id"], strict=True))
        still = sum(
            story.get(a) == story.get(b)
            for a, b in zip(judged["article_a"], judged["article_b"], strict=True)
        )
        pairs = sum(len(list(itertools.combinations(range(k), 2))) for k in multi["n"])
        copy, event = (judged["copy"] == "yes").mean(), (judged["same_event"] == "yes").mean()
        print(f"precision by hand, {len(judged)} random pairs of {pairs} same-story pairs "
              f"({JUDGED.relative_to(ROOT)}; {still} of them grouped now): copy or version of the other "
              f"{copy:.0%}, same news event {event:.0%}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        shutil.copytree(REAL, folder)
        sources = copy_sources(corpus.articles, n_sources, seed=7)
        made = write_copies(folder, sources, seed=7)
        for keep in (0.4, 0.3):
            pct = round(keep * 100)
            more = write_copies(folder, sources, seed=pct, kinds=("trimmed",), keep=keep, prefix=f"zz{pct}")
            made.update({k: (v[0], f"trimmed to {pct}%") for k, v in more.items()})
        copied = helpers.load_corpus(folder, enrich=False, progress=False, cache=False)
        found = recall(copied.stories, copied.articles["path"], copied.articles["article_id"], made)
    print(f"recall on copies of {len(sources)} real articles (in a temporary folder):",
          ", ".join(f"{k} {v:.0%}" for k, v in found.items()))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12_500, 25_000, 50_000, 100_000])
    parser.add_argument("--no-two-cores", action="store_true", help="skip the 2-process run")
    parser.add_argument("--no-real", action="store_true", help="skip the real corpus")
    parser.add_argument("--sources", type=int, default=200, help="real articles copied for recall")
    args = parser.parse_args()
    print(f"settings: {StorySettings()}")
    speed(sorted(args.sizes), not args.no_two_cores)
    if not args.no_real and REAL.exists():
        real(args.sources)


if __name__ == "__main__":
    main()
