"""Stopping the servers a test started (JupyterLab, a Dask scheduler and workers) by their pid."""

from __future__ import annotations

import os
import signal
import subprocess


def stop_process(proc: subprocess.Popen, *, group: bool = False, timeout: float = 20) -> None:
    """Terminate ``proc`` (or its whole process group, when it was started in a new session) by pid,
    and kill it if it has not ended after ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    send = os.killpg if group else os.kill
    send(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        send(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
