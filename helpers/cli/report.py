"""``corpus-atlas report``: write the self-contained HTML report of a corpus."""

from __future__ import annotations

import argparse
import warnings

from helpers.corpus.model import load_corpus
from helpers.query.filters import Filter
from helpers.report.export import ReportSizeWarning, export_report


def add_report_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``corpus-atlas report PATH -o FILE [filters]`` to the CLI."""
    p = subparsers.add_parser("report", help="write the self-contained HTML report of a corpus")
    p.add_argument("path", nargs="?", help="folder, article file or table (default: the demo corpus)")
    p.add_argument("-o", "--output", default="report.html", help="HTML file to write (default report.html)")
    p.add_argument("--title", help="heading of the report")
    p.add_argument("--from", dest="start", help="starting filter: first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", help="starting filter: last day, YYYY-MM-DD")
    for name, what in (("entity", "an entity name, alias or id"), ("place", "a place name or id")):
        p.add_argument(
            f"--{name}", action="append", default=None, help=f"starting filter: {what} (repeatable)"
        )
    p.add_argument(
        "--outlet", action="append", default=None, help="starting filter: outlet domain (repeatable)"
    )
    p.add_argument("--all-entities", action="store_true", help="articles must mention every --entity")
    p.add_argument("--keyword", default="", help='starting filter: words, "quoted phrases"')
    p.add_argument("--include-bodies", action="store_true", help="embed the full texts (bigger file)")
    p.add_argument("--no-snippets", action="store_true", help="leave out the mention snippets")
    p.add_argument("--sample", type=int, help="keep a random sample of N articles")
    p.add_argument("--budget-mb", type=float, default=25, help="warn above this size (default 25)")
    p.add_argument(
        "--no-enrich", action="store_true", help="skip entities and places (timeline/outlets only)"
    )
    return p


def main_report(args: argparse.Namespace) -> int:
    """``corpus-atlas report``: load (and enrich) the corpus, write the report, print its size."""
    try:
        f = Filter(
            start=args.start,
            end=args.end,
            entities=args.entity or (),
            places=args.place or (),
            outlets=args.outlet or (),
            keyword=args.keyword,
            entity_mode="all" if args.all_entities else "any",
        )
    except (ValueError, TypeError) as exc:
        print(f"corpus-atlas report: {exc}")
        return 2
    corpus = load_corpus(args.path, enrich=not args.no_enrich)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportSizeWarning)
        out = export_report(
            corpus,
            args.output,
            title=args.title,
            filter=f,
            include_bodies=args.include_bodies,
            size_budget_mb=args.budget_mb,
            sample=args.sample,
            snippets=not args.no_snippets,
        )
    size = out.stat().st_size
    kept = (
        f"a random sample of {args.sample:,} of {len(corpus):,}"
        if args.sample and args.sample < len(corpus)
        else f"{len(corpus):,}"
    )
    print(
        f"Report written: {out.resolve()} ({size / 1e6:.1f} MB; {kept} articles; "
        f"filter: {f.describe(corpus)})"
    )
    for w in caught:
        print(f"warning: {w.message}")
    return 0
