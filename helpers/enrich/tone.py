"""Tone: each article and each entity mention scored with VADER, a lexicon of rated words.

VADER (vaderSentiment, MIT licence; Hutto & Gilbert 2014) rates a sentence from -1 (most negative)
to +1 (most positive): its *compound* score, from the valence of its words with rules for boosters
("very"), capitals, "but" and negations up to three words back. Its lexicon ships in the wheel and is
read from the installed package; nothing is downloaded.

What is scored, GDELT-style (GDELT's "average tone" is the share of positive minus negative words in
the whole article):

* every sentence of a body (:func:`sentence_spans`: paragraph breaks and sentence ends);
* an **article**'s tone is the mean of its sentences' scores weighted by their words, so a long
  neutral paragraph counts for more than a short angry line;
* a **mention**'s tone is the score of the sentence it stands in.

What lexicon tone cannot do is in the README ("Tone"): it does not know whose voice a sentence is
(a quoted threat scores like the author's own), misses irony, and sees a negation only a few words
back.

Sentence scores are cached per body (sha1 of the text, like the enrichment cache) in
``<cache_dir>/enrich/tone-<version>.parquet``; only new bodies are scored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.core import schema
from helpers.core.cache import read_frame, write_frame

#: Bump when sentence splitting or scoring changes (with VADER's version, the cache key).
TONE_RULES = "tone-1"
#: One row per scored sentence of a body.
SENTENCE_COLUMNS: dict[str, str] = {
    "text_sha": "str",
    "start": "int64",
    "end": "int64",
    "words": "int64",
    "tone": "float64",
}

# A sentence ends at . ! ? (with closing quotes or brackets) before white space and a capital, a
# digit or an opening quote; or at a line break. A period after a lone capital (initials, "U.S.")
# or after a short title word does not end one.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9А-ЯЁІЇЄҐ])|\n+")
_NO_END = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Maj|Rep|Sen|Gov|Prof|Jr|Sr|No|vs|Rev|Adm|Gen))\.$"
)
_WORD = re.compile(r"\w+")


def vader_version() -> str:
    """The installed vaderSentiment version (part of the cache key)."""
    try:
        return version("vaderSentiment")
    except PackageNotFoundError:  # pragma: no cover - a broken install
        return "unknown"


def tone_version() -> str:
    """The tone cache key besides the text."""
    return f"{TONE_RULES}|vader-{vader_version()}"


@cache
def analyzer() -> Any:
    """One VADER analyser per process (its lexicon is read from the installed wheel)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentence_spans(body: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``body`` with its surrounding white space trimmed."""
    spans, begin = [], 0
    for m in _END.finditer(body):
        if m.group().startswith("\n") or not _NO_END.search(body[max(0, m.start() - 6) : m.start() + 1]):
            spans.append((begin, m.end()))
            begin = m.end()
    spans.append((begin, len(body)))
    out = []
    for a, b in spans:
        text = body[a:b]
        lead = len(text) - len(text.lstrip())
        trimmed = text.strip()
        if trimmed:
            out.append((a + lead, a + lead + len(trimmed)))
    return out


def score_sentences(text_shas: Sequence[str], bodies: Sequence[str]) -> pd.DataFrame:
    """Every sentence of every body with its VADER compound score (:data:`SENTENCE_COLUMNS`); a body
    without sentences gets one row with ``start == -1`` and no score."""
    score = analyzer().polarity_scores
    rows: list[tuple[str, int, int, int, float]] = []
    for sha, body in zip(text_shas, bodies, strict=True):
        text = body if isinstance(body, str) else ""
        spans = sentence_spans(text)
        if not spans:  # "scored, nothing to score": keeps the body from being scored again
            rows.append((sha, -1, -1, 0, float("nan")))
        for a, b in spans:
            sentence = text[a:b]
            rows.append((sha, a, b, len(_WORD.findall(sentence)), float(score(sentence)["compound"])))
    frame = pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS))
    return schema.conform(frame, SENTENCE_COLUMNS)


def article_tones(sentences: pd.DataFrame) -> pd.Series:
    """Tone of each body (index ``text_sha``): its sentences' scores averaged, weighted by words.

    A body without words has no tone (it is absent from the result; callers fill NaN).
    """
    words = sentences["words"].to_numpy(dtype=float)
    weighted = pd.Series(sentences["tone"].to_numpy() * words).groupby(sentences["text_sha"].to_numpy()).sum()
    total = pd.Series(words).groupby(sentences["text_sha"].to_numpy()).sum()
    return (weighted / total)[total > 0]


def span_tones(sentences: pd.DataFrame, text_shas: Sequence[str], starts: Sequence[int]) -> np.ndarray:
    """The score of the sentence that holds each span start (NaN where none does)."""
    spans = pd.DataFrame(
        {"text_sha": np.asarray(text_shas, dtype=object), "start": np.asarray(starts, dtype=np.int64)}
    )
    spans["_row"] = np.arange(len(spans))
    if not len(spans) or not len(sentences):
        return np.full(len(spans), np.nan)
    left = spans.astype({"text_sha": object}).sort_values("start", kind="stable")
    right = sentences[["text_sha", "start", "end", "tone"]].rename(columns={"start": "s_start"})
    right = right.astype({"text_sha": object}).sort_values("s_start", kind="stable")
    hit = pd.merge_asof(left, right, left_on="start", right_on="s_start", by="text_sha", direction="backward")
    inside = hit["end"].notna() & (hit["start"] < hit["end"])
    out = np.full(len(spans), np.nan)
    out[hit.loc[inside, "_row"].to_numpy()] = hit.loc[inside, "tone"].to_numpy()
    return out


def cached_sentences(text_shas: pd.Series, bodies: pd.Series, folder: Path | None) -> pd.DataFrame:
    """Sentence scores of the distinct bodies given, read from the cache in ``folder`` where the
    body was scored before; new ones are scored and the cache rewritten (atomically)."""
    path = folder / f"tone-{_key()}.parquet" if folder else None
    old = None
    if path is not None:
        got = read_frame(path, kind="tone-sentences", version=tone_version())
        old = schema.conform(got[0], SENTENCE_COLUMNS) if got is not None else None
    wanted = pd.DataFrame({"sha": text_shas.to_numpy(), "body": bodies.to_numpy()}).drop_duplicates("sha")
    have = old[old["text_sha"].isin(set(wanted["sha"]))] if old is not None else None
    done = set(have["text_sha"]) if have is not None else set()
    todo = wanted[~wanted["sha"].isin(done)]
    fresh = score_sentences(todo["sha"].tolist(), todo["body"].tolist())
    rows = pd.concat([x for x in (have, fresh) if x is not None], ignore_index=True)
    if path is not None and (len(todo) or old is None or len(rows) != len(old)):
        write_frame(path, rows, kind="tone-sentences", version=tone_version())
        for other in path.parent.glob("tone-*.parquet"):
            if other != path:
                other.unlink(missing_ok=True)
    return schema.conform(rows, SENTENCE_COLUMNS)


def _key() -> str:
    return hashlib.sha256(tone_version().encode("utf-8")).hexdigest()[:12]


def with_tone(
    articles: pd.DataFrame, mentions: pd.DataFrame, text_shas: pd.Series, folder: Path | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``articles`` and ``mentions`` with a ``tone`` column each (float, NaN where nothing was scored).

    Args:
        articles: with ``article_id`` and ``body``.
        mentions: with ``article_id`` and ``start``.
        text_shas: the body hash of each article (aligned with ``articles``).
        folder: the enrichment cache folder, or ``None`` to score without a cache.
    """
    sentences = cached_sentences(text_shas, articles["body"].fillna("").astype(str), folder)
    tones = article_tones(sentences)
    arts = articles.assign(tone=text_shas.map(tones).astype("float64").to_numpy())
    sha_of = pd.Series(text_shas.to_numpy(), index=articles["article_id"].astype(str).to_numpy())
    sha_of = sha_of[~sha_of.index.duplicated()]
    shas = mentions["article_id"].astype(str).map(sha_of).fillna("")
    ments = mentions.assign(tone=span_tones(sentences, shas.tolist(), mentions["start"].tolist()))
    return arts, ments


#: The tone rows of a store partition: ``start == -1`` for a body's own tone, else the tone of the
#: sentence holding a raw mention that starts at ``start``.
TONE_ROW_COLUMNS: dict[str, str] = {"text_sha": "str", "start": "int64", "tone": "float64"}


def tone_rows(bodies: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """The tone of each distinct body and of each raw mention start in it (:data:`TONE_ROW_COLUMNS`).

    Args:
        bodies: ``text_sha`` and ``body``.
        raw: raw mention rows keyed by ``text_sha`` with ``start`` (sentinel rows, ``start < 0``, skipped).
    """
    distinct = bodies.drop_duplicates("text_sha")
    sentences = score_sentences(distinct["text_sha"].tolist(), distinct["body"].fillna("").tolist())
    whole = article_tones(sentences)
    spans = raw.loc[raw["start"] >= 0, ["text_sha", "start"]].drop_duplicates()
    frame = pd.concat(
        [
            pd.DataFrame({"text_sha": whole.index.astype(str), "start": -1, "tone": whole.to_numpy()}),
            spans.assign(tone=span_tones(sentences, spans["text_sha"].tolist(), spans["start"].tolist())),
        ],
        ignore_index=True,
    )
    return schema.conform(frame, TONE_ROW_COLUMNS)


def lookup_tone(rows: pd.DataFrame, text_shas: Sequence[str], starts: Sequence[int] | int) -> np.ndarray:
    """The tone in ``rows`` (:func:`tone_rows`) of each ``(text_sha, start)``; NaN where there is none."""
    keys = pd.DataFrame({"text_sha": np.asarray(text_shas, dtype=object)})
    keys["start"] = np.broadcast_to(np.asarray(starts, dtype=np.int64), len(keys))
    table = rows.astype({"text_sha": object}).drop_duplicates(["text_sha", "start"])
    return keys.merge(table, on=["text_sha", "start"], how="left")["tone"].to_numpy(dtype=float)
