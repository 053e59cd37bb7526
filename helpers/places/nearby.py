"""Small towns found by their neighbours: the names of US towns under 15,000 people that the gazetteer
keeps out of its matcher (:data:`~helpers.places.gazetteer.QUALIFIED`: "Puryear", "Ephrata") count as
places in a text that already places other towns or counties close to them.

A local story names the small towns around its own: once "Paris, Tenn." and "Henry County" are placed,
"Puryear" in the same text is the town 15 km away. A match counts when one of the name's towns lies within
:data:`NEAR_KM` of a town or county the text already placed in the US, the name is not at the start of a
sentence, not a common word or first name (``place_stopwords.txt``, ``place_common_words.txt``), and not
inside a longer NER span other than a place ("Powell" in "Jerome Powell"), not labelled PERSON and not the
surname of a person named in full in the text (the small English model labels many small-town names ORG,
so an exact ORG label is no veto). Texts without such anchors
(international news) are not scanned at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from helpers.places.gazetteer import FEATURE_CITY, FEATURE_COUNTY, NEEDS_EVIDENCE, QUALIFIED, Gazetteer

#: How close a town must be to an already placed town or county.
NEAR_KM = 60.0
#: NER labels that do not veto a nearby town.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SENTENCE_END = '.!?\n"“”:;'


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


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


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
) -> list[tuple[int, int, int, str]]:
    """Matches ``(start, end, alias index, place id)`` of small towns near the ``anchors`` (place ids);
    ``person_words`` are surnames of people named in full in the text."""
    points = [
        (p.lat, p.lon)
        for p in (gaz.places[a] for a in anchors if a in gaz.places)
        if p.country == "US" and p.feature in (FEATURE_CITY, FEATURE_COUNTY)
    ]
    if not points or not text:
        return []
    size, out = len(text), []
    for last, (index, length) in _matcher(gaz).iter(text):
        start, end = last - length + 1, last + 1
        if (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
            continue
        if any(a < end and start < b for a, b in taken) or _sentence_start(text, start):
            continue
        if any(
            s < end and start < e and (s < start or e > end) and label not in PLACE_LABELS
            for s, e, label in spans
        ):
            continue  # inside a longer name ("Jerome Powell")
        if text[start:end] in person_words or any(
            s == start and e == end and label == "PERSON" for s, e, label in spans
        ):
            continue  # a surname ("Clark" after "Wesley Clark") or a name the model calls a person
        best = min(
            ((min(_km(gaz.places[p].lat, gaz.places[p].lon, la, lo) for la, lo in points), p)
             for p in gaz.alias_places[index]),
            default=(math.inf, ""),
        )  # fmt: skip
        if best[0] <= NEAR_KM:
            out.append((start, end, index, best[1]))
            taken = [*taken, (start, end)]
    return out
