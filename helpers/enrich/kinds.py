"""An entity's kind, decided by the evidence of all its mentions across the corpus.

The small NER model labels each mention on its own, and it is swayed by spelling ("Volodymyr
Zelenskiy" is an ORG in one outlet, "Zelensky" a PERSON in another) and by the words around it.
:func:`decide_kinds` pools the evidence of every mention of a name before it picks one kind for all
of them. Mentions are pooled by a spelling-insensitive cluster: the transliteration-folded
``first|last`` key of :func:`helpers.enrich.names.person_key` whatever the model said, so an
outlet's spelling cannot flip the kind of a name. The evidence, in order of precedence:

1. **Not an entity** (the mentions are dropped): a name that mostly follows a clock time, or a
   time-zone abbreviation of the tz database (:func:`time_zones`) that does so at all ("BST"); a
   newsletter, podcast or section of the outlet (``promo`` cue: "Sign up to First Edition, our
   daily newsletter"); a weapon system (``arms`` cue: "HIMARS launchers", or a name ending in a
   weapon noun); a one-word name the same articles use as a lower-case word ("House", "Times":
   ``lower`` cue). The share needed is :data:`CUE_SHARE` of the mentions (of :data:`CLOCK_SHARE`
   for a time-zone abbreviation). Cues: :mod:`helpers.enrich.cues`.
2. **"pro-X" / "anti-X"** is a group ("pro-Russian", "anti-war"): a stance, never a person.
3. **Organisation suffixes**: a name whose last word is an organisation word ("Ministry",
   "Party", "Republic", "Council", ...: :data:`ORG_WORDS`), or which starts with one followed by
   "of" ("Ministry of Defence"), is an organisation.
   A name ending in a region or facility word ("Zaporozhye Regions", "Zaporozhye Nuclear Power
   Plant": :data:`PLACE_WORDS`) is a place.
4. **Votes** over all mentions (an ORG span that starts with an honorific, "Mr Zelenskiy", loses
   it and counts as titled): each NER label votes for its kind (PERSON, ORG, NORP -> group;
   a mention a rule gave a kind without a label, such as "the West" as a group, votes for
   that kind); a one-word name gets a person vote for each mention of a person named in full
   with it as surname (spelling-folded, so "Zelenskiy" counts "Volodymyr Zelensky"). A one-word
   name that is nobody's surname, never has a title or "he" after it, and has any organisation
   evidence (an ORG tag, "its") is an organisation ("SpaceX", "Energoatom", "Politico");
   a title before the name votes :data:`TITLE_WEIGHT` times for a person, a personal pronoun after
   "said" once more; "its" after "said" once for an organisation. The most votes win; a tie keeps
   each mention's own kind.

A gazetteer place is an organisation when one of its spellings ends in an organisation word and
the model tags at least :data:`ORG_PLACE_SHARE` of its mentions ORG (the European Union, not the
Soviet Union). Otherwise the gazetteer speaks through the place rules of
:mod:`helpers.enrich.merging`, which run after this. Mentions an alias row has set (``forced``)
are never changed.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd

from helpers.enrich.cues import MATERIEL
from helpers.enrich.names import fold, person_key

#: Share of an entity's mentions with a "not an entity" cue that makes it no entity.
CUE_SHARE = 0.3
#: Share of a time-zone abbreviation's mentions that must follow a clock time.
CLOCK_SHARE = 0.1
#: Honorifics that begin a name the model tagged ORG ("Mr Zelenskiy"): a person, without it.
HONORIFICS: frozenset[str] = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "president"})
#: Share of ORG tags that makes a gazetteer place named like an organisation an organisation.
ORG_PLACE_SHARE = 0.8
#: Votes of one mention with a title before it, for a person.
TITLE_WEIGHT = 3
#: Last words (folded) that make a name an organisation.
ORG_WORDS: frozenset[str] = frozenset(
    """ministry ministries party parties republic republics council committee commission union
    agency agencies bank fund group corp corporation inc ltd llc plc co company companies institute
    university college school academy court tribunal parliament assembly congress senate duma rada
    army forces navy guard guards brigade battalion regiment division command service services
    office department organisation organization association federation alliance foundation
    centre center network news times post journal herald telegraph tribune gazette press
    television tv radio channel airlines airways railways motors energy holdings industries
    authority authorities administration government cabinet bureau board exchange club team
    church patriarchate movement front coalition""".split()  # noqa: SIM905
)
#: Last words (folded) that make a name a place or facility (one the gazetteer does not know).
PLACE_WORDS: frozenset[str] = frozenset(
    """region regions oblast oblasts province provinces district districts county krai plant plants
    bridge pipeline pipelines airport airfield steelworks dam reactor""".split()  # noqa: SIM905
)
_STANCE = re.compile(r"^(?:pro|anti)\s*[-‐–]\s*\w", re.IGNORECASE)
_LABEL_KIND = {"PERSON": "person", "ORG": "org", "NORP": "group"}
_NAMES = ("person", "org", "group")


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Alphabetic time-zone abbreviations in the tz database (BST, CET, EDT, MSK, ...), plus UTC and GMT."""
    out = {"UTC", "GMT"}
    for zone in zoneinfo.available_timezones():
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        for month in (1, 7):
            abbr = dt.datetime(2022, month, 1, 12, tzinfo=tz).tzname()
            if abbr and abbr.isalpha() and abbr.isupper():
                out.add(abbr)
    return frozenset(out)


