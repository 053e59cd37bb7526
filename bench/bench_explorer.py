"""Explorer speed: widget change -> every figure, status line and article list recomputed; type-ahead;
``04_explore`` top to bottom on a warm cache.

    .venv/bin/python bench/bench_explorer.py                 # 100,000 articles, 50,000 entities
    .venv/bin/python bench/bench_explorer.py --articles 20000 --skip-notebook

Everything runs in this process through the same code path as the widgets (``.value`` is set on
the controls, with ``debounce=0`` so each change refreshes at once), which is what the kernel does.
Baselines measured in the same run, for ratios:

- *pieces*: the filter and the five figures without widgets (the part of a refresh that is not widget
  sync, article list and status), two ways: ``corpus.filter`` + the figure functions of
  ``helpers.figures`` on the sub-corpus (the frames path, as in code), and the Explorer's own path
  (counts from the filter index, ``helpers.explore.data``);
- changes are timed twice: with the Explorer's cache of recent filters cleared before each change
  (every filter computed anew: the honest worst case) and with it (a session going back and forth);
- *naive type-ahead*: a Python scan of every name for the substring, then a sort by weight.

Targets (issue 4): change median < 100 ms, p95 < 250 ms; type-ahead < 50 ms; notebook < 10 s.
Also (issue 14): a change with the tone panel showing (random tones) against the same changes without
tone columns, and the time of one *Compare*.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from helpers.explore.explorer import Explorer
from helpers.explore.typeahead import NameIndex, Picker
from helpers.explore.views import SPECS, build_fast
from helpers.figures._base import unvalidated
from helpers.query.filters import Filter
from helpers.testing.figures import build_figure
from helpers.testing.synthetic import synthetic_corpus


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _cpu(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def _changes(ex: Explorer, count: int, rng: np.random.Generator) -> list[tuple[str, object]]:
    """A mixed, realistic sequence of control changes: (what, value)."""
    outlets = [value for _label, value in ex.outlets.options][:6]
    people = ex.corpus.entities.sort_values("articles", ascending=False)["entity_id"].head(200).tolist()
    places = ex.corpus.places["place_id"].head(100).tolist() or [""]
    keywords = ("grain", "peace", '"peace talks"', "power")
    kinds = ("outlet", "date", "entity", "place", "keyword", "reset")
    out: list[tuple[str, object]] = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        value = {
            "outlet": outlets[int(rng.integers(len(outlets)))],
            "date": (np.datetime64("2022-01-03") + np.timedelta64(int(rng.integers(0, 300)), "D")).astype(
                object
            ),
            "entity": people[int(rng.integers(len(people)))],
            "place": places[int(rng.integers(len(places)))],
            "keyword": keywords[int(rng.integers(len(keywords)))],
            "reset": None,
        }[kind]
        out.append((kind, value))
    return out


def _apply(ex: Explorer, kind: str, value: object) -> None:
    """Change one control the way a user does (``.value`` on the widget)."""
    if kind == "outlet":
        ex.outlets.value = (value,)
    elif kind == "date":
        ex.start.value = value
    elif kind == "entity":
        ex.entity_picker.set([value])
    elif kind == "place":
        ex.place_picker.set([value])
    elif kind == "keyword":
        ex.keyword.value = value
    else:
        ex.reset()


def bench_changes(ex: Explorer, count: int, *, cached: bool) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per refresh caused by a control change (``cached=False``: every filter
    computed anew, except the unfiltered state, which the Explorer computes once when it starts)."""
    wall, cpu = [], []
    for kind, value in _changes(ex, count, np.random.default_rng(0)):
        if not cached:
            ex._cache.clear()
        before = ex.refresh_count
        c0, t0 = time.process_time(), time.perf_counter()
        _apply(ex, kind, value)
        refreshes = max(1, ex.refresh_count - before)
        wall.append((time.perf_counter() - t0) / refreshes)
        cpu.append((time.process_time() - c0) / refreshes)
    return wall, cpu


def _fast_figures(ex: Explorer, f: Filter) -> list:
    selection = ex.data.select(f)
    return [build_fast(spec, selection) for spec in SPECS]


def bench_pieces(ex: Explorer, filters: list[Filter]) -> dict[str, list[float]]:
    """Filter + figure functions only, no widgets, CPU seconds: the frames path (``corpus.filter`` then
    :mod:`helpers.figures` on the sub-corpus) and the Explorer's path (counts from the filter index)."""
    frames = [_cpu(lambda f=f: [build_figure(s, ex.corpus.filter(f)) for s in SPECS]) for f in filters]
    with unvalidated():
        fast = [_cpu(lambda f=f: _fast_figures(ex, f)) for f in filters]
    return {"frames path (corpus.filter + helpers.figures)": frames, "Explorer path (index counts)": fast}


def bench_typeahead(n_names: int, queries: list[str]) -> tuple[list[float], list[float]]:
    """Typing into a picker over ``n_names`` entities (suggestions computed and sent as the box's
    options, the widget path) vs a naive scan of every name."""
    rng = np.random.default_rng(1)
    syllables = np.array(
        ["ka", "vo", "lo", "mir", "ze", "len", "sky", "put", "in", "ana", "bo", "ris", "per", "son"]
    )
    names = [" ".join("".join(rng.choice(syllables, 3)) for _ in range(2)).title() for _ in range(n_names)]
    weights = rng.integers(1, 2000, size=n_names).tolist()
    picker = Picker(NameIndex([f"e{i}" for i in range(n_names)], names, weights), "Entities", lambda: None)
    fast, naive = [], []
    for q in queries:
        fast.append(_timed(lambda q=q: setattr(picker.box, "value", q)))
        lowered = q.lower()
        naive.append(
            _timed(
                lambda s=lowered: sorted(
                    (i for i, n in enumerate(names) if s in n.lower()), key=lambda i: -weights[i]
                )[:12]
            )
        )
    return fast, naive


