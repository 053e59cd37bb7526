"""Name variants that the merge keys of :mod:`helpers.enrich.names` do not catch.

* :func:`join_near_typos`: a rare spelling within a typo of a much more frequent name of the same
  kind joins it ("Vladmir Putin", 6 articles, joins "Vladimir Putin"). Similarity is rapidfuzz's
  normalised Indel ratio on the merge keys (at least :data:`TYPO_SCORE` overall, and
  :data:`TOKEN_SCORE` word by word, the same number of words, short words equal); "much more
  frequent" is at least :data:`FREQUENCY_RATIO` times the mentions. A merge key that is itself
  joined elsewhere is followed to its end.
* :func:`join_first_names`: a first name alone ("Vladimir") joins the full name with that first
  name in the same article when there is exactly one; otherwise, when the corpus uses the word as a
  first name more often than as a surname, the mention stays out of the entities (its key becomes
  empty), so a first name never ranks as a person of its own.

Both skip the mentions an alias row has set (``forced``); the alias table also undoes a merge: a
row whose canonical is its own alias ("Vladmir Putin,Vladmir Putin,person") keeps that spelling as
an entity of its own (see :func:`helpers.enrich.entities.build_entities`).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd
from rapidfuzz import fuzz, process

from helpers.enrich.names import FIRST_NAME_CLASSES

#: Minimum rapidfuzz ratio (0-100) between the merge keys of a typo and its name.
TYPO_SCORE = 88.0
#: Minimum ratio between each pair of words (words under :data:`SHORT_WORD` letters must be equal).
TOKEN_SCORE = 75.0
SHORT_WORD = 4
#: The name a typo joins has at least this many times its mentions.
FREQUENCY_RATIO = 5
#: Merge keys shorter than this are never treated as typos (acronyms, short surnames).
MIN_KEY_CHARS = 6
_QUERY_CHUNK = 2000


def _words(key: str) -> list[str]:
    return [w for w in key.replace("|", " ").split() if w]


def _same_words(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        if min(len(x), len(y)) < SHORT_WORD:
            if x != y:
                return False
        elif fuzz.ratio(x, y) < TOKEN_SCORE:
            return False
    return True


def typo_targets(counts: Counter) -> dict[str, str]:
    """Merge key -> the much more frequent key it is a typo of (``counts``: mentions per key)."""
    keys = [k for k in counts if len(k.replace("|", "")) >= MIN_KEY_CHARS]
    groups: dict[int, list[str]] = defaultdict(list)
    for k in keys:
        groups[len(_words(k))].append(k)
    out: dict[str, str] = {}
    for members in groups.values():
        floor = FREQUENCY_RATIO * min(counts[k] for k in members)
        choices = [k for k in members if counts[k] >= floor]
        if not choices:
            continue
        for start in range(0, len(members), _QUERY_CHUNK):
            queries = members[start : start + _QUERY_CHUNK]
            scores = process.cdist(queries, choices, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, workers=1)
            for qi, row in enumerate(scores):
                query = queries[qi]
                best = _best_target(query, [(choices[j], row[j]) for j in row.nonzero()[0]], counts)
                if best:
                    out[query] = best
    return _follow(out)


def _best_target(query: str, scored: list[tuple[str, float]], counts: Counter) -> str | None:
    ok = [
        (score, counts[c], c)
        for c, score in scored
        if c != query and counts[c] >= FREQUENCY_RATIO * counts[query] and _same_words(query, c)
    ]
    return max(ok)[2] if ok else None


def _follow(mapping: dict[str, str]) -> dict[str, str]:
    out = {}
    for key in mapping:
        seen, target = {key}, mapping[key]
        while target in mapping and target not in seen:
            seen.add(target)
            target = mapping[target]
        out[key] = target
    return out


def join_near_typos(m: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Keys of person and organisation typos mapped to the frequent name they misspell."""
    kinds, forced = m["kind"].tolist(), m["forced"].tolist()
    ks = keys.tolist()
    out = list(ks)
    for kind in ("person", "org"):
        rows = [i for i in range(len(ks)) if kinds[i] == kind and ks[i] and not forced[i]]
        target = typo_targets(Counter(ks[i] for i in rows))
        for i in rows:
            out[i] = target.get(ks[i], ks[i])
    return pd.Series(out, index=keys.index, dtype="str")


def join_first_names(m: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Lone first names joined to the full name in their article, or left out (key ``""``)."""
    kinds, aids, forced = m["kind"].tolist(), m["article_id"].tolist(), m["forced"].tolist()
    ks = keys.tolist()
    person = [kinds[i] == "person" and bool(ks[i]) for i in range(len(ks))]
    full = [i for i in range(len(ks)) if person[i] and not ks[i].startswith("|")]
    as_first = Counter(ks[i].split("|", 1)[0] for i in full)
    as_last = Counter(ks[i].rsplit("|", 1)[-1] for i in full)
    in_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i in full:
        in_article[(aids[i], ks[i].split("|", 1)[0])].add(ks[i])
    out = list(ks)
    for i in range(len(ks)):
        if not person[i] or forced[i] or not ks[i].startswith("|"):
            continue
        word = ks[i][1:]
        first = FIRST_NAME_CLASSES.get(word, word)
        here = in_article.get((aids[i], first), set())
        if len(here) == 1:
            out[i] = next(iter(here))
        elif as_first[first] > as_last[word]:
            out[i] = ""
    return pd.Series(out, index=keys.index, dtype="str")
