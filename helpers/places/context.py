"""The article's own geography: town-state qualifiers, datelines and the outlet's home.

Local news names its places the way AP style does: "Charleston, W.Va.", "Paris, Tenn.", a dateline
"COLUMBUS, Ohio (AP) --" or "LITITZ, Pa. --", and is published by an outlet whose domain often names its
town (``lancasteronline.com``, a ``<town>herald.com``). This module reads that evidence for
:func:`helpers.places.find.find_places`:

* **qualifiers**: a place name followed by ", <state>" (an AP abbreviation from
  ``us_state_abbreviations.csv``, a USPS code, or a state, province or country the gazetteer found) pins
  the name to the places of that state or country; the abbreviation itself is a mention of the state.
  A town the gazetteer matches only when qualified (small US towns, see
  :data:`~helpers.places.gazetteer.QUALIFIED`) is found this way, and then elsewhere in the text too;
* **datelines**: a town in capitals at the start of one of the first lines, before a dash or an agency
  in brackets, is a place even when it is too small for the capitals index;
* **the outlet's home**: ``outlet_homes.csv`` (domain -> GeoNames id, for outlets whose domain does not
  name their town) or the domain itself: a place name followed by nothing or by a newspaper word
  ("herald", "online", "news"...). Where the name is also a country or region, only towns of
  :data:`~helpers.places.gazetteer.LOCAL_POPULATION` or more can be the home, else the region is
  (``maltatoday.com.mt`` is Malta, ``lebanondailynews.com`` a Lebanon in the US). It joins the
  resolution as a mention that is not shown (local evidence only: a local paper prints wire news from
  anywhere), and the same name in the text prefers the home's sense.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from helpers.core.config import DATA_DIR
from helpers.places.gazetteer import FEATURE_CITY, FEATURE_COUNTY, LOCAL_POPULATION, QUALIFIED, Gazetteer

AP_CSV = DATA_DIR / "us_state_abbreviations.csv"
HOMES_CSV = DATA_DIR / "outlet_homes.csv"
#: Features a qualifier may name ("Paris, Texas"; "London, Ontario"; "Paris, France").
REGION_FEATURES = frozenset({"state", "admin1", "oblast", "country"})
#: Words that follow the town in a newspaper's domain ("athensbanner", "lancasteronline").
NEWS_WORDS = frozenset(
    {
        "herald",
        "register",
        "news",
        "times",
        "online",
        "post",
        "tribune",
        "journal",
        "gazette",
        "daily",
        "dailynews",
        "courier",
        "star",
        "press",
        "record",
        "ledger",
        "sun",
        "observer",
        "chronicle",
        "telegraph",
        "examiner",
        "banner",
        "democrat",
        "republican",
        "leader",
        "dispatch",
        "enterprise",
        "review",
        "bulletin",
        "independent",
        "standard",
        "citizen",
        "mirror",
        "monitor",
        "argus",
        "beacon",
        "sentinel",
        "eagle",
        "pioneer",
        "patriot",
        "reporter",
        "today",
        "now",
        "live",
        "local",
        "weekly",
        "messenger",
        "advocate",
        "inquirer",
        "globe",
        "voice",
        "newsleader",
        "newspress",
        "newsjournal",
        "newsrecord",
        "telegram",
        "statesman",
        "courant",
        "progress",
        "express",
        "item",
        "intelligencer",
        "postgazette",
        "freepress",
        "timesherald",
        "dailystar",
        "timesunion",
        "newstribune",
    }
)
#: Capitalised words right before a comma: the town of a qualifier ("Mount Joy" in "Mount Joy, Pa.").
TOWN_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*\s){0,3}[A-Z][\w'’.-]*)\Z")
#: A dateline: a town in capitals at the start of a line, then maybe ", region", an agency, a dash.
DATELINE = re.compile(
    r"^[ \t]*(?P<town>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})(?:,[^\n(—–]{2,25}?)?\s*"
    r"(?:\([A-Za-z. ]{1,25}\)\s*)?(?:—|–|--|-)\s",
    re.M,
)
#: How far into the text a dateline may sit (after a title or date line).
DATELINE_REACH = 400


@dataclass
class Geography:
    """What the article's own geography adds to the gazetteer matches."""

    named: list[tuple[int, int, int]] = field(default_factory=list)  # extra (start, end, alias index)
    states: list[tuple[int, int, str]] = field(default_factory=list)  # abbreviations: (start, end, place)
    pins: dict[str, set[str]] = field(default_factory=dict)  # alias group -> the places it may mean
    home: tuple[str, tuple[str, ...]] | None = None  # (alias group, candidates) of the outlet's home