def bench_panels(corpus, changes: int) -> None:
    """The tone panel's share of a refresh (the same changes with and without tone columns, so the
    panel shows a message in the baseline), and one *Compare* of the biggest outlet with the rest."""
    rng = np.random.default_rng(7)
    toned = corpus.with_tables(
        articles=corpus.articles.assign(tone=rng.uniform(-1, 1, len(corpus.articles))),
        mentions=corpus.mentions.assign(tone=rng.uniform(-1, 1, len(corpus.mentions))),
    )
    medians = {}
    for label, c in (("without tone", corpus), ("tone by outlet", toned), ("tone by entity", toned)):
        ex = Explorer(c, debounce=0, warm_keywords=False)
        ex.tone.by.value = "entity" if label.endswith("entity") else "outlet"
        ex.keyword.value = "warmup"
        ex.reset()
        wall, cpu = bench_changes(ex, changes, cached=False)
        (med, p95), (cpu_med, _) = _ms(wall), _ms(cpu)
        medians[label] = cpu_med
        ratio = cpu_med / medians["without tone"]
        print(f"  widget change, {label}: median {med:.0f} ms, p95 {p95:.0f} ms wall "
              f"(CPU median {cpu_med:.0f}); CPU x{ratio:.2f} of without tone")  # fmt: skip
    ex.comparison.other.value = "rest"
    ex.outlets.value = (ex.outlets.options[0][1],)
    wall = _timed(ex.comparison.run)
    result = ex.comparison.result
    sides = f"{result.articles_a:,} vs {result.articles_b:,} articles, {len(result.terms):,} terms"
    print(f"Compare (biggest outlet against the rest, {sides}): {wall:.1f} s")


def bench_notebook(corpus_dir: Path | None) -> float:
    """Seconds for 04_explore top to bottom (real kernel) after one warm-up load of the corpus."""
    import helpers
    from helpers.core.config import PROJECT_DIR
    from helpers.demo.generate import generate_corpus
    from helpers.notebooks import run_notebook

    if corpus_dir is None:
        corpus_dir = Path(tempfile.mkdtemp()) / "demo"
        generate_corpus(corpus_dir)
    helpers.load_corpus(corpus_dir, progress=False)  # warm cache
    env = {"CORPUS_ATLAS_CORPUS": str(corpus_dir)}
    return _timed(lambda: run_notebook(PROJECT_DIR / "notebooks" / "04_explore.ipynb", timeout=120, env=env))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--changes", type=int, default=48)
    parser.add_argument("--names", type=int, default=50_000, help="entities for the type-ahead timing")
    parser.add_argument(
        "--corpus", type=Path, default=None, help="folder for the notebook timing (default: demo)"
    )
    parser.add_argument("--skip-notebook", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = synthetic_corpus(args.articles, n_entities=args.entities)
    sizes = f"{len(corpus.articles):,} articles, {len(corpus.entities):,} entities"
    sizes += f", {len(corpus.mentions):,} mentions"
    print(f"corpus: {sizes} ({time.perf_counter() - started:.1f} s to generate)")
    started = time.perf_counter()
    ex = Explorer(corpus, debounce=0)
    print(f"Explorer(corpus): {time.perf_counter() - started:.2f} s (index, pickers, first figures)")
    ex.keyword.value = "warmup"  # builds the keyword index once, as the first keyword does in a session
    ex.reset()

    for cached in (False, True):
        wall, cpu = bench_changes(ex, args.changes, cached=cached)
        (med, p95), (cpu_med, cpu_p95) = _ms(wall), _ms(cpu)
        label = "with the Explorer's cache of recent filters" if cached else "every filter computed anew"
        print(f"widget change -> all figures + status + list, {label}: median {med:.0f} ms, "
              f"p95 {p95:.0f} ms wall (CPU {cpu_med:.0f} / {cpu_p95:.0f}) over {args.changes} changes "
              "(target < 100 / < 250)")  # fmt: skip
    outlets = [o for _label, o in ex.outlets.options[:4]]
    samples = [Filter(outlets=(o,)) for o in outlets] + [Filter(keyword="peace"), Filter(start="2022-06-01")]
    for label, seconds in bench_pieces(ex, samples * 2).items():
        base_med, base_p95 = _ms(seconds)
        print(f"  filter + figure functions, {label}: median {base_med:.0f} ms, p95 {base_p95:.0f} ms CPU")

    bench_panels(corpus, args.changes)

    queries = ["k", "ka", "kav", "kavo", "kavo l", "per", "son", "mirze", "zz", "a", "sky ana", "ris"]
    fast, naive = bench_typeahead(args.names, queries)
    f_med, f_p95 = _ms(fast)
    n_med, _ = _ms(naive)
    print(f"type-ahead with {args.names:,} entities: median {f_med:.1f} ms, p95 {f_p95:.1f} ms "
          f"(target < 50); naive scan {n_med:.1f} ms (x{n_med / max(f_med, 1e-6):.0f} slower)")  # fmt: skip

    if not args.skip_notebook:
        seconds = bench_notebook(args.corpus)
        print(f"04_explore top to bottom, warm cache: {seconds:.1f} s (target < 10)")


if __name__ == "__main__":
    main()
