"""Files and tables -> the ``articles`` table and the ``load_report``, with an incremental cache.

Every input file ends up in the load report with a status:

* ``ok`` / ``warning``: an article came out of it (warnings say what was odd: no date, legacy encoding);
* ``duplicate``: same URL as an article already loaded (the first file, by path, is kept);
* ``skipped``: not an article (unknown file type, a README, the alias table);
* ``error``: could not be used (empty, binary, too large, unreadable).

The cache keeps one row per file, keyed on its relative path, size and modification time, so an
added, changed or deleted file is noticed and only it is parsed again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.core import cache as cache_mod
from helpers.core import schema
from helpers.core.config import TABLE_SUFFIXES, cache_dir_for, default_corpus_dir
from helpers.core.progress import progress_bar
from helpers.core.workers import process_pool, worker_count
from helpers.ingest.columns import ColumnsError
from helpers.ingest.files import (
    FoundFile,
    check_article_file,
    decode_bytes,
    display_name,
    normalise_newlines,
    read_article_bytes,
    walk_files,
)
from helpers.ingest.parse import parse_article, url_outlet
from helpers.ingest.tables import load_table

#: Bump when the parsed fields change, so old caches are rebuilt.
#: 4: glued stamps split, ambiguous zones by outlet country (ingest.parse, ingest.dates)
#: 3: NUL characters removed, hidden files and links out listed; 2: outlets (ingest.outlets)
LOAD_VERSION = "4"
#: Parse in this many processes when at least PARALLEL_MIN_FILES files need parsing.
PARSE_WORKERS = 2
PARALLEL_MIN_FILES = 1000
_ARTICLE_FIELDS = ("title", "published", "caption", "photo_credit", "body", "related", "url", "word_count")
FILE_COLUMNS = {
    "rel": "str",
    "size": "int64",
    "mtime_ns": "int64",
    "status": "str",
    "message": "str",
    "text_sha": "str",
    "outlet": "str",
    **{k: schema.ARTICLE_COLUMNS[k] for k in _ARTICLE_FIELDS},
}


def load_articles(
    path: str | Path | None = None,
    *,
    cache: bool = True,
    progress: bool | None = None,
    columns: dict[str, str] | None = None,
    follow_links: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Read a folder, one article file or a table; return ``(articles, load_report, meta)``.

    See :func:`helpers.load_corpus` for the arguments.
    """
    source = Path(path).expanduser() if path is not None else default_corpus_dir()
    if not source.exists():
        raise FileNotFoundError(f"corpus not found: {source} (give a folder of .txt/.md articles or a table)")
    source = source.resolve()
    if source.is_file() and source.suffix.lower() in TABLE_SUFFIXES:
        records = schema.conform(load_table(source, columns), FILE_COLUMNS)
        root = source.parent
    else:
        if columns:
            raise ColumnsError(
                f"columns= applies to a table (CSV, JSON Lines, Parquet); {source} is not one "
                "(article files are read by their layout)"
            )
        root = source if source.is_dir() else source.parent
        records = _load_files(source, root, cache=cache, progress=progress, follow_links=follow_links)
    articles, report = _finish(records)
    meta = {
        "source": str(source),
        "cache_dir": str(cache_dir_for(source)),
        "load_version": LOAD_VERSION,
        "files": len(report),
        "corpus_hash": corpus_hash(articles),
    }
    return articles, report, meta


