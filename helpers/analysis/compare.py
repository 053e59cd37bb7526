"""``compare(corpus, a, b)``: the words, two-word phrases and entities most distinctive of each side.

Scored by the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' Words: Lexical Feature Selection and Evaluation for Identifying the Content of
Political Conflict", *Political Analysis* 16(4), section 3.5). For a term ``w`` with counts ``y_a``
and ``y_b`` on the two sides (all terms of the kind: ``n_a``, ``n_b``), and a prior that adds
``alpha_w`` pseudo-counts to each side (summing to ``alpha_0`` over the vocabulary)::

    delta_w = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
            - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
    var_w   = 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
    z_w     = delta_w / sqrt(var_w)

The prior is *informative*: ``alpha_w = prior * (y_a + y_b)``, the term's frequency in both sides
together (the background), scaled by ``prior`` (default 0.1, so the prior weighs a tenth of the data).
It shrinks the log-odds of rare terms towards zero, and the z-score divides by the estimate's
uncertainty, so that neither the rarest nor the commonest words dominate (the paper's figures 4-6).
Positive ``z`` leans to side a, negative to side b; ``|z| > 1.96`` is the usual "distinctive" line.

Words are the kit's keyword tokens (:func:`helpers.query.tokens.tokens`: lower-cased letter and
digit runs) of titles and bodies, English stop words left out; a phrase is two adjacent words within
a sentence, neither a stop word; entities count mentions of canonical entities. An article kept by
both filters counts on both sides. A corpus opened from a store reads the bodies in batches
(:meth:`helpers.corpus.Corpus.bodies`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from helpers.corpus.model import Corpus
from helpers.query.filters import Filter
from helpers.query.tokens import tokens

#: The kinds of term compared.
KINDS = ("word", "phrase", "entity")
#: Columns of :attr:`Comparison.terms`.
TERM_COLUMNS = ("kind", "term", "entity_id", "count_a", "count_b", "freq", "delta", "z", "side")
#: Bodies read from a store per batch.
BATCH = 2000
# Phrases do not span these (sentence and clause ends, line breaks).
_CLAUSES = re.compile(r"[.!?;:()\[\]\n\"“”]+")


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`.

    Attributes:
        terms: one row per term seen at least ``min_count`` times on both sides together
            (:data:`TERM_COLUMNS`; ``side`` is "a" when ``z > 0``, else "b"), sorted by ``z``.
        a, b: the two filters (``b`` is ``None`` for "everything not in a").
        articles_a, articles_b: articles on each side.
        totals: per kind, ``(n_a, n_b)``: all the term occurrences counted on each side.
        prior: the prior's scale (see the module docstring).
    """

    terms: pd.DataFrame
    a: Filter
    b: Filter | None
    articles_a: int
    articles_b: int
    totals: dict[str, tuple[int, int]]
    prior: float

    def top(self, n: int = 15, side: str = "a", kind: str | None = None) -> pd.DataFrame:
        """The ``n`` terms most distinctive of ``side`` ("a" or "b"), optionally of one ``kind``."""
        t = self.terms[self.terms["side"] == side]
        if kind is not None:
            t = t[t["kind"] == kind]
        return t.sort_values("z", ascending=side == "b", kind="stable").head(n).reset_index(drop=True)


def log_odds(counts_a: np.ndarray, counts_b: np.ndarray, prior: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """``(delta, z)`` of each term from its counts on two sides (the module docstring's formulas).

    ``counts_a`` and ``counts_b`` cover the whole vocabulary of one kind: their sums are ``n_a`` and
    ``n_b``. ``prior`` > 0 scales the informative prior ``alpha_w = prior * (y_a + y_b)``.
    """
    if prior <= 0:
        raise ValueError(f"prior must be > 0, got {prior}")
    ya, yb = np.asarray(counts_a, dtype=float), np.asarray(counts_b, dtype=float)
    alpha = prior * (ya + yb)
    alpha0 = float(alpha.sum())
    na, nb = float(ya.sum()), float(yb.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((ya + alpha) / (na + alpha0 - ya - alpha)) - np.log(
            (yb + alpha) / (nb + alpha0 - yb - alpha)
        )
        z = delta / np.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))
    return delta, z


def _text_counts(texts: Iterable[str], stop: frozenset[str]) -> tuple[Counter[str], Counter[str]]:
    """Words and two-word phrases of ``texts``."""
    words: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    for text in texts:
        for clause in _CLAUSES.split(text):
            toks = tokens(clause)
            kept = [t for t in toks if t not in stop]
            words.update(kept)
            pairs = pairwise(toks)
            phrases.update(f"{x} {y}" for x, y in pairs if x not in stop and y not in stop)
    return words, phrases


