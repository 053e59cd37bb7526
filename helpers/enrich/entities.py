"""Canonical entities: raw mentions of the whole corpus -> mentions, entities, alias report.

This is the corpus-level step that runs after the (cached, per-article) enrichment of
:mod:`helpers.enrich.pipeline`, on every load, because it depends on the whole corpus and on the analyst's
alias table (:mod:`helpers.enrich.aliases`):

1. alias rows are applied to the text of each mention (rename, drop, pin a place);
2. each mention gets a merge key (:mod:`helpers.enrich.names`): people by transliteration-folded
   ``first|last``, organisations and groups by their folded name, places by ``place_id``;
3. a surname alone joins the full name with that surname in the same article; if the article has
   none, it joins the corpus's full name with that surname when one full name holds at least
   :data:`SURNAME_DOMINANCE` of that surname's full-name mentions;
4. each entity is shown under its preferred spelling (:data:`helpers.enrich.names.PREFERRED_NAMES`), else
   its most frequent full form; places under their gazetteer name;
5. alias rows are applied again to the entity names (so a name seen in the entities table can be
   renamed or dropped), and the entities are regrouped.

Entity ids are stable for the same corpus and table: ``place:<place_id>`` for places,
``place:name:<slug>`` for a place the gazetteer does not know (a GPE/LOC span of the model, no
coordinates; an alias row can pin it), else ``<kind>:<slug of the name>`` ("person:vladimir-putin").
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from helpers.core import schema
from helpers.enrich.aliases import AliasWarning, empty_aliases, is_drop, place_pin
from helpers.enrich.kinds import decide_kinds
from helpers.enrich.merging import harmonise_kinds, join_acronyms, join_surnames
from helpers.enrich.names import PREFERRED_BY_KEY, entity_key, fold, is_full_name, slug
from helpers.enrich.variants import join_first_names, join_near_typos
from helpers.places.find import find_places, place_table

#: Per-article raw mentions, as cached by :mod:`helpers.enrich.pipeline` (offsets into ``body``).
RAW_COLUMNS: dict[str, str] = {
    "article_id": "str",
    "kind": "str",  # person | org | group | place
    "label": "str",  # the spaCy label, or "GAZ" for a gazetteer-only place
    "text": "str",
    "start": "int64",
    "end": "int64",
    "place_id": "str",
    "candidates": "str",  # other place ids of an ambiguous place mention, "|"-separated
    "ambiguous": "bool",
    "cues": "str",  # context cues of a name mention (helpers.enrich.cues), ","-separated
}
#: Extra columns of ``Corpus.mentions`` beyond :data:`helpers.core.schema.MENTION_COLUMNS`.
MENTION_EXTRA = ("place_id", "candidates", "ambiguous")
ALIAS_REPORT_COLUMNS = ("alias", "canonical", "kind", "matched_mentions", "note")

PlaceResolver = Callable[[str], "str | None"]


def build_entities(
    mentions_raw: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    places: pd.DataFrame | None = None,
    resolve_place: PlaceResolver | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Canonicalise the raw mentions of a corpus.

    Args:
        mentions_raw: rows as :data:`RAW_COLUMNS`.
        aliases: the alias table (``alias, canonical, kind``); ``None`` for none.
        places: place table (:data:`helpers.core.schema.PLACE_COLUMNS`) giving place entity names;
            default: looked up with :func:`helpers.places.find.place_table`.
        resolve_place: place name -> place id for ``place`` alias rows naming a place;
            default: the gazetteer of :mod:`helpers.places.find`.

    Returns:
        ``(mentions, entities, alias_report)``.
    """
    aliases = empty_aliases() if aliases is None else aliases.reset_index(drop=True)
    m = schema.conform(mentions_raw, RAW_COLUMNS)[list(RAW_COLUMNS)].copy()
    m["name"] = m["text"]
    m["forced"] = False
    m["drop"] = False
    m["keep"] = False
    rules, notes = _compile_rules(aliases, resolve_place)
    matched: list[set[int]] = [set() for _ in range(len(aliases))]
    _apply_rules(m, rules, m["text"].tolist(), matched, skip=set())
    decide_kinds(m)
    harmonise_kinds(m)
    m["key"] = _keys(m)
    m["entity_name"] = _display_names(m, places)
    if rules:  # the same rows again, on the names shown in the entities table
        _apply_rules(m, rules, m["entity_name"].tolist(), matched, skip=set().union(*matched))
        m["key"] = _keys(m)
        m["entity_name"] = _display_names(m, places)
    m = m[~m["drop"] & (m["key"] != "")]
    report = aliases.assign(matched_mentions=[len(s) for s in matched], note=notes)
    report = report.reindex(columns=list(ALIAS_REPORT_COLUMNS)).astype({"matched_mentions": "int64"})
    mentions, entities = _tables(m)
    return mentions, entities, report


