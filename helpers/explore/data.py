"""The Explorer's fast path: figure data for one filter straight from the :class:`FilterIndex`.

A refresh of the Explorer does not build the filtered sub-corpus (copying the kept articles' text
and hashing millions of id strings is slow on big corpora: ``bench/bench_filters.py``). Instead a
:class:`Selection` holds the kept article positions and counts what each figure needs with integer
codes the index already has (``bincount`` over entity rows, place rows and outlet codes), and the
figures are drawn by the same drawing functions as :mod:`helpers.figures` (``top_entities_figure``,
``outlets_figure``, ``network_figure``, ``points_figure``), so both paths draw identical figures
(``tests/test_explorer.py`` compares them).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers import figures
from helpers.corpus.model import Corpus
from helpers.figures import _graph as figures_graph
from helpers.figures import _map as figures_map
from helpers.figures import charts
from helpers.figures._base import pair_counts, top_rows
from helpers.query.filters import Filter
from helpers.query.index import NAT_DAY, index_for

#: the columns the figures read from the entities and places tables
ENTITY_COLUMNS = ("entity_id", "name", "kind")
PLACE_COLUMNS = ("place_id", "name", "country", "admin1", "lat", "lon")
#: below one article in SPARSE kept, counts start from the kept articles (else from masks over all pairs)
SPARSE = 4


def _gather(offsets: np.ndarray, values: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values[offsets[r]:offsets[r+1]]`` for each of ``rows``, concatenated, and each one's position
    in ``rows``."""
    starts, lengths = offsets[rows], offsets[rows + 1] - offsets[rows]
    owner = np.repeat(np.arange(len(rows)), lengths)
    if len(owner) == 0:
        return values[:0], owner
    first = np.cumsum(lengths) - lengths
    return values[starts[owner] + np.arange(len(owner)) - first[owner]], owner


