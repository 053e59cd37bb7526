"""The HTML report in real Chromium (file://, every other request aborted): views, controls, clicks.

Every count the page shows is compared with ``Corpus.filter`` for the same filter, computed here.
"""

from __future__ import annotations

import codecs
import json

import pytest
from _report_fixtures import ReportPage, hand_corpus

from helpers.query.filters import Filter
from helpers.query.index import index_for
from helpers.report.compute import build_core, entity_order, initial_state
from helpers.report.export import export_report

pytestmark = [pytest.mark.browser]
START = Filter(entities=("Putin",))
N_POINTS = "document.getElementById('ca-map').caPoints().length"


@pytest.fixture(scope="module")
def corpus():
    return hand_corpus(60)


@pytest.fixture(scope="module")
def full(browser, corpus, tmp_path_factory):
    """The report with bodies (exact keyword semantics), starting at ``START``."""
    path = export_report(
        corpus, tmp_path_factory.mktemp("r") / "full.html", include_bodies=True, filter=START
    )
    rp = ReportPage(browser, path)
    yield rp
    rp.close()


@pytest.fixture
def page(full):
    full.page.click("#ca-reset")
    yield full
    assert full.requests == [], "the report made network requests"
    assert full.errors == [], "console errors"


def positions(corpus, f: Filter) -> list[int]:
    kept = set(corpus.filter(f).articles["article_id"])
    return [i for i, a in enumerate(corpus.articles["article_id"]) if a in kept]


def entity_counts(corpus, f: Filter) -> dict[tuple[str, str], int]:
    ents = corpus.filter(f).entities
    return {(n, k): int(a) for n, k, a in ents[["name", "kind", "articles"]].itertuples(index=False)}


def page_entity_counts(rp: ReportPage, core: dict) -> dict[tuple[str, str], int]:
    counts = rp.js("CorpusAtlas.counts()")["entities"]
    return {
        (core["ent_name"][e], core["kinds"][core["ent_kind"][e]]): c for e, c in enumerate(counts) if c > 0
    }


def assert_same(rp: ReportPage, corpus, f: Filter) -> None:
    assert rp.selected() == positions(corpus, f)
    core = build_core(corpus)
    assert page_entity_counts(rp, core) == entity_counts(corpus, f)
    outlets = rp.js("CorpusAtlas.counts()")["outlets"]
    expected = corpus.filter(f).articles["outlet"].str.lower().value_counts()
    assert {core["outlets"][o]: c for o, c in enumerate(outlets) if c} == expected.to_dict()
    assert rp.page.text_content("#ca-count") == f"{len(positions(corpus, f)):,}"


def test_starts_with_the_exported_filter_and_resets(full, corpus):
    assert full.selected() == positions(corpus, START)
    assert full.page.text_content("#ca-chips-entities .ca-chip-label") == "Putin"
    full.page.click("#ca-reset")
    assert full.selected() == list(range(len(corpus)))
    assert full.page.is_visible("#ca-initial")
    full.page.click("#ca-initial")
    assert full.selected() == positions(corpus, START)
    assert not full.page.is_visible("#ca-initial")


def ids_by_code(corpus) -> list[str]:
    """Entity ids in the order of the report's entity codes."""
    return corpus.entities["entity_id"].to_numpy()[entity_order(corpus, index_for(corpus))].tolist()


def _rows(rp: ReportPage, selector: str) -> list[tuple[str, int]]:
    return [
        (label, int(value.replace(",", "")))
        for label, value in rp.js(
            f"[...document.querySelectorAll('{selector} li:not([hidden]) .ca-bar')]"
            ".map(b => [b.querySelector('.ca-bar-label').textContent,"
            " b.querySelector('.ca-bar-value').textContent])"
        )
    ]


def timeline_drawn(rp: ReportPage) -> tuple[int, list[int]]:
    """(articles on the timeline, the bar height in px of each bin's selection) as drawn."""
    counts = rp.js("CorpusAtlas.counts()")["timeline"]
    heights = rp.js(
        "n => { const c = document.getElementById('ca-timeline').caChart; return [...Array(n).keys()]"
        ".map(k => { const b = c.binBox(k); return Math.round(b.base - b.y[1]); }); }",
        len(counts),
    )
    return sum(counts), heights


