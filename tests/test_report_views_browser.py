"""The report's timeline chart, PNG export, CSP and the new-reader fixes, in real Chromium and Firefox.

One page of the hand corpus serves every Chromium check here (a page load is the slow part); counts
are compared with ``Corpus.filter``. The CSP checks open a report whose hostile article text was
spliced into the markup unescaped, as a broken escaper would, and expect the browser to block and
report every script, event handler and ``style`` attribute in it.
"""

from __future__ import annotations

import json
import shutil
import struct

import pytest
from _report_fixtures import FirefoxPage, ReportPage, hand_corpus
from test_report_browser import assert_same, bin_xy, positions

from helpers.query.filters import Filter
from helpers.report.compute import build_core, initial_state
from helpers.report.export import export_report

pytestmark = [pytest.mark.browser]
TITLE = "Timeline & views"
VIEWS = ("timeline", "entities", "map", "outlets", "cooc")
#: hostile article text; the report escapes it, the CSP test splices it in raw
HOSTILE = (
    '<script>window.__pwned = "script"</script>'
    '<img id="ca-inj-img" src="data:," onerror="window.__pwned = \'handler\'">'
    '<p id="ca-inj" style="color: rgb(255, 0, 0)">injected</p>'
)


@pytest.fixture(scope="module")
def corpus():
    return hand_corpus(120)  # 120 articles over Feb-May 2022: weekly bins


@pytest.fixture(scope="module")
def rp(browser, corpus, tmp_path_factory):
    path = export_report(corpus, tmp_path_factory.mktemp("v") / "views.html", title=TITLE)
    page = ReportPage(browser, path)
    yield page
    page.close()


@pytest.fixture
def page(rp):
    rp.page.click("#ca-reset")
    yield rp
    assert rp.requests == [], "the report made network requests"
    assert rp.errors == [], "console errors"


def day_iso(rp: ReportPage, day: int) -> str:
    return rp.js(f"new Date({day} * 864e5).toISOString().slice(0, 10)")


def bins(rp: ReportPage) -> tuple[list[int], list[int]]:
    return rp.js("CorpusAtlas.app().then(a => [a.data.bins.starts, a.data.bins.ends])")


def test_brush_hover_zoom_pan_and_keyboard(page, corpus):
    starts, ends = bins(page)
    assert len(starts) >= 10
    # drag across bins 2..5: the date filter is their span, counted as Corpus.filter counts it
    page.page.mouse.move(*bin_xy(page, 2, 0.3))
    page.page.mouse.down()
    page.page.mouse.move(*bin_xy(page, 4))
    page.page.mouse.move(*bin_xy(page, 5, 0.7))
    page.page.mouse.up()
    state = page.js("CorpusAtlas.state()")
    assert (state["start"], state["end"]) == (starts[2], ends[5])
    f = Filter(start=day_iso(page, starts[2]), end=day_iso(page, ends[5]))
    assert_same(page, corpus, f)
    # hover: the week, its selected and total counts
    page.page.mouse.move(*bin_xy(page, 3))
    tip = page.page.text_content("#ca-timeline .ca-tip")
    week = Filter(start=day_iso(page, starts[3]), end=day_iso(page, ends[3]))
    n_week = len(corpus.filter(week).articles)
    assert tip == f"week of {day_iso(page, starts[3])}: {n_week} of {n_week} articles"
    page.page.mouse.move(*bin_xy(page, 8))  # outside the brushed dates: none of them selected
    later = Filter(start=day_iso(page, starts[8]), end=day_iso(page, ends[8]))
    assert page.page.text_content("#ca-timeline .ca-tip").endswith(
        f": 0 of {len(corpus.filter(later).articles)} articles"
    )
    # double-click clears the date filter
    page.page.mouse.dblclick(*bin_xy(page, 6))
    assert page.js("CorpusAtlas.state()")["start"] is None and page.selected() == list(range(len(corpus)))
    # zoom in from the keyboard, pan with Shift + drag, back with 0
    chart = "document.getElementById('ca-timeline').caChart.view()"
    full = page.js(chart)
    page.page.focus("#ca-timeline canvas")
    page.page.keyboard.press("+")
    page.page.keyboard.press("+")
    zoomed = page.js(chart)
    assert zoomed["end"] - zoomed["start"] < 0.5 * (full["end"] - full["start"])
    x, y = bin_xy(page, 4)
    page.page.keyboard.down("Shift")
    page.page.mouse.move(x, y)
    page.page.mouse.down()
    page.page.mouse.move(x + 150, y)
    page.page.mouse.up()
    page.page.keyboard.up("Shift")
    panned = page.js(chart)
    assert panned["start"] < zoomed["start"] and panned["end"] - panned["start"] == pytest.approx(
        zoomed["end"] - zoomed["start"]
    )
    assert page.js("CorpusAtlas.state()")["start"] is None  # panning is not brushing
    page.page.focus("#ca-timeline canvas")
    page.page.keyboard.press("0")
    assert page.js(chart)["start"] == full["start"] and page.js(chart)["end"] == full["end"]
    # keyboard brush: Home, two steps right, Shift + two more, Enter; Escape clears
    for key in ("Home", "ArrowRight", "ArrowRight", "Shift+ArrowRight", "Shift+ArrowRight", "Enter"):
        page.page.keyboard.press(key)
    state = page.js("CorpusAtlas.state()")
    assert (state["start"], state["end"]) == (starts[2], ends[4])
    assert_same(page, corpus, Filter(start=day_iso(page, starts[2]), end=day_iso(page, ends[4])))
    page.page.keyboard.press("Escape")
    assert page.js("CorpusAtlas.state()")["end"] is None


