"""Compute step of the HTML report: a corpus -> the columnar data the page's JavaScript filters.

Everything the browser needs to filter, count and draw is laid out by position (article ``i`` is
row ``i`` of ``corpus.articles``) and dictionary-encoded: outlets, entity kinds and places are small
tables that the article columns point into. The parts, and why they are split:

``core`` (JSON, or the bytes of :func:`encode_core` in a packed report)
    per article: title, UTC day number (``null`` when unknown), outlet code, http(s) URL or ``""``;
    article -> entities (unique pairs: ``ae_count`` per article, ``ae_gap`` the sorted codes as gaps,
    see :func:`article_entities`); entities sorted by article
    count (name, kind code, place row or -1, aliases); places (id, name, country, lat, lon); outlets.
    ``token_chars``: this Python's class of every code point (token character or not, cased,
    case-ignorable, unassigned), from which the page builds its tokeniser
    (:func:`helpers.query.chars.token_chars`, ``docs/filter_contract.md``).
``details`` (JSON, read on the first drill-down)
    captions, photo credits and the *snippets*: for every entity of an article, its first mention
    with context on each side (:func:`helpers.core.text.snippet_around`).
``index`` (binary, see :func:`encode_keyword_index`)
    the keyword index the filters use (:class:`~helpers.query.keywords.KeywordIndex`): every token of
    ``title + "\\n" + body`` with the sorted list of articles containing it.
``bodies`` (JSON list, only with ``include_bodies=True``)
    the full bodies, for exact phrase search, keyword-in-context and reading.

Entity and place *values* of a filter resolve exactly as :func:`helpers.query.apply.apply` resolves them
(ids, names, aliases, case-insensitive; a value that resolves to nothing matches no article).
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from helpers.core.text import snippet_around
from helpers.query.chars import token_chars
from helpers.query.filters import Filter
from helpers.query.index import NAT_DAY, FilterIndex, index_for
from helpers.query.keywords import KeywordIndex

if TYPE_CHECKING:
    from helpers.corpus.model import Corpus

#: magic + version at the start of the binary keyword index
INDEX_MAGIC = b"CAI2"
#: magic + version at the start of the binary ``core`` block (:func:`encode_core`)
CORE_MAGIC = b"CAC1"
_KIND_ORDER = ("person", "org", "place", "group")
_CORE_VARINTS = ("day", "outlet", "ae_count", "ae_gap", "ent_kind", "ent_place")


@dataclass(frozen=True)
class ReportData:
    """The parts of one report's data (see the module docstring)."""

    core: dict[str, Any]
    details: dict[str, Any] | None
    index: bytes
    bodies: list[str] | None


def safe_url(url: Any) -> str:
    """``url`` when it is an absolute http(s) URL without control characters or spaces, else ``""``."""
    if not isinstance(url, str):
        return ""
    text = url.strip()
    lower = text.lower()
    if not (lower.startswith("http://") or lower.startswith("https://")) or len(text) < 9:
        return ""
    if any(ord(c) < 33 or ord(c) == 127 for c in text):
        return ""
    return text


def _str_list(series: pd.Series) -> list[str]:
    return [str(v) if isinstance(v, str) else "" for v in series.tolist()]


