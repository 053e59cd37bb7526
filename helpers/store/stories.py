"""Stories in a corpus store: MinHash signatures per partition, grouped once at the end.

Each partition task signs its article bodies (:func:`sketch_partition`, ``parts/<key>/sketch.parquet``:
``rel``, ``shingles``, ``signature``), so the text is read once, where it is parsed. After every
partition is finished, one task (:func:`build_story_table`) reads the signatures of the kept
articles (``uint32 x num_perm`` each: 512 bytes at 128 permutations, about 50 MB for 100,000
articles), runs the LSH and writes ``stories/part-00000.parquet``, which a lazily opened corpus
reads as ``Corpus.stories``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.store.layout import part_name, write_part
from helpers.stories.group import STORY_COLUMNS, StorySettings, group_signatures
from helpers.stories.sketch import frame_signatures, sketch_frame

#: The signatures of one built partition (below ``parts/<key>/``).
SKETCH = "sketch.parquet"
#: The settings a store's stories are made with.
STORE_STORIES = StorySettings()


def sketch_partition(records: pd.DataFrame, is_article: np.ndarray, folder: Path) -> None:
    """Write the signatures of the articles among ``records`` (``rel``, ``body``) to ``folder``."""
    rows = records.loc[is_article, ["rel", "body"]]
    frame = sketch_frame(
        rows["rel"].tolist(), rows["body"].fillna("").tolist(), STORE_STORIES.sketch, key="rel"
    )
    write_part(folder / SKETCH, frame)


def build_story_table(part_folders: list[str], store: str) -> int:
    """Group the articles of every partition into stories; writes the ``stories`` table.

    Returns the number of stories with more than one article.
    """
    out = Path(store)
    stage = sorted((out / "stage").glob("link-*.parquet"))
    link = pa.concat_tables([pq.read_table(f, columns=["rel", "article_id"]) for f in stage]).to_pandas()
    sketches = [
        pq.read_table(Path(f) / SKETCH).to_pandas() for f in part_folders if (Path(f) / SKETCH).exists()
    ]
    sketch = (
        pd.concat(sketches, ignore_index=True)
        if sketches
        else pd.DataFrame(columns=["rel", "shingles", "signature"])
    )
    published = _published(out)
    rows = link.merge(sketch, on="rel", how="left").merge(published, on="article_id", how="left")
    rows = rows.drop_duplicates("article_id").reset_index(drop=True)
    num_perm = STORE_STORIES.sketch.num_perm
    signed = rows["signature"].notna().to_numpy()
    sigs = np.full((len(rows), num_perm), 0xFFFFFFFF, dtype=np.uint32)
    sigs[signed] = frame_signatures(rows[signed], num_perm)
    sizes = rows["shingles"].fillna(0).astype(np.int64).to_numpy()  # unsigned: a story of its own
    table = group_signatures(rows["article_id"].tolist(), rows["published"], sigs, sizes, STORE_STORIES)
    write_part(out / "stories" / part_name(0), table)
    counts = table["story_id"].value_counts()
    return int((counts > 1).sum())


def _published(store: Path) -> pd.DataFrame:
    files = sorted((store / "articles").glob("part-*.parquet"))
    tables = [pq.read_table(f, columns=["article_id", "published"]) for f in files]
    return (
        pa.concat_tables(tables).to_pandas() if tables else pd.DataFrame(columns=["article_id", "published"])
    )


def read_story_table(store: Path) -> pd.DataFrame | None:
    """The ``stories`` table of a store, or ``None`` for a store built before stories existed."""
    files = sorted((store / "stories").glob("part-*.parquet"))
    if not files:
        return None
    table = pa.concat_tables([pq.read_table(f) for f in files]).to_pandas()
    return table.astype(STORY_COLUMNS)[list(STORY_COLUMNS)]
