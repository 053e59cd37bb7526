"""``apply(corpus, filter)``: the sub-corpus a ``Filter`` keeps, through the corpus's cached index."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from helpers.query.filters import Filter, as_tuple
from helpers.query.index import index_for

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus


def resolve_entities(corpus: Corpus, values: Iterable[str]) -> list[str]:
    """Entity ids for ids, canonical names or aliases (case-insensitive); unknown values are skipped.

    A name shared by several entities (e.g. a person and an org) gives all of them.
    """
    index = index_for(corpus)
    rows = [row for value in as_tuple(values, "entities") for row in index.entity_rows(value)]
    return _unique(index.entity_ids[rows].tolist())


def resolve_places(corpus: Corpus, values: Iterable[str]) -> list[str]:
    """Place ids for place ids, place names, or names/aliases of place entities; unknown values skipped."""
    index = index_for(corpus)
    rows = [row for value in as_tuple(values, "places") for row in index.place_rows(value)]
    return _unique(index.place_ids[rows].tolist())


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def apply(corpus: Corpus, f: Filter) -> Corpus:
    """The sub-corpus of ``corpus`` that matches ``f``; ``corpus`` is not changed.

    - ``articles``: the matching rows, in their order;
    - ``mentions``: the mentions in those articles;
    - ``entities``: those still mentioned, with ``articles`` / ``mentions`` counted within the subset;
    - ``places``: those referenced by the remaining place entities;
    - ``load_report``, ``alias_report`` unchanged; ``meta`` gains ``"filter": f.to_dict()``.

    The first call on a corpus builds its :class:`~helpers.query.index.FilterIndex` (cached for the
    corpus's lifetime); later calls cost a few milliseconds plus copying the kept rows.
    """
    if not isinstance(f, Filter):
        raise TypeError(f"apply: expected a Filter, got {type(f).__name__}")
    index = index_for(corpus)
    return index.subset(corpus, index.article_mask(f), f)
