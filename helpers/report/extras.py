"""The ``ca-extra`` block of the report: what the compare, tone and "count each story once" panels need.

All three are computed in the page from data it mostly has already (the word index, the article ->
entities lists); this block adds only what it lacks, in a few kB:

``stop``
    the English stop words :func:`helpers.analysis.compare.stop_words` leaves out of word counts, so
    the page's "this selection versus the rest" counts the same vocabulary as ``helpers.compare``.
``tone``
    each article's tone (:mod:`helpers.enrich.tone`, VADER compound, -1 to +1) quantised to an
    integer number of hundredths (int8 range, -100 to 100; :data:`TONE_SCALE`), ``null`` where the
    article has no tone; the whole list is ``null`` when the corpus was not scored. A mean of the
    page's values is within 0.005 of the mean of the exact tones.
``stories``
    the articles of every story with two or more articles in the report, as positions earliest first
    (the order :class:`helpers.stories.tables.StoryCounter` uses); an article in no list is a story of
    its own. With these the page keeps, of any selection, the earliest article of each story, as
    ``Corpus.once_per_story`` does.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from helpers.analysis.compare import stop_words
from helpers.stories.tables import StoryCounter

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

#: tone values are shipped as round(tone * TONE_SCALE)
TONE_SCALE = 100


def quantised_tone(articles: pd.DataFrame) -> list[int | None] | None:
    """Each article's tone in hundredths (``None`` where it has none); ``None`` without a tone column."""
    if "tone" not in articles.columns:
        return None
    tone = pd.to_numeric(articles["tone"], errors="coerce").to_numpy(dtype=float)
    tone = np.clip(tone, -1.0, 1.0)
    q = np.rint(tone * TONE_SCALE)
    return [None if np.isnan(v) else int(v) for v in q]


def story_groups(corpus: Corpus) -> list[list[int]]:
    """Positions of the articles of each story with two or more articles, earliest first.

    A corpus whose stories cannot be made (no bodies, a failing grouping) gives no groups and a
    warning: the page then counts articles, and says "each story once" is unavailable.
    """
    if corpus.articles.empty:
        return []
    try:
        counter = StoryCounter(corpus)
    except Exception as err:  # the report is still useful without stories
        warnings.warn(f"report: stories not made ({err}); 'count each story once' is off", stacklevel=3)
        return []
    codes = counter.codes[counter.rank]
    order = np.argsort(codes, kind="stable")  # by story, each story earliest first
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(sorted_codes)]
    ranked = counter.rank[order]
    return [ranked[s:e].tolist() for s, e in zip(starts, ends, strict=True) if e - s > 1]


def extras(corpus: Corpus) -> dict[str, Any]:
    """The ``ca-extra`` block of ``corpus`` (the exported articles; see the module docstring)."""
    return {
        "stop": sorted(stop_words()),
        "tone": quantised_tone(corpus.articles),
        "tone_scale": TONE_SCALE,
        "stories": story_groups(corpus),
    }
