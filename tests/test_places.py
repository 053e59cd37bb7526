"""Place matching and disambiguation: real gazetteer, real spaCy NER where spans matter."""

from __future__ import annotations

import csv
import math

import pytest

from helpers.core.cache import CacheWarning
from helpers.core.schema import PLACE_COLUMNS
from helpers.places.build import read_supplement
from helpers.places.find import (
    PlaceHit,
    country_context,
    demonym_place,
    find_demonyms,
    find_places,
    gazetteer_version,
    place_table,
)
from helpers.places.gazetteer import SUPPLEMENT_CSV, normalize_alias
from helpers.places.store import load_gazetteer

# True coordinates (city centres) for the checks below.
TRUTH = {
    "Kyiv": (50.4501, 30.5234),
    "Chernihiv": (51.4982, 31.2893),
    "Istanbul": (41.0082, 28.9784),
    "Moscow": (55.7558, 37.6173),
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def spans_of(text: str) -> list[tuple[int, int, str]]:
    from helpers.enrich.ner import ner_spans

    return ner_spans([text], n_process=1, progress=False)[0]


def by_text(hits: list[PlaceHit]) -> dict[str, PlaceHit]:
    return {h.text: h for h in hits}


def name_of(place_id: str) -> str:
    return str(place_table([place_id])["name"].iloc[0])


SEED_LIKE = (
    "Negotiators from Russia and Ukraine met in Istanbul on March 29. After the talks, the deputy "
    "defence minister said Moscow would sharply cut military activity near Kyiv and Chernihiv. "
    "Vladimir Putin's envoy David Arakhamia was not there; Alexander Fomin spoke for Moscow."
)


def test_seed_like_places_have_the_right_coordinates() -> None:
    hits = find_places(SEED_LIKE, spans_of(SEED_LIKE))
    found = by_text(hits)
    table = place_table([h.place_id for h in hits]).set_index("place_id")
    for name, (lat, lon) in TRUTH.items():
        assert name in found, f"{name} not found in {sorted(found)}"
        place = table.loc[found[name].place_id]
        assert km(place["lat"], place["lon"], lat, lon) < 25, name
    countries = {table.loc[h.place_id, "name"] for h in hits if h.place_id}
    assert {"Russia", "Ukraine"} <= countries


def test_person_and_date_spans_veto_first_names_and_months() -> None:
    hits = find_places(SEED_LIKE, spans_of(SEED_LIKE))
    texts = {h.text for h in hits}
    assert not texts & {"Vladimir", "David", "Alexander", "March"}
    # The veto also holds without NER: these names are stop-listed and need evidence.
    bare = {h.text for h in find_places("Vladimir Putin and David met on March 29.")}
    assert bare == set()


def test_explicit_ner_spans_veto_inside_and_keep_outside() -> None:
    text = "Vladimir Putin flew to Vladimir, a city east of Moscow, on March 29."
    spans = [(0, 14, "PERSON"), (23, 31, "GPE"), (59, 67, "DATE")]
    hits = find_places(text, spans)
    assert [(h.start, h.text) for h in hits if h.text == "Vladimir"] == [(23, "Vladimir")]
    assert "March" not in {h.text for h in hits}


def test_variant_spellings_share_one_place_under_the_current_name() -> None:
    pairs = [
        ("Kiev", "Kyiv"),
        ("Kharkov", "Kharkiv"),
        ("Odessa", "Odesa"),
        ("Artemivsk", "Bakhmut"),
        ("Donbass", "Donbas"),
        ("Zaporozhye", "Zaporizhzhia"),
        ("Nikolaev", "Mykolaiv"),
        ("Chernobyl", "Chornobyl"),
        ("Severodonetsk", "Sievierodonetsk"),
    ]
    for old, new in pairs:
        old_hits = find_places(f"Shelling near {old} continued.")
        new_hits = find_places(f"Shelling near {new} continued.")
        assert len(old_hits) == len(new_hits) == 1, (old, new)
        assert old_hits[0].place_id == new_hits[0].place_id, (old, new)
        assert name_of(new_hits[0].place_id) == new


def test_odessa_is_the_ukrainian_city_by_default() -> None:
    (hit,) = find_places("The port of Odessa reopened.")
    row = place_table([hit.place_id]).iloc[0]
    assert row["country"] == "UA"
    assert len(hit.candidates) > 1  # Odessa, Texas is kept as an alternative


def test_georgia_is_the_country_unless_the_text_has_us_cues() -> None:
    (hit,) = find_places("Georgia applied to join the European bloc.", [(0, 7, "GPE")])
    assert place_table([hit.place_id]).iloc[0]["feature"] == "country"
    hits = by_text(find_places("Voters in Atlanta, Georgia, queued for hours."))
    state = place_table([hits["Georgia"].place_id]).iloc[0]
    assert (state["country"], state["feature"]) == ("US", "state")
    assert set(hits["Georgia"].candidates) >= {hits["Georgia"].place_id, find_places("Georgia")[0].place_id}


def test_paris_prefers_france_and_follows_texas_cues() -> None:
    (paris,) = find_places("Talks resumed in Paris.")
    assert place_table([paris.place_id]).iloc[0]["country"] == "FR"
    hits = by_text(find_places("The tornado hit Paris, Texas, and Dallas."))
    row = place_table([hits["Paris"].place_id]).iloc[0]
    assert (row["country"], row["admin1"]) == ("US", "TX")
    assert paris.place_id in hits["Paris"].candidates


def test_ambiguous_names_keep_their_candidates_and_are_flagged() -> None:
    (hit,) = find_places("The rally was in Springfield.")
    assert hit.ambiguous
    assert len(hit.candidates) >= 3
    assert hit.place_id == hit.candidates[0]
    (clear,) = find_places("The rally was in Kyiv.")
    assert not clear.ambiguous


def test_possessive_is_not_swallowed() -> None:
    for text in ("Mariupol's port was shelled.", "Mariupol\u2019s port was shelled."):
        (hit,) = find_places(text)
        assert (hit.start, hit.end, hit.text) == (0, 8, "Mariupol")
    assert normalize_alias("Mariupol'") == "Mariupol"


def test_offsets_index_the_text_given() -> None:
    text = (
        "  \n\nFrom Lviv to Kherson and Mariupol,\n\nthe UK and the U.S. watched Crimea."
        "\u00a0Zaporizhzhia too."
    )
    hits = find_places(text)
    assert len(hits) >= 7
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
    assert [h.start for h in hits] == sorted(h.start for h in hits)


def test_regions_come_from_the_supplement() -> None:
    hits = by_text(
        find_places("Fighting in Donbas and Crimea, near Snake Island and Azovstal, and in Transnistria.")
    )
    for name in ("Donbas", "Crimea", "Snake Island", "Azovstal", "Transnistria"):
        assert hits[name].place_id.startswith("ca:"), name
    donbas = place_table([hits["Donbas"].place_id]).iloc[0]
    assert km(donbas["lat"], donbas["lon"], 48.0, 37.8) < 150


def test_city_versus_oblast() -> None:
    hits = find_places("Shelling hit Kharkiv and villages in the Kharkiv region and Kharkiv Oblast.")
    features = [(h.text, place_table([h.place_id]).iloc[0]["feature"]) for h in hits]
    assert features == [("Kharkiv", "city"), ("Kharkiv region", "oblast"), ("Kharkiv Oblast", "oblast")]


def test_datelines_in_capitals_and_common_words() -> None:
    hits = find_places("WASHINGTON (AP) - More than 100 people protested. Police said Since then it rained.")
    assert [h.text for h in hits] == ["WASHINGTON"]
    assert place_table([hits[0].place_id]).iloc[0]["country"] == "US"


def test_feature_suffix_and_unknown_gpe_spans_are_places_without_coordinates() -> None:
    text = "The fire reached Hampton Avenue and then Zlatoustivka."
    hits = by_text(find_places(text, [(41, 53, "GPE")]))
    assert hits["Hampton Avenue"].place_id == ""
    assert hits["Zlatoustivka"].place_id == ""
    assert place_table(["", "no-such-id"]).empty


def test_demonyms() -> None:
    ukraine = find_places("Ukraine")[0].place_id
    assert demonym_place("Ukrainian") == ukraine
    assert demonym_place("Ukrainians") == ukraine
    assert place_table([demonym_place("American") or ""]).iloc[0]["country"] == "US"
    assert demonym_place("Martian") is None
    text = "Russian officials met the Russian Orthodox Church."
    found = find_demonyms(text, [(26, 49, "ORG")])
    assert [(h.start, h.text) for h in found] == [(0, "Russian")]


def test_place_table_schema() -> None:
    table = place_table(["703448", "ca:donbas", "703448"])
    assert list(table.columns) == list(PLACE_COLUMNS)
    assert list(table["place_id"]) == ["703448", "ca:donbas"]
    assert str(table["lat"].dtype) == "float64"


def test_version_and_cache() -> None:
    version = gazetteer_version()
    assert len(version) == 16 and version == gazetteer_version()
    from helpers.core.config import cache_root

    assert list((cache_root() / "gazetteer").glob("gazetteer-*.cache"))
    assert find_places("") == []


def test_supplement_is_well_formed() -> None:
    rows = read_supplement()
    ids = [r["place_id"] for r in rows]
    assert len(ids) == len(set(ids))
    features = {
        "country",
        "continent",
        "state",
        "admin1",
        "oblast",
        "region",
        "water",
        "feature",
        "union",
        "city",
    }
    for row in rows:
        assert row["feature"] in features, row
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
        if row["feature"] == "country":
            assert len(row["country"]) == 2 and row["country"].isupper(), row
    with SUPPLEMENT_CSV.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[0].startswith("#")  # the sources header comes first
    assert sum(r["feature"] == "oblast" for r in rows) == 24
    assert load_gazetteer().places["ca:crimea"].country == "UA"


def test_embedded_places_inside_organisation_names_are_optional() -> None:
    text = "The Zimbabwe Electoral Commission met in Harare."
    spans = [(4, 33, "ORG"), (41, 47, "GPE")]
    assert [h.text for h in find_places(text, spans)] == ["Harare"]
    assert [h.text for h in find_places(text, spans, embedded=True)] == ["Zimbabwe", "Harare"]
    assert find_demonyms("the Russian Embassy", [(4, 19, "ORG")]) == []
    assert [h.text for h in find_demonyms("the Russian Embassy", [(4, 19, "ORG")], embedded=True)] == [
        "Russian"
    ]


def test_republic_of_and_washington_dc_aliases() -> None:
    (armenia,) = find_places("The Republic of Armenia voted.")
    assert (armenia.text, name_of(armenia.place_id)) == ("Republic of Armenia", "Armenia")
    (dc,) = find_places("She flew to Washington, D.C., on Monday.")
    assert dc.text == "Washington, D.C."
    row = place_table([dc.place_id]).iloc[0]
    assert km(row["lat"], row["lon"], 38.9, -77.04) < 25


def test_corpus_context_prior_can_tip_a_close_choice() -> None:
    (default,) = find_places("The port of Odessa reopened.")
    (prior,) = find_places("The port of Odessa reopened.", context={"US": 1.0})
    assert place_table([default.place_id]).iloc[0]["country"] == "UA"
    assert place_table([prior.place_id]).iloc[0]["country"] == "US"
    assert set(default.candidates) == set(prior.candidates)


def test_place_span_around_a_longer_name_is_no_evidence() -> None:
    text = "Delegates of the Czech Republic and the Donetsk People's Republic met."
    hits = find_places(text, [(13, 31, "GPE"), (36, 65, "GPE")])
    assert [h.text for h in hits] == ["Czech Republic", "Donetsk People's Republic"]
    assert place_table([hits[1].place_id]).iloc[0]["feature"] == "oblast"
    # "Republic" alone is a common word (and a town in Washington state): a longer span is no evidence
    (hit,) = find_places("The Republic of Letters", [(0, 23, "GPE")])
    assert (hit.text, hit.place_id) == ("Republic of Letters", "")


def test_a_corrupt_cache_file_is_rebuilt() -> None:
    from helpers.places import gazetteer, store

    path = store.cache_file(gazetteer.data_version())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a cache file")
    store.forget_loaded()
    try:
        with pytest.warns(CacheWarning):
            assert find_places("Kyiv")[0].place_id == "703448"
        assert path.stat().st_size > 1_000_000  # rewritten with the rebuilt index
    finally:
        store.forget_loaded()


def test_country_context_from_a_first_pass() -> None:
    texts = ["Shelling in Kharkiv and Kyiv.", "Talks in Moscow.", "Odesa port.", "Kyiv again.", "Paris."]
    ids = [h.place_id for t in texts for h in find_places(t)]
    prior = country_context(ids)
    assert prior == pytest.approx({"UA": 4 / 6, "RU": 1 / 6, "FR": 1 / 6})
    assert country_context(["", "nope"]) == {}
    assert country_context(ids, min_share=0.5) == pytest.approx({"UA": 4 / 6})


def test_a_city_name_used_as_a_surname_needs_evidence() -> None:
    text = "Coach Ryan Tyler praised the team. Tyler said the season in Tyler, Texas, went well."
    spans = [(6, 16, "PERSON"), (35, 40, "PERSON"), (60, 65, "GPE"), (67, 72, "GPE")]
    hits = find_places(text, spans)
    # one sense per name and text: the GPE label at 60 makes every "Tyler" of this text a place
    assert [h.start for h in hits if h.text == "Tyler"] == [35, 60]
    alone = find_places("Coach Ryan Tyler praised the team. Tyler said it went well.", [(6, 16, "PERSON")])
    assert [h.text for h in alone] == []
