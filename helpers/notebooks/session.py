"""What a kit notebook needs at its top: :func:`setup`, and where the kit's notebooks are.

:func:`setup` is the first line of every kit notebook: plotly renders through its mimetype (for
JupyterLab) *and* as offline HTML (for exports), and nothing else is configured globally. This module
stays light: running and exporting notebooks (nbformat, nbclient) live in ``run`` and ``batch``.
"""

from __future__ import annotations

from pathlib import Path

from helpers.core.config import PROJECT_DIR

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
    import plotly.io as pio  # deferred: plotly is heavy, and this module is imported by the CLI

    pio.renderers.default = renderer


def kit_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The kit's numbered notebooks (``NN_*.ipynb``) in ``folder`` (default: the project's notebooks/)."""
    root = Path(folder) if folder is not None else PROJECT_DIR / "notebooks"
    return sorted(p for p in root.glob("[0-9][0-9]_*.ipynb") if p.is_file())
