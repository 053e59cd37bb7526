"""Parser speed: ``helpers.ingest.parse.parse_article`` alone, one process, no cache, no pandas frames.

Prints MB/s and articles/s for UTF-8 decoding (the baseline, measured in the same run) and for
decoding + parsing + ``url_outlet``, on the real corpus (../shared/corpora/ukraine_media_2022,
when present) and on N generated demo articles (default 20,000). Files are read into memory
first, so disk speed does not enter. The date and outlet memos are emptied before each pass so
the figure is a cold one.

Usage: python bench/bench_parse.py [--n 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"


def _passes(raw: list[bytes], repeat: int) -> tuple[float, float, float]:
    """Best-of-``repeat`` seconds: decode only (wall), decode + parse + outlet (wall, then CPU)."""
    from helpers.ingest.dates import read_date
    from helpers.ingest.outlets import _host_outlet
    from helpers.ingest.parse import parse_article, url_outlet

    best_decode = best_parse = best_cpu = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for data in raw:
            data.decode("utf-8", errors="replace")
        best_decode = min(best_decode, time.perf_counter() - t0)
        read_date.cache_clear()
        _host_outlet.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        for data in raw:
            parsed = parse_article(data.decode("utf-8", errors="replace"))
            url_outlet(parsed.url)
        best_parse = min(best_parse, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_decode, best_parse, best_cpu


def bench(folder: Path, label: str, repeat: int) -> None:
    """Print the figures for every .txt/.md file under ``folder``."""
    raw = [p.read_bytes() for p in sorted(folder.rglob("*")) if p.suffix in {".txt", ".md"}]
    megabytes = sum(map(len, raw)) / 1e6
    t_decode, t_parse, t_cpu = _passes(raw, repeat)
    print(f"\n{label}: {len(raw):,} files, {megabytes:.1f} MB (best of {repeat})")
    print(f"  decode only (baseline):   {megabytes / t_decode:8.1f} MB/s")
    print(
        f"  decode + parse (wall):    {megabytes / t_parse:8.1f} MB/s  {len(raw) / t_parse:9,.0f} articles/s"
        f"  ({t_parse / t_decode:.0f}x the baseline's time)"
    )
    print(
        f"  decode + parse (CPU time):{megabytes / t_cpu:8.1f} MB/s  (one core; wall is slower when shared)"
    )


def main() -> None:
    """Run the benchmark on the real corpus (when present) and on generated articles."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="generated articles (default 20,000)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from helpers.ingest.parse import url_outlet

    url_outlet("https://www.example.com/")  # load the suffix list once, outside the timings
    if REAL.exists():
        bench(REAL, "ukraine_media_2022", args.repeat)
    else:
        print(f"{REAL} is absent: real-corpus figures skipped")
    with tempfile.TemporaryDirectory() as tmp:
        from helpers.demo.generate import generate_corpus

        t0 = time.perf_counter()
        generate_corpus(Path(tmp), args.n, malformed=False)
        elapsed = time.perf_counter() - t0
        print(
            f"\n(generated {args.n:,} demo articles in {elapsed:.1f} s: {args.n / elapsed:,.0f} articles/s)"
        )
        bench(Path(tmp), f"{args.n:,} generated articles", args.repeat)


if __name__ == "__main__":
    main()
