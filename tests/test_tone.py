"""Tone: sentences, VADER scores of articles and mentions, the cache, the series with its band, the figure.

The oracle for a score is VADER itself called on the sentence text; weights, means and bands are
recomputed here with plain Python from the inputs.
"""

from __future__ import annotations

import math
import socket
import statistics
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.analysis.tone import series_of, tone_series
from helpers.core import schema
from helpers.corpus.model import Corpus
from helpers.enrich.tone import (
    analyzer,
    article_tones,
    cached_sentences,
    score_sentences,
    sentence_spans,
    tone_rows,
    with_tone,
)
from helpers.figures import tone_timeline

GOOD = "The rescue was a wonderful success and people were happy."
BAD = "Dr. Smith said the attack was a terrible, deadly disaster."
BODY = f"{GOOD} {BAD}\n\nThe meeting is on Tuesday."


def _vader(text: str) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().polarity_scores(text)["compound"]


def test_sentences_split_at_ends_and_breaks_but_not_after_titles_or_initials() -> None:
    text = 'Mr. Lee met U.S. envoys. "It failed!" he said. Then: 3 more.\nNew line here\n\n  Last one'
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == [
        "Mr. Lee met U.S. envoys.",
        '"It failed!" he said.',
        "Then: 3 more.",
        "New line here",
        "Last one",
    ]
    assert sentence_spans("") == [] and sentence_spans("   \n ") == []
    assert [BODY[a:b] for a, b in sentence_spans(BODY)] == [GOOD, BAD, "The meeting is on Tuesday."]


def test_article_tone_is_the_word_weighted_mean_of_vader_sentence_scores() -> None:
    sentences = score_sentences(["x"], [BODY])
    scores = [_vader(s) for s in (GOOD, BAD, "The meeting is on Tuesday.")]
    assert sentences["tone"].tolist() == pytest.approx(scores)
    assert scores[0] > 0.5 and scores[1] < -0.5 and scores[2] == 0
    words = [len(s.split()) for s in (GOOD, BAD, "The meeting is on Tuesday.")]
    assert sentences["words"].tolist() == words
    expected = sum(w * s for w, s in zip(words, scores, strict=True)) / sum(words)
    assert article_tones(sentences)["x"] == pytest.approx(expected)


def _corpus() -> Corpus:
    articles = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "body": [BODY, "", GOOD], "outlet": ["o1", "o1", "o2"],
         "published": pd.to_datetime(["2022-03-01", "2022-03-02", "2022-03-09"])}
    )  # fmt: skip
    smith, rescue = BODY.index("Smith"), BODY.index("rescue")
    mentions = pd.DataFrame(
        {"article_id": ["a", "a", "c"], "entity_id": ["E1", "E2", "E2"], "kind": ["person", "org", "org"],
         "text": ["Smith", "rescue", "rescue"], "start": [smith, rescue, GOOD.index("rescue")],
         "end": [smith + 5, rescue + 6, GOOD.index("rescue") + 6]}
    )  # fmt: skip
    return Corpus(
        articles=schema.conform(articles, schema.ARTICLE_COLUMNS),
        mentions=schema.conform(mentions, schema.MENTION_COLUMNS),
        entities=pd.DataFrame({"entity_id": ["E1", "E2"], "name": ["Dr Smith", "<b>Rescue</b>"]}),
    )


def test_mention_tone_is_its_sentence_and_the_cache_is_reused(tmp_path: Path) -> None:
    c = _corpus()
    shas = pd.Series(["s1", "s2", "s3"])
    arts, ments = with_tone(c.articles, c.mentions, shas, tmp_path)
    assert ments["tone"].tolist() == pytest.approx([_vader(BAD), _vader(GOOD), _vader(GOOD)])
    assert math.isnan(arts["tone"].iloc[1])  # an empty body has no tone, rather than a neutral 0
    assert arts["tone"].iloc[2] == pytest.approx(_vader(GOOD))
    cache = list(tmp_path.glob("tone-*.parquet"))
    assert len(cache) == 1
    before = cache[0].stat().st_mtime_ns
    again = cached_sentences(shas, c.articles["body"], tmp_path)  # nothing new: the file is not rewritten
    assert cache[0].stat().st_mtime_ns == before and len(again) == 3 + 1 + 1  # sentences, and "no sentence"
    more = cached_sentences(pd.Series(["s1", "s4"]), pd.Series([BODY, "Awful."]), tmp_path)
    assert sorted(set(more["text_sha"])) == ["s1", "s4"]  # the cache keeps only the bodies asked for
    # the store's per-partition rows give the same tones
    raw = pd.DataFrame({"text_sha": ["s1", "s1"], "start": c.mentions["start"].iloc[:2].to_numpy()})
    rows = tone_rows(pd.DataFrame({"text_sha": ["s1"], "body": [BODY]}), raw)
    assert rows.loc[rows["start"] == -1, "tone"].iloc[0] == pytest.approx(arts["tone"].iloc[0])
    assert rows.loc[rows["start"] >= 0, "tone"].tolist() == pytest.approx(ments["tone"].iloc[:2].tolist())


