"""The co-occurrence network: entities that appear in the same articles (part of :mod:`helpers.figures`).

The ``n`` entities in most articles are the nodes; two are linked when at least ``min_weight``
articles mention both. The layout is a deterministic force-directed one (Fruchterman-Reingold steps
in numpy, starting from a circle in rank order, no randomness), so the same data always draws the
same picture and the Explorer's figure does not jump between identical refreshes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.corpus.model import Corpus
from helpers.figures._base import (
    KIND_COLORS,
    empty_figure,
    kind_color,
    kinds_of,
    make_figure,
    mention_codes,
    pair_counts,
    safe,
    top_rows,
)
from helpers.figures.stories import per_story as _per_story

EDGE_WIDTHS = (0.8, 1.8, 3.2, 5.0)


def cooccurrence_weights(mentions: pd.DataFrame, entity_ids: Sequence[str]) -> np.ndarray:
    """``W[i, j]`` = number of articles that mention both ``entity_ids[i]`` and ``[j]`` (i < j; else 0)."""
    k = len(entity_ids)
    art, ent = mention_codes(mentions, entity_ids)
    return np.triu(pair_counts(art, ent, k, art, ent, k), 1)


def force_layout(
    n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray, iterations: int = 120
) -> np.ndarray:
    """Positions (``n`` x 2, within [-1, 1]) for a weighted graph; deterministic."""
    if n == 0:
        return np.zeros((0, 2))
    angle = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    pos = np.column_stack([np.cos(angle), np.sin(angle)])
    if n == 1:
        return pos * 0
    adj = np.zeros((n, n))
    if len(weight):
        adj[src, dst] = adj[dst, src] = weight / weight.max()
    k = np.sqrt(4.0 / n)
    for step in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = k * k / dist - adj * dist * dist / k  # repulsion minus attraction along each pair
        np.fill_diagonal(force, 0.0)
        disp = (delta / dist[:, :, None] * force[:, :, None]).sum(axis=1) - 0.3 * pos  # weak gravity
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        temperature = 0.2 * (1 - step / iterations) + 0.005
        pos = pos + disp / length[:, None] * np.minimum(length, temperature)[:, None]
    pos -= pos.mean(axis=0)
    return pos / max(np.abs(pos).max(), 1e-9)


def _edge_traces(pos: np.ndarray, src, dst, weight, names: list[str]) -> list[dict]:
    """One line trace per width class, and invisible midpoints that show each link's weight on hover."""
    if len(weight) == 0:
        return []
    traces = []
    bins = np.minimum((weight / weight.max() * len(EDGE_WIDTHS)).astype(int), len(EDGE_WIDTHS) - 1)
    for b, width in enumerate(EDGE_WIDTHS):
        pick = np.flatnonzero(bins == b)
        if len(pick):
            gaps = np.full(len(pick), np.nan)
            xs = np.column_stack([pos[src[pick], 0], pos[dst[pick], 0], gaps]).ravel()
            ys = np.column_stack([pos[src[pick], 1], pos[dst[pick], 1], gaps]).ravel()
            traces.append(
                {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "name": "links", "hoverinfo": "skip",
                 "line": {"width": width, "color": "rgba(120,120,120,0.45)"}, "showlegend": False}
            )  # fmt: skip
    mid = (pos[src] + pos[dst]) / 2
    hover = [f"{names[a]} — {names[b]}: {w:,} articles" for a, b, w in zip(src, dst, weight, strict=True)]
    traces.append(
        {"type": "scatter", "x": mid[:, 0], "y": mid[:, 1], "mode": "markers", "name": "link weights",
         "marker": {"size": 8, "opacity": 0}, "hovertext": hover, "hoverinfo": "text", "showlegend": False}
    )  # fmt: skip
    return traces


