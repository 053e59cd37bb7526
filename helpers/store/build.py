"""``build_store``: a folder of articles (or a table) -> a corpus store, built by Dask tasks.

The client lists the input and plans partitions; everything that reads text runs in tasks on the
workers (see :mod:`helpers.store.partition` and :mod:`helpers.store.finish`). Without a client or a
scheduler address a ``distributed.LocalCluster`` starts here and stops when the build ends.
Settings come from arguments, else ``dask.config`` (``corpus-atlas.partition-size``,
``corpus-atlas.shards``, ``corpus-atlas.workers``, ``corpus-atlas.worker-profile``), else the defaults
below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dask
import pandas as pd
import pyarrow.parquet as pq
from distributed import Client, LocalCluster, as_completed

from helpers import __version__
from helpers.core import schema
from helpers.core.config import TABLE_SUFFIXES
from helpers.core.progress import progress_bar
from helpers.enrich.aliases import aliases_sha, default_aliases_path, read_aliases
from helpers.enrich.merging import MERGE_VERSION
from helpers.enrich.ner import model_version
from helpers.enrich.pipeline import pipeline_version
from helpers.enrich.tone import tone_version
from helpers.ingest.boilerplate import BOILERPLATE_VERSION
from helpers.ingest.files import FoundFile, walk_files
from helpers.ingest.load import LOAD_VERSION
from helpers.ingest.tables import read_table
from helpers.places.find import gazetteer_version
from helpers.store import finish
from helpers.store.layout import (
    MANIFEST,
    TABLES,
    is_store,
    part_name,
    read_manifest,
    write_manifest,
    write_part,
)
from helpers.store.partition import (
    Partition,
    build_partition,
    default_partition_size,
    describe,
    file_partitions,
    table_partitions,
    with_plan,
)
from helpers.store.stories import STORE_STORIES, build_story_table

DEFAULT_SHARDS = 8


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the store, its manifest, and how many partitions were built or reused."""

    store: Path
    manifest: dict[str, Any]
    built: int
    reused: int
    seconds: float


def build_store(
    source: str | Path,
    store: str | Path,
    *,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int | None = None,
    enrich: bool = True,
    aliases: str | Path | None = None,
    columns: dict[str, str] | None = None,
    shards: int | None = None,
    progress: bool = True,
) -> BuildResult:
    """Build (or bring up to date) the corpus store of ``source`` in ``store``.

    Args:
        source: a folder of article files, one article file, or a CSV / JSON Lines / Parquet table.
            Workers read it themselves, so on a cluster it must be on a shared filesystem.
        store: the store folder (created).
        client: a ``distributed.Client`` to run on; default: ``scheduler``, else a LocalCluster.
        scheduler: address of a running scheduler (``tcp://host:8786``).
        workers: workers of the LocalCluster started here (default: one per core).
        partition_size: input files (or table rows) per partition task; default up to 1,000, and
            16 partitions for 800 to 16,000 (:func:`helpers.store.partition.default_partition_size`).
        enrich: find entities and places (NER); without it the store has articles and keywords only.
        aliases: the alias table (default ``aliases.csv`` in the corpus folder, if any).
        columns: for tables, our names -> the table's (see :func:`helpers.load_corpus`).
        shards: shards of the keyword index.
        progress: show a progress bar (and the dashboard address when bokeh is installed).

    Returns:
        A :class:`BuildResult`. Partitions whose input and versions are unchanged are reused; when
        nothing changed at all, nothing runs.
    """
    started = time.perf_counter()
    src, out = Path(source).expanduser().resolve(), Path(store).expanduser().resolve()
    if not src.exists():
        raise FileNotFoundError(f"corpus not found: {src}")
    size = partition_size or dask.config.get("corpus-atlas.partition-size", None)
    n_shards = shards or int(dask.config.get("corpus-atlas.shards", DEFAULT_SHARDS))
    alias_path = Path(aliases) if aliases else default_aliases_path(str(src))
    alias_table = read_aliases(alias_path)
    versions = _versions(enrich, n_shards)
    with _client(client, scheduler, workers, progress) as cl:
        parts, problems = _plan(cl, src, size, columns)
        keys = [p.key(versions["partition"]) for p in parts]
        inputs = _inputs_digest(keys, problems, versions, aliases_sha(alias_table))
        if is_store(out) and _same_inputs(out, inputs):
            return BuildResult(out, read_manifest(out), 0, len(parts), time.perf_counter() - started)
        _start_over(out)
        folders = [str(out / "parts" / k) for k in keys]
        root = src if src.is_dir() else src.parent
        sent = [
            with_plan(p, out / "plan" / f"{k}.parquet", root) if p.files else p
            for p, k in zip(parts, keys, strict=True)
        ]
        stats = _run_partitions(cl, sent, folders, enrich, n_shards, progress)
        counts = _run_finish(cl, out, folders, problems, alias_table, enrich, n_shards)
    _remove_stale_parts(out, keys)
    manifest = {
        "kit": __version__,
        "versions": {**versions, "aliases_sha": aliases_sha(alias_table), "merge": MERGE_VERSION},
        "source": str(src),
        "aliases": str(alias_path) if alias_path and alias_path.exists() else "",
        "inputs": inputs,
        "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "partitions": [{**describe(p), "key": k, **s} for p, k, s in zip(parts, keys, stats, strict=True)],
        **counts,
    }
    write_manifest(out, manifest)
    built = sum(not s["reused"] for s in stats)
    return BuildResult(out, read_manifest(out), built, len(stats) - built, time.perf_counter() - started)


