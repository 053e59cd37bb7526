"""Column names and dtypes of the kit's tables: the data model every module agrees on.

| table        | one row per                 |
|--------------|-----------------------------|
| articles     | article                     |
| load_report  | input file                  |
| mentions     | entity mention in a body    |
| entities     | canonical entity            |
| places       | geocoded place              |
"""

from __future__ import annotations

import pandas as pd

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "str",  # stable across runs: sha1 of the URL, else of the relative path
    "path": "str",  # path relative to the corpus root (or the table row reference)
    "title": "str",
    "published": "datetime64[ns]",  # naive UTC day/time; NaT when unknown
    "outlet": "str",  # registered domain of the URL ("" when no URL)
    "url": "str",
    "caption": "str",
    "photo_credit": "str",
    "body": "str",  # plain text, paragraphs separated by a blank line
    "related": "str",  # "**Related article:**" titles, one per line (not part of the body)
    "word_count": "int64",
}

LOAD_REPORT_COLUMNS: dict[str, str] = {
    "path": "str",
    "status": "str",  # ok | warning | duplicate | skipped | error
    "message": "str",
    "article_id": "str",  # "" when no article came out of the file
}

MENTION_COLUMNS: dict[str, str] = {
    "article_id": "str",
    "entity_id": "str",
    "kind": "str",  # person | org | place | group | ...
    "text": "str",  # as written: body[start:end] == text
    "start": "int64",
    "end": "int64",
    # Places also carry (extra columns, kept by conform): place_id (chosen place), candidates
    # (list of candidate place_ids, best first) and ambiguous (True when the choice was not clear-cut).
}

ENTITY_COLUMNS: dict[str, str] = {
    "entity_id": "str",
    "name": "str",  # canonical name
    "kind": "str",
    "aliases": "object",  # list[str] of the spellings seen
    "articles": "int64",  # number of articles mentioning it
    "mentions": "int64",  # number of mentions
    "place_id": "str",  # places only; "" otherwise
}

PLACE_COLUMNS: dict[str, str] = {
    "place_id": "str",  # GeoNames id, or the kit's own id ("ca:<slug>") for supplement rows
    "name": "str",
    "country": "str",  # ISO-3166 alpha-2
    "admin1": "str",
    "lat": "float64",
    "lon": "float64",
    "feature": "str",  # city | country | region | state | feature ...
}


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty DataFrame with the given columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns`` (extra columns kept at the end), cast to dtypes.

    Missing columns are added empty; missing text is ``""`` and missing counts are 0. This is how
    every producer hands a table to ``Corpus``.
    """
    out = frame.copy()
    for name, dtype in columns.items():
        if name not in out.columns:
            out[name] = pd.Series(dtype=dtype, index=out.index)
        if dtype == "int64" and out[name].dtype != "int64":
            out[name] = out[name].fillna(0).astype(dtype)
        elif dtype == "str":
            out[name] = out[name].fillna("").astype(dtype)
        elif dtype.startswith("datetime64"):
            out[name] = pd.to_datetime(out[name]).astype(dtype)
        elif dtype != "object" and str(out[name].dtype) != dtype:
            out[name] = out[name].astype(dtype)
    ordered = list(columns) + [c for c in out.columns if c not in columns]
    return out[ordered].reset_index(drop=True)
