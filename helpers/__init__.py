"""Corpus Atlas: load a folder of news articles, find who and where, filter, plot and share.

The whole public API is listed in ``__all__``. Names are imported lazily, so ``import helpers``
stays fast and does not load spaCy or plotly until they are used.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Corpus": "corpus",
    "load_corpus": "corpus",
    "Filter": "filters",
    "Explorer": "explorer",
    "export_report": "report",
    "figures": "",
    "ParsedArticle": "parse",
    "parse_article": "parse",
    "parse_date": "parse",
    "url_outlet": "outlets",
    "generate_corpus": "demo",
    "find_places": "places",
    "find_demonyms": "places",
    "demonym_place": "places",
    "place_table": "places",
    "country_context": "places",
    "gazetteer_version": "places",
    "PlaceHit": "places",
    "ReportSizeWarning": "report",
    "enrich_corpus": "enrich",
    "build_entities": "entities",
    "top_entities": "entities",
    "read_aliases": "aliases",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    module_name = _EXPORTS[name]
    if not module_name:
        return importlib.import_module(f".{name}", __name__)
    return getattr(importlib.import_module(f".{module_name}", __name__), name)


def __dir__() -> list[str]:
    return __all__
