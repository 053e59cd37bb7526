"""The tokeniser and query parser of keyword search: the Python side of the filter contract
(``docs/filter_contract.md``), which the report's JavaScript (``helpers/report/static/report_data.js``)
implements too. The contract's cases, fed to both: ``tests/filter_cases.json``.
"""

from __future__ import annotations

import re

TOKEN_RE = re.compile(r"[^\W_]+")
"""A token: a maximal run of letters and digits (``str.isalnum`` characters), found in lower-cased text.
The report's JavaScript builds its regex from this one's characters (:mod:`helpers.query.chars`)."""

WHITESPACE = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""The characters that split a query, as the source of a regex class (the same text in JavaScript):
Unicode's White_Space property, 25 characters. Not ``\\s``, which differs between the two: Python's
adds U+001C..U+001F, JavaScript's adds U+FEFF and lacks U+0085."""

QUERY_RE = re.compile(rf'"([^"]*)"?|([^{WHITESPACE}"]+)')
"""A query term: a quoted phrase (closing quote optional) or a run of characters that are neither
:data:`WHITESPACE` nor a quote. ``report_data.js`` holds the same regex."""


def tokens(text: str) -> list[str]:
    """The lower-cased tokens of ``text``: ``tokens("Peace-talks, 2022!") == ["peace", "talks", "2022"]``."""
    return TOKEN_RE.findall(text.lower())


def token_text(text: str) -> str:
    """``" " + " ".join(tokens(text)) + " "``: the form a keyword term is searched in.

    A term ``t`` (see :func:`keyword_terms`) matches ``text`` exactly when ``f" {t} "`` is a substring
    of ``token_text(text)``.
    """
    return " " + " ".join(tokens(text)) + " "


def keyword_terms(query: str) -> list[str]:
    """The terms of a keyword query, each as its space-joined token string; empty terms dropped.

    >>> keyword_terms('Kyiv "peace-talks" ,  "grain deal')
    ['kyiv', 'peace talks', 'grain deal']
    """
    terms = []
    for phrase, word in QUERY_RE.findall(query or ""):
        joined = " ".join(tokens(phrase or word))
        if joined:
            terms.append(joined)
    return terms


def term_regex(term: str) -> str:
    """Regex source that finds a :func:`keyword_terms` term in raw text, as the token rule does.

    The term's tokens must stand as whole tokens, separated by anything that is not a letter or
    digit; compile it with ``re.IGNORECASE`` for raw text (the kit's keyword-in-context snippets).
    """
    body = r"[\W_]+".join(re.escape(t) for t in term.split(" "))
    return rf"(?<![^\W_]){body}(?![^\W_])"
