"""Disambiguation of place names: one place per name per text, from prominence and evidence.

Each candidate starts from its prominence (:func:`~helpers.places.gazetteer.prominence`: log10 population
plus a bonus by feature) and gains from what the other names of the same text say: other places in the same
country (sub-national ones count, capped), the country itself named, places in the same admin1 (double
for an admin region: "Georgia" next to Atlanta), and the optional corpus prior ``context``
(ISO2 -> weight, see :func:`helpers.places.find.country_context`). A choice whose margin over the runner-up
is under :data:`AMBIGUOUS_MARGIN` is flagged ambiguous.

The coherence pass also scores a candidate by its distance to the places the other names chose
(towns and counties within a few hundred kilometres, :data:`PROXIMITY_KM`), as the best geoparsers do:
a reading whose places hang together wins. The article's own geography
(:mod:`helpers.places.context`) adds hard pins ("Paris, Tenn." can only be a Paris in Tennessee) and the
outlet's home (a hidden mention; the same name in the text prefers the home's sense). Small US towns
(under :data:`~helpers.places.gazetteer.LOCAL_POPULATION`) gain only from local evidence: their state,
nearby places, the home; the mere mention of the United States does not move "London" to Kentucky.
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
    """What the other place names of a text say: places per country and per (country, admin1)."""

    sub: Counter  # sub-national places per country
    national: Counter  # country-level places per country
    admin1: Counter  # sub-national places per (country, admin1)
    chosen: Counter  # how many names chose each place
    points: list[tuple[float, float, str]] = field(default_factory=list)  # chosen towns and counties

    @classmethod
    def of(cls, gaz: Gazetteer, chosen: Iterable[str]) -> _Evidence:
        ev = cls(Counter(), Counter(), Counter(), Counter(chosen))
        for pid in ev.chosen:
            place = gaz.places[pid]
            ev._add(place, 1)
            if place.feature in LOCAL_FEATURES:
                ev.points.append((math.radians(place.lat), math.radians(place.lon), pid))
        return ev

    def _add(self, place: PlaceRecord, sign: int) -> None:
        if not place.country:
            return
        if place.feature in NATIONAL:
            self.national[place.country] += sign
        else:
            self.sub[place.country] += sign
            if place.admin1:
                self.admin1[(place.country, place.admin1)] += sign

    def score(
        self, place: PlaceRecord, own: PlaceRecord | None, context: Mapping[str, float], skip: frozenset[str]
    ) -> float:
        """Prominence of ``place`` plus the evidence, leaving out the name's own current choice ``own``
        (and, for proximity, every place of the name's candidates ``skip``)."""
        if own is not None and self.chosen[own.place_id] == 1:
            self._add(own, -1)
        try:
            bonus = self._bonus(place, context)
            if place.feature in LOCAL_FEATURES and self.points:
                bonus += PROXIMITY_WEIGHT * self._closeness(place, skip)
            return prominence(place) + bonus
        finally:
            if own is not None and self.chosen[own.place_id] == 1:
                self._add(own, 1)

    def _closeness(self, place: PlaceRecord, skip: frozenset[str]) -> float:
        lat, lon = math.radians(place.lat), math.radians(place.lon)
        total = 0.0
        for plat, plon, pid in self.points:
            if pid in skip:
                continue
            h = (
                math.sin((plat - lat) / 2) ** 2
                + math.cos(lat) * math.cos(plat) * math.sin((plon - lon) / 2) ** 2
            )
            km = 12742.0 * math.asin(min(1.0, math.sqrt(h)))
            total += math.exp(-km / PROXIMITY_KM)
        return min(PROXIMITY_CAP, total)

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


def resolve(
    gaz: Gazetteer,
    groups: dict[str, tuple[str, ...]],
    extra: Sequence[str],
    context: Mapping[str, float],
    *,
    home: tuple[str, tuple[str, ...]] | None = None,
) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Choose one place per name: returns name -> (candidates best first, ambiguous).

    Every name starts with its most prominent candidate; then, up to three times, each name is
    re-decided with the evidence of the other names' current choices (and of ``extra`` places, e.g.
    from demonyms). ``home`` is the outlet's
    home (name, candidates): the same name prefers those candidates, and an unnamed home is resolved
    as a hidden name (``HOME_KEY``) whose choice is evidence for the others.
    """
    groups = dict(groups)
    favoured: dict[str, frozenset[str]] = {}
    if home is not None:
        key, cands = home
        if key in groups:
            favoured[key] = frozenset(cands)
        elif cands:
            groups[HOME_KEY] = cands
    choice = {key: cands[0] for key, cands in groups.items()}
    out: dict[str, tuple[tuple[str, ...], bool]] = {k: (c, False) for k, c in groups.items() if len(c) == 1}
    multi = {k: c for k, c in groups.items() if len(c) > 1}
    for _ in range(RESOLVE_ROUNDS):
        if not multi:
            break
        evidence = _Evidence.of(gaz, [*choice.values(), *extra])
        for key, cands in multi.items():
            own = gaz.places[choice[key]]
            skip = frozenset(cands)
            bonus = favoured.get(key, frozenset())
            scored = sorted(
                (
                    (
                        evidence.score(gaz.places[p], own, context, skip)
                        + (HOME_WEIGHT if p in bonus else 0.0),
                        p,
                    )
                    for p in cands
                ),
                key=lambda t: (-t[0], t[1]),
            )
            out[key] = (
                tuple(p for _, p in scored[:MAX_CANDIDATES]),
                scored[0][0] - scored[1][0] < AMBIGUOUS_MARGIN,
            )
        new = {key: out[key][0][0] for key in multi}
        if all(choice[key] == pid for key, pid in new.items()):
            break  # nothing moved: another round would give the same answer
        choice.update(new)
    out.pop(HOME_KEY, None)
    return out
