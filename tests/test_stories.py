"""Story clusters (issue 14): MinHash LSH grouping, the stories table, per-story counts, the figure,
the store's stories, and recall on copies made at test time from real articles."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.corpus.model import Corpus
from helpers.figures import story_spread
from helpers.stories import StorySettings, group_signatures, signatures, story_ids, story_table
from helpers.stories.group import scored_pairs

WORDS = np.array([f"w{i}x{i * 7 % 13}" for i in range(6000)], dtype=object)


def _text(rng: np.random.Generator, n: int) -> list[str]:
    return rng.choice(WORDS, size=n).tolist()


def _shingles(words: list[str], k: int = 5) -> set[tuple[str, ...]]:
    """Oracle: the exact set of k-word shingles (no hashing)."""
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def _jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def _corpus(bodies: list[str], days: list[str | None], outlets: list[str] | None = None) -> Corpus:
    n = len(bodies)
    articles = pd.DataFrame(
        {
            "article_id": [f"a{i:03d}" for i in range(n)],
            "title": [f"<b>Title {i}</b>" for i in range(n)],
            "published": pd.to_datetime(pd.Series(days, dtype=object)),
            "outlet": outlets or [f"outlet{i % 3}.com" for i in range(n)],
            "body": bodies,
        }
    )
    return Corpus(articles=helpers.core.schema.conform(articles, helpers.core.schema.ARTICLE_COLUMNS))


def test_estimates_follow_exact_jaccard_and_containment() -> None:
    rng = np.random.default_rng(1)
    shared = _text(rng, 400)
    a = shared + _text(rng, 150)  # shares ~70% with b
    b = _text(rng, 120) + shared
    c = shared[:200]  # a trimmed copy: contained in a and b
    d = _text(rng, 500)  # unrelated
    bodies = [" ".join(x) for x in (a, b, c, d)]
    sigs, sizes = signatures(bodies)
    assert sizes.tolist() == [len(_shingles(x)) for x in (a, b, c, d)]
    pairs = scored_pairs(sigs, sizes, StorySettings(candidates=0.2))
    got = {
        (int(i), int(j)): (jac, cont)
        for i, j, jac, cont in pairs[["i", "j", "jaccard", "containment"]].values
    }
    assert (0, 1) in got and (0, 2) in got and not any(3 in key for key in got)
    assert abs(got[(0, 1)][0] - _jaccard(a, b)) < 0.1
    assert abs(got[(0, 2)][0] - _jaccard(a, c)) < 0.1
    exact_cont = len(_shingles(c) & _shingles(a)) / len(_shingles(c))
    assert abs(got[(0, 2)][1] - exact_cont) < 0.1 and got[(0, 2)][1] > 0.85


def test_threshold_and_containment_are_parameters() -> None:
    rng = np.random.default_rng(2)
    shared = _text(rng, 300)
    a, b = shared + _text(rng, 120), _text(rng, 120) + shared  # Jaccard ~0.55, containment ~0.7
    c = shared[:150]  # contained in both, Jaccard ~0.35
    bodies = [" ".join(x) for x in (a, b, c)]
    sigs, sizes = signatures(bodies)
    days = ["2022-03-02", "2022-03-01", "2022-03-03"]
    loose = group_signatures(["a", "b", "c"], days, sigs, sizes, StorySettings(threshold=0.45))
    assert loose["story_id"].tolist() == ["b", "b", "b"]  # b is the earliest
    assert loose.set_index("article_id").loc["b", "similarity"] == 1.0
    strict = StorySettings(threshold=0.8, min_contained=10_000)  # containment links off
    alone = group_signatures(["a", "b", "c"], days, sigs, sizes, strict)
    assert alone["story_id"].tolist() == ["a", "b", "c"]
    only_c = group_signatures(
        ["a", "b", "c"], days, sigs, sizes, StorySettings(threshold=0.8, containment=0.8)
    )
    got = only_c["story_id"].tolist()  # c is a copy of both, a and b are not copies of each other:
    assert got[:2] == ["a", "b"] and got[2] in ("a", "b")  # no chaining a - c - b into one story
    with pytest.raises(ValueError, match="threshold"):
        StorySettings(threshold=0)


def test_corpus_stories_counting_once_and_the_summary() -> None:
    rng = np.random.default_rng(3)
    wire = _text(rng, 400)
    bodies = [
        " ".join(wire),
        " ".join(_text(rng, 300)),
        " ".join(["Related", "article", *wire[:300], "Subscribe", "to", "our", "newsletter"]),
        " ".join(wire[50:]),  # re-topped: first paragraph cut
        "",  # empty body: a story of its own
        "too short",
    ]
    days = ["2022-03-02", "2022-03-01", "2022-03-05", None, "2022-03-01", "2022-03-01"]
    corpus = _corpus(bodies, days, ["ap.org", "x.com", "y.com", "z.com", "x.com", "x.com"])
    st = corpus.stories
    assert st["article_id"].tolist() == corpus.articles["article_id"].tolist()
    assert st["story_id"].tolist() == ["a000", "a001", "a000", "a000", "a004", "a005"]  # undated last
    assert st["similarity"].iloc[0] == 1.0 and 0.5 < st["similarity"].iloc[3] < 1.0
    strict = corpus.with_stories(threshold=0.99, min_contained=10_000)  # the threshold is a parameter
    assert strict.stories["story_id"].tolist() == ["a000", "a001", "a002", "a003", "a004", "a005"]
    assert corpus.stories["story_id"].tolist()[:4] == ["a000", "a001", "a000", "a000"]  # unchanged
    once = corpus.once_per_story()
    assert once.articles["article_id"].tolist() == ["a000", "a001", "a004", "a005"] and once.meta["per_story"]
    table = story_table(corpus)
    top = table.iloc[0]
    assert (top["story_id"], top["articles"], top["outlets"]) == ("a000", 3, 3)
    assert top["outlet_list"] == "ap.org, y.com, z.com"
    assert top["spread"] == pd.Timedelta(days=3) and top["first_seen"] == pd.Timestamp("2022-03-02")
    # a filtered corpus keeps the whole corpus's story ids; counting once picks its own earliest copy
    sub = corpus.filter(helpers.Filter(outlets=("y.com", "z.com")))
    assert story_ids(sub).tolist() == ["a000", "a000"]
    assert sub.once_per_story().articles["article_id"].tolist() == ["a002"]


def test_story_spread_figure_marks_each_copy_and_escapes_titles() -> None:
    rng = np.random.default_rng(4)
    wire, other = _text(rng, 300), _text(rng, 300)
    bodies = [
        " ".join(wire),
        " ".join(wire[:250]),
        " ".join(other),
        " ".join(other),
        " ".join(_text(rng, 200)),
    ]
    days = ["2022-03-01", "2022-03-04", "2022-04-01", None, "2022-05-01"]
    corpus = _corpus(bodies, days, ["a.com", "b.com", "a.com", "c.com", "a.com"])
    fig = story_spread(corpus.articles, corpus.stories)
    markers = [t for t in fig.data if t.mode == "markers"]
    ids = sorted(row[0] for t in markers for row in t.customdata)
    assert ids == ["a000", "a001", "a002"]  # the undated copy is left out, singletons are not shown
    assert any("undated" in a.text for a in fig.layout.annotations)
    assert list(fig.layout.yaxis.ticktext) == ["&lt;b&gt;Title 0&lt;/b&gt;", "&lt;b&gt;Title 2&lt;/b&gt;"]
    assert not any("<b>" in h for t in markers for h in t.hovertext)
    one = story_spread(corpus.articles, corpus.stories, story="a002")
    assert [row[0] for t in one.data if t.mode == "markers" for row in t.customdata] == ["a002"]
    empty = story_spread(corpus.articles.iloc[4:], corpus.stories)
    assert not empty.data and "No story" in empty.layout.annotations[0].text


def test_store_has_the_stories_of_the_in_process_load(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from helpers.demo.generate import generate_corpus
    from helpers.store.build import build_store

    src = tmp_path / "src"
    generate_corpus(src, 40, seed=5, malformed=False)
    files = sorted(src.glob("0*.txt"))
    for i, f in enumerate(files[:4]):  # syndicated copies under other outlets' URLs
        text = f.read_text(encoding="utf-8")
        text = re.sub(r"<https?://[^>]+>", f"<https://copies{i}.example.org/wire/{i}>", text)
        (src / f"copy_{i}.txt").write_text(text.replace("\n# ", "\n# Wire: ", 1), encoding="utf-8")
    memory = helpers.load_corpus(src, cache=False, enrich=False, progress=False)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as cl:
        build_store(src, tmp_path / "store", client=cl, enrich=False, partition_size=12, progress=False)
    lazy = helpers.load_corpus(tmp_path / "store")
    key = ["article_id"]
    a = lazy.stories.sort_values(key).reset_index(drop=True)
    b = memory.stories.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    story_of = dict(zip(b["article_id"], b["story_id"], strict=True))
    by_path = dict(zip(memory.articles["path"], memory.articles["article_id"], strict=True))
    for i, f in enumerate(files[:4]):
        assert story_of[by_path[f"copy_{i}.txt"]] == story_of[by_path[f.name]]
    assert (a["story_id"].value_counts() > 1).sum() >= 4


def _bar_total(fig) -> int:
    return int(sum(sum(t.y if t.orientation != "h" else t.x) for t in fig.data if t.type == "bar"))


def test_explorer_counts_each_story_once_when_ticked() -> None:
    from helpers.explore.explorer import Explorer

    rng = np.random.default_rng(5)
    wire = _text(rng, 300)
    bodies = [" ".join(wire), " ".join(wire[:240]), " ".join(wire), " ".join(_text(rng, 200))]
    bodies += [" ".join(_text(rng, 200)) for _ in range(3)]
    days = ["2022-03-01", "2022-03-02", "2022-03-09", "2022-03-01", "2022-03-03", "2022-03-04", "2022-03-08"]
    corpus = _corpus(bodies, days, ["a.com", "b.com", "c.com", "a.com", "b.com", "c.com", "a.com"])
    ex = Explorer(corpus, debounce=0, warm_keywords=False)
    assert _bar_total(ex.figures["timeline"]) == 7 and _bar_total(ex.figures["outlets"]) == 7
    ex.per_story.value = True  # the wire story (3 copies) counts once: in a.com's week of its first run
    assert _bar_total(ex.figures["timeline"]) == 5 and _bar_total(ex.figures["outlets"]) == 5
    outlets = ex.figures["outlets"].data[0]
    assert dict(zip(outlets.customdata, outlets.x, strict=True)) == {"a.com": 3, "b.com": 1, "c.com": 1}
    ex.set_filter(helpers.Filter(outlets=("b.com", "c.com")))  # b.com ran it first among these
    outlets = ex.figures["outlets"].data[0]
    assert dict(zip(outlets.customdata, outlets.x, strict=True)) == {"b.com": 2, "c.com": 1}
    ex.per_story.value = False
    assert _bar_total(ex.figures["outlets"]) == 4


# -- recall on copies of real articles, made at test time (no article text is committed) ----------


@pytest.mark.shared
@pytest.mark.timeout(300)
def test_recall_on_copies_of_real_articles(ukraine_dir: Path, tmp_path: Path) -> None:
    import shutil

    from helpers.testing.copies import KINDS, copy_sources, recall, write_copies

    files = sorted(ukraine_dir.glob("*.txt"))
    src = tmp_path / "corpus"
    src.mkdir()
    for f in np.random.default_rng(14).choice(files, size=300, replace=False):
        shutil.copy(f, src / f.name)
    before = helpers.load_corpus(src, cache=False, enrich=False, progress=False)
    originals = before.articles
    sources = copy_sources(originals, 20)
    assert len(sources) == 20
    made = write_copies(src, sources)
    corpus = helpers.load_corpus(src, cache=False, enrich=False, progress=False)
    assert len(corpus.articles) == len(originals) + len(KINDS) * len(sources)
    arts = corpus.articles
    found = recall(corpus.stories, arts["path"], arts["article_id"], made)
    assert set(found) == set(KINDS) and min(found.values()) >= 0.9, found
    assert np.mean(list(found.values())) >= 0.95, found
    story = dict(zip(corpus.stories["article_id"], corpus.stories["story_id"], strict=True))
    assert len({story[a] for a in sources["article_id"]}) == len(sources)  # no two sources merged
    # nothing joined a source's story that was not with it before the copies were added
    with_source_before = set(
        before.stories.loc[lambda t: t["story_id"].isin(sources["article_id"]), "article_id"]
    )
    joined = {
        a for a, s in story.items() if s in set(sources["article_id"]) and a in set(originals["article_id"])
    }
    assert joined <= with_source_before


def test_figures_and_summary_count_each_story_once_on_request() -> None:
    rng = np.random.default_rng(6)
    wire = _text(rng, 300)
    bodies = [" ".join(wire), " ".join(wire[:240]), " ".join(wire), " ".join(_text(rng, 200))]
    days = ["2022-03-01", "2022-03-02", "2022-03-09", "2022-03-01"]
    corpus = _corpus(bodies, days, ["a.com", "b.com", "c.com", "a.com"])
    assert _bar_total(figures_of(corpus)["timeline"]) == 4 and _bar_total(figures_of(corpus)["outlets"]) == 4
    once = figures_of(corpus, per_story=True)
    assert _bar_total(once["timeline"]) == 2
    outlets = once["outlets"].data[0]
    assert dict(zip(outlets.customdata, outlets.x, strict=True)) == {"a.com": 2}  # a.com ran both first
    assert corpus.summary(per_story=True).startswith("2 stories · 4 articles")
    with pytest.raises(ValueError, match="needs the corpus"):
        helpers.figures.outlets(corpus.articles, per_story=True)


def figures_of(corpus: Corpus, **kw: object) -> dict:
    return {
        "timeline": helpers.figures.timeline(corpus, **kw),
        "outlets": helpers.figures.outlets(corpus, **kw),
        "entities": helpers.figures.top_entities(corpus, **kw),
        "map": helpers.figures.places_map(corpus, **kw),
        "network": helpers.figures.cooccurrence(corpus, **kw),
    }
