"""The report's compare, tone and "count each story once" panels (issue 14), in real Chromium.

One page load of the hand corpus, scored for tone with the real VADER analyser; every figure the page
computes is checked against the Python side on the same selection: ``log_odds`` on the same counts
(articles using each word, stop words left out; articles naming each entity), ``tone_series`` of
``Corpus.filter`` (within the page's quantisation to hundredths), and the counts of
``Corpus.filter(f).once_per_story()``.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from _report_fixtures import ReportPage, hand_corpus

from helpers.analysis.compare import log_odds, stop_words
from helpers.analysis.tone import tone_series
from helpers.enrich.tone import with_tone
from helpers.query.filters import Filter
from helpers.query.index import index_for
from helpers.report.compute import build_core, entity_order, initial_state
from helpers.report.export import export_report

pytestmark = [pytest.mark.browser]
#: an entity whose name is markup: the compare panel must show it as text
EVIL = '<img src="data:," onerror="window.__pwned = 1">Evil & Co'
EVIL_ARTICLES = [
    {
        "article_id": f"evil{k}",
        "path": f"evil{k}.txt",
        "title": f"Report {k}",
        "published": pd.Timestamp(2022, 3, 3 + k),
        "outlet": "bbc.co.uk",
        "url": f"https://example.org/evil/{k}",
        "caption": "",
        "photo_credit": "",
        "body": f"{EVIL} met Vladimir Putin in Moscow about grain, day {k}.",
        "related": "",
        "word_count": 12,
    }
    for k in range(3)
]
FILTERS = [
    Filter(outlets=["bbc.co.uk", "reuters.com"]),
    Filter(entities=["Vladimir Putin"]),
    Filter(keyword="grain", start="2022-03-01"),
]


@pytest.fixture(scope="module")
def corpus():
    c = hand_corpus(120, extra=EVIL_ARTICLES, entities=[("e:evil", EVIL, "org", [], "")])
    shas = c.articles["body"].map(lambda b: hashlib.sha256(b.encode()).hexdigest())
    arts, ments = with_tone(c.articles, c.mentions, shas, None)
    # distinct tones per article (the hand corpus repeats 8 sentences): a title's words change nothing
    # in VADER's body score, so vary it by the article's position, as real articles vary
    arts = arts.assign(tone=np.clip(arts["tone"].to_numpy() + np.linspace(-0.3, 0.3, len(arts)), -1, 1))
    return c.with_tables(articles=arts, mentions=ments)


@pytest.fixture(scope="module")
def rp(browser, corpus, tmp_path_factory):
    page = ReportPage(browser, export_report(corpus, tmp_path_factory.mktemp("c") / "compare.html"))
    yield page
    assert page.requests == [], "the report made network requests"
    assert page.errors == [], "console errors"
    page.close()


def set_filter(rp: ReportPage, corpus, f: Filter) -> list[int]:
    rp.js("s => CorpusAtlas.setState(s)", initial_state(corpus, f, build_core(corpus)))
    return rp.selected()


def word_counts(corpus, selected: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    kw, stop = index_for(corpus).keywords, stop_words()
    words = sorted(w for w in kw.vocab if w not in stop)
    ya = np.array([selected[kw.articles_with(w)].sum() for w in words], dtype=float)
    yb = np.array([len(kw.articles_with(w)) for w in words], dtype=float) - ya
    return words, ya, yb


def entity_counts(corpus, selected: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    index = index_for(corpus)
    ids = [str(index.entity_ids[r]) for r in entity_order(corpus, index)]
    pos = pd.Index(corpus.articles["article_id"]).get_indexer(corpus.mentions["article_id"])
    pairs = pd.DataFrame({"e": corpus.mentions["entity_id"].to_numpy(), "i": pos}).drop_duplicates()
    inside = pairs[selected[pairs["i"].to_numpy()]].groupby("e").size()
    total = pairs.groupby("e").size()
    ya = np.array([inside.get(e, 0) for e in ids], dtype=float)
    return ids, ya, np.array([total.get(e, 0) for e in ids], dtype=float) - ya


def test_compare_panel_equals_log_odds_for_words_and_entities(rp, corpus):
    listed = 0
    for f in FILTERS:
        sel = np.zeros(len(corpus), dtype=bool)
        sel[set_filter(rp, corpus, f)] = True
        assert 0 < sel.sum() < len(corpus), f
        page = rp.js("CorpusAtlas.compare()")
        words, ya, yb = word_counts(corpus, sel)
        got = dict(zip(page["words"]["terms"], range(len(page["words"]["terms"])), strict=True))
        assert sorted(got) == words, "the page compares the same vocabulary"
        order = [got[w] for w in words]
        assert np.array(page["words"]["ya"])[order].tolist() == ya.tolist()
        delta, z = log_odds(ya, yb)
        np.testing.assert_allclose(np.array(page["words"]["z"], dtype=float)[order], z, rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(
            np.array(page["words"]["delta"], dtype=float)[order], delta, rtol=1e-6, atol=1e-12
        )
        _ids, ea, eb = entity_counts(corpus, sel)
        assert page["entities"]["ya"] == ea.tolist() and page["entities"]["yb"] == eb.tolist()
        _, ez = log_odds(ea, eb)
        pz = np.array([np.nan if v is None else v for v in page["entities"]["z"]], dtype=float)
        np.testing.assert_allclose(pz, ez, rtol=1e-6, atol=1e-12)
        # the panel lists the top terms of each side, highest z first, with their z and counts
        top = [page["words"]["terms"][t] for t in page["words"]["topA"]]
        shown = rp.page.locator("#ca-compare .ca-cmp-col").first.locator(".ca-cmp-term").all_text_contents()
        assert shown == top, f
        zs = [page["words"]["z"][t] for t in page["words"]["topA"]]
        assert zs == sorted(zs, reverse=True) and all(z[words.index(w)] > 0 for w in top)
        listed += len(top)
    assert listed, "some selection has distinctive words"  # the outlets of the hand corpus have none
    set_filter(rp, corpus, Filter(entities=["e:evil"]))
    names = rp.page.locator("#ca-compare .ca-cmp-col").nth(2).locator(".ca-cmp-term").all_text_contents()
    assert names[0] == EVIL  # shown as text, first: only those articles name it
    assert rp.page.locator("#ca-compare img").count() == 0 and rp.js("window.__pwned") is None


def test_tone_timeline_equals_tone_series(rp, corpus):
    for f in [Filter(), *FILTERS[:2]]:
        set_filter(rp, corpus, f)
        page = rp.js("CorpusAtlas.tone()")
        expected = tone_series(corpus.filter(f), by=None, freq="W")
        days = ((expected["period"] - pd.Timestamp("1970-01-01")).dt.days).tolist()
        at = [page["starts"].index(d) for d in days]
        assert [page["n"][k] for k in at] == expected["n"].tolist(), f
        assert sum(page["n"]) == int(expected["n"].sum())
        np.testing.assert_allclose([page["mean"][k] for k in at], expected["mean"], atol=0.005 + 1e-12)
        for col in ("low", "high"):
            key = "lo" if col == "low" else "hi"
            got = np.array([np.nan if page[key][k] is None else page[key][k] for k in at], dtype=float)
            np.testing.assert_allclose(got, expected[col].to_numpy(dtype=float), atol=0.01)
    assert rp.page.locator("#ca-tone canvas").count() == 1
    # two outlets chosen: a line (and band) per outlet, as tone_series by="outlet"
    f = FILTERS[0]
    set_filter(rp, corpus, f)
    groups = {g["name"]: g for g in rp.js("CorpusAtlas.tone()")["groups"]}
    expected = tone_series(corpus.filter(f), by="outlet", keys=list(f.outlets))
    assert set(groups) == set(f.outlets) == set(expected["group"])
    starts = rp.js("CorpusAtlas.tone()")["starts"]
    for row in expected.itertuples():
        g, k = groups[row.group], starts.index((row.period - pd.Timestamp("1970-01-01")).days)
        assert g["n"][k] == row.n and abs(g["mean"][k] - row.mean) <= 0.005 + 1e-12
    assert sum(sum(g["n"]) for g in groups.values()) == int(expected["n"].sum())
    legend = rp.page.locator(".ca-tone-key").all_text_contents()
    assert sorted(t.split(" ", 1)[1] for t in legend) == sorted(f.outlets)


def test_count_each_story_once(rp, corpus):
    stories = corpus.stories["story_id"].nunique()
    assert stories < len(corpus), "the hand corpus repeats bodies: it has stories of several articles"
    try:
        rp.js("CorpusAtlas.perStory(true)")
        for f in [Filter(), *FILTERS]:
            set_filter(rp, corpus, f)
            once = corpus.filter(f).once_per_story()
            counts = rp.js("CorpusAtlas.counts()")
            assert counts["articles"] == len(once), f
            assert rp.page.text_content("#ca-count") == f"{len(once):,}"
            assert rp.page.text_content("#ca-total") == f"{stories:,}"
            assert rp.page.text_content("#ca-unit") == "stories"
            assert int(once.summary(per_story=True).split(" ")[0].replace(",", "")) == len(once)
            core = build_core(corpus)
            outlets = {core["outlets"][o]: c for o, c in enumerate(counts["outlets"]) if c}
            assert outlets == once.articles["outlet"].str.lower().value_counts().to_dict(), f
            names = {
                (n, k): int(a)
                for n, k, a in once.entities[["name", "kind", "articles"]].itertuples(index=False)
                if a
            }
            page_names = {
                (core["ent_name"][e], core["kinds"][core["ent_kind"][e]]): c
                for e, c in enumerate(counts["entities"])
                if c
            }
            assert page_names == names, f
            bins = rp.js("CorpusAtlas.app().then(a => a.data.bins.starts)")
            weeks = (once.articles["published"].dropna().dt.normalize() - pd.Timestamp("1970-01-01")).dt.days
            expected = [int(((weeks >= s) & (weeks < s + 7)).sum()) for s in bins]
            assert counts["timeline"] == expected, f
        # the type-ahead's "selected of total" counts stories too
        set_filter(rp, corpus, FILTERS[0])
        rp.page.fill("#ca-input-entities", "vladimir put")
        sub = rp.page.locator("#ca-suggest-entities .ca-opt-sub").first.text_content()
        whole, part = corpus.once_per_story(), corpus.filter(FILTERS[0]).once_per_story()

        def naming(c) -> int:
            return int(c.mentions.loc[c.mentions["entity_id"] == "e:putin", "article_id"].nunique())

        assert sub == f"person · {naming(part)} of {naming(whole)}"
        assert naming(whole) < naming(corpus)  # stories, not articles
        rp.page.fill("#ca-input-entities", "")
    finally:
        rp.js("CorpusAtlas.perStory(false)")
    assert rp.page.text_content("#ca-unit") == "articles"