def test_scale_to_the_selection(page, corpus):
    counts = lambda: page.js("CorpusAtlas.counts()")["timeline"]  # noqa: E731
    whole = max(counts())
    page.js(
        "s => CorpusAtlas.setState(s)",
        initial_state(corpus, Filter(outlets=("bbc.co.uk",)), build_core(corpus)),
    )
    selected = max(counts())
    assert 0 < selected < whole
    y_max = "document.getElementById('ca-timeline').caChart.view().yMax"
    assert page.js(y_max) == whole
    page.page.check("#ca-scale")
    assert page.js(y_max) == selected
    heights = [
        page.js(f"(b => b.base - b.y[1])(document.getElementById('ca-timeline').caChart.binBox({k}))")
        for k in range(len(counts()))
    ]
    assert max(heights) > 100  # the tallest selected bar fills the plot (220 px high)
    page.page.uncheck("#ca-scale")
    assert page.js(y_max) == whole


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_export_of_every_view(page, corpus, tmp_path):
    page.js(
        "s => CorpusAtlas.setState(s)", initial_state(corpus, Filter(entities=("Putin",)), build_core(corpus))
    )
    n = len(positions(corpus, Filter(entities=("Putin",))))
    for view in VIEWS:
        info = page.js(f"CorpusAtlas.png('{view}')")
        assert info["lines"][0].endswith(f" · {TITLE}")
        assert " ".join(info["lines"][1:]) == f"Filter: any of: Putin ({n} of {len(corpus)} articles)"
        button = f".ca-png[data-view='{view}']"
        with page.page.expect_download() as download:
            page.page.click(button)
        saved = tmp_path / f"{view}.png"
        download.value.save_as(saved)
        assert download.value.suggested_filename == f"corpus-atlas-{view}.png"
        assert png_size(saved.read_bytes()) == (info["width"], info["height"])
        shown = page.page.locator(f"#ca-{view}").bounding_box()
        # drawn at 2x: at least the view's width, and taller than it by the caption
        assert info["width"] >= 1.9 * min(shown["width"], 300) and info["height"] > 2 * 40, view


def test_cooccurrence_clears_on_an_empty_selection(page, corpus):
    page.page.fill("#ca-from", "2030-01-01")
    page.page.dispatch_event("#ca-from", "change")
    assert page.selected() == []
    assert page.page.text_content("#ca-cooc .ca-hint") == "Fewer than two entities in this selection."
    assert not page.page.is_visible("#ca-cooc .ca-matrix")
    assert page.js("document.getElementById('ca-cooc').caCells().length") == 0
    painted = page.js(
        "(c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v))"
        "(document.querySelector('#ca-cooc canvas'))"
    )
    assert not painted, "numbers of the previous selection are still on the canvas"
    page.page.click("#ca-reset")
    assert page.page.is_visible("#ca-cooc .ca-matrix")


def test_typeahead_ranks_word_prefixes_by_articles_and_labels_selected_of_total(page, corpus):
    # the page's own ranking: a word starting with the query beats a match inside a word; among
    # word-prefix matches more articles (selected, then total) come first
    keys = [["zelenskiy's office"], ["president volodymyr zelensky"], ["azelensky"], ["zelensky-era"]]
    order = page.js(
        "([k, s, t]) => CorpusAtlas.rank('zelensk', k, s, t)", [keys, [1, 74, 90, 3], [1, 74, 90, 3]]
    )
    assert order == [1, 3, 0, 2]
    order = page.js(
        "([k, s, t]) => CorpusAtlas.rank('zelensk', k, s, t)", [keys, [0, 0, 0, 0], [1, 74, 90, 3]]
    )
    assert order == [1, 3, 0, 2]  # nothing selected: the totals decide
    page.js(
        "s => CorpusAtlas.setState(s)",
        initial_state(corpus, Filter(outlets=("bbc.co.uk",)), build_core(corpus)),
    )
    page.page.fill("#ca-input-entities", "was")
    subs = page.js(
        "[...document.querySelectorAll('#ca-suggest-entities .ca-opt-sub')].map(e => e.textContent)"
    )
    sub = corpus.filter(Filter(outlets=("bbc.co.uk",)))
    for text in subs:
        kind, counted = text.split(" · ")
        eid = "e:washington" if kind == "place" else "e:washington_p"
        total = int(corpus.entities.set_index("entity_id").loc[eid, "articles"])
        chosen = sub.entities.set_index("entity_id")
        selected = int(chosen.loc[eid, "articles"]) if eid in chosen.index else 0
        assert counted == f"{selected} of {total}"
    page.page.press("#ca-input-entities", "Escape")


