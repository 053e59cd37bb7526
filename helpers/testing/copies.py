"""Copies of real articles as syndication and republishing make them, written at test time.

For the story-cluster recall test and bench: each copy is an article file (the kit's format) made
from a loaded article, in a temporary folder; no article text is ever committed. The kinds:

- ``trimmed``: wire copy cut to its first ``keep`` share of sentences, under another outlet's URL;
- ``reheadlined``: the same body under a new headline, another outlet;
- ``boilerplate``: a "Related article" line, a newsletter promotion and an agency credit added;
- ``updated``: republished by its own outlet with a new first paragraph and its last one dropped.

Most bodies of the real corpus are one block of text, so "paragraphs" are runs of three sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

KINDS = ("trimmed", "reheadlined", "boilerplate", "updated")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def article_file(title: str, day: pd.Timestamp, paragraphs: list[str], url: str) -> str:
    """The text of one article file: title, date line, paragraphs, original URL."""
    head = f"# {title}\n{day:%B} {day.day}, {day:%Y}\n\n"
    return head + "\n\n".join(paragraphs) + f"\n\nOriginal url:\n<{url}>\n"


def paragraphs(body: str) -> list[str]:
    """Runs of three sentences of ``body``."""
    sentences = [s for s in _SENTENCE_END.split(str(body)) if s.strip()]
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


def make_copy(kind: str, row: pd.Series, k: int, rng: np.random.Generator, keep: float = 0.6) -> str:
    """The file text of a ``kind`` copy (see the module docstring) of article ``row``."""
    paras = paragraphs(row["body"])
    day = row["published"] + pd.Timedelta(days=1)
    other = f"https://www.wire-desk-{k % 7}.example.com/world/{int(rng.integers(1 << 40)):x}"
    if kind == "trimmed":
        return article_file(row["title"], day, paras[: max(2, round(len(paras) * keep))], other)
    if kind == "reheadlined":
        words = str(row["title"]).split()
        title = " ".join(["Latest:", *words[len(words) // 2 :], *words[: len(words) // 2]])
        return article_file(title, day, paras, other)
    if kind == "boilerplate":
        related = "**Related article:** [What we know so far about the war](#)"
        promo = "Sign up to our morning newsletter to get the top stories delivered to your inbox every day."
        return article_file(
            row["title"], day, [*paras[:2], related, *paras[2:], promo, "*AFP contributed reporting.*"], other
        )
    if kind == "updated":
        new = (
            "This story has been updated with a statement from officials and new figures released on Monday."
        )
        return article_file(
            row["title"], day, [new, *paras[:-1]], f"{str(row['url']).rstrip('/')}-updated-{k}"
        )
    raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


def write_copies(
    folder: Path,
    sources: pd.DataFrame,
    seed: int = 14,
    kinds: tuple[str, ...] = KINDS,
    keep: float = 0.6,
    prefix: str = "zz",
) -> dict[str, tuple[str, str]]:
    """Write a copy of each kind of each source article into ``folder``.

    Returns ``{file name: (source article_id, kind)}``.
    """
    rng = np.random.default_rng(seed)
    made: dict[str, tuple[str, str]] = {}
    for k, (_, row) in enumerate(sources.iterrows()):
        for kind in kinds:
            name = f"{prefix}_{kind}_{k:03d}.txt"
            (folder / name).write_text(make_copy(kind, row, k, rng, keep), encoding="utf-8")
            made[name] = (str(row["article_id"]), kind)
    return made


def copy_sources(articles: pd.DataFrame, n: int, seed: int = 14) -> pd.DataFrame:
    """``n`` articles long enough to copy (200+ words, 15+ sentences, dated), chosen at random."""
    sentences = articles["body"].str.count(r"[.!?]\s")
    pool = articles[(articles["word_count"] >= 200) & (sentences >= 15) & articles["published"].notna()]
    return pool.sample(n=min(n, len(pool)), random_state=seed)


def recall(corpus_stories: pd.DataFrame, paths: pd.Series, ids: pd.Series, made: dict) -> dict[str, float]:
    """Per kind, the share of copies in the story of their source article."""
    story = dict(zip(corpus_stories["article_id"], corpus_stories["story_id"], strict=True))
    by_path = dict(zip(paths, ids, strict=True))
    hits: dict[str, list[bool]] = {}
    for name, (source, kind) in made.items():
        hits.setdefault(kind, []).append(story[by_path[name]] == story[source])
    return {kind: float(np.mean(v)) for kind, v in hits.items()}
