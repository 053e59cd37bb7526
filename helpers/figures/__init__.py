"""Figures: one function per chart, frames in, ``go.Figure`` out, in the plotly.express style.

The public charts are the names below; ``_base``, ``_graph`` and ``_map`` hold their shared parts.
Importing this package imports plotly.
"""

from __future__ import annotations

from helpers.figures._graph import cooccurrence
from helpers.figures._map import places_map
from helpers.figures.charts import kwic, outlets, timeline, top_entities
from helpers.figures.compare import compare_terms
from helpers.figures.stories import story_spread
from helpers.figures.tone import tone_timeline

__all__ = [
    "compare_terms",
    "cooccurrence",
    "kwic",
    "outlets",
    "places_map",
    "story_spread",
    "timeline",
    "tone_timeline",
    "top_entities",
]
