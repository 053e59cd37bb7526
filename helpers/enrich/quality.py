"""Entity quality against a hand-made gold set: kind precision and duplicate canonicals.

The gold set (``tests/data/entities_gold.csv``, made by hand; ``tests/data/entities_gold.md`` says
how) has one row per spelling: ``name`` (as the entities table may show it), ``kind`` (person, org,
place, group, or ``none`` for something that is no entity: a time zone, a fragment, a first name)
and ``canonical`` (the one name all spellings of an entity share). An entity of the kit is matched
to the gold row of its name, else of its most frequent spelling (``aliases[0]``), compared
case-, accent- and punctuation-insensitively.

* **Kind precision**: of the top entities that match a gold row, the share whose kind is the gold
  kind (a gold ``none`` is always wrong).
* **Duplicate canonicals**: among the top entities, how many share a gold canonical and kind with
  an entity ranked above them (two rows for one person).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.enrich.names import fold

GOLD_COLUMNS = ("name", "kind", "canonical")
GOLD_KINDS = frozenset({"person", "org", "place", "group", "none"})


def read_gold(path: str | Path) -> pd.DataFrame:
    """The gold set, validated: every row has a known kind, and a canonical unless it is ``none``."""
    gold = pd.read_csv(path, dtype="str", keep_default_na=False, comment="#")
    missing = [c for c in GOLD_COLUMNS if c not in gold.columns]
    if missing:
        raise ValueError(f"{path}: gold set lacks the columns {missing}")
    bad = gold[~gold["kind"].isin(GOLD_KINDS) | ((gold["kind"] != "none") & (gold["canonical"] == ""))]
    if len(bad):
        raise ValueError(f"{path}: rows with an unknown kind or no canonical: {bad['name'].tolist()[:5]}")
    folded = gold["name"].map(fold)
    if folded.duplicated().any():
        raise ValueError(f"{path}: names listed twice: {gold.loc[folded.duplicated(), 'name'].tolist()[:5]}")
    return gold


def ranked(entities: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` entities (any kind) mentioned in most articles."""
    order = entities.sort_values(["articles", "mentions", "entity_id"], ascending=[False, False, True])
    return order.head(n).reset_index(drop=True)


@dataclass
class Quality:
    """The figures of :func:`score` (see the module docstring)."""

    top: int
    matched: int
    kind_correct: int
    duplicates: int
    dup_top: int
    kind_errors: list[tuple[str, str, str]] = field(default_factory=list)  # name, kit kind, gold kind
    duplicate_names: list[tuple[str, str]] = field(default_factory=list)  # name, canonical
    unmatched: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Kind precision over the matched entities."""
        return self.kind_correct / self.matched if self.matched else 0.0

    @property
    def coverage(self) -> float:
        """Share of the top entities that the gold set labels."""
        return self.matched / self.top if self.top else 0.0


def gold_row(entity: pd.Series, by_name: dict[str, dict[str, str]]) -> dict[str, str] | None:
    """The gold row of an entity: by its name, else by its most frequent spelling."""
    aliases = entity.get("aliases")
    spellings = [entity["name"]] + (list(aliases[:1]) if aliases is not None and len(aliases) else [])
    for spelling in spellings:
        row = by_name.get(fold(str(spelling)))
        if row is not None:
            return row
    return None


def score(entities: pd.DataFrame, gold: pd.DataFrame, *, top: int = 300, dup_top: int = 100) -> Quality:
    """Kind precision over the ``top`` entities and duplicate canonicals among the first ``dup_top``."""
    by_name = {fold(r["name"]): r for r in gold.to_dict("records")}
    best = ranked(entities, top)
    q = Quality(top=len(best), matched=0, kind_correct=0, duplicates=0, dup_top=dup_top)
    seen: set[tuple[str, str]] = set()
    for rank, entity in best.iterrows():
        row = gold_row(entity, by_name)
        if row is None:
            q.unmatched.append(str(entity["name"]))
            continue
        q.matched += 1
        if row["kind"] == entity["kind"]:
            q.kind_correct += 1
        else:
            q.kind_errors.append((str(entity["name"]), str(entity["kind"]), row["kind"]))
        if rank < dup_top and row["kind"] != "none":
            canonical = (fold(row["canonical"]), row["kind"])
            if canonical in seen:
                q.duplicates += 1
                q.duplicate_names.append((str(entity["name"]), row["canonical"]))
            seen.add(canonical)
    return q
