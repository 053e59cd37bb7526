"""Disambiguation of place names: one place per name per text, from prominence and evidence.

Each candidate starts from its prominence (:func:`~helpers.places.gazetteer.prominence`: log10 population
plus a bonus by feature) and gains from what the other names of the same text say: other places in the same
country (sub-national ones count, capped), the country itself named, places in the same admin1 (double
for an admin region: "Georgia" next to Atlanta), and the optional corpus prior ``context``
(ISO2 -> weight, see :func:`helpers.places.find.country_context`). A choice whose margin over the runner-up
is under :data:`AMBIGUOUS_MARGIN` is flagged ambiguous.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from helpers.places.gazetteer import Gazetteer, PlaceRecord, prominence

SUBNATIONAL_WEIGHT = 1.0
SUBNATIONAL_CAP = 2
COUNTRY_WEIGHT = 1.0
ADMIN1_WEIGHT = 1.5
CONTEXT_WEIGHT = 2.0
AMBIGUOUS_MARGIN = 1.0
MAX_CANDIDATES = 10
RESOLVE_ROUNDS = 2
#: Features that are admin regions: a city in the same admin1 counts double ("Georgia" with Atlanta).
ADMIN_FEATURES = frozenset({"state", "admin1", "oblast"})
NATIONAL = frozenset({"country", "continent", "union", "water"})


@dataclass
class _Evidence:
    """What the other place names of a text say: places per country and per (country, admin1)."""

    sub: Counter  # sub-national places per country
    national: Counter  # country-level places per country
    admin1: Counter  # sub-national places per (country, admin1)
    chosen: Counter  # how many names chose each place

    @classmethod
    def of(cls, gaz: Gazetteer, chosen: Iterable[str]) -> _Evidence:
        ev = cls(Counter(), Counter(), Counter(), Counter(chosen))
        for pid in ev.chosen:
            ev._add(gaz.places[pid], 1)
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

    def score(self, place: PlaceRecord, own: PlaceRecord | None, context: Mapping[str, float]) -> float:
        """Prominence of ``place`` plus the evidence, leaving out the name's own current choice ``own``."""
        if own is not None and self.chosen[own.place_id] == 1:
            self._add(own, -1)
        try:
            return prominence(place) + self._bonus(place, context)
        finally:
            if own is not None and self.chosen[own.place_id] == 1:
                self._add(own, 1)

    def _bonus(self, place: PlaceRecord, context: Mapping[str, float]) -> float:
        if not place.country:
            return 0.0
        bonus = SUBNATIONAL_WEIGHT * min(SUBNATIONAL_CAP, self.sub[place.country])
        bonus += COUNTRY_WEIGHT * min(1, self.national[place.country])
        bonus += CONTEXT_WEIGHT * float(context.get(place.country, 0.0))
        if place.feature not in NATIONAL and self.admin1[(place.country, place.admin1)] > 0:
            bonus += ADMIN1_WEIGHT * (2 if place.feature in ADMIN_FEATURES else 1)
        return bonus


def resolve(
    gaz: Gazetteer, groups: dict[str, tuple[str, ...]], extra: Sequence[str], context: Mapping[str, float]
) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Choose one place per name: returns name -> (candidates best first, ambiguous).

    Every name starts with its most prominent candidate; then, twice, each name is re-decided with the
    evidence of the other names' current choices (and of ``extra`` places, e.g. from demonyms).
    """
    choice = {key: cands[0] for key, cands in groups.items()}
    out: dict[str, tuple[tuple[str, ...], bool]] = {k: (c, False) for k, c in groups.items() if len(c) == 1}
    multi = {k: c for k, c in groups.items() if len(c) > 1}
    for _ in range(RESOLVE_ROUNDS):
        if not multi:
            break
        evidence = _Evidence.of(gaz, [*choice.values(), *extra])
        for key, cands in multi.items():
            own = gaz.places[choice[key]]
            scored = sorted(
                ((evidence.score(gaz.places[p], own, context), p) for p in cands), key=lambda t: (-t[0], t[1])
            )
            out[key] = (
                tuple(p for _, p in scored[:MAX_CANDIDATES]),
                scored[0][0] - scored[1][0] < AMBIGUOUS_MARGIN,
            )
        new = {key: out[key][0][0] for key in multi}
        if all(choice[key] == pid for key, pid in new.items()):
            break  # nothing moved: another round would give the same answer
        choice.update(new)
    return out