def test_every_view_is_drawn(page, corpus):
    timeline, heights = timeline_drawn(page)
    assert timeline == int(corpus.articles["published"].notna().sum())
    counts = page.js("CorpusAtlas.counts()")["timeline"]
    top = max(range(len(counts)), key=counts.__getitem__)
    assert heights[top] == max(heights) > 0
    assert all(h == 0 for h, c in zip(heights, counts, strict=True) if not c)
    assert page.js(N_POINTS) == len(corpus.places)
    assert page.js("document.querySelectorAll('#ca-map .ca-map-base path').length") == 1
    x, y = _canvas_xy(page, "ca-map", "caPoints", -1)  # the most mentioned place, drawn last
    assert _pixel(page, "#ca-map canvas", x, y)[3] > 0  # painted
    page.page.mouse.move(x, y)
    tip = page.page.text_content("#ca-map .ca-tip")
    name, rest = tip.split(" (", 1)
    assert page.page.is_visible("#ca-map .ca-tip") and rest.endswith(" articles")
    assert int(rest.split(": ")[1].split()[0]) == corpus.filter(Filter(places=(name,))).articles.shape[0]
    # ranked lists: one per kind, counts as Corpus.filter gives them, most first
    ents = corpus.filter(Filter()).entities
    heads = page.js("[...document.querySelectorAll('#ca-entities .ca-barcol-head')].map(h => h.textContent)")
    assert heads == ["People", "Organisations", "Places", "Groups"]
    for k, kind in enumerate(["person", "org", "place", "group"]):
        rows = _rows(page, f"#ca-entities .ca-barcol:nth-child({k + 1})")
        expected = ents[ents["kind"] == kind]
        assert len(rows) == min(10, len(expected))
        counts = {n: int(a) for n, a in zip(expected["name"], expected["articles"], strict=True)}
        assert all(counts[name] == value for name, value in rows)
        assert [v for _, v in rows] == sorted((v for _, v in rows), reverse=True)
    outlets = corpus.articles["outlet"].value_counts()
    assert dict(_rows(page, "#ca-outlets")) == {(o or "(no outlet)"): int(n) for o, n in outlets.items()}
    # the matrix: articles naming both, for the entities it shows
    names = page.js(
        "[...document.querySelectorAll('#ca-cooc .ca-matrix-row:not([hidden])')].map(e => e.title)"
    )
    cells = page.js("document.getElementById('ca-cooc').caCells().map(c => c.value)")
    assert len(names) == min(12, len(ents)) and len(cells) == len(names) ** 2
    top = [ids_by_code(corpus)[c] for c in page.js("CorpusAtlas.app().then(a => a.agg.cooc.top)")]
    arts = corpus.mentions.groupby("entity_id")["article_id"].agg(set)
    for a, b in ((0, 1), (1, 2), (0, len(names) - 1)):
        assert cells[a * len(names) + b] == len(arts[top[a]] & arts[top[b]])
    x, y = _canvas_xy(page, "ca-cooc", "caCells", 1)
    assert _pixel(page, "#ca-cooc canvas", x, y)[3] > 0
    page.page.mouse.move(x, y)
    first, second = (ents.set_index("entity_id").loc[top[k], "name"] for k in (0, 1))
    assert page.page.text_content("#ca-cooc .ca-tip") == f"{first} + {second}: {cells[1]} articles"
    n_items = page.js("document.querySelectorAll('#ca-list .ca-art:not([hidden])').length")
    assert n_items == min(25, len(corpus))
    assert page.js("document.querySelectorAll('#ca-provenance-list dt').length") >= 10


def test_date_controls(page, corpus):
    page.page.fill("#ca-from", "2022-02-05")
    page.page.fill("#ca-to", "2022-02-20")
    page.page.dispatch_event("#ca-to", "change")
    assert_same(page, corpus, Filter(start="2022-02-05", end="2022-02-20"))


