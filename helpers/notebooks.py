"""Run notebooks headlessly and set them up for offline export.

* :func:`setup` is the first line of every kit notebook: plotly renders through its mimetype (for
  JupyterLab) *and* as offline HTML (for exports), and nothing else is configured globally.
* :func:`run_notebook` executes a notebook with a real kernel through ``nbclient``, always with a
  timeout, and with a client-side fix for the Output-widget hang (jupyter/nbclient#312); it lives in
  :mod:`helpers.notebooks_run` and is imported on first use (nbformat takes seconds to import).

* :func:`export_notebooks` runs every kit notebook and writes offline HTML (``make export``,
  ``corpus-atlas export``); the HTML itself is made by :func:`helpers.notebooks_export.export_html`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corpus import Corpus
    from .filters import Filter

#: Names served lazily from the runner and the exporter (see ``__getattr__``).
_LAZY = {
    "run_notebook": "notebooks_run",
    "inject_parameters": "notebooks_run",
    "SlicedPollClient": "notebooks_run",
    "PARAMETERS_TAG": "notebooks_run",
    "INJECTED_TAG": "notebooks_run",
    "export_html": "notebooks_export",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Renderer set by :func:`setup`: the mimetype for JupyterLab plus inline HTML for exports.
RENDERER = "plotly_mimetype+notebook"
#: Default per-cell timeout for headless runs (seconds).
DEFAULT_TIMEOUT = 300


def setup(renderer: str = RENDERER) -> None:
    """Configure plotly for a kit notebook: figures show in JupyterLab and in exported HTML.

    Args:
        renderer: the plotly renderer string; the default shows figures through the plotly
            mimetype in JupyterLab and also stores offline HTML for nbconvert-style exports.
    """
    import plotly.io as pio

    pio.renderers.default = renderer


def kit_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The kit's numbered notebooks (``NN_*.ipynb``) in ``folder`` (default: the project's notebooks/)."""
    from .config import PROJECT_DIR

    root = Path(folder) if folder is not None else PROJECT_DIR / "notebooks"
    return sorted(p for p in root.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def export_notebook(path: str | Path, out: str | Path, **run_options: Any) -> Path:
    """Execute one notebook (see :func:`run_notebook`) and write it as offline HTML to ``out``."""
    from .notebooks_export import export_html
    from .notebooks_run import run_notebook

    return export_html(run_notebook(path, **run_options), out)


def export_notebooks(
    out_dir: str | Path,
    *,
    notebooks: str | Path | None = None,
    corpus: str | Path | None = None,
    timeout: int = DEFAULT_TIMEOUT,
) -> list[Path]:
    """Execute every kit notebook and write ``<out_dir>/<name>.html`` for each; returns the files.

    Args:
        out_dir: folder for the HTML files (created).
        notebooks: folder holding the notebooks; default the project's ``notebooks/``.
        corpus: corpus folder for the notebooks (through ``CORPUS_ATLAS_CORPUS``); default theirs.
        timeout: seconds allowed per cell.
    """
    env = {"CORPUS_ATLAS_CORPUS": str(Path(corpus).expanduser().resolve())} if corpus else None
    written = []
    for path in kit_notebooks(notebooks):
        target = Path(out_dir) / f"{path.stem}.html"
        written.append(export_notebook(path, target, timeout=timeout, env=env))
    return written


def share_report(
    corpus: Corpus,
    out: str | Path,
    *,
    title: str = "Corpus Atlas report",
    filter: Filter | None = None,
) -> Path:
    """Write a shareable HTML file for ``corpus`` (the ``05_share_report`` notebook calls this).

    With :mod:`helpers.report` installed this is its self-contained, filterable report (``filter``
    preset); otherwise the offline HTML export of ``01_load_and_check`` run on the same corpus.
    """
    if importlib.util.find_spec(f"{__package__}.report") is not None:
        from .report import export_report

        return Path(export_report(corpus, out, title=title, filter=filter))
    if filter is not None and not filter.is_empty():
        warnings.warn("no HTML report module: the notebook export ignores the filter", stacklevel=2)
    source = corpus.meta.get("source")
    env = {"CORPUS_ATLAS_CORPUS": str(source)} if source else None
    return export_notebook(kit_notebooks()[0], out, env=env)


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
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

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
