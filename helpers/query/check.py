"""Checking a ``Filter`` against a corpus: values that match nothing, a date range that cannot hold.

A filter value that resolves to nothing matches no article (see :mod:`helpers.query.filters`), which
is right for the filter contract but baffling for a user who mistyped a name. :func:`check_filter`
says what went wrong and what was probably meant, with article counts::

    no entity 'Vladimir Puttin': did you mean Vladimir Putin (167 articles)?
    --from 2022-06-30 is after --to 2022-03-01

``Corpus.filter`` turns these problems into a :class:`FilterWarning` (Python); ``corpus-atlas report``
into an error (exit 2). An empty result the user did ask for (a date range without articles) is not
a problem: :attr:`FilterCheck.kept_text` says it plainly.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.core.text import date_range_text
from helpers.query.filters import NO_MATCH, Filter
from helpers.query.index import FilterIndex, index_for

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

#: How the fields are named in messages: in Python by their names, on the command line by option.
PYTHON_NAMES: Mapping[str, str] = {"start": "start", "end": "end"}
CLI_NAMES: Mapping[str, str] = {"start": "--from", "end": "--to"}
#: At most this many suggestions per value, at least this similar (difflib ratio).
SUGGESTIONS = 3
CUTOFF = 0.6


class FilterWarning(UserWarning):
    """A filter value matches nothing in the corpus, or its date range is empty by construction."""


@dataclass(frozen=True)
class FilterCheck:
    """What a filter does to a corpus: ``problems`` (values matching nothing, start after end),
    ``kept`` and ``total`` articles, and ``empty_reason`` when it keeps none without a problem."""

    problems: tuple[str, ...]
    kept: int
    total: int
    empty_reason: str = ""

    @property
    def kept_text(self) -> str:
        """``"the filter keeps 12 of 250 articles"`` (with the reason when it keeps none)."""
        noun = "article" if self.total == 1 else "articles"
        line = f"the filter keeps {self.kept:,} of {self.total:,} {noun}"
        return f"{line} ({self.empty_reason})" if self.kept == 0 and self.empty_reason else line


def check_filter(corpus: Corpus, f: Filter, names: Mapping[str, str] = PYTHON_NAMES) -> FilterCheck:
    """Check ``f`` against ``corpus`` and count what it keeps; ``names`` says how to call
    ``start``/``end`` in messages."""
    problems = filter_problems(corpus, f, names)
    index = index_for(corpus)
    kept = int(index.article_mask(f).sum()) if not problems else 0
    reason = "" if kept or problems else _empty_reason(corpus, f, index)
    return FilterCheck(tuple(problems), kept, len(corpus), reason)


def filter_problems(corpus: Corpus, f: Filter, names: Mapping[str, str] = PYTHON_NAMES) -> list[str]:
    """The values of ``f`` that match nothing in ``corpus`` (with the closest matches), and a start
    after the end. Cheap: no article is scanned unless a value is missing."""
    problems: list[str] = []
    if f.start and f.end and f.start > f.end:
        problems.append(f"{names['start']} {f.start.isoformat()} is after {names['end']} {f.end.isoformat()}")
    index = index_for(corpus)
    for value in f.entities:
        if not index.entity_rows(value):
            problems.append(_no_entity(corpus, value))
    for value in f.places:
        if not index.place_rows(value):
            problems.append(_no_place(corpus, value))
    for value in f.outlets:
        if value != NO_MATCH and value.lower() not in index.outlet_lookup:
            outlets = corpus.articles["outlet"].fillna("").astype(str)
            counts = outlets[outlets != ""].value_counts()
            problems.append(_suggest("outlet", value, counts))
    return problems


def _suggest(what: str, value: str, counts: pd.Series, preferred: list[str] | None = None) -> str:
    """``"no <what> '<value>': did you mean A (n articles), B (m articles)?"`` from name -> articles."""
    if counts.empty:
        plural = {"entity": "entities", "place": "places", "outlet": "outlets"}.get(what, what + "s")
        found = " (they are found when it loads with enrich=True, i.e. without --no-enrich)"
        return f"no {what} {value!r}: the corpus has no {plural}" + (found if what != "outlet" else "")
    names = [str(n) for n in counts.index]
    folded: dict[str, str] = {}
    for name in [*(preferred or []), *names]:  # canonical names first, then the most frequent spelling
        folded.setdefault(name.casefold(), name)
    key = value.strip().casefold()
    total = counts.groupby(counts.index.map(lambda n: str(n).casefold())).max()
    close = _closest(key, list(folded), total)
    if not close:
        return f"no {what} {value!r}, and nothing close to it"
    parts = [f"{folded[k]} ({_articles(int(total[k]))})" for k in close]
    return f"no {what} {value!r}: did you mean {', '.join(parts)}?"


def _closest(key: str, names: list[str], counts: pd.Series) -> list[str]:
    """Up to :data:`SUGGESTIONS` of ``names`` (folded) most like ``key``: similarity (difflib ratio,
    at least :data:`CUTOFF`, to two decimals) first, then more articles; names containing ``key``
    (four characters or more) count as similar ("guardian.com" in "theguardian.com")."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored: list[tuple[float, int, str]] = []
    for name in names:
        matcher.set_seq1(name)
        if len(key) >= 4 and key in name:
            score = max(matcher.ratio(), CUTOFF)
        elif matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
            continue
        else:
            score = matcher.ratio()
        if score >= CUTOFF:
            scored.append((-round(score, 2), -int(counts.get(name, 0)), name))
    return [name for _, _, name in sorted(scored)[:SUGGESTIONS]]


