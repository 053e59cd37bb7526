"""The ``Corpus`` object: the five tables of one corpus, and ``load_corpus``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from helpers.core import schema

if TYPE_CHECKING:
    from helpers.query.filters import Filter


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

    def __len__(self) -> int:
        return len(self.articles)

    def summary(self) -> str:
        """One line: articles, date range, outlets, problems."""
        from helpers.corpus.summary import corpus_summary

        return corpus_summary(self)

    def __repr__(self) -> str:
        return f"<Corpus {self.summary()}>"

    def filter(self, f: Filter) -> Corpus:
        """The sub-corpus matching ``f`` (articles with their mentions, entities and places)."""
        from helpers.query.apply import apply

        return apply(self, f)

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
) -> Corpus:
    """Load a corpus: a folder of article files, one file, or a table of articles.

    Args:
        path: folder (read recursively, ``.txt`` and ``.md``), one article file, or a CSV / JSON
            Lines / Parquet table. Default: ``$CORPUS_ATLAS_CORPUS`` or the project's ``corpus/``.
        cache: reuse and update the Parquet cache (see :mod:`helpers.core.cache`).
        progress: show progress bars; ``None`` shows them only for long runs, ``False`` never.
        enrich: also find people, organisations and places (cached like parsing).
        aliases: the alias table; default ``aliases.csv`` in the corpus folder, if there is one.
        columns: for tables, a mapping from our names (title, date, text, url) to the table's.

    Returns:
        A :class:`Corpus`. Every input file is accounted for in ``load_report``.
    """
    from helpers.ingest.load import load_articles

    articles, report, meta = load_articles(path, cache=cache, progress=progress, columns=columns)
    corpus = Corpus(articles=articles, load_report=report, meta=meta)
    if enrich:
        from helpers.enrich.pipeline import enrich_corpus

        corpus = enrich_corpus(corpus, cache=cache, progress=progress, aliases=aliases)
    return corpus


ProgressFactory = Callable[..., Any]
