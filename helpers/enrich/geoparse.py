"""Export place mentions for evaluation against a hand-annotated geoparsing corpus.

``corpus-atlas places PATH --jsonl OUT`` writes one JSON line per place mention of every article file
under PATH::

    {"file": "0001_ab12.txt", "phrase": "Kyiv", "start": 120, "end": 124,
     "lat": 50.45466, "lon": 30.5238, "place_id": "703448", "kind": "place"}

Offsets are offsets into the *file's* text (Python ``str`` indices of the file decoded as UTF-8, newlines
kept as they are). To get them without mapping parsed-body offsets back to the file, NER and
:func:`helpers.places.find.find_places` run on the file's text itself, from the line after the ``# Title`` to
the ``Original url:`` block; the scorer ignores anything outside its annotated regions anyway.

Mentions are what an analyst sees as places: gazetteer places (with coordinates), GPE/LOC spans the
gazetteer does not know (``lat``/``lon``/``place_id`` null), and - because the usual geoparsing gold
(GeoWebNews) annotates associative toponyms too - demonyms and nationalities ("Ukrainian", spaCy NORP
found by :func:`helpers.places.find.find_demonyms`) with ``"kind": "demonym"`` and their country's
coordinates. ``demonyms=False`` leaves them out. ``embedded=True`` (``--embedded``) also keeps places
inside the names of organisations and events ("Zimbabwe" in "Zimbabwe Electoral Commission"), which
GeoWebNews annotates as toponyms but an analyst's place list usually should not count.

The URL in the ``Original url:`` block names the outlet, whose home town is evidence for ambiguous names
(:mod:`helpers.places.context`).

Measured on GeoWebNews (200 articles): see ``tests/test_geoparse_eval.py`` and the README.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from helpers.core.config import ARTICLE_SUFFIXES
from helpers.enrich.ner import ner_spans
from helpers.places.find import PlaceHit, find_demonyms, find_places, place_table

Span = tuple[int, int, str]
URL_MARKER = "\nOriginal url:"


def body_region(text: str) -> tuple[int, int]:
    """The ``[start, end)`` of a file's text that holds the article (after the title, before the URL)."""
    start = len(text) - len(text.lstrip())
    if text.startswith("# ", start):
        newline = text.find("\n", start)
        start = len(text) if newline < 0 else newline + 1
    end = text.rfind(URL_MARKER)
    return start, (end if end >= start else len(text))


def article_url(text: str) -> str | None:
    """The URL of the ``Original url:`` block of a file's text, if any."""
    at = text.rfind(URL_MARKER)
    if at < 0:
        return None
    for line in text[at + len(URL_MARKER) :].splitlines():
        line = line.strip().strip("<>")
        if line:
            return line
    return None


def article_files(path: Path) -> list[Path]:
    """The article files under ``path`` (or ``path`` itself), sorted by name."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and not p.is_dir())


def read_text(path: Path) -> str:
    """A file's text as UTF-8 with its newlines kept (bad bytes become U+FFFD); "" with a warning when
    the file cannot be read."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            return handle.read()
    except OSError as exc:
        warnings.warn(f"{path}: cannot be read ({exc}); no places from it", stacklevel=2)
        return ""


def mention_rows(
    file_name: str,
    text: str,
    offset: int,
    spans: Sequence[Span],
    *,
    demonyms: bool = True,
    embedded: bool = False,
    home: str | None = None,
) -> list[dict]:
    """The JSON rows of one article region ``text`` that starts at ``offset`` in the file (``home``: the
    article's URL, whose domain may name the outlet's town)."""
    hits = find_places(text, spans, embedded=embedded, home=home)
    rows = [_hit_row(file_name, hit, offset) for hit in hits]
    if demonyms:
        taken = [(h.start, h.end) for h in hits]
        for hit in find_demonyms(text, spans, embedded=embedded):
            if not any(a < hit.end and b > hit.start for a, b in taken):
                rows.append(_hit_row(file_name, hit, offset, kind="demonym"))
    _add_coordinates(rows)
    return sorted(rows, key=lambda r: r["start"])


def _hit_row(file_name: str, hit: PlaceHit, offset: int, kind: str = "place") -> dict:
    return {
        "file": file_name,
        "phrase": hit.text,
        "start": hit.start + offset,
        "end": hit.end + offset,
        "lat": None,
        "lon": None,
        "place_id": hit.place_id or None,
        "kind": kind,
        "ambiguous": hit.ambiguous,
    }


def _add_coordinates(rows: list[dict]) -> None:
    table = place_table([r["place_id"] for r in rows if r["place_id"]]).set_index("place_id")
    for row in rows:
        if row["place_id"] in table.index:
            place = table.loc[row["place_id"]]
            row["lat"], row["lon"] = float(place["lat"]), float(place["lon"])


def iter_mentions(
    path: Path, *, demonyms: bool = True, embedded: bool = False, n_process: int = 1
) -> Iterator[dict]:
    """Mention rows for every article file under ``path`` (NER runs in batches over all files)."""
    files = article_files(path)
    texts = [read_text(f) for f in files]
    regions = [body_region(t) for t in texts]
    bodies = [t[a:b] for t, (a, b) in zip(texts, regions, strict=True)]
    all_spans = ner_spans(bodies, n_process=n_process, progress=False)
    for file, text, body, (start, _), spans in zip(files, texts, bodies, regions, all_spans, strict=True):
        yield from mention_rows(
            file.name, body, start, spans, demonyms=demonyms, embedded=embedded, home=article_url(text)
        )


def export_place_jsonl(
    path: Path, out: Path, *, demonyms: bool = True, embedded: bool = False, n_process: int = 1
) -> int:
    """Write one JSON line per place mention of the articles under ``path`` to ``out``; returns the count.

    ``demonyms`` adds nationalities, ``embedded`` places inside organisation names (see the module
    docstring); ``n_process`` NER worker processes.
    """
    count = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for row in iter_mentions(Path(path), demonyms=demonyms, embedded=embedded, n_process=n_process):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
