"""``Explorer``: linked filters, figures and an article reader for one corpus, in JupyterLab.

    explorer = helpers.Explorer(corpus)
    explorer.ui                      # display it: controls, status line, figures, articles
    explorer.filter                  # the current helpers.Filter (reuse it in code or in a report)
    explorer.set_filter(Filter(...)) # drive it from code (changes from code: set_filter or refresh())
    explorer.subset()                # the given corpus filtered by the current filter

Design notes:

- The Explorer owns its state. Callbacks are bound methods reading only ``self``; nothing reads
  notebook globals, so two Explorers in one notebook do not interfere.
- A change of any control schedules one refresh after ``debounce`` seconds on the kernel's event
  loop; rapid changes (typing) coalesce into one. Without a running loop (plain Python, tests) the
  refresh happens at once. :meth:`refresh` applies any pending change synchronously.
- A refresh computes the filter's article mask with the corpus's
  :class:`~helpers.query.index.FilterIndex` and counts every figure's data from the index's integer
  codes (:mod:`helpers.explore.data`; no sub-corpus is built, and the figures equal those of
  :mod:`helpers.figures` on ``corpus.filter(f)``), then updates the ``FigureWidget`` objects inside
  ``batch_update()``. The article list copies only the rows of the page shown. The unfiltered
  figures are computed once; the keyword index is built in a background thread from the start.
- No ``ipywidgets.Output`` and no ``interact``: they make headless runs hang
  (see :mod:`helpers.notebooks.run`).
- Clicking a bar, a map point or a network node adds what it shows (``customdata``) to the filter.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import OrderedDict
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from IPython.display import display

from helpers.corpus.model import Corpus
from helpers.explore.articles import ArticleList
from helpers.explore.data import Indexed, Selection
from helpers.explore.layout import (
    DESCRIPTION_WIDTH,
    GROUP_WIDTH,
    SelectedCounts,
    StorySelector,
    full_width,
    place_weights,
    status_row,
    status_text,
    working_copy,
)
from helpers.explore.panels import ComparePanel
from helpers.explore.tone_view import TonePanel
from helpers.explore.typeahead import NameIndex, Picker
from helpers.explore.views import SPECS, FigureSpec, LiveFigure, build_fast
from helpers.figures._base import unvalidated
from helpers.query.filters import Filter
from helpers.query.tokens import keyword_terms, tokens

#: Seconds to wait for more changes before refreshing (typing in the keyword box).
DEBOUNCE = 0.25
#: How many filters' figures are kept, so that going back (reset, undo a click) is instant.
CACHE_SIZE = 8


class Explorer:
    """Interactive, linked view of a corpus: see the module docstring.

    Args:
        corpus: a :class:`~helpers.corpus.Corpus` (enriched or not: empty entity tables are fine).
        debounce: seconds to coalesce rapid changes; 0 refreshes on every change.
        page_size: articles per page in the list.
        warm_keywords: build the keyword index in a background thread from the start (a few seconds
            on 100,000 articles), instead of on the first keyword.
    """

    def __init__(
        self, corpus: Corpus, *, debounce: float = DEBOUNCE, page_size: int = 15, warm_keywords: bool = True
    ) -> None:
        #: the corpus as given (``subset()`` filters it)
        self.source = corpus
        #: the working copy: articles newest first, lean mentions (helpers.explore.layout.working_copy)
        self.corpus = working_copy(corpus)
        #: the working copy's filter index and outlet codes (the figures are counted from them)
        self.data = Indexed(self.corpus)
        self.stories = StorySelector(self.data)
        self._cache: OrderedDict[Filter, tuple[Selection, dict[str, go.Figure]]] = OrderedDict()
        self.debounce = debounce
        self._quiet = False
        self._pending: asyncio.TimerHandle | None = None
        self.refresh_count = 0
        self._build_controls()
        self.articles = ArticleList(page_size=page_size, bodies=corpus.bodies)
        self.status = widgets.Label(style={"font_weight": "bold", "font_size": "15px"})
        self._specs: dict[str, FigureSpec] = {spec.name: spec for spec in SPECS}
        #: the unfiltered figures, computed once (a reset is instant)
        self._home = self._compute(Filter())
        first = self._home[1]
        self._live = {name: LiveFigure(fig) for name, fig in first.items()}
        #: the figure widgets by name: timeline, outlets, entities, places, network
        self.figures: dict[str, go.FigureWidget] = {name: live.widget for name, live in self._live.items()}
        for name in self.figures:
            self._attach_clicks(name)
        self.tone = TonePanel(self.corpus, self.entity_index.name_of, self._changed)
        self.comparison = ComparePanel(corpus, lambda: self.filter)
        self.ui = self._layout()
        self.refresh()
        if warm_keywords:
            self.data.index.warm_keywords()  # the first keyword then rarely waits

    # -- controls ------------------------------------------------------------------------------

    def _build_controls(self) -> None:
        c = self.corpus
        ents = c.entities[c.entities["kind"] != "place"] if "kind" in c.entities else c.entities
        self.entity_index = NameIndex(
            ents["entity_id"], ents["name"], ents["articles"], ents["aliases"], ents["kind"]
        )
        self.place_index = NameIndex(
            c.places["place_id"], c.places["name"], place_weights(c), kinds=c.places["country"]
        )
        self.entity_picker = Picker(self.entity_index, "Entities", self._changed)
        self.place_picker = Picker(self.place_index, "Places", self._changed)
        ix = self.data.index  # "35 of 74": articles of the selection, of the corpus
        self._counts = (
            SelectedCounts(self.entity_index, ix.entity_ids, "entity_articles"),
            SelectedCounts(self.place_index, ix.place_ids, "place_articles"),
        )
        self.entity_picker.selected, self.place_picker.selected = self._counts
        for picker in (self.entity_picker, self.place_picker):  # fill the group without overflowing it
            picker.box.layout.width = picker.chips.layout.width = "auto"
        self.entity_mode = widgets.ToggleButtons(
            options=[("any", "any"), ("all", "all")],
            value="any",
            description="Match",
            tooltips=["articles naming any chosen entity", "articles naming all of them"],
            style={"button_width": "60px", "description_width": DESCRIPTION_WIDTH},
        )
        counts = c.articles["outlet"].fillna("").value_counts()
        self.outlets = widgets.SelectMultiple(
            options=[(f"{o or '(none)'} ({n:,})", o) for o, n in counts.items()],
            rows=min(8, max(2, len(counts))),
            description="Outlets",
            **full_width(),
        )
        self.start = widgets.DatePicker(description="From", **full_width())
        self.end = widgets.DatePicker(description="To", **full_width())
        self.keyword = widgets.Text(
            description="Keyword",
            placeholder='e.g. grain "peace talks"',
            continuous_update=True,
            **full_width(),
        )
        self.reset_button = widgets.Button(description="Reset filters", icon="undo")
        self.reset_button.on_click(lambda _b: self.reset())
        self.per_story = widgets.Checkbox(value=False, description="Count each story once", indent=False)
        self.per_story.observe(self._per_story_changed, names="value")
        for control in (self.entity_mode, self.outlets, self.start, self.end, self.keyword):
            control.observe(self._changed, names="value")

    def _layout(self) -> widgets.Widget:
        """Filter controls in groups that wrap, above the status line, the figures and the panels.

        Each group has a fixed width and the row wraps, so every control shows whole whatever the
        notebook's width (a 1280 px window, or a narrow one with the side panel open): a side column
        next to the figures left too little room and clipped the inputs (docs/lab_explore.png before).
        """
        groups = [
            [self.start, self.end, self.reset_button],
            [self.entity_picker.ui, self.entity_mode],
            [self.place_picker.ui, self.keyword],
            [self.outlets],
        ]
        boxes = [
            widgets.VBox(list(g), layout=widgets.Layout(width=GROUP_WIDTH, max_width="100%", min_width="0"))
            for g in groups
        ]
        controls = widgets.VBox(
            [
                widgets.HTML("<b>Filter</b>"),
                widgets.HBox(
                    boxes, layout=widgets.Layout(flex_flow="row wrap", width="100%", grid_gap="4px 16px")
                ),
            ],
            layout=widgets.Layout(width="100%", min_width="0"),
        )
        names = ("timeline", "outlets", "entities", "places", "network")
        figures = widgets.VBox(
            [status_row(self.status, self.per_story), *(self.figures[name] for name in names)],
            layout=widgets.Layout(width="100%", min_width="0"),
        )
        return widgets.VBox(
            [
                controls,
                figures,
                self.tone.ui,
                self.comparison.ui,
                widgets.HTML("<b>Articles</b>"),
                self.articles.ui,
            ],
            layout=widgets.Layout(width="100%", min_width="0"),
        )

    # -- the filter ----------------------------------------------------------------------------

    @property
    def filter(self) -> Filter:
        """The filter the controls show now."""
        return Filter(
            start=self.start.value,
            end=self.end.value,
            entities=self.entity_picker.value,
            places=self.place_picker.value,
            outlets=tuple(self.outlets.value),
            keyword=self.keyword.value,
            entity_mode=self.entity_mode.value,
        )

    def set_filter(self, f: Filter) -> None:
        """Show ``f`` in the controls and refresh everything once."""
        self._quiet = True
        try:
            self.start.value, self.end.value = f.start, f.end
            self.entity_picker.set(f.entities)
            self.place_picker.set(f.places)
            known = {value for _label, value in self.outlets.options}
            self.outlets.value = tuple(o for o in f.outlets if o in known)
            self.keyword.value = f.keyword
            self.entity_mode.value = f.entity_mode
        finally:
            self._quiet = False
        self.refresh()

    def reset(self) -> None:
        """Clear every filter control."""
        self.set_filter(Filter())

    # -- refreshing ----------------------------------------------------------------------------

    def _changed(self, _change: Any = None) -> None:
        if self._quiet:
            return
        loop = _running_loop()
        if loop is None or self.debounce <= 0:
            self.refresh()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.debounce, self.refresh)

    def refresh(self) -> None:
        """Apply the current filter now: figures, status line and article list."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        f = self.filter
        if keyword_terms(f.keyword) and not self.data.index.keywords_ready:
            self.status.value = "Indexing the text for keyword search (once per corpus)…"
        current, figures = self._compute(f)
        for name, live in self._live.items():
            if live.show(figures[name]):
                self._attach_clicks(name)
        self.status.value = status_text(len(current), len(self.corpus.articles), current.day_range())
        self.articles.show(self.corpus.articles, self._highlight(f), positions=current.positions)
        self.tone.show(current.positions, f.entities)
        for counts in self._counts:
            counts.selection = current
        self.refresh_count += 1

    def _compute(self, f: Filter) -> tuple[Selection, dict[str, go.Figure]]:
        """The selection and the figures for ``f``; the last :data:`CACHE_SIZE` filters are kept, and
        the unfiltered ones for good. No sub-corpus is built (see :mod:`helpers.explore.data`)."""
        if f == Filter() and hasattr(self, "_home"):
            return self._home
        if f in self._cache:
            self._cache.move_to_end(f)
            return self._cache[f]
        current = self._select(f)
        with unvalidated():  # the widgets validate what they receive
            result = current, {name: build_fast(spec, current) for name, spec in self._specs.items()}
        current.release()  # the cache keeps the figures and the article positions, not the counts
        self._cache[f] = result
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def _select(self, f: Filter) -> Selection:
        """The selection for ``f``; with "count each story once" ticked, each story's earliest article."""
        return self.stories.select(f, self.per_story.value)

    def _per_story_changed(self, _change: Any = None) -> None:
        """Every figure counts again, per story or per article (cached figures are dropped)."""
        self._cache.clear()
        vars(self).pop("_home", None)
        self._home = self._compute(Filter())
        self.refresh()

    def subset(self) -> Corpus:
        """The corpus as given, filtered by the current filter (all columns, every mention)."""
        return self.source.filter(self.filter)

    def _highlight(self, f: Filter) -> str:
        """What the snippets centre on: the keyword, else the chosen entities' and places' names."""
        if keyword_terms(f.keyword):
            return f.keyword
        names = [self.entity_index.name_of(e) for e in f.entities]
        names += [self.place_index.name_of(p) for p in f.places]
        return " ".join('"' + " ".join(tokens(n)) + '"' for n in names if tokens(n))

    # -- clicks --------------------------------------------------------------------------------

    def _attach_clicks(self, name: str) -> None:
        spec = self._specs[name]
        if not spec.click_adds:
            return
        for trace in self.figures[name].data:
            trace.on_click(lambda tr, points, _state, spec=spec: self._clicked(spec, tr, points))

    def _clicked(self, spec: FigureSpec, trace: Any, points: Any) -> None:
        """Add the clicked bar, point or node to the filter."""
        if not points.point_inds:
            return
        i = points.point_inds[0]
        if spec.click_adds == "dates":
            self._click_period(points.xs[0])
            return
        custom = trace.customdata
        if custom is None or i >= len(custom):
            return
        value = custom[i]
        value = str(value[0] if np.ndim(value) > 0 else value)  # rows: [id, ...]
        if spec.click_adds == "entities":
            self.entity_picker.add(value)
        elif spec.click_adds == "places":
            self.place_picker.add(value)
        elif spec.click_adds == "outlets" and value not in self.outlets.value:
            self.outlets.value = (*self.outlets.value, value)

    def _click_period(self, x: Any) -> None:
        """A timeline bar: narrow the date range to its week."""
        start = pd.Timestamp(x).date()
        self._quiet = True
        self.start.value = start
        self._quiet = False
        self.end.value = start + dt.timedelta(days=6)

    def _ipython_display_(self) -> None:
        display(self.ui)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
