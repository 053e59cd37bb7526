"""Boilerplate found by repetition across an outlet's articles, kept out of entities and places
(issue 12, item 5); the body keeps it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers.enrich.pipeline import cached_mentions
from helpers.ingest.boilerplate import (
    boilerplate_spans,
    drop_boilerplate,
    normalise,
    segment_table,
    segments,
)
from helpers.ingest.load import load_articles

PEOPLE = ["Olena Bondar", "Marek Nowak", "Ingrid Larsen", "Tomas Berg", "Sofia Marin", "Pavel Hruby"]
CITIES = ["Kharkiv", "Lviv", "Odesa", "Warsaw", "Vilnius", "Krakow", "Dnipro", "Gdansk"]
PROMO = "Sign up to Morning Ledger, the Harbourline Post's free newsletter, every weekday at 7am"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _body(i: int) -> str:
    """Article ``i``: its own sentences, then the outlet's promo and a 'last modified' line."""
    who, other = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 2) % len(PEOPLE)]
    city, town = CITIES[i % len(CITIES)], CITIES[(i + 3) % len(CITIES)]
    return (
        f"{who} arrived in {city} on day {i} of the visit and met local volunteers there.\n\n"
        f"Trains from {town} ran {i + 2} hours late, {other} told reporters after meeting number {i}.\n\n"
        f"{PROMO}\n\n"
        f"Last modified on {WEEKDAYS[i % 7]} {i + 1} Mar 2022 {10 + i % 12}.{i % 60:02d} GMT"
    )


def _articles(n: int, outlet: str = "harbourline-post.com") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"{outlet[:3]}{i:04d}" for i in range(n)],
            "outlet": outlet,
            "body": [_body(i) for i in range(n)],
        }
    )


def _flagged_text(articles: pd.DataFrame, spans: pd.DataFrame) -> set[str]:
    bodies = dict(zip(articles["article_id"], articles["body"], strict=True))
    return {bodies[a][s:e] for a, s, e in spans[["article_id", "start", "end"]].itertuples(index=False)}


def test_normalised_lines_match_across_dates_and_digits() -> None:
    assert normalise("Last modified on Mon 7 Mar 2022 14.21 GMT") == normalise(
        "Last modified on Thursday 12 May 2022 09.05 GMT."
    )
    assert normalise("Sign up to X") != normalise("Sign up to Y")


def test_segments_are_lines_and_sentences_of_long_lines() -> None:
    long = "The U.S. and Sen. Smith met officials in Kyiv today. " * 8 + "Read more"
    body = f"Short line\n\n{long}"
    parts = [(body[a:b], counts) for a, b, counts in segments(body)]
    assert parts[0] == ("Short line", True)
    assert parts[1][0] == "The U.S. and Sen. Smith met officials in Kyiv today."  # no break after "U.S."
    assert parts[-1] == ("Read more", True)  # a line's last sentence counts however short
    assert all(counts for _, counts in parts)


def test_repeated_lines_of_one_outlet_are_boilerplate_and_nothing_else() -> None:
    articles = pd.concat([_articles(12), _articles(2, "other-outlet.org")], ignore_index=True)
    spans = boilerplate_spans(segment_table(articles))
    flagged = _flagged_text(articles, spans)
    assert PROMO in flagged
    assert any(t.startswith("Last modified on") for t in flagged)
    assert all(t == PROMO or t.startswith("Last modified on") for t in flagged)
    # both lines in each of the 12 articles; the other outlet has too few articles to judge
    assert spans.groupby("article_id").size().to_dict() == {f"har{i:04d}": 2 for i in range(12)}


def test_a_line_repeated_in_too_few_articles_is_kept() -> None:
    articles = _articles(30)
    articles.loc[3:, "body"] = articles.loc[3:, "body"].str.replace(PROMO, "", regex=False)
    flagged = _flagged_text(articles, boilerplate_spans(segment_table(articles)))
    assert PROMO not in flagged  # 3 of 30 articles: below max(4, 1%)
    assert any(t.startswith("Last modified on") for t in flagged)


