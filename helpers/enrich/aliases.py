"""The analyst's alias table: ``aliases.csv`` with the columns ``alias,canonical,kind``.

Every row maps a spelling to a canonical name, and is applied on every load (after the
enrichment cache, so editing the table never re-runs NER):

* ``alias`` is compared case-, accent- and punctuation-insensitively with the text of each mention
  and with the canonical name of each entity, so an analyst can correct a name seen in the
  entities table as well as a spelling seen in an article.
* ``canonical`` is the name to show. Empty, or ``DROP``, drops the matching mentions (junk
  entities such as "Getty Images" tagged as a person).
* ``kind`` (``person``, ``org``, ``group``, ``place`` or empty): for a DROP row, the kind of
  mentions to drop (empty: any kind); for a rename, the kind of the resulting entity (empty: keep
  the kind), so "Twitter,Twitter,org" turns a platform the model calls a person into an
  organisation. A ``place`` row whose canonical is ``geonames:<id>``, a kit place id
  (``ca:<slug>``) or a place name pins the mentions to that place, whatever kind the model gave
  them (an org "Azovstal" becomes the place).

Lines starting with ``#`` are comments. The effect of every row is reported in
``Corpus.alias_report`` (alias, canonical, kind, matched_mentions).
"""

from __future__ import annotations

import csv
import hashlib
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from helpers.enrich.names import fold

ALIAS_COLUMNS: tuple[str, ...] = ("alias", "canonical", "kind")
KINDS: frozenset[str] = frozenset({"", "person", "org", "group", "place"})
DROP = "DROP"


class AliasWarning(UserWarning):
    """A row of the alias table was ignored."""


def empty_aliases() -> pd.DataFrame:
    """An alias table with no rows."""
    return pd.DataFrame({c: pd.Series(dtype="str") for c in ALIAS_COLUMNS})


def read_aliases(path: str | Path | None) -> pd.DataFrame:
    """Read and validate an alias table; bad rows are skipped with an :class:`AliasWarning`.

    Returns:
        A DataFrame with ``alias, canonical, kind`` (strings, stripped), one row per valid line.
    """
    if path is None:
        return empty_aliases()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        warnings.warn(
            f"alias table {path} is unreadable ({exc}); no aliases applied", AliasWarning, stacklevel=2
        )
        return empty_aliases()
    rows = list(_csv_rows(text, path))
    if not rows:
        return empty_aliases()
    first_line, header_row = rows[0]
    header = [h.strip().lower() for h in header_row]
    if header[:3] != list(ALIAS_COLUMNS):
        warnings.warn(
            f"alias table {path} must start with the header 'alias,canonical,kind' (line {first_line} is "
            f"{header_row}); no aliases applied",
            AliasWarning,
            stacklevel=2,
        )
        return empty_aliases()
    return _valid_rows(rows[1:], path)


#: An alias row is a few names: a longer line is a mistake (a pasted article, a broken export).
MAX_LINE_CHARS = 10_000


def _csv_rows(text: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each row, one physical line per row (alias rows never span lines).

    Blank and ``#`` lines are passed over. A line longer than :data:`MAX_LINE_CHARS` or with an
    unbalanced quote is skipped with an :class:`AliasWarning` naming it, so it cannot swallow the
    rows after it or stop the load.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) > MAX_LINE_CHARS:
            warnings.warn(
                f"{path}: line {number} is {len(line):,} characters long (an alias row has at most "
                f"{MAX_LINE_CHARS:,}); skipped",
                AliasWarning,
                stacklevel=4,
            )
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            warnings.warn(
                f"{path}: line {number} has an unbalanced quote or stray quote character ({exc}); skipped",
                AliasWarning,
                stacklevel=4,
            )
            continue
        yield number, cells


def _valid_rows(rows: list[tuple[int, list[str]]], path: Path) -> pd.DataFrame:
    good: list[tuple[str, str, str]] = []
    for n, row in rows:
        cells = [c.strip() for c in row] + ["", "", ""]
        alias, canonical, kind = cells[0], cells[1], cells[2].lower()
        if not fold(alias):
            warnings.warn(f"{path}: line {n} has no alias; skipped", AliasWarning, stacklevel=3)
        elif kind not in KINDS:
            warnings.warn(
                f"{path}: line {n} has kind {kind!r} (use person, org, group, place or leave empty); skipped",
                AliasWarning,
                stacklevel=3,
            )
        else:
            good.append((alias, canonical, kind))
    return pd.DataFrame(good, columns=list(ALIAS_COLUMNS)).astype("str") if good else empty_aliases()


def aliases_sha(table: pd.DataFrame) -> str:
    """A short digest of the rows of an alias table (for ``Corpus.meta``)."""
    payload = table[list(ALIAS_COLUMNS)].to_csv(index=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


def default_aliases_path(source: str | Path | None) -> Path | None:
    """``aliases.csv`` in the corpus folder (or next to a corpus file), if it exists."""
    if not source:
        return None
    source = Path(source)
    folder = source if source.is_dir() else source.parent
    candidate = folder / "aliases.csv"
    return candidate if candidate.is_file() else None


def is_drop(canonical: str) -> bool:
    """True when a row's canonical means "drop the matching mentions"."""
    return canonical.strip() in ("", DROP)


def place_pin(canonical: str) -> str | None:
    """The place id a ``place`` row's canonical names directly (``geonames:<id>`` or ``ca:...``)."""
    value = canonical.strip()
    if value.lower().startswith("geonames:"):
        return value.split(":", 1)[1].strip() or None
    if value.startswith("ca:"):
        return value
    return None
