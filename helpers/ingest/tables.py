"""Tables of articles (CSV, JSON Lines, Parquet) -> the same per-item records as article files.

Our column names are ``title``, ``date``, ``text``, ``url`` (optional: ``caption``,
``photo_credit``, ``outlet``); only a title or a text is required. Common other names are
recognised (``pub_date``, ``published_at``, ``content``, ``article_text``, ``link``, ``source_url``...,
see :mod:`helpers.ingest.columns`); anything else is mapped with ``columns={"title": "hed", ...}``,
and a table without a title or text column gets one error naming its columns and the mapping to
pass. CSV delimiter and encoding are sniffed. Each row becomes one record reported as
``<file>#<row number>``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from helpers.ingest.columns import columns_advice, resolve_columns, sniff_csv
from helpers.ingest.dates import read_date
from helpers.ingest.outlets import outlet_country
from helpers.ingest.parse import plain_text, url_outlet

#: Rows parsed at a time when only a slice of a CSV or JSON Lines table is wanted.
ROWS_PER_CHUNK = 20_000


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV, JSON Lines (or JSON array) or Parquet file as strings where possible."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".jsonl", ".ndjson"):
        return pd.read_json(path, lines=True, dtype=False)
    if suffix == ".json":
        return pd.read_json(path, dtype=False)
    encoding, delimiter, _ = sniff_csv(path)
    return pd.read_csv(
        path, dtype=str, keep_default_na=False, encoding=encoding, sep=delimiter, encoding_errors="replace"
    )


def read_rows(path: Path, start: int = 0, stop: int | None = None) -> pd.DataFrame:
    """Rows ``[start, stop)`` of a table, reading no more of it than needed.

    Parquet: only the row groups that hold them; CSV and JSON Lines: in chunks, up to ``stop``. So
    the tasks that each take a slice of a large table do not each read all of it.
    """
    if stop is None:
        return read_table(path).iloc[start:]
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_rows(path, start, stop)
    if suffix in (".jsonl", ".ndjson"):
        chunks = pd.read_json(path, lines=True, dtype=False, chunksize=ROWS_PER_CHUNK)
    elif suffix == ".json":
        return read_table(path).iloc[start:stop]
    else:
        encoding, delimiter, _ = sniff_csv(path)
        chunks = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
            sep=delimiter,
            encoding_errors="replace",
            chunksize=ROWS_PER_CHUNK,
        )
    kept, seen = [], 0
    with chunks:
        for chunk in chunks:
            kept.append(chunk.iloc[max(start - seen, 0) : max(stop - seen, 0)])
            seen += len(chunk)
            if seen >= stop:
                break
    return pd.concat(kept) if kept else pd.DataFrame()


def _parquet_rows(path: Path, start: int, stop: int) -> pd.DataFrame:
    parquet = pq.ParquetFile(path)
    sizes = [parquet.metadata.row_group(i).num_rows for i in range(parquet.metadata.num_row_groups)]
    ends = np.cumsum(sizes)
    groups = [i for i, end in enumerate(ends.tolist()) if end > start and end - sizes[i] < stop]
    if not groups:
        return parquet.schema_arrow.empty_table().to_pandas()
    offset = int(ends[groups[0]] - sizes[groups[0]])
    return parquet.read_row_groups(groups).to_pandas().iloc[start - offset : stop - offset]


def load_table(
    path: Path, columns: dict[str, str] | None = None, rows: tuple[int, int] | None = None
) -> pd.DataFrame:
    """One record per table row, in the layout of :func:`helpers.ingest.load._load_files`.

    ``rows``: only rows ``[start, stop)`` (counted from 0), still reported by their row number. A
    problem with the whole table is reported once, by the slice that starts at row 0.
    """
    start, stop = rows if rows is not None else (0, None)
    try:
        table = read_rows(path, start, stop)
    except Exception as exc:  # unreadable table: one error row, never a crash
        return _table_problem(path, f"table could not be read: {exc}", start)
    mapping = resolve_columns([str(c) for c in table.columns], columns)  # a bad mapping: ColumnsError
    if "title" not in mapping and "text" not in mapping:
        return _table_problem(path, columns_advice(table, mapping), start)
    note = sniff_csv(path)[2] if path.suffix.lower() not in (".parquet", ".jsonl", ".ndjson", ".json") else ""
    no_date = "no date: the table has no date column (pass columns={'date': ...})"
    records = table.to_dict("records")
    rows_out = [_row(path.name, i, rec, mapping, no_date) for i, rec in enumerate(records, start=start + 1)]
    if note:
        for row in rows_out:
            if row["status"] in ("ok", "warning"):
                row["message"] = "; ".join(m for m in (note, row["message"]) if m)
                row["status"] = "warning"
    return pd.DataFrame(rows_out)


def _table_problem(path: Path, message: str, start: int) -> pd.DataFrame:
    """The one error row of a table that cannot be used (none for slices after the first)."""
    if start > 0:
        return pd.DataFrame()
    return pd.DataFrame([{"rel": path.name, "status": "error", "message": message}])


def _cell(rec: dict, mapping: dict[str, str], key: str) -> str:
    if key not in mapping:
        return ""
    value = rec.get(mapping[key])
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _row(name: str, number: int, rec: dict, mapping: dict[str, str], no_date: str = "no date") -> dict:
    title, text, url = _cell(rec, mapping, "title"), _cell(rec, mapping, "text"), _cell(rec, mapping, "url")
    row = {"rel": f"{name}#{number}", "size": len(text), "mtime_ns": 0}
    if not title and not text:
        return {**row, "status": "error", "message": "row has neither title nor text"}
    warnings: list[str] = []
    raw_date = _cell(rec, mapping, "date")
    reading = read_date(raw_date, outlet_country(url_outlet(url)) if url else "") if raw_date else None
    published = reading.published if reading is not None else None
    if reading is not None and reading.note:  # an ambiguous time zone (helpers.ingest.dates)
        warnings.append(reading.note)
    if raw_date and published is None:
        warnings.append(f"date {raw_date[:40]!r} could not be read")
    elif not raw_date:
        warnings.append("no date" if "date" in mapping else no_date)
    body = plain_text(text)
    return {
        **row,
        "status": "warning" if warnings else "ok",
        "message": "; ".join(warnings),
        "text_sha": hashlib.sha1(f"{title}\n{text}".encode("utf-8", "surrogatepass")).hexdigest(),
        "title": title or body[:80],
        "published": published,
        "caption": _cell(rec, mapping, "caption"),
        "photo_credit": _cell(rec, mapping, "photo_credit"),
        "body": body,
        "related": "",
        "url": url,
        "outlet": url_outlet(url) if url else _cell(rec, mapping, "outlet"),
        "word_count": len(body.split()),
    }
