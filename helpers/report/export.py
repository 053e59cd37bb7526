"""``export_report``: one self-contained HTML report whose linked filters keep working offline.

The page needs no kernel and no network; article text reaches it only as escaped data. Compute ->
structure -> render: :mod:`helpers.report.compute` lays out the data, :mod:`helpers.report.meta` the
provenance and size accounting, :mod:`helpers.report.render` the page. What the page does, what each
view costs and why it holds no full text by default: ``docs/report.md``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from helpers import __version__
from helpers.ingest.load import corpus_hash
from helpers.places.world import world_outlines
from helpers.query.filters import Filter
from helpers.query.index import index_for
from helpers.query.tokens import keyword_terms
from helpers.report.compute import ReportData, build_data, encode_core, initial_state
from helpers.report.extras import extras
from helpers.report.meta import contents_text, keyword_help, provenance, size_text
from helpers.report.render import (
    app_scripts,
    check_style,
    data_block,
    json_for_script,
    package_text,
    render_page,
)

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

SAMPLE_SEED = 0


class ReportSizeWarning(UserWarning):
    """The report is larger than its size budget (it is still written in full)."""


@dataclass(frozen=True)
class Report:
    """A rendered report: the page, the byte size of each part, and how many articles it holds."""

    html: str
    sizes: dict[str, int]
    articles: int

    @property
    def total_bytes(self) -> int:
        """Size of the whole file in bytes (UTF-8)."""
        return len(self.html.encode("utf-8"))

    def describe_size(self) -> str:
        """``"1.4 MB: keyword index 1.1 MB, …"``."""
        return size_text(self.sizes)


def sample_corpus(corpus: Corpus, n: int, seed: int = SAMPLE_SEED) -> Corpus:
    """A random sample of ``n`` articles (corpus order kept) with their mentions, entities and places."""
    if n >= len(corpus):
        return corpus
    if n < 1:
        raise ValueError(f"sample must be a positive number of articles, not {n}")
    keep = np.zeros(len(corpus), dtype=bool)
    keep[np.random.default_rng(seed).choice(len(corpus), size=n, replace=False)] = True
    sub = index_for(corpus).subset(corpus, keep, Filter())
    return sub.with_tables(meta={k: v for k, v in sub.meta.items() if k != "filter"})


def base_map() -> dict[str, dict[str, list[float | None]]]:
    """The ``ca-geo`` block (``window.CorpusAtlasBaseMap`` in the page): borders and coasts from
    :mod:`helpers.places.world`, packed like the other data (29 kB where a script of it took 90 kB).

    The page projects and draws these lines once into an SVG layer under the points' canvas, so a
    filter change repaints only the points (plotly's ``scattergeo`` would re-project the whole map each time).
    """

    def line(layer: str) -> dict[str, list[float | None]]:
        lons, lats = world_outlines(layer)
        return {
            "lon": [None if np.isnan(v) else round(float(v), 1) for v in lons],
            "lat": [None if np.isnan(v) else round(float(v), 1) for v in lats],
        }

    return {"borders": line("borders")}


def build_report(
    corpus: Corpus,
    *,
    title: str | None = None,
    filter: Filter | None = None,
    include_bodies: bool = False,
    sample: int | None = None,
    snippets: bool = True,
    compress: bool = True,
) -> Report:
    """Compute, structure and render the report of ``corpus`` (see :func:`export_report`).

    ``compress=False`` embeds the data as plain (escaped) JSON instead of gzip + text7: bigger,
    readable, for debugging and tests.
    """
    f = filter or Filter()
    exported = (sample_corpus(corpus, sample) if sample else corpus).with_bodies()  # a store: read them now
    data = build_data(exported, snippets=snippets, include_bodies=include_bodies)
    blocks = {
        "core": data_block("ca-core", encode_core(data.core) if compress else data.core, compress=compress),
        "index": data_block("ca-index", data.index, compress=compress),
        "details": data_block("ca-details", data.details, compress=compress) if data.details else "",
        "bodies": data_block("ca-bodies", data.bodies, compress=compress) if data.bodies is not None else "",
    }
    blocks["geo"] = data_block("ca-geo", base_map(), compress=compress)
    blocks["extra"] = data_block("ca-extra", extras(exported), compress=compress)
    app_tag = app_scripts()
    css = check_style(package_text("static", "report.css"), "report.css")
    sizes = {k: len(v.encode()) for k, v in blocks.items()}
    sizes["app"] = len((app_tag + css + package_text("templates", "report.html")).encode())
    meta = _meta(corpus, exported, f, data, title=title, sizes=sizes)
    meta_block = (
        f'<script type="application/json" id="ca-meta" data-encoding="json">{json_for_script(meta)}</script>'
    )
    sizes["meta"] = len(meta_block.encode())
    page = render_page(
        {
            "title": meta["title"],
            "version": __version__,
            "css": css,
            "blocks": "\n".join([meta_block, *[b for b in blocks.values() if b]]),
            "scripts": app_tag,
        }
    )
    sizes["app"] = len(page.encode()) - sum(v for k, v in sizes.items() if k != "app")  # template and glue
    return Report(html=page, sizes=sizes, articles=len(exported))


def _meta(
    corpus: Corpus,
    exported: Corpus,
    f: Filter,
    data: ReportData,
    *,
    title: str | None,
    sizes: dict[str, int],
) -> dict[str, Any]:
    """The ``ca-meta`` block: title, starting filter, contents and the provenance rows."""
    bodies, snippets = data.bodies is not None, data.details is not None
    contents = contents_text(
        len(exported), len(corpus), snippets=snippets, bodies=bodies, sample_seed=SAMPLE_SEED
    )
    rows = provenance(
        corpus,
        exported,
        f,
        versions={"Corpus Atlas": __version__},
        corpus_hash=corpus_hash(exported.articles),
        contents=contents,
        generated=dt.datetime.now(dt.UTC),
    )
    rows.insert(5, ["File size", "about " + size_text(sizes)])
    return {
        "title": title or _default_title(corpus),
        "initial": initial_state(exported, f, data.core),
        "initial_text": "" if f.is_empty() else f.describe(exported),
        "filter": f.to_dict(),
        "contents": {"snippets": snippets, "bodies": bodies, "articles": len(exported)},
        "keyword_help": keyword_help(bodies),
        "phrases": {} if bodies else exported_phrases(exported, f),
        "provenance": rows,
    }


def exported_phrases(exported: Corpus, f: Filter) -> dict[str, list[int]]:
    """The articles (positions) matching each phrase of the exported keyword, exactly.

    Without the bodies the page's word index narrows a phrase only to the articles holding all its
    words; for the phrases the report was made with it uses these lists, so its starting state
    counts what ``Corpus.filter`` counts.
    """
    phrases = [term for term in keyword_terms(f.keyword) if " " in term]
    if not phrases:
        return {}
    keywords = index_for(exported).keywords
    everything = np.ones(len(exported), dtype=bool)
    return {term: np.flatnonzero(keywords.mask([term], everything)).tolist() for term in phrases}


def _default_title(corpus: Corpus) -> str:
    source = str(corpus.meta.get("source") or "")
    name = Path(source).name if source else "corpus"
    return f"{name}: {len(corpus):,} articles"


def _check_budget(report: Report, n_source: int, budget_mb: float, path: Path) -> None:
    """Warn (never truncate) when the file is above the budget, with what would bring it under."""
    total = report.total_bytes
    if total <= budget_mb * 1e6:
        return
    fixed = report.sizes.get("geo", 0) + report.sizes.get("app", 0)
    room = budget_mb * 1e6 - fixed
    per_article = max((total - fixed) / max(report.articles, 1), 1.0)
    advice = []
    if room > per_article:
        advice.append(f"sample={int(room / per_article):,} (CLI --sample; a random sample that fits)")
    if report.sizes.get("bodies"):
        advice.append(f"include_bodies=False (saves {report.sizes['bodies'] / 1e6:.1f} MB)")
    if report.sizes.get("details"):
        advice.append(f"snippets=False (CLI --no-snippets; saves {report.sizes['details'] / 1e6:.1f} MB)")
    how = "to make it smaller pass " + " or ".join(advice) if advice else "nothing left to drop"
    if room <= 0:
        how = f"the page code and the base map alone take {fixed / 1e6:.1f} MB, so raise the budget"
    warnings.warn(
        ReportSizeWarning(
            f"{path.name} is {total / 1e6:.1f} MB, above the {budget_mb:g} MB budget "
            f"({report.articles:,} of {n_source:,} articles; {report.describe_size()}). "
            f"It was written in full; {how}."
        ),
        stacklevel=3,
    )


def export_report(
    corpus: Corpus,
    path: str | Path,
    *,
    title: str | None = None,
    filter: Filter | None = None,
    include_bodies: bool = False,
    size_budget_mb: float = 25,
    sample: int | None = None,
    snippets: bool = True,
) -> Path:
    """Write the self-contained, offline HTML report of ``corpus`` to ``path``; return the path.

    Args:
        corpus: the corpus to share (enriched for entities, places and the map).
        path: the ``.html`` file to write (parent folders are created).
        title: heading of the report; default: the corpus folder name and size.
        filter: the starting state of the page's filters (the whole corpus is still in the file).
        include_bodies: embed the full texts (exact phrase search, keyword in context, reading).
        size_budget_mb: above this size a :class:`ReportSizeWarning` says how to shrink the file.
        sample: keep a random sample of this many articles (seed 0); the report says so.
        snippets: embed the mention snippets of the drill-down (about 1 kB an article).

    Returns:
        The path written.
    """
    out = Path(path)
    report = build_report(
        corpus, title=title, filter=filter, include_bodies=include_bodies, sample=sample, snippets=snippets
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    # with a byte-order mark: it outranks a server's wrong charset header (the data blocks are UTF-8)
    out.write_text(report.html, encoding="utf-8-sig")
    _check_budget(report, len(corpus), size_budget_mb, out)
    return out
