"""Stories of a corpus: the ``stories`` table, one row per story, and counting each story once.

- :func:`build_stories` signs every body (in batches, so memory stays flat) and groups them;
- :func:`story_table` is one row per story: outlets, first seen, last seen and spread;
- :func:`once_per_story` is the sub-corpus with one article per story, the earliest of the
  selection, so that every count taken from it (timeline, outlets, entities, places) counts stories;
- :func:`story_ids` gives each article of a corpus its story id, in article order (what a report
  needs to count stories in the page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.query.filters import Filter
from helpers.query.index import index_for
from helpers.stories.group import STORY_COLUMNS, StorySettings, group_signatures
from helpers.stories.sketch import signatures

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

#: Bodies signed at a time.
BATCH = 2_000

STORY_SUMMARY_COLUMNS: dict[str, str] = {
    "story_id": "str",
    "title": "str",  # of the earliest article
    "articles": "int64",
    "outlets": "int64",  # distinct outlets that ran it
    "outlet_list": "str",  # those outlets, in the order they first ran it, comma-separated
    "first_seen": "datetime64[ns]",
    "last_seen": "datetime64[ns]",
    "spread": "timedelta64[ns]",  # last_seen - first_seen
}


def build_stories(corpus: Corpus, settings: StorySettings | None = None, batch: int = BATCH) -> pd.DataFrame:
    """The stories table of ``corpus`` (see :mod:`helpers.stories.group`), computed from its bodies."""
    s = settings or StorySettings()
    ids = corpus.articles["article_id"].astype(str).to_numpy()
    sigs = np.zeros((len(ids), s.sketch.num_perm), dtype=np.uint32)
    sizes = np.zeros(len(ids), dtype=np.int64)
    for a in range(0, len(ids), batch):
        sigs[a : a + batch], sizes[a : a + batch] = signatures(corpus.bodies(ids[a : a + batch]), s.sketch)
    return group_signatures(ids, corpus.articles["published"], sigs, sizes, s)


def restrict(stories: pd.DataFrame, article_ids: pd.Series) -> pd.DataFrame:
    """The rows of ``stories`` for these articles, in the articles' order (a row per article).

    An article the table does not know (it was added after the table was made) is a story of its own.
    """
    ids = pd.Index(article_ids.astype(str))
    at = pd.Index(stories["article_id"].astype(str)).get_indexer(ids)
    known = at >= 0
    out = stories.iloc[np.where(known, at, 0)].reset_index(drop=True) if len(stories) else None
    if out is None:
        out = pd.DataFrame({c: pd.Series(index=range(len(ids)), dtype=t) for c, t in STORY_COLUMNS.items()})
    out.loc[~known, ["story_id", "article_id"]] = np.column_stack([ids[~known], ids[~known]])
    out.loc[~known, ["similarity", "containment"]] = 1.0
    return out.astype(STORY_COLUMNS)


def story_ids(corpus: Corpus) -> pd.Series:
    """The story id of each article of ``corpus``, in the order of ``corpus.articles``."""
    return pd.Series(
        restrict(corpus.stories, corpus.articles["article_id"])["story_id"].to_numpy(), dtype="str"
    )


def story_table(corpus: Corpus) -> pd.DataFrame:
    """One row per story among ``corpus``'s articles (:data:`STORY_SUMMARY_COLUMNS`), biggest first.

    Counts are within this corpus (a filtered one counts the copies it kept); ties: earlier first.
    """
    arts = corpus.articles[["article_id", "title", "outlet", "published"]].reset_index(drop=True)
    arts = arts.assign(story_id=story_ids(corpus).to_numpy())
    arts = arts.sort_values(["published", "article_id"], kind="stable", na_position="last")
    groups = arts.groupby("story_id", sort=False)
    outlets = groups["outlet"].agg(lambda o: ", ".join(dict.fromkeys(v or "(no outlet)" for v in o)))
    table = pd.DataFrame(
        {
            "title": groups["title"].first(),
            "articles": groups.size(),
            "outlets": groups["outlet"].nunique(),
            "outlet_list": outlets,
            "first_seen": groups["published"].min(),
            "last_seen": groups["published"].max(),
        }
    )
    table["spread"] = table["last_seen"] - table["first_seen"]
    table = table.reset_index().sort_values(
        ["articles", "first_seen", "story_id"], ascending=[False, True, True], kind="stable"
    )
    return table.reset_index(drop=True).astype(STORY_SUMMARY_COLUMNS)[list(STORY_SUMMARY_COLUMNS)]


class StoryCounter:
    """Picks the earliest article of each story among any selection of a corpus's articles.

    Made once per corpus (it computes the stories if the corpus has none yet); :meth:`once` then
    costs a sort-free pass over the selection, so a widget can count each story once on every change.
    """

    def __init__(self, corpus: Corpus) -> None:
        codes, _ = pd.factorize(story_ids(corpus))
        arts = corpus.articles
        order = pd.DataFrame(
            {"when": arts["published"].to_numpy(), "id": arts["article_id"].astype(str).to_numpy()}
        ).sort_values(["when", "id"], kind="stable", na_position="last")
        #: article positions, earliest first (undated last, then by id)
        self.rank = order.index.to_numpy()
        #: story code of each article position
        self.codes = np.asarray(codes, dtype=np.int64)

    def once(self, mask: np.ndarray) -> np.ndarray:
        """Of the articles in ``mask`` (boolean over the articles), the earliest of each story."""
        kept = self.rank[np.asarray(mask, dtype=bool)[self.rank]]
        _, first = np.unique(self.codes[kept], return_index=True)
        out = np.zeros(len(mask), dtype=bool)
        out[kept[first]] = True
        return out


def once_per_story(corpus: Corpus) -> Corpus:
    """The sub-corpus with one article per story: the earliest of each story in ``corpus``.

    Every count taken from it counts stories ("count each story once"): a timeline counts a story
    in the period it was first seen, outlet bars count the stories an outlet ran first, entity and
    place counts are those of the stories' first copies. ``meta["per_story"]`` is ``True``.
    """
    if corpus.articles.empty:
        return corpus.with_tables(meta={**corpus.meta, "per_story": True})
    keep = StoryCounter(corpus).once(np.ones(len(corpus.articles), dtype=bool))
    sub = index_for(corpus).subset(corpus, keep, Filter())
    return sub.with_tables(meta={**corpus.meta, "per_story": True})
