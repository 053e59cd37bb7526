"""Enrichment: people, organisations, groups and places in every article, cached per article.

Two steps, split so the expensive one can be cached (and could run on a cluster):

* :func:`enrich_batch` is a **pure function over a batch of articles**: NER spans (computed, or
  given) plus gazetteer place hits -> raw mentions with offsets into ``body``. It looks at one
  article at a time, so its result for an article depends only on that article's body and the
  versions of the model, the gazetteer and the rules here (the cache key).
* :func:`helpers.enrich.entities.build_entities` turns the raw mentions of the whole corpus into
  canonical entities, applying the analyst's alias table. It runs on every load after the cache,
  so editing ``aliases.csv`` never re-runs NER.

How NER spans and gazetteer hits combine into one article's mentions: :mod:`helpers.enrich.mentions`.

The cache holds the raw mentions of every article body (keyed by the sha1 of the body, so moved or
renamed files still hit) in one Parquet file per pipeline version under
``<cache_dir>/enrich/``, written atomically (:mod:`helpers.core.cache`); an unreadable file is rebuilt
with a warning, and files of other pipeline versions are removed when a new one is written.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from helpers.core import schema
from helpers.core.cache import CacheWarning, read_frame, write_frame
from helpers.core.config import cache_dir_for
from helpers.enrich.aliases import aliases_sha, default_aliases_path, read_aliases
from helpers.enrich.entities import RAW_COLUMNS, build_entities
from helpers.enrich.mentions import MENTION_RULES, Span, article_mentions
from helpers.enrich.merging import MERGE_VERSION
from helpers.enrich.names import RULES_VERSION
from helpers.enrich.ner import ProgressFactory, make_progress_bar, model_version, ner_apply
from helpers.enrich.tables import read_tables, write_tables
from helpers.enrich.tone import with_tone
from helpers.ingest.boilerplate import BOILERPLATE_VERSION, boilerplate_spans, drop_boilerplate, segment_table
from helpers.places.find import gazetteer_version, place_table
from helpers.places.store import load_gazetteer

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

#: Bump when the way raw mentions are derived here changes (part of the cache key).
ENRICH_VERSION = "enrich-1"
#: New articles go through NER in parts of this size; the cache is written after each part.
CHECKPOINT_ARTICLES = 1000


@dataclass(frozen=True)
class EnrichedBatch:
    """The result of :func:`enrich_batch`: raw mentions (:data:`helpers.enrich.entities.RAW_COLUMNS`)."""

    mentions_raw: pd.DataFrame


def pipeline_version() -> str:
    """Versions of model, gazetteer and rules: the enrichment cache key besides the text."""
    return f"{model_version()}|{gazetteer_version()}|{RULES_VERSION}|{MENTION_RULES}|{ENRICH_VERSION}"


def enrich_batch(
    articles: pd.DataFrame,
    spans: Sequence[Sequence[Span]] | None = None,
    *,
    n_process: int = 1,
    progress: bool | ProgressFactory | None = False,
    context: Mapping[str, float] | None = None,
) -> EnrichedBatch:
    """Raw mentions of a batch of articles (pure: no I/O, no corpus-level state).

    Args:
        articles: needs ``article_id`` and ``body``.
        spans: NER spans per article (as :func:`helpers.enrich.ner.ner_spans` returns); computed when None.
        n_process: worker processes for NER when ``spans`` is None.
        progress: progress bar for NER (see :func:`helpers.enrich.ner.ner_spans`).
        context: passed to :func:`helpers.places.find.find_places` (place evidence outside the text).

    Returns:
        An :class:`EnrichedBatch`; every mention satisfies ``body[start:end] == text``.
    """
    bodies = [b if isinstance(b, str) else "" for b in articles["body"].tolist()]
    find = partial(_rows_of, context=context)
    if spans is None:
        load_gazetteer()  # load the gazetteer before NER workers fork, so they share it
        per_article = ner_apply(bodies, find, n_process=n_process, progress=progress)
    elif len(spans) != len(bodies):
        raise ValueError(f"got spans for {len(spans)} texts but {len(bodies)} articles")
    else:
        per_article = [find(body, list(doc_spans)) for body, doc_spans in zip(bodies, spans, strict=True)]
    ids = articles["article_id"].astype(str).tolist()
    rows = [(ids[i], *row) for i, rows in enumerate(per_article) for row in rows]
    frame = pd.DataFrame(rows, columns=list(RAW_COLUMNS))
    return EnrichedBatch(mentions_raw=schema.conform(frame, RAW_COLUMNS))


def _rows_of(body: str, spans: list[Span], *, context: Mapping[str, float] | None) -> list[tuple]:
    """Raw rows of one body without the article id (runs in the NER workers)."""
    return [row[1:] for row in article_mentions("", body, spans, context=context)]


def text_hash(body: str) -> str:
    """The per-article cache key of a body (sha1 of its UTF-8 text)."""
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def cache_path(cache_dir: Path, version: str) -> Path:
    """The raw-mentions cache file for one pipeline version."""
    digest = hashlib.sha256(version.encode("utf-8")).hexdigest()[:12]
    return cache_dir / f"mentions-{digest}.parquet"


def enrich_corpus(
    corpus: Corpus,
    *,
    cache: bool = True,
    progress: bool | ProgressFactory | None = None,
    aliases: str | Path | pd.DataFrame | None = None,
    n_process: int = 2,
) -> Corpus:
    """The corpus with ``mentions``, ``entities``, ``places`` and ``alias_report`` filled in.

    Args:
        corpus: a loaded corpus (``meta["source"]``/``meta["cache_dir"]`` locate the cache).
        cache: reuse and update the per-article cache of raw mentions; only articles whose body
            (or the model, gazetteer or rules) changed go through NER again.
        progress: NER progress bar (``None``: only for large inputs).
        aliases: alias table path or DataFrame; default ``aliases.csv`` in the corpus folder.
        n_process: NER worker processes for large inputs.

    Returns:
        A new :class:`~helpers.corpus.Corpus`; ``articles`` and ``mentions`` gain a ``tone`` column
        (:mod:`helpers.enrich.tone`). ``meta`` gains ``ner_model``, ``gazetteer``,
        ``aliases`` (path), ``aliases_sha`` and ``enrichment`` (articles computed vs cached).
    """
    alias_path, table = _alias_table(corpus.meta, aliases)
    tables_path = _tables_file(corpus, table) if cache else None
    done = read_tables(tables_path) if tables_path is not None else None
    if done is not None:
        mentions, entities, report, places = done
        stats = {"computed": 0, "cached": len(corpus.articles)}
    else:
        raw, stats = cached_mentions(corpus, cache=cache, progress=progress, n_process=n_process)
        # lines the outlet repeats in many articles (helpers.ingest.boilerplate): the body keeps them
        spans = boilerplate_spans(segment_table(corpus.articles))
        raw, _ = drop_boilerplate(raw, spans)
        mentions, entities, report, places = canonical_tables(raw, table)
        if tables_path is not None:
            write_tables(tables_path, (mentions, entities, report, places))
    hashes = corpus.articles["body"].fillna("").astype(str).map(text_hash)
    folder = _cache_file(corpus.meta) if cache else None
    articles, mentions = with_tone(corpus.articles, mentions, hashes, folder.parent if folder else None)
    meta = {
        **corpus.meta,
        "ner_model": model_version(),
        "gazetteer": gazetteer_version(),
        "aliases": str(alias_path) if alias_path else "",
        "aliases_sha": aliases_sha(table),
        "enrichment": stats,
    }
    return corpus.with_tables(
        articles=articles,
        mentions=mentions,
        entities=entities,
        places=schema.conform(places, schema.PLACE_COLUMNS),
        alias_report=report,
        meta=meta,
    )


def _tables_file(corpus: Corpus, aliases: pd.DataFrame) -> Path | None:
    """Where the finished tables of this exact corpus text, pipeline and alias table are cached."""
    folder = _cache_file(corpus.meta)
    if folder is None or not corpus.meta.get("corpus_hash"):
        return None
    key = f"{corpus.meta['corpus_hash']}|{pipeline_version()}|{MERGE_VERSION}|{aliases_sha(aliases)}"
    key += f"|{BOILERPLATE_VERSION}"
    return folder.parent / f"tables-{hashlib.sha256(key.encode()).hexdigest()[:20]}"


def _alias_table(
    meta: Mapping[str, Any], aliases: str | Path | pd.DataFrame | None
) -> tuple[Path | None, pd.DataFrame]:
    if isinstance(aliases, pd.DataFrame):
        return None, aliases
    path = Path(aliases) if aliases is not None else default_aliases_path(meta.get("source"))
    return path, read_aliases(path)


def cached_mentions(
    corpus: Corpus,
    *,
    cache: bool = True,
    progress: bool | ProgressFactory | None = None,
    n_process: int = 2,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Raw mentions of every article, from the cache where the body is unchanged.

    New bodies go through NER in parts of :data:`CHECKPOINT_ARTICLES`, and the cache is written
    after each part, so an interrupted run keeps what it has done.

    Returns:
        ``(mentions_raw, stats)`` with ``stats = {"computed": n, "cached": m}`` (articles).
    """
    articles = corpus.articles
    hashes = articles["body"].fillna("").astype(str).map(text_hash)
    path = _cache_file(corpus.meta) if cache else None
    old = _read_cache(path) if path is not None else None
    done = set(old["text_sha"]) if old is not None else set()
    rows = _keep(old, set(hashes))
    todo = articles.assign(article_id=hashes)[~hashes.isin(done)].drop_duplicates("article_id")
    bar = make_progress_bar(progress, len(todo))
    try:
        for start in range(0, len(todo), CHECKPOINT_ARTICLES):
            part = todo.iloc[start : start + CHECKPOINT_ARTICLES]
            shared = _SharedBar(bar) if bar is not None else False
            fresh = enrich_batch(part, n_process=n_process, progress=shared).mentions_raw
            fresh = fresh.rename(columns={"article_id": "text_sha"})
            missing = _sentinels(sorted(set(part["article_id"]) - set(fresh["text_sha"])))
            rows = _keep(pd.concat([rows, fresh, missing], ignore_index=True), set(hashes))
            if path is not None:
                write_frame(path, rows, kind="enrich-mentions", version=path.stem)
    finally:
        if bar is not None:
            bar.close()
    if path is not None and not len(todo) and old is not None and len(rows) != len(old):
        write_frame(path, rows, kind="enrich-mentions", version=path.stem)  # pruned
    if path is not None:
        _remove_stale(path)
    raw = _attach_articles(rows[rows["kind"] != ""], articles["article_id"].astype(str), hashes)
    return raw, {"computed": len(todo), "cached": int(hashes.isin(done).sum())}


