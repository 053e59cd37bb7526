"""One article's raw mentions: NER spans and gazetteer place hits combined (pure, no I/O).

Places come from the gazetteer (:func:`helpers.places.find.find_places`; the small model misses most
war-news places), with the NER spans as evidence and veto. Then:

* a PERSON/ORG/NORP span made only of place hits and connectors gives way to the places ("Kyiv"
  tagged PERSON, "Mariupol" tagged ORG); so does a name inside a longer place hit ("Kherson" in
  "Kherson region");
* a place hit inside a longer name gives way to the name ("Kyiv Independent");
* but a place hit that is exactly the surname of a person named in full in the same article stays
  a person ("Biden" after "Joe Biden", whatever the gazetteer holds);
* coordinations ("Kyiv and Chernihiv" tagged WORK_OF_ART) are not names and veto nothing, nor
  do one-word PERSON/ORG tags unless the article names that person in full (see
  :func:`_evidence_spans`); the corpus step (:mod:`helpers.enrich.merging`) still turns a place hit
  tagged PERSON into a person when the corpus knows a person of that surname;
* tagging accidents are dropped: names without a capital letter, over :data:`MAX_NAME_CHARS`,
  across lines, with "/" or "@" (photo credits, handles), lists of people tagged as one PERSON,
  the "State" of "Secretary of State", a lone ministry word ("Defense" of "Defense Minister"
  Sergei Shoigu, :data:`helpers.enrich.names.PORTFOLIOS`) and
  :data:`helpers.enrich.names.NOT_NAMES` ("Covid");
* an unresolved place that is a compass word ("the West") becomes a group, as a political actor;
* every mention carries the context cues of :mod:`helpers.enrich.cues` (a title before it, a clock
  time, a weapon noun or "newsletter" after it...), the evidence the corpus-level kind rules weigh.

Offsets index into the body: every row satisfies ``body[start:end] == text``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from helpers.enrich.cues import CUE_RULES, lower_words, mention_cues
from helpers.enrich.names import NOT_NAMES, PORTFOLIOS, fold, trim_span
from helpers.places.find import find_places

#: Bump when the rules here change (part of the enrichment cache key).
MENTION_RULES = f"mentions-4+{CUE_RULES}"
#: spaCy labels kept as mentions, and their kinds.
KIND_OF_LABEL: dict[str, str] = {"PERSON": "person", "ORG": "org", "NORP": "group"}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Names longer than this are tagging accidents, not names.
MAX_NAME_CHARS = 80
#: Unresolved "places" that are political actors rather than places.
COMPASS_GROUPS = frozenset({"west", "east", "the west", "the east", "global south", "global north"})

_SEP = r"[\s,;/&'’\-–—]"
_CONNECTORS = re.compile(rf"^{_SEP}*(?:(?:and|or|of|the|to){_SEP}+)*{_SEP}*$")
_COORDINATION = re.compile(r"\s(?:and|or|&)\s|,\s")
_TITLE_OF = re.compile(r"\b(?:[Ss]ecretary|[Mm]inister|[Uu]ndersecretary)\s+of\s+(?:the\s+)?$")

Span = tuple[int, int, str]
Name = tuple[int, int, str, str]  # start, end, label, kind
RawRow = tuple[str, str, str, str, int, int, str, str, bool, str]


def article_mentions(
    article_id: str, body: str, spans: Sequence[Span], *, context: Mapping[str, float] | None = None
) -> list[RawRow]:
    """Raw mention rows (:data:`helpers.enrich.entities.RAW_COLUMNS`) of one article."""
    if not body:
        return []
    names = _name_mentions(body, spans)
    evidence = _evidence_spans(body, spans, _full_name_surnames(body, names))
    hits = find_places(body, evidence, context=context)
    keep_names, keep_hits = _resolve_overlaps(body, names, hits)
    lower = lower_words(body)
    rows: list[RawRow] = [
        (article_id, kind, label, body[s:e], s, e, "", "", False, mention_cues(body, s, e, lower))
        for s, e, label, kind in keep_names
    ]
    labels = {(s, e): label for s, e, label in spans}
    for h in keep_hits:
        label = labels.get((h.start, h.end), "GAZ")
        text = body[h.start : h.end]
        if not h.place_id and fold(text) in COMPASS_GROUPS:
            rows.append((article_id, "group", label, text, h.start, h.end, "", "", False, ""))
            continue
        others = "|".join(c for c in h.candidates if c != h.place_id)
        cues = mention_cues(body, h.start, h.end, lower) if label in KIND_OF_LABEL else ""
        rows.append(
            (article_id, "place", label, text, h.start, h.end, h.place_id, others, bool(h.ambiguous), cues)
        )
    return sorted(rows, key=lambda r: (r[4], r[5]))


def _evidence_spans(body: str, spans: Sequence[Span], surnames: set[str]) -> list[Span]:
    """NER spans for the gazetteer to use as evidence and veto, without two kinds of unreliable ones.

    Coordinations are left out (a list of names is not one name), and so are one-word PERSON/ORG
    spans that are not the surname of a person named in full in the same text: the small model
    tags many place names that way (Kyiv PERSON 23 %, Zaporizhzhia PERSON 95 %, Mariupol ORG 95 %
    of their mentions in the field notes), so such a tag is no evidence against a place.
    """
    out = []
    for s, e, label in spans:
        text = body[s:e]
        lone_name = label in ("PERSON", "ORG") and len(text.split()) == 1 and fold(text) not in surnames
        if label in PLACE_LABELS or not (lone_name or _COORDINATION.search(text)):
            out.append((s, e, label))
    return out


def _name_mentions(body: str, spans: Sequence[Span]) -> list[Name]:
    """PERSON/ORG/NORP spans, trimmed (titles, possessives), without tagging accidents."""
    out = []
    for start, end, label in spans:
        kind = KIND_OF_LABEL.get(label)
        trimmed = trim_span(body, start, end, kind) if kind else None
        if trimmed is None:
            continue
        s, e = trimmed
        text = body[s:e]
        if e - s > MAX_NAME_CHARS or any(c in text for c in "\n/@") or not any(c.isupper() for c in text):
            continue
        if kind == "org" and (_TITLE_OF.search(body[max(0, s - 40) : s]) or fold(text) in PORTFOLIOS):
            continue
        if fold(text) in NOT_NAMES or (kind == "person" and _COORDINATION.search(body[start:end])):
            continue
        out.append((s, e, label, kind))
    return out


def _full_name_surnames(body: str, names: list[Name]) -> set[str]:
    """Folded surnames of the people named in full (two words or more) in this text."""
    out = set()
    for s, e, _, kind in names:
        words = body[s:e].split()
        if kind == "person" and len(words) >= 2:
            out.add(fold(words[-1]))
    return out


def _resolve_overlaps(body: str, names: list[Name], hits: list[Any]) -> tuple[list[Name], list[Any]]:
    """Decide between names and place hits that overlap (rules in the module docstring)."""
    surnames = _full_name_surnames(body, names)
    keep_names: list[Name] = []
    given_way: set[int] = set()
    dropped_hits: set[int] = set()
    for s, e, label, kind in names:
        inside = [h for h in hits if h.start >= s and h.end <= e]
        exact = [h for h in inside if (h.start, h.end) == (s, e)]
        if exact and kind != "group" and fold(body[s:e]) in surnames:
            dropped_hits.update(id(h) for h in exact)
        elif inside and _only_places(body, s, e, inside):
            given_way.update(id(h) for h in inside)
            continue
        elif any(h.start <= s and e <= h.end for h in hits):
            continue
        keep_names.append((s, e, label, kind))
    spans = [(s, e) for s, e, _, kind in keep_names if kind != "group"]
    keep_hits = [
        h for h in hits if id(h) not in dropped_hits and (id(h) in given_way or not _inside_name(h, spans))
    ]
    return keep_names, keep_hits


def _inside_name(hit: Any, spans: list[tuple[int, int]]) -> bool:
    return any(s <= hit.start and hit.end <= e and (s, e) != (hit.start, hit.end) for s, e in spans)


def _only_places(body: str, start: int, end: int, hits: list[Any]) -> bool:
    """True if ``body[start:end]`` is nothing but the hits and connectors ("and", commas)."""
    pieces, pos = [], start
    for h in sorted(hits, key=lambda h: h.start):
        if h.start < pos:
            continue
        pieces.append(body[pos : h.start])
        pos = h.end
    pieces.append(body[pos:end])
    return all(_CONNECTORS.match(p) for p in pieces)