def cluster_key(name: str) -> str:
    """The spelling-insensitive cluster of a name ("Volodymyr Zelenskiy" -> "vladimir|zelenski")."""
    return person_key(name)


def decide_kinds(m: pd.DataFrame) -> None:
    """One kind for all mentions of a name, from the evidence of them all (in place; see module doc).

    ``m`` is the working frame of :func:`helpers.enrich.entities.build_entities` with a ``cues``
    column; rows with no entity get ``drop = True``.
    """
    if m.empty:
        return
    _places_that_are_organisations(m)
    names, kinds, labels = m["name"].tolist(), m["kind"].tolist(), m["label"].tolist()
    cues = [set(c.split(",")) if c else set() for c in m["cues"].tolist()]
    live = (~m["forced"] & ~m["drop"]).tolist()
    rows = [i for i in range(len(names)) if live[i] and kinds[i] in _NAMES]
    for i in rows:  # "Mr Zelenskiy" tagged ORG keeps its honorific: the name is the person's
        words = names[i].split()
        if 1 < len(words) <= 4 and fold(words[0]) in HONORIFICS and all(w[:1].isupper() for w in words[1:]):
            names[i] = " ".join(words[1:])
            cues[i].add("title")
    keys = {n: cluster_key(n) for n in {names[i] for i in rows}}
    clusters: dict[str, list[int]] = defaultdict(list)
    for i in rows:
        if keys[names[i]]:
            clusters[keys[names[i]]].append(i)
    drop = m["drop"].tolist()
    surnames: Counter = Counter()
    for one_word in (False, True):  # full names first: their surnames are evidence for one word
        for key, members in clusters.items():
            if key.startswith("|") != one_word:
                continue
            extra = surnames[key[1:]] if one_word else None
            kind = _decide(members, names, labels, kinds, cues, extra)
            for i in members:
                if kind == "":
                    drop[i] = True
                elif kind is not None:
                    kinds[i] = kind
            if not one_word and kind == "person":
                surnames[key.rsplit("|", 1)[-1]] += len(members)
    m["name"] = pd.Series(names, index=m.index, dtype="str")
    m["kind"] = pd.Series(kinds, index=m.index, dtype="str")
    m["drop"] = pd.Series(drop, index=m.index, dtype="bool")


def _last_word(name: str) -> str:
    words = fold(name).split()
    return words[-1] if words else ""


