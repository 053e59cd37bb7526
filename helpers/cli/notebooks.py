"""``corpus-atlas export``: execute the kit's notebooks and write them as offline HTML."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path
from typing import Any

from helpers.cli.common import CommandError, load_for_command, say
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
    """``corpus-atlas export``: check the corpus, run the notebooks, write HTML, print one line per file.

    Everything is written under ``-o``. A ``--corpus`` that does not exist or holds no article is an
    error before any kernel starts (its load also warms the cache the notebooks read).
    """
    if not kit_notebooks(args.notebooks):
        print(f"no NN_*.ipynb notebooks in {args.notebooks or 'notebooks/'}", file=sys.stderr)
        return 1
    if args.corpus:
        check_corpus(args.corpus)
    # deferred: nbclient and nbformat take over a second to import, which other commands need not pay
    from helpers.notebooks.batch import NotebookFailed, export_notebooks

    out = Path(args.output).expanduser().resolve()
    before = _files_under(out)
    try:
        files = export_notebooks(
            args.output, notebooks=args.notebooks, corpus=args.corpus, timeout=args.timeout
        )
    except NotebookFailed as exc:
        raise CommandError(f"{exc} (run the notebook in JupyterLab to see the whole traceback)", 1) from None
    after = _files_under(out)
    others = sorted(p for p, stamp in after.items() if before.get(p) != stamp and p not in files)
    for path in [*files, *others]:
        say(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def _files_under(folder: Path) -> dict[Path, tuple[int, int]]:
    """Every file below ``folder`` with its (size, modification time), to tell what a run wrote."""
    if not folder.is_dir():
        return {}
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def check_corpus(path: str) -> None:
    """Raise :class:`CommandError` unless ``path`` exists and gives at least one article."""
    source = Path(path).expanduser()
    if not source.exists():
        raise CommandError(
            f"--corpus {path}: no such file or folder (give a folder of .txt/.md articles or a table)"
        )
    args = argparse.Namespace(path=str(source), columns=None, follow_links=False)
    with contextlib.redirect_stdout(io.StringIO()):  # the notebooks report the load themselves
        load_for_command(args, "export", enrich=False, progress=False)