def _articles(n: int) -> str:
    return f"{n:,} article" if n == 1 else f"{n:,} articles"


def _no_entity(corpus: Corpus, value: str) -> str:
    ents = corpus.entities
    counts = _name_counts(ents, "articles")
    return _suggest("entity", value, counts, _canonical(ents))


def _canonical(frame: pd.DataFrame) -> list[str]:
    """Canonical names of the entities mentioned in some article, most articles first."""
    if frame.empty:
        return []
    used = frame[frame["articles"] > 0].sort_values("articles", ascending=False, kind="stable")
    return used["name"].astype(str).tolist()


def _name_counts(frame: pd.DataFrame, column: str) -> pd.Series:
    """Names and aliases -> the largest article count of an entity with that name or alias."""
    if frame.empty or column not in frame.columns:
        return pd.Series(dtype="int64")
    names = frame["name"].astype(str).tolist()
    counts = frame[column].astype(np.int64).tolist()
    pairs = list(zip(names, counts, strict=True))
    if "aliases" in frame.columns:
        for aliases, n in zip(frame["aliases"].tolist(), counts, strict=True):
            if isinstance(aliases, str):
                aliases = [aliases]
            elif aliases is None or np.ndim(aliases) == 0:
                continue
            pairs.extend((str(a), n) for a in aliases)
    series = pd.Series([n for _, n in pairs], index=[a for a, _ in pairs], dtype="int64")
    series = series[series > 0]
    return series.groupby(level=0).max().sort_values(ascending=False, kind="stable")


def _no_place(corpus: Corpus, value: str) -> str:
    places = corpus.entities[corpus.entities["kind"] == "place"] if len(corpus.entities) else corpus.entities
    return _suggest("place", value, _name_counts(places, "articles"), _canonical(places))


def _empty_reason(corpus: Corpus, f: Filter, index: FilterIndex) -> str:
    """Why a filter without problems keeps nothing: its dates alone, or its parts together."""
    together = "no article matches all of its parts together"
    if not (f.start or f.end) or index.article_mask(Filter(start=f.start, end=f.end)).any():
        return together if len(corpus) else "the corpus has no articles"
    published = corpus.articles["published"].dropna()
    if published.empty:
        return "no article has a date"
    first, last = published.min().date(), published.max().date()
    asked = date_range_text(f.start, f.end)
    return f"no article is dated {asked}; the corpus runs {date_range_text(first, last)}"
