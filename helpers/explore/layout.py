"""Pieces of the Explorer kept out of :mod:`helpers.explore.explorer`: control layout, the working
copy of the corpus, "count each story once", and the type-ahead's "35 of 74" counts.

The Explorer wires these to its widgets; each is plain and testable on its own.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from helpers.core.text import date_range_text
from helpers.corpus.model import Corpus
from helpers.explore.data import Indexed, Selection
from helpers.explore.typeahead import NameIndex
from helpers.query.filters import Filter
from helpers.stories.tables import StoryCounter

#: Width of the controls' descriptions ("From", "Outlets", ...).
DESCRIPTION_WIDTH = "64px"
#: Width of one group of filter controls (the groups wrap onto more rows in a narrow notebook).
GROUP_WIDTH = "300px"


def full_width() -> dict[str, Any]:
    """Layout and style keywords for a control that fills its group of controls.

    ``width: auto``, not ``100%``: a widget has a 2 px margin on each side, so at 100 % it is 4 px
    wider than its box, which clips its right edge (the cut inputs of the old layout).
    """
    return {"layout": widgets.Layout(width="auto"), "style": {"description_width": DESCRIPTION_WIDTH}}


def status_row(status: widgets.Widget, per_story: widgets.Widget) -> widgets.Widget:
    """The status line and the "count each story once" box, wrapping in a narrow notebook."""
    return widgets.HBox(
        [status, per_story],
        layout=widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="0 16px"),
    )


def status_text(n: int, total: int, days: tuple[Any, Any] | None) -> str:
    """The status line for ``n`` of ``total`` articles dated from ``days[0]`` to ``days[1]`` (or None):
    ``"412 of 5,189 articles, 12 Mar – 30 Jun 2022"``."""
    text = f"{n:,} of {total:,} articles"
    if days is not None:
        text += f", {date_range_text(*days)}"
    return text


def working_copy(corpus: Corpus) -> Corpus:
    """The corpus the Explorer filters: articles newest first (so every subset is already in list
    order) and mentions reduced to categorical ``article_id``, ``entity_id`` and ``kind`` (the figures
    count articles; categoricals make subsets and lookups on millions of mentions cheap)."""
    order = corpus.articles["published"].sort_values(ascending=False, na_position="last", kind="stable")
    lean = {col: corpus.mentions[col].astype("category") for col in ("article_id", "entity_id", "kind")}
    if "tone" in corpus.mentions.columns:  # the tone panel's per-entity series
        lean["tone"] = corpus.mentions["tone"]
    return corpus.with_tables(
        articles=corpus.articles.loc[order.index].reset_index(drop=True), mentions=pd.DataFrame(lean)
    )


def place_weights(corpus: Corpus) -> pd.Series:
    """Articles per place (from the place entities), aligned with ``corpus.places``."""
    ents = corpus.entities
    if "place_id" not in ents or not len(corpus.places):
        return pd.Series(0, index=corpus.places.index)
    by_place = ents[ents["place_id"].fillna("") != ""].groupby("place_id")["articles"].sum()
    return corpus.places["place_id"].map(by_place).fillna(0)


class StorySelector:
    """The Explorer's selections, per article or with "count each story once" (each story's earliest
    article, as :meth:`helpers.corpus.Corpus.once_per_story`); the stories are made on first use."""

    def __init__(self, data: Indexed) -> None:
        self.data = data
        self._stories: StoryCounter | None = None

    def select(self, f: Filter, per_story: bool) -> Selection:
        """The selection for ``f``; with ``per_story``, one article per story."""
        current = self.data.select(f)
        if not per_story:
            return current
        if self._stories is None:  # seconds on a big corpus
            self._stories = StoryCounter(self.data.corpus)
        return Selection(self.data, self._stories.once(current.mask))


class SelectedCounts:
    """``row -> articles of the current selection`` for a picker over ``names`` (its "35 of 74" labels).

    ``index_ids`` are the ids of the filter index's rows (entities or places) and ``attribute`` the
    :class:`~helpers.explore.data.Selection` counts over those rows (``"entity_articles"`` or
    ``"place_articles"``). The Explorer sets :attr:`selection` on each refresh; the counts are read only
    when the picker asks (while typing).
    """

    def __init__(self, names: NameIndex, index_ids: Any, attribute: str) -> None:
        self.at = pd.Index(np.asarray(index_ids, dtype=str)).get_indexer(names.ids.astype(str))
        self.attribute = attribute
        #: the selection the counts are of (``None``: not yet known, the labels show totals only)
        self.selection: Selection | None = None

    def __call__(self, row: int) -> int | None:
        if self.selection is None:
            return None
        i = int(self.at[row])
        return int(getattr(self.selection, self.attribute)[i]) if i >= 0 else 0
