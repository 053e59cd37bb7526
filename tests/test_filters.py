"""Filter semantics (FILTERS contract): each field, combinations, keyword rules, purity, consistency."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from helpers.core import schema
from helpers.corpus.model import Corpus
from helpers.query.apply import apply, resolve_entities, resolve_places
from helpers.query.filters import NO_MATCH, Filter
from helpers.query.tokens import keyword_terms, token_text
from helpers.testing.oracle import naive_apply
from helpers.testing.synthetic import synthetic_corpus

# (article_id, title, published, outlet, body)
ARTICLES = [
    ("a1", "Peace talks resume", "2022-03-01 10:00", "theguardian.com", "Vladimir Putin spoke in Kyiv."),
    ("a2", "Grain deal", "2022-03-02 23:59", "bbc.co.uk", "The peace-talks with Zelensky went on in Lviv."),
    ("a3", "Undated", None, "nytimes.com", "No peacetalks here, said Putin."),
    ("a4", "Night", "2022-03-03 00:00", "BBC.co.uk", "Peace, talks: Putin and Zelensky. Kiev!"),
    ("a5", "Київ", "2022-03-05 12:00", "dw.com", "Місто Київ; the UN said."),
]
# (entity_id, name, kind, aliases, place_id)
ENTITIES = [
    ("e_putin", "Vladimir Putin", "person", ["Vladimir Putin", "Putin"], ""),
    ("e_zel", "Volodymyr Zelensky", "person", ["Zelensky", "Zelenskyy"], ""),
    ("e_kyiv", "Kyiv", "place", ["Kyiv", "Kiev", "Київ"], "703448"),
    ("e_lviv", "Lviv", "place", ["Lviv"], "702550"),
    ("e_un", "United Nations", "org", ["UN"], ""),
    ("e_unused", "Nobody", "person", ["Nobody"], ""),
]
# (article_id, entity_id, text)
MENTIONS = [
    ("a1", "e_putin", "Vladimir Putin"),
    ("a1", "e_kyiv", "Kyiv"),
    ("a2", "e_zel", "Zelensky"),
    ("a2", "e_lviv", "Lviv"),
    ("a3", "e_putin", "Putin"),
    ("a4", "e_putin", "Putin"),
    ("a4", "e_zel", "Zelensky"),
    ("a4", "e_kyiv", "Kiev"),
    ("a5", "e_kyiv", "Київ"),
    ("a5", "e_un", "UN"),
]
PLACES = [
    ("703448", "Kyiv", "UA", "Kyiv City", 50.45, 30.52, "city"),
    ("702550", "Lviv", "UA", "Lviv", 49.84, 24.03, "city"),
    ("2643743", "London", "GB", "England", 51.51, -0.13, "city"),
]


def make_corpus() -> Corpus:
    """A small hand-made corpus whose every answer can be read off the tables above."""
    arts = pd.DataFrame(ARTICLES, columns=["article_id", "title", "published", "outlet", "body"])
    arts["published"] = pd.to_datetime(arts["published"])
    bodies = dict(zip(arts["article_id"], arts["body"], strict=True))
    rows = []
    for aid, eid, text in MENTIONS:
        start = bodies[aid].index(text)
        kind = next(e[2] for e in ENTITIES if e[0] == eid)
        rows.append((aid, eid, kind, text, start, start + len(text)))
    ments = pd.DataFrame(rows, columns=["article_id", "entity_id", "kind", "text", "start", "end"])
    ents = pd.DataFrame(ENTITIES, columns=["entity_id", "name", "kind", "aliases", "place_id"])
    ents["mentions"] = ents["entity_id"].map(ments["entity_id"].value_counts()).fillna(0).astype(int)
    ents["articles"] = ents["entity_id"].map(ments.groupby("entity_id")["article_id"].nunique()).fillna(0)
    places = pd.DataFrame(PLACES, columns=list(schema.PLACE_COLUMNS))
    return Corpus(
        articles=schema.conform(arts, schema.ARTICLE_COLUMNS),
        mentions=schema.conform(ments, schema.MENTION_COLUMNS),
        entities=schema.conform(ents, schema.ENTITY_COLUMNS),
        places=schema.conform(places, schema.PLACE_COLUMNS),
        meta={"source": "hand-made"},
    )


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return make_corpus()


def ids(corpus: Corpus, f: Filter) -> list[str]:
    return apply(corpus, f).articles["article_id"].tolist()


# -- each field ------------------------------------------------------------------------------------


def test_empty_filter_keeps_everything_but_unmentioned_entities(corpus: Corpus) -> None:
    out = apply(corpus, Filter())
    assert out.articles["article_id"].tolist() == ["a1", "a2", "a3", "a4", "a5"]
    assert len(out.mentions) == len(MENTIONS)
    assert "e_unused" not in set(out.entities["entity_id"])
    assert set(out.places["place_id"]) == {"703448", "702550"}
    assert out.meta["filter"] == Filter().to_dict() and out.meta["source"] == "hand-made"


def test_dates_inclusive_on_utc_day_and_nat(corpus: Corpus) -> None:
    assert ids(corpus, Filter(start=dt.date(2022, 3, 2))) == ["a2", "a4", "a5"]
    assert ids(corpus, Filter(end=dt.date(2022, 3, 2))) == ["a1", "a2"]  # 23:59 still counts
    assert ids(corpus, Filter(start="2022-03-02", end="2022-03-03")) == ["a2", "a4"]
    assert ids(corpus, Filter(start=dt.date(2022, 3, 3), end=dt.date(2022, 3, 3))) == ["a4"]
    assert "a3" in ids(corpus, Filter(outlets=("nytimes.com",)))  # NaT kept without dates
    assert ids(corpus, Filter(start=dt.date(2000, 1, 1))) == ["a1", "a2", "a4", "a5"]  # NaT dropped


def test_outlets_any_case_insensitive(corpus: Corpus) -> None:
    assert ids(corpus, Filter(outlets=("bbc.co.uk",))) == ["a2", "a4"]
    assert ids(corpus, Filter(outlets=("dw.com", "THEGUARDIAN.COM"))) == ["a1", "a5"]
    assert ids(corpus, Filter(outlets=("unknown.org",))) == []


def test_places_by_id_name_and_alias(corpus: Corpus) -> None:
    assert ids(corpus, Filter(places=("703448",))) == ["a1", "a4", "a5"]
    assert ids(corpus, Filter(places=("kyiv",))) == ["a1", "a4", "a5"]
    assert ids(corpus, Filter(places=("Kiev",))) == ["a1", "a4", "a5"]  # alias of the place entity
    assert ids(corpus, Filter(places=("Lviv", "703448"))) == ["a1", "a2", "a4", "a5"]
    assert ids(corpus, Filter(places=("London",))) == []  # known place, never mentioned
    assert ids(corpus, Filter(places=("Atlantis",))) == []


def test_entities_any_all_and_resolution(corpus: Corpus) -> None:
    assert ids(corpus, Filter(entities=("e_putin",))) == ["a1", "a3", "a4"]
    assert ids(corpus, Filter(entities=("vladimir putin",))) == ["a1", "a3", "a4"]
    assert ids(corpus, Filter(entities=("Zelenskyy",))) == ["a2", "a4"]
    assert ids(corpus, Filter(entities=("Putin", "Zelensky"))) == ["a1", "a2", "a3", "a4"]
    assert ids(corpus, Filter(entities=("Putin", "Zelensky"), entity_mode="all")) == ["a4"]
    assert ids(corpus, Filter(entities=("Putin", "nobody-at-all"), entity_mode="all")) == []
    assert ids(corpus, Filter(entities=("Putin", "nobody-at-all"))) == ["a1", "a3", "a4"]
    assert ids(corpus, Filter(entities=("nobody-at-all",))) == []


def test_resolve_functions(corpus: Corpus) -> None:
    assert resolve_entities(corpus, ["putin", "e_zel", "KIEV", "nope", "Putin"]) == [
        "e_putin",
        "e_zel",
        "e_kyiv",
    ]
    assert resolve_entities(corpus, "UN") == ["e_un"]
    assert resolve_places(corpus, ["Kiev", "702550", "london", "nope"]) == ["703448", "702550", "2643743"]


# -- keyword ---------------------------------------------------------------------------------------


def test_keyword_terms_and_token_text() -> None:
    assert keyword_terms('Kyiv "Peace-Talks"  grain,deal "unclosed phrase') == [
        "kyiv",
        "peace talks",
        "grain deal",
        "unclosed phrase",
    ]
    assert keyword_terms(' -- "" "!!" ') == []
    assert token_text("Peace, talks: 2022_x Київ") == " peace talks 2022 x київ "


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"peace talks"', ["a1", "a2", "a4"]),  # title, hyphen, comma; not "peacetalks"
        ("PEACE talks", ["a1", "a2", "a4"]),
        ("peacetalks", ["a3"]),
        ('"talks peace"', []),
        ("putin zelensky", ["a4"]),  # every term must match
        ("київ", ["a5"]),
        ("КИЇВ", ["a5"]),
        ('"peace talks" -- ""', ["a1", "a2", "a4"]),  # token-less terms ignored
        ("kie", []),  # whole tokens only
        ("", ["a1", "a2", "a3", "a4", "a5"]),
        ("kiev!", ["a4"]),
    ],
)
def test_keyword(corpus: Corpus, query: str, expected: list[str]) -> None:
    assert ids(corpus, Filter(keyword=query)) == expected


# -- combination, construction ---------------------------------------------------------------------


def test_fields_combine_with_and(corpus: Corpus) -> None:
    f = Filter(start=dt.date(2022, 3, 1), outlets=("bbc.co.uk", "theguardian.com"), entities=("Putin",))
    assert ids(corpus, f) == ["a1", "a4"]
    assert ids(corpus, f.replace(keyword="kiev")) == ["a4"]
    assert ids(corpus, f.replace(places=("Lviv",))) == []


def test_and_and_replace() -> None:
    a = Filter(start="2022-03-01", end="2022-03-10", entities=("Putin",), keyword='"peace talks"')
    b = Filter(start="2022-03-02", end="2022-03-20", entities=("Zelensky",), keyword="kyiv", outlets="dw.com")
    both = a & b
    assert (both.start, both.end) == (dt.date(2022, 3, 2), dt.date(2022, 3, 10))
    assert both.entities == ("Putin", "Zelensky") and both.entity_mode == "all"
    assert both.terms() == ["peace talks", "kyiv"] and both.outlets == ("dw.com",)
    assert (Filter(entities=("x", "y")) & Filter(outlets=("o",))).entity_mode == "any"
    assert a.replace(keyword="").keyword == "" and a.keyword == '"peace talks"'
    assert Filter(keyword='"open phrase') & Filter(keyword="x") == Filter(keyword='"open phrase" x')


def test_and_is_exact_or_refuses() -> None:
    assert (Filter(outlets=("a.com", "b.com")) & Filter(outlets=("B.COM", "c.com"))).outlets == ("b.com",)
    assert (Filter(outlets=("a.com",)) & Filter(outlets=("c.com",))).outlets == (NO_MATCH,)
    assert (Filter(places=("Kyiv", "Lviv")) & Filter(places=("kyiv",))).places == ("kyiv",)
    with pytest.raises(ValueError, match="filter twice"):
        Filter(places=("Kyiv",)) & Filter(places=("Lviv",))
    some = Filter(entities=("Putin", "Zelensky"))
    assert (some & Filter(entities=("putin",))).entities == ("putin",)
    assert (some & Filter(entities=("UN", "Putin"), entity_mode="all")).entity_mode == "all"
    with pytest.raises(ValueError, match="entities"):
        some & Filter(entities=("UN",))


FILTER_POOL = [
    Filter(),
    Filter(entities=("Putin",)),
    Filter(entities=("Zelensky",), end="2022-03-03"),
    Filter(entities=("Putin", "Zelensky")),
    Filter(entities=("Putin", "Zelensky", "UN")),
    Filter(entities=("Putin", "Kyiv"), entity_mode="all"),
    Filter(places=("Kyiv",)),
    Filter(places=("Kyiv", "Lviv")),
    Filter(outlets=("bbc.co.uk",)),
    Filter(outlets=("bbc.co.uk", "dw.com")),
    Filter(outlets=("dw.com",), start="2022-03-02"),
    Filter(keyword='"peace talks"'),
    Filter(keyword="putin", start="2022-03-02"),
]


def test_and_keeps_exactly_the_articles_both_keep(corpus: Corpus) -> None:
    combined = 0
    for a in FILTER_POOL:
        for b in FILTER_POOL:
            try:
                both = a & b
            except ValueError:
                continue
            combined += 1
            assert ids(corpus, both) == sorted(set(ids(corpus, a)) & set(ids(corpus, b))), (a, b)
    assert combined > 0.8 * len(FILTER_POOL) ** 2


def test_construction_normalises_and_validates() -> None:
    f = Filter(start=pd.Timestamp("2022-03-01 13:00"), entities="Putin", places=["Kyiv", "Kyiv", " "])
    assert f.start == dt.date(2022, 3, 1) and f.entities == ("Putin",) and f.places == ("Kyiv",)
    with pytest.raises(ValueError, match="entity_mode"):
        Filter(entity_mode="some")
    with pytest.raises(ValueError, match="ISO date"):
        Filter(start="March 1")
    assert Filter().is_empty() and Filter(keyword=" -- ").is_empty() and not Filter(outlets="x").is_empty()


def test_dict_round_trip_and_describe(corpus: Corpus) -> None:
    f = Filter(start="2022-03-01", entities=("e_putin", "e_zel"), entity_mode="all", keyword='"peace talks"')
    data = json.loads(json.dumps(f.to_dict()))
    assert data["start"] == "2022-03-01" and data["end"] is None
    assert Filter.from_dict(data) == f
    with pytest.raises(ValueError, match="unknown"):
        Filter.from_dict({"colour": "red"})
    text = f.describe(corpus)
    assert "Vladimir Putin" in text and "(all)" in text and '"peace talks"' in text and "1 Mar 2022" in text
    assert Filter().describe() == "all articles"


# -- purity and consistency ------------------------------------------------------------------------


def test_apply_is_pure(corpus: Corpus) -> None:
    before = {name: getattr(corpus, name).copy(deep=True) for name in ("articles", "mentions", "entities")}
    out = apply(corpus, Filter(entities=("Putin",), keyword="peace"))
    out.entities.loc[0, "articles"] = 999
    out.articles.loc[0, "title"] = "changed"
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(corpus, name), frame)
    assert "filter" not in corpus.meta


def test_sub_corpus_is_consistent(corpus: Corpus) -> None:
    out = apply(corpus, Filter(entities=("Zelensky",)))
    assert out.articles["article_id"].tolist() == ["a2", "a4"]
    assert set(out.mentions["article_id"]) == {"a2", "a4"} and len(out.mentions) == 5
    counts = out.entities.set_index("entity_id")[["articles", "mentions"]].to_dict("index")
    assert counts == {
        "e_putin": {"articles": 1, "mentions": 1},
        "e_zel": {"articles": 2, "mentions": 2},
        "e_kyiv": {"articles": 1, "mentions": 1},
        "e_lviv": {"articles": 1, "mentions": 1},
    }
    assert sorted(out.places["place_id"]) == ["702550", "703448"]
    assert out.mentions.dtypes.equals(corpus.mentions.dtypes)


def test_works_without_enrichment() -> None:
    c = make_corpus()
    bare = Corpus(articles=c.articles)
    assert apply(bare, Filter(keyword="putin")).articles["article_id"].tolist() == ["a1", "a3", "a4"]
    assert apply(bare, Filter(entities=("Putin",))).articles.empty


def random_filter(rng: np.random.Generator, corpus: Corpus) -> Filter:
    """A random filter over real values of ``corpus`` (sometimes unknown ones)."""
    ents = corpus.entities
    fields: dict = {}
    if rng.random() < 0.4:
        start = dt.date(2022, 1, 1) + dt.timedelta(days=int(rng.integers(0, 300)))
        fields["start"], fields["end"] = start, start + dt.timedelta(days=int(rng.integers(0, 90)))
    if rng.random() < 0.5:
        pick = ents.sample(int(rng.integers(1, 4)), random_state=int(rng.integers(1 << 30)))
        pairs = zip(pick["entity_id"], pick["name"], strict=True)
        fields["entities"] = [rng.choice([e, n, n.upper()]) for e, n in pairs]
        fields["entity_mode"] = str(rng.choice(["any", "all"]))
    if rng.random() < 0.3:
        fields["places"] = list(corpus.places["name"].sample(2, random_state=int(rng.integers(1 << 30))))
    if rng.random() < 0.3:
        fields["outlets"] = list(rng.choice(corpus.articles["outlet"].unique(), size=2))
    if rng.random() < 0.4:
        words = corpus.articles["title"].iloc[int(rng.integers(len(corpus)))].split()
        fields["keyword"] = str(rng.choice([words[0], f'"{words[1]} {words[2]}"', "peace", '"grain deal"']))
    return Filter(**fields)


def test_matches_naive_oracle_on_random_filters() -> None:
    corpus = synthetic_corpus(400, n_entities=300, mentions_per_article=6, words_per_article=40, seed=3)
    rng = np.random.default_rng(7)
    sizes = []
    for _ in range(60):
        f = random_filter(rng, corpus)
        fast, slow = apply(corpus, f), naive_apply(corpus, f)
        for name in ("articles", "mentions", "entities", "places"):
            pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), obj=f"{name} for {f}")
        sizes.append(len(fast.articles))
    assert min(sizes) == 0 and max(sizes) == len(corpus) and len(set(sizes)) > 10


TRICKY = [
    "İstanbul i̇stanbul ǅemal ⅷ ½ ٣ x² ﬁne Straße ΣΑΣ 𝒜bc _under_score_ 1_000 ᾈ",
    "café (composed) vs cafe\u0301 (decomposed); l'Ukraine — “quotes” «guillemets» 3.5% e-mail",
    "日本語のテキスト 中文 한국어 العربية עברית हिन्दी ไทย",
    "",
    "   \n\n  ",
]


def test_keyword_index_tokens_equal_the_contract_tokeniser() -> None:
    from helpers.query.keywords import KeywordIndex

    titles = ["Title " + str(i) for i in range(len(TRICKY))]
    index = KeywordIndex(titles, TRICKY)
    assert index.texts == [token_text(f"{t}\n{b}") for t, b in zip(titles, TRICKY, strict=True)]
    for i, text in enumerate(TRICKY):
        for token in token_text(text).split():
            assert i in index.articles_with(token).tolist()


def test_fast_tokens_equal_the_contract_tokeniser() -> None:
    from helpers.query.keywords import fast_tokens
    from helpers.query.tokens import tokens

    ascii_ish = [
        "Plain ASCII, with punctuation: a_b (c) 1.5% -- e-mail!",
        "Curly “quotes” — dashes – and ‘apostrophes’… £5 © 2022",
        "Mixed: café and “quotes”",
        "K\u212a Kelvin sign lowers to ASCII; \u0130stanbul; x\u00b2; \ufb01ne",
        "",
    ]
    for text in ascii_ish + TRICKY:
        assert fast_tokens(text) == tokens(text), text


@pytest.mark.shared
def test_fast_tokens_on_real_articles(ukraine_dir) -> None:
    from helpers.query.keywords import fast_tokens
    from helpers.query.tokens import tokens

    files = sorted(ukraine_dir.rglob("*.txt"))[:400]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert fast_tokens(text) == tokens(text), path.name


def test_empty_corpus() -> None:
    c = make_corpus()
    empty = c.with_tables(articles=c.articles.iloc[:0], mentions=c.mentions.iloc[:0])
    out = apply(empty, Filter(keyword="putin", entities=("Putin",), start="2022-01-01"))
    assert out.articles.empty and out.mentions.empty and out.entities.empty and out.places.empty


def test_keyword_index_warmed_in_a_thread_is_the_one_used() -> None:
    """``warm_keywords`` builds the keyword index in the background; a keyword filter then uses that
    index and gives the oracle's articles."""
    from helpers.query.index import FilterIndex

    corpus = synthetic_corpus(300, n_entities=60, seed=5)
    index = FilterIndex(corpus)
    assert not index.keywords_ready
    index.warm_keywords().join(timeout=60)
    assert index.keywords_ready
    built = index.keywords
    f = Filter(keyword='"peace talks"')
    mask = index.article_mask(f)
    assert index.keywords is built
    expected = naive_apply(corpus, f).articles["article_id"].tolist()
    assert expected
    assert corpus.articles["article_id"][mask].tolist() == expected


