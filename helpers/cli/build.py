"""``corpus-atlas build``: build a corpus store on a Dask cluster (a LocalCluster by default)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_build_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``corpus-atlas build PATH --store DIR [--scheduler ADDRESS] [--workers N] ...``."""
    p = subparsers.add_parser("build", help="build a corpus store (partitioned Parquet) on a Dask cluster")
    p.add_argument(
        "path", help="folder of article files, one article file, or a CSV / JSON Lines / Parquet table"
    )
    p.add_argument("--store", required=True, help="store folder to write (open it with load_corpus(STORE))")
    p.add_argument("--scheduler", help="address of a running Dask scheduler (default: start a LocalCluster)")
    p.add_argument("--workers", type=int, help="workers of the LocalCluster (default: one per core)")
    p.add_argument("--partition-size", type=int, help="files or table rows per task (default: up to 1000)")
    p.add_argument("--shards", type=int, help="shards of the keyword index (default 8)")
    p.add_argument("--aliases", help="alias table (default: aliases.csv in the corpus folder)")
    p.add_argument("--no-enrich", action="store_true", help="skip entities and places (no NER)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def main_build(args: argparse.Namespace) -> int:
    """``corpus-atlas build``: build or update the store, then say what was built and reused."""
    # deferred: distributed takes half a second to import, which only this command should pay
    from helpers.store.build import build_store

    result = build_store(
        args.path,
        args.store,
        scheduler=args.scheduler,
        workers=args.workers,
        partition_size=args.partition_size,
        shards=args.shards,
        aliases=args.aliases,
        enrich=not args.no_enrich,
        progress=not args.quiet,
    )
    m = result.manifest
    print(
        f"Store written: {Path(result.store)} ({m['articles']:,} articles of {m['files']:,} inputs; "
        f"{m['mentions']:,} mentions, {m['entities']:,} entities; partitions built {result.built}, "
        f"reused {result.reused}; {result.seconds:.1f} s)"
    )
    print(f"Open it with helpers.load_corpus({str(result.store)!r}) or CORPUS_ATLAS_CORPUS={result.store}")
    return 0
