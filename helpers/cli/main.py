"""The ``corpus-atlas`` command.

Subcommands (each documented in the README; a test keeps the two in step):

* ``load PATH``: load a corpus, print the summary and the problems of the load report;
* ``demo``: the README's main job on the demo corpus (load, enrich, write the HTML report);
* ``report PATH -o FILE``: write the self-contained HTML report;
* ``entities PATH``: load and enrich a corpus, print its top people, organisations, places and
  groups, and the alias report;
* ``places PATH --jsonl OUT``: place mentions as JSON Lines, for geoparsing evaluation;
* ``export``: execute the notebooks and write them as offline HTML;
* ``generate OUT``: write synthetic articles (the demo corpus, or a large one for benchmarks);
* ``lab``: open JupyterLab on the notebooks;
* ``build PATH --store DIR``: build a corpus store on a Dask cluster.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from helpers import __version__
from helpers.cli import build, entities, generate, notebooks, places, report
from helpers.cli.common import CommandError, add_load_options, fail, load_for_command, say
from helpers.core.config import PROJECT_DIR
from helpers.corpus.model import load_corpus
from helpers.ingest.files import display_name
from helpers.report.export import export_report

#: subcommand -> (module with its parser-adding function and runner, adder, runner)
_PLUGGED: dict[str, tuple[ModuleType, str, str]] = {
    "report": (report, "add_report_parser", "main_report"),
    "places": (places, "add_places_parser", "main_places"),
    "export": (notebooks, "add_export_parser", "main_export"),
    "generate": (generate, "add_generate_parser", "main_generate"),
    "entities": (entities, "add_entities_parser", "main_entities"),
    "build": (build, "add_build_parser", "main_build"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="corpus-atlas", description="Explore a corpus of news articles.")
    parser.add_argument("--version", action="version", version=f"corpus-atlas {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="load a corpus and print its summary and load problems")
    load.add_argument("path", nargs="?", help="folder, article file or table (default: the demo corpus)")
    load.add_argument("--no-cache", action="store_true", help="parse everything again, ignore the cache")
    load.add_argument("--enrich", action="store_true", help="also find people, organisations and places")
    load.add_argument("--quiet", action="store_true", help="no progress bars")
    load.add_argument("--problems", type=int, default=20, help="how many load problems to list (default 20)")
    add_load_options(load)
    load.set_defaults(func=main_load)
    demo = sub.add_parser("demo", help="load and enrich the demo corpus and write its HTML report")
    demo.add_argument("-o", "--output", default="out/demo_report.html", help="report file to write")
    demo.set_defaults(func=main_demo)
    lab = sub.add_parser("lab", help="open JupyterLab on the notebooks")
    lab.add_argument("--port", type=int, default=8888)
    lab.set_defaults(func=main_lab)
    for name, (module, adder, runner) in _PLUGGED.items():
        getattr(module, adder)(sub)
        sub.choices[name].set_defaults(func=getattr(module, runner))
    return parser


def main_load(args: argparse.Namespace) -> int:
    """``corpus-atlas load``: print the summary and the first problems."""
    corpus = load_for_command(
        args,
        "load",
        cache=not args.no_cache,
        progress=not args.quiet and None,
        enrich=args.enrich,
        aliases=args.aliases,
    )
    say(corpus.summary())
    problems = corpus.load_report[corpus.load_report["status"] != "ok"]
    for row in problems.head(args.problems).itertuples():
        say(f"  {row.status:<9} {row.path}: {row.message}")
    if len(problems) > args.problems:
        print(f"  ... and {len(problems) - args.problems} more (corpus.load_report has them all)")
    return 0


def main_demo(args: argparse.Namespace) -> int:
    """``corpus-atlas demo``: the README's main job."""
    corpus = load_corpus(None)
    print(corpus.summary())
    out = export_report(corpus, Path(args.output), title="Corpus Atlas demo (synthetic corpus)")
    print(f"Report written: {out.resolve()} (open it in any browser; it works offline)")
    print("Next: `make lab` opens the notebooks (start with notebooks/01_load_and_check.ipynb).")
    return 0


def main_lab(args: argparse.Namespace) -> int:
    """``corpus-atlas lab``: JupyterLab on the notebooks folder."""
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--port={args.port}",
        f"--ServerApp.root_dir={PROJECT_DIR}",
        "--LabApp.default_url=/lab/tree/notebooks/01_load_and_check.ipynb",
    ]
    return subprocess.call(cmd)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``corpus-atlas`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        return fail(args.command, exc)
    except FileNotFoundError as exc:
        print(display_name(f"corpus-atlas: {exc}"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
