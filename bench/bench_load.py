"""Loading speed and memory: cold parse, warm (cached) load, and the articles frame's footprint.

Prints, for the real corpus (../shared/corpora/ukraine_media_2022, when present) and for N generated
articles (default 100,000; `--n`):

* cold parse: articles/s and MB/s (cache emptied first), against a baseline measured in the same
  run: just reading and UTF-8-decoding every file (the floor any parser pays);
* warm load: seconds for `load_articles` when nothing changed (stat every file + read the cache);
* memory: the articles frame (deep) against the corpus text size, and the process's peak RSS.

Usage: python bench/bench_load.py [--n 100000] [--skip-generated] [--generated DIR]
Targets (issue 2): cold >= 20 MB/s; warm < 1 s (5,189 files) and < 5 s (100,000); frame < 3x text.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"


def _read_all(folder: Path) -> tuple[int, float]:
    """Baseline: read and decode every file, nothing else."""
    t0 = time.perf_counter()
    n = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            (Path(dirpath) / name).read_bytes().decode("utf-8", errors="replace")
            n += 1
    return n, time.perf_counter() - t0


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the parse workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench(folder: Path, label: str) -> None:
    from helpers.core.config import cache_dir_for
    from helpers.ingest.load import load_articles

    shutil.rmtree(cache_dir_for(folder), ignore_errors=True)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    _, t_read = _read_all(folder)
    t0, c0 = time.perf_counter(), _cpu()
    articles, report, _ = load_articles(folder, progress=False)
    t_cold, c_cold = time.perf_counter() - t0, _cpu() - c0
    warm, warm_cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), _cpu()
        articles, report, _ = load_articles(folder, progress=False)
        warm.append(time.perf_counter() - t0)
        warm_cpu.append(_cpu() - c0)
    frame = articles.memory_usage(deep=True).sum()
    text = articles["body"].str.len().sum() + articles["title"].str.len().sum()
    print(f"\n== {label}: {len(report):,} files, {size / 1e6:.1f} MB, {len(articles):,} articles")
    print(f"baseline read+decode only : {size / 1e6 / t_read:8.1f} MB/s ({t_read:.2f} s)")
    print(
        f"cold parse (no cache)     : {size / 1e6 / t_cold:8.1f} MB/s, "
        f"{len(report) / t_cold:,.0f} articles/s "
        f"({t_cold:.2f} s; {t_cold / t_read:.1f}x the baseline)"
    )
    print(
        f"cold parse CPU time       : {c_cold:.2f} s ({size / 1e6 / c_cold:.1f} MB per CPU-second, 2 workers)"
    )
    print(
        f"warm load (cached), best/median of 3 : {min(warm):.2f} s / {sorted(warm)[1]:.2f} s wall, "
        f"{min(warm_cpu):.2f} s / {sorted(warm_cpu)[1]:.2f} s CPU"
    )
    print(f"(machine load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(
        f"articles frame {frame / 1e6:.1f} MB for {size / 1e6:.1f} MB of files "
        f"({frame / size:.2f}x the files, {frame / max(text, 1):.2f}x the title+body characters)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="generated articles (default 100,000)")
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--generated", type=Path, help="reuse a folder made by `corpus-atlas generate`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CORPUS_ATLAS_CACHE"] = str(Path(tmp) / "cache")
        if REAL.exists():
            bench(REAL, "ukraine_media_2022 (real)")
        else:
            print(f"{REAL} absent: real-corpus figures skipped")
        if args.generated:
            bench(args.generated, f"{args.generated} (generated earlier)")
        elif not args.skip_generated:
            from helpers.demo.generate import generate_corpus

            out = Path(tmp) / "generated"
            t0 = time.perf_counter()
            generate_corpus(out, args.n, malformed=False)
            print(f"\n(generated {args.n:,} articles in {time.perf_counter() - t0:.1f} s)")
            bench(out, f"{args.n:,} generated articles")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak:,.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
