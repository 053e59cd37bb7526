"""Cache files: data only, verified in full before use, written atomically.

Every cache file of the kit (parsed files, raw mentions, finished tables, the gazetteer) is one
envelope holding one or more Arrow tables as Parquet::

    MAGIC | header length (8 bytes, big-endian) | header (UTF-8 JSON) | parts | SHA-256 (32 bytes)

The header names the ``kind`` and ``version`` of the content and the byte length of each part. The
last 32 bytes are the SHA-256 of every byte before them, so any change anywhere in the file (a
flipped bit in the magic, the header, a part or the digest itself) fails the check before anything
is parsed. Nothing in a cache file is ever executed: it is JSON and Parquet, never pickle.

A file that fails any check (digest, magic, header, kind, version, Parquet, conversion) is ignored
with a :class:`CacheWarning` and the caller rebuilds it. The digest guards against damage, not
against someone who may write the cache folder: they can still write a well-formed file.

Writes go through :func:`write_atomic`: a fresh file from ``tempfile.mkstemp`` in the target folder
(never a fixed name, so a planted symlink is not followed), then ``os.replace``. Two notebooks
loading the same corpus at once each leave a complete file (the last one wins); a reader never sees
half a file; a folder that cannot be written costs a warning and a rebuild next time.

Where caches live: :func:`helpers.core.config.cache_dir_for` and :func:`helpers.core.config.cache_root`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

#: First bytes of every cache file; the number is the envelope format.
MAGIC = b"CORPUS-ATLAS-CACHE/1\n"
DIGEST_BYTES = 32
_LENGTH_BYTES = 8
_FRAME_PART = "frame"

T = TypeVar("T")


class CacheWarning(UserWarning):
    """A cache file was unusable (or could not be written) and is being rebuilt."""


class CacheError(ValueError):
    """A cache file failed verification."""


class StaleCache(CacheError):
    """A well-formed cache file of another kind or version."""


def pack_cache(header: Mapping[str, Any], parts: Mapping[str, bytes]) -> bytes:
    """The bytes of an envelope holding ``parts`` (name -> bytes), described by ``header``."""
    head = json.dumps(
        {**header, "parts": [[name, len(blob)] for name, blob in parts.items()]}, ensure_ascii=True
    ).encode("ascii")
    body = b"".join([MAGIC, len(head).to_bytes(_LENGTH_BYTES, "big"), head, *parts.values()])
    return body + hashlib.sha256(body).digest()


def unpack_cache(data: bytes) -> tuple[dict[str, Any], dict[str, memoryview]]:
    """``(header, parts)`` of an envelope; raises :class:`CacheError` unless every byte checks out."""
    if len(data) < len(MAGIC) + _LENGTH_BYTES + DIGEST_BYTES:
        raise CacheError("file too short")
    view = memoryview(data)
    body, digest = view[:-DIGEST_BYTES], view[-DIGEST_BYTES:]
    if hashlib.sha256(body).digest() != digest:
        raise CacheError("content hash does not match")
    if body[: len(MAGIC)] != MAGIC:
        raise CacheError("not a cache file of this format")
    at = len(MAGIC) + _LENGTH_BYTES
    size = int.from_bytes(body[len(MAGIC) : at], "big")
    if size > len(body) - at:
        raise CacheError("header length out of range")
    header = json.loads(bytes(body[at : at + size]).decode("ascii"))
    listing = header.get("parts") if isinstance(header, dict) else None
    if not isinstance(listing, list) or not all(_is_part(p) for p in listing):
        raise CacheError("malformed header")
    parts: dict[str, memoryview] = {}
    at += size
    for name, length in listing:
        parts[name], at = body[at : at + length], at + length
    if at != len(body) or len(parts) != len(listing):
        raise CacheError("part lengths do not add up")
    return header, parts


def _is_part(entry: object) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and type(entry[1]) is int
        and entry[1] >= 0
    )


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A fresh temporary path beside ``path``, moved onto it with ``os.replace`` when the block succeeds.

    The kit's one way to write a file: a reader never sees half a file, two writers never share a
    temporary name, a symlink at ``path`` is replaced (not followed), and the file gets the usual
    permissions (not ``mkstemp``'s owner-only ones). On an error the temporary file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        os.close(fd)
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        _remove(Path(tmp))


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through :func:`atomic_path`.

    Returns ``False`` (after a :class:`CacheWarning`) when the folder cannot be written; the cache
    is then simply rebuilt next time.
    """
    try:
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
        return True
    except OSError as exc:
        _warn(f"cache {path} could not be written ({exc.__class__.__name__}: {exc}); it is rebuilt next time")
        return False


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # a leftover temporary file is harmless: its name is unique
        path.unlink(missing_ok=True)


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    """The process umask (files get the usual permissions, not mkstemp's owner-only 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_cache(
    path: Path, tables: Mapping[str, pa.Table], *, kind: str, version: str, extra: dict | None = None
) -> bool:
    """Write Arrow ``tables`` (name -> table) as one verified cache file; ``False`` if not written."""
    parts = {}
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        parts[name] = sink.getvalue().to_pybytes()
    header = {"kind": kind, "version": version, "extra": extra or {}}
    return write_atomic(path, pack_cache(header, parts))


def read_cache(
    path: Path, *, kind: str, version: str, decode: Callable[[dict[str, pa.Table]], T]
) -> tuple[T, dict[str, Any]] | None:
    """Read a file of :func:`write_cache` and ``decode`` its tables; ``None`` when absent or unusable.

    Returns ``(decode(tables), tag)`` with ``tag = {"kind", "version", **extra}``. Verification,
    parsing and ``decode`` run inside one ``try``: whatever fails, the result is a
    :class:`CacheWarning` and ``None``, never an exception and never unverified data.
    """
    try:
        if not path.exists():
            return None
        header, parts = unpack_cache(path.read_bytes())
        if header.get("kind") != kind or header.get("version") != version:
            found = f"{header.get('kind')!r}, {header.get('version')!r}"
            raise StaleCache(f"written by another version ({found}; need {kind!r}, {version!r})")
        tables = {name: pq.read_table(pa.BufferReader(pa.py_buffer(blob))) for name, blob in parts.items()}
        value = decode(tables)
        tag = {**header["extra"], "kind": kind, "version": version}
    except StaleCache as exc:
        _warn(f"cache {path} was {exc}; rebuilding it")
        return None
    except Exception as exc:  # any unusable file is rebuilt, whatever the reason
        _warn(f"cache {path} is unusable ({exc.__class__.__name__}: {exc}); rebuilding it")
        return None
    return value, tag


def write_frame(
    path: Path, frame: pd.DataFrame, *, kind: str, version: str, extra: dict | None = None
) -> bool:
    """Write ``frame`` to ``path`` as a verified cache file tagged with ``kind`` and ``version``."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return write_cache(path, {_FRAME_PART: table}, kind=kind, version=version, extra=extra)


def read_frame(path: Path, *, kind: str, version: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """Read a file of :func:`write_frame`: ``(frame, tag)``, or ``None`` when absent or not trustworthy."""
    return read_cache(path, kind=kind, version=version, decode=_frame_of)


def _frame_of(tables: dict[str, pa.Table]) -> pd.DataFrame:
    if set(tables) != {_FRAME_PART}:
        raise CacheError(f"expected one part {_FRAME_PART!r}, found {sorted(tables)}")
    return tables[_FRAME_PART].to_pandas()


def _warn(message: str) -> None:
    warnings.warn(message, CacheWarning, stacklevel=4)