@functools.lru_cache(maxsize=1)
def ap_abbreviations() -> dict[str, str]:
    """AP-style state abbreviation -> USPS code ("W.Va." -> "WV")."""
    with AP_CSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {ap.strip(): row["code"] for row in rows for ap in row["ap"].split(";") if ap.strip()}


@functools.lru_cache(maxsize=1)
def _qualifier_pattern() -> re.Pattern[str]:
    abbreviations = sorted(ap_abbreviations(), key=len, reverse=True)
    alternatives = "|".join(re.escape(a) for a in abbreviations)
    return re.compile(
        rf",\s{{1,2}}(?P<ap>{alternatives})(?![A-Za-z])|,\s{{1,2}}(?P<code>[A-Z]{{2}})(?![A-Za-z])"
    )


@dataclass
class _Index:
    lookup: dict[str, list[int]]  # case-folded alias -> alias indexes
    states: dict[str, str]  # USPS code -> place id of the state
    compact: dict[str, list[int]]  # letters-only lower-case alias -> alias indexes (for domains)


_INDEXES: dict[tuple[int, str], _Index] = {}


def indexes(gaz: Gazetteer) -> _Index:
    """Lookups over a gazetteer's aliases, built once per gazetteer (about 0.2 s)."""
    key = (id(gaz), gaz.version)
    found = _INDEXES.get(key)
    if found is None:
        lookup: dict[str, list[int]] = {}
        for index, group in enumerate(gaz.alias_group):
            lookup.setdefault(group, []).append(index)
        states = {
            p.admin1: pid
            for pid, p in gaz.places.items()
            if p.country == "US"
            and (p.feature == "state" or (p.admin1 == "DC" and p.feature == FEATURE_CITY))
        }
        compact: dict[str, list[int]] = {}
        for group, found_indexes in lookup.items():
            letters = "".join(ch for ch in group if ch.isalpha())
            if len(letters) >= 4 and letters.isascii():
                compact.setdefault(letters, []).extend(found_indexes)
        _INDEXES.clear()
        found = _INDEXES[key] = _Index(lookup, states, compact)
    return found


def _in_region(gaz: Gazetteer, index: int, country: str, admin1: str) -> set[str]:
    return {
        p
        for p in gaz.alias_places[index]
        if gaz.places[p].country == country and (not admin1 or gaz.places[p].admin1 == admin1)
        and gaz.places[p].feature not in REGION_FEATURES
    }  # fmt: skip


def _town_before(
    gaz: Gazetteer, text: str, comma: int, country: str, admin1: str
) -> tuple[int, int, set[str]]:
    """The alias index and places of the town right before ``comma`` in the region, else (-1, -1, {})."""
    found = TOWN_BEFORE.search(text, max(0, comma - 48), comma)
    if found is None:
        return -1, -1, set()
    lookup = indexes(gaz).lookup
    words = list(re.finditer(r"\S+", found.group(1)))
    for k in range(len(words)):  # longest first
        start = found.start(1) + words[k].start()
        for index in lookup.get(text[start:comma].casefold(), ()):
            places = _in_region(gaz, index, country, admin1)
            if places:
                return start, index, places
    return -1, -1, set()


