"""Disambiguation of place names: one place per name per text, from prominence and evidence.

Each candidate starts from its prominence (:func:`~helpers.places.gazetteer.prominence`: log10 population
plus a bonus by feature) and gains from what the other names of the same text say: other places in the same
country (sub-national ones count, capped), the country itself named, places in the same admin1 (double
for an admin region: "Georgia" next to Atlanta), and the optional corpus prior ``context``
(ISO2 -> weight, see :func:`helpers.places.find.country_context`). A choice whose margin over the runner-up
is under :data:`AMBIGUOUS_MARGIN` is flagged ambiguous.

The coherence pass also scores a candidate by its distance to the places the other names chose
(towns and counties within a few hundred kilometres, :data:`PROXIMITY_KM`), as the best geoparsers do:
a reading whose places hang together wins (among towns, counties and features: a name that can also be a
country is not pulled to a town by its neighbours). The article's own geography
(:mod:`helpers.places.context`) adds hard pins ("Paris, Tenn." can only be a Paris in Tennessee) and the
outlet's home (a hidden mention; the same name in the text prefers the home's sense). Small US towns
(under :data:`~helpers.places.gazetteer.LOCAL_POPULATION`) gain only from local evidence: their state,
nearby places, the home; the mere mention of the United States does not move "London" to Kentucky. They
never stand in for a country, state or region of the same name ("Mexico", "Florida", "Middle East").

The outlet's home is local evidence only (its state, its surroundings): a local paper also prints wire
news from anywhere, so it does not make the whole country more likely.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from helpers.places.gazetteer import FEATURE_CITY, LOCAL_POPULATION, Gazetteer, PlaceRecord, prominence

SUBNATIONAL_WEIGHT = 1.0
SUBNATIONAL_CAP = 2
COUNTRY_WEIGHT = 1.0
ADMIN1_WEIGHT = 1.5
CONTEXT_WEIGHT = 2.0
AMBIGUOUS_MARGIN = 1.0
MAX_CANDIDATES = 10
RESOLVE_ROUNDS = 3
#: Proximity: each other chosen town or county adds exp(-distance / PROXIMITY_KM), up to PROXIMITY_CAP,
#: times PROXIMITY_WEIGHT.
PROXIMITY_KM = 120.0
PROXIMITY_CAP = 2.0
PROXIMITY_WEIGHT = 2.5
#: Bonus of the outlet home's candidates for the same name in the text.
HOME_WEIGHT = 5.0
#: Capitals and cities this big are named for what happens there, not because the story is near them:
#: they are no anchors for proximity ("Kaliningrad" in a story about Moscow is still the exclave).
ANCHOR_MAX_POPULATION = 1_000_000
#: Key of the outlet's home when the text does not name it.
HOME_KEY = "\x00home"
#: Features that are admin regions: a city in the same admin1 counts double ("Georgia" with Atlanta).
ADMIN_FEATURES = frozenset({"state", "admin1", "oblast"})
NATIONAL = frozenset({"country", "continent", "union", "water"})
#: Features that are points on the map for the proximity evidence.
LOCAL_FEATURES = frozenset({FEATURE_CITY, "county", "feature"})


def _local(place: PlaceRecord) -> bool:
    return place.feature == FEATURE_CITY and place.country == "US" and place.population < LOCAL_POPULATION


@dataclass
class _Evidence:
    """What the chosen places of a text say: places per country, per (country, admin1), and points."""

    gaz: Gazetteer
    sub: Counter = field(default_factory=Counter)  # sub-national places per country
    national: Counter = field(default_factory=Counter)  # country-level places per country
    admin1: Counter = field(default_factory=Counter)  # sub-national places per (country, admin1)
    points: Counter = field(default_factory=Counter)  # chosen towns, counties, features (place ids)

    def add(self, pid: str, sign: int, local_only: bool = False) -> None:
        """Count (``sign`` 1) or uncount (-1) a chosen place; ``local_only``: not for the country counts."""
        place = self.gaz.places[pid]
        if not place.country:
            return
        if place.feature in NATIONAL:
            if not local_only:
                self.national[place.country] += sign
            return
        if not local_only:
            self.sub[place.country] += sign
        if place.admin1:
            self.admin1[(place.country, place.admin1)] += sign
        if place.feature in LOCAL_FEATURES and not place.capital and place.population < ANCHOR_MAX_POPULATION:
            self.points[pid] += sign

    def score(
        self, place: PlaceRecord, context: Mapping[str, float], skip: frozenset[str], near: bool = True
    ) -> float:
        """Prominence of ``place`` plus the evidence (the name's own current choice must be uncounted);
        ``near=False`` leaves proximity out."""
        bonus = self._bonus(place, context)
        if near and place.feature in LOCAL_FEATURES:
            bonus += PROXIMITY_WEIGHT * min(
                PROXIMITY_CAP, sum(math.exp(-km / PROXIMITY_KM) for km in self._km(place, skip))
            )
        return prominence(place) + bonus

    def _km(self, place: PlaceRecord, skip: frozenset[str]) -> Iterable[float]:
        lat, lon = math.radians(place.lat), math.radians(place.lon)
        for pid, count in self.points.items():
            if count <= 0 or pid in skip:
                continue
            other = self.gaz.places[pid]
            plat, plon = math.radians(other.lat), math.radians(other.lon)
            h = (
                math.sin((plat - lat) / 2) ** 2
                + math.cos(lat) * math.cos(plat) * math.sin((plon - lon) / 2) ** 2
            )
            yield 12742.0 * math.asin(min(1.0, math.sqrt(h)))

    def _bonus(self, place: PlaceRecord, context: Mapping[str, float]) -> float:
        if not place.country:
            return 0.0
        if _local(place):  # a small town: only its admin1 (and proximity) speak for it
            return ADMIN1_WEIGHT if self.admin1[(place.country, place.admin1)] > 0 else 0.0
        bonus = SUBNATIONAL_WEIGHT * min(SUBNATIONAL_CAP, self.sub[place.country])
        bonus += COUNTRY_WEIGHT * min(1, self.national[place.country])
        bonus += CONTEXT_WEIGHT * float(context.get(place.country, 0.0))
        if place.feature not in NATIONAL and self.admin1[(place.country, place.admin1)] > 0:
            bonus += ADMIN1_WEIGHT * (2 if place.feature in ADMIN_FEATURES else 1)
        return bonus


def _without_small_namesakes(gaz: Gazetteer, cands: tuple[str, ...]) -> tuple[str, ...]:
    """Small towns leave a name that also names a country, state, region or feature."""
    key = (gaz.version, cands)
    found = _NAMESAKES.get(key)
    if found is None:
        if len(_NAMESAKES) > 50_000:
            _NAMESAKES.clear()
        found = _NAMESAKES[key] = _drop_small_namesakes(gaz, cands)
    return found


_NAMESAKES: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _drop_small_namesakes(gaz: Gazetteer, cands: tuple[str, ...]) -> tuple[str, ...]:
    if all(gaz.places[p].feature in (FEATURE_CITY, "county") for p in cands):
        return cands
    kept = tuple(p for p in cands if not _local(gaz.places[p]))
    return kept or cands


def resolve(
    gaz: Gazetteer,
    groups: dict[str, tuple[str, ...]],
    extra: Sequence[str],
    context: Mapping[str, float],
    *,
    home: tuple[str, tuple[str, ...]] | None = None,
) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Choose one place per name: returns name -> (candidates best first, ambiguous).

    Every name starts with its most prominent candidate; then, up to :data:`RESOLVE_ROUNDS` times, each
    name in turn is re-decided with the evidence of the other names' current choices (and of ``extra``
    places, e.g. from demonyms). ``home`` is the outlet's home (name, candidates): the same name prefers
    those candidates, and an unnamed home is resolved as a hidden name whose choice is local evidence.
    """
    favoured: dict[str, frozenset[str]] = {}
    groups = {
        k: c if k == (home or ("",))[0] else _without_small_namesakes(gaz, c) for k, c in groups.items()
    }
    if home is not None:
        key, cands = home
        if key in groups:
            favoured[key] = frozenset(cands)
        elif cands:
            groups[HOME_KEY] = cands
    choice = {key: cands[0] for key, cands in groups.items()}
    evidence = _Evidence(gaz)
    for pid in extra:
        evidence.add(pid, 1)
    for key, pid in choice.items():
        evidence.add(pid, 1, local_only=key == HOME_KEY)
    out: dict[str, tuple[tuple[str, ...], bool]] = {k: (c, False) for k, c in groups.items() if len(c) == 1}
    multi = {k: c for k, c in groups.items() if len(c) > 1}
    for _ in range(RESOLVE_ROUNDS if multi else 0):
        moved = False
        for key, cands in multi.items():
            evidence.add(choice[key], -1, local_only=key == HOME_KEY)
            skip, bonus = frozenset(cands), favoured.get(key, frozenset())
            near = not any(gaz.places[p].feature in NATIONAL for p in cands)  # "Mexico" is the country
            scored = sorted(
                (
                    (evidence.score(gaz.places[p], context, skip, near) + HOME_WEIGHT * (p in bonus), p)
                    for p in cands
                ),
                key=lambda t: (-t[0], t[1]),
            )
            out[key] = (
                tuple(p for _, p in scored[:MAX_CANDIDATES]),
                scored[0][0] - scored[1][0] < AMBIGUOUS_MARGIN,
            )
            moved = moved or scored[0][1] != choice[key]
            choice[key] = scored[0][1]
            evidence.add(choice[key], 1, local_only=key == HOME_KEY)
        if not moved:
            break  # nothing moved: another round would give the same answer
    out.pop(HOME_KEY, None)
    return out
