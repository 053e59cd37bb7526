"""Headless notebook execution with a real kernel (used by :mod:`helpers.notebooks`).

nbclient's Output-widget emulation sends on the shell socket from its IOPub task while the reply
poll waits on that same asyncio zmq socket; the reply is then only seen when the poll times out (the
whole cell timeout, forever by default). :class:`SlicedPollClient` waits for shell replies in short
slices up to the same deadline, so a missed wake-up costs at most one slice.

Kept apart from :mod:`helpers.notebooks` because importing nbformat/nbclient costs seconds (jsonschema
builds a grammar at import), which the ``corpus-atlas`` command and notebooks should not pay.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from helpers.notebooks.session import DEFAULT_TIMEOUT

#: Longest single wait on the shell channel (seconds); see :class:`SlicedPollClient`.
POLL_SLICE = 0.2
#: Tag of the papermill-style parameters cell, and of the cell injected after it.
PARAMETERS_TAG = "parameters"
#: The kernel logs errors only: its "Kernel is running over TCP without encryption" warning (the
#: kernel listens on localhost for this one headless run) would otherwise be printed at every run.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=ERROR",)
INJECTED_TAG = "injected-parameters"


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
    """An ``NotebookClient`` whose shell-channel waits cannot miss a wake-up (see the module docstring)."""

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
        extra_arguments=list(KERNEL_ARGUMENTS),
    )
    kernel_env = {**os.environ, **(env or {})}
    return client.execute(cwd=str(cwd or folder), env=kernel_env)