class _SharedBar:
    """A progress factory handing out one bar for several NER calls (it is closed by the owner)."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def __call__(self, **_: Any) -> _SharedBar:
        return self

    def update(self, n: int) -> None:
        self.bar.update(n)

    def reset(self) -> None:
        """Ignored: the shared bar counts articles of all parts."""

    def close(self) -> None:
        """Ignored: the owner closes the bar."""


def _keep(rows: pd.DataFrame | None, hashes: set[str]) -> pd.DataFrame:
    """Cached rows of the bodies in ``hashes`` only, with the cache's columns and dtypes."""
    frame = rows if rows is not None else pd.DataFrame({"text_sha": pd.Series(dtype="str")})
    frame = schema.conform(frame, {"text_sha": "str", **_CACHED_COLUMNS})
    return frame[frame["text_sha"].isin(hashes)].reset_index(drop=True)


_CACHED_COLUMNS = {k: v for k, v in RAW_COLUMNS.items() if k != "article_id"}


def _sentinels(text_shas: list[str]) -> pd.DataFrame:
    """Rows with ``kind == ""`` that record "this body was processed and has no mentions"."""
    frame = pd.DataFrame({"text_sha": text_shas, "kind": "", "label": "", "text": "", "start": -1, "end": -1})
    return frame.assign(place_id="", candidates="", ambiguous=False)


