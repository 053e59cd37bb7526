"""Where everything lives in a corpus store, and its manifest.

A corpus store is a folder of Parquet datasets (one folder of part files per table) plus
``manifest.json``. pandas, pyarrow, Dask and DuckDB read every table without the kit, e.g.
``pd.read_parquet("STORE/articles")`` or ``duckdb.sql("select * from 'STORE/mentions/*.parquet'")``.

```
manifest.json          versions, corpus hash, partitions, counts (written last: a store without it
                       is unfinished)
plan/                  during a build: the list of files of each partition, read by its task
parts/<key>/           the output of one partition task (parse + NER + place matching), reused by
                       later builds while its input files and the versions are unchanged
articles/              one row per article, without the body          (part-NNNNN.parquet)
bodies/                article_id, body                                (part-NNNNN.parquet)
load_report/           one row per input file or table row             (part-NNNNN.parquet)
mentions/              one row per entity mention                      (part-NNNNN.parquet)
entities/ places/ alias_report/                                        (part-00000.parquet)
keywords/              the persisted keyword index: vocab-NN.parquet and postings-NN.npy per shard
stories/               story_id, article_id, similarity, containment   (part-00000.parquet)
```
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.core.cache import atomic_path

MANIFEST = "manifest.json"
#: Bump when the layout or the meaning of a column changes; a store of another format is rebuilt.
STORE_FORMAT = "corpus-atlas-store/1"
#: The tables of a store, as folders of Parquet parts.
TABLES = ("articles", "bodies", "load_report", "mentions", "entities", "places", "alias_report", "stories")


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a folder holding a store manifest."""
    return (Path(path) / MANIFEST).is_file()


def read_manifest(store: str | Path) -> dict[str, Any]:
    """The manifest of a finished store; ``ValueError`` when it is not one of this format."""
    path = Path(store) / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != STORE_FORMAT:
        raise ValueError(f"{store} is a store of format {manifest.get('format')!r}, not {STORE_FORMAT!r}")
    return manifest


def write_manifest(store: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` atomically (the last step of a build)."""
    with atomic_path(store / MANIFEST) as tmp:
        tmp.write_text(json.dumps({"format": STORE_FORMAT, **manifest}, indent=1), encoding="utf-8")


def write_part(path: Path, frame: pd.DataFrame) -> None:
    """Write one Parquet part atomically, so a killed task never leaves half a file.

    An empty text column (no rows) is written as text, not as Arrow's null type, so every part of a
    table has the same schema and any reader can concatenate them.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for i, column in enumerate(table.schema):
        if pa.types.is_null(column.type):
            table = table.set_column(i, column.name, pa.array([None] * len(table), pa.large_string()))
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", row_group_size=4096)


def part_name(index: int) -> str:
    """The file name of part ``index`` of a table."""
    return f"part-{index:05d}.parquet"


def read_dataset(store: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A whole table of the store, its parts concatenated in order."""
    files = sorted((store / table).glob("part-*.parquet"))
    if not files:
        raise FileNotFoundError(f"{store / table} has no parts: the store is incomplete")
    return pa.concat_tables([pq.read_table(f, columns=columns) for f in files]).to_pandas()
