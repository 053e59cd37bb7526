"""Text formatting shared by every stage: dates and date ranges, apostrophes, snippets of context."""

from __future__ import annotations

import re
from typing import Any

#: Apostrophe look-alikes (right and left single quotes, modifier letter, prime, backtick) -> "'".
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u2018": "'", "`": "'"})
#: Characters of context kept on each side of a match in a snippet or keyword-in-context row.
SNIPPET_WIDTH = 70
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def _missing(value: Any) -> bool:
    """True for ``None`` and for not-a-time values (``NaT`` is the only value not equal to itself)."""
    return value is None or value != value


def day_text(value: Any, missing: str = "no date") -> str:
    """``"5 Mar 2022"`` (day without a leading zero) for a date, datetime or Timestamp; ``missing`` else."""
    if _missing(value):
        return missing
    return f"{value.day} {value:%b %Y}"


def date_range_text(start: Any, end: Any) -> str:
    """``"5 Mar – 30 Jun 2022"``, ``"5 Mar 2021 – 30 Jun 2022"`` or ``"5 Mar 2022"`` (one day).

    An open end (``None`` or ``NaT``) is shown as "…": ``"5 Mar 2022 – …"``.
    """
    if _missing(start) or _missing(end):
        return f"{day_text(start, ELLIPSIS)} – {day_text(end, ELLIPSIS)}"
    if (start.year, start.month, start.day) == (end.year, end.month, end.day):
        return day_text(start)
    first = f"{start.day} {start:%b}" if start.year == end.year else day_text(start)
    return f"{first} – {day_text(end)}"


def dates_text(dates: Any) -> str:
    """The :func:`date_range_text` of the earliest and latest of ``dates`` (a pandas Series, or anything
    whose ``min()`` and ``max()`` skip missing values), or ``"no dates"``."""
    lo, hi = dates.min(), dates.max()
    return "no dates" if _missing(lo) else date_range_text(lo, hi)


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks included) as one space; ends kept as a space."""
    return _SPACES.sub(" ", text)


def snippet_around(
    text: str, start: int, end: int, width: int = SNIPPET_WIDTH
) -> tuple[str, str, str] | None:
    """``(before, match, after)``: ``text[start:end]`` and up to ``width`` characters either side.

    White space is collapsed (:func:`one_line`); a word cut by the window is dropped, and "…" marks
    where the text goes on. None when ``start:end`` is not a range of ``text``. Plain text: the caller
    escapes it for HTML.
    """
    if not 0 <= start <= end <= len(text):
        return None
    lo, hi = max(0, start - width), min(len(text), end + width)
    before, after = text[lo:start], text[end:hi]
    if lo > 0:
        if not text[lo - 1].isspace():  # the window starts inside a word: drop its tail
            before = re.sub(r"^\S*", "", before, count=1) or before
        before = ELLIPSIS + one_line(before).lstrip()
    if hi < len(text):
        if not text[hi].isspace():  # the window ends inside a word: drop its head
            after = re.sub(r"\S*$", "", after, count=1) or after
        after = one_line(after).rstrip() + ELLIPSIS
    return one_line(before), one_line(text[start:end]), one_line(after)
