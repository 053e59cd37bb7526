"""Finding input files and turning their bytes into text, safely.

Nothing here raises on bad input: problems come back as messages for the load report.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from helpers.core.config import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class FoundFile:
    """One file below the corpus root, with what ``os.stat`` said about it."""

    path: str  # absolute path (a str: building 100,000 Path objects costs seconds)
    rel: str  # path relative to the corpus root, with forward slashes
    size: int
    mtime_ns: int


def walk_files(root: Path) -> tuple[list[FoundFile], list[tuple[str, str]]]:
    """All files below ``root`` (symlinks followed, each real folder visited once).

    Hidden files and folders (``.git``, ``.ipynb_checkpoints``) are passed over. Returns the files,
    sorted by relative path, and ``(rel, message)`` pairs for what could not be read (a loop, a
    broken link, a permission problem), so that nothing is lost silently.
    """
    found: list[FoundFile] = []
    problems: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    stack = [(str(root), "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            st = os.stat(directory)
            if (st.st_dev, st.st_ino) in seen:
                problems.append((prefix.rstrip("/"), "folder already read (a symbolic link loop); skipped"))
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = list(os.scandir(directory))
        except OSError as exc:
            problems.append((prefix.rstrip("/") or ".", f"folder could not be read: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=True):
                    stack.append((entry.path, rel + "/"))
                    continue
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                problems.append((rel, f"file could not be read ({exc.strerror or 'broken link'})"))
                continue
            found.append(FoundFile(entry.path, rel, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.rel)
    return found, problems


def check_article_file(found: FoundFile) -> str | None:
    """Why ``found`` is not read as an article (unknown type, too large), or ``None``."""
    suffix = os.path.splitext(found.rel)[1].lower()
    if suffix not in ARTICLE_SUFFIXES:
        kind = suffix or "no extension"
        return f"not an article file ({kind}); only .txt and .md files are read from a folder"
    if found.size > MAX_ARTICLE_BYTES:
        mb = found.size / 1e6
        limit = MAX_ARTICLE_BYTES / 1e6
        return f"file is {mb:.1f} MB, larger than the {limit:.0f} MB limit for one article; not read"
    return None


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode an article's bytes. Returns ``(text, note)``; ``text`` is ``None`` when unusable.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded directly; anything else is
    handed to charset-normalizer, which tells cp1251 Cyrillic from latin-1 and the like. ``note`` is
    empty for clean UTF-8 and otherwise says what was done, in words for the load report.
    """
    if not data:
        return None, "empty file"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), ""
    if b"\x00" in data[:8192]:
        return None, "binary file (contains NUL bytes), not a text article"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        return None, "binary or unknown encoding: the bytes are not text in any known encoding"
    # Several code pages often decode the same bytes equally cleanly (French è is č in cp1250):
    # among the cleanest, prefer the encodings news text is most often found in.
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least + 0.01]
    best = min(
        tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED)
    )
    return str(best), f"not UTF-8: decoded as {best.encoding}"


#: Legacy encodings by how common they are for news text, for breaking ties between clean decodings.
_PREFERRED = ("cp1252", "cp1251", "cp1250", "latin_1", "koi8_r", "iso8859_15", "cp1257", "cp1253", "cp1254")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR to LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
