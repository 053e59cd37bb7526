"""Shared pieces of :mod:`helpers.figures`: colours, the empty figure, layout defaults, pair joins."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc

from helpers.query.index import distinct, positions_in, strings

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
_GRID = "#e5e9f0"
#: A small white template. Naming a built-in one ("plotly_white") costs ~15 ms per figure (it is
#: deep-copied), a lot when the Explorer rebuilds five figures per change.
TEMPLATE: dict = {
    "layout": {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": "#2a3f5f"},
        "hoverlabel": {"align": "left"},
        "xaxis": {"gridcolor": _GRID, "zerolinecolor": _GRID, "linecolor": _GRID, "automargin": True},
        "yaxis": {"gridcolor": _GRID, "zerolinecolor": _GRID, "linecolor": _GRID, "automargin": True},
    }
}


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


#: the entity kinds a ``kind=`` argument may name, and the other spellings people type for them
KINDS: tuple[str, ...] = tuple(KIND_COLORS)
KIND_ALIASES: dict[str, str] = {
    "people": "person", "persons": "person", "orgs": "org", "organisation": "org", "organisations": "org",
    "organization": "org", "organizations": "org", "places": "place", "location": "place",
    "locations": "place", "groups": "group",
}  # fmt: skip


def kinds_of(kind: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """Normalise a ``kind=`` argument: ``None`` (all), one kind, or several.

    Plurals and common synonyms are accepted (``"people"``, ``"organisations"``, ``"places"``); any
    other value is a ``ValueError`` listing the valid kinds, instead of a figure that shows nothing.
    """
    if kind is None:
        return None
    given = (kind,) if isinstance(kind, str) else tuple(kind)
    kinds = []
    for value in given:
        key = str(value).strip().lower()
        key = KIND_ALIASES.get(key, key)
        if key not in KINDS:
            raise ValueError(
                f"unknown kind {value!r}: use {', '.join(repr(k) for k in KINDS)} "
                "(plurals such as 'people' or 'places' work too)"
            )
        kinds.append(key)
    return tuple(dict.fromkeys(kinds))


def top_rows(
    frame: pd.DataFrame, n: int, by: Sequence[str] = ("articles", "mentions", "name")
) -> pd.DataFrame:
    """The first ``n`` rows of ``frame`` sorted by ``by`` (first key, then the next, descending except
    for ``name``), without sorting the whole frame: rows below the n-th largest first key are dropped
    first (ties at the cut are kept, so the result equals a full sort)."""
    by = [c for c in by if c in frame.columns]
    first = frame[by[0]].to_numpy()
    if n <= 0:
        return frame.iloc[:0]
    if len(frame) > 4 * n:
        cut = np.partition(first, len(first) - n)[len(first) - n]
        frame = frame[first >= cut]
    return frame.sort_values(by, ascending=[c == "name" for c in by], kind="stable").head(n)


def make_figure(
    traces: list[dict],
    title: str | None = None,
    height: int | None = None,
    annotations: list[dict] | None = None,
    **layout: object,
) -> go.Figure:
    """A figure from trace dicts and the common layout (title, height, compact margins, template).

    Built in one constructor call: adding traces and updating the layout one by one costs several
    times more in plotly.py, which matters when the Explorer rebuilds every figure on each change.
    """
    base = {
        "template": TEMPLATE,
        "margin": {"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        "annotations": annotations or [],
    }
    if title:
        base["title"] = {"text": title}
    if height:
        base["height"] = height
    return go.Figure(data=traces, layout={**base, **layout}, _validate=_VALIDATE.get())


_VALIDATE: ContextVar[bool] = ContextVar("figures_validate", default=True)


@contextmanager
def unvalidated() -> Iterator[None]:
    """Within this block, figures are built without plotly's property validation (several times
    faster on big traces). For the Explorer, whose ``FigureWidget`` validates what it receives."""
    token = _VALIDATE.set(False)
    try:
        yield
    finally:
        _VALIDATE.reset(token)


def note(text: str, **position: object) -> dict:
    """A small annotation (default: top right, above the plot)."""
    where = {"x": 1, "y": 1.02, "xanchor": "right", "yanchor": "bottom"}
    return {"text": text, "showarrow": False, "xref": "paper", "yref": "paper", "font": {"size": 11},
            **where, **position}  # fmt: skip


def empty_figure(title: str | None = None, height: int | None = None, message: str = NO_DATA) -> go.Figure:
    """A figure without traces that says ``message`` in its middle (axes hidden)."""
    middle = note(message, x=0.5, y=0.5, xanchor="center", yanchor="middle", font={"size": 14})
    hidden = {"visible": False}
    return make_figure([], title, height, [middle], xaxis=hidden, yaxis=hidden)


def codes_in(keys: Sequence[str] | pd.Series, values: pd.Series) -> np.ndarray:
    """For each of ``values``, its position in ``keys``, or -1 (hash lookup in Arrow)."""
    return positions_in(keys, values)


def mentions_of(
    mentions: pd.DataFrame, entity_ids: Sequence[str] | pd.Series
) -> tuple[pd.Series, np.ndarray]:
    """The ``article_id`` of the mentions of ``entity_ids``, and each one's position in ``entity_ids``."""
    codes = positions_in(entity_ids, mentions["entity_id"])
    keep = codes >= 0
    return mentions["article_id"][keep], codes[keep]


