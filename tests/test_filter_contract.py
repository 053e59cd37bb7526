"""The filter contract (docs/filter_contract.md): one set of cases, ``tests/filter_cases.json``, fed to
``Corpus.filter`` and to the report's JavaScript in Chromium; then the tokeniser of both sides compared
on every code point.

Each case names a small corpus of the file, a filter (``Filter.to_dict`` fields) and the ids of the
articles it keeps, written by hand. In the page every case is set (``CorpusAtlas.setState`` with the
starting state ``export_report(filter=...)`` would embed) in two reports of its corpus: one with the
word index only, exported with every phrase of the corpus's cases (the articles of each phrase are
found at export, per phrase, as for a report exported with the case's filter), and one with the
bodies (the page matches every phrase itself). The cases where page and ``Corpus.filter`` disagreed
before are also each exported with their own filter, in both kinds of report.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _report_fixtures import ReportPage

from helpers.core import schema
from helpers.corpus.model import Corpus
from helpers.query.apply import apply
from helpers.query.chars import CODE_POINTS, token_chars
from helpers.query.filters import Filter
from helpers.query.tokens import WHITESPACE, keyword_terms, tokens
from helpers.report.compute import build_core, initial_state
from helpers.report.export import export_report
from helpers.testing.oracle import naive_apply

ROOT = Path(__file__).resolve().parents[1]
SPEC = json.loads((ROOT / "tests" / "filter_cases.json").read_text(encoding="utf-8"))
STATIC = ROOT / "helpers" / "report" / "static"
#: Unicode's White_Space characters, written out by hand (PropList.txt), and the quote, which also ends a word
SPLITTERS = [*range(0x09, 0x0E), 0x20, 0x22, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B)]
SPLITTERS += [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _params() -> list[Any]:
    """One pytest param per case; a case for an older Unicode is skipped on a Python with a newer one."""
    out = []
    for case in SPEC["cases"]:
        marks = []
        below = case.get("unicode_below")
        if below and _version(unicodedata.unidata_version) >= _version(below):
            reason = f"written for Unicode < {below}; this Python has {unicodedata.unidata_version}"
            marks.append(pytest.mark.skip(reason=reason))
        out.append(pytest.param(case, id=re.sub(r"\W+", "-", case["name"]).strip("-"), marks=marks))
    return out


CASES = _params()


def _entity_tables(spec: dict[str, Any], bodies: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Mentions, entities and places of a corpus spec (a mention is the first occurrence of its text)."""
    kinds = {e["id"]: e["kind"] for e in spec["entities"]}
    mentions = pd.DataFrame(
        [
            (art, ent, kinds[ent], text, bodies[art].index(text), bodies[art].index(text) + len(text))
            for art, ent, text in spec["mentions"]
        ],
        columns=["article_id", "entity_id", "kind", "text", "start", "end"],
    )
    counts = mentions.groupby("entity_id").agg(articles=("article_id", "nunique"), mentions=("text", "size"))
    entities = pd.DataFrame(
        {
            "entity_id": e["id"],
            "name": e["name"],
            "kind": e["kind"],
            "aliases": [e["name"], *e["aliases"]],
            "place_id": e.get("place", ""),
            "articles": int(counts["articles"].get(e["id"], 0)),
            "mentions": int(counts["mentions"].get(e["id"], 0)),
        }
        for e in spec["entities"]
    )
    places = pd.DataFrame(
        {"place_id": p["id"], "name": p["name"], "country": p["country"], "lat": p["lat"], "lon": p["lon"]}
        for p in spec["places"]
    )
    return {
        "mentions": schema.conform(mentions, schema.MENTION_COLUMNS),
        "entities": schema.conform(entities, schema.ENTITY_COLUMNS),
        "places": schema.conform(places.assign(admin1="", feature="city"), schema.PLACE_COLUMNS),
    }


@functools.cache
def corpus_named(name: str) -> Corpus:
    """The corpus ``name`` of the cases file (without entities when it lists none)."""
    spec = SPEC["corpora"][name]
    arts = pd.DataFrame(spec["articles"]).rename(columns={"id": "article_id"})
    arts["published"] = pd.to_datetime(arts["published"])
    arts["path"] = arts["article_id"] + ".txt"
    articles = schema.conform(arts, schema.ARTICLE_COLUMNS)
    if not spec.get("entities"):
        return Corpus(articles=articles, meta={"source": f"filter_cases.json: {name}"})
    tables = _entity_tables(spec, dict(zip(arts["article_id"], arts["body"], strict=True)))
    return Corpus(articles=articles, meta={"source": f"filter_cases.json: {name}"}, **tables)


