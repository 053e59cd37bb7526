"""Execute the kit's notebooks and write them as offline HTML; write a notebook's shareable report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.notebooks.export import export_html
from helpers.notebooks.run import run_notebook
from helpers.notebooks.session import DEFAULT_TIMEOUT, kit_notebooks
from helpers.report.export import export_report

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus
    from helpers.query.filters import Filter


def export_notebook(path: str | Path, out: str | Path, **run_options: Any) -> Path:
    """Execute one notebook (see :func:`run_notebook`) and write it as offline HTML to ``out``."""
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
    """Write the self-contained, filterable HTML report of ``corpus`` (``05_share_report`` calls this).

    ``filter`` is where the reader starts; see :func:`helpers.report.export.export_report`.
    """
    return Path(export_report(corpus, out, title=title, filter=filter))
