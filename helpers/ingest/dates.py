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
_LABEL_INSIDE_RE = re.compile(r"\b(?:(?:last|first)\s+)?(?:updated|published|posted)\b", re.IGNORECASE)
_BY_AUTHOR_RE = re.compile(r"\s+by\s+\D*$", re.IGNORECASE)  # "March 29, 2022 by Jane Doe"
_ORDINAL_RE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_AT_RE = re.compile(r"\s+at\s+(?=\d)", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20|21)\d\d(?!\d)")
_DOTTED_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}\b")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$")
_WEEKDAY_RE = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
# The common shapes with an optional time and zone, read without dateutil (10-50x faster).
_TIME_TZ = (
    r"(?:,?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[aApP]\.?[mM]\.?)?)?(?:\s*(?P<tz>[A-Za-z]{1,4}|[+-]\d{2}:?\d{2}))?$"
)
_SHAPES = (
    re.compile(r"^(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _TIME_TZ),
    re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})" + _TIME_TZ),
    re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})" + _TIME_TZ),
)
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
    if not isinstance(text, str):  # NaN or None from a table's date column
        return None
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
    if "|" in cleaned:  # "Published 29 Mar 2022 | Updated ...", "Outlet | March 29, 2022"
        parts = [part.strip() for part in cleaned.split("|")]
        cleaned = next((part for part in parts if _YEAR_RE.search(part)), parts[0])
    label = _LABEL_INSIDE_RE.search(cleaned, 1)
    if label is not None and label.start() <= 40:  # "CTV Saskatoon Published Saturday, March 31, ..."
        cleaned = cleaned[label.start() :]
    cleaned = _BY_AUTHOR_RE.sub("", cleaned)
    for _ in range(2):  # "Last updated: Published ..." is rare but cheap to allow
        cleaned = _LABEL_RE.sub("", cleaned, count=1)
    cleaned = _WEEKDAY_RE.sub("", cleaned, count=1)
    cleaned = _ORDINAL_RE.sub("", cleaned)
    cleaned = _AT_RE.sub(" ", cleaned)
    return cleaned.strip(" ,.;:-–—")


def _fast_path(cleaned: str) -> pd.Timestamp | None:
    """ISO dates and ``Month D, YYYY`` / ``D Month YYYY`` / ``D.M.YYYY`` (+ time, zone) without dateutil.

    ``None`` means "not one of these shapes": the caller then tries dateutil.
    """
    if _ISO_RE.match(cleaned):
        try:
            return _naive_utc(dt.datetime.fromisoformat(cleaned))
        except ValueError:
            return None
    for shape in _SHAPES:
        match = shape.match(cleaned)
        if match:
            return _from_parts(match)
    return None


def _from_parts(match: re.Match[str]) -> pd.Timestamp | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    zone = match.group("tz")
    offset = _zone_offset(zone) if zone else 0
    if month is None or offset is None:
        return None
    hour = int(match.group("hour") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    try:
        value = dt.datetime(
            int(match.group("year")),
            month,
            int(match.group("day")),
            hour,
            int(match.group("minute") or 0),
            int(match.group("second") or 0),
        )
    except ValueError:
        return None
    return pd.Timestamp(value - dt.timedelta(seconds=offset))


def _zone_offset(zone: str) -> int | None:
    """Seconds east of UTC for ``GMT``/``EDT``/``+03:00``...; ``None`` when unknown."""
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        seconds = int(digits[:2]) * 3600 + int(digits[2:]) * 60
        return -seconds if zone[0] == "-" else seconds
    return _TZINFOS.get(zone.upper())


def _naive_utc(value: dt.datetime) -> pd.Timestamp:
    offset = value.utcoffset()
    return pd.Timestamp((value if offset is None else value - offset).replace(tzinfo=None))


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
    return _naive_utc(value) if isinstance(value, dt.datetime) else None
