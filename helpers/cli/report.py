"""``corpus-atlas report``: write the self-contained HTML report of a corpus."""

from __future__ import annotations

import argparse
import warnings

from helpers.cli.common import CommandError, add_load_options, load_for_command, say
from helpers.corpus.summary import count_text
from helpers.query.check import CLI_NAMES, check_filter
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
    add_load_options(p)
    return p


def main_report(args: argparse.Namespace) -> int:
    """``corpus-atlas report``: load (and enrich) the corpus, check the filter, write the report.

    A filter value that matches nothing, or ``--from`` after ``--to``, is an error (exit 2) naming
    the closest matches; an empty corpus is an error (exit 1) with the load report's reasons.
    """
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
        raise CommandError(str(exc)) from None
    if f.start and f.end and f.start > f.end:  # no need to load anything to know
        raise CommandError(f"--from {f.start.isoformat()} is after --to {f.end.isoformat()}")
    corpus = load_for_command(args, "report", enrich=not args.no_enrich, aliases=args.aliases)
    check = check_filter(corpus, f, CLI_NAMES)
    if check.problems:
        raise CommandError("; ".join(check.problems))
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
    if args.sample and args.sample < len(corpus):
        kept = f"a random sample of {args.sample:,} of {count_text(len(corpus), 'article')}"
    else:
        kept = count_text(len(corpus), "article")
    say(f"Report written: {out.resolve()} ({size / 1e6:.1f} MB; {kept}; filter: {f.describe(corpus)})")
    if not f.is_empty():
        say(f"The report opens filtered: {check.kept_text}.")
    for w in caught:
        say(f"warning: {w.message}")
    return 0
