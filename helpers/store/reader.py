"""Open a corpus store lazily: every table but the bodies in memory, bodies and word lists on demand.

Bodies are read by article position from the ``bodies`` parts (a row group at a time, the last few
kept); the keyword index is the one persisted with the store, memory-mapped, so no filter waits for
an index to be built.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from helpers.core import schema
from helpers.query.keywords import fast_tokens, match_terms
from helpers.store.layout import read_dataset, read_manifest
from helpers.store.partition import word_shards
from helpers.store.stories import read_story_table

#: Decoded row groups of bodies kept in memory (each holds up to 4,096 bodies).
BODY_GROUPS_KEPT = 8


class StoreReader:
    """One open store: its manifest, its tables, and bodies and keywords on demand. Thread-safe."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.manifest = read_manifest(self.path)
        self._body_files = sorted((self.path / "bodies").glob("part-*.parquet"))
        counts = [pq.ParquetFile(f).metadata.num_rows for f in self._body_files]
        self._starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._groups: OrderedDict[tuple[int, int], list[str]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return int(self._starts[-1])

    def tables(self) -> dict[str, pd.DataFrame]:
        """The store's tables (articles without their bodies), in the kit's schema."""
        columns = {k: v for k, v in schema.ARTICLE_COLUMNS.items() if k != "body"}
        return {
            "articles": schema.conform(read_dataset(self.path, "articles"), columns),
            "load_report": schema.conform(read_dataset(self.path, "load_report"), schema.LOAD_REPORT_COLUMNS),
            "mentions": schema.conform(read_dataset(self.path, "mentions"), schema.MENTION_COLUMNS),
            "entities": schema.conform(read_dataset(self.path, "entities"), schema.ENTITY_COLUMNS),
            "places": schema.conform(read_dataset(self.path, "places"), schema.PLACE_COLUMNS),
            "alias_report": read_dataset(self.path, "alias_report"),
            "story_table": read_story_table(self.path),
        }

    @cached_property
    def article_ids(self) -> pd.Index:
        """Article ids in store order (position -> id)."""
        ids = read_dataset(self.path, "articles", columns=["article_id"])["article_id"]
        return pd.Index(ids.astype(str))

    @cached_property
    def titles(self) -> list[str]:
        """Titles in store order."""
        return read_dataset(self.path, "articles", columns=["title"])["title"].fillna("").astype(str).tolist()

    def positions(self, article_ids: Sequence[str] | pd.Series) -> np.ndarray:
        """Store positions of articles by id (-1 for an id the store does not have)."""
        ids = pd.Index(article_ids)
        if len(ids) == len(self.article_ids) and ids.equals(self.article_ids):
            return np.arange(len(ids), dtype=np.int64)  # the whole store, in its order: no lookups
        return self.article_ids.get_indexer(ids.astype(str))

    def bodies(self, positions: Sequence[int] | np.ndarray) -> list[str]:
        """Bodies of the articles at ``positions`` (store order), read on demand."""
        pos = np.asarray(positions, dtype=np.int64)
        files = np.searchsorted(self._starts, pos, side="right") - 1
        out: list[str] = []
        for p, f in zip(pos.tolist(), files.tolist(), strict=True):
            local = p - int(self._starts[f])
            out.append(self._group(f, local // 4096)[local % 4096])
        return out

    def _group(self, file: int, group: int) -> list[str]:
        with self._lock:
            key = (file, group)
            if key in self._groups:
                self._groups.move_to_end(key)
                return self._groups[key]
            table = pq.ParquetFile(self._body_files[file]).read_row_group(group, columns=["body"])
            bodies = table.column("body").to_pylist()
            self._groups[key] = bodies
            while len(self._groups) > BODY_GROUPS_KEPT:
                self._groups.popitem(last=False)
            return bodies

    @cached_property
    def keywords(self) -> StoreKeywords:
        """The persisted keyword index."""
        return StoreKeywords(self)


class StoreKeywords:
    """The store's keyword index, with the interface of :class:`helpers.query.keywords.KeywordIndex`."""

    def __init__(self, reader: StoreReader) -> None:
        self.reader = reader
        self.n = len(reader)
        self.shards = int(reader.manifest.get("shards", 1))
        folder = reader.path / "keywords"
        self._postings = [
            np.load(folder / f"postings-{s:02d}.npy", mmap_mode="r") for s in range(self.shards)
        ]
        self._vocab: list[dict[str, tuple[int, int]]] = []
        for s in range(self.shards):
            v = pq.read_table(folder / f"vocab-{s:02d}.parquet").to_pandas()
            spans = zip(v["start"].tolist(), v["count"].tolist(), strict=True)
            self._vocab.append(dict(zip(v["word"].tolist(), spans, strict=True)))

    def articles_with(self, token: str) -> np.ndarray:
        """Sorted store positions of the articles containing ``token``."""
        shard = int(word_shards(pd.Series([token]), self.shards)[0])
        span = self._vocab[shard].get(token)
        if span is None:
            return np.zeros(0, dtype=np.int64)
        start, count = span
        return np.asarray(self._postings[shard][start : start + count], dtype=np.int64)

    def texts_at(self, positions: np.ndarray) -> list[str]:
        """Token text (`` a b c ``) of the articles at ``positions``, from their title and body."""
        bodies = self.reader.bodies(positions)
        titles = self.reader.titles
        return [
            " " + " ".join(fast_tokens(f"{titles[p]}\n{b}")) + " "
            for p, b in zip(positions.tolist(), bodies, strict=True)
        ]

    def mask(self, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """Of ``candidates`` (boolean over store positions), those in which every term matches."""
        return match_terms(self, terms, candidates)


def open_store(path: str | Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any], StoreReader]:
    """The tables, the corpus meta and the reader of the store at ``path``."""
    reader = StoreReader(path)
    m = reader.manifest
    versions = m.get("versions", {})
    meta = {
        "source": m.get("source", ""),
        "store": str(reader.path),
        "corpus_hash": m.get("corpus_hash", ""),
        "load_version": versions.get("load", ""),
        "files": m.get("files", 0),
        "ner_model": versions.get("ner_model", ""),
        "gazetteer": versions.get("gazetteer", ""),
        "aliases": m.get("aliases", ""),
        "aliases_sha": versions.get("aliases_sha", ""),
    }
    return reader.tables(), meta, reader
