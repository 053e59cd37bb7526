"""The file walker against the least any walker must do (issue 13, item 8).

``walk_files`` lists every entry (hidden files, FIFOs and links out included, with a note), checks
each is a regular file and makes its name printable. The baseline, measured in the same run, is a
bare recursive ``os.scandir`` that stats every entry and keeps nothing but the paths: the floor for
any walker that must know sizes and modification times. Printed: best of ``--repeat`` runs, and the
ratio.

    .venv/bin/python bench/bench_walk.py [FOLDER] [--repeat 7]

FOLDER defaults to the real corpus (``../shared/corpora/ukraine_media_2022``) when present, else a
folder of 20,000 generated files in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from helpers.ingest.files import walk_files

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ukraine_media_2022"


def bare_walk(root: Path) -> list[tuple[str, int, int]]:
    """Every file below ``root`` with size and mtime, nothing else (the baseline)."""
    out, stack = [], [str(root)]
    while stack:
        for entry in os.scandir(stack.pop()):
            st = entry.stat()
            if entry.is_dir():
                stack.append(entry.path)
            else:
                out.append((entry.path, st.st_size, st.st_mtime_ns))
    return out


def best_ms(fn, root: Path, repeat: int) -> float:
    """Fastest of ``repeat`` runs of ``fn(root)``, in milliseconds (the machine is shared)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(root)
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.folder or (REAL if REAL.is_dir() else None)
        if root is None:
            root = Path(tmp)
            for i in range(20_000):
                (root / f"{i:06d}.txt").write_text("# t\n", encoding="utf-8")
        entries = len(walk_files(root)[0])
        base = best_ms(bare_walk, root, args.repeat)
        ours = best_ms(walk_files, root, args.repeat)
        print(f"{root}: {entries:,} entries")
        print(f"bare scandir+stat {base:7.1f} ms; walk_files {ours:7.1f} ms; ratio {ours / base:4.2f}")


if __name__ == "__main__":
    main()
