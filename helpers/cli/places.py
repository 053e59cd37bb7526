"""``corpus-atlas places``: every place mention as JSON Lines, for geoparsing evaluation."""

from __future__ import annotations

import argparse
from pathlib import Path

from helpers.cli.common import CommandError, fail, say
from helpers.corpus.place_mentions import export_places
from helpers.corpus.summary import count_text, empty_reasons, problems_line


def add_places_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``corpus-atlas places PATH --jsonl OUT``."""
    parser = subparsers.add_parser(
        "places",
        help="write every place mention (with coordinates) as JSON lines, for evaluation",
        description="Find and geocode the place mentions of the article files `corpus-atlas load` reads; "
        "one JSON line per mention (file, phrase, start/end offsets in the file, place_id, name, country, "
        "lat, lon, kind: place or demonym, resolved: whether the gazetteer knows it).",
    )
    parser.add_argument("path", type=Path, help="an article file or a folder of them")
    parser.add_argument("--jsonl", type=Path, required=True, help="output file")
    parser.add_argument("--no-demonyms", action="store_true", help="leave out nationalities (Ukrainian...)")
    parser.add_argument(
        "--embedded", action="store_true", help="also places inside organisation names (Washington Post)"
    )
    parser.add_argument(
        "--resolved-only", action="store_true", help="leave out place names the gazetteer does not know"
    )
    parser.add_argument("--processes", type=int, default=1, help="NER worker processes (default 1)")
    parser.add_argument(
        "--follow-links", action="store_true", help="read files behind links that point outside the folder"
    )
    parser.set_defaults(func=main_places)
    return parser


def main_places(args: argparse.Namespace) -> int:
    """Run the ``places`` command on the files ``load`` reads as articles; returns the exit status."""
    try:
        return _run(args)
    except CommandError as exc:
        return fail("places", exc)


def _run(args: argparse.Namespace) -> int:
    if not Path(args.path).exists():
        raise CommandError(f"{args.path} does not exist")
    done = export_places(
        args.path,
        args.jsonl,
        demonyms=not args.no_demonyms,
        embedded=args.embedded,
        resolved_only=args.resolved_only,
        n_process=args.processes,
        follow_links=args.follow_links,
    )
    if done.files == 0:
        raise CommandError(f"no article files in {args.path}: {empty_reasons(done.not_read)}", 1)
    files = count_text(done.files, "article file")
    say(f"{count_text(done.mentions, 'place mention')} from {files} written to {args.jsonl}")
    if len(done.not_read):
        line = problems_line(done.not_read, f"`corpus-atlas load {args.path}` lists them")
        say(f"not read, as by `corpus-atlas load`: {line}")
    return 0
