"""Structure step of the HTML report: provenance, contents and size accounting, in words for people."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from helpers.core.text import dates_text

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus
    from helpers.query.filters import Filter

#: labels of the size accounting, in display order
PART_LABELS = {
    "geo": "base map",
    "app": "report code and styles",
    "meta": "provenance",
    "core": "articles, entities, places",
    "index": "keyword index",
    "details": "snippets and captions",
    "bodies": "full text",
    "extra": "tone, stories, stop words",
}


def megabytes(n: int) -> str:
    """``"4.8 MB"`` / ``"312 kB"`` for a byte count."""
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(n, 0) / 1e3:.0f} kB"


def size_text(sizes: dict[str, int]) -> str:
    """``"1.4 MB: keyword index 1.1 MB, …"`` (parts present, biggest first)."""
    parts = sorted(((v, k) for k, v in sizes.items() if v > 0), reverse=True)
    detail = ", ".join(f"{PART_LABELS[k]} {megabytes(v)}" for v, k in parts)
    return f"{megabytes(sum(sizes.values()))}: {detail}"


def _source_name(meta: dict[str, Any]) -> str:
    source = str(meta.get("source") or "")
    return PurePath(source).name if source else "not recorded"


def _load_text(corpus: Corpus) -> str:
    report = corpus.load_report
    if report is None or report.empty or "status" not in report.columns:
        return "no load report"
    counts = report["status"].value_counts()
    other = ", ".join(f"{int(n):,} {s}" for s, n in counts.items() if s not in ("ok", "warning"))
    text = f"{len(report):,} input files"
    return f"{text} ({other} not used as articles)" if other else text


def _alias_text(meta: dict[str, Any]) -> str:
    path = str(meta.get("aliases") or meta.get("alias_table") or "")
    sha = str(meta.get("aliases_sha") or "")
    if not path and not sha:
        return "none"
    name = PurePath(path).name if path else "no alias file"
    return f"{name} (sha256 {sha[:16]})" if sha else name


def contents_text(n_exported: int, n_source: int, *, snippets: bool, bodies: bool, sample_seed: int) -> str:
    """What the file holds, so that nothing is left out silently."""
    what = "titles, dates, outlets, links, entity mentions, a word index of every title and text"
    what += "; snippets: the first mention of each entity in each article, with about 70 characters around it"
    what += "" if snippets else " (left out of this file)"
    what += "; full text: included" if bodies else "; full text: not included"
    if n_exported < n_source:
        return f"A random sample of {n_exported:,} of {n_source:,} articles (seed {sample_seed}): {what}."
    return f"All {n_exported:,} articles: {what}."


def keyword_help(bodies: bool) -> str:
    """The sentence under the keyword box: what is searched, and how exactly."""
    if bodies:
        return 'Searches titles and full text, case-insensitive; "quotes" for a phrase. Matches are exact.'
    return (
        'Searches titles and full text through a word index, case-insensitive; "quotes" for a phrase. '
        "Single words are exact; phrases match articles that contain all their words."
    )


def provenance(
    corpus: Corpus,
    exported: Corpus,
    f: Filter,
    *,
    versions: dict[str, str],
    corpus_hash: str,
    contents: str,
    generated: dt.datetime,
) -> list[list[str]]:
    """Rows ``[label, value]`` of the "About this report" panel."""
    meta = corpus.meta
    arts = exported.articles
    undated = int(arts["published"].isna().sum())
    dates = dates_text(arts["published"]) + (f" ({undated:,} undated)" if undated else "")
    n_places = len(exported.places)
    rows = [
        [
            "Articles",
            f"{len(arts):,}" + (f" of {len(corpus.articles):,} loaded" if len(arts) < len(corpus) else ""),
        ],
        ["Published", dates],
        ["Outlets", f"{arts.loc[arts['outlet'] != '', 'outlet'].nunique():,}"],
        ["Entities", f"{len(exported.entities):,} ({n_places:,} geocoded places)"],
        ["Contents", contents],
        ["Filter when exported", f.describe(corpus) if not f.is_empty() else "none (all articles)"],
        ["Corpus hash", f"sha256 {corpus_hash} (over the sorted article ids, titles and texts)"],
        ["Source", f"{_source_name(meta)} — {_load_text(corpus)}"],
        ["NER model", str(meta.get("ner_model") or "none: the corpus was not enriched")],
        ["Gazetteer", str(meta.get("gazetteer") or "none")],
        ["Alias table", _alias_text(meta)],
        ["Made with", ", ".join(f"{k} {v}" for k, v in versions.items())],
        ["Generated", generated.strftime("%Y-%m-%d %H:%M UTC")],
    ]
    return rows
