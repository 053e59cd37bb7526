"""Small towns found by their neighbours: the names of US towns under 15,000 people that the gazetteer
keeps out of its matcher (:data:`~helpers.places.gazetteer.QUALIFIED`: "Puryear", "Ephrata") count as
places in a text that already places other towns or counties close to them.

A local story names the small towns around its own: once "Paris, Tenn." and "Henry County" are placed,
"Puryear" in the same text is the town 15 km away. A match counts when one of the name's towns lies within
:data:`NEAR_KM` of a town or county the text already placed in the US (capitals and cities of a million
people or more are no anchors), the name is not at the start of a
sentence, not a common word or first name (``place_stopwords.txt``, ``place_common_words.txt``), not
after "the" ("the West"), not inside a longer NER span ("Powell" in "Jerome Powell"), not labelled PERSON
and not the surname of a person named in full in the text (the small English model labels many small-town
names ORG, so an exact ORG label is no veto). Texts without such anchors (international news) are not
scanned at all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from helpers.places.gazetteer import FEATURE_CITY, FEATURE_COUNTY, NEEDS_EVIDENCE, QUALIFIED, Gazetteer
from helpers.places.resolve import ANCHOR_MAX_POPULATION

#: How close a town must be to an already placed town or county.
NEAR_KM = 60.0
#: The same for a name the NER model labels a place (GPE/LOC).
SUPPORT_KM = 150.0
SENTENCE_END = '.!?\n"“”:;'
THE = re.compile(r"\b[Tt]he\s\Z")


@dataclass
class _Matcher:
    version: str
    automaton: ahocorasick.Automaton


_MATCHER: dict[int, _Matcher] = {}


def _matcher(gaz: Gazetteer) -> ahocorasick.Automaton:
    found = _MATCHER.get(id(gaz))
    if found is None or found.version != gaz.version:
        auto = ahocorasick.Automaton()
        for index, key in enumerate(gaz.alias_keys):
            flags = gaz.alias_flags[index]
            if flags & QUALIFIED and not flags & NEEDS_EVIDENCE:
                auto.add_word(key, (index, len(key)))
        auto.make_automaton()
        _MATCHER.clear()
        found = _MATCHER[id(gaz)] = _Matcher(gaz.version, auto)
    return found.automaton


def _qualified(gaz: Gazetteer) -> dict[str, list[int]]:
    """Case-folded name -> alias indexes of the small towns matched only with context."""
    found = _QUALIFIED.get(id(gaz))
    if found is None or found[0] != gaz.version:
        table: dict[str, list[int]] = {}
        for index, group in enumerate(gaz.alias_group):
            if gaz.alias_flags[index] & QUALIFIED:
                table.setdefault(group, []).append(index)
        _QUALIFIED.clear()
        found = _QUALIFIED[id(gaz)] = (gaz.version, table)
    return found[1]


_QUALIFIED: dict[int, tuple[str, dict[str, list[int]]]] = {}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _nearest(gaz: Gazetteer, pid: str, points: Sequence[tuple[float, float]]) -> float:
    place = gaz.places[pid]
    return min((_km(place.lat, place.lon, lat, lon) for lat, lon in points), default=math.inf)


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in SENTENCE_END


def nearby_towns(
    gaz: Gazetteer,
    text: str,
    anchors: Iterable[str],
    taken: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int, str]] = (),
    person_words: frozenset[str] = frozenset(),
    place_spans: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int, int, str]]:
    """Matches ``(start, end, alias index, place id)`` of small towns near the ``anchors`` (place ids);
    ``person_words`` are surnames of people named in full in the text. ``place_spans`` (NER GPE/LOC
    spans) that are exactly such a name need less: within :data:`SUPPORT_KM` of an anchor, or the only
    town of that name in an anchor's state."""
    chosen = [gaz.places[a] for a in anchors if a in gaz.places]
    points = [  # capitals and big cities are named for what happens there, not as neighbours
        (p.lat, p.lon)
        for p in chosen
        if p.country == "US" and p.feature in (FEATURE_CITY, FEATURE_COUNTY)
        and not p.capital and p.population < ANCHOR_MAX_POPULATION
    ]  # fmt: skip
    states = {p.admin1 for p in chosen if p.country == "US" and p.feature not in ("country", "continent")}
    if not states or not text:
        return []
    size, out = len(text), []
    by_ner = {}
    for s, e in place_spans:
        for i in _qualified(gaz).get(text[s:e].casefold(), ()):
            by_ner[(s, e)] = i
    matches = (  # the matcher runs only where the text has local anchors
        ((last - length + 1, last + 1, index) for last, (index, length) in _matcher(gaz).iter(text))
        if points
        else ()
    )
    for start, end, index in sorted({*matches, *((s, e, i) for (s, e), i in by_ner.items())}):
        if (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
            continue
        if any(a < end and start < b for a, b in taken) or _sentence_start(text, start):
            continue
        if any(s < end and start < e and (s < start or e > end) for s, e, _ in spans):
            continue  # inside a longer name ("Jerome Powell", "North East Somerset")
        if THE.search(text, max(0, start - 4), start):
            continue  # "the West", "The White Horse": a town is not named with an article
        if text[start:end] in person_words or any(
            s == start and e == end and label == "PERSON" for s, e, label in spans
        ):
            continue  # a surname ("Clark" after "Wesley Clark") or a name the model calls a person
        best = min(((_nearest(gaz, p, points), p) for p in gaz.alias_places[index]), default=(math.inf, ""))
        ner = (start, end) in by_ner
        if (
            ner and best[0] > SUPPORT_KM
        ):  # the model says place: being the only one in an anchor's state is enough
            in_state = [p for p in gaz.alias_places[index] if gaz.places[p].admin1 in states]
            best = (0.0, in_state[0]) if len(in_state) == 1 else best
        if best[0] <= (SUPPORT_KM if ner else NEAR_KM):
            out.append((start, end, index, best[1]))
            taken = [*taken, (start, end)]
    return out
