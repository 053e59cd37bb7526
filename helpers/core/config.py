"""Paths and settings in one place (no I/O at import time).

Every path the kit uses is decided here so that notebooks, the CLI and the tests agree:

* the corpus folder: ``CORPUS_ATLAS_CORPUS`` or the project's ``corpus/``;
* the cache folder: ``CORPUS_ATLAS_CACHE`` or ``~/.cache/corpus-atlas`` (``XDG_CACHE_HOME`` is
  honoured). The cache never lives inside the corpus folder, because corpora are often read-only
  (shared drives, mounted evidence folders).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "places" / "data"

#: File endings read as article files when a folder is loaded.
ARTICLE_SUFFIXES: frozenset[str] = frozenset({".txt", ".md"})
#: Endings read as tables of articles.
TABLE_SUFFIXES: frozenset[str] = frozenset({".csv", ".jsonl", ".ndjson", ".json", ".parquet"})
#: Files larger than this are reported, not parsed (a news article is a few tens of KB).
MAX_ARTICLE_BYTES = 5_000_000


def default_corpus_dir() -> Path:
    """The corpus folder used when none is given: ``$CORPUS_ATLAS_CORPUS`` or ``corpus/``."""
    env = os.environ.get("CORPUS_ATLAS_CORPUS")
    return Path(env).expanduser() if env else PROJECT_DIR / "corpus"


def cache_root() -> Path:
    """Root of all caches: ``$CORPUS_ATLAS_CACHE``, else ``$XDG_CACHE_HOME/corpus-atlas``."""
    env = os.environ.get("CORPUS_ATLAS_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "corpus-atlas"


def cache_dir_for(source: Path) -> Path:
    """The cache folder of one corpus source, keyed on its absolute path."""
    resolved = str(Path(source).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    name = "".join(c if c.isalnum() else "_" for c in Path(resolved).name)[:40]
    return cache_root() / f"{name}-{digest}"