def test_show_all_clears_the_text_typed_in_pickers(page):
    for field, text in (("entities", "put"), ("places", "ky"), ("outlets", "bb")):
        page.page.fill(f"#ca-input-{field}", text)
    page.page.fill("#ca-keyword", "grain")
    page.page.press("#ca-keyword", "Enter")
    page.page.click("#ca-reset")
    for field in ("entities", "places", "outlets"):
        assert page.page.input_value(f"#ca-input-{field}") == ""
        assert not page.page.is_visible(f"#ca-suggest-{field}")
    assert page.page.input_value("#ca-keyword") == ""


@pytest.fixture(scope="module")
def injected(corpus, tmp_path_factory):
    """A report of a hostile article, then that article's text spliced unescaped into the markup."""
    hostile = hand_corpus(
        30,
        extra=[dict(article_id="evil", path="evil.txt", title=HOSTILE, body=HOSTILE, outlet="evil.example")],
    )
    path = export_report(hostile, tmp_path_factory.mktemp("csp") / "injected.html")
    page = path.read_text(encoding="utf-8-sig")
    assert HOSTILE not in page  # the report escapes it; the splice below plays a broken escaper
    path.write_text(
        page.replace('<main class="ca-main">', '<main class="ca-main">' + HOSTILE, 1), encoding="utf-8-sig"
    )
    return path, hostile


CSP_PROBE = """
  const inj = document.getElementById("ca-inj");
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned),
    color: getComputedStyle(inj).color, injected: !!document.getElementById("ca-inj-img"),
    violations: window.__caViolations.map(v => v.directive),
    error: document.getElementById("ca-error").textContent, selected: (await CorpusAtlas.selected()).length};
"""


def check_blocked(result: dict, n: int) -> None:
    assert result["injected"], "the splice did not reach the page"
    assert result["pwned"] is None, f"injected code ran: {result['pwned']}"
    assert result["color"] != "rgb(255, 0, 0)", "an injected style attribute was applied"
    directives = set(result["violations"])
    assert any(d.startswith("script-src") for d in directives), directives  # <script> and onerror
    assert any(d.startswith("style-src") for d in directives), directives  # style="..."
    assert len(result["violations"]) >= 3
    assert result["error"] == "" and result["selected"] == n  # and the report still works


def test_injected_markup_is_blocked_and_reported_in_chromium(browser, injected):
    path, hostile = injected
    rp = ReportPage(browser, path)
    try:
        rp.page.wait_for_function("() => window.__caViolations.length >= 3", timeout=10_000)
        check_blocked(rp.js(f"async () => {{ {CSP_PROBE} }}"), len(hostile))
        assert rp.requests == []
        assert all(e.startswith("CSP violation") or "Content Security Policy" in e for e in rp.errors), (
            rp.errors
        )
    finally:
        rp.close()


def test_injected_markup_is_blocked_and_reported_in_firefox(injected):
    binary = shutil.which("firefox-esr") or shutil.which("firefox")
    if binary is None:
        pytest.skip("no firefox-esr on this machine (apt-get install firefox-esr)")
    path, hostile = injected
    ff = FirefoxPage(path, binary)
    try:
        result = ff.run(
            "const t0 = Date.now(); while ((window.__caFirstDraw === undefined"
            " || window.__caViolations.length < 3) && Date.now() - t0 < 30000)"
            " await new Promise(r => setTimeout(r, 50));" + CSP_PROBE
        )
        check_blocked(result, len(hostile))
        f = Filter(outlets=("evil.example",), keyword="grain")  # and it filters as Corpus.filter does
        selected = ff.run(
            f"await CorpusAtlas.setState({json.dumps(initial_state(hostile, f, build_core(hostile)))});"
            " return await CorpusAtlas.selected();"
        )
        assert selected == positions(hostile, f)
    finally:
        ff.close()