def _versions(enrich: bool, shards: int) -> dict[str, str]:
    """The versions a partition's parts depend on (and the ones recorded in the manifest)."""
    ner = f"{pipeline_version()}|{tone_version()}" if enrich else "no-enrich"
    return {
        "partition": f"{__version__}|{LOAD_VERSION}|{ner}|{shards}|{STORE_STORIES.key()}",
        "ner_model": model_version() if enrich else "",
        "gazetteer": gazetteer_version() if enrich else "",
        "load": LOAD_VERSION,
        "boilerplate": BOILERPLATE_VERSION if enrich else "",
    }


@contextmanager
def _client(
    client: Client | None, scheduler: str | None, workers: int | None, progress: bool
) -> Iterator[Client]:
    """The client to use: the one given, one for ``scheduler``, or a LocalCluster's (closed after)."""
    if client is not None:
        yield client
        return
    if scheduler:
        with Client(scheduler) as cl:
            _say_dashboard(cl, progress)
            yield cl
        return
    n = workers or int(dask.config.get("corpus-atlas.workers", 0)) or (os.cpu_count() or 1)
    dashboard = ":0" if importlib.util.find_spec("bokeh") is not None else None
    # The workers' statistical profiler samples the task thread every 10 ms and costs NER about a
    # fifth of its speed (bench/bench_scale.py); off unless corpus-atlas.worker-profile says otherwise.
    profile = bool(dask.config.get("corpus-atlas.worker-profile", False))
    with (
        dask.config.set({"distributed.worker.profile.enabled": profile}),
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=dashboard,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as cl,
    ):
        _say_dashboard(cl, progress)
        yield cl


def _say_dashboard(client: Client, progress: bool) -> None:
    if progress and importlib.util.find_spec("bokeh") is not None:
        print(f"Dask dashboard: {client.dashboard_link}")


def _plan(
    client: Client, src: Path, size: int | None, columns: dict[str, str] | None
) -> tuple[list[Partition], list]:
    """Partitions of the input, and ``(path, message)`` of what could not be listed."""
    if src.is_file() and src.suffix.lower() in TABLE_SUFFIXES:
        n_rows = client.submit(count_rows, src, pure=False).result()
        return table_partitions(src, n_rows, int(size or default_partition_size(n_rows)), columns), []
    if src.is_dir():
        files, problems = walk_files(src)
    else:
        st = src.stat()
        files, problems = [FoundFile(str(src), src.name, st.st_size, st.st_mtime_ns)], []
    return file_partitions(files, int(size or default_partition_size(len(files)))), problems


def count_rows(path: Path) -> int:
    """Rows of a table (runs in a worker); 0 when it cannot be read (its one task then says why)."""
    try:
        if path.suffix.lower() == ".parquet":
            return pq.ParquetFile(path).metadata.num_rows
        return len(read_table(path))
    except Exception:  # the partition task reads it again and reports the error as a load-report row
        return 0


