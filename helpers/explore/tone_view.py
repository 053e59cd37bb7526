"""The Explorer's *Tone* panel: mean tone per week of the selection with its 95 % band, by outlet,
by entity (the chosen ones, else the most mentioned) or for all its articles.

It follows every filter change, so it counts from arrays built once (each article's week, outlet code
and tone; each mention's article position, entity code and tone): a selection's sums per group and
week are ``np.bincount`` calls, not a groupby over a copied frame. The series has the columns of
:func:`helpers.analysis.tone.series_of` (the same numbers: ``tests/test_explorer.py``), drawn by
:func:`helpers.figures.tone_timeline`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from statistics import NormalDist
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.analysis.tone import ALL, SERIES_COLUMNS
from helpers.corpus.model import Corpus
from helpers.explore.views import MARGIN, LiveFigure, message_figure
from helpers.figures import tone_timeline
from helpers.figures._base import unvalidated

TONE_HEIGHT = 360
#: groups drawn in the tone figure
TONE_GROUPS = 4
_Z95 = NormalDist().inv_cdf(0.975)


def week_days(published: pd.Series) -> np.ndarray:
    """Each date's ISO week start as days since 1970-01-01 (Monday), -1 for no date."""
    days = pd.to_datetime(published).to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    missing = np.isnat(days)
    n = days.astype(np.int64)
    return np.where(missing, -1, n - (n + 3) % 7)  # 1970-01-01 was a Thursday


def binned_series(
    codes: np.ndarray, name_of: Callable[[int], str], weeks: np.ndarray, tone: np.ndarray
) -> pd.DataFrame:
    """Count, mean, sd and 95 % band of ``tone`` per (group code, week); rows without a week, a tone
    or a group (code < 0) are left out. Groups are named by ``name_of(code)``."""
    ok = (codes >= 0) & (weeks >= 0) & ~np.isnan(tone)
    codes, weeks, tone = codes[ok], weeks[ok], tone[ok]
    if not len(tone):
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    first = weeks.min()
    span = int(weeks.max() - first) // 7 + 1
    key = codes.astype(np.int64) * span + (weeks - first) // 7
    n = np.bincount(key)
    present = np.flatnonzero(n)
    total = np.bincount(key, weights=tone)[present]
    squares = np.bincount(key, weights=tone * tone)[present]
    count = n[present]
    mean = total / count
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(count > 1, (squares - count * mean * mean) / (count - 1), np.nan)
    sd = np.sqrt(np.maximum(var, 0))
    half = _Z95 * sd / np.sqrt(count)
    periods = (first + 7 * (present % span)).astype("datetime64[D]")
    return pd.DataFrame(
        {
            "group": [name_of(c) for c in (present // span).tolist()],
            "period": pd.to_datetime(periods),
            "n": count.astype(np.int64),
            "mean": mean,
            "sd": sd,
            "low": mean - half,
            "high": mean + half,
        }
    )


def _top(codes: np.ndarray, tone: np.ndarray, weeks: np.ndarray, n: int, width: int) -> np.ndarray:
    """``codes`` with every group but the ``n`` with the most scored, dated rows set to -1."""
    ok = (codes >= 0) & (weeks >= 0) & ~np.isnan(tone)
    counts = np.bincount(codes[ok], minlength=width)
    best = np.argsort(-counts, kind="stable")[:n]
    best = best[counts[best] > 0]
    keep = np.zeros(width + 1, dtype=bool)
    keep[best] = True
    return np.where(keep[codes], codes, -1)


class TonePanel:
    """The *Tone* panel (see the module docstring).

    Args:
        corpus: the Explorer's working copy (``articles.tone``; ``mentions.tone`` for entities).
        names: entity id -> display name.
        on_change: called when the grouping changes (the Explorer refreshes).
    """

    def __init__(self, corpus: Corpus, names: Callable[[str], str], on_change: Callable[[], None]) -> None:
        self.corpus, self.names = corpus, names
        self.available = "tone" in corpus.articles.columns
        self.by = widgets.ToggleButtons(
            options=[("outlets", "outlet"), ("entities", "entity"), ("all", "all")],
            value="outlet",
            description="Tone by",
            style={"button_width": "72px", "description_width": "56px"},
        )
        self.by.observe(lambda _c: on_change(), names="value")
        self.live = LiveFigure(message_figure("No tone yet.", TONE_HEIGHT))
        self.ui = widgets.VBox(
            [self.by, self.live.widget], layout=widgets.Layout(width="100%", min_width="0")
        )

    @cached_property
    def _articles(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Per article: week, tone, outlet code; and the outlet of each code."""
        arts = self.corpus.articles
        codes, outlets = pd.factorize(arts["outlet"].fillna("").astype(str))
        tone = pd.to_numeric(arts["tone"], errors="coerce").to_numpy(dtype=float)
        return week_days(arts["published"]), tone, codes.astype(np.int64), [str(o) for o in outlets]

    @cached_property
    def _mentions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Per mention: article position, entity code, tone; and the entity id of each code."""
        m = self.corpus.mentions
        if "tone" not in m.columns or m.empty:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), []
        at = pd.Index(self.corpus.articles["article_id"].astype(str)).get_indexer(m["article_id"].astype(str))
        codes, ids = pd.factorize(m["entity_id"].astype(str))
        return at, codes.astype(np.int64), m["tone"].to_numpy(dtype=float), [str(i) for i in ids]

    def series(self, positions: np.ndarray, entities: tuple[str, ...]) -> pd.DataFrame:
        """The tone series of the articles at ``positions`` for the grouping chosen in ``by``."""
        weeks, tone, outlet, outlets = self._articles
        by = self.by.value
        if by != "entity":
            codes = outlet[positions] if by == "outlet" else np.zeros(len(positions), dtype=np.int64)
            names = outlets if by == "outlet" else [ALL]
            w, t = weeks[positions], tone[positions]
            return binned_series(_top(codes, t, w, TONE_GROUPS, len(names)), names.__getitem__, w, t)
        at, ent, m_tone, ids = self._mentions
        kept = np.zeros(len(weeks), dtype=bool)
        kept[positions] = True
        rows = np.flatnonzero((at >= 0) & kept[np.maximum(at, 0)])
        codes = ent[rows]
        if entities:
            chosen = np.isin(np.asarray(ids, dtype=object), list(entities))
            codes = np.where(chosen[codes], codes, -1) if len(ids) else codes
        w, t = weeks[at[rows]], m_tone[rows]
        return binned_series(_top(codes, t, w, TONE_GROUPS, len(ids)), lambda c: self.names(ids[c]), w, t)

    def figure(self, positions: np.ndarray, entities: tuple[str, ...]) -> go.Figure:
        """The tone figure of the articles at ``positions`` (the chosen ``entities`` for "entities")."""
        if not self.available:
            return message_figure("No tone: load the corpus with enrich=True.", TONE_HEIGHT)
        series = self.series(positions, entities)
        if series.empty:
            return message_figure("No dated articles with a tone in the selection.", TONE_HEIGHT)
        with unvalidated():  # the widget validates what it receives
            fig = tone_timeline(series, title="Mean tone per week (95 % band)", height=TONE_HEIGHT)
        fig.update_layout(margin=MARGIN)
        return fig

    def show(self, positions: np.ndarray, entities: tuple[str, ...]) -> Any:
        """Bring the figure up to date."""
        return self.live.show(self.figure(positions, entities))