def test_copies_of_one_story_are_not_boilerplate() -> None:
    """Five updates of one story share most lines: that is not a template, so they stay text."""
    story = "\n\n".join(
        f"{p} visited {c} on the {k}th day of talks about grain."
        for k, (p, c) in enumerate(zip(PEOPLE, CITIES[: len(PEOPLE)], strict=True))
    )
    articles = _articles(10)
    copies = pd.DataFrame(
        {
            "article_id": [f"cp{i}" for i in range(5)],
            "outlet": "harbourline-post.com",
            "body": [f"Update {i}.\n\n{story}\n\n{PROMO}" for i in range(5)],
        }
    )
    articles = pd.concat([articles, copies], ignore_index=True)
    spans = boilerplate_spans(segment_table(articles))
    in_copies = _flagged_text(copies, spans[spans["article_id"].str.startswith("cp")])
    assert in_copies == {PROMO}  # the promo is in 15 articles (>= 3 x the threshold of 4); the story is not


def test_partitions_merged_give_the_same_spans() -> None:
    """A store computes segment rows per partition and judges them together: same result."""
    articles = pd.concat([_articles(13), _articles(9, "other-outlet.org")], ignore_index=True).sample(
        frac=1, random_state=3
    )
    whole = boilerplate_spans(segment_table(articles))
    parts = [segment_table(articles.iloc[i : i + 5]) for i in range(0, len(articles), 5)]
    merged = boilerplate_spans(pd.concat(parts, ignore_index=True))
    pd.testing.assert_frame_equal(whole, merged)
    assert len(whole) == 2 * 22


def test_drop_boilerplate_removes_only_overlapping_mentions() -> None:
    spans = pd.DataFrame({"article_id": ["a", "a", "b"], "start": [10, 50, 0], "end": [20, 60, 5]})
    raw = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "a", "b", "c"],
            "start": [0, 15, 20, 55, 6, 10],
            "end": [10, 25, 30, 58, 9, 20],
            "text": ["keep", "overlap", "touching", "inside", "keep", "keep"],
        }
    )
    kept, gone = drop_boilerplate(raw, spans)
    assert gone == 2
    assert kept["text"].tolist() == ["keep", "touching", "keep", "keep"]


@pytest.mark.timeout(300)
def test_real_ner_finds_nothing_in_boilerplate_and_the_body_keeps_it(tmp_path: Path) -> None:
    """Article files as an outlet publishes them, through load_corpus with the real spaCy model."""
    for i in range(8):
        text = f"# Visit {i}\n\nMarch {i + 1}, 2022\n\n{_body(i)}\n\nOriginal url:\n\n<https://www.harbourline-post.com/news/{i}>\n"
        (tmp_path / f"{i:03d}_visit.txt").write_text(text, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path, progress=False, cache=False)
    spans = boilerplate_spans(segment_table(corpus.articles))
    assert len(spans) == 16 and all(PROMO in b for b in corpus.articles["body"])  # the body keeps it
    raw, _ = cached_mentions(corpus, cache=False)
    assert len(raw) - len(drop_boilerplate(raw, spans)[0]) > 0  # NER did find names in those lines ...
    assert drop_boilerplate(corpus.mentions, spans)[1] == 0  # ... and none reached the mentions
    people = set(corpus.entities.loc[corpus.entities["kind"] == "person", "name"])
    assert people & set(PEOPLE)  # the articles' own names are still found


@pytest.mark.shared
@pytest.mark.timeout(300)
def test_real_corpus_boilerplate_is_a_small_share_of_the_text(ukraine_dir: Path) -> None:
    articles, _, _ = load_articles(ukraine_dir, progress=False)
    spans = boilerplate_spans(segment_table(articles))
    lengths = articles.set_index("article_id")["body"].str.len()
    share = (spans["end"] - spans["start"]).sum() / lengths.sum()
    assert 0.001 < share < 0.05, share  # something is found, and it is never the bulk of the text
    per_article = (
        spans.assign(n=spans["end"] - spans["start"]).groupby("article_id")["n"].sum() / lengths
    ).dropna()
    assert per_article.max() <= 0.6  # no article is mostly boilerplate (copies are protected)
    outlets = articles.set_index("article_id").loc[spans["article_id"].unique(), "outlet"]
    assert outlets.nunique() >= 5  # found in many outlets' own templates, not one outlet's
