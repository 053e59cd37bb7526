"""Cache of the finished enrichment tables (mentions, entities, alias report, places).

Building canonical entities from the cached raw mentions takes seconds on a large corpus; a warm
load whose article texts, pipeline version and alias table are all unchanged reads the finished
tables instead. The caller names the files after a hash of exactly those three things, so any
change to one of them simply misses the cache.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.core.cache import read_frame, write_frame

_PARTS = ("mentions", "entities", "alias_report", "places")
Tables = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]


def read_tables(prefix: Path) -> Tables | None:
    """The four tables cached under ``prefix``, or ``None`` when any is missing or unusable."""
    frames = []
    for part in _PARTS:
        got = read_frame(
            prefix.with_name(f"{prefix.name}-{part}.parquet"), kind=f"tables-{part}", version=prefix.name
        )
        if got is None:
            return None
        frames.append(got[0])
    mentions, entities, report, places = frames
    for frame, column in ((mentions, "candidates"), (entities, "aliases")):
        if column in frame.columns:  # Parquet lists come back as arrays; the kit hands out lists
            frame[column] = [
                list(v) if v is not None and not isinstance(v, str) else v for v in frame[column]
            ]
    return mentions, entities, report, places


def write_tables(prefix: Path, tables: Tables) -> None:
    """Cache the four tables under ``prefix`` and drop those of other keys in the same folder."""
    for part, frame in zip(_PARTS, tables, strict=True):
        write_frame(
            prefix.with_name(f"{prefix.name}-{part}.parquet"),
            frame,
            kind=f"tables-{part}",
            version=prefix.name,
        )
    for other in prefix.parent.glob("tables-*.parquet"):
        if not other.name.startswith(prefix.name + "-"):
            other.unlink(missing_ok=True)
