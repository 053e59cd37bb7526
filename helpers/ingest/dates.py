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

**Ambiguous time-zone abbreviations.** ``IST`` is India (+5:30), Ireland (+1) or Israel (+2); ``CST``
is US Central (-6), China (+8) or Cuba (-5); ``BST`` British Summer Time or Bangladesh...
(:data:`AMBIGUOUS_ZONES`). They are resolved by the outlet's country when the caller knows it
(:func:`read_date` ``country=``, from :func:`helpers.ingest.outlets.outlet_country`). Otherwise the
time is kept as written (no conversion, so the day stays the day printed) and
:attr:`DateReading.note` says so; the loader puts that note in the load report.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from dateutil import parser as du_parser

__all__ = ["AMBIGUOUS_ZONES", "DateReading", "looks_like_date", "parse_date", "read_date"]

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

_HOUR = 3600
#: Abbreviations with one reading that a news site prints after a time (seconds east of UTC);
#: dateutil only knows UTC/GMT/Z by itself.
_TZINFOS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": _HOUR,
    "CET": _HOUR,
    "CEST": 2 * _HOUR,
    "EET": 2 * _HOUR,
    "EEST": 3 * _HOUR,
    "MSK": 3 * _HOUR,
    "TRT": 3 * _HOUR,
    "WAT": _HOUR,
    "CAT": 2 * _HOUR,
    "EAT": 3 * _HOUR,
    "SAST": 2 * _HOUR,
    "PKT": 5 * _HOUR,
    "NPT": 5 * _HOUR + 2700,
    "ICT": 7 * _HOUR,
    "WIB": 7 * _HOUR,
    "HKT": 8 * _HOUR,
    "SGT": 8 * _HOUR,
    "PHT": 8 * _HOUR,
    "AWST": 8 * _HOUR,
    "JST": 9 * _HOUR,
    "KST": 9 * _HOUR,
    "ACST": 9 * _HOUR + 1800,
    "AEST": 10 * _HOUR,
    "AEDT": 11 * _HOUR,
    "NZST": 12 * _HOUR,
    "NZDT": 13 * _HOUR,
    "EST": -5 * _HOUR,
    "EDT": -4 * _HOUR,
    "MDT": -6 * _HOUR,
    "PDT": -7 * _HOUR,
    "AKST": -9 * _HOUR,
    "AKDT": -8 * _HOUR,
    "HST": -10 * _HOUR,
    "ET": -5 * _HOUR,
    "PT": -8 * _HOUR,
}
#: Abbreviations that name different zones in different countries: abbreviation -> {ISO country:
#: seconds east of UTC}. Sources: the IANA tz database's abbreviations (``tzdata``) and
#: timeanddate.com's list of time-zone abbreviations.
AMBIGUOUS_ZONES: dict[str, dict[str, int]] = {
    "IST": {"IN": 5 * _HOUR + 1800, "IE": _HOUR, "IL": 2 * _HOUR},
    "CST": {
        "US": -6 * _HOUR,
        "CA": -6 * _HOUR,
        "MX": -6 * _HOUR,
        "CN": 8 * _HOUR,
        "TW": 8 * _HOUR,
        "CU": -5 * _HOUR,
    },
    "CDT": {"US": -5 * _HOUR, "CA": -5 * _HOUR, "MX": -5 * _HOUR, "CU": -4 * _HOUR},
    "BST": {"GB": _HOUR, "IM": _HOUR, "JE": _HOUR, "GG": _HOUR, "BD": 6 * _HOUR},
    "AST": {
        "CA": -4 * _HOUR,
        "PR": -4 * _HOUR,
        "SA": 3 * _HOUR,
        "IQ": 3 * _HOUR,
        "KW": 3 * _HOUR,
        "QA": 3 * _HOUR,
    },
    "GST": {"AE": 4 * _HOUR, "OM": 4 * _HOUR, "GS": -2 * _HOUR},
    "MST": {"US": -7 * _HOUR, "CA": -7 * _HOUR, "MX": -7 * _HOUR, "MY": 8 * _HOUR},
    "PST": {"US": -8 * _HOUR, "CA": -8 * _HOUR, "MX": -8 * _HOUR, "PH": 8 * _HOUR},
    "SST": {"AS": -11 * _HOUR, "SG": 8 * _HOUR},
}
_ZONE_WORD_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(AMBIGUOUS_ZONES) + r")(?![A-Za-z])")
_MIN_YEAR, _MAX_YEAR = 1900, 2100
#: Two different defaults: a field dateutil had to fill in differs between the two parses.
_DEFAULT_A = dt.datetime(2000, 1, 1)
_DEFAULT_B = dt.datetime(2001, 2, 2)


