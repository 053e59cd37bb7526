"""The Explorer's figures drawn the slow way, from a filtered corpus: the reference of its fast path."""

from __future__ import annotations

import plotly.graph_objects as go

from helpers.corpus.model import Corpus
from helpers.explore.views import NO_ARTICLES, FigureSpec, framed, message_figure


def build_figure(spec: FigureSpec, corpus: Corpus) -> go.Figure:
    """The figure of ``spec`` drawn by :mod:`helpers.figures` from ``corpus`` (a filtered corpus), as
    :func:`helpers.explore.views.build_fast` must draw it from a selection; an explanatory empty
    figure when its table is empty."""
    if len(getattr(corpus, spec.needs)) == 0 or len(corpus.articles) == 0:
        return message_figure(spec.empty_message if len(corpus.articles) else NO_ARTICLES, spec.height)
    return framed(spec, spec.build(corpus))
