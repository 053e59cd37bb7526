"""Local context decides ambiguous places: counties, AP state abbreviations, datelines, outlet homes,
the coherence pass; and the synthetic US-local-news set (tests/data/geo_local) keeps its quality."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from helpers.enrich.geoparse import export_place_jsonl
from helpers.places.context import ap_abbreviations, outlet_home
from helpers.places.find import PlaceHit, find_places
from helpers.places.gazetteer import US_COUNTIES_CSV
from helpers.places.store import load_gazetteer

LOCAL = Path(__file__).parent / "data" / "geo_local"
# Measured on the synthetic set (tools/make_geo_local.py); thresholds sit below. Before this work:
# dev F1 0.941 / acc@161 0.839, held-out F1 0.901 / acc@161 0.780.
MIN_LOCAL = {"dev": (0.93, 0.95), "heldout": (0.92, 0.95)}  # (F1, acc@161); measured dev 0.958 / 1.0,
# held-out 0.949 / 1.0


def where(hit: PlaceHit) -> tuple[str, str, str]:
    """(country, admin1, feature) of a hit's chosen place."""
    place = load_gazetteer().places[hit.place_id]
    return place.country, place.admin1, place.feature


def by_text(hits: list[PlaceHit]) -> dict[str, PlaceHit]:
    return {h.text: h for h in hits}


def test_county_table_has_centroids_inside_their_state_box() -> None:
    with US_COUNTIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 3000
    assert len({r["fips"] for r in rows}) == len(rows)
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        assert 17 < lat < 72 and (-180 < lon < -64 or lon > 170), row
    laurel = next(r for r in rows if r["name"] == "Laurel County" and r["state"] == "KY")
    assert abs(float(laurel["lat"]) - 37.1) < 0.5 and abs(float(laurel["lon"]) + 84.1) < 0.5


def test_counties_resolve_by_the_state_around_them() -> None:
    hits = by_text(find_places("Deputies in Boone County, west of Louisville, Kentucky, searched the river."))
    assert where(hits["Boone County"]) == ("US", "KY", "county")
    assert len(hits["Boone County"].candidates) > 3  # Boone County exists in many states
    hits = by_text(find_places("Boone County schools closed as snow fell across Missouri and Columbia."))
    assert where(hits["Boone County"])[:2] == ("US", "MO")


def test_ap_abbreviations_postal_codes_and_datelines() -> None:
    assert ap_abbreviations()["W.Va."] == "WV" and ap_abbreviations()["Calif."] == "CA"
    text = "LITITZ, Pa. (AP) — A fire in Lititz spread. Crews came from Paris, Tenn., and Springfield, IL."
    hits = by_text(find_places(text))
    assert where(hits["LITITZ"])[:2] == ("US", "PA") and hits["Lititz"].place_id == hits["LITITZ"].place_id
    assert where(hits["Pa."]) == ("US", "PA", "state")
    assert where(hits["Paris"])[:2] == ("US", "TN") and where(hits["Tenn."])[2] == "state"
    assert where(hits["Springfield"])[:2] == ("US", "IL") and where(hits["IL"])[1] == "IL"
    assert any(c != hits["Paris"].place_id for c in hits["Paris"].candidates)  # alternatives are kept
    hits = by_text(find_places("COLUMBUS, Ohio (AP) -- Officials in Athens and Dublin met."))
    assert {k: where(h)[:2] for k, h in hits.items()} == {
        "COLUMBUS": ("US", "OH"), "Ohio": ("US", "OH"), "Athens": ("US", "OH"), "Dublin": ("US", "OH")
    }  # fmt: skip
    # an abbreviation needs a town before it; a postal code a known town
    assert [h.text for h in find_places("They attended Mass. Later, IN the evening, they left.")] == []


def test_a_list_of_states_is_no_town_state_pair() -> None:
    hits = find_places("It bought farmland in California, Illinois, Iowa, Louisiana and other states.")
    assert [where(h) for h in hits] == [("US", code, "state") for code in ("CA", "IL", "IA", "LA")]


def test_small_towns_found_next_to_placed_neighbours() -> None:
    text = "Growers from Lancaster, Pa., met farmers from Lititz and Ephrata. Others came from the West."
    hits = by_text(find_places(text))
    assert where(hits["Lititz"])[:2] == ("US", "PA") and where(hits["Ephrata"])[:2] == ("US", "PA")
    assert "West" not in hits  # "the West" is no town
    # without a placed neighbour the same small-town names are not places
    assert find_places("Growers met farmers from Lititz and Ephrata.") == []
    # a name inside a person's name is vetoed by the NER span around it
    text = "Officials in Lancaster, Pa., heard Jerome Powell speak."
    start = text.index("Jerome")
    assert "Powell" not in by_text(find_places(text, [(start, start + 13, "PERSON")]))


