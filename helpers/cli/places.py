"""``corpus-atlas places``: every place mention as JSON Lines, for geoparsing evaluation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.enrich.geoparse import export_place_jsonl


def add_places_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``corpus-atlas places PATH --jsonl OUT``."""
    parser = subparsers.add_parser(
        "places",
        help="write every place mention (with coordinates) as JSON lines, for evaluation",
        description="Find and geocode the place mentions of article files; one JSON line per mention "
        "(file, phrase, start/end offsets in the file, lat, lon, place_id).",
    )
    parser.add_argument("path", type=Path, help="an article file or a folder of them")
    parser.add_argument("--jsonl", type=Path, required=True, help="output file")
    parser.add_argument("--no-demonyms", action="store_true", help="leave out nationalities (Ukrainian...)")
    parser.add_argument(
        "--embedded", action="store_true", help="also places inside organisation names (Washington Post)"
    )
    parser.add_argument("--processes", type=int, default=1, help="NER worker processes (default 1)")
    parser.set_defaults(func=main_places)
    return parser


def main_places(args: argparse.Namespace) -> int:
    """Run the ``places`` command; returns the exit status."""
    if not Path(args.path).exists():
        print(f"corpus-atlas places: {args.path} does not exist", file=sys.stderr)
        return 2
    count = export_place_jsonl(
        args.path, args.jsonl, demonyms=not args.no_demonyms, embedded=args.embedded, n_process=args.processes
    )
    print(f"{count} place mentions written to {args.jsonl}")
    return 0
