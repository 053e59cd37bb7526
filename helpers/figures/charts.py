"""Figures: one pure function per chart, in the plotly.express style.

Frames in (the tables of a :class:`~helpers.corpus.Corpus`, usually a filtered one), ``go.Figure``
out; no display, no I/O. Every function takes the same keyword names where they apply: ``n`` (how
many bars, lines, places or nodes), ``kind`` (entity kinds), ``freq``, ``color``, ``title``,
``height``. Data is aggregated before plotting (no per-article points), so figures stay small on
big corpora. Empty input gives a figure that says "No articles match" instead of an exception.

Clickable marks carry ids in ``customdata`` (first column when there are several): entity ids for
``top_entities`` bars and ``cooccurrence`` nodes, place ids for ``places_map`` points, outlet domains
for ``outlets`` bars. ``timeline`` bars start at the period's first day (weeks start on Monday).

- :func:`timeline`, :func:`top_entities`, :func:`outlets`, :func:`kwic` are defined here;
- :func:`places_map` in :mod:`helpers.figures._map` (offline base map, see :mod:`helpers.places.world`);
- :func:`cooccurrence` in :mod:`helpers.figures._graph`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.core.text import SNIPPET_WIDTH, day_text, snippet_around
from helpers.corpus.model import Corpus
from helpers.figures._base import (
    BAR_COLOR,
    NO_DATA,
    OTHER_COLOR,
    codes_in,
    empty_figure,
    kind_color,
    kinds_of,
    make_figure,
    mentions_of,
    note,
    safe,
    top_rows,
    unique_pairs,
)
from helpers.figures.stories import per_story as _per_story
from helpers.query.filters import Filter
from helpers.query.tokens import keyword_terms, term_regex

__all__ = ["kwic", "outlets", "timeline", "top_entities"]

FREQS = {"D": "Day", "W": "Week of", "M": "Month"}
_ENTITY_LINE_HOVER = "%{fullData.name} (%{customdata[2]})<br>%{customdata[1]}: %{y:,} articles<extra></extra>"
_PALETTE = ("#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2", "#FF9DA6", "#9D755D")


def period_starts(published: pd.Series, freq: str = "W") -> np.ndarray:
    """The first day (``datetime64[D]``) of each date's day, ISO week (Monday) or month; NaT stays NaT."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    days = pd.to_datetime(published, errors="coerce").to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    if freq == "W":
        weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        return np.where(np.isnat(days), days, days - weekday.astype("timedelta64[D]"))
    if freq == "M":
        return days.astype("datetime64[M]").astype("datetime64[D]")
    return days


def _all_periods(periods: np.ndarray, freq: str) -> np.ndarray:
    """Every period from the first to the last present in ``periods`` (no gaps)."""
    lo, hi = periods.min(), periods.max()
    if freq == "M":
        months = np.arange(lo.astype("datetime64[M]"), hi.astype("datetime64[M]") + 1)
        return months.astype("datetime64[D]")
    return np.arange(lo, hi + 1, 7 if freq == "W" else 1).astype("datetime64[D]")


def _label(freq: str, day: np.datetime64) -> str:
    ts = pd.Timestamp(day)
    if freq == "M":
        return f"{ts:%B %Y}"
    return f"{FREQS[freq]} {day_text(ts)}"


