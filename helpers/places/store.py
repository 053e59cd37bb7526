"""The gazetteer on disk: built once from the data files, cached under ``cache_root()/gazetteer``.

The cache file (one per :func:`~helpers.places.gazetteer.data_version`) is a verified cache file of
:mod:`helpers.core.cache` holding three Arrow tables: ``places`` (one row per
:class:`~helpers.places.gazetteer.PlaceRecord`, in index order), ``aliases`` (alias text, candidate
places as row numbers of ``places``, flags) and ``demonyms``. It is data only and round-trips the
:class:`~helpers.places.gazetteer.Gazetteer` exactly; the Aho-Corasick automatons are rebuilt after
loading. A missing, damaged or foreign file means a rebuild (with a warning unless it was missing).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from helpers.core.cache import CacheError, read_cache, write_cache
from helpers.core.config import cache_root
from helpers.places.build import build_gazetteer
from helpers.places.gazetteer import Gazetteer, PlaceRecord, data_version

#: The ``kind`` of the cache file: bump when the tables below change.
CACHE_KIND = "gazetteer/2"
_ARROW_TYPES = {"str": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
PLACES_SCHEMA = pa.schema(
    [pa.field(f.name, _ARROW_TYPES[str(f.type)], nullable=False) for f in dataclasses.fields(PlaceRecord)]
)
ALIASES_SCHEMA = pa.schema(
    [
        pa.field("key", pa.string(), nullable=False),
        pa.field("places", pa.list_(pa.field("item", pa.int32(), nullable=False)), nullable=False),
        pa.field("flags", pa.int64(), nullable=False),
    ]
)
DEMONYMS_SCHEMA = pa.schema(
    [pa.field("demonym", pa.string(), nullable=False), pa.field("place_id", pa.string(), nullable=False)]
)
_SCHEMAS = {"places": PLACES_SCHEMA, "aliases": ALIASES_SCHEMA, "demonyms": DEMONYMS_SCHEMA}


def cache_file(version: str) -> Path:
    """The cache file of the index built from data of ``version``."""
    return cache_root() / "gazetteer" / f"gazetteer-{version}.cache"


def gazetteer_tables(gaz: Gazetteer) -> dict[str, pa.Table]:
    """The index as Arrow tables (see the module docstring); automatons are not included."""
    records = list(gaz.places.values())
    if any(pid != record.place_id for pid, record in gaz.places.items()):
        raise ValueError("a place is keyed by another id than its own: it would not round-trip")
    places = pa.Table.from_pydict(
        {name: [getattr(r, name) for r in records] for name in PLACES_SCHEMA.names}, schema=PLACES_SCHEMA
    )
    row = {pid: i for i, pid in enumerate(gaz.places)}
    aliases = pa.Table.from_pydict(
        {
            "key": gaz.alias_keys,
            "places": [[row[pid] for pid in pids] for pids in gaz.alias_places],
            "flags": gaz.alias_flags,
        },
        schema=ALIASES_SCHEMA,
    )
    demonyms = pa.Table.from_pydict(
        {"demonym": list(gaz.demonyms), "place_id": list(gaz.demonyms.values())}, schema=DEMONYMS_SCHEMA
    )
    return {"places": places, "aliases": aliases, "demonyms": demonyms}


def gazetteer_from_tables(tables: dict[str, pa.Table], version: str) -> Gazetteer:
    """The index back from :func:`gazetteer_tables`; raises :class:`CacheError` on any mismatch."""
    with _gc_paused():
        return _decode(tables, version)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection while some 200,000 new objects are made: the collections it would
    trigger free nothing and take almost half the load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _decode(tables: dict[str, pa.Table], version: str) -> Gazetteer:
    if set(tables) != set(_SCHEMAS):
        raise CacheError(f"expected tables {sorted(_SCHEMAS)}, found {sorted(tables)}")
    for name, schema in _SCHEMAS.items():
        table = tables[name]
        if not table.schema.equals(schema) or any(column.null_count for column in table.columns):
            raise CacheError(f"table {name!r} does not have the expected schema")
    columns = [tables["places"].column(name).to_pylist() for name in PLACES_SCHEMA.names]
    ids = columns[0]
    places = dict(zip(ids, (PlaceRecord(*values) for values in zip(*columns, strict=True)), strict=True))
    if len(places) != len(ids):
        raise CacheError("duplicate place ids")
    lists = tables["aliases"].column("places").combine_chunks()
    values = lists.flatten()
    bounds = pc.min_max(values)
    if len(values) and not 0 <= bounds["min"].as_py() <= bounds["max"].as_py() < len(ids):
        raise CacheError("alias candidate out of range")
    flat = values.to_pylist()
    offsets = lists.offsets.to_pylist()
    base = offsets[0]  # where this (possibly sliced) list array starts in its values
    pids = [ids[i] for i in flat]
    single = [(pid,) for pid in ids]  # most aliases name one place: share its tuple
    alias_places = [
        single[flat[a - base]] if b - a == 1 else tuple(pids[a - base : b - base])
        for a, b in itertools.pairwise(offsets)
    ]
    demonyms = tables["demonyms"]
    return Gazetteer(
        places=places,
        alias_keys=tables["aliases"].column("key").to_pylist(),
        alias_places=alias_places,
        alias_flags=tables["aliases"].column("flags").to_pylist(),
        demonyms=dict(
            zip(demonyms.column("demonym").to_pylist(), demonyms.column("place_id").to_pylist(), strict=True)
        ),
        version=version,
    )


def read_gazetteer(path: Path, version: str) -> Gazetteer | None:
    """The index cached at ``path`` for data ``version``; ``None`` (with a warning) when unusable."""
    got = read_cache(
        path,
        kind=CACHE_KIND,
        version=version,
        decode=functools.partial(gazetteer_from_tables, version=version),
    )
    return got[0] if got is not None else None


def write_gazetteer(gaz: Gazetteer, path: Path) -> bool:
    """Cache the index at ``path`` (atomically); ``False`` when the folder cannot be written."""
    return write_cache(path, gazetteer_tables(gaz), kind=CACHE_KIND, version=gaz.version)


@functools.lru_cache(maxsize=2)
def _load(version: str) -> Gazetteer:
    gaz = read_gazetteer(cache_file(version), version)
    if gaz is None:
        gaz = build_gazetteer()
        write_gazetteer(gaz, cache_file(gaz.version))
    if gaz.automaton is None:
        gaz.build_automaton()
    return gaz


def load_gazetteer() -> Gazetteer:
    """The index, from memory, else from the on-disk cache, else built (and cached).

    The data files are checked for changes at most once every :data:`RECHECK_SECONDS`, so calling this
    per article costs nothing.
    """
    now = time.monotonic()
    if _LAST[0] is None or now - _LAST[1] > RECHECK_SECONDS:
        _LAST[0], _LAST[1] = _load(data_version()), now
    return _LAST[0]


def forget_loaded() -> None:
    """Drop the in-memory index (the next :func:`load_gazetteer` reads the cache file or rebuilds)."""
    _LAST[0] = None
    _load.cache_clear()


#: How often :func:`load_gazetteer` looks at the data files again (seconds).
RECHECK_SECONDS = 2.0


_LAST: list = [None, 0.0]  # [gazetteer, time.monotonic() of the last check]
