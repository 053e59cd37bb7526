"""Notebooks: the kit's set-up cell, headless runs in a real kernel, and offline HTML export.

Names load lazily: nbformat and nbclient take seconds to import, which the ``corpus-atlas`` command
and the notebooks themselves should not pay until they run or export a notebook.
"""

from __future__ import annotations

from helpers.core.lazy import lazy_exports

_EXPORTS = {
    "setup": "session",
    "RENDERER": "session",
    "DEFAULT_TIMEOUT": "session",
    "kit_notebooks": "session",
    "export_notebook": "batch",
    "export_notebooks": "batch",
    "share_report": "batch",
    "run_notebook": "run",
    "inject_parameters": "run",
    "SlicedPollClient": "run",
    "PARAMETERS_TAG": "run",
    "INJECTED_TAG": "run",
    "export_html": "export",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
