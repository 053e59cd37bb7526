"""Human-readable one-line summaries of a corpus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.core.text import dates_text

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus


def corpus_summary(corpus: Corpus) -> str:
    """``"5,187 articles · 21 Nov 2019 – 28 Dec 2022 · 13 outlets · 218 files to check (...)"``."""
    arts = corpus.articles
    n_outlets = arts.loc[arts["outlet"] != "", "outlet"].nunique()
    parts = [_count(len(arts), "article"), dates_text(arts["published"]), _count(n_outlets, "outlet")]
    counts = corpus.load_report["status"].value_counts()
    problems = {s: int(counts.get(s, 0)) for s in ("warning", "duplicate", "skipped", "error")}
    total = sum(problems.values())
    if total:
        detail = ", ".join(f"{n:,} {s}" for s, n in problems.items() if n)
        parts.append(f"{_count(total, 'file')} to check ({detail})")
    else:
        parts.append("no problems")
    if len(corpus.entities):
        parts.append(f"{len(corpus.entities):,} entities")
    return " · ".join(parts)


def _count(n: int, noun: str) -> str:
    """``"1 article"``, ``"5,189 articles"``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
