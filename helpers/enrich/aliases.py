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
import io
import warnings
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
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    if not rows:
        return empty_aliases()
    header = [h.strip().lower() for h in rows[0]]
    if header[:3] != list(ALIAS_COLUMNS):
        warnings.warn(
            f"alias table {path} must start with the header 'alias,canonical,kind' (found {rows[0]}); "
            "no aliases applied",
            AliasWarning,
            stacklevel=2,
        )
        return empty_aliases()
    return _valid_rows(rows[1:], path)


def _valid_rows(rows: list[list[str]], path: Path) -> pd.DataFrame:
    good: list[tuple[str, str, str]] = []
    for n, row in enumerate(rows, start=2):
        cells = [c.strip() for c in row] + ["", "", ""]
        alias, canonical, kind = cells[0], cells[1], cells[2].lower()
        if not fold(alias):
            warnings.warn(f"{path}: row {n} has no alias; skipped", AliasWarning, stacklevel=3)
        elif kind not in KINDS:
            warnings.warn(
                f"{path}: row {n} has kind {kind!r} (use person, org, group, place or leave empty); skipped",
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
