"""Entity quality on the real corpus against the hand-made gold set (tests/data/entities_gold.csv).

    .venv/bin/python bench/bench_entity_quality.py [CORPUS] [--gold FILE] [--entities FILE.parquet]

Prints kind precision over the top 300 entities (target >= 0.97), duplicate canonicals among the
top 100 (target 0), the gold set's coverage of the top 300, every kind error and duplicate, and the
top 10 people and organisations. Uses the normal cached load (``load_corpus``), so a second run
takes seconds; ``--entities`` scores a saved entities table instead (for instance one made by an
older checkout of the kit, to compare rules; see bench/README.md). ``--per-outlet`` builds the
entities of each outlet on its own, as if it were an outlet the kit had never seen, and prints its
top 10 people and organisations (check them by eye for kind errors).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from helpers.enrich.entities import top_entities
from helpers.enrich.quality import read_gold, score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"
GOLD = ROOT / "tests" / "data" / "entities_gold.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--entities", default=None, help="score this saved entities table (Parquet)")
    parser.add_argument("--top", type=int, default=300)
    parser.add_argument("--dup-top", type=int, default=100)
    parser.add_argument("--per-outlet", action="store_true", help="top 10s of each outlet on its own")
    args = parser.parse_args()
    if args.per_outlet:
        per_outlet(args.corpus)
        return
    t0 = time.perf_counter()
    if args.entities:
        entities = pd.read_parquet(args.entities)
        print(f"entities from {args.entities}")
    else:
        from helpers.corpus.model import load_corpus

        corpus = load_corpus(args.corpus, progress=True)
        entities = corpus.entities
        print(f"{len(corpus.articles)} articles loaded and enriched in {time.perf_counter() - t0:.1f} s")
    gold = read_gold(args.gold)
    q = score(entities, gold, top=args.top, dup_top=args.dup_top)
    print(
        f"gold set: {len(gold)} spellings; covers {q.matched}/{q.top} of the top {q.top} ({q.coverage:.3f})"
    )
    print(f"kind precision (top {q.top}): {q.precision:.3f} ({q.kind_correct}/{q.matched}); target >= 0.97")
    print(f"duplicate canonicals (top {q.dup_top}): {q.duplicates}; target 0")
    for name, kind, want in q.kind_errors:
        print(f"  kind error: {name!r} is {kind}, gold {want}")
    for name, canonical in q.duplicate_names:
        print(f"  duplicate: {name!r} is {canonical!r} again")
    for name in q.unmatched:
        print(f"  not in the gold set: {name!r}")
    with pd.option_context("display.width", 160):
        for kind, title in (("person", "People"), ("org", "Organisations")):
            print(f"\n{title} (top 10 by articles)")
            print(top_entities(entities, kind=kind, n=10)[["name", "articles", "mentions"]].to_string())


def per_outlet(source: str) -> None:
    """Entities of each outlet built from its own raw mentions only (the enrichment cache is reused)."""
    from helpers.corpus.model import load_corpus
    from helpers.enrich.entities import build_entities
    from helpers.enrich.pipeline import cached_mentions
    from helpers.ingest.boilerplate import boilerplate_spans, drop_boilerplate, segment_table

    corpus = load_corpus(source, enrich=False, progress=False)
    raw, _ = cached_mentions(corpus, progress=True)
    raw, _ = drop_boilerplate(raw, boilerplate_spans(segment_table(corpus.articles)))  # as enrich_corpus
    outlets = corpus.articles.set_index("article_id")["outlet"]
    for outlet, ids in outlets.groupby(outlets).groups.items():
        _, entities, _ = build_entities(raw[raw["article_id"].isin(set(ids))])
        print(f"\n{outlet} ({len(ids)} articles)")
        for kind in ("person", "org"):
            top = top_entities(entities, kind=kind, n=10)
            print(
                f"  {kind}: "
                + "; ".join(f"{n} ({a})" for n, a in zip(top["name"], top["articles"], strict=True))
            )


if __name__ == "__main__":
    main()