def timeline(
    articles: pd.DataFrame | Corpus,
    *,
    freq: str = "W",
    color: str | None = None,
    mentions: pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    n: int = 8,
    title: str | None = None,
    height: int | None = None,
    per_story: bool = False,
) -> go.Figure:
    """Articles per day (``freq="D"``), ISO week (``"W"``) or month (``"M"``).

    ``color=None``: one bar per period. ``"outlet"``: stacked bars for the ``n`` biggest outlets and
    "other". ``"entity"``: one line per top-``n`` entity (by articles; needs ``mentions`` and
    ``entities``), counting the articles that mention it. Undated articles are left out and counted
    in a note. ``articles`` may be a corpus: its mentions and entities are then used for
    ``color="entity"`` unless given. ``per_story=True`` (a corpus only) counts each story once.
    """
    if per_story:
        articles = _per_story(articles, "timeline")
    if isinstance(articles, Corpus):
        mentions = articles.mentions if mentions is None else mentions
        entities = articles.entities if entities is None else entities
        articles = articles.articles
    periods = period_starts(articles["published"], freq)
    dated = ~np.isnat(periods)
    if not dated.any():
        return empty_figure(title, height, "No dated articles match" if len(articles) else NO_DATA)
    axis = _all_periods(periods[dated], freq)
    labels = [_label(freq, d) for d in axis]
    slot = np.searchsorted(axis, periods[dated])
    if color is None:
        traces = [
            {"type": "bar", "x": axis, "y": np.bincount(slot, minlength=len(axis)), "name": "articles",
             "marker": {"color": BAR_COLOR}, "customdata": labels,
             "hovertemplate": "%{customdata}: %{y:,} articles<extra></extra>"}
        ]  # fmt: skip
    elif color == "outlet":
        traces = _outlet_bars(articles["outlet"].to_numpy()[dated], slot, axis, labels, n)
    elif color == "entity":
        if mentions is None or entities is None:
            raise ValueError("timeline(color='entity') needs mentions= and entities=")
        traces = _entity_lines(articles, periods, mentions, entities, axis, labels, n)
    else:
        raise ValueError(f"color must be None, 'outlet' or 'entity', not {color!r}")
    undated = int((~dated).sum())
    notes = [note(f"{undated:,} undated not shown")] if undated else []
    return make_figure(
        traces,
        title,
        height,
        notes,
        barmode="stack" if color == "outlet" else None,
        bargap=0.1,
        showlegend=color is not None,
        yaxis={"title": {"text": "articles"}, "rangemode": "tozero"},
        hovermode="closest",
    )


def _outlet_bars(outlets: np.ndarray, slot: np.ndarray, axis, labels, n: int) -> list[dict]:
    names = pd.Series(outlets).fillna("").replace("", "(no outlet)")
    top = list(names.value_counts(sort=True).index[:n])
    codes = pd.Index(top).get_indexer(names)
    traces = []
    for i, name in enumerate([*top, "other"]):
        pick = codes == (i if i < len(top) else -1)
        if pick.any():
            traces.append(
                {"type": "bar", "x": axis, "y": np.bincount(slot[pick], minlength=len(axis)),
                 "name": safe(name), "customdata": labels,
                 "marker": {"color": _PALETTE[i % len(_PALETTE)] if i < len(top) else OTHER_COLOR},
                 "hovertemplate": "%{fullData.name}<br>%{customdata}: %{y:,} articles<extra></extra>"}
            )  # fmt: skip
    return traces


def _entity_lines(articles, periods, mentions, entities, axis, labels, n: int) -> list[dict]:
    top = top_rows(entities, n)
    article_ids, ent = mentions_of(mentions, top["entity_id"])
    ent, art = unique_pairs(ent, codes_in(articles["article_id"], article_ids))
    keep = ~np.isnat(periods[art])
    ent, slot = ent[keep], np.searchsorted(axis, periods[art[keep]])
    traces = []
    for i, (eid, name, kind) in enumerate(zip(top["entity_id"], top["name"], top["kind"], strict=True)):
        traces.append(
            {"type": "scatter", "x": axis, "y": np.bincount(slot[ent == i], minlength=len(axis)),
             "mode": "lines+markers", "name": safe(name), "marker": {"size": 4},
             "line": {"color": _PALETTE[i % len(_PALETTE)], "width": 2},
             "customdata": [[eid, lab, safe(kind)] for lab in labels], "hovertemplate": _ENTITY_LINE_HOVER}
        )  # fmt: skip
    return traces


