"""Group articles into stories: MinHash LSH candidates, verified pairs, stories around a first copy.

1. Every article with enough distinct shingles goes into a ``datasketch.MinHashLSH`` built for the
   *candidate* threshold (lower than the Jaccard threshold, so trimmed copies come up too).
2. Each candidate pair is verified from the two signatures alone: the estimated Jaccard ``J``
   (share of equal hash values) and, from the two set sizes, the estimated intersection
   ``J / (1 + J) * (|A| + |B|)`` and so the *containment* of the smaller in the larger. A pair is
   linked when ``J >= threshold``, or when the smaller article (at least ``min_contained``
   shingles) is contained ``>= containment`` in the larger: a trimmed copy, or one with a paragraph or
   a "Related article" line added, has a low Jaccard but a high containment.
3. Stories form around their first copy. Articles are taken in time order (by ``published``,
   undated last; at the same time the shortest first, then by ``article_id``). An article linked
   to earlier story heads joins the first published of them (of the same time, the most similar;
   a near-exact copy of an earlier member joins that member's story), else it heads a new story.
   The head's ``article_id`` is the story id; every member is linked to the head or is a
   near-exact copy of a member, and has its similarity (Jaccard) and containment with respect to
   the head.

Why not connected components: on the real corpus, outlets that re-top articles with a new
paragraph and keep a long background section chain unrelated stories together through that shared
section (A shares with B, B with C, A and C share nothing). Around a head, every member is a copy of
the head; an update of an update that drifted below the thresholds starts a story of its own. Of
articles published at the same time (outlets that give the day only), the shortest comes first: a
round-up that strings several items together then joins the story of one item instead of heading a
story that gathers all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHashLSH

from helpers.stories.sketch import SCHEME, SEED, SketchSettings

#: The columns of ``Corpus.stories`` (one row per article).
STORY_COLUMNS: dict[str, str] = {
    "story_id": "str",  # the article_id of the story's earliest article
    "article_id": "str",
    "similarity": "float64",  # estimated Jaccard of the shingle sets with the earliest article
    "containment": "float64",  # estimated share of the smaller of the two contained in the other
}


@dataclass(frozen=True)
class StorySettings:
    """When two articles are the same story.

    Attributes:
        threshold: Jaccard similarity of the shingle sets at or above which two articles are linked.
        containment: share of the smaller article's shingles found in the larger at or above which
            they are linked (trimmed copies, copies with lines added).
        candidates: the LSH threshold for candidate pairs (at most ``threshold``); lower finds copies
            trimmed further, at the cost of more pairs to verify.
        min_shingles: articles with fewer distinct shingles are never linked (empty or stub bodies).
        min_contained: the smaller article needs this many shingles for a containment link (a short
            text is contained in many long ones by chance).
        strong: Jaccard at or above which a link to a story's member (not its head) is enough to
            join the story: a near-exact copy of a copy is a copy.
        copy: containment at or above which the same holds (a trimmed copy of a member), when the
            Jaccard also reaches ``threshold``: a short article inside a long one that strings several
            stories together does not carry those stories into its own.
        sketch: shingle length and MinHash permutations.
    """

    threshold: float = 0.5
    containment: float = 0.8
    candidates: float = 0.2
    min_shingles: int = 5
    min_contained: int = 40
    strong: float = 0.8
    copy: float = 0.95
    sketch: SketchSettings = field(default_factory=SketchSettings)

    def __post_init__(self) -> None:
        for name in ("threshold", "containment", "candidates", "strong", "copy"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], not {value!r}")

    def key(self) -> str:
        """A string that changes whenever the stories made with these settings would."""
        return (
            f"{self.sketch.key()}|t={self.threshold}|c={self.containment}|cand={self.candidates}"
            f"|min={self.min_shingles}|minc={self.min_contained}|strong={self.strong}|copy={self.copy}"
        )


def candidate_pairs(sigs: np.ndarray, eligible: np.ndarray, threshold: float) -> np.ndarray:
    """``int64[m, 2]`` pairs ``(i, j)``, ``i < j``, that share an LSH bucket at ``threshold``.

    The signatures go into a ``datasketch.MinHashLSH``; the pairs are then read from its buckets
    (the storage API's ``itemcounts`` and ``get``), band by band, instead of querying every
    article again: the same pairs as ``query``, in about a third less time.
    """
    num_perm = sigs.shape[1]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    rows = np.flatnonzero(eligible)
    with lsh.insertion_session() as session:
        for i in rows.tolist():
            session.insert(
                i, LeanMinHash(seed=SEED, hashvalues=sigs[i], scheme=SCHEME), check_duplication=False
            )
    n = np.int64(len(sigs))
    found: list[np.ndarray] = []
    for table in lsh.hashtables:
        for bucket, count in table.itemcounts().items():
            if count > 1:
                keys = np.sort(np.fromiter(table.get(bucket), dtype=np.int64, count=count))
                a, b = np.triu_indices(count, k=1)
                found.append(keys[a] * n + keys[b])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.column_stack([codes // n, codes % n])


def pair_scores(
    sigs: np.ndarray, sizes: np.ndarray, pairs: np.ndarray, chunk: int = 65_536
) -> tuple[np.ndarray, np.ndarray]:
    """Estimated Jaccard and containment (of the smaller in the larger) of each pair ``(i, j)``."""
    jac = np.zeros(len(pairs), dtype=np.float64)
    for a in range(0, len(pairs), chunk):
        p = pairs[a : a + chunk]
        jac[a : a + chunk] = (sigs[p[:, 0]] == sigs[p[:, 1]]).mean(axis=1)
    sa, sb = sizes[pairs[:, 0]].astype(np.float64), sizes[pairs[:, 1]].astype(np.float64)
    inter = jac / (1.0 + jac) * (sa + sb)
    smaller = np.maximum(np.minimum(sa, sb), 1.0)
    return jac, np.minimum(inter / smaller, 1.0)


def scored_pairs(sigs: np.ndarray, sizes: np.ndarray, settings: StorySettings) -> pd.DataFrame:
    """Every candidate pair with its scores and whether it links: ``i``, ``j``, ``jaccard``,
    ``containment``, ``linked`` (positions into ``sigs``)."""
    eligible = sizes >= settings.min_shingles
    pairs = candidate_pairs(sigs, eligible, min(settings.candidates, settings.threshold))
    jac, cont = pair_scores(sigs, sizes, pairs)
    smaller = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    linked = (jac >= settings.threshold) | (
        (cont >= settings.containment) & (smaller >= settings.min_contained)
    )
    return pd.DataFrame(
        {"i": pairs[:, 0], "j": pairs[:, 1], "jaccard": jac, "containment": cont, "linked": linked}
    )


def group_signatures(
    article_ids: Sequence[str],
    published: pd.Series | Sequence,
    sigs: np.ndarray,
    sizes: np.ndarray,
    settings: StorySettings | None = None,
) -> pd.DataFrame:
    """The stories table (:data:`STORY_COLUMNS`) of articles given by their signatures.

    Every article gets a row; one that is linked to nothing is a story of its own (similarity 1).
    """
    s = settings or StorySettings()
    ids = np.asarray(article_ids, dtype=object).astype(str)
    n = len(ids)
    if n == 0:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in STORY_COLUMNS.items()})
    pairs = scored_pairs(sigs, sizes, s)
    links = pairs[pairs["linked"]]
    when = pd.to_datetime(pd.Series(published), errors="coerce").to_numpy(dtype="datetime64[ns]")
    stamp = np.where(np.isnat(when), np.iinfo(np.int64).max, when.astype(np.int64))
    order = np.lexsort((ids, sizes, stamp))  # earliest first (undated last); same time: shortest first
    i, j, jac = links["i"].to_numpy(), links["j"].to_numpy(), links["jaccard"].to_numpy()
    smaller = np.minimum(sizes[i], sizes[j])
    contained = (
        (links["containment"].to_numpy() >= s.copy) & (jac >= s.threshold) & (smaller >= s.min_contained)
    )
    strong = (jac >= s.strong) | contained  # not a small part of a long article that holds several stories
    first = heads(order, stamp, i, j, jac, strong)
    to_first = np.column_stack([first, np.arange(n)])
    jac, cont = pair_scores(sigs, sizes, to_first)
    same = first == np.arange(n)
    jac[same], cont[same] = 1.0, 1.0
    return pd.DataFrame(
        {
            "story_id": pd.Series(ids[first], dtype="str"),
            "article_id": pd.Series(ids, dtype="str"),
            "similarity": jac,
            "containment": cont,
        }
    )


def heads(
    order: np.ndarray,
    stamp: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    score: np.ndarray,
    strong: np.ndarray | None = None,
) -> np.ndarray:
    """The story head of each article: articles in ``order``; an article linked (``left``-``right``,
    with ``score``) to earlier heads joins the one of the earliest ``stamp`` (ties: the best score),
    else heads its own story. A ``strong`` link (a near-exact copy) to an earlier member joins that
    member's story too."""
    n = len(order)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    strong = np.zeros(len(left), dtype=bool) if strong is None else strong
    neighbours: dict[int, list[tuple[float, int, bool]]] = {}
    for a, b, sc, st in zip(left.tolist(), right.tolist(), score.tolist(), strong.tolist(), strict=True):
        early, late = (a, b) if rank[a] < rank[b] else (b, a)
        neighbours.setdefault(late, []).append((sc, early, st))
    head = np.arange(n)
    for i in order[np.isin(order, list(neighbours))].tolist() if neighbours else []:
        best = [
            (-int(stamp[head[e]]), sc, -int(rank[head[e]]), int(head[e]))
            for sc, e, st in neighbours[i]
            if head[e] == e or st
        ]
        if best:
            head[i] = max(best)[3]  # copies of copies stay with the first copy
    return head