def test_keyword_control_phrases_are_exact_with_bodies(page, corpus):
    page.page.fill("#ca-keyword", '"peace talks" kyiv')
    page.page.press("#ca-keyword", "Enter")
    f = Filter(keyword='"peace talks" kyiv')
    assert_same(page, corpus, f)
    assert 0 < len(positions(corpus, f)) < len(positions(corpus, Filter(keyword="peace talks kyiv")))
    assert not page.page.is_visible("#ca-keyword-note")


def test_entity_typeahead_and_mode(page, corpus):
    page.page.fill("#ca-input-entities", "zelen")
    assert page.page.text_content("#ca-suggest-entities .ca-opt-active .ca-opt-label") == "Volodymyr Zelensky"
    page.page.press("#ca-input-entities", "Enter")
    assert_same(page, corpus, Filter(entities=("Volodymyr Zelensky",)))
    page.page.fill("#ca-input-entities", "washington")
    labels = page.js(
        "[...document.querySelectorAll('#ca-suggest-entities .ca-opt-sub')].map(e => e.textContent)"
    )
    assert sorted(s.split(" ")[0] for s in labels) == ["person", "place"]
    page.page.press("#ca-input-entities", "Escape")
    page.page.fill("#ca-input-entities", "putin")
    page.page.press("#ca-input-entities", "Enter")
    assert_same(page, corpus, Filter(entities=("Volodymyr Zelensky", "Vladimir Putin")))
    page.page.select_option("#ca-mode", "all")
    assert_same(page, corpus, Filter(entities=("Volodymyr Zelensky", "Vladimir Putin"), entity_mode="all"))


def test_place_and_outlet_typeahead(page, corpus):
    page.page.fill("#ca-input-places", "lvi")
    page.page.press("#ca-input-places", "Enter")
    assert_same(page, corpus, Filter(places=("Lviv",)))
    page.page.fill("#ca-input-outlets", "bbc")
    page.page.press("#ca-input-outlets", "Enter")
    assert_same(page, corpus, Filter(places=("Lviv",), outlets=("bbc.co.uk",)))
    page.page.click("#ca-chips-places .ca-chip-x")
    assert_same(page, corpus, Filter(outlets=("bbc.co.uk",)))


def _canvas_xy(rp: ReportPage, box: str, items: str, index: int) -> tuple[float, float]:
    """Page coordinates of the centre of item ``index`` of a canvas view (``caPoints``/``caCells``)."""
    rp.page.locator(f"#{box} canvas").scroll_into_view_if_needed()
    return tuple(
        rp.js(
            f"""k => {{
              const box = document.getElementById("{box}"), all = box[{items!r}]();
              const it = all[k < 0 ? all.length + k : k];
              const r = box.querySelector("canvas").getBoundingClientRect();
              return [r.left + it.x + (it.w || 0) / 2, r.top + it.y + (it.h || 0) / 2];
            }}""",
            index,
        )
    )


def _pixel(rp: ReportPage, canvas: str, x: float, y: float) -> list[int]:
    """RGBA of the canvas at page point (x, y)."""
    return rp.js(
        f"""([x, y]) => {{
          const c = document.querySelector("{canvas}"), r = c.getBoundingClientRect(), s = c.width / r.width;
          const at = [Math.floor((x - r.left) * s), Math.floor((y - r.top) * s)];
          return Array.from(c.getContext("2d").getImageData(at[0], at[1], 1, 1).data);
        }}""",
        [x, y],
    )


def _click(rp: ReportPage, selector: str, index: int = 0) -> None:
    target = rp.page.locator(selector).nth(index)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    rp.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def bin_xy(rp: ReportPage, k: int, fraction: float = 0.5) -> tuple[float, float]:
    """Page coordinates inside timeline bin ``k`` (at ``fraction`` of its width), halfway up the plot."""
    rp.page.locator("#ca-timeline canvas").scroll_into_view_if_needed()
    return tuple(
        rp.js(
            """([k, f]) => {
              const c = document.getElementById("ca-timeline").caChart, b = c.binBox(k), v = c.view();
              const r = c.canvas.getBoundingClientRect();
              return [r.left + b.x0 + f * (b.x1 - b.x0), r.top + (v.margin.t + b.base) / 2];
            }""",
            [k, fraction],
        )
    )