def _ranked_bars(labels, values, ids, colours, hover, title, height, n_more: int, what: str) -> go.Figure:
    bar = {"type": "bar", "x": values, "y": labels, "orientation": "h", "marker": {"color": colours},
           "customdata": ids, "text": [f"{v:,}" for v in values], "textposition": "outside",
           "cliponaxis": False, "hovertemplate": hover}  # fmt: skip
    notes = [note(f"+ {n_more:,} more {what}", y=0, yanchor="bottom")] if n_more > 0 else []
    return make_figure(
        [bar],
        title,
        height or 120 + 22 * len(labels),
        notes,
        bargap=0.25,
        xaxis={"title": {"text": "articles"}},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
    )


def _unique_labels(names: Sequence[str], kinds: Sequence[str]) -> list[str]:
    """Names, with the kind appended where two bars would otherwise share a label."""
    seen = pd.Series(names).duplicated(keep=False).to_numpy()
    return [safe(f"{nm} ({k})" if dup else nm) for nm, k, dup in zip(names, kinds, seen, strict=True)]


def top_entities(
    entities: pd.DataFrame | Corpus,
    *,
    kind: str | Sequence[str] | None = None,
    n: int = 20,
    title: str | None = None,
    height: int | None = None,
    per_story: bool = False,
) -> go.Figure:
    """Horizontal bars of the ``n`` entities in most articles (ties: more mentions, then name).

    ``kind`` keeps one kind or several (``person``, ``org``, ``place``, ``group``; plurals such as
    ``"people"`` work; anything else is a ``ValueError``). ``entities`` may be a corpus.
    ``customdata`` rows are ``[entity_id, kind, mentions]``.
    """
    kinds = kinds_of(kind)
    if per_story:  # a corpus only: entities counted in the first copy of each story
        entities = _per_story(entities, "top_entities")
    if isinstance(entities, Corpus):
        entities = entities.entities
    pool = entities if kinds is None else entities[entities["kind"].isin(kinds)]
    pool = pool[pool["articles"] > 0]
    if pool.empty:
        return empty_figure(title, height)
    return top_entities_figure(top_rows(pool, n), len(pool) - min(n, len(pool)), title, height)


def top_entities_figure(
    top: pd.DataFrame, n_more: int = 0, title: str | None = None, height: int | None = None
) -> go.Figure:
    """The bars of :func:`top_entities` for already chosen rows ``top`` (``entity_id``, ``name``,
    ``kind``, ``articles``, ``mentions``, in bar order); ``n_more`` entities are left out."""
    names, knds = top["name"].astype(str).tolist(), top["kind"].astype(str).tolist()
    ids = np.column_stack([top["entity_id"].astype(str), knds, top["mentions"].astype(np.int64)]).tolist()
    hover = "%{y} (%{customdata[1]})<br>%{x:,} articles, %{customdata[2]:,} mentions<extra></extra>"
    return _ranked_bars(
        _unique_labels(names, knds),
        top["articles"].astype(np.int64).tolist(),
        ids,
        [kind_color(k) for k in knds],
        hover,
        title,
        height,
        n_more,
        "entities",
    )


def outlets(
    articles: pd.DataFrame | Corpus,
    *,
    n: int = 20,
    title: str | None = None,
    height: int | None = None,
    per_story: bool = False,
) -> go.Figure:
    """Horizontal bars of articles per outlet (the ``n`` biggest); ``customdata`` is the outlet domain
    (``""`` for articles without a URL, shown as "(no outlet)"). ``articles`` may be a corpus;
    ``per_story=True`` (a corpus only) counts each story once, for the outlet that ran it first."""
    if per_story:
        articles = _per_story(articles, "outlets")
    if isinstance(articles, Corpus):
        articles = articles.articles
    if articles.empty:
        return empty_figure(title, height)
    return outlets_figure(
        articles["outlet"].fillna("").astype(str).value_counts(), n=n, title=title, height=height
    )


