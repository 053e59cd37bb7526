"""Canonical entities: trimming, transliteration keys, surname joining, the alias table and its report."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers.enrich.aliases import AliasWarning, default_aliases_path, read_aliases
from helpers.enrich.entities import RAW_COLUMNS, build_entities
from helpers.enrich.names import fold, person_key, slug, trim_span

KYIV, AZOVSTAL = "703448", "ca:azovstal"
PLACES = pd.DataFrame({"place_id": [KYIV, AZOVSTAL], "name": ["Kyiv", "Azovstal"]})


def raw(*rows: tuple) -> pd.DataFrame:
    """Raw mentions from (article_id, kind, text[, place_id[, label[, cues]]]) with running offsets."""
    out = []
    for n, row in enumerate(rows):
        article_id, kind, text = row[:3]
        place_id = row[3] if len(row) > 3 else ""
        label = (
            row[4]
            if len(row) > 4
            else {"person": "PERSON", "org": "ORG", "group": "NORP", "place": "GAZ"}[kind]
        )
        cues = row[5] if len(row) > 5 else ""
        out.append((article_id, kind, label, text, 100 * n, 100 * n + len(text), place_id, "", False, cues))
    return pd.DataFrame(out, columns=list(RAW_COLUMNS))


def build(frame: pd.DataFrame, aliases: pd.DataFrame | None = None):
    return build_entities(frame, aliases, places=PLACES, resolve_place={"Kyiv": KYIV}.get)


def names_of(entities: pd.DataFrame, kind: str = "person") -> list[str]:
    return sorted(entities.loc[entities["kind"] == kind, "name"])


@pytest.mark.parametrize(
    ("span", "kind", "expected"),
    [
        ("President Vladimir Putin's", "person", "Vladimir Putin"),
        ("Russian President Vladimir Putin", "person", "Vladimir Putin"),
        ("Mr. Zelenskyy’s", "person", "Zelenskyy"),
        ('"Medinsky', "person", "Medinsky"),
        ("Chief negotiator David Arakhamia", "person", "David Arakhamia"),
        ("Martin Luther King Jr.", "person", "Martin Luther King"),
        ("Ursula von der Leyen", "person", "Ursula von der Leyen"),
        ("the Kremlin's", "org", "Kremlin"),
        ("Reuters'", "org", "Reuters"),
    ],
)
def test_trim_span_strips_titles_and_possessives(span: str, kind: str, expected: str) -> None:
    text = f"Said {span} today."
    start = text.index(span)
    s, e = trim_span(text, start, start + len(span), kind)
    assert text[s:e] == expected


def test_trim_span_rejects_names_without_letters() -> None:
    assert trim_span("the 's here", 4, 6, "person") is None
    assert trim_span("--- 2022", 0, 8, "org") is None


def test_transliteration_variants_share_a_key() -> None:
    assert len({person_key(n) for n in ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskii")}) == 1
    assert person_key("Volodymyr Zelenskyy") == person_key("Vladimir Zelensky")
    assert person_key("Dmitry Peskov") == person_key("Dmitriy Peskov")
    assert person_key("Yevgeny Prigozhin") == person_key("Evgeny Prigozhin")
    assert person_key("Oleksiy Reznikov") == person_key("Oleksii Reznikov")
    assert person_key("Joe Biden") != person_key("Jill Biden")
    assert person_key("Vladimir Putin") != person_key("Vladimir Medinsky")


def test_fold_and_slug() -> None:
    assert fold("  U.N.’s ") == "un"
    assert fold("Zelens'kyy") == fold("zelens’kyy")
    assert slug("Volodymyr Zelensky") == "volodymyr-zelensky"
    assert slug("Путин").startswith("x") and len(slug("Путин")) == 11


def test_surname_joins_full_name_in_same_article_then_corpus() -> None:
    frame = raw(
        ("a1", "person", "Vladimir Putin"),
        ("a1", "person", "Putin"),
        ("a2", "person", "Putin"),  # no full name in a2: joins the corpus's only Putin
        ("a3", "person", "Vladimir Medinsky"),
        ("a4", "person", "Medinsky"),
    )
    mentions, entities, _ = build(frame)
    assert names_of(entities) == ["Vladimir Medinsky", "Vladimir Putin"]
    putin = entities.set_index("name").loc["Vladimir Putin"]
    assert (putin["mentions"], putin["articles"]) == (3, 2)
    assert set(mentions["entity_id"]) == {"person:vladimir-putin", "person:vladimir-medinsky"}


def test_ambiguous_surname_stays_out() -> None:
    frame = raw(
        ("a1", "person", "Joe Biden"),
        ("a1", "person", "Jill Biden"),
        ("a1", "person", "Biden"),  # two Bidens here and in the corpus: no entity of its own
        ("a2", "person", "Joe Biden"),
        ("a2", "person", "Biden"),  # joins Joe in a2
    )
    mentions, entities, _ = build(frame)
    counts = entities.set_index("name")["mentions"].to_dict()
    assert counts == {"Joe Biden": 3, "Jill Biden": 1}
    assert mentions.loc[mentions["article_id"] == "a2", "entity_id"].tolist() == ["person:joe-biden"] * 2
    assert len(mentions) == 4


def test_corpus_surname_needs_a_dominant_full_name() -> None:
    frame = raw(
        ("a1", "person", "Joe Biden"),
        ("a2", "person", "Joe Biden"),
        ("a3", "person", "Hunter Biden"),
        ("a4", "person", "Biden"),  # 2 of 3 full-name mentions: not dominant enough, so out
        ("a5", "person", "Medinsky"),  # a surname no full name has: an entity of its own
    )
    _, entities, _ = build(frame)
    assert names_of(entities) == ["Hunter Biden", "Joe Biden", "Medinsky"]


def test_variants_merge_under_the_preferred_spelling() -> None:
    frame = raw(
        ("a1", "person", "Volodymyr Zelenskyy"),
        ("a1", "person", "Zelenskyy"),
        ("a2", "person", "Volodymyr Zelenskiy"),
        ("a3", "person", "Vladimir Zelensky"),
        ("a4", "person", "Zelensky"),
        ("a5", "person", "Dmitriy Kuleshov"),
        ("a5", "person", "Dmitry Kuleshov"),
        ("a6", "person", "Dmitry Kuleshov"),
    )
    _, entities, _ = build(frame)
    assert names_of(entities) == ["Dmitry Kuleshov", "Volodymyr Zelensky"]
    zel = entities.set_index("name").loc["Volodymyr Zelensky"]
    assert zel["mentions"] == 5 and zel["entity_id"] == "person:volodymyr-zelensky"
    assert set(zel["aliases"]) == {"Volodymyr Zelenskyy", "Zelenskyy", "Volodymyr Zelenskiy",
                                   "Vladimir Zelensky", "Zelensky"}  # fmt: skip


def test_places_groups_and_orgs() -> None:
    frame = raw(
        ("a1", "place", "Kiev", KYIV),
        ("a2", "place", "Kyiv", KYIV),
        ("a1", "group", "Russians"),
        ("a2", "group", "Russian"),
        ("a2", "org", "the Kremlin"),
        ("a3", "org", "Kremlin"),
    )
    _, entities, _ = build(frame)
    kyiv = entities.set_index("entity_id").loc[f"place:{KYIV}"]
    assert (kyiv["name"], kyiv["kind"], kyiv["place_id"], kyiv["mentions"]) == ("Kyiv", "place", KYIV, 2)
    assert sorted(kyiv["aliases"]) == ["Kiev", "Kyiv"]
    assert entities.loc[entities["kind"] == "group", "mentions"].tolist() == [2]
    assert entities.loc[entities["kind"] == "org", "mentions"].tolist() == [2]
    assert (entities.loc[entities["kind"] != "place", "place_id"] == "").all()


def test_entity_ids_are_stable_under_row_order() -> None:
    frame = raw(
        ("a1", "person", "Vladimir Putin"),
        ("a2", "person", "Putin"),
        ("a2", "org", "NATO"),
        ("a3", "place", "Kiev", KYIV),
    )
    _, first, _ = build(frame)
    _, second, _ = build(frame.iloc[::-1].reset_index(drop=True))
    assert first.set_index("entity_id")["name"].to_dict() == second.set_index("entity_id")["name"].to_dict()


ALIASES = pd.DataFrame(
    [
        ("Getty Images", "DROP", "person"),
        ("Azovstal", "ca:azovstal", "place"),
        ("Kiev", "Kyiv", "place"),
        ("Vova", "Vladimir Putin", "person"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "person"),
        ("Nowhere", "Atlantis", "place"),
        ("Unused", "", ""),
    ],
    columns=["alias", "canonical", "kind"],
)


def test_alias_table_renames_drops_pins_and_reports() -> None:
    frame = raw(
        ("a1", "person", "Getty Images"),
        ("a1", "org", "Azovstal"),
        ("a2", "org", "Azovstal"),
        ("a2", "person", "Vova"),
        ("a2", "person", "Vladimir Putin"),
        ("a3", "person", "Zelensky"),
        ("a3", "person", "Volodymyr Zelenskiy"),
        ("a3", "org", "Getty Images"),  # kind org: the person-only DROP row does not apply
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mentions, entities, report = build(frame, ALIASES)
    assert any("Atlantis" in str(w.message) for w in caught)
    by_name = entities.set_index("name")
    assert by_name.loc["Vladimir Putin", "mentions"] == 2
    assert by_name.loc["Volodymyr Zelenskyy", "mentions"] == 2  # renamed through the entity name
    assert by_name.loc["Azovstal", "kind"] == "place" and by_name.loc["Azovstal", "place_id"] == AZOVSTAL
    assert entities.loc[entities["name"] == "Getty Images", "kind"].tolist() == ["org"]
    counts = report.set_index("alias")["matched_mentions"].to_dict()
    assert counts == {"Getty Images": 1, "Azovstal": 2, "Kiev": 0, "Vova": 1, "Volodymyr Zelensky": 2,
                      "Nowhere": 0, "Unused": 0}  # fmt: skip
    assert list(report.columns[:4]) == ["alias", "canonical", "kind", "matched_mentions"]
    assert len(mentions) == len(frame) - 1


def test_alias_pins_a_place_mention_to_another_place() -> None:
    frame = raw(("a1", "place", "Kiev", AZOVSTAL), ("a2", "place", "Kyiv", KYIV))
    aliases = pd.DataFrame([("kiev", "Kyiv", "place")], columns=["alias", "canonical", "kind"])
    mentions, entities, report = build(frame, aliases)
    assert set(mentions["place_id"]) == {KYIV}
    assert entities["entity_id"].tolist() == [f"place:{KYIV}"]
    assert report["matched_mentions"].tolist() == [1]


def test_read_aliases_validates_rows(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "alias,canonical,kind\n# a comment\nZelenskyy,Volodymyr Zelensky,person\n"
        ',nothing,person\nFoo,Bar,planet\n"Kiev, city",geonames:703448,place\nJunk Inc,,\n',
        encoding="utf-8",
    )
    with pytest.warns(AliasWarning) as caught:
        table = read_aliases(path)
    assert len(caught) == 2
    assert table.values.tolist() == [
        ["Zelenskyy", "Volodymyr Zelensky", "person"],
        ["Kiev, city", "geonames:703448", "place"],
        ["Junk Inc", "", ""],
    ]
    assert default_aliases_path(tmp_path) == path
    assert default_aliases_path(tmp_path / "nothing-here.csv") == path
    (tmp_path / "sub").mkdir()
    assert default_aliases_path(tmp_path / "sub") is None


def test_read_aliases_rejects_a_wrong_header(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("from,to\nA,B\n", encoding="utf-8")
    with pytest.warns(AliasWarning, match="header"):
        assert read_aliases(path).empty
    assert read_aliases(None).empty


def test_empty_input_gives_empty_tables() -> None:
    mentions, entities, report = build(raw())
    assert mentions.empty and entities.empty and report.empty
    assert list(entities.columns)[:7] == ["entity_id", "name", "kind", "aliases", "articles", "mentions",
                                          "place_id"]  # fmt: skip


def test_one_word_names_take_one_kind() -> None:
    frame = raw(
        ("a1", "person", "Donald Trump"),
        ("a1", "org", "Trump"),  # tagged ORG next to the full name: the person
        ("a2", "org", "Trump"),
        ("a2", "person", "Trump"),
        ("a3", "person", "Trump"),  # votes: 2 PERSON tags + 1 full name against 1 ORG tag
        ("a4", "person", "Twitter"),  # a platform the model calls a person
        ("a5", "org", "Reuters"),
    )
    _, entities, _ = build(frame)
    kinds = entities.set_index("name")["kind"].to_dict()
    assert kinds == {"Donald Trump": "person", "Twitter": "org", "Reuters": "org"}
    assert entities.set_index("name").loc["Donald Trump", "mentions"] == 5


def test_place_hits_that_are_surnames_become_people() -> None:
    frame = raw(
        *[(f"b{n}", "person", "Joe Biden") for n in range(4)],
        ("a1", "place", "Biden", "999", "PERSON"),  # a gazetteer hit the model tagged PERSON
        ("a3", "place", "Biden", "999", "ORG"),
        ("a8", "place", "Biden", "999", "GAZ"),  # no NER tag: the gazetteer is trusted
        ("a4", "place", "Vanderlinden", "", "GPE"),  # an unknown GPE, a surname elsewhere
        ("a5", "person", "Margit Vanderlinden"),
        ("a6", "person", "Margit Vanderlinden"),
        *[(f"k{n}", "place", "Kyiv", KYIV, "GPE") for n in range(3)],
        ("a7", "place", "Kyiv", KYIV, "PERSON"),  # "Dynamo Kyiv" below is no reason for a person
        ("a9", "person", "Dynamo Kyiv"),
        ("a9", "person", "Dynamo Kyiv"),
        ("a9", "person", "Kyiv"),  # tagged PERSON, a "surname" here, but far more often a place
    )
    mentions, entities, _ = build(frame)
    by_name = entities.set_index("name")
    assert by_name.loc["Joe Biden", "mentions"] == 6
    assert by_name.loc["Margit Vanderlinden", "mentions"] == 3
    assert by_name.loc["Kyiv", "kind"] == "place" and by_name.loc["Kyiv", "mentions"] == 5
    assert by_name.loc["Kyiv", "entity_id"] == f"place:{KYIV}"
    assert mentions.loc[mentions["article_id"] == "a8", "kind"].tolist() == ["place"]
    assert (mentions.loc[mentions["kind"] == "person", "place_id"] == "").all()


def test_hyphenated_surnames_join_the_full_name() -> None:
    frame = raw(
        ("a1", "person", "Maksym Tkachuk-Ryabov"),
        ("a1", "person", "Tkachuk-Ryabov"),
        ("a2", "person", "Maxim Tkachuk-Ryabov"),
        ("a3", "org", "Tkachuk-Ryabov"),
    )
    _, entities, _ = build(frame)
    assert entities[["name", "kind", "mentions"]].values.tolist() == [["Maksym Tkachuk-Ryabov", "person", 4]]


def test_acronyms_join_a_long_form_they_appear_with() -> None:
    frame = raw(
        ("a1", "org", "United Nations"),
        ("a1", "org", "UN"),
        ("a2", "org", "United Nations"),
        ("a2", "org", "U.N."),
        ("a3", "org", "UN"),  # alone here, but the pair appears together in two articles
        ("a3", "org", "IAEA"),  # no long form in the corpus: stays as it is
        ("a4", "org", "British Broadcasting Council"),
        ("a4", "org", "BBC"),  # together once only: not enough
        ("a5", "org", "BBC"),
    )
    _, entities, _ = build(frame)
    counts = entities.set_index("name")["mentions"].to_dict()
    assert counts == {"United Nations": 5, "IAEA": 1, "British Broadcasting Council": 1, "BBC": 2}


def test_an_unknown_place_named_more_often_as_an_organisation_is_that_organisation() -> None:
    orgs = [(a, "org", "White House") for a in ("a1", "a2", "a3")]
    unknown = [("a4", "place", "White House", "", "FAC"), ("a5", "place", "White House", "", "GPE")]
    kyiv = [("a4", "place", "Kyiv", KYIV)]  # a known place stays one
    rare = [("a6", "place", "Maidan Square", "", "FAC"), ("a6", "org", "Maidan Square")]  # a tie: no change
    _, entities, _ = build(raw(*orgs, *unknown, *kyiv, *rare))
    kinds = entities.groupby(["name", "kind"])["mentions"].sum().to_dict()
    assert kinds == {
        ("White House", "org"): 5,
        ("Kyiv", "place"): 1,
        ("Maidan Square", "org"): 1,
        ("Maidan Square", "place"): 1,
    }


def test_a_long_form_holding_the_acronym_is_no_expansion_of_it() -> None:
    together = [(a, "org", n) for a in ("a1", "a2", "a3") for n in ("Associated Press", "AP")]
    photos = [(a, "org", "AP Photo") for a in ("a1", "a2", "a3")]  # credits: as often as the pair
    _, entities, _ = build(raw(*together, *photos))
    assert entities.set_index("name")["mentions"].to_dict() == {"Associated Press": 6, "AP Photo": 3}


# --- issue 12: kinds by evidence, name variants ---------------------------------------------------


def kinds_by_name(entities: pd.DataFrame) -> dict[str, str]:
    return entities.set_index("name")["kind"].to_dict()


def test_a_spelling_the_model_calls_an_organisation_is_the_person_the_evidence_says() -> None:
    frame = raw(
        *[(f"z{n}", "org", "Volodymyr Zelenskiy", "", "ORG", "title" if n < 2 else "") for n in range(4)],
        ("z0", "org", "Zelenskiy"),  # a lone surname tagged ORG beside the full name
        ("z1", "org", "Mr Zelenskiy"),  # an honorific the model kept in an ORG span
        ("z5", "org", "Zelenskiy"),  # alone: the corpus names a person with that surname
        ("a1", "person", "Volodymyr Zelensky"),
        ("a2", "org", "Sauli Niinistö", "", "ORG", "title"),
        ("a3", "org", "Sauli Niinistö", "", "ORG", "title"),
        ("a4", "org", "Sauli Niinistö"),
        ("a4", "person", "Sauli Niinistö"),
    )
    _, entities, _ = build(frame)
    assert kinds_by_name(entities) == {"Volodymyr Zelensky": "person", "Sauli Niinistö": "person"}
    zelensky = entities.set_index("name").loc["Volodymyr Zelensky"]
    assert zelensky["mentions"] == 8 and set(zelensky["aliases"]) == {
        "Volodymyr Zelenskiy",
        "Zelenskiy",
        "Mr Zelenskiy",
        "Volodymyr Zelensky",
    }


def test_time_zones_newsletters_weapons_and_common_nouns_are_no_entities() -> None:
    frame = raw(
        *[(f"b{n}", "org", "BST", "", "ORG", "clock") for n in range(2)],
        ("b3", "org", "BST"),
        *[(f"h{n}", "org", "HIMARS", "", "ORG", "arms" if n < 2 else "") for n in range(5)],
        *[(f"n{n}", "org", "Morning Mail", "", "ORG", "promo") for n in range(3)],
        *[(f"t{n}", "org", "Times", "", "ORG", "lower" if n < 2 else "") for n in range(4)],
        *[(f"i{n}", "group", "Iranian", "", "NORP", "arms") for n in range(3)],  # "Iranian drones"
        *[(f"r{n}", "org", "Reuters") for n in range(3)],
        ("w1", "org", "High Mobility Artillery Rocket System"),  # named after what it is
        ("c1", "person", "Ned Price"),
        ("c2", "person", "Price", "", "PERSON", "lower"),  # "oil price" nearby, but a surname
    )
    mentions, entities, _ = build(frame)
    assert kinds_by_name(entities) == {"Iranian": "group", "Reuters": "org", "Ned Price": "person"}
    assert set(mentions["text"]) == {"Iranian", "Reuters", "Ned Price", "Price"}


def test_a_word_that_is_nobodys_surname_with_organisation_evidence_is_an_organisation() -> None:
    frame = raw(
        *[(f"s{n}", "person", "SpaceX", "", "PERSON", "it" if n == 0 else "") for n in range(4)],
        *[(f"p{n}", "person", "Politico") for n in range(3)],
        ("p3", "org", "Politico"),
        *[(f"m{n}", "person", "Medinsky") for n in range(3)],  # no organisation evidence: a person
        ("k1", "person", "Ramzan Kadyrov"),
        ("k2", "org", "Kadyrov"),  # a surname of someone named in full: the person
        ("k3", "person", "Kadyrov", "", "PERSON", "it"),
    )
    _, entities, _ = build(frame)
    assert kinds_by_name(entities) == {
        "SpaceX": "org",
        "Politico": "org",
        "Medinsky": "person",
        "Ramzan Kadyrov": "person",
    }


def test_stances_suffixes_and_regions_decide_the_kind() -> None:
    frame = raw(
        *[(f"p{n}", "person", "pro-Putin") for n in range(3)],
        ("p3", "org", "anti-war"),
        *[(f"l{n}", "person", "Lugansk People's Republics") for n in range(3)],
        ("z1", "person", "Zaporozhye Regions"),
        ("z2", "org", "Zaporozhye Nuclear Power Plant"),
        ("m1", "person", "Russian Defense Ministry"),
    )
    _, entities, _ = build(frame)
    assert kinds_by_name(entities) == {
        "pro-Putin": "group",
        "anti-war": "group",
        "Lugansk People's Republics": "org",
        "Zaporozhye Regions": "place",
        "Zaporozhye Nuclear Power Plant": "place",
        "Russian Defense Ministry": "org",
    }


def test_a_gazetteer_place_named_and_tagged_as_an_organisation_is_one() -> None:
    eu, ussr = "ca:european-union", "ca:soviet-union"
    frame = raw(
        *[(f"e{n}", "place", "EU", eu, "ORG") for n in range(4)],
        ("e0", "place", "European Union", eu, "ORG"),
        ("e1", "org", "European Union"),
        ("e2", "org", "European Union"),
        *[(f"s{n}", "place", "Soviet Union", ussr, "GPE") for n in range(3)],
        ("s0", "place", "Soviet Union", ussr, "ORG"),
    )
    places = pd.DataFrame({"place_id": [eu, ussr], "name": ["European Union", "Soviet Union"]})
    _, entities, _ = build_entities(frame, None, places=places)
    assert entities[["name", "kind", "mentions"]].values.tolist() == [
        ["European Union", "org", 7],
        ["Soviet Union", "place", 4],
    ]


def test_transliterations_and_typos_merge_and_the_alias_table_undoes_it() -> None:
    frame = raw(
        *[(f"a{n}", "person", "Vladimir Putin") for n in range(10)],
        ("t1", "person", "Vladmir Putin"),  # a typo of a name with 10 times its mentions
        *[(f"k{n}", "person", "Volodymyr Zelensky") for n in range(6)],
        ("g1", "person", "Wolodymyr Selenskyj"),  # German transliteration, and its typo distance
        *[(f"j{n}", "person", "Hunter Biden") for n in range(3)],
        *[(f"j{n}", "person", "Hunter Biten") for n in range(2)],  # not 5x rarer: stays apart
    )
    _, entities, _ = build(frame)
    counts = entities.set_index("name")["mentions"].to_dict()
    assert counts == {"Vladimir Putin": 11, "Volodymyr Zelensky": 7, "Hunter Biden": 3, "Hunter Biten": 2}
    assert "Vladmir Putin" in entities.set_index("name").loc["Vladimir Putin", "aliases"]
    undo = pd.DataFrame(
        [("Vladmir Putin", "Vladmir Putin", "person"), ("Wolodymyr Selenskyj", "Wolodymyr Selenskyj", "")],
        columns=["alias", "canonical", "kind"],
    )
    _, entities, report = build(frame, undo)
    counts = entities.set_index("name")["mentions"].to_dict()
    assert counts["Vladimir Putin"] == 10 and counts["Vladmir Putin"] == 1
    assert counts["Volodymyr Zelensky"] == 6 and counts["Wolodymyr Selenskyj"] == 1
    assert report["matched_mentions"].tolist() == [1, 1]


def test_a_first_name_alone_joins_the_full_name_or_stays_out() -> None:
    frame = raw(
        ("a1", "person", "Vladimir Putin"),
        ("a1", "person", "Vladimir"),  # the full name is in the same article
        ("a2", "person", "Vladimir Putin"),
        ("a3", "person", "Vladimir"),  # no full name here: no entity of its own
        ("a4", "person", "Johnson"),  # a surname alone with no full name: kept
    )
    mentions, entities, _ = build(frame)
    assert entities.set_index("name")["mentions"].to_dict() == {"Vladimir Putin": 3, "Johnson": 1}
    assert "a3" not in set(mentions["article_id"])


def test_an_acronym_in_any_case_joins_its_long_form() -> None:
    frame = raw(
        *[(a, "org", n) for a in ("a1", "a2") for n in ("NATO", "North Atlantic Treaty Organization")],
        ("a3", "org", "Nato"),
    )
    _, entities, _ = build(frame)
    assert entities[["kind", "mentions"]].values.tolist() == [["org", 5]]
