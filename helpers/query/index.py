"""``FilterIndex``: what makes a filter change cheap, computed once per corpus.

Articles are addressed by position (0 … n-1). The index holds

- the UTC day of each article as an integer (``NAT_DAY`` when unknown) and outlet codes;
- entity → articles and place → articles as CSR arrays (``offsets[k]:offsets[k+1]`` slices a sorted
  array of article positions), from the unique (entity, article) pairs of ``mentions``;
- per mention row: its article position and entity row, so the sub-corpus's mentions and the
  recomputed entity counts are one boolean gather and one ``bincount`` away;
- lookups from ids, names and aliases (lower-cased) to entity rows and place rows;
- built lazily on the first keyword query, a :class:`~helpers.query.keywords.KeywordIndex`.

``index_for(corpus)`` caches one index per ``Corpus`` object (a ``WeakKeyDictionary``; a corpus is
immutable, so the index never goes stale).
"""

from __future__ import annotations

import threading
import weakref
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.query.filters import Filter
from helpers.query.keywords import KeywordIndex
from helpers.query.tokens import keyword_terms

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

NAT_DAY = np.iinfo(np.int64).min
_CACHE: weakref.WeakKeyDictionary[Corpus, FilterIndex] = weakref.WeakKeyDictionary()


def index_for(corpus: Corpus) -> FilterIndex:
    """The (cached) :class:`FilterIndex` of ``corpus``."""
    index = _CACHE.get(corpus)
    if index is None:
        index = FilterIndex(corpus)
        _CACHE[corpus] = index
    return index


