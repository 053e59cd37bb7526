"""Glued words and boilerplate in the real corpus, before and after (issue 12, item 5).

Prints, for ../shared/corpora/ukraine_media_2022 (or --corpus):

* **glued tokens** in the parsed bodies, by the parser of git revision ``--before`` and by the
  current one. A token is glued when a clock time touches letters (``ago14.21``, ``14.21Johnson``),
  a day or a year touches a capitalised word (``June 20Cherelle``, ``2019Zelenskyy``), a sentence
  end touches one (``threat.Did``), or the parser made a word found nowhere in the file's text
  (``MOMENTMarie`` from ``**MOMENT**Marie``). URLs, e-mail addresses and handles are not counted;
* **boilerplate**: segments recognised by repetition (:mod:`helpers.ingest.boilerplate`), the
  articles and outlets they are in, the most frequent ones per outlet; and the time of the pass
  against the time of parsing the same files (baseline measured in the same run);
* with ``--mentions``: the entity and place mentions NER and the gazetteer find in those segments,
  which no longer reach ``corpus.mentions`` (enrichment: minutes the first time, then cached).

Usage: python bench/bench_boilerplate.py [--corpus DIR] [--before REV] [--mentions]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"
#: the last commit before the glue fix (issue 12, item 5)
BEFORE = "ee84b8d^"

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_GLUED_RE = re.compile(
    r"[a-z]\d{1,2}[:.][0-5]\d(?!\d)|(?<![\d.:,])\d{1,2}[:.][0-5]\d[A-Z]"
    r"|(?<![\w.,/-])(?:19|20)\d\d[A-Z][a-z]|\b" + _MONTH + r" \d{1,2}[A-Z][a-z]"
    r"|[a-z]{2}[.!?][\"”’)]?[A-Z][a-z]"
)
_ADDRESS_RE = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|html?|php)\b", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")


def glued(body: str, raw: str, raw_words: set[str]) -> int:
    """Glued tokens of one parsed body (see the module docstring)."""
    count = 0
    for token_match in re.finditer(r"\S+", body):
        token = token_match.group()
        if not _ADDRESS_RE.search(token):
            before = body[max(0, token_match.start() - 10) : token_match.start()]
            count += _is_glued(before, token, raw, raw_words)
    return count


def _is_glued(before: str, token: str, raw: str, raw_words: set[str]) -> bool:
    """A glue shape that reaches into ``token``, or a word of ``token`` found nowhere in the file's text
    (a word split off a glued one is in the text; one the parser joined is not)."""
    shape = _GLUED_RE.search(before + token)
    if shape is not None and shape.end() > len(before):
        return True
    return any(w not in raw_words and w not in raw for w in _WORD_RE.findall(token))


def parser_at(rev: str):  # -> the parse module as it was at ``rev``
    """Import helpers/ingest/parse.py as committed at ``rev`` (under another name)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:helpers/ingest/parse.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "parse_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("parse_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["parse_before"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def bench_glue(texts: list[str], rev: str) -> None:
    """Glued tokens in the bodies parsed by the parser at ``rev`` and by the current one."""
    from helpers.ingest.parse import parse_article

    old = parser_at(rev).parse_article
    raw_words = [set(_WORD_RE.findall(t)) for t in texts]
    print(f"\nGlued tokens in {len(texts):,} parsed bodies:")
    for label, parse in ((f"parser at {rev}", old), ("current parser", parse_article)):
        c0 = time.process_time()
        bodies = [parse(t).body for t in texts]
        cpu = time.process_time() - c0
        counts = [glued(b, t, words) for b, t, words in zip(bodies, texts, raw_words, strict=True)]
        print(
            f"  {label:<22} {sum(counts):>5} glued tokens in {sum(c > 0 for c in counts):>4} articles"
            f"  (parse: {cpu:.2f} s CPU)"
        )


def bench_boilerplate(folder: Path) -> tuple:
    """Segments, boilerplate spans and their outlets; the time of the pass against the parse."""
    from helpers.ingest.boilerplate import boilerplate_spans, segment_table
    from helpers.ingest.load import load_articles

    t0 = time.perf_counter()
    articles, _, _ = load_articles(folder, cache=False, progress=False)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    segments = segment_table(articles)
    spans = boilerplate_spans(segments)
    t_pass = time.perf_counter() - t0
    bodies = dict(zip(articles["article_id"], articles["body"], strict=True))
    outlet_of = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    chars = int((spans["end"] - spans["start"]).sum())
    print(
        f"\nBoilerplate: {len(spans):,} segments of {len(segments):,} ({chars / 1e3:.0f} kB, "
        f"{chars / articles['body'].str.len().sum():.1%} of the text) in {spans['article_id'].nunique():,} "
        f"of {len(articles):,} articles, {len({outlet_of[a] for a in spans['article_id']})} of "
        f"{articles['outlet'].nunique()} outlets"
    )
    ratio = t_pass / t_load
    print(f"  time: load (parse, no cache) {t_load:.1f} s; boilerplate pass {t_pass:.1f} s ({ratio:.2f}x)")
    per_outlet: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for article_id, start, end in spans[["article_id", "start", "end"]].itertuples(index=False):
        per_outlet[outlet_of[article_id]][bodies[article_id][start:end][:70]] += 1
    for outlet, counter in sorted(per_outlet.items(), key=lambda kv: -sum(kv[1].values())):
        top = "; ".join(f"{n}x {text!r}" for text, n in counter.most_common(2))
        print(f"  {outlet:<26} {sum(counter.values()):>5}  {top}")
    return articles, spans


def bench_mentions(folder: Path, spans) -> None:
    """Mentions NER and the gazetteer find inside boilerplate (kept out of ``corpus.mentions``).

    Runs the enrichment of the whole corpus (cached in ``$CORPUS_ATLAS_CACHE`` or
    ``~/.cache/corpus-atlas``: minutes the first time).
    """
    import helpers
    from helpers.enrich.pipeline import cached_mentions
    from helpers.ingest.boilerplate import drop_boilerplate

    t0 = time.perf_counter()
    corpus = helpers.load_corpus(folder, progress=False, enrich=False)
    raw, _ = cached_mentions(corpus, progress=False)
    raw = raw.reset_index(drop=True).assign(row=range(len(raw)))
    kept, gone = drop_boilerplate(raw, spans)
    dropped = raw[~raw["row"].isin(kept["row"])]
    print(
        f"\nMentions from boilerplate: {gone:,} of {len(raw):,} raw mentions ({gone / max(len(raw), 1):.1%}) "
        f"in {dropped['article_id'].nunique():,} articles (enrichment {time.perf_counter() - t0:.0f} s)"
    )
    for kind, group in dropped.groupby("kind"):
        top = ", ".join(f"{t} {n}" for t, n in group["text"].value_counts().head(6).items())
        print(f"  {kind:<7} {len(group):>5}  {top}")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (see the module docstring)."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--corpus", type=Path, default=REAL)
    args.add_argument("--before", default=BEFORE, help="git revision of the parser to compare with")
    args.add_argument("--mentions", action="store_true", help="also count mentions (runs enrichment)")
    opts = args.parse_args(argv)
    if not opts.corpus.is_dir():
        sys.exit(f"corpus not found: {opts.corpus}")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(opts.corpus.rglob("*.txt"))]
    bench_glue(texts, opts.before)
    _, spans = bench_boilerplate(opts.corpus)
    if opts.mentions:
        bench_mentions(opts.corpus, spans)


if __name__ == "__main__":
    main()