def _chips(rp: ReportPage, field: str) -> list[str]:
    return rp.js(
        f"[...document.querySelectorAll('#ca-chips-{field} .ca-chip-label')].map(e => e.textContent)"
    )


def test_plots_follow_filter_changes(page, corpus):
    """The plots are updated in place after the first drawing: each change shows its selection."""
    outlet = corpus.articles["outlet"].value_counts().index[0]
    for f in (Filter(outlets=(outlet,)), Filter(entities=("Putin",)), Filter(), Filter(keyword="zzzz")):
        page.js("s => CorpusAtlas.setState(s)", initial_state(corpus, f, build_core(corpus)))
        page.js("CorpusAtlas.drawn()")
        sub = corpus.filter(f)
        on_timeline, heights = timeline_drawn(page)
        assert on_timeline == sub.articles["published"].notna().sum()
        assert (max(heights) > 0) == (on_timeline > 0), f
        shown = page.js(N_POINTS)
        assert shown == len(sub.places.dropna(subset=["lat", "lon"])), f


def test_clicks_on_bars_points_and_cells_filter(page, corpus):
    page.page.click("#ca-entities .ca-bar >> nth=0")
    (name,) = _chips(page, "entities")
    assert_same(page, corpus, Filter(entities=(name,)))
    page.page.click("#ca-outlets .ca-bar >> nth=0")
    (outlet,) = _chips(page, "outlets")
    assert_same(page, corpus, Filter(entities=(name,), outlets=(outlet,)))
    page.page.click("#ca-reset")
    page.page.mouse.click(*_canvas_xy(page, "ca-map", "caPoints", 0))
    (place,) = _chips(page, "places")
    assert_same(page, corpus, Filter(places=(place,)))
    page.page.click("#ca-reset")
    page.page.mouse.click(*bin_xy(page, 3))
    state = page.js("CorpusAtlas.state()")
    assert state["start"] is not None and state["end"] >= state["start"]
    start, end = (
        str(page.js(f"new Date({d} * 864e5).toISOString().slice(0, 10)"))
        for d in (state["start"], state["end"])
    )
    assert_same(page, corpus, Filter(start=start, end=end))


def test_cooccurrence_cell_click_filters_by_both(page, corpus):
    page.page.mouse.click(*_canvas_xy(page, "ca-cooc", "caCells", 1))
    names = _chips(page, "entities")
    assert len(names) == 2 and page.js("CorpusAtlas.state()")["mode"] == "all"
    assert_same(page, corpus, Filter(entities=tuple(names), entity_mode="all"))
    page.page.click("#ca-reset")
    page.page.click("#ca-cooc .ca-matrix-row >> nth=2")
    (name,) = _chips(page, "entities")
    assert_same(page, corpus, Filter(entities=(name,)))


def test_canvas_views_work_from_the_keyboard(page, corpus):
    """Map and matrix: Tab to the canvas, arrows move (the tooltip says where), Enter filters."""
    page.page.click("#ca-reset")
    page.page.focus("#ca-cooc canvas")
    page.page.keyboard.press("ArrowRight")  # the first cell
    page.page.keyboard.press("ArrowRight")  # one to the right: the two most mentioned entities
    tip = page.page.text_content("#ca-cooc .ca-tip")
    page.page.keyboard.press("Enter")
    names = _chips(page, "entities")
    assert tip.startswith(f"{names[0]} + {names[1]}: ") and page.js("CorpusAtlas.state()")["mode"] == "all"
    assert_same(page, corpus, Filter(entities=tuple(names), entity_mode="all"))
    page.page.click("#ca-reset")
    page.page.focus("#ca-map canvas")
    page.page.keyboard.press("ArrowDown")  # the most mentioned place first
    biggest = page.js("document.getElementById('ca-map').caPoints().at(-1).text")
    assert page.page.text_content("#ca-map .ca-tip") == biggest
    page.page.keyboard.press("Enter")
    (place,) = _chips(page, "places")
    assert biggest.startswith(place + " (")
    assert_same(page, corpus, Filter(places=(place,)))
    page.page.click("#ca-reset")


