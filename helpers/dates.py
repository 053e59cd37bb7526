"""Reading the date line of an article: ``parse_date`` (pure, memoised).

Date lines come in many shapes: ``March 29, 2022``, ``29 March 2022``, ``2022-03-29T10:00:00Z``,
``Updated: Mar. 29, 2022 4:05 pm``, ``Published 29 Mar 2022, 16:05 GMT``, ``29th March 2022``,
``29.03.2022``. The parser

* strips a leading label (``Updated:``, ``Published``, ``Last updated on`` ...) and a trailing
  ``| Updated ...`` part, ordinal suffixes and the word ``at`` before a time;
* takes two fast paths (ISO dates and ``Month D, YYYY``) that cover almost every real file;
* falls back to :func:`dateutil.parser.parse`, never in fuzzy mode (fuzzy parsing invents dates
  from free text), with the common time-zone abbreviations declared;
* insists on a four-digit year: ``March 29`` alone would otherwise silently get the current year;
* returns a naive :class:`pandas.Timestamp` in UTC (a time zone, when given, is converted to UTC).

Anything else gives ``None``: the caller turns that into a warning, the article is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from functools import lru_cache

import pandas as pd
from dateutil import parser as du_parser

__all__ = ["looks_like_date", "parse_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_LABEL_RE = re.compile(
    r"^(?:(?:last|first)\s+)?(?:updated|published|posted|modified|date|dated|created)"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_AT_RE = re.compile(r"\s+at\s+(?=\d)", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20|21)\d\d(?!\d)")
_DOTTED_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}\b")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$")
_MDY_RE = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DMY_RE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_DATEISH_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b",
    re.IGNORECASE,
)

#: Abbreviations a news site prints after a time; dateutil only knows UTC/GMT/Z by itself.
_TZINFOS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 3600,
    "IST": 3600,
    "CET": 3600,
    "CEST": 7200,
    "EET": 7200,
    "EEST": 10800,
    "MSK": 10800,
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "MST": -7 * 3600,
    "MDT": -6 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
    "ET": -5 * 3600,
    "PT": -8 * 3600,
}
_MIN_YEAR, _MAX_YEAR = 1900, 2100
#: Two different defaults: a field dateutil had to fill in differs between the two parses.
_DEFAULT_A = dt.datetime(2000, 1, 1)
_DEFAULT_B = dt.datetime(2001, 2, 2)


def looks_like_date(line: str) -> bool:
    """True when ``line`` holds something shaped like a calendar date (month name + day, ISO, dotted)."""
    return bool(_DATEISH_RE.search(line))


@lru_cache(maxsize=65536)
def parse_date(text: str) -> pd.Timestamp | None:
    """Read a date line; a naive UTC :class:`pandas.Timestamp`, or ``None`` when it cannot be read.

    ``None`` is also returned for a date without a four-digit year and for years outside
    1900-2100, because guessing would put an article in the wrong place on a timeline.
    """
    cleaned = _clean(text)
    if not cleaned or not _YEAR_RE.search(cleaned):
        return None
    value = _fast_path(cleaned)
    if value is None:
        value = _dateutil_path(cleaned)
    if value is None or not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return value


def _clean(text: str) -> str:
    """Drop labels, a trailing ``| ...`` part, ordinal suffixes, ``at`` and stray punctuation."""
    cleaned = text.strip().strip("*_ ").strip()
    cleaned = cleaned.split("|", 1)[0].strip()
    for _ in range(2):  # "Last updated: Published ..." is rare but cheap to allow
        cleaned = _LABEL_RE.sub("", cleaned, count=1)
    cleaned = _ORDINAL_RE.sub("", cleaned)
    cleaned = _AT_RE.sub(" ", cleaned)
    return cleaned.strip(" ,.;:-–—")


def _fast_path(cleaned: str) -> pd.Timestamp | None:
    """ISO dates and ``Month D, YYYY`` / ``D Month YYYY`` without calling dateutil."""
    if _ISO_RE.match(cleaned):
        try:
            stamp = pd.Timestamp(cleaned)
        except (ValueError, OverflowError):
            return None
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("UTC").tz_localize(None)
        return stamp
    match = _MDY_RE.match(cleaned)
    if match:
        month, day, year = match.group(1), match.group(2), match.group(3)
    else:
        match = _DMY_RE.match(cleaned)
        if not match:
            return None
        day, month, year = match.group(1), match.group(2), match.group(3)
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return pd.Timestamp(year=int(year), month=number, day=int(day))
    except ValueError:
        return None


def _dateutil_path(cleaned: str) -> pd.Timestamp | None:
    """Everything else, through dateutil (strict, not fuzzy); day first for ``29.03.2022``."""
    dayfirst = bool(_DOTTED_RE.match(cleaned))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = du_parser.parse(cleaned, dayfirst=dayfirst, tzinfos=_TZINFOS, default=_DEFAULT_A)
            check = du_parser.parse(cleaned, dayfirst=dayfirst, tzinfos=_TZINFOS, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError, du_parser.ParserError):
        return None
    if (value.year, value.month, value.day) != (check.year, check.month, check.day):
        return None  # the day (or month) was not written: dateutil filled it in from the default
    if value.tzinfo is not None:
        offset = value.utcoffset()
        value = (value if offset is None else value - offset).replace(tzinfo=None)
    return pd.Timestamp(value) if isinstance(value, dt.datetime) else None
