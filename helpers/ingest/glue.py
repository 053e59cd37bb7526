"""Words a scraped page glued together: put the space back (pure; :func:`helpers.ingest.parse.plain_text`).

Scraped pages often lose the break between a live blog's time stamp, a timeline's date or a tweet's
sentences and the text after it: ``1h ago14.21Johnson says``, ``June 20Cherelle Griner``,
``2019Zelenskyy:``, ``a threat.Did you``. NER then reads ``ago14.21Johnson`` as one name. The
rules look at the shape only, never at particular words: a clock time touching letters, a day
(after a month name) or a year touching a capitalised word, two lower-case letters and ``.!?``
touching one. Text inside a URL, an e-mail address or a handle is left alone, and so are names
such as ``Homes4Ukraine`` or ``iPhone``. ``bench/bench_boilerplate.py`` counts glued tokens in the
real corpus before and after.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["unglue"]

# Source gluing (see :func:`unglue`): a clock time touching letters, a day or a year touching a
# capitalised word, a sentence end touching one.
_MONTH_NAMES = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# One pattern per kind of glue (one alternation of them all scans 2-3x slower): each starts with a
# digit, a month name or . ! ? and checks what is before it with a lookbehind after that character.
_CLOCK_GLUE_RE = re.compile(
    r"\d(?<=[a-z]\d)\d?[:.][0-5]\d(?![\d.,:]?\d)|\d(?<![\d.:,]\d)\d?[:.][0-5]\d(?=[A-Z])"
)
_GLUE_PATTERNS = (
    _CLOCK_GLUE_RE,
    re.compile(r"(?:19|20)(?<![\w.,/-]..)\d\d(?=[A-Z][a-z])"),
    re.compile(_MONTH_NAMES + r" \d{1,2}(?=[A-Z][a-z])"),
    re.compile(r"[.!?](?<=[a-z]{2}.)[\"”’)]?(?=[A-Z][a-z])"),
)
_GLUE_HINT_RE = re.compile(r"[\d.!?\"”’)](?:[A-Z]|(?<=[a-z]\d)\d?[:.]\d\d)")
_IN_ADDRESS_RE = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|html?|php)\b", re.IGNORECASE)


def unglue(text: str) -> str:
    """``text`` with a space where a time stamp, a date or a sentence end was glued to the next word.

    >>> unglue("1h ago14.21Johnson says")
    '1h ago 14.21 Johnson says'
    """
    if not _GLUE_HINT_RE.search(text):
        return text
    cuts = {
        cut for pattern in _GLUE_PATTERNS for match in pattern.finditer(text) for cut in _glue_cuts(match)
    }
    if not cuts:
        return text
    bounds = [0, *sorted(cuts), len(text)]
    return " ".join(text[a:b] for a, b in itertools.pairwise(bounds))


def _glue_cuts(match: re.Match[str]) -> list[int]:
    """Where one match of :data:`_GLUE_PATTERNS` needs a space (none inside an address or a handle)."""
    text, start, end = match.string, match.start(), match.end()
    token_start = max(text.rfind(c, 0, start) for c in " \n\t(<[") + 1
    if _IN_ADDRESS_RE.search(text, token_start, end):
        return []
    if match.re is not _CLOCK_GLUE_RE:
        return [end]
    return [
        cut
        for cut, glued in ((start, text[start - 1 : start].isalpha()), (end, text[end : end + 1].isupper()))
        if glued
    ]
