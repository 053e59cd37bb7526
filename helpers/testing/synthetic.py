"""Synthetic corpora built directly as frames: for benches and property tests, not for analysis.

``synthetic_corpus(n)`` makes ``n`` articles with a Zipf-like vocabulary, ~``mentions_per_article``
entity mentions each (whose ``start``/``end`` really slice the body), places with coordinates, and a
few undated articles. Deterministic for a given ``seed``; 100,000 articles take a few seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import schema
from helpers.corpus.model import Corpus

OUTLETS = (
    "theguardian.com", "bbc.co.uk", "nytimes.com", "reuters.com", "aljazeera.com", "kyivindependent.com",
    "dw.com", "france24.com", "apnews.com", "cnn.com", "politico.eu", "euronews.com", "rferl.org",
)  # fmt: skip
KINDS = ("person", "org", "place", "group")
COUNTRIES = ("UA", "RU", "PL", "DE", "FR", "US", "GB", "TR", "BY", "MD")
PHRASES = ("peace talks", "grain deal", "power plant", "prisoner exchange", "gas supply")


def _words(rng: np.random.Generator, n: int) -> np.ndarray:
    """A vocabulary in Zipf rank order: made-up words, with the words of PHRASES at ranks 40-200
    (common, like "peace" or "talks" in news, but not the commonest, like "the")."""
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(3, 10, size=n)
    made = list(dict.fromkeys("".join(rng.choice(letters, size=k)) for k in lengths))
    phrase_words = list(dict.fromkeys(w for p in PHRASES for w in p.split()))
    made = [w for w in made if w not in phrase_words]
    ranks = np.sort(rng.choice(np.arange(40, 200), size=len(phrase_words), replace=False))
    for rank, word in zip(ranks, phrase_words, strict=True):
        made.insert(int(rank), word)
    return np.array(made, dtype=object)


def _entities(rng: np.random.Generator, n_entities: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    kinds = rng.choice(KINDS, size=n_entities, p=[0.4, 0.3, 0.2, 0.1])
    ids = np.array([f"e{i:06d}" for i in range(n_entities)], dtype=object)
    names = [f"{k.capitalize()} {i}" for i, k in enumerate(kinds)]
    aliases = [[name, name.upper()] for name in names]
    is_place = kinds == "place"
    place_ids = np.where(is_place, [f"{1000000 + i}" for i in range(n_entities)], "")
    entities = pd.DataFrame(
        {"entity_id": ids, "name": names, "kind": kinds, "aliases": aliases, "articles": 0, "mentions": 0}
    )
    entities["place_id"] = place_ids
    n_places = int(is_place.sum())
    places = pd.DataFrame(
        {
            "place_id": place_ids[is_place],
            "name": np.array(names, dtype=object)[is_place],
            "country": rng.choice(COUNTRIES, size=n_places),
            "admin1": "",
            "lat": rng.uniform(-60, 75, size=n_places).round(4),
            "lon": rng.uniform(-180, 180, size=n_places).round(4),
            "feature": "city",
        }
    )
    return entities, places


def _bodies(rng, n, words, names, mentions_per_article, words_per_article):
    """Bodies with mentions embedded; returns (bodies, mention rows as parallel lists)."""
    n_ment = rng.poisson(mentions_per_article, size=n)
    ent_pick = np.minimum(rng.zipf(1.3, size=int(n_ment.sum())) - 1, len(names) - 1)
    ent_pick = rng.permutation(len(names))[ent_pick]
    word_pick = np.minimum(rng.zipf(1.2, size=n * words_per_article) - 1, len(words) - 1)
    bodies, m_art, m_ent, m_start, m_end = [], [], [], [], []
    e_pos = 0
    for a in range(n):
        chunk = words[word_pick[a * words_per_article : (a + 1) * words_per_article]]
        k = int(n_ment[a])
        cuts = np.sort(rng.integers(0, len(chunk), size=k))
        parts, pos, prev = [], 0, 0
        for j in range(k):
            text = " ".join(chunk[prev : cuts[j]]) + " "
            parts.append(text)
            pos += len(text)
            ent = int(ent_pick[e_pos + j])
            name = names[ent]
            parts.append(name + " ")
            m_art.append(a), m_ent.append(ent), m_start.append(pos), m_end.append(pos + len(name))
            pos += len(name) + 1
            prev = cuts[j]
        parts.append(" ".join(chunk[prev:]))
        bodies.append("".join(parts))
        e_pos += k
    return bodies, (m_art, m_ent, m_start, m_end)


def _articles(rng: np.random.Generator, ids: np.ndarray, words: np.ndarray, bodies: list[str], size: int):
    """The articles table: dates over 2022 (2% undated), Zipf-distributed outlets, short titles."""
    n = len(ids)
    days = np.datetime64("2022-01-01") + rng.integers(0, 365, size=n).astype("timedelta64[D]")
    published = pd.Series(days.astype("datetime64[ns]")) + pd.to_timedelta(rng.integers(0, 86400, n), "s")
    published[rng.random(n) < 0.02] = pd.NaT
    outlets = np.array(OUTLETS, dtype=object)[np.minimum(rng.zipf(1.5, size=n) - 1, len(OUTLETS) - 1)]
    return pd.DataFrame(
        {
            "article_id": ids,
            "path": [f"{i}.txt" for i in ids],
            "title": [" ".join(words[rng.integers(0, 300, size=6)]).capitalize() for _ in range(n)],
            "published": published,
            "outlet": outlets,
            "url": [f"https://{o}/{i}" for o, i in zip(outlets, ids, strict=True)],
            "caption": "",
            "photo_credit": "",
            "related": "",
            "body": bodies,
            "word_count": size,
        }
    )


def synthetic_corpus(
    n: int,
    *,
    n_entities: int = 50_000,
    mentions_per_article: int = 20,
    words_per_article: int = 120,
    seed: int = 0,
) -> Corpus:
    """A :class:`~helpers.corpus.Corpus` of ``n`` generated articles (see the module docstring)."""
    rng = np.random.default_rng(seed)
    words = _words(rng, 5000)
    entities, places = _entities(rng, n_entities)
    names = entities["name"].tolist()
    bodies, (m_art, m_ent, m_start, m_end) = _bodies(
        rng, n, words, names, mentions_per_article, words_per_article
    )
    ids = np.array([f"a{i:07d}" for i in range(n)], dtype=object)
    articles = _articles(rng, ids, words, bodies, words_per_article)
    m_ent_arr = np.asarray(m_ent, dtype=np.int64)
    mentions = pd.DataFrame(
        {
            "article_id": ids[np.asarray(m_art, dtype=np.int64)],
            "entity_id": entities["entity_id"].to_numpy()[m_ent_arr],
            "kind": entities["kind"].to_numpy()[m_ent_arr],
            "text": np.array(names, dtype=object)[m_ent_arr],
            "start": m_start,
            "end": m_end,
        }
    )
    counts = mentions.groupby("entity_id").agg(
        mentions=("article_id", "size"), articles=("article_id", "nunique")
    )
    entities["articles"] = entities["entity_id"].map(counts["articles"]).fillna(0).astype("int64")
    entities["mentions"] = entities["entity_id"].map(counts["mentions"]).fillna(0).astype("int64")
    entities = entities[entities["mentions"] > 0]
    places = places[places["place_id"].isin(set(entities["place_id"]))]
    return Corpus(
        articles=schema.conform(articles, schema.ARTICLE_COLUMNS),
        mentions=schema.conform(mentions, schema.MENTION_COLUMNS),
        entities=schema.conform(entities, schema.ENTITY_COLUMNS),
        places=schema.conform(places, schema.PLACE_COLUMNS),
        meta={"source": f"synthetic:{n}:{seed}"},
    )
