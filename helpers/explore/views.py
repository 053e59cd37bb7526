"""The Explorer's figures: which ones (``SPECS``), how they are built, and how a live
``go.FigureWidget`` is brought up to date with a freshly built ``go.Figure`` (:class:`LiveFigure`).

The Explorer builds each figure from a :class:`~helpers.explore.data.Selection` counted with the
filter index (:func:`build_fast`); a figure whose input table is empty says why instead of failing.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from helpers import figures
from helpers.corpus.model import Corpus
from helpers.explore import data
from helpers.explore.data import Selection


@dataclass(frozen=True)
class FigureSpec:
    """One Explorer figure: its name, what a click adds to the filter, and how to build it."""

    name: str
    #: "entities", "places", "outlets", "dates" or "" (clicks ignored)
    click_adds: str
    #: the same figure from a sub-corpus, by :mod:`helpers.figures` (the reference of the fast path)
    build: Callable[[Corpus], go.Figure]
    #: the table that must be non-empty, and the message shown when it is empty
    needs: str
    empty_message: str
    height: int
    #: the same figure from a :class:`~helpers.explore.data.Selection` (the Explorer's fast path)
    fast: Callable[[Selection], go.Figure]


def _timeline(c: Corpus) -> go.Figure:
    return figures.timeline(c.articles, freq="W", title="Articles per week")


def _outlets(c: Corpus) -> go.Figure:
    return figures.outlets(c.articles, n=15, title="Outlets")


def _entities(c: Corpus) -> go.Figure:
    return figures.top_entities(c.entities, n=15, title="Most mentioned")


def _places(c: Corpus) -> go.Figure:
    return figures.places_map(c.places, c.entities, c.mentions, n=300, title="Places")


def _network(c: Corpus) -> go.Figure:
    return figures.cooccurrence(c.mentions, c.entities, n=25, title="Who appears together")


NO_ENTITIES = "No people, organisations or places: load the corpus with enrich=True, or widen the filter."

NO_ARTICLES = "No articles match the filter."
#: margins of every Explorer figure
MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}
SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "timeline", "dates", _timeline, "articles", NO_ARTICLES, 300,
        lambda s: data.selection_timeline(s, title="Articles per week"),
    ),
    FigureSpec(
        "outlets", "outlets", _outlets, "articles", NO_ARTICLES, 380,
        lambda s: data.selection_outlets(s, n=15, title="Outlets"),
    ),
    FigureSpec(
        "entities", "entities", _entities, "entities", NO_ENTITIES, 380,
        lambda s: data.selection_top_entities(s, n=15, title="Most mentioned"),
    ),
    FigureSpec(
        "places", "places", _places, "places", NO_ENTITIES.replace("people, organisations or ", ""), 420,
        lambda s: data.selection_places_map(s, n=300, title="Places"),
    ),
    FigureSpec(
        "network", "entities", _network, "mentions", NO_ENTITIES, 420,
        lambda s: data.selection_network(s, n=25, title="Who appears together"),
    ),
)  # fmt: skip


def message_figure(message: str, height: int) -> go.Figure:
    """A figure without traces that shows ``message`` in its middle."""
    fig = go.Figure(layout={"height": height, "xaxis": {"visible": False}, "yaxis": {"visible": False}})
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return fig


def build_fast(spec: FigureSpec, sel: Selection) -> go.Figure:
    """The figure of ``spec`` for a selection: the same figure as ``spec.build`` draws from
    ``corpus.filter(f)``, computed from the filter index (see :mod:`helpers.explore.data`)."""
    if len(sel) == 0 or sel.size(spec.needs) == 0:
        return message_figure(spec.empty_message if len(sel) else NO_ARTICLES, spec.height)
    return framed(spec, spec.fast(sel))


def framed(spec: FigureSpec, fig: go.Figure) -> go.Figure:
    """``fig`` at the height and with the margins of ``spec``'s place in the Explorer."""
    fig.update_layout(height=spec.height, margin=MARGIN)
    return fig


def _plain(fig: go.Figure) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Traces and layout of a freshly built figure as dicts, without its (large) template."""
    fig.layout.template = None
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    return [t.to_plotly_json() for t in fig.data], layout


_FIXED_TRACE_KEYS = frozenset({"type", "uid"})


def _digest(value: Any) -> bytes:
    """A fingerprint of a trace or layout dict (numpy arrays included), to skip unchanged ones."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


class LiveFigure:
    """A ``go.FigureWidget`` on screen, brought up to date with new figures by :meth:`show`.

    The widget is created *with* its data (so saved widget state and Voilà show it) and kept for
    good: its place on screen and its click handlers stay. When a new figure has the same trace
    types, only the traces and layout that changed are assigned (a fingerprint of each is kept; the
    offline base map, for one, never changes), inside ``batch_update()``: one message to the browser.
    Otherwise the traces are swapped.
    """

    def __init__(self, fig: go.Figure) -> None:
        self.widget = go.FigureWidget(fig)
        self._remember(*_plain(fig))

    def _remember(self, data: list[dict[str, Any]], layout: dict[str, Any]) -> None:
        self._trace_keys = [set(d) - _FIXED_TRACE_KEYS for d in data]
        self._trace_digests = [_digest({k: v for k, v in d.items() if k != "uid"}) for d in data]
        self._layout_keys = set(layout)
        self._layout_digest = _digest(layout)

    def show(self, fig: go.Figure) -> bool:
        """Make the widget show ``fig``; returns True when the traces were swapped."""
        types = [t.type for t in fig.data]
        data, layout = _plain(fig)
        digests = [_digest({k: v for k, v in d.items() if k != "uid"}) for d in data]
        swapped = types != [t.type for t in self.widget.data]
        with self.widget.batch_update():
            if not swapped:
                changed = zip(
                    self.widget.data, data, self._trace_keys, digests, self._trace_digests, strict=True
                )
                for trace, new, old_keys, digest, old_digest in changed:
                    if digest != old_digest:
                        fresh = {k: v for k, v in new.items() if k not in _FIXED_TRACE_KEYS}
                        trace.update({**dict.fromkeys(old_keys - set(fresh)), **fresh})
            if _digest(layout) != self._layout_digest:
                stale = dict.fromkeys(self._layout_keys - set(layout))
                self.widget.layout.update({**stale, **layout}, overwrite=True)
        if swapped:
            self.widget.data = ()
            if data:
                self.widget.add_traces(data)
        self._remember(data, layout)
        return swapped
