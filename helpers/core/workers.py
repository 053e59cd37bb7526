"""Worker processes: one policy for how many to start and how (parsing and NER both use it)."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def start_method() -> str:
    """``"fork"`` on Linux, else ``"spawn"``.

    Forking is fast, re-imports nothing (so it works unchanged from notebooks, pytest and unguarded
    scripts) and shares what the parent loaded (a model, a suffix list) copy-on-write. Spawning, the
    only safe choice elsewhere, needs the script's entry point guarded by ``if __name__ == "__main__":``.
    """
    return "fork" if sys.platform.startswith("linux") else "spawn"


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def worker_count(wanted: int) -> int:
    """``wanted`` workers, but no more than the CPUs available and at least one."""
    return max(1, min(wanted, cpu_count()))


def process_pool(wanted: int) -> ProcessPoolExecutor:
    """A pool of :func:`worker_count` processes started with :func:`start_method`."""
    context = multiprocessing.get_context(start_method())
    return ProcessPoolExecutor(worker_count(wanted), mp_context=context)