def looks_like_date(line: str) -> bool:
    """True when ``line`` holds something shaped like a calendar date (month name + day, ISO, dotted)."""
    return bool(_DATEISH_RE.search(line))


@dataclass(frozen=True)
class DateReading:
    """What :func:`read_date` made of a date line: the timestamp (or ``None``) and a note for the
    load report ("" when there is nothing to say)."""

    published: pd.Timestamp | None
    note: str = ""


def parse_date(text: str, country: str = "") -> pd.Timestamp | None:
    """Read a date line; a naive UTC :class:`pandas.Timestamp`, or ``None`` when it cannot be read.

    ``None`` is also returned for a date without a four-digit year and for years outside
    1900-2100, because guessing would put an article in the wrong place on a timeline.
    ``country`` (ISO code of the outlet's country, "" when unknown) decides ambiguous zones such as
    ``IST``; see :func:`read_date`, which also says when a zone could not be decided.
    """
    return read_date(text, country).published


@lru_cache(maxsize=65536)
def read_date(text: str, country: str = "") -> DateReading:
    """Read a date line written by an outlet of ``country``; never raises.

    An ambiguous zone abbreviation (:data:`AMBIGUOUS_ZONES`) is read as that country's zone. When the
    country is unknown or uses none of the readings, the time is kept as written (not converted to
    UTC, so the day is the one printed) and the note says so.

    >>> read_date("March 29, 2022 1:00 am IST", "IN").published
    Timestamp('2022-03-28 19:30:00')
    >>> read_date("March 29, 2022 1:00 am IST").published
    Timestamp('2022-03-29 01:00:00')
    """
    if not isinstance(text, str):  # NaN or None from a table's date column
        return DateReading(None)
    cleaned = _clean(text)
    if not cleaned or not _YEAR_RE.search(cleaned):
        return DateReading(None)
    cleaned, note = _resolve_zone(cleaned, country.upper() if isinstance(country, str) else "")
    value = _fast_path(cleaned)
    if value is None:
        value = _dateutil_path(cleaned)
    if value is None or not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return DateReading(None)
    return DateReading(value, note)


def _resolve_zone(cleaned: str, country: str) -> tuple[str, str]:
    """An ambiguous zone replaced by the country's offset (``+05:30``), or dropped with a note."""
    found = _ZONE_WORD_RE.search(cleaned)
    if found is None:
        return cleaned, ""
    zone = found.group(1)
    readings = AMBIGUOUS_ZONES[zone]
    seconds = readings.get(country)
    head, tail = cleaned[: found.start()].rstrip(), cleaned[found.end() :]
    if seconds is not None:
        sign = "-" if seconds < 0 else "+"
        hours, rest = divmod(abs(seconds), 3600)
        return f"{head} {sign}{hours:02d}:{rest // 60:02d}{tail}", ""
    options = ", ".join(f"{c} {_hours(s)}" for c, s in readings.items())
    whose = (
        f"the outlet's country ({country}) uses none of them"
        if country
        else "the outlet's country is unknown"
    )
    note = (
        f"time zone {zone!r} is ambiguous ({options}) and {whose}: "
        "the time is kept as written, not converted to UTC"
    )
    return f"{head}{tail}", note


def _hours(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours}" + (f":{rest // 60:02d}" if rest else "")


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