def test_canvas_tooltips_stay_inside_their_view(page):
    """Near the right or bottom edge the tooltip turns left / up instead of running out of the card."""
    page.page.click("#ca-reset")
    for box, items in (("ca-cooc", "caCells"), ("ca-map", "caPoints")):
        index = (
            -1
            if box == "ca-cooc"
            else max(
                range(page.js(f"document.getElementById('{box}').{items}().length")),
                key=lambda k: page.js(f"document.getElementById('{box}').{items}()[{k}].x"),
            )
        )
        x, y = _canvas_xy(page, box, items, index)  # the bottom-right cell; the rightmost point
        page.page.mouse.move(x, y)
        tip = page.page.locator(f"#{box} .ca-tip").bounding_box()
        view = page.page.locator(f"#{box} canvas").bounding_box()
        assert page.page.is_visible(f"#{box} .ca-tip"), box
        assert tip["x"] >= view["x"] and tip["x"] + tip["width"] <= view["x"] + view["width"] + 1, box
        assert tip["y"] >= view["y"] and tip["y"] + tip["height"] <= view["y"] + view["height"] + 1, box
    page.page.mouse.move(0, 0)


def test_report_starts_when_a_server_sends_a_wrong_charset(browser, corpus, tmp_path):
    """The file begins with a UTF-8 byte-order mark, which outranks a server's charset header."""
    body = export_report(corpus, tmp_path / "served.html").read_bytes()
    assert body.startswith(codecs.BOM_UTF8)
    page = browser.new_page()
    try:
        latin1 = {"content-type": "text/html; charset=iso-8859-1"}  # an intranet server's default
        page.route("**/*", lambda r: r.fulfill(status=200, body=body, headers=latin1))
        page.goto("http://intranet.example/report.html")
        page.wait_for_function("() => window.__caFirstDraw !== undefined", timeout=60_000)
        assert page.evaluate("() => document.characterSet") == "UTF-8"
        assert page.evaluate("() => document.getElementById('ca-error').hidden")
    finally:
        page.close()


FILTERS = [
    Filter(),
    Filter(start="2022-02-10"),
    Filter(end="2022-02-10", outlets=("theguardian.com", "nowhere.org")),
    Filter(outlets=("nowhere.org",)),
    Filter(entities=("kiev", "nobody")),
    Filter(entities=("Washington", "NATO"), entity_mode="all"),
    Filter(entities=("Putin", "nobody"), entity_mode="all"),
    Filter(places=("Kyiv", "524901")),
    Filter(keyword="talks"),
    Filter(keyword='"peace talks"'),
    Filter(keyword='peace "grain deal'),
    Filter(keyword="PEACETALKS"),
    Filter(keyword='"" ,,'),
    Filter(start="2022-02-03", end="2022-03-20", entities=("UN",), places=("Lviv",), keyword="the"),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f.describe())
def test_any_filter_state_matches_python(page, corpus, f):
    page.js("s => CorpusAtlas.setState(s)", initial_state(corpus, f, build_core(corpus)))
    assert_same(page, corpus, f)


