"""``helpers.compare``: weighted log-odds with an informative Dirichlet prior, checked against a worked
example computed by hand, and on the demo corpus in memory and as a corpus store."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.analysis.compare import compare, log_odds
from helpers.core import schema
from helpers.corpus.model import Corpus
from helpers.figures import compare_terms
from helpers.query.filters import Filter


def _tiny() -> Corpus:
    """Two articles: side a says "war war peace", side b "peace peace talks"."""
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "b1"],
            "title": ["", ""],
            "outlet": ["x.com", "y.com"],
            "body": ["war war peace", "peace peace talks"],
            "published": pd.to_datetime(["2022-03-01", "2022-03-02"]),
        }
    )
    mentions = pd.DataFrame(
        {"article_id": ["a1", "a1", "b1", "b1"], "entity_id": ["E1", "E1", "E1", "E2"],
         "kind": "person", "text": ["Ann", "Ann", "Ann", "Bob"], "start": 0, "end": 3}
    )  # fmt: skip
    entities = pd.DataFrame(
        {"entity_id": ["E1", "E2"], "name": ["Ann Lee", "Bob Roy"], "kind": "person", "articles": [2, 1],
         "mentions": [3, 1]}
    )  # fmt: skip
    return Corpus(
        articles=schema.conform(articles, schema.ARTICLE_COLUMNS),
        mentions=schema.conform(mentions, schema.MENTION_COLUMNS),
        entities=schema.conform(entities, schema.ENTITY_COLUMNS),
    )


def _row(result, kind: str, term: str) -> pd.Series:
    t = result.terms
    return t[(t["kind"] == kind) & (t["term"] == term)].iloc[0]


def test_scores_equal_the_worked_example() -> None:
    """By hand, prior = 0.5, so alpha_w = 0.5 * (y_a + y_b):

    Words: a = {war: 2, peace: 1}, n_a = 3; b = {peace: 2, talks: 1}, n_b = 3.
    alpha: war 1, peace 1.5, talks 0.5; alpha_0 = 3.

    war:   a: (2 + 1) / (3 + 3 - 2 - 1) = 1        b: (0 + 1) / (3 + 3 - 0 - 1) = 1/5
           delta = log 1 - log 1/5 = log 5 = 1.60944;  var = 1/3 + 1/1 = 4/3;  z = 1.60944 / 1.15470 = 1.39382
    peace: a: 2.5 / 3.5   b: 3.5 / 2.5   delta = 2 log(5/7) = -0.67294
           var = 1/2.5 + 1/3.5 = 0.685714;  z = -0.67294 / 0.828079 = -0.81266
    talks: a: 0.5 / 5.5   b: 1.5 / 4.5   delta = log(3/11) = -1.29928
           var = 1/0.5 + 1/1.5 = 8/3;  z = -1.29928 / 1.63299 = -0.79564

    Phrases: a = {war war, war peace}, b = {peace peace, peace talks}, each once; n = 2 a side;
    alpha 0.5 each, alpha_0 = 2.  "war war": a: 1.5 / 2.5   b: 0.5 / 3.5
           delta = log(0.6 * 7) = log 4.2 = 1.43508;  var = 1/1.5 + 1/0.5 = 8/3;  z = 0.87881

    Entities (mentions): a = {E1: 2}, b = {E1: 1, E2: 1}; n = 2 a side; alpha E1 1.5, E2 0.5, alpha_0 2.
    E1:    a: 3.5 / 0.5 = 7   b: 2.5 / 1.5   delta = log(7 * 3 / 5) = log 4.2 = 1.43508
           var = 1/3.5 + 1/2.5 = 0.685714;  z = 1.43508 / 0.828079 = 1.73302
    """
    result = compare(_tiny(), Filter(outlets=("x.com",)), prior=0.5, min_count=1)
    expected = {
        ("word", "war"): (2, 0, 1.60944, 1.39382),
        ("word", "peace"): (1, 2, -0.67294, -0.81266),
        ("word", "talks"): (0, 1, -1.29928, -0.79564),
        ("phrase", "war war"): (1, 0, 1.43508, 0.87881),
        ("entity", "Ann Lee"): (2, 1, 1.43508, 1.73302),
    }
    for (kind, term), (ca, cb, delta, z) in expected.items():
        row = _row(result, kind, term)
        assert (row["count_a"], row["count_b"]) == (ca, cb), term
        assert row["delta"] == pytest.approx(delta, abs=1e-4), term
        assert row["z"] == pytest.approx(z, abs=1e-4), term
        assert row["side"] == ("a" if z > 0 else "b")
    assert result.totals == {"word": (3, 3), "phrase": (2, 2), "entity": (2, 2)}
    assert (result.articles_a, result.articles_b) == (1, 1)
    assert _row(result, "entity", "Ann Lee")["entity_id"] == "E1"
    assert result.top(1, "a", kind="word")["term"].tolist() == ["war"]
    assert result.top(1, "b", kind="word")["term"].tolist() == ["peace"]  # z -0.81 below talks' -0.80


def test_b_defaults_to_the_rest_and_swapping_sides_flips_the_signs() -> None:
    corpus = _tiny()
    rest = compare(corpus, Filter(outlets=("x.com",)), min_count=1)
    explicit = compare(corpus, Filter(outlets=("x.com",)), Filter(outlets=("y.com",)), min_count=1)
    pd.testing.assert_frame_equal(rest.terms, explicit.terms)
    swapped = compare(corpus, Filter(outlets=("y.com",)), Filter(outlets=("x.com",)), min_count=1)
    merged = rest.terms.merge(swapped.terms, on=["kind", "term"], suffixes=("", "_s"))
    assert len(merged) == len(rest.terms)
    np.testing.assert_allclose(merged["z"], -merged["z_s"])
    assert (merged["count_a"] == merged["count_b_s"]).all()


def test_log_odds_prior_shrinks_rare_terms_and_rejects_a_bad_prior() -> None:
    # a term seen 1 vs 0 times scores lower than one seen 100 vs 0, although both are "only in a"
    delta, z = log_odds(np.array([1, 100, 400]), np.array([0, 0, 500]))
    assert z[1] > z[0] > 0 and delta[2] < 0
    weak, _ = log_odds(np.array([1, 100, 400]), np.array([0, 0, 500]), prior=0.01)
    assert weak[0] > delta[0]  # a weaker prior shrinks less
    with pytest.raises(ValueError, match="prior"):
        log_odds(np.array([1]), np.array([1]), prior=0)


def test_an_empty_side_or_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="side a matches no articles"):
        compare(_tiny(), Filter(outlets=("nowhere.org",)))
    with pytest.raises(ValueError, match="side b matches no articles"):
        compare(_tiny(), Filter())
    with pytest.raises(ValueError, match="unknown kinds"):
        compare(_tiny(), Filter(outlets=("x.com",)), kinds=("lemma",))


def test_figure_plots_z_against_frequency_and_labels_the_top_terms() -> None:
    result = compare(_tiny(), Filter(outlets=("x.com",)), prior=0.5, min_count=1)
    fig = compare_terms(result, n=1, labels=("x.com", "y.com"))
    points = {t.name: t for t in fig.data}
    assert set(points) == {"x.com", "y.com"}
    xs = np.concatenate([np.asarray(t.x, dtype=float) for t in fig.data])
    ys = np.concatenate([np.asarray(t.y, dtype=float) for t in fig.data])
    assert sorted(ys.tolist()) == pytest.approx(sorted(result.terms["z"].tolist()))
    assert sorted(xs.tolist()) == sorted(result.terms["freq"].astype(float).tolist())
    assert fig.layout.xaxis.type == "log"
    labelled = sorted(s for t in fig.data for s in (t.text or ()) if s)
    assert labelled == sorted([result.top(1, "a")["term"].iloc[0], result.top(1, "b")["term"].iloc[0]])
    assert "Ann Lee" in labelled  # z 1.73: the top of side a, whatever its kind


def test_hostile_terms_are_escaped_in_the_figure() -> None:
    corpus = _tiny()
    ents = corpus.entities.assign(name=["<img src=x onerror=alert(1)>", "Bob"])
    result = compare(corpus.with_tables(entities=ents), Filter(outlets=("x.com",)), min_count=1)
    fig = compare_terms(result, n=3)
    texts = [s for t in fig.data for s in list(t.text or ()) + list(t.hovertext or ())]
    assert not any("<img" in s for s in texts)
    assert any("&lt;img" in s for s in texts)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_demo_corpus_in_memory_and_as_a_store_compare_alike(tmp_path: Path) -> None:
    from helpers.demo.generate import generate_corpus
    from helpers.store.build import build_store

    source = generate_corpus(tmp_path / "demo", 60, seed=5) or tmp_path / "demo"
    memory = helpers.load_corpus(tmp_path / "demo", progress=False)
    build_store(tmp_path / "demo", tmp_path / "store", workers=1, partition_size=20, progress=False)
    lazy = helpers.load_corpus(tmp_path / "store")
    assert "body" not in lazy.articles.columns and source is not None
    outlet = memory.articles["outlet"].value_counts().index[0]
    a = Filter(outlets=(outlet,))
    x, y = compare(memory, a), compare(lazy, a)
    assert x.articles_a == int((memory.articles["outlet"] == outlet).sum())
    assert x.articles_a + x.articles_b == len(memory.articles)
    pd.testing.assert_frame_equal(x.terms, y.terms)
    assert set(x.terms["kind"]) == {"word", "phrase", "entity"}
    # every listed word's count on side a is its count in side a's token stream
    words = x.terms[x.terms["kind"] == "word"].head(5)
    from helpers.query.tokens import tokens

    side = memory.articles[memory.articles["outlet"] == outlet]
    stream = [t for text in (side["title"] + "\n" + side["body"]) for t in tokens(text)]
    for term, count in zip(words["term"], words["count_a"], strict=True):
        assert stream.count(term) == count
    assert math.isfinite(x.terms["z"].abs().max())
    # tone: stored with the store, equal to the in-memory tone
    t_mem = memory.articles.set_index("article_id")["tone"].sort_index()
    t_lazy = lazy.articles.set_index("article_id")["tone"].sort_index()
    pd.testing.assert_series_equal(t_mem, t_lazy)
    assert t_mem.notna().mean() > 0.9
