"""What checking a filter costs (issue 13): ``Corpus.filter`` with its check vs ``apply`` without it.

``Corpus.filter`` looks every entity, place and outlet value up (a dict lookup each) and, only when
one matches nothing, searches the closest names (difflib over every entity name and alias). Printed:
milliseconds per call and the ratio to ``apply`` on the same corpus in the same run, for a filter
whose values all exist and for one with a typo.

    .venv/bin/python bench/bench_filter_check.py [--articles 20000] [--entities 50000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import time
import warnings

from helpers.query.apply import apply
from helpers.query.check import check_filter
from helpers.query.filters import Filter
from helpers.query.index import index_for
from helpers.testing.synthetic import synthetic_corpus


def per_call_ms(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    corpus = synthetic_corpus(args.articles, n_entities=args.entities)
    index_for(corpus)  # built once per corpus by either path; not what is measured
    top = corpus.entities.sort_values("articles", ascending=False)
    name, outlet = str(top["name"].iloc[0]), str(corpus.articles["outlet"].iloc[0])
    typo = name[:-2] + name[-1] + name[-2]  # two letters swapped
    print(f"{len(corpus):,} articles, {len(corpus.entities):,} entities; entity {name!r}, typo {typo!r}")
    for label, f in (
        ("values exist", Filter(entities=name, outlets=outlet)),
        ("one typo", Filter(entities=typo, outlets=outlet)),
    ):
        base = per_call_ms(lambda f=f: apply(corpus, f), args.repeat)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            checked = per_call_ms(lambda f=f: corpus.filter(f), args.repeat)
        ratio = checked / base
        print(f"{label:>12}: apply {base:7.1f} ms, Corpus.filter {checked:7.1f} ms, ratio {ratio:5.2f}")
    print("message:", check_filter(corpus, Filter(entities=typo)).problems[0])


if __name__ == "__main__":
    main()
