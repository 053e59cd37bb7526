"""``corpus-atlas export``: execute the kit's notebooks and write them as offline HTML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from helpers.notebooks.session import DEFAULT_TIMEOUT, kit_notebooks


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``export`` subcommand to the ``corpus-atlas`` parser."""
    parser = subparsers.add_parser("export", help="execute the notebooks and write them as offline HTML")
    parser.add_argument("-o", "--output", default="out/notebooks", help="folder for the HTML files")
    parser.add_argument("--notebooks", default=None, help="folder of the notebooks (default: notebooks/)")
    parser.add_argument("--corpus", default=None, help="corpus folder the notebooks load (default: demo)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds allowed per cell")
    return parser


def main_export(args: argparse.Namespace) -> int:
    """``corpus-atlas export``: run the notebooks, write HTML, print one line per file."""
    # deferred: nbclient and nbformat take over a second to import, which other commands need not pay
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    from helpers.notebooks.batch import export_notebooks

    if not kit_notebooks(args.notebooks):
        print(f"no NN_*.ipynb notebooks in {args.notebooks or 'notebooks/'}", file=sys.stderr)
        return 1
    try:
        files = export_notebooks(
            args.output, notebooks=args.notebooks, corpus=args.corpus, timeout=args.timeout
        )
    except (CellExecutionError, CellTimeoutError) as exc:
        print(f"a notebook failed:\n{exc}", file=sys.stderr)
        return 1
    for path in files:
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0
