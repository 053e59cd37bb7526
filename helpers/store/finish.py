"""The corpus-wide steps of a store build, each a Dask task that reads and writes files.

After every partition is built: duplicates are found over the whole input (one small task on the
key columns), each partition's final tables are written (one task per partition), then the
canonical entities (one task over the raw mentions), the keyword index (one task per word shard)
and the corpus hash. Tasks hand each other files in ``stage/``, not data through the client.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from helpers.core import schema
from helpers.core.cache import atomic_path
from helpers.enrich.pipeline import attach_articles, canonical_tables
from helpers.enrich.tone import lookup_tone
from helpers.ingest.boilerplate import boilerplate_spans, drop_boilerplate, segment_table
from helpers.ingest.load import (
    FILE_COLUMNS,
    article_digests,
    article_ids,
    combine_digests,
    mark_duplicates,
    record_keys,
    split_records,
)
from helpers.store.layout import part_name, write_part
from helpers.store.partition import BODIES, RAW, RECORDS, TONE

#: Mention rows per part of the ``mentions`` table.
MENTION_PART_ROWS = 2_000_000
_KEY_COLUMNS = ["rel", "status", "message", "url", "text_sha"]


def find_duplicates(part_folders: list[str]) -> pd.DataFrame:
    """``(rel, message)`` of every record that duplicates an earlier one (by path), over all parts."""
    keys = pd.concat(
        [pq.read_table(Path(f) / RECORDS, columns=_KEY_COLUMNS).to_pandas() for f in part_folders],
        ignore_index=True,
    )
    keys = keys.sort_values("rel", kind="stable").reset_index(drop=True)
    marked = mark_duplicates(keys)
    dups = marked.loc[marked["status"] == "duplicate", ["rel", "message"]]
    return dups.reset_index(drop=True)


def finish_partition(part_folder: str, store: str, position: int, duplicates: pd.DataFrame) -> dict[str, int]:
    """Write partition ``position``'s articles, bodies and load report; returns its counts.

    Also leaves ``stage/link-NNNNN.parquet`` (path, id, body hash, digest) and ``stage/kept-NNNNN.npy``
    (which records became articles) for the steps after it.
    """
    folder, out = Path(part_folder), Path(store)
    records = pq.read_table(folder / RECORDS).to_pandas()
    bodies = pq.read_table(folder / BODIES).to_pandas()
    records = records.merge(bodies, on="rel", how="left")
    records["body"] = records["body"].fillna("")
    dup = dict(zip(duplicates["rel"], duplicates["message"], strict=True))
    is_dup = records["rel"].isin(dup.keys()).to_numpy()
    records.loc[is_dup, "status"] = "duplicate"
    records.loc[is_dup, "message"] = records.loc[is_dup, "rel"].map(dup)
    kept = records["status"].isin(["ok", "warning"]).to_numpy()
    records["article_id"] = article_ids(record_keys(records)).where(kept, "")
    articles, report = split_records(schema.conform(records, {**FILE_COLUMNS, "article_id": "str"}))
    name = part_name(position)
    if (folder / TONE).exists():  # enriched: each article's tone (helpers.enrich.tone)
        shas = records.loc[kept, "body_sha"].tolist()
        articles["tone"] = lookup_tone(pq.read_table(folder / TONE).to_pandas(), shas, -1)
    write_part(out / "articles" / name, articles.drop(columns=["body"]))
    write_part(out / "bodies" / name, articles[["article_id", "body"]])
    write_part(out / "load_report" / name, report)
    link = pd.DataFrame(
        {
            "rel": records.loc[kept, "rel"].to_numpy(),
            "article_id": articles["article_id"].to_numpy(),
            "body_sha": records.loc[kept, "body_sha"].to_numpy(),
            "digest": article_digests(articles).to_numpy(),
        }
    )
    write_part(out / "stage" / f"link-{position:05d}.parquet", link)
    write_part(out / "stage" / f"segments-{position:05d}.parquet", segment_table(articles))  # boilerplate
    with atomic_path(out / "stage" / f"kept-{position:05d}.npy") as tmp, open(tmp, "wb") as fh:
        np.save(fh, kept)
    return {"articles": len(articles), "files": len(report)}


def build_entity_tables(part_folders: list[str], store: str, aliases: pd.DataFrame) -> dict[str, int]:
    """Canonical entities over the raw mentions of every kept article; writes the entity tables."""
    out = Path(store)
    link = _links(out).sort_values("rel", kind="stable")
    rows = _raw_rows(part_folders)
    raw = attach_articles(rows, link["article_id"], link["body_sha"])
    segments = [pq.read_table(f).to_pandas() for f in sorted((out / "stage").glob("segments-*.parquet"))]
    if segments:  # lines an outlet repeats (helpers.ingest.boilerplate), over the whole store
        raw, _ = drop_boilerplate(raw, boilerplate_spans(pd.concat(segments, ignore_index=True)))
    mentions, entities, report, places = canonical_tables(raw, aliases)
    tones = [Path(f) / TONE for f in part_folders if (Path(f) / TONE).exists()]
    if tones:  # the tone of each mention's sentence
        rows = pd.concat([pq.read_table(f).to_pandas() for f in tones], ignore_index=True)
        sha_of = pd.Series(link["body_sha"].to_numpy(), index=link["article_id"].to_numpy())
        shas = mentions["article_id"].map(sha_of[~sha_of.index.duplicated()]).fillna("")
        mentions = mentions.assign(tone=lookup_tone(rows, shas.tolist(), mentions["start"].to_numpy()))
    for i, start in enumerate(range(0, max(len(mentions), 1), MENTION_PART_ROWS)):
        write_part(out / "mentions" / part_name(i), mentions.iloc[start : start + MENTION_PART_ROWS])
    write_part(out / "entities" / part_name(0), entities)
    write_part(out / "places" / part_name(0), schema.conform(places, schema.PLACE_COLUMNS))
    write_part(out / "alias_report" / part_name(0), report)
    return {"mentions": len(mentions), "entities": len(entities), "places": len(places)}


def _links(store: Path) -> pd.DataFrame:
    files = sorted((store / "stage").glob("link-*.parquet"))
    return pa.concat_tables([pq.read_table(f) for f in files]).to_pandas()


def _raw_rows(part_folders: list[str]) -> pd.DataFrame:
    """The raw rows of every part, each body's rows taken once (a body may occur in several parts)."""
    frames, seen = [], set()
    for folder in part_folders:
        rows = pq.read_table(Path(folder) / RAW).to_pandas()
        fresh = ~rows["text_sha"].isin(seen)
        seen.update(rows["text_sha"].unique().tolist())
        frames.append(rows[fresh])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def corpus_digest(store: str) -> str:
    """The corpus hash of the store (equal to :func:`helpers.ingest.load.corpus_hash` in memory)."""
    link = _links(Path(store))
    return combine_digests(link["article_id"], link["digest"])