def test_drilldown_shows_snippets_keyword_and_link(page, corpus):
    page.page.fill("#ca-keyword", "grain")
    page.page.press("#ca-keyword", "Enter")
    page.page.click("#ca-list .ca-art-head >> nth=0")
    page.page.wait_for_selector("#ca-list .ca-art-more .ca-snips")
    more = page.page.locator("#ca-list .ca-art-more").first
    pos = int(page.js("document.querySelector('#ca-list .ca-art:not([hidden])').dataset.pos"))
    body = corpus.articles["body"][pos]
    marks = more.locator(".ca-snips:not(.ca-kwic) mark").all_text_contents()
    mentions = set(
        corpus.mentions.loc[corpus.mentions["article_id"] == corpus.articles["article_id"][pos], "text"]
    )
    assert marks and set(marks) <= mentions
    assert {m.lower() for m in more.locator(".ca-kwic mark").all_text_contents()} == {"grain"}
    link = more.locator("a.ca-url")
    assert link.get_attribute("href") == corpus.articles["url"][pos]
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert more.locator(".ca-body").text_content() == body


def test_word_index_mode_is_exact_for_words_and_says_so_for_phrases(browser, corpus, tmp_path):
    rp = ReportPage(browser, export_report(corpus, tmp_path / "lean.html", snippets=False))
    try:
        for f in (Filter(keyword="talks moscow"), Filter(keyword="peacetalks", outlets=("bbc.co.uk",))):
            rp.js("s => CorpusAtlas.setState(s)", initial_state(corpus, f, build_core(corpus)))
            assert_same(rp, corpus, f)
            assert not rp.page.is_visible("#ca-keyword-note")
        rp.page.fill("#ca-keyword", '"talks peace"')
        rp.page.press("#ca-keyword", "Enter")
        assert rp.page.is_visible("#ca-keyword-note")
        assert set(positions(corpus, Filter(keyword='"talks peace"'))) <= set(rp.selected())
        rp.page.click("#ca-list .ca-art-head >> nth=0")
        rp.page.wait_for_selector("#ca-list .ca-art-more")
        assert "left out" in rp.page.text_content("#ca-list .ca-art-more")
        assert rp.requests == [] and rp.errors == []
    finally:
        rp.close()


def test_word_index_mode_is_exact_for_the_phrases_it_was_made_with(browser, corpus, tmp_path):
    """A phrase of the exported filter counts exactly without the bodies; a new phrase is flagged."""
    f = Filter(keyword='"peace talks" kyiv')
    words = Filter(keyword="peace talks kyiv")
    assert 0 < len(positions(corpus, f)) < len(positions(corpus, words))  # the phrase narrows it
    rp = ReportPage(browser, export_report(corpus, tmp_path / "phrase.html", filter=f, snippets=False))
    try:
        assert sorted(rp.selected()) == positions(corpus, f)
        assert not rp.page.is_visible("#ca-keyword-note")
        rp.js("s => CorpusAtlas.setState(s)", initial_state(corpus, words, build_core(corpus)))
        rp.js("s => CorpusAtlas.setState(s)", initial_state(corpus, f, build_core(corpus)))
        assert_same(rp, corpus, f)  # back to the phrase by hand: still exact
        rp.page.fill("#ca-keyword", '"talks kyiv"')
        rp.page.press("#ca-keyword", "Enter")
        assert rp.page.is_visible("#ca-keyword-note")
        assert rp.requests == [] and rp.errors == []
    finally:
        rp.close()


@pytest.mark.slow
@pytest.mark.shared
def test_real_corpus_report(browser, ukraine_dir, tmp_path):
    """The 5,189 real articles (loaded with enrich=False: NER on them takes many minutes on 2 cores,
    and the enriched views are covered above): every control and count against Corpus.filter."""
    import warnings

    from helpers.corpus.model import load_corpus
    from helpers.report.export import ReportSizeWarning

    corpus = load_corpus(ukraine_dir, enrich=False, progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReportSizeWarning)
        path = export_report(corpus, tmp_path / "ukraine.html", include_bodies=True)
    rp = ReportPage(browser, path)
    try:
        assert rp.selected() == list(range(len(corpus)))
        assert timeline_drawn(rp)[0] == int(corpus.articles["published"].notna().sum())
        rp.page.fill("#ca-input-outlets", "bbc")
        rp.page.press("#ca-input-outlets", "Enter")
        (outlet,) = _chips(rp, "outlets")
        assert outlet.startswith("bbc.")
        rp.page.fill("#ca-from", "2022-03-15")
        rp.page.dispatch_event("#ca-from", "change")
        assert_same(rp, corpus, Filter(outlets=(outlet,), start="2022-03-15"))
        for query in ("zaporizhzhia", '"nuclear power plant" mariupol', '"peace talks"', "peace talks"):
            rp.page.fill("#ca-keyword", query)
            rp.page.press("#ca-keyword", "Enter")
            f = Filter(outlets=(outlet,), start="2022-03-15", keyword=query)
            assert_same(rp, corpus, f)
            assert len(positions(corpus, f)) > 0
        rp.page.click("#ca-reset")
        assert rp.selected() == list(range(len(corpus)))
        assert rp.requests == [] and rp.errors == []
    finally:
        rp.close()


