"""Human-readable one-line summaries of a corpus."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

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


def count_text(n: int, noun: str) -> str:
    """``"1 article"``, ``"5,189 articles"`` (public name of the counting rule used here)."""
    return _count(n, noun)


def problems_line(load_report: pd.DataFrame, how_to_see: str = "") -> str:
    """One line on the files that need a look, e.g. ``"3 files skipped, 12 with warnings (...)"``;
    ``""`` when every file loaded cleanly. ``how_to_see`` is appended in brackets."""
    counts = load_report["status"].value_counts()
    words = {
        "skipped": "skipped",
        "error": "with errors",
        "duplicate": "duplicates",
        "warning": "with warnings",
    }
    parts = [f"{int(counts[s]):,} {w}" for s, w in words.items() if counts.get(s, 0)]
    if not parts:
        return ""
    total = sum(int(counts.get(s, 0)) for s in words)
    line = f"{_count(total, 'file')} to check: {', '.join(parts)}"
    return f"{line} ({how_to_see})" if how_to_see else line


def empty_reasons(load_report: pd.DataFrame, limit: int = 5) -> str:
    """Why a load gave no articles: the folder was empty, or the commonest messages of its files."""
    if load_report.empty:
        return "the folder holds no files"
    messages = load_report["message"].fillna("").replace("", "no message")
    common = messages.str.replace("; only .txt and .md files are read from a folder", "", regex=False)
    common = common.value_counts()
    lines = [f"{_count(int(n), 'file')}: {msg}" for msg, n in common.head(limit).items()]
    if len(common) > limit:
        lines.append(f"... and {len(common) - limit} other reasons")
    return "; ".join(lines)