def kept(corpus: Corpus, positions: list[int]) -> list[str]:
    """Article ids at ``positions`` (the page's selection), in corpus order."""
    ids = corpus.articles["article_id"].tolist()
    return [ids[i] for i in sorted(positions)]


# -- Python ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_python_keeps_the_expected_articles(case: dict[str, Any]) -> None:
    corpus, f = corpus_named(case["corpus"]), Filter.from_dict(case["filter"])
    assert corpus.filter(f).articles["article_id"].tolist() == case["expect"]
    assert apply(corpus, f).articles["article_id"].tolist() == case["expect"]
    assert naive_apply(corpus, f).articles["article_id"].tolist() == case["expect"]


def test_cases_name_every_corpus_and_differ() -> None:
    names = [case["name"] for case in SPEC["cases"]]
    assert len(set(names)) == len(names)
    assert {case["corpus"] for case in SPEC["cases"]} == set(SPEC["corpora"])
    for case in SPEC["cases"]:
        ids = [a["id"] for a in SPEC["corpora"][case["corpus"]]["articles"]]
        assert [i for i in ids if i in case["expect"]] == case["expect"], case["name"]


def test_a_query_splits_on_unicode_white_space_and_quotes_only() -> None:
    splits = [c for c in range(CODE_POINTS) if len(keyword_terms(f"a{chr(c)}b")) == 2]
    assert splits == SPLITTERS
    assert WHITESPACE in (STATIC / "report_data.js").read_text(encoding="utf-8")  # the same source


def test_the_page_has_one_token_regex() -> None:
    """The page's only tokeniser is built from the exported table: no \\p{L}, \\w or \\s class in our JS
    (but the one that drops line breaks from base64)."""
    code = {path.name: path.read_text(encoding="utf-8") for path in STATIC.glob("*.js")}
    assert "\n".join(code.values()).count("TOKEN_RE = new RegExp(") == 1
    for name, text in code.items():
        for pattern in (r"\p{L}", r"\p{N}", r"\w", r"\s"):
            assert pattern not in text.replace(r"replace(/\s+/g", ""), (name, pattern)


def _decode(table: str) -> list[tuple[str, int, int]]:
    """``token_chars()`` back to (class letter, first, last) runs, decoded here independently."""
    runs, at = [], 0
    for kind, length in re.findall(r"([USCITLM])([0-9a-z]+)", table):
        runs.append((kind, at, at + int(length, 36) - 1))
        at += int(length, 36)
    assert at == CODE_POINTS and re.fullmatch(r"(?:[USCITLM][0-9a-z]+)+", table)
    return runs


def test_token_chars_are_the_classes_of_this_python() -> None:
    """Token characters are ``str.isalnum``, unknown ones unassigned; letters of a case are cased, marks,
    format characters, modifiers case-ignorable (Unicode's definitions, as far as categories tell)."""
    cased, ignorable = {"Lu", "Ll", "Lt"}, {"Mn", "Me", "Cf", "Lm", "Sk"}
    for kind, first, last in _decode(token_chars()):
        for c in range(first, last + 1):
            char, category = chr(c), unicodedata.category(chr(c))
            assert (kind in "TLM") == char.isalnum() and (kind == "U") == (category == "Cn"), f"U+{c:04X}"
            assert kind in ("CL" if category in cased else "IM" if category in ignorable else "USCITLM")


def test_an_unassigned_character_is_a_space_to_python() -> None:
    """Why the page may blank out what Python does not know: lower-casing, tokens and final sigma
    come out the same with a space there (every unassigned code point of planes 0-3 and 14)."""
    for c in range(0x40000):
        if unicodedata.category(chr(c)) != "Cn" and c < 0xE0000:
            continue
        for text in (f"ab{chr(c)}cd", f"ΑΣ{chr(c)}Α", f"{chr(c)}Σ"):
            assert tokens(text) == tokens(text.replace(chr(c), " ")), f"U+{c:04X}"


# -- the page ----------------------------------------------------------------------------------------


def _phrases_of(name: str) -> Filter:
    """A filter holding every phrase of the cases of corpus ``name``: a report exported with it carries
    the articles of each phrase, as a report exported with any one case's filter does for that case."""
    queries = [c["filter"].get("keyword", "") for c in SPEC["cases"] if c["corpus"] == name]
    terms = [t for query in queries for t in keyword_terms(query)]
    return Filter(keyword=" ".join(dict.fromkeys(f'"{t}"' for t in terms if " " in t)))


