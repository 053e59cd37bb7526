"""The ``Corpus`` object: the five tables of one corpus, and ``load_corpus``."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.core import schema
from helpers.core.config import default_corpus_dir
from helpers.corpus.summary import corpus_summary, empty_reasons
from helpers.enrich.pipeline import enrich_corpus
from helpers.ingest.load import load_articles
from helpers.query.apply import apply
from helpers.query.check import FilterWarning, filter_problems
from helpers.query.filters import Filter
from helpers.store.layout import is_store
from helpers.store.reader import StoreReader, open_store
from helpers.stories.group import StorySettings
from helpers.stories.tables import build_stories, once_per_story, restrict


class EmptyCorpusWarning(UserWarning):
    """A load gave no articles (the message says why, from the load report)."""


@dataclass(frozen=True, eq=False)
class Corpus:
    """Articles with their load report and, once enriched, mentions, entities and places.

    All tables follow :mod:`helpers.core.schema`. A ``Corpus`` is never mutated: ``filter`` and the
    enrichment return new objects.
    """

    articles: pd.DataFrame
    load_report: pd.DataFrame = field(default_factory=lambda: schema.empty_frame(schema.LOAD_REPORT_COLUMNS))
    mentions: pd.DataFrame = field(default_factory=lambda: schema.empty_frame(schema.MENTION_COLUMNS))
    entities: pd.DataFrame = field(default_factory=lambda: schema.empty_frame(schema.ENTITY_COLUMNS))
    places: pd.DataFrame = field(default_factory=lambda: schema.empty_frame(schema.PLACE_COLUMNS))
    #: Provenance: source, corpus hash, versions of kit/model/gazetteer, alias table, ...
    meta: dict[str, Any] = field(default_factory=dict)
    #: Per alias-table row: how many mentions it matched (see helpers.enrich.entities).
    alias_report: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: For a corpus opened from a store: where bodies and the keyword index are read on demand.
    store: StoreReader | None = None
    #: The stories of the whole corpus this one was filtered from (see ``stories``); ``None``: not made yet.
    story_table: pd.DataFrame | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.articles)

    def summary(self, per_story: bool = False) -> str:
        """One line: articles, date range, outlets, problems; ``per_story=True`` puts the number of
        stories first (each story counted once, see ``stories``)."""
        if per_story:
            n = int(self.stories["story_id"].nunique())
            return f"{n:,} {'story' if n == 1 else 'stories'} · {corpus_summary(self)}"
        return corpus_summary(self)

    def __repr__(self) -> str:
        return f"<Corpus {self.summary()}>"

    def filter(self, f: Filter) -> Corpus:
        """The sub-corpus matching ``f`` (articles with their mentions, entities and places).

        A value that matches nothing in this corpus (a mistyped entity, place or outlet) and a start
        after the end give a :class:`~helpers.query.check.FilterWarning` naming the closest matches
        (``no entity 'Vladimir Puttin': did you mean Vladimir Putin (167 articles)?``); the result is
        still the (empty) sub-corpus the filter describes.
        """
        if not f.is_empty():
            problems = filter_problems(self, f)
            if problems:
                warnings.warn("; ".join(problems), FilterWarning, stacklevel=2)
        return apply(self, f)

    @property
    def stories(self) -> pd.DataFrame:
        """One row per article: ``story_id``, ``article_id``, ``similarity``, ``containment``.

        Near-duplicate and syndicated articles share a story (:mod:`helpers.stories`). Made on first
        use from the bodies (a store has it already) and kept; a filtered corpus keeps the story ids
        of the corpus it came from, so a story's id does not change with the selection.
        """
        if self.story_table is None:
            object.__setattr__(self, "story_table", build_stories(self))
        return restrict(self.story_table, self.articles["article_id"])

    def with_stories(self, settings: StorySettings | None = None, **changes: Any) -> Corpus:
        """This corpus with its stories made again with other settings, e.g. ``with_stories(threshold=0.7)``
        (see :class:`helpers.stories.StorySettings`)."""
        chosen = replace(settings or StorySettings(), **changes)
        return replace(self, story_table=build_stories(self, chosen))

    def once_per_story(self) -> Corpus:
        """The sub-corpus with one article per story (its earliest here): counts taken from it count
        each story once (see :func:`helpers.stories.once_per_story`)."""
        return once_per_story(self)

    def bodies(self, article_ids: Sequence[str] | pd.Series) -> list[str]:
        """The bodies of these articles, from ``articles`` or, for a store, read on demand."""
        ids = pd.Index(np.asarray(article_ids, dtype=str))
        if "body" in self.articles.columns:
            at = pd.Index(self.articles["article_id"].astype(str)).get_indexer(ids)
            bodies = self.articles["body"].fillna("").astype(str).to_numpy()
            return [str(bodies[i]) if i >= 0 else "" for i in at]
        if self.store is None:
            return [""] * len(ids)
        positions = self.store.positions(ids)
        found = self.store.bodies(positions[positions >= 0])
        fill = iter(found)
        return [next(fill) if p >= 0 else "" for p in positions]

    def with_bodies(self) -> Corpus:
        """This corpus with a ``body`` column in ``articles`` (read from the store when it has none)."""
        if "body" in self.articles.columns:
            return self
        bodies = self.bodies(self.articles["article_id"])
        articles = self.articles.assign(body=pd.Series(bodies, index=self.articles.index, dtype="str"))
        return replace(self, articles=articles[[*schema.ARTICLE_COLUMNS, *self._extra_columns()]])

    def _extra_columns(self) -> list[str]:
        return [c for c in self.articles.columns if c not in schema.ARTICLE_COLUMNS]

    def with_tables(self, **tables: Any) -> Corpus:
        """A copy with some tables replaced."""
        return replace(self, **tables)


def load_corpus(
    path: str | Path | None = None,
    *,
    cache: bool = True,
    progress: bool | None = None,
    enrich: bool = True,
    aliases: str | Path | None = None,
    columns: dict[str, str] | None = None,
    follow_links: bool = False,
) -> Corpus:
    """Load a corpus: a folder of article files, one file, or a table of articles.

    Args:
        path: folder (read recursively, ``.txt`` and ``.md``), one article file, a CSV / JSON
            Lines / Parquet table, or a corpus store (a folder with a ``manifest.json``, see
            :func:`helpers.build_store`), opened lazily: bodies are read on demand and the other
            arguments do not apply. Default: ``$CORPUS_ATLAS_CORPUS`` or the project's ``corpus/``.
        cache: reuse and update the Parquet cache (see :mod:`helpers.core.cache`).
        progress: show progress bars; ``None`` shows them only for long runs, ``False`` never.
        enrich: also find people, organisations and places (cached like parsing).
        aliases: the alias table; default ``aliases.csv`` in the corpus folder, if there is one.
        columns: for tables, a mapping from our names (title, date, text, url) to the table's
            (``{"title": "hed", "date": "when"}``); a mapping naming an unknown field or a column
            the table does not have raises :class:`~helpers.ingest.columns.ColumnsError`.
        follow_links: read files behind symbolic links that point outside the folder (by default
            they are listed in ``load_report`` as skipped, so nothing from elsewhere ends up in a
            shared report unnoticed).

    Returns:
        A :class:`Corpus`. Every input file is accounted for in ``load_report``. When no article
        came out of the source, an :class:`EmptyCorpusWarning` says why.
    """
    source = Path(path).expanduser() if path is not None else default_corpus_dir()
    if is_store(source):
        tables, meta, reader = open_store(source)
        return Corpus(**tables, meta=meta, store=reader)
    articles, report, meta = load_articles(
        source, cache=cache, progress=progress, columns=columns, follow_links=follow_links
    )
    if articles.empty:
        warnings.warn(
            f"no articles loaded from {meta['source']}: {empty_reasons(report)}",
            EmptyCorpusWarning,
            stacklevel=2,
        )
    corpus = Corpus(articles=articles, load_report=report, meta=meta)
    if enrich:
        corpus = enrich_corpus(corpus, cache=cache, progress=progress, aliases=aliases)
    return corpus
