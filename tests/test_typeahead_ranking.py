"""The explorer's type-ahead (``NameIndex``): a word of a name that starts with the query counts as a
prefix match, and prefix matches are ranked by articles (the report's pickers rank the same way:
tests/test_report_views_browser.py)."""

from __future__ import annotations

from helpers.explore.typeahead import NameIndex


def test_word_prefix_matches_rank_by_articles_before_substrings():
    names = ["Zelenskyi's office", "Volodymyr Zelensky", "Azelensky", "Zelensky-era reforms", "Kyiv"]
    weights = [1, 74, 90, 3, 500]
    index = NameIndex(
        [f"e{k}" for k in range(5)], names, weights, aliases=[[], ["President Zelenskyy"], [], [], []]
    )
    assert [names[r] for r in index.suggest("Zelensk", 10)] == [
        "Volodymyr Zelensky",  # a later word starts with it, 74 articles
        "Zelensky-era reforms",
        "Zelenskyi's office",
        "Azelensky",  # inside a word: after every word-prefix match, however many articles
    ]
    assert index.suggest("reforms", 10) == [3]  # a later word after a hyphen
    assert index.suggest("president", 10) == [1]  # an alias's words count too
    assert index.suggest("zzz", 10) == [] and len(index.suggest("", 3)) == 3


def test_label_says_selected_of_total():
    index = NameIndex(["k"], ["Kyiv"], [812], kinds=["place"])
    assert index.label(0) == "Kyiv · place · 812"
    assert index.label(0, selected=35) == "Kyiv · place · 35 of 812"
