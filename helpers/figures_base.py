"""Shared pieces of :mod:`helpers.figures`: colours, the empty figure, layout defaults, pair joins."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

NO_DATA = "No articles match"

#: one colour per entity kind, used by every figure (colour-blind-safe Okabe-Ito hues)
KIND_COLORS: dict[str, str] = {
    "person": "#0072B2",
    "org": "#D55E00",
    "place": "#009E73",
    "group": "#CC79A7",
}
OTHER_COLOR = "#7f7f7f"
BAR_COLOR = "#4C78A8"


def safe(text: object) -> str:
    """``text`` escaped for plotly labels and hover text, which render a few HTML tags.

    Names come from article text, which is untrusted; plotly shows ``&lt;`` as ``<``. Never put
    untrusted text in a ``hovertemplate`` (``%{...}`` would be interpreted): use ``hovertext``,
    ``customdata`` or ``%{fullData.name}``.
    """
    return html.escape(str(text), quote=False)


def kind_color(kind: str) -> str:
    """The colour of an entity kind (grey for kinds without one)."""
    return KIND_COLORS.get(str(kind), OTHER_COLOR)


def kinds_of(kind: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """Normalise a ``kind=`` argument: ``None`` (all), one kind, or several."""
    if kind is None:
        return None
    return (kind,) if isinstance(kind, str) else tuple(kind)


def finish(fig: go.Figure, title: str | None, height: int | None, **layout: object) -> go.Figure:
    """Apply the common layout: title, height, compact margins, white template."""
    fig.update_layout(
        title={"text": title} if title else None,
        height=height,
        template="plotly_white",
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        **layout,
    )
    return fig


def empty_figure(title: str | None = None, height: int | None = None, message: str = NO_DATA) -> go.Figure:
    """A figure without traces that says ``message`` in its middle (axes hidden)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14}
    )
    return finish(fig, title, height, xaxis={"visible": False}, yaxis={"visible": False})


def codes_in(keys: Sequence[str] | pd.Series, values: pd.Series) -> np.ndarray:
    """For each of ``values``, its position in ``keys`` (unique), or -1."""
    return pd.Index(keys).get_indexer(values.astype(object) if values.dtype != object else values)


def unique_pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (left, right) pairs of non-negative integer codes, sorted by ``left``."""
    keep = (left >= 0) & (right >= 0)
    width = int(right.max(initial=0)) + 1
    key = np.unique(left[keep].astype(np.int64) * width + right[keep])
    return key // width, key % width


def join_on(left_key: np.ndarray, left: np.ndarray, right_key: np.ndarray, right: np.ndarray):
    """All (left value, right value) combinations whose keys are equal (an inner join in numpy).

    ``left_key`` and ``right_key`` must be sorted. Returns two arrays of the same length.
    """
    if len(left_key) == 0 or len(right_key) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    lo = np.searchsorted(right_key, left_key, side="left")
    hi = np.searchsorted(right_key, left_key, side="right")
    counts = hi - lo
    out_left = np.repeat(left, counts)
    starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
    out_right = right[starts + np.arange(int(counts.sum()))]
    return out_left, out_right
