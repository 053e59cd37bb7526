"""Helpers for the store tests: a small corpus with awkward inputs, an external Dask cluster, and a
comparison of two corpora table by table."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from helpers.demo.generate import generate_corpus
from helpers.testing.processes import stop_process

#: The key each table is sorted by before two corpora are compared.
SORT_KEYS = {
    "articles": ["article_id"],
    "load_report": ["path"],
    "mentions": ["article_id", "start", "end", "kind", "entity_id"],
    "entities": ["entity_id"],
    "places": ["place_id"],
    "alias_report": None,
}


def make_corpus(folder: Path, n: int = 90, seed: int = 11) -> Path:
    """Generated articles (with the demo's broken files), a duplicate and an alias table."""
    generate_corpus(folder, n, seed=seed, malformed=True)
    first = sorted(folder.glob("0*.txt"))[3]
    shutil.copy(first, folder / "zz_copy_of_an_article.txt")  # same URL: a duplicate, last by path
    (folder / "sub").mkdir()
    shutil.copy(sorted(folder.glob("0*.txt"))[5], folder / "sub" / "aa_copy_in_a_folder.txt")
    shutil.copy(Path(__file__).resolve().parents[1] / "corpus" / "aliases.csv", folder / "aliases.csv")
    return folder


def assert_same_corpus(a, b) -> None:  # a, b: helpers.Corpus
    """Every table equal after sorting by its key (bodies compared through ``Corpus.bodies``)."""
    for name, key in SORT_KEYS.items():
        x, y = getattr(a, name), getattr(b, name)
        cols = [c for c in x.columns if c != "body"]
        assert sorted(cols) == sorted(c for c in y.columns if c != "body"), name
        x, y = x[cols], y[cols]
        if key:
            x = x.sort_values(key, kind="stable").reset_index(drop=True)
            y = y.sort_values(key, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(x, y, check_dtype=False, obj=name)
    ids = a.articles["article_id"].tolist()
    assert a.bodies(ids) == b.bodies(ids)
    assert a.meta["corpus_hash"] == b.meta["corpus_hash"]


@contextmanager
def external_cluster(tmp: Path, workers: int = 2) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1 (ports picked by the OS).

    Yields the scheduler address and the worker processes; stops every process by its pid.
    """
    bindir = Path(sys.executable).parent
    file = tmp / "scheduler.json"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    logs = (tmp / "cluster.log").open("w")
    scheduler = subprocess.Popen(
        [
            str(bindir / "dask"),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--dashboard-address",
            ":0",
            "--scheduler-file",
            str(file),
            "--no-show",
        ],
        stdout=logs,
        stderr=subprocess.STDOUT,
        env=env,
    )
    procs = [scheduler]
    try:
        _wait_for(file)
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [
                        str(bindir / "dask"),
                        "worker",
                        "--scheduler-file",
                        str(file),
                        "--nthreads",
                        "1",
                        "--host",
                        "127.0.0.1",
                        "--dashboard-address",
                        ":0",
                        "--local-directory",
                        str(tmp),
                    ],
                    stdout=logs,
                    stderr=subprocess.STDOUT,
                    env=env,
                )
            )
        yield json.loads(file.read_text())["address"], procs[1:]
    finally:
        for proc in reversed(procs):
            stop_process(proc)
        logs.close()


def _wait_for(file: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (file.exists() and file.stat().st_size):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the scheduler did not write {file}")
        time.sleep(0.1)
