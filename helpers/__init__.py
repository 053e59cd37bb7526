"""Corpus Atlas: load a folder of news articles, find who and where, filter, plot and share.

The whole public API is listed in ``__all__``. Names are imported lazily, so ``import helpers``
stays fast and does not load spaCy or plotly until they are used. The subpackages, in the order
data flows through them (each imports only those before it; ``pyproject.toml`` holds the contract):
``core``, ``ingest``, ``places``, ``enrich``, ``query``, ``store``, ``corpus``, ``analysis``, ``figures``,
``explore``, ``report``, ``notebooks``, then ``demo``, ``cli`` and ``testing``, which nothing in the kit
imports.
"""

from __future__ import annotations

from helpers.core.lazy import lazy_exports

__version__ = "0.1.0"

#: public name -> module that defines it ("" for a subpackage of that name)
_EXPORTS: dict[str, str] = {
    "Corpus": "corpus.model",
    "load_corpus": "corpus.model",
    "Filter": "query.filters",
    "FilterWarning": "query.check",
    "check_filter": "query.check",
    "EmptyCorpusWarning": "corpus.model",
    "ColumnsError": "ingest.columns",
    "Explorer": "explore.explorer",
    "export_report": "report.export",
    "figures": "",
    "ParsedArticle": "ingest.parse",
    "parse_article": "ingest.parse",
    "parse_date": "ingest.parse",
    "url_outlet": "ingest.outlets",
    "generate_corpus": "demo.generate",
    "find_places": "places.find",
    "find_demonyms": "places.find",
    "demonym_place": "places.find",
    "place_table": "places.find",
    "country_context": "places.find",
    "gazetteer_version": "places.find",
    "PlaceHit": "places.find",
    "ReportSizeWarning": "report.export",
    "enrich_corpus": "enrich.pipeline",
    "build_entities": "enrich.entities",
    "top_entities": "enrich.entities",
    "read_aliases": "enrich.aliases",
    "build_store": "store.build",
    "StorySettings": "stories.group",
    "story_table": "stories.tables",
    "story_ids": "stories.tables",
    "compare": "analysis.compare",
    "tone_series": "analysis.tone",
}

__all__ = [*sorted(_EXPORTS), "__version__"]

__getattr__, _dir = lazy_exports(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return __all__
