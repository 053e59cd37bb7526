"""Keyword search over a corpus, per the filter contract: an inverted index token -> articles.

Built once per corpus (lazily, on the first keyword query). Each article's token text is made by
:func:`helpers.filters.token_text` itself (so the tokens are the contract's by construction); Arrow then
splits those texts on spaces, encodes the tokens and deduplicates (token, article) pairs by hashing.
Python's regex tokenising dominates the build (about 300 ns per token here).

A one-token term is a posting-list lookup. A phrase needs every one of its tokens (posting lists
intersected as boolean masks), then the candidates' token text is checked for the contiguous phrase.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .filters import token_text


def _flat_tokens(texts: list[str]) -> tuple[pa.Array, np.ndarray]:
    """All tokens of all token texts, flattened, and the position of the text each comes from."""
    parts = pc.split_pattern(pa.array([t.strip(" ") for t in texts], type=pa.large_string()), " ")
    flat = pc.list_flatten(parts)
    owners = pc.list_parent_indices(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    keep = pc.greater(pc.binary_length(flat), 0)
    return flat.filter(keep), owners[keep.to_numpy(zero_copy_only=False)]


class KeywordIndex:
    """Token text of each article and an inverted index token -> sorted article positions."""

    def __init__(self, titles: Iterable[str], bodies: Iterable[str]) -> None:
        #: per article: :func:`helpers.filters.token_text` of ``title + "\n" + body``
        self.texts: list[str] = [token_text(f"{t}\n{b}") for t, b in zip(titles, bodies, strict=True)]
        self.n = len(self.texts)
        flat, owners = _flat_tokens(self.texts)
        encoded = pc.dictionary_encode(flat)
        words = encoded.dictionary.to_pylist()
        self.vocab: dict[str, int] = {w: i for i, w in enumerate(words)}
        n_words = max(len(words), 1)
        ids = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        pairs = pc.unique(pa.array(owners * n_words + ids)).to_numpy()  # hash, first-seen order
        token, article = pairs % n_words, pairs // n_words
        self.postings = article[np.argsort(token, kind="stable")]
        self.offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(token, minlength=len(words)), out=self.offsets[1:])

    def articles_with(self, token: str) -> np.ndarray:
        """Sorted positions of the articles containing ``token`` (empty when unknown)."""
        row = self.vocab.get(token)
        if row is None:
            return np.zeros(0, dtype=np.int64)
        return self.postings[self.offsets[row] : self.offsets[row + 1]]

    def mask(self, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """Of ``candidates`` (boolean over articles), those in which every term matches."""
        mask = candidates.copy()
        for term in terms:
            toks = term.split(" ")
            for token in dict.fromkeys(toks):
                has = np.zeros(self.n, dtype=bool)
                has[self.articles_with(token)] = True
                mask &= has
            if len(toks) > 1:
                needle = f" {term} "
                found = [i for i in np.flatnonzero(mask).tolist() if needle in self.texts[i]]
                mask = np.zeros(self.n, dtype=bool)
                mask[found] = True
        return mask