def _aliases(name: str, values: Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if values is None or np.ndim(values) == 0:
        return []
    seen = {name.lower()}
    out = []
    for value in values:
        text = str(value)
        if text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def entity_order(corpus: Corpus, index: FilterIndex) -> np.ndarray:
    """Entity rows that have at least one mention, most articles first (ties: name, then row)."""
    counts = np.diff(index.ent_offsets)
    rows = np.flatnonzero(counts > 0)
    names = corpus.entities["name"].astype(str).str.lower().to_numpy()[rows]
    order = np.lexsort((rows, names, -counts[rows]))
    return rows[order]


def _article_entities(index: FilterIndex, ent_rows: np.ndarray) -> tuple[list[int], list[int]]:
    """Article -> payload entity codes, as (number per article, gaps).

    The codes of each article are sorted and written as gaps: the first code, then each code minus
    the one before (small numbers, which compress better than the codes or the offsets themselves;
    :func:`article_entities` decodes them).
    """
    code_of_row = np.full(len(index.entity_ids), -1, dtype=np.int64)
    code_of_row[ent_rows] = np.arange(len(ent_rows))
    codes = code_of_row[index.pair_ent]
    arts = index.ent_arts
    keep = codes >= 0
    order = np.lexsort((codes[keep], arts[keep]))
    arts_sorted, codes_sorted = arts[keep][order], codes[keep][order]
    counts = np.bincount(arts_sorted, minlength=index.n)
    gaps = np.diff(codes_sorted, prepend=0)
    firsts = (np.cumsum(counts) - counts)[counts > 0]
    gaps[firsts] = codes_sorted[firsts]
    return counts.tolist(), gaps.tolist()


def article_entities(core: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, codes)`` of the ``core`` part's article -> entities: the codes of article ``i`` are
    ``codes[offsets[i]:offsets[i + 1]]`` (the page decodes them the same way)."""
    counts = np.asarray(core["ae_count"], dtype=np.int64)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    gaps = np.asarray(core["ae_gap"], dtype=np.int64)
    codes = np.cumsum(gaps)
    if len(gaps):  # restart the running sum at each article's first code
        firsts = offsets[:-1][counts > 0]
        codes -= np.repeat(codes[firsts] - gaps[firsts], counts[counts > 0])
    return offsets, codes


def _kinds(kinds: pd.Series) -> list[str]:
    present = list(dict.fromkeys(kinds.tolist()))
    return [k for k in _KIND_ORDER if k in present] + sorted(k for k in present if k not in _KIND_ORDER)


def build_core(corpus: Corpus) -> dict[str, Any]:
    """The ``core`` part: articles, entities, places and outlets as columns (see the module docstring)."""
    index = index_for(corpus)
    arts = corpus.articles
    ent_rows = entity_order(corpus, index)
    ents = corpus.entities.iloc[ent_rows]
    kinds = _kinds(ents["kind"].astype(str))
    place_rows = np.unique(index.ent_place[ent_rows])
    place_rows = place_rows[place_rows >= 0]
    place_code = np.full(len(index.place_ids) + 1, -1, dtype=np.int64)
    place_code[place_rows] = np.arange(len(place_rows))
    places = corpus.places.iloc[place_rows]
    ae_count, ae_gap = _article_entities(index, ent_rows)
    outlets = arts["outlet"].fillna("").astype(str).str.lower()
    outlet_codes, outlet_names = pd.factorize(outlets)
    names = _str_list(ents["name"])
    alias_col = ents["aliases"] if "aliases" in ents.columns else pd.Series([[]] * len(ents))
    return {
        "n": len(arts),
        "title": _str_list(arts["title"]),
        "day": [None if d == NAT_DAY else int(d) for d in index.day.tolist()],
        "outlet": outlet_codes.tolist(),
        "url": [safe_url(u) for u in arts["url"].tolist()],
        "outlets": [str(o) for o in outlet_names],
        "ae_count": ae_count,
        "ae_gap": ae_gap,
        "kinds": kinds,
        "ent_name": names,
        "ent_kind": [kinds.index(str(k)) for k in ents["kind"].tolist()],
        "ent_place": place_code[index.ent_place[ent_rows]].tolist(),
        "ent_alias": [_aliases(n, a) for n, a in zip(names, alias_col.tolist(), strict=True)],
        "place_id": _str_list(places["place_id"]),
        "place_name": _str_list(places["name"]),
        "place_country": _str_list(places["country"]),
        "place_lat": [_coord(v) for v in places["lat"].tolist()],
        "place_lon": [_coord(v) for v in places["lon"].tolist()],
        "token_chars": token_chars(),
    }


def encode_core(core: dict[str, Any]) -> bytes:
    """The ``core`` part (as :func:`build_core` returns it) as bytes: about 10 % smaller once gzipped
    than its JSON (the page's ``CorpusAtlasLib.readCore`` gives back the same object).

    Layout: ``b"CAC1"``, uint32 LE byte length of a JSON object, that JSON (UTF-8), then varints:
    ``day`` (``n`` of them: 0 for ``None``, else ``day - day0 + 1``), ``outlet`` (``n``), ``ae_count``
    (``n``), ``ae_gap`` (``sum(ae_count)``), ``ent_kind``, ``ent_place + 1`` and the shared-prefix
    lengths of the front-coded entity names (one per entity each). The JSON holds ``day0`` (the
    first day) and every other field as :func:`build_core` gives it, except ``ent_name``, written as
    ``ent_suffix`` (:func:`front_code`; entities of equal article count are sorted by name).
    """
    days = [d for d in core["day"] if d is not None]
    day0 = min(days) if days else 0
    shared, suffixes = front_code(core["ent_name"])
    head = {k: v for k, v in core.items() if k not in _CORE_VARINTS and k != "ent_name"}
    head.update(day0=day0, ent_suffix=suffixes)
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    columns = [
        [0 if d is None else d - day0 + 1 for d in core["day"]],
        core["outlet"],
        core["ae_count"],
        core["ae_gap"],
        core["ent_kind"],
        [p + 1 for p in core["ent_place"]],
        shared,
    ]
    body = b"".join(varint_bytes(np.asarray(c, dtype=np.int64)) for c in columns)
    return CORE_MAGIC + struct.pack("<I", len(text)) + text + body


def _coord(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 4) if np.isfinite(number) else None


def initial_state(corpus: Corpus, f: Filter | None, core: dict[str, Any]) -> dict[str, Any]:
    """The exported filter as the page's starting state, with values resolved to payload codes.

    Each entity/place/outlet value becomes a chip ``{"label", "codes"}``; a value that resolves to
    nothing keeps an empty ``codes`` list and so matches no article, as in
    :func:`helpers.query.apply.apply`.
    """
    f = f or Filter()
    index = index_for(corpus)
    ent_code = {row: code for code, row in enumerate(entity_order(corpus, index).tolist())}
    place_code = {pid: code for code, pid in enumerate(core["place_id"])}
    outlet_code = {name: code for code, name in enumerate(core["outlets"])}
    entities = [
        {"label": v, "codes": sorted({ent_code[r] for r in index.entity_rows(v) if r in ent_code})}
        for v in f.entities
    ]
    places = []
    for value in f.places:
        ids = index.place_ids[index.place_rows(value)].tolist() if len(index.place_ids) else []
        places.append({"label": value, "codes": sorted({place_code[p] for p in ids if p in place_code})})
    outlets = [
        {"label": v, "codes": [outlet_code[v.lower()]] if v.lower() in outlet_code else []} for v in f.outlets
    ]
    epoch = np.datetime64("1970-01-01", "D")
    return {
        "start": int((np.datetime64(f.start, "D") - epoch).astype(int)) if f.start else None,
        "end": int((np.datetime64(f.end, "D") - epoch).astype(int)) if f.end else None,
        "entities": entities,
        "mode": f.entity_mode,
        "places": places,
        "outlets": outlets,
        "keyword": f.keyword,
    }


def build_details(corpus: Corpus, core: dict[str, Any]) -> dict[str, Any]:
    """The ``details`` part: captions, photo credits and per-article snippets (first mention per entity)."""
    arts = corpus.articles
    index = index_for(corpus)
    ent_rows = entity_order(corpus, index)
    code_of_row = np.full(len(index.entity_ids) + 1, -1, dtype=np.int64)
    code_of_row[ent_rows] = np.arange(len(ent_rows))
    ments = corpus.mentions
    frame = pd.DataFrame(
        {
            "art": index.mention_art,
            "code": code_of_row[index.mention_ent],
            "start": ments["start"].to_numpy(dtype=np.int64),
            "end": ments["end"].to_numpy(dtype=np.int64),
        }
    )
    frame = frame[(frame["art"] >= 0) & (frame["code"] >= 0)].sort_values(["art", "start", "end"])
    frame = frame.drop_duplicates(["art", "code"], keep="first")
    bodies = _str_list(arts["body"])
    snippets: list[list[list[Any]]] = [[] for _ in range(len(arts))]
    for art, code, start, end in frame.itertuples(index=False, name=None):
        cut = snippet_around(bodies[art], int(start), int(end)) if end > start else None
        if cut is not None:
            snippets[art].append([int(code), *cut])
    return {
        "caption": _str_list(arts["caption"]),
        "credit": _str_list(arts["photo_credit"]),
        "snip": snippets,
    }


def varint_bytes(values: np.ndarray) -> bytes:
    """LEB128 (7 bits a byte, high bit = more) encoding of non-negative integers, vectorised."""
    v = np.asarray(values, dtype=np.uint64)
    if v.size == 0:
        return b""
    nbytes = _varint_sizes(v)
    starts = np.cumsum(nbytes) - nbytes
    out = np.zeros(int(nbytes.sum()), dtype=np.uint8)
    for k in range(int(nbytes.max())):
        sel = nbytes > k
        chunk = (v[sel] >> np.uint64(7 * k)) & np.uint64(0x7F)
        more = (nbytes[sel] > k + 1).astype(np.uint64) << np.uint64(7)
        out[starts[sel] + k] = (chunk | more).astype(np.uint8)
    return out.tobytes()


def encode_keyword_index(keywords: KeywordIndex) -> bytes:
    """The keyword index (the one filters use, :class:`~helpers.query.keywords.KeywordIndex`) as bytes.

    Layout: ``b"CAI2"``, uint32 LE number of tokens, uint32 LE byte length of the suffix text, the
    vocabulary (most frequent first, tokens of equal frequency sorted by code point) front-coded by
    :func:`front_code` (the suffixes as UTF-8 joined by spaces, which no token holds), one varint per
    token: the number of UTF-16 code units it shares with the token before, one varint per token: the
    byte length of its posting list, then the posting lists: per token, the sorted article positions
    as varint gaps (first position, then ``next - previous - 1``). ``bench/README.md`` says why this
    order.
    """
    by_row = list(keywords.vocab)  # the token of each row of the index
    freq = np.diff(keywords.offsets)
    order = np.asarray(sorted(range(len(by_row)), key=lambda r: (-freq[r], by_row[r])), dtype=np.int64)
    words = [by_row[r] for r in order.tolist()]
    counts = freq[order]
    tok = np.repeat(np.arange(len(words), dtype=np.int64), counts)  # posting lists in the new order
    shift = np.repeat(keywords.offsets[order] - (np.cumsum(counts) - counts), counts)
    art = keywords.postings[shift + np.arange(len(tok))].astype(np.int64)
    first = np.ones(len(tok), dtype=bool)
    first[1:] = tok[1:] != tok[:-1]
    gaps = np.where(first, art, art - np.roll(art, 1) - 1)
    lengths = np.bincount(tok, weights=_varint_sizes(gaps), minlength=len(words)).astype(np.int64)
    shared, suffixes = front_code(words)
    text = " ".join(suffixes).encode("utf-8")
    header = INDEX_MAGIC + struct.pack("<II", len(words), len(text))
    return header + text + varint_bytes(shared) + varint_bytes(lengths) + varint_bytes(gaps)


def front_code(words: list[str]) -> tuple[np.ndarray, list[str]]:
    """``(shared, suffixes)``: ``words[k]`` is the first ``shared[k]`` UTF-16 code units of
    ``words[k - 1]`` followed by ``suffixes[k]`` (UTF-16 units, as JavaScript strings count; a shared
    prefix never ends inside a surrogate pair)."""
    shared = np.zeros(len(words), dtype=np.int64)
    suffixes = []
    prev = ""
    for k, word in enumerate(words):
        common = 0
        for a, b in zip(prev, word, strict=False):
            if a != b:
                break
            common += 1
        suffixes.append(word[common:])
        shared[k] = common + sum(ord(c) > 0xFFFF for c in word[:common])
        prev = word
    return shared, suffixes


def _varint_sizes(values: np.ndarray) -> np.ndarray:
    v = np.asarray(values, dtype=np.uint64)
    sizes = np.ones(v.shape, dtype=np.int64)
    for k in range(1, 10):
        sizes += v >= np.uint64(1 << (7 * k))
    return sizes


def build_data(corpus: Corpus, *, snippets: bool = True, include_bodies: bool = False) -> ReportData:
    """All parts of the report's data for ``corpus`` (the corpus as exported, before any filter)."""
    core = build_core(corpus)
    details = build_details(corpus, core) if snippets else None
    bodies = _str_list(corpus.articles["body"]) if include_bodies else None
    index = encode_keyword_index(index_for(corpus).keywords)
    return ReportData(core=core, details=details, index=index, bodies=bodies)
