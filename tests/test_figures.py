"""Figures: values in ``fig.data`` / ``fig.layout`` checked against counts computed independently."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers import figures
from helpers.figures import _map as figures_map
from helpers.query.apply import apply
from helpers.query.filters import Filter
from helpers.testing.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(1500, n_entities=800, mentions_per_article=8, words_per_article=40, seed=5)


def bars(fig) -> dict:
    """{x: y} of the first trace, without zero bins."""
    trace = fig.data[0]
    return {pd.Timestamp(x): int(y) for x, y in zip(trace.x, trace.y, strict=True) if y}


# -- timeline ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("freq", "period"), [("D", "D"), ("W", "W"), ("M", "M")])
def test_timeline_counts_per_period(corpus, freq: str, period: str) -> None:
    fig = figures.timeline(corpus.articles, freq=freq)
    dated = corpus.articles["published"].dropna()
    expected = dated.dt.to_period(period).dt.start_time.value_counts()  # pandas weeks start on Monday
    assert bars(fig) == {pd.Timestamp(k): int(v) for k, v in expected.items()}
    assert all(pd.Timestamp(x).day_of_week == 0 for x in fig.data[0].x) if freq == "W" else True
    undated = corpus.articles["published"].isna().sum()
    assert undated > 0 and fig.layout.annotations[0].text == f"{undated:,} undated not shown"


def test_timeline_by_outlet_stacks_to_the_total(corpus) -> None:
    fig = figures.timeline(corpus.articles, freq="M", color="outlet", n=3)
    names = [t.name for t in fig.data]
    expected = corpus.articles.loc[corpus.articles["published"].notna(), "outlet"].value_counts()
    assert names == [*expected.index[:3], "other"]
    total = np.sum([np.asarray(t.y) for t in fig.data], axis=0)
    assert total.tolist() == list(bars(figures.timeline(corpus.articles, freq="M")).values())
    first = expected.index[0]
    month = corpus.articles[corpus.articles["outlet"] == first]["published"].dt.to_period("M").value_counts()
    assert [int(y) for y in fig.data[0].y if y] == month.sort_index().tolist()
    assert fig.layout.barmode == "stack"


def test_timeline_by_entity_counts_articles(corpus) -> None:
    fig = figures.timeline(
        corpus.articles, freq="M", color="entity", mentions=corpus.mentions, entities=corpus.entities, n=4
    )
    top = corpus.entities.sort_values(["articles", "mentions", "name"], ascending=[False, False, True])
    assert [t.customdata[0][0] for t in fig.data] == top["entity_id"].head(4).tolist()
    eid = fig.data[1].customdata[0][0]
    arts = corpus.mentions.loc[corpus.mentions["entity_id"] == eid, "article_id"].unique()
    published = corpus.articles.set_index("article_id").loc[arts, "published"].dropna()
    expected = published.dt.to_period("M").value_counts().sort_index()
    assert [int(y) for y in fig.data[1].y if y] == expected.tolist()
    with pytest.raises(ValueError, match="mentions"):
        figures.timeline(corpus.articles, color="entity")
    with pytest.raises(ValueError, match="freq"):
        figures.timeline(corpus.articles, freq="Y")


# -- bars -------------------------------------------------------------------------------------------


def test_top_entities_order_ids_and_kind(corpus) -> None:
    fig = figures.top_entities(corpus.entities, n=10)
    expected = corpus.entities.sort_values(["articles", "mentions", "name"], ascending=[False, False, True])
    assert [c[0] for c in fig.data[0].customdata] == expected["entity_id"].head(10).tolist()
    assert list(fig.data[0].x) == expected["articles"].head(10).tolist()
    assert fig.layout.annotations[0].text == f"+ {len(corpus.entities) - 10:,} more entities"
    orgs = figures.top_entities(corpus.entities, kind="org", n=5)
    assert {c[1] for c in orgs.data[0].customdata} == {"org"} and len(orgs.data[0].x) == 5
    both = figures.top_entities(corpus.entities, kind=["org", "group"], n=50)
    assert {c[1] for c in both.data[0].customdata} == {"org", "group"}


def test_top_entities_escapes_and_disambiguates_names(corpus) -> None:
    ents = corpus.entities.head(3).copy()
    ents["name"] = ["<img src=x onerror=alert(1)>", "Same", "Same"]
    ents["kind"] = ["person", "person", "org"]
    labels = list(figures.top_entities(ents).data[0].y)
    assert "&lt;img src=x onerror=alert(1)&gt;" in labels
    assert {"Same (person)", "Same (org)"} <= set(labels)


def test_outlets_counts(corpus) -> None:
    arts = corpus.articles.copy()
    arts.loc[arts.index[:7], "outlet"] = ""
    fig = figures.outlets(arts, n=5)
    expected = arts["outlet"].value_counts()
    assert list(fig.data[0].customdata) == expected.index[:5].tolist()
    assert list(fig.data[0].x) == expected.head(5).tolist()
    everything = figures.outlets(arts, n=50)
    assert "(no outlet)" in list(everything.data[0].y) and sum(everything.data[0].x) == len(arts)


# -- map --------------------------------------------------------------------------------------------


def independent_place_counts(corpus) -> pd.Series:
    place_of = corpus.entities.set_index("entity_id")["place_id"]
    pairs = corpus.mentions.assign(place=corpus.mentions["entity_id"].map(place_of))
    pairs = pairs[pairs["place"].fillna("") != ""]
    return pairs.drop_duplicates(["article_id", "place"])["place"].value_counts()


def test_places_map_points_counts_and_hover(corpus) -> None:
    fig = figures.places_map(corpus.places, corpus.entities, corpus.mentions, n=40)
    points = fig.data[-1]
    assert points.name == "places" and len(points.x) == 40
    got = {c[0]: c[3] for c in points.customdata}
    expected = independent_place_counts(corpus)
    assert got == {p: int(expected[p]) for p in got}
    assert min(got.values()) >= expected.sort_values(ascending=False).iloc[39]
    sizes = dict(zip([c[0] for c in points.customdata], points.marker.size, strict=True))
    top_place = expected.index[0]
    assert sizes[top_place] == max(sizes.values())
    # the hover of the biggest place names its most co-mentioned non-place entity
    arts = corpus.mentions.loc[
        corpus.mentions["entity_id"].isin(
            corpus.entities.loc[corpus.entities["place_id"] == top_place, "entity_id"]
        ),
        "article_id",
    ].unique()
    others = corpus.mentions[corpus.mentions["article_id"].isin(arts)].merge(corpus.entities, on="entity_id")
    candidates = corpus.entities[corpus.entities["place_id"] == ""].sort_values(
        ["articles", "name"], ascending=[False, True]
    )["entity_id"][: figures_map.CANDIDATES]
    others = others[others["entity_id"].isin(candidates)].drop_duplicates(["article_id", "entity_id"])
    best = others["name"].value_counts()
    hover = points.hovertext[list(sizes).index(top_place)]
    assert f"{best.index[0]} ({best.iloc[0]:,})" in hover and f"{expected.iloc[0]:,} articles" in hover
    with_lines = ["<br>with " in h for h in points.hovertext[::-1]]  # biggest first
    assert all(with_lines[: figures_map.HOVER_PLACES]) and not any(with_lines[figures_map.HOVER_PLACES :])
    assert [t.name for t in fig.data[:2]] == ["map land", "map borders"]
    assert fig.layout.yaxis.scaleanchor == "x"


def test_places_map_counts_when_two_entities_share_a_place(corpus) -> None:
    ents = corpus.entities.copy()
    places = ents[ents["place_id"] != ""]
    first, second = places.index[0], places.index[1]
    ents.loc[second, "place_id"] = ents.loc[first, "place_id"]  # two spellings, one place
    c = corpus.with_tables(entities=ents)
    fig = figures.places_map(c.places, c.entities, c.mentions, n=2000)
    got = {row[0]: row[3] for row in fig.data[-1].customdata}
    assert got == independent_place_counts(c).to_dict()


# -- network ----------------------------------------------------------------------------------------


def test_cooccurrence_nodes_edges_and_weights(corpus) -> None:
    fig = figures.cooccurrence(corpus.mentions, corpus.entities, n=12, min_weight=3)
    nodes = fig.data[-1]
    expected_ids = (
        corpus.entities.sort_values(["articles", "mentions", "name"], ascending=[False, False, True])
        .head(12)["entity_id"]
        .tolist()
    )
    assert [c[0] for c in nodes.customdata] == expected_ids
    per_article = corpus.mentions[corpus.mentions["entity_id"].isin(expected_ids)].groupby("article_id")[
        "entity_id"
    ]
    weights: dict[tuple[str, str], int] = {}
    for ents in per_article.unique():
        for a, b in itertools.combinations(sorted(ents, key=expected_ids.index), 2):
            weights[(a, b)] = weights.get((a, b), 0) + 1
    expected = {k: w for k, w in weights.items() if w >= 3}
    got = {(a, b): w for a, b, w in fig.layout.meta["edges"]}
    assert got == expected and len(got) > 5
    hover_trace = fig.data[-2]
    assert hover_trace.name == "link weights" and len(hover_trace.x) == len(expected)
    line_points = sum(len(t.x) for t in fig.data if t.name == "links")
    assert line_points == 3 * len(expected)  # two ends and a gap per edge
    again = figures.cooccurrence(corpus.mentions, corpus.entities, n=12, min_weight=3)
    assert np.allclose(again.data[-1].x, nodes.x) and np.allclose(again.data[-1].y, nodes.y)
    assert np.abs(np.asarray(nodes.x)).max() <= 1.0 + 1e-9


def test_cooccurrence_kind_and_min_weight(corpus) -> None:
    fig = figures.cooccurrence(corpus.mentions, corpus.entities, n=8, kind="person", min_weight=10**6)
    assert {c[1] for c in fig.data[-1].customdata} == {"person"}
    assert fig.layout.meta["edges"] == [] and [t.name for t in fig.data] == ["person", "entities"]


def test_figures_accept_a_corpus_and_refuse_unknown_kinds(corpus) -> None:
    from helpers.figures._base import KIND_COLORS

    for name in ("timeline", "outlets", "top_entities", "cooccurrence", "places_map"):
        from_corpus = getattr(figures, name)(corpus)
        tables = {
            "timeline": (corpus.articles,),
            "outlets": (corpus.articles,),
            "top_entities": (corpus.entities,),
            "cooccurrence": (corpus.mentions, corpus.entities),
            "places_map": (corpus.places, corpus.entities, corpus.mentions),
        }[name]
        from_frames = getattr(figures, name)(*tables)
        assert from_corpus.to_json() == from_frames.to_json(), name
    people = figures.top_entities(corpus, kind="people")
    assert people.to_json() == figures.top_entities(corpus.entities, kind="person").to_json()
    assert {c[1] for c in people.data[0].customdata} == {"person"}
    with pytest.raises(ValueError, match="unknown kind 'persons2': use 'person', 'org', 'place', 'group'"):
        figures.top_entities(corpus, kind="persons2")
    net = figures.cooccurrence(corpus, n=20)
    legend = [t for t in net.data if t.showlegend]
    kinds_shown = {c[1] for c in net.data[-1].customdata}
    assert [t.name for t in legend] == [k for k in KIND_COLORS if k in kinds_shown]
    assert [t.marker.color for t in legend] == [KIND_COLORS[t.name] for t in legend]
    assert net.layout.legend.title.text == "colour: kind"


# -- kwic -------------------------------------------------------------------------------------------


def test_kwic_follows_the_keyword_rules() -> None:
    arts = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "title": ["Peace talks", "Other", "No"],
            "published": pd.to_datetime(["2022-03-01", "2022-03-02", None]),
            "outlet": ["x.com", "y.com", "z.com"],
            "body": [
                "First line.\n\nThe PEACE-talks went on; peace, talks again.",
                "peacetalks only, then peace talks",
                "talks about peace",
            ],
        }
    )
    table = figures.kwic(arts, '"peace talks"', width=12)
    assert list(table.columns) == ["article_id", "title", "published", "outlet", "left", "match", "right"]
    assert table["article_id"].tolist() == ["a", "a", "a", "b"]
    assert table["match"].tolist() == ["Peace talks", "PEACE-talks", "peace, talks", "peace talks"]
    assert table.loc[1, "left"].endswith("line. The")  # white space collapsed
    assert table.loc[1, "right"] == "went on;…"  # a word cut by the window is dropped
    assert all(len(s) <= 13 for s in table["left"]) and all(len(s) <= 13 for s in table["right"])  # + "…"
    # two terms: every occurrence of either, in articles having both (a: 3 + 3, b: 1 + 1, c: 1 + 1)
    assert figures.kwic(arts, "peace talks")["article_id"].tolist() == ["a"] * 6 + ["b"] * 2 + ["c"] * 2
    assert figures.kwic(arts, "peace", limit=2).shape[0] == 2
    assert figures.kwic(arts, "").empty and figures.kwic(arts, "--").empty
    assert figures.kwic(arts, "putin").empty


# -- empty input ------------------------------------------------------------------------------------


def test_every_figure_handles_empty_input(corpus) -> None:
    empty = apply(corpus, Filter(keyword="zzzz-no-such-token"))
    assert empty.articles.empty
    made = [
        figures.timeline(empty.articles),
        figures.timeline(empty.articles, color="entity", mentions=empty.mentions, entities=empty.entities),
        figures.top_entities(empty.entities),
        figures.outlets(empty.articles),
        figures.places_map(empty.places, empty.entities, empty.mentions),
        figures.cooccurrence(empty.mentions, empty.entities),
    ]
    for fig in made:
        assert len(fig.data) == 0
        assert fig.layout.annotations[0].text == "No articles match"
    assert figures.kwic(empty.articles, "peace").empty


def test_figures_follow_a_filter(corpus) -> None:
    sub = apply(corpus, Filter(outlets=("bbc.co.uk",)))
    fig = figures.outlets(sub.articles)
    assert list(fig.data[0].customdata) == ["bbc.co.uk"] and list(fig.data[0].x) == [len(sub.articles)]
    top = figures.top_entities(sub.entities, n=3)
    assert list(top.data[0].x) == sorted(sub.entities["articles"], reverse=True)[:3]


def test_pair_counts_equal_brute_force_in_one_or_several_slices() -> None:
    from helpers.figures._base import pair_counts

    rng = np.random.default_rng(0)
    for ka, kb, n_art in ((5, 7, 50), (600, 400, 20_000)):  # the second needs several slices
        art_a, a = rng.integers(0, n_art, 3000), rng.integers(0, ka, 3000)
        art_b, b = rng.integers(0, n_art, 3000), rng.integers(0, kb, 3000)
        sets_a = pd.Series(a).groupby(art_a).agg(set)
        sets_b = pd.Series(b).groupby(art_b).agg(set)
        expected = np.zeros((ka, kb), dtype=np.int64)
        for art in sets_a.index.intersection(sets_b.index):
            for i in sets_a[art]:
                for j in sets_b[art]:
                    expected[i, j] += 1
        assert np.array_equal(pair_counts(art_a, a, ka, art_b, b, kb), expected)
        self_pairs = np.zeros((ka, ka), dtype=np.int64)
        for items in sets_a:
            for i in items:
                for j in items:
                    self_pairs[i, j] += 1
        assert np.array_equal(pair_counts(art_a, a, ka, art_a, a, ka), self_pairs)  # the symmetric path


def test_top_rows_equals_a_full_sort_with_ties() -> None:
    from helpers.figures._base import top_rows

    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "articles": rng.integers(0, 6, 500),
            "mentions": rng.integers(0, 3, 500),
            "name": rng.choice(["a", "b", "c"], 500),
        }
    )
    full = frame.sort_values(["articles", "mentions", "name"], ascending=[False, False, True], kind="stable")
    for n in (0, 1, 7, 100, 499, 600):
        assert top_rows(frame, n).index.tolist() == full.head(n).index.tolist()


def test_places_map_hover_counts_only_on_big_selections(corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures_map, "HOVER_MAX_MENTIONS", len(corpus.mentions) - 1)
    fig = figures.places_map(corpus.places, corpus.entities, corpus.mentions, n=20)
    assert not any("<br>with " in h for h in fig.data[-1].hovertext)
    assert all(" articles" in h for h in fig.data[-1].hovertext)