def outlets_figure(
    counts: pd.Series, *, n: int = 20, title: str | None = None, height: int | None = None
) -> go.Figure:
    """The bars of :func:`outlets` from articles per outlet (``counts``: outlet domain -> articles)."""
    counts = counts[counts > 0]
    if counts.empty:
        return empty_figure(title, height)
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    top = counts.head(n)
    labels = [safe(o) if o else "(no outlet)" for o in top.index]
    hover = "%{y}: %{x:,} articles<extra></extra>"
    return _ranked_bars(
        labels,
        top.astype(np.int64).tolist(),
        list(top.index),
        BAR_COLOR,
        hover,
        title,
        height,
        len(counts) - len(top),
        "outlets",
    )


# -- keyword in context ---------------------------------------------------------------------------

KWIC_COLUMNS = ["article_id", "title", "published", "outlet", "left", "match", "right"]


def _matches(text: str, plain: list[re.Pattern[str]], folded: list[re.Pattern[str]]) -> list[re.Match[str]]:
    """Every term's matches in ``text`` (sorted), or [] unless every term matches."""
    lowered = text.lower()
    # lower-casing keeps offsets except for a few letters (e.g. "İ"): then match case-insensitively
    haystack, patterns = (lowered, plain) if len(lowered) == len(text) else (text, folded)
    found = [list(p.finditer(haystack)) for p in patterns]
    if not all(found):
        return []
    return sorted((m for ms in found for m in ms), key=lambda m: m.start())


def kwic(
    articles: pd.DataFrame | Corpus, keyword: str, *, width: int = SNIPPET_WIDTH, limit: int = 200
) -> pd.DataFrame:
    """Keyword in context: one row per occurrence of a term, in articles where every term matches.

    ``articles`` is a frame with bodies, or a corpus: then only the articles that match are read,
    a few at a time, until ``limit`` rows are found (a corpus opened from a store reads no other body).

    Terms and matching follow the filter contract (:func:`helpers.query.tokens.keyword_terms`); matches are
    found in ``title + "\\n" + body`` and shown with up to ``width`` characters of context either side,
    cut as :func:`helpers.core.text.snippet_around` cuts them. At most ``limit`` rows, in article order
    then text order.
    """
    if isinstance(articles, Corpus):
        return _kwic_in_corpus(articles, keyword, width, limit)
    terms = keyword_terms(keyword)
    rows: list[tuple] = []
    if not terms or articles.empty:
        return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    plain = [re.compile(term_regex(t)) for t in terms]
    folded = [re.compile(term_regex(t), re.IGNORECASE) for t in terms]
    titles, bodies = articles["title"].fillna("").astype(str), articles["body"].fillna("").astype(str)
    cols = [articles[c].tolist() for c in ("article_id", "published", "outlet")]
    for aid, title, body, published, outlet in zip(cols[0], titles, bodies, *cols[1:], strict=True):
        text = f"{title}\n{body}"
        for m in _matches(text, plain, folded):
            left, match, right = snippet_around(text, m.start(), m.end(), width) or ("", "", "")
            rows.append((aid, title, published, outlet, left.strip(), match, right.strip()))
            if len(rows) >= limit:
                return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def _kwic_in_corpus(corpus: Corpus, keyword: str, width: int, limit: int, chunk: int = 50) -> pd.DataFrame:
    """:func:`kwic` over the articles of ``corpus`` that match, reading ``chunk`` bodies at a time."""
    matching = corpus.filter(Filter(keyword=keyword)).articles
    found: list[pd.DataFrame] = []
    total = 0
    for start in range(0, len(matching), chunk):
        rows = matching.iloc[start : start + chunk]
        if "body" not in rows.columns:
            rows = rows.assign(body=corpus.bodies(rows["article_id"]))
        found.append(kwic(rows, keyword, width=width, limit=limit - total))
        total += len(found[-1])
        if total >= limit:
            break
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame([], columns=KWIC_COLUMNS)
