"""The Explorer's widgets: set ``.value`` like a user would, then check figures, status line and list.

Expected values are computed independently from the frames with plain pandas, never copied from
the Explorer's own output.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time

import numpy as np
import pandas as pd
import pytest

from helpers.corpus.model import Corpus
from helpers.explore.articles import snippet, term_pattern
from helpers.explore.explorer import Explorer
from helpers.explore.typeahead import NameIndex
from helpers.query.filters import Filter
from helpers.testing.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return synthetic_corpus(1500, n_entities=400, mentions_per_article=8, seed=3)


@pytest.fixture
def explorer(corpus: Corpus) -> Explorer:
    return Explorer(corpus, debounce=0)


def _count(ex: Explorer) -> int:
    return int(ex.status.value.split(" of ")[0].replace(",", ""))


def _bar_total(fig) -> float:
    """Sum of bar lengths over all bar traces (horizontal or vertical)."""
    total = 0.0
    for trace in fig.data:
        if trace.type == "bar":
            values = trace.x if trace.orientation == "h" else trace.y
            total += float(np.nansum(np.asarray(values, dtype=float)))
    return total


def _outlet_click(ex: Explorer, index: int) -> str:
    """Click bar ``index`` of the outlets figure the way the browser reports it; return its outlet."""
    fig = ex.figures["outlets"]
    trace_index = next(i for i, t in enumerate(fig.data) if t.customdata is not None)
    value = fig.data[trace_index].customdata[index]
    _click(fig, trace_index, index)
    return str(value[0] if np.ndim(value) else value)


def _click(fig, trace_index: int, point: int) -> None:
    """What plotly's front end sends on a click: the widget dispatches it to the trace's on_click."""
    trace = fig.data[trace_index]
    xs = getattr(trace, "x", None)
    fig._js2py_pointsCallback = {
        "event_type": "plotly_click",
        "points": {"xs": [xs[point] if xs is not None else None], "ys": [None],
                   "point_indexes": [point], "trace_indexes": [trace_index]},
    }  # fmt: skip


# -- layout and initial state ----------------------------------------------------------------------


def test_ui_holds_every_control_and_figure_widgets_created_with_data(
    explorer: Explorer, corpus: Corpus
) -> None:
    assert explorer.status.value.startswith(f"{len(corpus.articles):,} of {len(corpus.articles):,} articles")
    for name in ("timeline", "outlets", "entities", "places", "network"):
        fig = explorer.figures[name]
        assert len(fig.data) >= 1, name
        assert fig._widget_data, f"{name}: data must be given at creation (saved state / Voilà)"
    assert explorer.filter == Filter()
    assert explorer.articles.info.value == f"1–15 of {len(corpus.articles):,}"


def test_status_line_format(explorer: Explorer, corpus: Corpus) -> None:
    f = Filter(start="2022-03-12", end="2022-06-30")
    sub = corpus.filter(f)
    explorer.set_filter(f)
    days = sub.articles["published"].dropna()
    assert (days.min().day, days.max().day) == (12, 30)  # the synthetic corpus has articles on both days
    expected = f"{len(sub.articles):,} of {len(corpus.articles):,} articles, 12 Mar – 30 Jun 2022"
    assert explorer.status.value == expected


# -- every control changes figures, status and list ------------------------------------------------


def test_outlet_picker_narrows_everything(explorer: Explorer, corpus: Corpus) -> None:
    outlet = corpus.articles["outlet"].value_counts().index[1]
    expected = int((corpus.articles["outlet"] == outlet).sum())
    timeline_before = _bar_total(explorer.figures["timeline"])
    explorer.outlets.value = (outlet,)
    assert _count(explorer) == expected
    dated = int(((corpus.articles["outlet"] == outlet) & corpus.articles["published"].notna()).sum())
    assert _bar_total(explorer.figures["timeline"]) == dated < timeline_before
    assert _bar_total(explorer.figures["outlets"]) == expected
    assert explorer.articles.info.value.endswith(f"of {expected:,}")
    shown = [row.value for row, box in zip(explorer.articles.rows, explorer.articles.boxes, strict=True)
             if box.layout.display != "none"]  # fmt: skip
    assert shown and all(outlet in value for value in shown)


def test_date_range_narrows_and_status_shows_it(explorer: Explorer, corpus: Corpus) -> None:
    explorer.start.value = dt.date(2022, 3, 1)
    explorer.end.value = dt.date(2022, 3, 31)
    day = corpus.articles["published"].dt.normalize()
    expected = int(((day >= "2022-03-01") & (day <= "2022-03-31")).sum())
    assert _count(explorer) == expected
    assert explorer.status.value.endswith("Mar 2022") and " Mar – " in explorer.status.value
    assert _bar_total(explorer.figures["timeline"]) == expected


def _phrase_in_some_articles(corpus: Corpus) -> tuple[str, int]:
    """A two-word phrase found in some but not all articles, and how many (plain regex, no index)."""
    text = (corpus.articles["title"] + "\n" + corpus.articles["body"]).str.lower()
    for body in corpus.articles["body"].head(20):
        words = re.findall(r"[^\W_]+", body.lower())
        for first, second in zip(words[::7], words[1::7], strict=False):
            pattern = rf"(?<![^\W_]){first}[\W_]+{second}(?![^\W_])"
            n = int(text.str.contains(pattern, regex=True).sum())
            if 1 < n < len(text):
                return f"{first} {second}", n
    raise AssertionError("no usable phrase in the synthetic corpus")


def test_keyword_filters_and_highlights(explorer: Explorer, corpus: Corpus) -> None:
    phrase, expected = _phrase_in_some_articles(corpus)
    explorer.keyword.value = f'"{phrase}"'
    assert _count(explorer) == expected
    marked = re.search(r"<mark>(.*?)</mark>", explorer.articles.rows[0].value)
    assert marked is not None
    assert " ".join(re.findall(r"[^\W_]+", marked.group(1).lower())) == phrase


def test_entity_type_ahead_picks_and_any_all_toggle(explorer: Explorer, corpus: Corpus) -> None:
    people = corpus.entities[corpus.entities["kind"] == "person"].sort_values("articles", ascending=False)
    first, second = people.iloc[0], people.iloc[1]
    picker = explorer.entity_picker
    picker.box.value = first["name"][:4].lower()
    assert picker.box.options[0].startswith(first["name"])  # the most mentioned match comes first
    picker.box.value = picker.box.options[0]  # choosing the suggestion
    assert picker.chips.value == [first["name"]] and picker.box.value == ""
    assert explorer.filter.entities == (first["entity_id"],)
    with_first = set(corpus.mentions.loc[corpus.mentions["entity_id"] == first["entity_id"], "article_id"])
    with_second = set(corpus.mentions.loc[corpus.mentions["entity_id"] == second["entity_id"], "article_id"])
    assert _count(explorer) == len(with_first)
    picker.add(second["entity_id"])
    assert _count(explorer) == len(with_first | with_second)
    explorer.entity_mode.value = "all"
    assert _count(explorer) == len(with_first & with_second)
    picker.chips.value = [second["name"]]  # deleting a chip
    assert explorer.filter.entities == (second["entity_id"],)
    assert _count(explorer) == len(with_second)


def test_type_ahead_labels_say_selected_of_total(explorer: Explorer, corpus: Corpus) -> None:
    """Suggestions read "name · kind · 35 of 74": articles of the selection, of the corpus."""
    person = corpus.entities[corpus.entities["kind"] == "person"].sort_values("articles").iloc[-1]
    outlet = corpus.articles["outlet"].value_counts().index[0]
    explorer.outlets.value = (outlet,)
    picker = explorer.entity_picker
    picker.box.value = person["name"]
    label = next(o for o in picker.box.options if o.startswith(person["name"] + " ·"))
    sub = corpus.filter(Filter(outlets=[outlet]))
    selected = sub.mentions.loc[sub.mentions["entity_id"] == person["entity_id"], "article_id"].nunique()
    assert 0 < selected < person["articles"]
    assert label.endswith(f" · {selected:,} of {int(person['articles']):,}")
    picker.box.value = label  # the label with counts still chooses the entity
    assert explorer.filter.entities == (person["entity_id"],)
    place = corpus.places.iloc[0]
    explorer.place_picker.box.value = place["name"]
    plabel = next(o for o in explorer.place_picker.box.options if o.startswith(place["name"] + " ·"))
    ents = set(corpus.entities.loc[corpus.entities["place_id"] == place["place_id"], "entity_id"])
    now = corpus.filter(explorer.filter)
    in_sel = now.mentions.loc[now.mentions["entity_id"].isin(ents), "article_id"].nunique()
    assert plabel.split(" · ")[-1].startswith(f"{in_sel:,} of ")


def test_place_picker(explorer: Explorer, corpus: Corpus) -> None:
    place = corpus.places.iloc[0]
    explorer.place_picker.box.value = place["name"]
    label = next(o for o in explorer.place_picker.box.options if o.startswith(place["name"] + " ·"))
    explorer.place_picker.box.value = label
    assert explorer.filter.places == (place["place_id"],)
    ents = set(corpus.entities.loc[corpus.entities["place_id"] == place["place_id"], "entity_id"])
    expected = corpus.mentions.loc[corpus.mentions["entity_id"].isin(ents), "article_id"].nunique()
    assert _count(explorer) == expected


def test_reset_and_set_filter_round_trip(explorer: Explorer, corpus: Corpus) -> None:
    f = Filter(start="2022-02-01", outlets=(corpus.articles["outlet"].iloc[0],), keyword="grain")
    explorer.set_filter(f)
    assert explorer.filter == f
    assert _count(explorer) == len(corpus.filter(f).articles)
    explorer.reset_button.click()
    assert explorer.filter == Filter() and _count(explorer) == len(corpus.articles)


# -- clicks ----------------------------------------------------------------------------------------


def test_clicking_an_outlet_bar_adds_it(explorer: Explorer) -> None:
    outlet = _outlet_click(explorer, 2)
    assert explorer.outlets.value == (outlet,)
    assert _bar_total(explorer.figures["outlets"]) == _count(explorer)


def test_clicking_entity_bar_map_point_and_node(explorer: Explorer, corpus: Corpus) -> None:
    for name, field in (("entities", "entities"), ("places", "places"), ("network", "entities")):
        fig = explorer.figures[name]
        trace_index = next(i for i, t in enumerate(fig.data) if t.customdata is not None)
        value = fig.data[trace_index].customdata[1]
        value = str(value[0] if np.ndim(value) else value)
        before = getattr(explorer.filter, field)
        _click(fig, trace_index, 1)
        assert value in getattr(explorer.filter, field), name
        assert len(getattr(explorer.filter, field)) >= len(before)
        explorer.reset()


def test_clicking_a_timeline_bar_narrows_to_its_week(explorer: Explorer) -> None:
    fig = explorer.figures["timeline"]
    _click(fig, 0, 3)
    f = explorer.filter
    assert f.start is not None and f.end == f.start + dt.timedelta(days=6)
    assert 0 < _count(explorer) < len(explorer.corpus.articles)


# -- article list and reader -----------------------------------------------------------------------


def test_article_reader_opens_escaped_full_text(corpus: Corpus) -> None:
    hostile = corpus.articles.copy()
    hostile.loc[0, "title"] = "<script>alert(1)</script>"
    hostile.loc[0, "body"] = "First <img src=x onerror=alert(2)> paragraph.\n\nSecond & last."
    hostile.loc[0, "published"] = pd.Timestamp("2030-01-01")  # newest: first in the list
    ex = Explorer(corpus.with_tables(articles=hostile), debounce=0)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in ex.articles.rows[0].value
    assert "<script>" not in ex.articles.rows[0].value
    ex.articles.buttons[0].click()
    assert "&lt;img src=x onerror=alert(2)&gt;" in ex.articles.reader.value
    assert "<img" not in ex.articles.reader.value and "<p>Second &amp; last.</p>" in ex.articles.reader.value
    ex.articles.close.click()
    assert ex.articles.reader.value == ""


def test_article_pages(explorer: Explorer, corpus: Corpus) -> None:
    explorer.articles.next.click()
    assert explorer.articles.info.value == f"16–30 of {len(corpus.articles):,}"
    assert explorer.articles.prev.disabled is False


def test_snippet_centres_on_the_match() -> None:
    body = "x " * 200 + "the Peace-Talks resumed" + " y" * 200
    before, match, after = snippet(body, term_pattern(["peace talks"]))
    assert match == "Peace-Talks" and before.endswith("the ") and after.startswith(" resumed")
    assert snippet("peacetalks", term_pattern(["peace talks"]))[1] == ""


# -- empty tables, state, debounce -----------------------------------------------------------------


def test_unenriched_corpus_shows_explanations(corpus: Corpus) -> None:
    bare = Corpus(articles=corpus.articles)
    ex = Explorer(bare, debounce=0)
    for name in ("entities", "places", "network"):
        fig = ex.figures[name]
        assert len(fig.data) == 0 and "enrich=True" in fig.layout.annotations[0].text
    ex.keyword.value = "grain"
    assert 0 < _count(ex) < len(corpus.articles)
    assert ex.entity_picker.suggestions("a") == []


def test_no_match_keeps_working(explorer: Explorer) -> None:
    explorer.keyword.value = "zzzznotaword"
    assert _count(explorer) == 0 and explorer.articles.info.value == "no articles match"
    assert "No articles match" in explorer.figures["timeline"].layout.annotations[0].text
    explorer.keyword.value = ""
    assert _count(explorer) == len(explorer.corpus.articles) and len(explorer.figures["timeline"].data) >= 1


def test_two_explorers_keep_their_own_state(corpus: Corpus) -> None:
    a, b = Explorer(corpus, debounce=0), Explorer(corpus, debounce=0)
    a.keyword.value = "grain"
    assert b.filter == Filter() and _count(b) == len(corpus.articles)


def test_rapid_changes_coalesce_into_one_refresh(corpus: Corpus) -> None:
    ex = Explorer(corpus, debounce=0.05)

    async def type_fast() -> None:
        for text in ("g", "gr", "gra", "grai", "grain"):
            ex.keyword.value = text
        await asyncio.sleep(0.3)

    before = ex.refresh_count
    asyncio.run(type_fast())
    assert ex.refresh_count == before + 1
    assert ex.filter.keyword == "grain" and _count(ex) < len(corpus.articles)


# -- type-ahead at scale ---------------------------------------------------------------------------


def test_type_ahead_with_50000_entities_is_right_and_quick() -> None:
    rng = np.random.default_rng(7)
    syllables = np.array(["ka", "vo", "lo", "mir", "ze", "len", "sky", "put", "in", "ana", "bo", "ris"])
    names = [" ".join("".join(rng.choice(syllables, 3)) for _ in range(2)).title() for _ in range(50_000)]
    weights = rng.integers(1, 1000, size=50_000)
    index = NameIndex([f"e{i}" for i in range(50_000)], names, weights, kinds=["person"] * 50_000)
    lower = np.array([n.lower() for n in names])
    for query in ("ka", "kavo", "mirze", "sky ana"):
        got = index.suggest(query, 10)
        # a word-prefix match: the name or one of its later words starts with the query
        prefix = np.flatnonzero(np.char.startswith(lower, query) | (np.char.find(lower, " " + query) >= 0))
        if len(prefix) >= 10:
            best = sorted(prefix, key=lambda r: (-weights[r], lower[r]))[:10]
            assert [weights[r] for r in got] == [weights[r] for r in best], query
            assert all(lower[r].startswith(query) or " " + query in lower[r] for r in got)
        else:
            contains = np.flatnonzero(np.char.find(lower, query) >= 0)
            assert set(prefix) <= set(got) <= set(contains), query
    started = time.perf_counter()
    for query in ("k", "ka", "kav", "kavo", "kavol", "zz"):
        index.suggest(query, 12)
    assert time.perf_counter() - started < 1.0  # generous: a Dropdown of 50,000 would not even render


def test_subset_is_the_given_corpus_filtered_and_revisits_are_cached(
    explorer: Explorer, corpus: Corpus
) -> None:
    outlet = corpus.articles["outlet"].iloc[0]
    explorer.outlets.value = (outlet,)
    subset = explorer.subset()
    assert list(subset.mentions.columns) == list(
        corpus.mentions.columns
    )  # the full tables, not the lean copy
    assert set(subset.articles["article_id"]) == set(
        corpus.articles.loc[corpus.articles["outlet"] == outlet, "article_id"]
    )
    figures_for_outlet = explorer._cache[explorer.filter][1]
    explorer.reset()
    explorer.outlets.value = (outlet,)
    assert explorer._cache[explorer.filter][1] is figures_for_outlet  # nothing rebuilt when going back
    assert _count(explorer) == len(subset.articles)


# -- the fast path draws the same figures as the frames path ---------------------------------------


def test_indexed_figures_equal_the_figures_of_the_filtered_corpus(corpus: Corpus) -> None:
    """The Explorer counts from the filter index; every figure must equal the one that
    ``helpers.figures`` draws from ``corpus.filter(f)`` (the frames path)."""
    import json

    import plotly
    import plotly.graph_objects as go

    from helpers.explore.data import Indexed
    from helpers.explore.views import SPECS, build_fast
    from helpers.figures._base import unvalidated
    from helpers.testing.figures import build_figure

    data = Indexed(corpus)
    ents = corpus.entities.sort_values("articles", ascending=False)
    place = ents[ents["place_id"] != ""]["place_id"].iloc[0]
    outlet = corpus.articles["outlet"].iloc[0]
    filters = [
        Filter(),
        Filter(outlets=(outlet,)),
        Filter(start="2022-03-01", end="2022-04-15"),
        Filter(entities=(ents["entity_id"].iloc[2],)),
        Filter(entities=tuple(ents["entity_id"].iloc[:2]), entity_mode="all"),
        Filter(places=(place,)),
        Filter(keyword="zzzznotaword"),
    ]

    def as_json(fig) -> str:
        return json.dumps(fig.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)

    for f in filters:
        sub, sel = corpus.filter(f), data.select(f)
        assert len(sel) == len(sub.articles)
        for spec in SPECS:
            expected = as_json(build_figure(spec, sub))
            assert as_json(build_fast(spec, sel)) == expected, (f.describe(), spec.name)
            with unvalidated():  # as the Explorer builds them; its widget validates them
                raw = build_fast(spec, sel).to_plotly_json()
            assert as_json(go.Figure(raw)) == expected, (f.describe(), spec.name)


# -- compare with… and tone -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def toned(corpus: Corpus) -> Corpus:
    """The synthetic corpus with a tone per article and per mention (random: the panel only reads them)."""
    rng = np.random.default_rng(5)
    arts = corpus.articles.assign(tone=rng.uniform(-1, 1, len(corpus.articles)))
    ments = corpus.mentions.assign(tone=rng.uniform(-1, 1, len(corpus.mentions)))
    return corpus.with_tables(articles=arts, mentions=ments)


def test_compare_with_the_rest_and_with_one_outlet(explorer: Explorer, corpus: Corpus) -> None:
    outlets = corpus.articles["outlet"].value_counts()
    first, second = outlets.index[0], outlets.index[1]
    explorer.outlets.value = (first,)
    explorer.comparison.button.click()
    result = explorer.comparison.result
    assert result is not None
    assert result.articles_a == outlets[first] == _count(explorer)
    assert result.articles_b == len(corpus.articles) - outlets[first]
    fig = explorer.comparison.live.widget
    drawn = sorted(float(y) for t in fig.data for y in t.y)
    biggest = result.terms["z"].abs().sort_values(ascending=False, kind="stable").index[:1500]
    # the figure draws the 1,500 terms with the largest |z|
    assert drawn == pytest.approx(sorted(result.terms.loc[biggest, "z"].tolist()))
    assert result.top(1, "a")["term"].iloc[0] in explorer.comparison.lists.value
    explorer.comparison.other.value = f"outlet:{second}"
    explorer.comparison.button.click()
    assert explorer.comparison.result.articles_b == outlets[second]
    explorer.keyword.value = "zzzznotaword"
    explorer.comparison.button.click()
    assert explorer.comparison.result is None
    assert "matches no articles" in explorer.comparison.note.value


def test_tone_panel_follows_the_filter(toned: Corpus) -> None:
    ex = Explorer(toned, debounce=0)
    arts = toned.articles
    means = [t for t in ex.tone.live.widget.data if t.mode == "lines+markers"]
    assert 1 <= len(means) <= 4
    outlet = arts["outlet"].value_counts().index[0]
    ex.outlets.value = (outlet,)
    (line,) = [t for t in ex.tone.live.widget.data if t.mode == "lines+markers"]
    assert line.name == outlet
    kept = arts[(arts["outlet"] == outlet) & arts["published"].notna()]
    monday = kept["published"].dt.normalize() - pd.to_timedelta(kept["published"].dt.day_of_week, unit="D")
    expected = kept.groupby(monday)["tone"].mean().sort_index()
    assert list(line.x) == [d.strftime("%Y-%m-%d") for d in expected.index]
    assert list(line.y) == pytest.approx(expected.tolist())
    ex.tone.by.value = "all"
    (line,) = [t for t in ex.tone.live.widget.data if t.mode == "lines+markers"]
    assert line.name == "all articles" and list(line.y) == pytest.approx(expected.tolist())
    ex.tone.by.value = "entity"
    names = {t.name for t in ex.tone.live.widget.data if t.mode == "lines+markers"}
    assert 1 <= len(names) <= 4
    ex.keyword.value = "zzzznotaword"  # nothing kept: a message, not an error
    assert (
        not ex.tone.live.widget.data and "No dated articles" in ex.tone.live.widget.layout.annotations[0].text
    )


def test_tone_panel_counts_equal_the_analysis_series(toned: Corpus) -> None:
    from helpers.analysis.tone import series_of

    ex = Explorer(toned, debounce=0)
    arts = ex.corpus.articles  # the working copy, in the panel's order
    positions = np.flatnonzero(arts["outlet"].isin(arts["outlet"].value_counts().index[:2]).to_numpy())
    got = ex.tone.series(positions, ())
    kept = arts.iloc[positions]
    expected = series_of(kept.assign(group=kept["outlet"]), "W")
    pd.testing.assert_frame_equal(
        got.sort_values(["group", "period"]).reset_index(drop=True), expected, check_dtype=False, rtol=1e-9
    )
    ex.tone.by.value = "entity"
    ids = tuple(toned.entities["entity_id"].head(2))
    got = ex.tone.series(positions, ids)
    ments = toned.mentions[
        toned.mentions["entity_id"].isin(ids) & toned.mentions["article_id"].isin(kept["article_id"])
    ]
    dates = kept.set_index("article_id")["published"]
    names = toned.entities.set_index("entity_id")["name"]
    frame = pd.DataFrame(
        {
            "group": ments["entity_id"].map(names),
            "published": ments["article_id"].map(dates),
            "tone": ments["tone"],
        }
    )
    expected = series_of(frame, "W")
    pd.testing.assert_frame_equal(
        got.sort_values(["group", "period"]).reset_index(drop=True), expected, check_dtype=False, rtol=1e-9
    )


def test_without_tone_the_panel_says_so(explorer: Explorer) -> None:
    texts = [a.text for a in explorer.tone.live.widget.layout.annotations]
    assert any("No tone" in t for t in texts)
