"""``compare_terms``: the Fightin' Words figure of a :func:`helpers.compare` result.

Each term is a point: its frequency on both sides together (log axis) against its z-score, side a
above zero, side b below; the dotted lines mark ``|z| = 1.96``. The most distinctive terms of each
side are labelled (words, phrases and entities together; the marker tells the kind). Terms come
from article text: labels and hover text are escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.figures._base import empty_figure, make_figure, safe

if TYPE_CHECKING:
    from helpers.analysis.compare import Comparison

#: colours of side a and side b (Okabe-Ito blue and vermillion)
SIDE_COLORS = ("#0072B2", "#D55E00")
SYMBOLS = {"word": "circle", "phrase": "diamond", "entity": "square"}
Z_LINE = 1.96


def compare_terms(
    result: Comparison,
    n: int = 10,
    *,
    labels: tuple[str, str] = ("a", "b"),
    kinds: tuple[str, ...] | None = None,
    max_points: int = 1500,
    title: str | None = None,
    height: int | None = 520,
) -> go.Figure:
    """z-score against frequency of the compared terms, the top ``n`` of each side labelled.

    Args:
        result: a :class:`helpers.analysis.compare.Comparison`.
        n: terms labelled per side.
        labels: names of side a and side b (legend).
        kinds: which kinds of term to draw (default: all in the result).
        max_points: at most this many terms are drawn, the most distinctive (largest ``|z|``) first.
        title, height: as in every figure.
    """
    terms = result.terms
    if kinds is not None:
        terms = terms[terms["kind"].isin(kinds)]
    if terms.empty:
        return empty_figure(title, height, "No terms to compare")
    order = terms["z"].abs().sort_values(ascending=False, kind="stable").index
    terms = terms.loc[order[:max_points]]
    traces = []
    for side, name, colour in zip(("a", "b"), labels, SIDE_COLORS, strict=True):
        part = terms[terms["side"] == side]
        rank = part["z"].abs().rank(ascending=False, method="first")
        text = [safe(t) if r <= n else "" for t, r in zip(part["term"], rank, strict=True)]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": safe(name),
                "x": part["freq"].astype(float).to_numpy(),
                "y": part["z"].to_numpy(),
                "text": text,
                "textposition": "middle right" if side == "a" else "middle left",
                "textfont": {"size": 11, "color": colour},
                "marker": {
                    "color": colour,
                    "size": 6,
                    "opacity": 0.6,
                    "symbol": [SYMBOLS.get(k, "circle") for k in part["kind"]],
                },
                "hovertext": _hover(part),
                "hoverinfo": "text",
            }
        )
    lines = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y,
         "line": {"dash": "dot", "width": 1, "color": "#999"}}
        for y in (Z_LINE, -Z_LINE)
    ]  # fmt: skip
    return make_figure(
        traces,
        title,
        height,
        xaxis={"type": "log", "title": {"text": "frequency (both sides)"}},
        yaxis={"title": {"text": f"z-score (↑ {safe(labels[0])}, ↓ {safe(labels[1])})"}},
        shapes=lines,
        legend={"orientation": "h", "y": -0.15},
    )


def _hover(part: pd.DataFrame) -> list[str]:
    """One escaped hover line per term: term (kind), counts on each side, z."""
    return [
        f"{safe(t)} ({k})<br>a: {a:,} · b: {b:,}<br>z = {z:.2f}"
        for t, k, a, b, z in zip(
            part["term"], part["kind"], part["count_a"], part["count_b"], np.round(part["z"], 2), strict=True
        )
    ]
