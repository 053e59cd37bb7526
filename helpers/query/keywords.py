"""Keyword search over a corpus, per the filter contract: an inverted index token -> articles.

Built once per corpus (lazily, on the first keyword query). Each article's tokens come from
:func:`fast_tokens`, equal to the contract's :func:`helpers.query.tokens.tokens` (tested on tricky text);
its distinct tokens go to Arrow, which encodes them, and a stable sort groups the articles by token.
Tokenising is most of the cost.

A one-token term is a posting-list lookup. A phrase needs every one of its tokens (posting lists
intersected as boolean masks), then the candidates' token text is checked for the contiguous phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from helpers.query.tokens import TOKEN_RE

#: a letter or digit outside ASCII (such text takes the regex path)
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
#: bytes -> themselves for a-z and 0-9, else a space (every byte of a multi-byte UTF-8 char is >= 0x80)
_ASCII_TOKEN_BYTES = bytes(b if (48 <= b <= 57 or 97 <= b <= 122) else 32 for b in range(256))


def fast_tokens(text: str) -> list[str]:
    """Exactly :func:`helpers.query.tokens.tokens` (``re.findall(r"[^\\W_]+", text.lower())``), faster.

    When no character outside ASCII is a letter or digit (most English news: curly quotes and dashes
    are not), the tokens are the runs of ``a-z0-9`` of the lower-cased text, which ``bytes.translate``
    and ``split`` find several times faster than the regex; other text goes through the regex.
    """
    lowered = text.lower()
    if lowered.isascii() or not _NON_ASCII_WORD.search(lowered):
        return lowered.encode("utf-8").translate(_ASCII_TOKEN_BYTES).decode("ascii").split()
    return TOKEN_RE.findall(lowered)


def _flat_tokens(joined: list[str]) -> tuple[pa.Array, np.ndarray]:
    """All tokens of space-joined token strings, flattened, and the position of the string of each."""
    parts = pc.split_pattern(pa.array(joined, type=pa.large_string()), " ")
    flat = pc.list_flatten(parts)
    owners = pc.list_parent_indices(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    keep = pc.greater(pc.binary_length(flat), 0)
    return flat.filter(keep), owners[keep.to_numpy(zero_copy_only=False)]


class KeywordIndex:
    """Token text of each article and an inverted index token -> sorted article positions."""

    def __init__(self, titles: Iterable[str], bodies: Iterable[str]) -> None:
        #: per article: :func:`helpers.query.tokens.token_text` of ``title + "\n" + body``
        self.texts: list[str] = []
        distinct: list[str] = []  # per article, its distinct tokens joined by spaces
        for title, body in zip(titles, bodies, strict=True):
            toks = fast_tokens(f"{title}\n{body}")
            self.texts.append(" " + " ".join(toks) + " ")
            distinct.append(" ".join(set(toks)))
        self.n = len(self.texts)
        flat, owners = _flat_tokens(distinct)
        encoded = pc.dictionary_encode(flat)
        words = encoded.dictionary.to_pylist()
        self.vocab: dict[str, int] = {w: i for i, w in enumerate(words)}
        token = encoded.indices.to_numpy(zero_copy_only=False)
        self.postings = owners[np.argsort(token, kind="stable")]  # articles ascending within a token
        self.offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(token, minlength=len(words)), out=self.offsets[1:])

    def articles_with(self, token: str) -> np.ndarray:
        """Sorted positions of the articles containing ``token`` (empty when unknown)."""
        row = self.vocab.get(token)
        if row is None:
            return np.zeros(0, dtype=np.int64)
        return self.postings[self.offsets[row] : self.offsets[row + 1]]

    def texts_at(self, positions: np.ndarray) -> list[str]:
        """Token text (`` a b c ``) of the articles at ``positions``."""
        return [self.texts[i] for i in positions.tolist()]

    def mask(self, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """Of ``candidates`` (boolean over articles), those in which every term matches."""
        return match_terms(self, terms, candidates)


class TermIndex(Protocol):
    """What :func:`match_terms` needs of an index: this class's, or a store's persisted one."""

    n: int

    def articles_with(self, token: str) -> np.ndarray: ...

    def texts_at(self, positions: np.ndarray) -> list[str]: ...


def match_terms(index: TermIndex, terms: list[str], candidates: np.ndarray) -> np.ndarray:
    """Of ``candidates`` (boolean over the index's articles), those in which every term matches.

    A term's tokens must all be in the article (posting lists); a phrase is then checked for its
    tokens in a row in the token text of the remaining articles.
    """
    mask = candidates.copy()
    for term in terms:
        toks = term.split(" ")
        for token in dict.fromkeys(toks):
            has = np.zeros(index.n, dtype=bool)
            has[index.articles_with(token)] = True
            mask &= has
        if len(toks) > 1:
            needle = f" {term} "
            found = np.flatnonzero(mask)
            texts = zip(found.tolist(), index.texts_at(found), strict=True)
            mask = np.zeros(index.n, dtype=bool)
            mask[[i for i, text in texts if needle in text]] = True
    return mask
