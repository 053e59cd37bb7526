"""Print the top people, organisations and places of a corpus (default: the ukraine_media_2022 corpus).

    .venv/bin/python bench/top_entities.py [CORPUS] [--top 20] [--aliases FILE]

Uses the normal cached load (``load_corpus``), so a second run is fast. The same table is printed
by ``corpus-atlas entities PATH``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from helpers.corpus.model import load_corpus
from helpers.enrich.entities import top_entities

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ukraine_media_2022"


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
            print(top_entities(corpus.entities, corpus.places, kind=kind, n=args.top).to_string())


if __name__ == "__main__":
    main()
