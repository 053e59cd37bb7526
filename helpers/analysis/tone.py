"""Tone over time: the mean tone per week (or day, month) of an outlet, an entity or the corpus,
with a confidence band.

Article tone and mention tone come from enrichment (:mod:`helpers.enrich.tone`: VADER compound scores,
-1 to +1). Per group and period, :func:`tone_series` gives the number of scores, their mean and a
normal-approximation confidence interval of the mean, ``mean ± z * sd / sqrt(n)`` (``z`` = 1.96 for
95 %). A period with a single score has no band (``low``/``high`` are NaN): one article says nothing
about its spread.

* ``by="outlet"``: article tones, grouped by outlet;
* ``by="entity"``: the tones of the sentences that mention each entity (one score per mention);
* ``by=None``: every article, as one group named "all articles".

The report can draw the same series from this table (``tone_series(...)`` is plain data: one row per
group and period).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from helpers.corpus.model import Corpus

#: Columns of :func:`tone_series`.
SERIES_COLUMNS = ("group", "period", "n", "mean", "sd", "low", "high")
FREQS = {"D": "day", "W": "week", "M": "month"}
ALL = "all articles"


def period_start(published: pd.Series, freq: str = "W") -> pd.Series:
    """The first day of each date's day, ISO week (Monday) or month; NaT stays NaT."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    days = pd.to_datetime(published, errors="coerce").dt.normalize()
    if freq == "W":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    if freq == "M":
        return days - pd.to_timedelta(days.dt.day - 1, unit="D")
    return days


def series_of(frame: pd.DataFrame, freq: str = "W", level: float = 0.95) -> pd.DataFrame:
    """Per ``group`` and period of ``published``: the count, mean, sd and band of ``tone``.

    Rows without a date or a tone are left out (they have no place on a timeline).
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    data = pd.DataFrame(
        {
            "group": frame["group"].astype(str).to_numpy(),
            "period": period_start(frame["published"], freq).to_numpy(),
            "tone": pd.to_numeric(frame["tone"], errors="coerce").to_numpy(),
        }
    ).dropna(subset=["period", "tone"])
    stats = data.groupby(["group", "period"], sort=True)["tone"].agg(["size", "mean", "std"]).reset_index()
    stats = stats.rename(columns={"size": "n", "std": "sd"})
    z = NormalDist().inv_cdf(0.5 + level / 2)
    half = z * stats["sd"] / np.sqrt(stats["n"])
    stats["low"], stats["high"] = stats["mean"] - half, stats["mean"] + half
    stats["n"] = stats["n"].astype("int64")
    return stats[list(SERIES_COLUMNS)].reset_index(drop=True)


def tone_series(
    corpus: Corpus,
    by: str | None = "outlet",
    keys: tuple[str, ...] | list[str] | None = None,
    *,
    n: int = 5,
    freq: str = "W",
    level: float = 0.95,
) -> pd.DataFrame:
    """Mean tone per period of each group, with its confidence band (see the module docstring).

    Args:
        corpus: an enriched corpus (``articles.tone``, ``mentions.tone``); filter it first to narrow.
        by: "outlet", "entity" or ``None`` (the whole corpus as one group).
        keys: outlets, or entity ids or names; default the ``n`` with the most scores.
        n: how many groups when ``keys`` is None.
        freq: "D", "W" (ISO weeks, from Monday) or "M".
        level: coverage of the band (0.95: mean ± 1.96 standard errors).

    Returns:
        One row per group and period: :data:`SERIES_COLUMNS` (``period`` is the period's first day).

    Raises:
        ValueError: for an unknown ``by`` or ``freq``, or a corpus without tone (not enriched).
    """
    arts = corpus.articles
    if "tone" not in arts.columns:
        raise ValueError("this corpus has no tone: load it with enrich=True (see helpers.enrich.tone)")
    if by is None:
        frame = pd.DataFrame({"group": ALL, "published": arts["published"], "tone": arts["tone"]})
    elif by == "outlet":
        frame = pd.DataFrame({"group": arts["outlet"].fillna(""), "published": arts["published"]})
        frame["tone"] = arts["tone"].to_numpy()
        frame = _chosen(frame, keys, n)
    elif by == "entity":
        frame = _entity_frame(corpus, keys, n)
    else:
        raise ValueError(f"by must be 'outlet', 'entity' or None, not {by!r}")
    return series_of(frame, freq, level)


def _chosen(frame: pd.DataFrame, keys: tuple[str, ...] | list[str] | None, n: int) -> pd.DataFrame:
    """Rows of the groups in ``keys``, or of the ``n`` groups with the most scored rows."""
    if keys is None:
        scored = frame[frame["tone"].notna() & frame["published"].notna()]
        keys = scored["group"].value_counts().head(n).index.tolist()
    return frame[frame["group"].isin(list(keys))]


def _entity_frame(corpus: Corpus, keys: tuple[str, ...] | list[str] | None, n: int) -> pd.DataFrame:
    """Mention tones with the article's date, grouped by entity name."""
    m = corpus.mentions
    if "tone" not in m.columns or m.empty:
        return pd.DataFrame({"group": [], "published": [], "tone": []})
    ents = corpus.entities.drop_duplicates("entity_id")
    if keys is not None:
        wanted = set(map(str, keys))
        ids = set(ents.loc[ents["entity_id"].isin(wanted) | ents["name"].isin(wanted), "entity_id"])
    else:
        scored = m.loc[m["tone"].notna(), "entity_id"].astype(str)
        ids = set(scored[scored != ""].value_counts().head(n).index)
    m = m[m["entity_id"].isin(ids)]
    arts = corpus.articles.drop_duplicates("article_id")
    at = pd.Index(arts["article_id"].astype(str)).get_indexer(m["article_id"].astype(str))
    published = pd.Series(
        arts["published"].to_numpy()[np.maximum(at, 0)] if len(arts) else [], dtype="object"
    )
    names = dict(zip(ents["entity_id"].astype(str), ents["name"].astype(str), strict=True))
    return pd.DataFrame(
        {
            "group": [names.get(e, e) for e in m["entity_id"].astype(str)],
            "published": pd.to_datetime(published.where(at >= 0)).to_numpy(),
            "tone": m["tone"].to_numpy(),
        }
    )