def _places_that_are_organisations(m: pd.DataFrame) -> None:
    """A gazetteer place named like an organisation and tagged ORG in most mentions is one ("EU")."""
    kinds, pids, labels, names = (m[c].tolist() for c in ("kind", "place_id", "label", "name"))
    live = (~m["forced"] & ~m["drop"]).tolist()
    by_place: dict[str, list[int]] = defaultdict(list)
    for i in range(len(kinds)):
        if live[i] and kinds[i] == "place" and pids[i]:
            by_place[pids[i]].append(i)
    retag = []
    for members in by_place.values():
        org_named = any(_last_word(names[i]) in ORG_WORDS for i in members)
        if org_named and sum(labels[i] == "ORG" for i in members) >= ORG_PLACE_SHARE * len(members):
            retag.extend(members)
    if retag:
        rows = m.index[retag]
        m.loc[rows, "kind"] = "org"
        m.loc[rows, ["place_id", "candidates"]] = ""
        m.loc[rows, "ambiguous"] = False


def _decide(
    members: list[int],
    names: list[str],
    labels: list[str],
    kinds: list[str],
    cues: list[set[str]],
    surname_votes: int | None,
) -> str | None:
    """The kind of one cluster: a kind, ``""`` for no entity, ``None`` to keep each mention's own.

    ``surname_votes``: for a one-word name, mentions of people named in full with this word as
    their surname (``None`` for a longer name).
    """
    spelled = Counter(names[i] for i in members).most_common(1)[0][0]
    labelled = Counter(_LABEL_KIND.get(labels[i], kinds[i]) for i in members)
    group = labelled["group"] * 2 > len(members)  # "Iranian drones": a people, not a weapon
    cued = [cues[i] for i in members]
    surname = bool(surname_votes)  # "Price" of Ned Price: a surname, however common the word
    if (any(cued) or _last_word(spelled) in MATERIEL) and not_an_entity(
        spelled, cued, group=group, surname=surname
    ):
        return ""
    if _STANCE.match(spelled):
        return "group"
    words = fold(spelled).split()
    if words and (words[-1] in ORG_WORDS or (len(words) > 2 and words[0] in ORG_WORDS and words[1] == "of")):
        return "org"
    if len(words) > 1 and words[-1] in PLACE_WORDS:
        return "place"
    votes = labelled + Counter({"person": surname_votes or 0})
    personal = 0
    for i in members:
        if "title" in cues[i]:
            votes["person"] += TITLE_WEIGHT
        if "he" in cues[i]:
            votes["person"] += 1
        personal += "title" in cues[i] or "he" in cues[i]
        if "it" in cues[i]:
            votes["org"] += 1
    if surname_votes == 0 and personal == 0 and votes["org"] and not group:
        return "org"  # one word, nobody's surname, no title, "it" or ORG tags: "SpaceX", "Politico"
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def not_an_entity(name: str, cues: list[set[str]], *, group: bool = False, surname: bool = False) -> bool:
    """True for a time zone, a newsletter or section, a weapon system or a capitalised common noun.

    For a ``group`` (a nationality, mostly tagged NORP) only the clock counts: "Iranian drones"
    and "Russian missiles" name no weapon system. The surname of someone named in full
    (``surname``) is no common noun ("Price" beside "oil price").
    """
    n = len(cues)
    if n == 0:
        return False
    share = {tag: sum(tag in c for c in cues) / n for tag in ("clock", "promo", "arms", "lower")}
    bare = name.strip()
    if share["clock"] >= CUE_SHARE or (bare in time_zones() and share["clock"] >= CLOCK_SHARE):
        return True
    if group:
        return False
    words = fold(bare).split()
    if words and words[-1] in MATERIEL and len(words) > 1:
        return True
    return max(share["promo"], share["arms"], 0.0 if surname else share["lower"]) >= CUE_SHARE
