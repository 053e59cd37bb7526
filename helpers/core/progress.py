"""Progress bars: tqdm (the notebook flavour inside Jupyter), shown only when worth it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")

#: With ``enabled=None``, bars appear only for at least this many items.
AUTO_THRESHOLD = 2000


def wanted(enabled: bool | None, total: int | None, threshold: int = AUTO_THRESHOLD) -> bool:
    """Whether to show a bar: as asked, or with ``enabled=None`` only for ``threshold`` items or more."""
    if enabled is not None:
        return enabled
    return total is not None and total >= threshold


def progress_bar(
    items: Iterable[T], *, desc: str, unit: str = "it", enabled: bool | None = None, total: int | None = None
) -> Iterator[T]:
    """Iterate over ``items`` with a tqdm bar; ``enabled=None`` decides by size, ``False`` is quiet."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if not wanted(enabled, total):
        yield from items
        return
    yield from tqdm(items, desc=desc, unit=unit, total=total, leave=False)
