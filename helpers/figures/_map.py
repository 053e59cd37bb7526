"""The places map (part of :mod:`helpers.figures`): places sized by article count on an offline base map.

The base map is drawn from :mod:`helpers.places.world` (see there why not plotly geo): a land fill and the
country edges as two line traces in the Natural Earth projection, on x/y axes with equal scale.
Counts are exact: when every place has one entity (the usual case) they are the entities'
``articles``; otherwise distinct (article, place) pairs are counted from ``mentions``.
"""

from __future__ import annotations

import html
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.corpus.model import Corpus
from helpers.figures._base import (
    codes_in,
    empty_figure,
    is_in,
    kind_color,
    make_figure,
    mention_codes,
    pair_counts,
    top_rows,
    unique_pairs,
)
from helpers.figures.stories import per_story as _per_story
from helpers.places import world as geo

#: each place's hover lists its TOP_WITH most co-mentioned entities, chosen among the CANDIDATES
#: non-place entities in most articles, for the HOVER_PLACES biggest places, as long as the selection
#: has at most HOVER_MAX_MENTIONS mentions (the cost grows with mentions and articles x places x
#: candidates; on a bigger selection the hover shows counts only, and the Explorer stays fast)
TOP_WITH = 3
CANDIDATES = 30
HOVER_PLACES = 50
HOVER_MAX_MENTIONS = 500_000
LAND = "#f2f0e9"
BORDER = "#c9c5ba"


