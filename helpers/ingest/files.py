"""Finding input files and turning their bytes into text, safely.

Nothing here raises on bad input: problems come back as messages for the load report.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from charset_normalizer import CharsetMatch, from_bytes

from helpers.core.config import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: Documents people often have articles in, which the kit does not read: they are named in the load
#: report with :data:`CONVERT_HINT`.
DOCUMENT_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".doc", ".odt", ".rtf", ".html", ".htm"})
CONVERT_HINT = " (convert it to text first, e.g. with pandoc or pdftotext; see the README)"


@dataclass(frozen=True)
class FoundFile:
    """One entry below the corpus root, with what ``os.stat`` said about it.

    ``note`` is set for an entry that is listed but not read (a hidden file or folder, a FIFO or
    device, a link out of the corpus folder): the load report shows it as ``skipped`` or ``error``.
    """

    path: str  # absolute path (a str: building 100,000 Path objects costs seconds)
    rel: str  # path relative to the corpus root, with forward slashes, printable (see display_name)
    size: int
    mtime_ns: int
    note: str = ""
    note_status: str = "skipped"


#: C0 and C1 control characters (and DEL): shown as escapes, never printed raw to a terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def display_name(name: str) -> str:
    """``name`` safe to print and store: bytes that are not UTF-8 (``os.fsdecode`` keeps them as lone
    surrogates) become ``\\xNN``, and control characters (terminal escape codes) become ``\\x1b``-style
    escapes."""
    if name.isprintable():  # the usual case, checked in C: no control character, no lone surrogate
        return name
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        name = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def walk_files(root: Path, *, follow_links: bool = False) -> tuple[list[FoundFile], list[tuple[str, str]]]:
    """Every entry below ``root``, each real folder visited once; nothing is opened.

    Files and folders whose name starts with ``.`` (``.git``, ``.DS_Store``) are listed but not read
    (a hidden folder is one entry). Only regular files are candidates for reading: a FIFO, socket or
    device (also behind a link) is listed with a note. A symbolic link to a file or folder outside
    ``root`` is listed with a note and followed only with ``follow_links=True``. Names are decoded
    with ``os.fsdecode`` and stored printable (:func:`display_name`).

    Returns the entries, sorted by relative path, and ``(rel, message)`` pairs for what could not be
    examined (a loop, a broken link, a permission problem), so that nothing is lost silently.
    """
    found: list[FoundFile] = []
    problems: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    real_root = os.path.realpath(root)
    stack = [(os.fsdecode(root), "")]
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
            rel = prefix + display_name(entry.name)
            try:
                if not entry.name.startswith(".") and not entry.is_symlink():  # the usual case, inline
                    st = entry.stat()
                    if stat.S_ISREG(st.st_mode):
                        found.append(FoundFile(entry.path, rel, st.st_size, st.st_mtime_ns))
                        continue
                    if stat.S_ISDIR(st.st_mode):
                        stack.append((entry.path, rel + "/"))
                        continue
                item = _examine(entry, rel, real_root, follow_links)
            except OSError as exc:
                problems.append((rel, f"file could not be read ({exc.strerror or 'broken link'})"))
                continue
            if isinstance(item, tuple):
                stack.append(item)
            else:
                found.append(item)
    found.sort(key=lambda f: f.rel)
    return found, problems


def _examine(entry: os.DirEntry, rel: str, real_root: str, follow_links: bool) -> FoundFile | tuple[str, str]:
    """One directory entry: a folder to descend into, or a found entry (with a note if not to be read)."""
    st = entry.stat(follow_symlinks=True)
    listed = FoundFile(entry.path, rel, st.st_size, st.st_mtime_ns)
    is_dir = stat.S_ISDIR(st.st_mode)
    if entry.name.startswith("."):
        what = "hidden folder" if is_dir else "hidden file"
        return replace(
            listed, size=0 if is_dir else st.st_size, note=f"{what} (name starts with '.'); not read"
        )
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        if not _inside(target, real_root) and not follow_links:
            shown = display_name(target)
            return replace(
                listed,
                note=f"link to {shown}, outside the corpus folder; not read (follow_links=True or "
                "--follow-links reads it)",
            )
    if is_dir:
        return (entry.path, rel + "/")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
        return replace(listed, size=0, note=f"not a regular file ({kind}); not read", note_status="error")
    return listed


def check_article_file(found: FoundFile) -> str | None:
    """Why ``found`` is not read as an article (its note, unknown type, too large), or ``None``."""
    if found.note:
        return found.note
    suffix = os.path.splitext(found.rel)[1].lower()
    if suffix not in ARTICLE_SUFFIXES:
        kind = suffix or "no extension"
        hint = CONVERT_HINT if suffix in DOCUMENT_SUFFIXES else ""
        return f"not an article file ({kind}); only .txt and .md files are read from a folder{hint}"
    if found.size > MAX_ARTICLE_BYTES:
        return _too_large(found.size)
    return None


def _too_large(size: int) -> str:
    limit = MAX_ARTICLE_BYTES / 1e6
    return f"file is {size / 1e6:.1f} MB, larger than the {limit:.0f} MB limit for one article; not read"


def read_article_bytes(path: str, limit: int = MAX_ARTICLE_BYTES) -> tuple[bytes | None, str]:
    """The bytes of a regular file, or ``(None, why not)``; never blocks and never reads more than
    ``limit + 1`` bytes.

    Opened without blocking (a FIFO put in place after the folder was listed cannot hang the load),
    checked to be a regular file on the open descriptor, then read up to ``limit + 1`` bytes: a
    file that grew, or a device whose size reads as 0, is reported as too large instead of being
    read into memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, f"file could not be read: {exc.strerror}"
    with os.fdopen(fd, "rb", buffering=0) as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, "not a regular file (a FIFO, device or socket); not read"
        chunks, total = [], 0
        while total <= limit:
            chunk = fh.read(min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if total > limit:
        return None, f"file is larger than the {limit / 1e6:.0f} MB limit for one article; not read"
    return b"".join(chunks), ""


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
            return _without_nul(data[len(bom) :].decode(encoding, errors="replace"), "")
    if b"\x00" in data[:8192]:
        return None, "binary file (contains NUL bytes), not a text article"
    try:
        return _without_nul(data.decode("utf-8"), "")
    except UnicodeDecodeError:
        pass
    best = best_legacy_match(data)
    if best is None:
        return None, "binary or unknown encoding: the bytes are not text in any known encoding"
    return _without_nul(str(best), f"not UTF-8: decoded as {best.encoding}")


def best_legacy_match(data: bytes) -> CharsetMatch | None:
    """charset-normalizer's reading of bytes that are not UTF-8, or ``None`` when none is text.

    Several code pages often decode the same bytes equally cleanly (French è is č in cp1250): among
    the cleanest, the encodings news text is most often found in are preferred.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least + 0.01]
    return min(
        tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED)
    )


def _without_nul(text: str, note: str) -> tuple[str, str]:
    """NUL characters (past the first 8 KB, where a binary file would have shown them) removed, and
    said in the note."""
    if "\x00" not in text:
        return text, note
    count = text.count("\x00")
    removed = f"{count:,} NUL character{'s' if count != 1 else ''} removed"
    return text.replace("\x00", ""), f"{note}; {removed}" if note else removed


#: Legacy encodings by how common they are for news text, for breaking ties between clean decodings.
_PREFERRED = ("cp1252", "cp1251", "cp1250", "latin_1", "koi8_r", "iso8859_15", "cp1257", "cp1253", "cp1254")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR to LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
