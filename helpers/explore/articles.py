"""The Explorer's article list: title, date, outlet and a snippet per row, and a reader for the full text.

Article text is untrusted. Every piece of it that reaches an ``HTML`` widget goes through
``html.escape`` inside :func:`row_html` / :func:`reader_html`; nothing here formats article text into
markup any other way. The rows are a fixed pool of widgets whose values change, so a filter change
costs no widget creation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from helpers.core.text import SNIPPET_WIDTH, day_text, snippet_around
from helpers.query.tokens import keyword_terms, term_regex

#: article ids -> their bodies (``Corpus.bodies``)
BodyReader = Callable[[pd.Series], list[str]]

#: Rows shown per page.
PAGE_SIZE = 15


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A regex finding any keyword term in raw text (tokens separated by any non-letters)."""
    alternatives = [f"(?:{term_regex(term)})" for term in terms if term]
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def snippet(body: str, pattern: re.Pattern[str] | None) -> tuple[str, str, str]:
    """``(before, match, after)`` around the first match of ``pattern`` in ``body`` (see
    :func:`helpers.core.text.snippet_around`), or the start of ``body`` when nothing matches.

    Plain text: the caller escapes it.
    """
    body = body or ""
    hit = pattern.search(body) if pattern is not None else None
    if hit is None:
        return snippet_around(body.lstrip(), 0, 0, 2 * SNIPPET_WIDTH) or ("", "", "")
    return snippet_around(body, *hit.span()) or ("", "", "")


def row_html(title: str, date: str, outlet: str, parts: tuple[str, str, str]) -> str:
    """One article row as HTML; every argument is escaped here."""
    before, match, after = (html.escape(p) for p in parts)
    return (
        '<div style="line-height:1.35">'
        + "<b>"
        + html.escape(title or "(no title)")
        + '</b><br><span style="color:#666">'
        + html.escape(date)
        + " · "
        + html.escape(outlet or "(no outlet)")
        + '</span><br><span style="color:#333">'
        + before
        + ("<mark>" + match + "</mark>" if match else "")
        + after
        + "</span></div>"
    )


def reader_html(title: str, date: str, outlet: str, url: str, body: str) -> str:
    """The full text of one article as HTML; every argument is escaped here."""
    paragraphs = "".join("<p>" + html.escape(p) + "</p>" for p in (body or "").split("\n\n") if p.strip())
    return (
        '<div style="max-height:480px;overflow:auto;border:1px solid #ddd;padding:8px">'
        + "<h3>"
        + html.escape(title or "(no title)")
        + '</h3><p style="color:#666">'
        + html.escape(f"{date} · {outlet} · {url}")
        + "</p>"
        + (paragraphs or "<p><i>(empty body)</i></p>")
        + "</div>"
    )


class ArticleList:
    """A pager over the articles of the current filter, with a reader panel.

    ``show(articles, keyword)`` replaces the list; ``ui`` is the widget to display. ``bodies`` reads
    the bodies of a page when ``articles`` has none (a corpus opened from a store).
    """

    def __init__(self, page_size: int = PAGE_SIZE, bodies: BodyReader | None = None) -> None:
        self.page_size = page_size
        self._bodies = bodies
        self._source = pd.DataFrame()
        self._positions: np.ndarray | None = None
        self.page = 0
        self._pattern: re.Pattern[str] | None = None
        self.rows = [widgets.HTML(layout=widgets.Layout(flex="1 1 auto")) for _ in range(page_size)]
        self.buttons = [
            widgets.Button(description="Read", layout=widgets.Layout(width="70px")) for _ in self.rows
        ]
        self.boxes = [widgets.HBox([b, r]) for b, r in zip(self.buttons, self.rows, strict=True)]
        for i, button in enumerate(self.buttons):
            button.on_click(lambda _b, i=i: self.open(self.page * self.page_size + i))
        self.info = widgets.Label()
        self.prev = widgets.Button(description="◀ Previous", layout=widgets.Layout(width="110px"))
        self.next = widgets.Button(description="Next ▶", layout=widgets.Layout(width="110px"))
        self.prev.on_click(lambda _b: self.turn(-1))
        self.next.on_click(lambda _b: self.turn(1))
        self.reader = widgets.HTML(value="")
        self.close = widgets.Button(description="Close", layout=widgets.Layout(width="70px", display="none"))
        self.close.on_click(lambda _b: self.open(None))
        self.ui = widgets.VBox(
            [widgets.HBox([self.prev, self.next, self.info]), *self.boxes, self.close, self.reader]
        )

    @property
    def articles(self) -> pd.DataFrame:
        """The listed articles, in list order."""
        if self._positions is None:
            return self._source
        return self._source.iloc[self._positions]

    def __len__(self) -> int:
        return len(self._source) if self._positions is None else len(self._positions)

    def _rows(self, first: int, stop: int) -> pd.DataFrame:
        """Rows ``first:stop`` of the list (only those are copied), with their bodies."""
        if self._positions is None:
            rows = self._source.iloc[first:stop]
        else:
            rows = self._source.iloc[self._positions[first:stop]]
        if "body" in rows.columns or self._bodies is None:
            return rows
        return rows.assign(body=self._bodies(rows["article_id"]))  # a store's: read for this page only

    def show(self, articles: pd.DataFrame, keyword: str = "", positions: np.ndarray | None = None) -> None:
        """List ``articles`` (in their order; or its rows at ``positions``, in that order, without copying
        the others) from the first page; snippets centre on ``keyword``."""
        self._source, self._positions = articles, positions
        self._pattern = term_pattern(keyword_terms(keyword))
        self.page = 0
        self.open(None)
        self._render()

    def turn(self, step: int) -> None:
        """Go ``step`` pages forward (or back), staying within the list."""
        last = max(0, (len(self) - 1) // self.page_size)
        self.page = min(max(0, self.page + step), last)
        self._render()

    def _render(self) -> None:
        first = self.page * self.page_size
        page = self._rows(first, first + self.page_size)
        for i, box in enumerate(self.boxes):
            if i < len(page):
                art = page.iloc[i]
                parts = snippet(str(art["body"]), self._pattern)
                self.rows[i].value = row_html(
                    str(art["title"]), day_text(art["published"]), str(art["outlet"]), parts
                )
                box.layout.display = ""
            else:
                box.layout.display = "none"
        n = len(self)
        shown = f"{first + 1:,}–{first + len(page):,} of {n:,}" if n else "no articles match"
        self.info.value = shown
        self.prev.disabled = self.page == 0
        self.next.disabled = first + self.page_size >= n

    def open(self, position: int | None) -> None:
        """Show the full text of the article at ``position`` in the list (``None`` closes the reader)."""
        if position is None or not 0 <= position < len(self):
            self.reader.value = ""
            self.close.layout.display = "none"
            return
        art = self._rows(position, position + 1).iloc[0]
        self.reader.value = reader_html(
            str(art["title"]),
            day_text(art["published"]),
            str(art["outlet"]),
            str(art["url"]),
            str(art["body"]),
        )
        self.close.layout.display = ""