@np.errstate(invalid="ignore")
def _simplified(lons: np.ndarray, lats: np.ndarray, step: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Drop points closer than ``step`` degrees to the previous kept one (line ends are kept)."""
    keep = np.ones(len(lons), dtype=bool)
    last = None
    for i in range(len(lons)):
        if np.isnan(lons[i]):
            last = None
        elif last is not None and abs(lons[i] - lons[last]) + abs(lats[i] - lats[last]) < step:
            nxt = i + 1
            if nxt < len(lons) and not np.isnan(lons[nxt]):
                keep[i] = False
                continue
        if not np.isnan(lons[i]):
            last = i
    return lons[keep], lats[keep]


@lru_cache(maxsize=1)
def _base_map() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Projected, simplified land rings and country edges (float32, computed once)."""
    out = []
    for layer in ("land", "borders"):
        x, y = geo.project(*_simplified(*geo.world_outlines(layer)))
        out.append((x.astype(np.float32), y.astype(np.float32)))
    return out[0], out[1]


def base_map_traces() -> list[dict]:
    """The land fill and the country edges as trace dicts; hover and clicks pass through them."""
    (lx, ly), (bx, by) = _base_map()
    common = {"type": "scatter", "mode": "lines", "hoverinfo": "skip", "showlegend": False}
    return [
        {
            **common,
            "x": lx,
            "y": ly,
            "name": "map land",
            "fill": "toself",
            "fillcolor": LAND,
            "line": {"width": 0},
        },
        {**common, "x": bx, "y": by, "name": "map borders", "line": {"width": 0.6, "color": BORDER}},
    ]


def place_counts(places: pd.DataFrame, entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """Articles per place_id (places without articles left out), exact."""
    pe = entities[(entities["place_id"].fillna("") != "") & (entities["articles"] > 0)]
    pe = pe[is_in(pe["place_id"], places["place_id"])]
    if pe["place_id"].is_unique:
        return pd.Series(pe["articles"].to_numpy(np.int64), index=pe["place_id"].to_numpy(object))
    art, ent = mention_codes(mentions, pe["entity_id"])
    place_codes, place_ids = pd.factorize(pe["place_id"])
    _, place = unique_pairs(art, place_codes[ent])
    counts = np.bincount(place, minlength=len(place_ids))
    keep = counts > 0
    return pd.Series(counts[keep], index=np.asarray(place_ids, dtype=object)[keep])


def co_mentioned(
    place_ids: list[str], entities: pd.DataFrame, mentions: pd.DataFrame, k: int = TOP_WITH
) -> list[list[tuple[str, int]]]:
    """For each place, its ``k`` most co-mentioned non-place entities as ``(name, articles)``.

    Candidates are the ``CANDIDATES`` non-place entities in most articles, so the cost stays small.
    """
    pe = entities[is_in(entities["place_id"].fillna(""), place_ids)]
    cand = entities[(entities["place_id"].fillna("") == "") & (entities["articles"] > 0)]
    cand = top_rows(cand, CANDIDATES, by=("articles", "name"))
    both = pd.concat([pe["entity_id"], cand["entity_id"]], ignore_index=True)
    art, code = mention_codes(mentions, both)
    is_place = code < len(pe)
    place_of_entity = codes_in(place_ids, pe["place_id"])
    place = place_of_entity[code[is_place]]
    table = pair_counts(
        art[is_place], place, len(place_ids), art[~is_place], code[~is_place] - len(pe), len(cand)
    )
    return strongest(table, cand["name"].astype(str).tolist(), k)


def strongest(table: np.ndarray, names: list[str], k: int = TOP_WITH) -> list[list[tuple[str, int]]]:
    """For each row of ``table`` (places x candidate entities), its ``k`` biggest non-zero cells as
    ``(name, count)`` (ties: the earlier candidate)."""
    order = np.argsort(-table, axis=1, kind="stable")[:, :k]
    return [[(names[j], int(table[i, j])) for j in order[i] if table[i, j] > 0] for i in range(len(table))]


def _hover(row: tuple, with_: list[tuple[str, int]]) -> str:
    """Hover text of one place; names are escaped (plotly renders a few HTML tags in hover text)."""
    where = ", ".join(html.escape(v) for v in (row.admin1, row.country) if isinstance(v, str) and v)
    name = f"<b>{html.escape(str(row.name))}</b>" + (f" ({where})" if where else "")
    lines = [name, f"{int(row.articles):,} articles"]
    if with_:
        lines.append("with " + ", ".join(f"{html.escape(nm)} ({c:,})" for nm, c in with_))
    return "<br>".join(lines)


def places_map(
    places: pd.DataFrame | Corpus,
    entities: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    *,
    n: int = 500,
    title: str | None = None,
    height: int | None = None,
    per_story: bool = False,
) -> go.Figure:
    """The ``n`` places in most articles as circles sized by article count, on an offline world map.

    Hover: name, admin area and country, article count, and (see ``HOVER_MAX_MENTIONS``) the top
    co-mentioned entities. The points
    trace (named "places", the last trace) has ``customdata`` rows
    ``[place_id, name, country, articles]``. ``places`` may be a corpus (then ``entities`` and
    ``mentions`` are its own unless given); ``per_story=True`` (a corpus only) counts each story once.
    """
    if per_story:
        places = _per_story(places, "places_map")
    if isinstance(places, Corpus):
        entities = places.entities if entities is None else entities
        mentions = places.mentions if mentions is None else mentions
        places = places.places
    if entities is None or mentions is None:
        raise TypeError("places_map(places, entities, mentions): give all three tables, or pass a Corpus")
    counts = place_counts(places, entities, mentions) if len(places) and len(entities) else pd.Series()
    if counts.empty:
        return empty_figure(title, height)
    table = places.drop_duplicates("place_id").set_index("place_id").loc[counts.index]
    table = table.assign(articles=counts.to_numpy()).dropna(subset=["lat", "lon"])
    table = top_rows(table.reset_index(), n, by=("articles", "name"))
    ids = table["place_id"].astype(str).tolist()
    hover_places = ids[:HOVER_PLACES] if len(mentions) <= HOVER_MAX_MENTIONS else []
    with_ = co_mentioned(hover_places, entities, mentions) if hover_places else []
    return points_figure(table, with_, title=title, height=height)


def points_figure(
    table: pd.DataFrame,
    with_: list[list[tuple[str, int]]],
    *,
    title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """The map of :func:`places_map` for chosen places ``table`` (``place_id``, ``name``, ``country``,
    ``admin1``, ``lat``, ``lon``, ``articles``, biggest first) and the co-mentioned entities of the
    first ones (``with_``, see :func:`co_mentioned`)."""
    ids = table["place_id"].astype(str).tolist()
    with_ = [*with_, *([] for _ in ids[len(with_) :])]
    hovers = [_hover(*row) for row in zip(table.itertuples(), with_, strict=True)]
    arts = table["articles"].to_numpy(np.int64)
    x, y = geo.project(table["lon"].to_numpy(float), table["lat"].to_numpy(float))
    columns = zip(ids, table["name"], table["country"], arts, strict=True)
    custom = [[p, str(nm), str(c), int(a)] for p, nm, c, a in columns]
    marker = {
        "size": 6 + 34 * np.sqrt(arts / arts.max()),
        "color": kind_color("place"),
        "opacity": 0.7,
        "line": {"width": 0.6, "color": "white"},
    }
    back = slice(None, None, -1)  # the biggest circles are drawn last, on top
    points = {
        "type": "scatter", "x": x[back], "y": y[back], "mode": "markers", "name": "places",
        "showlegend": False,
        "marker": {**marker, "size": marker["size"][back]}, "customdata": custom[back],
        "hovertext": hovers[back], "hoverinfo": "text",
    }  # fmt: skip
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    return make_figure(
        [*base_map_traces(), points],
        title,
        height or 460,
        hovermode="closest",
        dragmode="pan",
        xaxis={**hidden, "range": [-170, 170], "constrain": "domain"},
        yaxis={**hidden, "range": [-62, 86], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
    )
