"""The offline base map: country outlines from the bundled Natural Earth 1:110m topology, projected.

plotly's own geo maps fetch their geometry from a CDN, so the kit draws the outlines decoded here
as ordinary traces (:func:`helpers.figures.places_map`) and the report draws them on its own map;
neither makes a request. The geometry is ``helpers/places/data/world_110m.json`` (provenance and
licences in ``world_110m.txt``; made by ``tools/build_geometry.py``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

TOPOLOGY = "world_110m.json"
#: Antarctica and the southern ocean are left out of the base map (news rarely goes there)
MIN_LAT = -60.0


@lru_cache(maxsize=1)
def topology_text() -> str:
    """The bundled TopoJSON topology, as text (Natural Earth 1:110m, about 137 kB)."""
    return resources.files("helpers.places").joinpath("data", TOPOLOGY).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _arcs() -> tuple[np.ndarray, ...]:
    """Every arc of the topology as an (m, 2) array of lon/lat (delta-decoded, de-quantised)."""
    topo = json.loads(topology_text())
    scale = np.asarray(topo["transform"]["scale"], dtype=float)
    translate = np.asarray(topo["transform"]["translate"], dtype=float)
    return tuple(np.cumsum(np.asarray(a, dtype=float), axis=0) * scale + translate for a in topo["arcs"])


def _layer(name: str) -> list[dict]:
    return json.loads(topology_text())["objects"][name]["geometries"]


def _arc(index: int) -> np.ndarray:
    arcs = _arcs()
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def _ring(indices: list[int]) -> np.ndarray:
    """A polygon ring from its arcs (each arc starts where the previous one ends)."""
    parts = [_arc(i) if k == 0 else _arc(i)[1:] for k, i in enumerate(indices)]
    return np.concatenate(parts) if parts else np.zeros((0, 2))


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def _split_at_antimeridian(line: np.ndarray) -> list[np.ndarray]:
    """Pieces of ``line`` between jumps of more than 180 degrees of longitude (from -180 to 180)."""
    jumps = np.flatnonzero(np.abs(np.diff(line[:, 0])) > 180) + 1
    return np.split(line, jumps) if len(jumps) else [line]


def _join(lines: list[np.ndarray], min_lat: float) -> tuple[np.ndarray, np.ndarray]:
    """Polylines north of ``min_lat`` (somewhere) joined into lon, lat arrays with NaN separators."""
    pieces = [piece for line in lines for piece in _split_at_antimeridian(line)]
    kept = [line for line in pieces if len(line) > 1 and line[:, 1].max() > min_lat]
    if not kept:
        return np.zeros(0), np.zeros(0)
    gap = np.full((1, 2), np.nan)
    joined = np.concatenate([part for line in kept for part in (line, gap)])[:-1]
    return joined[:, 0].copy(), joined[:, 1].copy()


@lru_cache(maxsize=4)
def world_outlines(layer: str = "borders", min_lat: float = MIN_LAT) -> tuple[np.ndarray, np.ndarray]:
    """Base map lines as ``(lons, lats)`` float arrays, polylines separated by NaN (plotly gaps).

    ``layer``: ``"borders"`` (every country edge, coasts included, each shared border once),
    ``"coastlines"``, or ``"land"`` (outer rings of land polygons, closed, for a filled trace).
    The arrays are cached and read-only.
    """
    if layer == "borders":
        used = sorted(
            {i if i >= 0 else ~i for g in _layer("countries") for p in _polygons(g) for r in p for i in r}
        )
        lines = [_arcs()[i] for i in used]
    elif layer == "coastlines":
        lines = [_ring(g["arcs"]) for g in _layer("coastlines") if g.get("type") == "LineString"]
    elif layer == "land":
        lines = [_ring(p[0]) for g in _layer("land") for p in _polygons(g) if p]
    else:
        raise ValueError(f"layer must be 'borders', 'coastlines' or 'land', not {layer!r}")
    lons, lats = _join(lines, min_lat)
    lons.setflags(write=False)
    lats.setflags(write=False)
    return lons, lats


def project(
    lon: np.ndarray, lat: np.ndarray, projection: str = "natural earth"
) -> tuple[np.ndarray, np.ndarray]:
    """Map coordinates for lon/lat in degrees (NaN stays NaN), in degree-like units.

    ``"natural earth"``: the Natural Earth projection (Šavrič, Jenny, Patterson, Petrovič and Hurni,
    2011; polynomial form), the one plotly's geo maps offer; x spans about ±157, y about ±86.
    ``"equirectangular"``: x = lon, y = lat.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if projection == "equirectangular":
        return lon.copy(), lat.copy()
    if projection != "natural earth":
        raise ValueError(f"projection must be 'natural earth' or 'equirectangular', not {projection!r}")
    phi, lam = np.radians(lat), np.radians(lon)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * p2 * (0.003971 - 0.001529 * p2)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return np.degrees(x), np.degrees(y)
