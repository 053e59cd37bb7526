"""Stories: near-duplicate and syndicated articles grouped with MinHash LSH (datasketch).

- :mod:`helpers.stories.sketch`: MinHash signatures over word shingles (per batch or partition);
- :mod:`helpers.stories.group`: LSH candidates, Jaccard and containment, stories (the mergeable half);
- :mod:`helpers.stories.tables`: a corpus's ``stories`` table, one row per story, counting each
  story once.

``Corpus.stories`` and ``Corpus.once_per_story()`` are the way in; the figures are in
:mod:`helpers.figures.stories`.
"""

from __future__ import annotations

from helpers.stories.group import STORY_COLUMNS, StorySettings, group_signatures
from helpers.stories.sketch import SketchSettings, signatures
from helpers.stories.tables import build_stories, once_per_story, story_ids, story_table

__all__ = [
    "STORY_COLUMNS",
    "SketchSettings",
    "StorySettings",
    "build_stories",
    "group_signatures",
    "once_per_story",
    "signatures",
    "story_ids",
    "story_table",
]