def _inputs_digest(keys: list[str], problems: list, versions: dict[str, str], alias_sha: str) -> str:
    text = "\n".join([*keys, repr(problems), repr(sorted(versions.items())), alias_sha, MERGE_VERSION])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _same_inputs(store: Path, inputs: str) -> bool:
    try:
        return read_manifest(store).get("inputs") == inputs
    except (OSError, ValueError):
        return False


def _start_over(store: Path) -> None:
    """Mark the store unfinished (no manifest) and clear its final tables; parts are kept for reuse."""
    (store / MANIFEST).unlink(missing_ok=True)
    for name in (*TABLES, "keywords", "stage"):
        shutil.rmtree(store / name, ignore_errors=True)


def _run_partitions(
    client: Client, parts: list[Partition], folders: list[str], enrich: bool, shards: int, progress: bool
) -> list[dict[str, Any]]:
    """Build every partition on the cluster, with a progress bar; returns their stats in order."""
    futures = client.map(build_partition, parts, folders, enrich=enrich, shards=shards, pure=False)
    position = {f.key: i for i, f in enumerate(futures)}
    stats: list[dict[str, Any]] = [{} for _ in futures]
    bar = progress_bar(
        as_completed(futures), desc="Building partitions", unit="part", enabled=progress, total=len(futures)
    )
    for future in bar:
        stats[position[future.key]] = future.result()
    return stats


def _run_finish(
    client: Client,
    store: Path,
    folders: list[str],
    problems: list,
    alias_table: pd.DataFrame,
    enrich: bool,
    shards: int,
) -> dict[str, Any]:
    """The corpus-wide steps, on the cluster; returns the manifest's counts."""
    duplicates = client.submit(finish.find_duplicates, folders, pure=False)
    n_parts = len(folders)
    finished = client.map(
        finish.finish_partition, folders, [str(store)] * n_parts, range(n_parts), duplicates=duplicates
    )
    done = client.gather(finished)
    stories = client.submit(build_story_table, folders, str(store), pure=False)
    _write_problems(store, n_parts, problems)
    words = client.map(finish.merge_words, [folders] * shards, [str(store)] * shards, range(shards))
    digest = client.submit(finish.corpus_digest, str(store), pure=False)
    if enrich:
        entity_counts = client.submit(
            finish.build_entity_tables, folders, str(store), alias_table, pure=False
        ).result()
    else:
        entity_counts = _write_empty_entities(store)
    return {
        "articles": sum(d["articles"] for d in done),
        "files": sum(d["files"] for d in done) + len(problems),
        **entity_counts,
        "vocabulary": int(sum(client.gather(words))),
        "story_groups": stories.result(),
        "shards": shards,
        "corpus_hash": digest.result(),
        "enriched": enrich,
    }


def _write_problems(store: Path, position: int, problems: list) -> None:
    """Files that could not even be listed go to the load report too."""
    rows = pd.DataFrame(
        {"path": [p[0] for p in problems], "status": "error", "message": [p[1] for p in problems]}
    )
    if len(rows):
        write_part(
            store / "load_report" / part_name(position), schema.conform(rows, schema.LOAD_REPORT_COLUMNS)
        )


def _write_empty_entities(store: Path) -> dict[str, int]:
    for table, columns in (
        ("mentions", schema.MENTION_COLUMNS),
        ("entities", schema.ENTITY_COLUMNS),
        ("places", schema.PLACE_COLUMNS),
    ):
        write_part(store / table / part_name(0), schema.empty_frame(columns))
    write_part(store / "alias_report" / part_name(0), pd.DataFrame({"alias": pd.Series(dtype="str")}))
    return {"mentions": 0, "entities": 0, "places": 0}


def _remove_stale_parts(store: Path, keys: list[str]) -> None:
    """Drop the parts no partition of this build uses (inputs changed or removed), and the stage."""
    wanted = set(keys)
    for folder in (store / "parts").glob("p*"):
        if folder.name not in wanted:
            shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(store / "stage", ignore_errors=True)
    shutil.rmtree(store / "plan", ignore_errors=True)
