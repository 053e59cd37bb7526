"""One partition of the input, and the task that turns it into part files on a worker.

The input is split into partitions the client can describe in a few bytes: a list of files (path,
size, modification time) or a range of rows of a table. A partition's task reads its input itself,
parses it, finds the entities and places of every body, and lists the distinct words of every
article for the keyword index; nothing but file names and counts passes through the client.

A file's partition is decided by a hash of its relative path, so adding or changing one file
changes only its own partition's fingerprint, and only that partition is built again.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import zlib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from helpers.core import schema
from helpers.core.cache import atomic_path
from helpers.enrich.pipeline import raw_rows_by_body, text_hash
from helpers.enrich.tone import tone_rows
from helpers.ingest.files import FoundFile
from helpers.ingest.load import FILE_COLUMNS, parse_file
from helpers.ingest.tables import load_table
from helpers.query.keywords import fast_tokens
from helpers.store.layout import write_part
from helpers.store.stories import sketch_partition

#: The files of one built partition (below ``parts/<key>/``).
RECORDS, BODIES, RAW, DONE = "records.parquet", "bodies.parquet", "raw.parquet", "done.json"
#: Tone rows of an enriched partition (:func:`helpers.enrich.tone.tone_rows`).
TONE = "tone.parquet"


@dataclass(frozen=True)
class Partition:
    """What one task reads: some article files, or rows ``[start, stop)`` of one table."""

    index: int
    files: tuple[FoundFile, ...] = ()
    table: str = ""
    start: int = 0
    stop: int = 0
    table_size: int = 0
    table_mtime_ns: int = 0
    columns: tuple[tuple[str, str], ...] = field(default=())
    #: where the task finds its files when they are not carried along (see :func:`with_plan`)
    plan: str = ""
    #: the folder the relative paths of a plan are below
    root: str = ""

    def fingerprint(self, versions: str) -> str:
        """A digest of the input's names, sizes and times and of the versions: the part's cache key."""
        digest = hashlib.sha256(versions.encode("utf-8"))
        for f in self.files:
            digest.update(f"{f.rel}\x00{f.size}\x00{f.mtime_ns}\x01".encode("utf-8", "surrogatepass"))
        if self.table:
            spec = (self.table, self.start, self.stop, self.table_size, self.table_mtime_ns, self.columns)
            digest.update(json.dumps(spec).encode("utf-8"))
        return digest.hexdigest()[:20]

    def key(self, versions: str) -> str:
        """The folder name of this partition's parts: its number and fingerprint."""
        return f"p{self.index:05d}-{self.fingerprint(versions)}"


#: At most this many files (or table rows) a partition, by default.
MAX_PARTITION_SIZE = 1000
#: A smaller input is still cut into up to this many partitions of at least MIN_PARTITION_SIZE, so
#: that every worker of a small cluster has work.
MIN_PARTITIONS, MIN_PARTITION_SIZE = 16, 50


def default_partition_size(n: int) -> int:
    """Items a partition for an input of ``n``: up to 1,000, but 16 partitions from 800 items up.

    The count stays 16 while the input grows from 800 to 16,000 items, so adding files rarely
    changes which partition a file falls in.
    """
    return max(MIN_PARTITION_SIZE, min(MAX_PARTITION_SIZE, math.ceil(n / MIN_PARTITIONS)))


def file_partitions(files: list[FoundFile], partition_size: int) -> list[Partition]:
    """Files spread over ``ceil(n / partition_size)`` partitions by a hash of their relative path."""
    count = max(1, math.ceil(len(files) / max(1, partition_size)))
    buckets: list[list[FoundFile]] = [[] for _ in range(count)]
    for f in files:
        buckets[zlib.crc32(f.rel.encode("utf-8", "surrogatepass")) % count].append(f)
    return [Partition(i, tuple(sorted(b, key=lambda f: f.rel))) for i, b in enumerate(buckets) if b]


def table_partitions(
    path: Path, n_rows: int, partition_size: int, columns: dict[str, str] | None
) -> list[Partition]:
    """Consecutive row ranges of one table."""
    st = path.stat()
    size = max(1, partition_size)
    spec = tuple(sorted((columns or {}).items()))
    return [
        Partition(i, (), str(path), a, min(a + size, n_rows), st.st_size, st.st_mtime_ns, spec)
        for i, a in enumerate(range(0, max(n_rows, 1), size))
    ]


def build_partition(part: Partition, folder: str, enrich: bool, shards: int) -> dict[str, Any]:
    """Build the parts of one partition into ``folder`` (unless already there); return its stats.

    Runs in a worker. Idempotent: every file is written atomically and ``done.json`` last, so a task
    that is run twice (a worker died and Dask ran it again) leaves the same files.
    """
    out = Path(folder)
    done = out / DONE
    reused = _verified(out)
    if reused is not None:
        return {**reused, "reused": True}
    records = _records(part)
    is_article = records["status"].isin(["ok", "warning"])
    records["body_sha"] = [
        text_hash(b) if a else "" for b, a in zip(records["body"], is_article, strict=True)
    ]
    raw, problems = _raw_mentions(records[is_article]) if enrich else (_empty_raw(), {})
    for rel, problem in problems.items():
        at = records["rel"] == rel
        before = str(records.loc[at, "message"].iloc[0])
        records.loc[at, ["status", "message"]] = ["warning", f"{before}; {problem}" if before else problem]
    write_part(out / BODIES, records.loc[is_article, ["rel", "body"]])
    write_part(out / RECORDS, records.drop(columns=["body"]))
    write_part(out / RAW, raw)
    if enrich:  # the tone of each body and of each mention's sentence (helpers.enrich.tone)
        shas = records.loc[is_article, ["body_sha", "body"]].rename(columns={"body_sha": "text_sha"})
        write_part(out / TONE, tone_rows(shas, raw))
    words = _words(records, is_article.to_numpy(), shards)
    for shard in range(shards):
        write_part(out / f"words-{shard:02d}.parquet", words[words["shard"] == shard].drop(columns="shard"))
    sketch_partition(records, is_article.to_numpy(), out)  # MinHash signatures for the stories
    stats = {
        "index": part.index,
        "files": len(records),
        "articles": int(is_article.sum()),
        "words": int(records.loc[is_article, "word_count"].sum()),
        "mentions": int((raw["kind"] != "").sum()),
    }
    with atomic_path(done) as tmp:
        tmp.write_text(json.dumps({**stats, "sha256": _digests(out)}), encoding="utf-8")
    return {**stats, "reused": False}