class Indexed:
    """A corpus with its :class:`FilterIndex` and the codes the figures count by, built once."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index = index_for(corpus)
        codes, names = pd.factorize(corpus.articles["outlet"].fillna("").astype(str))
        #: outlet code of each article, and the outlet of each code
        self.outlet_codes, self.outlet_names = codes.astype(np.int64), np.asarray(names, dtype=object)
        place_col = corpus.entities.get("place_id")
        plain = np.ones(len(corpus.entities), dtype=bool) if place_col is None else place_col.fillna("") == ""
        #: entity rows that are not places (the candidates of the map's "with ..." hover)
        self.plain_rows = np.flatnonzero(np.asarray(plain))
        places = corpus.places
        #: place rows that can be drawn: the first row of their place_id, with coordinates
        self.mappable = (
            ~places["place_id"].duplicated() & places["lat"].notna() & places["lon"].notna()
        ).to_numpy()
        for grouping in ("article_pairs", "article_mentions"):
            getattr(self.index, grouping)  # built now, not in the first filter change
        self.index.entity_rows(""), self.index.place_rows("")  # the name lookups, likewise

    def select(self, f: Filter) -> Selection:
        """The :class:`Selection` of the articles that match ``f``."""
        return Selection(self, self.index.article_mask(f))


class Selection:
    """The articles kept by a filter (``mask`` over the articles of ``source.corpus``), with the counts
    the figures need. Everything is computed on first use and kept."""

    def __init__(self, source: Indexed, mask: np.ndarray) -> None:
        self.source, self.corpus, self.index, self.mask = source, source.corpus, source.index, mask
        #: kept article positions, in corpus order
        self.positions = np.flatnonzero(mask)

    def __len__(self) -> int:
        return len(self.positions)

    def release(self) -> None:
        """Drop the per-entity and per-pair arrays (tens of MB on a big selection) once the figures
        are built; they are recomputed if asked for again."""
        for name in ("kept_pairs", "entity_articles", "_mentions_per_entity", "place_articles"):
            vars(self).pop(name, None)

    @property
    def sparse(self) -> bool:
        """True when few articles are kept: counts then start from the kept articles' entities."""
        return len(self.positions) * SPARSE < self.index.n

    @cached_property
    def kept_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The unique (entity row, article position) pairs of the kept articles."""
        if self.sparse:
            offsets, ents = self.index.article_pairs
            ent, owner = _gather(offsets, ents, self.positions)
            return ent, self.positions[owner]
        ix = self.index
        keep = self.mask[ix.ent_arts]
        return ix.pair_ent[keep], ix.ent_arts[keep]

    @cached_property
    def entity_articles(self) -> np.ndarray:
        """Articles per entity row within the selection."""
        return np.bincount(self.kept_pairs[0], minlength=len(self.index.entity_ids))

    @cached_property
    def _mentions_per_entity(self) -> np.ndarray:
        """Mentions per entity row within the selection."""
        ix = self.index
        if self.sparse:  # from the kept articles' mentions
            offsets, ents = ix.article_mentions
            ent, _owner = _gather(offsets, ents, self.positions)
        else:
            keep = (ix.mention_ent >= 0) & (ix.mention_art >= 0) & self.mask[np.maximum(ix.mention_art, 0)]
            ent = ix.mention_ent[keep]
        return np.bincount(ent, minlength=len(ix.entity_ids))

    def entity_mentions(self, rows: np.ndarray) -> np.ndarray:
        """Mentions within the selection of each of the entity ``rows``."""
        return self._mentions_per_entity[rows]

    def _pairs_of(
        self, rows: np.ndarray, row_of_pair: np.ndarray, width: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """(article, position in ``rows``) of the kept pairs whose ``row_of_pair`` (one per kept pair,
        -1 for none; values below ``width``) is one of ``rows``."""
        code_of = np.full(width + 1, -1, dtype=np.int64)
        code_of[rows] = np.arange(len(rows))
        code = code_of[row_of_pair]  # -1 indexes the last cell: always -1
        keep = code >= 0
        return self.kept_pairs[1][keep], code[keep]

    @cached_property
    def place_articles(self) -> np.ndarray:
        """Articles per place row within the selection."""
        ix = self.index
        place_of_pair = np.repeat(np.arange(len(ix.place_ids)), np.diff(ix.place_offsets))
        return np.bincount(place_of_pair[self.mask[ix.place_arts]], minlength=len(ix.place_ids))

    def size(self, table: str) -> int:
        """How many rows the sub-corpus's ``table`` would have (0 means an empty figure)."""
        if table == "articles":
            return len(self)
        if table == "places":
            return int((self.place_articles > 0).sum())
        return int((self.entity_articles > 0).sum())  # entities; mentions exist exactly when they do

    def day_range(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last UTC day of the dated kept articles, or None."""
        days = self.index.day[self.positions]
        days = days[days != NAT_DAY]
        if not len(days):
            return None
        return tuple(pd.Timestamp(np.datetime64(int(d), "D")) for d in (days.min(), days.max()))

    def articles(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The kept articles (only ``columns`` when given) as a frame: a copy, so ask for little."""
        arts = self.corpus.articles
        if columns is None:
            return arts.iloc[self.positions].reset_index(drop=True)
        return pd.DataFrame({c: arts[c].iloc[self.positions].to_numpy() for c in columns})

    def outlet_counts(self) -> pd.Series:
        """Articles per outlet (outlets without kept articles included, with 0)."""
        names = self.source.outlet_names
        return pd.Series(
            np.bincount(self.source.outlet_codes[self.positions], minlength=len(names)), index=names
        )

    def ranked_entities(
        self, n: int, rows: np.ndarray | None = None, by: tuple[str, ...] = ("articles", "mentions", "name")
    ) -> tuple[pd.DataFrame, int]:
        """The ``n`` entities in most kept articles (among entity ``rows``, default all) as entity rows
        with counts within the selection, ordered by ``by`` like :func:`helpers.figures._base.top_rows`
        (column ``_row``: the entity row); and how many other entities have articles."""
        arts = self.entity_articles
        pool = np.flatnonzero(arts > 0) if rows is None else rows[arts[rows] > 0]
        if len(pool) > 4 * n:
            cut = np.partition(arts[pool], len(pool) - n)[len(pool) - n]
            pool = pool[arts[pool] >= cut]
        ents = self.corpus.entities
        frame = ents[[c for c in ENTITY_COLUMNS if c in ents]].iloc[pool].reset_index(drop=True)
        frame["articles"] = arts[pool].astype(np.int64)
        frame["mentions"] = self.entity_mentions(pool).astype(np.int64)
        frame["_row"] = pool
        total = int((arts > 0).sum()) if rows is None else int((arts[rows] > 0).sum())
        top = top_rows(frame, n, by=by)
        return top.reset_index(drop=True), total - len(top)

    def entity_weights(self, entity_rows: np.ndarray) -> np.ndarray:
        """``W[i, j]``: kept articles naming both ``entity_rows[i]`` and ``[j]`` (i < j; else 0)."""
        k = len(entity_rows)
        art, code = self._pairs_of(entity_rows, self.kept_pairs[0], len(self.index.entity_ids))
        return np.triu(pair_counts(art, code, k, art, code, k), 1)

    def place_with(self, place_rows: np.ndarray, entity_rows: np.ndarray) -> np.ndarray:
        """``C[i, j]``: kept articles naming place ``place_rows[i]`` and entity ``entity_rows[j]``."""
        ix = self.index
        art_p, p = self._pairs_of(place_rows, ix.ent_place[self.kept_pairs[0]], len(ix.place_ids))
        art_e, e = self._pairs_of(entity_rows, self.kept_pairs[0], len(ix.entity_ids))
        return pair_counts(art_p, p, len(place_rows), art_e, e, len(entity_rows))


# -- the Explorer's figures from a selection ------------------------------------------------------


def selection_timeline(sel: Selection, **kw: object) -> go.Figure:
    """Articles per week of the selection (:func:`helpers.figures.timeline`)."""
    return figures.timeline(sel.articles(["published"]), freq="W", **kw)


def selection_outlets(sel: Selection, n: int, **kw: object) -> go.Figure:
    """Articles per outlet of the selection (:func:`helpers.figures.outlets`)."""
    return charts.outlets_figure(sel.outlet_counts(), n=n, **kw)


def selection_top_entities(sel: Selection, n: int, **kw: object) -> go.Figure:
    """The entities in most kept articles (:func:`helpers.figures.top_entities`)."""
    top, more = sel.ranked_entities(n)
    return charts.top_entities_figure(top, more, **kw) if len(top) else charts.top_entities(top, **kw)


def selection_network(sel: Selection, n: int, **kw: object) -> go.Figure:
    """Who appears together in the selection (:func:`helpers.figures.cooccurrence`)."""
    top, _more = sel.ranked_entities(n)
    if top.empty:
        return figures.cooccurrence(top, top, **kw)
    return figures_graph.network_figure(top, sel.entity_weights(top["_row"].to_numpy()), **kw)


def selection_places_map(sel: Selection, n: int, **kw: object) -> go.Figure:
    """The places of the selection on the map (:func:`helpers.figures.places_map`), with the
    co-mentioned entities in the hover of the biggest places (whatever the selection's size)."""
    counts = sel.place_articles
    rows = np.flatnonzero((counts > 0) & sel.source.mappable)
    if len(rows) > 4 * n:  # the n biggest (ties at the cut kept) before any frame is built
        rows = rows[counts[rows] >= np.partition(counts[rows], len(rows) - n)[len(rows) - n]]
    places = sel.corpus.places
    columns = [c for c in PLACE_COLUMNS if c in places]
    table = places[columns].iloc[rows].assign(articles=counts[rows].astype(np.int64), _row=rows)
    if table.empty:
        return figures.places_map(places.iloc[:0], sel.corpus.entities.iloc[:0], places.iloc[:0], **kw)
    table = top_rows(table, n, by=("articles", "name")).reset_index(drop=True)
    cand, _more = sel.ranked_entities(
        figures_map.CANDIDATES, rows=sel.source.plain_rows, by=("articles", "name")
    )
    hover_rows = table["_row"].to_numpy()[: figures_map.HOVER_PLACES]
    with_ = figures_map.strongest(
        sel.place_with(hover_rows, cand["_row"].to_numpy()), cand["name"].astype(str).tolist()
    )
    return figures_map.points_figure(table, with_, **kw)
