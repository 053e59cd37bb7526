"""Place matching throughput (MB/s), against baselines measured in the same run.

    .venv/bin/python bench/bench_places.py [CORPUS_DIR] [--mb 20]

Text: the bodies of the articles in CORPUS_DIR (default ``../shared/corpora/ukraine_media_2022``),
repeated until ``--mb`` megabytes; generated war-news sentences when the folder is absent.
Figures printed:

* gazetteer load time, cold (built, then cached) and warm (from the cache file, new process state);
* rates are in CPU time of the benchmark process (``time.process_time``), so that other jobs on a
  shared machine do not distort them; the raw matching rate is also given in wall-clock time;
* ``find_places`` per article without NER spans (matching + vetoes + the article's own geography +
  disambiguation), MB/s, after one warm-up call whose cost (lookups built once per process) is printed;
* raw Aho-Corasick matching alone (whole-word, leftmost-longest), MB/s;
* baselines on the first 1 MB: a plain regex alternation over the primary names of the 5,000 most
  prominent places (the naive approach), and a ``str.find`` loop over the same names.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ukraine_media_2022"
SENTENCES = (
    "Russian forces shelled Kharkiv and Mariupol's port on Tuesday, officials in Kyiv said.",
    "Delegations met in Istanbul on March 29 while Vladimir Putin stayed in Moscow.",
    "Fighting continued in the Donbas, near Sievierodonetsk, and in the Kherson region.",
    "Georgia and Moldova watched as Transnistria and Crimea stayed tense; Paris and Berlin called for talks.",
)


def load_texts(folder: Path, megabytes: float) -> list[str]:
    """Article bodies (or generated text) repeated to about ``megabytes`` MB."""
    from helpers.enrich.geoparse import article_files, body_region, read_text

    base: list[str] = []
    if folder.is_dir():
        for path in article_files(folder):
            text = read_text(path)
            start, end = body_region(text)
            base.append(text[start:end])
    if not base:
        print(f"{folder} not found: using generated text")
        base = [" ".join(SENTENCES[(i + j) % 4] for j in range(12)) for i in range(400)]
    texts: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        for text in base:
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= megabytes * 1e6:
                break
    return texts


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def time_load() -> tuple[float, float, float, float]:
    """(cold build + save, warm load from the cache file) in wall-clock and CPU seconds, in a fresh cache."""
    from helpers.places import store as gazetteer

    with tempfile.TemporaryDirectory() as cache:
        os.environ["CORPUS_ATLAS_CACHE"] = cache
        out = []
        for _ in ("cold", "warm"):
            gazetteer.forget_loaded()
            wall, cpu = time.perf_counter(), time.process_time()
            gazetteer.load_gazetteer()
            out += [time.perf_counter() - wall, time.process_time() - cpu]
    gazetteer.forget_loaded()
    return out[0], out[1], out[2], out[3]


def rate(func, texts: list[str]) -> float:
    """MB/s of ``func`` over ``texts`` in CPU time of this process (fair on a machine shared with others;
    :func:`wall_rate` gives wall-clock time)."""
    start = time.process_time()
    for text in texts:
        func(text)
    return mb(texts) / (time.process_time() - start)


def wall_rate(func, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        func(text)
    return mb(texts) / (time.perf_counter() - start)


def baselines(texts: list[str]) -> tuple[float, float, int]:
    """(regex alternation MB/s, str.find loop MB/s, names) on about 1 MB of the texts."""
    from helpers.places.gazetteer import prominence
    from helpers.places.store import load_gazetteer

    gaz = load_gazetteer()
    top = sorted(gaz.places.values(), key=prominence, reverse=True)[:5000]
    names = sorted({p.name for p in top}, key=len, reverse=True)
    one_mb: list[str] = []
    for text in texts:
        one_mb.append(text)
        if mb(one_mb) >= 1.0:
            break
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    regex_rate = rate(lambda t: sum(1 for _ in pattern.finditer(t)), one_mb)

    def find_all(text: str) -> int:
        found = 0
        for name in names:
            at = text.find(name)
            while at >= 0:
                found += 1
                at = text.find(name, at + 1)
        return found

    return regex_rate, rate(find_all, one_mb), len(names)


def main() -> int:
    parser = argparse.ArgumentParser(description="place matching throughput")
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of text to match")
    args = parser.parse_args()
    cold, cold_cpu, warm, warm_cpu = time_load()
    print(
        f"gazetteer load: cold {cold:.2f} s wall / {cold_cpu:.2f} s CPU (build + cache), "
        f"warm {warm:.2f} s wall / {warm_cpu:.2f} s CPU (from the cache file)"
    )
    from helpers.places.find import _raw_matches, find_places
    from helpers.places.store import load_gazetteer

    gaz = load_gazetteer()
    texts = load_texts(args.corpus, args.mb)
    print(f"text: {len(texts)} articles, {mb(texts):.1f} MB; aliases: {len(gaz.alias_keys):,}")
    first = time.process_time()
    find_places(texts[0])  # the first call builds the lookups of the article-geography rules, once
    first = time.process_time() - first
    print(f"first find_places call (builds the context lookups once per process): {first:.2f} s CPU")
    full = rate(find_places, texts)
    raw = rate(lambda t: _raw_matches(gaz, t), texts)
    raw_wall = wall_rate(lambda t: _raw_matches(gaz, t), texts)
    regex_rate, find_rate, names = baselines(texts)
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (rates are CPU-time MB/s)")
    print(f"find_places (no NER spans): {full:8.1f} MB/s")
    print(f"raw Aho-Corasick matching:   {raw:8.1f} MB/s  (wall clock {raw_wall:.1f} MB/s)")
    print(f"baseline regex alternation ({names} names, 1 MB): {regex_rate:8.2f} MB/s")
    print(f"baseline str.find loop     ({names} names, 1 MB): {find_rate:8.2f} MB/s")
    print(
        f"find_places vs regex alternation: {full / regex_rate:6.1f}x; vs str.find: {full / find_rate:6.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
