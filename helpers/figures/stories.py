"""Story figures: which outlet ran each story when.

:func:`story_spread` takes the articles of a corpus (usually a filtered one) and its
``Corpus.stories`` table. One row per story (the ``n`` run by most articles, or the one given),
one marker per article at its date, coloured by outlet; a line joins a story's first and last
copy, so the spread reads at a glance. Marker ``customdata`` is ``[article_id, story_id]``.
Titles and outlet names come from article text: they are escaped and only ever reach plotly as
data (``hovertext``, ``ticktext``, trace names), never in a template.

:func:`per_story` is what every figure's ``per_story=True`` does ("count each story once").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.core.text import day_text
from helpers.figures._base import NO_DATA, empty_figure, make_figure, note, safe

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

__all__ = ["story_spread"]

_PALETTE = (
    "#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2",
    "#B279A2", "#FF9DA6", "#9D755D", "#EECA3B", "#BAB0AC",
)  # fmt: skip
LABEL_CHARS = 60


def _label(title: str) -> str:
    title = " ".join(str(title).split()) or "(untitled)"
    return title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…"


def story_spread(
    articles: pd.DataFrame,
    stories: pd.DataFrame,
    *,
    n: int = 15,
    story: str | None = None,
    title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """Which outlet ran which story when: the ``n`` stories with most articles (at least two), or
    one ``story`` (a ``story_id``), each a row of article markers by date, coloured by outlet.

    ``stories`` is ``Corpus.stories`` (``story_id`` per ``article_id``); articles it lacks are
    stories of their own. Undated articles are left out and counted in a note.
    """
    arts = articles[["article_id", "title", "outlet", "published"]].copy()
    story_of = pd.Series(stories["story_id"].to_numpy(), index=stories["article_id"].astype(str).to_numpy())
    ids = arts["article_id"].astype(str)
    arts["story_id"] = ids.map(story_of[~story_of.index.duplicated()]).fillna(ids).to_numpy()
    if story is not None:
        arts = arts[arts["story_id"] == story]
    else:
        sizes = arts["story_id"].value_counts()
        arts = arts[arts["story_id"].isin(sizes[sizes > 1].index)]
    if arts.empty:
        return empty_figure(title, height, NO_DATA if story is not None else "No story ran more than once")
    undated = int(arts["published"].isna().sum())
    arts = arts[arts["published"].notna()].sort_values(["published", "article_id"], kind="stable")
    if arts.empty:
        return empty_figure(title, height, "No dated articles match")
    size = arts.groupby("story_id", sort=False).size()
    first = arts.groupby("story_id", sort=False)["published"].min()
    order = pd.DataFrame({"size": size, "first": first}).sort_values(
        ["size", "first"], ascending=[False, True], kind="stable"
    )
    chosen = order.index[: max(n, 1)] if story is None else order.index
    arts = arts[arts["story_id"].isin(chosen)]
    row = {s: i for i, s in enumerate(chosen)}
    y = arts["story_id"].map(row).to_numpy()
    titles = arts.drop_duplicates("story_id").set_index("story_id")["title"]
    ticktext = [safe(_label(titles[s])) for s in chosen]
    traces = _spans(arts, row)
    outlets = arts["outlet"].fillna("").astype(str)
    for k, outlet in enumerate(outlets.value_counts().index):
        at = (outlets == outlet).to_numpy()
        part = arts[at]
        hover = [
            f"{safe(_label(t))}<br>{safe(o or '(no outlet)')}, {day_text(d)}"
            for t, o, d in zip(part["title"], part["outlet"], part["published"], strict=True)
        ]
        marker = {"color": _PALETTE[k % len(_PALETTE)], "size": 9}
        traces.append(
            {"type": "scatter", "mode": "markers", "x": part["published"].to_numpy(), "y": y[at],
             "name": safe(outlet or "(no outlet)"), "marker": marker,
             "customdata": np.column_stack([part["article_id"].astype(str), part["story_id"].astype(str)]),
             "hovertext": hover, "hoverinfo": "text"}
        )  # fmt: skip
    notes = [note(f"{undated:,} undated not shown")] if undated else []
    rows = len(chosen)
    return make_figure(
        traces,
        title,
        height or max(220, 60 + 28 * rows),
        notes,
        yaxis={"tickvals": list(range(rows)), "ticktext": ticktext, "autorange": "reversed"},
        xaxis={"title": {"text": "published"}},
        hovermode="closest",
        legend={"title": {"text": "outlet"}},
    )


def _spans(arts: pd.DataFrame, row: dict[str, int]) -> list[dict]:
    """One grey line per story from its first to its last copy (a single trace, gaps between)."""
    span = arts.groupby("story_id", sort=False)["published"].agg(["min", "max"])
    xs: list = []
    ys: list = []
    for s, (lo, hi) in span.iterrows():
        xs.extend([lo, hi, None])
        ys.extend([row[s], row[s], None])
    line = {"color": "#c8ced8", "width": 2}
    return [{"type": "scatter", "mode": "lines", "x": xs, "y": ys, "line": line, "hoverinfo": "skip",
             "showlegend": False, "name": "spread"}]  # fmt: skip


def per_story(data: object, figure: str) -> Corpus:
    """The corpus ``data`` with one article per story (``Corpus.once_per_story``), for a figure's
    ``per_story=True``; a bare table has no stories, so it is a ``ValueError`` that says so."""
    once = getattr(data, "once_per_story", None)
    if once is None:
        raise ValueError(f"{figure}(per_story=True) needs the corpus (its stories), not one of its tables")
    return once()
