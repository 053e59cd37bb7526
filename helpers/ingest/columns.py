"""Which column of a table is which: sniffing CSV dialects, known column names, and suggestions.

A table of articles may come with any delimiter, any encoding and any column names. This module:

* sniffs a CSV's encoding (UTF-8, else charset-normalizer's guess) and delimiter (``,`` ``;`` tab
  ``|``) from its first 64 KB;
* recognises common column names (``pub_date``, ``published_at``, ``article_text``, ``source_url``...),
  compared without case, spaces, hyphens or underscores;
* checks an explicit mapping (``columns={"title": "hed"}``: our name -> the table's), so that a
  mapping written the wrong way round or naming a column the table does not have is an error;
* when no title or text column is found, suggests the exact mapping to pass, guessed from the
  values (dates, URLs, long texts, short texts), as ``columns=`` and as ``--columns``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from helpers.ingest.files import best_legacy_match
from helpers.ingest.parse import parse_date

#: our field -> column names recognised for it (compared by :func:`_key`)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "article_title", "head"),
    "date": (
        "date",
        "published",
        "publish_date",
        "pubdate",
        "pub_date",
        "published_at",
        "published_on",
        "publication_date",
        "date_published",
        "datetime",
        "timestamp",
        "created_at",
        "time",
    ),
    "text": ("text", "body", "content", "article", "markdown", "article_text", "full_text", "body_text"),
    "url": ("url", "link", "href", "source_url", "article_url", "permalink", "web_url", "uri"),
    "caption": ("caption",),
    "photo_credit": ("photo_credit", "credit"),
    "outlet": ("outlet", "source_domain", "domain"),
}
#: our field names, in the order suggestions are written
FIELDS: tuple[str, ...] = tuple(SYNONYMS)
SNIFF_BYTES = 65_536
DELIMITERS = ",;\t|"
_URL = re.compile(r"\A\s*(?:https?://|www\.)\S+\s*\Z", re.IGNORECASE)


class ColumnsError(ValueError):
    """A ``columns=`` mapping that cannot be used (unknown field, or a column the table lacks)."""


def _key(name: str) -> str:
    return re.sub(r"[\s_\-.]+", "", str(name)).casefold()


def sniff_csv(path: Path) -> tuple[str, str, str]:
    """``(encoding, delimiter, note)`` of a CSV file, from its first :data:`SNIFF_BYTES` bytes.

    ``note`` is empty for UTF-8 and otherwise names the encoding used (for the load report).
    """
    with open(path, "rb") as fh:
        sample = fh.read(SNIFF_BYTES)
    encoding, note = "utf-8", ""
    if sample.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:  # not just a character cut at the end of the sample
                best = best_legacy_match(sample)
                encoding = best.encoding if best is not None else "latin_1"
                note = f"table is not UTF-8: read as {encoding}"
    text = sample.decode(encoding, errors="replace")
    lines = text.splitlines()[:50]
    if len(text) >= SNIFF_BYTES - 4 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        delimiter = max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","
    return encoding, delimiter, note


def check_mapping(found: list[str], columns: dict[str, str] | None) -> None:
    """Raise :class:`ColumnsError` unless every key of ``columns`` is one of our fields and every
    value a column of the table (``found``)."""
    if not columns:
        return
    ours = ", ".join(FIELDS)
    for field, column in columns.items():
        if field not in SYNONYMS:
            flipped = f" Did you mean columns={{{column!r}: {field!r}}}?" if column in SYNONYMS else ""
            raise ColumnsError(
                f"columns= maps our field names to the table's columns; {field!r} is not one of ours "
                f"({ours}).{flipped}"
            )
        if column not in found:
            raise ColumnsError(
                f"columns={{{field!r}: {column!r}}}: the table has no column {column!r}; "
                f"its columns are {', '.join(map(repr, found))}"
            )


def resolve_columns(found: list[str], columns: dict[str, str] | None) -> dict[str, str]:
    """Map our field names to the table's column names: explicit mapping first, then known names.

    Raises :class:`ColumnsError` for a mapping that names an unknown field or a missing column.
    """
    check_mapping(found, columns)
    keyed = {}
    for c in found:
        keyed.setdefault(_key(c), c)
    mapping: dict[str, str] = dict(columns or {})
    taken = set(mapping.values())
    for ours, names in SYNONYMS.items():
        if ours in mapping:
            continue
        hit = next((keyed[_key(n)] for n in names if _key(n) in keyed and keyed[_key(n)] not in taken), None)
        if hit is not None:
            mapping[ours] = hit
            taken.add(hit)
    return mapping


def suggest_columns(table: pd.DataFrame, mapping: dict[str, str]) -> dict[str, str]:
    """A guess of the full mapping from the values of the first rows: the column whose values are
    mostly URLs is the url, mostly dates the date; of the other text columns, the one with the longest
    values is the text and the next (shorter, under 300 characters on average) the title."""
    sample = table.head(50)
    guess = dict(mapping)
    free = [str(c) for c in table.columns if str(c) not in guess.values()]
    values = {c: [str(v).strip() for v in sample[c].tolist() if str(v).strip()] for c in free}

    def share(col: str, test) -> float:
        vals = values[col]
        return sum(1 for v in vals if test(v)) / len(vals) if vals else 0.0

    for field, test in (
        ("url", lambda v: bool(_URL.match(v))),
        ("date", lambda v: parse_date(v) is not None),
    ):
        if field in guess:
            continue
        best = max(free, key=lambda c: share(c, test), default=None)
        if best is not None and share(best, test) >= 0.5:
            guess[field] = best
            free.remove(best)
    lengths = {c: sum(map(len, values[c])) / max(len(values[c]), 1) for c in free if values[c]}
    by_length = sorted(lengths, key=lambda c: -lengths[c])
    if "text" not in guess and by_length:
        guess["text"] = by_length.pop(0)
    if "title" not in guess and by_length and lengths[by_length[0]] < 300:
        guess["title"] = by_length[0]
    return {f: guess[f] for f in FIELDS if f in guess}


def columns_advice(table: pd.DataFrame, mapping: dict[str, str]) -> str:
    """The message for a table without a title or text column: the columns found, and the exact
    ``columns=`` (Python) and ``--columns`` (command line) to pass."""
    found = ", ".join(str(c) for c in table.columns) or "none"
    guess = suggest_columns(table, mapping) if len(table.columns) else {}
    if not guess:
        guess = {"title": "...", "text": "..."}
    py = "{" + ", ".join(f"{k!r}: {v!r}" for k, v in guess.items()) + "}"
    cli = ",".join(f"{k}={v}" for k, v in guess.items())
    return (
        f"no title or text column; the table's columns are: {found}. Say which is which: "
        f"columns={py} in Python, or --columns {cli} on the command line"
    )


def parse_columns_option(value: str | None) -> dict[str, str] | None:
    """``"title=hed,date=when"`` (the CLI's ``--columns``) -> ``{"title": "hed", "date": "when"}``."""
    if not value:
        return None
    mapping: dict[str, str] = {}
    for part in value.split(","):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ColumnsError(f"--columns takes field=column pairs separated by commas, not {part!r}")
        mapping[field.strip()] = column.strip()
    return mapping
