"""Filters: a small frozen ``Filter`` and a pure ``apply(corpus, filter) -> Corpus``.

What a filter keeps is a contract shared with the Explorer and with the JavaScript of the HTML report,
written down in ``docs/filter_contract.md`` and tested on both sides with ``tests/filter_cases.json``:
fields combine with AND; outlets and places match any, entities any or all (``entity_mode``); dates
are inclusive on the article's UTC day and drop undated articles; the keyword is split into terms
(:func:`helpers.query.tokens.keyword_terms`), each a whole word or a contiguous phrase of tokens; a
value that resolves to nothing matches no article.

The result is a consistent sub-corpus, see :func:`helpers.query.apply.apply`. What makes a filter
change cheap lives in :class:`helpers.query.index.FilterIndex`, built once per corpus and cached.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from helpers.core.text import date_range_text
from helpers.query.tokens import keyword_terms

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

ENTITY_MODES = ("any", "all")

NO_MATCH = "(none)"
"""An outlet value no article has: ``outlets=(NO_MATCH,)`` matches nothing (see ``Filter.__and__``)."""


def _as_date(value: Any, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        if pd.isna(value):
            return None
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"Filter.{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise TypeError(f"Filter.{name}: expected a date, got {type(value).__name__}")


def as_tuple(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise TypeError(f"Filter.{name}: expected strings, got {type(value).__name__}")
    out: list[str] = []
    for item in value:
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class Filter:
    """What to keep of a corpus. Every field is optional; ``Filter()`` keeps everything.

    Lists may be given as lists or a single string; they are stored as tuples without blanks or
    repeats, and dates may be given as ISO strings, ``datetime`` or ``Timestamp``.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    keyword: str = ""
    entity_mode: str = "any"

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            object.__setattr__(self, name, _as_date(getattr(self, name), name))
        for name in ("entities", "places", "outlets"):
            object.__setattr__(self, name, as_tuple(getattr(self, name), name))
        object.__setattr__(self, "keyword", str(self.keyword or "").strip())
        if self.entity_mode not in ENTITY_MODES:
            raise ValueError(f"Filter.entity_mode must be 'any' or 'all', not {self.entity_mode!r}")

    def is_empty(self) -> bool:
        """True when the filter keeps every article."""
        return not (self.start or self.end or self.entities or self.places or self.outlets or self.terms())

    def terms(self) -> list[str]:
        """The keyword terms (see :func:`keyword_terms`)."""
        return keyword_terms(self.keyword)

    def replace(self, **changes: Any) -> Filter:
        """A copy with some fields changed: ``f.replace(outlets=("bbc.co.uk",))``."""
        return dataclasses.replace(self, **changes)

    def __and__(self, other: Filter) -> Filter:
        """The filter under which both hold: dates narrowed, keywords joined, lists merged.

        The result is exact. Outlets: the common ones (an article has one outlet; none in common
        gives :data:`NO_MATCH`, which matches nothing). Entities: all of both sides when each side
        is "all" (or a single entity); "any of A" with "all of B" sharing an entity is "all of B";
        two "any" lists (or places) combine when one contains the other. Other combinations cannot
        be written as one ``Filter`` and raise ``ValueError``: filter twice instead
        (``corpus.filter(a).filter(b)``).
        """
        if not isinstance(other, Filter):
            return NotImplemented
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        terms = self.terms() + [t for t in other.terms() if t not in self.terms()]
        entities, mode = _and_entities(self, other)
        return Filter(
            start=max(starts) if starts else None,
            end=min(ends) if ends else None,
            entities=entities,
            places=_and_any("places", self.places, other.places),
            outlets=_and_outlets(self.outlets, other.outlets),
            keyword=" ".join(f'"{t}"' if " " in t else t for t in terms),
            entity_mode=mode,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (dates as ISO strings, lists as lists); inverse of :meth:`from_dict`."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "entities": list(self.entities),
            "places": list(self.places),
            "outlets": list(self.outlets),
            "keyword": self.keyword,
            "entity_mode": self.entity_mode,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Filter:
        """Build a filter from :meth:`to_dict` output; missing keys take their defaults."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"Filter.from_dict: unknown field(s) {', '.join(unknown)}")
        return cls(**{k: v for k, v in data.items() if v is not None})

    def describe(self, corpus: Corpus | None = None) -> str:
        """One line for people, e.g. ``"3 Mar – 30 Jun 2022 · entities: Vladimir Putin"``.

        With ``corpus``, entity ids and place ids are shown by their names.
        """
        parts = []
        if self.start or self.end:
            parts.append(date_range_text(self.start, self.end))
        if self.entities:
            names = _display_names(corpus, "entities", self.entities)
            label = "entities (all)" if self.entity_mode == "all" and len(names) > 1 else "entities"
            parts.append(f"{label}: {', '.join(names)}")
        if self.places:
            parts.append(f"places: {', '.join(_display_names(corpus, 'places', self.places))}")
        if self.outlets:
            parts.append(f"outlets: {', '.join(self.outlets)}")
        if self.terms():
            parts.append("keyword: " + " ".join(f'"{t}"' for t in self.terms()))
        return " · ".join(parts) if parts else "all articles"


def _folded(values: tuple[str, ...]) -> set[str]:
    return {v.casefold() for v in values}


def _and_any(field: str, a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """(any of ``a``) and (any of ``b``) as one "any of" list: possible when one contains the other."""
    if not a or not b:
        return a or b
    if _folded(a) <= _folded(b):
        return a
    if _folded(b) <= _folded(a):
        return b
    raise ValueError(
        f"Filter & Filter: {field} {list(a)} and {list(b)} cannot be one list (an article would need one "
        "of each); filter twice instead: corpus.filter(a).filter(b)"
    )


def _and_outlets(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    if not a or not b:
        return a or b
    common = tuple(v for v in a if v.casefold() in _folded(b))
    return common or (NO_MATCH,)


def _and_entities(f: Filter, g: Filter) -> tuple[tuple[str, ...], str]:
    if not f.entities or not g.entities:
        return (f.entities, f.entity_mode) if f.entities else (g.entities, g.entity_mode)
    all_f = f.entity_mode == "all" or len(f.entities) == 1
    all_g = g.entity_mode == "all" or len(g.entities) == 1
    if all_f and all_g:
        return f.entities + g.entities, "all"
    if all_f != all_g:
        every, some = (f.entities, g.entities) if all_f else (g.entities, f.entities)
        if _folded(every) & _folded(some):
            return every, "all"
    return _and_any("entities", f.entities, g.entities), "any"


def _display_names(corpus: Corpus | None, table: str, values: tuple[str, ...]) -> list[str]:
    if corpus is None:
        return list(values)
    frame = getattr(corpus, table)
    key = "entity_id" if table == "entities" else "place_id"
    if key not in frame.columns or "name" not in frame.columns:
        return list(values)
    names = dict(zip(frame[key], frame["name"], strict=False))
    return [str(names.get(v, v)) for v in values]