def mention_codes(
    mentions: pd.DataFrame, entity_ids: Sequence[str] | pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """For the mentions of ``entity_ids``: article codes (equal ids, equal codes) and entity positions.

    Only the selected rows are encoded (Arrow filter + dictionary encoding: no Python strings).
    """
    ent = positions_in(entity_ids, mentions["entity_id"])
    keep = ent >= 0
    if not keep.any():
        return np.zeros(0, dtype=np.int64), ent[keep]
    encoded = pc.dictionary_encode(strings(mentions["article_id"]).filter(pa.array(keep)))
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), ent[keep]


def is_in(values: pd.Series, allowed: Sequence[str] | pd.Series) -> np.ndarray:
    """``values.isin(allowed)`` as a boolean array, by hash lookup (pandas' ``isin`` on Arrow strings
    converts every allowed value to a Python scalar first)."""
    return positions_in(allowed, values) >= 0


def unique_pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (left, right) pairs of non-negative integer codes, sorted by ``left``."""
    keep = (left >= 0) & (right >= 0)
    width = int(right.max(initial=0)) + 1
    key = distinct(left[keep].astype(np.int64) * width + right[keep])
    return key // width, key % width


def pair_counts(
    art_a: np.ndarray, a: np.ndarray, ka: int, art_b: np.ndarray, b: np.ndarray, kb: int
) -> np.ndarray:
    """``C[i, j]``: how many articles have code ``i`` of kind A and code ``j`` of kind B.

    Inputs are (article code, item code) pairs, duplicates allowed. Computed as ``A.T @ B`` over 0/1
    article-by-item matrices, in slices of articles so that no slice takes more than ~16 MB.
    """
    counts = np.zeros((ka, kb), dtype=np.float64)
    if len(art_a) == 0 or len(art_b) == 0 or ka == 0 or kb == 0:
        return counts.astype(np.int64)
    n_art = int(max(art_a.max(), art_b.max())) + 1
    both = np.zeros(n_art, dtype=bool)
    both[art_a] = True
    in_b = np.zeros(n_art, dtype=bool)
    in_b[art_b] = True
    both &= in_b  # only articles with codes on both sides can count
    renumber = np.cumsum(both) - 1
    keep_a, keep_b = both[art_a], both[art_b]
    art_a, a, art_b, b = renumber[art_a[keep_a]], a[keep_a], renumber[art_b[keep_b]], b[keep_b]
    n_art = int(both.sum())
    symmetric = ka == kb and np.array_equal(a, b) and np.array_equal(art_a, art_b)
    step = max(1, 8_000_000 // (ka + kb))  # rows per slice: at most ~32 MB of float32
    for lo in range(0, n_art, step):
        rows = min(step, n_art - lo)
        whole = rows == n_art
        pick_a = slice(None) if whole else (art_a >= lo) & (art_a < lo + step)
        ma = np.zeros((rows, ka), dtype=np.float32)
        ma[art_a[pick_a] - lo, a[pick_a]] = 1.0
        if symmetric:
            mb = ma
        else:
            pick_b = slice(None) if whole else (art_b >= lo) & (art_b < lo + step)
            mb = np.zeros((rows, kb), dtype=np.float32)
            mb[art_b[pick_b] - lo, b[pick_b]] = 1.0
        counts += ma.T @ mb
    return np.rint(counts).astype(np.int64)
