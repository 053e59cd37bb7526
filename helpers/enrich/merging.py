"""Corpus-level merge rules for names (used by :func:`helpers.enrich.entities.build_entities`).

* :func:`harmonise_kinds`: one-word names tagged PERSON in some places and ORG in others take one
  kind. An ORG that is the surname of a person named in full in the same article is that person
  ("Trump", "Biden" tagged ORG); otherwise the corpus votes (PERSON tags plus full names with that
  surname against ORG tags). Names in :data:`helpers.enrich.names.KNOWN_ORGS` (platforms such as
  Twitter, always tagged PERSON by the small model) are organisations. A one-word name that the
  corpus mentions more often as a place than as a name is that place ("Kyiv" tagged PERSON next to
  a junk full name "Across Kyiv"). A place hit the model
  tagged PERSON or ORG, or a GPE the gazetteer does not know, becomes a person when the corpus
  names people of that surname in full more often than it mentions the place ("Biden" is some
  hamlet's alternate name; "Kyiv" in "Dynamo Kyiv" is no reason to call Kyiv a person). A place
  name the gazetteer does not know becomes the organisation of that name when the corpus names the
  organisation more often ("White House").
* :func:`join_surnames`: a surname alone joins the full name with that surname in the same
  article; if the article has none, the corpus's full name with that surname when one full name
  holds at least :data:`DOMINANCE` of that surname's full-name mentions. When several people have
  that surname and none dominates, the mention stays out of the entities (its key becomes empty):
  "Biden" alone is not ranked as a person beside Joe Biden and Hunter Biden. A surname no full name
  has stays an entity of its own.
* :func:`join_acronyms`: an all-capitals organisation ("UN", "IAEA") joins the organisation whose
  initials it is ("United Nations") when both appear together in at least
  :data:`MIN_ACRONYM_ARTICLES` articles, under the same dominance rule ("BBC" does not become the
  "Backbench Business Committee" of one article). A long form that contains the acronym as a word
  is not its expansion ("AP Photo", from photo credits, does not compete with "Associated Press").

The functions take the working frame of ``build_entities`` (columns ``article_id, kind, label,
name, place_id, candidates, ambiguous, forced, drop``), work on plain lists (element-wise pandas
assignment is slow) and never touch rows an alias row has set (``forced``).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pandas as pd

from helpers.enrich.names import KNOWN_ORGS, fold, initials

#: Share of a short form's candidates one full name needs to take it (surnames, acronyms).
DOMINANCE = 0.9
#: Articles in which an acronym and its long form must appear together before they merge.
MIN_ACRONYM_ARTICLES = 2
#: Version of these rules and of helpers.enrich.kinds and helpers.enrich.variants: part of the key of
#: the finished tables' cache (not of the per-article one); bump it when any of them changes
MERGE_VERSION = "merge-7"


@lru_cache(maxsize=1 << 16)
def _surname(name: str) -> str:
    return fold(name.split()[-1]) if name.split() else ""


def harmonise_kinds(m: pd.DataFrame) -> None:
    """Give one-word names one kind (in place; rules in the module docstring)."""
    if m.empty:
        return
    names, kinds, aids = m["name"].tolist(), m["kind"].tolist(), m["article_id"].tolist()
    live = (~m["forced"] & ~m["drop"]).tolist()
    folded = {n: fold(n) for n in set(names)}
    one = [len(n.split()) == 1 for n in names]
    full = [live[i] and kinds[i] == "person" and not one[i] for i in range(len(names))]
    surnames = Counter(_surname(names[i]) for i in range(len(names)) if full[i])
    in_article = {(aids[i], _surname(names[i])) for i in range(len(names)) if full[i]}
    single = [live[i] and one[i] and kinds[i] in ("person", "org") for i in range(len(names))]
    person_votes = Counter(folded[names[i]] for i in range(len(names)) if single[i] and kinds[i] == "person")
    person_votes.update(surnames)
    org_votes = Counter(folded[names[i]] for i in range(len(names)) if single[i] and kinds[i] == "org")
    place_of = _place_ids_by_name(m, folded)
    out, pids = list(kinds), m["place_id"].tolist()
    for i in (i for i in range(len(names)) if single[i]):
        w = folded[names[i]]
        if w in KNOWN_ORGS:
            out[i] = "org"
        elif w in place_of and place_of[w][1] > person_votes[w] + org_votes[w]:
            out[i], pids[i] = "place", place_of[w][0]
        elif (aids[i], w) in in_article:
            out[i] = "person"
        elif person_votes[w] != org_votes[w]:
            out[i] = "person" if person_votes[w] > org_votes[w] else "org"
    m["kind"] = pd.Series(out, index=m.index, dtype="str")
    m["place_id"] = pd.Series(pids, index=m.index, dtype="str")
    _places_that_are_surnames(m, [live[i] and one[i] for i in range(len(names))], folded, surnames)
    _unknown_places_that_are_orgs(m, live, folded)


def _unknown_places_that_are_orgs(m: pd.DataFrame, live: list[bool], folded: dict[str, str]) -> None:
    """Place names the gazetteer does not know that the corpus names more often as an organisation
    -> that organisation ("White House" tagged a place in some sentences, ORG in most)."""
    kinds, pids = m["kind"].tolist(), m["place_id"].tolist()
    keys = [folded[name] for name in m["name"].tolist()]
    unknown = [live[i] and kinds[i] == "place" and not pids[i] for i in range(len(keys))]
    if not any(unknown):
        return
    orgs = Counter(keys[i] for i in range(len(keys)) if live[i] and kinds[i] == "org")
    places = Counter(keys[i] for i in range(len(keys)) if unknown[i])
    _retag(m, [i for i in range(len(keys)) if unknown[i] and orgs[keys[i]] > places[keys[i]]], "org")


def _retag(m: pd.DataFrame, positions: list[int], kind: str) -> None:
    """Rows at ``positions`` become mentions of ``kind`` that are no place (no id, no candidates)."""
    if not positions:
        return
    rows = m.index[positions]
    m.loc[rows, "kind"] = kind
    m.loc[rows, "place_id"] = ""
    m.loc[rows, "candidates"] = ""
    m.loc[rows, "ambiguous"] = False


def _place_ids_by_name(m: pd.DataFrame, folded: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Folded place name -> (its most frequent place id, how many place mentions it has)."""
    pairs = Counter(
        (folded[name], pid)
        for kind, name, pid in zip(
            m["kind"].tolist(), m["name"].tolist(), m["place_id"].tolist(), strict=True
        )
        if kind == "place" and pid
    )
    totals: Counter = Counter()
    best: dict[str, tuple[str, int]] = {}
    for (name, pid), n in pairs.most_common():
        totals[name] += n
        best.setdefault(name, (pid, 0))
    return {name: (pid, totals[name]) for name, (pid, _) in best.items()}


