"""Hostile article text in the HTML report: nothing executes, no dialog opens, the text shows as written.

Titles, bodies, captions, outlets, URLs, entity names, the report title and the exported filter carry
classic payloads. The report is opened in Chromium with every request aborted; ``page.on("dialog")``
records any alert, and the payloads that do not alert set ``window.__xss``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _report_fixtures import ReportPage, hand_corpus

from helpers.query.filters import Filter
from helpers.report.export import build_report

pytestmark = [pytest.mark.browser]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
BREAKOUT = "</script><script>alert(3)</script>"
JS_URL = "javascript:alert(4)"
SENTINEL = '<img src=x onerror="window.__xss=1">'
COMMENT = "<!-- <script>window.__xss=2</script>"
LINE_SEP = "line\u2028separator\u2029here"
JSON_TITLE = '{"a":1}'
SVG = "<svg onload=alert(5)>"
FORMULA = '=HYPERLINK("https://evil.example","click")'
TITLES = [SCRIPT, IMG, BREAKOUT, SENTINEL, COMMENT, LINE_SEP, JSON_TITLE, FORMULA]
#: hostile entity names (they also occur in the bodies, so they get mentions and snippets)
HOSTILE_ENTITIES = [
    ("x:img", IMG, "person", [], ""),
    ("x:breakout", BREAKOUT, "org", [], ""),
    ("x:json", JSON_TITLE, "group", [], ""),
    ("x:sentinel", SENTINEL, "person", [], ""),
]


def hostile_corpus():
    extra = []
    for i, title in enumerate(TITLES):
        body = f"Body {i}: {SCRIPT} then {IMG} met {BREAKOUT} and {JSON_TITLE} near {SENTINEL}."
        body += f"\n\n{COMMENT} {LINE_SEP}"
        extra.append(
            {
                "article_id": f"x{i}",
                "path": f"x{i}.txt",
                "title": title,
                "published": pd.Timestamp(2022, 3, 1 + i),
                "outlet": SVG if i == 0 else "evil.example",
                "url": JS_URL if i % 2 == 0 else f'https://evil.example/{i}"><script>alert(6)</script>',
                "caption": f"{SVG} caption {i} {SENTINEL}",
                "photo_credit": IMG,
                "body": body,
                "related": "",
                "word_count": 10,
            }
        )
    return hand_corpus(12, extra=extra, entities=HOSTILE_ENTITIES)


@pytest.fixture(scope="module", params=[True, False], ids=["gzip", "plain-json"])
def opened(request, browser, tmp_path_factory):
    corpus = hostile_corpus()
    report = build_report(
        corpus,
        title=f"</title>{BREAKOUT}{LINE_SEP}",
        filter=Filter(entities=(IMG, BREAKOUT), keyword=f"body {SCRIPT}"),
        include_bodies=True,
        compress=request.param,
    )
    path = tmp_path_factory.mktemp("xss") / "hostile.html"
    path.write_text(report.html, encoding="utf-8")
    rp = ReportPage(browser, path)
    yield rp, corpus, report.html
    rp.close()


def texts(rp: ReportPage, selector: str) -> list[str]:
    return rp.js(f"[...document.querySelectorAll({selector!r})].map(e => e.textContent)")


def assert_inert(rp: ReportPage, page_html: str) -> None:
    assert rp.dialogs == []
    assert rp.js("window.__xss") is None
    assert rp.requests == []
    assert rp.errors == []
    assert rp.js("document.scripts.length") == page_html.count("<script")
    handlers = rp.js(
        "[...document.querySelectorAll('*')]"
        ".filter(e => [...e.attributes].some(a => a.name.startsWith('on')))"
        ".map(e => e.outerHTML.slice(0, 80))"
    )
    assert handlers == []


def test_title_and_exported_filter_show_as_written(opened):
    rp, _, page_html = opened
    title = f"</title>{BREAKOUT}{LINE_SEP}"
    assert rp.js("document.title") == title
    assert rp.page.text_content("#ca-title") == title
    assert texts(rp, "#ca-chips-entities .ca-chip-label") == [IMG, BREAKOUT]
    assert rp.js("CorpusAtlas.state()")["keyword"] == f"body {SCRIPT}"
    assert rp.page.input_value("#ca-keyword") == f"body {SCRIPT}"
    assert_inert(rp, page_html)


def test_article_list_and_drilldown_show_text_as_written(opened):
    rp, corpus, page_html = opened
    rp.page.click("#ca-reset")
    rp.page.fill("#ca-input-outlets", "evil")
    rp.page.press("#ca-input-outlets", "Enter")
    shown = texts(rp, "#ca-list .ca-art:not([hidden]) .ca-art-title")
    assert sorted(shown) == sorted(TITLES[1:])
    assert set(texts(rp, "#ca-list .ca-art:not([hidden]) .ca-art-outlet")) == {"evil.example"}
    for k in range(len(shown)):
        rp.page.click(f"#ca-list .ca-art-head >> nth={k}")
        rp.page.wait_for_selector(f"#ca-list .ca-art >> nth={k} >> .ca-art-more")
    pos = [
        int(p)
        for p in rp.js(
            "[...document.querySelectorAll('#ca-list .ca-art:not([hidden])')].map(e => e.dataset.pos)"
        )
    ]
    captions = texts(rp, "#ca-list .ca-caption")
    assert captions == [f"{corpus.articles['caption'][p]} — {IMG}" for p in pos]
    hrefs = rp.js("[...document.querySelectorAll('#ca-list a')].map(a => [a.getAttribute('href'), a.rel])")
    assert all(h.startswith("https://evil.example/") and rel == "noopener noreferrer" for h, rel in hrefs)
    assert len(hrefs) == sum(corpus.articles["url"][p].startswith("https:") for p in pos)
    marks = set(texts(rp, "#ca-list .ca-snips:not(.ca-kwic) mark"))
    assert {IMG, BREAKOUT, JSON_TITLE, SENTINEL} <= marks
    assert texts(rp, "#ca-list .ca-body") == [corpus.articles["body"][p] for p in pos]
    assert_inert(rp, page_html)


def test_hostile_outlet_and_entity_names_in_charts_and_typeahead(opened):
    rp, _, page_html = opened
    rp.page.click("#ca-reset")
    rp.page.fill("#ca-input-outlets", "<svg")
    assert texts(rp, "#ca-suggest-outlets .ca-opt-label") == [SVG]
    rp.page.press("#ca-input-outlets", "Enter")
    assert texts(rp, "#ca-list .ca-art:not([hidden]) .ca-art-outlet") == [SVG]
    assert texts(rp, "#ca-outlets li:not([hidden]) .ca-bar-label") == [SVG]
    rp.page.click("#ca-reset")
    labels = texts(rp, "#ca-entities .ca-bar-label")
    assert {IMG, BREAKOUT, JSON_TITLE, SENTINEL} <= set(labels)
    rows = [r.split("  ", 1)[1] for r in texts(rp, "#ca-cooc .ca-matrix-row") if r]
    assert {IMG, BREAKOUT, JSON_TITLE, SENTINEL} <= set(rows)
    rp.page.fill("#ca-input-entities", "<img")
    assert sorted(texts(rp, "#ca-suggest-entities .ca-opt-label")) == sorted([IMG, SENTINEL])
    rp.page.press("#ca-input-entities", "Escape")
    assert_inert(rp, page_html)


def test_csv_and_notebook_filter_keep_hostile_text_inert(opened, tmp_path):
    import csv

    rp, _, page_html = opened
    rp.page.click("#ca-reset")
    rp.page.fill("#ca-input-outlets", "evil")
    rp.page.press("#ca-input-outlets", "Enter")
    with rp.page.expect_download() as info:
        rp.page.click("#ca-csv")
    saved = tmp_path / "hostile.csv"
    info.value.save_as(saved)
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8-sig").splitlines()))
    titles = {r["title"] for r in rows}
    assert "'" + FORMULA in titles and FORMULA not in titles  # not a formula in a spreadsheet
    assert set(TITLES[1:]) - {FORMULA, LINE_SEP} <= titles
    rp.page.fill("#ca-input-entities", "<img")
    rp.page.press("#ca-input-entities", "Enter")
    from helpers.query.filters import Filter as F

    f = eval(rp.page.text_content("#ca-python"), {"Filter": F})
    assert f.entities == tuple(texts(rp, "#ca-chips-entities .ca-chip-label"))
    assert f.entities[0] in (IMG, SENTINEL) and f.outlets == ("evil.example",)
    assert_inert(rp, page_html)
