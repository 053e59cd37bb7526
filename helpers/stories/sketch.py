"""MinHash signatures of article bodies over word shingles (the per-partition half of story grouping).

A body is lower-cased and split into words exactly as the keyword index does
(:func:`helpers.query.keywords.fast_tokens`), so punctuation, quotes and Markdown never split or join
shingles differently from what an analyst searches. A shingle is ``k`` consecutive words. Each word
is hashed once per batch (CRC-32 of its UTF-8, stable in every process, unlike Python's ``hash``);
a shingle's hash is a fixed polynomial of its words' hashes folded to 32 bits, computed with numpy
over the whole batch. Each article's distinct shingle hashes go to a ``datasketch.MinHash`` (scheme
``affine32``, fixed seed), whose ``hashvalues`` are the signature.

Signatures are mergeable: a store builds them per partition and groups them all at the end
(:mod:`helpers.stories.group`). The set size (distinct shingles) travels with the signature, so
containment can be estimated from two signatures alone.

The title is left out on purpose: syndicated copy is often re-headlined.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from datasketch import MinHash

from helpers.query.keywords import fast_tokens

#: Bump when shingling or hashing changes (stored signatures are then rebuilt).
SKETCH_VERSION = "stories-sketch/1"
#: The permutation scheme and seed of every signature (signatures of other settings do not compare).
SCHEME, SEED = "affine32", 20220224
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class SketchSettings:
    """How signatures are made: shingle length in words, and MinHash permutations."""

    shingle: int = 5
    num_perm: int = 128

    def key(self) -> str:
        """A string that changes whenever signatures made with these settings would."""
        return f"{SKETCH_VERSION}|k={self.shingle}|p={self.num_perm}|{SCHEME}|{SEED}"


_PERMUTATIONS: dict[int, np.ndarray] = {}


def permutations(num_perm: int) -> np.ndarray:
    """datasketch's permutation parameters for ``num_perm`` (made once per process)."""
    if num_perm not in _PERMUTATIONS:
        _PERMUTATIONS[num_perm] = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return _PERMUTATIONS[num_perm]


def shingle_hashes(bodies: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hashes of every ``k``-word shingle of every body, and each body's slice bounds.

    Returns ``(hashes, bounds)``: the shingles of body ``i`` are ``hashes[bounds[i]:bounds[i + 1]]``
    (not yet de-duplicated). A body of fewer than ``k`` (but at least one) words is one shingle.
    """
    if k < 1:
        raise ValueError(f"shingle length must be at least 1, not {k}")
    tokens = [fast_tokens(b or "") for b in bodies]
    lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
    flat = [w for t in tokens for w in t]
    codes, vocab = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    word_hash = np.fromiter(
        (zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in vocab), dtype=np.uint64, count=len(vocab)
    )
    words = word_hash[codes] if len(codes) else np.zeros(0, dtype=np.uint64)
    n_sh = np.where(lengths >= k, lengths - k + 1, np.minimum(lengths, 1))
    bounds = np.concatenate([[0], np.cumsum(n_sh)]).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    first = np.repeat(starts - bounds[:-1], n_sh) + np.arange(bounds[-1])  # first word of each shingle
    width = np.repeat(np.minimum(lengths, k), n_sh)
    acc = np.zeros(len(first), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            take = j < width
            term = np.zeros(len(first), dtype=np.uint64)
            term[take] = words[first[take] + j]
            acc = acc * _MIX + term + np.uint64(j + 1)
        folded = (acc ^ (acc >> np.uint64(32))) & _MASK32
    return folded, bounds


def signatures(
    bodies: Sequence[str], settings: SketchSettings | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures of ``bodies``: ``(sigs, sizes)``.

    ``sigs`` is ``uint32[n, num_perm]`` (datasketch ``hashvalues``); ``sizes`` is the number of
    distinct shingles of each body (0 for an empty body, whose signature is all ``0xFFFFFFFF``).
    """
    s = settings or SketchSettings()
    hashes, bounds = shingle_hashes(bodies, s.shingle)
    perms = permutations(s.num_perm)
    sigs = np.full((len(bodies), s.num_perm), 0xFFFFFFFF, dtype=np.uint32)
    sizes = np.zeros(len(bodies), dtype=np.int64)
    for i in range(len(bodies)):
        distinct = np.unique(hashes[bounds[i] : bounds[i + 1]])
        sizes[i] = len(distinct)
        if len(distinct):
            m = MinHash(num_perm=s.num_perm, seed=SEED, scheme=SCHEME, permutations=perms, hashfunc=int)
            m.update_batch(distinct.tolist())
            sigs[i] = m.hashvalues
    return sigs, sizes


def sketch_frame(
    keys: Sequence[str],
    bodies: Sequence[str],
    settings: SketchSettings | None = None,
    *,
    key: str = "article_id",
) -> pd.DataFrame:
    """Signatures as a table for Parquet: ``key``, ``shingles`` (set size), ``signature`` (bytes)."""
    sigs, sizes = signatures(bodies, settings)
    return pd.DataFrame(
        {
            key: pd.Series(list(keys), dtype="str"),
            "shingles": sizes,
            "signature": pd.Series([row.tobytes() for row in sigs], dtype=object),
        }
    )


def frame_signatures(frame: pd.DataFrame, num_perm: int) -> np.ndarray:
    """The ``uint32[n, num_perm]`` signatures of a :func:`sketch_frame` table (read back from Parquet)."""
    if frame.empty:
        return np.zeros((0, num_perm), dtype=np.uint32)
    raw = b"".join(frame["signature"].tolist())
    sigs = np.frombuffer(raw, dtype=np.uint32)
    if sigs.size != len(frame) * num_perm:
        raise ValueError(f"signatures are not {num_perm} values each: built with other settings")
    return sigs.reshape(len(frame), num_perm)
