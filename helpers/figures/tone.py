"""``tone_timeline``: mean tone per period with its confidence band, one line per group.

Takes the table of :func:`helpers.tone_series` (one row per group and period). Each group is a line
of its mean tone and a shaded band from ``low`` to ``high`` (gaps where a period has one score or
none). Group names can come from article text (outlets, entity names): they are escaped.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.figures._base import empty_figure, make_figure, safe

#: line colours of the groups, in order (Okabe-Ito)
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def tone_timeline(
    series: pd.DataFrame, *, title: str | None = None, height: int | None = 380, band: bool = True
) -> go.Figure:
    """Mean tone per period of each group in ``series`` with its confidence band.

    Args:
        series: :func:`helpers.analysis.tone.tone_series` output.
        title, height: as in every figure.
        band: draw the confidence bands.
    """
    if series.empty:
        return empty_figure(title, height, "No tone to show: no dated, scored articles")
    traces: list[dict] = []
    days = np.datetime_as_string(pd.to_datetime(series["period"]).to_numpy().astype("datetime64[D]"))
    cols = {c: series[c].to_numpy() for c in ("mean", "n", "low", "high")}
    groups = series["group"].astype(str).to_numpy()
    order = dict.fromkeys(groups.tolist())  # groups in the order they come
    for i, group in enumerate(order):
        colour = PALETTE[i % len(PALETTE)]
        rows = np.flatnonzero(groups == group)
        rows = rows[np.argsort(days[rows], kind="stable")]
        x = days[rows].tolist()
        mean, k, lo, hi = (cols[c][rows] for c in ("mean", "n", "low", "high"))
        name = safe(group)
        if band:
            traces.append(
                {"type": "scatter", "x": x, "y": hi, "mode": "lines",
                 "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False, "legendgroup": name}
            )  # fmt: skip
            traces.append(
                {"type": "scatter", "x": x, "y": lo, "mode": "lines",
                 "line": {"width": 0}, "fill": "tonexty", "fillcolor": _rgba(colour, 0.18),
                 "hoverinfo": "skip", "showlegend": False, "legendgroup": name}
            )  # fmt: skip
        hover = [
            f"{name}<br>{day}: {m:+.3f} (n = {int(c):,})"
            + ("" if math.isnan(b) else f"<br>band {b:+.3f} … {t:+.3f}")
            for day, m, c, b, t in zip(x, mean.tolist(), k.tolist(), lo.tolist(), hi.tolist(), strict=True)
        ]
        traces.append(
            {"type": "scatter", "x": x, "y": mean, "mode": "lines+markers", "name": name,
             "line": {"color": colour, "width": 2}, "marker": {"size": 4}, "legendgroup": name,
             "hovertext": hover, "hoverinfo": "text"}
        )  # fmt: skip
    return make_figure(
        traces,
        title,
        height,
        yaxis={"title": {"text": "mean tone (VADER, −1 … +1)"}, "zeroline": True, "zerolinecolor": "#999"},
        xaxis={"type": "date"},
        legend={"orientation": "h", "y": -0.2},
    )