def _places_that_are_surnames(
    m: pd.DataFrame, one: list[bool], folded: dict[str, str], surnames: Counter
) -> None:
    """Place hits tagged PERSON/ORG (or unknown GPEs) named more often as a surname -> person."""
    kinds, names, labels, pids = (m[c].tolist() for c in ("kind", "name", "label", "place_id"))
    places = Counter(folded[names[i]] for i in range(len(names)) if kinds[i] == "place")
    changed = []
    for i in range(len(names)):
        tagged = labels[i] in ("PERSON", "ORG") or (not pids[i] and labels[i] in ("GPE", "LOC"))
        if (
            one[i]
            and kinds[i] == "place"
            and tagged
            and surnames[folded[names[i]]] > places[folded[names[i]]]
        ):
            changed.append(i)
    _retag(m, changed, "person")


def join_surnames(m: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Map lone-surname person keys (``|surname``) to the full-name key they stand for."""
    kinds, aids, forced, drop = (
        m["kind"].tolist(),
        m["article_id"].tolist(),
        m["forced"].tolist(),
        m["drop"].tolist(),
    )
    ks = keys.tolist()
    person = [kinds[i] == "person" and not drop[i] and ks[i] != "" for i in range(len(ks))]
    full = [person[i] and not ks[i].startswith("|") for i in range(len(ks))]
    lone = [person[i] and ks[i].startswith("|") and not forced[i] for i in range(len(ks))]
    if not any(full) or not any(lone):
        return keys
    by_surname: dict[str, Counter] = {}
    in_article: dict[tuple[str, str], set[str]] = {}
    for i in (i for i in range(len(ks)) if full[i]):
        surname = ks[i].rsplit("|", 1)[-1]
        by_surname.setdefault(surname, Counter())[ks[i]] += 1
        in_article.setdefault((aids[i], surname), set()).add(ks[i])
    out = list(ks)
    for i in (i for i in range(len(ks)) if lone[i]):
        surname = ks[i][1:]
        here = in_article.get((aids[i], surname))
        if here is not None and len(here) == 1:
            out[i] = next(iter(here))
            continue
        pool = by_surname.get(surname, Counter())
        if here is not None:
            pool = Counter({k: n for k, n in pool.items() if k in here})
        best = _dominant(pool)
        if best:
            out[i] = best
        elif len(pool) > 1:
            out[i] = ""  # several people have this surname and none dominates: out of the rankings
    return pd.Series(out, index=keys.index, dtype="str")


def _dominant(pool: Counter) -> str | None:
    """The key holding at least :data:`DOMINANCE` of the counts, if any."""
    if not pool:
        return None
    best, n = pool.most_common(1)[0]
    return best if n >= DOMINANCE * sum(pool.values()) else None


def join_acronyms(m: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Map all-capitals organisation keys to the organisation whose initials they are."""
    kinds, names, aids = m["kind"].tolist(), m["name"].tolist(), m["article_id"].tolist()
    live = (~m["forced"] & ~m["drop"]).tolist()
    ks = keys.tolist()
    org = [live[i] and kinds[i] == "org" for i in range(len(ks))]
    acronym = [org[i] and _is_acronym(names[i]) for i in range(len(ks))]
    if not any(acronym):
        return keys
    long_forms: dict[str, dict[str, set[str]]] = {}  # initials -> long key -> articles
    memo: dict[str, str] = {}
    for i in (i for i in range(len(ks)) if org[i] and not acronym[i] and " " in ks[i]):
        abbr = memo.get(ks[i]) or memo.setdefault(ks[i], initials(ks[i]))
        long_forms.setdefault(abbr, {}).setdefault(ks[i], set()).add(aids[i])
    acronym_articles: dict[str, set[str]] = {}
    for i in (i for i in range(len(ks)) if acronym[i]):
        acronym_articles.setdefault(ks[i], set()).add(aids[i])
    choice: dict[str, str] = {}
    for key, articles in acronym_articles.items():
        pool = Counter(
            {
                long: len(arts & articles)
                for long, arts in long_forms.get(key, {}).items()
                if key not in long.split()  # "ap photo" holds "ap": no expansion of it
            }
        )
        best = _dominant(pool)
        if best and pool[best] >= MIN_ACRONYM_ARTICLES:
            choice[key] = best
    out = [choice.get(ks[i], ks[i]) if org[i] else ks[i] for i in range(len(ks))]  # "Nato" too
    return pd.Series(out, index=keys.index, dtype="str")


def _is_acronym(name: str) -> bool:
    bare = name.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha()