def _side_texts(corpus: Corpus, articles: pd.DataFrame) -> Iterable[str]:
    """Title and body of each article, bodies read in batches (from the store for a lazy corpus)."""
    ids = articles["article_id"].astype(str).tolist()
    titles = articles["title"].fillna("").astype(str).tolist()
    for start in range(0, len(ids), BATCH):
        bodies = corpus.bodies(ids[start : start + BATCH])
        for title, body in zip(titles[start : start + BATCH], bodies, strict=True):
            yield f"{title}\n{body}"


def stop_words() -> frozenset[str]:
    """English stop words (spaCy's list, no model needed), plus single letters and digits."""
    from spacy.lang.en.stop_words import STOP_WORDS

    single = {chr(c) for c in range(ord("a"), ord("z") + 1)} | {str(d) for d in range(10)}
    return frozenset({w.lower() for w in STOP_WORDS} | single)


def compare(
    corpus: Corpus,
    a: Filter,
    b: Filter | None = None,
    *,
    prior: float = 0.1,
    min_count: int = 3,
    kinds: tuple[str, ...] = KINDS,
) -> Comparison:
    """Terms most distinctive of the articles matching ``a`` versus those matching ``b``.

    Args:
        corpus: an enriched corpus, or one without entities (then no entity terms), or a store.
        a: the first selection.
        b: the second; ``None`` means every article ``a`` does not match.
        prior: scale of the informative Dirichlet prior (see the module docstring).
        min_count: terms seen fewer times on both sides together are counted (in ``n_a``, ``n_b``)
            but not listed.
        kinds: which of "word", "phrase" and "entity" to compare.

    Returns:
        A :class:`Comparison`.

    Raises:
        ValueError: when a side has no articles, or an unknown kind is asked for.
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; choose from {KINDS}")
    side_a = corpus.filter(a).articles
    if b is None:
        side_b = corpus.articles[~corpus.articles["article_id"].isin(set(side_a["article_id"]))]
    else:
        side_b = corpus.filter(b).articles
    for name, side in (("a", side_a), ("b", side_b)):
        if side.empty:
            raise ValueError(f"side {name} matches no articles: widen its filter")
    counts: dict[str, tuple[Counter[str], Counter[str]]] = {}
    if "word" in kinds or "phrase" in kinds:
        stop = stop_words()
        wa, pa = _text_counts(_side_texts(corpus, side_a), stop)
        wb, pb = _text_counts(_side_texts(corpus, side_b), stop)
        counts["word"], counts["phrase"] = (wa, wb), (pa, pb)
    if "entity" in kinds:
        counts["entity"] = (_entity_counts(corpus, side_a), _entity_counts(corpus, side_b))
    frames, totals = [], {}
    for kind in kinds:
        frame, totals[kind] = _scored(kind, *counts[kind], prior=prior, min_count=min_count)
        frames.append(frame)
    terms = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(TERM_COLUMNS))
    if "entity" in kinds and len(corpus.entities):
        names = corpus.entities.drop_duplicates("entity_id").set_index("entity_id")["name"]
        is_ent = terms["kind"] == "entity"
        named = terms.loc[is_ent, "entity_id"].map(names)
        terms.loc[is_ent, "term"] = named.fillna(terms.loc[is_ent, "term"])
    terms = terms.sort_values("z", ascending=False, kind="stable").reset_index(drop=True)
    return Comparison(terms, a, b, len(side_a), len(side_b), totals, prior)


def _entity_counts(corpus: Corpus, articles: pd.DataFrame) -> Counter[str]:
    """Mentions per canonical entity in ``articles``."""
    m = corpus.mentions
    if m.empty or "entity_id" not in m:
        return Counter()
    kept = m.loc[m["article_id"].isin(set(articles["article_id"])), "entity_id"].astype(str)
    return Counter(kept[kept != ""].tolist())


def _scored(
    kind: str, ca: Counter[str], cb: Counter[str], *, prior: float, min_count: int
) -> tuple[pd.DataFrame, tuple[int, int]]:
    """Score one kind's vocabulary; keep the terms seen ``min_count`` times or more."""
    vocab = sorted(set(ca) | set(cb))
    ya = np.fromiter((ca.get(w, 0) for w in vocab), dtype=np.int64, count=len(vocab))
    yb = np.fromiter((cb.get(w, 0) for w in vocab), dtype=np.int64, count=len(vocab))
    delta, z = log_odds(ya, yb, prior) if len(vocab) else (np.zeros(0), np.zeros(0))
    keep = (ya + yb) >= min_count
    terms = np.asarray(vocab, dtype=object)[keep]
    frame = pd.DataFrame(
        {
            "kind": kind,
            "term": pd.Series(terms, dtype="str"),
            "entity_id": pd.Series(terms if kind == "entity" else [""] * len(terms), dtype="str"),
            "count_a": ya[keep],
            "count_b": yb[keep],
            "freq": (ya + yb)[keep],
            "delta": delta[keep],
            "z": z[keep],
        }
    )
    frame["side"] = np.where(frame["z"] > 0, "a", "b")
    return frame, (int(ya.sum()), int(yb.sum()))
