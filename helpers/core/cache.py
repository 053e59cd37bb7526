"""Parquet caches: versioned, validated on read, written atomically.

A cache file carries its kind and version in the Parquet schema metadata. A file that cannot be
read, or has another version, is never trusted: it is ignored with a warning and rebuilt. Writes go
to a unique temporary file in the same folder, then ``os.replace`` it into place, so two notebooks
loading the same corpus at once each leave a complete file (the last one wins) and a reader never
sees half a file.

Where caches live: :func:`helpers.core.config.cache_dir_for` (``~/.cache/corpus-atlas/<corpus>-<hash>/``
unless ``CORPUS_ATLAS_CACHE`` says otherwise).
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

_META_KEY = b"corpus_atlas"


class CacheWarning(UserWarning):
    """A cache file was unusable and is being rebuilt."""


def write_frame(
    path: Path, frame: pd.DataFrame, *, kind: str, version: str, extra: dict | None = None
) -> None:
    """Write ``frame`` to ``path`` atomically, tagged with ``kind`` and ``version``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    tag = json.dumps({"kind": kind, "version": version, **(extra or {})}).encode()
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _META_KEY: tag})
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_frame(path: Path, *, kind: str, version: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """Read a cache file written by :func:`write_frame`; ``None`` when absent or not trustworthy."""
    if not path.exists():
        return None
    try:
        table = pq.read_table(path)
        tag = json.loads((table.schema.metadata or {}).get(_META_KEY, b"{}"))
    except Exception as exc:  # any unreadable file is rebuilt, whatever the reason
        warnings.warn(
            f"cache {path} is unreadable ({exc.__class__.__name__}); rebuilding it",
            CacheWarning,
            stacklevel=3,
        )
        return None
    if tag.get("kind") != kind or tag.get("version") != version:
        warnings.warn(
            f"cache {path} was written by another version ({tag.get('version')!r}, need {version!r}); "
            "rebuilding it",
            CacheWarning,
            stacklevel=3,
        )
        return None
    return table.to_pandas(), tag
