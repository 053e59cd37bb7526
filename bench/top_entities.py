"""Print the top people, organisations and places of a corpus (default: the ukraine_media_2022 corpus).

    .venv/bin/python bench/top_entities.py [CORPUS] [--top 20] [--aliases FILE]

Uses the normal cached load (``load_corpus``), so a second run is fast.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from helpers.corpus import load_corpus

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ukraine_media_2022"


def top_table(entities: pd.DataFrame, places: pd.DataFrame, kind: str, n: int) -> pd.DataFrame:
    """The ``n`` entities of ``kind`` with most articles (places with their coordinates)."""
    top = entities[entities["kind"] == kind].sort_values(["articles", "mentions"], ascending=False).head(n)
    cols = ["name", "articles", "mentions"]
    if kind == "place":
        top = top.merge(places[["place_id", "country", "lat", "lon"]], on="place_id", how="left")
        cols += ["country", "lat", "lon"]
    return top[cols].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--aliases", default=None)
    args = parser.parse_args()
    t0 = time.perf_counter()
    corpus = load_corpus(args.corpus, aliases=args.aliases, progress=True)
    print(f"{len(corpus.articles)} articles loaded and enriched in {time.perf_counter() - t0:.1f} s")
    print(f"enrichment: {corpus.meta['enrichment']}, model {corpus.meta['ner_model']}")
    with pd.option_context("display.width", 160, "display.max_rows", 100):
        for kind, title in (("person", "People"), ("org", "Organisations"), ("place", "Places")):
            print(f"\n{title} (top {args.top} by articles)")
            print(top_table(corpus.entities, corpus.places, kind, args.top).to_string())


if __name__ == "__main__":
    main()
