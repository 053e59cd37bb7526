"""Execute the kit's notebooks and write them as offline HTML; write a notebook's shareable report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from helpers.notebooks.export import export_html
from helpers.notebooks.run import PARAMETERS_TAG, run_notebook
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

    Everything the notebooks write goes under ``out_dir``: their kernels run in it (a relative path
    in a notebook lands there), and a notebook whose ``parameters`` cell sets ``OUT`` gets
    ``OUT = <out_dir>/<file name of OUT>`` (``05_share_report`` writes ``<out_dir>/share_report.html``).

    Args:
        out_dir: folder for the HTML files (created).
        notebooks: folder holding the notebooks; default the project's ``notebooks/``.
        corpus: corpus folder for the notebooks (through ``CORPUS_ATLAS_CORPUS``); default theirs.
        timeout: seconds allowed per cell.

    Raises:
        NotebookFailed: a cell raised or timed out; the message names the notebook and the error.
    """
    out = Path(out_dir).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = {"CORPUS_ATLAS_CORPUS": str(Path(corpus).expanduser().resolve())} if corpus else None
    written = []
    for path in kit_notebooks(notebooks):
        target = out / f"{path.stem}.html"
        parameters = _redirected_outputs(path, out)
        try:
            written.append(
                export_notebook(
                    path, target, timeout=timeout, env=env, cwd=out, parameters=parameters or None
                )
            )
        except (CellExecutionError, CellTimeoutError) as exc:
            raise NotebookFailed(path.name, exc) from exc
    return written


class NotebookFailed(RuntimeError):
    """A kit notebook failed while exporting: the notebook's name and the error in one short line."""

    def __init__(self, name: str, exc: Exception) -> None:
        what = (
            f"{exc.ename}: {exc.evalue}" if getattr(exc, "ename", "") else str(exc).strip().splitlines()[-1]
        )
        super().__init__(f"{name} failed: {_ANSI.sub('', what)}")
        self.notebook = name


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _redirected_outputs(path: Path, out: Path) -> dict[str, str]:
    """``{"OUT": "<out>/<name>"}`` when the notebook's ``parameters`` cell assigns ``OUT`` a string."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            found = re.search(r"^OUT\s*=\s*[\"']([^\"']+)[\"']", cell.source, flags=re.MULTILINE)
            if found:
                return {"OUT": str(out / Path(found.group(1)).name)}
    return {}


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