def cooccurrence(
    mentions: pd.DataFrame | Corpus,
    entities: pd.DataFrame | None = None,
    *,
    n: int = 30,
    kind: str | Sequence[str] | None = None,
    min_weight: int = 2,
    title: str | None = None,
    height: int | None = None,
    per_story: bool = False,
) -> go.Figure:
    """Network of the ``n`` entities in most articles, linked when ``min_weight`` articles mention both.

    The node trace (named "entities", the last trace) has ``customdata`` rows
    ``[entity_id, kind, articles]``; node size follows article counts, colour the kind. Edge widths
    come in four classes of weight; ``layout.meta["edges"]`` lists ``[entity_id, entity_id, weight]``.
    A legend names the colour of each kind shown. ``mentions`` may be a corpus (then ``entities`` is
    its own unless given); ``per_story=True`` (a corpus only) counts each story once.
    """
    kinds = kinds_of(kind)
    if per_story:
        mentions = _per_story(mentions, "cooccurrence")
    if isinstance(mentions, Corpus):
        entities = mentions.entities if entities is None else entities
        mentions = mentions.mentions
    if entities is None:
        raise TypeError("cooccurrence(mentions, entities): give the entities table, or pass a Corpus")
    pool = entities if kinds is None else entities[entities["kind"].isin(kinds)]
    pool = pool[pool["articles"] > 0]
    if pool.empty or mentions.empty:
        return empty_figure(title, height)
    top = top_rows(pool, n)
    weights = cooccurrence_weights(mentions, top["entity_id"].astype(str).tolist())
    return network_figure(top, weights, min_weight=min_weight, title=title, height=height)


def network_figure(
    top: pd.DataFrame,
    weights: np.ndarray,
    *,
    min_weight: int = 2,
    title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """The network of :func:`cooccurrence` for chosen nodes ``top`` (``entity_id``, ``name``, ``kind``,
    ``articles``) and their co-occurrence counts ``weights`` (upper triangle, see
    :func:`cooccurrence_weights`)."""
    ids, names = top["entity_id"].astype(str).tolist(), [safe(nm) for nm in top["name"]]
    knds, counts = top["kind"].astype(str).tolist(), top["articles"].astype(np.int64).to_numpy()
    src, dst = np.nonzero(weights >= max(int(min_weight), 1))
    weight = weights[src, dst]
    pos = force_layout(len(ids), src, dst, weight)
    size = 10 + 30 * np.sqrt(counts / counts.max())
    nodes = {
        "type": "scatter", "x": pos[:, 0], "y": pos[:, 1], "mode": "markers+text", "text": names,
        "textposition": "top center", "textfont": {"size": 10}, "name": "entities", "showlegend": False,
        "customdata": [[i, safe(k), int(c)] for i, k, c in zip(ids, knds, counts, strict=True)],
        "marker": {
            "size": size, "color": [kind_color(k) for k in knds], "line": {"width": 1, "color": "#fff"},
        },
        "hovertemplate": "%{text} (%{customdata[1]})<br>%{customdata[2]:,} articles<extra></extra>",
    }  # fmt: skip
    edges = [[ids[a], ids[b], int(w)] for a, b, w in zip(src, dst, weight, strict=True)]
    hidden = {"visible": False, "range": [-1.25, 1.25]}
    return make_figure(
        [*_kind_legend(knds), *_edge_traces(pos, src, dst, weight, names), nodes],
        title,
        height or 480,
        xaxis=hidden,
        yaxis={**hidden, "scaleanchor": "x"},
        meta={"edges": edges},
        hovermode="closest",
        showlegend=True,
        legend={"title": {"text": "colour: kind"}, "itemclick": False, "itemdoubleclick": False},
    )


def _kind_legend(kinds: list[str]) -> list[dict]:
    """Legend-only traces (no points): one per kind among the nodes, in the order of KIND_COLORS."""
    shown = [k for k in KIND_COLORS if k in kinds] + sorted({k for k in kinds if k not in KIND_COLORS})
    return [
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": safe(k),
         "legendgroup": k, "marker": {"size": 10, "color": kind_color(k)}, "hoverinfo": "skip",
         "showlegend": True}
        for k in shown
    ]  # fmt: skip