def test_outlet_home_from_the_domain() -> None:
    gaz = load_gazetteer()
    key, cands = outlet_home(gaz, "https://www.lebanondailynews.com/story/news/x") or ("", ())
    assert key == "lebanon" and cands and all(gaz.places[c].feature == "city" for c in cands)
    assert gaz.places[(outlet_home(gaz, "kyivindependent.com") or ("", ("",)))[1][0]].country == "UA"
    assert outlet_home(gaz, "https://example.com/a") is None
    text = "The Lebanon council met Tuesday; officials from Harrisburg attended."
    assert where(by_text(find_places(text, home="https://www.lebanondailynews.com/x"))["Lebanon"])[:2] == (
        "US",
        "PA",
    )
    lone = "The Lebanon council met Tuesday."
    assert where(by_text(find_places(lone, home="https://www.lebanondailynews.com/x"))["Lebanon"])[0] == "US"
    assert where(by_text(find_places(lone))["Lebanon"])[0] == "LB"
    assert where(by_text(find_places("Aid reached Lebanon and Syria."))["Lebanon"])[0] == "LB"


def test_outlet_home_from_the_table() -> None:
    gaz = load_gazetteer()
    _, (columbus,) = outlet_home(gaz, "https://www.dispatch.com/story/news/x") or ("", ("",))
    assert (gaz.places[columbus].name, gaz.places[columbus].admin1) == ("Columbus", "OH")
    text = "Officials in Athens met on Monday."
    assert where(find_places(text, home="https://www.dispatch.com/story/x")[0])[:2] == ("US", "OH")
    assert where(find_places(text)[0])[0] == "GR"
    # a domain that names a country is that country's outlet, not a small US namesake's
    assert (
        gaz.places[(outlet_home(gaz, "https://www.maltatoday.com.mt/x") or ("", ("",)))[1][0]].country == "MT"
    )


def test_namesakes_stay_abroad_in_international_news() -> None:
    hits = by_text(find_places("Leaders in Paris and Berlin met; London, Athens and Dublin agreed."))
    assert {k: where(h)[0] for k, h in hits.items()} == {
        "Paris": "FR", "Berlin": "DE", "London": "GB", "Athens": "GR", "Dublin": "IE"
    }  # fmt: skip


def test_coherence_pulls_a_namesake_to_its_neighbours() -> None:
    text = "Crews from Gainesville and Lawrenceville fought the fire near Lake Lanier."
    assert where(by_text(find_places(text))["Gainesville"])[:2] == ("US", "GA")
    text = "Students from Gainesville, Ocala and Alachua rallied at the university."
    assert where(by_text(find_places(text))["Gainesville"])[:2] == ("US", "FL")


def _score(gold_path: Path, pred_path: Path) -> tuple[float, float]:
    """(F1, acc@161) with overlap matching, as the shared geoparsing scorer counts them."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    preds = [json.loads(line) for line in pred_path.read_text(encoding="utf-8").splitlines()]
    tp = fp = fn = 0
    errors = []
    for article in gold:
        (lo, hi), mine = article["regions"][0], [p for p in preds if p["file"] == article["file"]]
        mine = [p for p in mine if lo <= p["start"] and p["end"] <= hi]
        used: set[int] = set()
        for g in article["toponyms"]:
            hits = [i for i, p in enumerate(mine) if p["start"] < g["end"] and g["start"] < p["end"]]
            match = next((i for i in hits if i not in used), None)
            if match is None:
                fn += 1
                continue
            used.add(match)
            tp += 1
            p = mine[match]
            if p["lat"] is not None:
                a, b = math.radians(g["lat"]), math.radians(p["lat"])
                dlon = math.radians(p["lon"] - g["lon"])
                h = math.sin((b - a) / 2) ** 2 + math.cos(a) * math.cos(b) * math.sin(dlon / 2) ** 2
                errors.append(2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h))))
        fp += len(mine) - len(used)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall), sum(e < 161 for e in errors) / len(errors)


def test_synthetic_local_news_quality(tmp_path: Path) -> None:
    for split, (min_f1, min_acc) in MIN_LOCAL.items():
        pred = tmp_path / f"{split}.jsonl"
        export_place_jsonl(LOCAL / split, pred)
        f1, acc = _score(LOCAL / f"gold_{split}.jsonl", pred)
        assert f1 >= min_f1 and acc >= min_acc, (split, f1, acc)