def _digests(folder: Path) -> dict[str, str]:
    """sha256 of every part file of a partition folder."""
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.glob("*.parquet"))}


def _verified(folder: Path) -> dict[str, Any] | None:
    """The stats of a finished partition whose files are all there and unchanged, else ``None``.

    Parts are reused across builds like a cache, so each is checked against the digest written with
    it: a damaged or half-copied part is built again, never read.
    """
    try:
        stats = json.loads((folder / DONE).read_text(encoding="utf-8"))
        if stats.pop("sha256") == _digests(folder):
            return stats
    except (OSError, ValueError, KeyError, AttributeError):
        pass  # missing, unreadable or damaged: build the partition again
    return None


def with_plan(part: Partition, plan: Path, root: Path) -> Partition:
    """``part`` with its list of files written to ``plan`` (Parquet) instead of carried along.

    A task is then a few bytes for the scheduler, however many files its partition holds (a
    million file names are about 100 MB of task graph otherwise).
    """
    listing = pd.DataFrame(
        {
            "rel": pd.Series([f.rel for f in part.files], dtype="str"),
            "size": pd.Series([f.size for f in part.files], dtype="int64"),
            "mtime_ns": pd.Series([f.mtime_ns for f in part.files], dtype="int64"),
        }
    )
    write_part(plan, listing)
    return replace(part, files=(), plan=str(plan), root=str(root))


def _files(part: Partition) -> list[FoundFile]:
    """The partition's files, from the partition itself or from its plan."""
    if not part.plan:
        return list(part.files)
    listing = pq.read_table(part.plan).to_pandas()
    rows = zip(listing["rel"].tolist(), listing["size"].tolist(), listing["mtime_ns"].tolist(), strict=True)
    return [FoundFile(os.path.join(part.root, rel), rel, int(size), int(mtime)) for rel, size, mtime in rows]


def _records(part: Partition) -> pd.DataFrame:
    """One row per input file or table row (the loader's cache layout, with bodies)."""
    if part.table:
        table = load_table(Path(part.table), dict(part.columns) or None, rows=(part.start, part.stop))
        rows = schema.conform(table, FILE_COLUMNS)
    else:
        rows = schema.conform(pd.DataFrame([parse_file(f) for f in _files(part)]), FILE_COLUMNS)
    return rows.reset_index(drop=True)


def _empty_raw() -> pd.DataFrame:
    return raw_rows_by_body(pd.DataFrame({"article_id": [], "body": []}))


def _raw_mentions(articles: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """Raw mentions keyed by body hash (one set per distinct body), and per-file problems.

    A body that makes the NER or the place matcher fail costs that article its entities (a warning
    in the load report), never the partition.
    """
    bodies = articles.assign(article_id=articles["body_sha"]).drop_duplicates("article_id")
    try:
        return raw_rows_by_body(bodies), {}
    except Exception:  # find the article(s) at fault; the others keep their mentions
        kept, problems = [], {}
        for i in range(len(bodies)):
            one = bodies.iloc[i : i + 1]
            try:
                kept.append(raw_rows_by_body(one))
            except Exception as exc:
                problems[str(one["rel"].iloc[0])] = f"entities could not be found ({exc.__class__.__name__})"
        return (pd.concat(kept, ignore_index=True) if kept else _empty_raw()), problems


def _words(records: pd.DataFrame, is_article: np.ndarray, shards: int) -> pd.DataFrame:
    """Distinct words of every article: ``(shard, word, row)`` with ``row`` the record's position."""
    words: list[str] = []
    rows: list[int] = []
    titles, bodies = records["title"].tolist(), records["body"].tolist()
    for row in np.flatnonzero(is_article).tolist():
        distinct = set(fast_tokens(f"{titles[row]}\n{bodies[row]}"))
        words.extend(distinct)
        rows.extend([row] * len(distinct))
    frame = pd.DataFrame({"word": pd.Series(words, dtype="str"), "row": np.asarray(rows, dtype=np.int32)})
    return frame.assign(shard=word_shards(frame["word"], shards))


def word_shards(words: pd.Series, shards: int) -> np.ndarray:
    """The keyword-index shard of each word (a stable hash, the same in every process)."""
    return np.fromiter(
        (zlib.crc32(w.encode("utf-8", "surrogatepass")) % shards for w in words),
        dtype=np.int16,
        count=len(words),
    )


def describe(part: Partition) -> dict[str, Any]:
    """A JSON-ready description of a partition for the manifest."""
    info = asdict(part)
    info["files"] = len(part.files)
    return info