def _compile_rules(
    aliases: pd.DataFrame, resolve_place: PlaceResolver | None
) -> tuple[dict[str, list[tuple[int, str, str, str | None]]], list[str]]:
    """folded alias -> [(row, canonical, kind, place_id pin)], and a note per row."""
    rules: dict[str, list[tuple[int, str, str, str | None]]] = {}
    notes: list[str] = []
    for row, (alias, canonical, kind) in enumerate(aliases[["alias", "canonical", "kind"]].itertuples(False)):
        pin, note = None, "drop" if is_drop(canonical) else ""
        if kind == "place" and not is_drop(canonical):
            pin = place_pin(canonical) or _resolve(canonical, resolve_place)
            note = f"pins place {pin}" if pin else f"no place called {canonical!r}: row ignored"
            if not pin:
                warnings.warn(f"alias table: {note}", AliasWarning, stacklevel=3)
                notes.append(note)
                continue
        rules.setdefault(fold(alias), []).append((row, canonical, kind, pin))
        notes.append(note)
    return rules, notes


def _resolve(name: str, resolve_place: PlaceResolver | None) -> str | None:
    if resolve_place is None:
        whole = [h for h in find_places(name) if h.start == 0 and h.end == len(name)]
        return whole[0].place_id if whole else None
    return resolve_place(name)


_RULE_COLUMNS = ("kind", "name", "forced", "keep", "drop", "place_id", "candidates", "ambiguous")


def _apply_rules(
    m: pd.DataFrame,
    rules: Mapping[str, list[tuple[int, str, str, str | None]]],
    texts: list[str],
    matched: list[set[int]],
    skip: set[int],
) -> None:
    """Apply alias rows to the mentions whose ``texts`` match (in place); record the matches."""
    if not rules:
        return
    cols = {c: m[c].tolist() for c in _RULE_COLUMNS}
    folded: dict[str, str] = {}
    for i, text in enumerate(texts):
        if i in skip:
            continue
        key = folded.setdefault(text, fold(text))
        for row, canonical, kind, pin in rules.get(key, ()):
            if kind not in ("", cols["kind"][i]) and is_drop(canonical):
                continue
            _apply_one(cols, i, canonical, kind, pin)
            cols["keep"][i] = cols["forced"][i] and fold(canonical) == key
            matched[row].add(i)
            break
    for column, values in cols.items():
        m[column] = pd.Series(values, index=m.index, dtype=m[column].dtype)


def _apply_one(cols: dict[str, list[Any]], i: int, canonical: str, kind: str, pin: str | None) -> None:
    if is_drop(canonical):
        cols["drop"][i] = True
    elif pin is not None:
        pinned = {"kind": "place", "place_id": pin, "candidates": "", "ambiguous": False, "forced": False}
        for column, value in pinned.items():
            cols[column][i] = value
    else:
        cols["name"][i], cols["forced"][i] = canonical, True
        if kind:
            cols["kind"][i] = kind


def _keys(m: pd.DataFrame) -> pd.Series:
    """The merge key of every mention; typos, lone surnames, first names and acronyms joined.

    A mention an alias row keeps as written (canonical = alias) gets the literal key ``=<folded
    name>``, so no transliteration, typo or surname rule merges it into another entity.
    """
    memo: dict[tuple[str, str], str] = {}
    keys = [
        (pid or f"name:{entity_key(name, kind)}")
        if kind == "place"
        else f"={fold(name)}"
        if keep
        else memo.get((kind, name)) or memo.setdefault((kind, name), entity_key(name, kind))
        for kind, name, pid, keep in zip(
            m["kind"].tolist(), m["name"].tolist(), m["place_id"].tolist(), m["keep"].tolist(), strict=True
        )
    ]
    out = join_near_typos(m, pd.Series(keys, index=m.index, dtype="str"))
    return join_acronyms(m, join_first_names(m, join_surnames(m, out)))