def document_geography(
    gaz: Gazetteer,
    text: str,
    named: Sequence[tuple[int, int, int]],
    home: str | None = None,
) -> Geography:
    """Qualifiers, dateline and outlet home of one text (see the module docstring)."""
    geo = Geography()
    index_ = indexes(gaz)
    lookup, states = index_.lookup, index_.states
    by_end = {end: (start, index) for start, end, index in named}
    by_start = {start: (end, index) for start, end, index in named}
    taken = {start for start, _, _ in named}
    for match in _qualifier_pattern().finditer(text):
        code = ap_abbreviations()[match["ap"]] if match["ap"] else match["code"]
        if code not in states:
            continue
        start, index, places = _town_before(gaz, text, match.start(), "US", code)
        if index < 0 and (
            match["code"] or not TOWN_BEFORE.search(text, max(0, match.start() - 48), match.start())
        ):
            continue  # a USPS code needs a known town before it; an abbreviation a capitalised word
        q = match.start("ap") if match["ap"] else match.start("code")
        geo.states.append((q, match.end(), states[code]))
        if index >= 0:
            geo.pins[gaz.alias_group[index]] = places
            if start not in taken:
                geo.named.append((start, match.start(), index))
                taken.add(start)
    for end, (_, index) in by_end.items():
        if text[end : end + 1] != "," or any(
            gaz.places[p].feature in REGION_FEATURES for p in gaz.alias_places[index]
        ):
            continue  # "California, Illinois, Iowa, Louisiana": a list of states, not a town and its state
        region = _region_after(gaz, text, end, by_start)
        if region is not None:
            group = gaz.alias_group[index]
            places = set().union(*(_in_region(gaz, i, region[0], region[1]) for i in lookup[group]))
            if places:
                geo.pins[group] = places
    _dateline(gaz, text, lookup, taken, geo)
    _repeat_qualified(gaz, text, taken, geo)
    if home:
        geo.home = outlet_home(gaz, home)
    return geo


def _region_after(gaz: Gazetteer, text: str, end: int, by_start: dict) -> tuple[str, str] | None:
    """(country, admin1) of a state, province or country named right after ", " at ``end``."""
    gap = re.match(r",\s{1,2}", text[end : end + 3])
    if gap is None or end + gap.end() not in by_start:
        return None
    _, index = by_start[end + gap.end()]
    for pid in gaz.alias_places[index]:
        place = gaz.places[pid]
        if place.feature in REGION_FEATURES:
            return place.country, "" if place.feature == "country" else place.admin1
    return None


def _dateline(
    gaz: Gazetteer, text: str, lookup: dict[str, list[int]], taken: set[int], geo: Geography
) -> None:
    match = DATELINE.search(text, 0, DATELINE_REACH)
    if match is None or match.start("town") in taken:
        return
    for index in lookup.get(match["town"].casefold(), ()):
        geo.named.append((match.start("town"), match.end("town"), index))
        taken.add(match.start("town"))
        return


def _repeat_qualified(gaz: Gazetteer, text: str, taken: set[int], geo: Geography) -> None:
    """Once "Lititz, Pa." is found, "Lititz" alone elsewhere in the text is the same town."""
    for _, _, index in list(geo.named):
        if not gaz.alias_flags[index] & QUALIFIED:
            continue
        name = gaz.alias_keys[index]
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if match.start() not in taken:
                geo.named.append((match.start(), match.end(), index))
                taken.add(match.start())


def _domain_label(url: str) -> str:
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    parts = [p for p in host.casefold().split(".") if p and p != "www"]
    if len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2:  # co.uk, com.au
        parts = parts[:-1]
    return parts[-2] if len(parts) >= 2 else ""


@functools.lru_cache(maxsize=1)
def outlet_table() -> dict[str, str]:
    """The curated outlet -> home table (domain without "www." -> place id)."""
    if not HOMES_CSV.exists():
        return {}
    with HOMES_CSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["domain"].strip().casefold(): row["place_id"].strip() for row in rows}


def outlet_home(gaz: Gazetteer, url: str) -> tuple[str, tuple[str, ...]] | None:
    """(alias group, candidate places) of the outlet's home town, from the table or the domain."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").casefold().removeprefix("www.")
    pinned = outlet_table().get(host)
    if pinned in gaz.places:
        return "\x00home", (pinned,)
    label = _domain_label(url).replace("-", "")
    label = label.removeprefix("the")
    compact = indexes(gaz).compact
    for cut in range(len(label), 3, -1):
        head, rest = label[:cut], label[cut:]
        if rest and rest not in NEWS_WORDS:
            continue
        for index in compact.get(head, ()):
            places = [gaz.places[p] for p in gaz.alias_places[index]]
            local = [p for p in places if p.feature in (FEATURE_CITY, FEATURE_COUNTY)]
            if len(local) < len(places):  # the name is also a country or region ("maltatoday", "walesonline")
                local = [p for p in local if p.population >= LOCAL_POPULATION]
                local = local or [next(p for p in places if p.feature not in (FEATURE_CITY, FEATURE_COUNTY))]
            if local:
                return gaz.alias_group[index], tuple(p.place_id for p in local)
    return None
