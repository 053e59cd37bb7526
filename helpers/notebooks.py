"""Run notebooks headlessly and set them up for offline export.

* :func:`setup` is the first line of every kit notebook: plotly renders through its mimetype (for
  JupyterLab) *and* as offline HTML (for exports), and nothing else is configured globally.
* :func:`run_notebook` executes a notebook with a real kernel through ``nbclient``, always with a
  timeout, and with a client-side fix for the Output-widget hang (jupyter/nbclient#312): nbclient's
  Output-widget emulation sends on the shell socket from its IOPub task while the reply poll waits
  on that same asyncio zmq socket, and the reply is then only seen when the poll times out (the
  whole cell timeout, forever by default). :class:`SlicedPollClient` waits for shell replies in
  short slices up to the same deadline, so a missed wake-up costs at most one slice.

* :func:`export_notebooks` runs every kit notebook and writes offline HTML (``make export``,
  ``corpus-atlas export``); the HTML itself is made by :func:`helpers.notebooks_export.export_html`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import warnings
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import TYPE_CHECKING, Any

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from .notebooks_export import export_html

if TYPE_CHECKING:
    from .corpus import Corpus
    from .filters import Filter

#: Renderer set by :func:`setup`: the mimetype for JupyterLab plus inline HTML for exports.
RENDERER = "plotly_mimetype+notebook"
#: Longest single wait on the shell channel (seconds); see :class:`SlicedPollClient`.
POLL_SLICE = 0.2
#: Default per-cell timeout for headless runs (seconds).
DEFAULT_TIMEOUT = 300
#: Tag of the papermill-style parameters cell, and of the cell injected after it.
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def setup(renderer: str = RENDERER) -> None:
    """Configure plotly for a kit notebook: figures show in JupyterLab and in exported HTML.

    Args:
        renderer: the plotly renderer string; the default shows figures through the plotly
            mimetype in JupyterLab and also stores offline HTML for nbconvert-style exports.
    """
    import plotly.io as pio

    pio.renderers.default = renderer


def _sliced(original: Callable[..., Awaitable[dict[str, Any]]]) -> Callable[..., Awaitable[dict[str, Any]]]:
    """Wrap an asyncio channel's ``get_msg`` so that it waits in :data:`POLL_SLICE` steps.

    The deadline is the caller's ``timeout``: ``Empty`` is raised only once it has passed, as
    before; ``None`` still means "wait forever" (the caller's per-cell timeout applies).
    """

    async def get_msg(timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            step = POLL_SLICE if deadline is None else min(POLL_SLICE, max(0.0, deadline - monotonic()))
            try:
                return await original(timeout=step)
            except Empty:
                if deadline is not None and monotonic() >= deadline:
                    raise

    return get_msg


class SlicedPollClient(NotebookClient):
    """An ``NotebookClient`` whose shell-channel waits cannot miss a wake-up (nbclient#312)."""

    async def async_start_new_kernel_client(self) -> Any:
        """Start the kernel client, then make its shell channel poll in short slices."""
        kc = await super().async_start_new_kernel_client()
        kc.shell_channel.get_msg = _sliced(kc.shell_channel.get_msg)
        return kc


def inject_parameters(nb: NotebookNode, parameters: Mapping[str, Any]) -> NotebookNode:
    """Insert a cell assigning ``parameters`` after the cell tagged ``parameters`` (papermill style).

    Without such a cell the assignments go first. Values are written with ``repr``, so use
    plain Python values (str, int, float, bool, None, lists and dicts of those).
    """
    lines = [f"{name} = {value!r}" for name, value in parameters.items()]
    for name in parameters:
        if not str(name).isidentifier():
            raise ValueError(f"not a valid parameter name: {name!r}")
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = [INJECTED_TAG]
    cells = [c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    where = next(
        (i + 1 for i, c in enumerate(cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])),
        0,
    )
    nb.cells = [*cells[:where], cell, *cells[where:]]
    return nb


def run_notebook(
    path: str | Path | NotebookNode,
    *,
    timeout: int = DEFAULT_TIMEOUT,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    kernel_name: str = "python3",
) -> NotebookNode:
    """Execute a notebook top to bottom with a real kernel and return the executed notebook.

    Args:
        path: an ``.ipynb`` file, or a notebook already read with ``nbformat``.
        timeout: seconds allowed per cell (always set: headless runs never wait forever).
        parameters: values injected after the ``parameters``-tagged cell (papermill style).
        cwd: working directory of the kernel; default the notebook's folder.
        env: extra environment variables for the kernel (added to this process's environment).
        kernel_name: the Jupyter kernel to start.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised; the message names the cell.
        nbclient.exceptions.CellTimeoutError: a cell ran longer than ``timeout``.
    """
    if isinstance(path, NotebookNode):
        nb, folder = path, Path.cwd()
    else:
        nb, folder = nbformat.read(str(path), as_version=4), Path(path).resolve().parent
    if parameters:
        nb = inject_parameters(nb, parameters)
    client = SlicedPollClient(
        nb,
        timeout=int(timeout),
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(cwd or folder)}},
    )
    kernel_env = {**os.environ, **(env or {})}
    return client.execute(cwd=str(cwd or folder), env=kernel_env)


def kit_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The kit's numbered notebooks (``NN_*.ipynb``) in ``folder`` (default: the project's notebooks/)."""
    from .config import PROJECT_DIR

    root = Path(folder) if folder is not None else PROJECT_DIR / "notebooks"
    return sorted(p for p in root.glob("[0-9][0-9]_*.ipynb") if p.is_file())


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