# -- filters that match nothing say so (issue 13, item 1) -----------------------------------------


@pytest.mark.parametrize(
    "f,expected",
    [
        (
            Filter(entities="Vladimir Puttin"),
            "no entity 'Vladimir Puttin': did you mean Vladimir Putin (3 articles)?",
        ),
        (Filter(places="Kyv"), "no place 'Kyv': did you mean Kyiv (3 articles)?"),
        (
            Filter(outlets="guardian.com"),
            "no outlet 'guardian.com': did you mean theguardian.com (1 article)?",
        ),
        (Filter(start="2022-06-30", end="2022-03-01"), "start 2022-06-30 is after end 2022-03-01"),
        (Filter(entities="Qwxz"), "no entity 'Qwxz', and nothing close to it"),
    ],
)
def test_a_value_that_matches_nothing_warns_with_the_closest_matches(
    corpus: Corpus, f: Filter, expected: str
) -> None:
    from helpers.query.check import FilterWarning

    with pytest.warns(FilterWarning) as caught:
        sub = corpus.filter(f)
    assert [str(w.message) for w in caught] == [expected]
    assert len(sub) == 0


def test_a_corpus_without_entities_says_so() -> None:
    from helpers.query.check import check_filter

    bare = make_corpus().with_tables(
        entities=schema.empty_frame(schema.ENTITY_COLUMNS),
        mentions=schema.empty_frame(schema.MENTION_COLUMNS),
    )
    assert check_filter(bare, Filter(entities="Putin")).problems == (
        "no entity 'Putin': the corpus has no entities (they are found when it loads with enrich=True, "
        "i.e. without --no-enrich)",
    )


def test_check_counts_what_a_filter_keeps_and_says_why_it_is_empty(corpus: Corpus) -> None:
    import warnings

    from helpers.query.check import CLI_NAMES, check_filter

    assert check_filter(corpus, Filter(entities="putin")).kept_text == "the filter keeps 3 of 5 articles"
    empty = check_filter(corpus, Filter(start="2021-01-01", end="2021-02-01"))
    assert empty.problems == () and empty.kept == 0
    assert empty.kept_text == (
        "the filter keeps 0 of 5 articles "
        "(no article is dated 1 Jan – 1 Feb 2021; the corpus runs 1 Mar – 5 Mar 2022)"
    )
    both = check_filter(corpus, Filter(outlets="dw.com", entities="Putin"))
    assert both.kept_text == "the filter keeps 0 of 5 articles (no article matches all of its parts together)"
    flipped = check_filter(corpus, Filter(start="2022-06-30", end="2022-03-01"), CLI_NAMES)
    assert flipped.problems == ("--from 2022-06-30 is after --to 2022-03-01",)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an empty result asked for is not a warning
        assert len(corpus.filter(Filter(start="2021-01-01", end="2021-02-01"))) == 0
