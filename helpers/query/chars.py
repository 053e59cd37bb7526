"""This Python's characters, as the report's JavaScript needs them to tokenise as Python does
(``docs/filter_contract.md``, "In the browser").

A browser's Unicode tables are usually newer than Python's (3.11: Unicode 14.0): a letter it knows may
be unassigned, so a separator, to Python, and a few characters changed their casing properties since,
which decide between σ and ς when a capital sigma is lower-cased. The report therefore carries Python's
own classes of every code point, :func:`token_chars`, and the page builds its token regex and its final
sigma rule from them. Characters Python does not know are replaced by a space before lower-casing,
which changes nothing for Python: an unassigned character lower-cases to itself, is neither cased nor
case-ignorable, and separates tokens, exactly as a space does.
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np

from helpers.query.tokens import TOKEN_RE

#: number of Unicode code points (U+0000 .. U+10FFFF)
CODE_POINTS = 0x110000
#: class numbers: a kind plus a casing flag (an unknown character has none)
UNKNOWN, SEPARATOR, TOKEN = 0, 1, 4
CASED, IGNORABLE = 1, 2
#: the letter of each class number in :func:`token_chars`: U unknown; S, C, I separator (plain, cased,
#: case-ignorable); T, L, M token character (plain, cased, case-ignorable)
CLASS_LETTERS = "USCITLM"


def _casing(code: int) -> int:
    """How ``chr(code)`` takes part in Python's final sigma rule, read off ``str.lower`` itself:
    :data:`IGNORABLE` (skipped when looking for a cased letter next to a capital sigma), :data:`CASED`
    (a letter that makes it final before it or medial after it), or 0."""
    char = chr(code)
    if (char + "Σ").lower()[-1] == "ς":
        return CASED
    return IGNORABLE if ("Α" + char + "Σ").lower()[-1] == "ς" else 0


@functools.cache
def char_classes() -> np.ndarray:
    """The class number of every code point: :data:`UNKNOWN` (general category ``Cn`` in Python's
    tables: unassigned or a noncharacter), else :data:`TOKEN` (matched by ``TOKEN_RE``) or
    :data:`SEPARATOR`, plus its casing flag (:func:`_casing`). About 0.5 s, once."""
    classes = np.full(CODE_POINTS, UNKNOWN, dtype=np.uint8)
    category = unicodedata.category
    for code in range(CODE_POINTS):
        if category(chr(code)) != "Cn":
            classes[code] = SEPARATOR + _casing(code)
    every = "".join(map(chr, range(CODE_POINTS)))  # one index per code point (surrogates included)
    for match in TOKEN_RE.finditer(every):
        classes[match.start() : match.end()] += TOKEN - SEPARATOR
    classes.flags.writeable = False
    return classes


@functools.cache
def token_chars() -> str:
    """:func:`char_classes` run-length encoded: from U+0000 on, each run of code points of one class as
    its letter (:data:`CLASS_LETTERS`) and its length in base 36 (lower-case digits): ``"S13I1S6..."``
    is U+0000..U+0026 separators, U+0027 (') case-ignorable, U+0028..U+002D separators... About 5.1 kB,
    2.5 kB gzipped (Python 3.11)."""
    classes = char_classes()
    starts = np.r_[0, np.flatnonzero(classes[1:] != classes[:-1]) + 1]
    lengths = np.diff(np.r_[starts, CODE_POINTS])
    return "".join(
        CLASS_LETTERS[kind] + np.base_repr(int(n), 36).lower()
        for kind, n in zip(classes[starts].tolist(), lengths.tolist(), strict=True)
    )
