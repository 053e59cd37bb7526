"""Corpus-level merge rules for names (used by :func:`helpers.entities.build_entities`).

* :func:`harmonise_kinds`: one-word names tagged PERSON in some places and ORG in others take one
  kind. An ORG that is the surname of a person named in full in the same article is that person
  ("Trump", "Biden" tagged ORG); otherwise the corpus votes (PERSON tags plus full names with that
  surname against ORG tags). Names in :data:`helpers.names.KNOWN_ORGS` (platforms such as
  Twitter, always tagged PERSON by the small model) are organisations. A place hit the model
  tagged PERSON or ORG, or a GPE the gazetteer does not know, becomes a person when it is the
  surname of a person named in full in the same article or at least
  :data:`MIN_SURNAME_MENTIONS` times in the corpus ("Biden", "Vanderlinden").
* :func:`join_surnames`: a surname alone joins the full name with that surname in the same
  article; if the article has none, the corpus's full name with that surname when one full name
  holds at least :data:`SURNAME_DOMINANCE` of that surname's full-name mentions.
* :func:`join_acronyms`: an all-capitals organisation ("UN", "IAEA") joins the organisation whose
  initials it is ("United Nations") under the same dominance rule.

All functions take the working frame of ``build_entities`` (columns ``article_id, kind, name,
forced, drop``) and never touch rows an alias row has set (``forced``).
"""

from __future__ import annotations

import pandas as pd

from .names import KNOWN_ORGS, fold, initials

#: Share of a surname's (or initials') full-name mentions one full name needs to take the short form.
SURNAME_DOMINANCE = 0.9
#: Full-name mentions a surname needs before a place hit tagged PERSON with that name is the person.
MIN_SURNAME_MENTIONS = 2


def harmonise_kinds(m: pd.DataFrame) -> None:
    """Give one-word names one kind (in place; rules in the module docstring)."""
    if m.empty:
        return
    live = ~m["forced"] & ~m["drop"]
    one_word = m["name"].map(lambda n: len(n.split()) == 1)
    words = m["name"].map(fold)
    person = m["kind"] == "person"
    full = person & live & ~one_word
    surnames = m.loc[full, "name"].map(lambda n: fold(n.split()[-1]))
    in_article = set(zip(m.loc[full, "article_id"], surnames, strict=True))
    names = live & one_word & m["kind"].isin(["person", "org"])
    person_votes = pd.concat([words[names & person], surnames]).value_counts()
    org_votes = words[names & ~person].value_counts()
    kinds = m["kind"].copy()
    for idx in m.index[names]:
        w = words.at[idx]
        if w in KNOWN_ORGS:
            kinds.at[idx] = "org"
        elif (m.at[idx, "article_id"], w) in in_article:
            kinds.at[idx] = "person"
        else:
            pv, ov = person_votes.get(w, 0), org_votes.get(w, 0)
            kinds.at[idx] = "person" if pv > ov else "org" if ov > pv else kinds.at[idx]
    m["kind"] = kinds
    _places_that_are_surnames(m, live & one_word, words, in_article, surnames.value_counts())


def _places_that_are_surnames(
    m: pd.DataFrame, one_word: pd.Series, words: pd.Series, in_article: set, surname_counts: pd.Series
) -> None:
    """Place hits the model tagged PERSON/ORG (or unknown GPEs) that are a known surname -> person."""
    tagged = m["label"].isin(["PERSON", "ORG"]) | ((m["place_id"] == "") & m["label"].isin(["GPE", "LOC"]))
    for idx in m.index[one_word & (m["kind"] == "place") & tagged]:
        w = words.at[idx]
        if (m.at[idx, "article_id"], w) in in_article or surname_counts.get(w, 0) >= MIN_SURNAME_MENTIONS:
            m.loc[idx, ["kind", "place_id", "candidates"]] = ["person", "", ""]
            m.at[idx, "ambiguous"] = False


def join_surnames(m: pd.DataFrame, keys: pd.Series) -> pd.Series:
    person = (m["kind"] == "person") & ~m["drop"]
    lone = person & keys.str.startswith("|") & ~m["forced"]
    full = person & ~keys.str.startswith("|") & (keys != "")
    if not lone.any() or not full.any():
        return keys
    surname = keys.str.rsplit("|", n=1).str[-1]
    fulls = pd.DataFrame({"article_id": m["article_id"], "surname": surname, "key": keys})[full]
    counts = fulls.groupby(["surname", "key"]).size()
    in_article = fulls.groupby(["article_id", "surname"])["key"].unique().to_dict()
    by_surname = {s: grp.droplevel(0) for s, grp in counts.groupby(level=0)}
    out = keys.copy()
    for idx in keys.index[lone]:
        s = surname.at[idx]
        cands = in_article.get((m.at[idx, "article_id"], s))
        if cands is not None and len(cands) == 1:
            out.at[idx] = cands[0]
            continue
        pool = by_surname.get(s)
        if pool is None:
            continue
        if cands is not None:
            pool = pool[pool.index.isin(cands)]
        if pool.max() >= SURNAME_DOMINANCE * pool.sum():
            out.at[idx] = pool.idxmax()
    return out


def join_acronyms(m: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Map all-capitals organisation keys to the dominant organisation with those initials."""
    org = (m["kind"] == "org") & ~m["drop"] & ~m["forced"]
    if not org.any():
        return keys
    names = m.loc[org, "name"]
    is_acronym = names.map(lambda n: 2 <= len(n.replace(".", "")) <= 6 and n.replace(".", "").isupper())
    long_forms = keys[org][~is_acronym & keys[org].str.contains(" ", regex=False)]
    if long_forms.empty or not is_acronym.any():
        return keys
    counts = long_forms.value_counts()
    by_initials: dict[str, dict[str, int]] = {}
    for key, n in counts.items():
        by_initials.setdefault(initials(str(key)), {})[str(key)] = int(n)
    out = keys.copy()
    for idx in is_acronym.index[is_acronym]:
        pool = by_initials.get(keys.at[idx])
        if pool:
            best = max(pool, key=pool.get)
            if pool[best] >= SURNAME_DOMINANCE * sum(pool.values()):
                out.at[idx] = best
    return out
