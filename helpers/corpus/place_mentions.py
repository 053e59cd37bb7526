"""Every place mention of a corpus as JSON Lines (``corpus-atlas places``), for the files ``load`` reads.

The mentions themselves come from :mod:`helpers.enrich.geoparse` (offsets into each file's text, so
a geoparsing scorer can compare them with hand annotations). This module decides *which* files:
exactly those that :func:`helpers.ingest.load.load_articles` reads as articles (status ``ok``,
``warning`` or ``duplicate``), so that a ``SOURCE.md``, a README or a hidden file is left out by
both, and the command can say what it skipped. Each row also carries what an analyst needs to read
it without the gazetteer::

    {"file": "0001_ab12.txt", "phrase": "Kyiv", "start": 120, "end": 124, "place_id": "703448",
     "name": "Kyiv", "country": "UA", "lat": 50.45466, "lon": 30.5238, "kind": "place",
     "resolved": true, "ambiguous": false}

``kind`` is ``place`` for a place name and ``demonym`` for a nationality word ("Russian", located at
its country); ``resolved`` is false for a place name the gazetteer does not know (no id, no
coordinates). Keep or drop them with ``--no-demonyms`` and ``--resolved-only``, or afterwards with
``pandas.read_json(path, lines=True).query("resolved and kind == 'place'")``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.enrich.geoparse import article_url, body_region, mention_rows, read_text
from helpers.enrich.ner import ner_spans
from helpers.ingest.load import load_articles
from helpers.places.find import place_table

#: statuses of the load report whose files are read as articles
ARTICLE_STATUSES = ("ok", "warning", "duplicate")
ROW_KEYS = ("file", "phrase", "start", "end", "place_id", "name", "country", "lat", "lon", "kind", "resolved",
            "ambiguous")  # fmt: skip


@dataclass(frozen=True)
class PlacesExport:
    """What :func:`export_places` did: mentions written, article files read, the other files."""

    mentions: int
    files: int
    not_read: pd.DataFrame  # load-report rows (path, status, message) of the files left out


def article_files(path: Path, *, follow_links: bool = False) -> tuple[list[tuple[str, Path]], pd.DataFrame]:
    """``(rel, absolute path)`` of the files ``load`` reads as articles under ``path``, and the
    load-report rows of the others."""
    source = Path(path).expanduser().resolve()
    _, report, _ = load_articles(source, progress=False, follow_links=follow_links)
    root = source if source.is_dir() else source.parent
    read = report["status"].isin(ARTICLE_STATUSES)
    files = [(rel, source if source.is_file() else root / rel) for rel in report.loc[read, "path"].tolist()]
    return files, report.loc[~read, ["path", "status", "message"]].reset_index(drop=True)


def iter_place_rows(
    files: list[tuple[str, Path]], *, demonyms: bool = True, embedded: bool = False, n_process: int = 1
) -> Iterator[dict]:
    """The JSON rows of every place mention in ``files`` (NER in batches over all of them)."""
    texts = [read_text(f) for _, f in files]
    regions = [body_region(t) for t in texts]
    bodies = [t[a:b] for t, (a, b) in zip(texts, regions, strict=True)]
    all_spans = ner_spans(bodies, n_process=n_process, progress=False)
    for (rel, _), text, body, (start, _), spans in zip(files, texts, bodies, regions, all_spans, strict=True):
        home = article_url(text)  # the outlet's home town is evidence (helpers.places.context)
        rows = mention_rows(rel, body, start, spans, demonyms=demonyms, embedded=embedded, home=home)
        yield from _described(rows)


def _described(rows: list[dict]) -> list[dict]:
    """Rows with the place's ``name`` and ``country`` code, ``resolved``, in :data:`ROW_KEYS` order."""
    table = place_table([r["place_id"] for r in rows if r.get("place_id")]).set_index("place_id")
    out = []
    for row in rows:
        pid = row.get("place_id")
        known = pid in table.index
        row = {
            **row,
            "name": str(table.at[pid, "name"]) if known else None,
            "country": (str(table.at[pid, "country"]) or None) if known else None,
            "resolved": row.get("lat") is not None and row.get("lon") is not None,
        }
        out.append({k: row.get(k) for k in ROW_KEYS})
    return out


def export_places(
    path: str | Path,
    out: str | Path,
    *,
    demonyms: bool = True,
    embedded: bool = False,
    resolved_only: bool = False,
    n_process: int = 1,
    follow_links: bool = False,
) -> PlacesExport:
    """Write one JSON line per place mention of the article files under ``path`` to ``out``."""
    files, not_read = article_files(Path(path), follow_links=follow_links)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for row in iter_place_rows(files, demonyms=demonyms, embedded=embedded, n_process=n_process):
            if resolved_only and not row["resolved"]:
                continue
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return PlacesExport(count, len(files), not_read)
