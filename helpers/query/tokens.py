"""The tokeniser of keyword search, shared with the report's JavaScript (``docs/filter_contract.md``)."""

from __future__ import annotations

import re

TOKEN_RE = re.compile(r"[^\W_]+")


QUERY_RE = re.compile(r'"([^"]*)"?|([^\s"]+)')


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
