"""The gazetteer on disk: built once from the data files, cached under ``cache_root()/gazetteer``."""

from __future__ import annotations

import functools
import pickle
import time
from pathlib import Path

from helpers.core.config import cache_root
from helpers.places.build import build_gazetteer
from helpers.places.gazetteer import Gazetteer, data_version


def _cache_file(version: str) -> Path:
    return cache_root() / "gazetteer" / f"gazetteer-{version}.pkl"


@functools.lru_cache(maxsize=2)
def _load(version: str) -> Gazetteer:
    path = _cache_file(version)
    gaz: Gazetteer | None = None
    if path.exists():
        try:
            with path.open("rb") as handle:
                gaz = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            gaz = None
    if gaz is None or gaz.version != version:
        gaz = build_gazetteer()
        _save(gaz, path)
    gaz.build_automaton()
    return gaz


def _save(gaz: Gazetteer, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(gaz, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs a rebuild next time


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