def _load_files(
    source: Path, root: Path, *, cache: bool, progress: bool | None, follow_links: bool = False
) -> pd.DataFrame:
    if source.is_dir():
        found, problems = walk_files(root, follow_links=follow_links)
    else:
        st = source.stat()
        found, problems = [FoundFile(str(source), display_name(source.name), st.st_size, st.st_mtime_ns)], []
    # entries listed but not read (hidden, links out, FIFOs) are never cached: whether a link is
    # followed depends on the call, not on the file
    noted = {f.rel for f in found if f.note}
    cacheable = [f for f in found if not f.note]
    listing = pd.DataFrame(
        {
            "rel": [f.rel for f in cacheable],
            "size": [f.size for f in cacheable],
            "mtime_ns": [f.mtime_ns for f in cacheable],
        },
    ).astype({"rel": "str", "size": "int64", "mtime_ns": "int64"})
    cache_path = cache_dir_for(source) / "files.parquet"
    cached = cache_mod.read_frame(cache_path, kind="files", version=LOAD_VERSION) if cache else None
    kept = _unchanged(listing, cached[0] if cached else None)
    done = set(kept["rel"].tolist())
    todo = [f for f in found if f.rel not in done]
    parsed = _parse_files(todo, progress)
    records = pd.concat([kept, parsed], ignore_index=True) if len(kept) else parsed
    records = schema.conform(records, FILE_COLUMNS)
    removed = cached is not None and len(cached[0]) != len(kept)
    if cache and (len(todo) > len(noted) or removed or cached is None):
        stored = records[~records["rel"].isin(noted)] if noted else records
        cache_mod.write_frame(cache_path, stored.reset_index(drop=True), kind="files", version=LOAD_VERSION)
    if problems:
        extra = pd.DataFrame(
            {"rel": [p[0] for p in problems], "status": "error", "message": [p[1] for p in problems]}
        )
        records = pd.concat([records, schema.conform(extra, FILE_COLUMNS)], ignore_index=True)
    if not records["rel"].is_monotonic_increasing:
        records = records.sort_values("rel", kind="stable")
    return records.reset_index(drop=True)


def _unchanged(listing: pd.DataFrame, cached: pd.DataFrame | None) -> pd.DataFrame:
    """The cached rows whose file is still there with the same size and modification time."""
    if cached is None or cached.empty:
        return schema.conform(pd.DataFrame(), FILE_COLUMNS).iloc[0:0]
    merged = cached.merge(listing, on=["rel", "size", "mtime_ns"], how="inner")
    return merged


def _parse_files(todo: list[FoundFile], progress: bool | None) -> pd.DataFrame:
    """Parse the files, in up to PARSE_WORKERS processes when there are many (see helpers.core.workers)."""
    if len(todo) < PARALLEL_MIN_FILES or worker_count(PARSE_WORKERS) < 2:
        rows = [
            parse_file(f) for f in progress_bar(todo, desc="Parsing articles", unit="file", enabled=progress)
        ]
    else:
        url_outlet("https://www.example.co.uk/")  # load the suffix list once, before the workers fork
        chunks = [todo[i : i + 256] for i in range(0, len(todo), 256)]
        with process_pool(PARSE_WORKERS) as pool:
            done = pool.map(_parse_chunk, chunks)
            bar = progress_bar(
                done, desc="Parsing articles", unit="chunk", enabled=progress, total=len(chunks)
            )
            rows = [row for chunk in bar for row in chunk]
    return schema.conform(pd.DataFrame(rows), FILE_COLUMNS)


def _parse_chunk(chunk: list[FoundFile]) -> list[dict[str, Any]]:
    return [parse_file(f) for f in chunk]


def parse_file(found: FoundFile) -> dict[str, Any]:
    """Read and parse one file into a cache row; never raises for bad content."""
    row: dict[str, Any] = {"rel": found.rel, "size": found.size, "mtime_ns": found.mtime_ns}
    problem = check_article_file(found)
    if problem:
        status = found.note_status if found.note else "error" if "limit" in problem else "skipped"
        return {**row, "status": status, "message": problem}
    data, why = read_article_bytes(found.path)
    if data is None:
        return {**row, "status": "error", "message": why}
    text, note = decode_bytes(data)
    if text is None:
        return {**row, "status": "error", "message": note}
    text = normalise_newlines(text)
    if not text.strip():
        return {**row, "status": "error", "message": "file contains only white space"}
    return {**row, **article_row(text, note)}


def article_row(text: str, note: str = "") -> dict[str, Any]:
    """Parse article text into the fields of a cache row (status, message and article fields)."""
    try:
        art = parse_article(text)
    except Exception as exc:  # a parser bug must cost one file, not the whole load
        return {"status": "error", "message": f"could not be parsed ({exc.__class__.__name__}: {exc})"}
    if not art.is_article:
        reason = "; ".join(art.warnings) or "does not look like an article"
        return {"status": "skipped", "message": f"not an article: {reason}"}
    messages = [note, *art.warnings] if note else list(art.warnings)
    return {
        "status": "warning" if messages else "ok",
        "message": "; ".join(messages),
        "text_sha": hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest(),
        "title": art.title,
        "published": art.published,
        "caption": art.caption,
        "photo_credit": art.photo_credit,
        "body": art.body,
        "related": "\n".join(art.related),
        "url": art.url,
        "outlet": url_outlet(art.url) if art.url else "",
        "word_count": len(art.body.split()),
    }