@pytest.fixture(scope="module")
def pages(browser, tmp_path_factory):
    """(corpus name, mode) -> an open report: ``"index"`` (the word index only, exported with the cases'
    phrases) or ``"bodies"`` (with the bodies: the page matches every phrase itself)."""
    folder, out = tmp_path_factory.mktemp("contract"), {}
    for name in SPEC["corpora"]:
        corpus = corpus_named(name)
        index = export_report(corpus, folder / f"{name}.html", filter=_phrases_of(name), snippets=False)
        bodies = export_report(corpus, folder / f"{name}_bodies.html", include_bodies=True, snippets=False)
        out[name, "index"], out[name, "bodies"] = ReportPage(browser, index), ReportPage(browser, bodies)
    yield out
    for page in out.values():
        assert page.requests == [] and page.errors == []
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_page_keeps_the_expected_articles(case, pages) -> None:
    corpus, f = corpus_named(case["corpus"]), Filter.from_dict(case["filter"])
    state = initial_state(corpus, f, build_core(corpus))  # what export_report(filter=f) starts the page at
    for mode in ("index", "bodies"):
        page = pages[case["corpus"], mode]
        page.js("s => CorpusAtlas.setState(s)", state)
        assert kept(corpus, page.selected()) == case["expect"], mode
        assert not page.page.is_visible("#ca-keyword-note"), "the page says its count is not exact"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if "before" in c.values[0]])
def test_page_exported_with_the_filter_starts_at_the_expected_articles(case, browser, tmp_path) -> None:
    """The cases where page and ``Corpus.filter`` disagreed, each in a report exported with its filter."""
    corpus = corpus_named(case["corpus"])
    for bodies in (False, True):
        f = Filter.from_dict(case["filter"])
        path = export_report(corpus, tmp_path / "case.html", filter=f, include_bodies=bodies, snippets=False)
        page = ReportPage(browser, path)
        try:
            assert kept(corpus, page.selected()) == case["expect"], f"bodies={bodies}"
            assert not page.page.is_visible("#ca-keyword-note") and page.errors == [] and page.requests == []
        finally:
            page.close()


@pytest.mark.browser
def test_page_marks_tokens_at_their_characters(pages) -> None:
    """Where the page marks a match: each token maps back to whole characters of the text, also when
    lower-casing changes the length (U+0130) and outside the BMP."""
    text = "İstanbul ΟΔΟΣ 𐐀𐐁 x\ua7dcy"
    spans = pages["news", "bodies"].js("t => CorpusAtlasLib.tokenSpans(t)", text)
    assert spans == [
        ["i", 0, 1],
        ["stanbul", 1, 8],
        ["οδος", 9, 13],
        ["𐐨𐐩", 14, 18],
        ["x", 19, 20],
        ["y", 21, 22],
    ]


#: each code point c is tokenised in this text: c alone, after and before a capital sigma (spaces are
#: neither cased nor case-ignorable, so the three parts do not see each other)
CONTEXT = "ΑΣ{c}Α {c} Α{c}Σ"
EVERY_CODE_POINT = """([want, other]) => {
  const lib = CorpusAtlasLib, expected = new Map(JSON.parse(want)), bad = {tokens: [], splits: [], tried: 0};
  for (let c = 0; c < 0x110000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;  // lone surrogates: not text
    const ch = String.fromCodePoint(c);
    // unknown to this browser and nothing special to Python: only the table can decide (it says U or S)
    if (!expected.has(c) && /\\p{Cn}/u.test(ch) && c % 4096 !== 0) continue;
    bad.tried++;
    const text = "\u0391\u03a3" + ch + "\u0391 " + ch + " \u0391" + ch + "\u03a3";
    if (lib.tokens(text).join(" ") !== (expected.get(c) || other)) bad.tokens.push(c);
    if (lib.queryTerms("a" + ch + "b").length === 2) bad.splits.push(c);
  }
  return bad;
}"""


@pytest.mark.browser
def test_page_tokenises_every_code_point_as_python(pages) -> None:
    """Every code point but lone surrogates, alone, after a capital sigma and before one: the page's
    tokens are Python's (token characters, case mapping, final sigma) whatever Unicode this browser
    has; and a query splits at the same characters."""
    unassigned = "\u0378"  # Cn in every Unicode so far; every unassigned code point tokenises as it does
    assert unicodedata.category(unassigned) == "Cn"
    other = " ".join(tokens(CONTEXT.format(c=unassigned)))
    want = [
        [c, joined]
        for c in range(CODE_POINTS)
        if unicodedata.category(chr(c)) not in ("Cn", "Cs")
        and (joined := " ".join(tokens(CONTEXT.format(c=chr(c))))) != other
    ]
    bad = pages["news", "bodies"].js(EVERY_CODE_POINT, [json.dumps(want), other])  # one string: fast
    assert [f"U+{c:04X}" for c in bad["tokens"][:20]] == []
    assert bad["splits"] == SPLITTERS
    assert bad["tried"] > 250_000  # every character this browser knows, one in 4096 of the others
