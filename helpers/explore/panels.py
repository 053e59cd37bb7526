"""The Explorer's "Compare with…" panel (the *Tone* panel is :mod:`helpers.explore.tone_view`).

* :class:`ComparePanel`: the current selection against the rest of the corpus, one outlet, or every
  article: the words, phrases and entities most distinctive of each side (:func:`helpers.compare`),
  drawn by :func:`helpers.figures.compare_terms`, with the top terms of each side listed. It runs when
  *Compare* is pressed (a few seconds on 5,000 articles: every body is tokenised), not on every change.

Term lists are article text: they reach the HTML widget through ``html.escape`` only.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from helpers.analysis.compare import Comparison, compare
from helpers.corpus.model import Corpus
from helpers.explore.views import MARGIN, LiveFigure, message_figure
from helpers.figures import compare_terms
from helpers.query.filters import Filter

REST = "the rest of the corpus"
EVERYTHING = "all articles"
COMPARE_HEIGHT = 520


def _panel_layout() -> widgets.Layout:
    return widgets.Layout(width="100%", min_width="0")


class ComparePanel:
    """ "Compare with…": the Explorer's selection (``current()``) against a second side.

    Args:
        corpus: the corpus as given to the Explorer.
        current: returns the Explorer's current filter.
    """

    def __init__(self, corpus: Corpus, current: Callable[[], Filter]) -> None:
        self.corpus, self.current = corpus, current
        outlets = corpus.articles["outlet"].fillna("").value_counts()
        options = [(REST, "rest"), (EVERYTHING, "all")]
        options += [(f"outlet {o}", f"outlet:{o}") for o in outlets.index if o]
        self.other = widgets.Dropdown(
            options=options,
            value="rest",
            description="with",
            layout=widgets.Layout(width="320px", max_width="100%"),
            style={"description_width": "40px"},
        )
        self.button = widgets.Button(description="Compare", icon="balance-scale", button_style="info")
        self.button.on_click(lambda _b: self.run())
        self.note = widgets.HTML("Press <i>Compare</i>: the selection against the side chosen here.")
        self.live = LiveFigure(message_figure("No comparison yet.", 120))
        self.lists = widgets.HTML()
        #: the last :class:`helpers.analysis.compare.Comparison`
        self.result: Comparison | None = None
        bar = widgets.HBox(
            [widgets.HTML("<b>Compare the selection</b>"), self.other, self.button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center", width="100%"),
        )
        self.ui = widgets.VBox([bar, self.note, self.live.widget, self.lists], layout=_panel_layout())

    def side_b(self) -> tuple[Filter | None, str]:
        """The second side's filter (``None``: everything not in the selection) and its label."""
        value = str(self.other.value)
        if value == "rest":
            return None, "rest"
        if value == "all":
            return Filter(), "all articles"
        outlet = value.split(":", 1)[1]
        return Filter(outlets=(outlet,)), outlet

    def run(self) -> Comparison | None:
        """Compare now; show the figure and the top terms (or say why there is nothing to compare)."""
        b, label = self.side_b()
        self.note.value = "Comparing…"
        try:
            result = compare(self.corpus, self.current(), b)
        except ValueError as exc:  # an empty side: say so, keep the last figure away
            self.result = None
            self.note.value = html.escape(str(exc))
            self.live.show(message_figure(str(exc), 120))
            self.lists.value = ""
            return None
        self.result = result
        fig = compare_terms(result, n=8, labels=("selection", label), height=COMPARE_HEIGHT)
        fig.update_layout(margin=MARGIN)
        self.live.show(fig)
        self.note.value = html.escape(
            f"{result.articles_a:,} articles in the selection against {result.articles_b:,} ({label}); "
            "z > 1.96 leans to the selection, z < -1.96 to the other side."
        )
        self.lists.value = _lists_html(result, label)
        return result


def _lists_html(result: Comparison, label: str, n: int = 10) -> str:
    """Two escaped columns: the top terms of each side (words, phrases and entities together)."""
    cols = []
    for side, title in (("a", "selection"), ("b", label)):
        top = result.top(n, side)
        items = "".join(
            f"<li>{html.escape(str(t))} <small>({html.escape(str(k))}, z {z:+.1f})</small></li>"
            for t, k, z in zip(top["term"], top["kind"], top["z"], strict=True)
        )
        cols.append(
            f"<div style='flex:1 1 240px;min-width:0'><b>{html.escape(title)}</b><ol>{items}</ol></div>"
        )
    return f"<div style='display:flex;flex-wrap:wrap;gap:12px'>{''.join(cols)}</div>"
