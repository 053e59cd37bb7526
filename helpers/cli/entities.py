"""``corpus-atlas entities``: the top people, organisations, places and groups of a corpus."""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.cli.common import add_load_options, load_for_command
from helpers.enrich.entities import top_entities


def add_entities_parser(subparsers: Any) -> None:
    """Add ``corpus-atlas entities PATH``: the top people, organisations, places and groups."""
    parser = subparsers.add_parser("entities", help="load and enrich a corpus, print its top entities")
    parser.add_argument("path", nargs="?", help="folder, article file or table (default: the demo corpus)")
    parser.add_argument("--top", type=int, default=20, help="entities per kind (default 20)")
    parser.add_argument("--kind", choices=["person", "org", "place", "group"], action="append",
                        help="only this kind (repeatable; default: all four)")  # fmt: skip
    parser.add_argument("--aliases", help="alias table (default: aliases.csv in the corpus folder)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    add_load_options(parser, aliases=False)


def main_entities(args: Any) -> int:
    """``corpus-atlas entities``: print the top entities of each kind and the alias report."""
    corpus = load_for_command(args, "entities", progress=not args.quiet and None, aliases=args.aliases)
    print(corpus.summary())
    with pd.option_context("display.width", 160, "display.max_rows", 500):
        for kind in args.kind or ["person", "org", "place", "group"]:
            print(f"\n{kind}: top {args.top} by articles")
            print(top_entities(corpus.entities, corpus.places, kind=kind, n=args.top).to_string())
        if len(corpus.alias_report):
            print(f"\nalias table {corpus.meta.get('aliases') or '(given)'}:")
            print(corpus.alias_report.to_string(index=False))
    return 0
