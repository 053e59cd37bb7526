"""The corpus store on Dask: enrichment scaling over workers, a million-article store, opening it.

    .venv/bin/python bench/bench_scale.py                          # scaling (real corpus if present)
    .venv/bin/python bench/bench_scale.py --million /tmp/gen1m     # + build and open a 1M store
    (make the 1M folder first: corpus-atlas generate /tmp/gen1m --n 1000000 --no-malformed)

What it prints, each against a baseline measured in the same run:

1. enrichment throughput (words/s) of a store build on a LocalCluster of 1 and of 2 workers, with the
   model loaded in every worker before the clock starts; the ratio is the scaling (target >= 1.7x);
   baseline: the in-process ``load_corpus`` of the same articles (NER in two processes);
2. the cost of one more task: the same input built with enrich off in small and in large partitions
   (seconds per extra task), next to the round trip of an empty Dask task;
3. hours per million real articles on N workers, from the measured per-worker throughput;
4. with ``--million``: building the store of those articles (no NER: the parse, the word lists and
   every corpus-wide step; NER is measured in 1.), the client's peak RSS (bodies never pass through
   it; target < 2 GB) and the store's size; then, in a fresh process, opening it (target < 10 s),
   the Explorer's first and later keyword filter changes (median < 250 ms) and that process's peak
   RSS (target < 4 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"
WORDS_PER_REAL_ARTICLE = 540  # mean of the real corpus in ../shared (bench/README.md)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sample(n: int, out: Path) -> Path:
    """``n`` article files: the first of the real corpus (linked), else generated ones."""
    from helpers.demo.generate import generate_corpus

    out.mkdir(parents=True)
    if REAL.is_dir():
        for path in sorted(REAL.glob("*.txt"))[:n]:
            (out / path.name).symlink_to(path)
    else:
        generate_corpus(out, n, seed=3, malformed=False)
    return out


def _load_models() -> None:
    """Load the NER model and the gazetteer in this (worker) process."""
    from helpers.enrich.ner import load_nlp
    from helpers.places.store import load_gazetteer

    load_nlp()
    load_gazetteer()


def scaling(n: int, tmp: Path) -> float:
    """Print words/s with 1 and 2 workers; return the per-worker words/s of the 2-worker run."""
    import dask
    from distributed import Client, LocalCluster

    from helpers.store.build import build_store

    source = _sample(n, tmp / "sample")
    rates = {}
    for workers in (1, 2):
        with (
            dask.config.set({"distributed.worker.profile.enabled": False}),  # as build_store's own cluster
            LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            client.run(_load_models)  # the clock starts with the model loaded in every worker
            started = time.perf_counter()
            result = build_store(
                source, tmp / f"s{workers}", client=client, partition_size=50, progress=False
            )
            seconds = time.perf_counter() - started
        words = sum(p["words"] for p in result.manifest["partitions"])
        rates[workers] = words / seconds
        print(
            f"enrichment on {workers} worker(s): {result.manifest['articles']:,} articles, {words:,} words "
            f"in {seconds:.1f} s = {rates[workers]:,.0f} words/s"
        )
    print(f"scaling 2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")
    import helpers
    from helpers.enrich.ner import load_nlp

    load_nlp()  # the baseline also starts with the model loaded
    started = time.perf_counter()
    helpers.load_corpus(source, cache=False, progress=False)  # NER in two processes, no Dask
    baseline = words / (time.perf_counter() - started)
    print(
        f"baseline, load_corpus in one process with 2 NER workers: {baseline:,.0f} words/s; "
        f"the store on 2 Dask workers: {rates[2] / baseline:.2f}x of it"
    )
    return rates[2] / 2


def task_overhead(tmp: Path) -> None:
    """Print the cost of one more partition task, and of an empty Dask task."""
    from distributed import Client, LocalCluster

    from helpers.demo.generate import generate_corpus
    from helpers.store.build import build_store

    source = tmp / "overhead"
    generate_corpus(source, 2000, seed=5, malformed=False)
    times = {}
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        started = time.perf_counter()
        client.gather(client.map(abs, range(500), pure=False))
        empty = (time.perf_counter() - started) / 500
        for size in (10, 400):
            started = time.perf_counter()
            built = build_store(
                source, tmp / f"o{size}", client=client, partition_size=size, enrich=False, progress=False
            )
            times[size] = (time.perf_counter() - started, len(built.manifest["partitions"]))
    (t_small, n_small), (t_big, n_big) = times[10], times[400]
    per_task = (t_small - t_big) / (n_small - n_big)
    print(
        f"per-task overhead: {per_task * 1000:.1f} ms per extra partition ({n_small} parts {t_small:.1f} s, "
        f"{n_big} parts {t_big:.1f} s, 2,000 files, enrich off); "
        f"an empty Dask task: {empty * 1000:.2f} ms"
    )


def hours_per_million(per_worker: float) -> None:
    """Print the hours one million real articles take on 1 to 128 workers at the measured rate."""
    words = 1_000_000 * WORDS_PER_REAL_ARTICLE
    cells = ", ".join(f"{n} workers {words / (per_worker * n) / 3600:.1f} h" for n in (1, 2, 8, 32, 128))
    print(
        f"hours per million real articles ({WORDS_PER_REAL_ARTICLE} words), {per_worker:,.0f} words/s"
        " a worker:"
    )
    print(f"  {cells}")


def million(source: Path, store: Path) -> None:
    """Build the store of ``source`` (enrich off), then open it in a fresh process."""
    from helpers.store.build import build_store

    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    result = build_store(source, store, workers=2, partition_size=10_000, enrich=False, progress=False)
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    finals = sum(f.stat().st_size for f in store.rglob("*") if f.is_file() and "parts" not in f.parts)
    print(
        f"store of {result.manifest['articles']:,} articles built in {seconds / 60:.1f} min on 2 workers "
        f"(enrich off); client peak RSS {_peak_rss_mb():,.0f} MB (target < 2,048); store {size / 1e9:.2f} GB "
        f"({finals / 1e9:.2f} GB of tables and index; the rest: partition parts kept for rebuilds)"
    )
    command = [sys.executable, __file__, "--open-only", str(store)]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    fig = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"open: load_corpus {fig['open_s']:.1f} s (target < 10 s), "
        f"Explorer ready {fig['explorer_s']:.1f} s; "
        f"a keyword typed at once {fig['at_once_ms']:.0f} ms (index ready "
        f"{fig['keywords_ready_s']:.1f} s after the Explorer); "
        f"then: first {fig['first_ms']:.0f} ms, median {fig['median_ms']:.0f} ms, "
        f"max {fig['max_ms']:.0f} ms over {fig['changes']} words (target median < 250 ms); "
        f"phrase {fig['phrase_ms']:.0f} ms; peak RSS {fig['rss_mb']:,.0f} MB (target < 4,096)"
    )


def _time_keyword(explorer: object, word: str) -> float:
    """Seconds for a keyword typed into the Explorer to refresh every view."""
    started = time.perf_counter()
    explorer.keyword.value = word
    return time.perf_counter() - started


def open_only(store: Path) -> None:
    """In this (fresh) process: open the store, start an Explorer, time keyword changes; print JSON."""
    import helpers

    started = time.perf_counter()
    corpus = helpers.load_corpus(store)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    explorer = helpers.Explorer(corpus, debounce=0)
    ready = time.perf_counter() - started
    started = time.perf_counter()
    first = _time_keyword(explorer, "ukraine")  # at once: may wait for the keyword index warm-up
    explorer.data.index.keywords  # noqa: B018  the warm-up the Explorer started in the background
    warm = time.perf_counter() - started
    words = [
        "kyiv",
        "grain",
        "talks",
        "sanctions",
        "missile",
        "border",
        "energy",
        "minister",
        "refugees",
        "port",
    ]
    samples = []
    for word in words:
        started = time.perf_counter()
        explorer.keyword.value = word
        samples.append(time.perf_counter() - started)
    started = time.perf_counter()
    explorer.keyword.value = '"grain exports"'
    phrase = time.perf_counter() - started
    print(
        json.dumps(
            {
                "open_s": opened,
                "explorer_s": ready,
                "at_once_ms": first * 1000,
                "keywords_ready_s": warm,
                "first_ms": samples[0] * 1000,
                "median_ms": statistics.median(samples) * 1000,
                "max_ms": max(samples) * 1000,
                "changes": len(samples),
                "phrase_ms": phrase * 1000,
                "rss_mb": _peak_rss_mb(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles for the scaling runs")
    parser.add_argument("--million", type=Path, help="folder of generated articles to build a store of")
    parser.add_argument("--store", type=Path, help="where to build that store (default: a temporary folder)")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--open-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.open_only:
        open_only(args.open_only)
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_scaling:
            per_worker = scaling(args.articles, Path(tmp))
            task_overhead(Path(tmp))
            hours_per_million(per_worker)
        if args.million:
            million(args.million, args.store or Path(tmp) / "million")


if __name__ == "__main__":
    main()