def test_firefox_opens_and_filters(corpus, tmp_path):
    """The same report in Firefox (Debian firefox-esr over Marionette; skipped where it is absent)."""
    import shutil

    from _report_fixtures import FirefoxPage

    binary = shutil.which("firefox-esr") or shutil.which("firefox")
    if binary is None:
        pytest.skip("no firefox-esr on this machine (apt-get install firefox-esr)")
    path = export_report(corpus, tmp_path / "ff.html", include_bodies=True, filter=START)
    ff = FirefoxPage(path, binary)
    try:
        state = ff.run(
            "const t0 = Date.now(); while (window.__caFirstDraw === undefined && Date.now() - t0 < 60000)"
            " await new Promise(r => setTimeout(r, 50));"
            " return {first: window.__caFirstDraw, error: document.getElementById('ca-error').textContent,"
            " plots: document.querySelectorAll('canvas').length,"
            " bars: document.querySelectorAll('.ca-bar').length,"
            " selected: await CorpusAtlas.selected()};"
        )
        assert state["error"] == "" and state["first"] is not None
        assert state["plots"] >= 3 and state["bars"] > 0  # timeline, map and matrix
        assert state["selected"] == positions(corpus, START)
        f = Filter(keyword='"peace talks"', outlets=("bbc.co.uk",))
        selected = ff.run(
            f"await CorpusAtlas.setState({json.dumps(initial_state(corpus, f, build_core(corpus)))});"
            " return await CorpusAtlas.selected();"
        )
        assert selected == positions(corpus, f)
    finally:
        ff.close()


def test_empty_corpus_report_opens(browser, tmp_path):
    from helpers.core import schema
    from helpers.corpus.model import Corpus

    empty = Corpus(articles=schema.empty_frame(schema.ARTICLE_COLUMNS))
    rp = ReportPage(browser, export_report(empty, tmp_path / "empty.html"))
    try:
        assert rp.selected() == [] and rp.page.text_content("#ca-count") == "0"
        assert "No article" in rp.page.text_content("#ca-list")
        assert rp.requests == [] and rp.errors == []
    finally:
        rp.close()


def test_csv_download_and_notebook_filter_match_the_selection(page, corpus, tmp_path):
    import csv

    page.page.fill("#ca-input-entities", "nato")
    page.page.press("#ca-input-entities", "Enter")
    page.page.fill("#ca-keyword", '"peace talks"')
    page.page.press("#ca-keyword", "Enter")
    page.page.fill("#ca-to", "2022-03-01")
    page.page.dispatch_event("#ca-to", "change")
    expression = page.page.text_content("#ca-python")
    f = eval(expression, {"Filter": Filter})  # the page's own text, run as the notebook would
    assert f == Filter(entities=("NATO",), keyword='"peace talks"', end="2022-03-01")
    assert page.selected() == positions(corpus, f)
    with page.page.expect_download() as info:
        page.page.click("#ca-csv")
    saved = tmp_path / "selection.csv"
    info.value.save_as(saved)
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8-sig").splitlines()))
    kept = corpus.filter(f).articles
    assert sorted(r["url"] for r in rows) == sorted(kept["url"])
    assert [r["published"] for r in rows] == sorted((r["published"] for r in rows), reverse=True)
