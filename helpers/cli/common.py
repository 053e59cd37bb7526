"""What several ``corpus-atlas`` commands share: the load options, and saying what was loaded.

Every command that loads a corpus:

* says so when no path was given and the demo corpus (or ``$CORPUS_ATLAS_CORPUS``) is used instead;
* stops with the load report's reasons and exit status 1 when no article came out of the source;
* prints one line on the files that need a look, and how to see them.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import warnings
from pathlib import Path
from typing import Any

from helpers.core.config import default_corpus_dir
from helpers.corpus.model import Corpus, EmptyCorpusWarning, load_corpus
from helpers.corpus.summary import empty_reasons, problems_line
from helpers.ingest.columns import parse_columns_option
from helpers.ingest.files import display_name


class CommandError(Exception):
    """A user error of a command: printed as ``corpus-atlas <command>: <message>``, exit ``status``."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def add_load_options(parser: argparse.ArgumentParser, *, aliases: bool = True) -> None:
    """``--columns``, ``--follow-links`` (and ``--aliases``) for a command that loads a corpus."""
    parser.add_argument(
        "--columns",
        help="for a table: which of its columns is which, e.g. title=hed,date=when,text=story,url=address",
    )
    parser.add_argument(
        "--follow-links", action="store_true", help="read files behind links that point outside the folder"
    )
    if aliases:
        parser.add_argument("--aliases", help="alias table (default: aliases.csv in the corpus folder)")


def say(text: str) -> None:
    """Print ``text`` with control characters escaped (file names may hold terminal escape codes)."""
    print(display_name(text).replace("\\x0a", "\n"))


def load_for_command(args: argparse.Namespace, command: str, **options: Any) -> Corpus:
    """Load ``args.path`` for ``command`` with the shared options; raise :class:`CommandError`
    (exit 1) when nothing was loaded, after saying which corpus was used when none was given."""
    if not args.path:
        where = default_corpus_dir()
        origin = "$CORPUS_ATLAS_CORPUS" if os.environ.get("CORPUS_ATLAS_CORPUS") else "the demo corpus"
        say(f"No corpus path given: using {where} ({origin}). Give a folder or a table to use your own.")
    aliases = options.get("aliases")
    if aliases and not Path(aliases).expanduser().is_file():
        raise CommandError(
            f"--aliases {aliases}: no such file (an alias table is a CSV: alias,canonical,kind)"
        )
    try:
        columns = parse_columns_option(getattr(args, "columns", None))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyCorpusWarning)  # said below, as the command's error
        try:
            corpus = load_corpus(
                args.path,
                columns=columns,
                follow_links=bool(getattr(args, "follow_links", False)),
                **options,
            )
        except ValueError as exc:  # a columns= mapping that names nothing (ColumnsError)
            raise CommandError(str(exc)) from None
    if len(corpus) == 0:
        source = corpus.meta.get("source") or args.path
        raise CommandError(f"no articles in {source}: {empty_reasons(corpus.load_report)}", status=1)
    if command != "load":
        listing = f"corpus-atlas load {shlex.quote(str(args.path))}" if args.path else "corpus-atlas load"
        line = problems_line(corpus.load_report, f"`{listing}` lists them")
        if line:
            say(line)
    return corpus


def fail(command: str, exc: CommandError) -> int:
    """Print a :class:`CommandError` to stderr; return its exit status."""
    print(display_name(f"corpus-atlas {command}: {exc}"), file=sys.stderr)
    return exc.status