def _cache_file(meta: Mapping[str, Any]) -> Path | None:
    folder = meta.get("cache_dir") or (cache_dir_for(Path(meta["source"])) if meta.get("source") else None)
    return cache_path(Path(folder) / "enrich", pipeline_version()) if folder else None


def _remove_stale(path: Path) -> None:
    """Delete the cache files of other pipeline versions next to ``path``."""
    for other in path.parent.glob("mentions-*.parquet"):
        if other != path:
            other.unlink(missing_ok=True)


def _read_cache(path: Path) -> pd.DataFrame | None:
    got = read_frame(path, kind="enrich-mentions", version=path.stem)
    if got is None:
        return None
    frame = got[0]
    if "text_sha" not in frame.columns or any(c not in frame.columns for c in _CACHED_COLUMNS):
        warnings.warn(f"cache {path} lacks columns; rebuilding it", CacheWarning, stacklevel=3)
        return None
    return frame


def _attach_articles(rows: pd.DataFrame, article_ids: pd.Series, hashes: pd.Series) -> pd.DataFrame:
    """Cached rows (keyed by body hash) -> raw mentions of each article with that body."""
    link = pd.DataFrame({"article_id": article_ids.to_numpy(), "text_sha": hashes.to_numpy()})
    merged = link.merge(rows, on="text_sha", how="inner").drop(columns="text_sha")
    return schema.conform(merged, RAW_COLUMNS)[list(RAW_COLUMNS)]


def canonical_tables(
    raw: pd.DataFrame, aliases: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The corpus-wide step: raw mentions -> ``(mentions, entities, alias_report, places)``."""
    mentions, entities, report = build_entities(raw, aliases)
    places = place_table(sorted(set(mentions.loc[mentions["kind"] == "place", "place_id"])))
    return mentions, entities, report, places


def raw_rows_by_body(bodies: pd.DataFrame) -> pd.DataFrame:
    """Raw mentions of distinct bodies, keyed by ``text_sha`` (the ``article_id`` column of ``bodies``).

    The layout of the enrichment cache: a body without mentions gets one sentinel row, so that "no
    mentions" and "not processed" differ. NER runs in this process (a Dask worker loads the model once).
    """
    fresh = enrich_batch(bodies, n_process=1).mentions_raw.rename(columns={"article_id": "text_sha"})
    missing = _sentinels(sorted(set(bodies["article_id"]) - set(fresh["text_sha"])))
    return _keep(pd.concat([fresh, missing], ignore_index=True), set(bodies["article_id"]))


def attach_articles(rows: pd.DataFrame, article_ids: pd.Series, hashes: pd.Series) -> pd.DataFrame:
    """Rows keyed by body hash (:func:`raw_rows_by_body`) -> raw mentions of each article with that body."""
    return _attach_articles(rows[rows["kind"] != ""], article_ids, hashes)