def test_the_lexicon_ships_in_the_wheel_and_scoring_needs_no_network(monkeypatch) -> None:
    import vaderSentiment

    folder = Path(vaderSentiment.__file__).parent
    assert (folder / "vader_lexicon.txt").stat().st_size > 100_000

    def refuse(*_args, **_kwargs):
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    analyzer.cache_clear()
    assert len(analyzer().lexicon) > 7000
    assert score_sentences(["x"], ["What a horrible war."])["tone"].iloc[0] < 0


def test_series_mean_and_band_recomputed_by_hand() -> None:
    frame = pd.DataFrame(
        {"group": ["o1", "o1", "o1", "o2"], "tone": [0.1, 0.3, -0.5, 0.2],
         "published": pd.to_datetime(["2022-03-01", "2022-03-06", "2022-03-07", "2022-03-02"])}
    )  # fmt: skip
    s = series_of(frame, "W")
    first = s[(s["group"] == "o1") & (s["period"] == pd.Timestamp("2022-02-28"))].iloc[0]  # Monday
    sd = statistics.stdev([0.1, 0.3])
    half = 1.959964 * sd / math.sqrt(2)
    assert (first["n"], first["mean"], first["sd"]) == (2, pytest.approx(0.2), pytest.approx(sd))
    assert (first["low"], first["high"]) == (pytest.approx(0.2 - half), pytest.approx(0.2 + half))
    single = s[s["period"] == pd.Timestamp("2022-03-07")].iloc[0]
    assert single["mean"] == pytest.approx(-0.5) and math.isnan(single["low"])  # no band from one score
    wider = series_of(frame, "W", level=0.99)
    assert wider["high"].iloc[0] - wider["low"].iloc[0] > first["high"] - first["low"]
    with pytest.raises(ValueError, match="freq"):
        series_of(frame, "Y")


def test_tone_series_by_outlet_entity_and_all(tmp_path: Path) -> None:
    c = _corpus()
    arts, ments = with_tone(c.articles, c.mentions, pd.Series(["s1", "s2", "s3"]), None)
    c = c.with_tables(articles=arts, mentions=ments)
    everything = tone_series(c, None)
    assert everything["n"].sum() == 2  # the empty article has no tone
    outlets = tone_series(c, "outlet", n=1)
    assert set(outlets["group"]) == {"o1"}
    ents = tone_series(c, "entity", keys=["Dr Smith"])
    assert ents["group"].tolist() == ["Dr Smith"] and ents["mean"].iloc[0] == pytest.approx(_vader(BAD))
    with pytest.raises(ValueError, match="by must be"):
        tone_series(c, "week")
    with pytest.raises(ValueError, match="no tone"):
        tone_series(_corpus(), "outlet")
    fig = tone_timeline(tone_series(c, "entity", n=5))
    means = [t for t in fig.data if t.mode == "lines+markers"]
    assert sorted(t.name for t in means) == ["&lt;b&gt;Rescue&lt;/b&gt;", "Dr Smith"]
    assert sum(t.fill == "tonexty" for t in fig.data) == 2
    assert not tone_timeline(everything.iloc[:0]).data


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_real_corpus_every_article_with_words_has_a_tone(ukraine_corpus) -> None:
    arts, ments = ukraine_corpus.articles, ukraine_corpus.mentions
    has_words = arts["body"].fillna("").str.contains(r"\w", regex=True)
    assert arts.loc[has_words, "tone"].notna().all()
    assert arts["tone"].between(-1, 1).sum() == has_words.sum()
    # a sample of mentions: the tone is VADER's score of the sentence (recomputed here) holding it
    sample = ments.sample(40, random_state=1)
    bodies = arts.set_index("article_id")["body"]
    for _, m in sample.iterrows():
        body = bodies[m["article_id"]]
        a, b = next((a, b) for a, b in sentence_spans(body) if a <= m["start"] < b)
        assert m["tone"] == pytest.approx(_vader(body[a:b]))
    series = tone_series(ukraine_corpus, "outlet", n=13, freq="M")
    assert series["group"].nunique() == 13
    assert (series["low"].dropna() <= series["mean"][series["low"].notna()]).all()
    assert np.isfinite(series["mean"]).all()