def _finish(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mark duplicates, give ids, and split into the articles table and the load report."""
    return split_records(mark_duplicates(records))


def mark_duplicates(records: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``records`` (sorted by path) with duplicates marked and ``article_id`` set.

    Duplicates are articles with the same key (URL, else text) as one before them; the first, by
    path, is kept. Needs only ``rel``, ``status``, ``message``, ``url`` and ``text_sha``.
    """
    records = records.copy()
    for col in (
        "message",
        "url",
        "text_sha",
        "title",
        "body",
        "caption",
        "photo_credit",
        "related",
        "outlet",
    ):
        if col in records.columns:
            records[col] = records[col].fillna("")
    is_article = records["status"].isin(["ok", "warning"])
    keys = record_keys(records)
    art_keys = keys[is_article]
    dup_index = art_keys.index[art_keys.duplicated(keep="first")]
    first_rel = records.loc[art_keys.drop_duplicates().index, "rel"].set_axis(art_keys.drop_duplicates())
    what = ["same URL" if u else "same text" for u in records.loc[dup_index, "url"].tolist()]
    records.loc[dup_index, "message"] = [
        f"duplicate of {first_rel[k]} ({w})" for k, w in zip(keys[dup_index], what, strict=True)
    ]
    records.loc[dup_index, "status"] = "duplicate"
    kept = is_article & ~records.index.isin(dup_index)
    records["article_id"] = article_ids(keys).where(kept, "")
    return records


def record_keys(records: pd.DataFrame) -> pd.Series:
    """The identity of each record's article: its URL key, else ``sha:`` and its text hash."""
    urls = records["url"].fillna("")
    return url_keys(urls).where(urls != "", "sha:" + records["text_sha"].fillna(""))


def article_ids(keys: pd.Series) -> pd.Series:
    """Stable article ids: the first 16 hex digits of the sha1 of each key."""
    return pd.Series(
        [hashlib.sha1(k.encode("utf-8")).hexdigest()[:16] for k in keys.tolist()], index=keys.index
    )


def split_records(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Marked records -> ``(articles, load_report)`` in the schema's columns."""
    kept = records["article_id"] != ""
    articles = records.loc[kept].rename(columns={"rel": "path"})
    articles = schema.conform(articles, schema.ARTICLE_COLUMNS)[list(schema.ARTICLE_COLUMNS)]
    report = schema.conform(records.rename(columns={"rel": "path"}), schema.LOAD_REPORT_COLUMNS)
    return articles, report[list(schema.LOAD_REPORT_COLUMNS)]


def url_keys(urls: pd.Series) -> pd.Series:
    """URLs with scheme, ``www.``, fragment and trailing slash ignored: equal keys = same article."""
    keys = urls.str.strip().str.replace(r"#.*\Z", "", regex=True)
    keys = keys.str.replace(r"\A(?i:https?://)(?i:www\.)?", "", regex=True).str.rstrip("/")
    return "url:" + keys


def corpus_hash(articles: pd.DataFrame) -> str:
    """A digest of the articles (ids, titles and bodies), independent of their order.

    Changes whenever any article is added, removed or edited. A store built on a cluster computes the
    same value from per-article digests (:func:`article_digests`, :func:`combine_digests`).
    """
    return combine_digests(articles["article_id"], article_digests(articles))


def article_digests(articles: pd.DataFrame) -> pd.Series:
    """sha256 of each article's id, title and body (hex)."""
    rows = zip(
        articles["article_id"].tolist(), articles["title"].tolist(), articles["body"].tolist(), strict=True
    )
    digests = [
        hashlib.sha256(f"{i}\x00{t}\x00{b}".encode("utf-8", "surrogatepass")).hexdigest() for i, t, b in rows
    ]
    return pd.Series(digests, index=articles.index, dtype="str")


def combine_digests(ids: pd.Series, digests: pd.Series) -> str:
    """One sha256 over per-article digests taken in article-id order."""
    order = np.argsort(ids.to_numpy(dtype=str), kind="stable")
    h = hashlib.sha256()
    for digest in digests.to_numpy(dtype=str)[order].tolist():
        h.update(digest.encode("ascii"))
    return h.hexdigest()
