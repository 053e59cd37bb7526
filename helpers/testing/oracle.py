"""A slow, obvious implementation of the filter contract: the oracle for tests and the bench baseline.

It shares nothing with :mod:`helpers.query.index` but the tokeniser and the query parser, and works
article by article with plain Python sets. Use :func:`helpers.query.apply.apply` in real code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from helpers.query.filters import Filter
from helpers.query.tokens import keyword_terms, token_text

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus


def _entity_ids(entities: pd.DataFrame, value: str) -> set[str]:
    ids = set(entities.loc[entities["entity_id"] == value, "entity_id"])
    if ids:
        return ids
    key = value.strip().lower()
    by_name = {e for e, n in zip(entities["entity_id"], entities["name"], strict=True) if n.lower() == key}
    if by_name:
        return by_name
    return {
        e
        for e, aliases in zip(entities["entity_id"], entities["aliases"], strict=True)
        if any(str(a).lower() == key for a in aliases)
    }


def _place_ids(corpus: Corpus, value: str) -> set[str]:
    places, entities = corpus.places, corpus.entities
    ids = set(places.loc[places["place_id"] == value, "place_id"])
    if ids:
        return ids
    key = value.strip().lower()
    by_name = {p for p, n in zip(places["place_id"], places["name"], strict=True) if n.lower() == key}
    if by_name:
        return by_name
    known = set(places["place_id"])
    ents = _entity_ids(entities, value)
    return {p for e, p in zip(entities["entity_id"], entities["place_id"], strict=True) if e in ents} & known


def _matches(row: pd.Series, f: Filter, ents_of: dict, places_of: dict, groups, place_set) -> bool:
    day = row["published"]
    if f.start or f.end:
        if pd.isna(day):
            return False
        if (f.start and day.date() < f.start) or (f.end and day.date() > f.end):
            return False
    if f.outlets and str(row["outlet"]).lower() not in {o.lower() for o in f.outlets}:
        return False
    aid = row["article_id"]
    if f.places and not (places_of.get(aid, set()) & place_set):
        return False
    if f.entities:
        hits = [bool(ents_of.get(aid, set()) & g) for g in groups]
        if not (all(hits) if f.entity_mode == "all" else any(hits)):
            return False
    text = token_text(f"{row['title']}\n{row['body']}")
    return all(f" {t} " in text for t in keyword_terms(f.keyword))


def naive_apply(corpus: Corpus, f: Filter) -> Corpus:
    """Same result as :func:`helpers.query.apply.apply`, computed row by row (slow)."""
    ments, ents = corpus.mentions, corpus.entities
    place_of_entity = {e: p for e, p in zip(ents["entity_id"], ents["place_id"], strict=True) if p}
    ents_of: dict[str, set[str]] = {}
    places_of: dict[str, set[str]] = {}
    for aid, eid in zip(ments["article_id"], ments["entity_id"], strict=True):
        ents_of.setdefault(aid, set()).add(eid)
        if eid in place_of_entity:
            places_of.setdefault(aid, set()).add(place_of_entity[eid])
    groups = [_entity_ids(ents, v) for v in f.entities]
    place_set = set().union(*(_place_ids(corpus, v) for v in f.places)) if f.places else set()
    keep = [_matches(row, f, ents_of, places_of, groups, place_set) for _, row in corpus.articles.iterrows()]
    articles = corpus.articles[keep].reset_index(drop=True)
    kept_ids = set(articles["article_id"])
    mentions = ments[ments["article_id"].isin(kept_ids)].reset_index(drop=True)
    counts = mentions.groupby("entity_id").agg(
        mentions=("article_id", "size"), articles=("article_id", "nunique")
    )
    entities = ents[ents["entity_id"].isin(counts.index)].reset_index(drop=True)
    entities["articles"] = entities["entity_id"].map(counts["articles"]).astype("int64")
    entities["mentions"] = entities["entity_id"].map(counts["mentions"]).astype("int64")
    used = set(entities["place_id"])
    places = corpus.places[corpus.places["place_id"].isin(used)].reset_index(drop=True)
    return corpus.with_tables(
        articles=articles,
        mentions=mentions,
        entities=entities,
        places=places,
        meta={**corpus.meta, "filter": f.to_dict()},
    )
