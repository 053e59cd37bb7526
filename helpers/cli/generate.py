"""``corpus-atlas generate``: write a synthetic corpus (the demo corpus's generator)."""

from __future__ import annotations

import argparse
from pathlib import Path

from helpers.demo.generate import DEFAULT_N, DEFAULT_SEED, generate_corpus


def add_generate_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``generate`` subcommand (``corpus-atlas generate OUT [--n N] [--seed S]``)."""
    parser = subparsers.add_parser(
        "generate", help="write a synthetic corpus (the demo corpus's generator) into a folder"
    )
    _add_arguments(parser)
    parser.set_defaults(func=main_generate)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="folder to write into (created if needed)")
    parser.add_argument("--n", type=int, default=DEFAULT_N, help=f"number of articles (default {DEFAULT_N})")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--no-malformed", dest="malformed", action="store_false", help="leave out the broken files and README"
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="delete earlier generated NNN_<hex> files not written this time",
    )


def main_generate(args: argparse.Namespace) -> int:
    """Run the ``generate`` command: write the corpus, then say what was written."""
    written = generate_corpus(
        args.out, args.n, seed=args.seed, malformed=args.malformed, replace=args.replace
    )
    size = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} files ({size / 1e6:.1f} MB) to {args.out}")
    return 0
