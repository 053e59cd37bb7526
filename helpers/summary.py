"""Human-readable one-line summaries of a corpus."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .corpus import Corpus


def date_range_text(published) -> str:
    """``"12 Mar – 30 Jun 2022"`` style range of a datetime Series, or ``"no dates"``."""
    dates = published.dropna()
    if dates.empty:
        return "no dates"
    lo, hi = dates.min(), dates.max()
    if lo.year == hi.year:
        return f"{lo.day} {lo:%b} – {hi.day} {hi:%b %Y}"
    return f"{lo.day} {lo:%b %Y} – {hi.day} {hi:%b %Y}"


def corpus_summary(corpus: Corpus) -> str:
    """``"5,189 articles · 3 Jan – 30 Dec 2022 · 13 outlets · 12 problems (3 duplicate, 9 error)"``."""
    arts = corpus.articles
    parts = [f"{len(arts):,} articles", date_range_text(arts["published"])]
    n_outlets = arts.loc[arts["outlet"] != "", "outlet"].nunique()
    parts.append(f"{n_outlets:,} outlets")
    counts = corpus.load_report["status"].value_counts()
    problems = {s: int(counts.get(s, 0)) for s in ("warning", "duplicate", "skipped", "error")}
    total = sum(problems.values())
    if total:
        detail = ", ".join(f"{n:,} {s}" for s, n in problems.items() if n)
        parts.append(f"{total:,} files to check ({detail})")
    else:
        parts.append("no problems")
    if len(corpus.entities):
        parts.append(f"{len(corpus.entities):,} entities")
    return " · ".join(parts)