def _display_names(m: pd.DataFrame, places: pd.DataFrame | None) -> pd.Series:
    """The shown name of every mention's entity (forced > preferred > most frequent full form).

    A full form is a person's name with a surname, or an organisation's name of several words
    (so "UN", joined to "United Nations", shows as "United Nations").
    """
    live = m[~m["drop"] & (m["key"] != "")]
    if live.empty:
        return pd.Series("", index=m.index, dtype="str")
    person, org = live["kind"] == "person", live["kind"] == "org"
    full_names = {n: is_full_name(n) for n in set(live["name"])}
    full = (live["name"].map(full_names) & person) | (org & live["name"].str.contains(" ", regex=False))
    counts = (
        live.assign(full=full)
        .groupby(["kind", "key", "name", "forced", "full"], sort=False)
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["forced", "full", "n", "name"], ascending=[False, False, False, True])
        .drop_duplicates(["kind", "key"])
    )
    best = {(k, key): name for k, key, name in counts[["kind", "key", "name"]].itertuples(False)}
    forced = set(counts.loc[counts["forced"], "key"])
    place_names = _place_names(live, places)
    names = []
    for kind, key in zip(m["kind"].tolist(), m["key"].tolist(), strict=True):
        if kind == "place" and key in place_names:
            names.append(place_names[key])
        elif kind == "person" and key not in forced and key in PREFERRED_BY_KEY:
            names.append(PREFERRED_BY_KEY[key])
        else:
            names.append(best.get((kind, key), ""))
    return pd.Series(names, index=m.index, dtype="str")


def _place_names(live: pd.DataFrame, places: pd.DataFrame | None) -> dict[str, str]:
    ids = sorted(set(live.loc[live["kind"] == "place", "place_id"]) - {""})
    if not ids:
        return {}
    if places is None:
        places = place_table(ids)
    return dict(zip(places["place_id"].astype(str), places["name"].astype(str), strict=True))


def _tables(m: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [
        (f"place:{pid}" if pid else f"place:name:{slug(name)}") if kind == "place" else f"{kind}:{slug(name)}"
        for kind, name, pid in zip(
            m["kind"].tolist(), m["entity_name"].tolist(), m["place_id"].tolist(), strict=True
        )
    ]
    m = m.assign(entity_id=pd.Series(ids, index=m.index, dtype="str"))
    m.loc[m["kind"] != "place", ["place_id", "candidates"]] = ""
    cols = list(schema.MENTION_COLUMNS) + list(MENTION_EXTRA)
    mentions = schema.conform(m.sort_values(["article_id", "start", "end"])[cols], schema.MENTION_COLUMNS)
    return mentions, _entity_table(m)


def _entity_table(m: pd.DataFrame) -> pd.DataFrame:
    if m.empty:
        return schema.empty_frame(schema.ENTITY_COLUMNS)
    spellings = m.groupby(["entity_id", "text"]).size().rename("n").reset_index()
    spellings = spellings.sort_values(["entity_id", "n", "text"], ascending=[True, False, True])
    by_entity: dict[str, list[str]] = {}
    for eid, text in zip(spellings["entity_id"].tolist(), spellings["text"].tolist(), strict=True):
        by_entity.setdefault(eid, []).append(text)
    aliases = pd.Series(by_entity, dtype="object")
    grouped = m.groupby("entity_id")
    ent: dict[str, Any] = {
        "name": grouped["entity_name"].first(),
        "kind": grouped["kind"].first(),
        "aliases": aliases,
        "articles": grouped["article_id"].nunique(),
        "mentions": grouped.size(),
        "place_id": grouped["place_id"].first(),
    }
    table = pd.DataFrame(ent).rename_axis("entity_id").reset_index()
    table = table.sort_values(["mentions", "entity_id"], ascending=[False, True])
    return schema.conform(table, schema.ENTITY_COLUMNS)


def top_entities(
    entities: pd.DataFrame, places: pd.DataFrame | None = None, *, kind: str = "person", n: int = 20
) -> pd.DataFrame:
    """The ``n`` entities of ``kind`` mentioned in most articles (places with country and coordinates)."""
    chosen = entities[entities["kind"] == kind].sort_values(
        ["articles", "mentions", "name"], ascending=[False, False, True]
    )
    top = chosen.head(n)[["entity_id", "name", "articles", "mentions", "place_id"]]
    if kind == "place" and places is not None:
        top = top.merge(places[["place_id", "country", "lat", "lon"]], on="place_id", how="left")
    return top.drop(columns="place_id").reset_index(drop=True)
