"""Bench: a filter change on a big corpus, recomputed with every Explorer figure.

Builds a synthetic corpus (``helpers.testing.synthetic``: default 100,000 articles, ~20 mentions each, 50,000
entities), then replays a series of random filter changes like an analyst's (narrow by dates, add an
entity or a place, pick an outlet, type a keyword, reset now and then). For each change it times
``helpers.query.apply.apply`` and the figures the Explorer shows (timeline, outlets, top entities,
places map, co-occurrence network), and prints the median and p95; then the same figures the way
the Explorer computes them (counts from the filter index, ``helpers.explore.data``), in CPU time.
The naive row-by-row implementation (``helpers.testing.oracle``, the tests' oracle) is timed in the
same run on the first few changes, for a ratio.

    .venv/bin/python bench/bench_filters.py            # 100,000 articles
    .venv/bin/python bench/bench_filters.py --n 20000 --changes 100 --naive 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np

from helpers import figures
from helpers.corpus.model import Corpus
from helpers.explore.data import Indexed
from helpers.explore.views import SPECS, build_fast
from helpers.figures._base import unvalidated
from helpers.query.apply import apply
from helpers.query.filters import Filter
from helpers.query.index import index_for
from helpers.testing.oracle import naive_apply
from helpers.testing.synthetic import synthetic_corpus

FIGURES = {
    "timeline": lambda c: figures.timeline(c.articles, freq="W"),
    "outlets": lambda c: figures.outlets(c.articles, n=15),
    "top_entities": lambda c: figures.top_entities(c.entities, n=15),
    "places_map": lambda c: figures.places_map(c.places, c.entities, c.mentions, n=300),
    "cooccurrence": lambda c: figures.cooccurrence(c.mentions, c.entities, n=25),
}
"""The figures the Explorer rebuilds on every change (same arguments as helpers/explorer_figures)."""


def explorer_figures(c: Corpus) -> dict[str, float]:
    """Build every Explorer figure for ``c``; returns the CPU seconds each took."""
    spent = {}
    for name, build in FIGURES.items():
        t = time.process_time()
        build(c)
        spent[name] = time.process_time() - t
    return spent


def indexed_figures(data: Indexed, f: Filter) -> float:
    """CPU seconds for the same figures the Explorer's way (``helpers.explore.data``: the filter
    mask, counts from the index, figures built unvalidated as the widgets validate them)."""
    t = time.process_time()
    with unvalidated():
        selection = data.select(f)
        for spec in SPECS:
            build_fast(spec, selection)
    return time.process_time() - t


def next_filter(rng: np.random.Generator, f: Filter, pools: dict) -> Filter:
    """One analyst-like change: set or replace one field; every so often start again from nothing."""
    if f.is_empty() or rng.random() < 0.7:
        f = f if rng.random() < 0.6 else Filter()
    move = rng.choice(["dates", "entity", "entity", "place", "outlet", "keyword", "phrase", "reset"])
    if move == "reset":
        return Filter()
    if move == "dates":
        start = dt.date(2022, 1, 1) + dt.timedelta(days=int(rng.integers(0, 330)))
        return f.replace(start=start, end=start + dt.timedelta(days=int(rng.integers(6, 120))))
    if move == "entity":  # usually a new entity, sometimes one more
        more = f.entities if rng.random() < 0.3 else ()
        return f.replace(entities=(*more, str(rng.choice(pools["entities"]))))
    if move == "place":
        return f.replace(places=(str(rng.choice(pools["places"])),))
    if move == "outlet":
        return f.replace(outlets=(str(rng.choice(pools["outlets"])),))
    if move == "phrase":
        return f.replace(keyword='"' + str(rng.choice(pools["phrases"])) + '"')
    return f.replace(keyword=str(rng.choice(pools["words"])))


def pools_of(corpus: Corpus, rng: np.random.Generator) -> dict:
    """Values an analyst picks: entities and places from the top of the bars (weighted by articles),
    keywords that occur in 1-20% of the articles, and a few stock phrases."""
    ents = corpus.entities.sort_values("articles", ascending=False).head(2000)
    weights = ents["articles"].to_numpy(float)
    keywords = index_for(corpus).keywords
    df = np.diff(keywords.offsets)
    words = [w for w, i in keywords.vocab.items() if 0.01 * len(corpus) <= df[i] <= 0.2 * len(corpus)]
    places = corpus.entities[corpus.entities["place_id"] != ""].nlargest(300, "articles")
    return {
        "entities": rng.choice(ents["entity_id"].to_numpy(), size=500, p=weights / weights.sum()),
        "places": places["place_id"].to_numpy(),
        "outlets": corpus.articles["outlet"].unique(),
        "words": np.array(sorted(words)),
        "phrases": np.array(["peace talks", "grain deal", "power plant", "gas supply"]),
    }


def ms(seconds: list[float], q: float) -> float:
    """The ``q`` quantile of ``seconds``, in milliseconds."""
    return float(np.quantile(np.asarray(seconds), q) * 1000)


def main() -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--changes", type=int, default=80, help="filter changes to time")
    parser.add_argument("--naive", type=int, default=2, help="changes also run through the naive oracle")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warmup", type=int, default=3, help="untimed changes first (the Explorer's first draw)"
    )
    args = parser.parse_args()

    t = time.perf_counter()
    corpus = synthetic_corpus(args.n, n_entities=args.entities, seed=args.seed)
    print(
        f"corpus: {len(corpus.articles):,} articles, {len(corpus.mentions):,} mentions, "
        f"{len(corpus.entities):,} entities, {len(corpus.places):,} places ({time.perf_counter() - t:.1f} s)"
    )
    t = time.perf_counter()
    index = index_for(corpus)
    print(f"index: {time.perf_counter() - t:.2f} s", end="; ")
    t = time.perf_counter()
    _ = index.keywords
    print(f"keyword index: {time.perf_counter() - t:.2f} s (once per corpus, on the first keyword)")

    rng = np.random.default_rng(args.seed)
    pools = pools_of(corpus, rng)
    f = Filter()
    for _ in range(args.warmup):
        f = next_filter(rng, f, pools)
        explorer_figures(apply(corpus, f))
    data = Indexed(corpus)  # the Explorer's path: counts from the index, no sub-corpus
    times: dict[str, list[float]] = {k: [] for k in ("apply", "figures", "apply + figures", "cpu", "indexed")}
    sizes, naive, same, slowest = [], [], [], []
    for step in range(args.changes):
        f = next_filter(rng, f, pools)
        c0, t0 = time.process_time(), time.perf_counter()
        sub = apply(corpus, f)
        t1 = time.perf_counter()
        per_figure = explorer_figures(sub)
        t2, c2 = time.perf_counter(), time.process_time()
        slowest.append((c2 - c0, t1 - t0, per_figure, len(sub.articles), f))
        for key, value in (
            ("apply", t1 - t0),
            ("figures", t2 - t1),
            ("apply + figures", t2 - t0),
            ("cpu", c2 - c0),
        ):
            times[key].append(value)
        times["indexed"].append(indexed_figures(data, f))
        sizes.append(len(sub.articles))
        if step < args.naive:
            t3 = time.perf_counter()
            slow = naive_apply(corpus, f)
            naive.append(time.perf_counter() - t3)
            same.append(slow.articles["article_id"].equals(sub.articles["article_id"]))
    report(args, times, sizes, naive, same)
    print("  slowest changes (CPU ms: apply wall | each figure):")
    for cpu, wall_apply, per_figure, kept, f in sorted(slowest, key=lambda row: -row[0])[:5]:
        parts = " ".join(f"{name} {1000 * v:.0f}" for name, v in per_figure.items())
        line = f"{1000 * cpu:6.0f}  apply {1000 * wall_apply:.0f} | {parts} | {kept:,} articles"
        print(f"    {line} | {f.describe()}")


def report(
    args: argparse.Namespace, times: dict, sizes: list[int], naive: list[float], same: list[bool]
) -> None:
    """Print the figures of the run."""
    q = np.quantile(sizes, [0.25, 0.5, 0.75]).astype(int)
    print(
        f"{args.changes} changes; articles kept: quartiles {q[0]:,} / {q[1]:,} / {q[2]:,}, max {max(sizes):,}"
    )
    for name, values in times.items():
        label = "(CPU time)" if name in ("cpu", "indexed") else "(wall)"
        name = {"cpu": "apply + figures", "indexed": "Explorer path"}.get(name, name)
        print(f"  {name:16s} {label:10s} median {ms(values, 0.5):7.1f} ms   p95 {ms(values, 0.95):7.1f} ms")
    if naive:
        ratio = np.median(naive) / np.median(times["apply"][: len(naive)])
        print(
            f"  naive apply      (wall)     median {ms(naive, 0.5):7.1f} ms over {len(naive)} changes "
            f"(same articles: {all(same)}); indexed apply is {ratio:,.0f}x faster on those"
        )


if __name__ == "__main__":
    main()