def merge_words(part_folders: list[str], store: str, shard: int) -> int:
    """Merge one shard of every partition's word lists into the persisted index; returns its size.

    Rows become positions in the store's article order (partitions in order, kept records only),
    so each word's postings come out sorted.
    """
    out, base = Path(store), 0
    words, rows = [], []
    for position, folder in enumerate(part_folders):
        kept = np.load(out / "stage" / f"kept-{position:05d}.npy")
        rank = np.where(kept, np.cumsum(kept) - 1 + base, -1).astype(np.int64)
        part = pq.read_table(Path(folder) / f"words-{shard:02d}.parquet")
        at = rank[part.column("row").to_numpy()]
        keep = at >= 0
        chosen = part.column("word").cast(pa.large_string()).filter(pa.array(keep))
        words.extend(chosen.chunks)
        rows.append(at[keep])
        base += int(kept.sum())
    return _write_shard(
        out / "keywords", shard, pa.chunked_array(words, type=pa.large_string()), np.concatenate(rows)
    )


def _write_shard(folder: Path, shard: int, words: pa.ChunkedArray, rows: np.ndarray) -> int:
    """``vocab-NN.parquet`` (word, start, count) and ``postings-NN.npy`` (article positions, int32)."""
    flat = words.combine_chunks() if words.num_chunks else pa.array([], pa.large_string())
    encoded = pc.dictionary_encode(flat)
    vocab = encoded.dictionary.to_pylist()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    counts = np.bincount(codes, minlength=len(vocab)).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(vocab) else counts
    vocab_frame = pd.DataFrame({"word": pd.Series(vocab, dtype="str"), "start": starts, "count": counts})
    write_part(folder / f"vocab-{shard:02d}.parquet", vocab_frame)
    with atomic_path(folder / f"postings-{shard:02d}.npy") as tmp, open(tmp, "wb") as fh:
        np.save(fh, rows[np.argsort(codes, kind="stable")].astype(np.int32))
    return len(vocab)
