"""Type-ahead pickers that stay fast with tens of thousands of names.

A ``Dropdown`` holding every entity freezes the browser at a few ten thousand options, so the pickers
never send the full list: :class:`NameIndex` answers "the best *k* names for what was typed" from
precomputed arrays, and :class:`Picker` shows only those *k* as the options of a ``Combobox``.
Picking one adds a chip to a ``TagsInput``; deleting the chip removes it.

How :meth:`NameIndex.suggest` works:

- every searchable key (canonical names and aliases, lower-cased) is sorted once, together with its
  tail from each later word start (``"volodymyr zelensky"`` is also found as ``"zelensky"``); a
  word-prefix query is a binary search (``np.searchsorted``) giving one contiguous slice of them;
- a substring query scans one newline-joined string of all keys with ``str.find`` (C speed), capped at
  :data:`MAX_CANDIDATES` hits;
- candidates are ranked word-prefix matches first, then by weight (number of articles), keeping the
  best ``k`` with ``np.argsort`` on the small candidate set only: "Zelensk" offers the 74-article
  "Volodymyr Zelensky" before a 1-article "Zelenskyi's".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

#: At most this many substring hits are ranked per query (prefix hits are always all ranked).
MAX_CANDIDATES = 5000
#: where a later word of a key starts: a letter or digit after a character that is neither
_WORD_START = re.compile(r"(?<=[^\w])(?=\w)|(?<=_)(?=[^\W_])")


class NameIndex:
    """Searchable names of things (entities or places) with their ids and weights.

    Args:
        ids: one id per thing.
        names: the display name of each thing.
        weights: larger first among equally good matches (e.g. number of articles).
        aliases: optional other spellings per thing, also searched.
        kinds: optional label shown after the name, e.g. "person".
    """

    def __init__(
        self,
        ids: Sequence[str],
        names: Sequence[str],
        weights: Sequence[float] | None = None,
        aliases: Sequence[Iterable[str]] | None = None,
        kinds: Sequence[str] | None = None,
    ) -> None:
        self.ids = np.asarray([str(i) for i in ids], dtype=object)
        self.names = np.asarray(["" if n is None else str(n) for n in names], dtype=object)
        self.kinds = np.asarray(list(kinds) if kinds is not None else [""] * len(self.ids), dtype=object)
        self.weights = np.asarray(weights if weights is not None else np.zeros(len(self.ids)), dtype=float)
        alias_lists = list(aliases) if aliases is not None else None
        keys, rows = [], []
        for row, name in enumerate(self.names):
            spellings = {name.lower()}
            if alias_lists is not None and _is_list(alias_lists[row]):
                spellings.update(str(a).lower() for a in alias_lists[row] if a)
            for key in spellings:
                if key and "\n" not in key:
                    keys.append(key)
                    rows.append(row)
        self.keys, self.key_rows = _sorted(keys, rows)
        tails = [
            (key[m.start() :], row)
            for key, row in zip(keys, rows, strict=True)
            for m in _WORD_START.finditer(key)
        ]
        self.word_keys, self.word_rows = _sorted(
            [*keys, *(t for t, _ in tails)], [*rows, *(r for _, r in tails)]
        )
        self._blob = "\n".join(self.keys.tolist())
        starts = np.cumsum([0] + [len(k) + 1 for k in self.keys.tolist()])
        self._starts = starts[:-1].tolist()
        self._row_of: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def label(self, row: int, selected: int | None = None) -> str:
        """What the picker shows for a thing: ``"Kyiv · place · 812"``, or with the articles of the
        current selection ``"Kyiv · place · 35 of 812"``."""
        parts = [str(self.names[row])]
        if self.kinds[row]:
            parts.append(str(self.kinds[row]))
        total = f"{int(self.weights[row]):,}"
        parts.append(total if selected is None else f"{int(selected):,} of {total}")
        return " · ".join(parts)

    def _prefix_rows(self, query: str) -> np.ndarray:
        """Rows with a word (of a name or alias) that starts with ``query``."""
        lo = int(np.searchsorted(self.word_keys, query, side="left"))
        hi = int(np.searchsorted(self.word_keys, query + "\uffff", side="left"))
        return self.word_rows[lo:hi]

    def _substring_rows(self, query: str) -> np.ndarray:
        hits: list[int] = []
        pos = self._blob.find(query)
        while pos >= 0 and len(hits) < MAX_CANDIDATES:
            hits.append(bisect.bisect_right(self._starts, pos) - 1)
            pos = self._blob.find(query, pos + 1)
        return self.key_rows[np.asarray(hits, dtype=np.int64)] if hits else np.zeros(0, dtype=np.int64)

    def suggest(self, query: str, k: int = 10) -> list[int]:
        """Rows of the best ``k`` things for ``query``: word-prefix matches, then substring matches.

        Within each group, heavier things come first, then alphabetical order. An empty query gives
        the ``k`` heaviest things.
        """
        query = (query or "").strip().lower()
        if not len(self.ids) or k <= 0:
            return []
        if not query:
            return self._best(self.key_rows, k)
        out = self._best(self._prefix_rows(query), k)
        if len(out) < k:
            seen = set(out)
            rest = [r for r in self._substring_rows(query).tolist() if r not in seen]
            out += self._best(np.asarray(rest, dtype=np.int64), k - len(out))
        return out

    def _best(self, rows: np.ndarray, k: int) -> list[int]:
        """The ``k`` heaviest distinct rows; ``rows`` come in key order, which breaks ties."""
        if len(rows) == 0:
            return []
        weights = self.weights[rows]
        if len(rows) > 4 * k:
            threshold = np.partition(weights, len(rows) - k)[len(rows) - k]
            keep = np.flatnonzero(weights >= threshold)
            rows, weights = rows[keep], weights[keep]
        ordered = rows[np.argsort(-weights, kind="stable")].tolist()
        return list(dict.fromkeys(ordered))[:k]

    def row_of(self, item_id: str) -> int | None:
        """The row of the thing with id ``item_id``, or None."""
        if self._row_of is None:
            self._row_of = {str(i): r for r, i in enumerate(self.ids.tolist())}
        return self._row_of.get(str(item_id))

    def name_of(self, item_id: str) -> str:
        """The display name of ``item_id`` (the id itself when unknown)."""
        row = self.row_of(item_id)
        return str(self.names[row]) if row is not None else str(item_id)


def _sorted(keys: list[str], rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """``keys`` sorted (stable) and their rows in the same order."""
    if not keys:
        return np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64)
    order = np.argsort(np.asarray(keys, dtype=object), kind="stable")
    return np.asarray(keys, dtype=object)[order], np.asarray(rows, dtype=np.int64)[order]


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


class Picker:
    """A type-ahead box plus chips: type a few letters, pick a suggestion, it becomes a chip.

    ``on_change`` is called with no arguments whenever the chosen ids change. The widgets are
    ``box`` (a ``Combobox``, its options are only the current suggestions), ``chips`` (a
    ``TagsInput`` of the chosen names) and ``ui`` (both in a ``VBox``).
    """

    def __init__(self, index: NameIndex, description: str, on_change: Callable[[], None], k: int = 12):
        self.index, self.k, self._on_change = index, k, on_change
        #: ``row -> articles in the current selection`` (or None); set, labels read "35 of 74"
        self.selected: Callable[[int], int | None] | None = None
        self._suggested: dict[str, int] = {}
        self._chosen: dict[str, str] = {}  # display name -> id
        self.box = widgets.Combobox(
            placeholder=f"type to find {description.lower()}…",
            description=description,
            ensure_option=False,
            continuous_update=True,
            layout=widgets.Layout(width="100%"),
            style={"description_width": "64px"},
        )
        self.chips = widgets.TagsInput(
            value=[], allow_duplicates=False, placeholder="(none chosen)", layout=widgets.Layout(width="100%")
        )
        self.box.observe(self._typed, names="value")
        self.chips.observe(self._chips_changed, names="value")
        self.ui = widgets.VBox([self.box, self.chips], layout=widgets.Layout(width="100%"))
        self._refresh_options("")

    def suggestions(self, query: str) -> list[str]:
        """The labels offered for ``query`` (at most ``k``)."""
        return [self._label(r) for r in self.index.suggest(query, self.k)]

    def _label(self, row: int) -> str:
        return self.index.label(row, selected=None if self.selected is None else self.selected(row))

    def _refresh_options(self, query: str) -> None:
        rows = self.index.suggest(query, self.k)
        self._suggested = {self._label(r): r for r in rows}
        self.box.options = tuple(self._suggested)

    def _typed(self, change: dict[str, Any]) -> None:
        text = change["new"]
        if text in self._suggested:
            self.add(str(self.index.ids[self._suggested[text]]))
            self.box.value = ""
            return
        self._refresh_options(text)

    def add(self, item_id: str) -> None:
        """Choose the thing with id ``item_id`` (shown by its name); unknown ids are shown as given."""
        if item_id in self.value:
            return
        self.chips.value = [*self.chips.value, self._remember(item_id)]

    def _remember(self, item_id: str) -> str:
        name = self.index.name_of(item_id)
        if self._chosen.get(name, item_id) != item_id:  # same name, another id: keep them apart
            name = f"{name} ({item_id})"
        self._chosen[name] = item_id
        return name

    def _chips_changed(self, change: dict[str, Any]) -> None:
        names = list(change["new"])
        self._chosen = {n: self._chosen.get(n, n) for n in names}
        self._on_change()

    @property
    def value(self) -> tuple[str, ...]:
        """The chosen ids (names typed straight into the chips are kept as names)."""
        return tuple(self._chosen[n] for n in self.chips.value if n in self._chosen)

    def set(self, ids: Iterable[str]) -> None:
        """Replace the chosen things (ids, or names that the filter resolves)."""
        self._chosen = {}
        self.chips.value = [self._remember(str(item)) for item in ids]
