"""Find place names in text and decide which place each one means, offline.

Places come from the gazetteer (:mod:`helpers.places.gazetteer`), not from the NER model: the small
English model tags most war-news place mentions as something else, or not at all. NER spans from the
same text are used as evidence and as a veto:

* a gazetteer match inside a larger PERSON, DATE, ORG... span is dropped ("Vladimir" in "Vladimir Putin",
  "March" in "March 29"; with ``embedded=True`` names of organisations and events do not veto);
* an exact-span PERSON/ORG label alone does not veto a major place (spaCy tags "Mariupol" ORG); on a
  minor place (under 100,000 people) it makes the match doubtful;
* doubtful matches and names that are also common words or first names (``place_stopwords.txt``,
  ``place_common_words.txt``) need evidence: a GPE/LOC/FAC span over one of the name's mentions in the
  same text, or (minor places) a mention right after "in", "near", "from"...;
* small US towns that the gazetteer matches only with context are found next to the towns and counties a
  text already places (:mod:`helpers.places.nearby`), after a state ("Lititz, Pa.") or in a dateline
  (:mod:`helpers.places.context`);
* GPE/LOC/FAC spans that the gazetteer does not know are kept as places without coordinates
  (``place_id ""``), and so are gazetteer names followed by a feature word ("Montgomery County",
  "Hampton Avenue", "Mississippi River").

Disambiguation, one sense per name per text: each candidate starts from its prominence (log10 population
plus a bonus by feature: countries and capitals first, states and oblasts after a city of the same name),
then gains from evidence in the same text (other places in the same country, especially sub-national
ones, and in the same admin1; countries named by demonyms) and from the optional corpus prior
``context`` (ISO2 -> weight, e.g. each country's share of the corpus' place mentions). "Georgia" is the
country unless the text has US cues (Atlanta, other US states); "Kharkiv region" is the oblast.
A choice whose margin over the runner-up is small is flagged ``ambiguous``; all candidates are kept.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from helpers.core.schema import PLACE_COLUMNS, conform
from helpers.places.context import document_geography
from helpers.places.gazetteer import (
    MINOR,
    NEEDS_EVIDENCE,
    Gazetteer,
    data_version,
    normalize_alias,
    prominence,
)
from helpers.places.nearby import nearby_towns
from helpers.places.resolve import resolve
from helpers.places.store import load_gazetteer

#: Bump when the matching or disambiguation rules change (here, in helpers/places/resolve.py or context.py):
#: it is part of :func:`gazetteer_version`, the cache key of enrichment.
RULES_VERSION = "places-4"
#: NER labels whose larger span vetoes a place match inside it.
VETO_LABELS = frozenset({"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                         "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE", "NORP"})  # fmt: skip
#: Names of organisations, works, events...: with ``embedded=True`` a place inside them counts
#: ("Zimbabwe" in "Zimbabwe Electoral Commission", as GeoWebNews annotates embedded toponyms).
NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "FAC", "NORP"})
#: Labels that veto a stop-listed name even when the span is exactly the name ("Jordan" as PERSON).
EXACT_VETO_LABELS = frozenset({"PERSON", "DATE", "TIME", "ORG"})
#: Labels that are evidence for a demonym rather than a veto.
DEMONYM_LABELS = frozenset({"NORP", "LANGUAGE"})
#: A locative preposition right before a name ("in Hostomel"): evidence for a minor place.
LOCATIVE = re.compile(r"(?:\b(?:in|near|from|outside|around|to|towards|at|into|across)\s+)\Z")
#: A lower-case particle of a person's name right before a span ("von der Leyen", "da Silva").
NAME_PARTICLE = re.compile(r"\b(?:von der|van der|von|van|de|da|di|del|bin|ibn)\s+\Z")
#: NER labels that count as evidence that a span is a place.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: A place name followed by one of these words names a smaller feature ("Montgomery County", "Hampton
#: Avenue", "Mississippi River"): the mention covers both words and gets no coordinates.
FEATURE_SUFFIX = re.compile(
    r" (?:County|Township|Parish|Borough|District|State|Avenue|Ave\.|Street|St\.|Road|Rd\.|Boulevard|"
    r"Blvd\.|Lane|Drive|Square|Hall|Bridge|Airport|Station|Stadium|Arena|Centre|Center|River|Lake|Creek|"
    r"Canal|Bay|Beach|Harbou?r|Valley|Mountains?|Island|Park|Estate|Heights|Gardens?|Castle|Palace|"
    r"Cathedral|Church|Chapel|Mosque|Tower|Hospital|Museum|Theatre|Theater|Hotel|Mall|Cemetery|Prison|Zoo)\b"
)


@dataclass(frozen=True)
class PlaceHit:
    """One place mention: ``text[start:end]`` of the text given, the chosen place and the alternatives."""

    start: int
    end: int
    text: str
    place_id: str  # "" when no place was chosen (a GPE/LOC span the gazetteer does not know)
    candidates: tuple[str, ...]  # all candidate place ids, best first
    ambiguous: bool  # True when the choice was not clear-cut


def gazetteer_version() -> str:
    """Changes whenever the gazetteer data or the matching rules change (use it in cache keys).

    Computed from the data files' version without loading the index, so a warm load stays cheap.
    """
    return hashlib.sha256(f"{data_version()}:{RULES_VERSION}".encode()).hexdigest()[:16]


def _raw_matches(gaz: Gazetteer, text: str) -> list[tuple[int, int, int]]:
    """Whole-word alias matches, leftmost-longest, as (start, end, alias index)."""
    size = len(text)
    found = []
    for last, (index, length) in gaz.iter_aliases(text):
        start, end = last - length + 1, last + 1
        if (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
            continue
        found.append((start, -end, index))
    found.sort()
    out: list[tuple[int, int, int]] = []
    reach = -1
    for start, neg_end, index in found:
        if start >= reach:
            out.append((start, -neg_end, index))
            reach = -neg_end
    return out


class _Spans:
    """NER spans sorted by start, for overlap queries."""

    def __init__(self, spans: Sequence[tuple[int, int, str]], embedded: bool = False) -> None:
        #: labels whose larger span vetoes a match inside it
        self.veto = VETO_LABELS - NAME_LABELS if embedded else VETO_LABELS
        self.spans = sorted((int(s), int(e), str(label)) for s, e, label in spans if e > s)
        self.starts = [s for s, _, _ in self.spans]
        self.longest = max((e - s for s, e, _ in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        if not self.spans:
            return []
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [sp for sp in self.spans[lo:hi] if sp[1] > start]


def _judge(start: int, end: int, flags: int, spans: _Spans) -> tuple[bool, bool, bool]:
    """(vetoed, doubtful, has place evidence) for one match.

    Vetoed: inside a larger PERSON/DATE/ORG... span. Doubtful: a stop-listed name, or a minor place
    labelled PERSON/ORG exactly; a doubtful match needs place evidence somewhere in the text.
    """
    evidence = vetoed = doubtful = False
    for s, e, label in spans.overlapping(start, end):
        if label in PLACE_LABELS:
            # a place span is evidence when it is about this name, not a longer one around it
            # ("Republic" in "Donetsk People's Republic" is no evidence for Republic, Washington)
            evidence = evidence or (s >= start - 4 and (e - s) <= 2 * (end - start) + 4)
        elif label in spans.veto:
            if s < start or e > end:
                vetoed = True
            elif label in EXACT_VETO_LABELS and flags & (NEEDS_EVIDENCE | MINOR):
                doubtful = True
    return vetoed and not evidence, doubtful or bool(flags & NEEDS_EVIDENCE), evidence


def _accepted_matches(gaz: Gazetteer, text: str, spans: _Spans) -> list[tuple[int, int, int]]:
    """Matches that survive the vetoes; doubtful ones only with evidence elsewhere in the text.

    A city name that is also the surname of a person named in full in the text ("Allen" after "Ryan
    Allen") is doubtful too. Evidence for a doubtful
    match: a GPE/LOC/FAC label on the same name somewhere in the text, or - for a minor place labelled
    PERSON/ORG, not a stop-listed name - a mention of the same name right after a locative preposition
    ("in Hostomel", "near Irpin").
    """
    kept: list[tuple[int, int, int, bool]] = []
    confirmed: set[str] = set()
    group = gaz.alias_group
    names = _person_words(text, spans)
    for start, end, index in _raw_matches(gaz, text):
        flags = gaz.alias_flags[index]
        if spans.spans:
            vetoed, doubtful, evidence = _judge(start, end, flags, spans)
            if vetoed:
                continue
            doubtful = doubtful or (text[start:end] in names and _city_name(gaz, index))
        else:
            doubtful, evidence = bool(flags & NEEDS_EVIDENCE), False
        if evidence or (
            flags & MINOR and not flags & NEEDS_EVIDENCE and LOCATIVE.search(text, max(0, start - 16), start)
        ):
            confirmed.add(group[index])
        kept.append((start, end, index, doubtful))
    return [(s, e, i) for s, e, i, doubtful in kept if not doubtful or group[i] in confirmed]


def _unknown_place_spans(
    gaz: Gazetteer, text: str, spans: _Spans, taken: list[tuple[int, int]]
) -> list[PlaceHit]:
    """GPE/LOC/FAC spans with no gazetteer match inside: places without coordinates.

    Left out: demonyms, short acronyms ("AI", "MoD"), parts of names ("Leyen" after "von der"), and
    names that the model labels something else more often than a place elsewhere in the same text
    (a word of a PERSON span counts: "Scholz" after "Olaf Scholz").
    """
    votes = _place_votes(text, spans)
    out = []
    for s, e, label in spans.spans:
        if label not in PLACE_LABELS or any(a < e and b > s for a, b in taken) or votes[text[s:e]] < 0:
            continue
        phrase = text[s:e]
        if phrase[:4].lower() == "the ":
            s, phrase = s + 4, phrase[4:]
        letters = [c for c in phrase if c.isalpha()]
        if not phrase[:1].isupper() or normalize_alias(phrase) in gaz.demonyms:
            continue
        if len(letters) <= 4 and sum(c.isupper() for c in letters) >= 2:
            continue  # an acronym
        if NAME_PARTICLE.search(text, max(0, s - 8), s):
            continue
        out.append(PlaceHit(s, e, phrase, "", (), False))
    return out


def _person_words(text: str, spans: _Spans) -> frozenset[str]:
    """Last words of the multi-word PERSON spans of a text: "Allen" once "Ryan Allen" has been named."""
    words = set()
    for s, e, label in spans.spans:
        parts = text[s:e].split()
        if label == "PERSON" and len(parts) > 1:
            words.add(parts[-1].removesuffix("'s").removesuffix("\u2019s"))
    return frozenset(words)


def _city_name(gaz: Gazetteer, index: int) -> bool:
    return gaz.places[gaz.alias_places[index][0]].feature == "city"


def _place_votes(text: str, spans: _Spans) -> Counter:
    """Per span text: +1 for each place label, -1 for each other label (and for each word of a PERSON)."""
    votes: Counter = Counter()
    for s, e, label in spans.spans:
        phrase = text[s:e]
        votes[phrase] += 1 if label in PLACE_LABELS else -1
        if label == "PERSON" and " " in phrase:
            for word in phrase.split()[1:]:
                votes[word.rstrip("'s’")] -= 1
    return votes


def find_places(
    text: str,
    ner_spans: Sequence[tuple[int, int, str]] = (),
    *,
    context: Mapping[str, float] | None = None,
    embedded: bool = False,
    home: str | None = None,
) -> list[PlaceHit]:
    """Place mentions in ``text``, in order (see the module docstring for the rules).

    ``ner_spans`` are spaCy entity spans ``(start_char, end_char, label)`` of the same text; ``context`` is
    an optional corpus-level country prior (ISO2 -> weight, about 0..1). ``embedded=True`` also keeps
    places inside the names of organisations, works and events ("Washington" in "Washington Post").
    ``home`` is the outlet's URL or domain: its home town is evidence (:mod:`helpers.places.context`,
    which also reads qualifiers such as "Paris, Tenn." and datelines).
    """
    if not text:
        return []
    gaz = load_gazetteer()
    spans = _Spans(ner_spans, embedded)
    hits: list[PlaceHit] = []
    named: list[tuple[int, int, int]] = []
    for start, end, index in _accepted_matches(gaz, text, spans):
        suffix = FEATURE_SUFFIX.match(text, end)
        if suffix is None:
            named.append((start, end, index))
        else:
            hits.append(PlaceHit(start, suffix.end(), text[start : suffix.end()], "", (), False))
    geo = document_geography(gaz, text, named, home)
    named = sorted([*named, *geo.named])
    taken = [(h.start, h.end) for h in hits] + [(s, e) for s, e, _ in named]
    for start, end, pid in geo.states:
        if not any(a < end and start < b for a, b in taken):
            hits.append(PlaceHit(start, end, text[start:end], pid, (pid,), False))
    groups = {gaz.alias_group[i]: gaz.alias_places[i] for _, _, i in reversed(named)}
    others = {key: groups.get(key, ()) for key in geo.pins}  # kept as alternatives after the pinned ones
    for key, allowed in geo.pins.items():  # "PARIS, Tenn.": the capitals index lacks Paris, Tennessee
        groups[key] = tuple(sorted(allowed, key=lambda p: (-prominence(gaz.places[p]), p)))
    demonym_ids = [
        pid for s, e, label in spans.spans if label in DEMONYM_LABELS and (pid := _demonym(gaz, text[s:e]))
    ]
    extra = [*demonym_ids, *(p for _, _, p in geo.states)]
    resolved = resolve(gaz, groups, extra, context or {}, home=geo.home)
    for start, end, index in named:
        cands, ambiguous = resolved[gaz.alias_group[index]]
        cands = (*cands, *(p for p in others.get(gaz.alias_group[index], ()) if p not in cands))
        hits.append(PlaceHit(start, end, text[start:end], cands[0] if cands else "", cands, ambiguous))
    taken = [(h.start, h.end) for h in hits]
    anchors = [h.place_id for h in hits]
    place_spans = [(s, e) for s, e, label in spans.spans if label in ("GPE", "LOC")]
    found = nearby_towns(gaz, text, anchors, taken, spans.spans, _person_words(text, spans), place_spans)
    for start, end, _, pid in found:
        hits.append(PlaceHit(start, end, text[start:end], pid, (pid,), False))
    hits += _unknown_place_spans(gaz, text, spans, [(h.start, h.end) for h in hits])
    return sorted(hits, key=lambda h: (h.start, h.end))


def find_demonyms(
    text: str, ner_spans: Sequence[tuple[int, int, str]] = (), *, embedded: bool = False
) -> list[PlaceHit]:
    """Demonyms and nationalities in ``text`` ("Ukrainian", "Americans"), each with its place.

    A demonym inside a larger PERSON/ORG/... span is left out ("Russian" in "the Russian Orthodox
    Church" is part of a name) unless ``embedded``; NORP and LANGUAGE spans are evidence, not a veto.
    """
    if not text:
        return []
    gaz = load_gazetteer()
    spans = _Spans(ner_spans, embedded)
    if gaz.demonym_automaton is None:
        gaz.build_automaton()
    assert gaz.demonym_automaton is not None
    size = len(text)
    out = []
    for last, (key, length) in gaz.demonym_automaton.iter(text):
        start, end = last - length + 1, last + 1
        if (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
            continue
        vetoed = any(
            label in spans.veto - DEMONYM_LABELS and (s < start or e > end)
            for s, e, label in spans.overlapping(start, end)
        )
        if not vetoed:
            pid = gaz.demonyms[key]
            out.append(PlaceHit(start, end, text[start:end], pid, (pid,), False))
    return _leftmost_longest(out)


def _leftmost_longest(hits: list[PlaceHit]) -> list[PlaceHit]:
    out: list[PlaceHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if not out or hit.start >= out[-1].end:
            out.append(hit)
    return out


def _demonym(gaz: Gazetteer, phrase: str) -> str | None:
    key = normalize_alias(phrase)
    if key.lower().startswith("the "):
        key = key[4:]
    found = gaz.demonyms.get(key)
    if found is None and key.isupper():
        found = gaz.demonyms.get(key.title())
    return found


def demonym_place(text: str) -> str | None:
    """The place a demonym or nationality names ("Ukrainian" -> Ukraine's place id), else None."""
    return _demonym(load_gazetteer(), text or "")


def country_context(place_ids: Iterable[str], *, min_share: float = 0.05) -> dict[str, float]:
    """A corpus-level country prior for ``find_places(..., context=...)``: each country's share of the
    given place mentions (ids of a first pass over the corpus), countries under ``min_share`` left out.

    A corpus about the war in Ukraine gives about ``{"UA": 0.4, "RU": 0.3, "US": 0.1}``: an "Odessa"
    with no cue in its own article then stays in Ukraine, a "Paris" in a corpus of Texan local news
    moves to Texas.
    """
    gaz = load_gazetteer()
    counts = Counter(gaz.places[p].country for p in place_ids if p in gaz.places and gaz.places[p].country)
    total = sum(counts.values())
    if not total:
        return {}
    return {country: n / total for country, n in counts.most_common() if n / total >= min_share}


def place_table(place_ids: Iterable[str]) -> pd.DataFrame:
    """Rows of ``helpers.core.schema.PLACE_COLUMNS`` for the given ids (unknown and empty ids are skipped)."""
    gaz = load_gazetteer()
    seen: dict[str, None] = dict.fromkeys(p for p in place_ids if p in gaz.places)
    rows = [
        {"place_id": p.place_id, "name": p.name, "country": p.country, "admin1": p.admin1,
         "lat": p.lat, "lon": p.lon, "feature": p.feature}
        for p in (gaz.places[pid] for pid in seen)
    ]  # fmt: skip
    return conform(pd.DataFrame(rows, columns=list(PLACE_COLUMNS)), PLACE_COLUMNS)