def strings(values: object) -> pa.Array:
    """``values`` (Series, array or list of str) as an Arrow large_string array (zero-copy when possible)."""
    if isinstance(values, pd.Series | pd.Index):
        array = (
            pa.array(values)
            if values.dtype != object
            else pa.array(values.to_numpy(), type=pa.large_string())
        )
    else:
        array = pa.array(np.asarray(values, dtype=object), type=pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array if array.type == pa.large_string() else array.cast(pa.large_string())


def positions_in(keys: object, values: object) -> np.ndarray:
    """For each of ``values``, its row in ``keys`` (the first, when a key repeats), or -1. Hash-based."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    found = pc.index_in(strings(values), value_set=strings(keys))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (by sorting: numpy's hash-based ``np.unique`` is
    several times slower on wide int64 keys such as ``a * width + b``)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


def _csr(groups: np.ndarray, members: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Unique (group, member) pairs as CSR: ``(offsets, members sorted within each group)``."""
    keep = (groups >= 0) & (members >= 0)
    key = distinct(groups[keep].astype(np.int64) * (1 << 32) + members[keep].astype(np.int64))
    grp, mem = key >> 32, (key & 0xFFFFFFFF).astype(np.int64)
    offsets = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(np.bincount(grp, minlength=n_groups), out=offsets[1:])
    return offsets, mem


def _lookup(keys: list[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for row, key in enumerate(keys):
        rows = out.setdefault(key, [])
        if not rows or rows[-1] != row:
            rows.append(row)
    return out


class FilterIndex:
    """Precomputed arrays to filter one corpus fast; see the module docstring."""

    def __init__(self, corpus: Corpus) -> None:
        arts, ments, ents, places = corpus.articles, corpus.mentions, corpus.entities, corpus.places
        self.n = len(arts)
        self.article_ids = np.asarray(arts["article_id"], dtype=object)
        self.day = self._days(arts["published"])
        outlets = arts["outlet"].fillna("").astype(str).str.lower()
        codes, uniques = pd.factorize(outlets)
        self.outlet_codes = codes.astype(np.int64)
        self.outlet_lookup = {u: i for i, u in enumerate(uniques)}
        self.entity_ids = np.asarray(ents["entity_id"], dtype=object)
        self.place_ids = np.asarray(places["place_id"], dtype=object)
        self.mention_art = positions_in(self.article_ids, ments["article_id"])
        self.mention_ent = positions_in(self.entity_ids, ments["entity_id"])
        self.ent_offsets, self.ent_arts = _csr(self.mention_ent, self.mention_art, len(ents))
        self.pair_ent = np.repeat(np.arange(len(ents)), np.diff(self.ent_offsets))
        place_col = ents["place_id"] if "place_id" in ents.columns else pd.Series([""] * len(ents))
        self.ent_place = positions_in(self.place_ids, place_col.fillna(""))
        ment_place = np.where(self.mention_ent >= 0, self.ent_place[self.mention_ent], -1)
        self.place_offsets, self.place_arts = _csr(ment_place, self.mention_art, len(places))
        self._articles, self._entities, self._places = arts, ents, places
        self._keywords: KeywordIndex | PositionedKeywords | None = None
        self._keyword_lock = threading.Lock()
        self._store = getattr(corpus, "store", None)

    @staticmethod
    def _days(published: pd.Series) -> np.ndarray:
        values = pd.to_datetime(published, errors="coerce").to_numpy(dtype="datetime64[ns]")
        days = values.astype("datetime64[D]").astype(np.int64)
        return np.where(np.isnat(values), NAT_DAY, days)

    # -- lookups -------------------------------------------------------------------------------

    @cached_property
    def _entity_keys(self) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
        ents = self._entities
        by_id = _lookup(list(self.entity_ids))
        by_name = _lookup([str(n).lower() for n in ents["name"]])
        by_alias: dict[str, list[int]] = {}
        aliases = ents["aliases"] if "aliases" in ents.columns else [()] * len(ents)
        for row, names in enumerate(aliases):
            if isinstance(names, str) or names is None or (np.ndim(names) == 0 and pd.isna(names)):
                names = [names] if isinstance(names, str) else []
            for name in names:
                rows = by_alias.setdefault(str(name).lower(), [])
                if row not in rows:
                    rows.append(row)
        return by_id, by_name, by_alias

    @cached_property
    def _place_keys(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        return _lookup(list(self.place_ids)), _lookup([str(n).lower() for n in self._places["name"]])

    def entity_rows(self, value: str) -> list[int]:
        """Entity rows for an id, else a canonical name, else an alias (case-insensitive)."""
        by_id, by_name, by_alias = self._entity_keys
        if value in by_id:
            return by_id[value]
        key = value.strip().lower()
        return by_name.get(key) or by_alias.get(key) or []

    def place_rows(self, value: str) -> list[int]:
        """Place rows for a place id, else a place name, else the name/alias of a place entity."""
        by_id, by_name = self._place_keys
        if value in by_id:
            return by_id[value]
        rows = by_name.get(value.strip().lower())
        if rows:
            return rows
        places = {int(self.ent_place[r]) for r in self.entity_rows(value) if self.ent_place[r] >= 0}
        return sorted(places)

    # -- masks ---------------------------------------------------------------------------------

    def _members(self, offsets: np.ndarray, members: np.ndarray, rows: list[int]) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for row in rows:
            mask[members[offsets[row] : offsets[row + 1]]] = True
        return mask

    def article_mask(self, f: Filter) -> np.ndarray:
        """A boolean array over articles: True where the article matches ``f``."""
        mask = np.ones(self.n, dtype=bool)
        if f.start is not None or f.end is not None:
            lo = np.datetime64(f.start, "D").astype(np.int64) if f.start else NAT_DAY + 1
            hi = np.datetime64(f.end, "D").astype(np.int64) if f.end else np.iinfo(np.int64).max
            mask &= (self.day != NAT_DAY) & (self.day >= lo) & (self.day <= hi)
        if f.outlets:
            codes = [self.outlet_lookup[o.lower()] for o in f.outlets if o.lower() in self.outlet_lookup]
            mask &= np.isin(self.outlet_codes, codes)
        if f.places:
            rows = [r for value in f.places for r in self.place_rows(value)]
            mask &= self._members(self.place_offsets, self.place_arts, rows)
        if f.entities:
            groups = [self._members(self.ent_offsets, self.ent_arts, self.entity_rows(v)) for v in f.entities]
            combine = np.logical_and if f.entity_mode == "all" else np.logical_or
            mask &= combine.reduce(groups)
        terms = keyword_terms(f.keyword)
        if terms and mask.any():
            mask = self.keywords.mask(terms, mask)
        return mask

    # -- by article and by entity (the Explorer's counts) -----------------------------------------

    @cached_property
    def article_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The unique (entity, article) pairs grouped by article: ``(offsets, entity rows)``, so the
        entities of a few articles are a gather away (built on first use)."""
        order = np.argsort(self.ent_arts, kind="stable")
        offsets = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.ent_arts, minlength=self.n), out=offsets[1:])
        return offsets, self.pair_ent[order]

    @cached_property
    def article_mentions(self) -> tuple[np.ndarray, np.ndarray]:
        """Mentions grouped by article: ``(offsets, entity row of each mention)`` (built on first use)."""
        known = (self.mention_ent >= 0) & (self.mention_art >= 0)
        ent, art = self.mention_ent[known], self.mention_art[known]
        order = np.argsort(art, kind="stable")
        offsets = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(art, minlength=self.n), out=offsets[1:])
        return offsets, ent[order]

    # -- keywords ------------------------------------------------------------------------------

    @property
    def keywords(self) -> KeywordIndex:
        """The keyword index, built on first use (thread-safe: a second caller waits for the first)."""
        with self._keyword_lock:
            if self._keywords is None:
                arts = self._articles
                if "body" not in arts.columns and self._store is not None:  # a store's persisted index
                    positions = self._store.positions(arts["article_id"])
                    self._keywords = PositionedKeywords(self._store.keywords, positions)
                else:
                    titles, bodies = arts["title"].fillna("").astype(str), arts["body"].fillna("").astype(str)
                    self._keywords = KeywordIndex(titles, bodies)
            return self._keywords

    @property
    def keywords_ready(self) -> bool:
        """True once the keyword index is built."""
        return self._keywords is not None

    def warm_keywords(self) -> threading.Thread:
        """Build the keyword index in a background (daemon) thread; returns the started thread."""
        thread = threading.Thread(target=lambda: self.keywords, name="keyword-index", daemon=True)
        thread.start()
        return thread

    # -- sub-corpus ----------------------------------------------------------------------------

    def subset(self, corpus: Corpus, mask: np.ndarray, f: Filter) -> Corpus:
        """The consistent sub-corpus of the articles in ``mask`` (see :func:`helpers.query.apply.apply`)."""
        everything = bool(mask.all())
        ment_mask = (self.mention_art >= 0) & mask[np.maximum(self.mention_art, 0)]
        n_ent = len(self.entity_ids)
        ents_known = ment_mask & (self.mention_ent >= 0)
        n_mentions = np.bincount(self.mention_ent[ents_known], minlength=n_ent)
        n_articles = np.bincount(self.pair_ent[mask[self.ent_arts]], minlength=n_ent)
        keep_ent = np.flatnonzero(n_mentions > 0)
        entities = corpus.entities.iloc[keep_ent].reset_index(drop=True)
        entities["articles"] = n_articles[keep_ent].astype(np.int64)
        entities["mentions"] = n_mentions[keep_ent].astype(np.int64)
        used = self.ent_place[keep_ent]
        keep_place = np.zeros(len(self.place_ids), dtype=bool)
        keep_place[used[used >= 0]] = True
        places = corpus.places.iloc[np.flatnonzero(keep_place)].reset_index(drop=True)
        return corpus.with_tables(
            articles=_take(corpus.articles, mask, everything),
            mentions=_take(corpus.mentions, ment_mask, bool(ment_mask.all())),
            entities=entities,
            places=places,
            meta={**corpus.meta, "filter": f.to_dict()},
        )


class PositionedKeywords:
    """A keyword index over a larger article list (a store's), seen through this corpus's positions in it."""

    def __init__(self, index: Any, positions: np.ndarray) -> None:
        self.index, self.positions, self.n = index, np.asarray(positions, dtype=np.int64), len(positions)

    def mask(self, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """Of ``candidates`` (boolean over this corpus's articles), those in which every term matches."""
        wide = np.zeros(self.index.n, dtype=bool)
        wide[self.positions[candidates]] = True
        return self.index.mask(terms, wide)[self.positions]


def _take(frame: pd.DataFrame, mask: np.ndarray, everything: bool) -> pd.DataFrame:
    """Rows of ``frame`` where ``mask``; a shallow (copy-on-write) copy when every row is kept."""
    if everything:
        return frame.copy(deep=False).reset_index(drop=True)
    return frame.iloc[np.flatnonzero(mask)].reset_index(drop=True)
